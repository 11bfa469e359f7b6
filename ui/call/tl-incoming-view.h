/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A call ringing here: who calls, on which line, Answer and Decline. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_INCOMING_VIEW (tl_incoming_view_get_type ())
G_DECLARE_FINAL_TYPE (TlIncomingView, tl_incoming_view, TL, INCOMING_VIEW, GtkWidget)

GtkWidget *tl_incoming_view_new      (TlApplication  *application);
void       tl_incoming_view_set_call (TlIncomingView *self,
                                      TlCall         *call);
TlCall    *tl_incoming_view_get_call (TlIncomingView *self);
void       tl_incoming_view_answer   (TlIncomingView *self);
void       tl_incoming_view_decline  (TlIncomingView *self);

G_END_DECLS
