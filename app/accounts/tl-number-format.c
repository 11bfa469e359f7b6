/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A number as people write it, grouped while it is being typed; and where the cursor goes after regrouping. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-number-format.h"

#include <string.h>

#define VISUAL_SEPARATORS " ()-./\u00a0"

static gboolean
is_dial_char (char c)
{
  return g_ascii_isdigit (c) || c == '+' || c == '*' || c == '#';
}

/* The length of the country code at the start of @digits (ITU-T E.164
 * assignments: 1 and 7 have one digit; the rest two or three by zone). */
static guint
country_code_length (const char *digits)
{
  /* Two-digit codes by their first digit; every other code of that zone has three. */
  static const char *const two_digit[10] = {
    NULL, NULL, "07", "0123469", "013456789", "12345678", "0123456", NULL, "1246", "0123458",
  };
  const char *twos;

  if (digits[0] == '\0')
    return 0;
  if (digits[0] == '1' || digits[0] == '7')
    return 1;
  if (digits[1] == '\0')
    return 1;
  twos = two_digit[digits[0] - '0'];
  return twos != NULL && strchr (twos, digits[1]) != NULL ? 2 : 3;
}

/* Groups of three, the last of four rather than leaving one digit alone. */
static void
append_groups (GString    *out,
               const char *digits)
{
  gsize len = strlen (digits);
  gsize i = 0;

  while (i < len)
    {
      gsize take = len - i <= 4 ? len - i : 3;

      if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
      g_string_append_len (out, digits + i, (gssize) take);
      i += take;
    }
}

/* North American numbering: (NPA) NXX-XXXX, built up digit by digit. */
static void
append_nanp (GString    *out,
             const char *digits,
             gboolean    international)
{
  gsize len = strlen (digits);

  if (len > 10)
    {
      g_string_append (out, digits);
      return;
    }
  if (international)
    {
      append_groups (out, digits);
      return;
    }
  if (len <= 3)
    g_string_append (out, digits);
  else if (len <= 7)
    g_string_append_printf (out, "%.3s-%s", digits, digits + 3);
  else
    g_string_append_printf (out, "(%.3s) %.3s-%s", digits, digits + 3, digits + 6);
}

char *
tl_number_format_as_typed (const char *typed,
                           const char *country_code)
{
  g_autoptr(GString) dial = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean nanp = g_strcmp0 (country_code, "1") == 0;
  const char *digits;

  if (typed == NULL)
    return g_strdup ("");
  for (const char *p = typed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && is_dial_char ((char) c))
        g_string_append_c (dial, (char) c);
      else if (c >= 0x80 ? c != 0x00a0 : strchr (VISUAL_SEPARATORS, (char) c) == NULL)
        /* A letter, '@' or ':': a SIP user or address, shown as typed. */
        return g_strdup (typed);
    }
  /* '+' only leads; service codes stay as typed. */
  if (dial->len <= 4 || strchr (dial->str + 1, '+') != NULL || strpbrk (dial->str, "*#") != NULL)
    return g_string_free (g_steal_pointer (&dial), FALSE);

  digits = dial->str;
  if (digits[0] == '+')
    {
      guint cc = country_code_length (digits + 1);

      g_string_append_len (out, digits, (gssize) cc + 1);
      digits += cc + 1;
      if (*digits == '\0')
        return g_string_free (g_steal_pointer (&out), FALSE);
      g_string_append_c (out, ' ');
      if (cc == 1 && digits[-1] == '1')
        append_nanp (out, digits, TRUE);
      else
        append_groups (out, digits);
    }
  else if (nanp && digits[0] == '1')
    {
      /* The trunk prefix of a long-distance call, then the ten digits. */
      g_string_append (out, "1 ");
      append_nanp (out, digits + 1, FALSE);
    }
  else if (nanp)
    append_nanp (out, digits, FALSE);
  else
    append_groups (out, digits);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

guint
tl_number_format_count_dial_chars (const char *text,
                                   gsize       offset)
{
  guint n = 0;

  for (gsize i = 0; text[i] != '\0' && i < offset; i++)
    n += is_dial_char (text[i]);
  return n;
}

gsize
tl_number_format_offset_after (const char *text,
                               guint       n)
{
  gsize i = 0;

  if (n == 0)
    return 0;
  for (; text[i] != '\0'; i++)
    {
      if (is_dial_char (text[i]) && --n == 0)
        return i + 1;
    }
  return i;
}

char *
tl_number_format_call_back_target (const char *peer_uri)
{
  const char *user;
  gsize len;

  if (peer_uri == NULL)
    return NULL;
  user = peer_uri;
  if (g_ascii_strncasecmp (user, "sips:", 5) == 0)
    user += 5;
  else if (g_ascii_strncasecmp (user, "sip:", 4) == 0 || g_ascii_strncasecmp (user, "tel:", 4) == 0)
    user += 4;
  len = strcspn (user, "@;>?");
  if (len == 0)
    return g_strdup (peer_uri);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (user[i]) && !(i == 0 && user[i] == '+'))
      return g_strdup (peer_uri);
  return g_strndup (user, len);
}
