/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests "trunkline-cli contacts": add, list and search as text and JSON, import, remove, mistakes. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "contacts-test-util.h"

typedef struct {
  char *dir;
  char *cli;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = contacts_test_make_dir ();
  f->cli = g_strdup (g_getenv ("TL_CLI"));
  g_assert_true (f->cli != NULL && g_file_test (f->cli, G_FILE_TEST_IS_EXECUTABLE));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (f->dir, "data", "trunkline", NULL);
  g_autofree char *data_home = g_build_filename (f->dir, "data", NULL);

  contacts_test_remove_dir (data_dir);
  g_rmdir (data_home);
  contacts_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->cli);
}

/* Runs the CLI with a private data and config folder; its standard output. */
static char *
run_cli (Fixture  *f,
         int       expected_status,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_build_filename (f->dir, "data", NULL);
  g_autofree char *config = g_build_filename (f->dir, "config", NULL);
  char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, f->cli);
  g_ptr_array_add (argv, (gpointer) "contacts");
  va_start (ap, expected_status);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  tl_test_subprocess_communicate (process, NULL, 30000, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected_status);
  return out;
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_add_list_search_remove (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = run_cli (f, 0, "add", "Anna <b>de Vries</b>", "+31 20 555 0102:work", "06 1234 5678:mobile",
                                 NULL);
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *found = NULL;
  g_autofree char *none = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rows;
  JsonObject *anna;
  JsonArray *numbers;

  g_free (run_cli (f, 0, "add", "Bob", "sip:bob@example.org", NULL));
  text = run_cli (f, 0, "list", NULL);
  json = run_cli (f, 0, "list", "--json", NULL);
  g_assert_cmpint (g_ascii_strtoll (id, NULL, 10), >, 0);
  g_assert_nonnull (strstr (text, "Anna <b>de Vries</b>"));
  g_assert_nonnull (strstr (text, "+31 20 555 0102 (work), 06 1234 5678 (mobile)"));
  /* The type after the last colon only: a SIP address stays whole. */
  g_assert_nonnull (strstr (text, "sip:bob@example.org (other)"));

  rows = parse_array (parser, json);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  anna = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (anna, "name"), ==, "Anna <b>de Vries</b>");
  g_assert_cmpstr (json_object_get_string_member (anna, "source"), ==, "trunkline");
  numbers = json_object_get_array_member (anna, "numbers");
  g_assert_cmpuint (json_array_get_length (numbers), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (numbers, 1), "type"), ==,
                   "mobile");

  found = run_cli (f, 0, "search", "555 01", "--json", NULL);
  rows = parse_array (parser, found);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 0), "id"), ==,
                   g_ascii_strtoll (id, NULL, 10));

  g_strchomp (id);
  g_free (run_cli (f, 0, "remove", id, NULL));
  none = run_cli (f, 0, "search", "anna", "--json", NULL);
  rows = parse_array (parser, none);
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);
  /* Gone is gone. */
  g_free (run_cli (f, 2, "remove", id, NULL));
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = fixture_path ("google-3.0.vcf");
  g_autofree char *first = run_cli (f, 0, "import", path, NULL);
  g_autofree char *again = run_cli (f, 0, "import", path, NULL);
  g_autofree char *list = run_cli (f, 0, "list", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpstr (first, ==, "2 contacts imported, 1 skipped\n");
  g_assert_cmpstr (again, ==, "0 contacts imported, 2 updated, 1 skipped\n");
  g_assert_cmpuint (json_array_get_length (parse_array (parser, list)), ==, 2);
  g_free (run_cli (f, 1, "import", "/nonexistent/none.vcf", NULL));
}

static void
test_mistakes (Fixture       *f,
               gconstpointer  data)
{
  g_free (run_cli (f, 2, NULL));
  g_free (run_cli (f, 2, "add", "No Number", NULL));
  g_free (run_cli (f, 2, "add", "", "123", NULL));
  g_free (run_cli (f, 2, "add", "Twice", "123", "1-2-3", NULL));
  g_free (run_cli (f, 2, "remove", "abc", NULL));
  g_free (run_cli (f, 2, "search", NULL));
  g_free (run_cli (f, 2, "frobnicate", NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/contacts/cli/add-list-search-remove", Fixture, NULL, fixture_setup, test_add_list_search_remove,
              fixture_teardown);
  g_test_add ("/contacts/cli/import", Fixture, NULL, fixture_setup, test_import, fixture_teardown);
  g_test_add ("/contacts/cli/mistakes", Fixture, NULL, fixture_setup, test_mistakes, fixture_teardown);
  return g_test_run ();
}
