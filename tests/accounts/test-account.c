/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of TlAccount: validation messages, text settings, the dial plan and the engine form. */
#include "config.h"

#include <string.h>

#include "tl-account.h"

static TlAccount *
valid_account (void)
{
  TlAccount *account = tl_account_new ();

  tl_account_set_user (account, "15551234567");
  tl_account_set_domain (account, "sip.example.net");
  return account;
}

/* Sets @key to @value and expects validation to fail with a message containing @fragment. */
static void
assert_invalid (const char *key,
                const char *value,
                const char *fragment)
{
  g_autoptr(TlAccount) account = valid_account ();
  g_autoptr(GError) error = NULL;

  if (tl_account_set_from_string (account, key, value, &error))
    g_assert_false (tl_account_validate (account, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == TL_ACCOUNT_ERROR);
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s=%s: “%s” does not mention “%s”", key, value, error->message, fragment);
}

static void
test_validation_messages (void)
{
  g_autoptr(TlAccount) account = valid_account ();
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_account_validate (account, &error));
  g_assert_no_error (error);

  assert_invalid ("user", "", "The user is empty");
  assert_invalid ("user", "al ice", "not allowed in a SIP user");
  assert_invalid ("domain", "", "The domain is empty");
  assert_invalid ("domain", "sip_example..net", "is not a host name");
  assert_invalid ("domain", "sip.example.net:70000", "out of range (1–65535)");
  assert_invalid ("domain", "sip.example.net:0", "out of range");
  assert_invalid ("domain", "sip.example.net:50x", "not a number");
  assert_invalid ("domain", "2001:db8::1", "in brackets");
  assert_invalid ("transport", "sctp", "Unknown transport “sctp”: use udp, tcp or tls");
  assert_invalid ("outbound-proxy", "proxy.example.net", "is not a SIP URI");
  assert_invalid ("outbound-proxy", "sip:proxy.example.net:99999", "out of range");
  assert_invalid ("fallback-proxy", "sip:edge2.example.net", "needs an outbound proxy");
  assert_invalid ("register-interval", "10", "register interval 10 is out of range");
  assert_invalid ("register-interval", "ten", "whole number");
  assert_invalid ("srtp", "always", "use off, optional or mandatory");
  assert_invalid ("codecs", "opus,g729", "Unknown codec “g729”");
  assert_invalid ("codecs", "pcmu,pcmu", "names pcmu twice");
  assert_invalid ("country-code", "+31", "country code");
  assert_invalid ("ca-file", "relative.pem", "full path");
  assert_invalid ("ca-file", "/nonexistent/ca.pem", "does not exist");
  assert_invalid ("display-name", "Bob \"the\" Builder", "quotes");
  assert_invalid ("ice", "maybe", "true or false");
  assert_invalid ("ice", "true", "ICE needs a STUN server");
  assert_invalid ("catchall", "perhaps", "true or false");
  assert_invalid ("do-not-disturb", "sometimes", "true or false");
  assert_invalid ("auto-answer", "2", "true or false");

  /* Call policy, off unless asked for, set as the CLI and key file do. */
  g_assert_false (tl_account_get_do_not_disturb (account));
  g_assert_false (tl_account_get_auto_answer (account));
  g_assert_true (tl_account_set_from_string (account, "do-not-disturb", "true", &error));
  g_assert_no_error (error);
  g_assert_true (tl_account_get_do_not_disturb (account));
  g_assert_true (tl_account_set_from_string (account, "do-not-disturb", "false", &error));
  g_assert_true (tl_account_set_from_string (account, "auto-answer", "true", &error));
  g_assert_true (tl_account_get_auto_answer (account));
  tl_account_set_auto_answer (account, FALSE);

  g_assert_false (tl_account_set_from_string (account, "colour", "blue", &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);
  g_assert_false (tl_account_set_from_string (account, "id", "x", &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);

  /* Good values of every shape pass. */
  g_assert_true (tl_account_set_from_string (account, "domain", "[2001:db8::1]:5061", &error));
  g_assert_true (tl_account_set_from_string (account, "outbound-proxy", "sip:edge1.example.net:5060;transport=tcp", &error));
  g_assert_true (tl_account_set_from_string (account, "fallback-proxy", "sips:edge2.example.net", &error));
  g_assert_true (tl_account_set_from_string (account, "transport", "TLS", &error));
  g_assert_true (tl_account_set_from_string (account, "codecs", "pcma,opus", &error));
  g_assert_true (tl_account_set_from_string (account, "stun-server", "stun.example.net:3478", &error));
  g_assert_true (tl_account_set_from_string (account, "ice", "yes", &error));
  g_assert_true (tl_account_validate (account, &error));
  g_assert_no_error (error);
}

static void
test_password_check (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_account_check_password ("Tr!cky-p@ss:w/rd#%&*()", &error));
  g_assert_false (tl_account_check_password ("has space", &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "space"));
  g_clear_error (&error);
  g_assert_false (tl_account_check_password ("semi;colon", &error));
  g_assert_nonnull (strstr (error->message, "“;”"));
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_properties_notify (void)
{
  g_autoptr(TlAccount) account = valid_account ();
  g_autoptr(TlAccount) copy = NULL;
  g_autofree char *text = NULL;
  guint count = 0;

  g_assert_cmpuint (strlen (tl_account_get_id (account)), ==, 8);
  g_signal_connect (account, "notify::label", G_CALLBACK (notify_cb), &count);
  tl_account_set_label (account, "Office");
  tl_account_set_label (account, "Office");
  g_assert_cmpuint (count, ==, 1);
  tl_account_set_label (account, "");
  g_assert_null (tl_account_get_label (account));
  g_assert_cmpuint (count, ==, 2);

  tl_account_set_codecs (account, NULL);
  g_assert_cmpstr (tl_account_get_codecs (account), ==, "opus,pcmu,pcma");
  tl_account_set_mode (account, TL_ACCOUNT_MODE_IP_AUTH);
  text = tl_account_dup_as_string (account, "mode", NULL);
  g_assert_cmpstr (text, ==, "ip-auth");

  copy = tl_account_copy (account);
  g_assert_cmpstr (tl_account_get_id (copy), ==, tl_account_get_id (account));
  g_assert_cmpint (tl_account_get_mode (copy), ==, TL_ACCOUNT_MODE_IP_AUTH);
  g_assert_true (g_strv_contains (tl_account_list_keys (), "outside-line-prefix"));
  g_assert_false (g_strv_contains (tl_account_list_keys (), "id"));
}

static void
assert_dial (TlAccount  *account,
             const char *typed,
             const char *expected)
{
  g_autofree char *uri = tl_account_preview_dial (account, typed);

  g_assert_cmpstr (uri, ==, expected);
}

static void
test_dial_plan (void)
{
  g_autoptr(TlAccount) account = tl_account_new ();

  tl_account_set_user (account, "alice");
  tl_account_set_domain (account, "domain");
  tl_account_set_country_code (account, "31");
  tl_account_set_national_prefix (account, "0");
  tl_account_set_outside_line_prefix (account, "9");

  assert_dial (account, "0201234567", "sip:+31201234567@domain");
  assert_dial (account, "020 123 45 67", "sip:+31201234567@domain");
  assert_dial (account, "90201234567", "sip:+31201234567@domain");
  assert_dial (account, "0044 20 7946 0018", "sip:+442079460018@domain");
  assert_dial (account, "+1 (555) 123-4567", "sip:+15551234567@domain");
  /* Extensions stay as they are. */
  assert_dial (account, "201", "sip:201@domain");
  /* Emergency numbers are only routed, never rewritten, even after an outside-line prefix. */
  assert_dial (account, "112", "sip:112@domain");
  assert_dial (account, "911", "sip:911@domain");
  assert_dial (account, "999", "sip:999@domain");
  assert_dial (account, "9112", "sip:112@domain");
  /* Names and URIs. */
  assert_dial (account, "bob", "sip:bob@domain");
  assert_dial (account, "bob@example.org", "sip:bob@example.org");
  assert_dial (account, "sip:carol@example.org", "sip:carol@example.org");
  assert_dial (account, "", NULL);
  assert_dial (account, "not dialable<>", NULL);

  /* Without a dial plan the digits go out as typed. */
  tl_account_set_country_code (account, NULL);
  tl_account_set_national_prefix (account, NULL);
  tl_account_set_outside_line_prefix (account, NULL);
  assert_dial (account, "0201234567", "sip:0201234567@domain");
}

static TlEngineDialect
dialect (const char *version)
{
  TlEngineDialect d = { 0 };

  g_assert_true (tl_engine_dialect_init_from_version (&d, version));
  return d;
}

static void
test_engine_mapping (void)
{
  g_autoptr(TlAccount) account = valid_account ();
  g_autoptr(TlEngineAccount) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  TlEngineDialect old = dialect ("1.0.0");
  TlEngineDialect current = dialect ("4.1.0");

  tl_account_set_display_name (account, "Front Desk");
  tl_account_set_auth_user (account, "auth77");
  tl_account_set_outbound_proxy (account, "sip:edge1.example.net");
  tl_account_set_fallback_proxy (account, "sip:edge2.example.net");
  tl_account_set_transport (account, TL_ACCOUNT_TRANSPORT_TCP);
  tl_account_set_srtp (account, TL_ACCOUNT_SRTP_MANDATORY);
  tl_account_set_codecs (account, "pcma,opus");
  tl_account_set_catchall (account, TRUE);

  /* A registering account needs a password. */
  g_assert_null (tl_account_to_engine_account (account, NULL, &old, &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (tl_account_to_engine_account (account, "bad pass", &old, &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID);
  g_clear_error (&error);

  engine = tl_account_to_engine_account (account, "s3cret", &old, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (engine->display_name, ==, "Front Desk");
  g_assert_cmpstr (engine->user, ==, "15551234567");
  g_assert_cmpstr (engine->auth_user, ==, "auth77");
  g_assert_cmpstr (engine->transport, ==, "tcp");
  g_assert_cmpstr (engine->password, ==, "s3cret");
  g_assert_cmpstr (engine->outbound, ==, "sip:edge1.example.net");
  g_assert_cmpstr (engine->media_encryption, ==, "srtp-mand");
  g_assert_cmpstr (engine->audio_codecs, ==, "pcma,opus/48000/1");
  g_assert_cmpuint (engine->register_interval, ==, 600);
  g_assert_false (engine->catchall);
  g_assert_false (engine->sip_outbound);   /* off unless the registrar supports RFC 5626 */
  line = tl_engine_account_build_line (engine, &old, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (line, "edge2"));
  g_clear_pointer (&engine, tl_engine_account_free);

  tl_account_set_srtp (account, TL_ACCOUNT_SRTP_OPTIONAL);
  tl_account_set_sip_outbound (account, TRUE);
  engine = tl_account_to_engine_account (account, "s3cret", &current, &error);
  g_assert_cmpstr (engine->media_encryption, ==, "srtp");
  g_assert_true (engine->catchall);
  /* NAT keepalives reach the engine line as sipnat=outbound. */
  g_assert_true (engine->sip_outbound);
  g_clear_pointer (&line, g_free);
  line = tl_engine_account_build_line (engine, &current, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (line, ";sipnat=outbound"));
  g_clear_pointer (&engine, tl_engine_account_free);

  tl_account_set_srtp (account, TL_ACCOUNT_SRTP_OFF);
  tl_account_set_mode (account, TL_ACCOUNT_MODE_IP_AUTH);
  tl_account_set_stun_server (account, "stun.example.net");
  tl_account_set_ice (account, TRUE);
  engine = tl_account_to_engine_account (account, "ignored", &old, &error);
  g_assert_no_error (error);
  g_assert_null (engine->media_encryption);
  g_assert_null (engine->password);
  g_assert_cmpuint (engine->register_interval, ==, 0);
  g_assert_false (engine->sip_outbound);   /* nothing to keep alive without REGISTER */
  g_assert_cmpstr (engine->media_nat, ==, "ice");
  g_assert_cmpstr (engine->stun_server, ==, "stun:stun.example.net");
  g_clear_pointer (&engine, tl_engine_account_free);

  /* SIP INFO DTMF is refused on 1.0.0 rather than silently replaced. */
  tl_account_set_dtmf_mode (account, TL_ACCOUNT_DTMF_SIP_INFO);
  g_assert_false (tl_account_dtmf_mode_available (TL_ACCOUNT_DTMF_SIP_INFO, &old));
  g_assert_true (tl_account_dtmf_mode_available (TL_ACCOUNT_DTMF_SIP_INFO, &current));
  g_assert_null (tl_account_to_engine_account (account, NULL, &old, &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "1.0.0"));
}

static void
test_inbound_note (void)
{
  g_autoptr(TlAccount) account = valid_account ();
  TlEngineDialect old = dialect ("1.0.0");
  TlEngineDialect current = dialect ("4.1.0");
  g_autofree char *note = NULL;

  g_assert_false (tl_account_catchall_available (&old));
  g_assert_true (tl_account_catchall_available (&current));
  g_assert_null (tl_account_dup_inbound_note (account, &old));

  tl_account_set_mode (account, TL_ACCOUNT_MODE_IP_AUTH);
  note = tl_account_dup_inbound_note (account, &old);
  g_assert_nonnull (strstr (note, "1.0.0 accepts only calls sent to “15551234567”"));
  g_clear_pointer (&note, g_free);

  tl_account_set_catchall (account, TRUE);
  note = tl_account_dup_inbound_note (account, &old);
  g_assert_nonnull (strstr (note, "needs engine 4.x"));
  g_assert_null (tl_account_dup_inbound_note (account, &current));
}

/* Every text setting has a bound: a pasted megabyte is refused with a short
 * message, and the stored value is left as it was. */
static void
test_field_bounds (void)
{
  g_autoptr(TlAccount) account = valid_account ();
  g_autoptr(GString) huge = g_string_new (NULL);
  const char * const *keys = tl_account_list_keys ();

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (huge, 'a');
  for (guint k = 0; keys[k] != NULL; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = tl_account_dup_as_string (account, keys[k], NULL);
      g_autofree char *after = NULL;

      if (!G_IS_PARAM_SPEC_STRING (g_object_class_find_property (G_OBJECT_GET_CLASS (account), keys[k])))
        continue;
      g_assert_false (tl_account_set_from_string (account, keys[k], huge->str, &error));
      g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "too long"));
      g_assert_cmpuint (strlen (error->message), <, 200);
      after = tl_account_dup_as_string (account, keys[k], NULL);
      g_assert_cmpstr (after, ==, before);
    }
  /* Set directly (not through text), the whole-account check still refuses it. */
  {
    g_autoptr(GError) error = NULL;
    const char *failed = NULL;

    tl_account_set_label (account, huge->str);
    g_assert_false (tl_account_validate_full (account, &failed, &error));
    g_assert_cmpstr (failed, ==, "label");
    g_assert_cmpuint (strlen (error->message), <, 200);
  }
  /* 128 characters of a name in any script are fine. */
  {
    g_autoptr(GString) name = g_string_new (NULL);
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < 128; i++)
      g_string_append (name, "é");
    g_assert_true (tl_account_set_from_string (account, "label", name->str, &error));
    g_assert_no_error (error);
  }
}

/* One setting at a time, as the account editor shows messages next to its fields. */
static void
test_check_setting (void)
{
  g_autoptr(TlAccount) account = valid_account ();
  g_autoptr(GError) error = NULL;
  const char *failed = NULL;

  g_assert_true (tl_account_check_setting (account, "user", &error));
  g_assert_true (tl_account_set_from_string (account, "fallback-proxy", "sip:edge2.example.net", &error));
  /* Its own problem is reported on it; other settings stay fine. */
  g_assert_false (tl_account_check_setting (account, "fallback-proxy", &error));
  g_assert_nonnull (strstr (error->message, "needs an outbound proxy"));
  g_clear_error (&error);
  g_assert_true (tl_account_check_setting (account, "domain", &error));
  g_assert_false (tl_account_validate_full (account, &failed, &error));
  g_assert_cmpstr (failed, ==, "fallback-proxy");
  g_clear_error (&error);
  g_assert_true (tl_account_set_from_string (account, "outbound-proxy", "sip:edge1.example.net", &error));
  g_assert_true (tl_account_check_setting (account, "fallback-proxy", &error));
  g_assert_false (tl_account_check_setting (account, "no-such-setting", &error));
  g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNKNOWN_KEY);
}

static void
test_pinned_and_voicemail (void)
{
  const char *pin = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
  g_autoptr(TlAccount) account = valid_account ();
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_account_set_from_string (account, "pinned-certificate", pin, &error));
  g_assert_true (tl_account_validate (account, &error));
  g_assert_cmpstr (tl_account_get_pinned_certificate (account), ==, pin);
  assert_invalid ("pinned-certificate", "AB:CD", "SHA-256 fingerprint");
  assert_invalid ("pinned-certificate", "not a fingerprint", "SHA-256 fingerprint");

  g_assert_true (tl_account_set_from_string (account, "voicemail", "*97", &error));
  g_assert_true (tl_account_validate (account, &error));
  assert_invalid ("voicemail", "9 7", "not a number or SIP user");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/account/validation-messages", test_validation_messages);
  g_test_add_func ("/account/password-check", test_password_check);
  g_test_add_func ("/account/properties-notify", test_properties_notify);
  g_test_add_func ("/account/dial-plan", test_dial_plan);
  g_test_add_func ("/account/engine-mapping", test_engine_mapping);
  g_test_add_func ("/account/inbound-note", test_inbound_note);
  g_test_add_func ("/account/field-bounds", test_field_bounds);
  g_test_add_func ("/account/check-setting", test_check_setting);
  g_test_add_func ("/account/pinned-and-voicemail", test_pinned_and_voicemail);
  return g_test_run ();
}
