/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tl_secret_* against a real Secret Service: GNOME Keyring in a private D-Bus session. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>

#include "tl-secret.h"
#include "tl-test-trunk.h"
#include "tl-paths.h"
#include "tl-test-keyring.h"

#define PASSWORD "Keyring-Test-pw:42!"

typedef struct {
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  GAsyncResult *result;

  TL_TEST_AWAIT (wait->result != NULL, 30000, "no answer from the secret store");
  result = wait->result;
  wait->result = NULL;
  return result;
}

static char *
lookup (Wait       *wait,
        const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  tl_secret_lookup_password_async (id, NULL, done_cb, wait);
  result = wait_for (wait);
  password = tl_secret_lookup_password_finish (result, &error);
  g_assert_no_error (error);
  return password;
}

static void
test_store_lookup_clear (void)
{
  Wait wait = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *other = NULL;
  char *password;

  tl_secret_probe_async (NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (tl_secret_probe_finish (result, &error));
  g_assert_no_error (error);
  g_assert_true (tl_secret_is_persistent ());
  g_clear_object (&result);

  g_assert_null (lookup (&wait, "acct0001"));

  tl_secret_store_password_async ("acct0001", "Trunkline account test", PASSWORD, NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (tl_secret_store_password_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  tl_secret_store_password_async ("acct0002", "Trunkline account other", "other-pw", NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (tl_secret_store_password_finish (result, &error));
  g_clear_object (&result);

  password = lookup (&wait, "acct0001");
  g_assert_cmpstr (password, ==, PASSWORD);
  tl_secret_free_password (password);

  /* Replacing keeps one item per account. */
  tl_secret_store_password_async ("acct0001", "Trunkline account test", "changed-pw", NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (tl_secret_store_password_finish (result, &error));
  g_clear_object (&result);
  password = lookup (&wait, "acct0001");
  g_assert_cmpstr (password, ==, "changed-pw");
  tl_secret_free_password (password);

  tl_secret_clear_password_async ("acct0001", NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (tl_secret_clear_password_finish (result, &error));
  g_clear_object (&result);
  g_assert_null (lookup (&wait, "acct0001"));
  /* Clearing one account leaves the others. */
  other = lookup (&wait, "acct0002");
  g_assert_cmpstr (other, ==, "other-pw");

  /* Clearing what is not there is fine. */
  tl_secret_clear_password_async ("acct0001", NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (tl_secret_clear_password_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
}

int
main (int    argc,
      char **argv)
{
  const char *home = tl_test_keyring_session (argc, argv);
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/secret/service/store-lookup-clear", test_store_lookup_clear);
  status = g_test_run ();
  tl_paths_remove_tree (home, NULL);
  return status;
}
