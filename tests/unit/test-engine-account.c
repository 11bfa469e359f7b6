/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Account lines for the engine: every field checked, nothing silently cut. */
#include "config.h"

#include <string.h>

#include "tl-engine.h"

static TlEngineAccount *
sample (void)
{
  TlEngineAccount *a = tl_engine_account_new ();

  a->user = g_strdup ("15551234567");
  a->domain = g_strdup ("sip.example.net");
  a->password = g_strdup ("s3cr3t!#$%&'()*+,-./:<=>?@[]^_`{|}~");
  a->register_interval = 600;
  return a;
}

static void
test_basic_line (void)
{
  g_autoptr(TlEngineAccount) a = sample ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *aor = tl_engine_account_get_aor (a);

  a->display_name = g_strdup ("Front Desk ☎");
  a->auth_user = g_strdup ("auth42");
  a->outbound = g_strdup ("sip:edge1.example.net:5061");
  a->transport = g_strdup ("tls");
  a->media_encryption = g_strdup ("srtp-mand");
  a->audio_codecs = g_strdup ("opus/48000/2,pcmu,pcma");
  a->sip_outbound = TRUE;
  line = tl_engine_account_build_line (a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aor, ==, "sip:15551234567@sip.example.net");
  g_assert_true (g_str_has_prefix (line, "\"Front Desk ☎\" <sip:15551234567@sip.example.net;transport=tls>;auth_pass="));
  g_assert_nonnull (strstr (line, ";auth_user=auth42"));
  g_assert_nonnull (strstr (line, ";outbound=\"sip:edge1.example.net:5061;transport=tls;lr\""));
  g_assert_nonnull (strstr (line, ";regint=600"));
  g_assert_nonnull (strstr (line, ";sipnat=outbound"));
  g_assert_nonnull (strstr (line, ";mediaenc=srtp-mand"));
  g_assert_nonnull (strstr (line, ";audio_codecs=opus/48000/2,pcmu,pcma"));
  g_assert_nonnull (strstr (line, ";answermode=manual"));
}

static void
test_ip_auth_and_catchall (void)
{
  g_autoptr(TlEngineAccount) a = sample ();
  g_autofree char *line1 = NULL;
  g_autofree char *line4 = NULL;
  TlEngineDialect v1, v4;

  g_clear_pointer (&a->password, g_free);
  a->register_interval = 0;
  a->catchall = TRUE;
  tl_engine_dialect_init_from_version (&v1, "1.0.0");
  tl_engine_dialect_init_from_version (&v4, "4.1.0");
  line1 = tl_engine_account_build_line (a, &v1, NULL);
  line4 = tl_engine_account_build_line (a, &v4, NULL);
  g_assert_nonnull (strstr (line1, ";regint=0"));
  g_assert_null (strstr (line1, "auth_pass"));
  g_assert_null (strstr (line1, "catchall"));
  g_assert_nonnull (strstr (line4, ";catchall=yes"));
}

/* A mailbox to watch: the engine subscribes after REGISTER, and only then. */
static void
test_message_summary (void)
{
  g_autoptr(TlEngineAccount) a = sample ();
  g_autofree char *without = tl_engine_account_build_line (a, NULL, NULL);
  g_autofree char *with = NULL;
  g_autofree char *ip_auth = NULL;

  g_assert_nonnull (strstr (without, ";mwi=no"));
  a->message_summary = TRUE;
  with = tl_engine_account_build_line (a, NULL, NULL);
  g_assert_nonnull (strstr (with, ";mwi=yes"));
  g_clear_pointer (&a->password, g_free);
  a->register_interval = 0;
  ip_auth = tl_engine_account_build_line (a, NULL, NULL);
  g_assert_nonnull (strstr (ip_auth, ";mwi=no"));
}

static void
test_check_origin (void)
{
  g_autoptr(TlEngineAccount) registering = sample ();
  g_autoptr(TlEngineAccount) ip_auth = sample ();
  g_autofree char *reg1 = NULL, *reg4 = NULL, *ip4 = NULL, *unknown = NULL;
  TlEngineDialect v1, v4;

  g_clear_pointer (&ip_auth->password, g_free);
  ip_auth->register_interval = 0;
  tl_engine_dialect_init_from_version (&v1, "1.0.0");
  tl_engine_dialect_init_from_version (&v4, "4.10.0");
  reg1 = tl_engine_account_build_line (registering, &v1, NULL);
  reg4 = tl_engine_account_build_line (registering, &v4, NULL);
  ip4 = tl_engine_account_build_line (ip_auth, &v4, NULL);
  unknown = tl_engine_account_build_line (registering, NULL, NULL);
  /* 1.0.0 has no such parameter, and an unknown version gets none. */
  g_assert_null (strstr (reg1, "check_origin"));
  g_assert_null (strstr (unknown, "check_origin"));
  g_assert_nonnull (strstr (reg4, ";check_origin=yes"));
  /* Without a registration there is no registrar to compare with. */
  g_assert_nonnull (strstr (ip4, ";check_origin=no"));
}

static void
test_loopback (void)
{
  g_autoptr(TlEngineAccount) a = sample ();

  g_assert_false (tl_engine_account_is_loopback (a));
  g_free (a->domain);
  a->domain = g_strdup ("127.0.0.1:5070");
  g_assert_true (tl_engine_account_is_loopback (a));
  g_free (a->domain);
  a->domain = g_strdup ("[::1]:5070");
  g_assert_true (tl_engine_account_is_loopback (a));
  /* A trunk reached through a real proxy is not a loopback line. */
  a->outbound = g_strdup ("sip:edge1.example.net;lr");
  g_assert_false (tl_engine_account_is_loopback (a));
  g_free (a->outbound);
  a->outbound = g_strdup ("sip:127.0.0.1:5062;transport=tcp");
  g_assert_true (tl_engine_account_is_loopback (a));
  g_free (a->domain);
  a->domain = g_strdup ("localhost");
  g_assert_false (tl_engine_account_is_loopback (a));
}

static void
expect_invalid (TlEngineAccount *a,
                const char      *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = tl_engine_account_build_line (a, NULL, &error);

  g_assert_null (line);
  g_assert_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in “%s”", fragment, error->message);
}

static void
test_validation (void)
{
  const char *bad_passwords[] = { "with space", "semi;colon", "quo\"te", "back\\slash", "tab\tx", "nl\nx", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_passwords); i++)
    {
      g_autoptr(TlEngineAccount) a = sample ();

      g_free (a->password);
      a->password = g_strdup (bad_passwords[i]);
      expect_invalid (a, "password");
    }
  {
    g_autoptr(TlEngineAccount) a = sample ();

    g_clear_pointer (&a->user, g_free);
    expect_invalid (a, "user name is empty");
    a->user = g_strdup ("bad user");
    expect_invalid (a, "user name");
  }
  {
    g_autoptr(TlEngineAccount) a = sample ();

    g_free (a->domain);
    a->domain = g_strdup ("exa mple.net");
    expect_invalid (a, "domain");
    g_free (a->domain);
    a->domain = g_strdup ("example.net;transport=tcp");
    expect_invalid (a, "domain");
  }
  {
    g_autoptr(TlEngineAccount) a = sample ();

    a->transport = g_strdup ("sctp");
    expect_invalid (a, "transport");
  }
  {
    g_autoptr(TlEngineAccount) a = sample ();

    a->outbound = g_strdup ("edge.example.net");
    expect_invalid (a, "SIP URI");
  }
  {
    g_autoptr(TlEngineAccount) a = sample ();

    a->display_name = g_strdup ("Evil\" <sip:x@y>");
    expect_invalid (a, "display name");
  }
  {
    g_autoptr(TlEngineAccount) a = sample ();

    a->audio_codecs = g_strdup ("opus;auth_pass=x");
    expect_invalid (a, "codec list");
  }
  {
    g_autoptr(TlEngineAccount) a = sample ();

    g_clear_pointer (&a->password, g_free);
    expect_invalid (a, "needs a password");
  }
}

static void
test_too_long (void)
{
  g_autoptr(TlEngineAccount) a = sample ();

  a->display_name = g_strnfill (990, 'D');
  expect_invalid (a, "longer than the engine accepts");
}

static void
test_copy_keeps_fields (void)
{
  g_autoptr(TlEngineAccount) a = sample ();
  g_autoptr(TlEngineAccount) b = NULL;

  a->outbound = g_strdup ("sip:p.example.net");
  a->ca_file = g_strdup ("/etc/trunkline/ca.pem");
  b = tl_engine_account_copy (a);
  g_assert_cmpstr (b->ca_file, ==, "/etc/trunkline/ca.pem");
  g_assert_cmpstr (b->password, ==, a->password);
  g_assert_cmpstr (b->outbound, ==, "sip:p.example.net");
  g_assert_true (b->password != a->password);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine-account/basic-line", test_basic_line);
  g_test_add_func ("/engine-account/ip-auth-and-catchall", test_ip_auth_and_catchall);
  g_test_add_func ("/engine-account/message-summary", test_message_summary);
  g_test_add_func ("/engine-account/check-origin", test_check_origin);
  g_test_add_func ("/engine-account/loopback", test_loopback);
  g_test_add_func ("/engine-account/validation", test_validation);
  g_test_add_func ("/engine-account/too-long", test_too_long);
  g_test_add_func ("/engine-account/copy", test_copy_keeps_fields);
  return g_test_run ();
}
