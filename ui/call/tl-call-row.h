/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call in the in-call view's list when there are several: who, and what it is doing. */
#pragma once

#include <gtk/gtk.h>

#include "tl-call.h"

G_BEGIN_DECLS

#define TL_TYPE_CALL_ROW (tl_call_row_get_type ())
G_DECLARE_FINAL_TYPE (TlCallRow, tl_call_row, TL, CALL_ROW, GtkListBoxRow)

GtkWidget *tl_call_row_new         (TlCall    *call);
TlCall    *tl_call_row_get_call    (TlCallRow *self);
/* Marks the call the view shows. */
void       tl_call_row_set_current (TlCallRow *self,
                                    gboolean   current);
/* Redraws the state (the timer of an established call). */
void       tl_call_row_refresh     (TlCallRow *self);

G_END_DECLS
