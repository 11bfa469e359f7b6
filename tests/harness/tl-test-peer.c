/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scripted baresip peers for the test trunk, driven over ctrl_tcp from a reader thread. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"
#include "tl-test-private.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#define BARESIP_MODULE_PATH "/usr/lib/baresip/modules"
#define CONNECT_TIMEOUT_MS 10000
#define COMMAND_TIMEOUT_MS 10000
#define REGISTER_TIMEOUT_MS 15000
#define MAX_FRAME (1024 * 1024)

struct _TlTestPeer {
  char        *dir;
  char        *record_dir;
  char        *log_path;
  char        *aor;
  char        *contact;
  guint        sip_port;
  guint        ctrl_port;
  GSubprocess *process;

  GSocketConnection *connection;
  GSocket     *socket;
  GThread     *reader;
  gint         stop_reader;         /* atomic */
  GMutex       write_lock;

  /* Shared with the reader thread, under lock. */
  GMutex       lock;
  GCond        cond;
  GPtrArray   *events;              /* JSON texts */
  GPtrArray   *event_types;         /* parallel: "type" of each */
  GHashTable  *responses;           /* token → JSON text */
  gboolean     connection_lost;
  guint        next_token;
};

/* ---- the reader thread ------------------------------------------------------ */

static void
handle_message (TlTestPeer *self,
                const char *payload,
                gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = g_strndup (payload, len);
  JsonObject *object;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    {
      g_debug ("peer %s: not JSON: %s", self->aor, text);
      return;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);

  g_mutex_lock (&self->lock);
  if (json_object_get_boolean_member_with_default (object, "response", FALSE))
    {
      const char *token = json_object_get_string_member_with_default (object, "token", "");

      g_hash_table_replace (self->responses, g_strdup (token), g_strdup (text));
    }
  else if (json_object_get_boolean_member_with_default (object, "event", FALSE))
    {
      const char *type = json_object_get_string_member_with_default (object, "type", "");

      g_debug ("peer %s: event %s", self->aor, type);
      g_ptr_array_add (self->events, g_strdup (text));
      g_ptr_array_add (self->event_types, g_strdup (type));
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Takes every complete netstring off the front of @buffer; FALSE on bad framing. */
static gboolean
parse_frames (TlTestPeer *self,
              GByteArray *buffer)
{
  for (;;)
    {
      gsize digits = 0;
      gsize length = 0;

      while (digits < buffer->len && g_ascii_isdigit (buffer->data[digits]))
        {
          length = length * 10 + (buffer->data[digits] - '0');
          digits++;
          if (length > MAX_FRAME)
            return FALSE;
        }
      if (digits == buffer->len)
        return digits <= 7;            /* the length is still arriving */
      if (digits == 0 || buffer->data[digits] != ':')
        return FALSE;
      if (buffer->len < digits + 1 + length + 1)
        return TRUE;                   /* the payload is still arriving */
      if (buffer->data[digits + 1 + length] != ',')
        return FALSE;
      handle_message (self, (const char *) buffer->data + digits + 1, length);
      g_byte_array_remove_range (buffer, 0, (guint) (digits + 1 + length + 1));
    }
}

static gpointer
reader_thread (gpointer user_data)
{
  TlTestPeer *self = user_data;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  char chunk[8192];

  while (!g_atomic_int_get (&self->stop_reader))
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (!g_socket_condition_timed_wait (self->socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          100 * 1000, NULL, NULL))
        continue;
      n = g_socket_receive (self->socket, chunk, sizeof chunk, NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        continue;
      if (n <= 0)
        break;
      g_byte_array_append (buffer, (const guint8 *) chunk, (guint) n);
      if (!parse_frames (self, buffer))
        {
          g_debug ("peer %s: bad netstring framing", self->aor);
          break;
        }
    }

  g_mutex_lock (&self->lock);
  self->connection_lost = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* ---- commands and events ------------------------------------------------------ */

static gboolean
send_all (TlTestPeer  *self,
          const char  *data,
          gsize        len,
          GError     **error)
{
  gboolean ok = TRUE;

  g_mutex_lock (&self->write_lock);
  while (len > 0 && ok)
    {
      gssize n = g_socket_send (self->socket, data, len, NULL, error);

      if (n <= 0)
        {
          ok = FALSE;
          if (n == 0)
            g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED, "ctrl_tcp connection closed");
          break;
        }
      data += n;
      len -= (gsize) n;
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

static char *
command_with_timeout (TlTestPeer  *self,
                      const char  *command,
                      const char  *params,
                      guint        timeout_ms,
                      GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *token = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *frame = NULL;
  g_autofree char *response = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  JsonObject *object;

  if (self->socket == NULL)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED, "peer is not connected");
      return NULL;
    }

  g_mutex_lock (&self->lock);
  token = g_strdup_printf ("%u", ++self->next_token);
  g_mutex_unlock (&self->lock);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  if (params != NULL)
    {
      json_builder_set_member_name (builder, "params");
      json_builder_add_string_value (builder, params);
    }
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  payload = json_generator_to_data (generator, NULL);
  frame = g_strdup_printf ("%zu:%s,", strlen (payload), payload);

  if (!send_all (self, frame, strlen (frame), error))
    return NULL;

  g_mutex_lock (&self->lock);
  while (!g_hash_table_steal_extended (self->responses, token, NULL, (gpointer *) &response) &&
         !self->connection_lost)
    {
      if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
        break;
    }
  g_mutex_unlock (&self->lock);

  if (response == NULL)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                   "peer %s did not answer `%s` in %u ms; see %s",
                   self->aor, command, timeout_ms, self->log_path);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, response, -1, error))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_get_boolean_member_with_default (object, "ok", FALSE))
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_COMMAND_FAILED, "`%s` failed: %s", command,
                   json_object_get_string_member_with_default (object, "data", ""));
      return NULL;
    }
  return g_strdup (json_object_get_string_member_with_default (object, "data", ""));
}

char *
tl_test_peer_command (TlTestPeer  *self,
                      const char  *command,
                      const char  *params,
                      GError     **error)
{
  return command_with_timeout (self, command, params, COMMAND_TIMEOUT_MS, error);
}

/* Waits for the first event from @first_index on whose type is one of @types;
 * returns its index or -1. */
static gint
wait_event_any (TlTestPeer        *self,
                const char *const *types,
                guint              first_index,
                guint              timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint scanned = first_index;
  gint found = -1;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      for (; scanned < self->event_types->len && found < 0; scanned++)
        {
          if (g_strv_contains (types, g_ptr_array_index (self->event_types, scanned)))
            found = (gint) scanned;
        }
      if (found >= 0 || self->connection_lost)
        break;
      if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
        break;
    }
  g_mutex_unlock (&self->lock);
  return found;
}

static char *
event_text (TlTestPeer *self,
            gint        index)
{
  char *text;

  if (index < 0)
    return NULL;
  g_mutex_lock (&self->lock);
  text = g_strdup (g_ptr_array_index (self->events, index));
  g_mutex_unlock (&self->lock);
  return text;
}

char *
tl_test_peer_wait_event_from (TlTestPeer *self,
                              const char *type,
                              guint       first_index,
                              guint       timeout_ms)
{
  const char *types[] = { type, NULL };

  return event_text (self, wait_event_any (self, types, first_index, timeout_ms));
}

char *
tl_test_peer_wait_event (TlTestPeer *self,
                         const char *type,
                         guint       timeout_ms)
{
  return tl_test_peer_wait_event_from (self, type, 0, timeout_ms);
}

GPtrArray *
tl_test_peer_get_events (TlTestPeer *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->events->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (self->events, i)));
  g_mutex_unlock (&self->lock);
  return copy;
}

guint
tl_test_peer_get_event_count (TlTestPeer *self)
{
  guint count;

  g_mutex_lock (&self->lock);
  count = self->events->len;
  g_mutex_unlock (&self->lock);
  return count;
}

/* ---- start --------------------------------------------------------------------- */

static gboolean
is_clean_param (const char *text)
{
  /* Values go into the account line: no separators, quotes or control characters. */
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p) || *p == ' ' || strchr (";\"<>,=", *p) != NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_config (TlTestPeer              *self,
              const TlTestPeerOptions *options,
              GError                 **error)
{
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *config_path = g_build_filename (self->dir, "config", NULL);
  g_autofree char *audio_dir = g_build_filename (self->dir, "audio", NULL);
  char hz[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *source = NULL;
  static const char *const modules[] = {
    "opus", "g711", "g722", "ausine", "aubridge", "sndfile", "srtp", "uuid", "menu", NULL
  };

  if (g_mkdir_with_parents (audio_dir, 0700) != 0 ||
      g_mkdir_with_parents (self->record_dir, 0700) != 0)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED, "cannot create folders under %s",
                   self->dir);
      return FALSE;
    }
  g_ascii_formatd (hz, sizeof hz, "%.0f", options->tone_hz > 0 ? options->tone_hz : 1000.0);
  /* An aubridge source whose player never appears delivers nothing, so no RTP
   * leaves: the far end of a one-way-audio call. */
  source = options->silent ? g_strdup_printf ("aubridge,tlsilent%u", self->sip_port)
                           : g_strdup_printf ("ausine,%s", hz);

  /* ausine plays 48 kHz stereo only; aubridge is a player that needs no
   * device (sndfile records what is decoded either way). */
  g_string_append_printf (config,
                          "module_path %s\n"
                          "sip_listen 127.0.0.1:%u\n"
                          "net_interface 127.0.0.1\n"
                          "audio_path %s\n"
                          "audio_source %s\n"
                          "audio_player aubridge,tlplay%u\n"
                          "audio_alert aubridge,tlalert%u\n"
                          "ausrc_srate 48000\n"
                          "ausrc_channels 2\n"
                          "snd_path %s\n"
                          "rtp_stats yes\n"
                          "ctrl_tcp_listen 127.0.0.1:%u\n",
                          BARESIP_MODULE_PATH, self->sip_port, audio_dir, source,
                          self->sip_port, self->sip_port, self->record_dir, self->ctrl_port);
  if (options->jitter_buffer != NULL)
    g_string_append_printf (config, "jitter_buffer_delay %s\n", options->jitter_buffer);
  for (guint i = 0; modules[i] != NULL; i++)
    g_string_append_printf (config, "module %s.so\n", modules[i]);
  g_string_append (config, "module_app ctrl_tcp.so\n");
  return g_file_set_contents (config_path, config->str, -1, error);
}

static char *
build_account_line (const TlTestPeerOptions *options,
                    const char              *domain,
                    GError                 **error)
{
  const char *transport = options->transport ? options->transport : "udp";
  g_autoptr(GString) line = g_string_new (NULL);

  if (!is_clean_param (options->user) || !is_clean_param (options->password) ||
      !is_clean_param (domain) || !is_clean_param (options->registrar) ||
      !is_clean_param (transport) || !is_clean_param (options->mediaenc) ||
      (options->codecs && strpbrk (options->codecs, ";\"<> ") != NULL))
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                   "peer options hold characters an account line cannot carry");
      return NULL;
    }

  g_string_append_printf (line, "<sip:%s@%s;transport=%s>;auth_user=%s",
                          options->user, domain, transport, options->user);
  if (options->password != NULL)
    g_string_append_printf (line, ";auth_pass=%s", options->password);
  if (options->registrar != NULL)
    g_string_append_printf (line, ";outbound=\"sip:%s;transport=%s;lr\"",
                            options->registrar, transport);
  g_string_append_printf (line, ";regint=%d", options->password != NULL ? 600 : 0);
  g_string_append_printf (line, ";answermode=%s", options->auto_answer ? "auto" : "manual");
  if (options->codecs != NULL)
    g_string_append_printf (line, ";audio_codecs=%s", options->codecs);
  if (options->mediaenc != NULL)
    g_string_append_printf (line, ";mediaenc=%s", options->mediaenc);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static gboolean
connect_control (TlTestPeer  *self,
                 GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64) CONNECT_TIMEOUT_MS * 1000;

  g_socket_client_set_timeout (client, 2);
  while (self->connection == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!tl_test_process_alive (self->process))
        {
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                       "baresip exited during start-up; see %s", self->log_path);
          return FALSE;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                       "baresip's ctrl_tcp on port %u did not accept in %u ms; see %s",
                       self->ctrl_port, CONNECT_TIMEOUT_MS, self->log_path);
          return FALSE;
        }
      self->connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                          (guint16) self->ctrl_port,
                                                          NULL, &local_error);
      if (self->connection == NULL)
        tl_test_sleep_ms (10);
    }
  self->socket = g_object_ref (g_socket_connection_get_socket (self->connection));
  g_socket_set_blocking (self->socket, TRUE);
  self->reader = g_thread_new ("tl-test-peer", reader_thread, self);
  return TRUE;
}

static gboolean
add_account (TlTestPeer              *self,
             const TlTestPeerOptions *options,
             const char              *domain,
             GError                 **error)
{
  static const char *const outcomes[] = { "REGISTER_OK", "REGISTER_FAIL", NULL };
  g_autofree char *line = build_account_line (options, domain, error);
  g_autofree char *reply = NULL;
  g_autofree char *event = NULL;
  guint first = tl_test_peer_get_event_count (self);
  gint index;

  if (line == NULL)
    return FALSE;
  reply = tl_test_peer_command (self, "uanew", line, error);
  if (reply == NULL)
    return FALSE;
  if (options->password == NULL)
    return TRUE;

  index = wait_event_any (self, outcomes, first, REGISTER_TIMEOUT_MS);
  event = event_text (self, index);
  if (index < 0)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                   "peer %s: no REGISTER outcome in %u ms; see %s",
                   self->aor, REGISTER_TIMEOUT_MS, self->log_path);
      return FALSE;
    }
  if (strstr (event, "\"REGISTER_FAIL\"") != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *param = "";

      if (json_parser_load_from_data (parser, event, -1, NULL))
        param = json_object_get_string_member_with_default (
                  json_node_get_object (json_parser_get_root (parser)), "param", "");
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_REGISTER_FAILED,
                   "peer %s: REGISTER failed: %s", self->aor, param);
      return FALSE;
    }
  return TRUE;
}

TlTestPeer *
tl_test_peer_start (const char              *scratch_dir,
                    const TlTestPeerOptions *options,
                    GError                 **error)
{
  g_autoptr(TlTestPeer) self = NULL;
  g_autofree char *dir_name = NULL;
  g_autofree char *log_name = NULL;
  g_autofree char *reply = NULL;
  const char *domain;

  g_return_val_if_fail (options != NULL && options->user != NULL, NULL);

  self = g_new0 (TlTestPeer, 1);
  g_mutex_init (&self->lock);
  g_mutex_init (&self->write_lock);
  g_cond_init (&self->cond);
  self->events = g_ptr_array_new_with_free_func (g_free);
  self->event_types = g_ptr_array_new_with_free_func (g_free);
  self->responses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  domain = options->domain ? options->domain : "127.0.0.1";
  self->sip_port = tl_test_free_port_pair ();   /* 1.0.0 listens for TLS on port + 1 */
  self->ctrl_port = tl_test_free_port ();
  dir_name = g_strdup_printf ("peer-%s-%u", options->user, self->sip_port);
  log_name = g_strdup_printf ("peer-%s-%u.log", options->user, self->sip_port);
  self->dir = g_build_filename (scratch_dir, dir_name, NULL);
  self->record_dir = g_build_filename (self->dir, "recordings", NULL);
  self->log_path = g_build_filename (scratch_dir, log_name, NULL);
  self->aor = g_strdup_printf ("sip:%s@%s", options->user, domain);
  self->contact = g_strdup_printf ("sip:%s@127.0.0.1:%u", options->user, self->sip_port);

  if (!write_config (self, options, error))
    return NULL;

  {
    /* No -v: it would log the account line with its password. */
    const char *argv[] = { "baresip", "-4", "-f", self->dir, NULL };
    /* Peers are always Debian's 1.0.0 (its g722, aubridge and sndfile), also when
     * the tests drive another engine: that engine's libraries are not theirs. */
    g_auto(GStrv) env = g_environ_unsetenv (g_get_environ (), "LD_LIBRARY_PATH");

    self->process = tl_test_spawn (argv, (const char *const *) env, self->dir, self->log_path,
                                   FALSE, error);
  }
  if (self->process == NULL)
    return NULL;

  /* Ready once a command makes the round trip: the engine answers only
   * after its main loop runs. */
  if (!connect_control (self, error))
    return NULL;
  reply = tl_test_peer_command (self, "reginfo", NULL, error);
  if (reply == NULL)
    return NULL;

  if (!add_account (self, options, domain, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- accessors and stop ----------------------------------------------------------- */

const char *
tl_test_peer_get_aor (TlTestPeer *self)
{
  return self->aor;
}

const char *
tl_test_peer_get_contact (TlTestPeer *self)
{
  return self->contact;
}

const char *
tl_test_peer_get_record_dir (TlTestPeer *self)
{
  return self->record_dir;
}

const char *
tl_test_peer_get_log_path (TlTestPeer *self)
{
  return self->log_path;
}

gboolean
tl_test_peer_is_running (TlTestPeer *self)
{
  return tl_test_process_alive (self->process);
}

char *
tl_test_peer_last_recording (TlTestPeer *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->record_dir, 0, NULL);
  g_autofree char *best = NULL;
  gint64 best_mtime = 0;
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;
      gint64 mtime;

      if (!g_str_has_suffix (entry, "-dec.wav"))
        continue;
      path = g_build_filename (self->record_dir, entry, NULL);
      if (g_stat (path, &st) != 0)
        continue;
      /* Names carry a timestamp: break mtime ties by name. */
      mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
      if (best == NULL || mtime > best_mtime ||
          (mtime == best_mtime && g_strcmp0 (path, best) > 0))
        {
          g_free (best);
          best = g_steal_pointer (&path);
          best_mtime = mtime;
        }
    }
  return g_steal_pointer (&best);
}

void
tl_test_peer_stop (TlTestPeer *self)
{
  /* The first SIGTERM starts a graceful un-REGISTER that can take ~30 s when
   * the registrar is gone; the second one ends it. */
  static const int ladder[] = { SIGTERM, SIGTERM, 0 };

  if (self == NULL)
    return;
  if (self->process != NULL)
    tl_test_process_stop (self->process, ladder, 1500, FALSE);
  if (self->reader != NULL)
    {
      g_atomic_int_set (&self->stop_reader, 1);
      g_thread_join (self->reader);
      self->reader = NULL;
    }
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
}

void
tl_test_peer_free (TlTestPeer *self)
{
  if (self == NULL)
    return;
  tl_test_peer_stop (self);
  g_clear_object (&self->socket);
  g_clear_object (&self->connection);
  g_clear_object (&self->process);
  g_ptr_array_unref (self->events);
  g_ptr_array_unref (self->event_types);
  g_hash_table_unref (self->responses);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->write_lock);
  g_cond_clear (&self->cond);
  g_free (self->dir);
  g_free (self->record_dir);
  g_free (self->log_path);
  g_free (self->aor);
  g_free (self->contact);
  g_free (self);
}
