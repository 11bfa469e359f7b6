/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The header's account button: each line's registration in words, and the call engine's state, one click away. */
#pragma once

#include <gtk/gtk.h>

#include "tl-engine.h"
#include "tl-lines.h"

G_BEGIN_DECLS

#define TL_TYPE_LINE_STATUS (tl_line_status_get_type ())
G_DECLARE_FINAL_TYPE (TlLineStatus, tl_line_status, TL, LINE_STATUS, GtkWidget)

GtkWidget *tl_line_status_new  (TlLines  *lines,
                                TlEngine *engine);
/* Opens the list (the dial pad's "why" points here). */
void       tl_line_status_popup (TlLineStatus *self);

G_END_DECLS
