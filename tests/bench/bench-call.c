/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Call benchmark: dial → established as the app sees it, first audio each way, the
 * mouth-to-ear delay each way, CPU in a 30 s Opus call, and memory across 200
 * calls, against local peers; with --sequential N, only the engine's memory
 * over N calls with its restarts for memory. Where linphonec is installed, the same dial, CPU
 * and memory figures for it, on the same trunk and peer, in the same run. */
#define G_LOG_DOMAIN "tl-bench"

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tl-audio-catalog.h"
#include "tl-audio-engine-map.h"
#include "tl-call-manager.h"
#include "tl-engine-audio.h"
#include "tl-engine.h"
#include "tl-paths.h"
#include "tl-test-private.h"
#include "tl-test-trunk.h"
#include "tl-test-wire.h"

#define DIAL_RUNS 20
#define CPU_CALL_S 30
#define LEAK_CALLS 200
#define PEER_HZ 1000.0
#define OUR_HZ 700.0
/* Mouth to ear: seconds of burst pattern each way, the longest delay looked for, calls. */
#define M2E_PATTERN_S 5.0
#define M2E_MAX_LAG_S 1.0
#define M2E_RATE 48000
#define M2E_CALLS 3
/* linphonec: its Kamailio user, the longest wait for one of its lines, and its
 * sequential calls for the memory figure. */
#define LINPHONEC_USER "dave"
#define LINPHONEC_PASSWORD "davepw"
#define LINPHONEC_WAIT_MS 10000
#define LINPHONEC_LEAK_CALLS LEAK_CALLS
/* Its microphone: a PulseAudio source that carries what tl_mic plays. */
#define LINPHONEC_MIC "tl_linphonec_mic"

/* The mouth-to-ear sink: one null sink with four channels, each an end of one
 * direction, exposed as mono remapped devices; one recording of its monitor
 * holds all four on one clock. The pattern for each direction is played into
 * its mouth channel, which the sender captures through a remapped source; the
 * receiver plays what it decodes into a remapped sink on the ear channel. */
#define M2E_SINK "tl_m2e"
#define M2E_CHANNELS 4
enum { M2E_MOUTH_OURS, M2E_EAR_PEER, M2E_MOUTH_PEER, M2E_EAR_OURS };
static const char *const m2e_devices[M2E_CHANNELS] = {
  "tl_m2e_mouth_ours",   /* aux0, a source: our microphone */
  "tl_m2e_ear_peer",     /* aux1, a sink: the peer's speaker */
  "tl_m2e_mouth_peer",   /* aux2, a source: the peer's microphone */
  "tl_m2e_ear_ours",     /* aux3, a sink: our speaker */
};

typedef struct {
  char             *scratch;
  TlTestPulse      *pulse;
  TlTestKamailio   *kamailio;
  TlTestPeer       *bob;
  TlTestPeer       *carol;          /* the mouth-to-ear peer, on the m2e devices */
  TlAudioCatalog   *catalog;
  TlAudioEngineMap *map;
  TlEngine         *engine;
  TlEngineAudio    *audio;
  TlCallManager    *calls;
  char             *aor;
  gint64            established_us;
  gint64            established_real_us;
  /* Registration across engine restarts: lost when the engine leaves READY,
   * back at the next REGISTER_OK; the longest time without it. */
  gboolean          registered;
  gint64            unregistered_since_us;
  gint64            longest_unregistered_us;
} Bench;

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("%s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static guint64
proc_kb (GPid        pid,
         const char *file,
         const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", (int) pid, file);
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strstr (text, field)) == NULL)
    return 0;
  p += strlen (field);
  while (*p == ' ' || *p == '\t' || *p == ':')
    p++;
  return g_ascii_strtoull (p, NULL, 10);
}

/* utime + stime of @pid in seconds. */
static double
proc_cpu_s (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  /* Fields after the command: state is [0], utime [11], stime [12]. */
  if (g_strv_length (fields) < 13)
    return 0;
  return (double) (g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10))
         / (double) sysconf (_SC_CLK_TCK);
}

static double
self_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1e6
         + (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec / 1e6;
}

static gboolean
catalog_answered (gpointer catalog)
{
  return tl_audio_catalog_get_state (catalog) != TL_AUDIO_CATALOG_STATE_STARTING;
}

static gboolean
engine_ready (gpointer engine)
{
  return tl_engine_get_state (engine) == TL_ENGINE_STATE_READY;
}

static gboolean
wait_state (TlCall      *call,
            TlCallState  state,
            guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  /* Poll the loop without blocking so the timing is not rounded to a wakeup. */
  while (tl_call_get_state (call) != state && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (200);
  return tl_call_get_state (call) == state;
}

static void
state_cb (TlCall     *call,
          GParamSpec *pspec,
          Bench      *bench)
{
  if (tl_call_get_state (call) == TL_CALL_STATE_ESTABLISHED && bench->established_us == 0)
    {
      bench->established_us = g_get_monotonic_time ();
      bench->established_real_us = g_get_real_time ();
    }
}

static void
hung_up_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, NULL);
}

/* Dials @uri and waits for established; @ms_out gets dial → established in ms. */
static TlCall *
dial (Bench      *bench,
      const char *uri,
      double     *ms_out)
{
  g_autoptr(GError) error = NULL;
  TlCall *call;
  gint64 t0;

  bench->established_us = 0;
  t0 = g_get_monotonic_time ();
  call = tl_call_manager_dial (bench->calls, bench->aor, uri, &error);
  if (call == NULL)
    die ("dial", error);
  g_object_ref (call);
  g_signal_connect (call, "notify::state", G_CALLBACK (state_cb), bench);
  if (!wait_state (call, TL_CALL_STATE_ESTABLISHED, 10000))
    die ("call not established", NULL);
  *ms_out = (double) (bench->established_us - t0) / 1000.0;
  return call;
}

/* Hangs up and waits for the end; drops the reference dial() returned. */
static void
hang_up (Bench  *bench,
         TlCall *call)
{
  tl_call_manager_action_async (bench->calls, call, TL_CALL_ACTION_HANGUP, NULL, NULL, hung_up_cb, NULL);
  if (!wait_state (call, TL_CALL_STATE_ENDED, 10000))
    die ("call did not end", NULL);
  g_signal_handlers_disconnect_by_data (call, bench);
  g_object_unref (call);
}

/* One call: dial, wait for established, hold it @hold_ms, hang up, wait for the end.
 * Returns dial → established in ms. */
static double
one_call (Bench *bench,
          guint  hold_ms)
{
  TlCall *call;
  double ms;

  call = dial (bench, "sip:bob@127.0.0.1", &ms);
  tl_test_spin (hold_ms);
  hang_up (bench, call);
  return ms;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Runs a command against the private PulseAudio; dies when it fails. */
static void
run_pulse_tool (Bench              *bench,
                const char *const  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_auto(GStrv) env = tl_test_pulse_environ (bench->pulse, NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_set_environ (launcher, env);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error))
    die (argv[0], error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_printerr ("%s %s %s: %s\n", argv[0], argv[1], argv[2] != NULL ? argv[2] : "", err ? err : "");
      exit (1);
    }
}

/* The mouth-to-ear sink and its four mono devices. Loaded before the catalog
 * starts, so the engine's device list (read once, at its start) has them. */
static void
m2e_load_devices (Bench *bench)
{
  const char *sink[] = {
    "pactl", "load-module", "module-null-sink", "sink_name=" M2E_SINK, "rate=48000", "channels=4",
    "channel_map=aux0,aux1,aux2,aux3", "sink_properties=device.description=" M2E_SINK, NULL
  };

  run_pulse_tool (bench, sink);
  for (guint i = 0; i < M2E_CHANNELS; i++)
    {
      gboolean is_source = (i == M2E_MOUTH_OURS || i == M2E_MOUTH_PEER);
      g_autofree char *name = g_strdup_printf ("%s_name=%s", is_source ? "source" : "sink", m2e_devices[i]);
      g_autofree char *channel = g_strdup_printf ("master_channel_map=aux%u", i);
      g_autofree char *props = g_strdup_printf ("%s_properties=device.description=%s",
                                                is_source ? "source" : "sink", m2e_devices[i]);
      /* remix=no: the mono device is exactly its one channel, nothing of the others. */
      const char *argv[] = {
        "pactl", "load-module", is_source ? "module-remap-source" : "module-remap-sink", name,
        is_source ? "master=" M2E_SINK ".monitor" : "master=" M2E_SINK, "channels=1",
        "channel_map=mono", channel, "remix=no", props, NULL
      };

      run_pulse_tool (bench, argv);
    }
}

static void
registration_event_cb (TlEngine      *engine,
                       TlEngineEvent *event,
                       Bench         *bench)
{
  if (event->type != TL_ENGINE_EVENT_REGISTER_OK || bench->registered)
    return;
  bench->registered = TRUE;
  if (bench->unregistered_since_us > 0)
    bench->longest_unregistered_us = MAX (bench->longest_unregistered_us,
                                          g_get_monotonic_time () - bench->unregistered_since_us);
}

static void
registration_state_cb (TlEngine   *engine,
                       GParamSpec *pspec,
                       Bench      *bench)
{
  if (tl_engine_get_state (engine) == TL_ENGINE_STATE_READY || !bench->registered)
    return;
  bench->registered = FALSE;
  bench->unregistered_since_us = g_get_monotonic_time ();
}

static gboolean
bench_registered (gpointer user_data)
{
  Bench *bench = user_data;

  return bench->registered && tl_engine_get_state (bench->engine) == TL_ENGINE_STATE_READY;
}

static void
setup (Bench *bench)
{
  const char *users[] = { "alice:bench-pw", "bob:bobpw", "carol:carolpw",
                          LINPHONEC_USER ":" LINPHONEC_PASSWORD, NULL };
  TlTestKamailioOptions kam = { .users = users };
  TlTestPeerOptions bob = { .user = "bob", .password = "bobpw", .tone_hz = PEER_HZ,
                            .codecs = "opus/48000/2", .auto_answer = TRUE };
  /* carol stands in for another Trunkline at its defaults: its jitter buffer is ours. */
  TlTestPeerOptions carol = { .user = "carol", .password = "carolpw",
                              .codecs = "opus/48000/2", .auto_answer = TRUE, .jitter_buffer = "2-10" };
  g_autoptr(TlEngineAccount) account = tl_engine_account_new ();
  g_autoptr(GError) error = NULL;

  bench->scratch = tl_test_scratch_new ("bench-call");
  bench->pulse = tl_test_pulse_start (bench->scratch, &error);
  if (bench->pulse == NULL)
    die ("pulseaudio", error);
  tl_test_pulse_apply_to_self (bench->pulse);
  m2e_load_devices (bench);
  bench->kamailio = tl_test_kamailio_start (bench->scratch, &kam, &error);
  if (bench->kamailio == NULL)
    die ("kamailio", error);
  bob.registrar = tl_test_kamailio_get_hostport (bench->kamailio);
  bench->bob = tl_test_peer_start (bench->scratch, &bob, &error);
  if (bench->bob == NULL)
    die ("peer", error);
  carol.registrar = bob.registrar;
  bench->carol = tl_test_peer_start (bench->scratch, &carol, &error);
  if (bench->carol == NULL)
    die ("peer", error);

  bench->catalog = tl_audio_catalog_new ();
  tl_audio_catalog_start (bench->catalog);
  tl_test_wait_until (catalog_answered, bench->catalog, 10000);
  bench->map = tl_audio_engine_map_new (bench->catalog);
  bench->engine = tl_engine_new ();
  tl_engine_set_listen_address (bench->engine, "127.0.0.1:0");
  g_signal_connect (bench->engine, "event", G_CALLBACK (registration_event_cb), bench);
  g_signal_connect (bench->engine, "notify::state", G_CALLBACK (registration_state_cb), bench);
  bench->audio = tl_engine_audio_new (bench->engine, TL_AUDIO_ROUTING (bench->map));
  bench->calls = tl_call_manager_new (bench->engine, NULL);
  tl_engine_audio_prepare_start (bench->audio);
  tl_engine_start_async (bench->engine, NULL, NULL, NULL);
  if (!tl_test_wait_until (engine_ready, bench->engine, 15000))
    die ("engine", NULL);

  account->user = g_strdup ("alice");
  account->domain = g_strdup ("127.0.0.1");
  account->outbound = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (bench->kamailio));
  account->password = g_strdup ("bench-pw");
  account->register_interval = 600;
  account->audio_codecs = g_strdup ("opus/48000/1");
  bench->aor = tl_engine_account_get_aor (account);
  tl_engine_add_account_async (bench->engine, account, NULL, NULL, NULL);
  tl_test_spin (1500);
}

/* Seconds from the start of @path's audio to the onset of @hz, or -1. */
static double
onset_in (const char *path,
          double      hz)
{
  TlTestAudio audio = { 0 };
  g_autoptr(GError) error = NULL;
  double onset;

  if (path == NULL || !tl_test_audio_load_wav (path, &audio, &error))
    return -1;
  onset = tl_test_audio_tone_onset (&audio, hz, -30.0);
  tl_test_audio_clear (&audio);
  return onset;
}

/* When our first RTP packet left, from a capture of the call: the stream whose
 * source port our INVITE's SDP announced. */
static double
first_sent_after_established_ms (Bench     *bench,
                                 GPtrArray *datagrams)
{
  g_autoptr(GPtrArray) messages = tl_test_sip_messages_from_datagrams (datagrams);
  g_autoptr(GPtrArray) streams = tl_test_rtp_streams_from_datagrams (datagrams, 5);
  guint our_port = 0;

  for (guint i = 0; i < messages->len && our_port == 0; i++)
    {
      TlTestSipMessage *m = g_ptr_array_index (messages, i);

      if (g_str_has_prefix (m->start_line, "INVITE ") && m->sdp != NULL)
        our_port = m->sdp->audio_port;
    }
  for (guint i = 0; i < streams->len; i++)
    {
      TlTestRtpStream *stream = g_ptr_array_index (streams, i);

      if (stream->src_port == our_port)
        return (double) (stream->first_time_us - bench->established_real_us) / 1000.0;
    }
  return -1;
}

static void
first_audio (Bench *bench)
{
  g_autofree char *ours_path = g_build_filename (bench->scratch, "first-audio.wav", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestCapture) capture = NULL;
  g_autoptr(GPtrArray) datagrams = NULL;
  TlTestRecorder *recorder;
  gint64 recording_us;
  double established_s, ours_onset;

  /* Record our speaker from before the dial; established is placed on the same clock. */
  capture = tl_test_capture_start (bench->scratch, "udp", &error);
  if (capture == NULL)
    die ("capture", error);
  recorder = tl_test_pulse_record_begin (bench->pulse, "tl_speaker.monitor", ours_path, &error);
  if (recorder == NULL)
    die ("record", error);
  recording_us = g_get_monotonic_time ();
  one_call (bench, 2000);
  established_s = (double) (bench->established_us - recording_us) / G_USEC_PER_SEC;
  if (!tl_test_recorder_finish (recorder, &error))
    die ("record", error);
  ours_onset = onset_in (ours_path, PEER_HZ);
  datagrams = tl_test_capture_read_udp (capture, &error);
  if (datagrams == NULL)
    die ("capture", error);
  printf ("first_audio_at_our_speaker_after_established %.0f ms\n",
          ours_onset >= 0 ? (ours_onset - established_s) * 1000.0 : -1.0);
  /* The other direction on the wire: our microphone's first packet. */
  printf ("first_audio_sent_by_us_after_established %.0f ms\n",
          first_sent_after_established_ms (bench, datagrams));
}

/* ---- mouth to ear ------------------------------------------------------------ */

/* Writes the stimulus: interleaved 16-bit frames for the m2e sink, with pattern
 * @ours on our mouth's channel and @peers on the peer's, the ears silent. */
static void
m2e_write_stimulus (const char        *path,
                    const TlTestAudio *ours,
                    const TlTestAudio *peers)
{
  g_autoptr(GError) error = NULL;
  gsize n = MIN (ours->n_samples, peers->n_samples);
  g_autofree gint16 *pcm = g_new0 (gint16, n * M2E_CHANNELS);

  for (gsize i = 0; i < n; i++)
    {
      pcm[i * M2E_CHANNELS + M2E_MOUTH_OURS] = GINT16_TO_LE ((gint16) lrintf (ours->samples[i] * 32767.0f));
      pcm[i * M2E_CHANNELS + M2E_MOUTH_PEER] = GINT16_TO_LE ((gint16) lrintf (peers->samples[i] * 32767.0f));
    }
  if (!g_file_set_contents (path, (const char *) pcm, (gssize) (n * M2E_CHANNELS * sizeof (gint16)), &error))
    die ("stimulus", error);
}

/* The four channels of a raw recording of the m2e sink's monitor. */
static void
m2e_read_recording (const char  *path,
                    TlTestAudio  channels[M2E_CHANNELS])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0, n;

  if (!g_file_get_contents (path, &data, &len, &error))
    die ("recording", error);
  n = len / (M2E_CHANNELS * sizeof (gint16));
  for (guint c = 0; c < M2E_CHANNELS; c++)
    {
      channels[c].samples = g_new0 (float, MAX (n, 1));
      channels[c].n_samples = n;
      channels[c].rate = M2E_RATE;
      for (gsize i = 0; i < n; i++)
        {
          gint16 v;

          memcpy (&v, data + (i * M2E_CHANNELS + c) * sizeof (gint16), sizeof v);
          channels[c].samples[i] = GINT16_FROM_LE (v) / 32768.0f;
        }
    }
}

/* parec or pacat on the m2e sink with the sink's own channel map (no remixing):
 * @stdin_path feeds a player, @stdout_path receives a recording. */
static GSubprocess *
m2e_spawn (Bench      *bench,
           const char *tool,
           const char *stdin_path,
           const char *stdout_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_auto(GStrv) env = tl_test_pulse_environ (bench->pulse, NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  const char *device = g_str_equal (tool, "parec") ? "--device=" M2E_SINK ".monitor" : "--device=" M2E_SINK;
  const char *argv[] = {
    tool, device, "--raw", "--format=s16le", "--rate=48000", "--channels=4",
    "--channel-map=aux0,aux1,aux2,aux3", "--latency-msec=20", NULL
  };

  g_subprocess_launcher_set_environ (launcher, env);
  if (stdin_path != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);
  if (stdout_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    die (tool, error);
  return process;
}

/* Sets our microphone and speaker (NULL: the defaults) and waits until the engine
 * took them. */
static void
m2e_route_ours (Bench      *bench,
                const char *microphone,
                const char *speaker)
{
  g_autofree char *old_microphone = g_strdup (tl_engine_audio_get_engine_microphone (bench->audio));
  g_autofree char *old_speaker = g_strdup (tl_engine_audio_get_engine_speaker (bench->audio));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  tl_engine_audio_set_microphone (bench->audio, microphone);
  tl_engine_audio_set_speaker (bench->audio, speaker);
  while ((g_strcmp0 (tl_engine_audio_get_engine_microphone (bench->audio), old_microphone) == 0 ||
          g_strcmp0 (tl_engine_audio_get_engine_speaker (bench->audio), old_speaker) == 0) &&
         g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  if (g_strcmp0 (tl_engine_audio_get_engine_microphone (bench->audio), old_microphone) == 0 ||
      g_strcmp0 (tl_engine_audio_get_engine_speaker (bench->audio), old_speaker) == 0)
    die ("the engine did not switch devices", NULL);
}

typedef struct {
  double delay_ms;
  double peak;
} M2eResult;

static int
compare_m2e (gconstpointer a, gconstpointer b)
{
  return compare_double (&((const M2eResult *) a)->delay_ms, &((const M2eResult *) b)->delay_ms);
}

/* One call to carol with the stimulus played through it: the delay each way. */
static void
m2e_one_call (Bench      *bench,
              const char *stimulus_path,
              guint       index,
              M2eResult  *ours_to_peer,
              M2eResult  *peer_to_ours)
{
  g_autofree char *name = g_strdup_printf ("m2e-recording-%u.raw", index);
  g_autofree char *recording_path = g_build_filename (bench->scratch, name, NULL);
  static const int stop_signals[] = { SIGTERM, 0 };
  g_autoptr(GSubprocess) recorder = NULL;
  g_autoptr(GSubprocess) player = NULL;
  TlTestAudio channels[M2E_CHANNELS];
  TlCall *call;
  double ms;
  gint64 deadline;

  recorder = m2e_spawn (bench, "parec", NULL, recording_path);
  call = dial (bench, "sip:carol@127.0.0.1", &ms);
  /* Audio flows both ways well within this. */
  tl_test_spin (1500);
  player = m2e_spawn (bench, "pacat", stimulus_path, NULL);
  deadline = g_get_monotonic_time () + (gint64) ((M2E_PATTERN_S + 5.0) * G_USEC_PER_SEC);
  while (tl_test_process_alive (player) && g_get_monotonic_time () < deadline)
    tl_test_spin (20);
  if (tl_test_process_alive (player))
    die ("pacat did not finish the stimulus", NULL);
  /* The tail of the pattern is still on its way. */
  tl_test_spin ((guint) (M2E_MAX_LAG_S * 1000));
  tl_test_process_stop (recorder, stop_signals, 2000, FALSE);
  hang_up (bench, call);

  m2e_read_recording (recording_path, channels);
  ours_to_peer->delay_ms = tl_test_audio_delay_ms (&channels[M2E_MOUTH_OURS], &channels[M2E_EAR_PEER],
                                                   M2E_MAX_LAG_S, &ours_to_peer->peak);
  peer_to_ours->delay_ms = tl_test_audio_delay_ms (&channels[M2E_MOUTH_PEER], &channels[M2E_EAR_OURS],
                                                   M2E_MAX_LAG_S, &peer_to_ours->peak);
  for (guint c = 0; c < M2E_CHANNELS; c++)
    tl_test_audio_clear (&channels[c]);
}

static void
m2e_print (const char *figure,
           M2eResult  *results)
{
  const M2eResult *median;

  qsort (results, M2E_CALLS, sizeof (M2eResult), compare_m2e);
  median = &results[M2E_CALLS / 2];
  printf ("%s %.1f ms (peak %.2f; %d calls %.1f-%.1f)\n", figure, median->delay_ms, median->peak,
          M2E_CALLS, results[0].delay_ms, results[M2E_CALLS - 1].delay_ms);
}

/* Mouth to ear, both ways, in calls to the peer carol: the median of a few calls,
 * since the delay settles differently from call to call (in 20 ms steps: where
 * the jitter buffers and device periods happen to line up).
 *
 * What is measured is the whole test path, not Trunkline alone. Each direction
 * starts where its pattern is rendered into the m2e sink (the "mouth") and ends
 * where the receiver's playback is rendered into the same sink (the "ear"). In
 * between: the sender's capture buffering (the PulseAudio record stream and the
 * ALSA pulse plugin, then PortAudio for us, baresip's alsa source for the peer),
 * 20 ms packetisation and Opus encoding, UDP over loopback (no network delay),
 * the receiver's jitter buffer (ours 2-10 packets, the peer's baresip default),
 * decoding and playback buffering (PortAudio, the ALSA pulse plugin and the
 * PulseAudio stream for us, baresip's alsa player for the peer), and the null
 * sink's rendering granularity. Not included: a sound card's converters and
 * hardware buffers, and a real network. Both ends are channels of one recording
 * of the sink's monitor, so the lag needs no clock alignment. */
/* The peer's microphone and speaker: its alsa module, through the pulse PCM. */
static void
m2e_route_peer (Bench *bench)
{
  g_autofree char *ear = g_strconcat ("alsa,pulse:DEVICE=", m2e_devices[M2E_EAR_PEER], NULL);
  g_autofree char *mouth = g_strconcat ("alsa,pulse:DEVICE=", m2e_devices[M2E_MOUTH_PEER], NULL);
  const char *const peer_commands[][2] = { { "insmod", "alsa" }, { "auplay", ear }, { "ausrc", mouth } };

  for (guint i = 0; i < G_N_ELEMENTS (peer_commands); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *reply = tl_test_peer_command (bench->carol, peer_commands[i][0],
                                                     peer_commands[i][1], &error);

      if (reply == NULL)
        die (peer_commands[i][0], error);
    }
}

static void
mouth_to_ear (Bench      *bench,
              const char *label)
{
  g_autofree char *stimulus_path = g_build_filename (bench->scratch, "m2e-stimulus.raw", NULL);
  g_autofree char *ours_name = NULL;
  g_autofree char *peers_name = NULL;
  M2eResult ours_to_peer[M2E_CALLS], peer_to_ours[M2E_CALLS];
  TlTestAudio ours, peers;

  m2e_route_ours (bench, m2e_devices[M2E_MOUTH_OURS], m2e_devices[M2E_EAR_OURS]);

  /* Different patterns each way, so nothing could be matched across. */
  tl_test_audio_make_bursts (&ours, M2E_RATE, M2E_PATTERN_S, 11);
  tl_test_audio_make_bursts (&peers, M2E_RATE, M2E_PATTERN_S, 23);
  m2e_write_stimulus (stimulus_path, &ours, &peers);
  tl_test_audio_clear (&ours);
  tl_test_audio_clear (&peers);

  for (guint i = 0; i < M2E_CALLS; i++)
    m2e_one_call (bench, stimulus_path, i, &ours_to_peer[i], &peer_to_ours[i]);
  m2e_route_ours (bench, NULL, NULL);
  ours_name = g_strconcat ("mouth_to_ear_", label != NULL ? label : "", label != NULL ? "_" : "",
                           "ours_to_peer", NULL);
  peers_name = g_strconcat ("mouth_to_ear_", label != NULL ? label : "", label != NULL ? "_" : "",
                            "peer_to_ours", NULL);
  m2e_print (ours_name, ours_to_peer);
  m2e_print (peers_name, peer_to_ours);
}

/* The same calls with each audio latency setting, one engine restart apart:
 * Trunkline's default and its lowest-latency setting, with the engine's CPU. */
static void
mouth_to_ear_settings (Bench *bench)
{
  static const struct {
    const char           *label;
    TlEngineAudioLatency  latency;
  } settings[] = {
    { "default", TL_ENGINE_AUDIO_LATENCY_DEFAULT },
    { "lowest", TL_ENGINE_AUDIO_LATENCY_LOWEST },
  };

  m2e_route_peer (bench);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      g_autofree char *cpu_name = g_strconcat ("engine_cpu_", settings[i].label, NULL);
      gint64 t0;
      double cpu0;
      GPid pid;

      tl_engine_set_audio_latency (bench->engine, &settings[i].latency);
      tl_engine_restart (bench->engine);
      if (!tl_test_wait_until (bench_registered, bench, 15000))
        die ("not registered after the restart for new audio settings", NULL);
      printf ("audio_latency_%s jitter %u-%u frames, sound server %u ms\n", settings[i].label,
              settings[i].latency.jitter_min_frames, settings[i].latency.jitter_max_frames,
              settings[i].latency.sound_server_ms);
      pid = tl_engine_get_pid (bench->engine);
      cpu0 = proc_cpu_s (pid);
      t0 = g_get_monotonic_time ();
      mouth_to_ear (bench, settings[i].label);
      printf ("%s %.2f %% of a core\n", cpu_name,
              100.0 * (proc_cpu_s (pid) - cpu0) / ((double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC));
    }
}

/* ---- linphonec on the same path ---------------------------------------------- */

/* linphonec registers as its own user on the same Kamailio over UDP on
 * 127.0.0.1, with its audio on the same private PulseAudio, and calls the same
 * peer bob, which answers by itself. It is driven through its stdin; a reader
 * thread stamps each line it prints, so a wait never blocks past its deadline. */
typedef struct {
  gint64  us;                     /* monotonic time the line was read */
  char   *text;                   /* NULL: its output ended */
} LinphonecLine;

typedef struct {
  GSubprocess      *process;
  GOutputStream    *input;
  GDataInputStream *output;
  GThread          *reader;
  GAsyncQueue      *lines;        /* LinphonecLine, pushed by the reader thread */
  FILE             *log;          /* what it printed; the reader thread's own */
  GPid              pid;
  guint             call_id;      /* linphonec numbers its calls 1, 2, ... */
} Linphonec;

static void
linphonec_line_free (gpointer data)
{
  LinphonecLine *line = data;

  g_free (line->text);
  g_free (line);
}

static gpointer
linphonec_reader (gpointer user_data)
{
  Linphonec *lp = user_data;
  LinphonecLine *line;

  do
    {
      line = g_new0 (LinphonecLine, 1);
      /* Bytes, not UTF-8: an odd byte in a log line must not end the reading. */
      line->text = g_data_input_stream_read_line (lp->output, NULL, NULL, NULL);
      line->us = g_get_monotonic_time ();
      if (line->text != NULL)
        {
          fprintf (lp->log, "%.3f %s\n", (double) line->us / G_USEC_PER_SEC, line->text);
          fflush (lp->log);
        }
      g_async_queue_push (lp->lines, line);
    }
  while (line->text != NULL);
  return NULL;
}

/* Waits until linphonec prints a line that contains one of @needles (NULL-terminated),
 * at most @timeout_ms. Returns the needle's index and, in @at_us, when the line was
 * read; -1 when the time ran out or its output ended. Lines before it are dropped. */
static int
linphonec_wait (Linphonec         *lp,
                const char *const *needles,
                guint              timeout_ms,
                gint64            *at_us)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      LinphonecLine *line;
      int found = -1;

      if (left <= 0 || (line = g_async_queue_timeout_pop (lp->lines, (guint64) left)) == NULL)
        return -1;
      if (line->text == NULL)
        {
          /* Keep the end for the next wait too. */
          g_async_queue_push_front (lp->lines, line);
          return -1;
        }
      for (int i = 0; needles[i] != NULL && found < 0; i++)
        if (strstr (line->text, needles[i]) != NULL)
          found = i;
      if (found >= 0 && at_us != NULL)
        *at_us = line->us;
      linphonec_line_free (line);
      if (found >= 0)
        return found;
    }
}

static void
linphonec_command (Linphonec  *lp,
                   const char *command)
{
  g_autofree char *text = g_strconcat (command, "\n", NULL);
  g_autoptr(GError) error = NULL;

  /* Writing to the pipe of one that exited would end the bench with SIGPIPE. */
  if (!tl_test_process_alive (lp->process))
    die ("linphonec exited; see linphonec.log", NULL);
  if (!g_output_stream_write_all (lp->input, text, strlen (text), NULL, NULL, &error) ||
      !g_output_stream_flush (lp->input, NULL, &error))
    die ("linphonec", error);
}

static void
linphonec_child_setup (gpointer user_data)
{
  /* It must not outlive the bench, however the bench ends. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Its configuration file, written before it starts, so nothing comes from a
 * user's ~/.linphonerc. Opus only, as bob and our account use (a call on
 * anything else would fail: bob offers nothing else). UDP only, IPv4 only,
 * on loopback ports the harness hands out. Its native PulseAudio cards: the
 * speaker and ringer sinks we use, and LINPHONEC_MIC. No echo canceller,
 * since ours runs without one here (the private PulseAudio loads no
 * echo-cancel module). */
static char *
linphonec_write_rc (Bench      *bench,
                    const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "linphonerc", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  /* ipv6_migration_done: without it, it drops use_ipv6 and listens on IPv6
   * only, and then finds no transport for the IPv4 proxy. */
  text = g_strdup_printf ("[sip]\n"
                          "sip_port=%u\n"
                          "sip_tcp_port=0\n"
                          "sip_tls_port=0\n"
                          "use_ipv6=0\n"
                          "ipv6_migration_done=1\n"
                          "default_proxy=0\n"
                          "register_only_when_network_is_up=0\n"
                          "ping_with_options=0\n"
                          "[rtp]\n"
                          "audio_rtp_port=%u\n"
                          "[sound]\n"
                          "echocancellation=0\n"
                          "playback_dev_id=PulseAudio Unknown: tl_speaker\n"
                          "ringer_dev_id=PulseAudio Unknown: tl_ringer\n"
                          "capture_dev_id=PulseAudio Unknown: " LINPHONEC_MIC "\n"
                          "[video]\n"
                          "automatically_initiate=0\n"
                          "automatically_accept=0\n"
                          "[proxy_0]\n"
                          "reg_proxy=<sip:%s;transport=udp>\n"
                          "reg_identity=sip:" LINPHONEC_USER "@127.0.0.1\n"
                          "reg_expires=600\n"
                          "reg_sendregister=1\n"
                          "publish=0\n"
                          "[auth_info_0]\n"
                          "username=" LINPHONEC_USER "\n"
                          "userid=" LINPHONEC_USER "\n"
                          "passwd=" LINPHONEC_PASSWORD "\n"
                          "realm=127.0.0.1\n"
                          "domain=127.0.0.1\n"
                          "[audio_codec_0]\n"
                          "mime=opus\n"
                          "rate=48000\n"
                          "channels=2\n"
                          "enabled=1\n",
                          tl_test_free_port (), tl_test_free_port_pair (),
                          tl_test_kamailio_get_hostport (bench->kamailio));
  if (!g_file_set_contents (path, text, -1, &error))
    die ("linphonec configuration", error);
  return g_steal_pointer (&path);
}

/* Asks for its registration until it reports one, within LINPHONEC_WAIT_MS. */
static gboolean
linphonec_wait_registered (Linphonec *lp)
{
  /* It prints no line of its own when it registers; `status register`
   * answers "registered, identity=..." once it has (else "registered=-1"). */
  const char *answers[] = { "registered, identity=", "registered=", NULL };
  gint64 deadline = g_get_monotonic_time () + (gint64) LINPHONEC_WAIT_MS * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      linphonec_command (lp, "status register");
      switch (linphonec_wait (lp, answers, 1000, NULL))
        {
        case 0:
          return TRUE;
        case 1:
          g_usleep (100 * 1000);
          break;
        default:
          break;
        }
    }
  return FALSE;
}

static Linphonec *
linphonec_start (Bench      *bench,
                 const char *program)
{
  g_autofree char *dir = g_build_filename (bench->scratch, "linphonec", NULL);
  g_autofree char *home = g_build_filename (dir, "home", NULL);
  g_autofree char *data = g_build_filename (home, ".local", "share", "linphone", NULL);
  g_autofree char *log_path = g_build_filename (bench->scratch, "linphonec.log", NULL);
  g_autofree char *rc = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_auto(GStrv) env = tl_test_pulse_environ (bench->pulse, NULL);
  g_autoptr(GError) error = NULL;
  /* Its PulseAudio cards leave out monitors, so it cannot capture our
   * microphone (the monitor of tl_mic, which carries OUR_HZ) directly: a
   * remapped source of it can. Loaded only now, after our figures, so our
   * engine's device list is what it always was. */
  const char *mic[] = {
    "pactl", "load-module", "module-remap-source", "master=tl_mic.monitor",
    "source_name=" LINPHONEC_MIC, "source_properties=device.description=" LINPHONEC_MIC, NULL
  };
  Linphonec *lp = g_new0 (Linphonec, 1);

  run_pulse_tool (bench, mic);
  /* Its history, ZRTP cache and databases go to a private home, not the user's;
   * with the database folder there it keeps its call log as it would at home. */
  if (g_mkdir_with_parents (data, 0700) != 0)
    die ("linphonec folder", NULL);
  rc = linphonec_write_rc (bench, dir);
  env = g_environ_setenv (env, "HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_set_child_setup (launcher, linphonec_child_setup, NULL, NULL);
  {
    const char *argv[] = { program, "-c", rc, NULL };

    lp->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  }
  if (lp->process == NULL)
    die ("linphonec", error);
  if (g_subprocess_get_identifier (lp->process) == NULL)
    die ("linphonec exited at once", NULL);
  lp->pid = (GPid) atoi (g_subprocess_get_identifier (lp->process));
  lp->input = g_object_ref (g_subprocess_get_stdin_pipe (lp->process));
  lp->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (lp->process));
  lp->lines = g_async_queue_new_full (linphonec_line_free);
  lp->log = fopen (log_path, "w");
  if (lp->log == NULL)
    die ("linphonec log", NULL);
  lp->reader = g_thread_new ("linphonec-reader", linphonec_reader, lp);
  if (!linphonec_wait_registered (lp))
    die ("linphonec did not register", NULL);
  return lp;
}

static void
linphonec_stop (Linphonec *lp)
{
  static const int stop_signals[] = { SIGTERM, 0 };

  if (tl_test_process_alive (lp->process))
    linphonec_command (lp, "quit");
  /* `quit` ends it in well under a second; SIGTERM by its PID, then SIGKILL,
   * for one that does not. */
  if (!tl_test_process_wait (lp->process, 5000))
    tl_test_process_stop (lp->process, stop_signals, 2000, FALSE);
  g_thread_join (lp->reader);
  fclose (lp->log);
  g_async_queue_unref (lp->lines);
  g_object_unref (lp->output);
  g_object_unref (lp->input);
  g_object_unref (lp->process);
  g_free (lp);
}

/* One call to bob: `call`, wait for established, hold @hold_ms, `terminate`, wait
 * for the end. Returns `call` → established in ms. */
static double
linphonec_one_call (Linphonec *lp,
                    guint      hold_ms)
{
  g_autofree char *established = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *ended = NULL;
  gint64 t0, t1 = 0;

  lp->call_id++;
  /* Established: "Media streams established with URI for call N (audio).", its
   * StreamsRunning state, printed once the 200 OK is acknowledged and its audio
   * streams run. That matches what our engine reports: baresip starts the
   * streams on the 200 OK, then sends CALL_ESTABLISHED. Its "Call N with URI
   * connected." comes about 1 ms earlier, before its streams start. */
  established = g_strdup_printf ("Media streams established with sip:bob@127.0.0.1 for call %u (",
                                 lp->call_id);
  failed = g_strdup_printf ("Call %u with sip:bob@127.0.0.1 error", lp->call_id);
  ended = g_strdup_printf ("Call %u with sip:bob@127.0.0.1 ended", lp->call_id);
  {
    const char *dial_outcomes[] = { established, failed, ended, NULL };
    const char *end_outcomes[] = { ended, failed, NULL };

    t0 = g_get_monotonic_time ();
    linphonec_command (lp, "call sip:bob@127.0.0.1");
    if (linphonec_wait (lp, dial_outcomes, LINPHONEC_WAIT_MS, &t1) != 0)
      die ("linphonec: call not established", NULL);
    if (hold_ms > 0 && linphonec_wait (lp, end_outcomes, hold_ms, NULL) >= 0)
      die ("linphonec: the call ended early", NULL);
    linphonec_command (lp, "terminate");
    if (linphonec_wait (lp, end_outcomes, LINPHONEC_WAIT_MS, NULL) < 0)
      die ("linphonec: call did not end", NULL);
  }
  return (double) (t1 - t0) / 1000.0;
}

/* linphonec's dial, CPU and memory figures, measured as ours are, after ours
 * (so nothing of it runs while ours are taken). What still differs: its audio
 * goes to PulseAudio natively, ours through PortAudio and the ALSA pulse
 * plugin; and its dial time includes its command line's own loop, which
 * handles SIP replies some tens of ms after they arrive (on a loopback capture
 * it sent the ACK about 35 ms after bob's 200 OK had come in). */
static void
linphonec_compare (Bench      *bench,
                   const char *program)
{
  Linphonec *lp = linphonec_start (bench, program);
  double dial_ms[DIAL_RUNS];
  double cpu0, cpu;
  guint64 rss0, rss1;

  for (guint i = 0; i < DIAL_RUNS; i++)
    dial_ms[i] = linphonec_one_call (lp, 100);
  qsort (dial_ms, DIAL_RUNS, sizeof (double), compare_double);
  printf ("linphonec_dial_to_established_median %.1f ms\n",
          (dial_ms[DIAL_RUNS / 2 - 1] + dial_ms[DIAL_RUNS / 2]) / 2);
  printf ("linphonec_dial_to_established_max %.1f ms\n", dial_ms[DIAL_RUNS - 1]);

  cpu0 = proc_cpu_s (lp->pid);
  linphonec_one_call (lp, CPU_CALL_S * 1000);
  cpu = proc_cpu_s (lp->pid) - cpu0;
  printf ("linphonec_cpu_in_call %.2f s (%.2f %% of a core)\n", cpu, 100.0 * cpu / CPU_CALL_S);

  rss0 = proc_kb (lp->pid, "status", "VmRSS");
  for (guint i = 0; i < LINPHONEC_LEAK_CALLS; i++)
    linphonec_one_call (lp, 50);
  rss1 = proc_kb (lp->pid, "status", "VmRSS");
  printf ("linphonec_sequential_calls %d count\n", LINPHONEC_LEAK_CALLS);
  printf ("linphonec_rss_before %" G_GUINT64_FORMAT " KiB\n", rss0);
  printf ("linphonec_rss_after %" G_GUINT64_FORMAT " KiB (%+.1f %%)\n", rss1,
          100.0 * ((double) rss1 - (double) rss0) / MAX ((double) rss0, 1.0));
  linphonec_stop (lp);
}

static double
growth_percent (guint64 from,
                guint64 to)
{
  return 100.0 * ((double) to - (double) from) / MAX ((double) from, 1.0);
}

/* Memory over @n_calls sequential short calls (a bounded loop, loopback peer):
 * the engine's RSS at calls 50, n/2 and n, the growth from call 50 on, and
 * the restarts made to keep it bounded, with @limit_percent as the engine's
 * memory growth limit (0: none). Before each dial the account must be
 * registered again after any restart; the longest gap is printed. */
static void
sequential_calls (Bench *bench,
                  guint  n_calls,
                  guint  limit_percent)
{
  guint64 rss_50 = 0, rss_half = 0, rss_end = 0, rss_max = 0;
  guint restarts0 = tl_engine_get_memory_restart_count (bench->engine);

  tl_engine_set_memory_growth_limit (bench->engine, limit_percent);
  for (guint i = 1; i <= n_calls; i++)
    {
      guint64 rss;
      double ms;
      TlCall *call;

      if (!tl_test_wait_until (bench_registered, bench, 15000))
        die ("not registered again after an engine restart", NULL);
      call = dial (bench, "sip:bob@127.0.0.1", &ms);

      tl_test_spin (50);
      /* In the call, so every sample is of an engine carrying one call (right
       * after the hangup it may already be a fresh one). */
      rss = proc_kb (tl_engine_get_pid (bench->engine), "status", "VmRSS");
      hang_up (bench, call);
      /* Nobody redials within the engine's idle check (a dial in it defers the restart). */
      tl_test_spin (20);
      rss_max = MAX (rss_max, rss);
      if (i == 50)
        rss_50 = rss;
      if (i == n_calls / 2)
        rss_half = rss;
      if (i == n_calls)
        rss_end = rss;
    }
  printf ("sequential_calls %u count\n", n_calls);
  printf ("engine_memory_growth_limit %u %%\n", limit_percent);
  printf ("engine_rss_at_call_50 %" G_GUINT64_FORMAT " KiB\n", rss_50);
  printf ("engine_rss_at_call_%u %" G_GUINT64_FORMAT " KiB (%+.1f %% from call 50)\n", n_calls / 2, rss_half,
          growth_percent (rss_50, rss_half));
  printf ("engine_rss_at_call_%u %" G_GUINT64_FORMAT " KiB (%+.1f %% from call 50)\n", n_calls, rss_end,
          growth_percent (rss_50, rss_end));
  printf ("engine_rss_max %" G_GUINT64_FORMAT " KiB (%+.1f %% over call 50)\n", rss_max,
          growth_percent (rss_50, rss_max));
  printf ("engine_memory_restarts %u count\n", tl_engine_get_memory_restart_count (bench->engine) - restarts0);
  printf ("engine_restart_longest_unregistered %.1f ms\n", bench->longest_unregistered_us / 1000.0);
}

static void
teardown (Bench *bench)
{
  tl_engine_stop_async (bench->engine, NULL, NULL, NULL);
  tl_test_spin (4000);
  g_clear_object (&bench->calls);
  g_clear_object (&bench->audio);
  g_clear_object (&bench->engine);
  g_clear_object (&bench->map);
  g_clear_object (&bench->catalog);
  tl_test_peer_free (bench->bob);
  tl_test_peer_free (bench->carol);
  tl_test_kamailio_free (bench->kamailio);
  tl_test_pulse_free (bench->pulse);
  tl_test_scratch_finish (bench->scratch, FALSE);
  g_free (bench->scratch);
  g_free (bench->aor);
}

int
main (int    argc,
      char **argv)
{
  Bench bench = { 0 };
  double dial_ms[DIAL_RUNS];
  double cpu_engine0, cpu_self0, cpu_engine, cpu_self;
  guint64 engine_rss0, self_rss0, engine_rss1, self_rss1, engine_rss_half = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) tone = NULL;
  g_autofree char *linphonec = g_find_program_in_path ("linphonec");
  GPid engine_pid;

  g_setenv ("JACK_NO_START_SERVER", "1", TRUE);
  /* --sequential N [--memory-limit PERCENT]: only the memory run over N calls. */
  if (argc >= 3 && g_str_equal (argv[1], "--sequential"))
    {
      guint n_calls = (guint) CLAMP (g_ascii_strtoull (argv[2], NULL, 10), 50, 100000);
      guint limit = TL_ENGINE_DEFAULT_MEMORY_GROWTH_PERCENT;

      if (argc >= 5 && g_str_equal (argv[3], "--memory-limit"))
        limit = (guint) g_ascii_strtoull (argv[4], NULL, 10);
      setup (&bench);
      tone = tl_test_pulse_play_tone (bench.pulse, "tl_mic", OUR_HZ, 3600, &error);
      if (tone == NULL)
        die ("tone", error);
      sequential_calls (&bench, n_calls, limit);
      g_subprocess_force_exit (tone);
      teardown (&bench);
      return 0;
    }

  /* --mouth-to-ear: only the delay each way, for each audio latency setting. */
  if (argc >= 2 && g_str_equal (argv[1], "--mouth-to-ear"))
    {
      setup (&bench);
      mouth_to_ear_settings (&bench);
      teardown (&bench);
      return 0;
    }

  setup (&bench);
  tone = tl_test_pulse_play_tone (bench.pulse, "tl_mic", OUR_HZ, 3600, &error);
  if (tone == NULL)
    die ("tone", error);

  for (guint i = 0; i < DIAL_RUNS; i++)
    dial_ms[i] = one_call (&bench, 100);
  qsort (dial_ms, DIAL_RUNS, sizeof (double), compare_double);
  printf ("dial_to_established_median %.1f ms\n", (dial_ms[DIAL_RUNS / 2 - 1] + dial_ms[DIAL_RUNS / 2]) / 2);
  printf ("dial_to_established_max %.1f ms\n", dial_ms[DIAL_RUNS - 1]);

  first_audio (&bench);
  m2e_route_peer (&bench);
  mouth_to_ear (&bench, NULL);

  /* CPU during one 30 s Opus call. */
  engine_pid = tl_engine_get_pid (bench.engine);
  cpu_engine0 = proc_cpu_s (engine_pid);
  cpu_self0 = self_cpu_s ();
  one_call (&bench, CPU_CALL_S * 1000);
  cpu_engine = proc_cpu_s (engine_pid) - cpu_engine0;
  cpu_self = self_cpu_s () - cpu_self0;
  printf ("opus_call_seconds %d s\n", CPU_CALL_S);
  printf ("engine_cpu_in_call %.2f s (%.2f %% of a core)\n", cpu_engine, 100.0 * cpu_engine / CPU_CALL_S);
  printf ("trunkline_cpu_in_call %.2f s (%.2f %% of a core)\n", cpu_self, 100.0 * cpu_self / CPU_CALL_S);

  /* Memory before and after many calls: a leak shows as growth. The engine's
   * own restarts for memory are off here, so this measures the engine as it is
   * (--sequential measures it with them). */
  tl_engine_set_memory_growth_limit (bench.engine, 0);
  engine_rss0 = proc_kb (engine_pid, "status", "VmRSS");
  self_rss0 = proc_kb (getpid (), "status", "VmRSS");
  for (guint i = 0; i < LEAK_CALLS; i++)
    {
      one_call (&bench, 50);
      /* Growth that slows from one half to the next is the engine warming its
       * caches; growth that keeps its pace is a leak. */
      if (i + 1 == LEAK_CALLS / 2)
        engine_rss_half = proc_kb (engine_pid, "status", "VmRSS");
    }
  engine_rss1 = proc_kb (engine_pid, "status", "VmRSS");
  self_rss1 = proc_kb (getpid (), "status", "VmRSS");
  printf ("sequential_calls %d count\n", LEAK_CALLS);
  printf ("engine_rss_before %" G_GUINT64_FORMAT " KiB\n", engine_rss0);
  printf ("engine_rss_after_%d_calls %" G_GUINT64_FORMAT " KiB (%+.1f %%)\n", LEAK_CALLS / 2, engine_rss_half,
          100.0 * ((double) engine_rss_half - (double) engine_rss0) / MAX ((double) engine_rss0, 1.0));
  printf ("engine_rss_after %" G_GUINT64_FORMAT " KiB (%+.1f %%)\n", engine_rss1,
          100.0 * ((double) engine_rss1 - (double) engine_rss0) / MAX ((double) engine_rss0, 1.0));
  printf ("trunkline_rss_before %" G_GUINT64_FORMAT " KiB\n", self_rss0);
  printf ("trunkline_rss_after %" G_GUINT64_FORMAT " KiB (%+.1f %%)\n", self_rss1,
          100.0 * ((double) self_rss1 - (double) self_rss0) / MAX ((double) self_rss0, 1.0));
  if (linphonec == NULL)
    printf ("linphonec_comparison not-installed -\n");
  else
    linphonec_compare (&bench, linphonec);

  g_subprocess_force_exit (tone);
  teardown (&bench);
  return 0;
}
