/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the engine needs to know about one SIP account, and its checked "uanew" line. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-account.h"

#include <string.h>

#include "tl-engine.h"
#include "tl-engine-channel.h"

G_DEFINE_BOXED_TYPE (TlEngineAccount, tl_engine_account,
                     tl_engine_account_copy, tl_engine_account_free)

TlEngineAccount *
tl_engine_account_new (void)
{
  return g_new0 (TlEngineAccount, 1);
}

TlEngineAccount *
tl_engine_account_copy (const TlEngineAccount *self)
{
  TlEngineAccount *copy = g_new0 (TlEngineAccount, 1);

  *copy = *self;
  copy->display_name = g_strdup (self->display_name);
  copy->user = g_strdup (self->user);
  copy->domain = g_strdup (self->domain);
  copy->transport = g_strdup (self->transport);
  copy->auth_user = g_strdup (self->auth_user);
  copy->password = g_strdup (self->password);
  copy->outbound = g_strdup (self->outbound);
  copy->media_encryption = g_strdup (self->media_encryption);
  copy->media_nat = g_strdup (self->media_nat);
  copy->stun_server = g_strdup (self->stun_server);
  copy->audio_codecs = g_strdup (self->audio_codecs);
  copy->answer_mode = g_strdup (self->answer_mode);
  copy->ca_file = g_strdup (self->ca_file);
  copy->trusted_certificate = g_strdup (self->trusted_certificate);
  return copy;
}

void
tl_engine_account_free (TlEngineAccount *self)
{
  if (self == NULL)
    return;
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->display_name);
  g_free (self->user);
  g_free (self->domain);
  g_free (self->transport);
  g_free (self->auth_user);
  g_free (self->outbound);
  g_free (self->media_encryption);
  g_free (self->media_nat);
  g_free (self->stun_server);
  g_free (self->audio_codecs);
  g_free (self->answer_mode);
  g_free (self->ca_file);
  g_free (self->trusted_certificate);
  g_free (self);
}

char *
tl_engine_account_get_aor (const TlEngineAccount *self)
{
  return g_strdup_printf ("sip:%s@%s", self->user, self->domain);
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/* RFC 3261 user part, unescaped: unreserved and user-unreserved characters. */
static gboolean
is_sip_user (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum (*s) && strchr ("-_.!~*'()&=+$,?/", *s) == NULL)
      return FALSE;
  return TRUE;
}

/* host, host:port, [v6] or [v6]:port */
static gboolean
is_host_port (const char *s)
{
  g_autofree char *uri = NULL;
  g_autoptr(GUri) parsed = NULL;

  if (s == NULL || *s == '\0')
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-.:[]", *p) == NULL)
      return FALSE;
  uri = g_strdup_printf ("sip://%s", s);
  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  return parsed != NULL && g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0';
}

static gboolean
host_is_loopback (const char *host_port)
{
  g_autofree char *uri = g_strdup_printf ("sip://%s", host_port);
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (parsed == NULL || (host = g_uri_get_host (parsed)) == NULL)
    return FALSE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
tl_engine_account_is_loopback (const TlEngineAccount *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->domain == NULL || !host_is_loopback (self->domain))
    return FALSE;
  if (self->outbound != NULL)
    {
      /* "sip:host[:port][;params]" */
      const char *rest = self->outbound + (g_str_has_prefix (self->outbound, "sips:") ? 5 : 4);
      g_autofree char *host_port = g_strndup (rest, strcspn (rest, ";?"));
      const char *at = strrchr (host_port, '@');

      return host_is_loopback (at != NULL ? at + 1 : host_port);
    }
  return TRUE;
}

static gboolean
is_sip_uri (const char *s)
{
  if (s == NULL)
    return FALSE;
  if (!g_str_has_prefix (s, "sip:") && !g_str_has_prefix (s, "sips:"))
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
      return FALSE;
  return TRUE;
}

gboolean
tl_engine_account_check_password (const char  *password,
                                  GError     **error)
{
  if (password == NULL)
    return TRUE;
  if (*password == '\0')
    return invalid (error, "The password is empty");
  if (!g_utf8_validate (password, -1, NULL))
    return invalid (error, "The password is not valid text");
  /* The engine's account-parameter parser ends a value at whitespace or ';'
   * and does not unescape quotes or backslashes: such passwords would be cut. */
  for (const char *p = password; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c == 0x7f)
        return invalid (error, "The password contains a control character, which the engine cannot carry");
      if (c == ' ' || c == '\t')
        return invalid (error, "The password contains a space, which the engine cannot carry; "
                               "ask your provider for a password without spaces");
      if (c == ';' || c == '"' || c == '\\')
        {
          g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                       "The password contains “%c”, which the engine cannot carry; "
                       "ask your provider for a password without it", c);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_plain_value (const char  *value,
                   const char  *what,
                   GError     **error)
{
  if (value == NULL)
    return TRUE;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f || *p == ';' || *p == '"' || *p == '\\'
        || *p == '<' || *p == '>')
      {
        g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT,
                     "The %s “%s” contains a character the engine cannot carry", what, value);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_display_name (const char  *name,
                    GError     **error)
{
  if (name == NULL)
    return TRUE;
  if (!g_utf8_validate (name, -1, NULL))
    return invalid (error, "The display name is not valid text");
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
      return invalid (error, "The display name may not contain quotes, backslashes or control characters");
  return TRUE;
}

static gboolean
validate (const TlEngineAccount *self,
          GError               **error)
{
  if (!is_sip_user (self->user))
    return invalid (error, self->user == NULL || *self->user == '\0'
                           ? "The user name is empty"
                           : "The user name contains characters not allowed in a SIP user");
  if (!is_host_port (self->domain))
    return invalid (error, "The domain is not a host name or address (optionally with :port)");
  if (self->auth_user != NULL && !is_sip_user (self->auth_user))
    return invalid (error, "The authentication user contains characters the engine cannot carry");
  if (self->transport != NULL && g_strcmp0 (self->transport, "udp") != 0
      && g_strcmp0 (self->transport, "tcp") != 0 && g_strcmp0 (self->transport, "tls") != 0)
    return invalid (error, "The transport must be udp, tcp or tls");
  if (self->outbound != NULL && !is_sip_uri (self->outbound))
    return invalid (error, "The outbound proxy must be a SIP URI such as sip:proxy.example.net");
  if (self->register_interval > 0 && self->password == NULL)
    return invalid (error, "A registering account needs a password");
  if (self->register_interval > 0 && self->register_interval < 60)
    return invalid (error, "The register interval must be at least 60 seconds");
  return check_display_name (self->display_name, error)
         && tl_engine_account_check_password (self->password, error)
         && check_plain_value (self->media_encryption, "media encryption", error)
         && check_plain_value (self->media_nat, "media NAT mode", error)
         && check_plain_value (self->stun_server, "STUN server", error)
         && check_plain_value (self->audio_codecs, "codec list", error)
         && check_plain_value (self->answer_mode, "answer mode", error);
}

char *
tl_engine_account_build_line (const TlEngineAccount *self,
                              const TlEngineDialect *dialect,
                              GError               **error)
{
  g_autoptr(GString) line = NULL;
  const char *transport;

  g_return_val_if_fail (self != NULL, NULL);

  if (!validate (self, error))
    return NULL;

  transport = self->transport != NULL ? self->transport : "udp";
  line = g_string_new (NULL);
  if (self->display_name != NULL && *self->display_name != '\0')
    g_string_append_printf (line, "\"%s\" ", self->display_name);
  g_string_append_printf (line, "<sip:%s@%s;transport=%s>", self->user, self->domain, transport);
  /* The password goes early: if anything were ever cut, it must not be half of it. */
  if (self->password != NULL)
    g_string_append_printf (line, ";auth_pass=%s", self->password);
  if (self->auth_user != NULL)
    g_string_append_printf (line, ";auth_user=%s", self->auth_user);
  if (self->outbound != NULL)
    {
      g_autofree char *outbound = NULL;

      if (strstr (self->outbound, "transport=") == NULL && g_strcmp0 (transport, "udp") != 0)
        outbound = g_strdup_printf ("%s;transport=%s", self->outbound, transport);
      else
        outbound = g_strdup (self->outbound);
      g_string_append_printf (line, ";outbound=\"%s%s\"", outbound,
                              strstr (outbound, ";lr") == NULL ? ";lr" : "");
    }
  g_string_append_printf (line, ";regint=%u", self->register_interval);
  if (self->sip_outbound)
    g_string_append (line, ";sipnat=outbound");
  if (self->media_encryption != NULL)
    g_string_append_printf (line, ";mediaenc=%s", self->media_encryption);
  if (self->media_nat != NULL)
    g_string_append_printf (line, ";medianat=%s", self->media_nat);
  if (self->stun_server != NULL)
    g_string_append_printf (line, ";stunserver=%s", self->stun_server);
  if (self->audio_codecs != NULL)
    g_string_append_printf (line, ";audio_codecs=%s", self->audio_codecs);
  g_string_append_printf (line, ";answermode=%s",
                          self->answer_mode != NULL ? self->answer_mode : "manual");
  if (self->catchall && dialect != NULL && dialect->has_catchall)
    g_string_append (line, ";catchall=yes");
  /* With mwi loaded the engine subscribes after each successful REGISTER, and
   * 1.0.0 does so for every account that does not say no. */
  g_string_append (line, self->message_summary && self->register_interval > 0 ? ";mwi=yes" : ";mwi=no");
  /* A registering account takes requests from its registrar only; one that
   * never registers has no registrar to compare with, so every request would
   * be refused. */
  if (dialect != NULL && dialect->has_check_origin)
    g_string_append (line, self->register_interval > 0 ? ";check_origin=yes" : ";check_origin=no");

  if (line->len + strlen ("uanew ") > TL_ENGINE_MAX_COMMAND_LINE)
    {
      /* The engine would silently truncate: refuse instead. */
      memset (line->str, 0, line->len);
      return invalid (error, "The account settings are longer than the engine accepts "
                             "(1000 bytes); shorten the proxy, codec or display name"), NULL;
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}
