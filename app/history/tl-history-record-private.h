/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plain row struct shared by the history store, its model and its entries. */
#pragma once

#include <glib.h>

#include "tl-history-enums.h"
#include "tl-history-entry.h"

G_BEGIN_DECLS

/* Times are unix microseconds, 0 when the moment did not happen (yet);
 * quality figures are -1 until the call-quality work fills them. */
typedef struct {
  gint64              id;
  char               *account_id;
  TlHistoryDirection  direction;
  char               *peer_uri;
  char               *peer_number;
  char               *peer_name;
  char               *peer_digits;
  gint64              started;
  gint64              answered;
  gint64              ended;
  gint64              duration;
  char               *end_reason;
  int                 sip_code;
  char               *codec;
  gboolean            srtp;
  int                 setup_ms;
  double              loss;
  double              jitter;
  double              rtt;
  double              mos;
  gboolean            missed;
  gboolean            seen;
} TlHistoryRecord;

TlHistoryRecord *tl_history_record_new   (void);
TlHistoryRecord *tl_history_record_copy  (const TlHistoryRecord *record);
void             tl_history_record_clear (TlHistoryRecord *record);
void             tl_history_record_free  (TlHistoryRecord *record);

TlHistoryEntry  *tl_history_entry_new_take (TlHistoryRecord *record);
const TlHistoryRecord *tl_history_entry_get_record (TlHistoryEntry *self);
/* TRUE when both show the same call in the same state (every field equal). */
gboolean         tl_history_entry_same     (TlHistoryEntry *a,
                                            TlHistoryEntry *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlHistoryRecord, tl_history_record_free)

G_END_DECLS
