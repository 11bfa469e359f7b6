/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A private PulseAudio with null sinks, and the ALSA configuration that leads PortAudio to it. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"
#include "tl-test-private.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>

#define READY_TIMEOUT_MS 15000
#define RECORD_RATE 48000

struct _TlTestPulse {
  char        *scratch_dir;
  char        *dir;               /* <scratch>/pulse: runtime path, socket, client.conf */
  char        *socket_path;
  char        *server;
  char        *asound_conf;
  char        *alsa_config_path;
  char        *client_conf;
  char        *log_path;
  GSubprocess *process;
  guint        serial;
};

struct _TlTestRecorder {
  GSubprocess *process;
  GThread     *thread;
  GByteArray  *data;
  char        *wav_path;
  gsize        max_bytes;         /* 0: until stopped */
  gint         stop;              /* atomic */
  gint         live;              /* atomic: the first audio arrived */
  gint64       deadline;          /* monotonic µs, 0: none */
  char        *error;
};

static const char *const sinks[] = { "tl_speaker", "tl_ringer", "tl_mic", NULL };

char **
tl_test_pulse_environ (TlTestPulse *self,
                       char       **envp)
{
  char **env = envp ? g_strdupv (envp) : g_get_environ ();

  env = g_environ_setenv (env, "PULSE_SERVER", self->server, TRUE);
  env = g_environ_setenv (env, "PULSE_RUNTIME_PATH", self->dir, TRUE);
  env = g_environ_setenv (env, "PULSE_CLIENTCONFIG", self->client_conf, TRUE);
  env = g_environ_setenv (env, "ALSA_CONFIG_PATH", self->alsa_config_path, TRUE);
  /* PortAudio's JACK host API would otherwise try to start a JACK server. */
  env = g_environ_setenv (env, "JACK_NO_START_SERVER", "1", TRUE);
  return env;
}

void
tl_test_pulse_apply_to_self (TlTestPulse *self)
{
  g_setenv ("PULSE_SERVER", self->server, TRUE);
  g_setenv ("PULSE_RUNTIME_PATH", self->dir, TRUE);
  g_setenv ("PULSE_CLIENTCONFIG", self->client_conf, TRUE);
  g_setenv ("ALSA_CONFIG_PATH", self->alsa_config_path, TRUE);
  g_setenv ("JACK_NO_START_SERVER", "1", TRUE);
}

const char *
tl_test_pulse_get_server (TlTestPulse *self)
{
  return self->server;
}

const char *
tl_test_pulse_get_socket_path (TlTestPulse *self)
{
  return self->socket_path;
}

static gboolean
write_files (TlTestPulse *self,
             const char  *script_path,
             GError     **error)
{
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(GString) asound = g_string_new (NULL);

  g_string_append_printf (script,
                          "load-module module-native-protocol-unix socket=%s auth-anonymous=1\n",
                          self->socket_path);
  for (guint i = 0; sinks[i] != NULL; i++)
    g_string_append_printf (script,
                            "load-module module-null-sink sink_name=%s rate=48000 channels=2 "
                            "sink_properties=device.description=%s\n",
                            sinks[i], sinks[i]);
  /* A null sink renders nothing to its monitor while no stream plays into
   * it, so a recording would lose the silence before a stream starts (and
   * every timing measured in it). A silent loopback into each sink keeps
   * them running; it shows in `pactl list sink-inputs` as module-loopback. */
  g_string_append (script,
                   "load-module module-null-sink sink_name=tl_silence rate=48000 channels=2 "
                   "sink_properties=device.description=tl_silence\n");
  for (guint i = 0; sinks[i] != NULL; i++)
    g_string_append_printf (script,
                            "load-module module-loopback source=tl_silence.monitor sink=%s "
                            "latency_msec=20 source_dont_move=true sink_dont_move=true\n",
                            sinks[i]);
  g_string_append (script,
                   "set-default-sink tl_speaker\n"
                   "set-default-source tl_mic.monitor\n");

  /* ALSA_CONFIG_PATH replaces the list of top-level files: keep alsa.conf first
   * (it loads /etc/alsa/conf.d, where the pulse plugin's `pulse` PCM lives),
   * then this file. */
  g_string_append (asound,
                   "pcm.!default { type pulse hint { show on description \"tl default\" } }\n"
                   "ctl.!default { type pulse }\n");
  /* PulseAudio does not map a sink name to its monitor for capture, so each
   * sink has a playback PCM (its name) and a capture PCM (name_monitor). */
  for (guint i = 0; sinks[i] != NULL; i++)
    g_string_append_printf (asound,
                            "pcm.%s { type pulse device %s hint { show on description \"%s\" } }\n"
                            "pcm.%s_monitor { type pulse device %s.monitor "
                            "hint { show on description \"%s monitor\" } }\n",
                            sinks[i], sinks[i], sinks[i], sinks[i], sinks[i], sinks[i]);

  return g_file_set_contents (script_path, script->str, -1, error) &&
         g_file_set_contents (self->asound_conf, asound->str, -1, error) &&
         g_file_set_contents (self->client_conf, "autospawn = no\n", -1, error);
}

static char *run_pactl (TlTestPulse *self, const char *const *args, GError **error);

char *
tl_test_pulse_pactl (TlTestPulse  *self,
                     const char   *command_line,
                     GError      **error)
{
  g_auto(GStrv) args = NULL;
  char *out;

  if (!g_shell_parse_argv (command_line, NULL, &args, error))
    return NULL;
  out = run_pactl (self, (const char *const *) args, error);
  return out != NULL ? g_strstrip (out) : NULL;
}

/* Runs pactl against the private server; returns its stdout or NULL. */
static char *
run_pactl (TlTestPulse        *self,
           const char *const  *args,
           GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_auto(GStrv) env = tl_test_pulse_environ (self, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_set_environ (launcher, env);
  g_ptr_array_add (argv, (gpointer) "pactl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (process == NULL)
    return NULL;
  if (!tl_test_communicate_privately (process, 10000, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED, "pactl %s failed: %s",
                   args[0], err ? err : "");
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
wait_ready (TlTestPulse *self,
            GError     **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) READY_TIMEOUT_MS * 1000;
  const char *const info[] = { "info", NULL };

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *out = NULL;

      if (!tl_test_process_alive (self->process))
        {
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                       "pulseaudio exited during start-up; see %s", self->log_path);
          return FALSE;
        }
      if (g_file_test (self->socket_path, G_FILE_TEST_EXISTS))
        out = run_pactl (self, info, NULL);
      if (out != NULL && strstr (out, "Default Sink: tl_speaker") != NULL &&
          strstr (out, "Default Source: tl_mic.monitor") != NULL)
        return TRUE;
      tl_test_sleep_ms (20);
    }
  g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
               "pulseaudio did not answer `pactl info` in %u ms; see %s",
               READY_TIMEOUT_MS, self->log_path);
  return FALSE;
}

static gboolean wait_rendering (TlTestPulse *self, GError **error);

TlTestPulse *
tl_test_pulse_start (const char  *scratch_dir,
                     GError     **error)
{
  g_autoptr(TlTestPulse) self = g_new0 (TlTestPulse, 1);
  g_autofree char *home = g_build_filename (scratch_dir, "pulse-home", NULL);
  g_autofree char *xdg = g_build_filename (scratch_dir, "pulse-xdg", NULL);
  g_autofree char *script_path = NULL;
  g_auto(GStrv) env = NULL;

  self->scratch_dir = g_strdup (scratch_dir);
  self->dir = g_build_filename (scratch_dir, "pulse", NULL);
  self->socket_path = g_build_filename (self->dir, "native", NULL);
  self->server = g_strconcat ("unix:", self->socket_path, NULL);
  self->asound_conf = g_build_filename (scratch_dir, "asound.conf", NULL);
  self->alsa_config_path = g_strconcat ("/usr/share/alsa/alsa.conf:", self->asound_conf, NULL);
  self->client_conf = g_build_filename (self->dir, "client.conf", NULL);
  self->log_path = g_build_filename (scratch_dir, "pulseaudio.log", NULL);
  script_path = g_build_filename (self->dir, "default.pa", NULL);

  if (strlen (self->socket_path) >= 100)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                   "socket path %s is too long for a unix socket", self->socket_path);
      return NULL;
    }
  if (g_mkdir_with_parents (self->dir, 0700) != 0 ||
      g_mkdir_with_parents (home, 0700) != 0 ||
      g_mkdir_with_parents (xdg, 0700) != 0)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                   "cannot create folders under %s", scratch_dir);
      return NULL;
    }
  if (!write_files (self, script_path, error))
    return NULL;

  /* Everything the daemon might look up lives in the scratch folder, so a
   * user's own PulseAudio (or its cookie and config) never gets involved. */
  env = g_get_environ ();
  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_RUNTIME_DIR", xdg, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  env = g_environ_setenv (env, "PULSE_RUNTIME_PATH", self->dir, TRUE);
  env = g_environ_setenv (env, "PULSE_STATE_PATH", self->dir, TRUE);
  env = g_environ_unsetenv (env, "PULSE_SERVER");
  env = g_environ_unsetenv (env, "DBUS_SESSION_BUS_ADDRESS");
  env = g_environ_unsetenv (env, "DISPLAY");

  {
    const char *argv[] = {
      "pulseaudio", "--daemonize=no", "--system=false", "--exit-idle-time=-1",
      "--disallow-exit", "--use-pid-file=no", "--realtime=no", "--high-priority=no",
      "--log-target=stderr", "--log-level=notice", "-n", "-F", script_path, NULL
    };

    self->process = tl_test_spawn (argv, (const char *const *) env, self->dir,
                                   self->log_path, FALSE, error);
  }
  if (self->process == NULL)
    return NULL;
  if (!wait_ready (self, error))
    return NULL;
  if (!wait_rendering (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- recording -------------------------------------------------------------- */

static gpointer
recorder_thread (gpointer user_data)
{
  TlTestRecorder *recorder = user_data;
  GInputStream *stdout_pipe = g_subprocess_get_stdout_pipe (recorder->process);
  int fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stdout_pipe));
  guint8 buffer[4096];

  while (!g_atomic_int_get (&recorder->stop))
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      gssize n;
      gsize want = sizeof buffer;

      if (recorder->deadline != 0 && g_get_monotonic_time () >= recorder->deadline)
        {
          recorder->error = g_strdup ("the recording did not deliver enough audio in time");
          break;
        }
      if (poll (&pfd, 1, 50) <= 0)
        continue;
      if (recorder->max_bytes != 0)
        want = MIN (want, recorder->max_bytes - recorder->data->len);
      n = read (fd, buffer, want);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          recorder->error = g_strdup ("parec stopped early");
          break;
        }
      g_byte_array_append (recorder->data, buffer, (guint) n);
      g_atomic_int_set (&recorder->live, 1);
      if (recorder->max_bytes != 0 && recorder->data->len >= recorder->max_bytes)
        break;
    }
  return NULL;
}

static TlTestRecorder *
recorder_start (TlTestPulse *self,
                const char  *sink,
                const char  *wav_path,
                double       seconds,
                GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_auto(GStrv) env = tl_test_pulse_environ (self, NULL);
  g_autofree char *device = NULL;
  TlTestRecorder *recorder;
  GSubprocess *process;

  /* One of our sink names means its monitor (PulseAudio does not map a sink
   * name to its monitor by itself); anything else is taken as a source. */
  if (g_strv_contains (sinks, sink))
    device = g_strconcat (sink, ".monitor", NULL);
  else
    device = g_strdup (sink);
  g_subprocess_launcher_set_environ (launcher, env);
  process = g_subprocess_launcher_spawn (launcher, error, "parec", "-d", device,
                                         "--raw", "--format=s16le", "--rate=48000",
                                         "--channels=1", "--latency-msec=20", NULL);
  if (process == NULL)
    return NULL;

  recorder = g_new0 (TlTestRecorder, 1);
  recorder->process = process;
  recorder->data = g_byte_array_new ();
  recorder->wav_path = g_strdup (wav_path);
  if (seconds > 0)
    {
      recorder->max_bytes = (gsize) (seconds * RECORD_RATE) * 2;
      recorder->deadline = g_get_monotonic_time () + (gint64) ((seconds + 10) * G_USEC_PER_SEC);
    }
  recorder->thread = g_thread_new ("tl-test-recorder", recorder_thread, recorder);

  /* parec needs a few hundred milliseconds to connect: return once audio
   * flows, so what the caller plays next is recorded from its start. */
  {
    gint64 live_deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (!g_atomic_int_get (&recorder->live) && g_get_monotonic_time () < live_deadline &&
           tl_test_process_alive (recorder->process))
      tl_test_sleep_ms (5);
  }
  return recorder;
}

static gboolean
write_wav_s16 (const char    *path,
               const guint8  *pcm,
               gsize          len,
               guint          rate,
               guint          channels,
               GError       **error)
{
  g_autoptr(GByteArray) file = g_byte_array_sized_new ((guint) len + 44);
  guint32 u32;
  guint16 u16;

#define PUT32(v) (u32 = GUINT32_TO_LE (v), g_byte_array_append (file, (guint8 *) &u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), g_byte_array_append (file, (guint8 *) &u16, 2))
  g_byte_array_append (file, (const guint8 *) "RIFF", 4);
  PUT32 ((guint32) (36 + len));
  g_byte_array_append (file, (const guint8 *) "WAVEfmt ", 8);
  PUT32 (16);
  PUT16 (1);
  PUT16 ((guint16) channels);
  PUT32 (rate);
  PUT32 (rate * channels * 2);
  PUT16 ((guint16) (channels * 2));
  PUT16 (16);
  g_byte_array_append (file, (const guint8 *) "data", 4);
  PUT32 ((guint32) len);
#undef PUT32
#undef PUT16
  g_byte_array_append (file, pcm, (guint) len);
  return g_file_set_contents (path, (const char *) file->data, file->len, error);
}

gboolean
tl_test_recorder_finish (TlTestRecorder *recorder,
                         GError        **error)
{
  static const int ladder[] = { SIGTERM, 0 };
  gboolean ok;

  /* A fixed-length recording ends by itself (length reached or deadline). */
  if (recorder->max_bytes == 0)
    g_atomic_int_set (&recorder->stop, 1);
  g_thread_join (recorder->thread);
  tl_test_process_stop (recorder->process, ladder, 2000, FALSE);

  if (recorder->error != NULL && recorder->max_bytes != 0)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED, "recording %s: %s",
                   recorder->wav_path, recorder->error);
      ok = FALSE;
    }
  else
    {
      ok = write_wav_s16 (recorder->wav_path, recorder->data->data,
                          recorder->data->len & ~(gsize) 1, RECORD_RATE, 1, error);
    }

  g_object_unref (recorder->process);
  g_byte_array_unref (recorder->data);
  g_free (recorder->wav_path);
  g_free (recorder->error);
  g_free (recorder);
  return ok;
}

TlTestRecorder *
tl_test_pulse_record_begin (TlTestPulse *self,
                            const char  *sink,
                            const char  *wav_path,
                            GError     **error)
{
  return recorder_start (self, sink, wav_path, 0, error);
}

/* A new null sink renders its first 2 s block before its monitor delivers
 * anything, whatever latency is asked for later. A call placed in that window
 * gets no microphone data for up to 2 s (it looked like late SRTP). Wait until
 * every monitor delivers, so tests and benchmarks see the engine, not this. */
static gboolean
wait_rendering (TlTestPulse  *self,
                GError      **error)
{
  for (guint i = 0; sinks[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("warm-up-%s.wav", sinks[i]);
      g_autofree char *wav = g_build_filename (self->dir, name, NULL);
      TlTestRecorder *recorder = recorder_start (self, sinks[i], wav, 0, error);
      gboolean live;

      if (recorder == NULL)
        return FALSE;
      live = g_atomic_int_get (&recorder->live);
      if (!tl_test_recorder_finish (recorder, error))
        return FALSE;
      if (!live)
        {
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                       "the monitor of %s delivered nothing in 5 s; see %s", sinks[i], self->log_path);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
tl_test_pulse_record_sink (TlTestPulse *self,
                           const char  *sink,
                           const char  *wav_path,
                           double       seconds,
                           GError     **error)
{
  TlTestRecorder *recorder = recorder_start (self, sink, wav_path, seconds, error);

  if (recorder == NULL)
    return FALSE;
  return tl_test_recorder_finish (recorder, error);
}

GSubprocess *
tl_test_pulse_play_tone (TlTestPulse *self,
                         const char  *sink,
                         double       hz,
                         double       seconds,
                         GError     **error)
{
  g_autofree char *name = g_strdup_printf ("tone-%u.wav", ++self->serial);
  g_autofree char *log_name = g_strdup_printf ("paplay-%u.log", self->serial);
  g_autofree char *wav = g_build_filename (self->dir, name, NULL);
  g_autofree char *log = g_build_filename (self->scratch_dir, log_name, NULL);
  g_auto(GStrv) env = tl_test_pulse_environ (self, NULL);
  /* A low latency request: with paplay's default (2 s) the null sink renders
   * in bursts of about 2 s and a monitor recording sees long gaps. */
  const char *argv[] = { "paplay", "--latency-msec=20", "-d", sink, wav, NULL };

  /* Half of full scale: -6 dBFS, loud and clear of clipping after mixing. */
  if (!tl_test_audio_write_tone_wav (wav, hz, 0.5, seconds, 48000, 1, error))
    return NULL;
  return tl_test_spawn (argv, (const char *const *) env, self->dir, log, FALSE, error);
}

void
tl_test_pulse_stop (TlTestPulse *self)
{
  static const int ladder[] = { SIGTERM, SIGTERM, 0 };

  if (self == NULL || self->process == NULL)
    return;
  tl_test_process_stop (self->process, ladder, 3000, FALSE);
}

void
tl_test_pulse_free (TlTestPulse *self)
{
  if (self == NULL)
    return;
  tl_test_pulse_stop (self);
  g_clear_object (&self->process);
  g_free (self->scratch_dir);
  g_free (self->dir);
  g_free (self->socket_path);
  g_free (self->server);
  g_free (self->asound_conf);
  g_free (self->alsa_config_path);
  g_free (self->client_conf);
  g_free (self->log_path);
  g_free (self);
}
