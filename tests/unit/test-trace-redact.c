/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A trace handed to a provider keeps the SIP dialogue and nothing secret. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tl-engine.h"
#include "tl-engine-redact.h"
#include "tl-trace-recorder.h"
#include "tl-trace-redact.h"

#define PASSWORD "s3cr3t-Pa55"
#define NONCE "5f1c0a7e9b2d4c68"
#define RESPONSE "6629fae49393a05397450978507c4ef1"
#define CNONCE "0a4f113b"
#define OPAQUE "5ccc069c403ebaf9f0171e9517f40e41"
#define SRTP_KEY "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"

static const char trace[] =
  "ua: uanew sip:alice@example.net;auth_pass=" PASSWORD ";regint=600\n"
  "SIP/2.0 401 Unauthorized\r\n"
  "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK776asdhds\r\n"
  "Call-ID: a84b4c76e66710@pc33.example.net\r\n"
  "WWW-Authenticate: Digest realm=\"example.net\", qop=\"auth\",\r\n"
  "  nonce=\"" NONCE "\", opaque=\"" OPAQUE "\"\r\n"
  "\r\n"
  "REGISTER sip:example.net SIP/2.0\r\n"
  "From: <sip:alice@example.net>;tag=1928301774\r\n"
  "authorization: Digest username=\"alice\", realm=\"example.net\", nonce=\"" NONCE "\", "
  "uri=\"sip:example.net\", response=\"" RESPONSE "\", cnonce=\"" CNONCE "\", nc=00000001, qop=auth\r\n"
  "Proxy-Authorization: Digest username=\"alice\",nonce=" NONCE ",response=" RESPONSE "\r\n"
  "Proxy-Authenticate: Digest realm=\"example.net\", nonce=\"" NONCE "\"\r\n"
  "Authentication-Info: nextnonce=\"" NONCE "\", rspauth=\"" RESPONSE "\"\r\n"
  "INVITE sip:+15551234567@example.net SIP/2.0\r\n"
  "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" SRTP_KEY "|2^20|1:32\r\n"
  "engine: register failed, NONCE=\"" NONCE "\" Response=" RESPONSE "\n"
  "display name with \x1b[31mescape\x1b[0m and the password " PASSWORD " in a log line\n";

static void
assert_clean (const char *text)
{
  const char *const secrets[] = { PASSWORD, NONCE, RESPONSE, CNONCE, OPAQUE, SRTP_KEY, "\x1b", NULL };

  for (guint i = 0; secrets[i] != NULL; i++)
    if (strstr (text, secrets[i]) != NULL)
      g_error ("“%s” survived in:\n%s", secrets[i], text);
}

static void
test_redact (void)
{
  const char *const secrets[] = { PASSWORD, NULL };
  g_autofree char *safe = tl_trace_redact (trace, secrets);

  g_test_message ("%s", safe);
  assert_clean (safe);
  /* What the provider needs stays. */
  g_assert_nonnull (strstr (safe, "SIP/2.0 401 Unauthorized"));
  g_assert_nonnull (strstr (safe, "Call-ID: a84b4c76e66710@pc33.example.net"));
  g_assert_nonnull (strstr (safe, "INVITE sip:+15551234567@example.net SIP/2.0"));
  g_assert_nonnull (strstr (safe, "WWW-Authenticate: " TL_ENGINE_REDACTED));
  g_assert_nonnull (strstr (safe, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" TL_ENGINE_REDACTED));
}

/* Without the password being known, its auth_pass form still goes. */
static void
test_unknown_password (void)
{
  g_autofree char *safe = tl_trace_redact (trace, NULL);

  g_assert_null (strstr (safe, "auth_pass=" PASSWORD));
  g_assert_null (strstr (safe, RESPONSE));
  g_assert_null (strstr (safe, NONCE));
}

/* Recorded from the engine's output and exported: clean at both ends. */
static void
test_record_and_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-trace-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state", "trace.log", NULL);
  g_autofree char *older = g_strconcat (path, ".1", NULL);
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autoptr(TlTraceRecorder) recorder = tl_trace_recorder_new (engine, path);
  const char *const secrets[] = { PASSWORD, NULL };
  g_auto(GStrv) lines = g_strsplit (trace, "\n", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *raw = NULL;
  GStatBuf st;

  tl_trace_recorder_set_secrets (recorder, secrets);
  for (guint i = 0; lines[i] != NULL; i++)
    g_signal_emit_by_name (engine, "output-line", lines[i]);
  g_assert_true (g_file_get_contents (path, &raw, NULL, &error));
  assert_clean (raw);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 077, ==, 0);
  exported = tl_trace_export (path, NULL, &error);
  g_assert_no_error (error);
  assert_clean (exported);
  g_assert_nonnull (strstr (exported, "Call-ID: a84b4c76e66710@pc33.example.net"));
  g_clear_object (&recorder);
  g_remove (path);
  g_remove (older);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trace/redact", test_redact);
  g_test_add_func ("/trace/unknown-password", test_unknown_password);
  g_test_add_func ("/trace/record-and-export", test_record_and_export);
  return g_test_run ();
}
