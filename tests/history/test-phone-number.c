/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests peer number normalisation: URI user parts, separators, E.164 with a dial plan. */

#include "config.h"

#include "tl-phone-number.h"

typedef struct {
  const char *input;
  const char *country_code;
  const char *national_prefix;
  const char *expected;
} Case;

static void
test_normalise (void)
{
  static const Case cases[] = {
    { "sip:0201234567@x", "31", "0", "+31201234567" },
    { "sips:0201234567@x;transport=tls", "31", "0", "+31201234567" },
    { "sip:+31 20 123 4567@x", "31", "0", "+31201234567" },
    { "sip:%2B31201234567@x", NULL, NULL, "+31201234567" },
    { "tel:+1-201-555-0123;phone-context=example.com", NULL, NULL, "+12015550123" },
    { "TEL:(020) 123.45.67", "31", "0", "+31201234567" },
    { "\"Anna\" <sip:0201234567@trunk>", "31", "0", "+31201234567" },
    { "0031201234567", "31", "0", "+31201234567" },
    { "0201234567", NULL, NULL, "0201234567" },
    { "0201234567", "", "0", "0201234567" },
    { "112", "31", "0", "112" },
    { "201234567", "31", "0", "201234567" },
    { "sip:alice@example.org", "31", "0", "" },
    { "sip:@example.org", "31", "0", "" },
    { "", "31", "0", "" },
    { NULL, "31", "0", "" },
    { "sip:12+34@x", NULL, NULL, "1234" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = tl_phone_number_normalise (cases[i].input, cases[i].country_code,
                                                        cases[i].national_prefix);

      g_test_message ("%s → %s", cases[i].input, got);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_search_key (void)
{
  g_autofree char *both = tl_phone_number_search_key ("+31201234567", "sip:020-1234567@x",
                                                      NULL, NULL);
  g_autofree char *same = tl_phone_number_search_key ("+31201234567", "sip:+31201234567@x",
                                                      NULL, NULL);
  g_autofree char *plan = tl_phone_number_search_key ("+31201234567", "sip:+31201234567@x",
                                                      "31", "0");
  g_autofree char *foreign = tl_phone_number_search_key ("+442071234567", "sip:+442071234567@x",
                                                         "31", "0");
  g_autofree char *none = tl_phone_number_search_key ("", "sip:alice@x", "31", "0");

  g_assert_cmpstr (both, ==, "31201234567 0201234567");
  g_assert_cmpstr (same, ==, "31201234567");
  g_assert_cmpstr (plan, ==, "31201234567 0201234567");
  g_assert_cmpstr (foreign, ==, "442071234567");
  g_assert_cmpstr (none, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history/phone-number/normalise", test_normalise);
  g_test_add_func ("/history/phone-number/search-key", test_search_key);
  return g_test_run ();
}
