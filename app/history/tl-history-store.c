/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call-history store: every call, written at its start and completed at its end, in SQLite. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-store.h"
#include "tl-history-store-private.h"
#include "tl-history-schema-private.h"
#include "tl-phone-number.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#ifdef G_OS_UNIX
# include <fcntl.h>
# include <sys/file.h>
# include <unistd.h>
#endif

#define BUSY_TIMEOUT_MS   5000
#define RETRY_INTERVAL_S  5

struct _TlHistoryStore
{
  GObject                  parent_instance;

  char                    *path;
  TlHistoryStoreOpenFlags  flags;
  sqlite3                 *db;
  GHashTable              *statements;

  /* Rows that could not be written (full disk, I/O error), newest state per id. */
  GHashTable              *pending;
  guint                    retry_source;
  GError                  *last_error;

  gint64                   next_id;
  guint                    unseen_missed_count;
  guint                    retention_days;
  gboolean                 recovered_from_corruption;
  char                    *recovery_message;
  int                      lock_fd;
};

G_DEFINE_FINAL_TYPE (TlHistoryStore, tl_history_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-history-error-quark, tl_history_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_UNSEEN_MISSED_COUNT,
  PROP_PENDING_COUNT,
  PROP_LAST_ERROR,
  PROP_RETENTION_DAYS,
  PROP_RECOVERED_FROM_CORRUPTION,
  PROP_RECOVERY_MESSAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

#define ROW_COLUMNS \
  "id, account, direction, peer_uri, peer_number, peer_name, peer_digits," \
  " started, answered, ended, duration, end_reason, sip_code, codec, srtp, setup_ms," \
  " loss, jitter, rtt, mos, missed, seen"
#define ROW_VALUES \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16," \
  " ?17, ?18, ?19, ?20, ?21, ?22)"
/* The peer and start of a call never change once written: only the rest is updated. */
#define ON_CONFLICT_UPDATE \
  " ON CONFLICT (id) DO UPDATE SET answered = excluded.answered, ended = excluded.ended," \
  " duration = excluded.duration, end_reason = excluded.end_reason," \
  " sip_code = excluded.sip_code, codec = excluded.codec, srtp = excluded.srtp," \
  " setup_ms = excluded.setup_ms, loss = excluded.loss, jitter = excluded.jitter," \
  " rtt = excluded.rtt, mos = excluded.mos, missed = excluded.missed, seen = excluded.seen"

static const char upsert_sql[] =
  "INSERT INTO calls (" ROW_COLUMNS ")" ROW_VALUES ON_CONFLICT_UPDATE;

/* Bulk loads stage rows in a temporary table and move them with one statement:
 * the search-index triggers then run inside a single statement, whereas one
 * statement per row makes FTS5 flush its pending terms at every statement. */
static const char stage_create_sql[] =
  "CREATE TEMP TABLE IF NOT EXISTS staged_calls AS SELECT * FROM main.calls WHERE 0";
static const char stage_insert_sql[] =
  "INSERT INTO temp.staged_calls (" ROW_COLUMNS ")" ROW_VALUES;
static const char stage_move_sql[] =
  "INSERT INTO main.calls (" ROW_COLUMNS ") SELECT " ROW_COLUMNS " FROM temp.staged_calls"
  " WHERE true" ON_CONFLICT_UPDATE;
static const char stage_clear_sql[] =
  "DELETE FROM temp.staged_calls";

char *
tl_history_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "trunkline", "history.sqlite", NULL);
}

/* ---- statements and rows ------------------------------------------------ */

sqlite3 *
tl_history_store_get_db (TlHistoryStore *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), NULL);
  return self->db;
}

/* Statements are prepared once and kept; callers sqlite3_reset() them when
 * done so that no read transaction stays open. */
sqlite3_stmt *
tl_history_store_prepare (TlHistoryStore  *self,
                          const char      *sql,
                          GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      tl_history_sqlite_error (error, self->db, rc, "Could not query the call history");
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  if (text == NULL)
    return NULL;
  /* The file may have been edited by other tools: never hand invalid UTF-8 up. */
  return g_utf8_make_valid (text, sqlite3_column_bytes (stmt, column));
}

static double
column_double_or (sqlite3_stmt *stmt,
                  int           column,
                  double        fallback)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return fallback;
  return sqlite3_column_double (stmt, column);
}

TlHistoryRecord *
tl_history_store_read_row (sqlite3_stmt *stmt)
{
  TlHistoryRecord *r = tl_history_record_new ();

  r->id = sqlite3_column_int64 (stmt, 0);
  r->account_id = column_text (stmt, 1);
  r->direction = sqlite3_column_int (stmt, 2) == 1 ? TL_HISTORY_DIRECTION_OUTGOING
                                                    : TL_HISTORY_DIRECTION_INCOMING;
  r->peer_uri = column_text (stmt, 3);
  r->peer_number = column_text (stmt, 4);
  r->peer_name = column_text (stmt, 5);
  r->peer_digits = column_text (stmt, 6);
  r->started = sqlite3_column_int64 (stmt, 7);
  r->answered = sqlite3_column_int64 (stmt, 8);
  r->ended = sqlite3_column_int64 (stmt, 9);
  r->duration = sqlite3_column_int64 (stmt, 10);
  r->end_reason = column_text (stmt, 11);
  r->sip_code = sqlite3_column_int (stmt, 12);
  r->codec = column_text (stmt, 13);
  r->srtp = sqlite3_column_int (stmt, 14) != 0;
  r->setup_ms = (int)column_double_or (stmt, 15, -1);
  r->loss = column_double_or (stmt, 16, -1);
  r->jitter = column_double_or (stmt, 17, -1);
  r->rtt = column_double_or (stmt, 18, -1);
  r->mos = column_double_or (stmt, 19, -1);
  r->missed = sqlite3_column_int (stmt, 20) != 0;
  r->seen = sqlite3_column_int (stmt, 21) != 0;
  return r;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static void
bind_positive_or_null (sqlite3_stmt *stmt,
                       int           index,
                       gint64        value)
{
  if (value <= 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_figure_or_null (sqlite3_stmt *stmt,
                     int           index,
                     double        value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_double (stmt, index, value);
}

static gboolean
write_row (TlHistoryStore         *self,
           const char             *sql,
           const TlHistoryRecord  *r,
           GError                **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_history_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, r->id);
  sqlite3_bind_text (stmt, 2, r->account_id != NULL ? r->account_id : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, r->direction == TL_HISTORY_DIRECTION_OUTGOING ? 1 : 0);
  sqlite3_bind_text (stmt, 4, r->peer_uri != NULL ? r->peer_uri : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, r->peer_number != NULL ? r->peer_number : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, r->peer_name != NULL ? r->peer_name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, r->peer_digits != NULL ? r->peer_digits : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, r->started);
  bind_positive_or_null (stmt, 9, r->answered);
  bind_positive_or_null (stmt, 10, r->ended);
  sqlite3_bind_int64 (stmt, 11, r->duration);
  bind_text_or_null (stmt, 12, r->end_reason);
  bind_positive_or_null (stmt, 13, r->sip_code);
  bind_text_or_null (stmt, 14, r->codec);
  sqlite3_bind_int (stmt, 15, r->srtp ? 1 : 0);
  if (r->setup_ms < 0)
    sqlite3_bind_null (stmt, 16);
  else
    sqlite3_bind_int (stmt, 16, r->setup_ms);
  bind_figure_or_null (stmt, 17, r->loss);
  bind_figure_or_null (stmt, 18, r->jitter);
  bind_figure_or_null (stmt, 19, r->rtt);
  bind_figure_or_null (stmt, 20, r->mos);
  sqlite3_bind_int (stmt, 21, r->missed ? 1 : 0);
  sqlite3_bind_int (stmt, 22, r->seen ? 1 : 0);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return tl_history_sqlite_error (error, self->db, rc, "Could not save the call");
  return TRUE;
}

static gboolean
upsert_record (TlHistoryStore         *self,
               const TlHistoryRecord  *r,
               GError                **error)
{
  return write_row (self, upsert_sql, r, error);
}

static gboolean
query_int64 (TlHistoryStore  *self,
             const char      *sql,
             gint64          *value,
             GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_history_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return tl_history_sqlite_error (error, self->db, rc, "Could not read the call history");
  return TRUE;
}

gboolean
tl_history_store_read_counters (TlHistoryStore     *self,
                                TlHistoryCounters  *counters,
                                GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_history_store_prepare (self,
                                   "SELECT total, incoming, missed, unseen_missed"
                                   " FROM counters WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      counters->total = sqlite3_column_int64 (stmt, 0);
      counters->incoming = sqlite3_column_int64 (stmt, 1);
      counters->missed = sqlite3_column_int64 (stmt, 2);
      counters->unseen_missed = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return tl_history_sqlite_error (error, self->db, rc, "Could not read the call history");
  return TRUE;
}

/* ---- change bookkeeping --------------------------------------------------- */

static void
refresh_unseen_missed_count (TlHistoryStore *self)
{
  TlHistoryCounters counters = { 0 };
  g_autoptr(GError) error = NULL;
  guint count;

  if (!tl_history_store_read_counters (self, &counters, &error))
    {
      g_debug ("Could not read the counters: %s", error->message);
      return;
    }

  count = (guint)CLAMP (counters.unseen_missed, 0, G_MAXUINT);
  if (count == self->unseen_missed_count)
    return;

  self->unseen_missed_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_UNSEEN_MISSED_COUNT]);
}

static void
set_last_error (TlHistoryStore *self,
                const GError   *error)
{
  if (error == NULL && self->last_error == NULL)
    return;

  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_ERROR]);
}

static void
after_write (TlHistoryStore *self)
{
  refresh_unseen_missed_count (self);
  g_signal_emit (self, signals [CHANGED], 0);
}

static gboolean
begin_write (TlHistoryStore  *self,
             GError         **error)
{
  return tl_history_sqlite_exec (self->db, "BEGIN IMMEDIATE", error);
}

static gboolean
commit_or_rollback (TlHistoryStore  *self,
                    gboolean         ok,
                    GError         **error)
{
  if (ok && tl_history_sqlite_exec (self->db, "COMMIT", error))
    return TRUE;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* ---- writing calls, and holding them when the disk is full ---------------- */

static gboolean retry_pending_cb (gpointer user_data);

static void
schedule_retry (TlHistoryStore *self)
{
  GSource *source;

  if (self->retry_source != 0)
    return;

  source = g_timeout_source_new_seconds (RETRY_INTERVAL_S);
  g_source_set_callback (source, retry_pending_cb, self, NULL);
  g_source_set_static_name (source, "[tl-history] retry pending rows");
  self->retry_source = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static gboolean
upsert_pending (TlHistoryStore  *self,
                GError         **error)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!upsert_record (self, value, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
allocate_id (TlHistoryStore   *self,
             TlHistoryRecord  *record,
             GError          **error)
{
  gint64 max_id = 0;

  if (record == NULL || record->id != 0)
    return TRUE;
  /* Bare max(): SQLite answers it from the end of the rowid tree; wrapped in
   * coalesce() it would scan the table. A NULL (no rows) reads as 0. */
  if (!query_int64 (self, "SELECT max(id) FROM calls", &max_id, error))
    return FALSE;

  record->id = MAX (self->next_id, max_id + 1);
  self->next_id = record->id + 1;
  return TRUE;
}

/* Writes @record (owned; may be NULL to only flush) together with every held row
 * in one transaction. Whatever cannot be written stays in memory, the failure is
 * published as last-error and a retry is scheduled: a call is never dropped. */
static gboolean
write_with_pending (TlHistoryStore   *self,
                    TlHistoryRecord  *record,
                    gint64           *id_out,
                    GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n_pending_before = g_hash_table_size (self->pending);
  gboolean ok;

  if (record != NULL && record->id != 0)
    g_hash_table_remove (self->pending, &record->id);

  ok = begin_write (self, &local_error);
  if (ok)
    {
      ok = allocate_id (self, record, &local_error)
        && (record == NULL || upsert_record (self, record, &local_error))
        && upsert_pending (self, &local_error);
      ok = commit_or_rollback (self, ok, ok ? &local_error : NULL);
    }

  if (ok)
    {
      if (id_out != NULL && record != NULL)
        *id_out = record->id;
      g_hash_table_remove_all (self->pending);
      tl_history_record_free (record);
      g_clear_handle_id (&self->retry_source, g_source_remove);
      set_last_error (self, NULL);
      if (n_pending_before > 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_COUNT]);
      after_write (self);
      return TRUE;
    }

  if (record != NULL)
    {
      if (record->id == 0)
        record->id = self->next_id++;
      if (id_out != NULL)
        *id_out = record->id;
      g_hash_table_replace (self->pending, &record->id, record);
    }

  g_debug ("Holding %u call(s) in memory: %s",
           g_hash_table_size (self->pending), local_error->message);
  set_last_error (self, local_error);
  if (g_hash_table_size (self->pending) != n_pending_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_COUNT]);
  if (g_hash_table_size (self->pending) > 0)
    schedule_retry (self);

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
retry_pending_cb (gpointer user_data)
{
  TlHistoryStore *self = user_data;

  self->retry_source = 0;
  if (g_hash_table_size (self->pending) > 0)
    write_with_pending (self, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/**
 * tl_history_store_flush:
 *
 * Tries again to write the rows held in memory after a failed write.
 */
gboolean
tl_history_store_flush (TlHistoryStore  *self,
                        GError         **error)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);

  if (g_hash_table_size (self->pending) == 0)
    return TRUE;
  return write_with_pending (self, NULL, NULL, error);
}

static char *
valid_utf8_or_empty (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  return g_utf8_make_valid (text, -1);
}

/**
 * tl_history_store_begin_call:
 *
 * Records a call as it starts. The row is kept even when it cannot be written
 * yet (full disk): the id is valid, #TlHistoryStore:pending-count and
 * #TlHistoryStore:last-error tell the caller, and it is written on the next
 * write or retry.
 *
 * Returns: the id of the call, or 0 when @start is unusable.
 */
gint64
tl_history_store_begin_call (TlHistoryStore            *self,
                             const TlHistoryCallStart  *start,
                             GError                   **error)
{
  TlHistoryRecord *record;
  gint64 id = 0;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), 0);
  g_return_val_if_fail (start != NULL, 0);

  if (start->direction != TL_HISTORY_DIRECTION_INCOMING
      && start->direction != TL_HISTORY_DIRECTION_OUTGOING)
    {
      g_set_error (error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_INVALID,
                   "A call is either incoming or outgoing");
      return 0;
    }

  record = tl_history_record_new ();
  record->account_id = valid_utf8_or_empty (start->account_id);
  record->direction = start->direction;
  record->peer_uri = valid_utf8_or_empty (start->peer_uri);
  record->peer_name = valid_utf8_or_empty (start->peer_name);
  record->peer_number = tl_phone_number_normalise (record->peer_uri, start->country_code,
                                                   start->national_prefix);
  record->peer_digits = tl_phone_number_search_key (record->peer_number, record->peer_uri,
                                                    start->country_code, start->national_prefix);
  record->started = start->started > 0 ? start->started : g_get_real_time ();

  /* Written or held: either way @record now belongs to the store and has an id. */
  write_with_pending (self, record, &id, NULL);
  return id;
}

static TlHistoryRecord *
load_record (TlHistoryStore  *self,
             gint64           id,
             GError         **error)
{
  TlHistoryRecord *held;
  TlHistoryRecord *record = NULL;
  sqlite3_stmt *stmt;
  int rc;

  held = g_hash_table_lookup (self->pending, &id);
  if (held != NULL)
    return tl_history_record_copy (held);

  stmt = tl_history_store_prepare (self, "SELECT " TL_HISTORY_CALL_COLUMNS
                                   " FROM calls c WHERE c.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = tl_history_store_read_row (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_NOT_FOUND,
                 "There is no call %" G_GINT64_FORMAT " in the history", id);
  else if (rc != SQLITE_ROW)
    tl_history_sqlite_error (error, self->db, rc, "Could not read the call");
  return record;
}

/**
 * tl_history_store_end_call:
 *
 * Completes the row written by tl_history_store_begin_call(). As there, a row
 * that cannot be written is held and retried: %FALSE with
 * %TL_HISTORY_ERROR_NOT_FOUND means the id is unknown; other errors mean the
 * row is held in memory.
 */
gboolean
tl_history_store_end_call (TlHistoryStore          *self,
                           gint64                   id,
                           const TlHistoryCallEnd  *end,
                           GError                 **error)
{
  TlHistoryRecord *record;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);
  g_return_val_if_fail (end != NULL, FALSE);

  record = load_record (self, id, error);
  if (record == NULL)
    return FALSE;

  record->ended = end->ended > 0 ? end->ended : g_get_real_time ();
  record->ended = MAX (record->ended, record->started);
  record->answered = end->answered > 0 ? CLAMP (end->answered, record->started, record->ended) : 0;
  record->duration = record->answered > 0
    ? (record->ended - record->answered) / G_USEC_PER_SEC : 0;
  g_free (record->end_reason);
  record->end_reason = end->end_reason != NULL ? g_utf8_make_valid (end->end_reason, -1) : NULL;
  record->sip_code = CLAMP (end->sip_code, 0, 999);
  g_free (record->codec);
  record->codec = end->codec != NULL ? g_utf8_make_valid (end->codec, -1) : NULL;
  record->srtp = end->srtp;
  record->setup_ms = end->setup_ms;
  record->missed = record->direction == TL_HISTORY_DIRECTION_INCOMING
                   && record->answered == 0 && !end->declined;

  return write_with_pending (self, record, NULL, error);
}

/**
 * tl_history_store_set_quality:
 * @loss_percent: packet loss in percent, -1 when unknown
 * @jitter_ms: -1 when unknown
 * @rtt_ms: round-trip time, -1 when unknown
 * @mos: MOS estimate (1–5), -1 when unknown
 */
gboolean
tl_history_store_set_quality (TlHistoryStore  *self,
                              gint64           id,
                              double           loss_percent,
                              double           jitter_ms,
                              double           rtt_ms,
                              double           mos,
                              GError         **error)
{
  TlHistoryRecord *record;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);

  record = load_record (self, id, error);
  if (record == NULL)
    return FALSE;

  record->loss = loss_percent;
  record->jitter = jitter_ms;
  record->rtt = rtt_ms;
  record->mos = mos;
  return write_with_pending (self, record, NULL, error);
}

static gboolean
run_statement (TlHistoryStore  *self,
               const char      *sql,
               GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_history_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tl_history_sqlite_error (error, self->db, rc, "Could not save the calls");
  return TRUE;
}

/* For bulk loads (benchmarks, tests, imports): one transaction for all. */
gboolean
tl_history_store_insert_records (TlHistoryStore    *self,
                                 TlHistoryRecord  **records,
                                 guint              n_records,
                                 GError           **error)
{
  gboolean ok;
  guint i;

  if (!begin_write (self, error))
    return FALSE;

  ok = tl_history_sqlite_exec (self->db, stage_create_sql, error)
    && run_statement (self, stage_clear_sql, error);
  for (i = 0; ok && i < n_records; i++)
    ok = allocate_id (self, records[i], error)
      && write_row (self, stage_insert_sql, records[i], error);
  ok = ok
    && run_statement (self, stage_move_sql, error)
    && run_statement (self, stage_clear_sql, error);

  if (!commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;

  after_write (self);
  return TRUE;
}

/* ---- reading one, marking, deleting --------------------------------------- */

TlHistoryEntry *
tl_history_store_lookup (TlHistoryStore  *self,
                         gint64           id,
                         GError         **error)
{
  TlHistoryRecord *record;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), NULL);

  record = load_record (self, id, error);
  if (record == NULL)
    return NULL;
  return tl_history_entry_new_take (record);
}

static gboolean
run_modification (TlHistoryStore  *self,
                  const char      *sql,
                  gint64           arg,
                  gboolean         bind_arg,
                  int             *n_changed,
                  GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tl_history_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (bind_arg)
    sqlite3_bind_int64 (stmt, 1, arg);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tl_history_sqlite_error (error, self->db, rc, "Could not change the call history");

  if (n_changed != NULL)
    *n_changed += sqlite3_changes (self->db);
  return TRUE;
}

gboolean
tl_history_store_mark_seen (TlHistoryStore  *self,
                            gint64           id,
                            GError         **error)
{
  TlHistoryRecord *held;
  int n_changed = 0;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);

  held = g_hash_table_lookup (self->pending, &id);
  if (held != NULL)
    held->seen = TRUE;

  if (!run_modification (self, "UPDATE calls SET seen = 1 WHERE id = ?1 AND seen = 0",
                         id, TRUE, &n_changed, error))
    return FALSE;

  if (n_changed > 0)
    after_write (self);
  return TRUE;
}

gboolean
tl_history_store_mark_all_seen (TlHistoryStore  *self,
                                GError         **error)
{
  GHashTableIter iter;
  gpointer value;
  int n_changed = 0;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((TlHistoryRecord *)value)->seen = TRUE;

  /* The partial index on missed rows keeps this from scanning every call. */
  if (!run_modification (self, "UPDATE calls SET seen = 1 WHERE missed = 1 AND seen = 0",
                         0, FALSE, &n_changed, error))
    return FALSE;

  if (n_changed > 0)
    after_write (self);
  return TRUE;
}

gboolean
tl_history_store_delete (TlHistoryStore  *self,
                         gint64           id,
                         GError         **error)
{
  return tl_history_store_delete_many (self, &id, 1, error);
}

gboolean
tl_history_store_delete_many (TlHistoryStore  *self,
                              const gint64    *ids,
                              gsize            n_ids,
                              GError         **error)
{
  gboolean ok;
  int n_changed = 0;
  gsize i;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (!begin_write (self, error))
    return FALSE;

  ok = TRUE;
  for (i = 0; ok && i < n_ids; i++)
    ok = run_modification (self, "DELETE FROM calls WHERE id = ?1", ids[i], TRUE,
                           &n_changed, error);

  if (!commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;

  for (i = 0; i < n_ids; i++)
    n_changed += g_hash_table_remove (self->pending, &ids[i]) ? 1 : 0;

  if (n_changed > 0)
    after_write (self);
  return TRUE;
}

/* Deleting row by row would run the search-index triggers a million times on
 * a big history; the triggers are dropped and the indexes emptied at once instead. */
gboolean
tl_history_store_clear (TlHistoryStore  *self,
                        GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);

  if (!begin_write (self, error))
    return FALSE;

  ok = tl_history_schema_drop_triggers (self->db, error)
    && tl_history_sqlite_exec (self->db,
                               "DELETE FROM calls;"
                               "INSERT INTO calls_fts (calls_fts) VALUES ('delete-all');"
                               "INSERT INTO calls_prefix (calls_prefix) VALUES ('delete-all');"
                               "UPDATE counters SET total = 0, incoming = 0, missed = 0,"
                               " unseen_missed = 0;", error)
    && tl_history_schema_create_triggers (self->db, error);

  /* The statements were prepared against the old triggers; drop them. */
  g_hash_table_remove_all (self->statements);

  if (!commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;

  if (g_hash_table_size (self->pending) > 0)
    {
      g_hash_table_remove_all (self->pending);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_COUNT]);
    }

  after_write (self);
  return TRUE;
}

/**
 * tl_history_store_apply_retention:
 *
 * Deletes the finished calls that started more than #TlHistoryStore:retention-days
 * ago. Does nothing when the retention is 0 (keep everything).
 */
gboolean
tl_history_store_apply_retention (TlHistoryStore  *self,
                                  guint           *n_deleted,
                                  GError         **error)
{
  gint64 cutoff;
  gboolean ok;
  int n_changed = 0;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);

  if (n_deleted != NULL)
    *n_deleted = 0;
  if (self->retention_days == 0)
    return TRUE;

  cutoff = g_get_real_time () - (gint64)self->retention_days * 24 * 3600 * G_USEC_PER_SEC;

  if (!begin_write (self, error))
    return FALSE;
  ok = run_modification (self, "DELETE FROM calls WHERE started < ?1 AND ended IS NOT NULL",
                         cutoff, TRUE, &n_changed, error);
  if (!commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;

  g_debug ("Retention of %u days removed %d calls", self->retention_days, n_changed);
  if (n_deleted != NULL)
    *n_deleted = (guint)n_changed;
  if (n_changed > 0)
    after_write (self);
  return TRUE;
}

/* ---- opening, recovering --------------------------------------------------- */

static gboolean
take_owner_lock (TlHistoryStore *self)
{
#ifdef G_OS_UNIX
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  int fd;

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return FALSE;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return FALSE;
    }
  self->lock_fd = fd;
#endif
  return TRUE;
}

/* Rows without an end belong to a process that died mid-call. Only the owner
 * of the lock closes them, so a CLI run during a call never does. */
static gboolean
close_interrupted_calls (TlHistoryStore  *self,
                         GError         **error)
{
  int n_changed = 0;

  if ((self->flags & TL_HISTORY_STORE_OPEN_NO_RECOVERY) != 0 || !take_owner_lock (self))
    return TRUE;

  if (!run_modification (self,
                         "UPDATE calls SET ended = coalesce(answered, started), duration = 0,"
                         " end_reason = 'interrupted',"
                         " missed = (direction = 0 AND answered IS NULL)"
                         " WHERE ended IS NULL",
                         0, FALSE, &n_changed, error))
    return FALSE;

  if (n_changed > 0)
    g_debug ("Closed %d call(s) left open by a crash", n_changed);
  return TRUE;
}

static gboolean
check_integrity (TlHistoryStore  *self,
                 GError         **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *result = NULL;
  int rc;

  stmt = tl_history_store_prepare (self, "PRAGMA quick_check(1)", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return tl_history_sqlite_error (error, self->db, rc, "Could not check the call history");
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_CORRUPT,
                   "The call history is damaged: %s", result);
      return FALSE;
    }
  return TRUE;
}

static void
close_database (TlHistoryStore *self)
{
  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->db, sqlite3_close_v2);
}

static gboolean
open_database (TlHistoryStore  *self,
               GError         **error)
{
  TlHistoryCounters counters = { 0 };
  gint64 max_id = 0;
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      tl_history_sqlite_error (error, self->db, rc, "Could not open the call history");
      close_database (self);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* WAL: readers never block the writer, and a killed process leaves at most
   * an uncommitted tail that the next open ignores. */
  if (!tl_history_sqlite_exec (self->db,
                               "PRAGMA journal_mode = WAL;"
                               "PRAGMA synchronous = FULL;"
                               "PRAGMA temp_store = MEMORY;"
                               "PRAGMA cache_size = -8192;", error)
      || ((self->flags & TL_HISTORY_STORE_OPEN_CHECK_INTEGRITY) != 0
          && !check_integrity (self, error))
      || !tl_history_schema_migrate (self->db, error)
      || !tl_history_store_read_counters (self, &counters, error)
      || !query_int64 (self, "SELECT max(id) FROM calls", &max_id, error)
      || !close_interrupted_calls (self, error)
      || !tl_history_store_read_counters (self, &counters, error))
    {
      close_database (self);
      return FALSE;
    }

  self->next_id = max_id + 1;
  self->unseen_missed_count = (guint)CLAMP (counters.unseen_missed, 0, G_MAXUINT);
  return TRUE;
}

static gboolean
move_aside (TlHistoryStore  *self,
            const char      *reason,
            GError         **error)
{
  static const char * const suffixes[] = { "", "-wal", "-journal" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *aside = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (self->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       "The call history at %s is damaged (%s) and could not be moved aside: %s",
                       self->path, reason, g_strerror (saved_errno));
          return FALSE;
        }
    }
  g_unlink (shm);

  self->recovered_from_corruption = TRUE;
  g_free (self->recovery_message);
  self->recovery_message =
    g_strdup_printf ("The call history could not be read (%s). The damaged file was kept as "
                     "%s and a new, empty history was started.", reason, aside);
  g_debug ("%s", self->recovery_message);
  return TRUE;
}

static gboolean
tl_history_store_initable_open (TlHistoryStore  *self,
                                GCancellable    *cancellable,
                                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not create the folder %s for the call history: %s",
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (open_database (self, &local_error))
    return TRUE;

  if (!g_error_matches (local_error, TL_HISTORY_ERROR, TL_HISTORY_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return move_aside (self, local_error->message, error) && open_database (self, error);
}

TlHistoryStore *
tl_history_store_open (const char               *path,
                       TlHistoryStoreOpenFlags   flags,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  g_autoptr(TlHistoryStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TL_TYPE_HISTORY_STORE, "path", path, NULL);
  self->flags = flags;

  if (!tl_history_store_initable_open (self, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

typedef struct {
  char                    *path;
  TlHistoryStoreOpenFlags  flags;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  TlHistoryStore *store;
  GError *error = NULL;

  store = tl_history_store_open (data->path, data->flags, cancellable, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
tl_history_store_open_async (const char               *path,
                             TlHistoryStoreOpenFlags   flags,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->flags = flags;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_history_store_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify)open_data_free);
  g_task_run_in_thread (task, open_thread);
}

TlHistoryStore *
tl_history_store_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- CSV export -------------------------------------------------------------- */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    untrusted)
{
  const char *p;

  if (text == NULL)
    text = "";

  /* RFC 4180 §2.6/2.7: quote fields holding separators, quotes or line breaks;
   * double inner quotes. Text from the network that a spreadsheet would read
   * as a formula gets a leading apostrophe (OWASP CSV injection). */
  if (text[0] == '\0' || strpbrk (text, ",\"\r\n") == NULL)
    {
      if (untrusted && strchr ("=+-@\t", text[0]) != NULL && text[0] != '\0')
        g_string_append_c (out, '\'');
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (untrusted && strchr ("=+-@\t", text[0]) != NULL)
    g_string_append_c (out, '\'');
  for (p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_time (GString *out,
          gint64   usec)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  if (usec <= 0)
    return;
  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (dt == NULL)
    return;
  text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append (out, text);
}

static void
csv_figure (GString *out,
            double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value >= 0)
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

static void
csv_row (GString               *out,
         const TlHistoryRecord *r)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",", r->id);
  csv_field (out, r->account_id, FALSE);
  g_string_append_printf (out, ",%s,", tl_history_direction_to_string (r->direction));
  csv_field (out, r->peer_uri, TRUE);
  g_string_append_c (out, ',');
  csv_field (out, r->peer_number, FALSE);
  g_string_append_c (out, ',');
  csv_field (out, r->peer_name, TRUE);
  g_string_append_c (out, ',');
  csv_time (out, r->started);
  g_string_append_c (out, ',');
  csv_time (out, r->answered);
  g_string_append_c (out, ',');
  csv_time (out, r->ended);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", r->duration);
  csv_field (out, r->end_reason, TRUE);
  g_string_append_c (out, ',');
  if (r->sip_code > 0)
    g_string_append_printf (out, "%d", r->sip_code);
  g_string_append_c (out, ',');
  csv_field (out, r->codec, TRUE);
  g_string_append_printf (out, ",%s,", r->srtp ? "yes" : "no");
  if (r->setup_ms >= 0)
    g_string_append_printf (out, "%d", r->setup_ms);
  g_string_append_c (out, ',');
  csv_figure (out, r->loss);
  g_string_append_c (out, ',');
  csv_figure (out, r->jitter);
  g_string_append_c (out, ',');
  csv_figure (out, r->rtt);
  g_string_append_c (out, ',');
  csv_figure (out, r->mos);
  g_string_append_printf (out, ",%s,%s\r\n", r->missed ? "yes" : "no", r->seen ? "yes" : "no");
}

typedef struct {
  char      *db_path;
  GFile     *file;
  GPtrArray *held;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->db_path);
  g_clear_object (&data->file);
  g_clear_pointer (&data->held, g_ptr_array_unref);
  g_free (data);
}

static ExportData *
export_data_new (TlHistoryStore *self,
                 GFile          *file)
{
  ExportData *data = g_new0 (ExportData, 1);
  GHashTableIter iter;
  gpointer value;

  data->db_path = g_strdup (self->path);
  data->file = g_object_ref (file);
  data->held = g_ptr_array_new_with_free_func ((GDestroyNotify)tl_history_record_free);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (data->held, tl_history_record_copy (value));
  return data;
}

static gboolean
flush_csv (GOutputStream  *stream,
           GString        *out,
           GCancellable   *cancellable,
           GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);

  g_string_truncate (out, 0);
  return ok;
}

/* Runs on a worker thread with its own read-only connection: WAL lets it read
 * a consistent snapshot while the main thread keeps writing. */
static gboolean
export_csv (ExportData    *data,
            guint64       *n_rows,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint64 count = 0;
  gboolean ok = TRUE;
  int rc;
  guint i;

  rc = sqlite3_open_v2 (data->db_path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      rc = sqlite3_prepare_v2 (db, "SELECT " TL_HISTORY_CALL_COLUMNS " FROM calls c"
                               " ORDER BY c.started DESC, c.id DESC", -1, &stmt, NULL);
    }
  if (rc != SQLITE_OK)
    {
      tl_history_sqlite_error (error, db, rc, "Could not read the call history");
      sqlite3_close_v2 (db);
      return FALSE;
    }

  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  ok = stream != NULL;

  if (ok)
    g_string_append (out, "id,account,direction,peer_uri,peer_number,peer_name,started,answered,"
                          "ended,duration_s,end_reason,sip_code,codec,srtp,setup_ms,loss_percent,"
                          "jitter_ms,rtt_ms,mos,missed,seen\r\n");

  for (i = 0; ok && i < data->held->len; i++, count++)
    csv_row (out, g_ptr_array_index (data->held, i));

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(TlHistoryRecord) record = tl_history_store_read_row (stmt);

      csv_row (out, record);
      count++;
      if (out->len > 64 * 1024)
        ok = flush_csv (G_OUTPUT_STREAM (stream), out, cancellable, error);
    }

  if (ok && rc != SQLITE_DONE)
    ok = tl_history_sqlite_error (error, db, rc, "Could not read the call history");
  if (ok)
    ok = flush_csv (G_OUTPUT_STREAM (stream), out, cancellable, error)
      && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
  else if (stream != NULL)
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* Closing with a cancelled cancellable keeps the old file, if any. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
    }

  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);

  if (ok && n_rows != NULL)
    *n_rows = count;
  return ok;
}

gboolean
tl_history_store_export_csv (TlHistoryStore  *self,
                             GFile           *file,
                             guint64         *n_rows,
                             GCancellable    *cancellable,
                             GError         **error)
{
  ExportData *data;
  gboolean ok;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = export_data_new (self, file);
  ok = export_csv (data, n_rows, cancellable, error);
  export_data_free (data);
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  guint64 n_rows = 0;

  if (export_csv (task_data, &n_rows, cancellable, &error))
    g_task_return_pointer (task, g_memdup2 (&n_rows, sizeof n_rows), g_free);
  else
    g_task_return_error (task, error);
}

void
tl_history_store_export_csv_async (TlHistoryStore      *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_HISTORY_STORE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_history_store_export_csv_async);
  g_task_set_task_data (task, export_data_new (self, file), (GDestroyNotify)export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
tl_history_store_export_csv_finish (TlHistoryStore  *self,
                                    GAsyncResult    *result,
                                    guint64         *n_rows,
                                    GError         **error)
{
  g_autofree guint64 *count = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  count = g_task_propagate_pointer (G_TASK (result), error);
  if (count == NULL)
    return FALSE;
  if (n_rows != NULL)
    *n_rows = *count;
  return TRUE;
}

/* ---- properties ------------------------------------------------------------- */

const char *
tl_history_store_get_path (TlHistoryStore *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), NULL);
  return self->path;
}

gboolean
tl_history_store_get_recovered_from_corruption (TlHistoryStore *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);
  return self->recovered_from_corruption;
}

const char *
tl_history_store_get_recovery_message (TlHistoryStore *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), NULL);
  return self->recovery_message;
}

guint
tl_history_store_get_unseen_missed_count (TlHistoryStore *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), 0);
  return self->unseen_missed_count;
}

guint
tl_history_store_get_pending_count (TlHistoryStore *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), 0);
  return g_hash_table_size (self->pending);
}

const GError *
tl_history_store_get_last_error (TlHistoryStore *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), NULL);
  return self->last_error;
}

guint
tl_history_store_get_retention_days (TlHistoryStore *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), 0);
  return self->retention_days;
}

/**
 * tl_history_store_set_retention_days:
 * @days: how long finished calls are kept; 0 keeps them forever
 *
 * Applies the new retention at once.
 */
void
tl_history_store_set_retention_days (TlHistoryStore *self,
                                     guint           days)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TL_IS_HISTORY_STORE (self));

  if (self->retention_days == days)
    return;

  self->retention_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETENTION_DAYS]);

  if (self->db != NULL && !tl_history_store_apply_retention (self, NULL, &error))
    set_last_error (self, error);
}

static void
tl_history_store_dispose (GObject *object)
{
  TlHistoryStore *self = (TlHistoryStore *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->db != NULL && g_hash_table_size (self->pending) > 0)
    write_with_pending (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (tl_history_store_parent_class)->dispose (object);
}

static void
tl_history_store_finalize (GObject *object)
{
  TlHistoryStore *self = (TlHistoryStore *)object;

  if (g_hash_table_size (self->pending) > 0)
    g_debug ("Dropping %u unsaved call(s) at exit", g_hash_table_size (self->pending));

  close_database (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovery_message, g_free);
#ifdef G_OS_UNIX
  if (self->lock_fd >= 0)
    close (self->lock_fd);
#endif

  G_OBJECT_CLASS (tl_history_store_parent_class)->finalize (object);
}

static void
tl_history_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlHistoryStore *self = TL_HISTORY_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_UNSEEN_MISSED_COUNT:
      g_value_set_uint (value, self->unseen_missed_count);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, g_hash_table_size (self->pending));
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;
    case PROP_RETENTION_DAYS:
      g_value_set_uint (value, self->retention_days);
      break;
    case PROP_RECOVERED_FROM_CORRUPTION:
      g_value_set_boolean (value, self->recovered_from_corruption);
      break;
    case PROP_RECOVERY_MESSAGE:
      g_value_set_string (value, self->recovery_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_history_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TlHistoryStore *self = TL_HISTORY_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_RETENTION_DAYS:
      tl_history_store_set_retention_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_history_store_class_init (TlHistoryStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_history_store_dispose;
  object_class->finalize = tl_history_store_finalize;
  object_class->get_property = tl_history_store_get_property;
  object_class->set_property = tl_history_store_set_property;

  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_UNSEEN_MISSED_COUNT] =
    g_param_spec_uint ("unseen-missed-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RETENTION_DAYS] =
    g_param_spec_uint ("retention-days", NULL, NULL, 0, 100 * 365, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RECOVERED_FROM_CORRUPTION] =
    g_param_spec_boolean ("recovered-from-corruption", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_RECOVERY_MESSAGE] =
    g_param_spec_string ("recovery-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlHistoryStore::changed:
   *
   * Rows were added, changed or removed. Models reload what they show.
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
tl_history_store_init (TlHistoryStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                         (GDestroyNotify)tl_history_record_free);
  self->lock_fd = -1;
  self->next_id = 1;
}
