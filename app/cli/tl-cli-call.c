/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli call` and `answer`: one call from a stored account, with a
 * one-line JSON summary of how it went. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-call.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-account-store.h"
#include "tl-audio-catalog.h"
#include "tl-audio-engine-map.h"
#include "tl-call-manager.h"
#include "tl-call-service.h"
#include "tl-cli-secret.h"
#include "tl-cli-trace.h"
#include "tl-main-wait.h"
#include "tl-cli-register.h"
#include "tl-engine-audio.h"
#include "tl-history-store.h"
#include "tl-registration.h"
#include "tl-secret.h"
#include "tl-tone-player.h"

#define CATALOG_WAIT_MS 5000

typedef struct {
  GMainLoop        *loop;
  gboolean          engine_stopped;
  TlEngine         *engine;
  TlAudioCatalog   *catalog;
  TlAudioEngineMap *map;
  TlEngineAudio    *audio;
  TlTonePlayer     *tones;
  guint             answer_after_s;
  guint             ring_timer;
  GString          *feedback;     /* DTMF digits still to play locally */
  guint             feedback_timer;
  TlHistoryStore   *history;
  TlCallManager    *calls;
  TlCallService    *service;
  TlRegistration   *registration;
  TlAccount        *account;
  TlEngineAccount  *engine_account;
  TlCall           *call;
  char             *target;       /* for call: what the user typed */
  gboolean          answering;
  gboolean          confirmed;    /* --confirm: yes to a number the guard asks about */
  gboolean          ready;        /* registered (or IP-authenticated) */
  gboolean          done;
  guint             duration_s;
  guint             timer;
  gboolean          timer_armed;
  guint             timeout_id;
  int               exit_code;
  TlCallState       best_state;
} CallRun;

static void
finish (CallRun *run,
        int      exit_code)
{
  if (run->done)
    return;
  run->done = TRUE;
  run->exit_code = exit_code;
  g_main_loop_quit (run->loop);
}

static void
print_summary (CallRun *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  TlCall *call = run->call;
  gint64 duration_us = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, tl_account_get_id (run->account));
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, run->answering ? "incoming" : "outgoing");
  json_builder_set_member_name (builder, "state_reached");
  json_builder_add_string_value (builder, call != NULL ? tl_call_state_to_string (run->best_state) : "none");
  if (call != NULL)
    {
      if (tl_call_get_answered (call) != 0)
        duration_us = (tl_call_get_ended (call) != 0 ? tl_call_get_ended (call) : g_get_real_time ())
                      - tl_call_get_answered (call);
      json_builder_set_member_name (builder, "peer");
      json_builder_add_string_value (builder, tl_call_get_peer_uri (call));
      /* What the call really used, from the engine; null when it never got that far. */
      json_builder_set_member_name (builder, "codec");
      if (tl_call_get_codec (call) != NULL)
        json_builder_add_string_value (builder, tl_call_get_codec (call));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "srtp");
      json_builder_add_boolean_value (builder, tl_call_get_srtp (call));
      json_builder_set_member_name (builder, "setup_ms");
      json_builder_add_int_value (builder, tl_call_get_setup_ms (call));
      /* Whole milliseconds: a double would print as 0.079969999999999999. */
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_int_value (builder, duration_us / 1000);
      json_builder_set_member_name (builder, "end_reason");
      json_builder_add_string_value (builder, tl_call_end_reason_to_string (tl_call_get_end_reason (call)));
      if (tl_call_get_end_detail (call) != NULL)
        {
          json_builder_set_member_name (builder, "end_detail");
          json_builder_add_string_value (builder, tl_call_get_end_detail (call));
        }
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
hung_up_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    g_debug ("Hang-up: %s", error->message);
}

static void
duration_done_cb (CallRun *run)
{
  run->timer = 0;
  if (run->call != NULL && tl_call_is_live (run->call))
    tl_call_manager_action_async (run->calls, run->call, TL_CALL_ACTION_HANGUP, NULL, NULL,
                                  hung_up_cb, NULL);
}

static void
call_state_cb (TlCall     *call,
               GParamSpec *pspec,
               CallRun    *run)
{
  TlCallState state = tl_call_get_state (call);

  /* Held is a kind of established, not a step beyond it. */
  if (state != TL_CALL_STATE_ENDED)
    run->best_state = MAX (run->best_state, state == TL_CALL_STATE_HELD ? TL_CALL_STATE_ESTABLISHED : state);
  if (state == TL_CALL_STATE_ESTABLISHED && !run->timer_armed && !run->done && run->duration_s > 0)
    {
      run->timer_armed = TRUE;
      run->timer = g_timeout_add_once (run->duration_s * 1000, (GSourceOnceFunc) duration_done_cb, run);
    }
  if (state == TL_CALL_STATE_ENDED)
    {
      if (run->tones != NULL)
        tl_tone_player_stop_all (run->tones);
      finish (run, tl_call_get_answered (call) != 0 ? TL_CLI_EXIT_OK : TL_CLI_EXIT_CALL_FAILED);
    }
}

static void
track (CallRun *run,
       TlCall  *call)
{
  run->call = g_object_ref (call);
  run->best_state = tl_call_get_state (call);
  g_signal_connect (call, "notify::state", G_CALLBACK (call_state_cb), run);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CallRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    {
      g_printerr ("Cannot answer: %s\n", error->message);
      finish (run, TL_CLI_EXIT_CALL_FAILED);
    }
}

static void
answer_now (CallRun *run)
{
  run->ring_timer = 0;
  tl_tone_player_stop (run->tones, TL_TONE_RINGTONE);
  if (run->call != NULL && tl_call_is_live (run->call))
    tl_call_manager_action_async (run->calls, run->call, TL_CALL_ACTION_ANSWER, NULL, NULL, answered_cb, run);
}

static void
call_added_cb (TlCallManager *calls,
               TlCall        *call,
               CallRun       *run)
{
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;

  if (!run->answering || run->call != NULL || tl_call_get_direction (call) != TL_CALL_DIRECTION_INCOMING)
    return;
  track (run, call);
  if (!tl_engine_audio_check_before_answer (run->audio, &warning))
    g_printerr ("%s\n", warning);
  if (run->answer_after_s == 0)
    {
      answer_now (run);
      return;
    }
  /* Ring on the ringer device, as the app would, then pick up. */
  if (!tl_tone_player_play (run->tones, TL_TONE_RINGTONE, 0, &error))
    g_printerr ("Cannot ring: %s\n", error->message);
  run->ring_timer = g_timeout_add_once (run->answer_after_s * 1000, (GSourceOnceFunc) answer_now, run);
}

/* Key feedback: each digit's tone (120 ms, then 30 ms of silence) in turn, on
 * the speaker, as a desk phone does. */
static void play_next_digit (CallRun *run);

static void
next_digit_cb (gpointer user_data)
{
  CallRun *run = user_data;

  run->feedback_timer = 0;
  play_next_digit (run);
}

static void
play_next_digit (CallRun *run)
{
  g_autoptr(GError) error = NULL;
  char digit;

  if (run->feedback->len == 0 || run->tones == NULL)
    return;
  digit = run->feedback->str[0];
  g_string_erase (run->feedback, 0, 1);
  if (!tl_tone_player_play (run->tones, TL_TONE_DTMF, digit, &error))
    g_debug ("No key feedback: %s", error->message);
  run->feedback_timer = g_timeout_add_once (150, next_digit_cb, run);
}

static void
dtmf_sent_cb (TlCallManager *calls,
              TlCall        *call,
              const char    *digits,
              CallRun       *run)
{
  g_string_append (run->feedback, digits);
  if (run->feedback_timer == 0)
    play_next_digit (run);
}

/* The request URI of the call: numbers through the account's dial plan, SIP addresses as given. */
static char *
target_uri (CallRun *run)
{
  if (g_str_has_prefix (run->target, "sip:") || g_str_has_prefix (run->target, "sips:"))
    return g_strdup (run->target);
  return tl_account_preview_dial (run->account, run->target);
}

static void
place_call (CallRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *aor = tl_engine_account_get_aor (run->engine_account);
  TlCall *call;

  uri = target_uri (run);
  if (uri == NULL)
    {
      g_printerr ("“%s” cannot be dialled\n", run->target);
      finish (run, TL_CLI_EXIT_USAGE);
      return;
    }
  call = tl_call_manager_dial_full (run->calls, aor, uri, run->confirmed ? TL_CALL_DIAL_CONFIRMED : TL_CALL_DIAL_NONE,
                                    &error);
  if (call == NULL)
    {
      g_printerr ("Cannot dial: %s\n", error->message);
      finish (run, error->domain == TL_FRAUD_ERROR ? TL_CLI_EXIT_REFUSED : TL_CLI_EXIT_CALL_FAILED);
      return;
    }
  track (run, call);
}

static void
registration_cb (TlRegistration *registration,
                 GParamSpec     *pspec,
                 CallRun        *run)
{
  TlRegistrationState state = tl_registration_get_state (registration);

  if (run->ready || run->done)
    return;
  if (state == TL_REGISTRATION_STATE_FAILED)
    {
      g_printerr ("%s\n", tl_registration_get_reason (registration));
      finish (run, tl_register_failure_is_final (tl_registration_get_failure (registration))
                   ? TL_CLI_EXIT_AUTH : TL_CLI_EXIT_UNREACHABLE);
      return;
    }
  if (state != TL_REGISTRATION_STATE_REGISTERED && state != TL_REGISTRATION_STATE_NOT_REGISTERING)
    return;
  run->ready = TRUE;
  if (!run->answering)
    place_call (run);
}

static void
engine_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CallRun *run = user_data;
  g_autoptr(GError) error = NULL;
  TlRegistrationConfig config = { 0 };

  if (!tl_engine_start_finish (TL_ENGINE (source), result, &error))
    {
      g_printerr ("Cannot start the call engine: %s\n", error->message);
      finish (run, TL_CLI_EXIT_ENGINE);
      return;
    }
  config.account = run->engine_account;
  config.fallback_proxy = (char *) tl_account_get_fallback_proxy (run->account);
  config.ca_file = (char *) tl_account_get_ca_file (run->account);
  run->registration = tl_registration_new (run->engine, &config);
  g_signal_connect (run->registration, "notify::state", G_CALLBACK (registration_cb), run);
  tl_registration_start (run->registration);
}

static gboolean
timeout_cb (gpointer user_data)
{
  CallRun *run = user_data;

  run->timeout_id = 0;
  if (run->call == NULL)
    {
      g_printerr ("%s\n", run->answering ? "No call came in before the timeout"
                                        : "The call could not be placed before the timeout");
      finish (run, run->answering ? TL_CLI_EXIT_CALL_FAILED : TL_CLI_EXIT_UNREACHABLE);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  CallRun *run = user_data;

  if (run->call != NULL && tl_call_is_live (run->call))
    duration_done_cb (run);
  else
    finish (run, TL_CLI_EXIT_FAILURE);
  return G_SOURCE_CONTINUE;
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  tl_engine_stop_finish (TL_ENGINE (source), result, NULL);
  ((CallRun *) user_data)->engine_stopped = TRUE;
}

static gboolean
guard_allows (CallRun  *run,
              GError  **error)
{
  g_autoptr(TlFraudGuard) guard = tl_fraud_guard_new ();
  g_autofree char *uri = target_uri (run);

  /* A number the dial plan cannot use is as final as a blocked one: say so
   * before any password is asked for. */
  if (uri == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (run->target, MIN (strlen (run->target), 64));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” cannot be dialled", shown);
      return FALSE;
    }
  return tl_fraud_guard_check (guard, run->account, uri, run->confirmed, error);
}

static gboolean
load_account (CallRun     *run,
              const char  *id,
              gboolean     password_stdin,
              GError     **error)
{
  g_autofree char *path = tl_account_store_default_path ();
  g_autoptr(TlAccountStore) store = tl_account_store_new (path);
  TlAccount *account;
  char *secret = NULL;

  if (!tl_account_store_load (store, error))
    return FALSE;
  account = id != NULL ? tl_account_store_lookup (store, id) : tl_account_store_get_default (store);
  if (account == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "No such account: add one with “trunkline-cli accounts add”");
      return FALSE;
    }
  run->account = g_object_ref (account);
  /* The guard first: a refused number never costs a password prompt or a
   * keyring unlock, let alone an INVITE. */
  if (!run->answering && !guard_allows (run, error))
    return FALSE;
  if (password_stdin)
    {
      secret = tl_cli_read_password_stdin (error);
      if (secret == NULL)
        return FALSE;
    }
  else if (tl_account_get_mode (account) != TL_ACCOUNT_MODE_IP_AUTH)
    {
      secret = tl_cli_lookup_password (tl_account_get_id (account), error);
      if (secret == NULL)
        return FALSE;
    }
  run->engine_account = tl_account_to_engine_account (account, secret, NULL, error);
  if (password_stdin && secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
  else if (secret != NULL)
    tl_secret_free_password (secret);
  return run->engine_account != NULL;
}

static gboolean
catalog_answered (gpointer catalog)
{
  return tl_audio_catalog_get_state (catalog) != TL_AUDIO_CATALOG_STATE_STARTING;
}

static void
start_audio (CallRun    *run,
             const char *mic,
             const char *speaker,
             const char *ringer)
{
  run->catalog = tl_audio_catalog_new ();
  tl_audio_catalog_start (run->catalog);
  tl_main_wait_until (NULL, catalog_answered, run->catalog, CATALOG_WAIT_MS);
  if (tl_audio_catalog_get_state (run->catalog) != TL_AUDIO_CATALOG_STATE_READY)
    g_printerr ("%s; the call connects with the system default devices\n",
                tl_audio_catalog_get_status_message (run->catalog));
  run->map = tl_audio_engine_map_new (run->catalog);
  run->audio = tl_engine_audio_new (run->engine, TL_AUDIO_ROUTING (run->map));
  tl_engine_audio_set_microphone (run->audio, mic);
  tl_engine_audio_set_speaker (run->audio, speaker);
  tl_engine_audio_prepare_start (run->audio);
  run->tones = tl_tone_player_new (run->catalog);
  tl_tone_player_set_ringer_device (run->tones, ringer);
  tl_tone_player_set_speaker_device (run->tones, speaker);
}

static int
run_call (int         argc,
          char      **argv,
          gboolean    answering)
{
  g_autofree char *account_id = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *mic = NULL;
  g_autofree char *speaker = NULL;
  g_autofree char *ringer = NULL;
  gboolean password_stdin = FALSE;
  gboolean confirmed = FALSE;
  int duration_s = 5;
  int answer_after_s = 0;
  int timeout_s = answering ? 60 : 30;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_id, "A stored account (default: the default account)", "ID" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from standard input", NULL },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration_s,
      "Stay in the call this long (default 5 s; 0: until it is hung up)", "S" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, "Give up after S seconds without a call", "S" },
    { "mic", 0, 0, G_OPTION_ARG_STRING, &mic, "Microphone id (see trunkline-cli devices)", "ID" },
    { "speaker", 0, 0, G_OPTION_ARG_STRING, &speaker, "Speaker id", "ID" },
    { "ringer", 0, 0, G_OPTION_ARG_STRING, &ringer, "Ringer id: where an incoming call rings", "ID" },
    { "answer-after", 0, 0, G_OPTION_ARG_INT, &answer_after_s, "answer: ring this long first (default 0)", "S" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Local SIP address:port for the engine", "ADDR" },
    { "confirm", 0, 0, G_OPTION_ARG_NONE, &confirmed,
      "call: yes, call this number although the account asks first (confirm-prefixes)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (answering ? "- answer one incoming call"
                                                                      : "TARGET - place one call");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *history_path = NULL;
  g_autoptr(TlTraceRecorder) recorder = NULL;
  CallRun run = { 0 };
  guint sigint_id, sigterm_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  if ((!answering && argc != 2) || (answering && argc != 1) || duration_s < 0 || timeout_s < 1
      || answer_after_s < 0 || answer_after_s > 300)
    {
      g_printerr ("%s", g_option_context_get_help (context, TRUE, NULL));
      return TL_CLI_EXIT_USAGE;
    }
  run.loop = loop;
  run.answering = answering;
  run.duration_s = (guint) duration_s;
  run.answer_after_s = (guint) answer_after_s;
  run.target = answering ? NULL : g_strdup (argv[1]);
  run.confirmed = confirmed;
  run.exit_code = TL_CLI_EXIT_FAILURE;
  if (!load_account (&run, account_id, password_stdin, &error))
    {
      int code = error->domain == TL_FRAUD_ERROR ? TL_CLI_EXIT_REFUSED : TL_CLI_EXIT_USAGE;

      g_printerr ("%s\n", error->message);
      g_clear_object (&run.account);
      g_free (run.target);
      return code;
    }
  history_path = tl_history_store_default_path ();
  run.history = tl_history_store_open (history_path, TL_HISTORY_STORE_OPEN_NO_RECOVERY, NULL, &error);
  if (run.history == NULL)
    {
      g_printerr ("The call history is unavailable (%s); the call will not be kept\n", error->message);
      g_clear_error (&error);
    }
  run.engine = tl_engine_new ();
  tl_engine_set_listen_address (run.engine, listen);
  recorder = tl_cli_trace_record (run.engine, run.engine_account->password);
  start_audio (&run, mic, speaker, ringer);
  run.calls = tl_call_manager_new (run.engine, run.history);
  {
    g_autofree char *aor = tl_engine_account_get_aor (run.engine_account);

    /* This command is the user's explicit choice for one call: the account's
     * do-not-disturb and auto-answer (for the phone left running) do not apply. */
    tl_account_set_do_not_disturb (run.account, FALSE);
    tl_account_set_auto_answer (run.account, FALSE);
    tl_call_manager_set_account (run.calls, aor, run.account);
  }
  g_signal_connect (run.calls, "call-added", G_CALLBACK (call_added_cb), &run);
  run.feedback = g_string_new (NULL);
  g_signal_connect (run.calls, "dtmf-sent", G_CALLBACK (dtmf_sent_cb), &run);
  run.service = tl_call_service_new_on_session_bus (run.calls);
  tl_engine_start_async (run.engine, NULL, engine_started_cb, &run);
  run.timeout_id = g_timeout_add_seconds ((guint) timeout_s, timeout_cb, &run);
  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &run);

  g_main_loop_run (loop);

  if (run.call != NULL || run.exit_code == TL_CLI_EXIT_CALL_FAILED)
    print_summary (&run);
  g_clear_handle_id (&run.timeout_id, g_source_remove);
  g_clear_handle_id (&run.timer, g_source_remove);
  g_clear_handle_id (&run.ring_timer, g_source_remove);
  g_clear_handle_id (&run.feedback_timer, g_source_remove);
  if (run.service != NULL)
    tl_call_service_unexport (run.service);
  if (run.registration != NULL)
    tl_registration_stop (run.registration);
  if (tl_engine_get_state (run.engine) != TL_ENGINE_STATE_STOPPED
      && tl_engine_get_state (run.engine) != TL_ENGINE_STATE_FAILED)
    {
      tl_engine_stop_async (run.engine, NULL, stopped_cb, &run);
      if (!tl_main_wait_for (NULL, &run.engine_stopped, TL_ENGINE_STOP_BUDGET_MS))
        g_printerr ("The call engine did not stop in time\n");
    }
  if (run.history != NULL)
    tl_history_store_flush (run.history, NULL);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (run.call != NULL)
    g_signal_handlers_disconnect_by_data (run.call, &run);
  g_clear_object (&run.call);
  g_clear_object (&run.registration);
  g_clear_object (&run.service);
  g_clear_object (&run.calls);
  g_clear_object (&run.tones);
  g_clear_object (&run.audio);
  g_clear_object (&run.map);
  g_clear_object (&run.catalog);
  g_clear_object (&run.engine);
  g_clear_object (&run.history);
  g_clear_object (&run.account);
  g_clear_pointer (&run.engine_account, tl_engine_account_free);
  g_free (run.target);
  if (run.feedback != NULL)
    g_string_free (run.feedback, TRUE);
  return run.exit_code;
}

int
tl_cli_call_main (int    argc,
                  char **argv)
{
  return run_call (argc, argv, FALSE);
}

int
tl_cli_answer_main (int    argc,
                    char **argv)
{
  return run_call (argc, argv, TRUE);
}
