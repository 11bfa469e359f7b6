/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli register` against a real Kamailio with digest authentication. */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-test-trunk.h"

/* Every printable character the engine carries (the test registrar's script cannot hold "$"). */
#define PASSWORD "Tr!cky-p@ss:w/rd#%&*()[]{}<>'=+?,.~|^`"

typedef struct {
  char           *scratch;
  TlTestKamailio *kamailio;
  char           *domain;
  const char     *bus_address;   /* a private message bus for CLI processes, or NULL */
} Fixture;

typedef struct {
  int    status;
  char  *out;
  char  *err;
  double seconds;
} CliResult;

static void
cli_result_clear (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *users[] = { "alice:" PASSWORD, "bob:bobpw", "auth77:authpw", NULL };
  TlTestKamailioOptions options = { .users = users };
  g_autoptr(GError) error = NULL;

  fixture->scratch = tl_test_scratch_new ("register");
  fixture->kamailio = tl_test_kamailio_start (fixture->scratch, &options, &error);
  g_assert_no_error (error);
  fixture->domain = g_strdup_printf ("127.0.0.1:%u", tl_test_kamailio_get_port (fixture->kamailio));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  tl_test_kamailio_free (fixture->kamailio);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_free (fixture->scratch);
  g_free (fixture->domain);
}

/* Runs the CLI with @password on stdin and the app's folders inside the scratch dir. */
static CliResult
run_cli (Fixture            *fixture,
         const char         *password,
         const char *const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  g_autofree char *home = g_build_filename (fixture->scratch, "home", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  CliResult r = { 0 };
  gint64 t0;

  g_ptr_array_add (argv, (char *) g_getenv ("TL_CLI"));
  g_ptr_array_add (argv, (char *) "register");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "XDG_RUNTIME_DIR");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  t0 = g_get_monotonic_time ();
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  tl_test_subprocess_communicate (proc, input, 60000, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  r.status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  return r;
}

/* Every file the app wrote under @dir, searched for @needle. */
static gboolean
tree_contains (const char *dir,
               const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (path, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (path, &text, &len, NULL)
          && g_strstr_len (text, (gssize) len, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_register_ok (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *args[] = { "--user", "alice", "--domain", fixture->domain, "--listen", "127.0.0.1:0",
                         "--password-stdin", "--timeout", "10", NULL };
  CliResult r = run_cli (fixture, PASSWORD, args);
  g_autofree char *home = g_build_filename (fixture->scratch, "home", NULL);

  g_test_message ("stdout: %s", r.out);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "engine-ready"));
  g_assert_nonnull (strstr (r.out, "registered"));
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "alice"), >=, 2);
  /* The password is in no output, no debug line and no file the app wrote. */
  g_assert_null (strstr (r.out, PASSWORD));
  g_assert_null (strstr (r.err, PASSWORD));
  g_assert_false (tree_contains (home, PASSWORD));
  cli_result_clear (&r);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *args[] = { "--user", "bob", "--domain", fixture->domain, "--listen", "127.0.0.1:0",
                         "--password-stdin", "--timeout", "10", "--json", NULL };
  CliResult r = run_cli (fixture, "not-bobs-password", args);
  guint after_exit, later;

  g_test_message ("stdout: %s", r.out);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_nonnull (strstr (r.out, "\"state\":\"failed\""));
  g_assert_nonnull (strstr (r.out, "\"reason\":\"auth\""));
  g_assert_nonnull (strstr (r.err, "Authentication failed"));
  g_assert_null (strstr (r.err, "not-bobs-password"));
  /* One challenge round at most, and no retry storm after the failure. */
  after_exit = tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "bob");
  g_assert_cmpuint (after_exit, <=, 3);
  tl_test_spin (2000);
  later = tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "bob");
  g_assert_cmpuint (later, ==, after_exit);
  cli_result_clear (&r);
}

static void
test_auth_user_differs (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *args[] = { "--user", "15550001111", "--auth-user", "auth77", "--domain", fixture->domain,
                         "--listen", "127.0.0.1:0", "--password-stdin", NULL };
  CliResult r = run_cli (fixture, "authpw", args);

  g_test_message ("stdout: %s", r.out);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "registered"));
  cli_result_clear (&r);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *nobody = g_strdup_printf ("127.0.0.1:%u", tl_test_free_port ());
  const char *args[] = { "--user", "alice", "--domain", nobody, "--transport", "tcp",
                         "--listen", "127.0.0.1:0", "--password-stdin", "--timeout", "8", "--json", NULL };
  CliResult r = run_cli (fixture, PASSWORD, args);

  g_test_message ("stdout: %s", r.out);
  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.out, "\"state\":\"failed\""));
  g_assert_true (strstr (r.out, "\"reason\":\"unreachable\"") != NULL
                 || strstr (r.out, "\"reason\":\"timeout\"") != NULL);
  cli_result_clear (&r);
}

/* Runs another trunkline-cli command with the same private folders. */
static CliResult
run_cli_command (Fixture            *fixture,
                 const char         *input,
                 const char *const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_build_filename (fixture->scratch, "home", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  CliResult r = { 0 };

  g_ptr_array_add (argv, (char *) g_getenv ("TL_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "XDG_RUNTIME_DIR");
  if (fixture->bus_address != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", fixture->bus_address, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  tl_test_subprocess_communicate (proc, input, 60000, &r.out, &r.err, &error);
  g_assert_no_error (error);
  tl_test_subprocess_wait (proc, 5000, NULL);
  r.status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  return r;
}

typedef struct {
  GPtrArray *lines;
  gboolean   eof;
} Lines;

static void read_next_line (GDataInputStream *in, Lines *lines);

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Lines *lines = user_data;
  char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, NULL);

  if (line == NULL)
    {
      lines->eof = TRUE;
      return;
    }
  g_ptr_array_add (lines->lines, line);
  read_next_line (G_DATA_INPUT_STREAM (source), lines);
}

static void
read_next_line (GDataInputStream *in,
                Lines            *lines)
{
  g_data_input_stream_read_line_async (in, G_PRIORITY_DEFAULT, NULL, line_read_cb, lines);
}

static guint
count_lines (Lines      *lines,
             const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < lines->lines->len; i++)
    n += strstr (g_ptr_array_index (lines->lines, i), needle) != NULL;
  return n;
}

static gboolean
wait_line (Lines      *lines,
           const char *needle,
           guint       timeout_ms)
{
  TlTestDeadline deadline;
  gboolean found;

  tl_test_deadline_start (&deadline, timeout_ms);
  while (!(found = count_lines (lines, needle) > 0) && !lines->eof && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  return found || count_lines (lines, needle) > 0;
}

static void
test_stored_account_watch (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *add[] = { "accounts", "add", "--user", "alice", "--domain", "127.0.0.1",
                        "--proxy", NULL, "--label", "Office", NULL };
  g_autofree char *proxy = g_strdup_printf ("sip:%s", fixture->domain);
  g_autofree char *id = NULL;
  g_autofree char *home = g_build_filename (fixture->scratch, "home", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data_dir = g_build_filename (home, "data", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestPeer) bob = NULL;
  TlTestPeerOptions bob_options = { .user = "bob", .password = "bobpw",
                                    .registrar = fixture->domain };
  Lines lines = { g_ptr_array_new_with_free_func (g_free), FALSE };
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  const char *pickup[] = { "pickup", NULL };
  const char *hangup[] = { "hangup", NULL };
  CliResult r;
  GOutputStream *stdin_pipe;
  guint before;

  /* A private message bus, so other commands can act on the headless phone's calls. */
  g_test_dbus_up (bus);
  fixture->bus_address = g_test_dbus_get_bus_address (bus);
  add[7] = proxy;
  r = run_cli_command (fixture, NULL, add);
  g_assert_cmpint (r.status, ==, 0);
  id = g_strstrip (g_strdup (r.out));
  cli_result_clear (&r);

  /* Headless phone: the stored account, password for this run on stdin. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "XDG_RUNTIME_DIR");
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", fixture->bus_address, TRUE);
  watch = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TL_CLI"), "register", "--account", id,
                                       "--password-stdin", "--watch", "--json", "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  stdin_pipe = g_subprocess_get_stdin_pipe (watch);
  g_output_stream_write_all (stdin_pipe, PASSWORD "\n", strlen (PASSWORD) + 1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watch));
  read_next_line (in, &lines);
  g_assert_true (wait_line (&lines, "\"state\":\"registered\"", 10000));
  g_assert_true (wait_line (&lines, id, 10));
  g_assert_true (wait_line (&lines, "\"fallback\":false", 10));

  /* A call comes in from the trunk, rings, and the caller gives up. */
  bob = tl_test_peer_start (fixture->scratch, &bob_options, &error);
  g_assert_no_error (error);
  g_free (tl_test_peer_command (bob, "dial", "sip:alice@127.0.0.1", &error));
  g_assert_no_error (error);
  g_assert_true (wait_line (&lines, "\"call\":\"incoming\"", 10000));
  tl_test_spin (500);
  g_free (tl_test_peer_command (bob, "hangup", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wait_line (&lines, "\"call\":\"closed\"", 10000));
  g_assert_true (wait_line (&lines, "\"reason\":\"missed\"", 10));

  /* The next one is picked up and hung up from other commands. */
  g_free (tl_test_peer_command (bob, "dial", "sip:alice@127.0.0.1", &error));
  g_assert_no_error (error);
  TL_TEST_AWAIT (count_lines (&lines, "\"call\":\"incoming\"") >= 2, 10000, "%u incoming calls reported",
                 count_lines (&lines, "\"call\":\"incoming\""));
  g_assert_cmpuint (count_lines (&lines, "\"call\":\"incoming\""), ==, 2);
  r = run_cli_command (fixture, NULL, pickup);
  g_test_message ("pickup: %d %s %s", r.status, r.out, r.err);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  g_assert_true (wait_line (&lines, "\"call\":\"established\"", 10000));
  g_assert_nonnull (tl_test_peer_wait_event (bob, "CALL_ESTABLISHED", 5000));
  r = run_cli_command (fixture, NULL, hangup);
  g_assert_cmpint (r.status, ==, 0);
  cli_result_clear (&r);
  g_assert_true (wait_line (&lines, "\"reason\":\"hung-up\"", 10000));

  /* SIGTERM: unregister (one more REGISTER, with expiry 0) and exit cleanly. */
  before = tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "alice");
  g_subprocess_send_signal (watch, SIGTERM);
  g_assert_true (tl_test_subprocess_wait (watch, 40000, &error));
  g_assert_true (g_subprocess_get_if_exited (watch));
  g_assert_cmpint (g_subprocess_get_exit_status (watch), ==, 0);
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", "alice"), >, before);

  /* The missed call is in the history. */
  {
    const char *history[] = { "history", "--json", "--missed", NULL };

    r = run_cli_command (fixture, NULL, history);
    g_test_message ("history: %s", r.out);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "sip:bob@127.0.0.1"));
    cli_result_clear (&r);
  }
  {
    const char *history[] = { "history", "--json", NULL };
    g_autoptr(JsonNode) rows = NULL;

    /* Both calls, the answered one too, each kept once. */
    r = run_cli_command (fixture, NULL, history);
    g_assert_cmpint (r.status, ==, 0);
    rows = json_from_string (r.out, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (rows));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 2);
    cli_result_clear (&r);
  }
  fixture->bus_address = NULL;
  g_test_dbus_down (bus);
  g_assert_false (tree_contains (home, PASSWORD));
  /* The line reader points at this frame: let it see the end before we leave. */
  g_assert_true (tl_test_wait_for (&lines.eof, 5000));
  g_ptr_array_unref (lines.lines);
}

/* The engine is the app's child: when the app dies, however it dies, the engine
 * must not stay behind holding the registration and its ports. */
static void
test_engine_dies_with_app (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *args[] = { "register", "--user", "alice", "--domain", fixture->domain, "--listen",
                         "127.0.0.1:0", "--password-stdin", "--watch", "--json", NULL };
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *children_path = NULL;
  g_autofree char *children = NULL;
  Lines lines = { g_ptr_array_new_with_free_func (g_free), FALSE };
  GOutputStream *stdin_pipe;
  GPid engine = 0;

  app = g_subprocess_newv ((const char *const[]) { g_getenv ("TL_CLI"), args[0], args[1], args[2],
                                                   args[3], args[4], args[5], args[6], args[7],
                                                   args[8], args[9], NULL },
                           G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  stdin_pipe = g_subprocess_get_stdin_pipe (app);
  g_output_stream_write_all (stdin_pipe, PASSWORD "\n", strlen (PASSWORD) + 1, NULL, NULL, &error);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (app));
  read_next_line (in, &lines);
  TL_TEST_AWAIT (count_lines (&lines, "\"state\":\"registered\"") > 0, 20000, "%u lines%s, the last: %s",
                 lines.lines->len, lines.eof ? " and the end" : "",
                 lines.lines->len > 0 ? (char *) g_ptr_array_index (lines.lines, lines.lines->len - 1) : "");
  children_path = g_strdup_printf ("/proc/%s/task/%s/children", g_subprocess_get_identifier (app),
                                   g_subprocess_get_identifier (app));
  g_assert_true (g_file_get_contents (children_path, &children, NULL, NULL));
  engine = (GPid) g_ascii_strtoll (children, NULL, 10);
  g_assert_cmpint (engine, >, 0);

  /* A crash, not a quit: nothing of ours runs any more. */
  g_subprocess_force_exit (app);
  g_assert_true (tl_test_subprocess_wait (app, 5000, NULL));
  TL_TEST_AWAIT (kill (engine, 0) != 0, 35000, "the engine (pid %d) is still running", (int) engine);
  /* The line reader points at this frame: let it see the end before we leave. */
  TL_TEST_AWAIT (lines.eof, 5000, "the app's output did not end");
  g_ptr_array_unref (lines.lines);
}

static void
test_refused_password (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *args[] = { "--user", "alice", "--domain", fixture->domain, "--password-stdin", NULL };
  CliResult r = run_cli (fixture, "two words;x", args);

  /* Refused before anything starts: nothing reaches the trunk. */
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "password"));
  g_assert_cmpuint (tl_test_kamailio_count_requests (fixture->kamailio, "REGISTER", NULL), ==, 0);
  cli_result_clear (&r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* No skipping: a missing daemon is a broken install step and must fail loudly. */
  g_assert_true (tl_test_have_program ("kamailio"));
  g_assert_true (tl_test_have_program ("baresip"));
  g_test_add ("/register/ok", Fixture, NULL, fixture_setup, test_register_ok, fixture_teardown);
  g_test_add ("/register/wrong-password", Fixture, NULL, fixture_setup, test_wrong_password, fixture_teardown);
  g_test_add ("/register/auth-user-differs", Fixture, NULL, fixture_setup, test_auth_user_differs, fixture_teardown);
  g_test_add ("/register/unreachable", Fixture, NULL, fixture_setup, test_unreachable, fixture_teardown);
  g_test_add ("/register/stored-account-watch", Fixture, NULL, fixture_setup, test_stored_account_watch, fixture_teardown);
  g_test_add ("/register/engine-dies-with-app", Fixture, NULL, fixture_setup, test_engine_dies_with_app, fixture_teardown);
  g_test_add ("/register/refused-password", Fixture, NULL, fixture_setup, test_refused_password, fixture_teardown);
  return g_test_run ();
}
