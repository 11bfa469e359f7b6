/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GListModel of history entries, newest first, loaded page by page on demand. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-model.h"
#include "tl-history-model-private.h"
#include "tl-history-store-private.h"
#include "tl-phone-number.h"

#include <string.h>

#define MAX_CACHED_PAGES 4
#define MAX_SEARCH_CHARS 64

/* Pages are found by keyset on (started, id), never by OFFSET: page k starts
 * just after boundaries[k], the key of the last row of page k - 1. */
typedef struct {
  gint64 started;
  gint64 id;
} PageKey;

typedef enum {
  SEARCH_NONE,
  SEARCH_TRIGRAM,
  SEARCH_PREFIX,
} SearchKind;

struct _TlHistoryModel
{
  GObject          parent_instance;

  TlHistoryStore  *store;
  gulong           changed_handler;

  TlHistoryFilter  filter;
  char            *account_id;
  char            *search;

  SearchKind       search_kind;
  char            *match;
  char            *rows_sql;
  char            *keys_sql;
  char            *rows_scan_sql;
  char            *keys_scan_sql;
  char            *count_sql;
  gboolean         use_scan;
  TlHistoryModelPlan plan;

  guint            n_items;
  GArray          *boundaries;
  GHashTable      *pages;
  GQueue           lru;
  /* position → GWeakRef of the entry handed out there: a position gives the
   * same object for as long as anyone holds it (the GListModel contract),
   * even after its page left the cache. */
  GHashTable      *handed_out;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlHistoryModel, tl_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_FILTER,
  PROP_ACCOUNT_ID,
  PROP_SEARCH,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* ---- search text → FTS5 query ------------------------------------------------ */

static gboolean
looks_like_number (const char *text)
{
  gboolean digit = FALSE;
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (strchr (" +-.()/", *p) == NULL)
        return FALSE;
    }
  return digit;
}

/* An FTS5 string: everything inside double quotes is literal (operators,
 * '*', NEAR, column filters), and an inner quote is written twice. */
static void
append_fts_string (GString    *out,
                   const char *text)
{
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * tl_history_model_build_match:
 * @search: what the user typed, any bytes
 * @use_prefix_index: (out): whether the query is for the prefix index
 *
 * Fragments of three characters or more go to the trigram index (anywhere in
 * the number or name); shorter ones to the prefix index (start of the number
 * or of a word of the name). Numbers are matched by their digits only, so any
 * formatting of the fragment finds them.
 *
 * Returns: (nullable): the FTS5 MATCH expression, or %NULL for no search
 */
char *
tl_history_model_build_match (const char *search,
                              gboolean   *use_prefix_index)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *text;
  gboolean prefix;

  *use_prefix_index = FALSE;
  if (search == NULL)
    return NULL;

  valid = g_strstrip (g_utf8_make_valid (search, -1));
  if (valid[0] == '\0')
    return NULL;

  /* Longer fragments add nothing to a call list search but cost a trigram
   * each: a pasted 64 KB string must not stall the list. */
  if (g_utf8_strlen (valid, -1) > MAX_SEARCH_CHARS)
    *g_utf8_offset_to_pointer (valid, MAX_SEARCH_CHARS) = '\0';

  if (looks_like_number (valid))
    {
      g_autofree char *digits = tl_phone_number_digits (valid);

      text = digits[0] == '+' ? digits + 1 : digits;
      prefix = strlen (text) < 3;
      g_string_append (out, "peer_digits : ");
      append_fts_string (out, text);
    }
  else
    {
      prefix = g_utf8_strlen (valid, -1) < 3;
      append_fts_string (out, valid);
    }

  if (prefix)
    g_string_append (out, " *");

  *use_prefix_index = prefix;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- SQL for the current query ---------------------------------------------- */

/* Parameters: ?1, ?2 the keyset, ?3 the account, ?4 the match, ?5 the limit.
 * The SQL is built from fixed fragments only; user text is always bound.
 *
 * A search matches peers (the few thousand distinct number, name and account
 * triples), not calls: its length is the sum of the matching peers' counts.
 * Its rows have two plans. With few matching calls, the peers drive: each
 * peer's call keys are read from calls_by_peer and sorted, and only the
 * page's rows are read. With many, sorting them all for every page is what
 * costs; instead the filter's (started, id, peer_id) index is walked newest
 * first and each call's peer is checked against the set of matching peers,
 * which SQLite builds once per query, so a page stops when it is full. */
static void
build_sql (TlHistoryModel *self)
{
  g_autoptr(GString) where = g_string_new ("1");
  g_autoptr(GString) peer_where = g_string_new (NULL);
  const char *fts = NULL;
  const char *index_name = "calls_by_started";
  const char *peer_count = "p.total";
  const char *peer_has = NULL;
  const char *keyset = " AND (c.started, c.id) < (?1, ?2)"
                       " ORDER BY c.started DESC, c.id DESC LIMIT ?5";
  gboolean prefix = FALSE;

  g_clear_pointer (&self->match, g_free);
  self->match = tl_history_model_build_match (self->search, &prefix);
  self->search_kind = self->match == NULL ? SEARCH_NONE : prefix ? SEARCH_PREFIX : SEARCH_TRIGRAM;

  switch (self->filter)
    {
    case TL_HISTORY_FILTER_MISSED:
      /* Written as the partial index's WHERE so that it is used. */
      g_string_append (where, " AND c.missed = 1");
      index_name = "calls_missed_by_started";
      peer_count = "p.missed";
      peer_has = "p.missed > 0";
      break;
    case TL_HISTORY_FILTER_INCOMING:
      g_string_append (where, " AND c.direction = 0");
      index_name = "calls_by_direction";
      peer_count = "p.incoming";
      peer_has = "p.incoming > 0";
      break;
    case TL_HISTORY_FILTER_OUTGOING:
      g_string_append (where, " AND c.direction = 1");
      index_name = "calls_by_direction";
      peer_count = "p.total - p.incoming";
      peer_has = "p.total > p.incoming";
      break;
    case TL_HISTORY_FILTER_ALL:
    default:
      break;
    }

  if (self->account_id != NULL)
    {
      g_string_append (where, " AND c.account = ?3");
      index_name = "calls_by_account";
    }

  g_clear_pointer (&self->count_sql, g_free);
  g_clear_pointer (&self->rows_sql, g_free);
  g_clear_pointer (&self->keys_sql, g_free);
  g_clear_pointer (&self->rows_scan_sql, g_free);
  g_clear_pointer (&self->keys_scan_sql, g_free);

  if (self->search_kind == SEARCH_NONE)
    {
      /* The lengths come from the counters (count_items()). */
      self->rows_sql = g_strdup_printf ("SELECT " TL_HISTORY_CALL_COLUMNS " FROM calls c"
                                        " WHERE %s%s", where->str, keyset);
      self->keys_sql = g_strdup_printf ("SELECT c.started, c.id FROM calls c WHERE %s%s",
                                        where->str, keyset);
      return;
    }

  fts = self->search_kind == SEARCH_PREFIX ? "peers_prefix" : "peers_fts";
  g_string_append_printf (peer_where, "p.id IN (SELECT rowid FROM %s WHERE %s MATCH ?4)", fts, fts);
  if (self->account_id != NULL)
    g_string_append (peer_where, " AND p.account = ?3");
  if (peer_has != NULL)
    g_string_append_printf (peer_where, " AND %s", peer_has);

  self->count_sql = g_strdup_printf ("SELECT coalesce(sum(%s), 0) FROM peers p WHERE %s",
                                     peer_count, peer_where->str);

  /* Keys first, from the covering calls_by_peer; rows only for the page.
   * CROSS JOIN pins the peers as the outer loop. */
#define JOIN_FROM " FROM peers p CROSS JOIN calls c INDEXED BY calls_by_peer ON c.peer_id = p.id"
  self->keys_sql = g_strdup_printf ("SELECT c.started, c.id" JOIN_FROM " WHERE %s AND %s%s",
                                    peer_where->str, where->str, keyset);
  self->rows_sql = g_strdup_printf ("SELECT " TL_HISTORY_CALL_COLUMNS " FROM calls c"
                                    " WHERE c.id IN (SELECT c.id" JOIN_FROM " WHERE %s AND %s%s)"
                                    " ORDER BY c.started DESC, c.id DESC",
                                    peer_where->str, where->str, keyset);
#undef JOIN_FROM

  /* INDEXED BY: the planner would otherwise pick the lookup-and-sort plan.
   * The filter's index already checks the filter and account. */
#define SCAN_WHERE " WHERE %s AND c.peer_id IN (SELECT rowid FROM %s WHERE %s MATCH ?4)%s"
  self->rows_scan_sql = g_strdup_printf ("SELECT " TL_HISTORY_CALL_COLUMNS
                                         " FROM calls c INDEXED BY %s" SCAN_WHERE,
                                         index_name, where->str, fts, fts, keyset);
  self->keys_scan_sql = g_strdup_printf ("SELECT c.started, c.id FROM calls c INDEXED BY %s"
                                         SCAN_WHERE,
                                         index_name, where->str, fts, fts, keyset);
#undef SCAN_WHERE
}

static sqlite3_stmt *
prepare_query (TlHistoryModel *self,
               const char     *sql,
               const PageKey  *after,
               gint64          limit)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  stmt = tl_history_store_prepare (self->store, sql, &error);
  if (stmt == NULL)
    {
      g_debug ("History query failed: %s", error->message);
      return NULL;
    }

  /* Binding a number the statement does not use is harmless below the
   * highest one and SQLITE_RANGE above it; either way it is ignored. */
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, after->started);
      sqlite3_bind_int64 (stmt, 2, after->id);
      sqlite3_bind_int64 (stmt, 5, limit);
    }
  if (self->account_id != NULL)
    sqlite3_bind_text (stmt, 3, self->account_id, -1, SQLITE_STATIC);
  if (self->match != NULL)
    sqlite3_bind_text (stmt, 4, self->match, -1, SQLITE_STATIC);
  return stmt;
}

static gint64
run_count (TlHistoryModel *self,
           const char     *sql)
{
  sqlite3_stmt *stmt;
  gint64 count = 0;
  int rc;

  stmt = prepare_query (self, sql, NULL, 0);
  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    g_debug ("Could not count calls: %s", sqlite3_errmsg (tl_history_store_get_db (self->store)));
  sqlite3_reset (stmt);
  return count;
}

/* Both plans read keys from covering indexes. Joining sorts every matching
 * call's key for each page; scanning steps through about PAGE_SIZE * total /
 * matches keys of the filter's index per page, each checked against the set
 * of matching peers (a costlier step). Measured at a million calls the two
 * meet near 32 000 matches: matches² ≈ 1024 × total. */
static gboolean
prefer_scan (gint64 n_matches,
             gint64 n_total)
{
  return n_matches > 0 && n_matches * n_matches > 1024 * n_total;
}

static gint64
filter_count (TlHistoryModel          *self,
              const TlHistoryCounters *counters)
{
  switch (self->filter)
    {
    case TL_HISTORY_FILTER_MISSED: return counters->missed;
    case TL_HISTORY_FILTER_INCOMING: return counters->incoming;
    case TL_HISTORY_FILTER_OUTGOING: return counters->total - counters->incoming;
    case TL_HISTORY_FILTER_ALL:
    default: return counters->total;
    }
}

static guint
count_items (TlHistoryModel *self)
{
  TlHistoryCounters counters = { 0 };
  TlHistoryCounters account_counters = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 count = 0;

  if (!tl_history_store_read_counters (self->store, &counters, &error)
      || (self->account_id != NULL
          && !tl_history_store_read_account_counters (self->store, self->account_id,
                                                      &account_counters, &error)))
    {
      g_debug ("Could not read the counters: %s", error->message);
      return 0;
    }

  /* Lengths are kept by triggers, per account and per peer; counting a
   * million rows is not. */
  if (self->search_kind == SEARCH_NONE)
    count = filter_count (self, self->account_id != NULL ? &account_counters : &counters);
  else
    {
      count = run_count (self, self->count_sql);
      self->use_scan = self->plan == TL_HISTORY_MODEL_PLAN_AUTO
                       ? prefer_scan (count, counters.total)
                       : self->plan == TL_HISTORY_MODEL_PLAN_SCAN;
    }

  return (guint)CLAMP (count, 0, G_MAXUINT);
}

/* ---- pages -------------------------------------------------------------------- */

/* Walks keys only (the covering index, no row reads) from the last known page
 * start up to @page, noting each page start on the way. */
static gboolean
ensure_boundary (TlHistoryModel *self,
                 guint           page)
{
  PageKey from;
  sqlite3_stmt *stmt;
  gint64 rows_wanted;
  gint64 n = 0;

  if (page < self->boundaries->len)
    return TRUE;

  from = g_array_index (self->boundaries, PageKey, self->boundaries->len - 1);
  rows_wanted = (gint64)(page - (self->boundaries->len - 1)) * TL_HISTORY_MODEL_PAGE_SIZE;

  stmt = prepare_query (self, self->use_scan ? self->keys_scan_sql : self->keys_sql,
                        &from, rows_wanted);
  if (stmt == NULL)
    return FALSE;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      n++;
      if (n % TL_HISTORY_MODEL_PAGE_SIZE == 0)
        {
          PageKey key = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

          g_array_append_val (self->boundaries, key);
        }
    }
  sqlite3_reset (stmt);

  return page < self->boundaries->len;
}

static void
touch_page (TlHistoryModel *self,
            guint           page)
{
  g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));

  while (g_queue_get_length (&self->lru) > MAX_CACHED_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* The entry handed out at @position that is still alive, or NULL (a new reference). */
static TlHistoryEntry *
still_handed_out (TlHistoryModel *self,
                  guint           position)
{
  GWeakRef *ref = g_hash_table_lookup (self->handed_out, GUINT_TO_POINTER (position));

  return ref != NULL ? g_weak_ref_get (ref) : NULL;
}

static gboolean
entry_gone (gpointer key,
            gpointer value,
            gpointer user_data)
{
  g_autoptr(GObject) alive = g_weak_ref_get (value);

  return alive == NULL;
}

static void
hand_out (TlHistoryModel *self,
          guint           position,
          TlHistoryEntry *entry)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  /* Scrolling through a long list leaves many dead references: sweep them now and then. */
  if (g_hash_table_size (self->handed_out) > 4 * MAX_CACHED_PAGES * TL_HISTORY_MODEL_PAGE_SIZE)
    g_hash_table_foreach_remove (self->handed_out, entry_gone, NULL);
  g_weak_ref_init (ref, entry);
  g_hash_table_replace (self->handed_out, GUINT_TO_POINTER (position), ref);
}

/* Positions moved by @shift (a call arrived at the top): the live entries move with them. */
static void
shift_handed_out (TlHistoryModel *self,
                  guint           shift)
{
  g_autoptr(GHashTable) moved = g_hash_table_new_full (NULL, NULL, NULL, weak_ref_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->handed_out);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (moved, GUINT_TO_POINTER (GPOINTER_TO_UINT (key) + shift), value);
    }
  g_hash_table_steal_all (self->handed_out);
  g_hash_table_iter_init (&iter, moved);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (self->handed_out, key, value);
    }
}

static GPtrArray *
load_page (TlHistoryModel *self,
           guint           page)
{
  GPtrArray *cached;
  GPtrArray *entries;
  sqlite3_stmt *stmt;
  PageKey after;
  PageKey last = { 0, 0 };

  cached = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (cached != NULL)
    {
      touch_page (self, page);
      return cached;
    }

  if (!ensure_boundary (self, page))
    return NULL;

  after = g_array_index (self->boundaries, PageKey, page);
  stmt = prepare_query (self, self->use_scan ? self->rows_scan_sql : self->rows_sql,
                        &after, TL_HISTORY_MODEL_PAGE_SIZE);
  if (stmt == NULL)
    return NULL;

  entries = g_ptr_array_new_full (TL_HISTORY_MODEL_PAGE_SIZE, g_object_unref);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint position = page * TL_HISTORY_MODEL_PAGE_SIZE + entries->len;
      TlHistoryEntry *entry = tl_history_entry_new_take (tl_history_store_read_row (stmt));
      TlHistoryEntry *alive = still_handed_out (self, position);

      last.started = tl_history_entry_get_started (entry);
      last.id = tl_history_entry_get_id (entry);
      /* The object still held at this position, when it shows the same. */
      if (alive != NULL && tl_history_entry_same (alive, entry))
        {
          g_object_unref (entry);
          g_ptr_array_add (entries, alive);
        }
      else
        {
          g_clear_object (&alive);
          g_ptr_array_add (entries, entry);
          hand_out (self, position, entry);
        }
    }
  sqlite3_reset (stmt);

  if (entries->len == TL_HISTORY_MODEL_PAGE_SIZE && self->boundaries->len == page + 1)
    g_array_append_val (self->boundaries, last);

  /* The cache owns the page; touch_page() never evicts the page it touches. */
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), entries);
  touch_page (self, page);
  return entries;
}

static void
drop_pages (TlHistoryModel *self)
{
  PageKey first = { G_MAXINT64, G_MAXINT64 };

  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
  g_array_set_size (self->boundaries, 0);
  g_array_append_val (self->boundaries, first);
}

/* A new query: no position means what it meant. */
static void
forget_handed_out (TlHistoryModel *self)
{
  g_hash_table_remove_all (self->handed_out);
}

/* The entry now at @position, or NULL (a new reference). */
static TlHistoryEntry *
entry_at (TlHistoryModel *self,
          guint           position)
{
  GPtrArray *page;
  guint index = position % TL_HISTORY_MODEL_PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;
  page = load_page (self, position / TL_HISTORY_MODEL_PAGE_SIZE);
  return page != NULL && index < page->len ? g_object_ref (g_ptr_array_index (page, index)) : NULL;
}

/* The old first row, without loading anything. */
static TlHistoryEntry *
known_entry (TlHistoryModel *self,
             guint           position)
{
  GPtrArray *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (position / TL_HISTORY_MODEL_PAGE_SIZE));
  guint index = position % TL_HISTORY_MODEL_PAGE_SIZE;

  if (page != NULL && index < page->len)
    return g_object_ref (g_ptr_array_index (page, index));
  return still_handed_out (self, position);
}

void
tl_history_model_set_plan (TlHistoryModel     *self,
                           TlHistoryModelPlan  plan)
{
  g_return_if_fail (TL_IS_HISTORY_MODEL (self));

  self->plan = plan;
  tl_history_model_reload (self);
}

/* Any change reloads from the top. The two changes a phone makes all day (a
 * call arrives at the top; the top call ends) are told to the view as they
 * are, so a list being read does not jump; anything else replaces everything. */
void
tl_history_model_reload (TlHistoryModel *self)
{
  g_autoptr(TlHistoryEntry) old_top = NULL;
  g_autoptr(TlHistoryEntry) old_second = NULL;
  g_autoptr(TlHistoryEntry) new_top = NULL;
  g_autoptr(TlHistoryEntry) new_second = NULL;
  g_autoptr(GHashTable) handed_out = NULL;
  guint old_n_items;

  g_return_if_fail (TL_IS_HISTORY_MODEL (self));

  old_n_items = self->n_items;
  old_top = known_entry (self, 0);
  old_second = known_entry (self, 1);
  drop_pages (self);
  self->n_items = self->store != NULL ? count_items (self) : 0;

  /* A fresh look at the top, with nothing reused. */
  handed_out = g_steal_pointer (&self->handed_out);
  self->handed_out = g_hash_table_new_full (NULL, NULL, NULL, weak_ref_free);
  new_top = entry_at (self, 0);
  new_second = entry_at (self, 1);
  drop_pages (self);
  g_hash_table_unref (self->handed_out);
  self->handed_out = g_steal_pointer (&handed_out);

  if (old_top != NULL && self->n_items == old_n_items + 1 && tl_history_entry_same (new_second, old_top))
    {
      shift_handed_out (self, 1);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);
    }
  else if (old_top != NULL && self->n_items == old_n_items && new_top != NULL
           && tl_history_entry_get_id (new_top) == tl_history_entry_get_id (old_top)
           && !tl_history_entry_same (new_top, old_top) && tl_history_entry_same (new_second, old_second))
    {
      g_hash_table_remove (self->handed_out, GUINT_TO_POINTER (0));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 1, 1);
    }
  else if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

/* The query itself changed: every position means something new. */
static void
reload_query (TlHistoryModel *self)
{
  guint old_n_items = self->n_items;

  forget_handed_out (self);
  drop_pages (self);
  self->n_items = self->store != NULL ? count_items (self) : 0;
  if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

static void
on_store_changed (TlHistoryModel *self,
                  TlHistoryStore *store)
{
  tl_history_model_reload (self);
}

/* ---- GListModel ------------------------------------------------------------------ */

static GType
tl_history_model_get_item_type (GListModel *model)
{
  return TL_TYPE_HISTORY_ENTRY;
}

static guint
tl_history_model_get_n_items (GListModel *model)
{
  return TL_HISTORY_MODEL (model)->n_items;
}

static gpointer
tl_history_model_get_item (GListModel *model,
                           guint       position)
{
  TlHistoryModel *self = TL_HISTORY_MODEL (model);
  GPtrArray *entries;
  guint index;

  if (position >= self->n_items)
    return NULL;

  entries = load_page (self, position / TL_HISTORY_MODEL_PAGE_SIZE);
  index = position % TL_HISTORY_MODEL_PAGE_SIZE;
  if (entries == NULL || index >= entries->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (entries, index));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tl_history_model_get_item_type;
  iface->get_n_items = tl_history_model_get_n_items;
  iface->get_item = tl_history_model_get_item;
}

/* ---- properties ------------------------------------------------------------------- */

TlHistoryModel *
tl_history_model_new (TlHistoryStore *store)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (store), NULL);
  return g_object_new (TL_TYPE_HISTORY_MODEL, "store", store, NULL);
}

TlHistoryStore *
tl_history_model_get_store (TlHistoryModel *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_MODEL (self), NULL);
  return self->store;
}

TlHistoryFilter
tl_history_model_get_filter (TlHistoryModel *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_MODEL (self), TL_HISTORY_FILTER_ALL);
  return self->filter;
}

void
tl_history_model_set_filter (TlHistoryModel  *self,
                             TlHistoryFilter  filter)
{
  g_return_if_fail (TL_IS_HISTORY_MODEL (self));

  if (self->filter == filter)
    return;
  self->filter = filter;
  build_sql (self);
  reload_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILTER]);
}

const char *
tl_history_model_get_account_id (TlHistoryModel *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_MODEL (self), NULL);
  return self->account_id;
}

/**
 * tl_history_model_set_account_id:
 * @account_id: (nullable): only this account's calls, or %NULL for all
 */
void
tl_history_model_set_account_id (TlHistoryModel *self,
                                 const char     *account_id)
{
  g_return_if_fail (TL_IS_HISTORY_MODEL (self));

  if (!set_string (&self->account_id, account_id))
    return;
  build_sql (self);
  reload_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCOUNT_ID]);
}

const char *
tl_history_model_get_search (TlHistoryModel *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_MODEL (self), NULL);
  return self->search;
}

void
tl_history_model_set_search (TlHistoryModel *self,
                             const char     *search)
{
  g_return_if_fail (TL_IS_HISTORY_MODEL (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;
  if (!set_string (&self->search, search))
    return;
  build_sql (self);
  reload_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SEARCH]);
}

static void
tl_history_model_constructed (GObject *object)
{
  TlHistoryModel *self = (TlHistoryModel *)object;

  G_OBJECT_CLASS (tl_history_model_parent_class)->constructed (object);

  build_sql (self);
  if (self->store != NULL)
    {
      self->changed_handler = g_signal_connect_object (self->store, "changed",
                                                       G_CALLBACK (on_store_changed), self,
                                                       G_CONNECT_SWAPPED);
      self->n_items = count_items (self);
    }
}

static void
tl_history_model_dispose (GObject *object)
{
  TlHistoryModel *self = (TlHistoryModel *)object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);
  if (self->pages != NULL)
    drop_pages (self);

  G_OBJECT_CLASS (tl_history_model_parent_class)->dispose (object);
}

static void
tl_history_model_finalize (GObject *object)
{
  TlHistoryModel *self = (TlHistoryModel *)object;

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->handed_out, g_hash_table_unref);
  g_clear_pointer (&self->boundaries, g_array_unref);
  g_queue_clear (&self->lru);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->match, g_free);
  g_clear_pointer (&self->rows_sql, g_free);
  g_clear_pointer (&self->keys_sql, g_free);
  g_clear_pointer (&self->count_sql, g_free);
  g_clear_pointer (&self->rows_scan_sql, g_free);
  g_clear_pointer (&self->keys_scan_sql, g_free);

  G_OBJECT_CLASS (tl_history_model_parent_class)->finalize (object);
}

static void
tl_history_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlHistoryModel *self = TL_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FILTER:
      g_value_set_enum (value, self->filter);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_history_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TlHistoryModel *self = TL_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      tl_history_model_set_filter (self, g_value_get_enum (value));
      break;
    case PROP_ACCOUNT_ID:
      tl_history_model_set_account_id (self, g_value_get_string (value));
      break;
    case PROP_SEARCH:
      tl_history_model_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_history_model_class_init (TlHistoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tl_history_model_constructed;
  object_class->dispose = tl_history_model_dispose;
  object_class->finalize = tl_history_model_finalize;
  object_class->get_property = tl_history_model_get_property;
  object_class->set_property = tl_history_model_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TL_TYPE_HISTORY_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL, TL_TYPE_HISTORY_FILTER, TL_HISTORY_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_history_model_init (TlHistoryModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
  self->boundaries = g_array_new (FALSE, FALSE, sizeof (PageKey));
  g_queue_init (&self->lru);
  self->handed_out = g_hash_table_new_full (NULL, NULL, NULL, weak_ref_free);
  drop_pages (self);
}
