/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit test of the secret store's fallback: with no D-Bus session, passwords live in memory and that is reported. */
#include "config.h"

#include <gio/gio.h>

#include "tl-secret.h"
#include "tl-test-trunk.h"

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

static void
test_fallback (void)
{
  Wait wait = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  char *password;

  tl_secret_probe_async (NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_false (tl_secret_probe_finish (result, &error));
  g_assert_no_error (error);
  g_assert_false (tl_secret_is_persistent ());
  g_clear_object (&result);

  tl_secret_store_password_async ("abc123", "Test", "memory-only-pw", NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (tl_secret_store_password_finish (result, &error));
  g_clear_object (&result);

  tl_secret_lookup_password_async ("abc123", NULL, done_cb, &wait);
  result = wait_for (&wait);
  password = tl_secret_lookup_password_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "memory-only-pw");
  tl_secret_free_password (password);
  g_clear_object (&result);

  tl_secret_clear_password_async ("abc123", NULL, done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (tl_secret_clear_password_finish (result, &error));
  g_clear_object (&result);

  tl_secret_lookup_password_async ("abc123", NULL, done_cb, &wait);
  result = wait_for (&wait);
  password = tl_secret_lookup_password_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_clear_object (&result);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime = g_dir_make_tmp ("tl-secret-memory-XXXXXX", &error);

  /* No session bus at all: the case of a bare console or a minimal container. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/trunkline-test-bus", TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_unsetenv ("DISPLAY");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/secret/memory-fallback", test_fallback);
  return g_test_run ();
}
