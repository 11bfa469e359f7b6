/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns peer URIs and typed numbers into a digits-only key, E.164 when the dial plan allows. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-phone-number.h"

#include <string.h>

static gboolean
has_prefix_nocase (const char *s,
                   const char *prefix)
{
  return g_ascii_strncasecmp (s, prefix, strlen (prefix)) == 0;
}

/* "sip:+31 20 123@host;user=phone" → "+31 20 123"; "tel:+3120123;phone-context=x" → "+3120123";
 * anything without a scheme is returned as is. Display-name forms
 * ("Alice" <sip:…>) are reduced to the part between the angle brackets. */
char *
tl_phone_number_user_part (const char *uri_or_number)
{
  const char *s;
  const char *end;
  const char *lt;

  if (uri_or_number == NULL)
    return g_strdup ("");

  s = uri_or_number;
  lt = strchr (s, '<');
  if (lt != NULL && strchr (lt, '>') != NULL)
    s = lt + 1;

  while (g_ascii_isspace (*s))
    s++;

  if (has_prefix_nocase (s, "sips:"))
    s += 5;
  else if (has_prefix_nocase (s, "sip:"))
    s += 4;
  else if (has_prefix_nocase (s, "tel:"))
    s += 4;
  else if (has_prefix_nocase (s, "callto:"))
    s += 7;
  else
    {
      end = s + strcspn (s, ">");
      return g_strndup (s, end - s);
    }

  /* RFC 3261 §19.1.1: the user part ends at '@'; tel: (RFC 3966) parameters start with ';'. */
  end = s + strcspn (s, "@;?>");
  return g_strndup (s, end - s);
}

/* Keeps the digits (and a leading '+') of a number; visual separators
 * (spaces, dots, dashes, brackets, RFC 3966 visual-separators) go. */
char *
tl_phone_number_digits (const char *text)
{
  GString *out;
  const char *p;
  gboolean seen_digit = FALSE;

  out = g_string_new (NULL);
  if (text == NULL)
    return g_string_free (out, FALSE);

  for (p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (out, *p);
          seen_digit = TRUE;
        }
      else if (*p == '+' && !seen_digit && out->len == 0)
        g_string_append_c (out, '+');
    }

  if (!seen_digit)
    g_string_truncate (out, 0);

  return g_string_free (out, FALSE);
}

static gboolean
looks_like_number (const char *user)
{
  const char *p;

  for (p = user; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && strchr (" +-.()/", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_all_digits (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/**
 * tl_phone_number_normalise:
 * @uri_or_number: a SIP/SIPS/tel URI or a number as typed
 * @country_code: (nullable): the dial plan's country code without '+', e.g. "31"
 * @national_prefix: (nullable): the national trunk prefix, e.g. "0"
 *
 * Returns: the number as "+<digits>" when it is (or can be made) E.164, the
 * bare digits otherwise, or "" when the peer is not a number at all
 * (sip:alice@example.org).
 */
char *
tl_phone_number_normalise (const char *uri_or_number,
                           const char *country_code,
                           const char *national_prefix)
{
  g_autofree char *user = NULL;
  g_autofree char *unescaped = NULL;
  g_autofree char *digits = NULL;
  gboolean have_plan;

  user = tl_phone_number_user_part (uri_or_number);
  unescaped = g_uri_unescape_string (user, NULL);
  if (unescaped == NULL || !looks_like_number (unescaped))
    return g_strdup ("");

  digits = tl_phone_number_digits (unescaped);
  if (digits[0] == '\0' || digits[0] == '+')
    return g_steal_pointer (&digits);

  have_plan = is_all_digits (country_code);
  if (!have_plan)
    return g_steal_pointer (&digits);

  /* "00" style international access: 0031… → +31…. */
  if (g_str_has_prefix (digits, "00") && strlen (digits) > 4)
    return g_strconcat ("+", digits + 2, NULL);

  if (is_all_digits (national_prefix) && g_str_has_prefix (digits, national_prefix)
      && strlen (digits) > strlen (national_prefix) + 3)
    return g_strconcat ("+", country_code, digits + strlen (national_prefix), NULL);

  return g_steal_pointer (&digits);
}

static void
add_form (GPtrArray  *forms,
          const char *digits)
{
  guint i;

  if (digits[0] == '+')
    digits++;
  if (digits[0] == '\0')
    return;
  for (i = 0; i < forms->len; i++)
    if (g_str_equal (g_ptr_array_index (forms, i), digits))
      return;
  g_ptr_array_add (forms, g_strdup (digits));
}

/**
 * tl_phone_number_search_key:
 * @normalised_number: the result of tl_phone_number_normalise()
 * @uri_or_number: the peer as it came
 * @country_code: (nullable): the dial plan's country code
 * @national_prefix: (nullable): the dial plan's national prefix
 *
 * The digits a search can match, space-separated: those of the normalised
 * number, of the number as it came, and its national form when the dial plan
 * gives one, so that a fragment typed in national form ("020 123") finds
 * "+3120123…" and the reverse.
 */
char *
tl_phone_number_search_key (const char *normalised_number,
                            const char *uri_or_number,
                            const char *country_code,
                            const char *national_prefix)
{
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *plain = NULL;
  g_autofree char *user = NULL;
  g_autofree char *dialled = NULL;

  plain = tl_phone_number_digits (normalised_number);
  user = tl_phone_number_user_part (uri_or_number);
  dialled = looks_like_number (user) ? tl_phone_number_digits (user) : g_strdup ("");

  add_form (forms, plain);
  add_form (forms, dialled);

  if (plain[0] == '+' && is_all_digits (country_code) && is_all_digits (national_prefix)
      && g_str_has_prefix (plain + 1, country_code))
    {
      g_autofree char *national = g_strconcat (national_prefix,
                                               plain + 1 + strlen (country_code), NULL);

      add_form (forms, national);
    }

  g_ptr_array_add (forms, NULL);
  return g_strjoinv (" ", (char **)forms->pdata);
}
