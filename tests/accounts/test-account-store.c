/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of TlAccountStore: round trip, atomic private writes, damaged and newer files, defaults, all-or-nothing edits. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "tl-account-store.h"
#include "tl-paths.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tl-account-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "conf", "accounts.ini", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  tl_paths_remove_tree (fixture->dir, NULL);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static TlAccount *
make_account (const char *user)
{
  TlAccount *account = tl_account_new ();

  tl_account_set_user (account, user);
  tl_account_set_domain (account, "sip.example.net");
  return account;
}

static TlAccountStore *
open_store (Fixture *fixture)
{
  TlAccountStore *store = tl_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_account_store_load (store, &error));
  g_assert_no_error (error);
  return store;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TlAccountStore) store = open_store (fixture);
  g_autoptr(TlAccountStore) again = NULL;
  g_autoptr(TlAccount) account = make_account ("15551234567");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  TlAccount *loaded;
  struct stat st;
  const char * const *keys = tl_account_list_keys ();

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  tl_account_set_label (account, "Office; \"main\" line");
  tl_account_set_display_name (account, "Front Desk");
  tl_account_set_outbound_proxy (account, "sip:edge1.example.net;transport=tcp");
  tl_account_set_fallback_proxy (account, "sip:edge2.example.net");
  tl_account_set_transport (account, TL_ACCOUNT_TRANSPORT_TLS);
  tl_account_set_srtp (account, TL_ACCOUNT_SRTP_MANDATORY);
  tl_account_set_codecs (account, "pcmu,opus");
  tl_account_set_country_code (account, "31");
  tl_account_set_national_prefix (account, "0");
  tl_account_set_register_interval (account, 300);
  tl_account_set_enabled (account, FALSE);
  g_assert_true (tl_account_store_add (store, account, &error));
  g_assert_no_error (error);
  g_assert_true (tl_account_get_default (account));

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  contents = read_file (fixture->path);
  g_assert_nonnull (strstr (contents, "[trunkline]\nformat-version=1\n"));

  again = open_store (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  loaded = tl_account_store_lookup (again, tl_account_get_id (account));
  g_assert_nonnull (loaded);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *a = tl_account_dup_as_string (account, keys[i], NULL);
      g_autofree char *b = tl_account_dup_as_string (loaded, keys[i], NULL);

      g_assert_cmpstr (a, ==, b);
    }
  g_assert_true (tl_account_store_get_default (again) == loaded);
  g_assert_null (tl_account_store_get_recovery_message (again));
}

static void
test_defaults (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TlAccountStore) store = open_store (fixture);
  g_autoptr(TlAccount) a = make_account ("alice");
  g_autoptr(TlAccount) b = make_account ("bob");
  g_autoptr(TlAccount) c = make_account ("carol");
  g_autoptr(GError) error = NULL;

  g_assert_null (tl_account_store_get_default (store));
  g_assert_true (tl_account_store_add (store, a, &error));
  g_assert_true (tl_account_store_add (store, b, &error));
  g_assert_true (tl_account_get_default (a));
  g_assert_false (tl_account_get_default (b));

  /* A new account marked default takes over. */
  tl_account_set_default (c, TRUE);
  g_assert_true (tl_account_store_add (store, c, &error));
  g_assert_false (tl_account_get_default (a));
  g_assert_true (tl_account_get_default (c));

  g_assert_true (tl_account_store_set_default (store, tl_account_get_id (b), &error));
  g_assert_no_error (error);
  g_assert_true (tl_account_store_get_default (store) == b);
  g_assert_false (tl_account_get_default (c));

  /* The default cannot just be switched off. */
  g_assert_false (tl_account_store_set (store, tl_account_get_id (b), "default", "false", &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tl_account_get_default (b));

  /* Removing the default makes the first remaining one the default. */
  g_assert_true (tl_account_store_remove (store, tl_account_get_id (b), &error));
  g_assert_true (tl_account_get_default (a));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_false (tl_account_store_remove (store, "nosuchid", &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A hand-edited file with two defaults loads with one. */
  {
    g_autofree char *contents = read_file (fixture->path);
    g_autoptr(GString) edited = g_string_new (contents);
    g_autoptr(TlAccountStore) reloaded = NULL;
    guint defaults = 0;

    g_string_replace (edited, "default=false", "default=true", 0);
    g_assert_true (g_file_set_contents (fixture->path, edited->str, -1, NULL));
    reloaded = open_store (fixture);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (reloaded)); i++)
      {
        g_autoptr(TlAccount) item = g_list_model_get_item (G_LIST_MODEL (reloaded), i);

        defaults += tl_account_get_default (item);
      }
    g_assert_cmpuint (defaults, ==, 1);
  }
}

static void
test_invalid_edit_not_saved (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TlAccountStore) store = open_store (fixture);
  g_autoptr(TlAccount) account = make_account ("alice");
  g_autoptr(TlAccount) edit = NULL;
  g_autoptr(TlAccount) bad = make_account ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *id;

  g_assert_true (tl_account_store_add (store, account, &error));
  id = tl_account_get_id (account);
  before = read_file (fixture->path);

  g_assert_false (tl_account_store_set (store, id, "domain", "bad domain", &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tl_account_store_set (store, id, "transport", "carrier-pigeon", &error));
  g_assert_nonnull (strstr (error->message, "Unknown transport"));
  g_clear_error (&error);
  g_assert_false (tl_account_store_set (store, id, "volume", "11", &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);

  /* A whole-state update with one good and one bad change applies neither. */
  edit = tl_account_copy (account);
  tl_account_set_label (edit, "Renamed");
  tl_account_set_outbound_proxy (edit, "proxy-without-scheme");
  g_assert_false (tl_account_store_update (store, edit, &error));
  g_assert_nonnull (strstr (error->message, "outbound proxy"));
  g_clear_error (&error);
  g_assert_null (tl_account_get_label (account));
  g_assert_null (tl_account_get_outbound_proxy (account));

  g_assert_false (tl_account_store_add (store, bad, &error));
  g_assert_nonnull (strstr (error->message, "user is empty"));
  g_clear_error (&error);

  after = read_file (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (tl_account_get_domain (account), ==, "sip.example.net");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* A good edit goes through and is saved. */
  g_assert_true (tl_account_store_set (store, id, "outbound-proxy", "sip:edge1.example.net", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tl_account_get_outbound_proxy (account), ==, "sip:edge1.example.net");
  g_clear_pointer (&after, g_free);
  after = read_file (fixture->path);
  g_assert_nonnull (strstr (after, "outbound-proxy=sip:edge1.example.net"));
}

static guint
count_corrupt_files (Fixture *fixture)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint count = 0;

  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "accounts.ini.corrupt-"))
      count++;
  return count;
}

static void
write_raw (Fixture    *fixture,
           const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, contents, -1, NULL));
}

static void
test_corrupt_moved_aside (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const damaged[] = {
    "this is not a key file\n\x01\x02",
    "[abc123]\nuser=alice\ndomain=sip.example.net\n",              /* no format version */
    "[trunkline]\nformat-version=one\n",
    "[trunkline]\nformat-version=1\n[abc123]\nuser=alice\n",       /* no domain */
    "[trunkline]\nformat-version=1\n[bad id!]\nuser=a\ndomain=b\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(TlAccountStore) store = tl_account_store_new (fixture->path);
      g_autoptr(TlAccount) account = make_account ("alice");
      g_autoptr(GError) error = NULL;

      write_raw (fixture, damaged[i]);
      g_assert_true (tl_account_store_load (store, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
      g_assert_nonnull (tl_account_store_get_recovery_message (store));
      g_assert_nonnull (strstr (tl_account_store_get_recovery_message (store), "moved to"));
      g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_corrupt_files (fixture), ==, i + 1);
      /* The store works again afterwards. */
      g_assert_true (tl_account_store_add (store, account, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
    }
}

static void
test_bad_setting_reset (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TlAccountStore) store = tl_account_store_new (fixture->path);
  g_autoptr(GError) error = NULL;
  TlAccount *account;

  write_raw (fixture, "[trunkline]\nformat-version=1\n"
                      "[abc123]\nuser=alice\ndomain=sip.example.net\ntransport=pigeon\nfuture-key=1\n");
  g_assert_true (tl_account_store_load (store, &error));
  account = tl_account_store_lookup (store, "abc123");
  g_assert_nonnull (account);
  g_assert_cmpint (tl_account_get_transport (account), ==, TL_ACCOUNT_TRANSPORT_UDP);
  g_assert_true (tl_account_get_default (account));
  g_assert_nonnull (strstr (tl_account_store_get_recovery_message (store), "Unknown transport"));
  g_assert_cmpuint (count_corrupt_files (fixture), ==, 0);
}

static void
test_newer_format_left_alone (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TlAccountStore) store = tl_account_store_new (fixture->path);
  g_autoptr(TlAccount) account = make_account ("alice");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *newer = "[trunkline]\nformat-version=99\n[abc123]\nuser=alice\ndomain=x\n";

  write_raw (fixture, newer);
  g_assert_false (tl_account_store_load (store, &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_NEWER_FORMAT);
  g_clear_error (&error);
  g_assert_false (tl_account_store_add (store, account, &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_NEWER_FORMAT);
  after = read_file (fixture->path);
  g_assert_cmpstr (after, ==, newer);
  g_assert_cmpuint (count_corrupt_files (fixture), ==, 0);
}

static void
test_default_path (void)
{
  g_autofree char *path = tl_account_store_default_path ();
  g_autofree char *dir = tl_paths_config_dir ();

  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_true (g_str_has_suffix (path, "/accounts.ini"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/account-store/round-trip", test_round_trip);
  ADD ("/account-store/defaults", test_defaults);
  ADD ("/account-store/invalid-edit-not-saved", test_invalid_edit_not_saved);
  ADD ("/account-store/corrupt-moved-aside", test_corrupt_moved_aside);
  ADD ("/account-store/bad-setting-reset", test_bad_setting_reset);
  ADD ("/account-store/newer-format-left-alone", test_newer_format_left_alone);
#undef ADD
  g_test_add_func ("/account-store/default-path", test_default_path);
  return g_test_run ();
}
