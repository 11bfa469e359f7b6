/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passwords on Windows and macOS, for now only in memory until the native stores are wired. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-secret.h"
#include "tl-secret-private.h"

gboolean
tl_secret_is_persistent (void)
{
  return FALSE;
}

static void
log_once (void)
{
  static gsize logged = 0;

  if (g_once_init_enter (&logged))
    {
      g_debug ("This platform's secret store is not wired yet: passwords are kept in memory until the app exits");
      g_once_init_leave (&logged, 1);
    }
}

static GTask *
task_new (gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  log_once ();
  return task;
}

void
tl_secret_probe_async (GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (tl_secret_probe_async, cancellable, callback, user_data);

  g_task_return_boolean (task, FALSE);
}

gboolean
tl_secret_probe_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tl_secret_store_password_async (const char          *account_id,
                                const char          *label,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (tl_secret_store_password_async, cancellable, callback, user_data);

  tl_secret_memory_store (account_id, password);
  g_task_return_boolean (task, TRUE);
}

gboolean
tl_secret_store_password_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tl_secret_lookup_password_async (const char          *account_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (tl_secret_lookup_password_async, cancellable, callback, user_data);

  g_task_return_pointer (task, tl_secret_memory_lookup (account_id),
                         (GDestroyNotify) tl_secret_free_password);
}

char *
tl_secret_lookup_password_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tl_secret_clear_password_async (const char          *account_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = task_new (tl_secret_clear_password_async, cancellable, callback, user_data);

  tl_secret_memory_clear (account_id);
  g_task_return_boolean (task, TRUE);
}

gboolean
tl_secret_clear_password_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
