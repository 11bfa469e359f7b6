/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exporting the call history as CSV, on a worker thread with its own connection. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-store.h"
#include "tl-history-store-impl-private.h"
#include "tl-history-schema-private.h"

#include <string.h>

static void
csv_field (GString    *out,
           const char *text,
           gboolean    untrusted)
{
  const char *p;

  if (text == NULL)
    text = "";

  /* RFC 4180 §2.6/2.7: quote fields holding separators, quotes or line breaks;
   * double inner quotes. Text from the network that a spreadsheet would read
   * as a formula gets a leading apostrophe (OWASP CSV injection). */
  if (text[0] == '\0' || strpbrk (text, ",\"\r\n") == NULL)
    {
      if (untrusted && strchr ("=+-@\t", text[0]) != NULL && text[0] != '\0')
        g_string_append_c (out, '\'');
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (untrusted && strchr ("=+-@\t", text[0]) != NULL)
    g_string_append_c (out, '\'');
  for (p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_time (GString *out,
          gint64   usec)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = NULL;

  if (usec <= 0)
    return;
  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (dt == NULL)
    return;
  text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append (out, text);
}

static void
csv_figure (GString *out,
            double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value >= 0)
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

static void
csv_row (GString               *out,
         const TlHistoryRecord *r)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",", r->id);
  csv_field (out, r->account_id, FALSE);
  g_string_append_printf (out, ",%s,", tl_history_direction_to_string (r->direction));
  csv_field (out, r->peer_uri, TRUE);
  g_string_append_c (out, ',');
  csv_field (out, r->peer_number, FALSE);
  g_string_append_c (out, ',');
  csv_field (out, r->peer_name, TRUE);
  g_string_append_c (out, ',');
  csv_time (out, r->started);
  g_string_append_c (out, ',');
  csv_time (out, r->answered);
  g_string_append_c (out, ',');
  csv_time (out, r->ended);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", r->duration);
  csv_field (out, r->end_reason, TRUE);
  g_string_append_c (out, ',');
  if (r->sip_code > 0)
    g_string_append_printf (out, "%d", r->sip_code);
  g_string_append_c (out, ',');
  csv_field (out, r->codec, TRUE);
  g_string_append_printf (out, ",%s,", r->srtp ? "yes" : "no");
  if (r->setup_ms >= 0)
    g_string_append_printf (out, "%d", r->setup_ms);
  g_string_append_c (out, ',');
  csv_figure (out, r->loss);
  g_string_append_c (out, ',');
  csv_figure (out, r->jitter);
  g_string_append_c (out, ',');
  csv_figure (out, r->rtt);
  g_string_append_c (out, ',');
  csv_figure (out, r->mos);
  g_string_append_printf (out, ",%s,%s\r\n", r->missed ? "yes" : "no", r->seen ? "yes" : "no");
}

typedef struct {
  char      *db_path;
  GFile     *file;
  GPtrArray *held;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->db_path);
  g_clear_object (&data->file);
  g_clear_pointer (&data->held, g_ptr_array_unref);
  g_free (data);
}

static ExportData *
export_data_new (TlHistoryStore *self,
                 GFile          *file)
{
  ExportData *data = g_new0 (ExportData, 1);
  GHashTableIter iter;
  gpointer value;

  data->db_path = g_strdup (self->path);
  data->file = g_object_ref (file);
  data->held = g_ptr_array_new_with_free_func ((GDestroyNotify)tl_history_record_free);
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (data->held, tl_history_record_copy (value));
  return data;
}

static gboolean
flush_csv (GOutputStream  *stream,
           GString        *out,
           GCancellable   *cancellable,
           GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);

  g_string_truncate (out, 0);
  return ok;
}

/* Runs on a worker thread with its own read-only connection: WAL lets it read
 * a consistent snapshot while the main thread keeps writing. */
static gboolean
export_csv (ExportData    *data,
            guint64       *n_rows,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint64 count = 0;
  gboolean ok = TRUE;
  int rc;
  guint i;

  rc = sqlite3_open_v2 (data->db_path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      rc = sqlite3_prepare_v2 (db, "SELECT " TL_HISTORY_CALL_COLUMNS " FROM calls c"
                               " ORDER BY c.started DESC, c.id DESC", -1, &stmt, NULL);
    }
  if (rc != SQLITE_OK)
    {
      tl_history_sqlite_error (error, db, rc, "Could not read the call history");
      sqlite3_close_v2 (db);
      return FALSE;
    }

  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  ok = stream != NULL;

  if (ok)
    g_string_append (out, "id,account,direction,peer_uri,peer_number,peer_name,started,answered,"
                          "ended,duration_s,end_reason,sip_code,codec,srtp,setup_ms,loss_percent,"
                          "jitter_ms,rtt_ms,mos,missed,seen\r\n");

  for (i = 0; ok && i < data->held->len; i++, count++)
    csv_row (out, g_ptr_array_index (data->held, i));

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(TlHistoryRecord) record = tl_history_store_read_row (stmt);

      csv_row (out, record);
      count++;
      if (out->len > 64 * 1024)
        ok = flush_csv (G_OUTPUT_STREAM (stream), out, cancellable, error);
    }

  if (ok && rc != SQLITE_DONE)
    ok = tl_history_sqlite_error (error, db, rc, "Could not read the call history");
  if (ok)
    ok = flush_csv (G_OUTPUT_STREAM (stream), out, cancellable, error)
      && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
  else if (stream != NULL)
    {
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      /* Closing with a cancelled cancellable keeps the old file, if any. */
      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
    }

  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);

  if (ok && n_rows != NULL)
    *n_rows = count;
  return ok;
}

gboolean
tl_history_store_export_csv (TlHistoryStore  *self,
                             GFile           *file,
                             guint64         *n_rows,
                             GCancellable    *cancellable,
                             GError         **error)
{
  ExportData *data;
  gboolean ok;

  g_return_val_if_fail (TL_IS_HISTORY_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  data = export_data_new (self, file);
  ok = export_csv (data, n_rows, cancellable, error);
  export_data_free (data);
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  guint64 n_rows = 0;

  if (export_csv (task_data, &n_rows, cancellable, &error))
    g_task_return_pointer (task, g_memdup2 (&n_rows, sizeof n_rows), g_free);
  else
    g_task_return_error (task, error);
}

void
tl_history_store_export_csv_async (TlHistoryStore      *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_HISTORY_STORE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_history_store_export_csv_async);
  g_task_set_task_data (task, export_data_new (self, file), (GDestroyNotify)export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
tl_history_store_export_csv_finish (TlHistoryStore  *self,
                                    GAsyncResult    *result,
                                    guint64         *n_rows,
                                    GError         **error)
{
  g_autofree guint64 *count = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  count = g_task_propagate_pointer (G_TASK (result), error);
  if (count == NULL)
    return FALSE;
  if (n_rows != NULL)
    *n_rows = *count;
  return TRUE;
}
