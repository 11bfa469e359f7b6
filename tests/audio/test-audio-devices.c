/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The device catalog, tone player, level meter and fallback against the harness's
 * private PulseAudio (null sinks), reached through PortAudio. */
#include "config.h"

#include <string.h>

#include "tl-audio-catalog.h"
#include "tl-audio-engine-map.h"
#include "tl-engine-audio.h"
#include "tl-level-meter.h"
#include "tl-test-trunk.h"
#include "tl-tone-player.h"

typedef struct {
  char           *scratch;
  TlTestPulse    *pulse;
  TlAudioCatalog *catalog;
} Fixture;

static void
wait_ms (guint ms)
{
  tl_test_spin (ms);
}

static gboolean
catalog_answered (gpointer data)
{
  return tl_audio_catalog_get_state (data) != TL_AUDIO_CATALOG_STATE_STARTING;
}

/* pactl against the private server (this process's environment points at it). */
static char *
pactl (TlTestPulse *pulse,
       const char  *args)
{
  g_autoptr(GError) error = NULL;
  char *out = tl_test_pulse_pactl (pulse, args, &error);

  g_assert_no_error (error);
  return out;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->scratch = tl_test_scratch_new ("audio-devices");
  fixture->pulse = tl_test_pulse_start (fixture->scratch, &error);
  g_assert_no_error (error);
  tl_test_pulse_apply_to_self (fixture->pulse);
  fixture->catalog = tl_audio_catalog_new ();
  tl_audio_catalog_start (fixture->catalog);
  TL_TEST_AWAIT (catalog_answered (fixture->catalog), 10000, "the device catalog %s",
                 tl_audio_catalog_state_to_string (tl_audio_catalog_get_state (fixture->catalog)));
  g_assert_cmpint (tl_audio_catalog_get_state (fixture->catalog), ==, TL_AUDIO_CATALOG_STATE_READY);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->catalog);
  tl_test_pulse_free (fixture->pulse);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_free (fixture->scratch);
}

static void
test_catalog_lists_devices (Fixture       *fixture,
                            gconstpointer  data)
{
  TlAudioDevice *speaker, *ringer, *mic, *def;
  g_autofree char *alsa = NULL;

  speaker = tl_audio_catalog_lookup (fixture->catalog, TL_AUDIO_DIRECTION_OUTPUT, "tl_speaker");
  ringer = tl_audio_catalog_lookup (fixture->catalog, TL_AUDIO_DIRECTION_OUTPUT, "tl_ringer");
  mic = tl_audio_catalog_lookup (fixture->catalog, TL_AUDIO_DIRECTION_INPUT, "tl_mic.monitor");
  g_assert_nonnull (speaker);
  g_assert_nonnull (ringer);
  g_assert_nonnull (mic);
  g_assert_cmpstr (tl_audio_device_get_description (speaker), ==, "tl_speaker");
  g_assert_true (tl_audio_device_get_is_monitor (mic));
  /* The harness makes tl_speaker and tl_mic.monitor the defaults. */
  def = tl_audio_catalog_get_default (fixture->catalog, TL_AUDIO_DIRECTION_OUTPUT);
  g_assert_true (def == speaker);
  g_assert_true (tl_audio_device_get_is_default (speaker));
  g_assert_false (tl_audio_device_get_is_default (ringer));
  def = tl_audio_catalog_get_default (fixture->catalog, TL_AUDIO_DIRECTION_INPUT);
  g_assert_true (def == mic);
  g_assert_cmpuint (g_list_model_get_n_items (tl_audio_catalog_get_outputs (fixture->catalog)), ==, 4);
  /* No echo canceller is loaded in the harness, and the catalog says so. */
  g_assert_false (tl_audio_catalog_get_echo_cancel_available (fixture->catalog));

  /* The generated ALSA file names every device for PortAudio. */
  g_assert_nonnull (tl_audio_catalog_get_alsa_config_path (fixture->catalog));
  g_assert_true (g_str_has_prefix (tl_audio_catalog_get_alsa_config_path (fixture->catalog), "/usr/share/alsa/alsa.conf:"));
  {
    g_auto(GStrv) parts = g_strsplit (tl_audio_catalog_get_alsa_config_path (fixture->catalog), ":", -1);
    g_assert_true (g_file_get_contents (parts[g_strv_length (parts) - 1], &alsa, NULL, NULL));
  }
  g_assert_nonnull (strstr (alsa, "pcm.trunkline_out_tl_ringer"));
  g_assert_nonnull (strstr (alsa, "device \"tl_mic.monitor\""));

  /* A new sink shows up by itself (the sound server's events). */
  {
    g_autofree char *module = pactl (fixture->pulse, "load-module module-null-sink sink_name=tl_headset "
                                     "sink_properties=device.description=Headset");
    g_autofree char *unload = g_strconcat ("unload-module ", module, NULL);
    g_autofree char *ignored = NULL;

    TL_TEST_AWAIT (tl_audio_catalog_lookup (fixture->catalog, TL_AUDIO_DIRECTION_OUTPUT, "tl_headset") != NULL, 5000,
                   "%u devices listed, none is tl_headset", g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)));
    g_assert_cmpstr (tl_audio_device_get_description (tl_audio_catalog_lookup (fixture->catalog, TL_AUDIO_DIRECTION_OUTPUT, "tl_headset")),
                     ==, "Headset");
    ignored = pactl (fixture->pulse, unload);
  }
}

static void
test_ringtone_on_ringer_only (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TlTonePlayer) player = tl_tone_player_new (fixture->catalog);
  g_autofree char *ringer_wav = g_build_filename (fixture->scratch, "ringer.wav", NULL);
  g_autofree char *speaker_wav = g_build_filename (fixture->scratch, "speaker.wav", NULL);
  g_autoptr(GError) error = NULL;
  TlTestRecorder *ringer_rec, *speaker_rec;
  TlTestAudio ringer = { 0 }, speaker = { 0 };
  double ringer_db, speaker_db;

  tl_tone_player_set_ringer_device (player, "tl_ringer");
  tl_tone_player_set_speaker_device (player, "tl_speaker");
  ringer_rec = tl_test_pulse_record_begin (fixture->pulse, "tl_ringer", ringer_wav, &error);
  g_assert_no_error (error);
  speaker_rec = tl_test_pulse_record_begin (fixture->pulse, "tl_speaker", speaker_wav, &error);
  g_assert_no_error (error);

  g_assert_true (tl_tone_player_play (player, TL_TONE_RINGTONE, 0, &error));
  g_assert_no_error (error);
  g_assert_true (tl_tone_player_is_playing (player, TL_TONE_RINGTONE));
  wait_ms (1500);
  tl_tone_player_stop_all (player);
  g_assert_false (tl_tone_player_is_playing (player, TL_TONE_RINGTONE));
  wait_ms (200);

  g_assert_true (tl_test_recorder_finish (ringer_rec, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_recorder_finish (speaker_rec, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_audio_load_wav (ringer_wav, &ringer, &error));
  g_assert_true (tl_test_audio_load_wav (speaker_wav, &speaker, &error));
  ringer_db = tl_test_audio_tone_dbfs (&ringer, 440, 0, 1.7);
  speaker_db = tl_test_audio_tone_dbfs (&speaker, 440, 0, 1.7);
  g_test_message ("ringtone 440 Hz: ringer %.1f dBFS, speaker %.1f dBFS", ringer_db, speaker_db);
  g_assert_cmpfloat (ringer_db, >, -30);
  g_assert_cmpfloat (speaker_db, <, -60);
  tl_test_audio_clear (&ringer);
  tl_test_audio_clear (&speaker);
}

static void
test_meter_reads_tone_level (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TlLevelMeter) meter = tl_level_meter_new (fixture->catalog);
  g_autoptr(GSubprocess) tone = NULL;
  g_autoptr(GError) error = NULL;
  double level;

  g_assert_true (tl_level_meter_start (meter, "tl_mic.monitor", &error));
  g_assert_no_error (error);
  /* The harness plays at half of full scale: -6.02 dBFS. */
  tone = tl_test_pulse_play_tone (fixture->pulse, "tl_mic", 1000, 4, &error);
  g_assert_no_error (error);
  wait_ms (1200);
  tl_level_meter_reset_average (meter);
  wait_ms (1500);
  level = tl_level_meter_get_average (meter);
  g_test_message ("meter: %.2f dBFS over %" G_GUINT64_FORMAT " frames (live %.2f)", level,
                  tl_level_meter_get_frames (meter), tl_level_meter_get_level (meter));
  g_assert_cmpuint (tl_level_meter_get_frames (meter), >, 24000);
  g_assert_cmpfloat (level, >, -6.02 - 1.0);
  g_assert_cmpfloat (level, <, -6.02 + 1.0);
  tl_level_meter_stop (meter);
  g_assert_false (tl_level_meter_get_running (meter));
  g_subprocess_force_exit (tone);
  g_assert_true (tl_test_subprocess_wait (tone, 5000, NULL));
}

static gboolean
has_notice (gpointer data)
{
  return tl_engine_audio_get_notice (data) != NULL;
}

static gboolean
has_no_notice (gpointer data)
{
  return tl_engine_audio_get_notice (data) == NULL;
}

static void
test_removed_sink_falls_back (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autoptr(TlAudioEngineMap) map = tl_audio_engine_map_new (fixture->catalog);
  g_autoptr(TlEngineAudio) audio = NULL;
  g_autofree char *module = NULL;
  g_autofree char *unload = NULL;
  g_autofree char *ignored = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *default_device = NULL;
  g_autofree char *headset_device = NULL;
  g_autoptr(TlTonePlayer) player = tl_tone_player_new (fixture->catalog);
  g_autofree char *speaker_wav = g_build_filename (fixture->scratch, "fallback.wav", NULL);
  g_autoptr(GError) error = NULL;

  module = pactl (fixture->pulse, "load-module module-null-sink sink_name=tl_headset "
                  "sink_properties=device.description=Headset");
  unload = g_strconcat ("unload-module ", module, NULL);
  TL_TEST_AWAIT (tl_audio_catalog_lookup (fixture->catalog, TL_AUDIO_DIRECTION_OUTPUT, "tl_headset") != NULL, 5000,
                 "%u devices listed, none is tl_headset", g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)));

  audio = tl_engine_audio_new (engine, TL_AUDIO_ROUTING (map));
  tl_engine_audio_set_speaker (audio, "tl_headset");
  tl_engine_audio_prepare_start (audio);
  g_assert_null (tl_engine_audio_get_notice (audio));
  g_assert_true (tl_engine_audio_check_before_answer (audio, &warning));
  g_assert_null (warning);
  default_device = tl_audio_routing_dup_engine_device (TL_AUDIO_ROUTING (map), TL_AUDIO_ROUTE_SPEAKER, NULL);
  headset_device = tl_audio_routing_dup_engine_device (TL_AUDIO_ROUTING (map), TL_AUDIO_ROUTE_SPEAKER, "tl_headset");
  g_assert_nonnull (headset_device);
  g_assert_cmpstr (default_device, !=, headset_device);

  /* Unplugged: the default takes over, with a notice naming the device. */
  ignored = pactl (fixture->pulse, unload);
  TL_TEST_AWAIT (has_notice (audio), 5000, "no notice; the engine plays on %s",
                 tl_engine_audio_get_engine_speaker (audio));
  g_test_message ("notice: %s", tl_engine_audio_get_notice (audio));
  g_assert_nonnull (strstr (tl_engine_audio_get_notice (audio), "Headset"));
  g_assert_nonnull (strstr (tl_engine_audio_get_notice (audio), "tl_speaker"));
  g_assert_false (tl_engine_audio_check_before_answer (audio, &warning));
  g_assert_nonnull (warning);
  tl_engine_audio_prepare_start (audio);
  g_assert_null (tl_audio_routing_dup_engine_device (TL_AUDIO_ROUTING (map), TL_AUDIO_ROUTE_SPEAKER, "tl_headset"));

  /* Tones follow the same rule: a missing speaker plays on the default. */
  {
    TlTestRecorder *rec = tl_test_pulse_record_begin (fixture->pulse, "tl_speaker", speaker_wav, &error);
    TlTestAudio audio_in = { 0 };

    g_assert_no_error (error);
    tl_tone_player_set_speaker_device (player, "tl_headset");
    g_assert_true (tl_tone_player_play (player, TL_TONE_TEST, 0, &error));
    g_assert_no_error (error);
    wait_ms (1200);
    tl_tone_player_stop_all (player);
    g_assert_true (tl_test_recorder_finish (rec, &error));
    g_assert_true (tl_test_audio_load_wav (speaker_wav, &audio_in, &error));
    g_assert_cmpfloat (tl_test_audio_tone_dbfs (&audio_in, 1000, 0, 1.2), >, -30);
    tl_test_audio_clear (&audio_in);
  }

  /* Plugged back in: the choice comes back and the notice goes away. */
  g_free (module);
  module = pactl (fixture->pulse, "load-module module-null-sink sink_name=tl_headset "
                  "sink_properties=device.description=Headset");
  TL_TEST_AWAIT (has_no_notice (audio), 5000, "the notice “%s” stays", tl_engine_audio_get_notice (audio));
  g_free (ignored);
  ignored = g_strconcat ("unload-module ", module, NULL);
  g_free (unload);
  unload = pactl (fixture->pulse, ignored);
}

static void
test_no_server (void)
{
  g_autoptr(TlAudioCatalog) catalog = NULL;
  g_autoptr(TlTonePlayer) player = NULL;
  g_autofree char *scratch = tl_test_scratch_new ("audio-no-server");
  g_autofree char *socket = g_build_filename (scratch, "nothing-here", NULL);
  g_autofree char *server = g_strconcat ("unix:", socket, NULL);

  g_setenv ("PULSE_SERVER", server, TRUE);
  catalog = tl_audio_catalog_new ();
  tl_audio_catalog_start (catalog);
  TL_TEST_AWAIT (catalog_answered (catalog), 10000, "the device catalog %s",
                 tl_audio_catalog_state_to_string (tl_audio_catalog_get_state (catalog)));
  g_assert_cmpint (tl_audio_catalog_get_state (catalog), ==, TL_AUDIO_CATALOG_STATE_NO_SERVER);
  g_assert_nonnull (tl_audio_catalog_get_status_message (catalog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 0);
  /* Tones do not crash either: they try PortAudio's default and report. */
  player = tl_tone_player_new (catalog);
  {
    g_autoptr(GError) error = NULL;
    gboolean ok = tl_tone_player_play (player, TL_TONE_DTMF, '5', &error);

    g_test_message ("tone without a sound server: %s", ok ? "played" : error->message);
    tl_tone_player_stop_all (player);
  }
  g_unsetenv ("PULSE_SERVER");
  tl_test_scratch_finish (scratch, g_test_failed ());
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/audio/catalog/lists-devices", Fixture, NULL, fixture_setup,
              test_catalog_lists_devices, fixture_teardown);
  g_test_add ("/audio/tones/ringtone-on-ringer-only", Fixture, NULL, fixture_setup,
              test_ringtone_on_ringer_only, fixture_teardown);
  g_test_add ("/audio/meter/tone-level", Fixture, NULL, fixture_setup,
              test_meter_reads_tone_level, fixture_teardown);
  g_test_add ("/audio/routing/removed-sink-falls-back", Fixture, NULL, fixture_setup,
              test_removed_sink_falls_back, fixture_teardown);
  g_test_add_func ("/audio/catalog/no-server", test_no_server);
  return g_test_run ();
}
