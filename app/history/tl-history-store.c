/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call-history store object: its properties and lifetime, prepared statements, and the bookkeeping after each write. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-store.h"
#include "tl-history-store-impl-private.h"
#include "tl-history-schema-private.h"

#ifdef G_OS_UNIX
# include <unistd.h>
#endif

G_DEFINE_FINAL_TYPE (TlHistoryStore, tl_history_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-history-error-quark, tl_history_error)

enum {
  CHANGED,
  N_SIGNALS
};

GParamSpec *tl_history_store_properties [N_PROPS];
static guint signals [N_SIGNALS];

char *
tl_history_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "trunkline", "history.sqlite", NULL);
}

/* ---- statements ------------------------------------------------------------ */

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
  g_object_notify_by_pspec (G_OBJECT (self), tl_history_store_properties [PROP_UNSEEN_MISSED_COUNT]);
}

void
tl_history_store_set_last_error (TlHistoryStore *self,
                                 const GError   *error)
{
  if (error == NULL && self->last_error == NULL)
    return;

  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), tl_history_store_properties [PROP_LAST_ERROR]);
}

void
tl_history_store_after_write (TlHistoryStore *self)
{
  refresh_unseen_missed_count (self);
  g_signal_emit (self, signals [CHANGED], 0);
}

gboolean
tl_history_store_begin_write (TlHistoryStore  *self,
                              GError         **error)
{
  return tl_history_sqlite_exec (self->db, "BEGIN IMMEDIATE", error);
}

gboolean
tl_history_store_commit_or_rollback (TlHistoryStore  *self,
                                     gboolean         ok,
                                     GError         **error)
{
  if (ok && tl_history_sqlite_exec (self->db, "COMMIT", error))
    return TRUE;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
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
  g_object_notify_by_pspec (G_OBJECT (self), tl_history_store_properties [PROP_RETENTION_DAYS]);

  if (self->db != NULL && !tl_history_store_apply_retention (self, NULL, &error))
    tl_history_store_set_last_error (self, error);
}

static void
tl_history_store_dispose (GObject *object)
{
  TlHistoryStore *self = (TlHistoryStore *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->db != NULL && g_hash_table_size (self->pending) > 0)
    tl_history_store_write_with_pending (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (tl_history_store_parent_class)->dispose (object);
}

static void
tl_history_store_finalize (GObject *object)
{
  TlHistoryStore *self = (TlHistoryStore *)object;

  if (g_hash_table_size (self->pending) > 0)
    g_debug ("Dropping %u unsaved call(s) at exit", g_hash_table_size (self->pending));

  tl_history_store_close_database (self);
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

  tl_history_store_properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  tl_history_store_properties [PROP_UNSEEN_MISSED_COUNT] =
    g_param_spec_uint ("unseen-missed-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_history_store_properties [PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_history_store_properties [PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_history_store_properties [PROP_RETENTION_DAYS] =
    g_param_spec_uint ("retention-days", NULL, NULL, 0, 100 * 365, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_history_store_properties [PROP_RECOVERED_FROM_CORRUPTION] =
    g_param_spec_boolean ("recovered-from-corruption", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_history_store_properties [PROP_RECOVERY_MESSAGE] =
    g_param_spec_string ("recovery-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, tl_history_store_properties);

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
