/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening the call history: the owner lock, migrations, integrity and recovery from damage. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-store.h"
#include "tl-history-store-impl-private.h"
#include "tl-history-schema-private.h"

#include <errno.h>
#include <glib/gstdio.h>

#ifdef G_OS_UNIX
# include <fcntl.h>
# include <sys/file.h>
# include <unistd.h>
#endif

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

  if (!tl_history_store_run_modification (self,
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

void
tl_history_store_close_database (TlHistoryStore *self)
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
      tl_history_store_close_database (self);
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
      || !tl_history_store_query_int64 (self, "SELECT max(id) FROM calls", &max_id, error)
      || !close_interrupted_calls (self, error)
      || !tl_history_store_read_counters (self, &counters, error))
    {
      tl_history_store_close_database (self);
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
