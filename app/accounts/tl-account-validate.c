/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checking an account's settings before they are stored or handed to the engine. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-account.h"
#include "tl-account-private.h"

#include <string.h>

/* RFC 3261 user part, unescaped: unreserved and user-unreserved characters. */
gboolean
tl_account_is_sip_user (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && strchr ("-_.!~*'()&=+$,?/", *s) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_hostname (const char *host)
{
  gsize len = strlen (host);
  const char *label = host;

  if (len == 0 || len > 253)
    return FALSE;
  if (g_hostname_is_ip_address (host))
    return TRUE;
  for (const char *p = host; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          gsize label_len = (gsize) (p - label);

          /* A trailing dot (fully qualified) is fine; empty labels elsewhere are not. */
          if (label_len == 0 && !(*p == '\0' && p > host))
            return FALSE;
          if (label_len > 63 || (label_len > 0 && (label[0] == '-' || p[-1] == '-')))
            return FALSE;
          if (*p == '\0')
            return TRUE;
          label = p + 1;
        }
      else if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
    }
}

static char *shown (const char *value);

static gboolean
bad_host (GError    **error,
          const char *what,
          const char *text)
{
  g_autofree char *quoted = shown (text);

  g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
               "The %s “%s” is not a host name or address (such as sip.example.net or sip.example.net:5060)",
               what, quoted);
  return FALSE;
}

/* host, host:port, [v6] or [v6]:port; @what names the setting in messages. */
static gboolean
check_host_port (const char  *text,
                 const char  *what,
                 GError     **error)
{
  g_autofree char *host = NULL;
  const char *port = NULL;

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close == NULL)
        return bad_host (error, what, text);
      host = g_strndup (text + 1, (gsize) (close - text - 1));
      if (!g_hostname_is_ip_address (host) || strchr (host, ':') == NULL)
        return bad_host (error, what, text);
      if (close[1] == ':')
        port = close + 2;
      else if (close[1] != '\0')
        return bad_host (error, what, text);
    }
  else
    {
      const char *colon = strchr (text, ':');

      if (colon != NULL && strchr (colon + 1, ':') != NULL)
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The %s “%s” looks like an IPv6 address: write it in brackets, like [2001:db8::1]:5060",
                       what, text);
          return FALSE;
        }
      host = colon != NULL ? g_strndup (text, (gsize) (colon - text)) : g_strdup (text);
      port = colon != NULL ? colon + 1 : NULL;
      if (!is_hostname (host))
        return bad_host (error, what, text);
    }

  if (port != NULL)
    {
      guint64 number = 0;

      if (*port == '\0' || !g_ascii_string_to_unsigned (port, 10, 0, G_MAXUINT32, &number, NULL))
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The port in the %s “%s” is not a number", what, text);
          return FALSE;
        }
      if (number < 1 || number > 65535)
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The port %s in the %s “%s” is out of range (1–65535)", port, what, text);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
tl_account_has_unsafe_characters (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s <= 0x20 || *s == 0x7f || *s == '"' || *s == '<' || *s == '>' || *s == '\\')
      return TRUE;
  return FALSE;
}

/* sip:host[:port][;params] or sips:…, optionally with user@. */
static gboolean
check_proxy (const char  *uri,
             const char  *what,
             GError     **error)
{
  g_autofree char *hostport = NULL;
  const char *rest;
  const char *at;

  if (g_ascii_strncasecmp (uri, "sip:", 4) == 0)
    rest = uri + 4;
  else if (g_ascii_strncasecmp (uri, "sips:", 5) == 0)
    rest = uri + 5;
  else
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The %s “%s” is not a SIP URI: write it like sip:proxy.example.net", what, uri);
      return FALSE;
    }
  if (tl_account_has_unsafe_characters (uri))
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The %s “%s” contains spaces, quotes or angle brackets", what, uri);
      return FALSE;
    }
  hostport = g_strndup (rest, strcspn (rest, ";?"));
  at = strchr (hostport, '@');
  return check_host_port (at != NULL ? at + 1 : hostport, what, error);
}

static gboolean
check_digits (const char  *value,
              const char  *what,
              guint        max_len,
              const char  *example,
              GError     **error)
{
  gsize len;

  if (value == NULL)
    return TRUE;
  len = strlen (value);
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      len = 0;
  if (len == 0 || len > max_len)
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The %s “%s” must be 1 to %u digits, like %s", what, value, max_len, example);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_codecs (const char  *codecs,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (codecs, ",", -1);
  guint seen = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);
      gboolean known = FALSE;

      for (guint c = 0; tl_account_codec_names[c] != NULL; c++)
        if (g_ascii_strcasecmp (name, tl_account_codec_names[c]) == 0)
          {
            if (seen & (1u << c))
              {
                g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                             "The codec order names %s twice", tl_account_codec_names[c]);
                return FALSE;
              }
            seen |= 1u << c;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "Unknown codec “%s”: the codec order is any order of opus, pcmu and pcma", name);
          return FALSE;
        }
    }
  if (seen == 0)
    return tl_account_invalid (error, "The codec order is empty: name at least one of opus, pcmu and pcma");
  return TRUE;
}

static gboolean
check_text (const char  *value,
            const char  *what,
            gboolean     engine_quoted,
            GError     **error)
{
  if (value == NULL)
    return TRUE;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f || (engine_quoted && (*p == '"' || *p == '\\')))
      {
        g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                     engine_quoted ? "The %s may not contain quotes, backslashes or control characters"
                                   : "The %s may not contain control characters",
                     what);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_stun_server (const char  *server,
                   GError     **error)
{
  const char *hostport = server;

  if (server == NULL)
    return TRUE;
  if (g_str_has_prefix (server, "stun:"))
    hostport = server + 5;
  else if (g_str_has_prefix (server, "stuns:"))
    hostport = server + 6;
  return check_host_port (hostport, "STUN server", error);
}

gboolean
tl_account_check_password (const char  *password,
                           GError     **error)
{
  g_autoptr(GError) engine_error = NULL;

  if (tl_engine_account_check_password (password, &engine_error))
    return TRUE;
  return tl_account_invalid (error, engine_error->message);
}

/* ---- one check per setting ------------------------------------------------ */

/* A value as messages quote it: bounded, so a pasted megabyte stays readable. */
static char *
shown (const char *value)
{
  const char *end = value;

  for (guint n = 0; *end != '\0' && n < 64; n++)
    end = g_utf8_next_char (end);
  if (*end == '\0')
    return g_strdup (value);
  return g_strdup_printf ("%.*s…", (int) (end - value), value);
}

static gboolean
check_user (TlAccount  *self,
            GError    **error)
{
  const char *user = self->strings[PROP_USER];
  g_autofree char *text = NULL;

  if (user == NULL)
    return tl_account_invalid (error, "The user is empty: enter the SIP user name or number your provider gave you");
  if (tl_account_is_sip_user (user))
    return TRUE;
  text = shown (user);
  g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
               "The user “%s” contains characters not allowed in a SIP user name", text);
  return FALSE;
}

static gboolean
check_auth_user (TlAccount  *self,
                 GError    **error)
{
  const char *auth_user = self->strings[PROP_AUTH_USER];
  g_autofree char *text = NULL;

  if (auth_user == NULL || tl_account_is_sip_user (auth_user))
    return TRUE;
  text = shown (auth_user);
  g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
               "The authentication user “%s” contains characters the engine cannot carry", text);
  return FALSE;
}

static gboolean
check_domain (TlAccount  *self,
              GError    **error)
{
  if (self->strings[PROP_DOMAIN] == NULL)
    return tl_account_invalid (error, "The domain is empty: enter your provider's SIP domain or registrar");
  return check_host_port (self->strings[PROP_DOMAIN], "domain", error);
}

static gboolean
check_outbound_proxy (TlAccount  *self,
                      GError    **error)
{
  return self->strings[PROP_OUTBOUND_PROXY] == NULL
         || check_proxy (self->strings[PROP_OUTBOUND_PROXY], "outbound proxy", error);
}

static gboolean
check_fallback_proxy (TlAccount  *self,
                      GError    **error)
{
  if (self->strings[PROP_FALLBACK_PROXY] == NULL)
    return TRUE;
  if (!check_proxy (self->strings[PROP_FALLBACK_PROXY], "fallback proxy", error))
    return FALSE;
  if (self->strings[PROP_OUTBOUND_PROXY] == NULL)
    return tl_account_invalid (error, "A fallback proxy needs an outbound proxy to fall back from");
  return TRUE;
}

static gboolean
check_ca_file (TlAccount  *self,
               GError    **error)
{
  const char *path = self->strings[PROP_CA_FILE];
  g_autofree char *text = NULL;

  if (path == NULL)
    return TRUE;
  if (!check_text (path, "CA file", FALSE, error))
    return FALSE;
  text = shown (path);
  if (!g_path_is_absolute (path))
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The CA file “%s” must be given as a full path", text);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The CA file “%s” does not exist", text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_register_interval (TlAccount  *self,
                         GError    **error)
{
  guint interval = self->numbers[PROP_REGISTER_INTERVAL];

  if (self->numbers[PROP_MODE] == TL_ACCOUNT_MODE_REGISTER && (interval < 60 || interval > 86400))
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The register interval %u is out of range: use 60 to 86400 seconds", interval);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_stun (TlAccount  *self,
            GError    **error)
{
  return check_stun_server (self->strings[PROP_STUN_SERVER], error);
}

static gboolean
check_ice (TlAccount  *self,
           GError    **error)
{
  if (self->numbers[PROP_ICE] && self->strings[PROP_STUN_SERVER] == NULL)
    return tl_account_invalid (error, "ICE needs a STUN server");
  return TRUE;
}

static gboolean
check_codec_order (TlAccount  *self,
                   GError    **error)
{
  if (self->strings[PROP_CODECS] == NULL)
    return tl_account_invalid (error, "The codec order is empty: name at least one of opus, pcmu and pcma");
  return check_codecs (self->strings[PROP_CODECS], error);
}

static gboolean
check_country_code (TlAccount  *self,
                    GError    **error)
{
  return check_digits (self->strings[PROP_COUNTRY_CODE], "country code", 3, "31 or 1", error);
}

static gboolean
check_national_prefix (TlAccount  *self,
                       GError    **error)
{
  char **s = self->strings;

  if (!check_digits (s[PROP_NATIONAL_PREFIX], "national prefix", 2, "0", error))
    return FALSE;
  if (s[PROP_NATIONAL_PREFIX] != NULL && s[PROP_COUNTRY_CODE] == NULL)
    return tl_account_invalid (error, "A national prefix needs a country code to turn numbers into E.164");
  return TRUE;
}

static gboolean
check_outside_line_prefix (TlAccount  *self,
                           GError    **error)
{
  char **s = self->strings;

  if (!check_digits (s[PROP_OUTSIDE_LINE_PREFIX], "outside-line prefix", 2, "9", error))
    return FALSE;
  if (s[PROP_OUTSIDE_LINE_PREFIX] != NULL && g_strcmp0 (s[PROP_OUTSIDE_LINE_PREFIX], s[PROP_NATIONAL_PREFIX]) == 0)
    return tl_account_invalid (error, "The outside-line prefix must differ from the national prefix");
  return TRUE;
}

static gboolean
check_display_name (TlAccount  *self,
                    GError    **error)
{
  return check_text (self->strings[PROP_DISPLAY_NAME], "display name", TRUE, error);
}

static gboolean
check_label (TlAccount  *self,
             GError    **error)
{
  return check_text (self->strings[PROP_LABEL], "label", FALSE, error);
}

/* SHA-256 as tl-tls-check writes it: 32 hex pairs joined by colons. */
static gboolean
check_pinned_certificate (TlAccount  *self,
                          GError    **error)
{
  const char *pin = self->strings[PROP_PINNED_CERTIFICATE];
  gboolean ok;

  if (pin == NULL)
    return TRUE;
  ok = strlen (pin) == 95;
  for (guint i = 0; ok && i < 95; i++)
    ok = (i % 3 == 2) ? pin[i] == ':' : g_ascii_isxdigit (pin[i]);
  if (!ok)
    return tl_account_invalid (error, "The pinned certificate must be a SHA-256 fingerprint (AB:CD:… , 32 pairs)");
  return TRUE;
}

static gboolean
check_voicemail (TlAccount  *self,
                 GError    **error)
{
  const char *voicemail = self->strings[PROP_VOICEMAIL];
  g_autofree char *text = NULL;

  if (voicemail == NULL || tl_account_is_sip_user (voicemail))
    return TRUE;
  text = shown (voicemail);
  g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
               "The voicemail number “%s” is not a number or SIP user", text);
  return FALSE;
}

/* "+882,+979,0900" or "none": digits with an optional leading "+", bounded in
 * count and length, so a list cannot grow into something no one can read. */
static gboolean
check_prefix_list (const char  *list,
                   const char  *what,
                   GError     **error)
{
  g_auto(GStrv) entries = NULL;
  guint count = 0;

  if (list == NULL || g_strcmp0 (list, "none") == 0)
    return TRUE;
  entries = g_strsplit (list, ",", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    {
      const char *entry = g_strstrip (entries[i]);
      const char *digits = entry[0] == '+' ? entry + 1 : entry;
      gsize n = strlen (digits);
      gboolean ok = n > 0 && n <= TL_ACCOUNT_MAX_PREFIX_DIGITS;

      for (gsize k = 0; ok && k < n; k++)
        ok = g_ascii_isdigit (digits[k]);
      if (!ok)
        {
          g_autofree char *text = shown (entry);

          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The %s entry “%s” is not a number prefix (digits, with “+” for international, "
                       "at most %d digits)", what, text, TL_ACCOUNT_MAX_PREFIX_DIGITS);
          return FALSE;
        }
      if (++count > TL_ACCOUNT_MAX_PREFIXES)
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The %s hold more than %d entries", what, TL_ACCOUNT_MAX_PREFIXES);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_blocked_prefixes (TlAccount  *self,
                        GError    **error)
{
  return check_prefix_list (self->strings[PROP_BLOCKED_PREFIXES], "blocked prefixes", error);
}

static gboolean
check_confirm_prefixes (TlAccount  *self,
                        GError    **error)
{
  return check_prefix_list (self->strings[PROP_CONFIRM_PREFIXES], "confirm-first prefixes", error);
}

typedef gboolean (*CheckFunc) (TlAccount *self, GError **error);

/* What each setting is checked by. A check may look at other settings (ICE needs
 * a STUN server); it runs when either changes, and is reported on its own key. */
static const struct {
  guint     prop;
  CheckFunc check;
} checks[] = {
  { PROP_USER, check_user },
  { PROP_AUTH_USER, check_auth_user },
  { PROP_DOMAIN, check_domain },
  { PROP_OUTBOUND_PROXY, check_outbound_proxy },
  { PROP_FALLBACK_PROXY, check_fallback_proxy },
  { PROP_CA_FILE, check_ca_file },
  { PROP_REGISTER_INTERVAL, check_register_interval },
  { PROP_STUN_SERVER, check_stun },
  { PROP_ICE, check_ice },
  { PROP_CODECS, check_codec_order },
  { PROP_COUNTRY_CODE, check_country_code },
  { PROP_NATIONAL_PREFIX, check_national_prefix },
  { PROP_OUTSIDE_LINE_PREFIX, check_outside_line_prefix },
  { PROP_DISPLAY_NAME, check_display_name },
  { PROP_LABEL, check_label },
  { PROP_PINNED_CERTIFICATE, check_pinned_certificate },
  { PROP_VOICEMAIL, check_voicemail },
  { PROP_BLOCKED_PREFIXES, check_blocked_prefixes },
  { PROP_CONFIRM_PREFIXES, check_confirm_prefixes },
};

/* The longest text each setting may hold (in characters): longer values are
 * refused before they are stored, and stored ones are checked again on load. */
guint
tl_account_max_length (guint prop)
{
  switch (prop)
    {
    case PROP_CA_FILE:
      return 4096;
    case PROP_OUTBOUND_PROXY:
    case PROP_FALLBACK_PROXY:
    case PROP_STUN_SERVER:
      return 512;
    case PROP_DOMAIN:
      return 261;   /* a 253-character name and ":65535" */
    case PROP_PINNED_CERTIFICATE:
      return 95;
    case PROP_BLOCKED_PREFIXES:
    case PROP_CONFIRM_PREFIXES:
      return 1088;   /* 64 entries of a "+", 15 digits and a comma */
    case PROP_COUNTRY_CODE:
    case PROP_NATIONAL_PREFIX:
    case PROP_OUTSIDE_LINE_PREFIX:
    case PROP_CODECS:
      return 32;
    default:
      return 128;   /* user names, labels, display names, numbers */
    }
}

gboolean
tl_account_check_length (guint        prop,
                         const char  *value,
                         GError     **error)
{
  guint max = tl_account_max_length (prop);

  if (value == NULL || g_utf8_strlen (value, (gssize) max * 4 + 4) <= (glong) max)
    return TRUE;
  g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
               "The %s is too long: at most %u characters", g_param_spec_get_nick (tl_account_properties [prop]),
               max);
  return FALSE;
}

static gboolean
check_prop (TlAccount  *self,
            guint       prop,
            GError    **error)
{
  if (G_IS_PARAM_SPEC_STRING (tl_account_properties [prop])
      && !tl_account_check_length (prop, self->strings[prop], error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (checks[i].prop == prop && !checks[i].check (self, error))
      return FALSE;
  return TRUE;
}

gboolean
tl_account_validate_full (TlAccount   *self,
                          const char **failed_key,
                          GError     **error)
{
  g_return_val_if_fail (TL_IS_ACCOUNT (self), FALSE);

  for (guint prop = PROP_ID + 1; prop < N_PROPS; prop++)
    if (!check_prop (self, prop, error))
      {
        if (failed_key != NULL)
          *failed_key = g_param_spec_get_name (tl_account_properties [prop]);
        return FALSE;
      }
  return TRUE;
}

gboolean
tl_account_validate (TlAccount  *self,
                     GError    **error)
{
  return tl_account_validate_full (self, NULL, error);
}

gboolean
tl_account_check_setting (TlAccount   *self,
                          const char  *key,
                          GError     **error)
{
  GParamSpec *pspec;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), FALSE);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), key);
  if (pspec == NULL || pspec == tl_account_properties [PROP_ID])
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNKNOWN_KEY, "There is no account setting “%s”", key);
      return FALSE;
    }
  return check_prop (self, pspec->param_id, error);
}
