/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's instance and what its source files share; only tl-history-store*.c include it. */
#pragma once

#include "tl-history-store-private.h"

G_BEGIN_DECLS

#define BUSY_TIMEOUT_MS   5000

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

extern GParamSpec *tl_history_store_properties [N_PROPS];

/* tl-history-store.c */
void             tl_history_store_set_last_error      (TlHistoryStore  *self,
                                                       const GError    *error);
void             tl_history_store_after_write         (TlHistoryStore  *self);
gboolean         tl_history_store_begin_write         (TlHistoryStore  *self,
                                                       GError         **error);
gboolean         tl_history_store_commit_or_rollback  (TlHistoryStore  *self,
                                                       gboolean         ok,
                                                       GError         **error);

/* tl-history-store-read.c */
gboolean         tl_history_store_query_int64         (TlHistoryStore  *self,
                                                       const char      *sql,
                                                       gint64          *value,
                                                       GError         **error);
TlHistoryRecord *tl_history_store_load_record         (TlHistoryStore  *self,
                                                       gint64           id,
                                                       GError         **error);

/* tl-history-store-write.c */
gboolean         tl_history_store_write_with_pending  (TlHistoryStore   *self,
                                                       TlHistoryRecord  *record,
                                                       gint64           *id_out,
                                                       GError          **error);

/* tl-history-store-edit.c */
gboolean         tl_history_store_run_modification    (TlHistoryStore  *self,
                                                       const char      *sql,
                                                       gint64           arg,
                                                       gboolean         bind_arg,
                                                       int             *n_changed,
                                                       GError         **error);

/* tl-history-store-open.c */
void             tl_history_store_close_database      (TlHistoryStore  *self);

G_END_DECLS
