/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the paged history model: order, keyset paging, filters, search, change signals. */

#include "config.h"

#include <string.h>

#include "history-test-util.h"
#include "tl-history-model.h"
#include "tl-history-store-private.h"
#include "tl-phone-number.h"

#define N_CALLS 1234

static const char * const first_names[] = { "Anna", "Bram", "Chloé", "Daan", "Eva", "Finn", "Zoë" };
static const char * const last_names[] = { "de Vries", "Jansen", "Bakker", "Visser", "Smit", "O'Neil" };
static const char * const accounts[] = { "work", "home", "spare" };

typedef struct {
  char           *dir;
  TlHistoryStore *store;
  GPtrArray      *records;  /* newest first once sorted */
} Fixture;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const TlHistoryRecord *ra = *(TlHistoryRecord * const *)a;
  const TlHistoryRecord *rb = *(TlHistoryRecord * const *)b;

  if (ra->started != rb->started)
    return ra->started > rb->started ? -1 : 1;
  return ra->id > rb->id ? -1 : ra->id < rb->id ? 1 : 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *path = NULL;
  guint i;

  f->dir = history_test_make_dir ();
  path = g_build_filename (f->dir, "history.sqlite", NULL);
  f->store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);

  f->records = g_ptr_array_new_with_free_func ((GDestroyNotify)tl_history_record_free);
  for (i = 0; i < N_CALLS; i++)
    {
      TlHistoryRecord *r = tl_history_record_new ();
      g_autofree char *national = g_strdup_printf ("0%d-%07d", g_rand_int_range (rand, 10, 99),
                                                   g_rand_int_range (rand, 0, 9999999));

      r->account_id = g_strdup (accounts[g_rand_int_range (rand, 0, G_N_ELEMENTS (accounts))]);
      r->direction = g_rand_boolean (rand) ? TL_HISTORY_DIRECTION_OUTGOING
                                           : TL_HISTORY_DIRECTION_INCOMING;
      r->peer_uri = g_strdup_printf ("sip:%s@trunk.example", national);
      r->peer_number = tl_phone_number_normalise (r->peer_uri, "31", "0");
      r->peer_digits = tl_phone_number_search_key (r->peer_number, r->peer_uri, "31", "0");
      r->peer_name = g_strdup_printf ("%s %s",
                                      first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                      last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
      /* Few distinct start times, so that ties are decided by id across page edges. */
      r->started = (gint64)g_rand_int_range (rand, 1, 400) * G_USEC_PER_SEC;
      r->ended = r->started + 10 * G_USEC_PER_SEC;
      r->missed = r->direction == TL_HISTORY_DIRECTION_INCOMING && g_rand_boolean (rand);
      r->seen = g_rand_boolean (rand);
      g_ptr_array_add (f->records, r);
    }

  g_assert_true (tl_history_store_insert_records (f->store, (TlHistoryRecord **)f->records->pdata,
                                                  f->records->len, &error));
  g_assert_no_error (error);
  g_ptr_array_sort (f->records, compare_newest_first);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->records, g_ptr_array_unref);
  history_test_remove_dir (f->dir);
  g_free (f->dir);
}

typedef gboolean (*RecordPredicate) (const TlHistoryRecord *record,
                                     gconstpointer          data);

static void
assert_model_matches (TlHistoryModel  *model,
                      GPtrArray       *records,
                      RecordPredicate  predicate,
                      gconstpointer    data)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n;
  guint i;

  for (i = 0; i < records->len; i++)
    {
      const TlHistoryRecord *r = g_ptr_array_index (records, i);

      if (predicate == NULL || predicate (r, data))
        g_array_append_val (expected, r->id);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, expected->len);

  /* A jump deep into the list first, then everything from the top. */
  if (n > 0)
    {
      g_autoptr(TlHistoryEntry) deep = g_list_model_get_item (G_LIST_MODEL (model), n * 4 / 5);

      g_assert_nonnull (deep);
      g_assert_cmpint (tl_history_entry_get_id (deep), ==, g_array_index (expected, gint64, n * 4 / 5));
    }

  for (i = 0; i < n; i++)
    {
      g_autoptr(TlHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (entry);
      g_assert_cmpint (tl_history_entry_get_id (entry), ==, g_array_index (expected, gint64, i));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
}

static void
test_order_and_paging (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == TL_TYPE_HISTORY_ENTRY);
  assert_model_matches (model, f->records, NULL, NULL);
}

static gboolean
matches_filter (const TlHistoryRecord *r,
                gconstpointer          data)
{
  const char *account = g_object_get_data ((GObject *)data, "account");

  if (account != NULL && g_strcmp0 (r->account_id, account) != 0)
    return FALSE;

  switch (tl_history_model_get_filter ((TlHistoryModel *)data))
    {
    case TL_HISTORY_FILTER_MISSED: return r->missed;
    case TL_HISTORY_FILTER_INCOMING: return r->direction == TL_HISTORY_DIRECTION_INCOMING;
    case TL_HISTORY_FILTER_OUTGOING: return r->direction == TL_HISTORY_DIRECTION_OUTGOING;
    case TL_HISTORY_FILTER_ALL:
    default: return TRUE;
    }
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);
  TlHistoryFilter filter;
  guint a;

  for (a = 0; a <= G_N_ELEMENTS (accounts); a++)
    {
      const char *account = a < G_N_ELEMENTS (accounts) ? accounts[a] : NULL;

      tl_history_model_set_account_id (model, account);
      g_object_set_data (G_OBJECT (model), "account", (gpointer)account);
      for (filter = TL_HISTORY_FILTER_ALL; filter <= TL_HISTORY_FILTER_OUTGOING; filter++)
        {
          g_object_set (model, "filter", filter, NULL);
          assert_model_matches (model, f->records, matches_filter, model);
        }
    }
}

static gboolean
matches_digits (const TlHistoryRecord *r,
                gconstpointer          data)
{
  return strstr (r->peer_digits, data) != NULL;
}

static gboolean
matches_name (const TlHistoryRecord *r,
              gconstpointer          data)
{
  g_autofree char *name = g_utf8_casefold (r->peer_name, -1);
  g_autofree char *needle = g_utf8_casefold (data, -1);

  return strstr (name, needle) != NULL;
}

static gboolean
matches_word_prefix (const TlHistoryRecord *r,
                     gconstpointer          data)
{
  g_autofree char *text = g_strconcat (r->peer_digits, " ", r->peer_name, NULL);
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_auto(GStrv) words = g_strsplit_set (folded, " '", -1);
  guint i;

  for (i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], data))
      return TRUE;
  return FALSE;
}

static gboolean
matches_filter_and_name (const TlHistoryRecord *r,
                         gconstpointer          data)
{
  return matches_filter (r, data) && matches_name (r, "vries");
}

static gboolean
matches_filter_and_digits (const TlHistoryRecord *r,
                           gconstpointer          data)
{
  const char *fragment = tl_history_model_get_search ((TlHistoryModel *)data);

  return matches_filter (r, data) && matches_digits (r, fragment);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  TlHistoryFilter filter;
  g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);
  const TlHistoryRecord *some = g_ptr_array_index (f->records, 100);
  g_autofree char *fragment = g_strndup (some->peer_digits + 4, 5);
  g_autofree char *formatted = g_strdup_printf ("(%c%c) %c-%c.%c", fragment[0], fragment[1],
                                                fragment[2], fragment[3], fragment[4]);

  tl_history_model_set_search (model, formatted);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 1);
  assert_model_matches (model, f->records, matches_digits, fragment);

  /* The national form finds numbers stored as E.164. */
  tl_history_model_set_search (model, "020-1");
  assert_model_matches (model, f->records, matches_digits, "0201");
  tl_history_model_set_search (model, "+31 2");
  assert_model_matches (model, f->records, matches_digits, "312");

  tl_history_model_set_search (model, "VRIES");
  assert_model_matches (model, f->records, matches_name, "vries");
  tl_history_model_set_search (model, "n de v");
  assert_model_matches (model, f->records, matches_name, "n de v");
  tl_history_model_set_search (model, "loé");
  assert_model_matches (model, f->records, matches_name, "loé");
  tl_history_model_set_search (model, "O'Neil");
  assert_model_matches (model, f->records, matches_name, "o'neil");

  /* Under three characters: the prefix index, start of a word or a number. */
  tl_history_model_set_search (model, "Ba");
  assert_model_matches (model, f->records, matches_word_prefix, "ba");
  tl_history_model_set_search (model, "s");
  assert_model_matches (model, f->records, matches_word_prefix, "s");
  tl_history_model_set_search (model, "31");
  assert_model_matches (model, f->records, matches_word_prefix, "31");

  /* Search and filter together, through both query plans (many and few matches). */
  tl_history_model_set_search (model, "vries");
  for (filter = TL_HISTORY_FILTER_ALL; filter <= TL_HISTORY_FILTER_OUTGOING; filter++)
    {
      tl_history_model_set_filter (model, filter);
      tl_history_model_set_account_id (model, filter == TL_HISTORY_FILTER_MISSED ? "work" : NULL);
      g_object_set_data (G_OBJECT (model), "account",
                         filter == TL_HISTORY_FILTER_MISSED ? (gpointer)"work" : NULL);
      assert_model_matches (model, f->records, matches_filter_and_name, model);
    }
  tl_history_model_set_search (model, fragment);
  tl_history_model_set_filter (model, TL_HISTORY_FILTER_INCOMING);
  tl_history_model_set_account_id (model, NULL);
  g_object_set_data (G_OBJECT (model), "account", NULL);
  g_object_set_data (G_OBJECT (model), "name", NULL);
  assert_model_matches (model, f->records, matches_filter_and_digits, model);

  tl_history_model_set_search (model, "");
  g_assert_null (tl_history_model_get_search (model));
}

typedef struct {
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  ItemsChanged *changed = user_data;

  changed->n_signals++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

/* A call at the top and its end are told as what they are, so a list being
 * read keeps its rows; other changes replace everything. */
static void
test_items_changed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);
  g_autoptr(TlHistoryEntry) first = NULL;
  g_autoptr(TlHistoryEntry) second = NULL;
  g_autoptr(TlHistoryEntry) ended = NULL;
  g_autoptr(TlHistoryEntry) seen = NULL;
  TlHistoryCallStart start = { .account_id = "work", .direction = TL_HISTORY_DIRECTION_INCOMING,
                               .peer_uri = "sip:112@x", .peer_name = "New" };
  TlHistoryCallEnd end = { .end_reason = "normal", .sip_code = 200 };
  ItemsChanged changed = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changed);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);

  /* A call starts: one row at the top, and the old top is the same object one down. */
  id = tl_history_store_begin_call (f->store, &start, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CALLS + 1);
  second = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_true (second == first);
  g_clear_object (&second);
  second = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (tl_history_entry_get_id (second), ==, id);
  g_assert_cmpint (tl_history_entry_get_ended (second), ==, 0);

  /* It ends: that row alone is replaced, by one that shows the end. */
  changed.n_signals = 0;
  g_assert_true (tl_history_store_end_call (f->store, id, &end, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);
  ended = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (ended != second);
  g_assert_cmpint (tl_history_entry_get_ended (ended), >, 0);
  g_assert_false (tl_history_entry_get_seen (ended));

  changed.n_signals = 0;
  tl_history_store_mark_seen (f->store, id, NULL);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 1);
  seen = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (tl_history_entry_get_seen (seen));

  /* Anything else (here a deletion) replaces the whole list. */
  changed.n_signals = 0;
  tl_history_store_delete (f->store, id, NULL);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.removed, ==, N_CALLS + 1);
  g_assert_cmpuint (changed.added, ==, N_CALLS);
}

/* The GListModel contract: a position gives the same object for as long as it
 * is held, even after its page left the cache. */
static void
test_same_object (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TlHistoryModel) model = tl_history_model_new (f->store);
  g_autoptr(TlHistoryEntry) held = g_list_model_get_item (G_LIST_MODEL (model), 600);
  g_autoptr(TlHistoryEntry) again = NULL;

  g_assert_cmpuint (TL_HISTORY_MODEL_PAGE_SIZE, >=, 256);
  /* Every page, more than the cache keeps. */
  for (guint i = 0; i < N_CALLS; i += 100)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), N_CALLS - 1 - i));
  again = g_list_model_get_item (G_LIST_MODEL (model), 600);
  g_assert_true (again == held);
  g_assert_cmpint (tl_history_entry_get_id (again), ==, ((TlHistoryRecord *) f->records->pdata[600])->id);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/history/model/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("order-and-paging", test_order_and_paging);
  ADD ("filters", test_filters);
  ADD ("search", test_search);
  ADD ("items-changed", test_items_changed);
  ADD ("same-object", test_same_object);

#undef ADD

  return g_test_run ();
}
