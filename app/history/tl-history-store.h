/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call-history store: every call, written at its start and completed at its end, in SQLite. */
#pragma once

#include <gio/gio.h>

#include "tl-history-entry.h"
#include "tl-history-enums.h"

G_BEGIN_DECLS

#define TL_HISTORY_ERROR (tl_history_error_quark ())

typedef enum {
  TL_HISTORY_ERROR_FAILED,
  TL_HISTORY_ERROR_CORRUPT,
  TL_HISTORY_ERROR_FULL,
  TL_HISTORY_ERROR_BUSY,
  TL_HISTORY_ERROR_TOO_NEW,
  TL_HISTORY_ERROR_NOT_FOUND,
  TL_HISTORY_ERROR_INVALID,
} TlHistoryError;

typedef enum {
  TL_HISTORY_STORE_OPEN_NONE            = 0,
  /* Leave rows without an end alone: for tools (the CLI) that may run while
   * the application has calls in progress. */
  TL_HISTORY_STORE_OPEN_NO_RECOVERY     = 1 << 0,
  /* Run PRAGMA quick_check at open (reads the whole file: slow on big histories). */
  TL_HISTORY_STORE_OPEN_CHECK_INTEGRITY = 1 << 1,
} TlHistoryStoreOpenFlags;

/* What is known when a call starts. Strings may be NULL; started 0 means now. */
typedef struct {
  const char         *account_id;
  TlHistoryDirection  direction;
  const char         *peer_uri;
  const char         *peer_name;
  gint64              started;
  const char         *country_code;
  const char         *national_prefix;
} TlHistoryCallStart;

/* What is known when a call ends. answered 0: never answered; ended 0: now;
 * setup_ms -1: unknown; declined: an incoming call the user refused, which is
 * not a missed call. */
typedef struct {
  gint64      answered;
  gint64      ended;
  const char *end_reason;
  int         sip_code;
  const char *codec;
  gboolean    srtp;
  int         setup_ms;
  gboolean    declined;
} TlHistoryCallEnd;

#define TL_TYPE_HISTORY_STORE (tl_history_store_get_type ())

G_DECLARE_FINAL_TYPE (TlHistoryStore, tl_history_store, TL, HISTORY_STORE, GObject)

GQuark          tl_history_error_quark                 (void);

char           *tl_history_store_default_path          (void);

TlHistoryStore *tl_history_store_open                  (const char               *path,
                                                        TlHistoryStoreOpenFlags   flags,
                                                        GCancellable             *cancellable,
                                                        GError                  **error);
void            tl_history_store_open_async            (const char               *path,
                                                        TlHistoryStoreOpenFlags   flags,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
TlHistoryStore *tl_history_store_open_finish           (GAsyncResult             *result,
                                                        GError                  **error);

const char     *tl_history_store_get_path              (TlHistoryStore           *self);
gboolean        tl_history_store_get_recovered_from_corruption (TlHistoryStore   *self);
const char     *tl_history_store_get_recovery_message  (TlHistoryStore           *self);
guint           tl_history_store_get_unseen_missed_count (TlHistoryStore         *self);
guint           tl_history_store_get_pending_count     (TlHistoryStore           *self);
const GError   *tl_history_store_get_last_error        (TlHistoryStore           *self);
guint           tl_history_store_get_retention_days    (TlHistoryStore           *self);
void            tl_history_store_set_retention_days    (TlHistoryStore           *self,
                                                        guint                     days);

gint64          tl_history_store_begin_call            (TlHistoryStore           *self,
                                                        const TlHistoryCallStart *start,
                                                        GError                  **error);
gboolean        tl_history_store_end_call              (TlHistoryStore           *self,
                                                        gint64                    id,
                                                        const TlHistoryCallEnd   *end,
                                                        GError                  **error);
gboolean        tl_history_store_set_quality           (TlHistoryStore           *self,
                                                        gint64                    id,
                                                        double                    loss_percent,
                                                        double                    jitter_ms,
                                                        double                    rtt_ms,
                                                        double                    mos,
                                                        GError                  **error);
gboolean        tl_history_store_flush                 (TlHistoryStore           *self,
                                                        GError                  **error);

TlHistoryEntry *tl_history_store_lookup                (TlHistoryStore           *self,
                                                        gint64                    id,
                                                        GError                  **error);
gboolean        tl_history_store_mark_seen             (TlHistoryStore           *self,
                                                        gint64                    id,
                                                        GError                  **error);
gboolean        tl_history_store_mark_all_seen         (TlHistoryStore           *self,
                                                        GError                  **error);
gboolean        tl_history_store_delete                (TlHistoryStore           *self,
                                                        gint64                    id,
                                                        GError                  **error);
gboolean        tl_history_store_delete_many           (TlHistoryStore           *self,
                                                        const gint64             *ids,
                                                        gsize                     n_ids,
                                                        GError                  **error);
gboolean        tl_history_store_clear                 (TlHistoryStore           *self,
                                                        GError                  **error);
gboolean        tl_history_store_apply_retention       (TlHistoryStore           *self,
                                                        guint                    *n_deleted,
                                                        GError                  **error);

gboolean        tl_history_store_export_csv            (TlHistoryStore           *self,
                                                        GFile                    *file,
                                                        guint64                  *n_rows,
                                                        GCancellable             *cancellable,
                                                        GError                  **error);
void            tl_history_store_export_csv_async      (TlHistoryStore           *self,
                                                        GFile                    *file,
                                                        GCancellable             *cancellable,
                                                        GAsyncReadyCallback       callback,
                                                        gpointer                  user_data);
gboolean        tl_history_store_export_csv_finish     (TlHistoryStore           *self,
                                                        GAsyncResult             *result,
                                                        guint64                  *n_rows,
                                                        GError                  **error);

G_END_DECLS
