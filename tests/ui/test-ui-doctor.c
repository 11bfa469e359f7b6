/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trunk doctor in the window: opened from the account's settings with the
 * keyboard, it checks the test trunk, calls the peer, and shows each check's
 * result, figure and advice. And the toll-fraud guard's questions: a number
 * on the account's confirm-first list rings only after Call. */
#include "config.h"

#include <string.h>

#include "tl-test-trunk.h"
#include "tl-test-ui.h"

#define DOCTOR_TITLE "^Test This Trunk$"

static char *
account_id (TlTestUi *ui)
{
  const char *args[] = { "accounts", "list", NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) words = NULL;

  g_assert_cmpint (tl_test_ui_cli (ui, NULL, args, &out), ==, 0);
  words = g_strsplit_set (out, " \t\n", 2);
  g_assert_nonnull (words[0]);
  return g_strdup (words[0]);
}

static void
test_from_editor (void)
{
  TlTestUiOptions options = { .name = "ui-doctor", .with_trunk = TRUE, .peer_answers = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  g_autofree char *id = account_id (ui);
  g_autofree char *verdict = NULL;
  guint mark = tl_test_ui_mark (ui);
  guint registers = tl_test_kamailio_count_requests (tl_test_ui_get_kamailio (ui), "REGISTER", TL_TEST_UI_USER);
  guint events = tl_test_peer_get_event_count (peer);
  gulong prefs = 0, doctor = 0;

  tl_test_ui_action (ui, "edit-account", g_variant_new_string (id));
  TL_TEST_AWAIT ((prefs = tl_test_ui_find_window (ui, "^Preferences$")) != 0, 10000, "no preferences window");
  tl_test_ui_resize_window (ui, prefs, 360, 720);
  g_free (tl_test_ui_await_line (ui, mark, "Preferences: editing account", 10000));

  /* Alt+T in the account's settings opens the doctor. */
  tl_test_ui_key (ui, "alt+t");
  g_free (tl_test_ui_await_line (ui, mark, "Doctor window for account", 10000));
  TL_TEST_AWAIT ((doctor = tl_test_ui_find_window (ui, DOCTOR_TITLE)) != 0, 10000, "no doctor window");
  tl_test_ui_resize_window (ui, doctor, 360, 720);
  tl_test_ui_screenshot_window (ui, doctor, "doctor-start-360.png");

  /* The peer's number as the test call, then Enter starts. */
  tl_test_ui_key (ui, "alt+c");
  tl_test_ui_type (ui, TL_TEST_UI_PEER);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Doctor started for", 10000));
  verdict = tl_test_ui_await_line (ui, mark, "Doctor finished: ", 60000);
  g_test_message ("%s", verdict);
  g_assert_null (tl_test_ui_find_line (ui, mark, "Doctor: registration fail"));
  g_assert_nonnull (tl_test_ui_find_line (ui, mark, "Doctor: dns pass"));
  g_assert_nonnull (tl_test_ui_find_line (ui, mark, "Doctor: reachability pass"));
  g_assert_nonnull (tl_test_ui_find_line (ui, mark, "Doctor: registration pass"));
  g_assert_nonnull (tl_test_ui_find_line (ui, mark, "Doctor: call pass"));
  g_assert_nonnull (tl_test_ui_find_line (ui, mark, "Doctor: audio-in pass"));
  g_assert_nonnull (tl_test_ui_find_line (ui, mark, "Doctor: mos "));
  /* UDP and the 1.0.0 engine warn; nothing fails on the test trunk. */
  g_assert_nonnull (strstr (verdict, "Doctor finished: warn"));
  /* The test call reached the peer, through the trunk. */
  g_free (tl_test_peer_wait_event_from (peer, "CALL_ESTABLISHED", events, 5000));
  /* The phone's registration was reported, not replaced: no un-REGISTER. */
  g_assert_cmpuint (tl_test_kamailio_count_unregisters (tl_test_ui_get_kamailio (ui), TL_TEST_UI_USER), ==, 0);
  g_test_message ("REGISTERs before %u, after %u", registers,
                  tl_test_kamailio_count_requests (tl_test_ui_get_kamailio (ui), "REGISTER", TL_TEST_UI_USER));
  tl_test_ui_screenshot_window (ui, doctor, "doctor-done-360.png");
  tl_test_ui_resize_window (ui, doctor, 1280, 800);
  tl_test_ui_screenshot_window (ui, doctor, "doctor-done-1280.png");

  /* Escape closes it; the phone is still registered and idle. */
  mark = tl_test_ui_mark (ui);
  tl_test_ui_key (ui, "Escape");
  TL_TEST_AWAIT (tl_test_ui_find_window (ui, DOCTOR_TITLE) == 0, 10000, "the doctor window is still open");
  tl_test_ui_stop (ui);
}

static void
test_confirm_first (void)
{
  const char *set[] = { "confirm-prefixes=" TL_TEST_UI_PEER, NULL };
  TlTestUiOptions options = { .name = "ui-fraud-confirm", .with_trunk = TRUE, .peer_answers = TRUE,
                              .account_set = set };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  g_autoptr(GError) error = NULL;
  guint mark, before, events;
  gulong dialog = 0;

  /* Typed and Enter: the question, and nothing leaves. */
  mark = tl_test_ui_mark (ui);
  before = tl_test_ui_count_invites (ui);
  tl_test_ui_focus_window (ui);
  tl_test_ui_key (ui, "ctrl+l");
  tl_test_ui_type (ui, TL_TEST_UI_PEER);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Dial needs confirmation", 10000));
  TL_TEST_AWAIT ((dialog = tl_test_ui_find_window (ui, "^Call This Number\\?$")) != 0, 10000, "no question on screen");
  tl_test_spin (1500);
  g_assert_cmpuint (tl_test_ui_count_invites (ui), ==, before);
  tl_test_ui_screenshot_window (ui, dialog, "fraud-confirm-360.png");

  /* Enter on the question is Cancel: still nothing. */
  tl_test_ui_focus_xid (ui, dialog);
  tl_test_ui_key (ui, "Return");
  g_free (tl_test_ui_await_line (ui, mark, "Dial not confirmed", 10000));
  tl_test_spin (1000);
  g_assert_cmpuint (tl_test_ui_count_invites (ui), ==, before);

  /* Asked again, Call (Alt+L) dials. */
  mark = tl_test_ui_mark (ui);
  events = tl_test_peer_get_event_count (peer);
  tl_test_ui_focus_window (ui);
  tl_test_ui_key (ui, "Return");
  TL_TEST_AWAIT ((dialog = tl_test_ui_find_window (ui, "^Call This Number\\?$")) != 0, 10000, "no question on screen");
  tl_test_ui_focus_xid (ui, dialog);
  tl_test_ui_key (ui, "alt+l");
  g_free (tl_test_ui_await_line (ui, mark, "Dial confirmed", 10000));
  g_free (tl_test_peer_wait_event_from (peer, "CALL_ESTABLISHED", events, 15000));
  g_assert_cmpuint (tl_test_ui_count_invites (ui), >, before);
  events = tl_test_peer_get_event_count (peer);
  g_free (tl_test_peer_command (peer, "hangup", NULL, &error));
  g_assert_no_error (error);
  g_free (tl_test_peer_wait_event_from (peer, "CALL_CLOSED", events, 10000));
  tl_test_ui_stop (ui);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/doctor/from-editor", test_from_editor);
  g_test_add_func ("/ui/fraud/confirm-first", test_confirm_first);
  return g_test_run ();
}
