/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the contact list, the import and tests reach inside the contact store. */
#pragma once

#include <sqlite3.h>

#include "tl-contact-store.h"

G_BEGIN_DECLS

/* One row of a search: an own contact by id, or a system one held here. */
typedef struct {
  gint64     id;        /* > 0: own contact */
  TlContact *system;    /* else: a read-only contact of the address book */
} TlContactRef;

sqlite3_stmt *tl_contact_store_prepare          (TlContactStore  *self,
                                                 const char      *sql,
                                                 GError         **error);
sqlite3      *tl_contact_store_get_db           (TlContactStore  *self);
TlContact    *tl_contact_store_load             (TlContactStore  *self,
                                                 gint64           id,
                                                 gboolean         with_photo,
                                                 GError         **error);
/* The matches of @text, sorted by name: TlContactRef elements. */
GArray       *tl_contact_store_query_refs       (TlContactStore  *self,
                                                 const char      *text);
/* For the import thread: one card into the store within an open transaction,
 * merged with a duplicate when there is one (*merged then TRUE). */
gboolean      tl_contact_store_merge_or_add     (TlContactStore  *self,
                                                 TlContact       *contact,
                                                 gboolean        *merged,
                                                 GError         **error);
gboolean      tl_contact_store_exec             (TlContactStore  *self,
                                                 const char      *sql,
                                                 GError         **error);
void          tl_contact_store_emit_changed     (TlContactStore  *self);
const char   *tl_contact_store_get_country_code (TlContactStore  *self);
const char   *tl_contact_store_get_national_prefix (TlContactStore *self);

G_END_DECLS
