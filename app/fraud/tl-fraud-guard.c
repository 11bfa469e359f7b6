/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The toll-fraud guard: prefix rules, a call-rate limit and a duration cap per account. */
#define G_LOG_DOMAIN "tl-fraud"

#include "config.h"

#include "tl-fraud-guard.h"

#include <string.h>

#define RATE_WINDOW_US (60 * G_USEC_PER_SEC)

struct _TlFraudGuard {
  GObject     parent_instance;

  GHashTable *recent;   /* account id → GArray of gint64 (monotonic µs of recent calls) */
};

G_DEFINE_FINAL_TYPE (TlFraudGuard, tl_fraud_guard, G_TYPE_OBJECT)

enum {
  SIGNAL_ALERT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (tl-fraud-error-quark, tl_fraud_error)

/* Emergency numbers of the main numbering plans: 112 (Europe and GSM phones
 * everywhere), 911 (North America), 999 (UK and others), 000 (Australia),
 * 110/119/118 (Japan, China, Germany), 100–103 and 108 (India and others),
 * 15/17/18 (France), 113/115/117/122 (several), 060/065/066 (Mexico, legacy). */
static const char *const emergency_numbers[] = {
  "112", "911", "999", "000", "110", "119", "118", "100", "101", "102", "103", "108",
  "113", "115", "117", "122", "15", "17", "18", "060", "065", "066", NULL
};

/* The user part of a SIP URI, or the number as typed, without visual separators. */
static char *
plain_number (const char *number)
{
  const char *p = number;
  const char *end;
  GString *out;

  if (p == NULL)
    return g_strdup ("");
  if (g_str_has_prefix (p, "sips:"))
    p += 5;
  else if (g_str_has_prefix (p, "sip:") || g_str_has_prefix (p, "tel:"))
    p += 4;
  end = p + strcspn (p, "@;?>");
  out = g_string_new (NULL);
  for (; p < end; p++)
    if (g_ascii_isdigit (*p) || (*p == '+' && out->len == 0) || *p == '*' || *p == '#')
      g_string_append_c (out, *p);
    else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')')
      {
        /* A SIP user that is not a number ("bob"): no prefix rule applies. */
        g_string_free (out, TRUE);
        return g_strdup ("");
      }
  return g_string_free (out, FALSE);
}

gboolean
tl_fraud_is_emergency (const char *number)
{
  g_autofree char *plain = plain_number (number);

  return g_strv_contains (emergency_numbers, plain);
}

/* The "+" form of an international number: 00… and 011… (the usual exits). */
static char *
international_form (const char *plain)
{
  if (plain[0] == '+')
    return g_strdup (plain);
  if (g_str_has_prefix (plain, "00"))
    return g_strconcat ("+", plain + 2, NULL);
  if (g_str_has_prefix (plain, "011"))
    return g_strconcat ("+", plain + 3, NULL);
  return NULL;
}

char *
tl_fraud_match_prefix (const char *list,
                       const char *number)
{
  g_autofree char *plain = plain_number (number);
  g_autofree char *international = NULL;
  g_auto(GStrv) entries = NULL;

  if (list == NULL || g_strcmp0 (list, "none") == 0 || plain[0] == '\0')
    return NULL;
  international = international_form (plain);
  entries = g_strsplit (list, ",", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      const char *entry = g_strstrip (entries[i]);

      if (entry[0] == '\0')
        continue;
      if (g_str_has_prefix (plain, entry) || (international != NULL && g_str_has_prefix (international, entry)))
        return g_strdup (entry);
    }
  return NULL;
}

static GArray *
recent_calls (TlFraudGuard *self,
              TlAccount    *account)
{
  const char *id = tl_account_get_id (account);
  GArray *times = g_hash_table_lookup (self->recent, id);
  gint64 now = g_get_monotonic_time ();

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->recent, g_strdup (id), times);
    }
  while (times->len > 0 && now - g_array_index (times, gint64, 0) >= RATE_WINDOW_US)
    g_array_remove_index (times, 0);
  return times;
}

gboolean
tl_fraud_guard_check (TlFraudGuard  *self,
                      TlAccount     *account,
                      const char    *uri,
                      gboolean       confirmed,
                      GError       **error)
{
  g_autofree char *blocked = NULL;
  g_autofree char *confirm = NULL;
  guint limit;

  g_return_val_if_fail (TL_IS_FRAUD_GUARD (self), FALSE);
  g_return_val_if_fail (TL_IS_ACCOUNT (account), FALSE);

  /* Never in the way of help. */
  if (!tl_account_get_fraud_guard (account) || tl_fraud_is_emergency (uri))
    return TRUE;
  blocked = tl_fraud_match_prefix (tl_account_get_blocked_prefixes (account), uri);
  if (blocked != NULL)
    {
      g_set_error (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_BLOCKED,
                   "Calls to numbers starting %s are blocked on this account (a range used for toll fraud); "
                   "change blocked-prefixes to allow them", blocked);
      return FALSE;
    }
  confirm = tl_fraud_match_prefix (tl_account_get_confirm_prefixes (account), uri);
  if (confirm != NULL && !confirmed)
    {
      g_set_error (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_NEEDS_CONFIRMATION,
                   "Numbers starting %s are often used for toll fraud: confirm that you mean to call it", confirm);
      return FALSE;
    }
  limit = tl_account_get_calls_per_minute (account);
  if (limit > 0 && recent_calls (self, account)->len >= limit)
    {
      g_autofree char *message = g_strdup_printf ("%u calls in the last minute: further calls are refused for a "
                                                  "moment. If you did not place them, someone may be using "
                                                  "your account.", recent_calls (self, account)->len);

      tl_fraud_guard_alert (self, account, message);
      g_set_error_literal (error, TL_FRAUD_ERROR, TL_FRAUD_ERROR_RATE_LIMITED, message);
      return FALSE;
    }
  return TRUE;
}

void
tl_fraud_guard_note_call (TlFraudGuard *self,
                          TlAccount    *account,
                          const char   *uri)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (TL_IS_FRAUD_GUARD (self));
  g_return_if_fail (TL_IS_ACCOUNT (account));

  if (tl_fraud_is_emergency (uri))
    return;
  g_array_append_val (recent_calls (self, account), now);
}

guint
tl_fraud_guard_max_duration (TlFraudGuard *self,
                             TlAccount    *account,
                             const char   *uri)
{
  g_return_val_if_fail (TL_IS_ACCOUNT (account), 0);

  if (!tl_account_get_fraud_guard (account) || tl_fraud_is_emergency (uri))
    return 0;
  return tl_account_get_max_call_seconds (account);
}

void
tl_fraud_guard_alert (TlFraudGuard *self,
                      TlAccount    *account,
                      const char   *message)
{
  g_debug ("%s: %s", tl_account_get_id (account), message);
  g_signal_emit (self, signals[SIGNAL_ALERT], 0, tl_account_get_id (account), message);
}

TlFraudGuard *
tl_fraud_guard_new (void)
{
  return g_object_new (TL_TYPE_FRAUD_GUARD, NULL);
}

static void
tl_fraud_guard_finalize (GObject *object)
{
  TlFraudGuard *self = TL_FRAUD_GUARD (object);

  g_hash_table_unref (self->recent);
  G_OBJECT_CLASS (tl_fraud_guard_parent_class)->finalize (object);
}

static void
tl_fraud_guard_class_init (TlFraudGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_fraud_guard_finalize;

  /* Something the user should hear about now: (account id, message in words). */
  signals[SIGNAL_ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
tl_fraud_guard_init (TlFraudGuard *self)
{
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}
