/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's command API: commands sent on the control connection, and the account commands built on it. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine.h"
#include "tl-engine-private.h"

#include <string.h>

/* ---- commands ------------------------------------------------------------ */

static void
command_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TlEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = tl_engine_channel_command_finish (TL_ENGINE_CHANNEL (source), result, &error);
  if (reply == NULL)
    {
      /* The engine echoes the command's parameters in some errors. */
      g_autofree char *message = tl_engine_redact_passwords (self, error->message);

      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      return;
    }
  g_task_return_pointer (task, tl_engine_redact_passwords (self, reply), g_free);
}

/* One command, or a selection and its action in one write (@select_command set). */
static void
send_command (TlEngine            *self,
              const char          *select_command,
              const char          *select_params,
              const char          *command,
              const char          *params,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tl_engine_command_async);
  if (self->channel == NULL || !tl_engine_channel_is_open (self->channel))
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                               "The engine is %s", tl_engine_state_to_string (self->state));
      return;
    }
  /* A call on its way: an idle check answered before the engine sees it is stale. */
  if (g_str_equal (command, "dial"))
    self->call_activity++;
  if (select_command == NULL)
    tl_engine_channel_command_async (self->channel, command, params, cancellable,
                                     command_cb, g_steal_pointer (&task));
  else
    tl_engine_channel_command_pair_async (self->channel, select_command, select_params, command, params,
                                          cancellable, command_cb, g_steal_pointer (&task));
}

void
tl_engine_command_async (TlEngine            *self,
                         const char          *command,
                         const char          *params,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  send_command (self, NULL, NULL, command, params, cancellable, callback, user_data);
}

void
tl_engine_command_pair_async (TlEngine            *self,
                              const char          *select_command,
                              const char          *select_params,
                              const char          *command,
                              const char          *params,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  g_return_if_fail (select_command != NULL);
  send_command (self, select_command, select_params, command, params, cancellable, callback, user_data);
}

char *
tl_engine_command_finish (TlEngine      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- accounts ----------------------------------------------------------- */

typedef struct {
  char            *aor;
  TlEngineAccount *account;
  char            *line;    /* holds the password: scrubbed on free */
} AddAccountData;

static void
add_account_data_free (AddAccountData *data)
{
  g_free (data->aor);
  g_clear_pointer (&data->account, tl_engine_account_free);
  if (data->line != NULL)
    memset (data->line, 0, strlen (data->line));
  g_free (data->line);
  g_free (data);
}

static void
uanew_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  TlEngine *self = TL_ENGINE (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = tl_engine_command_finish (self, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (tl_engine_dialect_reply_reports_failure (reply))
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED,
                               "The engine could not add the account: %s", g_strstrip (reply));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
send_uanew (TlEngine *self,
            GTask    *task)
{
  AddAccountData *data = g_task_get_task_data (task);

  tl_engine_command_async (self, "uanew", data->line, g_task_get_cancellable (task),
                           uanew_cb, g_object_ref (task));
}

static void
uadel_before_uanew_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  TlEngine *self = TL_ENGINE (source);
  g_autoptr(GTask) task = user_data;
  g_autofree char *reply = NULL;

  /* The engine creates a second agent for a repeated AOR: remove the old one first. */
  reply = tl_engine_command_finish (self, result, NULL);
  send_uanew (self, task);
}

void
tl_engine_add_account_async (TlEngine            *self,
                             TlEngineAccount     *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AddAccountData *data;
  gboolean known;

  g_return_if_fail (TL_IS_ENGINE (self));
  g_return_if_fail (account != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_add_account_async);

  data = g_new0 (AddAccountData, 1);
  data->aor = tl_engine_account_get_aor (account);
  data->account = tl_engine_account_copy (account);
  g_task_set_task_data (task, data, (GDestroyNotify) add_account_data_free);

  data->line = tl_engine_account_build_line (account, self->have_dialect ? &self->dialect : NULL,
                                             &error);
  if (data->line == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  known = g_hash_table_contains (self->accounts, data->aor);
  g_hash_table_replace (self->accounts, g_strdup (data->aor), tl_engine_account_copy (account));

  if (self->state == TL_ENGINE_STATE_RESTARTING || self->state == TL_ENGINE_STATE_STARTING)
    {
      /* Added with the others as soon as the engine is ready. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->state != TL_ENGINE_STATE_READY)
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                               "The engine is not running");
      return;
    }
  if (tl_engine_account_needs_new_run (self, account))
    {
      /* The engine reads its trust and addresses at start only. */
      g_debug ("Engine restarts for %s (a new CA or a loopback line)", data->aor);
      g_task_return_boolean (task, TRUE);
      tl_engine_restart_when_idle (self);
      return;
    }
  if (known)
    tl_engine_command_async (self, "uadel", data->aor, cancellable,
                             uadel_before_uanew_cb, g_object_ref (task));
  else
    send_uanew (self, task);
}

gboolean
tl_engine_add_account_finish (TlEngine      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
uadel_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
tl_engine_remove_account_async (TlEngine            *self,
                                const char          *aor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_ENGINE (self));
  g_return_if_fail (aor != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_remove_account_async);
  g_hash_table_remove (self->accounts, aor);
  if (self->state != TL_ENGINE_STATE_READY)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  tl_engine_command_async (self, "uadel", aor, cancellable, uadel_cb, g_object_ref (task));
}

gboolean
tl_engine_remove_account_finish (TlEngine      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
readd_account_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_engine_add_account_finish (TL_ENGINE (source), result, &error))
    g_debug ("Re-adding an account after restart failed: %s", error->message);
}

void
tl_engine_readd_accounts (TlEngine *self)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_engine_account_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (accounts, tl_engine_account_copy (value));
  /* A fresh engine has none of them: plain uanew for each. */
  g_hash_table_remove_all (self->accounts);
  for (guint i = 0; i < accounts->len; i++)
    tl_engine_add_account_async (self, g_ptr_array_index (accounts, i), NULL,
                                 readd_account_cb, NULL);
}
