/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calls end to end through a real Kamailio, with real audio both ways: the peer's
 * 1 kHz tone must reach our speaker sink and our 700 Hz microphone tone must reach
 * the peer's recording; hold, mute, DTMF, hostile names and an engine crash. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "tl-audio-catalog.h"
#include "tl-audio-engine-map.h"
#include "tl-call-manager.h"
#include "tl-engine-audio.h"
#include "tl-engine.h"
#include "tl-engine-private.h"
#include "tl-history-model.h"
#include "tl-history-store.h"
#include "tl-paths.h"
#include "tl-test-engine.h"
#include "tl-test-private.h"
#include "tl-test-trunk.h"
#include "tl-test-wire.h"

#define PEER_HZ 1000.0
#define OUR_HZ 700.0
#define PASSWORD "calls-pw-2718"
/* A tone clearly present in a recording (peak-based dBFS). */
#define PRESENT_DBFS -30.0
#define ABSENT_DBFS -55.0

typedef struct {
  const char *codec;         /* account and peer codec */
  const char *mediaenc;      /* NULL, or "srtp-mand" on both sides */
  gboolean    ip_auth;       /* no REGISTER: the proxy trusts our address */
  gboolean    fixed_port;    /* our engine on a known port (UDP and TCP alike) */
  gboolean    peer_any_codec; /* the peer takes every codec: only our account restricts */
} CallParams;

typedef struct {
  char             *scratch;
  TlTestPulse      *pulse;
  TlTestKamailio   *kamailio;
  TlTestPeer       *bob;
  TlAudioCatalog   *catalog;
  TlAudioEngineMap *map;
  TlEngine         *engine;
  TlEngineAudio    *audio;
  TlHistoryStore   *history;
  TlCallManager    *calls;
  GSubprocess      *mic_tone;
  char             *aor;
  guint             sip_port;
  guint             registered;
  gint64            unregistered_since_us; /* the engine left READY, or 0 */
  gint64            longest_unregistered_us;
  char             *bus_address;   /* a private message bus for CLI processes, or NULL */
  TlAccount        *account;       /* the stored-account side of our engine account */
} Fixture;

typedef struct {
  gboolean done;
  GError  *error;
} Wait;

static void
on_event (TlEngine *engine, TlEngineEvent *event, Fixture *fixture)
{
  if (event->type != TL_ENGINE_EVENT_REGISTER_OK)
    return;
  fixture->registered++;
  if (fixture->unregistered_since_us > 0)
    {
      fixture->longest_unregistered_us = MAX (fixture->longest_unregistered_us,
                                              g_get_monotonic_time () - fixture->unregistered_since_us);
      fixture->unregistered_since_us = 0;
    }
}

/* From the moment the engine stops being ready until it registers again. */
static void
on_engine_state (TlEngine *engine, GParamSpec *pspec, Fixture *fixture)
{
  if (tl_engine_get_state (engine) != TL_ENGINE_STATE_READY && fixture->unregistered_since_us == 0)
    fixture->unregistered_since_us = g_get_monotonic_time ();
}

static void
action_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *w = user_data;

  tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &w->error);
  w->done = TRUE;
}

static void
act (Fixture      *fixture,
     TlCall       *call,
     TlCallAction  action,
     const char   *argument)
{
  Wait w = { 0 };

  tl_call_manager_action_async (fixture->calls, call, action, argument, NULL, action_cb, &w);
  g_assert_true (tl_test_wait_for (&w.done, 10000));
  g_assert_no_error (w.error);
}

/* A peer event, while our own main loop keeps running (the peer waits on its own
 * context; blocking ours would leave our engine's events unread). */
static char *
wait_peer_event (TlTestPeer *peer,
                 const char *type,
                 guint       from,
                 guint       timeout_ms)
{
  TlTestDeadline deadline;
  char *found = NULL;

  tl_test_deadline_start (&deadline, timeout_ms);
  while ((found = tl_test_peer_wait_event_from (peer, type, from, 0)) == NULL
         && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  return found;
}

static void
await_call_state (TlCall      *call,
                  TlCallState  state,
                  guint        timeout_ms)
{
  TL_TEST_AWAIT (tl_call_get_state (call) == state, timeout_ms,
                 "call %s %s (wanted %s), ended %s %s", tl_call_get_id (call),
                 tl_call_state_to_string (tl_call_get_state (call)), tl_call_state_to_string (state),
                 tl_call_end_reason_to_string (tl_call_get_end_reason (call)),
                 tl_call_get_end_detail (call) != NULL ? tl_call_get_end_detail (call) : "");
}

static gboolean
has_calls (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)) > 0;
}

/* The first live call once there are @n. */
static TlCall *
await_calls (Fixture *fixture,
             guint    n,
             guint    timeout_ms)
{
  TL_TEST_AWAIT (g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)) >= n, timeout_ms,
                 "%u live calls (wanted %u)", g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)), n);
  return g_list_model_get_item (G_LIST_MODEL (fixture->calls), 0);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const CallParams *params = data;
  const char *users[] = { "alice:" PASSWORD, "bob:bobpw", "carol:carolpw", "mallory:malpw",
                          "dave:davepw", NULL };
  gboolean ip_auth = params != NULL && params->ip_auth;
  /* An IP-authenticated trunk: our engine on its own loopback address, trusted. */
  TlTestKamailioOptions kam = { .users = users, .trusted_address = ip_auth ? "127.0.0.2" : NULL };
  TlTestPeerOptions bob = { .user = "bob", .password = "bobpw", .tone_hz = PEER_HZ,
                            /* The peer's Opus is stereo, as engines are by default. */
                            .codecs = params == NULL ? "pcmu" : params->peer_any_codec ? NULL
                                      : g_str_has_prefix (params->codec, "opus") ? "opus/48000/2" : params->codec,
                            .mediaenc = params != NULL ? params->mediaenc : NULL,
                            .auto_answer = TRUE };
  g_autoptr(TlEngineAccount) account = tl_engine_account_new ();
  g_autofree char *history_path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->scratch = tl_test_scratch_new ("calls");
  fixture->pulse = tl_test_pulse_start (fixture->scratch, &error);
  g_assert_no_error (error);
  tl_test_pulse_apply_to_self (fixture->pulse);
  fixture->kamailio = tl_test_kamailio_start (fixture->scratch, &kam, &error);
  g_assert_no_error (error);
  bob.registrar = tl_test_kamailio_get_hostport (fixture->kamailio);
  fixture->bob = tl_test_peer_start (fixture->scratch, &bob, &error);
  g_assert_no_error (error);

  fixture->catalog = tl_audio_catalog_new ();
  tl_audio_catalog_start (fixture->catalog);
  TL_TEST_AWAIT (tl_audio_catalog_get_state (fixture->catalog) != TL_AUDIO_CATALOG_STATE_STARTING, 10000,
                 "the device catalog %s", tl_audio_catalog_state_to_string (tl_audio_catalog_get_state (fixture->catalog)));
  g_assert_cmpint (tl_audio_catalog_get_state (fixture->catalog), ==, TL_AUDIO_CATALOG_STATE_READY);
  fixture->map = tl_audio_engine_map_new (fixture->catalog);

  history_path = g_build_filename (fixture->scratch, "history.sqlite", NULL);
  fixture->history = tl_history_store_open (history_path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);

  fixture->engine = tl_engine_new ();
  if (params != NULL && params->fixed_port)
    {
      g_autofree char *listen = NULL;

      fixture->sip_port = tl_test_free_port_pair ();
      listen = g_strdup_printf ("127.0.0.1:%u", fixture->sip_port);
      tl_engine_set_listen_address (fixture->engine, listen);
    }
  else
    tl_engine_set_listen_address (fixture->engine, ip_auth ? "127.0.0.2:0" : "127.0.0.1:0");
  g_signal_connect (fixture->engine, "event", G_CALLBACK (on_event), fixture);
  fixture->audio = tl_engine_audio_new (fixture->engine, TL_AUDIO_ROUTING (fixture->map));
  fixture->calls = tl_call_manager_new (fixture->engine, fixture->history);
  tl_engine_audio_prepare_start (fixture->audio);
  g_assert_true (tl_test_engine_start (fixture->engine, 15000, &error));
  g_assert_no_error (error);

  account->user = g_strdup ("alice");
  /* Calls to sip:bob@127.0.0.1 go through the trunk's proxy, as on a real trunk. */
  account->domain = g_strdup ("127.0.0.1");
  account->outbound = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (fixture->kamailio));
  account->password = ip_auth ? NULL : g_strdup (PASSWORD);
  account->register_interval = ip_auth ? 0 : 600;
  account->audio_codecs = g_strdup (params != NULL ? params->codec : "pcmu");
  account->media_encryption = g_strdup (params != NULL ? params->mediaenc : NULL);
  g_assert_true (tl_test_engine_add_account (fixture->engine, account, 5000, &error));
  g_assert_no_error (error);
  TL_TEST_AWAIT (ip_auth || fixture->registered > 0, 10000, "no REGISTER_OK, engine %s",
                 tl_engine_state_to_string (tl_engine_get_state (fixture->engine)));
  fixture->aor = tl_engine_account_get_aor (account);
  fixture->account = tl_account_new_with_id ("acct-alice");
  tl_call_manager_set_account (fixture->calls, fixture->aor, fixture->account);

  /* Our "mouth": a 700 Hz tone into the virtual microphone for the whole test. */
  fixture->mic_tone = tl_test_pulse_play_tone (fixture->pulse, "tl_mic", OUR_HZ, 60, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->mic_tone != NULL)
    {
      g_subprocess_force_exit (fixture->mic_tone);
      tl_test_subprocess_wait (fixture->mic_tone, 5000, NULL);
      g_clear_object (&fixture->mic_tone);
    }
  tl_test_engine_stop (fixture->engine, 15000, NULL);
  g_clear_object (&fixture->calls);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->audio);
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->map);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->history);
  tl_test_peer_free (fixture->bob);
  tl_test_kamailio_free (fixture->kamailio);
  tl_test_pulse_free (fixture->pulse);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_free (fixture->scratch);
  g_free (fixture->aor);
}

/* Records our speaker for @seconds while the main loop keeps running. */
static void
record_speaker (Fixture     *fixture,
                const char  *path,
                double       seconds,
                TlTestAudio *out)
{
  g_autoptr(GError) error = NULL;
  TlTestRecorder *recorder = tl_test_pulse_record_begin (fixture->pulse, "tl_speaker.monitor", path, &error);

  g_assert_no_error (error);
  tl_test_spin ((guint) (seconds * 1000));
  g_assert_true (tl_test_recorder_finish (recorder, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_audio_load_wav (path, out, &error));
  g_assert_no_error (error);
}

static double
tone_level (const TlTestAudio *audio,
            double             hz)
{
  double len = (double) audio->n_samples / audio->rate;

  /* Skip the first and last 200 ms: device start and stop. */
  return tl_test_audio_tone_dbfs (audio, hz, 0.2, MAX (len - 0.4, 0.1));
}

static char *
peer_recording (Fixture *fixture)
{
  TlTestDeadline deadline;
  char *path;

  /* The peer writes its WAV when the call ends. */
  tl_test_deadline_start (&deadline, 5000);
  while ((path = tl_test_peer_last_recording (fixture->bob)) == NULL && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  return path;
}

static void
hang_up_and_check_history (Fixture        *fixture,
                           TlCall         *call,
                           TlCallDirection direction)
{
  g_autoptr(TlHistoryEntry) entry = NULL;

  act (fixture, call, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (call, TL_CALL_STATE_ENDED, 10000);
  g_assert_cmpint (tl_call_get_end_reason (call), ==, TL_CALL_END_HUNG_UP);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)), ==, 0);
  tl_test_spin (300);
  g_assert_true (tl_history_store_flush (fixture->history, NULL));
  {
    g_autoptr(GListModel) rows = G_LIST_MODEL (tl_history_model_new (fixture->history));

    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
    entry = g_list_model_get_item (rows, 0);
  }
  g_assert_cmpint (tl_history_entry_get_direction (entry), ==,
                   direction == TL_CALL_DIRECTION_INCOMING ? TL_HISTORY_DIRECTION_INCOMING
                                                           : TL_HISTORY_DIRECTION_OUTGOING);
  g_assert_cmpint (tl_history_entry_get_answered (entry), >, 0);
  g_assert_cmpint (tl_history_entry_get_ended (entry), >, 0);
  g_assert_false (tl_history_entry_get_missed (entry));
  /* The codec the call used is kept with it. */
  g_assert_cmpstr (tl_history_entry_get_codec (entry), ==, tl_call_get_codec (call));
  g_assert_cmpstr (tl_history_entry_get_codec (entry), !=, "");
  /* With an RTCP report during the call, its summary carries an E-model MOS
   * (a clean loopback call rates well above 4); without one, none. */
  if (tl_call_get_loss_percent (call) >= 0)
    {
      g_test_message ("history MOS %.2f (loss %.1f %%, jitter %.1f ms, rtt %.1f ms)",
                      tl_history_entry_get_mos (entry), tl_call_get_loss_percent (call),
                      tl_call_get_jitter_ms (call), tl_call_get_rtt_ms (call));
      g_assert_cmpfloat (tl_history_entry_get_mos (entry), >, 4.0);
      g_assert_cmpfloat (tl_history_entry_get_mos (entry), <=, 4.5);
    }
  else
    g_assert_cmpfloat (tl_history_entry_get_mos (entry), <, 0);
}

static void
test_outgoing_audio (Fixture       *fixture,
                     gconstpointer  data)
{
  const CallParams *params = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *ours_path = g_build_filename (fixture->scratch, "speaker.wav", NULL);
  g_autofree char *theirs = NULL;
  TlTestAudio ours = { 0 }, peer = { 0 };
  TlCall *call;

  call = tl_call_manager_dial (fixture->calls, fixture->aor, "sip:bob@127.0.0.1", &error);
  g_assert_no_error (error);
  g_object_ref (call);
  await_call_state (call, TL_CALL_STATE_ESTABLISHED, 10000);
  g_assert_nonnull (tl_call_get_id (call));
  g_assert_cmpint (tl_call_get_setup_ms (call), >=, 0);
  g_test_message ("%s: established %d ms after dial", params->codec, tl_call_get_setup_ms (call));
  /* The peer takes every codec here: what it got offered is what our account forced
   * (its call status lists our offer as its "remote formats"). */
  {
    g_autofree char *status = tl_test_peer_command (fixture->bob, "callstat", NULL, &error);
    g_autofree char *lower = NULL;
    g_autofree char *name = g_strndup (params->codec, strcspn (params->codec, "/"));
    g_autofree char *wanted = g_strconcat (name, "/", NULL);
    const char *offer;
    const char *end;
    g_autofree char *formats = NULL;
    const char *codecs[] = { "opus/", "pcmu/", "pcma/", "g722/", NULL };

    g_assert_no_error (error);
    lower = g_ascii_strdown (status, -1);
    offer = strstr (lower, "remote formats:");
    end = offer != NULL ? strstr (offer, "attributes:") : NULL;
    g_assert_nonnull (end);
    formats = g_strndup (offer, (gsize) (end - offer));
    g_test_message ("our offer as the peer saw it: %s", formats);
    /* …and the call knows which codec it sends with (the history keeps it). */
    {
      TL_TEST_AWAIT (tl_call_get_codec (call) != NULL, 5000, "call %s %s with no codec", tl_call_get_id (call),
                     tl_call_state_to_string (tl_call_get_state (call)));
      g_test_message ("the call's codec: %s", tl_call_get_codec (call));
      g_assert_true (g_ascii_strncasecmp (tl_call_get_codec (call), wanted, strlen (wanted)) == 0);
    }
    g_assert_nonnull (strstr (formats, wanted));
    for (guint i = 0; codecs[i] != NULL; i++)
      if (strcmp (codecs[i], wanted) != 0)
        g_assert_null (strstr (formats, codecs[i]));
  }

  record_speaker (fixture, ours_path, 2.5, &ours);
  hang_up_and_check_history (fixture, call, TL_CALL_DIRECTION_OUTGOING);
  theirs = peer_recording (fixture);
  g_assert_nonnull (theirs);
  g_assert_true (tl_test_audio_load_wav (theirs, &peer, &error));
  g_assert_no_error (error);

  g_test_message ("%s: at our speaker %.1f dBFS of the peer's tone; at the peer %.1f dBFS of ours",
                  params->codec, tone_level (&ours, PEER_HZ), tone_level (&peer, OUR_HZ));
  g_assert_cmpfloat (tone_level (&ours, PEER_HZ), >, PRESENT_DBFS);
  g_assert_cmpfloat (tone_level (&peer, OUR_HZ), >, PRESENT_DBFS);
  /* Each side hears the other, not itself. */
  g_assert_cmpfloat (tone_level (&ours, OUR_HZ), <, tone_level (&ours, PEER_HZ) - 20);
  tl_test_audio_clear (&ours);
  tl_test_audio_clear (&peer);
  g_object_unref (call);
}

static void
test_incoming_audio (Fixture       *fixture,
                     gconstpointer  data)
{
  const CallParams *params = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *ours_path = g_build_filename (fixture->scratch, "speaker.wav", NULL);
  g_autofree char *theirs = NULL;
  TlTestAudio ours = { 0 }, peer = { 0 };
  g_autoptr(TlCall) call = NULL;

  g_free (tl_test_peer_command (fixture->bob, "dial", "sip:alice@127.0.0.1", &error));
  g_assert_no_error (error);
  call = await_calls (fixture, 1, 10000);
  g_assert_cmpint (tl_call_get_direction (call), ==, TL_CALL_DIRECTION_INCOMING);
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_INCOMING);
  g_assert_cmpstr (tl_call_get_peer_number (call), ==, "bob");

  act (fixture, call, TL_CALL_ACTION_ANSWER, NULL);
  await_call_state (call, TL_CALL_STATE_ESTABLISHED, 10000);
  record_speaker (fixture, ours_path, 2.5, &ours);
  hang_up_and_check_history (fixture, call, TL_CALL_DIRECTION_INCOMING);
  theirs = peer_recording (fixture);
  g_assert_true (tl_test_audio_load_wav (theirs, &peer, &error));
  g_assert_no_error (error);
  g_test_message ("%s incoming: at our speaker %.1f dBFS; at the peer %.1f dBFS",
                  params->codec, tone_level (&ours, PEER_HZ), tone_level (&peer, OUR_HZ));
  g_assert_cmpfloat (tone_level (&ours, PEER_HZ), >, PRESENT_DBFS);
  g_assert_cmpfloat (tone_level (&peer, OUR_HZ), >, PRESENT_DBFS);
  tl_test_audio_clear (&ours);
  tl_test_audio_clear (&peer);
}

static void
test_hold_mute_dtmf (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *held_path = g_build_filename (fixture->scratch, "held.wav", NULL);
  g_autofree char *resumed_path = g_build_filename (fixture->scratch, "resumed.wav", NULL);
  g_autofree char *muted_path = g_build_filename (fixture->scratch, "muted.wav", NULL);
  g_autofree char *dtmf = NULL;
  TlTestAudio held = { 0 }, resumed = { 0 }, muted = { 0 };
  guint events_before;
  TlCall *call;

  call = tl_call_manager_dial (fixture->calls, fixture->aor, "sip:bob@127.0.0.1", &error);
  g_assert_no_error (error);
  g_object_ref (call);
  await_call_state (call, TL_CALL_STATE_ESTABLISHED, 10000);

  /* Hold: nothing from the peer reaches our speaker. */
  act (fixture, call, TL_CALL_ACTION_HOLD, NULL);
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_HELD);
  tl_test_spin (500);
  record_speaker (fixture, held_path, 1.5, &held);
  act (fixture, call, TL_CALL_ACTION_RESUME, NULL);
  g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_ESTABLISHED);
  tl_test_spin (500);
  record_speaker (fixture, resumed_path, 1.5, &resumed);
  g_test_message ("peer tone at our speaker: held %.1f dBFS, resumed %.1f dBFS",
                  tone_level (&held, PEER_HZ), tone_level (&resumed, PEER_HZ));
  g_assert_cmpfloat (tone_level (&held, PEER_HZ), <, ABSENT_DBFS);
  g_assert_cmpfloat (tone_level (&resumed, PEER_HZ), >, PRESENT_DBFS);

  /* Mute silences only our side: the peer still reaches us. */
  act (fixture, call, TL_CALL_ACTION_MUTE, "yes");
  g_assert_true (tl_call_get_muted (call));
  tl_test_spin (300);
  record_speaker (fixture, muted_path, 1.5, &muted);
  g_assert_cmpfloat (tone_level (&muted, PEER_HZ), >, PRESENT_DBFS);
  act (fixture, call, TL_CALL_ACTION_MUTE, "no");
  g_assert_false (tl_call_get_muted (call));

  /* DTMF arrives at the peer: asserted from the peer's own events. */
  events_before = tl_test_peer_get_event_count (fixture->bob);
  act (fixture, call, TL_CALL_ACTION_DTMF, "4");
  dtmf = wait_peer_event (fixture->bob, "CALL_DTMF_START", events_before, 5000);
  g_test_message ("peer saw: %s", dtmf);
  g_assert_nonnull (dtmf);
  g_assert_nonnull (strstr (dtmf, "\"param\":\"4\""));

  act (fixture, call, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (call, TL_CALL_STATE_ENDED, 10000);
  tl_test_audio_clear (&held);
  tl_test_audio_clear (&resumed);
  tl_test_audio_clear (&muted);
  g_object_unref (call);
}

static void
test_engine_dies_mid_call (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryEntry) entry = NULL;
  g_autoptr(GListModel) rows = NULL;
  TlCall *call;

  call = tl_call_manager_dial (fixture->calls, fixture->aor, "sip:bob@127.0.0.1", &error);
  g_assert_no_error (error);
  g_object_ref (call);
  await_call_state (call, TL_CALL_STATE_ESTABLISHED, 10000);
  tl_test_kill (tl_engine_get_pid (fixture->engine), SIGKILL);
  await_call_state (call, TL_CALL_STATE_ENDED, 10000);
  g_assert_cmpint (tl_call_get_end_reason (call), ==, TL_CALL_END_ENGINE_RESTARTED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)), ==, 0);
  g_assert_true (tl_history_store_flush (fixture->history, NULL));
  rows = G_LIST_MODEL (tl_history_model_new (fixture->history));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  entry = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (tl_history_entry_get_end_reason (entry), ==, "engine-restarted");
  g_object_unref (call);
}

static void
test_hostile_caller (Fixture       *fixture,
                     gconstpointer  data)
{
  /* Names the engine can carry in a display name: markup, format directives,
   * bidi overrides, invalid UTF-8 is made valid by the channel. */
  const char *hostile = "<b>Boss</b> %s%n\xe2\x80\xae" "dlrow &amp;";
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strdup_printf ("\"%s\" <sip:mallory@127.0.0.1>;auth_pass=malpw;"
                                           "outbound=\"sip:%s;lr\";regint=0;answermode=manual",
                                           hostile, tl_test_kamailio_get_hostport (fixture->kamailio));
  g_autoptr(TlCall) call = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(TlHistoryEntry) entry = NULL;
  const char *name;

  /* Mallory calls from the peer's engine, through the trunk's proxy. */
  g_free (tl_test_peer_command (fixture->bob, "uanew", line, &error));
  g_assert_no_error (error);
  g_free (tl_test_peer_command (fixture->bob, "uafind", "sip:mallory@127.0.0.1", &error));
  g_assert_no_error (error);
  g_free (tl_test_peer_command (fixture->bob, "dial", "sip:alice@127.0.0.1", &error));
  g_assert_no_error (error);
  call = await_calls (fixture, 1, 10000);
  name = tl_call_get_peer_name (call);
  g_test_message ("caller name as kept: %s", name);
  g_assert_nonnull (name);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_nonnull (strstr (name, "<b>Boss</b> %s%n"));    /* kept as text, not interpreted */
  g_assert_null (strstr (name, "\xe2\x80\xae"));            /* no direction override */
  act (fixture, call, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (call, TL_CALL_STATE_ENDED, 10000);
  g_assert_cmpint (tl_call_get_end_reason (call), ==, TL_CALL_END_REJECTED);
  g_assert_cmpint (tl_engine_get_state (fixture->engine), ==, TL_ENGINE_STATE_READY);

  /* Stored exactly once, as the same safe text. */
  g_assert_true (tl_history_store_flush (fixture->history, NULL));
  rows = G_LIST_MODEL (tl_history_model_new (fixture->history));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  entry = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (tl_history_entry_get_peer_name (entry), ==, name);
}

/* Places a call to bob and waits until it is established. */
static TlCall *
call_bob (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  TlCall *call = tl_call_manager_dial (fixture->calls, fixture->aor, "sip:bob@127.0.0.1", &error);

  g_assert_no_error (error);
  g_object_ref (call);
  await_call_state (call, TL_CALL_STATE_ESTABLISHED, 10000);
  return call;
}

/* The engine restarts for its memory only once no call is up: a call closing
 * while another is up defers it, the last one closing runs it, and the
 * account is registered again within a round trip of the new engine. */
static void
test_memory_restart_when_idle (Fixture       *fixture,
                               gconstpointer  data)
{
  TlTestPeerOptions carol_options = { .user = "carol", .password = "carolpw", .tone_hz = 500,
                                      .codecs = "pcmu",
                                      .registrar = tl_test_kamailio_get_hostport (fixture->kamailio) };
  g_autoptr(TlTestPeer) carol = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCall) second = NULL;
  g_autofree char *established = NULL;
  GPid first_pid = tl_engine_get_pid (fixture->engine);
  guint registered;
  TlCall *first;

  g_signal_connect (fixture->engine, "notify::state", G_CALLBACK (on_engine_state), fixture);
  tl_engine_set_memory_growth_limit (fixture->engine, TL_ENGINE_DEFAULT_MEMORY_GROWTH_PERCENT);
  carol = tl_test_peer_start (fixture->scratch, &carol_options, &error);
  g_assert_no_error (error);

  /* The first call of the run sets what the engine is allowed to grow from. */
  first = call_bob (fixture);
  act (fixture, first, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (first, TL_CALL_STATE_ENDED, 10000);
  g_clear_object (&first);
  TL_TEST_AWAIT (fixture->engine->run_rss_baseline_kib > 0, 5000, "no memory figure after the first call");
  g_assert_cmpuint (tl_engine_get_memory_restart_count (fixture->engine), ==, 0);
  /* As if the engine had grown past its limit in that call. */
  fixture->engine->run_rss_baseline_kib = 1;

  /* Two calls up; the second one closing must not restart the engine under the first. */
  first = call_bob (fixture);
  g_free (tl_test_peer_command (carol, "dial", "sip:alice@127.0.0.1", &error));
  g_assert_no_error (error);
  g_object_unref (await_calls (fixture, 2, 10000));
  second = g_list_model_get_item (G_LIST_MODEL (fixture->calls), 1);
  act (fixture, second, TL_CALL_ACTION_ANSWER, NULL);
  await_call_state (second, TL_CALL_STATE_ESTABLISHED, 10000);
  established = wait_peer_event (carol, "CALL_ESTABLISHED", 0, 5000);
  g_assert_nonnull (established);
  g_free (tl_test_peer_command (carol, "hangup", NULL, &error));
  g_assert_no_error (error);
  await_call_state (second, TL_CALL_STATE_ENDED, 10000);
  await_call_state (first, TL_CALL_STATE_ESTABLISHED, 5000);
  tl_test_spin (1500);
  g_assert_cmpint (tl_engine_get_pid (fixture->engine), ==, first_pid);
  g_assert_cmpint (tl_engine_get_state (fixture->engine), ==, TL_ENGINE_STATE_READY);
  g_assert_cmpint (tl_call_get_state (first), ==, TL_CALL_STATE_ESTABLISHED);
  g_assert_cmpuint (tl_engine_get_memory_restart_count (fixture->engine), ==, 0);

  /* The last call closing lets it happen, and the account registers again. */
  registered = fixture->registered;
  act (fixture, first, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (first, TL_CALL_STATE_ENDED, 10000);
  g_clear_object (&first);
  TL_TEST_AWAIT (tl_engine_get_memory_restart_count (fixture->engine) == 1, 5000, "no restart once idle");
  TL_TEST_AWAIT (fixture->registered > registered && tl_engine_get_state (fixture->engine) == TL_ENGINE_STATE_READY,
                 10000, "not registered again after the restart (engine %s)",
                 tl_engine_state_to_string (tl_engine_get_state (fixture->engine)));
  g_assert_cmpint (tl_engine_get_pid (fixture->engine), !=, first_pid);
  g_assert_true (tl_engine_has_account (fixture->engine, fixture->aor));
  g_test_message ("without registration for %.0f ms across the restart",
                  fixture->longest_unregistered_us / 1000.0);
  /* Quit (an un-REGISTER on loopback), start, REGISTER: well under this. */
  g_assert_cmpint (fixture->longest_unregistered_us, <, 3 * G_USEC_PER_SEC);

  /* And the new engine carries calls. */
  first = call_bob (fixture);
  act (fixture, first, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (first, TL_CALL_STATE_ENDED, 10000);
  g_object_unref (first);
  g_signal_handlers_disconnect_by_func (fixture->engine, on_engine_state, fixture);
}

static void
test_srtp_on_the_wire (Fixture       *fixture,
                       gconstpointer  data)
{
  const CallParams *params = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestCapture) capture = NULL;
  g_autoptr(GPtrArray) datagrams = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  gboolean ours_checked = FALSE;
  TlCall *call;

  capture = tl_test_capture_start (fixture->scratch, "udp", &error);
  g_assert_no_error (error);
  call = call_bob (fixture);
  tl_test_spin (2500);
  act (fixture, call, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (call, TL_CALL_STATE_ENDED, 10000);
  g_assert_true (tl_call_get_srtp (call));   /* the engine reported media encryption */
  datagrams = tl_test_capture_read_udp (capture, &error);
  g_assert_no_error (error);
  messages = tl_test_sip_messages_from_datagrams (datagrams);
  streams = tl_test_rtp_streams_from_datagrams (datagrams, 5);

  /* Our stream (our 700 Hz) must be SRTP that decrypts, with our SDES key, to
   * Opus carrying the tone; an independent check of encryption and codec. */
  for (guint i = 0; i < streams->len; i++)
    {
      TlTestRtpStream *stream = g_ptr_array_index (streams, i);
      const TlTestSdp *sdp = tl_test_rtp_stream_find_sender_sdp (stream, messages);
      g_autofree char *summary = NULL;
      TlTestRtpProtection protection;

      g_test_message ("stream %u -> %u, pt %u, %u packets, sender SDP %s",
                      stream->src_port, stream->dst_port, stream->payload_type, stream->packets->len,
                      sdp == NULL ? "not found" : sdp->audio_proto);
      if (sdp == NULL || sdp->crypto == NULL || sdp->crypto->len == 0)
        continue;
      protection = tl_test_rtp_stream_classify (stream, sdp, OUR_HZ, &summary);
      g_test_message ("stream %u -> %u: %s", stream->src_port, stream->dst_port, summary);
      if (protection == TL_TEST_RTP_SRTP)
        {
          TlTestRtpStream *clear;
          TlTestAudio audio = { 0 };
          guint failed = 0;

          clear = tl_test_rtp_stream_unprotect (stream, g_ptr_array_index (sdp->crypto, 0), &failed, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (failed, ==, 0);
          g_assert_true (tl_test_rtp_stream_decode (clear, tl_test_sdp_get_codec (sdp, stream->payload_type),
                                                    &audio, NULL, &error));
          g_assert_no_error (error);
          tl_test_rtp_stream_free (clear);
          {
            double level = -200, margin;

            margin = tl_test_audio_tone_margin (&audio, OUR_HZ, 0.2, 1.5, &level, NULL, NULL);
            g_test_message ("decrypted: 700 Hz at %.1f dBFS, %.1f dB above anything else", level, margin);
            if (margin > 20 && level > PRESENT_DBFS)
              ours_checked = TRUE;
          }
          tl_test_audio_clear (&audio);
        }
    }
  g_assert_true (ours_checked);
  g_test_message ("%s: our SRTP stream decrypted and decoded to the 700 Hz tone", params->codec);
  g_object_unref (call);
}

static void
test_ip_auth_call (Fixture       *fixture,
                   gconstpointer  data)
{
  TlCall *call;

  if (tl_test_engine_skip_without_alias_addresses (fixture->engine))
    return;
  /* No REGISTER at all; the proxy lets the call through on our address alone. */
  g_assert_cmpuint (fixture->registered, ==, 0);
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "alice"), ==, 0);
  call = call_bob (fixture);
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "INVITE", "alice"), >=, 1);
  act (fixture, call, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (call, TL_CALL_STATE_ENDED, 10000);
  g_object_unref (call);
}

static void
test_blind_transfer (Fixture       *fixture,
                     gconstpointer  data)
{
  TlTestPeerOptions carol_options = { .user = "carol", .password = "carolpw", .tone_hz = 500,
                                      .codecs = "pcmu", .auto_answer = TRUE,
                                      .registrar = tl_test_kamailio_get_hostport (fixture->kamailio) };
  g_autoptr(TlTestPeer) carol = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *carol_call = NULL;
  TlCall *call;

  carol = tl_test_peer_start (fixture->scratch, &carol_options, &error);
  g_assert_no_error (error);
  call = call_bob (fixture);
  /* Attended transfer needs engine 3.0 or later: 1.0.0 says so before anything is sent. */
  if (tl_engine_get_dialect (fixture->engine)->has_attended_transfer)
    g_assert_true (tl_call_manager_has_attended_transfer (fixture->calls));
  else
    {
      Wait w = { 0 };

      g_assert_false (tl_call_manager_has_attended_transfer (fixture->calls));
      tl_call_manager_action_async (fixture->calls, call, TL_CALL_ACTION_TRANSFER_START, "sip:carol@127.0.0.1",
                                    NULL, action_cb, &w);
      g_assert_true (tl_test_wait_for (&w.done, 5000));
      g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_nonnull (strstr (w.error->message, "1.0.0"));
      g_clear_error (&w.error);
      g_assert_cmpint (tl_call_get_state (call), ==, TL_CALL_STATE_ESTABLISHED);
    }
  act (fixture, call, TL_CALL_ACTION_TRANSFER, "sip:carol@127.0.0.1");
  /* Bob is sent on to carol: carol's own engine sees the call come in from bob. */
  carol_call = wait_peer_event (carol, "CALL_ESTABLISHED", 0, 10000);
  g_test_message ("carol: %s", carol_call);
  g_assert_nonnull (carol_call);
  g_assert_nonnull (strstr (carol_call, "sip:bob@127.0.0.1"));
  await_call_state (call, TL_CALL_STATE_ENDED, 10000);
  g_assert_cmpint (tl_call_get_end_reason (call), ==, TL_CALL_END_TRANSFERRED);
  g_object_unref (call);
}

static void
test_call_waiting (Fixture       *fixture,
                   gconstpointer  data)
{
  TlTestPeerOptions carol_options = { .user = "carol", .password = "carolpw", .tone_hz = 500,
                                      .codecs = "pcmu",
                                      .registrar = tl_test_kamailio_get_hostport (fixture->kamailio) };
  g_autoptr(TlTestPeer) carol = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCall) second = NULL;
  g_autofree char *established = NULL;
  TlCall *first;

  carol = tl_test_peer_start (fixture->scratch, &carol_options, &error);
  g_assert_no_error (error);
  first = call_bob (fixture);

  /* A second call arrives while the first is up. */
  g_free (tl_test_peer_command (carol, "dial", "sip:alice@127.0.0.1", &error));
  g_assert_no_error (error);
  g_object_unref (await_calls (fixture, 2, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)), ==, 2);
  second = g_list_model_get_item (G_LIST_MODEL (fixture->calls), 1);
  g_assert_cmpint (tl_call_get_state (second), ==, TL_CALL_STATE_INCOMING);
  g_assert_cmpint (tl_call_get_state (first), ==, TL_CALL_STATE_ESTABLISHED);

  /* Answering it puts the first on hold. */
  act (fixture, second, TL_CALL_ACTION_ANSWER, NULL);
  await_call_state (second, TL_CALL_STATE_ESTABLISHED, 10000);
  g_assert_cmpint (tl_call_get_state (first), ==, TL_CALL_STATE_HELD);
  g_free (established);
  established = wait_peer_event (carol, "CALL_ESTABLISHED", 0, 5000);
  g_assert_nonnull (established);

  /* Switching lines: resuming the first holds the second, and back. */
  act (fixture, first, TL_CALL_ACTION_RESUME, NULL);
  g_assert_cmpint (tl_call_get_state (first), ==, TL_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (tl_call_get_state (second), ==, TL_CALL_STATE_HELD);
  act (fixture, second, TL_CALL_ACTION_RESUME, NULL);
  g_assert_cmpint (tl_call_get_state (second), ==, TL_CALL_STATE_ESTABLISHED);
  g_assert_cmpint (tl_call_get_state (first), ==, TL_CALL_STATE_HELD);

  /* The caller on the second line hangs up: the 1.0.0 engine resumes the first
   * call by itself, without telling; the model must follow. 4.x leaves it held
   * until asked. */
  g_free (tl_test_peer_command (carol, "hangup", NULL, &error));
  g_assert_no_error (error);
  await_call_state (second, TL_CALL_STATE_ENDED, 10000);
  if (!tl_engine_get_dialect (fixture->engine)->resumes_held_call)
    {
      g_assert_cmpint (tl_call_get_state (first), ==, TL_CALL_STATE_HELD);
      act (fixture, first, TL_CALL_ACTION_RESUME, NULL);
    }
  await_call_state (first, TL_CALL_STATE_ESTABLISHED, 5000);
  g_assert_false (tl_call_get_held (first));
  act (fixture, first, TL_CALL_ACTION_HANGUP, NULL);
  await_call_state (first, TL_CALL_STATE_ENDED, 10000);
  g_object_unref (first);
}

/* Runs trunkline-cli with private folders (and this process's test PulseAudio). */
static GSubprocess *
spawn_cli (Fixture            *fixture,
           const char *const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *home = g_build_filename (fixture->scratch, "cli-home", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (char *) g_getenv ("TL_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", home, TRUE);
  if (fixture->bus_address != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", fixture->bus_address, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_mkdir_with_parents (home, 0700);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

/* Feeds @input and collects the output while the main loop (our peers) runs. */
static int
finish_cli (GSubprocess *proc,
            const char  *input,
            char       **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_true (tl_test_subprocess_communicate (proc, input, 60000, out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_wait (proc, 5000, NULL));
  if (err != NULL && *err != '\0')
    g_test_message ("stderr: %s", err);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

static gboolean
dave_registered_again (Fixture *fixture)
{
  g_autofree char *latest = tl_test_kamailio_last_contact (fixture->kamailio, "dave");

  return latest != NULL && tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "dave") >= 5;
}

static void
test_cli_call_and_answer (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *proxy = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (fixture->kamailio));
  const char *add[] = { "accounts", "add", "--user", "dave", "--domain", "127.0.0.1", "--proxy", proxy,
                        "--codecs", "pcmu", NULL };
  const char *call[] = { "call", "sip:bob@127.0.0.1", "--password-stdin", "--duration", "1",
                         "--listen", "127.0.0.1:0", NULL };
  /* The ringer is a device of its own: the ring must reach it. */
  const char *answer[] = { "answer", "--password-stdin", "--duration", "1", "--timeout", "30",
                           "--listen", "127.0.0.1:0", "--ringer", "tl_ringer", "--answer-after", "2", NULL };
  g_autofree char *ring_path = g_build_filename (fixture->scratch, "ringer.wav", NULL);
  TlTestRecorder *ring_recorder = NULL;
  TlTestAudio ring = { 0 };
  g_autoptr(GSubprocess) adder = NULL;
  g_autoptr(GSubprocess) caller = NULL;
  g_autoptr(GSubprocess) answerer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *contact = NULL;
  TlTestPending *pending;
  g_autofree char *pending_out = NULL;
  g_autofree char *pending_err = NULL;

  adder = spawn_cli (fixture, add);
  g_assert_cmpint (finish_cli (adder, NULL, &out), ==, 0);
  g_clear_pointer (&out, g_free);

  /* call: registers, dials through the proxy, stays 1 s, hangs up, one JSON line. */
  caller = spawn_cli (fixture, call);
  g_assert_cmpint (finish_cli (caller, "davepw\n", &out), ==, 0);
  g_test_message ("call: %s", out);
  g_assert_nonnull (strstr (out, "\"state_reached\":\"established\""));
  g_assert_nonnull (strstr (out, "\"end_reason\":\"hung-up\""));
  g_assert_nonnull (strstr (out, "\"codec\":\"PCMU/8000/1\""));
  g_assert_nonnull (strstr (out, "\"setup_ms\":"));

  /* answer: waits for one call; bob calls dave once dave is registered. */
  answerer = spawn_cli (fixture, answer);
  pending = tl_test_subprocess_communicate_begin (answerer, "davepw\n");
  /* The call command's binding was removed at its exit; wait for a new one. */
  TL_TEST_AWAIT (dave_registered_again (fixture), 15000, "%u REGISTER requests from dave",
                 tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "dave"));
  tl_test_spin (300);
  ring_recorder = tl_test_pulse_record_begin (fixture->pulse, "tl_ringer.monitor", ring_path, &error);
  g_assert_no_error (error);
  g_free (tl_test_peer_command (fixture->bob, "dial", "sip:dave@127.0.0.1", &error));
  g_assert_no_error (error);
  tl_test_spin (1800);
  g_assert_true (tl_test_recorder_finish (ring_recorder, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_audio_load_wav (ring_path, &ring, &error));
  g_assert_no_error (error);
  g_test_message ("ringtone on the ringer sink: %.1f dBFS at 440 Hz",
                  tl_test_audio_tone_dbfs (&ring, 440, 0, (double) ring.n_samples / ring.rate));
  g_assert_cmpfloat (tl_test_audio_tone_dbfs (&ring, 440, 0, (double) ring.n_samples / ring.rate), >, PRESENT_DBFS);
  tl_test_audio_clear (&ring);
  g_assert_true (tl_test_subprocess_communicate_end (pending, 60000, &pending_out, &pending_err, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_wait (answerer, 5000, NULL));
  g_test_message ("answer: %s (stderr: %s)", pending_out, pending_err);
  g_assert_cmpint (g_subprocess_get_exit_status (answerer), ==, 0);
  g_assert_nonnull (strstr (pending_out, "\"direction\":\"incoming\""));
  g_assert_nonnull (strstr (pending_out, "\"state_reached\":\"established\""));
}

/* Runs one control command to its end; returns its exit code and output. */
static int
control (Fixture    *fixture,
         const char *command,
         const char *argument,
         char      **out)
{
  const char *args[] = { command, argument, NULL };
  g_autoptr(GSubprocess) proc = spawn_cli (fixture, args);
  g_autofree char *text = NULL;
  int status = finish_cli (proc, NULL, &text);

  g_test_message ("trunkline-cli %s%s%s: %d %s", command, argument != NULL ? " " : "",
                  argument != NULL ? argument : "", status, text != NULL ? text : "");
  if (out != NULL)
    *out = g_steal_pointer (&text);
  return status;
}

/* Polls "trunkline-cli calls" until its output holds @needle. */
static gboolean
wait_calls_output (Fixture    *fixture,
                   const char *needle,
                   guint       timeout_ms)
{
  TlTestDeadline deadline;
  gboolean found = FALSE;

  tl_test_deadline_start (&deadline, timeout_ms);
  do
    {
      g_autofree char *out = NULL;

      found = control (fixture, "calls", NULL, &out) == 0 && out != NULL && strstr (out, needle) != NULL;
      if (!found)
        tl_test_spin (200);
    }
  while (!found && tl_test_deadline_iterate (&deadline));
  tl_test_deadline_stop (&deadline);
  return found;
}

static void
test_cli_control (Fixture       *fixture,
                  gconstpointer  data)
{
  TlTestPeerOptions carol_options = { .user = "carol", .password = "carolpw", .tone_hz = 500,
                                      .codecs = "pcmu", .auto_answer = TRUE,
                                      .registrar = tl_test_kamailio_get_hostport (fixture->kamailio) };
  g_autofree char *proxy = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (fixture->kamailio));
  const char *add[] = { "accounts", "add", "--user", "dave", "--domain", "127.0.0.1", "--proxy", proxy,
                        "--codecs", "pcmu", NULL };
  /* --duration 0: the call stays up until something hangs it up. */
  const char *call[] = { "call", "sip:bob@127.0.0.1", "--password-stdin", "--duration", "0",
                         "--timeout", "60", "--listen", "127.0.0.1:0", NULL };
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(TlTestPeer) carol = NULL;
  g_autoptr(GSubprocess) adder = NULL;
  g_autoptr(GSubprocess) caller = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dtmf = NULL;
  g_autofree char *carol_call = NULL;
  TlTestPending *pending;
  g_autofree char *pending_out = NULL;
  g_autofree char *feedback_path = g_build_filename (fixture->scratch, "key-feedback.wav", NULL);
  TlTestRecorder *recorder;
  TlTestAudio feedback = { 0 };
  guint events;

  adder = spawn_cli (fixture, add);
  g_assert_cmpint (finish_cli (adder, NULL, &out), ==, 0);
  g_clear_pointer (&out, g_free);

  /* No bus at all: a clear error, and the exit code for "nothing to act on". */
  g_assert_cmpint (control (fixture, "hangup", NULL, NULL), ==, 7);

  g_test_dbus_up (bus);
  fixture->bus_address = g_strdup (g_test_dbus_get_bus_address (bus));
  /* A bus, but no phone on it. */
  g_assert_cmpint (control (fixture, "hold", NULL, NULL), ==, 7);

  /* A running call: act on it from other commands. */
  events = tl_test_peer_get_event_count (fixture->bob);
  caller = spawn_cli (fixture, call);
  pending = tl_test_subprocess_communicate_begin (caller, "davepw\n");
  g_assert_true (wait_calls_output (fixture, "\"state\":\"established\"", 20000));
  g_assert_nonnull (wait_peer_event (fixture->bob, "CALL_ESTABLISHED", events, 5000));

  /* The digit reaches the peer, and the phone plays its key tone (7: 852 and
   * 1209 Hz) on our speaker, whoever asked for it. */
  events = tl_test_peer_get_event_count (fixture->bob);
  recorder = tl_test_pulse_record_begin (fixture->pulse, "tl_speaker", feedback_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (control (fixture, "dtmf", "7", NULL), ==, 0);
  dtmf = wait_peer_event (fixture->bob, "CALL_DTMF_START", events, 5000);
  g_assert_nonnull (dtmf);
  g_assert_nonnull (strstr (dtmf, "\"param\":\"7\""));
  tl_test_spin (500);
  g_assert_true (tl_test_recorder_finish (recorder, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_audio_load_wav (feedback_path, &feedback, &error));
  g_assert_no_error (error);
  {
    /* Measured over the 120 ms the key tone lasts, from where it starts. The
     * peer's loud G.711 tone leaves quantisation noise above ABSENT_DBFS at
     * every frequency, so the onset is where the key tone is clearly there. */
    double onset = tl_test_audio_tone_onset (&feedback, 1209, PRESENT_DBFS);
    double high = onset >= 0 ? tl_test_audio_tone_dbfs (&feedback, 1209, onset, 0.1) : -200;
    double low = onset >= 0 ? tl_test_audio_tone_dbfs (&feedback, 852, onset, 0.1) : -200;

    g_test_message ("key feedback at our speaker from %.2f s: %.1f dBFS at 1209 Hz, %.1f at 852 Hz",
                    onset, high, low);
    g_assert_cmpfloat (high, >, PRESENT_DBFS);
    g_assert_cmpfloat (low, >, PRESENT_DBFS);
  }
  tl_test_audio_clear (&feedback);
  g_assert_cmpint (control (fixture, "dtmf", "12x", NULL), ==, 2);

  g_assert_cmpint (control (fixture, "hold", NULL, NULL), ==, 0);
  g_assert_true (wait_calls_output (fixture, "\"held\":true", 5000));
  /* Nothing left to hold; resume finds the held call by itself. */
  g_assert_cmpint (control (fixture, "hold", NULL, NULL), ==, 7);
  g_assert_cmpint (control (fixture, "resume", NULL, NULL), ==, 0);
  g_assert_true (wait_calls_output (fixture, "\"state\":\"established\"", 5000));
  g_assert_cmpint (control (fixture, "transfer", "no such number!", NULL), ==, 2);
  /* Attended transfer: 1.0.0 refuses it (1); where the engine has it, the
   * consultation call is covered by its own test. */
  if (!tl_engine_get_dialect (fixture->engine)->has_attended_transfer)
    g_assert_cmpint (control (fixture, "consult", "sip:carol@127.0.0.1", NULL), ==, 1);
  /* Text that would break or be cut in the engine's command line is refused, and
   * the call goes on. */
  {
    g_autofree char *user = g_strnfill (2000, 'a');
    g_autofree char *long_target = g_strconcat ("sip:", user, "@127.0.0.1", NULL);

    g_assert_cmpint (control (fixture, "transfer", "sip:carol@127.0.0.1\nhangup", NULL), ==, 2);
    g_assert_cmpint (control (fixture, "transfer", long_target, NULL), ==, 2);
    g_assert_true (wait_calls_output (fixture, "\"state\":\"established\"", 5000));
  }

  g_assert_cmpint (control (fixture, "hangup", NULL, NULL), ==, 0);
  g_assert_true (tl_test_subprocess_communicate_end (pending, 20000, &pending_out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_wait (caller, 5000, NULL));
  g_test_message ("call: %s", pending_out);
  g_assert_cmpint (g_subprocess_get_exit_status (caller), ==, 0);
  g_assert_nonnull (strstr (pending_out, "\"end_reason\":\"hung-up\""));
  /* Having been on hold does not count as a step beyond established. */
  g_assert_nonnull (strstr (pending_out, "\"state_reached\":\"established\""));
  g_clear_pointer (&pending_out, g_free);
  g_clear_object (&caller);
  g_assert_cmpint (control (fixture, "hangup", NULL, NULL), ==, 7);

  /* transfer: bob is handed on to carol, and our call ends. */
  carol = tl_test_peer_start (fixture->scratch, &carol_options, &error);
  g_assert_no_error (error);
  caller = spawn_cli (fixture, call);
  pending = tl_test_subprocess_communicate_begin (caller, "davepw\n");
  g_assert_true (wait_calls_output (fixture, "\"state\":\"established\"", 20000));
  g_assert_cmpint (control (fixture, "transfer", "sip:carol@127.0.0.1", NULL), ==, 0);
  carol_call = wait_peer_event (carol, "CALL_ESTABLISHED", 0, 10000);
  g_assert_nonnull (carol_call);
  g_assert_nonnull (strstr (carol_call, "sip:bob@127.0.0.1"));
  g_assert_true (tl_test_subprocess_communicate_end (pending, 20000, &pending_out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_wait (caller, 5000, NULL));
  g_test_message ("transferred call: %s", pending_out);
  g_assert_cmpint (g_subprocess_get_exit_status (caller), ==, 0);
  g_assert_nonnull (strstr (pending_out, "\"end_reason\":\"transferred\""));
  g_free (tl_test_peer_command (fixture->bob, "hangup", NULL, NULL));

  g_clear_pointer (&fixture->bus_address, g_free);
  g_test_dbus_down (bus);
}

static void
test_dnd_and_auto_answer (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *established = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(TlHistoryEntry) entry = NULL;
  guint events;

  /* Do not disturb really rejects: the caller hears busy, the call is kept as missed. */
  tl_account_set_do_not_disturb (fixture->account, TRUE);
  events = tl_test_peer_get_event_count (fixture->bob);
  g_free (tl_test_peer_command (fixture->bob, "dial", "sip:alice@127.0.0.1", &error));
  g_assert_no_error (error);
  closed = wait_peer_event (fixture->bob, "CALL_CLOSED", events, 10000);
  g_test_message ("caller saw: %s", closed);
  g_assert_nonnull (closed);
  g_assert_nonnull (strstr (closed, "486"));
  tl_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)), ==, 0);
  g_assert_true (tl_history_store_flush (fixture->history, NULL));
  rows = G_LIST_MODEL (tl_history_model_new (fixture->history));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  entry = g_list_model_get_item (rows, 0);
  g_assert_true (tl_history_entry_get_missed (entry));

  /* Auto-answer picks up without anyone touching it. */
  tl_account_set_do_not_disturb (fixture->account, FALSE);
  tl_account_set_auto_answer (fixture->account, TRUE);
  events = tl_test_peer_get_event_count (fixture->bob);
  g_free (tl_test_peer_command (fixture->bob, "dial", "sip:alice@127.0.0.1", &error));
  g_assert_no_error (error);
  established = wait_peer_event (fixture->bob, "CALL_ESTABLISHED", events, 10000);
  g_assert_nonnull (established);
  g_free (tl_test_peer_command (fixture->bob, "hangup", NULL, &error));
  g_assert_no_error (error);
}

/* One raw INVITE over TCP straight to our engine, as a hostile caller would send it. */
static GSocketConnection *
send_raw_invite (Fixture    *fixture,
                 const char *contact_user,
                 const char *name,
                 gsize       name_len,
                 const char *call_id)
{
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection = tl_test_sip_send_invite (fixture->sip_port, contact_user, "alice", name,
                                                           name_len, call_id, &error);

  g_assert_no_error (error);
  return connection;
}

static void
test_hostile_names_over_tcp (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char nul_name[] = "Before\0After";
  g_autofree char *huge = g_strnfill (64 * 1024, 'W');
  /* 60 KB still fits the engine's 64 KB SIP message buffer; 64 KB does not, and
   * the engine drops that INVITE itself: it must cost nothing on our side. */
  const struct { const char *name; gsize len; gboolean rings; } names[] = {
    { "<span foreground=\"red\">PAY NOW</span>", 0, TRUE },
    { "Ma\xffri\xc3\x28o \xfe\xfe", 0, TRUE },
    { nul_name, sizeof nul_name - 1, TRUE },
    { "bell\x07 esc\x1b[2J tab\tend", 0, TRUE },
    { "\xe2\x80\xae" "0009 555 1+", 0, TRUE },
    { "%s%s%s%n%x", 0, TRUE },
    { huge, 60 * 1024, TRUE },
    { huge, 64 * 1024, FALSE },
    { "After the storm", 0, TRUE },
  };
  guint rang = 0;
  g_autofree char *contact = tl_test_kamailio_await_contact (fixture->kamailio, "alice", NULL, 5000);
  g_autofree char *contact_user = NULL;
  guint restarts = tl_engine_get_restart_count (fixture->engine);
  guint n_calls = G_N_ELEMENTS (names);

  /* The engine takes calls only for its contact user ("alice-0x…"). */
  g_assert_nonnull (contact);
  contact_user = tl_test_sip_contact_user (contact);

  for (guint i = 0; i < n_calls; i++)
    {
      g_autofree char *call_id = g_strdup_printf ("hostile-%u-%u", i, g_random_int ());
      g_autoptr(GSocketConnection) connection = NULL;
      g_autoptr(TlCall) call = NULL;
      const char *kept;

      connection = send_raw_invite (fixture, contact_user, names[i].name,
                                    names[i].len != 0 ? names[i].len : strlen (names[i].name), call_id);
      if (!names[i].rings)
        {
          /* It may or may not ring: give it the time it would take, then look. */
          tl_test_wait_until (has_calls, fixture, 2000);
          g_test_message ("name %u (%" G_GSIZE_FORMAT " bytes) reached us: %s", i, names[i].len,
                          g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)) > 0 ? "yes" : "no");
          g_assert_cmpint (tl_engine_get_state (fixture->engine), ==, TL_ENGINE_STATE_READY);
          g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
          continue;
        }
      rang++;
      call = await_calls (fixture, 1, 10000);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)), ==, 1);
      kept = tl_call_get_peer_name (call);
      g_test_message ("name %u kept as: %.60s%s", i, kept != NULL ? kept : "(none)",
                      kept != NULL && strlen (kept) > 60 ? "…" : "");
      /* Safe text: valid UTF-8, no controls, no direction overrides, bounded. */
      if (kept != NULL)
        {
          g_assert_true (g_utf8_validate (kept, -1, NULL));
          g_assert_cmpuint (g_utf8_strlen (kept, -1), <=, 129);
          for (const char *p = kept; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);

              g_assert_false (g_unichar_iscntrl (c));
              g_assert_false (c >= 0x202A && c <= 0x202E);
            }
        }
      act (fixture, call, TL_CALL_ACTION_HANGUP, NULL);
      await_call_state (call, TL_CALL_STATE_ENDED, 10000);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  /* The engine connection survived every one of them, and each call is kept once. */
  g_assert_cmpint (tl_engine_get_state (fixture->engine), ==, TL_ENGINE_STATE_READY);
  g_assert_cmpuint (tl_engine_get_restart_count (fixture->engine), ==, restarts);
  g_assert_true (tl_history_store_flush (fixture->history, NULL));
  {
    g_autoptr(GListModel) rows = G_LIST_MODEL (tl_history_model_new (fixture->history));

    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, rang);
  }
}

int
main (int argc, char **argv)
{
  /* Our Opus is mono: the engine knows it as opus/48000/1 (see tl-account.c). */
  static const CallParams opus = { "opus/48000/1", NULL, FALSE }, pcmu = { "pcmu", NULL, FALSE },
    pcma = { "pcma", NULL, FALSE }, srtp = { "opus/48000/1", "srtp-mand", FALSE },
    opus_out = { "opus/48000/1", NULL, FALSE, FALSE, TRUE }, pcmu_out = { "pcmu", NULL, FALSE, FALSE, TRUE },
    pcma_out = { "pcma", NULL, FALSE, FALSE, TRUE },
    ip_auth = { "pcmu", NULL, TRUE }, fixed = { "pcmu", NULL, FALSE, TRUE };
  g_autofree char *home = g_dir_make_tmp ("tl-calls-XXXXXX", NULL);
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  g_setenv ("JACK_NO_START_SERVER", "1", TRUE);
  g_test_add ("/calls/outgoing/opus", Fixture, &opus_out, fixture_setup, test_outgoing_audio, fixture_teardown);
  g_test_add ("/calls/outgoing/pcmu", Fixture, &pcmu_out, fixture_setup, test_outgoing_audio, fixture_teardown);
  g_test_add ("/calls/outgoing/pcma", Fixture, &pcma_out, fixture_setup, test_outgoing_audio, fixture_teardown);
  g_test_add ("/calls/incoming/opus", Fixture, &opus, fixture_setup, test_incoming_audio, fixture_teardown);
  g_test_add ("/calls/incoming/pcmu", Fixture, &pcmu, fixture_setup, test_incoming_audio, fixture_teardown);
  g_test_add ("/calls/incoming/pcma", Fixture, &pcma, fixture_setup, test_incoming_audio, fixture_teardown);
  g_test_add ("/calls/hold-mute-dtmf", Fixture, &pcmu, fixture_setup, test_hold_mute_dtmf, fixture_teardown);
  g_test_add ("/calls/engine-dies-mid-call", Fixture, &pcmu, fixture_setup, test_engine_dies_mid_call, fixture_teardown);
  g_test_add ("/calls/hostile-caller", Fixture, &pcmu, fixture_setup, test_hostile_caller, fixture_teardown);
  g_test_add ("/calls/hostile-names-over-tcp", Fixture, &fixed, fixture_setup, test_hostile_names_over_tcp, fixture_teardown);
  g_test_add ("/calls/srtp-on-the-wire", Fixture, &srtp, fixture_setup, test_srtp_on_the_wire, fixture_teardown);
  g_test_add ("/calls/ip-auth", Fixture, &ip_auth, fixture_setup, test_ip_auth_call, fixture_teardown);
  g_test_add ("/calls/blind-transfer", Fixture, &pcmu, fixture_setup, test_blind_transfer, fixture_teardown);
  g_test_add ("/calls/call-waiting", Fixture, &pcmu, fixture_setup, test_call_waiting, fixture_teardown);
  g_test_add ("/calls/memory-restart-when-idle", Fixture, &pcmu, fixture_setup,
              test_memory_restart_when_idle, fixture_teardown);
  g_test_add ("/calls/dnd-and-auto-answer", Fixture, &pcmu, fixture_setup, test_dnd_and_auto_answer, fixture_teardown);
  g_test_add ("/calls/cli-call-and-answer", Fixture, &pcmu, fixture_setup, test_cli_call_and_answer, fixture_teardown);
  g_test_add ("/calls/cli-control", Fixture, &pcmu, fixture_setup, test_cli_control, fixture_teardown);
  status = g_test_run ();
  tl_paths_remove_tree (home, NULL);
  return status;
}
