/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The control connection to one engine: netstring framing, JSON, tokens, events. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-channel.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-engine.h"
#include "tl-engine-message.h"
#include "tl-netstring.h"

#define READ_CHUNK 16384
#define DEFAULT_TIMEOUT_MS 5000

struct _TlEngineChannel {
  GObject              parent_instance;

  GIOStream           *stream;       /* NULL for a detached (fed) channel */
  GCancellable        *cancellable;  /* cancels reads when closing */
  TlNetstringDecoder  *decoder;
  GHashTable          *pending;      /* token → GTask */
  guint8              *read_buffer;
  guint64              next_token;
  guint                timeout_ms;
  guint                skipped_frames;
  guint                malformed_frames;
  gboolean             open;
  GQueue               write_queue;  /* GBytes waiting for the stream */
  gboolean             writing;
};

G_DEFINE_FINAL_TYPE (TlEngineChannel, tl_engine_channel, G_TYPE_OBJECT)

enum {
  SIGNAL_EVENT,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  TlEngineChannel *channel;   /* not a reference: the channel outlives its tasks */
  char            *token;
  guint            timeout_id;
  gulong           cancel_id;
} PendingCommand;

static void start_read (TlEngineChannel *self);

static void
pending_command_free (PendingCommand *pending)
{
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  g_free (pending->token);
  g_free (pending);
}

/* Removes the task from the table and completes it exactly once. */
static GTask *
take_pending (TlEngineChannel *self,
              const char      *token)
{
  GTask *task = NULL;
  gpointer key = NULL;

  if (!g_hash_table_steal_extended (self->pending, token, &key, (gpointer *) &task))
    return NULL;
  g_free (key);
  {
    PendingCommand *pending = g_task_get_task_data (task);
    GCancellable *cancellable = g_task_get_cancellable (task);

    g_clear_handle_id (&pending->timeout_id, g_source_remove);
    if (cancellable != NULL && pending->cancel_id != 0)
      {
        g_cancellable_disconnect (cancellable, pending->cancel_id);
        pending->cancel_id = 0;
      }
  }
  return task;
}

static void
fail_all_pending (TlEngineChannel *self,
                  const char      *why)
{
  g_autoptr(GList) tokens = g_hash_table_get_keys (self->pending);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = tokens; l != NULL; l = l->next)
    g_ptr_array_add (copies, g_strdup (l->data));
  for (guint i = 0; i < copies->len; i++)
    {
      g_autoptr(GTask) task = take_pending (self, g_ptr_array_index (copies, i));

      if (task != NULL)
        g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_CLOSED, "%s", why);
    }
}

static void
tl_engine_channel_dispose (GObject *object)
{
  TlEngineChannel *self = TL_ENGINE_CHANNEL (object);

  tl_engine_channel_close (self);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tl_engine_channel_parent_class)->dispose (object);
}

static void
tl_engine_channel_finalize (GObject *object)
{
  TlEngineChannel *self = TL_ENGINE_CHANNEL (object);

  g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
  g_hash_table_unref (self->pending);
  tl_netstring_decoder_free (self->decoder);
  g_free (self->read_buffer);
  G_OBJECT_CLASS (tl_engine_channel_parent_class)->finalize (object);
}

static void
tl_engine_channel_class_init (TlEngineChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_engine_channel_dispose;
  object_class->finalize = tl_engine_channel_finalize;

  /* An event from the engine, already typed. */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_ENGINE_EVENT);
  /* The connection ended (EOF, error or close()); the argument says why. */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tl_engine_channel_init (TlEngineChannel *self)
{
  self->decoder = tl_netstring_decoder_new (TL_ENGINE_MAX_FRAME);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->write_queue);
}

TlEngineChannel *
tl_engine_channel_new (GIOStream *stream)
{
  TlEngineChannel *self = g_object_new (TL_TYPE_ENGINE_CHANNEL, NULL);

  self->open = TRUE;
  if (stream != NULL)
    {
      self->stream = g_object_ref (stream);
      self->read_buffer = g_malloc (READ_CHUNK);
      start_read (self);
    }
  return self;
}

void
tl_engine_channel_set_timeout (TlEngineChannel *self,
                               guint            timeout_ms)
{
  g_return_if_fail (TL_IS_ENGINE_CHANNEL (self));
  self->timeout_ms = timeout_ms;
}

gboolean
tl_engine_channel_is_open (TlEngineChannel *self)
{
  g_return_val_if_fail (TL_IS_ENGINE_CHANNEL (self), FALSE);
  return self->open;
}

guint
tl_engine_channel_get_skipped_frames (TlEngineChannel *self)
{
  return self->skipped_frames;
}

guint
tl_engine_channel_get_malformed_frames (TlEngineChannel *self)
{
  return self->malformed_frames;
}

static void
close_with_reason (TlEngineChannel *self,
                   const char      *why)
{
  if (!self->open)
    return;
  self->open = FALSE;
  g_cancellable_cancel (self->cancellable);
  if (self->stream != NULL)
    g_io_stream_close (self->stream, NULL, NULL);
  g_debug ("Control connection closed: %s", why);
  /* Keep ourselves alive while handlers drop their references. */
  g_object_ref (self);
  fail_all_pending (self, why);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, why);
  g_object_unref (self);
}

void
tl_engine_channel_close (TlEngineChannel *self)
{
  g_return_if_fail (TL_IS_ENGINE_CHANNEL (self));
  close_with_reason (self, "closed by Trunkline");
}

static void
handle_message (TlEngineChannel *self,
                TlEngineMessage *message)
{
  if (message->kind == TL_ENGINE_MESSAGE_EVENT)
    {
      if (message->event->type == TL_ENGINE_EVENT_UNKNOWN)
        g_debug ("Ignoring engine event of unknown type “%s”", message->event->type_name);
      g_signal_emit (self, signals[SIGNAL_EVENT], 0, message->event);
      return;
    }

  if (message->token == NULL)
    {
      g_debug ("Engine response without a token ignored");
      return;
    }
  {
    g_autoptr(GTask) task = take_pending (self, message->token);

    if (task == NULL)
      {
        g_debug ("Engine response for unknown token %s ignored", message->token);
        return;
      }
    if (message->ok)
      g_task_return_pointer (task, g_steal_pointer (&message->data), g_free);
    else
      {
        g_autofree char *text = g_strstrip (g_strdup (message->data));

        g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED,
                                 "%s", *text != '\0' ? text : "The engine refused the command");
      }
  }
}

static void
process_frames (TlEngineChannel *self)
{
  /* Handlers may close or drop the channel while we loop. */
  g_object_ref (self);
  while (self->open)
    {
      g_autoptr(GBytes) frame = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TlEngineMessage) message = NULL;
      gsize skipped = 0;
      TlNetstringResult result;

      result = tl_netstring_decoder_next (self->decoder, &frame, &skipped);
      if (result == TL_NETSTRING_NEED_MORE)
        break;
      if (result == TL_NETSTRING_SKIPPED)
        {
          self->skipped_frames++;
          g_debug ("Skipped an engine frame of %" G_GSIZE_FORMAT " bytes (limit %u)",
                   skipped, TL_ENGINE_MAX_FRAME);
          continue;
        }
      if (result == TL_NETSTRING_ERROR)
        {
          self->malformed_frames++;
          g_debug ("Malformed netstring from the engine; resynchronised");
          continue;
        }

      message = tl_engine_message_parse (g_bytes_get_data (frame, NULL),
                                         g_bytes_get_size (frame), &error);
      if (message == NULL)
        {
          self->malformed_frames++;
          g_debug ("Undecodable engine message ignored: %s", error->message);
          continue;
        }
      handle_message (self, message);
    }
  g_object_unref (self);
}

void
tl_engine_channel_feed (TlEngineChannel *self,
                        const guint8    *data,
                        gsize            len)
{
  g_return_if_fail (TL_IS_ENGINE_CHANNEL (self));
  tl_netstring_decoder_feed (self->decoder, data, len);
  process_frames (self);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TlEngineChannel) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (!self->open)
    return;
  if (n < 0)
    {
      close_with_reason (self, error->message);
      return;
    }
  if (n == 0)
    {
      close_with_reason (self, "the engine closed the connection");
      return;
    }
  tl_engine_channel_feed (self, self->read_buffer, (gsize) n);
  if (self->open)
    start_read (self);
}

static void
start_read (TlEngineChannel *self)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (self->stream),
                             self->read_buffer, READ_CHUNK, G_PRIORITY_DEFAULT,
                             self->cancellable, read_cb, g_object_ref (self));
}

static void write_next (TlEngineChannel *self);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TlEngineChannel) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (self->open)
        close_with_reason (self, error->message);
      return;
    }
  g_bytes_unref (g_queue_pop_head (&self->write_queue));
  write_next (self);
}

/* Writes are queued so two commands never interleave on the stream. */
static void
write_next (TlEngineChannel *self)
{
  GBytes *bytes;
  gsize len;
  gconstpointer data;

  if (self->writing || !self->open || self->stream == NULL)
    return;
  bytes = g_queue_peek_head (&self->write_queue);
  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &len);
  self->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream),
                                   data, len, G_PRIORITY_DEFAULT, self->cancellable,
                                   write_cb, g_object_ref (self));
}

gboolean
tl_engine_channel_check_command (const char  *command,
                                 const char  *params,
                                 GError     **error)
{
  const char *parts[] = { command, params };

  if (command == NULL || *command == '\0')
    {
      g_set_error_literal (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                           "Empty engine command");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL)
        continue;
      if (!g_utf8_validate (parts[i], -1, NULL))
        {
          g_set_error_literal (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                               "Engine command text is not valid UTF-8");
          return FALSE;
        }
      for (const char *p = parts[i]; *p != '\0'; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f)
          {
            g_set_error_literal (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                                 "Engine command text contains a control character");
            return FALSE;
          }
    }
  if (strlen (command) + 1 + (params != NULL ? strlen (params) : 0) > TL_ENGINE_MAX_COMMAND_LINE)
    {
      g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                   "Engine command “%s” is longer than the engine accepts (%d bytes)",
                   command, TL_ENGINE_MAX_COMMAND_LINE);
      return FALSE;
    }
  return TRUE;
}

static gboolean
command_timeout_cb (gpointer user_data)
{
  PendingCommand *pending = user_data;
  TlEngineChannel *self = pending->channel;
  g_autofree char *token = g_strdup (pending->token);
  g_autoptr(GTask) task = NULL;

  pending->timeout_id = 0;
  task = take_pending (self, token);
  if (task == NULL || g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_TIMEOUT,
                             "The engine did not answer “%s” within %u ms",
                             g_task_get_name (task) != NULL ? g_task_get_name (task) : "command",
                             self->timeout_ms);
  return G_SOURCE_REMOVE;
}

static void
command_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  PendingCommand *pending = user_data;

  /* Complete from an idle: GCancellable forbids disconnecting inside its handler. */
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  pending->timeout_id = g_idle_add (command_timeout_cb, pending);
}

/* Registers @task as waiting for the answer to one command and returns its frame;
 * NULL (with the task completed) when the command cannot be sent. */
static GBytes *
prepare_command (TlEngineChannel *self,
                 GTask           *task,
                 const char      *command,
                 const char      *params)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  PendingCommand *pending;
  gsize json_len;

  g_task_set_name (task, command);
  if (!tl_engine_channel_check_command (command, params, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  if (!self->open)
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_CLOSED,
                               "The engine's control connection is closed");
      return NULL;
    }

  pending = g_new0 (PendingCommand, 1);
  pending->channel = self;
  pending->token = g_strdup_printf ("%" G_GUINT64_FORMAT, ++self->next_token);
  g_task_set_task_data (task, pending, (GDestroyNotify) pending_command_free);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  if (params != NULL)
    {
      json_builder_set_member_name (builder, "params");
      json_builder_add_string_value (builder, params);
    }
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, pending->token);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &json_len);

  g_hash_table_insert (self->pending, g_strdup (pending->token), g_object_ref (task));
  pending->timeout_id = g_timeout_add (self->timeout_ms, command_timeout_cb, pending);
  if (cancellable != NULL)
    pending->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (command_cancelled_cb),
                                                pending, NULL);
  return tl_netstring_encode (json, json_len);
}

static void
queue_write (TlEngineChannel *self,
             GBytes          *frames)
{
  /* Detached channels (tests) have no stream: commands wait for fed replies. */
  if (self->stream == NULL)
    {
      g_bytes_unref (frames);
      return;
    }
  g_queue_push_tail (&self->write_queue, frames);
  write_next (self);
}

void
tl_engine_channel_command_async (TlEngineChannel     *self,
                                 const char          *command,
                                 const char          *params,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GBytes *frame;

  g_return_if_fail (TL_IS_ENGINE_CHANNEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_channel_command_async);
  frame = prepare_command (self, task, command, params);
  if (frame != NULL)
    queue_write (self, frame);
}

typedef struct {
  GError *first_error;
  gboolean first_done;
} PairState;

static void
pair_first_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  /* Holds the outer task: on a closed channel the two answers may come in any order. */
  g_autoptr(GTask) outer = user_data;
  PairState *state = g_task_get_task_data (outer);
  g_autofree char *reply = NULL;

  reply = g_task_propagate_pointer (G_TASK (result), &state->first_error);
  state->first_done = TRUE;
}

static void
pair_second_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  PairState *state = g_task_get_task_data (outer);
  g_autoptr(GError) error = NULL;
  char *reply;

  reply = g_task_propagate_pointer (G_TASK (result), &error);
  /* The engine answers in order: the selection's answer came first. */
  if (state->first_error != NULL)
    {
      g_free (reply);
      g_task_return_error (outer, g_steal_pointer (&state->first_error));
    }
  else if (reply == NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, reply, g_free);
}

static void
pair_state_free (PairState *state)
{
  g_clear_error (&state->first_error);
  g_free (state);
}

void
tl_engine_channel_command_pair_async (TlEngineChannel     *self,
                                      const char          *select_command,
                                      const char          *select_params,
                                      const char          *command,
                                      const char          *params,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) first = NULL;
  g_autoptr(GTask) second = NULL;
  g_autoptr(GBytes) frame1 = NULL;
  g_autoptr(GBytes) frame2 = NULL;
  g_autoptr(GError) error = NULL;
  PairState *state;
  GByteArray *both;

  g_return_if_fail (TL_IS_ENGINE_CHANNEL (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, tl_engine_channel_command_pair_async);
  /* Check both before sending either: never a selection without its action. */
  if (!tl_engine_channel_check_command (select_command, select_params, &error)
      || !tl_engine_channel_check_command (command, params, &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  state = g_new0 (PairState, 1);
  g_task_set_task_data (outer, state, (GDestroyNotify) pair_state_free);

  first = g_task_new (self, cancellable, pair_first_cb, g_object_ref (outer));
  second = g_task_new (self, cancellable, pair_second_cb, g_object_ref (outer));
  frame1 = prepare_command (self, first, select_command, select_params);
  frame2 = prepare_command (self, second, command, params);
  if (frame1 == NULL || frame2 == NULL)
    return;  /* both tasks completed with the reason (closed channel) */

  /* One write, so the engine reads both in one go: nothing (an incoming call
   * switching its "current" call) can come between selection and action. */
  both = g_byte_array_new ();
  g_byte_array_append (both, g_bytes_get_data (frame1, NULL), g_bytes_get_size (frame1));
  g_byte_array_append (both, g_bytes_get_data (frame2, NULL), g_bytes_get_size (frame2));
  queue_write (self, g_byte_array_free_to_bytes (both));
}

char *
tl_engine_channel_command_finish (TlEngineChannel  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
