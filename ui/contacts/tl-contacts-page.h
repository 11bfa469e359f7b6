/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The contacts page: a searchable list, vCard import, add and edit, call from a contact. */
#pragma once

#include <gtk/gtk.h>

#include "tl-contact-store.h"

G_BEGIN_DECLS

#define TL_TYPE_CONTACTS_PAGE (tl_contacts_page_get_type ())
G_DECLARE_FINAL_TYPE (TlContactsPage, tl_contacts_page, TL, CONTACTS_PAGE, GtkWidget)

/* @store NULL: contacts are unavailable (the page says so). */
GtkWidget  *tl_contacts_page_new          (TlContactStore *store);
/* Reads @file in the background; the page shows how it went. */
void        tl_contacts_page_import       (TlContactsPage *self,
                                           GFile          *file);
/* Opens the contact that has @number, or a new one with it filled in. */
void        tl_contacts_page_add_number   (TlContactsPage *self,
                                           const char     *number);
void        tl_contacts_page_focus_search (TlContactsPage *self);
GListModel *tl_contacts_page_get_model    (TlContactsPage *self);

G_END_DECLS
