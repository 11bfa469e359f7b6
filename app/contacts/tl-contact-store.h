/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trunkline's contacts, in the history's SQLite file: add, edit, remove, find by number, search, import. */
#pragma once

#include <gio/gio.h>

#include "tl-address-book.h"
#include "tl-contact.h"

G_BEGIN_DECLS

#define TL_CONTACTS_ERROR (tl_contacts_error_quark ())

typedef enum {
  TL_CONTACTS_ERROR_FAILED,
  TL_CONTACTS_ERROR_INVALID,     /* no name, no number */
  TL_CONTACTS_ERROR_NOT_FOUND,
  TL_CONTACTS_ERROR_READ_ONLY,   /* a contact of the system address book */
  TL_CONTACTS_ERROR_TOO_OLD,     /* the database predates contacts and could not be upgraded */
} TlContactsError;

/* What an import did; every skipped card and every card cut short has a line
 * in @messages ("Card at line 12: skipped: no phone number"), the first
 * TL_CONTACT_IMPORT_MAX_MESSAGES of them. */
#define TL_CONTACT_IMPORT_MAX_MESSAGES 100

typedef struct {
  guint      imported;   /* new contacts */
  guint      updated;    /* merged into a contact that was there (same UID, or same name and a shared number) */
  guint      skipped;
  guint      shortened;  /* imported, but something was cut or dropped */
  GPtrArray *messages;
} TlContactImportResult;

#define TL_TYPE_CONTACT_IMPORT_RESULT (tl_contact_import_result_get_type ())
GType                  tl_contact_import_result_get_type (void) G_GNUC_CONST;
TlContactImportResult *tl_contact_import_result_copy     (const TlContactImportResult *self);
void                   tl_contact_import_result_free     (TlContactImportResult *self);
/* "3 contacts imported, 1 updated, 2 skipped". */
char                  *tl_contact_import_result_summary  (const TlContactImportResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlContactImportResult, tl_contact_import_result_free)

#define TL_TYPE_CONTACT_STORE (tl_contact_store_get_type ())

G_DECLARE_FINAL_TYPE (TlContactStore, tl_contact_store, TL, CONTACT_STORE, GObject)

GQuark          tl_contacts_error_quark              (void);

/* Opens (and upgrades) the database at @path: the call history's file,
 * tl_history_store_default_path(). Its own connection: a store per thread. */
TlContactStore *tl_contact_store_open                (const char          *path,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
const char     *tl_contact_store_get_path            (TlContactStore      *self);

/* The dial plan numbers are stored under (the first account's): "0612…" in a
 * plan with country 31, prefix 0 is kept as +3161…. NULLs: none. */
void            tl_contact_store_set_dial_plan       (TlContactStore      *self,
                                                      const char          *country_code,
                                                      const char          *national_prefix);
/* Merges the system address book into lookups and searches (read only). */
void            tl_contact_store_set_address_book    (TlContactStore      *self,
                                                      TlAddressBook       *address_book);

guint           tl_contact_store_get_n_contacts      (TlContactStore      *self);
/* Sets the contact's id. Needs a name and at least one number. */
gboolean        tl_contact_store_add                 (TlContactStore      *self,
                                                      TlContact           *contact,
                                                      GError             **error);
gboolean        tl_contact_store_update              (TlContactStore      *self,
                                                      TlContact           *contact,
                                                      GError             **error);
gboolean        tl_contact_store_remove              (TlContactStore      *self,
                                                      gint64               id,
                                                      GError             **error);
TlContact      *tl_contact_store_lookup              (TlContactStore      *self,
                                                      gint64               id,
                                                      GError             **error);
/* The contact (own first, then the system's) that holds @uri_or_number, or NULL. */
TlContact      *tl_contact_store_find_by_number      (TlContactStore      *self,
                                                      const char          *uri_or_number,
                                                      const char          *country_code,
                                                      const char          *national_prefix);

/* Contacts sorted by name whose name, organisation or number holds @text
 * (any case, any accents; digits of a number in any formatting). NULL or ""
 * gives all of them. A new model per search: it follows later changes. */
GListModel     *tl_contact_store_search              (TlContactStore      *self,
                                                      const char          *text);

/* Reads a vCard file into the store in a thread of its own (its own
 * connection, committing in chunks so the history is never kept waiting). */
void            tl_contact_store_import_async        (TlContactStore      *self,
                                                      GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
TlContactImportResult *tl_contact_store_import_finish (TlContactStore     *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* The same, blocking: for the command line and tests. */
TlContactImportResult *tl_contact_store_import_file  (TlContactStore      *self,
                                                      GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

G_END_DECLS
