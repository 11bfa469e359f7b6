/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Call benchmark: dial → established as the app sees it, first audio each way, CPU
 * in a 30 s Opus call, and memory across 200 calls, against a local peer. */
#define G_LOG_DOMAIN "tl-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tl-audio-catalog.h"
#include "tl-audio-engine-map.h"
#include "tl-call-manager.h"
#include "tl-engine-audio.h"
#include "tl-engine.h"
#include "tl-paths.h"
#include "tl-test-trunk.h"
#include "tl-test-wire.h"

#define DIAL_RUNS 20
#define CPU_CALL_S 30
#define LEAK_CALLS 200
#define PEER_HZ 1000.0
#define OUR_HZ 700.0

typedef struct {
  char             *scratch;
  TlTestPulse      *pulse;
  TlTestKamailio   *kamailio;
  TlTestPeer       *bob;
  TlAudioCatalog   *catalog;
  TlAudioEngineMap *map;
  TlEngine         *engine;
  TlEngineAudio    *audio;
  TlCallManager    *calls;
  char             *aor;
  gint64            established_us;
  gint64            established_real_us;
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

/* One call: dial, wait for established, hold it @hold_ms, hang up, wait for the end.
 * Returns dial → established in ms. */
static double
one_call (Bench *bench,
          guint  hold_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCall) call = NULL;
  gint64 t0;
  double ms;

  bench->established_us = 0;
  t0 = g_get_monotonic_time ();
  call = tl_call_manager_dial (bench->calls, bench->aor, "sip:bob@127.0.0.1", &error);
  if (call == NULL)
    die ("dial", error);
  g_object_ref (call);
  g_signal_connect (call, "notify::state", G_CALLBACK (state_cb), bench);
  if (!wait_state (call, TL_CALL_STATE_ESTABLISHED, 10000))
    die ("call not established", NULL);
  ms = (double) (bench->established_us - t0) / 1000.0;
  tl_test_spin (hold_ms);
  tl_call_manager_action_async (bench->calls, call, TL_CALL_ACTION_HANGUP, NULL, NULL, hung_up_cb, NULL);
  if (!wait_state (call, TL_CALL_STATE_ENDED, 10000))
    die ("call did not end", NULL);
  g_signal_handlers_disconnect_by_data (call, bench);
  return ms;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
setup (Bench *bench)
{
  const char *users[] = { "alice:bench-pw", "bob:bobpw", NULL };
  TlTestKamailioOptions kam = { .users = users };
  TlTestPeerOptions bob = { .user = "bob", .password = "bobpw", .tone_hz = PEER_HZ,
                            .codecs = "opus/48000/2", .auto_answer = TRUE };
  g_autoptr(TlEngineAccount) account = tl_engine_account_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  bench->scratch = tl_test_scratch_new ("bench-call");
  bench->pulse = tl_test_pulse_start (bench->scratch, &error);
  if (bench->pulse == NULL)
    die ("pulseaudio", error);
  tl_test_pulse_apply_to_self (bench->pulse);
  bench->kamailio = tl_test_kamailio_start (bench->scratch, &kam, &error);
  if (bench->kamailio == NULL)
    die ("kamailio", error);
  bob.registrar = tl_test_kamailio_get_hostport (bench->kamailio);
  bench->bob = tl_test_peer_start (bench->scratch, &bob, &error);
  if (bench->bob == NULL)
    die ("peer", error);

  bench->catalog = tl_audio_catalog_new ();
  tl_audio_catalog_start (bench->catalog);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (tl_audio_catalog_get_state (bench->catalog) == TL_AUDIO_CATALOG_STATE_STARTING
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  bench->map = tl_audio_engine_map_new (bench->catalog);
  bench->engine = tl_engine_new ();
  tl_engine_set_listen_address (bench->engine, "127.0.0.1:0");
  bench->audio = tl_engine_audio_new (bench->engine, TL_AUDIO_ROUTING (bench->map));
  bench->calls = tl_call_manager_new (bench->engine, NULL);
  tl_engine_audio_prepare_start (bench->audio);
  tl_engine_start_async (bench->engine, NULL, NULL, NULL);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (tl_engine_get_state (bench->engine) != TL_ENGINE_STATE_READY && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (tl_engine_get_state (bench->engine) != TL_ENGINE_STATE_READY)
    die ("engine", NULL);

  account->user = g_strdup ("alice");
  account->domain = g_strdup ("127.0.0.1");
  account->outbound = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (bench->kamailio));
  account->password = g_strdup ("bench-pw");
  account->register_interval = 600;
  account->audio_codecs = g_strdup ("opus/48000/2");
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

int
main (int    argc,
      char **argv)
{
  Bench bench = { 0 };
  double dial_ms[DIAL_RUNS];
  double cpu_engine0, cpu_self0, cpu_engine, cpu_self;
  guint64 engine_rss0, self_rss0, engine_rss1, self_rss1;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) tone = NULL;
  g_autofree char *linphonec = g_find_program_in_path ("linphonec");
  GPid engine_pid;

  g_setenv ("JACK_NO_START_SERVER", "1", TRUE);
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

  /* Memory before and after many calls: a leak shows as growth. */
  engine_rss0 = proc_kb (engine_pid, "status", "VmRSS");
  self_rss0 = proc_kb (getpid (), "status", "VmRSS");
  for (guint i = 0; i < LEAK_CALLS; i++)
    one_call (&bench, 50);
  engine_rss1 = proc_kb (engine_pid, "status", "VmRSS");
  self_rss1 = proc_kb (getpid (), "status", "VmRSS");
  printf ("sequential_calls %d count\n", LEAK_CALLS);
  printf ("engine_rss_before %" G_GUINT64_FORMAT " KiB\n", engine_rss0);
  printf ("engine_rss_after %" G_GUINT64_FORMAT " KiB (%+.1f %%)\n", engine_rss1,
          100.0 * ((double) engine_rss1 - (double) engine_rss0) / MAX ((double) engine_rss0, 1.0));
  printf ("trunkline_rss_before %" G_GUINT64_FORMAT " KiB\n", self_rss0);
  printf ("trunkline_rss_after %" G_GUINT64_FORMAT " KiB (%+.1f %%)\n", self_rss1,
          100.0 * ((double) self_rss1 - (double) self_rss0) / MAX ((double) self_rss0, 1.0));
  if (linphonec == NULL)
    printf ("linphonec_comparison not-installed -\n");

  g_subprocess_force_exit (tone);
  tl_engine_stop_async (bench.engine, NULL, NULL, NULL);
  tl_test_spin (4000);
  g_clear_object (&bench.calls);
  g_clear_object (&bench.audio);
  g_clear_object (&bench.engine);
  g_clear_object (&bench.map);
  g_clear_object (&bench.catalog);
  tl_test_peer_free (bench.bob);
  tl_test_kamailio_free (bench.kamailio);
  tl_test_pulse_free (bench.pulse);
  tl_test_scratch_finish (bench.scratch, FALSE);
  g_free (bench.scratch);
  g_free (bench.aor);
  return 0;
}
