/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live calls (a GListModel of TlCall) and every action on them. */
#pragma once

#include <gio/gio.h>

#include "tl-account.h"
#include "tl-call.h"
#include "tl-engine.h"
#include "tl-fraud-guard.h"
#include "tl-history-store.h"
#include "tl-name-resolver.h"

G_BEGIN_DECLS

typedef enum {
  TL_CALL_ACTION_ANSWER,
  TL_CALL_ACTION_HANGUP,     /* hang up, cancel, or reject an incoming call */
  TL_CALL_ACTION_HOLD,
  TL_CALL_ACTION_RESUME,
  TL_CALL_ACTION_MUTE,       /* argument "yes" or "no" */
  TL_CALL_ACTION_DTMF,       /* argument: digits 0-9 * # A-D */
  TL_CALL_ACTION_TRANSFER,   /* argument: target SIP URI (blind transfer) */
  /* Attended transfer (engines that have it, see tl_call_manager_has_attended_transfer()):
   * START holds the call and calls the target (argument: SIP URI); the new call is
   * linked to it (TlCall:transfer-partner). COMPLETE hands the original caller
   * over to the target; ABORT hangs up on the target and resumes the original.
   * Both take either call of the pair. */
  TL_CALL_ACTION_TRANSFER_START,
  TL_CALL_ACTION_TRANSFER_COMPLETE,
  TL_CALL_ACTION_TRANSFER_ABORT,
} TlCallAction;

#define TL_TYPE_CALL_MANAGER (tl_call_manager_get_type ())
G_DECLARE_FINAL_TYPE (TlCallManager, tl_call_manager, TL, CALL_MANAGER, GObject)

/* @history may be NULL (calls are then not kept). */
TlCallManager *tl_call_manager_new               (TlEngine       *engine,
                                                  TlHistoryStore *history);
/* The stored account behind @aor: its id goes into the history, its dial plan
 * normalises numbers there, and its do-not-disturb (reject: the caller hears
 * busy) and auto-answer settings apply to incoming calls as they are when the
 * call arrives. NULL forgets it. */
void           tl_call_manager_set_account       (TlCallManager  *self,
                                                  const char     *aor,
                                                  TlAccount      *account);

/* Where callers' names come from (the contacts): each new call is looked up
 * with its account's dial plan, and live calls again when names change. The
 * contact's name becomes the call's peer-name; NULL stops it. */
void           tl_call_manager_set_name_resolver (TlCallManager  *self,
                                                  TlNameResolver *names);

/* TRUE when the running engine can do attended transfer (4.x; not 1.0.0), for
 * the UI to offer it or not ("attended-transfer" property, notified when the
 * engine (re)starts). */
gboolean       tl_call_manager_has_attended_transfer (TlCallManager *self);
/* The account set for @aor, or NULL. */
TlAccount     *tl_call_manager_get_account       (TlCallManager  *self,
                                                  const char     *aor);

/* Places a call to @uri (already through the account's dial plan) from @aor.
 * The call is in the model at once; it binds to the engine's call when the first
 * event for it arrives. */
TlCall        *tl_call_manager_dial              (TlCallManager  *self,
                                                  const char     *aor,
                                                  const char     *uri,
                                                  GError        **error);
typedef enum {
  TL_CALL_DIAL_NONE      = 0,
  /* The user said yes to a number that the toll-fraud guard asks about. */
  TL_CALL_DIAL_CONFIRMED = 1 << 0,
} TlCallDialFlags;
/* tl_call_manager_dial() with @flags. Every dial passes the account's toll-fraud
 * guard first: a refused number (TL_FRAUD_ERROR) sends nothing to the engine. */
TlCall        *tl_call_manager_dial_full         (TlCallManager  *self,
                                                  const char     *aor,
                                                  const char     *uri,
                                                  TlCallDialFlags flags,
                                                  GError        **error);
/* The guard the manager dials through (its "alert" signal tells of bursts and cut calls). */
TlFraudGuard  *tl_call_manager_get_fraud_guard   (TlCallManager  *self);
void           tl_call_manager_action_async      (TlCallManager  *self,
                                                  TlCall         *call,
                                                  TlCallAction    action,
                                                  const char     *argument,
                                                  GCancellable   *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer        user_data);
gboolean       tl_call_manager_action_finish     (TlCallManager  *self,
                                                  GAsyncResult   *result,
                                                  GError        **error);
/* The call an action applies to when none is named: the ringing call for answer,
 * the held one for resume, else the call in progress. NULL with @error when
 * there is none, or several that fit equally. */
TlCall        *tl_call_manager_pick              (TlCallManager  *self,
                                                  TlCallAction    action,
                                                  GError        **error);
/* The live call with this engine id, or NULL. */
TlCall        *tl_call_manager_find              (TlCallManager  *self,
                                                  const char     *id);

G_END_DECLS
