/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Registration against real Kamailio instances: TLS checks, retries, failover, network change. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "tl-engine.h"
#include "tl-network-watch.h"
#include "tl-paths.h"
#include "tl-registration.h"
#include "tl-test-engine.h"
#include "tl-test-trunk.h"

#define PASSWORD "reg-pw-5150"

typedef struct {
  char     *scratch;
  TlEngine *engine;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->scratch = tl_test_scratch_new ("registration");
  fixture->engine = tl_engine_new ();
  tl_engine_set_listen_address (fixture->engine, "127.0.0.1:0");
  g_assert_true (tl_test_engine_start (fixture->engine, 15000, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  tl_test_engine_stop (fixture->engine, 15000, NULL);
  g_clear_object (&fixture->engine);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_free (fixture->scratch);
}

static TlTestKamailio *
start_kamailio (const char                  *scratch,
                const TlTestKamailioOptions *options)
{
  g_autoptr(GError) error = NULL;
  TlTestKamailio *k = tl_test_kamailio_start (scratch, options, &error);

  g_assert_no_error (error);
  return k;
}

static TlEngineAccount *
make_account (const char *user,
              const char *domain,
              const char *transport,
              const char *password)
{
  TlEngineAccount *a = tl_engine_account_new ();

  a->user = g_strdup (user);
  a->domain = g_strdup (domain);
  a->transport = g_strdup (transport);
  a->password = g_strdup (password);
  a->register_interval = 600;
  return a;
}

/* Asserts that @reg reaches @state within @timeout_ms. */
static void
await_state (TlRegistration      *reg,
             TlRegistrationState  state,
             guint                timeout_ms)
{
  TL_TEST_AWAIT (tl_registration_get_state (reg) == state, timeout_ms,
                 "%s %s (wanted %s), reason %s, detail %s", tl_registration_get_aor (reg),
                 tl_registration_state_to_string (tl_registration_get_state (reg)),
                 tl_registration_state_to_string (state), tl_registration_get_reason (reg),
                 tl_registration_get_detail (reg));
}

static void
test_two_accounts (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *users[] = { "ann:" PASSWORD, "ben:" PASSWORD, NULL };
  TlTestKamailioOptions options = { .users = users };
  g_autoptr(TlTestKamailio) k = start_kamailio (fixture->scratch, &options);
  g_autoptr(TlEngineAccount) a = make_account ("ann", tl_test_kamailio_get_hostport (k), "udp", PASSWORD);
  g_autoptr(TlEngineAccount) b = make_account ("ben", tl_test_kamailio_get_hostport (k), "tcp", PASSWORD);
  TlRegistrationConfig ca = { .account = a }, cb = { .account = b };
  g_autoptr(TlRegistration) ra = tl_registration_new (fixture->engine, &ca);
  g_autoptr(TlRegistration) rb = tl_registration_new (fixture->engine, &cb);

  tl_registration_start (ra);
  tl_registration_start (rb);
  await_state (ra, TL_REGISTRATION_STATE_REGISTERED, 10000);
  await_state (rb, TL_REGISTRATION_STATE_REGISTERED, 10000);
  g_assert_cmpint (tl_registration_get_expires (ra), >, g_get_real_time () / G_USEC_PER_SEC);
  g_free (tl_test_kamailio_await_contact (k, "ann", NULL, 5000));
  g_free (tl_test_kamailio_await_contact (k, "ben", "transport=tcp", 5000));
  tl_registration_stop (ra);
  tl_registration_stop (rb);
}

static void
test_wrong_password_is_final (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *users[] = { "cat:" PASSWORD, NULL };
  TlTestKamailioOptions options = { .users = users };
  g_autoptr(TlTestKamailio) k = start_kamailio (fixture->scratch, &options);
  g_autoptr(TlEngineAccount) a = make_account ("cat", tl_test_kamailio_get_hostport (k), "udp", "wrong");
  TlRegistrationConfig config = { .account = a };
  g_autoptr(TlRegistration) reg = tl_registration_new (fixture->engine, &config);
  guint sent;

  tl_registration_start (reg);
  await_state (reg, TL_REGISTRATION_STATE_FAILED, 10000);
  g_assert_cmpint (tl_registration_get_failure (reg), ==, TL_REGISTER_FAILURE_AUTH);
  g_assert_nonnull (strstr (tl_registration_get_reason (reg), "check the user"));
  g_assert_null (strstr (tl_registration_get_reason (reg), "trying again"));
  sent = tl_test_kamailio_count_requests (k, "REGISTER", "cat");
  /* Longer than the first retry delay: still no new REGISTER. */
  tl_test_spin (6500);
  g_assert_cmpuint (tl_test_kamailio_count_requests (k, "REGISTER", "cat"), ==, sent);
  g_assert_cmpint (tl_registration_get_state (reg), ==, TL_REGISTRATION_STATE_FAILED);
}

static void
test_unreachable_then_retry (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *users[] = { "dan:" PASSWORD, NULL };
  guint port = tl_test_free_port ();
  g_autofree char *domain = g_strdup_printf ("127.0.0.1:%u", port);
  g_autoptr(TlEngineAccount) a = make_account ("dan", domain, "tcp", PASSWORD);
  TlRegistrationConfig config = { .account = a };
  g_autoptr(TlRegistration) reg = tl_registration_new (fixture->engine, &config);
  TlTestKamailioOptions options = { .users = users, .port = port };
  g_autoptr(TlTestKamailio) k = NULL;

  tl_registration_start (reg);
  await_state (reg, TL_REGISTRATION_STATE_FAILED, 15000);
  g_assert_cmpint (tl_registration_get_failure (reg), ==, TL_REGISTER_FAILURE_UNREACHABLE);
  g_assert_nonnull (strstr (tl_registration_get_reason (reg), "trying again in 5 s"));
  /* The trunk comes back: the retry registers without anyone asking. */
  k = start_kamailio (fixture->scratch, &options);
  await_state (reg, TL_REGISTRATION_STATE_REGISTERED, 15000);
}

/* A private CA and server certificates signed by it, made with openssl. */
static void
make_ca_and_certs (const char *dir)
{
  const char *script =
    "set -e; cd \"$0\";"
    "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=Trunkline-Test-CA"
    "  -keyout ca.key -out ca.pem 2>/dev/null;"
    "for n in good:IP:127.0.0.1 other:DNS:other.example; do name=${n%%:*}; san=${n#*:};"
    "  openssl req -newkey rsa:2048 -nodes -subj /CN=$name -keyout $name.key -out $name.csr 2>/dev/null;"
    "  printf 'subjectAltName=%s\\n' \"$san\" > $name.ext;"
    "  openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
    "    -extfile $name.ext -out $name.pem 2>/dev/null; done";
  const char *argv[] = { "sh", "-c", script, dir, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_wait (proc, 60000, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
}

static TlTestKamailio *
start_tls_kamailio (const char *scratch,
                    const char *cert,
                    const char *key,
                    guint       tls_port)
{
  const char *users[] = { "eve:" PASSWORD, NULL };
  TlTestKamailioOptions options = { .users = users, .tls = TRUE, .tls_cert = cert,
                                    .tls_key = key, .tls_port = tls_port };

  return start_kamailio (scratch, &options);
}

static TlRegistration *
tls_registration (Fixture        *fixture,
                  TlTestKamailio *k,
                  const char     *ca_file,
                  const char     *pinned)
{
  g_autofree char *domain = g_strdup_printf ("127.0.0.1:%u", tl_test_kamailio_get_tls_port (k));
  g_autoptr(TlEngineAccount) a = make_account ("eve", domain, "tls", PASSWORD);
  TlRegistrationConfig config = { .account = a, .ca_file = (char *) ca_file,
                                  .pinned_certificate = (char *) pinned };

  return tl_registration_new (fixture->engine, &config);
}

static void
test_tls_private_ca (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->scratch, "pki", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "good.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "good.key", NULL);
  g_autoptr(TlTestKamailio) k = NULL;
  g_autoptr(TlRegistration) refused = NULL;
  g_autoptr(TlRegistration) reg = NULL;

  g_mkdir_with_parents (dir, 0700);
  make_ca_and_certs (dir);
  k = start_tls_kamailio (fixture->scratch, cert, key, 0);

  /* Without the private CA the certificate is not trusted: no REGISTER is sent. */
  refused = tls_registration (fixture, k, NULL, NULL);
  tl_registration_start (refused);
  await_state (refused, TL_REGISTRATION_STATE_FAILED, 10000);
  g_assert_cmpint (tl_registration_get_failure (refused), ==, TL_REGISTER_FAILURE_TLS);
  g_assert_cmpint (tl_registration_get_tls_report (refused)->result, ==, TL_TLS_CHECK_UNTRUSTED);
  g_assert_cmpuint (tl_test_kamailio_count_requests (k, "REGISTER", NULL), ==, 0);
  tl_registration_stop (refused);

  reg = tls_registration (fixture, k, ca, NULL);
  tl_registration_start (reg);
  await_state (reg, TL_REGISTRATION_STATE_REGISTERED, 15000);
  g_test_message ("certificate: %s", tl_registration_get_certificate_check (reg));
  /* An engine that verifies TLS (4.x) had to trust the account's CA as well. */
  g_assert_nonnull (strstr (tl_registration_get_certificate_check (reg),
                            tl_engine_get_dialect (fixture->engine)->verifies_tls_server
                            ? "verified by the engine too" : "by Trunkline"));
  g_free (tl_test_kamailio_await_contact (k, "eve", "transport=tls", 5000));
  tl_registration_stop (reg);
}

static void
test_tls_wrong_host (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->scratch, "pki", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "other.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "other.key", NULL);
  g_autoptr(TlTestKamailio) k = NULL;
  g_autoptr(TlRegistration) reg = NULL;

  g_mkdir_with_parents (dir, 0700);
  make_ca_and_certs (dir);
  k = start_tls_kamailio (fixture->scratch, cert, key, 0);
  reg = tls_registration (fixture, k, ca, NULL);
  tl_registration_start (reg);
  await_state (reg, TL_REGISTRATION_STATE_FAILED, 10000);
  g_assert_cmpint (tl_registration_get_tls_report (reg)->result, ==, TL_TLS_CHECK_WRONG_HOST);
  g_assert_nonnull (strstr (tl_registration_get_reason (reg), "another server name"));
  g_assert_cmpuint (tl_test_kamailio_count_requests (k, "REGISTER", NULL), ==, 0);
}

static void
test_tls_pinned (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *cert2 = NULL;
  g_autofree char *key2 = NULL;
  g_autofree char *dir2 = g_build_filename (fixture->scratch, "second", NULL);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestKamailio) k = NULL;
  g_autoptr(TlRegistration) first = NULL;
  g_autoptr(TlRegistration) pinned = NULL;
  g_autoptr(TlRegistration) changed = NULL;
  guint tls_port;

  g_assert_true (tl_test_make_certificate (fixture->scratch, "127.0.0.1", &cert, &key, &error));
  k = start_tls_kamailio (fixture->scratch, cert, key, 0);
  tls_port = tl_test_kamailio_get_tls_port (k);

  /* Self-signed: refused, with the fingerprint offered for trust on first use. */
  first = tls_registration (fixture, k, NULL, NULL);
  tl_registration_start (first);
  await_state (first, TL_REGISTRATION_STATE_FAILED, 10000);
  fingerprint = g_strdup (tl_registration_get_tls_report (first)->fingerprint);
  g_assert_nonnull (fingerprint);
  g_assert_cmpuint (strlen (fingerprint), ==, 32 * 3 - 1);
  tl_registration_stop (first);

  /* The user confirmed it: pinned, accepted. */
  pinned = tls_registration (fixture, k, NULL, fingerprint);
  tl_registration_start (pinned);
  await_state (pinned, TL_REGISTRATION_STATE_REGISTERED, 15000);
  g_assert_cmpint (tl_registration_get_tls_report (pinned)->result, ==, TL_TLS_CHECK_PINNED);
  tl_registration_stop (pinned);

  /* The server's certificate changes while we are registered: the periodic
   * check (the engine re-registers without looking) ends the registration. */
  {
    g_autofree char *dir3 = g_build_filename (fixture->scratch, "third", NULL);
    g_autofree char *cert3 = NULL;
    g_autofree char *key3 = NULL;
    g_autofree char *domain = g_strdup_printf ("127.0.0.1:%u", tls_port);
    g_autoptr(TlEngineAccount) a = make_account ("eve", domain, "tls", PASSWORD);
    TlRegistrationConfig config = { .account = a, .pinned_certificate = fingerprint,
                                    .certificate_recheck_s = 2 };
    g_autoptr(TlRegistration) watched = tl_registration_new (fixture->engine, &config);

    tl_registration_start (watched);
    await_state (watched, TL_REGISTRATION_STATE_REGISTERED, 15000);
    tl_test_kamailio_free (g_steal_pointer (&k));
    g_mkdir_with_parents (dir3, 0700);
    g_assert_true (tl_test_make_certificate (dir3, "127.0.0.1", &cert3, &key3, &error));
    k = start_tls_kamailio (fixture->scratch, cert3, key3, tls_port);
    await_state (watched, TL_REGISTRATION_STATE_FAILED, 15000);
    g_assert_cmpint (tl_registration_get_failure (watched), ==, TL_REGISTER_FAILURE_TLS);
    g_assert_cmpint (tl_registration_get_tls_report (watched)->result, ==, TL_TLS_CHECK_PIN_CHANGED);
    tl_registration_stop (watched);
  }

  /* Another certificate on the same server: refused as changed. */
  tl_test_kamailio_free (g_steal_pointer (&k));
  g_mkdir_with_parents (dir2, 0700);
  g_assert_true (tl_test_make_certificate (dir2, "127.0.0.1", &cert2, &key2, &error));
  k = start_tls_kamailio (fixture->scratch, cert2, key2, tls_port);
  changed = tls_registration (fixture, k, NULL, fingerprint);
  tl_registration_start (changed);
  await_state (changed, TL_REGISTRATION_STATE_FAILED, 10000);
  g_assert_cmpint (tl_registration_get_tls_report (changed)->result, ==, TL_TLS_CHECK_PIN_CHANGED);
}

static void
test_failover_and_return (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *users[] = { "fay:" PASSWORD, NULL };
  TlTestKamailioOptions options = { .users = users };
  g_autoptr(TlTestKamailio) primary = start_kamailio (fixture->scratch, &options);
  g_autoptr(TlTestKamailio) fallback = start_kamailio (fixture->scratch, &options);
  g_autofree char *primary_uri = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (primary));
  g_autofree char *fallback_uri = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (fallback));
  g_autoptr(TlEngineAccount) a = make_account ("fay", "127.0.0.1", "udp", PASSWORD);
  TlRegistrationConfig config = { .account = a, .fallback_proxy = fallback_uri };
  g_autoptr(TlRegistration) reg = NULL;
  TlTestKamailioOptions again = { .users = users, .port = tl_test_kamailio_get_port (primary) };
  gint64 t0;
  guint on_fallback_count;

  a->outbound = g_strdup (primary_uri);
  reg = tl_registration_new (fixture->engine, &config);
  tl_registration_start (reg);
  await_state (reg, TL_REGISTRATION_STATE_REGISTERED, 10000);
  g_assert_false (tl_registration_get_on_fallback (reg));
  g_assert_cmpstr (tl_registration_get_proxy_in_use (reg), ==, primary_uri);

  /* The primary edge goes down. */
  t0 = g_get_monotonic_time ();
  tl_test_kamailio_stop (primary);
  TL_TEST_AWAIT (tl_registration_get_on_fallback (reg)
                 && tl_registration_get_state (reg) == TL_REGISTRATION_STATE_REGISTERED, 60000,
                 "%s through %s, %s", tl_registration_state_to_string (tl_registration_get_state (reg)),
                 tl_registration_get_proxy_in_use (reg), tl_registration_get_on_fallback (reg) ? "fallback" : "primary");
  g_test_message ("registered on the fallback %.1f s after the primary stopped",
                  (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
  g_assert_true (tl_registration_get_on_fallback (reg));
  g_assert_cmpint (tl_registration_get_state (reg), ==, TL_REGISTRATION_STATE_REGISTERED);
  g_assert_cmpint (g_get_monotonic_time () - t0, <=, 45 * G_USEC_PER_SEC);
  g_assert_cmpstr (tl_registration_get_proxy_in_use (reg), ==, fallback_uri);
  g_assert_cmpuint (tl_test_kamailio_count_requests (fallback, "REGISTER", "fay"), >=, 1);

  /* It comes back on the same address: after three good probes we return. */
  tl_test_kamailio_free (g_steal_pointer (&primary));
  primary = start_kamailio (fixture->scratch, &again);
  t0 = g_get_monotonic_time ();
  TL_TEST_AWAIT (!tl_registration_get_on_fallback (reg)
                 && tl_registration_get_state (reg) == TL_REGISTRATION_STATE_REGISTERED, 90000,
                 "%s through %s, %s", tl_registration_state_to_string (tl_registration_get_state (reg)),
                 tl_registration_get_proxy_in_use (reg), tl_registration_get_on_fallback (reg) ? "fallback" : "primary");
  g_test_message ("back on the primary %.1f s after it returned",
                  (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
  g_assert_false (tl_registration_get_on_fallback (reg));
  g_assert_cmpint (tl_registration_get_state (reg), ==, TL_REGISTRATION_STATE_REGISTERED);
  g_assert_cmpuint (tl_test_kamailio_count_requests (primary, "REGISTER", "fay"), >=, 1);
  on_fallback_count = tl_test_kamailio_count_requests (fallback, "REGISTER", "fay");
  g_assert_cmpuint (on_fallback_count, >=, 1);
}

/* TRUE once @user's contact holds @needle; *@contact is the latest. */
static gboolean
contact_moved (TlTestKamailio  *k,
               const char      *user,
               const char      *needle,
               char           **contact)
{
  g_free (*contact);
  *contact = tl_test_kamailio_last_contact (k, user);
  return *contact != NULL && strstr (*contact, needle) != NULL;
}

static void
on_changed (TlNetworkWatch *watch,
            const char     *reason,
            TlEngine       *engine)
{
  tl_engine_restart_when_idle (engine);
}

static void
test_network_change (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *users[] = { "gus:" PASSWORD, NULL };
  TlTestKamailioOptions options = { .users = users };
  g_autoptr(TlTestKamailio) k = start_kamailio (fixture->scratch, &options);
  g_autoptr(TlEngineAccount) a = make_account ("gus", tl_test_kamailio_get_hostport (k), "udp", PASSWORD);
  TlRegistrationConfig config = { .account = a };
  g_autoptr(TlRegistration) reg = tl_registration_new (fixture->engine, &config);
  g_autoptr(TlNetworkWatch) watch = tl_network_watch_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint restarts;

  if (tl_test_engine_skip_without_alias_addresses (fixture->engine))
    return;
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), fixture->engine);
  tl_registration_start (reg);
  await_state (reg, TL_REGISTRATION_STATE_REGISTERED, 10000);
  before = tl_test_kamailio_await_contact (k, "gus", "@127.0.0.1:", 5000);

  /* The machine's address changes (here: another loopback address), and the
   * platform reports it. */
  tl_engine_set_listen_address (fixture->engine, "127.0.0.2:0");
  restarts = tl_engine_get_restart_count (fixture->engine);
  tl_network_watch_notify (watch, "network");
  TL_TEST_AWAIT (contact_moved (k, "gus", "@127.0.0.2:", &after), 15000,
                 "the contact is %s", after != NULL ? after : "gone");
  g_test_message ("contact before %s, after %s", before, after);
  g_assert_nonnull (strstr (after, "@127.0.0.2:"));
  await_state (reg, TL_REGISTRATION_STATE_REGISTERED, 5000);
  g_assert_cmpuint (tl_engine_get_restart_count (fixture->engine), >=, restarts);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("tl-registration-XXXXXX", NULL);
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (tl_test_have_program ("kamailio"));
  g_assert_true (tl_test_have_program ("openssl"));
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_test_add ("/registration/two-accounts", Fixture, NULL, fixture_setup, test_two_accounts, fixture_teardown);
  g_test_add ("/registration/wrong-password-final", Fixture, NULL, fixture_setup, test_wrong_password_is_final, fixture_teardown);
  g_test_add ("/registration/unreachable-then-retry", Fixture, NULL, fixture_setup, test_unreachable_then_retry, fixture_teardown);
  g_test_add ("/registration/tls-private-ca", Fixture, NULL, fixture_setup, test_tls_private_ca, fixture_teardown);
  g_test_add ("/registration/tls-wrong-host", Fixture, NULL, fixture_setup, test_tls_wrong_host, fixture_teardown);
  g_test_add ("/registration/tls-pinned", Fixture, NULL, fixture_setup, test_tls_pinned, fixture_teardown);
  g_test_add ("/registration/failover-and-return", Fixture, NULL, fixture_setup, test_failover_and_return, fixture_teardown);
  g_test_add ("/registration/network-change", Fixture, NULL, fixture_setup, test_network_change, fixture_teardown);
  status = g_test_run ();
  tl_paths_remove_tree (home, NULL);
  return status;
}
