/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call manager's duration cap: a call that outlasts its account's limit is
 * ended, and the guard raises an alert (a hijacked line runs for hours). */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-manager-private.h"

typedef struct {
  TlCallManager *self;
  TlCall        *call;
} Cap;

static void
capped_hangup_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    g_debug ("Ending a call at its duration limit: %s", error->message);
}

static gboolean
cap_reached_cb (gpointer data)
{
  Cap *cap = data;
  TlCallManager *self = cap->self;
  TlAccount *account = tl_call_manager_account_for (self, tl_call_get_account_aor (cap->call));

  g_hash_table_remove (self->caps, cap->call);
  if (account != NULL)
    {
      g_autofree char *message = g_strdup_printf ("A call reached the account's longest call (%u s) and was "
                                                  "ended", tl_account_get_max_call_seconds (account));

      tl_fraud_guard_alert (self->fraud, account, message);
    }
  tl_call_manager_action_async (self, cap->call, TL_CALL_ACTION_HANGUP, NULL, NULL, capped_hangup_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
cap_free (gpointer data)
{
  Cap *cap = data;

  g_object_unref (cap->call);
  g_free (cap);
}

static void
arm (TlCallManager *self,
     TlCall        *call)
{
  TlAccount *account = tl_call_manager_account_for (self, tl_call_get_account_aor (call));
  guint limit;
  Cap *cap;

  if (account == NULL || g_hash_table_contains (self->caps, call))
    return;
  limit = tl_fraud_guard_max_duration (self->fraud, account, tl_call_get_peer_uri (call));
  if (limit == 0)
    return;
  cap = g_new0 (Cap, 1);
  cap->self = self;
  cap->call = g_object_ref (call);
  g_hash_table_insert (self->caps, call,
                       GUINT_TO_POINTER (g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, limit, cap_reached_cb,
                                                                     cap, cap_free)));
}

static void
state_cb (TlCall        *call,
          GParamSpec    *pspec,
          TlCallManager *self)
{
  /* Counted from the answer, as the bill is. */
  if (tl_call_get_answered (call) != 0 && tl_call_is_live (call))
    arm (self, call);
}

void
tl_call_manager_cap_watch (TlCallManager *self,
                           TlCall        *call)
{
  g_signal_connect (call, "notify::state", G_CALLBACK (state_cb), self);
  state_cb (call, NULL, self);
}

void
tl_call_manager_cap_forget (TlCallManager *self,
                            TlCall        *call)
{
  gpointer id;

  g_signal_handlers_disconnect_by_func (call, state_cb, self);
  if (g_hash_table_steal_extended (self->caps, call, NULL, &id))
    g_source_remove (GPOINTER_TO_UINT (id));
}
