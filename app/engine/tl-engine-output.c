/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading what the engine prints: redacted, its last lines kept to explain a failed start. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine.h"
#include "tl-engine-private.h"

#include <string.h>

#include "tl-engine-message.h"

/* Lines of engine output kept to explain a failed start. */
#define TAIL_LINES 12

char *
tl_engine_describe_output_tail (TlEngine *self)
{
  GString *out = g_string_new (NULL);

  for (GList *l = self->output_tail.head; l != NULL; l = l->next)
    {
      if (out->len > 0)
        g_string_append (out, " | ");
      g_string_append (out, l->data);
    }
  return g_string_free (out, FALSE);
}

static void
remember_line (TlEngine   *self,
               const char *line)
{
  g_queue_push_tail (&self->output_tail, g_strdup (line));
  while (self->output_tail.length > TAIL_LINES)
    g_free (g_queue_pop_head (&self->output_tail));
}

static void
handle_output_line (TlEngine   *self,
                    const char *raw)
{
  g_autofree char *valid = g_utf8_make_valid (raw, -1);
  g_autofree char *plain = tl_engine_strip_terminal_escapes (valid);
  g_autofree char *line = tl_engine_redact_passwords (self, plain);

  /* The engine redraws a status line with bare carriage returns: nothing to keep. */
  if (*g_strstrip (line) == '\0')
    return;
  /* A SIP trace holds digest answers and SRTP keys: its recorder logs it redacted. */
  if (!self->sip_trace)
    g_debug ("engine: %s", line);
  remember_line (self, line);
  g_signal_emit (self, tl_engine_signals[SIGNAL_OUTPUT_LINE], 0, line);

  if (self->version == NULL)
    {
      g_autofree char *version = tl_engine_dialect_parse_banner (line);

      if (version != NULL)
        {
          self->version = g_steal_pointer (&version);
          self->have_dialect = tl_engine_dialect_init_from_version (&self->dialect, self->version);
          g_object_notify_by_pspec (G_OBJECT (self), tl_engine_properties[PROP_VERSION]);
        }
    }
  /* The engine is about to run its main loop: try the control port right away. */
  if (strstr (line, "baresip is ready") != NULL && self->state != TL_ENGINE_STATE_READY
      && self->channel == NULL && self->connect_source != 0 && !self->connect_in_flight)
    {
      g_clear_handle_id (&self->connect_source, g_source_remove);
      tl_engine_connect_attempt (self);
    }
}

typedef struct {
  TlEngine         *engine;  /* weak: the run's cancellable stops us first */
  GDataInputStream *stream;
  GCancellable     *cancellable;
} OutputReader;

static void
output_reader_free (OutputReader *reader)
{
  g_clear_object (&reader->stream);
  g_clear_object (&reader->cancellable);
  g_free (reader);
}

static void read_output_line (OutputReader *reader);

static void
output_line_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  OutputReader *reader = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize len;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                    &len, &error);
  if (line == NULL && error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      /* Invalid UTF-8 from a caller's name: the line is lost but reading goes on. */
      g_clear_error (&error);
      line = g_strdup ("(a line of invalid text)");
    }
  if (line == NULL || g_cancellable_is_cancelled (reader->cancellable))
    {
      output_reader_free (reader);
      return;
    }
  handle_output_line (reader->engine, line);
  read_output_line (reader);
}

static void
read_output_line (OutputReader *reader)
{
  g_data_input_stream_read_line_async (reader->stream, G_PRIORITY_DEFAULT,
                                       reader->cancellable, output_line_cb, reader);
}

void
tl_engine_start_output_reader (TlEngine *self)
{
  OutputReader *reader = g_new0 (OutputReader, 1);

  reader->engine = self;
  reader->cancellable = g_object_ref (self->run_cancellable);
  reader->stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  /* The engine's lines end with \n; a hostile peer name can be huge, so no limit
   * other than the stream's own buffering. */
  g_data_input_stream_set_newline_type (reader->stream, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  read_output_line (reader);
}
