/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real app under Xvfb for the UI tests: its own X server, session bus, unlocked
 * keyring, stand-in notification server, and optionally the test trunk. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-ui.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#define START_TIMEOUT_MS 30000
#define KEYRING_UNLOCK "ui-keyring-unlock"

struct _TlTestUi {
  char             *scratch;
  char             *home;
  char             *display;
  char             *bus_address;
  char             *notifications_path;
  char             *app_log_path;
  GSubprocess      *xvfb;
  GSubprocess      *bus;
  GSubprocess      *keyring;
  GSubprocess      *notifier;
  GSubprocess      *app;
  GDBusConnection  *connection;
  TlTestPulse      *pulse;
  TlTestKamailio   *kamailio;
  TlTestPeer       *peer;
  guint             sip_port;
  const char       *window_name;
  double            mapped_ms;
  GPtrArray        *lines;           /* the app's output, a line each */
  GOutputStream    *app_log;
  gboolean          app_eof;
  GDataInputStream *app_out;
  guint             kamailio_port;   /* kept for a restart on the same port */
  TlTestMailbox    *mailbox;
  const char *const *app_env;        /* the options': "KEY=VALUE" for the app */
};

static void stop_child (GSubprocess **child);

/* Children must not outlive a test that aborts. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
launcher_new (TlTestUi        *ui,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (ui->home != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "HOME", ui->home, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", ui->home, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", ui->home, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", ui->home, TRUE);
    }
  g_subprocess_launcher_unsetenv (launcher, "XDG_RUNTIME_DIR");
  if (ui->display != NULL)
    g_subprocess_launcher_setenv (launcher, "DISPLAY", ui->display, TRUE);
  if (ui->bus_address != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", ui->bus_address, TRUE);
      /* The test bus stands in for the system bus too: logind's suspend and
       * wake-up come from the stand-in, never from this machine. */
      g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS", ui->bus_address, TRUE);
    }
  return launcher;
}

/* ---- a line reader for a child's output ------------------------------------------- */

typedef struct {
  GString  *text;
  gboolean  eof;
} FirstLine;

static gboolean
read_available (GPollableInputStream *in,
                GString              *text,
                gboolean             *eof)
{
  char c;
  gssize n;

  while ((n = g_pollable_input_stream_read_nonblocking (in, &c, 1, NULL, NULL)) == 1)
    {
      if (c == '\n')
        return TRUE;
      g_string_append_c (text, c);
    }
  if (n == 0)
    *eof = TRUE;
  return FALSE;
}

/* The first line a child writes on @fd (its display number, its bus address). */
static char *
await_first_line (GInputStream *in,
                  const char   *what,
                  guint         timeout_ms)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean eof = FALSE;
  gboolean done = FALSE;
  TlTestDeadline deadline;

  tl_test_deadline_start (&deadline, timeout_ms);
  while (!(done = read_available (G_POLLABLE_INPUT_STREAM (in), text, &eof)) && !eof
         && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  if (!done)
    g_error ("%s wrote no line within %u ms (got “%s”%s)", what, timeout_ms, text->str, eof ? ", then the end" : "");
  return g_strstrip (g_string_free (g_steal_pointer (&text), FALSE));
}

/* ---- X server, bus, keyring, notifications ------------------------------------------- */

static void
start_xvfb (TlTestUi *ui)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (ui, G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autofree char *number = NULL;
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  /* -displayfd: the server picks a free display and tells us which. */
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  ui->xvfb = g_subprocess_launcher_spawn (launcher, &error, "Xvfb", "-displayfd", "3", "-screen", "0",
                                          "1280x800x24", "-nolisten", "tcp", "-noreset", NULL);
  g_assert_no_error (error);
  g_unix_set_fd_nonblocking (fds[0], TRUE, NULL);
  in = g_unix_input_stream_new (fds[0], TRUE);
  number = await_first_line (in, "Xvfb", 15000);
  ui->display = g_strdup_printf (":%s", number);
}

GSubprocess *
tl_test_ui_start_display (void)
{
  TlTestUi ui = { 0 };

  start_xvfb (&ui);
  g_setenv ("DISPLAY", ui.display, TRUE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* libadwaita asks the settings portal on the session bus: with none set, D-Bus
   * would autolaunch a bus tied to this X server, whose end then takes us down. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_free (ui.display);
  return ui.xvfb;
}

void
tl_test_ui_stop_display (GSubprocess *xvfb)
{
  stop_child (&xvfb);
}

static void
start_bus (TlTestUi *ui)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (ui, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                              | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GInputStream *out;
  int fd;

  /* The standard session configuration: services (the accessibility bus) activate as on a desktop. */
  ui->bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--session", "--nofork",
                                         "--print-address=1", NULL);
  g_assert_no_error (error);
  out = g_subprocess_get_stdout_pipe (ui->bus);
  fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out));
  g_unix_set_fd_nonblocking (fd, TRUE, NULL);
  ui->bus_address = await_first_line (out, "dbus-daemon", 15000);
  ui->connection = g_dbus_connection_new_for_address_sync (ui->bus_address,
                                                           G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                           | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                           NULL, NULL, &error);
  g_assert_no_error (error);
}

typedef struct {
  TlTestUi   *ui;
  const char *name;
} NameWait;

static gboolean
name_has_owner (gpointer user_data)
{
  NameWait *wait = user_data;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (wait->ui->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", wait->name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
await_name (TlTestUi   *ui,
            const char *name,
            guint       timeout_ms)
{
  NameWait wait = { ui, name };

  TL_TEST_AWAIT (name_has_owner (&wait), timeout_ms, "nobody owns %s on the test bus", name);
}

static void
start_keyring (TlTestUi *ui)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (ui, G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                              | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                              | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GOutputStream *in;

  /* No display: nothing may try to show an unlock prompt. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  /* --unlock reads the login keyring's password on stdin and creates the keyring with it. */
  ui->keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                             "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (ui->keyring);
  g_output_stream_write_all (in, KEYRING_UNLOCK, strlen (KEYRING_UNLOCK), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, NULL);
  await_name (ui, "org.freedesktop.secrets", 15000);
}

static void
start_notification_server (TlTestUi *ui)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (ui, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("TL_TEST_SRCDIR"), "ui", "tl-notification-server.py", NULL);
  g_autofree char *log = g_build_filename (ui->scratch, "notification-server.log", NULL);
  g_autofree char *ready = NULL;
  GInputStream *out;

  ui->notifications_path = g_build_filename (ui->scratch, "notifications.jsonl", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  /* Debian's own Python: it has the GObject bindings. */
  ui->notifier = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/python3", script,
                                              ui->notifications_path, NULL);
  g_assert_no_error (error);
  out = g_subprocess_get_stdout_pipe (ui->notifier);
  g_unix_set_fd_nonblocking (g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out)), TRUE, NULL);
  ready = await_first_line (out, "the notification server", 15000);
  g_assert_cmpstr (ready, ==, "ready");
}

/* ---- the test trunk and the account ---------------------------------------------------- */

int
tl_test_ui_cli (TlTestUi          *ui,
                const char        *input,
                const char *const *args,
                char             **out)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (ui, G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                              | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                              | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("TL_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_communicate (proc, input, 60000, &text, &err, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_wait (proc, 5000, NULL));
  if (err != NULL && *err != '\0')
    g_test_message ("trunkline-cli %s: %s", args[0], err);
  if (out != NULL)
    *out = g_steal_pointer (&text);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

static const char *trunk_users[] = { TL_TEST_UI_USER ":" TL_TEST_UI_PASSWORD,
                                     TL_TEST_UI_PEER ":" TL_TEST_UI_PEER_PASSWORD, NULL };

guint
tl_test_ui_count_invites (TlTestUi *ui)
{
  return tl_test_kamailio_count_requests (ui->kamailio, "INVITE", TL_TEST_UI_USER);
}

void
tl_test_ui_stop_kamailio (TlTestUi *ui)
{
  g_assert_nonnull (ui->kamailio);
  tl_test_kamailio_stop (ui->kamailio);
}

void
tl_test_ui_restart_kamailio (TlTestUi *ui)
{
  TlTestKamailioOptions kamailio = { .users = trunk_users, .port = ui->kamailio_port,
                                     .mailbox = ui->mailbox != NULL ? tl_test_mailbox_get_hostport (ui->mailbox)
                                                                    : NULL };
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (ui->kamailio);
  tl_test_kamailio_stop (ui->kamailio);
  tl_test_kamailio_free (ui->kamailio);
  ui->kamailio = tl_test_kamailio_start (ui->scratch, &kamailio, &error);
  g_assert_no_error (error);
}

static void
start_trunk (TlTestUi              *ui,
             const TlTestUiOptions *options)
{
  const char **users = trunk_users;
  TlTestKamailioOptions kamailio = { .users = users };
  TlTestPeerOptions peer = { .user = TL_TEST_UI_PEER, .password = TL_TEST_UI_PEER_PASSWORD,
                             .tone_hz = TL_TEST_UI_PEER_HZ, .codecs = "pcmu",
                             .mediaenc = options->srtp != NULL ? "srtp-mand" : NULL,
                             .auto_answer = options->peer_answers };
  g_autoptr(GError) error = NULL;
  g_autofree char *proxy = NULL;
  g_autofree char *id = NULL;

  ui->pulse = tl_test_pulse_start (ui->scratch, &error);
  g_assert_no_error (error);
  if (options->with_mailbox)
    {
      ui->mailbox = tl_test_mailbox_start (&error);
      g_assert_no_error (error);
      kamailio.mailbox = tl_test_mailbox_get_hostport (ui->mailbox);
    }
  ui->kamailio = tl_test_kamailio_start (ui->scratch, &kamailio, &error);
  g_assert_no_error (error);
  ui->kamailio_port = tl_test_kamailio_get_port (ui->kamailio);
  peer.registrar = tl_test_kamailio_get_hostport (ui->kamailio);
  ui->peer = tl_test_peer_start (ui->scratch, &peer, &error);
  g_assert_no_error (error);

  if (options->no_account)
    return;
  proxy = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (ui->kamailio));
  {
    const char *add[] = { "accounts", "add", "--user", TL_TEST_UI_USER, "--domain", "127.0.0.1",
                          "--proxy", proxy, "--codecs", "pcmu",
                          "--srtp", options->srtp != NULL ? options->srtp : "off",
                          "--transport", options->transport != NULL ? options->transport : "udp", NULL };

    g_assert_cmpint (tl_test_ui_cli (ui, NULL, add, &id), ==, 0);
    g_strstrip (id);
  }
  {
    /* The password goes to the keyring, as a person's would. */
    const char *set[] = { "accounts", "set-password", id, "--password-stdin", NULL };

    g_assert_cmpint (tl_test_ui_cli (ui, TL_TEST_UI_PASSWORD "\n", set, NULL), ==, 0);
  }
  if (options->voicemail != NULL)
    {
      const char *set[] = { "accounts", "set", id, "voicemail", options->voicemail, NULL };

      g_assert_cmpint (tl_test_ui_cli (ui, NULL, set, NULL), ==, 0);
    }
  for (guint i = 0; options->account_set != NULL && options->account_set[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (options->account_set[i], "=", 2);
      const char *set[] = { "accounts", "set", id, pair[0], pair[1], NULL };

      g_assert_nonnull (pair[1]);
      g_assert_cmpint (tl_test_ui_cli (ui, NULL, set, NULL), ==, 0);
    }
}

/* ---- the app ----------------------------------------------------------------------------- */

static void read_app_line (TlTestUi *ui);

static void
app_line_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TlTestUi *ui = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, NULL);

  if (line == NULL)
    {
      ui->app_eof = TRUE;
      return;
    }
  g_output_stream_write_all (ui->app_log, line, strlen (line), NULL, NULL, NULL);
  g_output_stream_write_all (ui->app_log, "\n", 1, NULL, NULL, NULL);
  g_ptr_array_add (ui->lines, g_steal_pointer (&line));
  read_app_line (ui);
}

static void
read_app_line (TlTestUi *ui)
{
  g_data_input_stream_read_line_async (ui->app_out, G_PRIORITY_DEFAULT, NULL, app_line_cb, ui);
}

static char *
run_tool (TlTestUi   *ui,
          const char *first,
          ...) G_GNUC_NULL_TERMINATED;

/* An X tool against the test display: its output, stripped. */
static char *
run_tool (TlTestUi   *ui,
          const char *first,
          ...)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (ui, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                              | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_communicate (proc, NULL, 30000, &out, &err, &error));
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_debug ("%s: %s", first, g_strstrip (err));
  return g_strstrip (out != NULL ? out : g_strdup (""));
}

gulong
tl_test_ui_find_window (TlTestUi   *ui,
                        const char *title)
{
  g_autofree char *ids = run_tool (ui, "xdotool", "search", "--onlyvisible", "--name", title, NULL);

  return ids[0] != '\0' ? strtoul (ids, NULL, 10) : 0;
}

gulong
tl_test_ui_find_class (TlTestUi   *ui,
                       const char *wm_class)
{
  g_autofree char *ids = run_tool (ui, "xdotool", "search", "--onlyvisible", "--classname", wm_class, NULL);

  return ids[0] != '\0' ? strtoul (ids, NULL, 10) : 0;
}

gulong
tl_test_ui_window (TlTestUi *ui)
{
  /* The toplevel's title; the about and shortcut windows have others. */
  return tl_test_ui_find_window (ui, ui->window_name != NULL ? ui->window_name : "^Trunkline$");
}

gboolean
tl_test_ui_window_visible (TlTestUi *ui)
{
  return tl_test_ui_window (ui) != 0;
}

static gboolean
window_mapped (gpointer user_data)
{
  return tl_test_ui_window (user_data) != 0;
}

static void
focus_xid (TlTestUi *ui,
           gulong    xid)
{
  g_autofree char *id = g_strdup_printf ("%lu", xid);

  g_free (run_tool (ui, "xdotool", "windowfocus", "--sync", id, NULL));
}

void
tl_test_ui_focus_xid (TlTestUi *ui,
                      gulong    xid)
{
  g_assert_cmpuint (xid, !=, 0);
  focus_xid (ui, xid);
}

void
tl_test_ui_focus_window (TlTestUi *ui)
{
  focus_xid (ui, tl_test_ui_window (ui));
}

void
tl_test_ui_resize_window (TlTestUi *ui,
                          gulong    xid,
                          int       width,
                          int       height)
{
  g_autofree char *id = g_strdup_printf ("%lu", xid);
  g_autofree char *w = g_strdup_printf ("%d", width);
  g_autofree char *h = g_strdup_printf ("%d", height);

  g_assert_cmpuint (xid, !=, 0);
  /* No window manager: we place and size it ourselves. */
  g_free (run_tool (ui, "xdotool", "windowmove", id, "0", "0", NULL));
  g_free (run_tool (ui, "xdotool", "windowsize", "--sync", id, w, h, NULL));
  tl_test_spin (700);
  focus_xid (ui, xid);
}

void
tl_test_ui_resize (TlTestUi *ui,
                   int       width,
                   int       height)
{
  tl_test_ui_resize_window (ui, tl_test_ui_window (ui), width, height);
}

/* A launcher for the app as the tests run it: the test's folders, bus, display,
 * sound server, software rendering and debug output. */
static GSubprocessLauncher *
app_launcher (TlTestUi        *ui,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = launcher_new (ui, flags);

  if (ui->pulse != NULL)
    {
      g_auto(GStrv) env = tl_test_pulse_environ (ui->pulse, NULL);

      for (guint i = 0; env[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

          if (pair[1] != NULL && (g_str_has_prefix (pair[0], "PULSE") || g_str_has_prefix (pair[0], "ALSA")
                                  || g_str_has_prefix (pair[0], "JACK")))
            g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
        }
    }
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  /* The GL renderer burns a core idle under Xvfb. */
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "tl-ui tl-lines tl-calls tl-engine tl-audio tl-demo tl-platform", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  for (guint i = 0; ui->app_env != NULL && ui->app_env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (ui->app_env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  return launcher;
}

static void
start_app (TlTestUi              *ui,
           const TlTestUiOptions *options)
{
  g_autoptr(GSubprocessLauncher) launcher = app_launcher (ui, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                               | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GFile) log_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  gint64 started;

  ui->window_name = options->window_name;
  if (options->program != NULL)
    g_ptr_array_add (argv, (char *) options->program);
  else
    {
      ui->sip_port = tl_test_free_port ();
      /* UDP and TCP on the port, TLS on the next: keep that one free too. */
      listen = g_strdup_printf ("127.0.0.1:%u", ui->sip_port);
      g_ptr_array_add (argv, (char *) g_getenv ("TL_APP"));
      g_ptr_array_add (argv, (char *) "--listen");
      g_ptr_array_add (argv, listen);
    }
  if (options->hidden)
    g_ptr_array_add (argv, (char *) "--gapplication-service");
  for (guint i = 0; options->app_args != NULL && options->app_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) options->app_args[i]);
  g_ptr_array_add (argv, NULL);

  ui->app_log_path = g_build_filename (ui->scratch, "app.log", NULL);
  log_file = g_file_new_for_path (ui->app_log_path);
  ui->app_log = G_OUTPUT_STREAM (g_file_replace (log_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error));
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  ui->app = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  ui->app_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (ui->app));
  read_app_line (ui);

  if (options->hidden)
    {
      /* No window to wait for: the engine's start is the sign of life. */
      g_free (tl_test_ui_await_line (ui, 0, "Engine starting -> ready", START_TIMEOUT_MS));
      return;
    }
  TL_TEST_AWAIT (window_mapped (ui) || !tl_test_ui_app_running (ui), START_TIMEOUT_MS,
                 "no window; the app logged %u lines (see app.log)", ui->lines->len);
  ui->mapped_ms = (double) (g_get_monotonic_time () - started) / 1000.0;
  g_assert_true (tl_test_ui_app_running (ui));
  tl_test_ui_resize (ui, options->width > 0 ? options->width : 360, options->height > 0 ? options->height : 720);
}

TlTestUi *
tl_test_ui_start (const TlTestUiOptions *options)
{
  TlTestUi *ui = g_new0 (TlTestUi, 1);

  ui->scratch = tl_test_scratch_new (options->name);
  ui->home = g_build_filename (ui->scratch, "home", NULL);
  g_mkdir_with_parents (ui->home, 0700);
  ui->lines = g_ptr_array_new_with_free_func (g_free);
  ui->app_env = options->app_env;
  start_xvfb (ui);
  start_bus (ui);
  start_keyring (ui);
  start_notification_server (ui);
  if (options->with_trunk)
    start_trunk (ui, options);
  if (options->account != NULL)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      g_ptr_array_add (args, (char *) "accounts");
      g_ptr_array_add (args, (char *) "add");
      for (guint i = 0; options->account[i] != NULL; i++)
        g_ptr_array_add (args, (char *) options->account[i]);
      g_ptr_array_add (args, NULL);
      g_assert_cmpint (tl_test_ui_cli (ui, NULL, (const char *const *) args->pdata, NULL), ==, 0);
    }
  start_app (ui, options);
  if (options->with_trunk && !options->no_account)
    g_free (tl_test_ui_await_line (ui, 0, "Line " TL_TEST_UI_USER "@127.0.0.1: connecting -> ready", 20000));
  return ui;
}

GPid
tl_test_ui_get_app_pid (TlTestUi *ui)
{
  const char *id = ui->app != NULL ? g_subprocess_get_identifier (ui->app) : NULL;

  return id != NULL ? (GPid) atoi (id) : 0;
}

double
tl_test_ui_get_mapped_ms (TlTestUi *ui)
{
  return ui->mapped_ms;
}

gboolean
tl_test_ui_app_running (TlTestUi *ui)
{
  return ui->app != NULL && g_subprocess_get_identifier (ui->app) != NULL;
}

static void
stop_child (GSubprocess **child)
{
  if (*child == NULL)
    return;
  if (g_subprocess_get_identifier (*child) != NULL)
    {
      g_subprocess_send_signal (*child, SIGTERM);
      if (!tl_test_subprocess_wait (*child, 5000, NULL))
        g_debug ("a child needed SIGKILL");
    }
  g_clear_object (child);
}

void
tl_test_ui_stop (TlTestUi *ui)
{
  if (ui == NULL)
    return;
  if (tl_test_ui_app_running (ui) && ui->window_name != NULL)
    stop_child (&ui->app);
  else if (tl_test_ui_app_running (ui))
    {
      /* The way a person quits: the engine unregisters and stops first. */
      tl_test_ui_action (ui, "quit", NULL);
      if (!tl_test_subprocess_wait (ui->app, 20000, NULL))
        g_test_message ("the app did not quit within 20 s and was killed");
    }
  if (ui->app_out != NULL)
    tl_test_wait_for (&ui->app_eof, 5000);
  g_clear_object (&ui->app_out);
  g_clear_object (&ui->app);
  if (ui->app_log != NULL)
    g_output_stream_close (ui->app_log, NULL, NULL);
  g_clear_object (&ui->app_log);
  g_clear_pointer (&ui->peer, tl_test_peer_free);
  g_clear_pointer (&ui->kamailio, tl_test_kamailio_free);
  g_clear_pointer (&ui->mailbox, tl_test_mailbox_free);
  g_clear_pointer (&ui->pulse, tl_test_pulse_free);
  stop_child (&ui->notifier);
  stop_child (&ui->keyring);
  g_clear_object (&ui->connection);
  stop_child (&ui->bus);
  stop_child (&ui->xvfb);
  tl_test_scratch_finish (ui->scratch, g_test_failed ());
  g_ptr_array_unref (ui->lines);
  g_free (ui->scratch);
  g_free (ui->home);
  g_free (ui->display);
  g_free (ui->bus_address);
  g_free (ui->notifications_path);
  g_free (ui->app_log_path);
  g_free (ui);
}

const char *tl_test_ui_get_scratch (TlTestUi *ui) { return ui->scratch; }
const char *tl_test_ui_get_home (TlTestUi *ui) { return ui->home; }
const char *tl_test_ui_get_display (TlTestUi *ui) { return ui->display; }
const char *tl_test_ui_get_bus_address (TlTestUi *ui) { return ui->bus_address; }
TlTestKamailio *tl_test_ui_get_kamailio (TlTestUi *ui) { return ui->kamailio; }
TlTestMailbox  *tl_test_ui_get_mailbox  (TlTestUi *ui) { return ui->mailbox; }
TlTestPulse *tl_test_ui_get_pulse (TlTestUi *ui) { return ui->pulse; }
TlTestPeer *tl_test_ui_get_peer (TlTestUi *ui) { return ui->peer; }
guint tl_test_ui_get_sip_port (TlTestUi *ui) { return ui->sip_port; }

/* ---- the log ---------------------------------------------------------------------- */

guint
tl_test_ui_mark (TlTestUi *ui)
{
  return ui->lines->len;
}

char *
tl_test_ui_find_line (TlTestUi   *ui,
                      guint       mark,
                      const char *needle)
{
  for (guint i = ui->lines->len; i > mark; i--)
    {
      const char *line = g_ptr_array_index (ui->lines, i - 1);

      if (strstr (line, needle) != NULL)
        return g_strdup (line);
    }
  return NULL;
}

static gboolean
has_line (TlTestUi   *ui,
          guint       mark,
          const char *needle)
{
  g_autofree char *line = tl_test_ui_find_line (ui, mark, needle);

  return line != NULL;
}

static GPid
pid_in_line (const char *line,
             const char *needle)
{
  GPid pid = (GPid) g_ascii_strtoll (strstr (line, needle) + strlen (needle), NULL, 10);

  g_assert_cmpint (pid, >, 0);
  return pid;
}

GPid
tl_test_ui_await_pid (TlTestUi   *ui,
                      guint       mark,
                      const char *needle,
                      guint       timeout_ms)
{
  g_autofree char *line = tl_test_ui_await_line (ui, mark, needle, timeout_ms);

  return pid_in_line (line, needle);
}

GPid
tl_test_ui_engine_pid (TlTestUi *ui,
                       guint     mark,
                       guint     timeout_ms)
{
  g_autofree char *line = tl_test_ui_await_line (ui, mark, "started (pid ", timeout_ms);

  g_assert_nonnull (strstr (line, "Engine "));
  return pid_in_line (line, "started (pid ");
}

char *
tl_test_ui_await_line (TlTestUi   *ui,
                       guint       mark,
                       const char *needle,
                       guint       timeout_ms)
{
  TL_TEST_AWAIT (has_line (ui, mark, needle) || ui->app_eof, timeout_ms,
                 "no line with “%s”; the app logged %u lines since the mark, the last: %s", needle,
                 ui->lines->len - MIN (mark, ui->lines->len),
                 ui->lines->len > mark ? (char *) g_ptr_array_index (ui->lines, ui->lines->len - 1) : "(none)");
  if (!has_line (ui, mark, needle))
    g_error ("the app ended before it logged “%s”", needle);
  return tl_test_ui_find_line (ui, mark, needle);
}

/* ---- driving it -------------------------------------------------------------------- */

int
tl_test_ui_run_app (TlTestUi          *ui,
                    const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = app_launcher (ui, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("TL_APP"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* A second instance hands its arguments to the running one over D-Bus and ends. */
  g_assert_true (tl_test_subprocess_wait (proc, 20000, NULL));
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

void
tl_test_ui_key (TlTestUi   *ui,
                const char *keys)
{
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (ui, G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) "xdotool");
  g_ptr_array_add (argv, (char *) "key");
  g_ptr_array_add (argv, (char *) "--delay");
  g_ptr_array_add (argv, (char *) "60");
  for (guint i = 0; each[i] != NULL; i++)
    g_ptr_array_add (argv, each[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (tl_test_subprocess_wait (proc, 30000, NULL));
}

void
tl_test_ui_type (TlTestUi   *ui,
                 const char *text)
{
  g_free (run_tool (ui, "xdotool", "type", "--delay", "80", text, NULL));
}

void
tl_test_ui_click (TlTestUi *ui,
                  int       x,
                  int       y)
{
  g_autofree char *id = g_strdup_printf ("%lu", tl_test_ui_window (ui));
  g_autofree char *sx = g_strdup_printf ("%d", x);
  g_autofree char *sy = g_strdup_printf ("%d", y);

  g_free (run_tool (ui, "xdotool", "mousemove", "--window", id, sx, sy, "click", "1", NULL));
}

typedef struct {
  gboolean  done;
  GError   *error;
} ActionCall;

static void
action_called_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ActionCall *call = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);

  call->done = TRUE;
}

void
tl_test_ui_action (TlTestUi   *ui,
                   const char *action,
                   GVariant   *parameter)
{
  GVariantBuilder parameters;
  ActionCall call = { 0 };

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  if (parameter != NULL)
    g_variant_builder_add (&parameters, "v", parameter);
  /* The door notifications and `gapplication action` use. */
  g_dbus_connection_call (ui->connection, TL_APP_ID, "/org/trunkline/Trunkline", "org.freedesktop.Application",
                          "ActivateAction",
                          g_variant_new ("(sava{sv})", action, &parameters, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, action_called_cb, &call);
  TL_TEST_AWAIT (call.done, 15000, "no answer to app.%s", action);
  g_assert_no_error (call.error);
}

static void
capture (TlTestUi   *ui,
         gulong      xid,
         const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("TL_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *id = g_strdup_printf ("%lu", xid);
  g_autofree char *geometry = NULL;
  g_autofree char *crop = NULL;
  g_autofree char *spread = NULL;
  g_auto(GStrv) lines = NULL;
  int width = 0, height = 0;

  g_mkdir_with_parents (dir, 0755);
  /* Let the last change draw. */
  tl_test_spin (500);
  geometry = run_tool (ui, "xdotool", "getwindowgeometry", "--shell", id, NULL);
  lines = g_strsplit (geometry, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "WIDTH="))
        width = atoi (lines[i] + 6);
      else if (g_str_has_prefix (lines[i], "HEIGHT="))
        height = atoi (lines[i] + 7);
    }
  g_assert_cmpint (width, >, 0);
  /* GTK's toplevel cannot be grabbed by id under a bare X server: grab the
   * screen where the window was placed (at 0,0, by tl_test_ui_resize*). */
  crop = g_strdup_printf ("%dx%d+0+0", width, height);
  g_free (run_tool (ui, "import", "-window", "root", "-crop", crop, "+repage", path, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Not a blank frame: the rendered page has contrast. */
  spread = run_tool (ui, "convert", path, "-format", "%[fx:standard_deviation]", "info:", NULL);
  g_test_message ("screenshot %s (%dx%d), standard deviation %s", path, width, height, spread);
  g_assert_cmpfloat (g_ascii_strtod (spread, NULL), >, 0.02);
}

void
tl_test_ui_screenshot (TlTestUi   *ui,
                       const char *name)
{
  capture (ui, tl_test_ui_window (ui), name);
}

void
tl_test_ui_screenshot_window (TlTestUi   *ui,
                              gulong      xid,
                              const char *name)
{
  g_autofree char *id = g_strdup_printf ("%lu", xid);

  g_assert_cmpuint (xid, !=, 0);
  /* No window manager: bring it to the corner the screenshot is taken from, on top. */
  g_free (run_tool (ui, "xdotool", "windowmove", id, "0", "0", NULL));
  g_free (run_tool (ui, "xdotool", "windowraise", id, NULL));
  tl_test_spin (300);
  capture (ui, xid, name);
}

/* ---- notifications ------------------------------------------------------------------ */

GPtrArray *
tl_test_ui_notifications (TlTestUi *ui)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (ui->notifications_path, &text, NULL, NULL))
    return events;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] == '{')
      g_ptr_array_add (events, g_strdup (lines[i]));
  return events;
}

static guint
json_id (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return 0;
  return (guint) json_object_get_int_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                          "id", 0);
}

guint
tl_test_ui_count_notifications (TlTestUi *ui)
{
  g_autoptr(GPtrArray) events = tl_test_ui_notifications (ui);

  return events->len;
}

char *
tl_test_ui_json_string (const char *json,
                        const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (object);
  g_assert_true (json_object_has_member (object, member));
  return g_strdup (json_object_get_string_member (object, member));
}

static char *
find_event (TlTestUi   *ui,
            guint       skip,
            const char *event,
            const char *needle)
{
  g_autoptr(GPtrArray) events = tl_test_ui_notifications (ui);

  for (guint i = skip; i < events->len; i++)
    {
      const char *json = g_ptr_array_index (events, i);

      if (strstr (json, event) != NULL && strstr (json, needle) != NULL)
        return g_strdup (json);
    }
  return NULL;
}

static char *
find_notification (TlTestUi   *ui,
                   guint       skip,
                   const char *needle)
{
  return find_event (ui, skip, "\"event\": \"notify\"", needle);
}

typedef struct {
  TlTestUi   *ui;
  guint       skip;
  const char *needle;
  char       *found;
} NotificationWait;

static gboolean
notification_found (gpointer user_data)
{
  NotificationWait *wait = user_data;

  if (wait->found == NULL)
    wait->found = find_notification (wait->ui, wait->skip, wait->needle);
  return wait->found != NULL;
}

char *
tl_test_ui_await_notification (TlTestUi   *ui,
                               guint       skip,
                               const char *needle,
                               guint       timeout_ms,
                               guint      *id)
{
  NotificationWait wait = { ui, skip, needle, NULL };
  g_autoptr(GPtrArray) events = NULL;

  TL_TEST_AWAIT (notification_found (&wait), timeout_ms, "%u notification events, none after %u with “%s”",
                 (events = tl_test_ui_notifications (ui))->len, skip, needle);
  if (id != NULL)
    *id = json_id (wait.found);
  return wait.found;
}

static gboolean
was_closed (TlTestUi *ui,
            guint     id)
{
  g_autoptr(GPtrArray) events = tl_test_ui_notifications (ui);
  g_autofree char *close = g_strdup_printf ("{\"event\": \"close\", \"id\": %u}", id);

  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (g_ptr_array_index (events, i), close) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
background_found (gpointer user_data)
{
  NotificationWait *wait = user_data;

  if (wait->found == NULL)
    wait->found = find_event (wait->ui, wait->skip, "\"event\": \"background\"", wait->needle);
  return wait->found != NULL;
}

char *
tl_test_ui_await_background_request (TlTestUi *ui,
                                     guint     skip,
                                     guint     timeout_ms)
{
  NotificationWait wait = { ui, skip, "", NULL };

  TL_TEST_AWAIT (background_found (&wait), timeout_ms, "no RequestBackground at the portal after event %u", skip);
  return wait.found;
}

void
tl_test_ui_set_background_answer (TlTestUi *ui,
                                  gboolean  grant)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (ui->connection, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications", "org.trunkline.Test.Notifications",
                                       "SetBackgroundAnswer", g_variant_new ("(b)", grant), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

void
tl_test_ui_sleep_and_wake (TlTestUi *ui)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (ui->connection, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications", "org.trunkline.Test.Notifications",
                                       "SleepAndWake", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

void
tl_test_ui_await_closed (TlTestUi *ui,
                         guint     id,
                         guint     timeout_ms)
{
  TL_TEST_AWAIT (was_closed (ui, id), timeout_ms, "notification %u is still shown", id);
}

void
tl_test_ui_press_notification (TlTestUi   *ui,
                               guint       id,
                               const char *action_key)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (ui->connection, "org.freedesktop.Notifications",
                                       "/org/freedesktop/Notifications", "org.trunkline.Test.Notifications",
                                       "Invoke", g_variant_new ("(us)", id, action_key), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

/* ---- audio ------------------------------------------------------------------------------ */

GSubprocess *
tl_test_ui_play_tone (TlTestUi *ui,
                      double    hz)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *tone = tl_test_pulse_play_tone (ui->pulse, "tl_mic", hz, 120, &error);

  g_assert_no_error (error);
  return tone;
}

void
tl_test_ui_stop_tone (GSubprocess *tone)
{
  g_subprocess_force_exit (tone);
  tl_test_subprocess_wait (tone, 5000, NULL);
  g_object_unref (tone);
}

double
tl_test_ui_tone_level (const TlTestAudio *audio,
                       double             hz)
{
  double len = (double) audio->n_samples / audio->rate;

  /* Skip the first and last 200 ms: device start and stop. */
  return tl_test_audio_tone_dbfs (audio, hz, 0.2, MAX (len - 0.4, 0.1));
}

double
tl_test_ui_speaker_level (TlTestUi   *ui,
                          const char *name,
                          double      hz,
                          double      seconds)
{
  g_autofree char *path = g_build_filename (ui->scratch, name, NULL);
  g_autoptr(GError) error = NULL;
  TlTestRecorder *recorder = tl_test_pulse_record_begin (ui->pulse, "tl_speaker.monitor", path, &error);
  TlTestAudio audio = { 0 };
  double level;

  g_assert_no_error (error);
  tl_test_spin ((guint) (seconds * 1000));
  g_assert_true (tl_test_recorder_finish (recorder, &error));
  g_assert_no_error (error);
  g_assert_true (tl_test_audio_load_wav (path, &audio, &error));
  g_assert_no_error (error);
  level = tl_test_ui_tone_level (&audio, hz);
  tl_test_audio_clear (&audio);
  return level;
}
