/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call of the history, as an immutable snapshot the UI can bind to. */
#pragma once

#include <glib-object.h>

#include "tl-history-enums.h"

G_BEGIN_DECLS

#define TL_TYPE_HISTORY_ENTRY (tl_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (TlHistoryEntry, tl_history_entry, TL, HISTORY_ENTRY, GObject)

gint64              tl_history_entry_get_id          (TlHistoryEntry *self);
const char         *tl_history_entry_get_account_id  (TlHistoryEntry *self);
TlHistoryDirection  tl_history_entry_get_direction   (TlHistoryEntry *self);
const char         *tl_history_entry_get_peer_uri    (TlHistoryEntry *self);
const char         *tl_history_entry_get_peer_number (TlHistoryEntry *self);
const char         *tl_history_entry_get_peer_name   (TlHistoryEntry *self);
gint64              tl_history_entry_get_started     (TlHistoryEntry *self);
gint64              tl_history_entry_get_answered    (TlHistoryEntry *self);
gint64              tl_history_entry_get_ended       (TlHistoryEntry *self);
gint64              tl_history_entry_get_duration    (TlHistoryEntry *self);
const char         *tl_history_entry_get_end_reason  (TlHistoryEntry *self);
int                 tl_history_entry_get_sip_code    (TlHistoryEntry *self);
const char         *tl_history_entry_get_codec       (TlHistoryEntry *self);
gboolean            tl_history_entry_get_srtp        (TlHistoryEntry *self);
int                 tl_history_entry_get_setup_ms    (TlHistoryEntry *self);
double              tl_history_entry_get_loss        (TlHistoryEntry *self);
double              tl_history_entry_get_jitter      (TlHistoryEntry *self);
double              tl_history_entry_get_rtt         (TlHistoryEntry *self);
double              tl_history_entry_get_mos         (TlHistoryEntry *self);
gboolean            tl_history_entry_get_missed      (TlHistoryEntry *self);
gboolean            tl_history_entry_get_seen        (TlHistoryEntry *self);

G_END_DECLS
