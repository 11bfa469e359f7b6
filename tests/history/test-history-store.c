/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the history store: writing calls, crash recovery, full disk, corruption, export. */

#include "config.h"

#include <string.h>

#include "history-test-util.h"
#include "tl-history-model.h"
#include "tl-history-store.h"
#include "tl-history-store-private.h"

typedef struct {
  char           *dir;
  char           *path;
  TlHistoryStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = history_test_make_dir ();
  f->path = g_build_filename (f->dir, "history.sqlite", NULL);
  f->store = tl_history_store_open (f->path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  history_test_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
sql_int (TlHistoryStore *store,
         const char     *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (tl_history_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *)user_data)++;
}

static void
test_begin_end (Fixture       *f,
                gconstpointer  data)
{
  TlHistoryCallStart start = {
    .account_id = "work",
    .direction = TL_HISTORY_DIRECTION_OUTGOING,
    .peer_uri = "sip:020 123 4567@trunk.example",
    .peer_name = "Anna de Vries",
    .started = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC,
    .country_code = "31",
    .national_prefix = "0",
  };
  TlHistoryCallEnd end = {
    .answered = G_GINT64_CONSTANT (1700000002) * G_USEC_PER_SEC,
    .ended = G_GINT64_CONSTANT (1700000062) * G_USEC_PER_SEC,
    .end_reason = "normal",
    .sip_code = 200,
    .codec = "opus",
    .srtp = TRUE,
    .setup_ms = 1800,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryEntry) entry = NULL;
  gint64 id;

  id = tl_history_store_begin_call (f->store, &start, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  entry = tl_history_store_lookup (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_history_entry_get_ended (entry), ==, 0);
  g_assert_cmpstr (tl_history_entry_get_peer_number (entry), ==, "+31201234567");
  g_assert_cmpstr (tl_history_entry_get_peer_name (entry), ==, "Anna de Vries");
  g_clear_object (&entry);

  g_assert_true (tl_history_store_end_call (f->store, id, &end, &error));
  g_assert_no_error (error);
  g_assert_true (tl_history_store_set_quality (f->store, id, 0.5, 3.25, 41, 4.3, &error));
  g_assert_no_error (error);

  entry = tl_history_store_lookup (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_history_entry_get_direction (entry), ==, TL_HISTORY_DIRECTION_OUTGOING);
  g_assert_cmpstr (tl_history_entry_get_account_id (entry), ==, "work");
  g_assert_cmpint (tl_history_entry_get_started (entry), ==, start.started);
  g_assert_cmpint (tl_history_entry_get_answered (entry), ==, end.answered);
  g_assert_cmpint (tl_history_entry_get_ended (entry), ==, end.ended);
  g_assert_cmpint (tl_history_entry_get_duration (entry), ==, 60);
  g_assert_cmpstr (tl_history_entry_get_end_reason (entry), ==, "normal");
  g_assert_cmpint (tl_history_entry_get_sip_code (entry), ==, 200);
  g_assert_cmpstr (tl_history_entry_get_codec (entry), ==, "opus");
  g_assert_true (tl_history_entry_get_srtp (entry));
  g_assert_cmpint (tl_history_entry_get_setup_ms (entry), ==, 1800);
  g_assert_cmpfloat (tl_history_entry_get_jitter (entry), ==, 3.25);
  g_assert_cmpfloat (tl_history_entry_get_mos (entry), ==, 4.3);
  g_assert_false (tl_history_entry_get_missed (entry));

  {
    TlHistoryCallStart e164 = start;
    g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);

    e164.peer_uri = "sip:+31 30 765 4321@trunk.example";
    tl_history_store_begin_call (f->store, &e164, &error);
    g_assert_no_error (error);
    tl_history_model_set_search (model, "030-765");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
    tl_history_model_set_search (model, "+31 30 765");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  }

  g_assert_false (tl_history_store_end_call (f->store, 999999, &end, &error));
  g_assert_error (error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_NOT_FOUND);
}

static void
test_missed_count (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TlHistoryCallStart start = { .direction = TL_HISTORY_DIRECTION_INCOMING, .peer_uri = "sip:1@x" };
  TlHistoryCallEnd declined = { .end_reason = "declined", .sip_code = 603, .declined = TRUE };
  guint notified = 0;
  gint64 a, b, c;

  g_signal_connect (f->store, "notify::unseen-missed-count", G_CALLBACK (count_notify), &notified);

  a = history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:1@x", "A", 10, FALSE);
  b = history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:2@x", "B", 20, FALSE);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:3@x", "C", 30, TRUE);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_OUTGOING, "w", "sip:4@x", "D", 40, FALSE);
  c = tl_history_store_begin_call (f->store, &start, &error);
  g_assert_true (tl_history_store_end_call (f->store, c, &declined, &error));

  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 2);
  g_assert_cmpuint (notified, ==, 2);

  g_assert_true (tl_history_store_mark_seen (f->store, a, &error));
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 1);
  g_assert_true (tl_history_store_mark_seen (f->store, a, &error));
  g_assert_cmpuint (notified, ==, 3);

  g_assert_true (tl_history_store_delete (f->store, b, &error));
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 0);

  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:5@x", "E", 50, FALSE);
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 1);
  g_assert_true (tl_history_store_mark_all_seen (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 0);
  /* The counter kept by triggers agrees with a real count. */
  g_assert_cmpint (sql_int (f->store, "SELECT unseen_missed FROM counters"), ==,
                   sql_int (f->store, "SELECT count(*) FROM calls WHERE missed AND NOT seen"));
  g_assert_cmpint (sql_int (f->store, "SELECT total FROM counters"), ==, 5);
}

static void
test_interrupted (Fixture       *f,
                  gconstpointer  data)
{
  TlHistoryCallStart in = { .direction = TL_HISTORY_DIRECTION_INCOMING, .peer_uri = "sip:1@x" };
  TlHistoryCallStart out = { .direction = TL_HISTORY_DIRECTION_OUTGOING, .peer_uri = "sip:2@x" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) cli = NULL;
  g_autoptr(TlHistoryStore) other = NULL;
  g_autoptr(TlHistoryEntry) entry = NULL;
  gint64 a, b;

  a = tl_history_store_begin_call (f->store, &in, &error);
  b = tl_history_store_begin_call (f->store, &out, &error);
  g_assert_no_error (error);

  /* A second opener while the owner lives (the CLI, or no flag at all) leaves live calls alone. */
  cli = tl_history_store_open (f->path, TL_HISTORY_STORE_OPEN_NO_RECOVERY, NULL, &error);
  g_assert_no_error (error);
  other = tl_history_store_open (f->path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  entry = tl_history_store_lookup (other, a, &error);
  g_assert_cmpint (tl_history_entry_get_ended (entry), ==, 0);
  g_clear_object (&entry);
  g_clear_object (&other);
  g_clear_object (&cli);

  /* The owner goes away without ending its calls, as a crash would. */
  g_clear_object (&f->store);
  f->store = tl_history_store_open (f->path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);

  entry = tl_history_store_lookup (f->store, a, &error);
  g_assert_cmpstr (tl_history_entry_get_end_reason (entry), ==, "interrupted");
  g_assert_cmpint (tl_history_entry_get_ended (entry), ==, tl_history_entry_get_started (entry));
  g_assert_true (tl_history_entry_get_missed (entry));
  g_clear_object (&entry);
  entry = tl_history_store_lookup (f->store, b, &error);
  g_assert_cmpstr (tl_history_entry_get_end_reason (entry), ==, "interrupted");
  g_assert_false (tl_history_entry_get_missed (entry));
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 1);
}

static void
test_delete_clear (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);
  g_autoptr(TlHistoryModel) search = tl_history_model_new (f->store);
  gint64 ids[20];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = history_test_add_call (f->store, i % 2, "w", "sip:0201234567@x", "Anna", 100 + i, i % 3);

  tl_history_model_set_search (search, "anna");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 20);

  g_assert_true (tl_history_store_delete (f->store, ids[0], &error));
  g_assert_true (tl_history_store_delete_many (f->store, ids + 1, 9, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 10);

  g_assert_true (tl_history_store_clear (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 0);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM peers_fts WHERE peers_fts MATCH 'anna'"),
                   ==, 0);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM peers"), ==, 0);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM account_counters"), ==, 0);

  /* Writing still works, triggers included, after the fast clear. */
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:1@x", "Anna", 5, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (search)), ==, 1);
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 1);
  g_assert_cmpint (sql_int (f->store, "SELECT total FROM counters"), ==, 1);
}

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 day = G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC;
  TlHistoryCallStart live = { .direction = TL_HISTORY_DIRECTION_OUTGOING, .started = now - 90 * day };
  guint n_deleted = 0;

  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:1@x", "Old", now - 100 * day, FALSE);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:1@x", "Old", now - 31 * day, TRUE);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:1@x", "New", now - 29 * day, TRUE);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:1@x", "New", now - day, TRUE);
  tl_history_store_begin_call (f->store, &live, &error);

  g_assert_true (tl_history_store_apply_retention (f->store, &n_deleted, &error));
  g_assert_cmpuint (n_deleted, ==, 0);

  tl_history_store_set_retention_days (f->store, 30);
  g_assert_cmpuint (tl_history_store_get_retention_days (f->store), ==, 30);
  /* Finished calls older than 30 days go; the one still open stays. */
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM calls"), ==, 3);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM calls WHERE peer_name = 'Old'"), ==, 0);
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 0);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint64 n_rows = 0;

  g_assert_true (tl_history_store_export_csv_finish (TL_HISTORY_STORE (source), result, &n_rows,
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);
  *(gboolean *) user_data = TRUE;
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (f->dir, "export.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  gboolean exported = FALSE;
  g_auto(GStrv) lines = NULL;
  guint64 n_rows = 0;

  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "work", "sip:0201234567@x",
                         "O'Brien, \"Pat\"\r\nline two", G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC, TRUE);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_OUTGOING, "work", "sip:alice@x",
                         "=HYPERLINK(\"http://evil\")", G_GINT64_CONSTANT (1700000100) * G_USEC_PER_SEC, FALSE);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_OUTGOING, "home", "sip:112@x",
                         "plain", G_GINT64_CONSTANT (1700000200) * G_USEC_PER_SEC, TRUE);

  g_assert_true (tl_history_store_export_csv (f->store, file, &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);

  contents = read_file (csv_path);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "id,account,direction,peer_uri,peer_number,peer_name,"));
  /* Newest first; RFC 4180: CRLF records, quoted fields with doubled quotes,
   * line breaks inside quotes. */
  g_assert_true (g_str_has_prefix (lines[1], "3,home,outgoing,sip:112@x,112,plain,2023-11-14T22:16:40Z,"));
  g_assert_nonnull (strstr (lines[2], ",\"'=HYPERLINK(\"\"http://evil\"\")\","));
  g_assert_nonnull (strstr (lines[3], ",+31201234567,\"O'Brien, \"\"Pat\"\""));
  g_assert_true (g_str_has_prefix (lines[4], "line two\","));
  g_assert_true (g_str_has_suffix (lines[4], ",no,no"));
  g_assert_cmpstr (lines[5], ==, "");
  g_assert_null (lines[6]);

  g_unlink (csv_path);
  tl_history_store_export_csv_async (f->store, file, NULL, on_exported, &exported);
  TL_TEST_AWAIT (exported, 10000, "the export did not finish");
  g_clear_pointer (&contents, g_free);
  contents = read_file (csv_path);
  g_assert_true (g_str_has_prefix (contents, "id,account"));
}

static void
test_full_disk (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (3000, 'x');
  TlHistoryCallEnd end = { .answered = 0, .end_reason = "cancelled", .sip_code = 487 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = tl_history_store_get_db (f->store);
  gint64 pages;
  guint i;

  history_test_add_call (f->store, TL_HISTORY_DIRECTION_OUTGOING, "w", "sip:1@x", "first", 1, TRUE);

  pages = sql_int (f->store, "PRAGMA page_count");
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  }

  for (i = 0; i < 40; i++)
    {
      TlHistoryCallStart start = {
        .direction = TL_HISTORY_DIRECTION_INCOMING,
        .peer_uri = "sip:0201234567@x",
        .peer_name = big,
        .started = 1000 + i,
        .country_code = "31",
        .national_prefix = "0",
      };
      gint64 id = tl_history_store_begin_call (f->store, &start, &error);

      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);
      g_array_append_val (ids, id);
      /* Ending a call that is only held in memory works too. */
      tl_history_store_end_call (f->store, id, &end, &error);
      if (error != NULL)
        g_assert_error (error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_FULL);
      g_clear_error (&error);
    }

  g_assert_cmpuint (tl_history_store_get_pending_count (f->store), >, 0);
  g_assert_nonnull (tl_history_store_get_last_error (f->store));
  g_assert_true (g_error_matches (tl_history_store_get_last_error (f->store), TL_HISTORY_ERROR,
                                  TL_HISTORY_ERROR_FULL));
  g_test_message ("%u calls held in memory: %s", tl_history_store_get_pending_count (f->store),
                  tl_history_store_get_last_error (f->store)->message);

  g_assert_false (tl_history_store_flush (f->store, &error));
  g_assert_error (error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_FULL);
  g_clear_error (&error);

  /* Space comes back: the next write takes every held row with it. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_OUTGOING, "w", "sip:1@x", "last", 5000, TRUE);
  g_assert_cmpuint (tl_history_store_get_pending_count (f->store), ==, 0);
  g_assert_null (tl_history_store_get_last_error (f->store));

  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM calls"), ==, 42);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM calls WHERE missed = 1 AND ended > 0"),
                   ==, 40);
  g_assert_cmpint (sql_int (f->store, "SELECT count(DISTINCT id) FROM calls"), ==, 42);
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 40);
  g_assert_cmpint (sql_int (f->store, "SELECT sum(total) FROM peers WHERE id IN"
                                      " (SELECT rowid FROM peers_fts WHERE peers_fts MATCH '020123')"),
                   ==, 40);
}

static void
test_corrupt_garbage (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gboolean found_aside = FALSE;
  char garbage[8192];

  g_clear_object (&f->store);
  memset (garbage, 0x5a, sizeof garbage);
  g_assert_true (g_file_set_contents (f->path, garbage, sizeof garbage, &error));

  f->store = tl_history_store_open (f->path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tl_history_store_get_recovered_from_corruption (f->store));
  g_test_message ("%s", tl_history_store_get_recovery_message (f->store));
  g_assert_nonnull (strstr (tl_history_store_get_recovery_message (f->store), ".corrupt-"));

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    found_aside |= g_str_has_prefix (name, "history.sqlite.corrupt-");
  g_assert_true (found_aside);

  history_test_add_call (f->store, TL_HISTORY_DIRECTION_OUTGOING, "w", "sip:1@x", "x", 1, TRUE);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM calls"), ==, 1);
}

static void
test_corrupt_pages (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint i;

  for (i = 0; i < 300; i++)
    history_test_add_call (f->store, i % 2, "w", "sip:0201234567@x", "Somebody with a name", i + 1, TRUE);
  g_clear_object (&f->store);

  /* Scribble over the second half of the file (after a checkpoint on close). */
  g_assert_true (g_file_get_contents (f->path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 16384);
  memset (contents + length / 2, 0xa5, length / 2);
  g_assert_true (g_file_set_contents (f->path, contents, length, &error));

  f->store = tl_history_store_open (f->path, TL_HISTORY_STORE_OPEN_CHECK_INTEGRITY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tl_history_store_get_recovered_from_corruption (f->store));
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM calls"), ==, 0);
}

static void
test_hostile_input (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const hostile[] = {
    "\"", "\"\"", "'", "*", "a*", "NEAR", "NEAR(a b)", "a OR b", "a AND NOT b", "-", "^",
    "peer_name:x", "{peer_digits}:1", ";DROP TABLE calls;--", "'); DROP TABLE calls; --",
    "\\", "%", "_", "(", ")", "x\"y", "12\"34", "+", "++", "((", "\xff\xfe", "\xc3", "a\xffz",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);
  g_autoptr(TlHistoryEntry) entry = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *invalid_made_valid = g_utf8_make_valid ("Jos\xe9 \xff M\xc3\xbcller", -1);
  gint64 id;
  guint i;

  huge = g_strnfill (64 * 1024, 'q');
  memcpy (huge + 32 * 1024, "needle", 6);

  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:1@x",
                         "';DROP TABLE calls;-- \"NEAR\" * O'Brien", 1, TRUE);
  history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:2@x", huge, 2, TRUE);
  id = history_test_add_call (f->store, TL_HISTORY_DIRECTION_INCOMING, "w", "sip:3@x",
                              "Jos\xe9 \xff M\xc3\xbcller", 3, TRUE);

  entry = tl_history_store_lookup (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (tl_history_entry_get_peer_name (entry), -1, NULL));
  g_assert_cmpstr (tl_history_entry_get_peer_name (entry), ==, invalid_made_valid);
  g_clear_object (&entry);

  for (i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      guint n;
      guint j;

      tl_history_model_set_search (model, hostile[i]);
      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      for (j = 0; j < n; j++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), j);
          g_assert_nonnull (item);
        }
      {
        g_autofree char *escaped = g_strescape (hostile[i], NULL);

        g_test_message ("search %s: %u", escaped, n);
      }
    }

  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM calls"), ==, 3);

  tl_history_model_set_search (model, ";DROP TABLE");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tl_history_model_set_search (model, "\"NEAR\" *");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tl_history_model_set_search (model, "needle");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  entry = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpuint (strlen (tl_history_entry_get_peer_name (entry)), ==, 64 * 1024);
  g_clear_object (&entry);
  tl_history_model_set_search (model, huge);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tl_history_model_set_search (model, "müller");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  TlHistoryStore **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = tl_history_store_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_open_async (void)
{
  g_autofree char *dir = history_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "dir", "history.sqlite", NULL);
  g_autofree char *default_path = tl_history_store_default_path ();
  g_autoptr(TlHistoryStore) store = NULL;

  g_assert_true (g_str_has_suffix (default_path, "/trunkline/history.sqlite"));

  tl_history_store_open_async (path, TL_HISTORY_STORE_OPEN_NONE, NULL, on_opened, &store);
  TL_TEST_AWAIT (store != NULL, 10000, "the history did not open");

  g_assert_cmpstr (tl_history_store_get_path (store), ==, path);
  history_test_add_call (store, TL_HISTORY_DIRECTION_OUTGOING, "w", "sip:1@x", "x", 1, TRUE);
  g_clear_object (&store);

  {
    g_autofree char *sub = g_build_filename (dir, "sub", "dir", NULL);
    g_autofree char *sub1 = g_build_filename (dir, "sub", NULL);

    history_test_remove_dir (sub);
    g_rmdir (sub1);
    g_rmdir (dir);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/history/store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("begin-end", test_begin_end);
  ADD ("missed-count", test_missed_count);
  ADD ("interrupted", test_interrupted);
  ADD ("delete-clear", test_delete_clear);
  ADD ("retention", test_retention);
  ADD ("export-csv", test_export_csv);
  ADD ("full-disk", test_full_disk);
  ADD ("corrupt-garbage", test_corrupt_garbage);
  ADD ("corrupt-pages", test_corrupt_pages);
  ADD ("hostile-input", test_hostile_input);
  g_test_add_func ("/history/store/open-async", test_open_async);

#undef ADD

  return g_test_run ();
}
