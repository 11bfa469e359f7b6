/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Changing stored calls afterwards: marking them seen, deleting them, clearing, retention. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-store.h"
#include "tl-history-store-impl-private.h"
#include "tl-history-schema-private.h"

gboolean
tl_history_store_run_modification (TlHistoryStore  *self,
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

  if (!tl_history_store_run_modification (self, "UPDATE calls SET seen = 1 WHERE id = ?1 AND seen = 0",
                                          id, TRUE, &n_changed, error))
    return FALSE;

  if (n_changed > 0)
    tl_history_store_after_write (self);
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
  if (!tl_history_store_run_modification (self, "UPDATE calls SET seen = 1 WHERE missed = 1 AND seen = 0",
                                          0, FALSE, &n_changed, error))
    return FALSE;

  if (n_changed > 0)
    tl_history_store_after_write (self);
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

  if (!tl_history_store_begin_write (self, error))
    return FALSE;

  ok = TRUE;
  for (i = 0; ok && i < n_ids; i++)
    ok = tl_history_store_run_modification (self, "DELETE FROM calls WHERE id = ?1", ids[i], TRUE,
                                            &n_changed, error);

  if (!tl_history_store_commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;

  for (i = 0; i < n_ids; i++)
    n_changed += g_hash_table_remove (self->pending, &ids[i]) ? 1 : 0;

  if (n_changed > 0)
    tl_history_store_after_write (self);
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

  if (!tl_history_store_begin_write (self, error))
    return FALSE;

  ok = tl_history_schema_drop_triggers (self->db, error)
    && tl_history_sqlite_exec (self->db,
                               "DELETE FROM calls;"
                               "DELETE FROM peers;"
                               "DELETE FROM account_counters;"
                               "INSERT INTO peers_fts (peers_fts) VALUES ('delete-all');"
                               "INSERT INTO peers_prefix (peers_prefix) VALUES ('delete-all');"
                               "UPDATE counters SET total = 0, incoming = 0, missed = 0,"
                               " unseen_missed = 0;", error)
    && tl_history_schema_create_triggers (self->db, error);

  /* The statements were prepared against the old triggers; drop them. */
  g_hash_table_remove_all (self->statements);

  if (!tl_history_store_commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;

  if (g_hash_table_size (self->pending) > 0)
    {
      g_hash_table_remove_all (self->pending);
      g_object_notify_by_pspec (G_OBJECT (self), tl_history_store_properties [PROP_PENDING_COUNT]);
    }

  tl_history_store_after_write (self);
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

  if (!tl_history_store_begin_write (self, error))
    return FALSE;
  ok = tl_history_store_run_modification (self, "DELETE FROM calls WHERE started < ?1 AND ended IS NOT NULL",
                                          cutoff, TRUE, &n_changed, error);
  if (!tl_history_store_commit_or_rollback (self, ok, ok ? error : NULL))
    return FALSE;

  g_debug ("Retention of %u days removed %d calls", self->retention_days, n_changed);
  if (n_deleted != NULL)
    *n_deleted = (guint)n_changed;
  if (n_changed > 0)
    tl_history_store_after_write (self);
  return TRUE;
}
