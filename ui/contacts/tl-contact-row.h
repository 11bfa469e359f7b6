/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One contact in the list: avatar, name, its first number; a menu to call, edit or delete it. */
#pragma once

#include <gtk/gtk.h>

#include "tl-contact.h"

G_BEGIN_DECLS

#define TL_TYPE_CONTACT_ROW (tl_contact_row_get_type ())
G_DECLARE_FINAL_TYPE (TlContactRow, tl_contact_row, TL, CONTACT_ROW, GtkWidget)

GtkWidget  *tl_contact_row_new         (void);
/* Filled in bind, emptied (NULL) in unbind: rows are recycled. */
void        tl_contact_row_set_contact (TlContactRow *self,
                                        TlContact    *contact);
TlContact  *tl_contact_row_get_contact (TlContactRow *self);
const char *tl_contact_row_get_title   (TlContactRow *self);

G_END_DECLS
