/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trying an account before it is saved, against a real Kamailio: the outcome in words,
 * the certificate to trust, and no registration left behind. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "tl-account-trial.h"
#include "tl-engine.h"
#include "tl-test-engine.h"
#include "tl-test-trunk.h"

#define PASSWORD "trial-pw-2718"

typedef struct {
  char           *scratch;
  TlEngine       *engine;
  TlTestKamailio *kamailio;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *users[] = { "tess:" PASSWORD, NULL };
  TlTestKamailioOptions options = { .users = users };
  g_autoptr(GError) error = NULL;

  fixture->scratch = tl_test_scratch_new ("account-trial");
  fixture->engine = tl_engine_new ();
  tl_engine_set_listen_address (fixture->engine, "127.0.0.1:0");
  g_assert_true (tl_test_engine_start (fixture->engine, 15000, &error));
  g_assert_no_error (error);
  fixture->kamailio = tl_test_kamailio_start (fixture->scratch, &options, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  tl_test_engine_stop (fixture->engine, 15000, NULL);
  g_clear_object (&fixture->engine);
  g_clear_pointer (&fixture->kamailio, tl_test_kamailio_free);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_free (fixture->scratch);
}

typedef struct {
  gboolean              done;
  TlAccountTrialResult *result;
  GError               *error;
} Outcome;

static void
trial_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = tl_account_trial_run_finish (res, &outcome->error);
  outcome->done = TRUE;
}

static TlAccountTrialResult *
run_trial (Fixture      *fixture,
           TlAccount    *account,
           const char   *password,
           GCancellable *cancellable,
           GError      **error)
{
  Outcome outcome = { 0 };

  tl_account_trial_run_async (fixture->engine, account, password, cancellable, trial_cb, &outcome);
  TL_TEST_AWAIT (outcome.done, 40000, "the trial gave no outcome");
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.result;
}

static TlAccount *
trunk_account (Fixture    *fixture,
               const char *user)
{
  TlAccount *account = tl_account_new ();

  tl_account_set_user (account, user);
  tl_account_set_domain (account, tl_test_kamailio_get_hostport (fixture->kamailio));
  return account;
}

/* The trial's REGISTER is followed by an unregister: the trunk keeps no contact. */
static void
assert_unregistered (Fixture    *fixture,
                     const char *user)
{
  TL_TEST_AWAIT (tl_test_kamailio_count_unregisters (fixture->kamailio, user) > 0, 10000,
                 "%s did not unregister after the trial", user);
}

static void
test_registers_then_leaves (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TlAccount) account = trunk_account (fixture, "tess");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlAccountTrialResult) result = run_trial (fixture, account, PASSWORD, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (result->ok);
  g_assert_cmpstr (result->reason, ==, "Registered");
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "tess"), >=, 1);
  assert_unregistered (fixture, "tess");
  g_assert_false (tl_engine_has_account (fixture->engine, "sip:tess@127.0.0.1"));
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TlAccount) account = trunk_account (fixture, "tess");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlAccountTrialResult) result = run_trial (fixture, account, "not-the-password", NULL, &error);

  g_assert_no_error (error);
  g_assert_false (result->ok);
  g_assert_cmpint (result->failure, ==, TL_REGISTER_FAILURE_AUTH);
  g_test_message ("%s (%s)", result->reason, result->detail);
  g_assert_nonnull (strstr (result->reason, "password"));
  g_assert_false (tl_account_trial_result_can_trust (result));
}

/* Nothing listens: an IP-authenticated trunk's OPTIONS go unanswered. */
static void
test_unreachable_ip_auth (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TlAccount) account = tl_account_new ();
  g_autofree char *domain = g_strdup_printf ("127.0.0.1:%u", tl_test_free_port ());
  g_autoptr(GError) error = NULL;
  g_autoptr(TlAccountTrialResult) result = NULL;

  tl_account_set_user (account, "15550001111");
  tl_account_set_domain (account, domain);
  tl_account_set_mode (account, TL_ACCOUNT_MODE_IP_AUTH);
  result = run_trial (fixture, account, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (result->ok);
  g_assert_cmpint (result->failure, ==, TL_REGISTER_FAILURE_UNREACHABLE);
  g_test_message ("%s (%s)", result->reason, result->detail);
}

/* An IP-authenticated trunk that answers OPTIONS is ready without registering. */
static void
test_ip_auth_answers (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TlAccount) account = trunk_account (fixture, "15550002222");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlAccountTrialResult) result = NULL;

  tl_account_set_mode (account, TL_ACCOUNT_MODE_IP_AUTH);
  result = run_trial (fixture, account, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->ok);
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "15550002222"), ==, 0);
}

/* A self-signed edge: the reason names the certificate, and trusting its
 * fingerprint lets the next trial register. */
static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *users[] = { "tess:" PASSWORD, NULL };
  g_autofree char *cert = NULL, *key = NULL, *domain = NULL;
  g_autoptr(TlTestKamailio) tls = NULL;
  g_autoptr(TlAccount) account = tl_account_new ();
  g_autoptr(TlAccountTrialResult) result = NULL;
  g_autoptr(TlAccountTrialResult) pinned = NULL;
  g_autoptr(GError) error = NULL;
  TlTestKamailioOptions options = { .users = users, .tls = TRUE };

  g_assert_true (tl_test_make_certificate (fixture->scratch, "127.0.0.1", &cert, &key, &error));
  options.tls_cert = cert;
  options.tls_key = key;
  tls = tl_test_kamailio_start (fixture->scratch, &options, &error);
  g_assert_no_error (error);
  domain = g_strdup_printf ("127.0.0.1:%u", tl_test_kamailio_get_tls_port (tls));
  tl_account_set_user (account, "tess");
  tl_account_set_domain (account, domain);
  tl_account_set_transport (account, TL_ACCOUNT_TRANSPORT_TLS);

  result = run_trial (fixture, account, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (result->ok);
  g_assert_cmpint (result->failure, ==, TL_REGISTER_FAILURE_TLS);
  g_test_message ("%s (%s)", result->reason, result->detail);
  g_assert_true (tl_account_trial_result_can_trust (result));
  g_assert_cmpint (result->tls->result, ==, TL_TLS_CHECK_UNTRUSTED);
  g_assert_cmpuint (tl_test_kamailio_count_requests (tls, "REGISTER", "tess"), ==, 0);

  tl_account_set_pinned_certificate (account, result->tls->fingerprint);
  pinned = run_trial (fixture, account, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pinned->ok);
  g_assert_nonnull (pinned->certificate);
  g_test_message ("certificate: %s", pinned->certificate);
}

/* Cancelled while the trunk is silent: it ends at once, not after the timeout. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TlAccount) account = tl_account_new ();
  g_autofree char *domain = g_strdup_printf ("127.0.0.1:%u", tl_test_free_port ());
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0 };
  TlTestDeadline deadline;

  tl_account_set_user (account, "tess");
  tl_account_set_domain (account, domain);
  tl_account_trial_run_async (fixture->engine, account, PASSWORD, cancellable, trial_cb, &outcome);
  tl_test_spin (500);
  g_assert_false (outcome.done);
  tl_test_deadline_start (&deadline, 5000);
  g_cancellable_cancel (cancellable);
  while (!outcome.done && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  g_assert_true (outcome.done);
  g_assert_null (outcome.result);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/account-trial/registers-then-leaves", test_registers_then_leaves);
  ADD ("/account-trial/wrong-password", test_wrong_password);
  ADD ("/account-trial/unreachable-ip-auth", test_unreachable_ip_auth);
  ADD ("/account-trial/ip-auth-answers", test_ip_auth_answers);
  ADD ("/account-trial/untrusted-certificate", test_untrusted_certificate);
  ADD ("/account-trial/cancel", test_cancel);
#undef ADD
  return g_test_run ();
}
