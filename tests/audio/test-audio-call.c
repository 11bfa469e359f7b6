/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's audio follows the chosen devices: switching the speaker during an
 * established call, and a sink added after the engine started (usable once the
 * engine restarts between calls). A real baresip peer plays a 1 kHz tone. */
#include "config.h"

#include <string.h>

#include "tl-audio-catalog.h"
#include "tl-audio-engine-map.h"
#include "tl-engine-audio.h"
#include "tl-engine.h"
#include "tl-test-engine.h"
#include "tl-test-trunk.h"

#define TONE_HZ 1000.0

typedef struct {
  char             *scratch;
  TlTestPulse      *pulse;
  TlTestPeer       *peer;
  TlAudioCatalog   *catalog;
  TlAudioEngineMap *map;
  TlEngine         *engine;
  TlEngineAudio    *audio;
  guint             established;
  guint             closed;
} Fixture;

static void
on_event (TlEngine      *engine,
          TlEngineEvent *event,
          Fixture       *fixture)
{
  if (event->type == TL_ENGINE_EVENT_CALL_ESTABLISHED)
    fixture->established++;
  else if (event->type == TL_ENGINE_EVENT_CALL_CLOSED)
    fixture->closed++;
}

static void
command (Fixture    *fixture,
         const char *name,
         const char *params)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_test_engine_command (fixture->engine, name, params, 10000, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
}

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
await_counter (const char *what,
               guint      *counter,
               guint       target,
               guint       timeout_ms)
{
  TL_TEST_AWAIT (*counter >= target, timeout_ms, "%u %s events (wanted %u)", *counter, what, target);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  TlTestPeerOptions peer_options = { .user = "bob", .tone_hz = TONE_HZ, .codecs = "pcmu",
                                     .auto_answer = TRUE };
  g_autoptr(GError) error = NULL;

  fixture->scratch = tl_test_scratch_new ("audio-call");
  fixture->pulse = tl_test_pulse_start (fixture->scratch, &error);
  g_assert_no_error (error);
  tl_test_pulse_apply_to_self (fixture->pulse);
  fixture->peer = tl_test_peer_start (fixture->scratch, &peer_options, &error);
  g_assert_no_error (error);

  fixture->catalog = tl_audio_catalog_new ();
  tl_audio_catalog_start (fixture->catalog);
  TL_TEST_AWAIT (tl_audio_catalog_get_state (fixture->catalog) != TL_AUDIO_CATALOG_STATE_STARTING, 10000,
                 "the device catalog %s", tl_audio_catalog_state_to_string (tl_audio_catalog_get_state (fixture->catalog)));
  g_assert_cmpint (tl_audio_catalog_get_state (fixture->catalog), ==, TL_AUDIO_CATALOG_STATE_READY);
  fixture->map = tl_audio_engine_map_new (fixture->catalog);

  fixture->engine = tl_engine_new ();
  tl_engine_set_listen_address (fixture->engine, "127.0.0.1:0");
  g_signal_connect (fixture->engine, "event", G_CALLBACK (on_event), fixture);
  fixture->audio = tl_engine_audio_new (fixture->engine, TL_AUDIO_ROUTING (fixture->map));
}

static void
start_engine (Fixture *fixture)
{
  g_autoptr(TlEngineAccount) account = tl_engine_account_new ();
  g_autoptr(GError) error = NULL;

  tl_engine_audio_prepare_start (fixture->audio);
  g_assert_true (tl_test_engine_start (fixture->engine, 15000, &error));
  g_assert_no_error (error);
  account->user = g_strdup ("alice");
  account->domain = g_strdup ("127.0.0.1");
  account->register_interval = 0;
  account->audio_codecs = g_strdup ("pcmu");
  g_assert_true (tl_test_engine_add_account (fixture->engine, account, 5000, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (tl_engine_get_state (fixture->engine) != TL_ENGINE_STATE_STOPPED &&
      tl_engine_get_state (fixture->engine) != TL_ENGINE_STATE_FAILED)
    tl_test_engine_stop (fixture->engine, 15000, NULL);
  g_clear_object (&fixture->audio);
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->map);
  g_clear_object (&fixture->catalog);
  tl_test_peer_free (fixture->peer);
  tl_test_pulse_free (fixture->pulse);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_free (fixture->scratch);
}

static void
dial_peer (Fixture *fixture)
{
  guint before = fixture->established;

  command (fixture, "dial", tl_test_peer_get_contact (fixture->peer));
  await_counter ("CALL_ESTABLISHED", &fixture->established, before + 1, 10000);
  g_assert_true (tl_engine_audio_get_in_call (fixture->audio));
}

static void
hang_up (Fixture *fixture)
{
  guint before = fixture->closed;

  command (fixture, "hangup", NULL);
  await_counter ("CALL_CLOSED", &fixture->closed, before + 1, 10000);
}

/* The peer's tone level on two sinks, recorded together for @seconds while
 * the main loop keeps running (the engine's control channel needs it). */
static void
tone_on (Fixture    *fixture,
         const char *sink_a,
         const char *sink_b,
         const char *label,
         double      seconds,
         double     *db_a,
         double     *db_b)
{
  const char *sinks[2] = { sink_a, sink_b };
  double *out[2] = { db_a, db_b };
  TlTestRecorder *recorders[2];
  char *paths[2];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s.wav", label, sinks[i]);

      paths[i] = g_build_filename (fixture->scratch, name, NULL);
      recorders[i] = tl_test_pulse_record_begin (fixture->pulse, sinks[i], paths[i], &error);
      g_assert_no_error (error);
    }
  tl_test_spin ((guint) (seconds * 1000));
  for (guint i = 0; i < 2; i++)
    {
      TlTestAudio audio = { 0 };

      g_assert_true (tl_test_recorder_finish (recorders[i], &error));
      g_assert_no_error (error);
      g_assert_true (tl_test_audio_load_wav (paths[i], &audio, &error));
      g_assert_no_error (error);
      /* Skip the first 0.2 s: the recorder's own start-up. */
      *out[i] = tl_test_audio_tone_dbfs (&audio, TONE_HZ, 0.2, seconds);
      g_test_message ("%s on %s: %.1f dBFS at %.0f Hz", label, sinks[i], *out[i], TONE_HZ);
      tl_test_audio_clear (&audio);
      g_free (paths[i]);
    }
}

static void
await_engine_speaker (Fixture    *fixture,
                      const char *device)
{
  TL_TEST_AWAIT (g_strcmp0 (tl_engine_audio_get_engine_speaker (fixture->audio), device) == 0, 10000,
                 "the engine plays on %s (wanted %s)", tl_engine_audio_get_engine_speaker (fixture->audio), device);
}

static void
test_switch_speaker_in_call (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *ringer_device = NULL;
  double speaker_db, ringer_db;

  tl_engine_audio_set_speaker (fixture->audio, "tl_speaker");
  start_engine (fixture);
  dial_peer (fixture);
  tl_test_spin (1000);
  tone_on (fixture, "tl_speaker", "tl_ringer", "before", 1.5, &speaker_db, &ringer_db);
  g_assert_cmpfloat (speaker_db, >, -40);
  g_assert_cmpfloat (ringer_db, <, -60);

  ringer_device = tl_audio_routing_dup_engine_device (TL_AUDIO_ROUTING (fixture->map),
                                                      TL_AUDIO_ROUTE_SPEAKER, "tl_ringer");
  g_assert_nonnull (ringer_device);
  tl_engine_audio_set_speaker (fixture->audio, "tl_ringer");
  await_engine_speaker (fixture, ringer_device);
  tl_test_spin (1000);
  tone_on (fixture, "tl_speaker", "tl_ringer", "after", 1.5, &speaker_db, &ringer_db);
  g_assert_cmpfloat (ringer_db, >, -40);
  g_assert_cmpfloat (speaker_db, <, -60);
  hang_up (fixture);
}

static gboolean
engine_ready_again (Fixture *fixture)
{
  return tl_engine_get_state (fixture->engine) == TL_ENGINE_STATE_READY &&
         !tl_engine_audio_get_restart_pending (fixture->audio);
}

static void
test_sink_added_later (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *module = NULL;
  g_autofree char *unload = NULL;
  g_autofree char *late_device = NULL;
  double late_db, speaker_db;
  GPid first_pid;

  tl_engine_audio_set_speaker (fixture->audio, "tl_speaker");
  start_engine (fixture);
  first_pid = tl_engine_get_pid (fixture->engine);

  /* During a call, the new sink cannot be used yet: the restart waits. */
  dial_peer (fixture);
  module = pactl (fixture->pulse, "load-module module-null-sink sink_name=tl_late rate=48000 "
                  "sink_properties=device.description=Late");
  unload = g_strconcat ("unload-module ", module, NULL);
  TL_TEST_AWAIT (tl_audio_catalog_lookup (fixture->catalog, TL_AUDIO_DIRECTION_OUTPUT, "tl_late") != NULL, 5000,
                 "%u devices listed, none is tl_late", g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)));
  tl_engine_audio_set_speaker (fixture->audio, "tl_late");
  g_assert_true (tl_engine_audio_get_restart_pending (fixture->audio));
  g_assert_cmpint (tl_engine_get_pid (fixture->engine), ==, first_pid);
  hang_up (fixture);

  /* Between calls the engine restarts and then sees it. */
  TL_TEST_AWAIT (tl_engine_get_pid (fixture->engine) != first_pid && engine_ready_again (fixture), 20000,
                 "engine %s, pid %d (first %d), restart %s", tl_engine_state_to_string (tl_engine_get_state (fixture->engine)),
                 (int) tl_engine_get_pid (fixture->engine), (int) first_pid,
                 tl_engine_audio_get_restart_pending (fixture->audio) ? "pending" : "not pending");
  g_assert_cmpint (tl_engine_get_pid (fixture->engine), !=, first_pid);
  late_device = tl_audio_routing_dup_engine_device (TL_AUDIO_ROUTING (fixture->map),
                                                    TL_AUDIO_ROUTE_SPEAKER, "tl_late");
  g_assert_nonnull (late_device);
  g_assert_cmpstr (tl_engine_audio_get_engine_speaker (fixture->audio), ==, late_device);
  /* The account is re-added by the engine supervisor; give it a moment. */
  tl_test_spin (500);
  dial_peer (fixture);
  tl_test_spin (1000);
  tone_on (fixture, "tl_late.monitor", "tl_speaker", "late", 1.5, &late_db, &speaker_db);
  g_assert_cmpfloat (late_db, >, -40);
  g_assert_cmpfloat (speaker_db, <, -60);
  hang_up (fixture);
  g_free (pactl (fixture->pulse, unload));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/audio/call/switch-speaker", Fixture, NULL, fixture_setup,
              test_switch_speaker_in_call, fixture_teardown);
  g_test_add ("/audio/call/sink-added-later", Fixture, NULL, fixture_setup,
              test_sink_added_later, fixture_teardown);
  return g_test_run ();
}
