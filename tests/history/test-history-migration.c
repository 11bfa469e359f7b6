/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the schema migrations: version-1 and version-3 histories are upgraded without loss. */

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

/* Every column version 3 had, of every row, in id order. */
#define V3_ROWS_SQL \
  "SELECT group_concat (quote (id) || quote (account) || quote (direction) || quote (peer_uri)" \
  " || quote (peer_number) || quote (peer_name) || quote (peer_digits) || quote (started)" \
  " || quote (answered) || quote (ended) || quote (duration) || quote (end_reason)" \
  " || quote (sip_code) || quote (codec) || quote (srtp) || quote (setup_ms) || quote (loss)" \
  " || quote (jitter) || quote (rtt) || quote (mos) || quote (missed) || quote (seen), '\n')" \
  " FROM (SELECT * FROM calls ORDER BY id)"

static char *
sql_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* A version-3 file, as version 3 wrote it (its migrations and triggers),
 * with calls of two accounts, repeated peers, a missed unseen one, a hostile
 * name and one still open, is upgraded to version 4 with every row intact. */
static void
test_migrate_v3 (void)
{
  g_autofree char *dir = history_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;
  g_autoptr(TlHistoryModel) model = NULL;
  sqlite3 *db = NULL;
  int i;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (tl_history_schema_migrate_to (db, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (db, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  for (i = 1; i <= 300; i++)
    {
      g_autofree char *answered = i % 4 == 0 ? g_strdup ("NULL") : g_strdup_printf ("%d000001", i);
      g_autofree char *ended = i == 300 ? g_strdup ("NULL") : g_strdup_printf ("%d000060", i);
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO calls (id, account, direction, peer_uri, peer_number, peer_name, peer_digits,"
        " started, answered, ended, duration, end_reason, sip_code, codec, srtp, missed, seen)"
        " VALUES (%d, '%s', %d, 'sip:0201234%03d@x', '+31201234%03d', '%s', '31201234%03d 0201234%03d',"
        " %d000000, %s, %s, %d, 'normal', 200, 'opus', 1, %d, %d)",
        i, i % 3 == 0 ? "home" : "work", i % 2, i % 10, i % 10,
        i % 7 == 0 ? "<b>%s%n</b> O''Brien" : i % 10 == 0 ? "" : "Anna de Vries",
        i % 10, i % 10, i,
        answered, ended,
        i % 4 == 0 ? 0 : 59,
        i % 2 == 0 && i % 4 == 0, i % 8 != 0);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  before = sql_text (db, V3_ROWS_SQL " WHERE id < 300");
  sqlite3_close (db);

  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_CHECK_INTEGRITY, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (tl_history_store_get_recovered_from_corruption (store));
  db = tl_history_store_get_db (store);
  g_assert_cmpint (sql_int (db, "PRAGMA user_version"), ==, 4);

  /* Row 300 was left open: the first start closes it, as on any start. */
  after = sql_text (db, V3_ROWS_SQL " WHERE id < 300");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM calls WHERE ended IS NOT NULL AND id = 300"), ==, 1);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM calls WHERE peer_id IS NULL"), ==, 0);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'calls_fts'"), ==, 0);

  /* The kept counts start from the rows already there. */
  g_assert_cmpint (sql_int (db, "SELECT total FROM counters"), ==, 300);
  g_assert_cmpint (sql_int (db, "SELECT sum(total) FROM peers"), ==, 300);
  g_assert_cmpint (sql_int (db, "SELECT missed FROM account_counters WHERE account = 'home'"), ==,
                   sql_int (db, "SELECT count(*) FROM calls WHERE account = 'home' AND missed"));
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (store), ==,
                    sql_int (db, "SELECT count(*) FROM calls WHERE missed AND NOT seen"));

  model = tl_history_model_new (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);
  tl_history_model_set_search (model, "brien");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 42);
  tl_history_model_set_search (model, "020 1234 007");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  tl_history_model_set_filter (model, TL_HISTORY_FILTER_MISSED);
  tl_history_model_set_account_id (model, "home");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    sql_int (db, "SELECT count(*) FROM calls WHERE account = 'home' AND missed"
                                 " AND peer_digits LIKE '%0201234007%'"));

  g_clear_object (&model);
  g_clear_object (&store);
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
  g_test_add_func ("/history/migration/v3", test_migrate_v3);
  g_test_add_func ("/history/migration/too-new", test_too_new);
  return g_test_run ();
}
