/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The process-lifetime password store every platform falls back to. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-secret.h"
#include "tl-secret-private.h"

#include <string.h>

static GMutex lock;
static GHashTable *passwords;   /* account id → password; values scrubbed when dropped */

void
tl_secret_free_password (char *password)
{
  if (password == NULL)
    return;
  /* volatile keeps the compiler from dropping a store to memory about to be freed. */
  for (volatile char *p = password; *p != '\0'; p++)
    *p = '\0';
  g_free (password);
}

static GHashTable *
get_table (void)
{
  if (passwords == NULL)
    passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) tl_secret_free_password);
  return passwords;
}

void
tl_secret_memory_store (const char *account_id,
                        const char *password)
{
  g_mutex_lock (&lock);
  g_hash_table_replace (get_table (), g_strdup (account_id), g_strdup (password));
  g_mutex_unlock (&lock);
}

char *
tl_secret_memory_lookup (const char *account_id)
{
  char *password;

  g_mutex_lock (&lock);
  password = g_strdup (g_hash_table_lookup (get_table (), account_id));
  g_mutex_unlock (&lock);
  return password;
}

void
tl_secret_memory_clear (const char *account_id)
{
  g_mutex_lock (&lock);
  g_hash_table_remove (get_table (), account_id);
  g_mutex_unlock (&lock);
}
