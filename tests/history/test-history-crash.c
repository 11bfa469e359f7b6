/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kills a history writer with SIGKILL mid-burst, again and again: no committed row may be lost. */

#include "config.h"

#include <string.h>

#include "history-test-util.h"
#include "tl-history-store-private.h"
#include "tl-test-trunk.h"

#define N_KILLS 8

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

static guint64
last_committed (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output != NULL ? output : "", "\n", -1);
  guint64 committed = 0;
  guint i;

  /* Only complete lines count: the last one may have been cut by the kill. */
  for (i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    if (g_str_has_prefix (lines[i], "committed "))
      committed = g_ascii_strtoull (lines[i] + strlen ("committed "), NULL, 10);
  return committed;
}

typedef struct {
  GPollableInputStream *out;
  GByteArray           *all;
  gboolean              eof;
} Drain;

/* Reads what the writer printed so far (it never blocks on a full pipe). */
static void
drain_once (Drain *drain)
{
  guint8 buf[4096];
  gssize n;

  while (!drain->eof && (n = g_pollable_input_stream_read_nonblocking (drain->out, buf, sizeof buf,
                                                                        NULL, NULL)) != -1)
    {
      if (n == 0)
        drain->eof = TRUE;
      else
        g_byte_array_append (drain->all, buf, (guint) n);
    }
}

static gboolean
has_committed (gpointer user_data)
{
  Drain *drain = user_data;
  g_autofree char *text = NULL;

  drain_once (drain);
  text = g_strndup ((const char *) drain->all->data, drain->all->len);
  return drain->eof || last_committed (text) > 0;
}

static gboolean
drain_until_eof (gpointer user_data)
{
  Drain *drain = user_data;

  drain_once (drain);
  return drain->eof;
}

static void
test_sigkill_during_writes (void)
{
  g_autofree char *dir = history_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autoptr(GRand) rand = g_rand_new ();
  gint64 rows_before = 0;
  guint kill;

  for (kill = 0; kill < N_KILLS; kill++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(TlHistoryStore) store = NULL;
      g_autofree char *output = NULL;
      g_autofree char *check = NULL;
      guint64 committed;
      gint64 rows;
      sqlite3 *db;
      gulong delay_ms = g_rand_int_range (rand, 30, 400);

      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 TL_HISTORY_WRITER, path, "100000000", NULL);
      g_assert_no_error (error);

      /* Drain stdout while the writer runs so it never blocks on a full pipe.
       * The kill comes a random time after its first commit: a writer slow to
       * start (sanitizers, a loaded machine) must not be killed before it wrote. */
      {
        Drain drain = { G_POLLABLE_INPUT_STREAM (g_subprocess_get_stdout_pipe (writer)),
                        g_byte_array_new (), FALSE };

        TL_TEST_AWAIT (has_committed (&drain), 30000, "%u bytes of output, %s", drain.all->len,
                       drain.eof ? "ended" : "still running");
        g_assert_false (drain.eof);
        tl_test_wait_until (drain_until_eof, &drain, (guint) delay_ms);

        g_subprocess_force_exit (writer);
        g_assert_true (tl_test_subprocess_wait (writer, 10000, &error));
        g_assert_no_error (error);
        g_assert_true (g_subprocess_get_if_signaled (writer));

        TL_TEST_AWAIT (drain_until_eof (&drain), 10000, "the writer's output did not end");
        g_byte_array_append (drain.all, (const guint8 *)"", 1);
        output = (char *)g_byte_array_free (drain.all, FALSE);
      }

      committed = last_committed (output);
      g_assert_cmpuint (committed, >, 0);

      store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (tl_history_store_get_recovered_from_corruption (store));
      db = tl_history_store_get_db (store);

      check = sql_text (db, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");
      g_clear_pointer (&check, g_free);
      g_assert_cmpint (sqlite3_exec (db, "INSERT INTO peers_fts (peers_fts) VALUES ('integrity-check');"
                                     "INSERT INTO peers_prefix (peers_prefix) VALUES ('integrity-check')",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      rows = sql_int (db, "SELECT count(*) FROM calls");
      g_test_message ("kill %u after %lu ms: %" G_GUINT64_FORMAT " committed, %" G_GINT64_FORMAT
                      " rows (was %" G_GINT64_FORMAT ")", kill, delay_ms, committed, rows, rows_before);
      g_assert_cmpint (rows, >=, rows_before + (gint64)committed);
      /* Nothing is left open, and the kept counters agree with the rows. */
      g_assert_cmpint (sql_int (db, "SELECT count(*) FROM calls WHERE ended IS NULL"), ==, 0);
      g_assert_cmpint (sql_int (db, "SELECT total FROM counters"), ==, rows);
      g_assert_cmpint (sql_int (db, "SELECT unseen_missed FROM counters"), ==,
                       sql_int (db, "SELECT count(*) FROM calls WHERE missed AND NOT seen"));
      g_assert_cmpint (sql_int (db, "SELECT sum(total) FROM peers"), ==, rows);
      g_assert_cmpint (sql_int (db, "SELECT sum(missed) FROM account_counters"), ==,
                       sql_int (db, "SELECT count(*) FROM calls WHERE missed"));
      rows_before = rows;
    }

  history_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history/crash/sigkill-during-writes", test_sigkill_during_writes);
  return g_test_run ();
}
