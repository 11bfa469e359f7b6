/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the history model, the CLI, tests and benchmarks may reach inside the store. */
#pragma once

#include <sqlite3.h>

#include "tl-history-record-private.h"
#include "tl-history-store.h"

G_BEGIN_DECLS

/* The columns tl_history_store_read_row() expects, in order, from alias "c". */
#define TL_HISTORY_CALL_COLUMNS \
  "c.id, c.account, c.direction, c.peer_uri, c.peer_number, c.peer_name, c.peer_digits, " \
  "c.started, c.answered, c.ended, c.duration, c.end_reason, c.sip_code, c.codec, c.srtp, " \
  "c.setup_ms, c.loss, c.jitter, c.rtt, c.mos, c.missed, c.seen"

typedef struct {
  gint64 total;
  gint64 incoming;
  gint64 missed;
  gint64 unseen_missed;
} TlHistoryCounters;

sqlite3         *tl_history_store_get_db        (TlHistoryStore      *self);
sqlite3_stmt    *tl_history_store_prepare       (TlHistoryStore      *self,
                                                 const char          *sql,
                                                 GError             **error);
TlHistoryRecord *tl_history_store_read_row      (sqlite3_stmt        *stmt);
gboolean         tl_history_store_read_counters (TlHistoryStore      *self,
                                                 TlHistoryCounters   *counters,
                                                 GError             **error);
gboolean         tl_history_store_read_account_counters (TlHistoryStore     *self,
                                                         const char         *account_id,
                                                         TlHistoryCounters  *counters,
                                                         GError            **error);
gboolean         tl_history_store_insert_records (TlHistoryStore     *self,
                                                 TlHistoryRecord    **records,
                                                 guint                n_records,
                                                 GError             **error);

G_END_DECLS
