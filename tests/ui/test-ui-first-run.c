/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first minute: a fresh profile calls the demo line's echo service with one key,
 * and hears itself; nothing of it reaches the trunk. */
#include "config.h"

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/first-run/demo-call", test_demo_call);
  return g_test_run ();
}
