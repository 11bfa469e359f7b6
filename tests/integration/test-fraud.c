/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The toll-fraud guard against a real trunk: a refused number sends no INVITE
 * (counted at Kamailio), the duration cap ends a call, a burst trips the rate
 * limit, and the command line refuses before it asks for a password. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "tl-call-manager.h"
#include "tl-engine.h"
#include "tl-test-engine.h"
#include "tl-test-trunk.h"

#define PASSWORD "fraud-pw-2236"
#define BOB_URI "sip:bob@127.0.0.1"
#define BLOCKED_URI "sip:+88216001234@127.0.0.1;user=phone"

typedef struct {
  char           *scratch;
  TlTestPulse    *pulse;
  TlTestKamailio *kamailio;
  TlTestPeer     *bob;
  TlEngine       *engine;
  TlCallManager  *calls;
  TlAccount      *account;
  char           *aor;
  guint           registered;
  guint           alerts;
  char           *last_alert;
} Fixture;

static void
on_event (TlEngine      *engine,
          TlEngineEvent *event,
          Fixture       *fixture)
{
  if (event->type == TL_ENGINE_EVENT_REGISTER_OK)
    fixture->registered++;
}

static void
on_alert (TlFraudGuard *guard,
          const char   *account_id,
          const char   *message,
          Fixture      *fixture)
{
  fixture->alerts++;
  g_free (fixture->last_alert);
  fixture->last_alert = g_strdup (message);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *users[] = { "alice:" PASSWORD, "bob:bobpw", NULL };
  TlTestKamailioOptions kam = { .users = users };
  TlTestPeerOptions bob = { .user = "bob", .password = "bobpw", .codecs = "pcmu", .auto_answer = TRUE };
  g_autoptr(TlEngineAccount) account = tl_engine_account_new ();
  g_autoptr(GError) error = NULL;

  fixture->scratch = tl_test_scratch_new ("fraud");
  fixture->pulse = tl_test_pulse_start (fixture->scratch, &error);
  g_assert_no_error (error);
  tl_test_pulse_apply_to_self (fixture->pulse);
  fixture->kamailio = tl_test_kamailio_start (fixture->scratch, &kam, &error);
  g_assert_no_error (error);
  bob.registrar = tl_test_kamailio_get_hostport (fixture->kamailio);
  fixture->bob = tl_test_peer_start (fixture->scratch, &bob, &error);
  g_assert_no_error (error);

  fixture->engine = tl_engine_new ();
  tl_engine_set_listen_address (fixture->engine, "127.0.0.1:0");
  g_signal_connect (fixture->engine, "event", G_CALLBACK (on_event), fixture);
  fixture->calls = tl_call_manager_new (fixture->engine, NULL);
  g_signal_connect (tl_call_manager_get_fraud_guard (fixture->calls), "alert", G_CALLBACK (on_alert), fixture);
  g_assert_true (tl_test_engine_start (fixture->engine, 15000, &error));
  g_assert_no_error (error);
  account->user = g_strdup ("alice");
  account->domain = g_strdup ("127.0.0.1");
  account->outbound = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (fixture->kamailio));
  account->password = g_strdup (PASSWORD);
  account->register_interval = 600;
  account->audio_codecs = g_strdup ("pcmu");
  g_assert_true (tl_test_engine_add_account (fixture->engine, account, 5000, &error));
  g_assert_no_error (error);
  TL_TEST_AWAIT (fixture->registered > 0, 10000, "no REGISTER_OK");
  fixture->aor = tl_engine_account_get_aor (account);
  /* The stored account's guard settings, at their defaults unless a test changes them. */
  fixture->account = tl_account_new_with_id ("acct-alice");
  tl_call_manager_set_account (fixture->calls, fixture->aor, fixture->account);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  tl_test_engine_stop (fixture->engine, 15000, NULL);
  g_clear_object (&fixture->calls);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->engine);
  g_clear_pointer (&fixture->bob, tl_test_peer_free);
  g_clear_pointer (&fixture->kamailio, tl_test_kamailio_free);
  g_clear_pointer (&fixture->pulse, tl_test_pulse_free);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_free (fixture->scratch);
  g_free (fixture->aor);
  g_free (fixture->last_alert);
}

static guint
invites (Fixture *fixture)
{
  return tl_test_kamailio_count_requests (fixture->kamailio, "INVITE", "alice");
}

static void
hung_up_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, NULL);
}

/* Calls bob, waits for the answer, hangs up and waits for the end. */
static void
call_bob (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCall) call = tl_call_manager_dial (fixture->calls, fixture->aor, BOB_URI, &error);

  g_assert_no_error (error);
  g_object_ref (call);
  TL_TEST_AWAIT (tl_call_get_state (call) == TL_CALL_STATE_ESTABLISHED, 15000, "call in state %s",
                 tl_call_state_to_string (tl_call_get_state (call)));
  tl_call_manager_action_async (fixture->calls, call, TL_CALL_ACTION_HANGUP, NULL, NULL, hung_up_cb, NULL);
  TL_TEST_AWAIT (tl_call_get_state (call) == TL_CALL_STATE_ENDED, 10000, "the call did not end");
}

static void
test_blocked_sends_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TlCall *call;
  guint per_call;

  /* The trunk challenges each INVITE: one call is this many requests. */
  call_bob (fixture);
  per_call = invites (fixture);
  g_assert_cmpuint (per_call, >=, 1);
  call = tl_call_manager_dial (fixture->calls, fixture->aor, BLOCKED_URI, &error);
  g_assert_null (call);
  g_assert_error (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_BLOCKED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  /* Confirming does not open a blocked range. */
  g_assert_null (tl_call_manager_dial_full (fixture->calls, fixture->aor, BLOCKED_URI, TL_CALL_DIAL_CONFIRMED,
                                            &error));
  g_assert_error (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_BLOCKED);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->calls)), ==, 0);
  /* A call placed after them: the trunk has seen that call's requests and nothing else. */
  call_bob (fixture);
  g_assert_cmpuint (invites (fixture), ==, 2 * per_call);
}

static void
test_duration_cap (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCall) call = NULL;

  tl_account_set_max_call_seconds (fixture->account, 2);
  call = tl_call_manager_dial (fixture->calls, fixture->aor, BOB_URI, &error);
  g_assert_no_error (error);
  g_object_ref (call);
  TL_TEST_AWAIT (tl_call_get_state (call) == TL_CALL_STATE_ESTABLISHED, 15000, "call in state %s",
                 tl_call_state_to_string (tl_call_get_state (call)));
  /* Nobody hangs up: the cap does. */
  TL_TEST_AWAIT (tl_call_get_state (call) == TL_CALL_STATE_ENDED, 15000, "the cap did not end the call");
  g_assert_cmpint (tl_call_get_end_reason (call), ==, TL_CALL_END_HUNG_UP);
  g_assert_cmpuint (fixture->alerts, ==, 1);
  g_assert_nonnull (strstr (fixture->last_alert, "longest call"));
}

static void
test_burst (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint per_call;

  tl_account_set_calls_per_minute (fixture->account, 2);
  call_bob (fixture);
  per_call = invites (fixture);
  call_bob (fixture);
  g_assert_null (tl_call_manager_dial (fixture->calls, fixture->aor, BOB_URI, &error));
  g_assert_error (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_RATE_LIMITED);
  g_assert_cmpuint (fixture->alerts, ==, 1);
  g_assert_cmpuint (invites (fixture), ==, 2 * per_call);
  /* An emergency call still goes out in a burst (the trunk refuses it here,
   * but it leaves). */
  g_clear_error (&error);
  {
    g_autoptr(TlCall) emergency = tl_call_manager_dial (fixture->calls, fixture->aor, "sip:112@127.0.0.1", &error);

    g_assert_no_error (error);
    g_object_ref (emergency);
    TL_TEST_AWAIT (invites (fixture) > 2 * per_call, 10000, "the emergency call sent no INVITE (%u seen)", invites (fixture));
    tl_call_manager_action_async (fixture->calls, emergency, TL_CALL_ACTION_HANGUP, NULL, NULL, hung_up_cb, NULL);
    TL_TEST_AWAIT (tl_call_get_state (emergency) == TL_CALL_STATE_ENDED, 10000, "the emergency call did not end");
  }
}

/* `call` checks the number before it looks for a password: with no password
 * stored anywhere, a blocked number is refused as such (exit 8). */
static void
test_cli_refuses_first (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *config = g_build_filename (fixture->scratch, "config", NULL);
  g_autofree char *proxy = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (fixture->kamailio));
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) add = NULL;
  g_autoptr(GSubprocess) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint before = invites (fixture);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  /* No secret service: a password lookup would fail with another message. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
  add = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TL_CLI"), "accounts", "add", "--user", "alice",
                                     "--domain", "127.0.0.1", "--proxy", proxy, NULL);
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_communicate (add, NULL, 30000, &id, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (add), ==, 0);
  call = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TL_CLI"), "call", "+88216001234", NULL);
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_communicate (call, NULL, 30000, &out, &err, &error));
  g_test_message ("%s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (call), ==, 8);
  g_assert_nonnull (strstr (err, "blocked"));
  g_assert_null (strstr (err, "assword"));
  g_assert_cmpuint (invites (fixture), ==, before);

  /* A number the dial plan cannot use: a usage error, before any password too. */
  g_clear_object (&call);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  call = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TL_CLI"), "call", "12;34<b>", NULL);
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_communicate (call, NULL, 30000, &out, &err, &error));
  g_test_message ("%s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (call), ==, 2);
  g_assert_nonnull (strstr (err, "cannot be dialled"));
  g_assert_null (strstr (err, "assword"));
  g_assert_cmpuint (invites (fixture), ==, before);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/fraud/blocked-sends-nothing", Fixture, NULL, fixture_setup, test_blocked_sends_nothing,
              fixture_teardown);
  g_test_add ("/fraud/duration-cap", Fixture, NULL, fixture_setup, test_duration_cap, fixture_teardown);
  g_test_add ("/fraud/burst", Fixture, NULL, fixture_setup, test_burst, fixture_teardown);
  g_test_add ("/fraud/cli-refuses-first", Fixture, NULL, fixture_setup, test_cli_refuses_first, fixture_teardown);
  return g_test_run ();
}
