/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bounded, redacted file of the engine's output, and its export. */
#define G_LOG_DOMAIN "tl-trace"

#include "config.h"

#include "tl-trace-recorder.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tl-trace-redact.h"

struct _TlTraceRecorder {
  GObject    parent_instance;

  TlEngine  *engine;
  char      *path;
  GStrv      secrets;
  GFileOutputStream *out;
  goffset    written;
};

G_DEFINE_FINAL_TYPE (TlTraceRecorder, tl_trace_recorder, G_TYPE_OBJECT)

char *
tl_trace_default_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "trunkline", "engine-trace.log", NULL);
}

static gboolean
open_output (TlTraceRecorder  *self,
             GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(GFileInfo) info = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", dir);
      return FALSE;
    }
  /* Private from the start: the trace shows whom you call. */
  self->out = g_file_append_to (file, G_FILE_CREATE_PRIVATE, NULL, error);
  if (self->out == NULL)
    return FALSE;
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  self->written = info != NULL ? g_file_info_get_size (info) : 0;
  return TRUE;
}

static void
rotate (TlTraceRecorder *self)
{
  g_autofree char *older = g_strconcat (self->path, ".1", NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_close (G_OUTPUT_STREAM (self->out), NULL, NULL);
  g_clear_object (&self->out);
  if (g_rename (self->path, older) != 0)
    g_debug ("Cannot move %s aside", self->path);
  if (!open_output (self, &error))
    g_debug ("No trace file: %s", error->message);
}

static void
output_line_cb (TlEngine        *engine,
                const char      *line,
                TlTraceRecorder *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%S.%f");
  g_autofree char *safe = tl_trace_redact (line, (const char * const *) self->secrets);
  g_autofree char *record = g_strdup_printf ("%.23s %s\n", stamp, safe);

  /* The engine leaves its log lines to us while it traces SIP (see tl-engine-output.c). */
  g_debug ("engine: %s", safe);
  if (self->out == NULL)
    return;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (self->out), record, strlen (record), NULL, NULL, NULL))
    return;
  self->written += (goffset) strlen (record);
  if (self->written > TL_TRACE_MAX_BYTES)
    rotate (self);
}

TlTraceRecorder *
tl_trace_recorder_new (TlEngine   *engine,
                       const char *path)
{
  TlTraceRecorder *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TL_IS_ENGINE (engine), NULL);

  self = g_object_new (TL_TYPE_TRACE_RECORDER, NULL);
  self->engine = g_object_ref (engine);
  self->path = path != NULL ? g_strdup (path) : tl_trace_default_path ();
  if (!open_output (self, &error))
    g_debug ("No trace file: %s", error->message);
  tl_engine_set_sip_trace (engine, TRUE);
  g_signal_connect (engine, "output-line", G_CALLBACK (output_line_cb), self);
  return self;
}

void
tl_trace_recorder_set_secrets (TlTraceRecorder    *self,
                               const char * const *secrets)
{
  g_return_if_fail (TL_IS_TRACE_RECORDER (self));
  g_strfreev (self->secrets);
  self->secrets = g_strdupv ((char **) secrets);
}

char *
tl_trace_export (const char          *path,
                 const char * const  *secrets,
                 GError             **error)
{
  g_autofree char *current = path != NULL ? g_strdup (path) : tl_trace_default_path ();
  g_autofree char *older = g_strconcat (current, ".1", NULL);
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *safe = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  g_file_get_contents (older, &old_text, NULL, NULL);
  if (!g_file_get_contents (current, &new_text, NULL, error))
    {
      if (old_text == NULL)
        return NULL;
      g_clear_error (error);
    }
  joined = g_strconcat (old_text != NULL ? old_text : "", new_text != NULL ? new_text : "", NULL);
  /* Redacted when written; again now, in case the rules grew since. */
  safe = tl_trace_redact (joined, secrets);
  return g_strdup_printf ("# Trunkline %s trace, exported %s\n"
                          "# Passwords, digest credentials and challenges, and SRTP keys are removed.\n%s",
                          PACKAGE_VERSION, stamp, safe);
}

static void
tl_trace_recorder_dispose (GObject *object)
{
  TlTraceRecorder *self = TL_TRACE_RECORDER (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  if (self->out != NULL)
    g_output_stream_close (G_OUTPUT_STREAM (self->out), NULL, NULL);
  g_clear_object (&self->out);
  G_OBJECT_CLASS (tl_trace_recorder_parent_class)->dispose (object);
}

static void
tl_trace_recorder_finalize (GObject *object)
{
  TlTraceRecorder *self = TL_TRACE_RECORDER (object);

  g_free (self->path);
  g_strfreev (self->secrets);
  G_OBJECT_CLASS (tl_trace_recorder_parent_class)->finalize (object);
}

static void
tl_trace_recorder_class_init (TlTraceRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_trace_recorder_dispose;
  object_class->finalize = tl_trace_recorder_finalize;
}

static void
tl_trace_recorder_init (TlTraceRecorder *self)
{
}
