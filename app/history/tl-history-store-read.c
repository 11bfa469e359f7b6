/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the call history back: rows, counters and one call by id. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-store.h"
#include "tl-history-store-impl-private.h"
#include "tl-history-schema-private.h"

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

gboolean
tl_history_store_query_int64 (TlHistoryStore  *self,
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

/* The counters of one account; all zero for an account with no calls. */
gboolean
tl_history_store_read_account_counters (TlHistoryStore     *self,
                                        const char         *account_id,
                                        TlHistoryCounters  *counters,
                                        GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *counters = (TlHistoryCounters) { 0 };
  stmt = tl_history_store_prepare (self,
                                   "SELECT total, incoming, missed, unseen_missed"
                                   " FROM account_counters WHERE account = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, account_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      counters->total = sqlite3_column_int64 (stmt, 0);
      counters->incoming = sqlite3_column_int64 (stmt, 1);
      counters->missed = sqlite3_column_int64 (stmt, 2);
      counters->unseen_missed = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tl_history_sqlite_error (error, self->db, rc, "Could not read the call history");
  return TRUE;
}

TlHistoryRecord *
tl_history_store_load_record (TlHistoryStore  *self,
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

TlHistoryEntry *
tl_history_store_lookup (TlHistoryStore  *self,
                         gint64           id,
                         GError         **error)
{
  TlHistoryRecord *record;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), NULL);

  record = tl_history_store_load_record (self, id, error);
  if (record == NULL)
    return NULL;
  return tl_history_entry_new_take (record);
}
