/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call manager's instance and what its source files share; only tl-call-manager*.c include it. */
#pragma once

#include "tl-call-manager.h"
#include "tl-fraud-guard.h"

G_BEGIN_DECLS

struct _TlCallManager {
  GObject         parent_instance;

  TlEngine       *engine;
  TlHistoryStore *history;
  GPtrArray      *calls;       /* live TlCall, oldest first */
  GHashTable     *rows;        /* TlCall → history row id (gint64 *) */
  GHashTable     *accounts;    /* aor → TlAccount: its id, dial plan and call policy */
  TlCall         *consulting;  /* weak: on hold while the engine calls the transfer target */
  TlNameResolver *names;       /* contacts: callers shown by name, or NULL */
  gboolean        attended_transfer;
  TlFraudGuard   *fraud;       /* who may be dialled, how often, how long */
  GHashTable     *caps;        /* TlCall → duration-cap timer id (guint) */
};

enum {
  SIGNAL_CALL_ADDED,
  SIGNAL_CALL_ENDED,
  SIGNAL_DTMF_SENT,
  N_SIGNALS
};

extern guint tl_call_manager_signals[N_SIGNALS];

/* tl-call-manager.c */
void       tl_call_manager_add_call             (TlCallManager *self,
                                                 TlCall        *call);
void       tl_call_manager_remove_ended         (TlCallManager *self,
                                                 TlCall        *call);
TlAccount *tl_call_manager_account_for          (TlCallManager *self,
                                                 const char    *aor);

/* tl-call-manager-names.c */
void       tl_call_manager_name_call            (TlCallManager *self,
                                                 TlCall        *call);
void       tl_call_manager_forget_names         (TlCallManager *self);

/* tl-call-manager-history.c */
void       tl_call_manager_history_begin        (TlCallManager *self,
                                                 TlCall        *call);
void       tl_call_manager_history_end          (TlCallManager *self,
                                                 TlCall        *call);

/* tl-call-manager-events.c */
void       tl_call_manager_engine_event_cb      (TlEngine       *engine,
                                                 TlEngineEvent  *event,
                                                 TlCallManager  *self);
void       tl_call_manager_engine_restarted_cb  (TlEngine       *engine,
                                                 guint           count,
                                                 TlCallManager  *self);

/* tl-call-manager-reconcile.c */
void       tl_call_manager_reconcile_holds      (TlCallManager *self,
                                                 const char    *aor);
void       tl_call_manager_ask_codec            (TlCallManager *self,
                                                 TlCall        *call);

/* tl-call-manager-fraud.c */
void       tl_call_manager_cap_watch            (TlCallManager *self,
                                                 TlCall        *call);
void       tl_call_manager_cap_forget           (TlCallManager *self,
                                                 TlCall        *call);

/* tl-call-manager-actions.c */
void       tl_call_manager_action_done_cb       (GObject       *source,
                                                 GAsyncResult  *result,
                                                 gpointer       user_data);

G_END_DECLS
