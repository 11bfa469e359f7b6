/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the kept counts (per history, account and peer) and the search's two
 * query plans against counts and lists computed from the rows themselves. */

#include "config.h"

#include <string.h>

#include "history-test-util.h"
#include "tl-history-model-private.h"
#include "tl-history-store-private.h"
#include "tl-phone-number.h"

static const char * const accounts[] = { NULL, "work", "home", "nobody" };

typedef struct {
  char           *dir;
  TlHistoryStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = history_test_make_dir ();
  path = g_build_filename (f->dir, "history.sqlite", NULL);
  f->store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  history_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
sql_int (TlHistoryStore *store,
         const char     *sql,
         const char     *text)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (tl_history_store_get_db (store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
sql_text (TlHistoryStore *store,
          const char     *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (tl_history_store_get_db (store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value != NULL ? value : g_strdup ("");
}

static const char *
filter_sql (TlHistoryFilter filter)
{
  switch (filter)
    {
    case TL_HISTORY_FILTER_MISSED: return "missed != 0";
    case TL_HISTORY_FILTER_INCOMING: return "direction = 0";
    case TL_HISTORY_FILTER_OUTGOING: return "direction = 1";
    case TL_HISTORY_FILTER_ALL:
    default: return "1";
    }
}

/* Every kept count equals the one computed from the rows, and each call
 * points at its own peer. */
static void
assert_counts_agree (TlHistoryStore *store)
{
  g_autofree char *peers_kept = NULL;
  g_autofree char *peers_rows = NULL;
  g_autofree char *accounts_kept = NULL;
  g_autofree char *accounts_rows = NULL;
  TlHistoryFilter filter;
  guint a;

  peers_kept = sql_text (store,
    "SELECT group_concat (k, ';') FROM (SELECT peer_digits || '|' || peer_name || '|' || account"
    " || '|' || total || '|' || incoming || '|' || missed AS k FROM peers ORDER BY k)");
  peers_rows = sql_text (store,
    "SELECT group_concat (k, ';') FROM (SELECT peer_digits || '|' || peer_name || '|' || account"
    " || '|' || count(*) || '|' || sum(direction = 0) || '|' || sum(missed != 0) AS k FROM calls"
    " GROUP BY peer_digits, peer_name, account ORDER BY k)");
  g_assert_cmpstr (peers_kept, ==, peers_rows);

  accounts_kept = sql_text (store,
    "SELECT group_concat (k, ';') FROM (SELECT account || '|' || total || '|' || incoming"
    " || '|' || missed || '|' || unseen_missed AS k FROM account_counters ORDER BY k)");
  accounts_rows = sql_text (store,
    "SELECT group_concat (k, ';') FROM (SELECT account || '|' || count(*) || '|'"
    " || sum(direction = 0) || '|' || sum(missed != 0) || '|' || sum(missed != 0 AND seen = 0)"
    " AS k FROM calls GROUP BY account ORDER BY k)");
  g_assert_cmpstr (accounts_kept, ==, accounts_rows);

  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM calls c LEFT JOIN peers p ON p.id = c.peer_id"
                                   " WHERE p.id IS NULL OR p.peer_digits != c.peer_digits"
                                   " OR p.peer_name != c.peer_name OR p.account != c.account", NULL),
                   ==, 0);
  g_assert_cmpint (sqlite3_exec (tl_history_store_get_db (store),
                                 "INSERT INTO peers_fts (peers_fts) VALUES ('integrity-check');"
                                 "INSERT INTO peers_prefix (peers_prefix) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (store), ==,
                    sql_int (store, "SELECT count(*) FROM calls WHERE missed != 0 AND seen = 0", NULL));

  /* What the list shows: every filter, with and without an account. */
  for (filter = TL_HISTORY_FILTER_ALL; filter <= TL_HISTORY_FILTER_OUTGOING; filter++)
    for (a = 0; a < G_N_ELEMENTS (accounts); a++)
      {
        g_autoptr(TlHistoryModel) model = tl_history_model_new (store);
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM calls WHERE %s AND %s",
                                                filter_sql (filter),
                                                accounts[a] != NULL ? "account = ?1" : "1");

        tl_history_model_set_filter (model, filter);
        tl_history_model_set_account_id (model, accounts[a]);
        g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                         sql_int (store, sql, accounts[a]));
      }
}

static gint64
begin (TlHistoryStore     *store,
       TlHistoryDirection  direction,
       const char         *account,
       const char         *uri,
       const char         *name,
       gint64              started)
{
  TlHistoryCallStart start = {
    .account_id = account, .direction = direction, .peer_uri = uri, .peer_name = name,
    .started = started, .country_code = "31", .national_prefix = "0",
  };
  g_autoptr(GError) error = NULL;
  gint64 id = tl_history_store_begin_call (store, &start, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
end (TlHistoryStore *store,
     gint64          id,
     gint64          answered,
     gint64          ended,
     const char     *reason,
     gboolean        declined)
{
  TlHistoryCallEnd call_end = {
    .answered = answered, .ended = ended, .end_reason = reason,
    .sip_code = answered > 0 ? 200 : 487, .declined = declined, .setup_ms = -1,
  };
  g_autoptr(GError) error = NULL;

  tl_history_store_end_call (store, id, &call_end, &error);
  g_assert_no_error (error);
}

/* The counts follow every way a call is written: open, ended, ended again,
 * quality added later, seen, deleted, aged out, cleared. */
static void
test_counts_follow_writes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const gint64 s = G_USEC_PER_SEC;
  gint64 held, transferred, missed, declined, outgoing, ringing, other;

  /* Answered, put on hold and resumed: answered, so never missed, even
   * though the engine reports it again (a second end, quality after the end). */
  held = begin (f->store, TL_HISTORY_DIRECTION_INCOMING, "work", "sip:0201234567@x", "Anna", 100 * s);
  assert_counts_agree (f->store);
  end (f->store, held, 101 * s, 160 * s, "normal", FALSE);
  end (f->store, held, 101 * s, 161 * s, "normal", FALSE);
  g_assert_true (tl_history_store_set_quality (f->store, held, 0.1, 2, 30, 4.2, &error));
  g_assert_no_error (error);
  assert_counts_agree (f->store);

  /* Answered and then transferred away: answered, not missed. */
  transferred = begin (f->store, TL_HISTORY_DIRECTION_INCOMING, "home", "sip:0201234567@x", "Anna",
                       200 * s);
  end (f->store, transferred, 203 * s, 230 * s, "transferred", FALSE);
  /* Never answered: missed, on its own account only. */
  missed = begin (f->store, TL_HISTORY_DIRECTION_INCOMING, "home", "sip:0612345678@x", "Bram",
                  300 * s);
  end (f->store, missed, 0, 320 * s, "cancelled", FALSE);
  g_assert_true (tl_history_store_set_quality (f->store, missed, -1, -1, -1, -1, &error));
  /* Declined here: not missed. */
  declined = begin (f->store, TL_HISTORY_DIRECTION_INCOMING, "work", "sip:0612345678@x", "Bram",
                    400 * s);
  end (f->store, declined, 0, 405 * s, "rejected", TRUE);
  outgoing = begin (f->store, TL_HISTORY_DIRECTION_OUTGOING, "work", "sip:0612345678@x", "", 500 * s);
  end (f->store, outgoing, 0, 510 * s, "cancelled", FALSE);
  /* Still ringing: counted as a call, not yet as missed. */
  ringing = begin (f->store, TL_HISTORY_DIRECTION_INCOMING, "work", "sip:0301112222@x", "Chloé",
                   600 * s);
  assert_counts_agree (f->store);
  g_assert_cmpint (sql_int (f->store, "SELECT missed FROM account_counters WHERE account = 'home'", NULL),
                   ==, 1);
  g_assert_cmpint (sql_int (f->store, "SELECT missed FROM account_counters WHERE account = 'work'", NULL),
                   ==, 0);

  end (f->store, ringing, 0, 630 * s, "cancelled", FALSE);
  assert_counts_agree (f->store);
  g_assert_cmpuint (tl_history_store_get_unseen_missed_count (f->store), ==, 2);

  g_assert_true (tl_history_store_mark_seen (f->store, missed, &error));
  g_assert_no_error (error);
  assert_counts_agree (f->store);
  g_assert_true (tl_history_store_mark_all_seen (f->store, &error));
  assert_counts_agree (f->store);

  /* The last call of a peer takes the peer with it. */
  other = begin (f->store, TL_HISTORY_DIRECTION_INCOMING, "work", "sip:0409998888@x", "Daan", 700 * s);
  end (f->store, other, 0, 701 * s, "cancelled", FALSE);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM peers WHERE peer_name = 'Daan'", NULL), ==, 1);
  g_assert_true (tl_history_store_delete (f->store, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM peers WHERE peer_name = 'Daan'", NULL), ==, 0);
  assert_counts_agree (f->store);

  g_assert_true (tl_history_store_delete_many (f->store, (gint64[]) { held, declined }, 2, &error));
  g_assert_no_error (error);
  assert_counts_agree (f->store);

  /* A peer's row that changes is moved to its new peer and account. */
  g_assert_cmpint (sqlite3_exec (tl_history_store_get_db (f->store),
                                 "UPDATE calls SET account = 'work', peer_name = 'Bram Jansen'"
                                 " WHERE peer_name = 'Bram'", NULL, NULL, NULL), ==, SQLITE_OK);
  assert_counts_agree (f->store);

  g_assert_true (tl_history_store_clear (f->store, &error));
  g_assert_no_error (error);
  assert_counts_agree (f->store);
  g_assert_cmpint (sql_int (f->store, "SELECT count(*) FROM peers", NULL), ==, 0);

  (void)transferred;
}

/* Names in ASCII so that the reference below can fold case with lower(). */
static const char * const first_names[] = { "Anna", "Bram", "Daan", "Eva", "Finn", "Sam" };
static const char * const last_names[] = { "de Vries", "Jansen", "Bakker", "Visser", "Smit", "O'Neil" };

static void
fill_many (TlHistoryStore *store,
           guint           n_calls,
           guint           n_peers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)tl_history_record_free);
  guint i;

  for (i = 0; i < n_calls; i++)
    {
      TlHistoryRecord *r = tl_history_record_new ();
      guint peer = g_rand_int_range (rand, 0, n_peers);
      g_autofree char *national = g_strdup_printf ("0%02u-%07u", 10 + peer % 89, peer * 7919 % 9999999);

      r->account_id = g_strdup (g_rand_int_range (rand, 0, 4) == 0 ? "home" : "work");
      r->direction = g_rand_boolean (rand) ? TL_HISTORY_DIRECTION_OUTGOING
                                           : TL_HISTORY_DIRECTION_INCOMING;
      r->peer_uri = g_strdup_printf ("sip:%s@trunk.example", national);
      r->peer_number = tl_phone_number_normalise (r->peer_uri, "31", "0");
      r->peer_digits = tl_phone_number_search_key (r->peer_number, r->peer_uri, "31", "0");
      r->peer_name = peer % 5 == 0 ? g_strdup ("")
                                   : g_strdup_printf ("%s %s", first_names[peer % G_N_ELEMENTS (first_names)],
                                                      last_names[peer / 7 % G_N_ELEMENTS (last_names)]);
      /* Few distinct start times, so that ties are decided by id across pages. */
      r->started = (gint64)g_rand_int_range (rand, 1, 500) * G_USEC_PER_SEC;
      r->ended = r->started + 10 * G_USEC_PER_SEC;
      r->missed = r->direction == TL_HISTORY_DIRECTION_INCOMING && g_rand_boolean (rand);
      r->seen = g_rand_boolean (rand);
      g_ptr_array_add (records, r);
    }
  g_assert_true (tl_history_store_insert_records (store, (TlHistoryRecord **)records->pdata,
                                                  records->len, &error));
  g_assert_no_error (error);
}

static GArray *
model_ids (TlHistoryModel *model)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint i;

  /* From the end first, so that page keys are walked before rows are read. */
  if (n > 0)
    {
      g_autoptr(TlHistoryEntry) last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);

      g_assert_nonnull (last);
    }
  for (i = 0; i < n; i++)
    {
      g_autoptr(TlHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), i);
      gint64 id;

      g_assert_nonnull (entry);
      id = tl_history_entry_get_id (entry);
      g_array_append_val (ids, id);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
  return ids;
}

/* The rows a fragment of three characters or more must find: in the name,
 * any case, or in the digits when it is a number. */
static GArray *
reference_ids (TlHistoryStore  *store,
               const char      *search,
               TlHistoryFilter  filter,
               const char      *account)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *digits = tl_phone_number_digits (search);
  gboolean number = strspn (search, "0123456789 +-().") == strlen (search);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;

  sql = g_strdup_printf ("SELECT id FROM calls WHERE %s AND %s AND %s"
                         " ORDER BY started DESC, id DESC",
                         number ? "instr (peer_digits, ?1) > 0"
                                : "instr (lower (peer_name), lower (?1)) > 0",
                         filter_sql (filter), account != NULL ? "account = ?2" : "1");
  g_assert_cmpint (sqlite3_prepare_v2 (tl_history_store_get_db (store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, number ? (digits[0] == '+' ? digits + 1 : digits) : search, -1,
                     SQLITE_TRANSIENT);
  if (account != NULL)
    sqlite3_bind_text (stmt, 2, account, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  guint i;

  g_assert_cmpuint (a->len, ==, b->len);
  for (i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

/* Searches from one to many matches, through both plans, with every filter
 * and account: the plans list the same calls, and the calls the rows say. */
static void
test_search_plans (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const searches[] = {
    "vries", "JANSEN", "n de v", "o'neil", "Sam Sm", "anna", "nobody", "020", "31 20", "(020) 0",
    "0000", "s", "Ba", "31", "6",
  };
  g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);
  TlHistoryFilter filter;
  guint q, a;

  fill_many (f->store, 3000, 120);
  assert_counts_agree (f->store);

  for (q = 0; q < G_N_ELEMENTS (searches); q++)
    for (filter = TL_HISTORY_FILTER_ALL; filter <= TL_HISTORY_FILTER_OUTGOING; filter++)
      for (a = 0; a < G_N_ELEMENTS (accounts); a++)
        {
          g_autoptr(GArray) joined = NULL;
          g_autoptr(GArray) scanned = NULL;

          tl_history_model_set_search (model, searches[q]);
          tl_history_model_set_filter (model, filter);
          tl_history_model_set_account_id (model, accounts[a]);
          tl_history_model_set_plan (model, TL_HISTORY_MODEL_PLAN_JOIN);
          joined = model_ids (model);
          tl_history_model_set_plan (model, TL_HISTORY_MODEL_PLAN_SCAN);
          scanned = model_ids (model);
          assert_same_ids (joined, scanned);

          if (g_utf8_strlen (searches[q], -1) >= 3)
            {
              g_autoptr(GArray) reference = reference_ids (f->store, searches[q], filter, accounts[a]);

              assert_same_ids (joined, reference);
            }
        }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/history/counts/follow-writes", Fixture, NULL, fixture_setup,
              test_counts_follow_writes, fixture_teardown);
  g_test_add ("/history/counts/search-plans", Fixture, NULL, fixture_setup,
              test_search_plans, fixture_teardown);
  return g_test_run ();
}
