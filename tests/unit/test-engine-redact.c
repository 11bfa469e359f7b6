/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passwords never survive into anything we log. */
#include "config.h"

#include <string.h>

#include "tl-engine-redact.h"

static void
test_auth_pass (void)
{
  g_autofree char *out = tl_engine_redact ("Creating UA for <sip:a@b;transport=udp>;auth_pass=hunter2;regint=600 ...", NULL);

  g_assert_null (strstr (out, "hunter2"));
  g_assert_nonnull (strstr (out, "auth_pass=" TL_ENGINE_REDACTED ";regint=600"));
}

static void
test_known_secrets (void)
{
  const char *secrets[] = { "p@ss:w/rd", NULL };
  g_autofree char *out = tl_engine_redact ("cmd=uanew, params:<sip:a@b>;auth_pass = p@ss:w/rd and again p@ss:w/rd.",
                                           secrets);

  g_assert_null (strstr (out, "p@ss:w/rd"));
}

static void
test_repeated_and_edges (void)
{
  g_autofree char *a = tl_engine_redact ("auth_pass=a;auth_pass=b", NULL);
  g_autofree char *b = tl_engine_redact ("auth_pass=", NULL);
  g_autofree char *c = tl_engine_redact ("nothing secret here", NULL);
  const char *star[] = { "*", NULL };
  g_autofree char *d = tl_engine_redact ("a*b", star);

  g_assert_cmpstr (a, ==, "auth_pass=" TL_ENGINE_REDACTED ";auth_pass=" TL_ENGINE_REDACTED);
  g_assert_cmpstr (b, ==, "auth_pass=" TL_ENGINE_REDACTED);
  g_assert_cmpstr (c, ==, "nothing secret here");
  g_assert_null (strstr (d, "a*b"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-redact/auth-pass", test_auth_pass);
  g_test_add_func ("/engine-redact/known-secrets", test_known_secrets);
  g_test_add_func ("/engine-redact/repeated-and-edges", test_repeated_and_edges);
  return g_test_run ();
}
