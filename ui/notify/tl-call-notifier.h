/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Desktop notifications for calls: an incoming call with Answer and Decline, a missed call with Call back. */
#pragma once

#include <gio/gio.h>

#include "tl-call-alerts.h"

G_BEGIN_DECLS

#define TL_TYPE_CALL_NOTIFIER (tl_call_notifier_get_type ())
G_DECLARE_FINAL_TYPE (TlCallNotifier, tl_call_notifier, TL, CALL_NOTIFIER, GObject)

TlCallNotifier *tl_call_notifier_new            (GApplication   *application,
                                                TlCallAlerts   *alerts,
                                                GSettings      *settings);
/* The history was seen: the missed-call notifications have done their job. */
void            tl_call_notifier_withdraw_missed (TlCallNotifier *self);
/* The notification id for @call's incoming notification (stable per call). */
char           *tl_call_notifier_incoming_id    (TlCall         *call);

G_END_DECLS
