/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real app under Xvfb: it starts its engine, shows it, works at 360 px, quits cleanly. */
#include "config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "tl-test-trunk.h"

/* Children must not outlive a test that aborts. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

typedef struct {
  GSubprocess *xvfb;
  char        *display;
  char        *scratch;
} Display;

static gboolean
read_display_number (GPollableInputStream *in,
                     char                 *buf,
                     gsize                 size,
                     gsize                *got)
{
  while (*got < size - 1 && strchr (buf, '\n') == NULL)
    {
      gssize n = g_pollable_input_stream_read_nonblocking (in, buf + *got, 1, NULL, NULL);

      if (n <= 0)
        return FALSE;
      (*got)++;
    }
  return TRUE;
}

static void
start_xvfb (Display *d)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = NULL;
  char buf[32] = { 0 };
  gsize got = 0;
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  /* -displayfd: the server picks a free display and tells us which. */
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  d->xvfb = g_subprocess_launcher_spawn (launcher, &error, "Xvfb", "-displayfd", "3",
                                         "-screen", "0", "1024x768x24", "-nolisten", "tcp", NULL);
  g_assert_no_error (error);
  in = g_unix_input_stream_new (fds[0], TRUE);
  /* The server writes "N\n" and keeps the descriptor: read up to the newline,
   * without ever blocking on it. */
  TL_TEST_AWAIT (read_display_number (G_POLLABLE_INPUT_STREAM (in), buf, sizeof buf, &got), 10000,
                 "Xvfb wrote “%s” on its display descriptor", buf);
  d->display = g_strdup_printf (":%s", g_strstrip (buf));
}

static char *
run_capture (const char *display,
             GError    **error,
             const char *first,
             ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;

  g_subprocess_launcher_setenv (launcher, "DISPLAY", display, TRUE);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (proc == NULL || !tl_test_subprocess_communicate (proc, NULL, 30000, &out, &err, error))
    return NULL;
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", first, err);
  return out;
}

typedef struct {
  GString    *log;
  gboolean    ready;
  gboolean    eof;
  GPid        engine_pid;
  const char *wait_for;   /* a debug line that means "ready" for this test */
} AppOutput;

static void read_line (GDataInputStream *in, AppOutput *out);

static void
line_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AppOutput *out = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  const char *pid;

  if (line == NULL)
    {
      out->eof = TRUE;
      return;
    }
  g_string_append_printf (out->log, "%s\n", line);
  if (strstr (line, out->wait_for) != NULL)
    out->ready = TRUE;
  pid = strstr (line, "started (pid ");
  if (pid != NULL)
    out->engine_pid = (GPid) g_ascii_strtoll (pid + strlen ("started (pid "), NULL, 10);
  read_line (G_DATA_INPUT_STREAM (source), out);
}

static void
read_line (GDataInputStream *in,
           AppOutput        *out)
{
  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, line_cb, out);
}

typedef struct {
  const char *name;        /* screenshot name */
  const char *wait_for;
  gboolean    with_account;
} UiCase;

/* An IP-authenticated account needs no password and no registrar to be ready. */
static void
add_account (const char *home)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TL_CLI"), "accounts", "add",
                                      "--user", "15551234567", "--domain", "127.0.0.1:9",
                                      "--ip-auth", "--label", "Office <b>trunk</b>", NULL);
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_wait (proc, 30000, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
}

/* The running app answers `trunkline-cli calls` and `hangup` (no call yet). */
static void
check_call_service (const char *home,
                    const char *bus_address)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                      | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) calls = NULL;
  g_autoptr(GSubprocess) hangup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  TlTestDeadline deadline;

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  /* The name is taken as the app starts; give it the time that takes. */
  tl_test_deadline_start (&deadline, 10000);
  do
    {
      g_clear_object (&calls);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      calls = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TL_CLI"), "calls", NULL);
      g_assert_no_error (error);
      tl_test_subprocess_communicate (calls, NULL, 10000, &out, &err, &error);
      g_assert_no_error (error);
      tl_test_subprocess_wait (calls, 5000, NULL);
      if (g_subprocess_get_exit_status (calls) == 0)
        break;
      tl_test_spin (100);
    }
  while (tl_test_deadline_iterate (&deadline));
  tl_test_deadline_stop (&deadline);
  g_test_message ("trunkline-cli calls: %d “%s” %s", g_subprocess_get_exit_status (calls), out, err);
  g_assert_cmpint (g_subprocess_get_exit_status (calls), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  hangup = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TL_CLI"), "hangup", NULL);
  g_assert_no_error (error);
  tl_test_subprocess_communicate (hangup, NULL, 10000, &out, &err, &error);
  g_assert_no_error (error);
  tl_test_subprocess_wait (hangup, 5000, NULL);
  g_assert_no_error (error);
  g_test_message ("trunkline-cli hangup: %d %s", g_subprocess_get_exit_status (hangup), err);
  g_assert_cmpint (g_subprocess_get_exit_status (hangup), ==, 7);
  g_assert_nonnull (strstr (err, "There is no call"));
}

static void
test_smoke (gconstpointer data)
{
  const UiCase *ui_case = data;
  Display d = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GDataInputStream) err_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *window = NULL;
  g_autofree char *home = NULL;
  g_autofree char *shots = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *geometry = NULL;
  g_autofree char *spread = NULL;
  AppOutput out = { g_string_new (NULL), FALSE, FALSE, 0, ui_case->wait_for };
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);

  d.scratch = tl_test_scratch_new ("ui-smoke");
  start_xvfb (&d);
  home = g_build_filename (d.scratch, "home", NULL);
  g_mkdir_with_parents (home, 0700);
  if (ui_case->with_account)
    add_account (home);

  /* GLib writes debug messages to stdout: read both streams together. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "DISPLAY", d.display, TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "tl-ui tl-engine", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "XDG_RUNTIME_DIR");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* A private session bus: the app is unique on it and offers its calls there. */
  g_test_dbus_up (bus);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", g_test_dbus_get_bus_address (bus), TRUE);
  app = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TL_APP"), "--demo", "--listen", "127.0.0.1:0",
                                     NULL);
  g_assert_no_error (error);
  err_in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (app));
  read_line (err_in, &out);

  if (!tl_test_wait_for (&out.ready, 30000))
    g_test_message ("app log:\n%s", out.log->str);
  g_assert_true (out.ready);
  g_assert_cmpint (out.engine_pid, >, 0);
  check_call_service (home, g_test_dbus_get_bus_address (bus));

  window = run_capture (d.display, &error, "xdotool", "search", "--sync", "--onlyvisible", "--name", "^Trunkline$", NULL);
  g_assert_no_error (error);
  g_strstrip (window);
  g_assert_cmpstr (window, !=, "");
  if (strchr (window, '\n') != NULL)
    *strchr (window, '\n') = '\0';

  /* The window opens at the narrowest supported width, 360 px (the phone size);
   * with no window manager we place it ourselves. */
  g_free (run_capture (d.display, &error, "xdotool", "windowmove", window, "0", "0", NULL));
  g_assert_no_error (error);
  tl_test_spin (700);
  geometry = run_capture (d.display, &error, "xdotool", "getwindowgeometry", window, NULL);
  g_assert_no_error (error);
  g_test_message ("%s", geometry);
  g_assert_nonnull (strstr (geometry, "360x640"));

  shots = g_build_filename (g_getenv ("TL_TEST_BUILDDIR"), "screenshots", NULL);
  g_mkdir_with_parents (shots, 0755);
  shot = g_build_filename (shots, ui_case->name, NULL);
  /* GTK's toplevel cannot be grabbed by id under a bare X server: grab the screen
   * where the window was placed. */
  g_free (run_capture (d.display, &error, "import", "-window", "root", "-crop", "360x640+0+0",
                       "+repage", shot, NULL));
  g_assert_no_error (error);
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  /* Not a blank frame: the rendered page has contrast. */
  spread = run_capture (d.display, &error, "convert", shot, "-format", "%[fx:standard_deviation]", "info:", NULL);
  g_assert_no_error (error);
  g_test_message ("screenshot %s, standard deviation %s", shot, spread);
  g_assert_cmpfloat (g_ascii_strtod (spread, NULL), >, 0.02);

  /* Ctrl+Q: the engine is stopped first, then the app exits cleanly. */
  /* Real key events (XTEST) to the focused window; GTK ignores synthetic ones. */
  g_free (run_capture (d.display, &error, "xdotool", "windowfocus", "--sync", window, NULL));
  g_assert_no_error (error);
  g_free (run_capture (d.display, &error, "xdotool", "key", "ctrl+q", NULL));
  g_assert_no_error (error);
  if (!tl_test_subprocess_wait (app, 15000, NULL))
    g_test_message ("app log:\n%s", out.log->str);
  g_assert_true (g_subprocess_get_successful (app));
  g_assert_true (tl_test_wait_for (&out.eof, 5000));
  g_assert_cmpint (kill (out.engine_pid, 0), !=, 0);
  g_assert_nonnull (strstr (out.log->str, "Engine stopping -> stopped"));

  g_test_dbus_down (bus);
  g_subprocess_force_exit (d.xvfb);
  tl_test_subprocess_wait (d.xvfb, 5000, NULL);
  g_object_unref (d.xvfb);
  tl_test_scratch_finish (d.scratch, g_test_failed ());
  g_free (d.scratch);
  g_free (d.display);
  g_string_free (out.log, TRUE);
}

int
main (int argc, char **argv)
{
  static const UiCase demo = { "main-window-360.png", "Window shows engine state ready", FALSE };
  /* The label is shown as text: the markup in it must not be interpreted. */
  static const UiCase account = { "accounts-360.png",
                                  "Window shows account Office <b>trunk</b>: Ready (IP-authenticated", TRUE };

  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/ui/smoke", &demo, test_smoke);
  g_test_add_data_func ("/ui/account-ready", &account, test_smoke);
  return g_test_run ();
}
