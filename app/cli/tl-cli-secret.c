/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The secret store for one-shot commands: each operation waited for on the main context, within a bound. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-secret.h"

#include "tl-main-wait.h"
#include "tl-secret.h"

typedef struct {
  GCancellable *cancellable;
  GAsyncResult *result;
} SecretWait;

static void
secret_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SecretWait *wait = user_data;

  wait->result = g_object_ref (result);
}

static gboolean
answered (gpointer user_data)
{
  return ((SecretWait *) user_data)->result != NULL;
}

/* The operation's result, or NULL with @error when the secret service did not
 * answer in time. A command has nothing else to do meanwhile, so it waits on its
 * own main context. */
static GAsyncResult *
secret_wait (SecretWait  *wait,
             GError     **error)
{
  if (tl_main_wait_until (NULL, answered, wait, TL_CLI_SECRET_TIMEOUT_MS))
    return wait->result;
  /* A cancelled operation still calls back, at once: let it land while @wait lives. */
  g_cancellable_cancel (wait->cancellable);
  tl_main_wait_until (NULL, answered, wait, 1000);
  g_clear_object (&wait->result);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               "The secret service (keyring) did not answer within %u s; is it locked or stuck?",
               TL_CLI_SECRET_TIMEOUT_MS / 1000);
  return NULL;
}

static void
secret_wait_clear (SecretWait *wait)
{
  g_clear_object (&wait->cancellable);
  g_clear_object (&wait->result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SecretWait, secret_wait_clear)

char *
tl_cli_lookup_password (const char  *account_id,
                        GError     **error)
{
  g_auto(SecretWait) wait = { g_cancellable_new (), NULL };
  GAsyncResult *result;
  char *password;
  g_autoptr(GError) local_error = NULL;

  tl_secret_lookup_password_async (account_id, wait.cancellable, secret_done_cb, &wait);
  result = secret_wait (&wait, error);
  if (result == NULL)
    return NULL;
  password = tl_secret_lookup_password_finish (result, &local_error);
  if (password != NULL)
    return password;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "No password stored for account “%s”: use --password-stdin or "
                 "“trunkline-cli accounts set-password”", account_id);
  return NULL;
}

gboolean
tl_cli_store_password (const char  *account_id,
                       const char  *label,
                       const char  *password,
                       GError     **error)
{
  g_auto(SecretWait) wait = { g_cancellable_new (), NULL };
  GAsyncResult *result;

  tl_secret_store_password_async (account_id, label, password, wait.cancellable, secret_done_cb, &wait);
  result = secret_wait (&wait, error);
  return result != NULL && tl_secret_store_password_finish (result, error);
}

gboolean
tl_cli_clear_password (const char  *account_id,
                       GError     **error)
{
  g_auto(SecretWait) wait = { g_cancellable_new (), NULL };
  GAsyncResult *result;

  tl_secret_clear_password_async (account_id, wait.cancellable, secret_done_cb, &wait);
  result = secret_wait (&wait, error);
  return result != NULL && tl_secret_clear_password_finish (result, error);
}
