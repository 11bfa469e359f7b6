/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The toll-fraud guard's rules: prefixes, confirmations, the call rate, emergencies. */
#include "config.h"

#include "tl-account.h"
#include "tl-fraud-guard.h"

static void
test_emergency (void)
{
  const char *const numbers[] = { "112", "911", "999", "000", "110", "119", "sip:112@trunk.example",
                                  "sip:911@t;user=phone", NULL };

  for (guint i = 0; numbers[i] != NULL; i++)
    g_assert_true (tl_fraud_is_emergency (numbers[i]));
  g_assert_false (tl_fraud_is_emergency ("1120"));
  g_assert_false (tl_fraud_is_emergency ("+112"));
  g_assert_false (tl_fraud_is_emergency ("sip:bob@t"));
  g_assert_false (tl_fraud_is_emergency (NULL));
}

static void
test_prefixes (void)
{
  g_autofree char *a = tl_fraud_match_prefix ("+882,+979", "sip:+88216001234@t;user=phone");
  g_autofree char *b = tl_fraud_match_prefix ("+882,+979", "0088216001234");
  g_autofree char *c = tl_fraud_match_prefix ("+882,+979", "011 979 1234");
  g_autofree char *d = tl_fraud_match_prefix ("+882,0900", "0900 123");

  g_assert_cmpstr (a, ==, "+882");
  g_assert_cmpstr (b, ==, "+882");
  g_assert_cmpstr (c, ==, "+979");
  g_assert_cmpstr (d, ==, "0900");
  g_assert_null (tl_fraud_match_prefix ("+882", "+31205550102"));
  g_assert_null (tl_fraud_match_prefix ("none", "+88216001234"));
  g_assert_null (tl_fraud_match_prefix (NULL, "+88216001234"));
  /* A SIP user that is not a number matches no prefix. */
  g_assert_null (tl_fraud_match_prefix ("+882", "sip:+882bob@t"));
}

static void
alert_cb (TlFraudGuard *guard,
          const char   *account_id,
          const char   *message,
          guint        *alerts)
{
  (*alerts)++;
}

static void
test_check (void)
{
  g_autoptr(TlFraudGuard) guard = tl_fraud_guard_new ();
  g_autoptr(TlAccount) account = tl_account_new ();
  g_autoptr(GError) error = NULL;
  guint alerts = 0;

  g_signal_connect (guard, "alert", G_CALLBACK (alert_cb), &alerts);
  /* The defaults: on, satellite and premium ranges blocked. */
  g_assert_true (tl_account_get_fraud_guard (account));
  g_assert_false (tl_fraud_guard_check (guard, account, "sip:+88216001234@t", FALSE, &error));
  g_assert_error (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_BLOCKED);
  g_clear_error (&error);
  /* Confirmation is asked, then given. */
  g_assert_false (tl_fraud_guard_check (guard, account, "sip:+5371234567@t", FALSE, &error));
  g_assert_error (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_NEEDS_CONFIRMATION);
  g_clear_error (&error);
  g_assert_true (tl_fraud_guard_check (guard, account, "sip:+5371234567@t", TRUE, &error));
  g_assert_no_error (error);
  /* Blocked stays blocked, confirmed or not. */
  g_assert_false (tl_fraud_guard_check (guard, account, "sip:+97912345@t", TRUE, NULL));

  /* The rate: two calls a minute, the third is refused with an alert. */
  tl_account_set_calls_per_minute (account, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (tl_fraud_guard_check (guard, account, "sip:+31205550102@t", FALSE, NULL));
      tl_fraud_guard_note_call (guard, account, "sip:+31205550102@t");
    }
  g_assert_false (tl_fraud_guard_check (guard, account, "sip:+31205550102@t", FALSE, &error));
  g_assert_error (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_RATE_LIMITED);
  g_clear_error (&error);
  g_assert_cmpuint (alerts, ==, 1);
  /* Emergency numbers pass everything, and their calls are not capped. */
  tl_account_set_blocked_prefixes (account, "1");
  g_assert_true (tl_fraud_guard_check (guard, account, "sip:112@t", FALSE, NULL));
  g_assert_true (tl_fraud_guard_check (guard, account, "sip:911@t", FALSE, NULL));
  g_assert_cmpuint (tl_fraud_guard_max_duration (guard, account, "sip:112@t"), ==, 0);
  g_assert_cmpuint (tl_fraud_guard_max_duration (guard, account, "sip:+31205550102@t"), ==,
                    TL_ACCOUNT_DEFAULT_MAX_CALL_SECONDS);
  /* Off means off. */
  tl_account_set_fraud_guard (account, FALSE);
  g_assert_true (tl_fraud_guard_check (guard, account, "sip:+88216001234@t", FALSE, NULL));
  g_assert_cmpuint (tl_fraud_guard_max_duration (guard, account, "sip:+31205550102@t"), ==, 0);
}

/* The settings go through the account's checks table like every other. */
static void
test_settings (void)
{
  g_autoptr(TlAccount) account = tl_account_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) many = g_string_new (NULL);

  g_assert_true (tl_account_set_from_string (account, "blocked-prefixes", "+882, +979,0900", &error));
  g_assert_no_error (error);
  g_assert_true (tl_account_set_from_string (account, "confirm-prefixes", "none", &error));
  g_assert_true (tl_account_set_from_string (account, "max-call-seconds", "3600", &error));
  g_assert_true (tl_account_set_from_string (account, "calls-per-minute", "0", &error));
  g_assert_true (tl_account_set_from_string (account, "fraud-guard", "false", &error));
  g_assert_no_error (error);
  g_assert_true (tl_account_check_setting (account, "blocked-prefixes", &error));
  g_assert_true (tl_account_check_setting (account, "confirm-prefixes", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 65; i++)
    g_string_append_printf (many, "%s+%u", i > 0 ? "," : "", 800 + i);
  {
    const char *const bad[] = { "+882,premium", "+1234567890123456", "+88%s,1", "+", ",,", many->str, NULL };

    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_assert_true (tl_account_set_from_string (account, "blocked-prefixes", bad[i], NULL));
        g_assert_false (tl_account_check_setting (account, "blocked-prefixes", &error));
        g_assert_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID);
        g_test_message ("%s", error->message);
        g_clear_error (&error);
      }
  }
  g_assert_true (tl_account_set_from_string (account, "blocked-prefixes", "+882, +979,0900", NULL));
  g_assert_cmpstr (tl_account_get_blocked_prefixes (account), ==, "+882, +979,0900");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fraud/emergency", test_emergency);
  g_test_add_func ("/fraud/prefixes", test_prefixes);
  g_test_add_func ("/fraud/check", test_check);
  g_test_add_func ("/fraud/settings", test_settings);
  return g_test_run ();
}
