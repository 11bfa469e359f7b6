/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first minute: a fresh profile calls the demo line's echo service with one key,
 * and hears itself (nothing of it reaches the trunk); then the assistant adds the
 * real trunk, refusing a wrong password and a certificate nobody vouches for, and
 * the saved account calls. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-test-trunk.h"
#include "tl-test-ui.h"

/* Fresh profile, `trunkline --demo`: the number is there, Enter calls the echo
 * service, our microphone's tone comes back at our speaker, and Kamailio (up,
 * with a registered peer) sees no request from us. */
static void
test_demo_call (void)
{
  const char *args[] = { "--demo", NULL };
  TlTestUiOptions options = { .name = "ui-demo", .with_trunk = TRUE, .no_account = TRUE, .app_args = args };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestKamailio *kamailio = tl_test_ui_get_kamailio (ui);
  GSubprocess *mic = tl_test_ui_play_tone (ui, TL_TEST_UI_OUR_HZ);
  guint requests, mark;
  double level;

  g_free (tl_test_ui_await_line (ui, 0, "Dial pad: the demo number is ready", 15000));
  g_free (tl_test_ui_await_line (ui, 0, "Dial pad: can call", 15000));
  tl_test_ui_screenshot (ui, "demo-dialpad-360.png");
  requests = tl_test_kamailio_count_requests (kamailio, NULL, NULL);

  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Call view: ", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Call view shows codec Opus", 10000));
  level = tl_test_ui_speaker_level (ui, "speaker-demo.wav", TL_TEST_UI_OUR_HZ, 3.0);
  g_test_message ("our microphone's tone back at our speaker: %.1f dBFS", level);
  g_assert_cmpfloat (level, >, TL_TEST_UI_PRESENT_DBFS);
  tl_test_ui_screenshot (ui, "demo-call-360.png");
  tl_test_ui_resize (ui, 1280, 800);
  tl_test_ui_screenshot (ui, "demo-call-1280.png");
  tl_test_ui_resize (ui, 360, 720);

  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "Escape");
  g_free (tl_test_ui_await_line (ui, mark, "Window shows dialpad", 10000));
  g_assert_cmpuint (tl_test_kamailio_count_requests (kamailio, NULL, NULL), ==, requests);
  g_assert_cmpuint (tl_test_kamailio_count_requests (kamailio, NULL, "demo"), ==, 0);

  tl_test_ui_stop_tone (mic);
  tl_test_ui_stop (ui);
}

/* The assistant as a phone shows it (360×720) and at its own desktop size. */
static void
assistant_screenshots (TlTestUi   *ui,
                       const char *what)
{
  gulong xid = tl_test_ui_find_window (ui, "^Add Account$");
  g_autofree char *narrow = g_strdup_printf ("assistant-%s-360.png", what);
  g_autofree char *wide = g_strdup_printf ("assistant-%s-480.png", what);

  tl_test_ui_resize_window (ui, xid, 360, 720);
  tl_test_ui_screenshot_window (ui, xid, narrow);
  tl_test_ui_resize_window (ui, xid, 480, 680);
  tl_test_ui_screenshot_window (ui, xid, wide);
}

/* The accounts `trunkline-cli accounts list --json` reports. */
static guint
stored_accounts (TlTestUi   *ui,
                 const char *user)
{
  const char *args[] = { "accounts", "list", "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonArray *accounts;
  guint found = 0;

  g_assert_cmpint (tl_test_ui_cli (ui, NULL, args, &out), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  accounts = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (json_array_get_object_element (accounts, i),
                                                               "user", NULL), user) == 0)
      found++;
  return found;
}

/* Fills the assistant's first fields with real keys: user, domain, password. */
static void
type_details (TlTestUi   *ui,
              const char *domain,
              const char *password)
{
  tl_test_ui_type (ui, TL_TEST_UI_USER);
  tl_test_ui_key (ui, "alt+d");
  tl_test_ui_type (ui, domain);
  tl_test_ui_key (ui, "alt+p");
  tl_test_ui_type (ui, password);
}

/* Wrong password: the credential error, nothing saved. Right one: registered,
 * saved, listed, the demo line gone; and the account calls the peer. */
static void
test_assistant_adds_trunk (void)
{
  TlTestUiOptions options = { .name = "ui-assistant", .with_trunk = TRUE, .no_account = TRUE,
                              .peer_answers = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  const char *domain = tl_test_kamailio_get_hostport (tl_test_ui_get_kamailio (ui));
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  guint mark = tl_test_ui_mark (ui);
  guint events;

  g_free (tl_test_ui_await_line (ui, 0, "Dial pad: the demo number is ready", 15000));
  tl_test_ui_action (ui, "add-account", NULL);
  g_free (tl_test_ui_await_line (ui, mark, "Assistant shows form", 10000));
  assistant_screenshots (ui, "form");
  type_details (ui, domain, "not-the-password");
  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Assistant shows testing", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Assistant result: auth: Authentication failed", 30000));
  assistant_screenshots (ui, "wrong-password");
  g_assert_cmpuint (stored_accounts (ui, TL_TEST_UI_USER), ==, 0);

  /* Back to the details (the focused button), the right password, test, save. */
  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Assistant shows form", 10000));
  tl_test_ui_key (ui, "alt+p");
  tl_test_ui_key (ui, "ctrl+a");
  tl_test_ui_type (ui, TL_TEST_UI_PASSWORD);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Assistant result: ok: Registered", 30000));
  assistant_screenshots (ui, "works");
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Assistant saved account", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Line " TL_TEST_UI_USER "@127.0.0.1", 10000));
  g_free (tl_test_ui_await_line (ui, mark, ": connecting -> ready", 20000));
  g_free (tl_test_ui_await_line (ui, mark, "Demo line withdrawn", 10000));
  g_assert_cmpuint (stored_accounts (ui, TL_TEST_UI_USER), ==, 1);

  /* The saved account places a call, its password from the keyring. */
  mark = tl_test_ui_mark (ui);
  events = tl_test_peer_get_event_count (peer);
  tl_test_ui_focus_window (ui);
  tl_test_ui_key (ui, "ctrl+l");
  tl_test_ui_key (ui, "ctrl+a");
  tl_test_ui_type (ui, TL_TEST_UI_PEER);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Window shows call", 10000));
  TL_TEST_AWAIT (tl_test_peer_wait_event_from (peer, "CALL_ESTABLISHED", events, 0) != NULL, 15000,
                 "the peer never had the call");
  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "Escape");
  g_free (tl_test_ui_await_line (ui, mark, "Window shows dialpad", 10000));
  tl_test_ui_stop (ui);
}

/* A self-signed TLS edge: the reason names the certificate, and trusting its
 * fingerprint lets it register. */
static void
test_assistant_certificate (void)
{
  TlTestUiOptions options = { .name = "ui-assistant-tls", .with_trunk = TRUE, .no_account = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  const char *users[] = { TL_TEST_UI_USER ":" TL_TEST_UI_PASSWORD, NULL };
  TlTestKamailioOptions edge = { .users = users, .tls = TRUE };
  g_autofree char *cert = NULL, *key = NULL, *domain = NULL;
  g_autoptr(TlTestKamailio) tls = NULL;
  g_autoptr(GError) error = NULL;
  guint mark = tl_test_ui_mark (ui);

  g_assert_true (tl_test_make_certificate (tl_test_ui_get_scratch (ui), "127.0.0.1", &cert, &key, &error));
  edge.tls_cert = cert;
  edge.tls_key = key;
  tls = tl_test_kamailio_start (tl_test_ui_get_scratch (ui), &edge, &error);
  g_assert_no_error (error);
  domain = g_strdup_printf ("127.0.0.1:%u", tl_test_kamailio_get_tls_port (tls));

  tl_test_ui_action (ui, "add-account", NULL);
  g_free (tl_test_ui_await_line (ui, mark, "Assistant shows form", 10000));
  type_details (ui, domain, TL_TEST_UI_PASSWORD);
  /* Advanced → Transport → TLS, with the keyboard. */
  tl_test_ui_key (ui, "alt+a");
  tl_test_ui_key (ui, "alt+r");
  /* The choices open in a popover: let it map before keys go to it. */
  tl_test_spin (700);
  tl_test_ui_key (ui, "End");
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Account form: transport = tls", 10000));
  assistant_screenshots (ui, "advanced");
  /* Enter in a field tests. */
  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "alt+p");
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Assistant result: tls: The trunk's TLS certificate was refused", 30000));
  assistant_screenshots (ui, "certificate");
  g_assert_cmpuint (tl_test_kamailio_count_requests (tls, "REGISTER", TL_TEST_UI_USER), ==, 0);

  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "alt+t");
  g_free (tl_test_ui_await_line (ui, mark, "Assistant: trusting the certificate", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Assistant result: ok: Registered", 30000));
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Assistant saved account", 10000));
  g_assert_cmpuint (stored_accounts (ui, TL_TEST_UI_USER), ==, 1);
  tl_test_kamailio_stop (tls);
  tl_test_ui_stop (ui);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/first-run/demo-call", test_demo_call);
  g_test_add_func ("/ui/first-run/assistant-adds-trunk", test_assistant_adds_trunk);
  g_test_add_func ("/ui/first-run/assistant-certificate", test_assistant_certificate);
  return g_test_run ();
}
