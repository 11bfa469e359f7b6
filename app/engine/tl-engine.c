/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Supervisor and typed command API for the baresip engine child process. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine.h"

#include <string.h>

#include "tl-engine-channel.h"
#include "tl-engine-config.h"
#include "tl-engine-message.h"
#include "tl-engine-redact.h"
#include "tl-paths.h"
#include "tl-platform.h"

/* From spawn to the first answered command. */
#define START_TIMEOUT_MS 10000
/* Between connection attempts while the engine starts its main loop. */
#define CONNECT_RETRY_MS 5
/* Restart backoff: immediate first, then doubling up to the cap. */
#define BACKOFF_FIRST_MS 250
#define BACKOFF_MAX_MS 30000
/* An engine that stayed up this long resets the backoff. */
#define STABLE_RUN_US (60 * G_USEC_PER_SEC)
/* Shutdown ladder: quit command, then SIGTERM, then SIGKILL. */
#define QUIT_GRACE_MS 3000
#define TERM_GRACE_MS 2000
/* Lines of engine output kept to explain a failed start. */
#define TAIL_LINES 12

struct _TlEngine {
  GObject             parent_instance;

  TlEngineState       state;

  /* settings */
  char               *listen_address;
  char               *audio_player;
  char               *audio_source;
  char               *audio_alert;
  char               *extra_config;
  GStrv               environment;

  /* the current run */
  char               *binary;
  char               *module_dir;
  char               *config_dir;
  char               *audio_dir;
  GSubprocess        *process;
  GCancellable       *run_cancellable;   /* output reading and exit wait of this run */
  TlEngineChannel    *channel;
  guint               control_port;
  gint64              run_started_us;
  GQueue              output_tail;       /* redacted last lines, for error messages */

  char               *version;
  TlEngineDialect     dialect;
  gboolean            have_dialect;

  GHashTable         *accounts;          /* aor → TlEngineAccount */

  guint               restart_count;
  guint               consecutive_failures;
  guint               restart_source;
  guint               connect_source;
  guint               start_timeout_source;
  guint               ladder_source;
  guint               ladder_step;
  gboolean            planned_restart;   /* restart on a new port (takeover) */
  gboolean            reconnecting;
  gboolean            connect_in_flight; /* one connection attempt at a time */
  gboolean            restart_when_idle; /* a restart waits for the last call to end */

  GTask              *start_task;
  GPtrArray          *stop_tasks;
};

G_DEFINE_FINAL_TYPE (TlEngine, tl_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_VERSION,
  PROP_CONTROL_PORT,
  PROP_RESTART_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_EVENT,
  SIGNAL_READY,
  SIGNAL_RESTARTED,
  SIGNAL_SECURITY_WARNING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (tl-engine-error-quark, tl_engine_error)

/* g_set_str arrived in GLib 2.76; Debian 12 has 2.74. */
static void
replace_str (char       **slot,
             const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
}

static void launch (TlEngine *self);
static void schedule_restart (TlEngine *self, const char *why);
static void connect_attempt (TlEngine *self);

const char *
tl_engine_state_to_string (TlEngineState state)
{
  switch (state)
    {
    case TL_ENGINE_STATE_STOPPED: return "stopped";
    case TL_ENGINE_STATE_STARTING: return "starting";
    case TL_ENGINE_STATE_READY: return "ready";
    case TL_ENGINE_STATE_RESTARTING: return "restarting";
    case TL_ENGINE_STATE_STOPPING: return "stopping";
    case TL_ENGINE_STATE_FAILED: return "failed";
    default: return "unknown";
    }
}

static void
set_state (TlEngine      *self,
           TlEngineState  state)
{
  if (self->state == state)
    return;
  g_debug ("Engine %s -> %s", tl_engine_state_to_string (self->state),
           tl_engine_state_to_string (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The passwords of all accounts, for redacting whatever the engine says. */
static GStrv
collect_secrets (TlEngine *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TlEngineAccount *account = value;

      if (account->password != NULL && *account->password != '\0')
        g_strv_builder_add (builder, account->password);
    }
  return g_strv_builder_end (builder);
}

static char *
redact (TlEngine   *self,
        const char *text)
{
  g_auto(GStrv) secrets = collect_secrets (self);

  return tl_engine_redact (text, (const char *const *) secrets);
}

static char *
describe_output_tail (TlEngine *self)
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

/* ---- run teardown ------------------------------------------------------- */

static void
clear_run_sources (TlEngine *self)
{
  g_clear_handle_id (&self->connect_source, g_source_remove);
  g_clear_handle_id (&self->start_timeout_source, g_source_remove);
  g_clear_handle_id (&self->ladder_source, g_source_remove);
}

static void
drop_channel (TlEngine *self)
{
  if (self->channel == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->channel, self);
  tl_engine_channel_close (self->channel);
  g_clear_object (&self->channel);
}

static void
end_run (TlEngine *self)
{
  clear_run_sources (self);
  drop_channel (self);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->process);
  self->reconnecting = FALSE;
  self->connect_in_flight = FALSE;
}

static void
fail_start (TlEngine   *self,
            GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
complete_stop_tasks (TlEngine *self)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->stop_tasks);

  self->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
}

/* ---- engine output -------------------------------------------------------- */

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
  g_autofree char *line = redact (self, plain);

  /* The engine redraws a status line with bare carriage returns: nothing to keep. */
  if (*g_strstrip (line) == '\0')
    return;
  g_debug ("engine: %s", line);
  remember_line (self, line);

  if (self->version == NULL)
    {
      g_autofree char *version = tl_engine_dialect_parse_banner (line);

      if (version != NULL)
        {
          self->version = g_steal_pointer (&version);
          self->have_dialect = tl_engine_dialect_init_from_version (&self->dialect, self->version);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
        }
    }
  /* The engine is about to run its main loop: try the control port right away. */
  if (strstr (line, "baresip is ready") != NULL && self->state != TL_ENGINE_STATE_READY
      && self->channel == NULL && self->connect_source != 0 && !self->connect_in_flight)
    {
      g_clear_handle_id (&self->connect_source, g_source_remove);
      connect_attempt (self);
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

static void
start_output_reader (TlEngine *self)
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

/* ---- accounts ----------------------------------------------------------- */

typedef struct {
  char            *aor;
  TlEngineAccount *account;
  char            *line;    /* holds the password: scrubbed on free */
} AddAccountData;

static void
add_account_data_free (AddAccountData *data)
{
  g_free (data->aor);
  g_clear_pointer (&data->account, tl_engine_account_free);
  if (data->line != NULL)
    memset (data->line, 0, strlen (data->line));
  g_free (data->line);
  g_free (data);
}

static void
uanew_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  TlEngine *self = TL_ENGINE (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = tl_engine_command_finish (self, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (tl_engine_dialect_reply_reports_failure (reply))
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED,
                               "The engine could not add the account: %s", g_strstrip (reply));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
send_uanew (TlEngine *self,
            GTask    *task)
{
  AddAccountData *data = g_task_get_task_data (task);

  tl_engine_command_async (self, "uanew", data->line, g_task_get_cancellable (task),
                           uanew_cb, g_object_ref (task));
}

static void
uadel_before_uanew_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  TlEngine *self = TL_ENGINE (source);
  g_autoptr(GTask) task = user_data;
  g_autofree char *reply = NULL;

  /* The engine creates a second agent for a repeated AOR: remove the old one first. */
  reply = tl_engine_command_finish (self, result, NULL);
  send_uanew (self, task);
}

void
tl_engine_add_account_async (TlEngine            *self,
                             TlEngineAccount     *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  AddAccountData *data;
  gboolean known;

  g_return_if_fail (TL_IS_ENGINE (self));
  g_return_if_fail (account != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_add_account_async);

  data = g_new0 (AddAccountData, 1);
  data->aor = tl_engine_account_get_aor (account);
  data->account = tl_engine_account_copy (account);
  g_task_set_task_data (task, data, (GDestroyNotify) add_account_data_free);

  data->line = tl_engine_account_build_line (account, self->have_dialect ? &self->dialect : NULL,
                                             &error);
  if (data->line == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  known = g_hash_table_contains (self->accounts, data->aor);
  g_hash_table_replace (self->accounts, g_strdup (data->aor), tl_engine_account_copy (account));

  if (self->state == TL_ENGINE_STATE_RESTARTING || self->state == TL_ENGINE_STATE_STARTING)
    {
      /* Added with the others as soon as the engine is ready. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->state != TL_ENGINE_STATE_READY)
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                               "The engine is not running");
      return;
    }
  if (known)
    tl_engine_command_async (self, "uadel", data->aor, cancellable,
                             uadel_before_uanew_cb, g_object_ref (task));
  else
    send_uanew (self, task);
}

gboolean
tl_engine_add_account_finish (TlEngine      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
uadel_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
tl_engine_remove_account_async (TlEngine            *self,
                                const char          *aor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_ENGINE (self));
  g_return_if_fail (aor != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_remove_account_async);
  g_hash_table_remove (self->accounts, aor);
  if (self->state != TL_ENGINE_STATE_READY)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  tl_engine_command_async (self, "uadel", aor, cancellable, uadel_cb, g_object_ref (task));
}

gboolean
tl_engine_remove_account_finish (TlEngine      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
readd_account_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_engine_add_account_finish (TL_ENGINE (source), result, &error))
    g_debug ("Re-adding an account after restart failed: %s", error->message);
}

static void
readd_accounts (TlEngine *self)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_engine_account_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (accounts, tl_engine_account_copy (value));
  /* A fresh engine has none of them: plain uanew for each. */
  g_hash_table_remove_all (self->accounts);
  for (guint i = 0; i < accounts->len; i++)
    tl_engine_add_account_async (self, g_ptr_array_index (accounts, i), NULL,
                                 readd_account_cb, NULL);
}

/* ---- control connection ------------------------------------------------- */

static void channel_closed_cb (TlEngineChannel *channel, const char *why, TlEngine *self);

static void
channel_event_cb (TlEngineChannel *channel,
                  TlEngineEvent   *event,
                  TlEngine        *self)
{
  g_debug ("event %s (%s)", event->type_name, event->account_aor != NULL ? event->account_aor : "-");
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
  if (event->type == TL_ENGINE_EVENT_CALL_CLOSED && self->restart_when_idle)
    tl_engine_restart_when_idle (self);
}

static void
became_ready (TlEngine *self)
{
  gboolean was_restart = self->state == TL_ENGINE_STATE_RESTARTING;
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  g_clear_handle_id (&self->start_timeout_source, g_source_remove);
  set_state (self, TL_ENGINE_STATE_READY);
  g_debug ("Engine %s ready on control port %u", self->version ? self->version : "(unknown version)",
           self->control_port);
  readd_accounts (self);
  if (was_restart)
    g_signal_emit (self, signals[SIGNAL_RESTARTED], 0, self->restart_count);
  g_signal_emit (self, signals[SIGNAL_READY], 0);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  TlEngine *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = tl_engine_channel_command_finish (TL_ENGINE_CHANNEL (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Engine readiness probe failed: %s", error->message);
      return;  /* the start timeout or the exit handler decides */
    }
  if (self->version == NULL)
    {
      self->version = tl_engine_dialect_parse_banner (reply);
      if (self->version != NULL)
        {
          self->have_dialect = tl_engine_dialect_init_from_version (&self->dialect, self->version);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
        }
    }
  became_ready (self);
}

static void
attach_channel (TlEngine          *self,
                GSocketConnection *connection)
{
  self->channel = tl_engine_channel_new (G_IO_STREAM (connection));
  g_signal_connect (self->channel, "event", G_CALLBACK (channel_event_cb), self);
  g_signal_connect (self->channel, "closed", G_CALLBACK (channel_closed_cb), self);
}

static void resync_after_takeover (TlEngine *self);

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* that run is over; end_run() already reset the state */
  self->connect_in_flight = FALSE;
  if (self->process == NULL || self->state == TL_ENGINE_STATE_STOPPING
      || self->state == TL_ENGINE_STATE_STOPPED)
    return;
  if (connection == NULL)
    {
      if (self->reconnecting)
        {
          /* The engine is gone, not taken over: the exit handler restarts it. */
          g_debug ("Reconnect failed: %s", error->message);
          self->reconnecting = FALSE;
          return;
        }
      /* The engine has not opened its port yet. */
      self->connect_source = g_timeout_add_once (CONNECT_RETRY_MS,
                                                 (GSourceOnceFunc) connect_attempt, self);
      return;
    }

  if (self->channel != NULL)
    return;  /* already connected; a second client would evict the first */
  /* The client's connect timeout stays on the socket: a quiet engine is not a
   * dead one, so reads must never time out. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 0);
  attach_channel (self, connection);
  if (self->reconnecting)
    {
      self->reconnecting = FALSE;
      resync_after_takeover (self);
      return;
    }
  /* Ready means a command answered, not a port that accepts. */
  tl_engine_channel_command_async (self->channel, "about", NULL, self->run_cancellable,
                                   probe_cb, self);
}

static void
connect_attempt (TlEngine *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  self->connect_source = 0;
  if (self->connect_in_flight)
    return;
  self->connect_in_flight = TRUE;
  g_socket_client_set_timeout (client, 2);
  /* Loopback never goes through a proxy; asking would load GIO's proxy modules. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_host_async (client, "127.0.0.1", (guint16) self->control_port,
                                         self->run_cancellable, connect_cb, g_object_ref (self));
}

/* ---- takeover of the control port ---------------------------------------- */

static void
listcalls_for_restart_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = tl_engine_command_finish (self, result, &error);
  if (reply == NULL)
    {
      g_debug ("listcalls before restart failed: %s", error->message);
      return;
    }
  /* "Active calls (0)" in every version: no call to lose, restart now; otherwise
   * wait for the engine to report its last call closed. */
  if (strstr (reply, "(0)") != NULL)
    {
      self->restart_when_idle = FALSE;
      tl_engine_restart (self);
    }
  else
    g_debug ("Restart deferred until the calls end");
}

void
tl_engine_restart_when_idle (TlEngine *self)
{
  g_return_if_fail (TL_IS_ENGINE (self));

  if (self->state != TL_ENGINE_STATE_READY)
    return;
  self->restart_when_idle = TRUE;
  tl_engine_command_async (self, "listcalls", NULL, NULL, listcalls_for_restart_cb,
                           g_object_ref (self));
}

static void
reginfo_after_takeover_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  g_autofree char *reply = tl_engine_command_finish (self, result, NULL);

  if (reply != NULL)
    g_debug ("Registrations after takeover: %s", reply);
}

static void
resync_after_takeover (TlEngine *self)
{
  /* Reported only now that our reconnect proved the engine alive. */
  g_signal_emit (self, signals[SIGNAL_SECURITY_WARNING], 0,
                 "Another program on this computer connected to the call engine's control "
                 "port. Trunkline took the connection back and is moving the engine to a new port.");
  /* Events sent while the other client held the port were lost: ask again. */
  tl_engine_command_async (self, "reginfo", NULL, NULL, reginfo_after_takeover_cb,
                           g_object_ref (self));
  /* Move to a new port so the intruder loses it, once no call would be cut. */
  tl_engine_restart_when_idle (self);
}

static void
channel_closed_cb (TlEngineChannel *channel,
                   const char      *why,
                   TlEngine        *self)
{
  /* The channel keeps itself alive while it emits "closed". */
  g_signal_handlers_disconnect_by_data (channel, self);
  if (channel == self->channel)
    g_clear_object (&self->channel);
  if (self->state != TL_ENGINE_STATE_READY || self->process == NULL || self->planned_restart)
    return;

  /* The engine serves one client: our connection closing while the engine runs
   * means someone else connected. Reconnect at once (ours evicts theirs). If the
   * engine died instead, the reconnect fails and the exit handler takes over. */
  g_debug ("Control connection lost (%s); reconnecting", why);
  self->reconnecting = TRUE;
  g_clear_handle_id (&self->connect_source, g_source_remove);
  connect_attempt (self);
}

/* ---- process lifecycle ---------------------------------------------------- */

static void
process_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autofree char *tail = NULL;
  g_autofree char *why = NULL;

  g_subprocess_wait_finish (process, result, NULL);
  if (process != self->process)
    return;  /* an older run */

  if (g_subprocess_get_if_exited (process))
    why = g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (process));
  else
    why = g_strdup_printf ("was killed by signal %d", g_subprocess_get_term_sig (process));
  g_debug ("Engine process %s", why);

  end_run (self);

  if (self->state == TL_ENGINE_STATE_FAILED)
    return;  /* the start already failed and was reported */
  if (self->state == TL_ENGINE_STATE_STOPPING)
    {
      g_autoptr(GError) error = NULL;

      if (self->config_dir != NULL && !tl_paths_remove_tree (self->config_dir, &error))
        g_debug ("Could not remove the engine folder: %s", error->message);
      g_clear_pointer (&self->config_dir, g_free);
      g_clear_pointer (&self->audio_dir, g_free);
      set_state (self, TL_ENGINE_STATE_STOPPED);
      complete_stop_tasks (self);
      return;
    }

  if (self->planned_restart)
    {
      self->planned_restart = FALSE;
      set_state (self, TL_ENGINE_STATE_RESTARTING);
      launch (self);
      return;
    }

  if (self->start_task != NULL && self->restart_count == 0 && self->state == TL_ENGINE_STATE_STARTING)
    {
      /* The very first start failed: tell the caller why instead of looping. */
      tail = describe_output_tail (self);
      set_state (self, TL_ENGINE_STATE_FAILED);
      fail_start (self, g_error_new (TL_ENGINE_ERROR, TL_ENGINE_ERROR_SPAWN,
                                     "The engine %s while starting: %s", why,
                                     *tail != '\0' ? tail : "no output"));
      return;
    }

  schedule_restart (self, why);
}

static void
start_timeout_cb (TlEngine *self)
{
  g_autofree char *tail = describe_output_tail (self);

  self->start_timeout_source = 0;
  g_debug ("Engine did not answer within %d ms (%s)", START_TIMEOUT_MS, tail);
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  if (self->restart_count == 0 && self->start_task != NULL)
    {
      /* Count it as a failed first start; the exit callback then sees no task. */
      set_state (self, TL_ENGINE_STATE_FAILED);
      fail_start (self, g_error_new (TL_ENGINE_ERROR, TL_ENGINE_ERROR_START_TIMEOUT,
                                     "The engine started but did not answer within %d s: %s",
                                     START_TIMEOUT_MS / 1000, *tail != '\0' ? tail : "no output"));
    }
}

/* A free loopback TCP port right now; the engine binds it a moment later. */
static guint
pick_control_port (GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, any, FALSE, error))
    return 0;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The instance id the engine puts in Contact (+sip.instance): stable per user,
 * so a registrar sees the same device across engine restarts. */
static gboolean
write_instance_uuid (const char  *config_dir,
                     GError     **error)
{
  g_autofree char *data_dir = tl_paths_data_dir ();
  g_autofree char *stored = g_build_filename (data_dir, "instance-id", NULL);
  g_autofree char *target = g_build_filename (config_dir, "uuid", NULL);
  g_autofree char *uuid = NULL;

  if (!g_file_get_contents (stored, &uuid, NULL, NULL) || !g_uuid_string_is_valid (g_strstrip (uuid)))
    {
      g_clear_pointer (&uuid, g_free);
      uuid = g_uuid_string_random ();
      if (g_mkdir_with_parents (data_dir, 0700) != 0
          || !g_file_set_contents_full (stored, uuid, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
        g_debug ("Could not keep the instance id in %s; using a fresh one", stored);
    }
  return g_file_set_contents_full (target, uuid, -1, G_FILE_SET_CONTENTS_NONE, 0600, error);
}

static gboolean
prepare_run (TlEngine  *self,
             GError   **error)
{
  g_autofree char *net_interface = NULL;
  TlEngineConfig config = { 0 };
  const char *override;

  override = g_getenv ("TRUNKLINE_ENGINE");
  g_free (self->binary);
  self->binary = (override != NULL && *override != '\0') ? g_strdup (override)
                                                          : tl_platform_find_engine_binary ();
  if (self->binary == NULL)
    {
      g_set_error_literal (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_FOUND,
                           "The call engine (baresip) is not installed");
      return FALSE;
    }
  override = g_getenv ("TRUNKLINE_ENGINE_MODULES");
  g_free (self->module_dir);
  self->module_dir = (override != NULL && *override != '\0') ? g_strdup (override)
                                                             : tl_platform_engine_module_dir (self->binary);

  if (self->config_dir == NULL)
    {
      self->config_dir = tl_paths_make_private_dir ("engine", error);
      if (self->config_dir == NULL)
        return FALSE;
      self->audio_dir = g_build_filename (self->config_dir, "sounds", NULL);
      if (g_mkdir_with_parents (self->audio_dir, 0700) != 0)
        {
          g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_SPAWN,
                       "Cannot create %s", self->audio_dir);
          return FALSE;
        }
      if (!write_instance_uuid (self->config_dir, error))
        return FALSE;
    }

  self->control_port = pick_control_port (error);
  if (self->control_port == 0)
    return FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROL_PORT]);

  if (self->listen_address != NULL)
    {
      g_autoptr(GSocketConnectable) parsed = g_network_address_parse (self->listen_address, 0, NULL);

      if (parsed != NULL)
        net_interface = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (parsed)));
    }

  config.module_dir = self->module_dir;
  config.audio_path = self->audio_dir;
  config.control_port = self->control_port;
  config.sip_listen = self->listen_address;
  config.net_interface = net_interface;
  config.audio_player = self->audio_player;
  config.audio_source = self->audio_source;
  config.audio_alert = self->audio_alert;
  config.extra = self->extra_config;
  return tl_engine_config_write (&config, self->have_dialect ? &self->dialect : NULL,
                                 self->config_dir, error);
}

static GSubprocess *
spawn_engine (TlEngine  *self,
              GError   **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GInetAddress) listen = NULL;

  g_ptr_array_add (argv, self->binary);
  g_ptr_array_add (argv, (char *) "-f");
  g_ptr_array_add (argv, self->config_dir);
  if (self->listen_address != NULL)
    {
      g_autofree char *host = g_strdup (self->listen_address);
      char *colon = strrchr (host, ':');

      if (colon != NULL && host[0] != '[')
        *colon = '\0';
      listen = g_inet_address_new_from_string (host);
      /* Binding to one address needs the matching address family forced. */
      if (listen != NULL)
        g_ptr_array_add (argv, g_inet_address_get_family (listen) == G_SOCKET_FAMILY_IPV6
                               ? (char *) "-6" : (char *) "-4");
    }
  g_ptr_array_add (argv, NULL);

  /* stdin is a pipe we never write: the engine never sees a terminal or EOF. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, self->config_dir);
  tl_platform_bind_child_lifetime (launcher);
  for (guint i = 0; self->environment != NULL && self->environment[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (self->environment[i], "=", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  {
    g_autoptr(GError) local_error = NULL;
    GSubprocess *process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                         &local_error);

    if (process == NULL)
      g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_SPAWN,
                   "Cannot run the call engine %s: %s", self->binary, local_error->message);
    return process;
  }
}

static void
launch (TlEngine *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->restart_source, g_source_remove);
  g_queue_clear_full (&self->output_tail, g_free);

  if (!prepare_run (self, &error) || (self->process = spawn_engine (self, &error)) == NULL)
    {
      g_debug ("Could not start the engine: %s", error->message);
      if (self->start_task != NULL && self->restart_count == 0)
        {
          set_state (self, TL_ENGINE_STATE_FAILED);
          fail_start (self, g_steal_pointer (&error));
        }
      else
        schedule_restart (self, error->message);
      return;
    }

  self->run_cancellable = g_cancellable_new ();
  self->run_started_us = g_get_monotonic_time ();
  g_debug ("Engine %s started (pid %s) with control port %u", self->binary,
           g_subprocess_get_identifier (self->process), self->control_port);

  start_output_reader (self);
  g_subprocess_wait_async (self->process, NULL, process_exited_cb, g_object_ref (self));
  self->start_timeout_source = g_timeout_add_once (START_TIMEOUT_MS,
                                                   (GSourceOnceFunc) start_timeout_cb, self);
  connect_attempt (self);
}

static void
restart_now (TlEngine *self)
{
  self->restart_source = 0;
  self->restart_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTART_COUNT]);
  launch (self);
}

static void
schedule_restart (TlEngine   *self,
                  const char *why)
{
  guint delay_ms = 0;

  if (self->run_started_us != 0 && g_get_monotonic_time () - self->run_started_us > STABLE_RUN_US)
    self->consecutive_failures = 0;
  if (self->consecutive_failures > 0)
    {
      guint shift = MIN (self->consecutive_failures - 1, 10u);

      delay_ms = MIN ((guint) BACKOFF_FIRST_MS << shift, (guint) BACKOFF_MAX_MS);
    }
  self->consecutive_failures++;
  set_state (self, TL_ENGINE_STATE_RESTARTING);
  g_debug ("Engine %s; restarting in %u ms", why, delay_ms);
  g_clear_handle_id (&self->restart_source, g_source_remove);
  self->restart_source = g_timeout_add_once (delay_ms, (GSourceOnceFunc) restart_now, self);
}

/* ---- public API ------------------------------------------------------------ */

void
tl_engine_start_async (TlEngine            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_start_async);
  if (self->state == TL_ENGINE_STATE_READY)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->state != TL_ENGINE_STATE_STOPPED && self->state != TL_ENGINE_STATE_FAILED)
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                               "The engine is %s", tl_engine_state_to_string (self->state));
      return;
    }
  self->start_task = g_steal_pointer (&task);
  self->restart_count = 0;
  self->consecutive_failures = 0;
  set_state (self, TL_ENGINE_STATE_STARTING);
  launch (self);
}

gboolean
tl_engine_start_finish (TlEngine      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ladder_step_cb (TlEngine *self)
{
  self->ladder_source = 0;
  if (self->process == NULL)
    return;
  if (self->ladder_step == 0)
    {
      g_debug ("Engine did not quit in time: SIGTERM");
      tl_platform_terminate_process (self->process);
      self->ladder_step = 1;
      self->ladder_source = g_timeout_add_once (TERM_GRACE_MS, (GSourceOnceFunc) ladder_step_cb, self);
    }
  else
    {
      g_debug ("Engine did not end after SIGTERM: killing it");
      g_subprocess_force_exit (self->process);
    }
}

void
tl_engine_restart (TlEngine *self)
{
  g_return_if_fail (TL_IS_ENGINE (self));

  if (self->state != TL_ENGINE_STATE_READY || self->process == NULL || self->planned_restart)
    return;
  g_debug ("Restarting the engine on request");
  self->planned_restart = TRUE;
  self->restart_when_idle = FALSE;
  self->ladder_step = 0;
  g_clear_handle_id (&self->ladder_source, g_source_remove);
  /* The same ladder as a stop; the exit handler starts the next run at once. */
  if (self->channel != NULL && tl_engine_channel_is_open (self->channel))
    {
      tl_engine_channel_command_async (self->channel, "quit", NULL, NULL, NULL, NULL);
      self->ladder_source = g_timeout_add_once (QUIT_GRACE_MS, (GSourceOnceFunc) ladder_step_cb, self);
    }
  else
    ladder_step_cb (self);
}

void
tl_engine_stop_async (TlEngine            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_stop_async);
  g_clear_handle_id (&self->restart_source, g_source_remove);

  if (self->process == NULL)
    {
      set_state (self, TL_ENGINE_STATE_STOPPED);
      if (self->config_dir != NULL)
        tl_paths_remove_tree (self->config_dir, NULL);
      g_clear_pointer (&self->config_dir, g_free);
      g_clear_pointer (&self->audio_dir, g_free);
      fail_start (self, g_error_new (TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                                     "The engine was stopped"));
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->stop_tasks, g_steal_pointer (&task));
  if (self->state == TL_ENGINE_STATE_STOPPING)
    return;

  fail_start (self, g_error_new (TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                                 "The engine was stopped while starting"));
  set_state (self, TL_ENGINE_STATE_STOPPING);
  self->ladder_step = 0;
  if (self->channel != NULL && tl_engine_channel_is_open (self->channel))
    {
      /* quit unregisters every account first (the graceful path). */
      tl_engine_channel_command_async (self->channel, "quit", NULL, NULL, NULL, NULL);
      self->ladder_source = g_timeout_add_once (QUIT_GRACE_MS, (GSourceOnceFunc) ladder_step_cb, self);
    }
  else
    ladder_step_cb (self);
}

gboolean
tl_engine_stop_finish (TlEngine      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
command_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TlEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = tl_engine_channel_command_finish (TL_ENGINE_CHANNEL (source), result, &error);
  if (reply == NULL)
    {
      /* The engine echoes the command's parameters in some errors. */
      g_autofree char *message = redact (self, error->message);

      g_task_return_new_error (task, error->domain, error->code, "%s", message);
      return;
    }
  g_task_return_pointer (task, redact (self, reply), g_free);
}

/* One command, or a selection and its action in one write (@select_command set). */
static void
send_command (TlEngine            *self,
              const char          *select_command,
              const char          *select_params,
              const char          *command,
              const char          *params,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tl_engine_command_async);
  if (self->channel == NULL || !tl_engine_channel_is_open (self->channel))
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                               "The engine is %s", tl_engine_state_to_string (self->state));
      return;
    }
  if (select_command == NULL)
    tl_engine_channel_command_async (self->channel, command, params, cancellable,
                                     command_cb, g_steal_pointer (&task));
  else
    tl_engine_channel_command_pair_async (self->channel, select_command, select_params, command, params,
                                          cancellable, command_cb, g_steal_pointer (&task));
}

void
tl_engine_command_async (TlEngine            *self,
                         const char          *command,
                         const char          *params,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  send_command (self, NULL, NULL, command, params, cancellable, callback, user_data);
}

void
tl_engine_command_pair_async (TlEngine            *self,
                              const char          *select_command,
                              const char          *select_params,
                              const char          *command,
                              const char          *params,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  g_return_if_fail (select_command != NULL);
  send_command (self, select_command, select_params, command, params, cancellable, callback, user_data);
}

char *
tl_engine_command_finish (TlEngine      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tl_engine_set_listen_address (TlEngine   *self,
                              const char *address)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  replace_str (&self->listen_address, (address != NULL && *address != '\0') ? address : NULL);
}

void
tl_engine_set_audio_devices (TlEngine   *self,
                             const char *player,
                             const char *source,
                             const char *alert)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  replace_str (&self->audio_player, player);
  replace_str (&self->audio_source, source);
  replace_str (&self->audio_alert, alert);
}

void
tl_engine_set_extra_config (TlEngine   *self,
                            const char *lines)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  replace_str (&self->extra_config, lines);
}

void
tl_engine_set_environment (TlEngine           *self,
                           const char * const *environment)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  g_clear_pointer (&self->environment, g_strfreev);
  self->environment = g_strdupv ((char **) environment);
}

TlEngineState
tl_engine_get_state (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), TL_ENGINE_STATE_STOPPED);
  return self->state;
}

const char *
tl_engine_get_version (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), NULL);
  return self->version;
}

const TlEngineDialect *
tl_engine_get_dialect (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), NULL);
  return self->have_dialect ? &self->dialect : NULL;
}

guint
tl_engine_get_control_port (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), 0);
  return self->control_port;
}

gboolean
tl_engine_has_account (TlEngine   *self,
                       const char *aor)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), FALSE);
  return aor != NULL && g_hash_table_contains (self->accounts, aor);
}

guint
tl_engine_get_restart_count (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), 0);
  return self->restart_count;
}

GPid
tl_engine_get_pid (TlEngine *self)
{
  const char *id;

  g_return_val_if_fail (TL_IS_ENGINE (self), 0);
  if (self->process == NULL)
    return 0;
  id = g_subprocess_get_identifier (self->process);
  return id != NULL ? (GPid) g_ascii_strtoll (id, NULL, 10) : 0;
}

const char *
tl_engine_get_config_dir (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), NULL);
  return self->config_dir;
}

/* ---- GObject ------------------------------------------------------------ */

static void
tl_engine_dispose (GObject *object)
{
  TlEngine *self = TL_ENGINE (object);

  g_clear_handle_id (&self->restart_source, g_source_remove);
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  end_run (self);
  if (self->config_dir != NULL)
    tl_paths_remove_tree (self->config_dir, NULL);
  g_clear_pointer (&self->config_dir, g_free);
  G_OBJECT_CLASS (tl_engine_parent_class)->dispose (object);
}

static void
tl_engine_finalize (GObject *object)
{
  TlEngine *self = TL_ENGINE (object);

  g_queue_clear_full (&self->output_tail, g_free);
  g_hash_table_unref (self->accounts);
  g_ptr_array_unref (self->stop_tasks);
  g_clear_object (&self->start_task);
  g_free (self->listen_address);
  g_free (self->audio_player);
  g_free (self->audio_source);
  g_free (self->audio_alert);
  g_free (self->extra_config);
  g_strfreev (self->environment);
  g_free (self->binary);
  g_free (self->module_dir);
  g_free (self->audio_dir);
  g_free (self->version);
  G_OBJECT_CLASS (tl_engine_parent_class)->finalize (object);
}

static void
tl_engine_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TlEngine *self = TL_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_CONTROL_PORT:
      g_value_set_uint (value, self->control_port);
      break;
    case PROP_RESTART_COUNT:
      g_value_set_uint (value, self->restart_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_engine_class_init (TlEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_engine_dispose;
  object_class->finalize = tl_engine_finalize;
  object_class->get_property = tl_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TL_ENGINE_STATE_STOPPED, TL_ENGINE_STATE_FAILED,
                      TL_ENGINE_STATE_STOPPED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTROL_PORT] =
    g_param_spec_uint ("control-port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESTART_COUNT] =
    g_param_spec_uint ("restart-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Every engine event, typed; the rest of app/ keys on event->type. */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_ENGINE_EVENT);
  /* The engine answered its first command (after a start or a restart). */
  signals[SIGNAL_READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The engine died and was restarted; accounts were re-added. Calls it had are gone. */
  signals[SIGNAL_RESTARTED] =
    g_signal_new ("restarted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* Something the user should know about the engine's safety (control port taken). */
  signals[SIGNAL_SECURITY_WARNING] =
    g_signal_new ("security-warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tl_engine_init (TlEngine *self)
{
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) tl_engine_account_free);
  self->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->output_tail);
}

TlEngine *
tl_engine_new (void)
{
  return g_object_new (TL_TYPE_ENGINE, NULL);
}
