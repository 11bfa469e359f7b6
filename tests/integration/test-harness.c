/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Self-test of the test trunk: real Kamailio, baresip peers, PulseAudio and PortAudio on loopback. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"

#include <math.h>
#include <string.h>

#include <portaudio.h>

typedef struct {
  char           *scratch;
  TlTestKamailio *kamailio;
  TlTestPeer     *alice;
  TlTestPeer     *bob;
  TlTestPulse    *pulse;
} Fixture;

static const char *const users[] = { "alice:alicepw", "bob:bob-pw.2", NULL };

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->scratch = tl_test_scratch_new (g_test_get_path ());
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Daemons first, so their logs are complete when they are kept. */
  g_clear_pointer (&fixture->alice, tl_test_peer_free);
  g_clear_pointer (&fixture->bob, tl_test_peer_free);
  g_clear_pointer (&fixture->kamailio, tl_test_kamailio_free);
  g_clear_pointer (&fixture->pulse, tl_test_pulse_free);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_clear_pointer (&fixture->scratch, g_free);
}

static gboolean
have_daemons (const char *const *programs)
{
  for (guint i = 0; programs[i] != NULL; i++)
    {
      if (!tl_test_have_program (programs[i]))
        {
          g_autofree char *why = g_strdup_printf ("%s is not installed", programs[i]);

          g_test_skip (why);
          return FALSE;
        }
    }
  return TRUE;
}

static void
start_kamailio (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  TlTestKamailioOptions options = { .users = users };

  fixture->kamailio = tl_test_kamailio_start (fixture->scratch, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->kamailio);
}

/* ---- audio analysis (no daemons) ----------------------------------------------- */

static void
test_audio_analysis (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->scratch, "tone.wav", NULL);
  TlTestAudio audio;

  tl_test_audio_write_tone_wav (path, 1000, 1.0, 1.0, 8000, 2, &error);
  g_assert_no_error (error);
  tl_test_audio_load_wav (path, &audio, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audio.rate, ==, 8000);
  g_assert_cmpuint (audio.n_samples, ==, 8000);
  /* Full-scale sine: 0 dBFS as a tone, -3 dBFS as RMS. */
  g_assert_cmpfloat (fabs (tl_test_audio_tone_dbfs (&audio, 1000, 0, 1)), <, 0.2);
  g_assert_cmpfloat (fabs (tl_test_audio_rms_dbfs (&audio, 0, 1) + 3.01), <, 0.1);
  g_assert_cmpfloat (tl_test_audio_tone_dbfs (&audio, 700, 0, 1), <, -60);
  g_assert_cmpfloat (tl_test_audio_tone_onset (&audio, 1000, -10), <, 0.02);
  g_assert_cmpfloat (tl_test_audio_tone_onset (&audio, 400, -10), <, 0);
  tl_test_audio_clear (&audio);

  tl_test_audio_write_tone_wav (path, 440, 0.1, 0.5, 48000, 1, &error);
  g_assert_no_error (error);
  tl_test_audio_load_wav (path, &audio, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (tl_test_audio_tone_dbfs (&audio, 440, 0.1, 0.3) + 20.0), <, 0.2);
  tl_test_audio_clear (&audio);
}

/* White noise at @amplitude (peak) added to @audio. */
static void
add_noise (TlTestAudio *audio,
           GRand       *rand,
           double       amplitude)
{
  for (gsize i = 0; i < audio->n_samples; i++)
    audio->samples[i] += (float) g_rand_double_range (rand, -amplitude, amplitude);
}

static void
test_audio_delay (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  TlTestAudio sent, received, other;
  const gsize shift = 48000 * 123 / 1000;
  double delay, peak;

  /* The received copy: 123 ms later, at half the level, each side with its own noise
   * about 20 dB below the bursts. */
  tl_test_audio_make_bursts (&sent, 48000, 3.0, 1);
  tl_test_audio_make_bursts (&received, 48000, 3.0, 1);
  memmove (received.samples + shift, received.samples,
           (received.n_samples - shift) * sizeof (float));
  for (gsize i = 0; i < received.n_samples; i++)
    received.samples[i] = i < shift ? 0.0f : 0.5f * received.samples[i];
  add_noise (&sent, rand, 0.03);
  add_noise (&received, rand, 0.015);
  delay = tl_test_audio_delay_ms (&sent, &received, 1.0, &peak);
  g_test_message ("delay %.3f ms, peak %.3f", delay, peak);
  g_assert_cmpfloat (fabs (delay - 123.0), <, 1.0);
  g_assert_cmpfloat (peak, >, 0.8);

  /* No lag (within the search) and a lag beyond it. */
  delay = tl_test_audio_delay_ms (&sent, &sent, 0.5, &peak);
  g_assert_cmpfloat (fabs (delay), <, 0.05);
  g_assert_cmpfloat (peak, >, 0.99);
  delay = tl_test_audio_delay_ms (&sent, &received, 0.1, &peak);
  g_assert_cmpfloat (delay, <=, 100.0 + 1e-9);
  g_assert_cmpfloat (peak, <, 0.5);

  /* Nothing to match: noise, and another pattern. */
  memset (received.samples, 0, received.n_samples * sizeof (float));
  add_noise (&received, rand, 0.3);
  tl_test_audio_delay_ms (&sent, &received, 1.0, &peak);
  g_test_message ("noise: peak %.3f", peak);
  g_assert_cmpfloat (fabs (peak), <, 0.2);
  tl_test_audio_make_bursts (&other, 48000, 3.0, 2);
  tl_test_audio_delay_ms (&sent, &other, 1.0, &peak);
  g_test_message ("another pattern: peak %.3f", peak);
  g_assert_cmpfloat (fabs (peak), <, 0.3);

  /* Silence and mismatched rates give no answer. */
  memset (other.samples, 0, other.n_samples * sizeof (float));
  g_assert_cmpfloat (tl_test_audio_delay_ms (&sent, &other, 1.0, &peak), <, 0);
  g_assert_cmpfloat (peak, ==, 0);
  other.rate = 8000;
  g_assert_cmpfloat (tl_test_audio_delay_ms (&sent, &other, 1.0, NULL), <, 0);

  tl_test_audio_clear (&sent);
  tl_test_audio_clear (&received);
  tl_test_audio_clear (&other);
}

/* ---- Kamailio registration --------------------------------------------------------- */

static void
test_kamailio_register (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char *const programs[] = { "kamailio", "baresip", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestPeer) intruder = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *expected_contact = NULL;
  g_autofree char *event = NULL;
  TlTestPeerOptions alice = {
    .user = "alice", .password = "alicepw", .auto_answer = TRUE,
  };
  TlTestPeerOptions mallory = {
    .user = "bob", .password = "wrong",
  };
  gint64 started;

  if (!have_daemons (programs))
    return;
  start_kamailio (fixture);
  alice.registrar = tl_test_kamailio_get_hostport (fixture->kamailio);
  mallory.registrar = alice.registrar;

  started = g_get_monotonic_time ();
  fixture->alice = tl_test_peer_start (fixture->scratch, &alice, &error);
  g_assert_no_error (error);
  g_test_message ("peer registered in %.0f ms", (g_get_monotonic_time () - started) / 1000.0);
  event = tl_test_peer_wait_event (fixture->alice, "REGISTER_OK", 0);
  g_assert_nonnull (event);
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "alice"), >=, 1);
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "nobody"), ==, 0);
  contact = tl_test_kamailio_await_contact (fixture->kamailio, "alice", NULL, 5000);
  g_test_message ("alice's contact: %s", contact);
  /* baresip 1.0.0 registers "user-<pointer>" as its contact user. */
  expected_contact = g_strdup_printf ("@127.0.0.1:%s",
                                      strrchr (tl_test_peer_get_contact (fixture->alice), ':') + 1);
  g_assert_true (g_str_has_prefix (contact, "sip:alice"));
  g_assert_true (g_str_has_suffix (contact, expected_contact) ||
                 strstr (contact, expected_contact) != NULL);
  g_assert_null (tl_test_kamailio_last_contact (fixture->kamailio, "bob"));

  intruder = tl_test_peer_start (fixture->scratch, &mallory, &error);
  g_assert_null (intruder);
  g_assert_error (error, TL_TEST_ERROR, TL_TEST_ERROR_REGISTER_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "403"));
  g_assert_null (tl_test_kamailio_last_contact (fixture->kamailio, "bob"));

  /* A user the registrar does not know: 403 as well. */
  g_clear_error (&error);
  mallory.user = "carol";
  intruder = tl_test_peer_start (fixture->scratch, &mallory, &error);
  g_assert_null (intruder);
  g_assert_error (error, TL_TEST_ERROR, TL_TEST_ERROR_REGISTER_FAILED);
  g_assert_nonnull (strstr (error->message, "403"));
}

static void
test_kamailio_rejects_bad_password (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const char *const bad_users[] = { "eve:a\"b", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestKamailio) kamailio = NULL;
  TlTestKamailioOptions options = { .users = bad_users };

  kamailio = tl_test_kamailio_start (fixture->scratch, &options, &error);
  g_assert_null (kamailio);
  g_assert_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID);
}

static void
test_kamailio_tls (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *const programs[] = { "kamailio", "openssl", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  TlTestKamailioOptions options = { .users = users, .tls = TRUE };

  if (!have_daemons (programs))
    return;
  tl_test_make_certificate (fixture->scratch, "127.0.0.1", &cert, &key, &error);
  g_assert_no_error (error);
  options.tls_cert = cert;
  options.tls_key = key;
  fixture->kamailio = tl_test_kamailio_start (fixture->scratch, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_test_kamailio_get_tls_port (fixture->kamailio), >, 0);

  /* A TLS handshake against the self-signed certificate. */
  g_socket_client_set_tls (client, TRUE);
  g_socket_client_set_timeout (client, 5);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_socket_client_set_tls_validation_flags (client, 0);
  G_GNUC_END_IGNORE_DEPRECATIONS
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) tl_test_kamailio_get_tls_port (fixture->kamailio),
                                                NULL, &error);
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE))
    {
      g_test_message ("no GIO TLS backend: handshake not checked");
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (connection);
}

/* ---- calls through the proxy ----------------------------------------------------------- */

typedef struct {
  const char *codec;
  const char *transport;
  gboolean    direct;
} CallCase;

static const CallCase call_pcmu_udp = { "pcmu", "udp", FALSE };
static const CallCase call_opus_tcp = { "opus/48000/2", "tcp", FALSE };
static const CallCase call_direct = { "pcmu", "udp", TRUE };

static void
test_call (Fixture       *fixture,
           gconstpointer  data)
{
  static const char *const programs[] = { "kamailio", "baresip", NULL };
  const CallCase *call = data;
  const char *codec = call->codec;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *established = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *closed_a = NULL;
  g_autofree char *closed_b = NULL;
  g_autofree char *recording = NULL;
  TlTestPeerOptions bob = {
    .user = "bob", .password = "bob-pw.2", .tone_hz = 1000, .codecs = codec, .auto_answer = TRUE,
    .transport = call->transport,
  };
  TlTestPeerOptions alice = {
    .user = "alice", .password = "alicepw", .tone_hz = 700, .codecs = codec,
    .transport = call->transport,
  };
  g_autofree char *target = NULL;
  TlTestAudio audio;
  double duration, tone_a, tone_b;
  gint64 started;

  if (!have_daemons (programs))
    return;
  start_kamailio (fixture);
  if (call->direct)
    {
      /* No registrar: no REGISTER (regint=0), a call straight to the contact. */
      bob.password = alice.password = NULL;
    }
  else
    {
      bob.registrar = alice.registrar = tl_test_kamailio_get_hostport (fixture->kamailio);
    }

  fixture->bob = tl_test_peer_start (fixture->scratch, &bob, &error);
  g_assert_no_error (error);
  fixture->alice = tl_test_peer_start (fixture->scratch, &alice, &error);
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  target = g_strdup (call->direct ? tl_test_peer_get_contact (fixture->bob) : "sip:bob@127.0.0.1");
  reply = tl_test_peer_command (fixture->alice, "dial", target, &error);
  g_assert_no_error (error);
  established = tl_test_peer_wait_event (fixture->alice, "CALL_ESTABLISHED", 15000);
  g_assert_nonnull (established);
  answered = tl_test_peer_wait_event (fixture->bob, "CALL_ESTABLISHED", 5000);
  g_assert_nonnull (answered);
  g_test_message ("call established in %.0f ms",
                  (g_get_monotonic_time () - started) / 1000.0);
  if (call->direct)
    g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "INVITE", NULL), ==, 0);
  else
    g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "INVITE", "alice"), >=, 1);

  tl_test_spin (2000);

  g_clear_pointer (&reply, g_free);
  reply = tl_test_peer_command (fixture->alice, "hangup", NULL, &error);
  g_assert_no_error (error);
  closed_a = tl_test_peer_wait_event (fixture->alice, "CALL_CLOSED", 10000);
  g_assert_nonnull (closed_a);
  closed_b = tl_test_peer_wait_event (fixture->bob, "CALL_CLOSED", 10000);
  g_assert_nonnull (closed_b);
  if (!call->direct)
    g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "BYE", NULL), >=, 1);

  recording = tl_test_peer_last_recording (fixture->bob);
  g_assert_nonnull (recording);
  tl_test_audio_load_wav (recording, &audio, &error);
  g_assert_no_error (error);
  duration = tl_test_audio_get_duration (&audio);
  g_test_message ("%s: %.2f s at %u Hz", recording, duration, audio.rate);
  g_assert_cmpfloat (duration, >, 1.0);

  /* Skip the first and last moments (codec and jitter buffer start-up). */
  tone_a = tl_test_audio_tone_dbfs (&audio, 700, 0.3, duration - 0.6);
  tone_b = tl_test_audio_tone_dbfs (&audio, 1000, 0.3, duration - 0.6);
  g_test_message ("%s: alice's 700 Hz at %.1f dBFS, bob's 1000 Hz at %.1f dBFS, onset %.2f s",
                  codec, tone_a, tone_b, tl_test_audio_tone_onset (&audio, 700, -40));
  g_assert_cmpfloat (tone_a, >, -40.0);
  g_assert_cmpfloat (tone_b, <, tone_a - 20.0);
  tl_test_audio_clear (&audio);
}

/* ---- PulseAudio and PortAudio --------------------------------------------------------- */

static char *
pactl (TlTestPulse *pulse,
       const char  *what)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_auto(GStrv) env = tl_test_pulse_environ (pulse, NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_subprocess_launcher_set_environ (launcher, env);
  process = g_subprocess_launcher_spawn (launcher, &error, "pactl", "list", "short", what, NULL);
  g_assert_no_error (error);
  tl_test_subprocess_communicate (process, NULL, 30000, &out, NULL, &error);
  g_assert_no_error (error);
  return out;
}

static int
find_portaudio_device_by_name (const char *name)
{
  for (int i = 0; i < Pa_GetDeviceCount (); i++)
    {
      if (g_strcmp0 (Pa_GetDeviceInfo (i)->name, name) == 0)
        return i;
    }
  return -1;
}

/* Records @seconds from PortAudio input @device; returns the 600 Hz level. */
static double
capture_tone_level (int    device,
                    double seconds)
{
  PaStreamParameters in = { 0 };
  PaStream *stream = NULL;
  TlTestAudio audio = { 0 };
  const double rate = 48000;
  guint n = (guint) (seconds * rate);
  double level;
  PaError err;

  in.device = device;
  in.channelCount = 1;
  in.sampleFormat = paFloat32;
  in.suggestedLatency = Pa_GetDeviceInfo (device)->defaultLowInputLatency;
  err = Pa_OpenStream (&stream, &in, NULL, rate, 480, paNoFlag, NULL, NULL);
  g_assert_cmpint (err, ==, paNoError);
  g_assert_cmpint (Pa_StartStream (stream), ==, paNoError);
  audio.samples = g_new0 (float, n);
  audio.n_samples = n;
  audio.rate = (guint) rate;
  for (guint done = 0; done < n; done += 480)
    {
      err = Pa_ReadStream (stream, audio.samples + done, MIN (480, n - done));
      g_assert_true (err == paNoError || err == paInputOverflowed);
    }
  Pa_StopStream (stream);
  Pa_CloseStream (stream);
  level = tl_test_audio_tone_dbfs (&audio, 600, seconds / 2, seconds / 2);
  tl_test_audio_clear (&audio);
  return level;
}

static int
find_portaudio_device (void)
{
  int count = Pa_GetDeviceCount ();
  int found = -1;

  for (int i = 0; i < count; i++)
    {
      const PaDeviceInfo *info = Pa_GetDeviceInfo (i);

      g_test_message ("PortAudio device %d: %s (%d in, %d out)", i, info->name,
                      info->maxInputChannels, info->maxOutputChannels);
      if (info->maxOutputChannels > 0 &&
          (g_strcmp0 (info->name, "default") == 0 ||
           (found < 0 && g_strcmp0 (info->name, "pulse") == 0)))
        found = i;
    }
  return found;
}

static void
play_through_portaudio (int    device,
                        double hz,
                        double seconds)
{
  PaStreamParameters out = { 0 };
  PaStream *stream = NULL;
  const double rate = 48000;
  float buffer[480];
  guint n_blocks = (guint) (seconds * rate / G_N_ELEMENTS (buffer));
  gsize t = 0;
  PaError err;

  out.device = device;
  out.channelCount = 1;
  out.sampleFormat = paFloat32;
  out.suggestedLatency = Pa_GetDeviceInfo (device)->defaultLowOutputLatency;
  err = Pa_OpenStream (&stream, NULL, &out, rate, G_N_ELEMENTS (buffer), paNoFlag, NULL, NULL);
  g_assert_cmpint (err, ==, paNoError);
  err = Pa_StartStream (stream);
  g_assert_cmpint (err, ==, paNoError);
  for (guint block = 0; block < n_blocks; block++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (buffer); i++, t++)
        buffer[i] = (float) (0.5 * sin (2.0 * G_PI * hz * t / rate));
      err = Pa_WriteStream (stream, buffer, G_N_ELEMENTS (buffer));
      g_assert_true (err == paNoError || err == paOutputUnderflowed);
    }
  Pa_StopStream (stream);
  Pa_CloseStream (stream);
}

static void
test_pulse_portaudio (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char *const programs[] = { "pulseaudio", "pactl", "parec", "paplay", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *sinks = NULL;
  g_autofree char *recorded = g_build_filename (fixture->scratch, "speaker.wav", NULL);
  g_autofree char *mic = g_build_filename (fixture->scratch, "mic.wav", NULL);
  g_autoptr(GSubprocess) player = NULL;
  TlTestRecorder *recorder;
  TlTestAudio audio;
  int device;
  double level, onset;

  if (!have_daemons (programs))
    return;
  fixture->pulse = tl_test_pulse_start (fixture->scratch, &error);
  g_assert_no_error (error);

  sinks = pactl (fixture->pulse, "sinks");
  g_assert_nonnull (strstr (sinks, "tl_speaker"));
  g_assert_nonnull (strstr (sinks, "tl_ringer"));
  g_assert_nonnull (strstr (sinks, "tl_mic"));

  /* PortAudio through ALSA's pulse plugin, to the default device. */
  tl_test_pulse_apply_to_self (fixture->pulse);
  g_assert_cmpint (Pa_Initialize (), ==, paNoError);
  device = find_portaudio_device ();
  g_assert_cmpint (device, >=, 0);

  recorder = tl_test_pulse_record_begin (fixture->pulse, "tl_speaker", recorded, &error);
  g_assert_no_error (error);
  /* Half a second of silence first: the recording must keep it (timings). */
  tl_test_spin (500);
  play_through_portaudio (device, 440, 1.0);
  tl_test_spin (300);
  tl_test_recorder_finish (recorder, &error);
  g_assert_no_error (error);
  Pa_Terminate ();

  tl_test_audio_load_wav (recorded, &audio, &error);
  g_assert_no_error (error);
  onset = tl_test_audio_tone_onset (&audio, 440, -30);
  g_assert_cmpfloat (onset, >=, 0.4);
  g_assert_cmpfloat (onset, <, 0.9);
  level = tl_test_audio_tone_dbfs (&audio, 440, onset + 0.1, 0.5);
  g_test_message ("PortAudio tone on tl_speaker at %.1f dBFS from %.2f s (%.2f s recorded)",
                  level, onset, tl_test_audio_get_duration (&audio));
  g_assert_cmpfloat (level, >, -12.0);
  tl_test_audio_clear (&audio);

  /* The virtual microphone: a tone played into tl_mic is on its monitor. */
  player = tl_test_pulse_play_tone (fixture->pulse, "tl_mic", 600, 5.0, &error);
  g_assert_no_error (error);
  tl_test_pulse_record_sink (fixture->pulse, "tl_mic", mic, 1.5, &error);
  g_assert_no_error (error);
  tl_test_audio_load_wav (mic, &audio, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (tl_test_audio_get_duration (&audio) - 1.5), <, 0.01);
  onset = tl_test_audio_tone_onset (&audio, 600, -30);
  g_assert_cmpfloat (onset, >=, 0);
  level = tl_test_audio_tone_dbfs (&audio, 600, onset + 0.05, 0.5);
  g_test_message ("paplay tone on tl_mic at %.1f dBFS from %.2f s", level, onset);
  g_assert_cmpfloat (level, >, -12.0);
  tl_test_audio_clear (&audio);

  /* PortAudio capture: the default device records the virtual microphone
   * (default source tl_mic.monitor), and so does the named monitor PCM. */
  tl_test_pulse_apply_to_self (fixture->pulse);
  g_assert_cmpint (Pa_Initialize (), ==, paNoError);
  device = find_portaudio_device_by_name ("default");
  g_assert_cmpint (device, >=, 0);
  level = capture_tone_level (device, 0.4);
  g_test_message ("PortAudio capture from default: 600 Hz at %.1f dBFS", level);
  g_assert_cmpfloat (level, >, -12.0);
  device = find_portaudio_device_by_name ("tl_mic_monitor");
  g_assert_cmpint (device, >=, 0);
  level = capture_tone_level (device, 0.4);
  g_test_message ("PortAudio capture from tl_mic_monitor: 600 Hz at %.1f dBFS", level);
  g_assert_cmpfloat (level, >, -12.0);
  Pa_Terminate ();

  g_subprocess_force_exit (player);
  g_assert_true (tl_test_subprocess_wait (player, 5000, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/harness/audio-analysis", Fixture, NULL,
              fixture_setup, test_audio_analysis, fixture_teardown);
  g_test_add ("/harness/audio-delay", Fixture, NULL,
              fixture_setup, test_audio_delay, fixture_teardown);
  g_test_add ("/harness/kamailio/register", Fixture, NULL,
              fixture_setup, test_kamailio_register, fixture_teardown);
  g_test_add ("/harness/kamailio/unsafe-password", Fixture, NULL,
              fixture_setup, test_kamailio_rejects_bad_password, fixture_teardown);
  g_test_add ("/harness/kamailio/tls", Fixture, NULL,
              fixture_setup, test_kamailio_tls, fixture_teardown);
  g_test_add ("/harness/call/pcmu-udp", Fixture, &call_pcmu_udp,
              fixture_setup, test_call, fixture_teardown);
  g_test_add ("/harness/call/opus-tcp", Fixture, &call_opus_tcp,
              fixture_setup, test_call, fixture_teardown);
  g_test_add ("/harness/call/direct", Fixture, &call_direct,
              fixture_setup, test_call, fixture_teardown);
  g_test_add ("/harness/pulse/portaudio", Fixture, NULL,
              fixture_setup, test_pulse_portaudio, fixture_teardown);

  return g_test_run ();
}
