/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli accounts` end to end, with GNOME Keyring as the secret store and private XDG folders. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-secret.h"
#include "tl-test-trunk.h"
#include "tl-paths.h"
#include "tl-test-keyring.h"

#define PASSWORD "Cli-Secret-pw:7731!"
#define PASSWORD2 "Second-Secret-pw:5519#"

static const char *home;
/* Everything any CLI run printed, with debug logging on, to search for the passwords. */
static GString *all_output;

typedef struct {
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

/* @debug: G_MESSAGES_DEBUG=all (GLib then logs to standard output too). */
static CliResult
run_cli_env (const char        *input,
             const char        *bus_address,
             gboolean           debug,
             const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CliResult r = { 0 };

  g_ptr_array_add (argv, (char *) g_getenv ("TL_CLI"));
  g_ptr_array_add (argv, (char *) "accounts");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (debug)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  if (bus_address != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  tl_test_subprocess_communicate (proc, input, 60000, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.status = g_subprocess_get_exit_status (proc);
  g_string_append_printf (all_output, "%s\n%s\n", r.out, r.err);
  return r;
}

static CliResult
run_cli (const char        *input,
         const char *const *args)
{
  return run_cli_env (input, NULL, TRUE, args);
}

static JsonArray *
list_json (JsonParser *parser)
{
  const char *args[] = { "list", "--json", NULL };
  g_auto(CliResult) r = run_cli_env (NULL, NULL, FALSE, args);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_array (json_parser_get_root (parser));
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static char *
lookup_password (const char *id)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  g_main_context_push_thread_default (context);
  tl_secret_lookup_password_async (id, NULL, result_cb, &result);
  TL_TEST_AWAIT (result != NULL, 30000, "no answer from the secret store");
  g_main_context_pop_thread_default (context);
  password = tl_secret_lookup_password_finish (result, &error);
  g_assert_no_error (error);
  return password;
}

/* Fails when @needle occurs in any file under @dir. */
static void
assert_not_in_files (const char *dir,
                     const char *needle)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_not_in_files (path, needle);
      else if (g_file_get_contents (path, &contents, &length, NULL)
               && memmem (contents, length, needle, strlen (needle)) != NULL)
        g_error ("The password appears in %s", path);
    }
}

static void
test_accounts_cli (void)
{
  const char *add[] = { "add", "--user", "alice", "--domain", "sip.example.net", "--label", "Office",
                        "--transport", "tcp", "--srtp", "optional", "--codecs", "pcma,opus",
                        "--proxy", "sip:edge1.example.net", "--password-stdin", NULL };
  const char *add_bad[] = { "add", "--user", "bob", "--domain", "sip.example.net:99999", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *id = NULL;
  g_autofree char *config_file = NULL;
  g_autofree char *stored = NULL;
  JsonArray *accounts;
  JsonObject *account;

  /* add prints the new id; the password goes to the keyring. */
  {
    g_auto(CliResult) r = run_cli (PASSWORD "\n", add);

    g_auto(GStrv) lines = NULL;
    guint n;

    g_assert_cmpint (r.status, ==, 0);
    /* Debug logging shares standard output: the id is the line of 8 hex digits. */
    lines = g_strsplit (r.out, "\n", -1);
    n = g_strv_length (lines);
    for (guint i = 0; i < n && id == NULL; i++)
      if (g_regex_match_simple ("^[0-9a-f]{8}$", lines[i], 0, 0))
        id = g_strdup (lines[i]);
    if (id == NULL)
      g_error ("No account id in: %s", r.out);
    g_assert_cmpuint (strlen (id), ==, 8);
  }
  {
    g_auto(CliResult) r = run_cli (NULL, add_bad);

    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "out of range (1–65535)"));
  }

  accounts = list_json (parser);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  account = json_array_get_object_element (accounts, 0);
  g_assert_cmpstr (json_object_get_string_member (account, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (account, "user"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (account, "transport"), ==, "tcp");
  g_assert_cmpstr (json_object_get_string_member (account, "srtp"), ==, "optional");
  g_assert_cmpstr (json_object_get_string_member (account, "codecs"), ==, "pcma,opus");
  g_assert_cmpstr (json_object_get_string_member (account, "outbound-proxy"), ==, "sip:edge1.example.net");
  g_assert_true (json_object_get_boolean_member (account, "default"));
  g_assert_cmpint (json_object_get_int_member (account, "register-interval"), ==, 600);

  stored = lookup_password (id);
  g_assert_cmpstr (stored, ==, PASSWORD);
  g_clear_pointer (&stored, tl_secret_free_password);

  /* set: good, unknown value, unknown key, bad domain. */
  {
    const char *good[] = { "set", id, "transport", "tls", NULL };
    const char *bad_value[] = { "set", id, "transport", "pigeon", NULL };
    const char *bad_key[] = { "set", id, "colour", "blue", NULL };
    const char *bad_domain[] = { "set", id, "domain", "not a domain", NULL };
    const char *missing[] = { "set", "nosuchid", "label", "x", NULL };
    g_auto(CliResult) r1 = run_cli (NULL, good);
    g_auto(CliResult) r2 = run_cli (NULL, bad_value);
    g_auto(CliResult) r3 = run_cli (NULL, bad_key);
    g_auto(CliResult) r4 = run_cli (NULL, bad_domain);
    g_auto(CliResult) r5 = run_cli (NULL, missing);

    g_assert_cmpint (r1.status, ==, 0);
    g_assert_cmpint (r2.status, ==, 2);
    g_assert_nonnull (strstr (r2.err, "Unknown transport “pigeon”: use udp, tcp or tls"));
    g_assert_cmpint (r3.status, ==, 2);
    g_assert_nonnull (strstr (r3.err, "no account setting “colour”"));
    g_assert_cmpint (r4.status, ==, 2);
    g_assert_nonnull (strstr (r4.err, "not a host name"));
    g_assert_cmpint (r5.status, ==, 1);
  }
  accounts = list_json (parser);
  account = json_array_get_object_element (accounts, 0);
  g_assert_cmpstr (json_object_get_string_member (account, "transport"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (account, "domain"), ==, "sip.example.net");

  /* set-password into the keyring; a password the engine cannot carry is refused. */
  {
    const char *args[] = { "set-password", id, "--password-stdin", NULL };
    g_auto(CliResult) r = run_cli (PASSWORD2 "\n", args);
    g_auto(CliResult) bad = run_cli ("has a space\n", args);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (bad.status, ==, 2);
    g_assert_nonnull (strstr (bad.err, "space"));
  }
  stored = lookup_password (id);
  g_assert_cmpstr (stored, ==, PASSWORD2);
  g_clear_pointer (&stored, tl_secret_free_password);

  /* Without a secret service the password would die with the command: say so, fail. */
  {
    const char *args[] = { "set-password", id, "--password-stdin", NULL };
    g_auto(CliResult) r = run_cli_env ("Lost-pw-123\n", "unix:path=/nonexistent/trunkline-bus", TRUE, args);

    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "it was not saved"));
  }

  /* Nothing sensitive on disk or in any output, debug logging included. */
  config_file = g_build_filename (home, "config", "trunkline", "accounts.ini", NULL);
  g_assert_true (g_file_test (config_file, G_FILE_TEST_IS_REGULAR));
  assert_not_in_files (home, PASSWORD);
  assert_not_in_files (home, PASSWORD2);
  g_assert_null (strstr (all_output->str, PASSWORD));
  g_assert_null (strstr (all_output->str, PASSWORD2));
  g_assert_null (strstr (all_output->str, "Lost-pw-123"));
  g_assert_nonnull (strstr (all_output->str, "DEBUG"));

  /* remove takes the password with it. */
  {
    const char *args[] = { "remove", id, NULL };
    g_auto(CliResult) r = run_cli (NULL, args);
    g_auto(CliResult) again = run_cli (NULL, args);

    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (again.status, ==, 1);
  }
  accounts = list_json (parser);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 0);
  g_assert_null (lookup_password (id));
}

int
main (int    argc,
      char **argv)
{
  int status;

  home = tl_test_keyring_session (argc, argv);
  all_output = g_string_new (NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/accounts", test_accounts_cli);
  status = g_test_run ();
  tl_paths_remove_tree (home, NULL);
  return status;
}
