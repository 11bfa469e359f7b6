/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the user hears and is shown as calls come and go: ring, waiting tone,
 * ringback, busy, key tones; an incoming call worth presenting ("incoming"); a
 * presented call that ended unanswered ("missed"). */
#pragma once

#include <gio/gio.h>

#include "tl-call-manager.h"
#include "tl-tone-port.h"

G_BEGIN_DECLS

/* An incoming call is presented (and rings) only after this: a call the network
 * withdraws at once (spam filters, forking) then never flashes up. */
#define TL_CALL_ALERTS_GRACE_MS 100

#define TL_TYPE_CALL_ALERTS (tl_call_alerts_get_type ())
G_DECLARE_FINAL_TYPE (TlCallAlerts, tl_call_alerts, TL, CALL_ALERTS, GObject)

/* @tones may be NULL (then nothing is heard, everything else happens). */
TlCallAlerts *tl_call_alerts_new           (TlCallManager *calls,
                                            TlTonePort    *tones);
void          tl_call_alerts_set_tones     (TlCallAlerts  *self,
                                            TlTonePort    *tones);
/* TRUE once @call has been announced ("incoming" was emitted for it). */
gboolean      tl_call_alerts_is_announced  (TlCallAlerts  *self,
                                            TlCall        *call);
/* The incoming calls announced and still ringing, oldest first (do not free
 * the array's contents). */
GPtrArray    *tl_call_alerts_dup_ringing   (TlCallAlerts  *self);

G_END_DECLS
