/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests "trunkline-cli history": listing as text and JSON, search, missed, export, clear. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "history-test-util.h"

typedef struct {
  char *dir;
  char *cli;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;
  g_autofree char *path = NULL;
  const char *cli = g_getenv ("TL_CLI");

  f->dir = history_test_make_dir ();
  if (cli != NULL && g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    f->cli = g_strdup (cli);

  path = g_build_filename (f->dir, "trunkline", "history.sqlite", NULL);
  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  history_test_add_call (store, TL_HISTORY_DIRECTION_INCOMING, "work", "sip:0201234567@x",
                         "Anna \x1b[31mde Vries", 1700000000 * G_GINT64_CONSTANT (1000000), FALSE);
  history_test_add_call (store, TL_HISTORY_DIRECTION_OUTGOING, "work", "sip:+4930123456@x",
                         "Bram", 1700000100 * G_GINT64_CONSTANT (1000000), TRUE);
  history_test_add_call (store, TL_HISTORY_DIRECTION_INCOMING, "home", "sip:112@x",
                         "Emergency", 1700000200 * G_GINT64_CONSTANT (1000000), TRUE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "trunkline", NULL);

  history_test_remove_dir (sub);
  history_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->cli);
}

static char *
run_cli (Fixture  *f,
         int       expected_status,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, f->cli);
  g_ptr_array_add (argv, (gpointer)"history");
  va_start (ap, expected_status);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  tl_test_subprocess_communicate (process, NULL, 30000, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected_status);
  return out;
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *missed = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (f->cli == NULL)
    {
      g_test_skip ("TL_CLI is not set");
      return;
    }

  text = run_cli (f, 0, NULL);
  g_assert_nonnull (strstr (text, "Emergency"));
  g_assert_nonnull (strstr (text, "+31201234567"));
  /* The escape sequence from the network never reaches the terminal. */
  g_assert_null (strchr (text, '\x1b'));
  g_assert_true (strstr (text, "Emergency") < strstr (text, "Bram"));

  json = run_cli (f, 0, "--json", "--search", "020 12", NULL);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "peer_name"),
                   ==, "Anna \x1b[31mde Vries");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 0), "missed"));

  missed = run_cli (f, 0, "--json", "--missed", "--limit", "1", NULL);
  json_parser_load_from_data (parser, missed, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);

  g_free (run_cli (f, 2, "--limit", "x", NULL));
  g_free (run_cli (f, 2, "bogus", NULL));
}

static void
test_export_clear (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *json = NULL;

  if (f->cli == NULL)
    {
      g_test_skip ("TL_CLI is not set");
      return;
    }

  g_free (run_cli (f, 0, "export", csv, NULL));
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "id,account,direction,"));
  g_assert_nonnull (strstr (contents, "Emergency"));
  g_unlink (csv);

  g_free (run_cli (f, 0, "clear", NULL));
  json = run_cli (f, 0, "--json", NULL);
  g_assert_cmpstr (g_strstrip (json), ==, "[]");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/history/cli/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/history/cli/export-clear", Fixture, NULL, fixture_setup, test_export_clear,
              fixture_teardown);
  return g_test_run ();
}
