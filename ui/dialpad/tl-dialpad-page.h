/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dial pad: the number (grouped by the line's dial plan as it is typed), the keys, the line to call from, the call button. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_DIALPAD_PAGE (tl_dialpad_page_get_type ())
G_DECLARE_FINAL_TYPE (TlDialpadPage, tl_dialpad_page, TL, DIALPAD_PAGE, GtkWidget)

GtkWidget  *tl_dialpad_page_new            (TlApplication *application);
/* What is in the entry (as shown, grouping included). */
const char *tl_dialpad_page_get_number     (TlDialpadPage *self);
void        tl_dialpad_page_set_number     (TlDialpadPage *self,
                                            const char    *number);
/* Typed or pasted somewhere else in the window: goes in at the cursor. */
void        tl_dialpad_page_insert         (TlDialpadPage *self,
                                            const char    *text);
void        tl_dialpad_page_clear          (TlDialpadPage *self);
void        tl_dialpad_page_focus_number   (TlDialpadPage *self);
/* The GtkText inside the entry (where key presses typed elsewhere are sent). */
GtkWidget  *tl_dialpad_page_get_text_widget (TlDialpadPage *self);
/* Calls what is in the entry, from the chosen line; FALSE when nothing was dialled. */
gboolean    tl_dialpad_page_call           (TlDialpadPage *self);

G_END_DECLS
