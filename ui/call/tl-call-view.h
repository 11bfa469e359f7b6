/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The in-call view: who, how long, how it sounds and whether it is encrypted; mute, hold, keys, transfer, another call, hang up. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_CALL_VIEW (tl_call_view_get_type ())
G_DECLARE_FINAL_TYPE (TlCallView, tl_call_view, TL, CALL_VIEW, GtkWidget)

GtkWidget *tl_call_view_new          (TlApplication *application);
/* The call shown (the one being talked on), or NULL; an ended call stays shown
 * for a moment so its end can be read. */
TlCall    *tl_call_view_get_call     (TlCallView    *self);
/* TRUE while a live call is shown (FALSE during the moment after the last ended). */
gboolean   tl_call_view_get_active   (TlCallView    *self);
/* Keys typed during the call: DTMF to the shown call, with the key tone. */
void       tl_call_view_send_dtmf    (TlCallView    *self,
                                      const char    *digits);
void       tl_call_view_toggle_mute  (TlCallView    *self);
void       tl_call_view_toggle_hold  (TlCallView    *self);
void       tl_call_view_hang_up      (TlCallView    *self);

G_END_DECLS
