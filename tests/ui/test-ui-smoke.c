/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real app under Xvfb: it starts its engine, offers the demo line while there is no
 * account, serves other commands, shows an account's label as text, and quits cleanly
 * from the keyboard, its engines with it. */
#include "config.h"

#include "tl-test-ui.h"

/* The running app answers `trunkline-cli calls` and `hangup` (no call yet). */
static void
check_call_service (TlTestUi *ui)
{
  const char *calls[] = { "calls", NULL };
  const char *hangup[] = { "hangup", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (tl_test_ui_cli (ui, NULL, calls, &out), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpint (tl_test_ui_cli (ui, NULL, hangup, NULL), ==, 7);
}

static void
quit_with_keys (TlTestUi *ui,
                GPid      engine)
{
  guint mark = tl_test_ui_mark (ui);

  /* Ctrl+Q: the engine is stopped first, then the app exits. */
  tl_test_ui_key (ui, "ctrl+q");
  g_free (tl_test_ui_await_line (ui, mark, "Engine stopping -> stopped", 15000));
  TL_TEST_AWAIT (!tl_test_ui_app_running (ui), 10000, "the app still runs after Ctrl+Q");
  TL_TEST_AWAIT (kill (engine, 0) != 0, 5000, "the engine (pid %d) outlived the app", (int) engine);
}

static void
test_no_account (void)
{
  TlTestUiOptions options = { .name = "ui-smoke" };
  TlTestUi *ui = tl_test_ui_start (&options);
  GPid engine, echo;

  g_free (tl_test_ui_await_line (ui, 0, "Window shows engine state ready", 20000));
  /* The desktop matches the window to trunkline.desktop's StartupWMClass by this. */
  g_assert_cmpuint (tl_test_ui_find_class (ui, "^trunkline$"), ==, tl_test_ui_window (ui));
  engine = tl_test_ui_engine_pid (ui, 0, 20000);
  g_assert_cmpint (engine, >, 0);
  /* No account: the demo line is offered, with its number ready to call. */
  echo = tl_test_ui_await_pid (ui, 0, "The demo line's engine runs as pid ", 20000);
  g_assert_cmpint (echo, >, 0);
  g_assert_cmpint (echo, !=, engine);
  g_free (tl_test_ui_await_line (ui, 0, "Window shows account Demo line: Ready", 10000));
  g_free (tl_test_ui_await_line (ui, 0, "Dial pad: the demo number is ready", 5000));
  check_call_service (ui);
  tl_test_ui_screenshot (ui, "no-account-360.png");
  quit_with_keys (ui, engine);
  TL_TEST_AWAIT (kill (echo, 0) != 0, 5000, "the demo line's engine (pid %d) outlived the app", (int) echo);
  tl_test_ui_stop (ui);
}

/* An IP-authenticated account needs no password and no registrar to be ready;
 * its label is shown as the text it is, markup and all. */
static void
test_account_label (void)
{
  const char *account[] = { "--user", "15551234567", "--domain", "127.0.0.1:9", "--ip-auth",
                            "--label", "Office <b>trunk</b>", NULL };
  TlTestUiOptions options = { .name = "ui-account-label", .account = account };
  TlTestUi *ui = tl_test_ui_start (&options);

  g_free (tl_test_ui_await_line (ui, 0, "Window shows account Office <b>trunk</b>: "
                                 "Ready (IP-authenticated", 20000));
  g_free (tl_test_ui_await_line (ui, 0, "Dial pad: can call", 5000));
  quit_with_keys (ui, tl_test_ui_engine_pid (ui, 0, 20000));
  tl_test_ui_stop (ui);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/smoke/no-account", test_no_account);
  g_test_add_func ("/ui/smoke/account-label", test_account_label);
  return g_test_run ();
}
