/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the call history at scale: prints "<figure> <value> <unit>" lines.
 * Figures ending in _v3 are the same searches and counts on the same rows,
 * answered with version 3's search indexes and queries (--no-v3 skips them). */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-history-model.h"
#include "tl-history-store.h"
#include "tl-history-store-private.h"
#include "tl-phone-number.h"

#define BATCH        10000
#define N_CONTACTS   20000
#define N_SEARCHES   200
#define N_TYPED_NAMES 20

static const char * const first_names[] = {
  "Anna", "Bram", "Chloé", "Daan", "Eva", "Finn", "Greta", "Hugo", "Iris", "Jan", "Kees", "Lotte",
  "Milan", "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sem", "Tess", "Umut", "Vera", "Wout",
  "Xander", "Yara", "Zoë", "Ahmed", "Fatima", "Mohamed", "Sophie", "Lucas", "Emma", "Liam",
  "Julia", "Noah", "Mila", "Levi", "Sara", "Thomas", "Nina",
};
static const char * const last_names[] = {
  "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
  "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
  "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
  "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
  "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems",
  "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "Prins",
  "Blom", "Huisman", "Peeters", "O'Connor", "Müller", "Schmidt", "Dubois", "García", "Rossi",
};

typedef struct {
  char *uri;
  char *number;
  char *digits;
  char *name;
} Contact;

static void
figure (const char *name,
        double      value,
        const char *unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  printf ("%s %s %s\n", name, g_ascii_formatd (buf, sizeof buf, "%.3f", value), unit);
  fflush (stdout);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static double
percentile (GArray *samples,
            double  p)
{
  guint index;

  g_array_sort (samples, compare_double);
  index = (guint)(p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

static gint64
status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (key) + 1, NULL, 10);
}

/* Skews toward 0: a few contacts take most calls. */
static double
cube (double x)
{
  return x * x * x;
}

static Contact *
make_contacts (GRand *rand)
{
  Contact *contacts = g_new0 (Contact, N_CONTACTS);
  guint i;

  for (i = 0; i < N_CONTACTS; i++)
    {
      g_autofree char *national = g_strdup_printf ("0%d %07d", g_rand_int_range (rand, 10, 99),
                                                   g_rand_int_range (rand, 0, 9999999));

      contacts[i].uri = g_strdup_printf ("sip:%s@trunk.example.net", national);
      contacts[i].number = tl_phone_number_normalise (contacts[i].uri, "31", "0");
      contacts[i].digits = tl_phone_number_search_key (contacts[i].number, contacts[i].uri,
                                                       "31", "0");
      /* A quarter of the callers send no name. */
      if (g_rand_int_range (rand, 0, 4) == 0)
        contacts[i].name = g_strdup ("");
      else
        contacts[i].name = g_strdup_printf ("%s %s",
                                            first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                            last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
    }
  return contacts;
}

static gboolean
build_history (TlHistoryStore *store,
               Contact        *contacts,
               GRand          *rand,
               guint           n_rows)
{
  g_autoptr(GError) error = NULL;
  TlHistoryRecord **batch = g_new0 (TlHistoryRecord *, BATCH);
  gint64 t = g_get_real_time () - (gint64)n_rows * 150 * G_USEC_PER_SEC;
  gint64 start = g_get_monotonic_time ();
  guint done = 0;
  double seconds;

  while (done < n_rows)
    {
      guint n = MIN (BATCH, n_rows - done);
      guint i;

      for (i = 0; i < n; i++)
        {
          TlHistoryRecord *r = tl_history_record_new ();
          /* Callers follow a rough power law: a few are called very often. */
          guint c = (guint)(N_CONTACTS * cube (g_rand_double (rand)));
          Contact *contact = &contacts[MIN (c, N_CONTACTS - 1)];
          gboolean incoming = g_rand_boolean (rand);
          gboolean answered = g_rand_int_range (rand, 0, 100) < 75;

          t += g_rand_int_range (rand, 1, 300) * G_USEC_PER_SEC;
          r->account_id = g_strdup (g_rand_int_range (rand, 0, 5) == 0 ? "home" : "work");
          r->direction = incoming ? TL_HISTORY_DIRECTION_INCOMING : TL_HISTORY_DIRECTION_OUTGOING;
          r->peer_uri = g_strdup (contact->uri);
          r->peer_number = g_strdup (contact->number);
          r->peer_digits = g_strdup (contact->digits);
          r->peer_name = g_strdup (contact->name);
          r->started = t;
          r->answered = answered ? t + 3 * G_USEC_PER_SEC : 0;
          r->ended = t + 120 * G_USEC_PER_SEC;
          r->duration = answered ? 117 : 0;
          r->end_reason = g_strdup (answered ? "normal" : "cancelled");
          r->sip_code = answered ? 200 : 487;
          r->codec = answered ? g_strdup ("opus") : NULL;
          r->srtp = TRUE;
          r->setup_ms = 900;
          r->missed = incoming && !answered;
          r->seen = r->missed && g_rand_int_range (rand, 0, 100) < 98;
          batch[i] = r;
        }

      if (!tl_history_store_insert_records (store, batch, n, &error))
        {
          fprintf (stderr, "insert failed: %s\n", error->message);
          return FALSE;
        }
      for (i = 0; i < n; i++)
        tl_history_record_free (batch[i]);
      done += n;
    }

  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  figure ("history_insert_rate", n_rows / seconds, "rows/s");
  figure ("history_build_time", seconds, "s");
  g_free (batch);
  return TRUE;
}

static void
bench_search (TlHistoryStore *store,
              const char     *name,
              GPtrArray      *queries)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *p50 = g_strconcat (name, "_p50", NULL);
  g_autofree char *p95 = g_strconcat (name, "_p95", NULL);
  g_autofree char *hits = g_strconcat (name, "_mean_hits", NULL);
  double total_hits = 0;
  guint i;

  for (i = 0; i < queries->len; i++)
    {
      g_autoptr(TlHistoryModel) model = tl_history_model_new (store);
      g_autoptr(GObject) first = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      /* What the UI does on a keystroke: new query, its length, the first page. */
      tl_history_model_set_search (model, g_ptr_array_index (queries, i));
      total_hits += g_list_model_get_n_items (G_LIST_MODEL (model));
      first = g_list_model_get_item (G_LIST_MODEL (model), 0);
      ms = ms_since (start);
      g_array_append_val (samples, ms);
    }

  figure (p50, percentile (samples, 0.50), "ms");
  figure (p95, percentile (samples, 0.95), "ms");
  figure (hits, total_hits / queries->len, "rows");
}

/* ---- the version-3 query shape, for a side-by-side figure ------------------ */

/* Version 3 searched a trigram and a prefix index over every call (not over
 * the distinct peers), counted in them, and chose between joining the
 * matches and scanning calls_by_started against them. Rebuilt here on the
 * same rows, its queries exactly as that version's model wrote them. */
static gboolean
build_v3_search (sqlite3 *db)
{
  const char *sql =
    "CREATE VIRTUAL TABLE calls_fts USING fts5 (peer_digits, peer_name,"
    "  content='calls', content_rowid='id', tokenize='trigram');"
    "CREATE VIRTUAL TABLE calls_prefix USING fts5 (peer_digits, peer_name,"
    "  content='calls', content_rowid='id',"
    "  tokenize='unicode61 remove_diacritics 2', prefix='1 2');"
    "INSERT INTO calls_fts (calls_fts) VALUES ('rebuild');"
    "INSERT INTO calls_prefix (calls_prefix) VALUES ('rebuild');"
    "CREATE INDEX v3_calls_by_started ON calls (started, id);"
    "CREATE INDEX v3_calls_by_account ON calls (account, started, id);";
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      fprintf (stderr, "could not build the version-3 search: %s\n", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gint64
v3_step_count (sqlite3_stmt *stmt)
{
  gint64 count = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;

  sqlite3_reset (stmt);
  return count;
}

/* One keystroke as version 3 answered it: the count, then the first page. */
static double
v3_search_once (sqlite3    *db,
                const char *search,
                gint64      total,
                double     *hits)
{
  static const char * const count_sql[] = {
    "SELECT count(*) FROM calls_fts WHERE calls_fts MATCH ?4",
    "SELECT count(*) FROM calls_prefix WHERE calls_prefix MATCH ?4",
  };
  static const char * const join_sql[] = {
    "SELECT " TL_HISTORY_CALL_COLUMNS " FROM calls_fts f CROSS JOIN calls c ON c.id = f.rowid"
    " WHERE 1 AND calls_fts MATCH ?4 AND (c.started, c.id) < (?1, ?2)"
    " ORDER BY c.started DESC, c.id DESC LIMIT ?5",
    "SELECT " TL_HISTORY_CALL_COLUMNS " FROM calls_prefix f CROSS JOIN calls c ON c.id = f.rowid"
    " WHERE 1 AND calls_prefix MATCH ?4 AND (c.started, c.id) < (?1, ?2)"
    " ORDER BY c.started DESC, c.id DESC LIMIT ?5",
  };
  static const char * const scan_sql[] = {
    "SELECT " TL_HISTORY_CALL_COLUMNS " FROM calls c INDEXED BY v3_calls_by_started"
    " WHERE 1 AND c.id IN (SELECT rowid FROM calls_fts WHERE calls_fts MATCH ?4)"
    " AND (c.started, c.id) < (?1, ?2) ORDER BY c.started DESC, c.id DESC LIMIT ?5",
    "SELECT " TL_HISTORY_CALL_COLUMNS " FROM calls c INDEXED BY v3_calls_by_started"
    " WHERE 1 AND c.id IN (SELECT rowid FROM calls_prefix WHERE calls_prefix MATCH ?4)"
    " AND (c.started, c.id) < (?1, ?2) ORDER BY c.started DESC, c.id DESC LIMIT ?5",
  };
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean prefix = FALSE;
  gint64 start = g_get_monotonic_time ();
  gint64 count;
  guint kind;

  match = tl_history_model_build_match (search, &prefix);
  if (match == NULL)
    return 0;
  kind = prefix ? 1 : 0;

  sqlite3_prepare_v2 (db, count_sql[kind], -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 4, match, -1, SQLITE_STATIC);
  count = v3_step_count (stmt);
  sqlite3_finalize (stmt);
  *hits += count;

  /* Version 3's plan choice: scan once matches² exceeded four times the total. */
  sqlite3_prepare_v2 (db, count > 0 && count * count > 4 * total ? scan_sql[kind] : join_sql[kind],
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, G_MAXINT64);
  sqlite3_bind_int64 (stmt, 2, G_MAXINT64);
  sqlite3_bind_text (stmt, 4, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, TL_HISTORY_MODEL_PAGE_SIZE);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    tl_history_record_free (tl_history_store_read_row (stmt));
  sqlite3_finalize (stmt);
  return ms_since (start);
}

static void
bench_search_v3 (sqlite3    *db,
                 const char *name,
                 GPtrArray  *queries)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *p50 = g_strconcat (name, "_p50", NULL);
  g_autofree char *p95 = g_strconcat (name, "_p95", NULL);
  sqlite3_stmt *stmt = NULL;
  double hits = 0;
  gint64 total;
  guint i;

  sqlite3_prepare_v2 (db, "SELECT count(*) FROM calls", -1, &stmt, NULL);
  total = v3_step_count (stmt);
  sqlite3_finalize (stmt);

  for (i = 0; i < queries->len; i++)
    {
      double ms = v3_search_once (db, g_ptr_array_index (queries, i), total, &hits);

      g_array_append_val (samples, ms);
    }
  figure (p50, percentile (samples, 0.50), "ms");
  figure (p95, percentile (samples, 0.95), "ms");
}

/* Version 3 counted an account's missed calls in its rows. */
static void
bench_missed_account_v3 (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gint64 start = g_get_monotonic_time ();

  sqlite3_prepare_v2 (db, "SELECT count(*) FROM calls c INDEXED BY v3_calls_by_account"
                          " WHERE 1 AND missed = 1 AND c.account = ?3", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 3, "home", -1, SQLITE_STATIC);
  v3_step_count (stmt);
  sqlite3_finalize (stmt);
  figure ("history_missed_account_count_v3_time", ms_since (start), "ms");
}

/* Each name as typed, one keystroke at a time: "S", "So", "Sop", … */
static GPtrArray *
make_typed_queries (GRand *rand,
                    guint  n_names)
{
  GPtrArray *typed = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < n_names; i++)
    {
      g_autofree char *full = g_strdup_printf ("%s %s",
        first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
        last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
      glong n_chars = g_utf8_strlen (full, -1);
      glong n;

      for (n = 1; n <= n_chars; n++)
        {
          char *prefix = g_utf8_substring (full, 0, n);

          /* A trailing space changes nothing the user sees: no new query. */
          if (prefix[strlen (prefix) - 1] == ' ')
            g_free (prefix);
          else
            g_ptr_array_add (typed, prefix);
        }
    }
  return typed;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;
  g_autoptr(TlHistoryModel) model = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  g_autoptr(GPtrArray) number_queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) name_queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) short_queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) typed_queries = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint n_rows = 1000000;
  gboolean keep = FALSE;
  gboolean no_v3 = FALSE;
  Contact *contacts;
  GStatBuf st;
  gint64 start;
  guint n_items;
  guint deep;
  int i;

  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--rows") && i + 1 < argc)
        n_rows = (guint)g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--keep"))
        keep = TRUE;
      else if (g_str_equal (argv[i], "--no-v3"))
        no_v3 = TRUE;
      else
        {
          fprintf (stderr, "usage: %s [--rows N] [--keep] [--no-v3]\n", argv[0]);
          return 2;
        }
    }

  dir = g_dir_make_tmp ("tl-bench-history-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "history.sqlite", NULL);
  figure ("history_rows", n_rows, "rows");

  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  contacts = make_contacts (rand);
  if (!build_history (store, contacts, rand, n_rows))
    return 1;

  /* Single calls the way the app writes them: begin, then end, each committed. */
  {
    TlHistoryCallEnd end = { .answered = 0, .end_reason = "normal", .sip_code = 200 };
    const guint n_calls = 200;
    guint c;

    start = g_get_monotonic_time ();
    for (c = 0; c < n_calls; c++)
      {
        TlHistoryCallStart begin = {
          .account_id = "work", .direction = TL_HISTORY_DIRECTION_OUTGOING,
          .peer_uri = contacts[c].uri, .peer_name = contacts[c].name,
          .country_code = "31", .national_prefix = "0",
        };
        gint64 id = tl_history_store_begin_call (store, &begin, NULL);

        tl_history_store_end_call (store, id, &end, NULL);
      }
    figure ("history_call_write_time", ms_since (start) / n_calls, "ms/call");
  }

  sqlite3_exec (tl_history_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  g_clear_object (&store);

  start = g_get_monotonic_time ();
  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  figure ("history_open_time", ms_since (start), "ms");
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  start = g_get_monotonic_time ();
  model = tl_history_model_new (store);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_clear_object (&model);
  figure ("history_count_all_time", ms_since (start), "ms");

  {
    g_autoptr(GObject) item = NULL;

    start = g_get_monotonic_time ();
    model = tl_history_model_new (store);
    item = g_list_model_get_item (G_LIST_MODEL (model), 0);
    figure ("history_first_page_time", ms_since (start), "ms");
  }

  deep = n_items / 2 / TL_HISTORY_MODEL_PAGE_SIZE * TL_HISTORY_MODEL_PAGE_SIZE;
  {
    g_autoptr(GObject) item = NULL;
    g_autoptr(GObject) next = NULL;

    /* A scrollbar drag to the middle: walks the keys of every page on the way. */
    start = g_get_monotonic_time ();
    item = g_list_model_get_item (G_LIST_MODEL (model), deep);
    figure ("history_jump_to_middle_time", ms_since (start), "ms");

    start = g_get_monotonic_time ();
    next = g_list_model_get_item (G_LIST_MODEL (model), deep + TL_HISTORY_MODEL_PAGE_SIZE);
    figure ("history_next_page_deep_time", ms_since (start), "ms");
  }

  for (i = 0; i < N_SEARCHES; i++)
    {
      Contact *c = &contacts[g_rand_int_range (rand, 0, N_CONTACTS)];
      const char *digits = c->digits;
      guint len = g_rand_int_range (rand, 4, 7);
      guint offset = g_rand_int_range (rand, 0, strlen (c->number) - len);
      g_autofree char *fragment = g_strndup (digits + offset, len);

      /* Typed with separators half of the time: "20 123", "20-123". */
      if (i % 2 == 0)
        g_ptr_array_add (number_queries, g_strdup_printf ("%.2s %s", fragment, fragment + 2));
      else
        g_ptr_array_add (number_queries, g_steal_pointer (&fragment));
    }

  for (i = 0; i < N_SEARCHES; i++)
    {
      const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];

      if (i % 2 == 0)
        g_ptr_array_add (name_queries, g_strdup_printf ("%s %.3s", first, last));
      else
        g_ptr_array_add (name_queries, g_utf8_substring (last, 0, MIN (5, g_utf8_strlen (last, -1))));
      g_ptr_array_add (short_queries, g_utf8_substring (first, 0, 2));
    }

  typed_queries = make_typed_queries (rand, N_TYPED_NAMES);

  bench_search (store, "history_search_number", number_queries);
  bench_search (store, "history_search_name", name_queries);
  bench_search (store, "history_search_short_name", short_queries);
  bench_search (store, "history_search_typed", typed_queries);

  {
    g_autoptr(TlHistoryModel) missed = NULL;
    guint unseen;

    start = g_get_monotonic_time ();
    unseen = tl_history_store_get_unseen_missed_count (store);
    figure ("history_unseen_missed_count_time", ms_since (start), "ms");
    figure ("history_unseen_missed", unseen, "calls");

    start = g_get_monotonic_time ();
    missed = tl_history_model_new (store);
    tl_history_model_set_filter (missed, TL_HISTORY_FILTER_MISSED);
    n_items = g_list_model_get_n_items (G_LIST_MODEL (missed));
    figure ("history_missed_count_time", ms_since (start), "ms");
    figure ("history_missed", n_items, "calls");

    start = g_get_monotonic_time ();
    tl_history_model_set_account_id (missed, "home");
    n_items = g_list_model_get_n_items (G_LIST_MODEL (missed));
    figure ("history_missed_account_count_time", ms_since (start), "ms");
  }

  figure ("history_rss", status_kb ("VmRSS:") / 1024.0, "MiB");
  figure ("history_peak_rss", status_kb ("VmHWM:") / 1024.0, "MiB");

  g_clear_object (&model);
  if (g_stat (path, &st) == 0)
    figure ("history_file_size", st.st_size / (1024.0 * 1024.0), "MiB");

  /* The same rows and searches the way version 3 answered them, in this run. */
  if (!no_v3)
    {
      sqlite3 *db = tl_history_store_get_db (store);

      start = g_get_monotonic_time ();
      if (!build_v3_search (db))
        return 1;
      figure ("history_v3_search_build_time", ms_since (start) / 1000.0, "s");
      bench_search_v3 (db, "history_search_number_v3", number_queries);
      bench_search_v3 (db, "history_search_name_v3", name_queries);
      bench_search_v3 (db, "history_search_short_name_v3", short_queries);
      bench_search_v3 (db, "history_search_typed_v3", typed_queries);
      bench_missed_account_v3 (db);
    }
  g_clear_object (&store);

  for (i = 0; i < N_CONTACTS; i++)
    {
      g_free (contacts[i].uri);
      g_free (contacts[i].number);
      g_free (contacts[i].digits);
      g_free (contacts[i].name);
    }
  g_free (contacts);

  if (keep)
    fprintf (stderr, "kept %s\n", path);
  else
    remove_dir (dir);
  return 0;
}
