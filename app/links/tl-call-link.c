/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A sip:, sips:, tel: or callto: link as something to dial, checked strictly. */
#define G_LOG_DOMAIN "tl-links"

#include "config.h"

#include "tl-call-link.h"

#include <gio/gio.h>
#include <string.h>

/* E.164 allows 15 digits; local numbers and extensions are shorter still. */
#define MAX_DIGITS 20

void
tl_call_link_free (TlCallLink *link)
{
  if (link == NULL)
    return;
  g_free (link->scheme);
  g_free (link->target);
  g_free (link->extension);
  g_free (link);
}

static gboolean
refuse (GError    **error,
        const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/* The start of @text, valid and on one line, for a message. */
static char *
quote (const char *text,
       gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) MIN (len, 48));

  g_strdelimit (valid, "\r\n\t", ' ');
  return len > 48 ? g_strconcat (valid, "…", NULL) : g_steal_pointer (&valid);
}

/* "@before“@text”@after", the text quoted short. */
static gboolean
refuse_quoting (GError    **error,
                const char *before,
                const char *text,
                gsize       len,
                const char *after)
{
  g_autofree char *quoted = quote (text, len);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s“%s”%s", before, quoted, after);
  return FALSE;
}

/* Percent-decoded, and refused when that yields control characters or bad UTF-8. */
static char *
unescape (const char  *text,
          gsize        len,
          GError     **error)
{
  g_autofree char *piece = g_strndup (text, len);
  g_autofree char *decoded = g_uri_unescape_string (piece, NULL);

  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      refuse (error, "The link is not valid text");
      return NULL;
    }
  for (const char *p = decoded; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        refuse (error, "The link holds line breaks or control characters");
        return NULL;
      }
  return g_steal_pointer (&decoded);
}

/* RFC 3966 visual separators, and the spaces people paste. */
static gboolean
is_separator (char c)
{
  return c == '-' || c == '.' || c == '(' || c == ')' || c == ' ';
}

/* "+1 (555) 123-4567" → "+15551234567"; local numbers may carry * and #. NULL
 * when it is not a number. */
static char *
number_of (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint digits = 0;
  const char *p = text;

  if (*p == '+')
    g_string_append_c (out, *p++);
  for (; *p != '\0'; p++)
    {
      if (is_separator (*p))
        continue;
      if (g_ascii_isdigit (*p))
        digits++;
      else if (out->str[0] == '+' || (*p != '*' && *p != '#'))
        return NULL;
      g_string_append_c (out, *p);
    }
  if (digits == 0 || digits > MAX_DIGITS || (out->str[0] == '+' && digits > 15))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* tel:NUMBER[;ext=…][;phone-context=…][;isub=…] (RFC 3966). */
static gboolean
parse_tel (TlCallLink  *link,
           const char  *rest,
           GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (rest, ";", -1);
  g_autofree char *number = NULL;
  g_autofree char *context = NULL;
  g_autofree char *decoded = NULL;

  if (parts[0] == NULL)
    return refuse (error, "The link has no number");
  decoded = unescape (parts[0], strlen (parts[0]), error);
  if (decoded == NULL)
    return FALSE;
  if (*g_strstrip (decoded) == '\0')
    return refuse (error, "The link has no number");
  number = number_of (decoded);
  if (number == NULL)
    return refuse_quoting (error, "", decoded, strlen (decoded), " is not a phone number");

  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *name = g_ascii_strdown (parts[i], eq != NULL ? (gssize) (eq - parts[i]) : -1);
      g_autofree char *value = eq != NULL ? unescape (eq + 1, strlen (eq + 1), error) : g_strdup ("");

      if (value == NULL)
        return FALSE;
      if (g_str_equal (name, "ext"))
        {
          g_autofree char *ext = number_of (value);

          if (ext == NULL || ext[0] == '+')
            return refuse_quoting (error, "The extension ", value, strlen (value), " is not a number");
          g_free (link->extension);
          link->extension = g_steal_pointer (&ext);
        }
      else if (g_str_equal (name, "phone-context"))
        {
          g_free (context);
          context = g_steal_pointer (&value);
        }
      else if (g_str_equal (name, "isub"))
        ;   /* an ISDN subaddress means nothing on a SIP trunk */
      else
        return refuse_quoting (error, "The link tries to set ", name,
                               strlen (name), ", which a link may not choose");
    }

  /* A local number in a global context (;phone-context=+1212): the context is
   * its prefix. A domain context leaves it local, for the dial plan. */
  if (number[0] != '+' && context != NULL && context[0] == '+')
    {
      g_autofree char *prefix = number_of (context);
      g_autofree char *joined = NULL;

      if (prefix == NULL)
        return refuse_quoting (error, "The phone context ", context, strlen (context), " is not a number");
      joined = g_strconcat (prefix, number, NULL);
      g_free (number);
      number = number_of (joined);
      if (number == NULL)
        return refuse (error, "The number with its phone context is too long");
    }
  link->target = g_steal_pointer (&number);
  link->is_number = TRUE;
  return TRUE;
}

/* sip:user@host[:port][;user=phone] — no other parameters, no headers: they
 * could send the call elsewhere (maddr), change its method or add headers. */
static gboolean
parse_sip (TlCallLink  *link,
           const char  *rest,
           GError     **error)
{
  const char *at = strchr (rest, '@');
  const char *end;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *number = NULL;

  if (strchr (rest, '?') != NULL)
    return refuse (error, "The link carries SIP headers, which could change how the call is sent");
  if (at == NULL)
    return refuse (error, "The link names no one to call (it has no user@)");
  user = unescape (rest, (gsize) (at - rest), error);
  if (user == NULL)
    return FALSE;
  if (*user == '\0')
    return refuse (error, "The link names no one to call (it has no user@)");
  end = at + 1 + strcspn (at + 1, ";");
  host = g_strndup (at + 1, (gsize) (end - at - 1));
  if (*host == '\0' || strspn (host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
                       != strlen (host))
    return refuse_quoting (error, "", host, strlen (host), " is not a host name or address");
  for (const char *p = end; *p == ';';)
    {
      const char *next = p + 1 + strcspn (p + 1, ";");
      g_autofree char *param = g_ascii_strdown (p + 1, (gssize) (next - p - 1));

      if (!g_str_equal (param, "user=phone"))
        {
          const char *eq = strchr (param, '=');

          if (eq != NULL)
            param[eq - param] = '\0';
          return refuse_quoting (error, "The link tries to set ", param,
                                 strlen (param), ", which a link may not choose");
        }
      p = next;
    }
  for (const char *p = user; *p != '\0'; p++)
    if (*p == ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\' || *p == '@' || *p == ';')
      return refuse_quoting (error, "", user, strlen (user), " is not a SIP user");

  number = number_of (user);
  link->is_number = number != NULL && (user[0] == '+' || strlen (number) >= 7);
  link->target = g_strdup_printf ("%s:%s@%s", link->scheme, user, host);
  return TRUE;
}

TlCallLink *
tl_call_link_parse (const char  *uri,
                    GError     **error)
{
  g_autoptr(TlCallLink) link = NULL;
  gsize len;
  const char *colon;
  const char *rest;
  gboolean ok;

  g_return_val_if_fail (uri != NULL, NULL);

  len = strnlen (uri, TL_CALL_LINK_MAX_LENGTH + 1);
  if (len > TL_CALL_LINK_MAX_LENGTH)
    {
      refuse (error, "The link is too long to be a phone number or address");
      return NULL;
    }
  for (gsize i = 0; i < len; i++)
    if ((guchar) uri[i] < 0x20 || uri[i] == 0x7f)
      {
        refuse (error, "The link holds line breaks or control characters");
        return NULL;
      }
  colon = strchr (uri, ':');
  if (colon == NULL)
    {
      refuse_quoting (error, "", uri, len, " is not a link Trunkline can call");
      return NULL;
    }
  link = g_new0 (TlCallLink, 1);
  link->scheme = g_ascii_strdown (uri, (gssize) (colon - uri));
  rest = colon + 1;
  if (g_str_equal (link->scheme, "callto"))
    {
      /* callto:+15551234567 and callto://+15551234567: a number only. */
      g_autofree char *decoded = NULL;
      g_autofree char *number = NULL;

      if (g_str_has_prefix (rest, "//"))
        rest += 2;
      decoded = unescape (rest, strcspn (rest, ";?/"), error);
      if (decoded == NULL)
        return NULL;
      number = number_of (g_strstrip (decoded));
      if (number == NULL)
        {
          refuse_quoting (error, "", decoded, strlen (decoded), " is not a phone number");
          return NULL;
        }
      link->target = g_steal_pointer (&number);
      link->is_number = TRUE;
      ok = TRUE;
    }
  else if (g_str_equal (link->scheme, "tel"))
    ok = parse_tel (link, rest, error);
  else if (g_str_equal (link->scheme, "sip") || g_str_equal (link->scheme, "sips"))
    ok = parse_sip (link, rest, error);
  else
    ok = refuse (error, "Trunkline follows only sip:, sips:, tel: and callto: links");
  if (!ok)
    return NULL;
  g_debug ("Link %s: %s%s%s", link->scheme, link->target, link->extension != NULL ? " ext " : "",
           link->extension != NULL ? link->extension : "");
  return g_steal_pointer (&link);
}
