/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dialling, and every action on a live call: answer, hang up, hold, mute, DTMF and transfers. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-manager.h"
#include "tl-call-manager-private.h"

#include <string.h>

#include "tl-engine-channel.h"
#include "tl-engine-dialect.h"

static void
dial_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TlCall) call = user_data;
  TlCallManager *self = g_object_get_data (G_OBJECT (call), "tl-call-manager");
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);
  const TlEngineDialect *dialect = tl_engine_get_dialect (TL_ENGINE (source));

  if (reply == NULL)
    {
      tl_call_end_locally (call, TL_CALL_END_UNREACHABLE, error->message);
      if (self != NULL)
        tl_call_manager_remove_ended (self, call);
      return;
    }
  if (dialect != NULL)
    {
      g_autofree char *id = tl_engine_dialect_dial_reply_call_id (dialect, reply);

      if (id != NULL)
        tl_call_set_id (call, id);
    }
}

TlCall *
tl_call_manager_dial (TlCallManager  *self,
                      const char     *aor,
                      const char     *uri,
                      GError        **error)
{
  return tl_call_manager_dial_full (self, aor, uri, TL_CALL_DIAL_NONE, error);
}

TlCall *
tl_call_manager_dial_full (TlCallManager    *self,
                           const char       *aor,
                           const char       *uri,
                           TlCallDialFlags   flags,
                           GError          **error)
{
  g_autoptr(TlCall) call = NULL;
  TlAccount *account;

  g_return_val_if_fail (TL_IS_CALL_MANAGER (self), NULL);

  if (uri == NULL || (!g_str_has_prefix (uri, "sip:") && !g_str_has_prefix (uri, "sips:")))
    {
      g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a SIP address", uri != NULL ? uri : "");
      return NULL;
    }
  /* Before anything reaches the engine: a refused number sends no INVITE. */
  account = aor != NULL ? tl_call_manager_account_for (self, aor) : NULL;
  if (account != NULL
      && !tl_fraud_guard_check (self->fraud, account, uri, (flags & TL_CALL_DIAL_CONFIRMED) != 0, error))
    return NULL;
  if (!tl_engine_channel_check_command ("dial", uri, error)
      || !tl_engine_channel_check_command ("uafind", aor, error))
    return NULL;
  if (tl_engine_get_state (self->engine) != TL_ENGINE_STATE_READY)
    {
      g_set_error_literal (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                           "The call engine is not ready");
      return NULL;
    }
  /* A failed selection would still dial, from whatever account is current. */
  if (!tl_engine_has_account (self->engine, aor))
    {
      g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                   "No account %s in the call engine", aor);
      return NULL;
    }

  if (account != NULL)
    tl_fraud_guard_note_call (self->fraud, account, uri);
  call = tl_call_new_outgoing (aor, uri);
  g_object_set_data (G_OBJECT (call), "tl-call-manager", self);
  tl_call_manager_add_call (self, call);
  /* The 1.0.0 engine dials from its current account: select it in the same write. */
  tl_engine_command_pair_async (self->engine, "uafind", aor, "dial", uri, NULL, dial_cb,
                                g_object_ref (call));
  return call;
}

static const char *
action_command (TlCallAction action)
{
  switch (action)
    {
    case TL_CALL_ACTION_ANSWER: return "accept";
    case TL_CALL_ACTION_HANGUP: return "hangup";
    case TL_CALL_ACTION_HOLD: return "hold";
    case TL_CALL_ACTION_RESUME: return "resume";
    case TL_CALL_ACTION_MUTE: return "mute";
    case TL_CALL_ACTION_DTMF: return "sndcode";
    case TL_CALL_ACTION_TRANSFER: return "transfer";
    case TL_CALL_ACTION_TRANSFER_START: return "atransferstart";
    case TL_CALL_ACTION_TRANSFER_COMPLETE: return "atransferexec";
    case TL_CALL_ACTION_TRANSFER_ABORT: return "hangup";
    default: return NULL;
    }
}

static gboolean
valid_dtmf (const char *digits)
{
  if (digits == NULL || *digits == '\0' || strlen (digits) > 64)
    return FALSE;
  for (const char *p = digits; *p != '\0'; p++)
    if (strchr ("0123456789*#ABCDabcd", *p) == NULL)
      return FALSE;
  return TRUE;
}

typedef struct {
  TlCall       *call;
  TlCallAction  action;
  gboolean      mute_to;
  TlCall       *original;   /* complete/abort: the held call, taken when asked (the
                             * pair comes apart as soon as the consultation ends) */
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->call);
  g_clear_object (&data->original);
  g_free (data);
}

static void
engine_action_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TlCallManager *self = g_task_get_source_object (task);
  ActionData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);

  if (reply == NULL)
    {
      if (g_error_matches (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED)
          && tl_engine_dialect_reply_means_no_call (error->message))
        g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED,
                                 "The call has already ended");
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The 1.0.0 engine reports neither hold nor mute: we keep the state. */
  switch (data->action)
    {
    case TL_CALL_ACTION_HOLD:
      tl_call_set_held (data->call, TRUE);
      break;
    case TL_CALL_ACTION_RESUME:
      tl_call_set_held (data->call, FALSE);
      break;
    case TL_CALL_ACTION_MUTE:
      tl_call_set_muted (data->call, data->mute_to);
      break;
    case TL_CALL_ACTION_DTMF:
      /* For the local key feedback, whoever asked for the digits. */
      g_signal_emit (self, tl_call_manager_signals[SIGNAL_DTMF_SENT], 0, data->call,
                     (const char *) g_object_get_data (G_OBJECT (task), "tl-argument"));
      break;
    case TL_CALL_ACTION_TRANSFER:
      /* The engine took the REFER; the call ends once the other side moves on. */
      tl_call_mark_transferred (data->call);
      break;
    case TL_CALL_ACTION_TRANSFER_START:
      /* The engine held the call and dials the target: its first event links it. */
      tl_call_set_held (data->call, TRUE);
      g_set_weak_pointer (&self->consulting, data->call);
      break;
    case TL_CALL_ACTION_TRANSFER_COMPLETE:
      tl_call_mark_transferred (data->original);
      break;
    case TL_CALL_ACTION_TRANSFER_ABORT:
      /* The call to the target is hung up; its end tells the engine to forget the
       * transfer (tl_call_manager_remove_ended). Back to the original caller. */
      if (tl_call_is_live (data->original))
        tl_call_manager_action_async (self, data->original, TL_CALL_ACTION_RESUME, NULL, NULL,
                                      tl_call_manager_action_done_cb, NULL);
      break;
    default:
      break;
    }
  g_task_return_boolean (task, TRUE);
}

static void
send_action (TlCallManager *self,
             GTask         *task)
{
  ActionData *data = g_task_get_task_data (task);
  const TlEngineDialect *dialect = tl_engine_get_dialect (self->engine);
  const char *argument = g_object_get_data (G_OBJECT (task), "tl-argument");
  g_autofree char *params = NULL;

  if (data->action == TL_CALL_ACTION_MUTE)
    params = dialect != NULL && dialect->mute_takes_state ? g_strdup (data->mute_to ? "yes" : "no") : NULL;
  else if (data->action == TL_CALL_ACTION_HANGUP && dialect != NULL
           && tl_call_get_direction (data->call) == TL_CALL_DIRECTION_INCOMING
           && tl_call_get_answered (data->call) == 0)
    {
      /* Refusing a call: 603 Decline where the engine takes a status (4.x),
       * 486 Busy Here for do-not-disturb; 1.0.0 always answers 486. */
      gboolean busy = g_object_get_data (G_OBJECT (data->call), "tl-do-not-disturb") != NULL;
      g_autofree char *command = NULL;
      gboolean needs_callfind;

      tl_engine_dialect_hangup_command (dialect, tl_call_get_id (data->call), busy ? 486 : 603,
                                        busy ? NULL : "Decline", &command, &params, &needs_callfind);
    }
  else
    params = g_strdup (argument);
  g_debug ("call %s: %s", tl_call_get_id (data->call), action_command (data->action));
  /* The engine acts on its "current" call: select ours in the same write. */
  tl_engine_command_pair_async (self->engine, "callfind", tl_call_get_id (data->call),
                                action_command (data->action), params,
                                g_task_get_cancellable (task), engine_action_cb, g_object_ref (task));
}

static void
hold_other_then_act_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TlCallManager *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (self, result, &error))
    g_debug ("Holding the other call failed: %s", error->message);
  send_action (self, task);
}

void
tl_call_manager_action_async (TlCallManager       *self,
                              TlCall              *call,
                              TlCallAction         action,
                              const char          *argument,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ActionData *data;

  g_return_if_fail (TL_IS_CALL_MANAGER (self));
  g_return_if_fail (TL_IS_CALL (call));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_call_manager_action_async);
  data = g_new0 (ActionData, 1);
  data->call = g_object_ref (call);
  data->action = action;
  g_task_set_task_data (task, data, (GDestroyNotify) action_data_free);
  g_object_set_data_full (G_OBJECT (task), "tl-argument", g_strdup (argument), g_free);

  if (!tl_call_is_live (call))
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED,
                               "The call has already ended");
      return;
    }
  if (tl_call_get_id (call) == NULL)
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                               "The call is still being set up; try again in a moment");
      return;
    }
  switch (action)
    {
    case TL_CALL_ACTION_DTMF:
      if (!valid_dtmf (argument))
        {
          g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                   "DTMF digits are 0-9, *, # and A-D");
          return;
        }
      break;
    case TL_CALL_ACTION_TRANSFER:
      if (argument == NULL || (!g_str_has_prefix (argument, "sip:") && !g_str_has_prefix (argument, "sips:")))
        {
          g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                   "A transfer needs a SIP address");
          return;
        }
      break;
    case TL_CALL_ACTION_TRANSFER_START:
    case TL_CALL_ACTION_TRANSFER_COMPLETE:
    case TL_CALL_ACTION_TRANSFER_ABORT:
      if (!tl_call_manager_has_attended_transfer (self))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   "Attended transfer needs engine 3.0 or later (this one is %s); "
                                   "a blind transfer works",
                                   tl_engine_get_version (self->engine) != NULL
                                   ? tl_engine_get_version (self->engine) : "not running");
          return;
        }
      if (action == TL_CALL_ACTION_TRANSFER_START)
        {
          if (argument == NULL || (!g_str_has_prefix (argument, "sip:") && !g_str_has_prefix (argument, "sips:")))
            {
              g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                       "A transfer needs a SIP address");
              return;
            }
          if (tl_call_get_transfer_partner (call) != NULL)
            {
              g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                       "This call is already part of a transfer");
              return;
            }
          break;
        }
      /* Complete and abort act on the call to the target, whichever call was named. */
      if (!tl_call_is_consultation (call))
        {
          TlCall *partner = tl_call_get_transfer_partner (call);

          if (partner == NULL)
            {
              g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                       "No attended transfer is in progress on this call");
              return;
            }
          g_set_object (&data->call, partner);
        }
      data->original = g_object_ref (tl_call_get_transfer_partner (data->call));
      if (tl_call_get_id (data->call) == NULL)
        {
          g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                                   "The call to the transfer target is still being set up");
          return;
        }
      if (action == TL_CALL_ACTION_TRANSFER_ABORT && tl_call_get_answered (data->call) == 0)
        tl_call_mark_cancelled (data->call);
      break;
    case TL_CALL_ACTION_MUTE:
      data->mute_to = g_strcmp0 (argument, "no") != 0;
      if (data->mute_to == tl_call_get_muted (call))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
      break;
    case TL_CALL_ACTION_HANGUP:
      if (tl_call_get_direction (call) == TL_CALL_DIRECTION_INCOMING && tl_call_get_answered (call) == 0)
        {
          if (g_object_get_data (G_OBJECT (call), "tl-do-not-disturb") == NULL)
            tl_call_mark_rejected (call);
        }
      else if (tl_call_get_answered (call) == 0)
        tl_call_mark_cancelled (call);
      break;
    case TL_CALL_ACTION_ANSWER:
    case TL_CALL_ACTION_RESUME:
      /* Call waiting: answering the second call holds the first. Switching
       * lines: resuming a held call holds the one being talked on. */
      for (guint i = 0; i < self->calls->len; i++)
        {
          TlCall *other = g_ptr_array_index (self->calls, i);

          if (other != call && tl_call_get_state (other) == TL_CALL_STATE_ESTABLISHED)
            {
              tl_call_manager_action_async (self, other, TL_CALL_ACTION_HOLD, NULL, cancellable,
                                            hold_other_then_act_cb, g_steal_pointer (&task));
              return;
            }
        }
      break;
    default:
      break;
    }
  send_action (self, task);
}

gboolean
tl_call_manager_action_finish (TlCallManager  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tl_call_manager_action_done_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    g_debug ("Automatic call action failed: %s", error->message);
}
