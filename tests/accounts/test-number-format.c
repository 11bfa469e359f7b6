/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Numbers grouped as they are typed, the cursor kept after the same digit, and what "call back" dials. */
#include "config.h"

#include "tl-number-format.h"

static void
assert_formats (const char *typed,
                const char *country,
                const char *shown)
{
  g_autofree char *formatted = tl_number_format_as_typed (typed, country);

  g_assert_cmpstr (formatted, ==, shown);
}

static void
test_north_america (void)
{
  /* Built up key by key, as the person types; four digits or fewer may be an
   * extension and stay as they are. */
  assert_formats ("555", "1", "555");
  assert_formats ("5551", "1", "5551");
  assert_formats ("55512", "1", "555-12");
  assert_formats ("5551234", "1", "555-1234");
  assert_formats ("55512345", "1", "(555) 123-45");
  assert_formats ("5551234567", "1", "(555) 123-4567");
  assert_formats ("15551234567", "1", "1 (555) 123-4567");
  assert_formats ("+15551234567", "1", "+1 555 123 4567");
  /* Separators the person typed (or pasted) are regrouped, not doubled. */
  assert_formats ("+1 (555) 123-4567", "1", "+1 555 123 4567");
  assert_formats ("(555) 123-4567", "1", "(555) 123-4567");
  /* Too long for the plan: shown ungrouped rather than wrongly. */
  assert_formats ("555123456789", "1", "555123456789");
}

static void
test_elsewhere (void)
{
  assert_formats ("+442079460958", "44", "+44 207 946 0958");
  assert_formats ("+31201234567", "31", "+31 201 234 567");
  assert_formats ("0201234567", "31", "020 123 4567");
  assert_formats ("+3", "31", "+3");
  assert_formats ("+35312345", "353", "+353 123 45");
  /* Country codes of one, two and three digits. */
  assert_formats ("+74951234567", NULL, "+7 495 123 4567");
  assert_formats ("+8613812345678", NULL, "+86 138 123 456 78");
  assert_formats ("+35212345678", NULL, "+352 123 456 78");
}

static void
test_left_alone (void)
{
  /* Short numbers, emergency numbers, service codes, SIP users and addresses. */
  assert_formats ("112", "31", "112");
  assert_formats ("2001", "1", "2001");
  assert_formats ("*72#", "1", "*72#");
  assert_formats ("*67 555 1234", "1", "*675551234");
  assert_formats ("bob", "1", "bob");
  assert_formats ("bob@example.net", "1", "bob@example.net");
  assert_formats ("sip:+15551234567@trunk.example", "1", "sip:+15551234567@trunk.example");
  assert_formats ("", "1", "");
  assert_formats (NULL, "1", "");
  /* A '+' in the middle is not a number's. */
  assert_formats ("555+1234", "1", "555+1234");
}

static void
test_cursor (void)
{
  const char *shown = "(555) 123-4567";

  g_assert_cmpuint (tl_number_format_count_dial_chars (shown, 0), ==, 0);
  g_assert_cmpuint (tl_number_format_count_dial_chars (shown, 9), ==, 6);
  g_assert_cmpuint (tl_number_format_count_dial_chars (shown, 14), ==, 10);
  g_assert_cmpuint (tl_number_format_offset_after (shown, 0), ==, 0);
  g_assert_cmpuint (tl_number_format_offset_after (shown, 6), ==, 9);
  g_assert_cmpuint (tl_number_format_offset_after (shown, 10), ==, 14);
  /* Past the end: the end. */
  g_assert_cmpuint (tl_number_format_offset_after (shown, 20), ==, 14);
}

static void
test_call_back_target (void)
{
  struct { const char *uri; const char *target; } cases[] = {
    /* A number goes back through the dial plan and the trunk, whatever host the caller named. */
    { "sip:+15551234567@evil.example;user=phone", "+15551234567" },
    { "sips:2001@127.0.0.1:5060", "2001" },
    { "tel:+442079460958", "+442079460958" },
    /* A name or anything unusual is called back as the address it is. */
    { "sip:alice@example.org", "sip:alice@example.org" },
    { "sip:12a4@x", "sip:12a4@x" },
    { "sip:1+2@x", "sip:1+2@x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *target = tl_number_format_call_back_target (cases[i].uri);

      g_assert_cmpstr (target, ==, cases[i].target);
    }
  g_assert_null (tl_number_format_call_back_target (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/number-format/north-america", test_north_america);
  g_test_add_func ("/number-format/elsewhere", test_elsewhere);
  g_test_add_func ("/number-format/left-alone", test_left_alone);
  g_test_add_func ("/number-format/cursor", test_cursor);
  g_test_add_func ("/number-format/call-back-target", test_call_back_target);
  return g_test_run ();
}
