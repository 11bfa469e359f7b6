/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Living with the phone: links given to the running app dial only after the
 * confirmation, hostile links dial nothing, the hidden start keeps its
 * registration and says when it is lost, start at login writes and removes
 * the autostart entry, and a wake-up from suspend registers again. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tl-test-trunk.h"
#include "tl-test-ui.h"

#define CONFIRM_TITLE "^Call from a Link$"
/* The voicemail key at 360×720: left of the call button. */
#define VOICEMAIL_KEY_X 108
#define VOICEMAIL_KEY_Y 560

static void
open_link (TlTestUi   *ui,
           const char *uri)
{
  const char *args[] = { uri, NULL };

  g_assert_cmpint (tl_test_ui_run_app (ui, args), ==, 0);
}

/* A tel: link with visual separators: confirmation first, no INVITE until
 * Call, then the normalised number rings at the peer. */
static void
test_link_confirmed (void)
{
  TlTestUiOptions options = { .name = "ui-link-confirmed", .with_trunk = TRUE, .peer_answers = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  guint mark = tl_test_ui_mark (ui);
  guint before = tl_test_ui_count_invites (ui);
  guint events = tl_test_peer_get_event_count (peer);
  gulong dialog = 0;

  open_link (ui, "tel:20-01");
  shown = tl_test_ui_await_line (ui, mark, "Link confirmation: ", 10000);
  g_test_message ("%s", shown);
  g_assert_nonnull (strstr (shown, "sip:2001@127.0.0.1"));
  TL_TEST_AWAIT ((dialog = tl_test_ui_find_window (ui, CONFIRM_TITLE)) != 0, 10000, "no confirmation on screen");
  /* Nothing leaves while the question is open. */
  tl_test_spin (1500);
  g_assert_cmpuint (tl_test_ui_count_invites (ui), ==, before);
  tl_test_ui_screenshot_window (ui, dialog, "link-confirm-360.png");

  /* Enter alone is Cancel; Alt+L is Call. */
  tl_test_ui_focus_xid (ui, dialog);
  tl_test_ui_key (ui, "alt+l");
  g_free (tl_test_ui_await_line (ui, mark, "Link: dialled", 10000));
  TL_TEST_AWAIT (tl_test_ui_count_invites (ui) > before, 10000, "no INVITE after Call (%u)", tl_test_ui_count_invites (ui));
  g_free (tl_test_peer_wait_event_from (peer, "CALL_ESTABLISHED", events, 15000));
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "hangup", NULL, &error));
  g_assert_no_error (error);
  g_free (tl_test_peer_wait_event_from (peer, "CALL_CLOSED", events, 10000));

  /* Cancel dials nothing. */
  mark = tl_test_ui_mark (ui);
  before = tl_test_ui_count_invites (ui);
  open_link (ui, "sip:2001@127.0.0.1");
  g_free (tl_test_ui_await_line (ui, mark, "Link confirmation: ", 10000));
  TL_TEST_AWAIT ((dialog = tl_test_ui_find_window (ui, CONFIRM_TITLE)) != 0, 10000, "no confirmation on screen");
  tl_test_ui_focus_xid (ui, dialog);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Link: not called", 10000));
  tl_test_spin (1000);
  g_assert_cmpuint (tl_test_ui_count_invites (ui), ==, before);
  tl_test_ui_stop (ui);
}

/* Links that try more than a number: each says why and none dials. */
static void
test_link_hostile (void)
{
  TlTestUiOptions options = { .name = "ui-link-hostile", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  g_autoptr(GString) huge = g_string_new ("tel:");
  const char *links[] = {
    "tel:2001%0D%0AVia:%20evil",                       /* a line break smuggled in */
    "tel:2001;account=other",                          /* a parameter choosing the account */
    "sip:2001@127.0.0.1;transport=tcp;maddr=10.9.9.9", /* parameters choosing the route */
    "sip:2001@127.0.0.1?Route=%3Csip:evil@10.9.9.9%3E", /* SIP headers */
    NULL,                                              /* 100 KB, below */
  };
  guint before = tl_test_ui_count_invites (ui);
  guint mark = tl_test_ui_mark (ui);
  gulong dialog = 0;

  while (huge->len < 100 * 1024)
    g_string_append (huge, "2001");
  links[G_N_ELEMENTS (links) - 1] = huge->str;
  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      guint at = tl_test_ui_mark (ui);
      g_autofree char *said = NULL;

      open_link (ui, links[i]);
      said = tl_test_ui_await_line (ui, at, "Link refused: ", 10000);
      g_test_message ("%.200s", said);
      /* The reason quotes the link short, whatever its size. */
      g_assert_cmpuint (strlen (said), <, 400);
    }
  TL_TEST_AWAIT ((dialog = tl_test_ui_find_window (ui, "^Link Not Called$")) != 0, 10000, "no answer on screen");
  tl_test_ui_screenshot_window (ui, dialog, "link-refused-360.png");
  tl_test_spin (1000);
  g_assert_null (tl_test_ui_find_line (ui, mark, "Link confirmation"));
  g_assert_null (tl_test_ui_find_line (ui, mark, "Link: dialled"));
  g_assert_cmpuint (tl_test_ui_count_invites (ui), ==, before);
  tl_test_ui_stop (ui);
}

/* Started hidden: no window, the account registers and the process stays;
 * losing the trunk notifies with the reason, getting it back withdraws that,
 * and a call still rings as a notification. */
static void
test_hidden_start (void)
{
  TlTestUiOptions options = { .name = "ui-hidden-start", .with_trunk = TRUE, .transport = "tcp", .hidden = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *body = NULL;
  guint skip, id, mark;

  g_free (tl_test_ui_await_line (ui, 0, "Running in the background for the accounts", 5000));
  g_assert_false (tl_test_ui_window_visible (ui));
  g_assert_null (tl_test_ui_find_line (ui, 0, "Demo line offered"));

  /* The trunk goes away; the engine restarts and cannot register again. */
  skip = tl_test_ui_count_notifications (ui);
  mark = tl_test_ui_mark (ui);
  tl_test_ui_stop_kamailio (ui);
  tl_test_kill (tl_test_ui_engine_pid (ui, 0, 5000), SIGKILL);
  g_free (tl_test_ui_await_line (ui, mark, "-> failed", 20000));
  json = tl_test_ui_await_notification (ui, skip, "is not registered", 10000, &id);
  summary = tl_test_ui_json_string (json, "summary");
  body = tl_test_ui_json_string (json, "body");
  g_test_message ("notification: %s / %s", summary, body);
  g_assert_cmpstr (summary, ==, TL_TEST_UI_USER "@127.0.0.1 is not registered");
  g_assert_nonnull (body);
  g_assert_cmpstr (body, !=, "");
  g_assert_nonnull (strstr (json, "app.edit-account::"));
  g_assert_true (tl_test_ui_app_running (ui));
  g_assert_false (tl_test_ui_window_visible (ui));

  /* Back on the same port: registered again, the notification goes. */
  tl_test_ui_restart_kamailio (ui);
  tl_test_ui_await_closed (ui, id, 40000);
  g_free (tl_test_ui_await_line (ui, mark, "-> ready", 5000));
  g_assert_true (tl_test_ui_app_running (ui));

  /* Still a phone: a call rings as a notification with no window. */
  skip = tl_test_ui_count_notifications (ui);
  g_free (tl_test_peer_command (peer, "dial", "sip:" TL_TEST_UI_USER "@127.0.0.1", &error));
  g_assert_no_error (error);
  g_clear_pointer (&json, g_free);
  json = tl_test_ui_await_notification (ui, skip, "\"category\": \"call.incoming\"", 15000, &id);
  g_assert_false (tl_test_ui_window_visible (ui));
  g_free (tl_test_peer_command (peer, "hangup", NULL, &error));
  g_assert_no_error (error);
  tl_test_ui_await_closed (ui, id, 10000);
  tl_test_ui_stop (ui);
}

/* Started hidden with nothing to ring for, it leaves by itself, and offers
 * no demo line to nobody. */
static void
test_hidden_start_without_account (void)
{
  TlTestUiOptions options = { .name = "ui-hidden-empty", .hidden = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);

  TL_TEST_AWAIT (!tl_test_ui_app_running (ui), 40000, "the hidden start with no account is still running");
  g_assert_null (tl_test_ui_find_line (ui, 0, "Demo line offered"));
  g_assert_null (tl_test_ui_find_line (ui, 0, "Running in the background"));
  tl_test_ui_stop (ui);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Start at Login in the preferences writes the desktop's autostart entry for
 * the hidden start, and turning it off removes it. */
static void
test_start_at_login (void)
{
  TlTestUiOptions options = { .name = "ui-start-at-login" };
  TlTestUi *ui = tl_test_ui_start (&options);
  g_autofree char *entry = g_build_filename (tl_test_ui_get_home (ui), "autostart", TL_APP_ID ".desktop", NULL);
  g_autofree char *text = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  gulong xid = 0;

  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));
  tl_test_ui_action (ui, "show-preferences", g_variant_new_string ("general"));
  TL_TEST_AWAIT ((xid = tl_test_ui_find_window (ui, "^Preferences$")) != 0, 10000, "no preferences window");
  tl_test_ui_resize_window (ui, xid, 360, 720);
  tl_test_ui_screenshot_window (ui, xid, "preferences-general-360.png");

  tl_test_ui_key (ui, "alt+l");
  TL_TEST_AWAIT (file_exists (entry), 5000, "no autostart entry at %s", entry);
  g_assert_true (g_file_get_contents (entry, &text, NULL, NULL));
  g_test_message ("%s", text);
  g_assert_true (g_key_file_load_from_data (keys, text, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (keys, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_true (g_shell_parse_argv (exec, NULL, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (argv), ==, 2);
  g_assert_true (g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE));
  g_assert_cmpstr (argv[1], ==, "--gapplication-service");
  type = g_key_file_get_string (keys, G_KEY_FILE_DESKTOP_GROUP, "Type", NULL);
  g_assert_cmpstr (type, ==, "Application");

  tl_test_ui_key (ui, "alt+l");
  TL_TEST_AWAIT (!file_exists (entry), 5000, "the autostart entry is still there");
  tl_test_ui_resize_window (ui, xid, 1280, 800);
  tl_test_ui_screenshot_window (ui, xid, "preferences-general-1280.png");
  tl_test_ui_stop (ui);
}

static guint
count_background_requests (TlTestUi *ui)
{
  g_autoptr(GPtrArray) events = tl_test_ui_notifications (ui);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += strstr (g_ptr_array_index (events, i), "\"event\": \"background\"") != NULL;
  return n;
}

/* In a sandbox start at login is the desktop's to grant: the Background portal
 * is asked (no autostart file written), and a refusal puts the switch back
 * and says so. */
static void
test_start_at_login_portal (void)
{
  const char *env[] = { "TRUNKLINE_AUTOSTART_PORTAL=1", NULL };
  TlTestUiOptions options = { .name = "ui-start-at-login-portal", .app_env = env };
  TlTestUi *ui = tl_test_ui_start (&options);
  g_autofree char *entry = g_build_filename (tl_test_ui_get_home (ui), "autostart", TL_APP_ID ".desktop", NULL);
  g_autofree char *request = NULL;
  g_autoptr(GPtrArray) before = NULL;
  gulong xid = 0;
  guint mark;

  tl_test_ui_action (ui, "show-preferences", g_variant_new_string ("general"));
  TL_TEST_AWAIT ((xid = tl_test_ui_find_window (ui, "^Preferences$")) != 0, 10000, "no preferences window");
  tl_test_ui_resize_window (ui, xid, 360, 720);

  /* Granted: the portal holds the request, with the hidden start's command. */
  before = tl_test_ui_notifications (ui);
  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "alt+l");
  request = tl_test_ui_await_background_request (ui, before->len, 10000);
  g_test_message ("%s", request);
  g_assert_nonnull (strstr (request, "\"autostart\": true"));
  g_assert_nonnull (strstr (request, "\"commandline\": [\"trunkline\", \"--gapplication-service\"]"));
  tl_test_spin (1000);
  g_assert_null (tl_test_ui_find_line (ui, mark, "Start at login not changed"));
  g_assert_false (g_file_test (entry, G_FILE_TEST_EXISTS));

  /* Turned off: asked again, without autostart. */
  g_clear_pointer (&before, g_ptr_array_unref);
  g_clear_pointer (&request, g_free);
  before = tl_test_ui_notifications (ui);
  tl_test_ui_key (ui, "alt+l");
  request = tl_test_ui_await_background_request (ui, before->len, 10000);
  g_assert_nonnull (strstr (request, "\"autostart\": false"));

  /* Refused: the switch goes back off, and the window says why. */
  tl_test_ui_set_background_answer (ui, FALSE);
  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "alt+l");
  g_free (tl_test_ui_await_line (ui, mark, "Start at login not changed: The desktop did not let Trunkline start", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Preferences say: The desktop did not allow starting at login", 10000));
  tl_test_ui_screenshot_window (ui, xid, "preferences-autostart-refused-360.png");
  /* Put back, the switch is off: turning it on again asks again. */
  g_clear_pointer (&before, g_ptr_array_unref);
  g_clear_pointer (&request, g_free);
  before = tl_test_ui_notifications (ui);
  tl_test_ui_set_background_answer (ui, TRUE);
  tl_test_ui_key (ui, "alt+l");
  request = tl_test_ui_await_background_request (ui, before->len, 10000);
  g_assert_nonnull (strstr (request, "\"autostart\": true"));
  /* Four questions, one per turn of the switch: putting it back asked nothing. */
  g_assert_cmpuint (count_background_requests (ui), ==, 4);
  tl_test_ui_stop (ui);
}

static gboolean
mailbox_subscribed (gpointer mailbox)
{
  return tl_test_mailbox_count_subscribes (mailbox) > 0;
}

/* The voicemail server's summary becomes a badge on the voicemail key, and the
 * key calls the account's voicemail number. */
static void
test_voicemail (void)
{
  TlTestUiOptions options = { .name = "ui-voicemail", .with_trunk = TRUE, .with_mailbox = TRUE,
                              .voicemail = TL_TEST_UI_PEER, .peer_answers = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestMailbox *mailbox = tl_test_ui_get_mailbox (ui);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  g_autoptr(GError) error = NULL;
  guint mark = 0;
  guint acked;
  guint before;
  guint events;

  /* The engine subscribes once registered, through the trunk. */
  TL_TEST_AWAIT (mailbox_subscribed (mailbox), 15000, "no message-summary SUBSCRIBE reached the mailbox");
  g_free (tl_test_ui_await_line (ui, 0, "Dial pad: voicemail key shows no messages", 10000));

  mark = tl_test_ui_mark (ui);
  acked = tl_test_mailbox_count_notify_ok (mailbox);
  g_assert_true (tl_test_mailbox_notify (mailbox, "Messages-Waiting: yes\r\n"
                                                  "Message-Account: sip:" TL_TEST_UI_PEER "@127.0.0.1\r\n"
                                                  "Voice-Message: 2/5 (0/0)\r\n"));
  TL_TEST_AWAIT (tl_test_mailbox_count_notify_ok (mailbox) > acked, 10000, "the NOTIFY was not accepted");
  g_free (tl_test_ui_await_line (ui, mark, "voicemail waiting, 2 new", 10000));
  g_free (tl_test_ui_await_line (ui, mark, "Dial pad: voicemail key shows 2", 10000));
  tl_test_ui_screenshot (ui, "voicemail-360.png");
  tl_test_ui_resize (ui, 1280, 800);
  tl_test_ui_screenshot (ui, "voicemail-1280.png");
  tl_test_ui_resize (ui, 360, 720);

  /* The key calls the voicemail number (the peer plays the mailbox). */
  mark = tl_test_ui_mark (ui);
  before = tl_test_ui_count_invites (ui);
  events = tl_test_peer_get_event_count (peer);
  tl_test_ui_click (ui, VOICEMAIL_KEY_X, VOICEMAIL_KEY_Y);
  g_free (tl_test_ui_await_line (ui, mark, "Dial pad: calling voicemail", 10000));
  g_free (tl_test_peer_wait_event_from (peer, "CALL_ESTABLISHED", events, 15000));
  g_assert_cmpuint (tl_test_ui_count_invites (ui), >, before);
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "hangup", NULL, &error));
  g_assert_no_error (error);
  g_free (tl_test_peer_wait_event_from (peer, "CALL_CLOSED", events, 10000));

  /* Listened to: the badge goes. */
  mark = tl_test_ui_mark (ui);
  g_assert_true (tl_test_mailbox_notify (mailbox, "Messages-Waiting: no\r\nVoice-Message: 0/7\r\n"));
  g_free (tl_test_ui_await_line (ui, mark, "Dial pad: voicemail key shows no messages", 10000));

  /* A hostile count is no count: the badge only says that messages wait. */
  mark = tl_test_ui_mark (ui);
  g_assert_true (tl_test_mailbox_notify (mailbox, "Messages-Waiting: yes\r\nVoice-Message: <b>9</b>/%n\r\n"));
  g_free (tl_test_ui_await_line (ui, mark, "Dial pad: voicemail key shows •", 10000));
  g_assert_null (tl_test_ui_find_line (ui, mark, "<b>"));
  tl_test_ui_stop (ui);
}

/* After a suspend the registration may point at a network that is gone: on the
 * wake-up (logind's PrepareForSleep, from the stand-in) the engine leaves the
 * trunk and registers again, here by a restart, as 1.0.0 needs. */
static void
test_wake_registers_again (void)
{
  TlTestUiOptions options = { .name = "ui-wake", .with_trunk = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestKamailio *kamailio = tl_test_ui_get_kamailio (ui);
  GPid before = tl_test_ui_engine_pid (ui, 0, 5000);
  guint unregisters = tl_test_kamailio_count_unregisters (kamailio, TL_TEST_UI_USER);
  guint registers = tl_test_kamailio_count_requests (kamailio, "REGISTER", TL_TEST_UI_USER);
  guint mark = tl_test_ui_mark (ui);
  GPid after;

  tl_test_ui_sleep_and_wake (ui);
  g_free (tl_test_ui_await_line (ui, mark, "Network changed (resume)", 5000));
  TL_TEST_AWAIT (tl_test_kamailio_count_unregisters (kamailio, TL_TEST_UI_USER) > unregisters, 15000,
                 "no unregister from %s after the wake-up", TL_TEST_UI_USER);
  after = tl_test_ui_engine_pid (ui, mark, 15000);
  g_test_message ("engine pid %d before the wake-up, %d after", (int) before, (int) after);
  g_assert_cmpint (after, !=, before);
  g_free (tl_test_ui_await_line (ui, mark, "Line " TL_TEST_UI_USER "@127.0.0.1: connecting -> ready", 20000));
  g_assert_cmpuint (tl_test_kamailio_count_requests (kamailio, "REGISTER", TL_TEST_UI_USER), >, registers + 1);
  tl_test_ui_stop (ui);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/links/confirmed", test_link_confirmed);
  g_test_add_func ("/ui/links/hostile", test_link_hostile);
  g_test_add_func ("/ui/background/hidden-start", test_hidden_start);
  g_test_add_func ("/ui/background/hidden-start-without-account", test_hidden_start_without_account);
  g_test_add_func ("/ui/background/start-at-login", test_start_at_login);
  g_test_add_func ("/ui/background/start-at-login-portal", test_start_at_login_portal);
  g_test_add_func ("/ui/background/wake-registers-again", test_wake_registers_again);
  g_test_add_func ("/ui/voicemail", test_voicemail);
  return g_test_run ();
}
