/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GListModel of contacts, sorted by name: all of them, or the matches of one search. */
#pragma once

#include <gio/gio.h>

#include "tl-contact-store.h"

G_BEGIN_DECLS

#define TL_TYPE_CONTACT_LIST (tl_contact_list_get_type ())

G_DECLARE_FINAL_TYPE (TlContactList, tl_contact_list, TL, CONTACT_LIST, GObject)

/* @search: NULL or "" for every contact. The list follows the store's changes. */
TlContactList *tl_contact_list_new        (TlContactStore *store,
                                           const char     *search);
const char    *tl_contact_list_get_search (TlContactList  *self);

G_END_DECLS
