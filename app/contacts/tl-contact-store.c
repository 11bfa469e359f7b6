/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trunkline's contacts, in the history's SQLite file: add, edit, remove, find by number, search. */

#define G_LOG_DOMAIN "tl-contacts"

#include "config.h"

#include "tl-contact-store.h"
#include "tl-contact-store-private.h"

#include <string.h>

#include "tl-contact-list.h"
#include "tl-history-schema-private.h"
#include "tl-name-resolver.h"
#include "tl-phone-number.h"

#define BUSY_TIMEOUT_MS 5000
/* A search longer than this finds nothing more in a contact list. */
#define MAX_SEARCH_CHARS 64

typedef struct {
  TlContact *contact;
  char      *sort_key;
  char      *search_text;
} SystemEntry;

/* One own contact in the search index: what a search reads, in name order. */
typedef struct {
  gint64      id;
  const char *sort_key;      /* in index_strings */
  const char *search_text;
} IndexEntry;

struct _TlContactStore
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  GHashTable    *statements;
  char          *country_code;
  char          *national_prefix;

  /* Searches run over this copy of sort keys and search texts (about 1 MB
   * for 10 000 contacts) rather than SQL: a LIKE over every row costs tens of
   * milliseconds a keystroke, a scan in memory one. It is read again after
   * our own writes and when another connection (an import thread, the
   * command line) changed the file: PRAGMA data_version says so. */
  GArray        *index;         /* IndexEntry, or NULL until read */
  GStringChunk  *index_strings;
  gint64         index_version;

  TlAddressBook *address_book;
  GPtrArray     *system;        /* SystemEntry, sorted by sort_key */
  GHashTable    *system_keys;   /* match key → SystemEntry (not owned) */
};

static void name_resolver_iface_init (TlNameResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlContactStore, tl_contact_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TL_TYPE_NAME_RESOLVER, name_resolver_iface_init))

G_DEFINE_QUARK (tl-contacts-error-quark, tl_contacts_error)

/* ---- SQL -------------------------------------------------------------------------- */

static gboolean
sqlite_error (GError         **error,
              TlContactStore  *self,
              int              rc,
              const char      *what)
{
  g_set_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_FAILED, "%s: %s", what,
               self->db != NULL && sqlite3_errcode (self->db) == rc ? sqlite3_errmsg (self->db)
                                                                     : sqlite3_errstr (rc));
  return FALSE;
}

sqlite3 *
tl_contact_store_get_db (TlContactStore *self)
{
  return self->db;
}

sqlite3_stmt *
tl_contact_store_prepare (TlContactStore  *self,
                          const char      *sql,
                          GError         **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_error (error, self, rc, "Could not read the contacts");
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
tl_contact_store_exec (TlContactStore  *self,
                       const char      *sql,
                       GError         **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return sqlite_error (error, self, rc, "Could not change the contacts");
  return TRUE;
}

static gboolean
step_done (TlContactStore  *self,
           sqlite3_stmt    *stmt,
           GError         **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return sqlite_error (error, self, rc, "Could not change the contacts");
  return TRUE;
}

static gboolean
commit_or_rollback (TlContactStore  *self,
                    gboolean         ok,
                    GError         **error)
{
  if (ok && tl_contact_store_exec (self, "COMMIT", error))
    return TRUE;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
drop_index (TlContactStore *self)
{
  g_clear_pointer (&self->index, g_array_unref);
  g_clear_pointer (&self->index_strings, g_string_chunk_free);
}

void
tl_contact_store_emit_changed (TlContactStore *self)
{
  drop_index (self);
  tl_name_resolver_emit_changed (TL_NAME_RESOLVER (self));
}

/* ---- opening ---------------------------------------------------------------------- */

TlContactStore *
tl_contact_store_open (const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(TlContactStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  self = g_object_new (TL_TYPE_CONTACT_STORE, NULL);
  self->path = g_strdup (path);
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_error (error, self, rc, "Could not open the contacts");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (!tl_contact_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                                    "PRAGMA temp_store = MEMORY;", error))
    return NULL;
  /* The history's migrations own the file's schema; contacts came with version 3. */
  if (!tl_history_schema_migrate (self->db, &local_error))
    {
      g_set_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_TOO_OLD,
                   "The contacts are unavailable: %s", local_error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
tl_contact_store_get_path (TlContactStore *self)
{
  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), NULL);
  return self->path;
}

const char *
tl_contact_store_get_country_code (TlContactStore *self)
{
  return self->country_code;
}

const char *
tl_contact_store_get_national_prefix (TlContactStore *self)
{
  return self->national_prefix;
}

void
tl_contact_store_set_dial_plan (TlContactStore *self,
                                const char     *country_code,
                                const char     *national_prefix)
{
  g_return_if_fail (TL_IS_CONTACT_STORE (self));

  g_free (self->country_code);
  g_free (self->national_prefix);
  self->country_code = g_strdup (country_code != NULL && *country_code != '\0' ? country_code : NULL);
  self->national_prefix = g_strdup (national_prefix != NULL && *national_prefix != '\0' ? national_prefix : NULL);
}

/* ---- writing ---------------------------------------------------------------------- */

static char *
match_key (TlContactStore *self,
           const char     *number)
{
  return tl_contact_number_match_key (number, self->country_code, self->national_prefix);
}

/* The folded name and organisation, then each number's digits as written and
 * as matched (and its national form), so that a search by any of them finds it. */
static char *
build_search_text (TlContactStore *self,
                   TlContact      *contact)
{
  g_autofree char *name = tl_contact_fold_text (tl_contact_get_name (contact));
  g_autofree char *organisation = tl_contact_fold_text (tl_contact_get_organisation (contact));
  GString *out = g_string_new (name);

  g_string_append_c (out, '\n');
  g_string_append (out, organisation);
  for (guint i = 0; i < tl_contact_get_n_numbers (contact); i++)
    {
      const char *number = tl_contact_get_number (contact, i)->number;
      g_autofree char *key = match_key (self, number);
      g_autofree char *forms = tl_phone_number_search_key (key, number, self->country_code,
                                                           self->national_prefix);

      g_string_append_c (out, '\n');
      g_string_append (out, forms);
    }
  return g_string_free (out, FALSE);
}

static gboolean
validate (TlContact  *contact,
          GError    **error)
{
  if (tl_contact_get_read_only (contact))
    {
      g_set_error_literal (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_READ_ONLY,
                           "This contact is in the system address book: change it there");
      return FALSE;
    }
  if (tl_contact_get_name (contact)[0] == '\0')
    {
      g_set_error_literal (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_INVALID, "A contact needs a name");
      return FALSE;
    }
  if (tl_contact_get_n_numbers (contact) == 0)
    {
      g_set_error_literal (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_INVALID,
                           "A contact needs at least one number");
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_numbers (TlContactStore  *self,
               gint64           id,
               TlContact       *contact,
               GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = tl_contact_store_prepare (self, "DELETE FROM contact_numbers WHERE contact_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < tl_contact_get_n_numbers (contact); i++)
    {
      const TlContactNumber *number = tl_contact_get_number (contact, i);
      g_autofree char *key = match_key (self, number->number);

      stmt = tl_contact_store_prepare (self,
                                       "INSERT INTO contact_numbers (contact_id, position, number, type, match_key)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_text (stmt, 3, number->number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, tl_contact_number_type_to_string (number->type), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, key, -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_contact (TlContactStore *self,
              sqlite3_stmt   *stmt,
              TlContact      *contact)
{
  g_autofree char *sort_key = tl_contact_fold_text (tl_contact_get_name (contact));
  g_autofree char *search_text = build_search_text (self, contact);
  GBytes *photo = tl_contact_get_photo (contact);

  /* Bound, never glued in: names come from vCards and the network. */
  if (tl_contact_get_uid (contact) != NULL)
    sqlite3_bind_text (stmt, 2, tl_contact_get_uid (contact), -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, tl_contact_get_name (contact), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, sort_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, tl_contact_get_organisation (contact), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, tl_contact_get_note (contact), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, search_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
  if (photo != NULL)
    sqlite3_bind_blob (stmt, 9, g_bytes_get_data (photo, NULL), (int) g_bytes_get_size (photo),
                       SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 9);
}

static gboolean
insert_contact (TlContactStore  *self,
                TlContact       *contact,
                GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  stmt = tl_contact_store_prepare (self,
                                   "INSERT INTO contacts (uid, name, sort_key, organisation, note, search_text,"
                                   " modified, photo) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  bind_contact (self, stmt, contact);
  if (!step_done (self, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (self->db);
  if (!write_numbers (self, id, contact, error))
    return FALSE;
  tl_contact_set_id (contact, id);
  return TRUE;
}

static gboolean
update_contact (TlContactStore  *self,
                TlContact       *contact,
                GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = tl_contact_store_prepare (self,
                                   "UPDATE contacts SET uid = ?2, name = ?3, sort_key = ?4, organisation = ?5,"
                                   " note = ?6, search_text = ?7, modified = ?8, photo = ?9 WHERE id = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tl_contact_get_id (contact));
  bind_contact (self, stmt, contact);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_NOT_FOUND,
                   "There is no contact %" G_GINT64_FORMAT, tl_contact_get_id (contact));
      return FALSE;
    }
  return write_numbers (self, tl_contact_get_id (contact), contact, error);
}

gboolean
tl_contact_store_add (TlContactStore  *self,
                      TlContact       *contact,
                      GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), FALSE);
  g_return_val_if_fail (TL_IS_CONTACT (contact), FALSE);

  if (!validate (contact, error) || !tl_contact_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = insert_contact (self, contact, error);
  if (!commit_or_rollback (self, ok, ok ? error : NULL))
    {
      tl_contact_set_id (contact, 0);
      return FALSE;
    }
  g_debug ("Contact %" G_GINT64_FORMAT " added", tl_contact_get_id (contact));
  tl_contact_store_emit_changed (self);
  return TRUE;
}

gboolean
tl_contact_store_update (TlContactStore  *self,
                         TlContact       *contact,
                         GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), FALSE);
  g_return_val_if_fail (TL_IS_CONTACT (contact), FALSE);

  if (!validate (contact, error))
    return FALSE;
  if (tl_contact_get_id (contact) <= 0)
    {
      g_set_error_literal (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_NOT_FOUND, "The contact was never saved");
      return FALSE;
    }
  if (!tl_contact_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = update_contact (self, contact, error);
  if (!commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;
  tl_contact_store_emit_changed (self);
  return TRUE;
}

static gboolean
delete_by_id (TlContactStore  *self,
              const char      *sql,
              gint64           id,
              int             *n_changed,
              GError         **error)
{
  sqlite3_stmt *stmt = tl_contact_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (n_changed != NULL)
    *n_changed = sqlite3_changes (self->db);
  return TRUE;
}

gboolean
tl_contact_store_remove (TlContactStore  *self,
                         gint64           id,
                         GError         **error)
{
  gboolean ok;
  int n_changed = 0;

  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), FALSE);

  if (!tl_contact_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = delete_by_id (self, "DELETE FROM contacts WHERE id = ?1", id, &n_changed, error)
       && delete_by_id (self, "DELETE FROM contact_numbers WHERE contact_id = ?1", id, NULL, error);
  if (ok && n_changed == 0)
    {
      g_set_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_NOT_FOUND,
                   "There is no contact %" G_GINT64_FORMAT, id);
      commit_or_rollback (self, FALSE, NULL);
      return FALSE;
    }
  if (!commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;
  g_debug ("Contact %" G_GINT64_FORMAT " removed", id);
  tl_contact_store_emit_changed (self);
  return TRUE;
}

/* ---- reading ---------------------------------------------------------------------- */

guint
tl_contact_store_get_n_contacts (TlContactStore *self)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), 0);

  stmt = tl_contact_store_prepare (self, "SELECT count(*) FROM contacts", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

TlContact *
tl_contact_store_lookup (TlContactStore  *self,
                         gint64           id,
                         GError         **error)
{
  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), NULL);
  return tl_contact_store_load (self, id, TRUE, error);
}

/* Without the photo for list rows: a list binds some two hundred of them. */
TlContact *
tl_contact_store_load (TlContactStore  *self,
                       gint64           id,
                       gboolean         with_photo,
                       GError         **error)
{
  g_autoptr(TlContact) contact = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_contact_store_prepare (self, with_photo
                                         ? "SELECT uid, name, organisation, note, photo FROM contacts WHERE id = ?1"
                                         : "SELECT uid, name, organisation, note, NULL FROM contacts WHERE id = ?1",
                                   error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      contact = tl_contact_new (column_text (stmt, 1));
      tl_contact_set_id (contact, id);
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        tl_contact_set_uid (contact, column_text (stmt, 0));
      tl_contact_set_organisation (contact, column_text (stmt, 2));
      tl_contact_set_note (contact, column_text (stmt, 3));
      if (sqlite3_column_bytes (stmt, 4) > 0)
        {
          g_autoptr(GBytes) photo = g_bytes_new (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4));

          tl_contact_set_photo (contact, photo);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_NOT_FOUND,
                     "There is no contact %" G_GINT64_FORMAT, id);
      else
        sqlite_error (error, self, rc, "Could not read the contact");
      return NULL;
    }

  stmt = tl_contact_store_prepare (self, "SELECT number, type FROM contact_numbers WHERE contact_id = ?1"
                                         " ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TlContactNumberType type = TL_CONTACT_NUMBER_OTHER;

      tl_contact_number_type_from_string (column_text (stmt, 1), &type);
      tl_contact_add_number (contact, column_text (stmt, 0), type);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&contact);
}

/* The own contact that holds one of @keys (the first key that matches wins;
 * among contacts sharing a number, the first by name), or 0. */
static gint64
find_own (TlContactStore     *self,
          const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = tl_contact_store_prepare (self,
                                                     "SELECT c.id FROM contact_numbers n"
                                                     " JOIN contacts c ON c.id = n.contact_id"
                                                     " WHERE n.match_key = ?1 ORDER BY c.sort_key, c.id LIMIT 1",
                                                     NULL);
      gint64 id = 0;

      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (id > 0)
        return id;
    }
  return 0;
}

static SystemEntry *
find_system (TlContactStore     *self,
             const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      SystemEntry *entry = g_hash_table_lookup (self->system_keys, keys[i]);

      if (entry != NULL)
        return entry;
    }
  return NULL;
}

TlContact *
tl_contact_store_find_by_number (TlContactStore *self,
                                 const char     *uri_or_number,
                                 const char     *country_code,
                                 const char     *national_prefix)
{
  g_auto(GStrv) keys = NULL;
  SystemEntry *entry;
  gint64 id;

  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), NULL);

  keys = tl_contact_number_lookup_keys (uri_or_number,
                                        country_code != NULL ? country_code : self->country_code,
                                        national_prefix != NULL ? national_prefix : self->national_prefix);
  id = find_own (self, (const char * const *) keys);
  if (id > 0)
    return tl_contact_store_lookup (self, id, NULL);
  entry = find_system (self, (const char * const *) keys);
  return entry != NULL ? g_object_ref (entry->contact) : NULL;
}

static char *
store_lookup_name (TlNameResolver *resolver,
                   const char     *uri_or_number,
                   const char     *country_code,
                   const char     *national_prefix)
{
  TlContactStore *self = TL_CONTACT_STORE (resolver);
  g_auto(GStrv) keys = NULL;
  SystemEntry *entry;
  char *name = NULL;

  keys = tl_contact_number_lookup_keys (uri_or_number,
                                        country_code != NULL ? country_code : self->country_code,
                                        national_prefix != NULL ? national_prefix : self->national_prefix);
  for (guint i = 0; keys[i] != NULL && name == NULL; i++)
    {
      sqlite3_stmt *stmt = tl_contact_store_prepare (self,
                                                     "SELECT c.name FROM contact_numbers n"
                                                     " JOIN contacts c ON c.id = n.contact_id"
                                                     " WHERE n.match_key = ?1 ORDER BY c.sort_key, c.id LIMIT 1",
                                                     NULL);

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        name = g_strdup (column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  if (name != NULL)
    return name;
  entry = find_system (self, (const char * const *) keys);
  return entry != NULL ? g_strdup (tl_contact_get_name (entry->contact)) : NULL;
}

static void
name_resolver_iface_init (TlNameResolverInterface *iface)
{
  iface->lookup_name = store_lookup_name;
}

/* ---- search ----------------------------------------------------------------------- */

static gboolean
looks_like_number (const char *text)
{
  gboolean digit = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (strchr (" +-.()/", *p) == NULL)
        return FALSE;
    }
  return digit;
}

/* What a search looks for in search_text: the digits of a number in any
 * formatting, else the folded text. NULL: everything. */
static char *
search_needle (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *digits = NULL;

  if (text == NULL)
    return NULL;
  valid = g_strstrip (g_utf8_make_valid (text, -1));
  if (valid[0] == '\0')
    return NULL;
  if (g_utf8_strlen (valid, -1) > MAX_SEARCH_CHARS)
    *g_utf8_offset_to_pointer (valid, MAX_SEARCH_CHARS) = '\0';
  if (!looks_like_number (valid))
    return tl_contact_fold_text (valid);
  digits = tl_phone_number_digits (valid);
  return g_strdup (digits[0] == '+' ? digits + 1 : digits);
}

static int
compare_keys (const char *a_key,
              gint64      a_id,
              const char *b_key,
              gint64      b_id)
{
  int c = strcmp (a_key, b_key);

  if (c != 0)
    return c;
  return a_id < b_id ? -1 : a_id > b_id;
}

static gint64
data_version (TlContactStore *self)
{
  sqlite3_stmt *stmt = tl_contact_store_prepare (self, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

static GArray *
ensure_index (TlContactStore *self)
{
  gint64 version = data_version (self);
  sqlite3_stmt *stmt;

  if (self->index != NULL && version == self->index_version)
    return self->index;
  drop_index (self);
  self->index = g_array_new (FALSE, FALSE, sizeof (IndexEntry));
  self->index_strings = g_string_chunk_new (64 * 1024);
  self->index_version = version;
  stmt = tl_contact_store_prepare (self, "SELECT id, sort_key, search_text FROM contacts ORDER BY sort_key, id", NULL);
  if (stmt == NULL)
    return self->index;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      IndexEntry entry = {
        .id = sqlite3_column_int64 (stmt, 0),
        .sort_key = g_string_chunk_insert (self->index_strings, column_text (stmt, 1)),
        .search_text = g_string_chunk_insert (self->index_strings, column_text (stmt, 2)),
      };

      g_array_append_val (self->index, entry);
    }
  sqlite3_reset (stmt);
  return self->index;
}

GArray *
tl_contact_store_query_refs (TlContactStore *self,
                             const char     *text)
{
  g_autofree char *needle = search_needle (text);
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (TlContactRef));
  GArray *index = ensure_index (self);
  guint next_system = 0;

  /* Own and system contacts come sorted by the same key: merge them. */
  for (guint i = 0; i < index->len; i++)
    {
      const IndexEntry *own = &g_array_index (index, IndexEntry, i);
      gint64 id = own->id;
      const char *key = own->sort_key;
      TlContactRef ref = { .id = id };

      if (needle != NULL && strstr (own->search_text, needle) == NULL)
        continue;

      while (next_system < self->system->len)
        {
          SystemEntry *entry = g_ptr_array_index (self->system, next_system);

          if (compare_keys (entry->sort_key, tl_contact_get_id (entry->contact), key, id) > 0)
            break;
          next_system++;
          if (needle == NULL || strstr (entry->search_text, needle) != NULL)
            {
              TlContactRef system_ref = { .system = entry->contact };

              g_array_append_val (refs, system_ref);
            }
        }
      g_array_append_val (refs, ref);
    }
  for (; next_system < self->system->len; next_system++)
    {
      SystemEntry *entry = g_ptr_array_index (self->system, next_system);

      if (needle == NULL || strstr (entry->search_text, needle) != NULL)
        {
          TlContactRef system_ref = { .system = entry->contact };

          g_array_append_val (refs, system_ref);
        }
    }
  return refs;
}

GListModel *
tl_contact_store_search (TlContactStore *self,
                         const char     *text)
{
  g_return_val_if_fail (TL_IS_CONTACT_STORE (self), NULL);
  return G_LIST_MODEL (tl_contact_list_new (self, text));
}

/* ---- importing: duplicates -------------------------------------------------------- */

static gint64
find_duplicate (TlContactStore *self,
                TlContact      *contact)
{
  g_autofree char *sort_key = tl_contact_fold_text (tl_contact_get_name (contact));
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (tl_contact_get_uid (contact) != NULL)
    {
      stmt = tl_contact_store_prepare (self, "SELECT id FROM contacts WHERE uid = ?1", NULL);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, tl_contact_get_uid (contact), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (id > 0)
        return id;
    }

  /* The same person exported twice: same name and a number in common. */
  for (guint i = 0; i < tl_contact_get_n_numbers (contact) && id == 0; i++)
    {
      g_autofree char *key = match_key (self, tl_contact_get_number (contact, i)->number);

      stmt = tl_contact_store_prepare (self,
                                       "SELECT c.id FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id"
                                       " WHERE n.match_key = ?1 AND c.sort_key = ?2 LIMIT 1", NULL);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, sort_key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return id;
}

gboolean
tl_contact_store_merge_or_add (TlContactStore  *self,
                               TlContact       *contact,
                               gboolean        *merged,
                               GError         **error)
{
  g_autoptr(TlContact) existing = NULL;
  gint64 id;

  *merged = FALSE;
  if (!validate (contact, error))
    return FALSE;
  id = find_duplicate (self, contact);
  if (id == 0 || (existing = tl_contact_store_lookup (self, id, NULL)) == NULL)
    return insert_contact (self, contact, error);

  /* What the card adds: its numbers, and what the contact had no value for. */
  for (guint i = 0; i < tl_contact_get_n_numbers (contact); i++)
    tl_contact_add_number (existing, tl_contact_get_number (contact, i)->number,
                           tl_contact_get_number (contact, i)->type);
  if (tl_contact_get_organisation (existing)[0] == '\0')
    tl_contact_set_organisation (existing, tl_contact_get_organisation (contact));
  if (tl_contact_get_note (existing)[0] == '\0')
    tl_contact_set_note (existing, tl_contact_get_note (contact));
  if (tl_contact_get_photo (existing) == NULL)
    tl_contact_set_photo (existing, tl_contact_get_photo (contact));
  if (tl_contact_get_uid (existing) == NULL)
    tl_contact_set_uid (existing, tl_contact_get_uid (contact));
  *merged = TRUE;
  tl_contact_set_id (contact, id);
  return update_contact (self, existing, error);
}

/* ---- the system address book ---------------------------------------------------------- */

static void
system_entry_free (SystemEntry *entry)
{
  g_object_unref (entry->contact);
  g_free (entry->sort_key);
  g_free (entry->search_text);
  g_free (entry);
}

static TlContactNumberType
type_from_words (const char *words)
{
  g_autofree char *lower = g_ascii_strdown (words != NULL ? words : "", -1);

  if (strstr (lower, "fax") != NULL)
    return TL_CONTACT_NUMBER_FAX;
  if (strstr (lower, "pager") != NULL)
    return TL_CONTACT_NUMBER_PAGER;
  if (strstr (lower, "cell") != NULL || strstr (lower, "mobile") != NULL)
    return TL_CONTACT_NUMBER_MOBILE;
  if (strstr (lower, "main") != NULL)
    return TL_CONTACT_NUMBER_MAIN;
  if (strstr (lower, "work") != NULL)
    return TL_CONTACT_NUMBER_WORK;
  if (strstr (lower, "home") != NULL)
    return TL_CONTACT_NUMBER_HOME;
  return TL_CONTACT_NUMBER_OTHER;
}

static int
compare_system (gconstpointer a,
                gconstpointer b)
{
  const SystemEntry *x = *(SystemEntry **) a;
  const SystemEntry *y = *(SystemEntry **) b;

  return compare_keys (x->sort_key, tl_contact_get_id (x->contact), y->sort_key, tl_contact_get_id (y->contact));
}

static void
reload_system (TlContactStore *self)
{
  g_autoptr(GPtrArray) cards = NULL;

  g_hash_table_remove_all (self->system_keys);
  g_ptr_array_set_size (self->system, 0);
  if (self->address_book == NULL)
    return;
  cards = tl_address_book_dup_cards (self->address_book);
  for (guint i = 0; i < cards->len; i++)
    {
      TlAddressBookCard *card = g_ptr_array_index (cards, i);
      SystemEntry *entry;
      TlContact *contact = tl_contact_new (card->name);

      for (guint n = 0; card->numbers[n] != NULL; n++)
        tl_contact_add_number (contact, card->numbers[n], type_from_words (card->types[n]));
      if (tl_contact_get_n_numbers (contact) == 0)
        {
          g_object_unref (contact);
          continue;
        }
      if (tl_contact_get_name (contact)[0] == '\0')
        tl_contact_set_name (contact, tl_contact_get_number (contact, 0)->number);
      tl_contact_set_uid (contact, card->uid);
      /* Negative ids: shown and called, never stored or edited here. */
      tl_contact_set_id (contact, -(gint64) (self->system->len + 1));
      tl_contact_mark_read_only (contact);
      entry = g_new0 (SystemEntry, 1);
      entry->contact = contact;
      entry->sort_key = tl_contact_fold_text (tl_contact_get_name (contact));
      entry->search_text = build_search_text (self, contact);
      g_ptr_array_add (self->system, entry);
    }
  g_ptr_array_sort (self->system, compare_system);
  for (guint i = 0; i < self->system->len; i++)
    {
      SystemEntry *entry = g_ptr_array_index (self->system, i);

      for (guint n = 0; n < tl_contact_get_n_numbers (entry->contact); n++)
        {
          char *key = match_key (self, tl_contact_get_number (entry->contact, n)->number);

          /* Own contacts are asked first; among system ones the first by name wins. */
          if (key[0] != '\0' && !g_hash_table_contains (self->system_keys, key))
            g_hash_table_insert (self->system_keys, key, entry);
          else
            g_free (key);
        }
    }
  g_debug ("System address book: %u contacts with a number", self->system->len);
}

static void
address_book_changed_cb (TlContactStore *self)
{
  reload_system (self);
  tl_contact_store_emit_changed (self);
}

void
tl_contact_store_set_address_book (TlContactStore *self,
                                   TlAddressBook  *address_book)
{
  g_return_if_fail (TL_IS_CONTACT_STORE (self));

  if (self->address_book != NULL)
    g_signal_handlers_disconnect_by_data (self->address_book, self);
  g_set_object (&self->address_book, address_book);
  if (address_book != NULL)
    g_signal_connect_object (address_book, "changed", G_CALLBACK (address_book_changed_cb), self,
                             G_CONNECT_SWAPPED);
  address_book_changed_cb (self);
}

/* ---- the object ----------------------------------------------------------------------- */

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
tl_contact_store_dispose (GObject *object)
{
  TlContactStore *self = TL_CONTACT_STORE (object);

  if (self->address_book != NULL)
    g_signal_handlers_disconnect_by_data (self->address_book, self);
  g_clear_object (&self->address_book);
  G_OBJECT_CLASS (tl_contact_store_parent_class)->dispose (object);
}

static void
tl_contact_store_finalize (GObject *object)
{
  TlContactStore *self = TL_CONTACT_STORE (object);

  drop_index (self);
  g_hash_table_unref (self->statements);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_hash_table_unref (self->system_keys);
  g_ptr_array_unref (self->system);
  g_free (self->path);
  g_free (self->country_code);
  g_free (self->national_prefix);
  G_OBJECT_CLASS (tl_contact_store_parent_class)->finalize (object);
}

static void
tl_contact_store_class_init (TlContactStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_contact_store_dispose;
  object_class->finalize = tl_contact_store_finalize;
}

static void
tl_contact_store_init (TlContactStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->system = g_ptr_array_new_with_free_func ((GDestroyNotify) system_entry_free);
  self->system_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
