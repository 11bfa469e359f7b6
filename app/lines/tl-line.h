/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One trunk account as a phone line: its registration, and whether and why it can place calls, in words. */
#pragma once

#include <glib-object.h>

#include "tl-account.h"
#include "tl-registration.h"

G_BEGIN_DECLS

typedef enum {
  TL_LINE_STATE_DISABLED,       /* the account is turned off */
  TL_LINE_STATE_WAITING,        /* for the call engine or the secret store */
  TL_LINE_STATE_PROBLEM,        /* cannot start: no password, or a setting the engine refuses */
  TL_LINE_STATE_CONNECTING,     /* certificate check or REGISTER in progress */
  TL_LINE_STATE_READY,          /* registered, or an IP-authenticated trunk */
  TL_LINE_STATE_FAILED,         /* the trunk refused it or could not be reached */
} TlLineState;

#define TL_TYPE_LINE (tl_line_get_type ())
G_DECLARE_FINAL_TYPE (TlLine, tl_line, TL, LINE, GObject)

const char     *tl_line_state_to_string   (TlLineState  state);

TlLine         *tl_line_new               (TlAccount   *account);
TlAccount      *tl_line_get_account       (TlLine      *self);
/* NULL until the line has started registering. */
TlRegistration *tl_line_get_registration  (TlLine      *self);
TlLineState     tl_line_get_state         (TlLine      *self);
/* What a person needs to know, in words ("Registered", "Wrong password: check…"). */
const char     *tl_line_get_status        (TlLine      *self);
/* Calls can be placed from it now (READY). */
gboolean        tl_line_get_can_call      (TlLine      *self);
/* The label, else "user@domain". */
const char     *tl_line_get_title         (TlLine      *self);

/* For TlLines: the registration it follows, or why there is none. */
void            tl_line_set_registration  (TlLine         *self,
                                           TlRegistration *registration);
void            tl_line_set_problem       (TlLine         *self,
                                           const char     *problem);
/* Voicemail, from the server's message summary: whether messages wait, and
 * how many voice messages are new. */
gboolean        tl_line_get_voicemail_waiting (TlLine     *self);
guint           tl_line_get_voicemail_new     (TlLine     *self);
void            tl_line_set_voicemail     (TlLine         *self,
                                           gboolean        waiting,
                                           guint           new_messages);

G_END_DECLS
