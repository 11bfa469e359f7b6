/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Links as something to dial: numbers normalised, SIP addresses kept plain, and every
 * link that could carry more than a number or an address refused in words. */
#include "config.h"

#include <string.h>

#include "tl-call-link.h"

static void
assert_link (const char *uri,
             const char *target,
             const char *extension,
             gboolean    is_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCallLink) link = tl_call_link_parse (uri, &error);

  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_cmpstr (link->target, ==, target);
  g_assert_cmpstr (link->extension, ==, extension);
  g_assert_cmpint (link->is_number, ==, is_number);
}

static void
assert_refused (const char *uri,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCallLink) link = tl_call_link_parse (uri, &error);

  g_assert_null (link);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_assert_null (strchr (error->message, '\n'));
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s: “%s” does not say “%s”", uri, error->message, fragment);
}

static void
test_numbers (void)
{
  assert_link ("tel:+1-555-123-4567", "+15551234567", NULL, TRUE);
  assert_link ("tel:+1.555.(123).4567", "+15551234567", NULL, TRUE);
  assert_link ("TEL:%2B15551234567", "+15551234567", NULL, TRUE);
  assert_link ("tel:+15551234567;ext=12", "+15551234567", "12", TRUE);
  assert_link ("tel:+44-20-7946-0958;isub=1411", "+442079460958", NULL, TRUE);
  assert_link ("tel:5551234;phone-context=+1-212", "+12125551234", NULL, TRUE);
  assert_link ("tel:1234;phone-context=example.com", "1234", NULL, TRUE);
  assert_link ("tel:911", "911", NULL, TRUE);
  assert_link ("tel:*97", "*97", NULL, TRUE);
  assert_link ("callto:+15551234567", "+15551234567", NULL, TRUE);
  assert_link ("callto://+1%20555%20123%204567", "+15551234567", NULL, TRUE);
}

static void
test_addresses (void)
{
  assert_link ("sip:bob@example.net", "sip:bob@example.net", NULL, FALSE);
  assert_link ("sips:bob@example.net:5061", "sips:bob@example.net:5061", NULL, FALSE);
  assert_link ("sip:+15551234567@trunk.example.net;user=phone", "sip:+15551234567@trunk.example.net", NULL, TRUE);
  assert_refused ("sip:alice%40home@example.net", "not a SIP user");
}

static void
test_refused (void)
{
  g_autoptr(GString) huge = g_string_new ("tel:+1");

  assert_refused ("tel:+1555\n1234567", "line breaks");
  assert_refused ("tel:+1555%0d%0aINVITE", "line breaks");
  assert_refused ("tel:+15551234567;account=other", "“account”");
  assert_refused ("sip:bob@example.net;maddr=evil.example", "“maddr”");
  assert_refused ("sip:bob@example.net;transport=tcp", "“transport”");
  assert_refused ("sip:bob@example.net?Route=%3Csip:evil.example%3E", "headers");
  assert_refused ("sip:example.net", "no user");
  assert_refused ("sip:bob@evil example", "host");
  assert_refused ("http://example.net/call", "only sip:");
  assert_refused ("+15551234567", "not a link");
  assert_refused ("tel:", "no number");
  assert_refused ("tel:call-me", "not a phone number");
  assert_refused ("tel:+1234567890123456", "not a phone number");
  assert_refused ("tel:+15551234567;ext=abc", "extension");
  assert_refused ("tel:\xff\xfe", "not");
  assert_refused ("callto:skype.name", "not a phone number");
  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (huge, '5');
  assert_refused (huge->str, "too long");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-link/numbers", test_numbers);
  g_test_add_func ("/call-link/addresses", test_addresses);
  g_test_add_func ("/call-link/refused", test_refused);
  return g_test_run ();
}
