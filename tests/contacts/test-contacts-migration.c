/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the contacts migration: an older history file gains the contacts tables and keeps every call. */
#include "config.h"

#include "contacts-test-util.h"
#include "tl-contact-store-private.h"
#include "tl-history-schema-private.h"
#include "tl-history-store-private.h"
#include "tl-name-resolver.h"

static gint64
sql_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
copy_fixture (const char *dir)
{
  g_autofree char *fixture = g_build_filename (TL_HISTORY_FIXTURES, "history-v1.sqlite", NULL);
  char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (fixture, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  return path;
}

static void
check_history_kept (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) history = NULL;
  g_autoptr(TlHistoryEntry) entry = NULL;
  sqlite3 *db;

  history = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_CHECK_INTEGRITY, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (tl_history_store_get_recovered_from_corruption (history));
  db = tl_history_store_get_db (history);
  g_assert_cmpint (sql_int (db, "PRAGMA user_version"), ==, TL_HISTORY_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM calls"), ==, 6);
  g_assert_cmpint (sql_int (db, "SELECT total FROM counters"), ==, 6);
  entry = tl_history_store_lookup (history, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_history_entry_get_peer_name (entry), ==, "Anna de Vries");
}

/* The contact store opens a version-1 file first: it runs every migration. */
static void
test_contacts_open_old_file (void)
{
  g_autofree char *dir = contacts_test_make_dir ();
  g_autofree char *path = copy_fixture (dir);
  g_autoptr(TlContactStore) store = NULL;
  g_autoptr(TlContact) contact = tl_contact_new ("Anna de Vries");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  store = tl_contact_store_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (tl_contact_store_get_db (store), "PRAGMA user_version"), >=,
                   TL_HISTORY_SCHEMA_CONTACTS_VERSION);
  g_assert_cmpuint (tl_contact_store_get_n_contacts (store), ==, 0);
  tl_contact_add_number (contact, "+31 20 123 4567", TL_CONTACT_NUMBER_WORK);
  g_assert_true (tl_contact_store_add (store, contact, &error));
  g_assert_no_error (error);
  name = tl_name_resolver_lookup_name (TL_NAME_RESOLVER (store), "sip:+31201234567@example.net", NULL, NULL);
  g_assert_cmpstr (name, ==, "Anna de Vries");
  g_clear_object (&store);

  check_history_kept (path);
  contacts_test_remove_dir (dir);
}

/* The history store upgrades it (as the app does), then contacts find their tables. */
static void
test_history_upgrades_first (void)
{
  g_autofree char *dir = contacts_test_make_dir ();
  g_autofree char *path = copy_fixture (dir);
  g_autoptr(TlContactStore) store = NULL;
  g_autoptr(GError) error = NULL;

  check_history_kept (path);
  store = tl_contact_store_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (tl_contact_store_get_db (store),
                            "SELECT count(*) FROM sqlite_schema WHERE name IN ('contacts', 'contact_numbers',"
                            " 'contact_numbers_by_key')"), ==, 3);
  g_clear_object (&store);
  contacts_test_remove_dir (dir);
}

/* A file from a newer Trunkline is left alone, and says so. */
static void
test_too_new (void)
{
  g_autofree char *dir = contacts_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autoptr(TlContactStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = tl_contact_store_open (path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, TL_CONTACTS_ERROR, TL_CONTACTS_ERROR_TOO_OLD);
  contacts_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/contacts/migration/contacts-open-old-file", test_contacts_open_old_file);
  g_test_add_func ("/contacts/migration/history-upgrades-first", test_history_upgrades_first);
  g_test_add_func ("/contacts/migration/too-new", test_too_new);
  return g_test_run ();
}
