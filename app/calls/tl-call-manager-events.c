/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Routing the engine's call events to the live calls: binding, adopting and ending them. */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-manager.h"
#include "tl-call-manager-private.h"

/* 1.0.0's dial returns no id: the first event of that account for that peer
 * belongs to the oldest unbound outgoing call. */
static TlCall *
find_unbound (TlCallManager       *self,
              const TlEngineEvent *event)
{
  TlCall *fallback = NULL;

  if (event->direction != TL_ENGINE_DIRECTION_OUTGOING)
    return NULL;
  for (guint i = 0; i < self->calls->len; i++)
    {
      TlCall *call = g_ptr_array_index (self->calls, i);

      if (tl_call_get_id (call) != NULL || tl_call_get_direction (call) != TL_CALL_DIRECTION_OUTGOING
          || g_strcmp0 (tl_call_get_account_aor (call), event->account_aor) != 0)
        continue;
      if (g_strcmp0 (tl_call_get_peer_uri (call), event->peer_uri) == 0)
        return call;
      if (fallback == NULL)
        fallback = call;
    }
  return fallback;
}

static void
auto_action (TlCallManager *self,
             TlCall        *call,
             TlCallAction   action)
{
  tl_call_manager_action_async (self, call, action, NULL, NULL, tl_call_manager_action_done_cb, NULL);
}

void
tl_call_manager_engine_event_cb (TlEngine       *engine,
                                 TlEngineEvent  *event,
                                 TlCallManager  *self)
{
  TlCall *call;

  if (!tl_engine_event_is_call (event) || event->call_id == NULL)
    return;

  call = tl_call_manager_find (self, event->call_id);
  if (call == NULL)
    {
      call = find_unbound (self, event);
      if (call != NULL)
        tl_call_set_id (call, event->call_id);
    }
  if (call == NULL)
    {
      TlAccount *account;
      g_autoptr(TlCall) fresh = NULL;

      /* A call we did not start (incoming, or from before a reconnect): adopt
       * it once, keyed by its id, so it is never duplicated. */
      if (event->type == TL_ENGINE_EVENT_CALL_CLOSED)
        return;
      fresh = tl_call_new_incoming (event);
      /* The engine's own call to an attended-transfer target. */
      if (self->consulting != NULL && tl_call_get_direction (fresh) == TL_CALL_DIRECTION_OUTGOING
          && g_strcmp0 (tl_call_get_account_aor (self->consulting), event->account_aor) == 0)
        {
          tl_call_link_consultation (self->consulting, fresh);
          g_clear_weak_pointer (&self->consulting);
        }
      tl_call_manager_add_call (self, fresh);
      call = fresh;
      account = tl_call_manager_account_for (self, event->account_aor);
      if (event->type == TL_ENGINE_EVENT_CALL_INCOMING && account != NULL)
        {
          if (tl_account_get_do_not_disturb (account))
            {
              /* Turned away by do-not-disturb: kept as missed, not as declined. */
              g_object_set_data (G_OBJECT (call), "tl-do-not-disturb", GINT_TO_POINTER (TRUE));
              auto_action (self, call, TL_CALL_ACTION_HANGUP);
            }
          else if (tl_account_get_auto_answer (account))
            auto_action (self, call, TL_CALL_ACTION_ANSWER);
        }
    }

  tl_call_apply_event (call, event);
  if (event->type == TL_ENGINE_EVENT_CALL_ESTABLISHED && tl_call_get_codec (call) == NULL)
    tl_call_manager_ask_codec (self, call);
  if (!tl_call_is_live (call))
    {
      g_autofree char *aor = g_strdup (tl_call_get_account_aor (call));

      tl_call_manager_remove_ended (self, call);
      tl_call_manager_reconcile_holds (self, aor);
    }
}

void
tl_call_manager_engine_restarted_cb (TlEngine      *engine,
                                     guint          count,
                                     TlCallManager *self)
{
  /* The engine that had these calls is gone; they end, and history keeps them. */
  while (self->calls->len > 0)
    {
      TlCall *call = g_ptr_array_index (self->calls, 0);

      tl_call_end_locally (call, TL_CALL_END_ENGINE_RESTARTED, "engine restarted");
      tl_call_manager_remove_ended (self, call);
    }
}
