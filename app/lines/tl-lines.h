/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every stored account as a line (a GListModel of TlLine): registers them once the engine runs, and says which can call.
 * "changed" is emitted when a line comes or goes or one's state, words or
 * voicemail change. */
#pragma once

#include <gio/gio.h>

#include "tl-account-store.h"
#include "tl-call-manager.h"
#include "tl-echo-service.h"
#include "tl-engine.h"
#include "tl-line.h"

G_BEGIN_DECLS

#define TL_TYPE_LINES (tl_lines_get_type ())
G_DECLARE_FINAL_TYPE (TlLines, tl_lines, TL, LINES, GObject)

/* Follows @accounts (lines come and go with them) and registers each enabled
 * account on @engine when it is ready, its password from the secret store;
 * @calls learns each account's address (history id, dial plan, call policy). */
TlLines  *tl_lines_new              (TlAccountStore *accounts,
                                     TlEngine       *engine,
                                     TlCallManager  *calls);
/* Offers the demo line (after the stored accounts) while @echo answers; NULL
 * withdraws it. The demo account is never stored and never registers. */
void      tl_lines_set_demo         (TlLines        *self,
                                     TlEchoService  *echo);
/* Registers account @account_id's line again (after its password changed);
 * setting changes that need it restart the line by themselves. */
void      tl_lines_restart          (TlLines        *self,
                                     const char     *account_id);
/* The demo line, while it is offered and its echo service answers (transfer none). */
TlLine   *tl_lines_get_demo_line    (TlLines        *self);
/* The line of account @id, or NULL (transfer none). */
TlLine   *tl_lines_lookup           (TlLines        *self,
                                     const char     *account_id);
/* The line a call goes out on: @account_id's when it can call, else the default
 * account's, else the first that can; NULL when none can (transfer none). */
TlLine   *tl_lines_pick_for_call    (TlLines        *self,
                                     const char     *account_id);
/* Places a call to @typed (a number, through the line's dial plan; a SIP user,
 * at the account's domain through its proxy; or a SIP address) on the line
 * tl_lines_pick_for_call() gives for @account_id. NULL with @error when no line
 * can call (G_IO_ERROR_NOT_CONNECTED, the reason in words) or @typed cannot be
 * dialled (G_IO_ERROR_INVALID_ARGUMENT). */
TlCall   *tl_lines_dial             (TlLines        *self,
                                     const char     *account_id,
                                     const char     *typed,
                                     GError        **error);
/* The same with @flags (TL_CALL_DIAL_CONFIRMED: the user said yes to a number
 * the toll-fraud guard asks about). */
TlCall   *tl_lines_dial_full        (TlLines        *self,
                                     const char     *account_id,
                                     const char     *typed,
                                     TlCallDialFlags flags,
                                     GError        **error);
/* TRUE when some line can place calls now ("can-call", notified). */
gboolean  tl_lines_get_can_call     (TlLines        *self);
/* Why nothing can be dialled, for the person at the dial pad; NULL when a line can. */
char     *tl_lines_dup_why_no_calls (TlLines        *self);

G_END_DECLS
