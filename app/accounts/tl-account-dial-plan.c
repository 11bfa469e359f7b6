/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An account's dial plan: what the user typed, as the number or address to call. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-account.h"
#include "tl-account-private.h"

#include <string.h>

#include "tl-phone-number.h"

gboolean
tl_account_is_emergency_number (const char *digits)
{
  return g_strcmp0 (digits, "112") == 0 || g_strcmp0 (digits, "911") == 0
         || g_strcmp0 (digits, "999") == 0;
}

static gboolean
looks_like_number (const char *text)
{
  gboolean digit = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (strchr (" +-.()/", *p) == NULL)
        return FALSE;
    }
  return digit;
}

char *
tl_account_normalise_number (TlAccount  *self,
                             const char *typed)
{
  g_autofree char *text = NULL;
  g_autofree char *digits = NULL;
  const char *number;
  const char *outside;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  if (typed == NULL)
    return NULL;
  text = g_strstrip (g_strdup (typed));
  if (!looks_like_number (text))
    return tl_account_is_sip_user (text) ? g_steal_pointer (&text) : NULL;

  digits = tl_phone_number_digits (text);
  number = digits;
  if (tl_account_is_emergency_number (number))
    return g_steal_pointer (&digits);

  /* A desk-phone habit: "9" for an outside line. The trunk needs none, so drop it. */
  outside = self->strings[PROP_OUTSIDE_LINE_PREFIX];
  if (outside != NULL && g_str_has_prefix (number, outside) && strlen (number) > strlen (outside))
    {
      number += strlen (outside);
      if (tl_account_is_emergency_number (number))
        return g_strdup (number);
    }

  return tl_phone_number_normalise (number, self->strings[PROP_COUNTRY_CODE],
                                    self->strings[PROP_NATIONAL_PREFIX]);
}

char *
tl_account_preview_dial (TlAccount  *self,
                         const char *typed)
{
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  if (typed == NULL || self->strings[PROP_DOMAIN] == NULL)
    return NULL;
  text = g_strstrip (g_strdup (typed));
  if (g_ascii_strncasecmp (text, "sip:", 4) == 0 || g_ascii_strncasecmp (text, "sips:", 5) == 0)
    return tl_account_has_unsafe_characters (text) ? NULL : g_steal_pointer (&text);
  if (strchr (text, '@') != NULL)
    return tl_account_has_unsafe_characters (text) ? NULL : g_strconcat ("sip:", text, NULL);

  number = tl_account_normalise_number (self, text);
  if (number == NULL || *number == '\0')
    return NULL;
  return g_strdup_printf ("sip:%s@%s", number, self->strings[PROP_DOMAIN]);
}
