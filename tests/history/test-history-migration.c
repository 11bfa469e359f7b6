/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the schema migrations: a committed version-1 history is upgraded without loss. */

#include "config.h"

#include <string.h>

#include "history-test-util.h"
#include "tl-history-model.h"
#include "tl-history-schema-private.h"
#include "tl-history-store-private.h"

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
schema_of (sqlite3 *db)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* Builds a v1 database from the committed SQL with the sqlite3 API. */
static void
build_from_sql (const char *sql_path,
                const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_file_get_contents (sql_path, &sql, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_fixture_matches_v1 (void)
{
  g_autofree char *fixture_sql = g_build_filename (TL_HISTORY_FIXTURES, "history-v1.sql", NULL);
  g_autofree char *fixture_db = g_build_filename (TL_HISTORY_FIXTURES, "history-v1.sqlite", NULL);
  g_autofree char *dir = history_test_make_dir ();
  g_autofree char *built = g_build_filename (dir, "built.sqlite", NULL);
  g_autofree char *from_code = NULL;
  g_autofree char *from_sql = NULL;
  g_autofree char *from_committed = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, tl_history_schema_v1_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  from_code = schema_of (db);
  sqlite3_close (db);

  build_from_sql (fixture_sql, built);
  g_assert_cmpint (sqlite3_open (built, &db), ==, SQLITE_OK);
  from_sql = schema_of (db);
  sqlite3_close (db);

  g_assert_cmpint (sqlite3_open_v2 (fixture_db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  from_committed = schema_of (db);
  g_assert_cmpint (sql_int (db, "PRAGMA user_version"), ==, 1);
  sqlite3_close (db);

  g_assert_cmpstr (from_code, ==, from_sql);
  g_assert_cmpstr (from_code, ==, from_committed);

  g_unlink (built);
  g_rmdir (dir);
}

static void
check_migrated (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;
  g_autoptr(TlHistoryModel) model = NULL;
  g_autoptr(TlHistoryEntry) entry = NULL;
  sqlite3 *db;

  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_CHECK_INTEGRITY, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (tl_history_store_get_recovered_from_corruption (store));
  db = tl_history_store_get_db (store);

  g_assert_cmpint (sql_int (db, "PRAGMA user_version"), ==, TL_HISTORY_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM calls"), ==, 6);
  /* Version 2's counters start from the rows already there. */
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (store), ==, 2);
  g_assert_cmpint (sql_int (db, "SELECT total FROM counters"), ==, 6);

  /* Row 6 was left open by version 1 and is closed on the first start. */
  entry = tl_history_store_lookup (store, 6, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_history_entry_get_end_reason (entry), ==, "interrupted");
  g_clear_object (&entry);

  entry = tl_history_store_lookup (store, 1, &error);
  g_assert_cmpstr (tl_history_entry_get_peer_name (entry), ==, "Anna de Vries");
  g_assert_cmpfloat (tl_history_entry_get_mos (entry), ==, 4.3);
  g_assert_cmpint (tl_history_entry_get_duration (entry), ==, 60);
  g_clear_object (&entry);

  /* Old rows are searchable through the indexes version 2 added. */
  model = tl_history_model_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);
  entry = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (tl_history_entry_get_id (entry), ==, 6);
  g_clear_object (&entry);

  /* v1 kept no dial plan: the national form is known only where it was dialled. */
  tl_history_model_set_search (model, "020 1234");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tl_history_model_set_search (model, "+31 20 1234");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  tl_history_model_set_search (model, "06 1234");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tl_history_model_set_search (model, "brien");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tl_history_model_set_search (model, "zo");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tl_history_model_set_search (model, NULL);
  tl_history_model_set_filter (model, TL_HISTORY_FILTER_MISSED);
  /* The interrupted row 6 is outgoing, so still three missed. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  tl_history_model_set_filter (model, TL_HISTORY_FILTER_ALL);
  tl_history_model_set_account_id (model, "home");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  g_clear_object (&model);
  g_clear_object (&store);

  /* A second open finds nothing to do. */
  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (tl_history_store_get_db (store), "SELECT count(*) FROM calls"), ==, 6);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

static void
test_migrate_committed_fixture (void)
{
  g_autofree char *fixture_db = g_build_filename (TL_HISTORY_FIXTURES, "history-v1.sqlite", NULL);
  g_autofree char *dir = history_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);

  copy_file (fixture_db, path);
  check_migrated (path);
  history_test_remove_dir (dir);
}

static void
test_migrate_built_fixture (void)
{
  g_autofree char *fixture_sql = g_build_filename (TL_HISTORY_FIXTURES, "history-v1.sql", NULL);
  g_autofree char *dir = history_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);

  build_from_sql (fixture_sql, path);
  check_migrated (path);
  history_test_remove_dir (dir);
}

static void
test_too_new (void)
{
  g_autofree char *dir = history_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_error (error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_TOO_NEW);
  g_assert_null (store);
  /* A newer file is not ours to move aside. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  history_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history/migration/fixture-matches-v1", test_fixture_matches_v1);
  g_test_add_func ("/history/migration/committed-fixture", test_migrate_committed_fixture);
  g_test_add_func ("/history/migration/built-fixture", test_migrate_built_fixture);
  g_test_add_func ("/history/migration/too-new", test_too_new);
  return g_test_run ();
}
