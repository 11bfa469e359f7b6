/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The twelve keys of a phone, left to right in every locale; a long press on 0 gives +. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TL_TYPE_KEYPAD (tl_keypad_get_type ())
G_DECLARE_FINAL_TYPE (TlKeypad, tl_keypad, TL, KEYPAD, GtkWidget)

GtkWidget *tl_keypad_new (void);

G_END_DECLS
