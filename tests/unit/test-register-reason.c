/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Registration failures become reasons a person can act on. */
#include "config.h"

#include "tl-register-reason.h"

static void
test_classify (void)
{
  g_assert_cmpint (tl_register_failure_classify ("401 Unauthorized"), ==, TL_REGISTER_FAILURE_AUTH);
  g_assert_cmpint (tl_register_failure_classify ("403 Forbidden"), ==, TL_REGISTER_FAILURE_AUTH);
  g_assert_cmpint (tl_register_failure_classify ("407 Proxy Authentication Required"), ==, TL_REGISTER_FAILURE_AUTH);
  g_assert_cmpint (tl_register_failure_classify ("408 Request Timeout"), ==, TL_REGISTER_FAILURE_TIMEOUT);
  g_assert_cmpint (tl_register_failure_classify ("Connection timed out [110]"), ==, TL_REGISTER_FAILURE_TIMEOUT);
  g_assert_cmpint (tl_register_failure_classify ("Connection refused [111]"), ==, TL_REGISTER_FAILURE_UNREACHABLE);
  g_assert_cmpint (tl_register_failure_classify ("503 Service Unavailable"), ==, TL_REGISTER_FAILURE_UNREACHABLE);
  g_assert_cmpint (tl_register_failure_classify ("404 Not Found"), ==, TL_REGISTER_FAILURE_FORBIDDEN);
  g_assert_cmpint (tl_register_failure_classify ("Host not found"), ==, TL_REGISTER_FAILURE_DNS);
  g_assert_cmpint (tl_register_failure_classify ("certificate verify failed"), ==, TL_REGISTER_FAILURE_TLS);
  g_assert_cmpint (tl_register_failure_classify (NULL), ==, TL_REGISTER_FAILURE_OTHER);
  g_assert_cmpint (tl_register_failure_classify ("12"), ==, TL_REGISTER_FAILURE_OTHER);
  g_assert_true (tl_register_failure_is_final (TL_REGISTER_FAILURE_AUTH));
  g_assert_false (tl_register_failure_is_final (TL_REGISTER_FAILURE_TIMEOUT));
  g_assert_cmpstr (tl_register_failure_to_string (TL_REGISTER_FAILURE_AUTH), ==, "auth");
  g_assert_cmpuint (tl_sip_status_of ("486 Busy Here"), ==, 486);
  g_assert_cmpuint (tl_sip_status_of ("603"), ==, 603);
  g_assert_cmpuint (tl_sip_status_of ("099 nope"), ==, 0);
  g_assert_cmpuint (tl_sip_status_of ("4861 x"), ==, 0);
  g_assert_cmpuint (tl_sip_status_of ("Connection refused [111]"), ==, 0);
  g_assert_cmpuint (tl_sip_status_of (NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/register-reason/classify", test_classify);
  return g_test_run ();
}
