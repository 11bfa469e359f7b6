/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Recording calls as they start and end, and holding them in memory when the disk is full. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-store.h"
#include "tl-history-store-impl-private.h"
#include "tl-history-schema-private.h"
#include "tl-phone-number.h"

#define RETRY_INTERVAL_S  5

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
  if (!tl_history_store_query_int64 (self, "SELECT max(id) FROM calls", &max_id, error))
    return FALSE;

  record->id = MAX (self->next_id, max_id + 1);
  self->next_id = record->id + 1;
  return TRUE;
}

/* Writes @record (owned; may be NULL to only flush) together with every held row
 * in one transaction. Whatever cannot be written stays in memory, the failure is
 * published as last-error and a retry is scheduled: a call is never dropped. */
gboolean
tl_history_store_write_with_pending (TlHistoryStore   *self,
                                     TlHistoryRecord  *record,
                                     gint64           *id_out,
                                     GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n_pending_before = g_hash_table_size (self->pending);
  gboolean ok;

  if (record != NULL && record->id != 0)
    g_hash_table_remove (self->pending, &record->id);

  ok = tl_history_store_begin_write (self, &local_error);
  if (ok)
    {
      ok = allocate_id (self, record, &local_error)
        && (record == NULL || upsert_record (self, record, &local_error))
        && upsert_pending (self, &local_error);
      ok = tl_history_store_commit_or_rollback (self, ok, ok ? &local_error : NULL);
    }

  if (ok)
    {
      if (id_out != NULL && record != NULL)
        *id_out = record->id;
      g_hash_table_remove_all (self->pending);
      tl_history_record_free (record);
      g_clear_handle_id (&self->retry_source, g_source_remove);
      tl_history_store_set_last_error (self, NULL);
      if (n_pending_before > 0)
        g_object_notify_by_pspec (G_OBJECT (self), tl_history_store_properties [PROP_PENDING_COUNT]);
      tl_history_store_after_write (self);
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
  tl_history_store_set_last_error (self, local_error);
  if (g_hash_table_size (self->pending) != n_pending_before)
    g_object_notify_by_pspec (G_OBJECT (self), tl_history_store_properties [PROP_PENDING_COUNT]);
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
    tl_history_store_write_with_pending (self, NULL, NULL, NULL);
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
  return tl_history_store_write_with_pending (self, NULL, NULL, error);
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
  tl_history_store_write_with_pending (self, record, &id, NULL);
  return id;
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

  record = tl_history_store_load_record (self, id, error);
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

  return tl_history_store_write_with_pending (self, record, NULL, error);
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

  record = tl_history_store_load_record (self, id, error);
  if (record == NULL)
    return FALSE;

  record->loss = loss_percent;
  record->jitter = jitter_ms;
  record->rtt = rtt_ms;
  record->mos = mos;
  return tl_history_store_write_with_pending (self, record, NULL, error);
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

  if (!tl_history_store_begin_write (self, error))
    return FALSE;

  ok = tl_history_sqlite_exec (self->db, stage_create_sql, error)
    && run_statement (self, stage_clear_sql, error);
  for (i = 0; ok && i < n_records; i++)
    ok = allocate_id (self, records[i], error)
      && write_row (self, stage_insert_sql, records[i], error);
  ok = ok
    && run_statement (self, stage_move_sql, error)
    && run_statement (self, stage_clear_sql, error);

  if (!tl_history_store_commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;

  tl_history_store_after_write (self);
  return TRUE;
}
