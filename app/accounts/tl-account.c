/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One SIP trunk account: its settings as notifying properties, their checks, its dial plan and its engine form. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-account.h"

#include <stdlib.h>
#include <string.h>

#include "tl-phone-number.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_DISPLAY_NAME,
  PROP_USER,
  PROP_AUTH_USER,
  PROP_DOMAIN,
  PROP_OUTBOUND_PROXY,
  PROP_FALLBACK_PROXY,
  PROP_TRANSPORT,
  PROP_CA_FILE,
  PROP_REGISTER_INTERVAL,
  PROP_MODE,
  PROP_STUN_SERVER,
  PROP_ICE,
  PROP_SIP_OUTBOUND,
  PROP_SRTP,
  PROP_DTMF_MODE,
  PROP_CODECS,
  PROP_COUNTRY_CODE,
  PROP_NATIONAL_PREFIX,
  PROP_OUTSIDE_LINE_PREFIX,
  PROP_CATCHALL,
  PROP_DO_NOT_DISTURB,
  PROP_AUTO_ANSWER,
  PROP_ENABLED,
  PROP_DEFAULT,
  N_PROPS
};

struct _TlAccount
{
  GObject parent_instance;

  /* Indexed by property id: string settings in @strings, the others in @numbers.
   * One slot per property keeps copy, assign and the text forms generic. */
  char  *strings[N_PROPS];
  guint  numbers[N_PROPS];
};

G_DEFINE_FINAL_TYPE (TlAccount, tl_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-account-error-quark, tl_account_error)

static GParamSpec *properties [N_PROPS];

static const char * const codec_names[] = { "opus", "pcmu", "pcma", NULL };
/* The engine reads a bare name as name/8000/1 and matches rate and channels
 * exactly. Its Opus is mono (opus/48000/1) because calls run mono
 * (opus_stereo no in tl-engine-config.c); "opus/48000/2" would match nothing and
 * the engine would silently fall back to every codec. */
static const char * const codec_engine_names[] = { "opus/48000/1", "pcmu", "pcma", NULL };

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID, message);
  return FALSE;
}

/* ---- storage ---------------------------------------------------------- */

static void
set_string (TlAccount  *self,
            guint       prop_id,
            const char *value)
{
  /* Optional settings: empty means unset. The codec order falls back to its default. */
  if (value != NULL && *value == '\0')
    value = NULL;
  if (value == NULL && prop_id == PROP_CODECS)
    value = TL_ACCOUNT_DEFAULT_CODECS;
  if (g_strcmp0 (self->strings[prop_id], value) == 0)
    return;
  g_free (self->strings[prop_id]);
  self->strings[prop_id] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);
}

static void
set_number (TlAccount *self,
            guint      prop_id,
            guint      value)
{
  if (self->numbers[prop_id] == value)
    return;
  self->numbers[prop_id] = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);
}

static void
tl_account_finalize (GObject *object)
{
  TlAccount *self = TL_ACCOUNT (object);

  for (guint i = 0; i < N_PROPS; i++)
    g_free (self->strings[i]);
  G_OBJECT_CLASS (tl_account_parent_class)->finalize (object);
}

static void
tl_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TlAccount *self = TL_ACCOUNT (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (G_IS_PARAM_SPEC_STRING (pspec))
    g_value_set_string (value, self->strings[prop_id]);
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    g_value_set_boolean (value, self->numbers[prop_id] != 0);
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    g_value_set_uint (value, self->numbers[prop_id]);
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    g_value_set_enum (value, (int) self->numbers[prop_id]);
}

static void
tl_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TlAccount *self = TL_ACCOUNT (object);

  if (prop_id == 0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (prop_id == PROP_ID)
    {
      /* Construct-only: no notification. */
      g_free (self->strings[PROP_ID]);
      self->strings[PROP_ID] = g_value_dup_string (value);
    }
  else if (G_IS_PARAM_SPEC_STRING (pspec))
    set_string (self, prop_id, g_value_get_string (value));
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    set_number (self, prop_id, g_value_get_boolean (value) ? 1 : 0);
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    set_number (self, prop_id, g_value_get_uint (value));
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    set_number (self, prop_id, (guint) g_value_get_enum (value));
}

static void
tl_account_constructed (GObject *object)
{
  TlAccount *self = TL_ACCOUNT (object);

  G_OBJECT_CLASS (tl_account_parent_class)->constructed (object);
  if (self->strings[PROP_ID] == NULL || *self->strings[PROP_ID] == '\0')
    {
      g_free (self->strings[PROP_ID]);
      self->strings[PROP_ID] = tl_account_generate_id ();
    }
}

#define STRING_PROP(id, name, nick) \
  properties [id] = g_param_spec_string (name, nick, NULL, NULL, \
                                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define BOOLEAN_PROP(id, name, nick, def) \
  properties [id] = g_param_spec_boolean (name, nick, NULL, def, \
                                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define ENUM_PROP(id, name, nick, type, def) \
  properties [id] = g_param_spec_enum (name, nick, NULL, type, def, \
                                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

/* The nicks are the settings' names in messages ("The outbound proxy …"). */
static void
tl_account_class_init (TlAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_account_finalize;
  object_class->get_property = tl_account_get_property;
  object_class->set_property = tl_account_set_property;
  object_class->constructed = tl_account_constructed;

  properties [PROP_ID] =
    g_param_spec_string ("id", "id", NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  STRING_PROP (PROP_LABEL, "label", "label");
  STRING_PROP (PROP_DISPLAY_NAME, "display-name", "display name");
  STRING_PROP (PROP_USER, "user", "user");
  STRING_PROP (PROP_AUTH_USER, "auth-user", "authentication user");
  STRING_PROP (PROP_DOMAIN, "domain", "domain");
  STRING_PROP (PROP_OUTBOUND_PROXY, "outbound-proxy", "outbound proxy");
  STRING_PROP (PROP_FALLBACK_PROXY, "fallback-proxy", "fallback proxy");
  ENUM_PROP (PROP_TRANSPORT, "transport", "transport",
             TL_TYPE_ACCOUNT_TRANSPORT, TL_ACCOUNT_TRANSPORT_UDP);
  STRING_PROP (PROP_CA_FILE, "ca-file", "CA file");
  properties [PROP_REGISTER_INTERVAL] =
    g_param_spec_uint ("register-interval", "register interval", NULL,
                       0, G_MAXUINT, TL_ACCOUNT_DEFAULT_REGISTER_INTERVAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  ENUM_PROP (PROP_MODE, "mode", "mode", TL_TYPE_ACCOUNT_MODE, TL_ACCOUNT_MODE_REGISTER);
  STRING_PROP (PROP_STUN_SERVER, "stun-server", "STUN server");
  BOOLEAN_PROP (PROP_ICE, "ice", "ICE", FALSE);
  /* RFC 5626 flows with keepalives, for registrars that support them (NAT). */
  BOOLEAN_PROP (PROP_SIP_OUTBOUND, "sip-outbound", "SIP outbound keepalives", FALSE);
  ENUM_PROP (PROP_SRTP, "srtp", "SRTP policy", TL_TYPE_ACCOUNT_SRTP, TL_ACCOUNT_SRTP_OFF);
  ENUM_PROP (PROP_DTMF_MODE, "dtmf-mode", "DTMF mode",
             TL_TYPE_ACCOUNT_DTMF_MODE, TL_ACCOUNT_DTMF_RFC4733);
  STRING_PROP (PROP_CODECS, "codecs", "codec order");
  STRING_PROP (PROP_COUNTRY_CODE, "country-code", "country code");
  STRING_PROP (PROP_NATIONAL_PREFIX, "national-prefix", "national prefix");
  STRING_PROP (PROP_OUTSIDE_LINE_PREFIX, "outside-line-prefix", "outside-line prefix");
  BOOLEAN_PROP (PROP_CATCHALL, "catchall", "accept calls to any number", FALSE);
  /* Do not disturb turns calls away (the caller hears busy), it does not just
   * silence them; auto-answer picks them up. */
  BOOLEAN_PROP (PROP_DO_NOT_DISTURB, "do-not-disturb", "do not disturb", FALSE);
  BOOLEAN_PROP (PROP_AUTO_ANSWER, "auto-answer", "answer calls automatically", FALSE);
  BOOLEAN_PROP (PROP_ENABLED, "enabled", "enabled", TRUE);
  BOOLEAN_PROP (PROP_DEFAULT, "default", "default account", FALSE);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_account_init (TlAccount *self)
{
  self->strings[PROP_CODECS] = g_strdup (TL_ACCOUNT_DEFAULT_CODECS);
  self->numbers[PROP_REGISTER_INTERVAL] = TL_ACCOUNT_DEFAULT_REGISTER_INTERVAL;
  self->numbers[PROP_ENABLED] = TRUE;
}

/* ---- construction ----------------------------------------------------- */

char *
tl_account_generate_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  /* The first 8 hex digits of a random UUID: short enough to type in the CLI. */
  return g_strndup (uuid, 8);
}

TlAccount *
tl_account_new (void)
{
  return g_object_new (TL_TYPE_ACCOUNT, NULL);
}

TlAccount *
tl_account_new_with_id (const char *id)
{
  return g_object_new (TL_TYPE_ACCOUNT, "id", id, NULL);
}

void
tl_account_assign (TlAccount *self,
                   TlAccount *from)
{
  g_return_if_fail (TL_IS_ACCOUNT (self));
  g_return_if_fail (TL_IS_ACCOUNT (from));

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_ID + 1; i < N_PROPS; i++)
    {
      if (G_IS_PARAM_SPEC_STRING (properties [i]))
        set_string (self, i, from->strings[i]);
      else
        set_number (self, i, from->numbers[i]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

TlAccount *
tl_account_copy (TlAccount *self)
{
  TlAccount *copy;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  copy = tl_account_new_with_id (self->strings[PROP_ID]);
  tl_account_assign (copy, self);
  return copy;
}

/* ---- accessors -------------------------------------------------------- */

#define STRING_ACCESSORS(name, PROP) \
  const char * \
  tl_account_get_##name (TlAccount *self) \
  { \
    g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL); \
    return self->strings[PROP]; \
  } \
  void \
  tl_account_set_##name (TlAccount  *self, \
                         const char *value) \
  { \
    g_return_if_fail (TL_IS_ACCOUNT (self)); \
    set_string (self, PROP, value); \
  }

#define NUMBER_ACCESSORS(name, PROP, type) \
  type \
  tl_account_get_##name (TlAccount *self) \
  { \
    g_return_val_if_fail (TL_IS_ACCOUNT (self), (type) 0); \
    return (type) self->numbers[PROP]; \
  } \
  void \
  tl_account_set_##name (TlAccount *self, \
                         type       value) \
  { \
    g_return_if_fail (TL_IS_ACCOUNT (self)); \
    set_number (self, PROP, (guint) value); \
  }

const char *
tl_account_get_id (TlAccount *self)
{
  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);
  return self->strings[PROP_ID];
}

STRING_ACCESSORS (label, PROP_LABEL)
STRING_ACCESSORS (display_name, PROP_DISPLAY_NAME)
STRING_ACCESSORS (user, PROP_USER)
STRING_ACCESSORS (auth_user, PROP_AUTH_USER)
STRING_ACCESSORS (domain, PROP_DOMAIN)
STRING_ACCESSORS (outbound_proxy, PROP_OUTBOUND_PROXY)
STRING_ACCESSORS (fallback_proxy, PROP_FALLBACK_PROXY)
STRING_ACCESSORS (ca_file, PROP_CA_FILE)
STRING_ACCESSORS (stun_server, PROP_STUN_SERVER)
STRING_ACCESSORS (codecs, PROP_CODECS)
STRING_ACCESSORS (country_code, PROP_COUNTRY_CODE)
STRING_ACCESSORS (national_prefix, PROP_NATIONAL_PREFIX)
STRING_ACCESSORS (outside_line_prefix, PROP_OUTSIDE_LINE_PREFIX)
NUMBER_ACCESSORS (transport, PROP_TRANSPORT, TlAccountTransport)
NUMBER_ACCESSORS (register_interval, PROP_REGISTER_INTERVAL, guint)
NUMBER_ACCESSORS (mode, PROP_MODE, TlAccountMode)
NUMBER_ACCESSORS (ice, PROP_ICE, gboolean)
NUMBER_ACCESSORS (sip_outbound, PROP_SIP_OUTBOUND, gboolean)
NUMBER_ACCESSORS (srtp, PROP_SRTP, TlAccountSrtp)
NUMBER_ACCESSORS (dtmf_mode, PROP_DTMF_MODE, TlAccountDtmfMode)
NUMBER_ACCESSORS (catchall, PROP_CATCHALL, gboolean)
NUMBER_ACCESSORS (do_not_disturb, PROP_DO_NOT_DISTURB, gboolean)
NUMBER_ACCESSORS (auto_answer, PROP_AUTO_ANSWER, gboolean)
NUMBER_ACCESSORS (enabled, PROP_ENABLED, gboolean)
NUMBER_ACCESSORS (default, PROP_DEFAULT, gboolean)

char *
tl_account_dup_title (TlAccount *self)
{
  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  if (self->strings[PROP_LABEL] != NULL)
    return g_strdup (self->strings[PROP_LABEL]);
  return g_strdup_printf ("%s@%s",
                          self->strings[PROP_USER] != NULL ? self->strings[PROP_USER] : "",
                          self->strings[PROP_DOMAIN] != NULL ? self->strings[PROP_DOMAIN] : "");
}

/* ---- settings as text ------------------------------------------------- */

const char * const *
tl_account_list_keys (void)
{
  /* Every property but "id", in declaration order. */
  static const char *keys[N_PROPS - 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* Held while the names are read: the class owns the param specs. */
      g_autoptr(GTypeClass) klass G_GNUC_UNUSED = g_type_class_ref (TL_TYPE_ACCOUNT);

      for (guint i = PROP_ID + 1; i < N_PROPS; i++)
        keys[i - PROP_ID - 1] = g_param_spec_get_name (properties [i]);
      keys[N_PROPS - 2] = NULL;
      g_once_init_leave (&initialized, 1);
    }
  return keys;
}

static GParamSpec *
find_setting (const char  *key,
              GError     **error)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (TL_TYPE_ACCOUNT);
  GParamSpec *pspec = key != NULL ? g_object_class_find_property (G_OBJECT_CLASS (klass), key) : NULL;

  if (pspec == NULL || pspec == properties [PROP_ID])
    {
      g_autofree char *known = g_strjoinv (", ", (char **) tl_account_list_keys ());

      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNKNOWN_KEY,
                   "There is no account setting “%s”; the settings are: %s",
                   key != NULL ? key : "", known);
      return NULL;
    }
  return pspec;
}

static gboolean
parse_boolean (const char *text,
               gboolean   *out)
{
  static const char * const yes[] = { "true", "yes", "on", "1", NULL };
  static const char * const no[] = { "false", "no", "off", "0", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *out = TRUE;
        return TRUE;
      }
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *out = FALSE;
        return TRUE;
      }
  return FALSE;
}

static char *
enum_nicks (GType enum_type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == klass->n_values ? " or " : ", ");
      g_string_append (text, klass->values[i].value_nick);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
tl_account_set_from_string (TlAccount   *self,
                            const char  *key,
                            const char  *value,
                            GError     **error)
{
  GParamSpec *pspec;
  guint prop_id;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), FALSE);

  pspec = find_setting (key, error);
  if (pspec == NULL)
    return FALSE;
  prop_id = pspec->param_id;
  if (value == NULL)
    value = "";
  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, "The value is not valid text");

  if (G_IS_PARAM_SPEC_STRING (pspec))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (value));

      set_string (self, prop_id, stripped);
    }
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      gboolean flag = FALSE;

      if (!parse_boolean (value, &flag))
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The %s setting takes true or false, not “%s”", g_param_spec_get_nick (pspec), value);
          return FALSE;
        }
      set_number (self, prop_id, flag);
    }
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      guint64 number = 0;

      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &number, NULL))
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The %s must be a whole number, not “%s”", g_param_spec_get_nick (pspec), value);
          return FALSE;
        }
      set_number (self, prop_id, (guint) number);
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);
      g_autofree char *lower = g_ascii_strdown (value, -1);
      GEnumValue *found = g_enum_get_value_by_nick (klass, g_strstrip (lower));

      if (found == NULL)
        {
          g_autofree char *nicks = enum_nicks (pspec->value_type);

          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "Unknown %s “%s”: use %s", g_param_spec_get_nick (pspec), value, nicks);
          return FALSE;
        }
      set_number (self, prop_id, (guint) found->value);
    }
  return TRUE;
}

char *
tl_account_dup_as_string (TlAccount   *self,
                          const char  *key,
                          GError     **error)
{
  GParamSpec *pspec;
  guint prop_id;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  if (g_strcmp0 (key, "id") == 0)
    return g_strdup (self->strings[PROP_ID]);
  pspec = find_setting (key, error);
  if (pspec == NULL)
    return NULL;
  prop_id = pspec->param_id;
  if (G_IS_PARAM_SPEC_STRING (pspec))
    return g_strdup (self->strings[prop_id]);
  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    return g_strdup (self->numbers[prop_id] ? "true" : "false");
  if (G_IS_PARAM_SPEC_UINT (pspec))
    return g_strdup_printf ("%u", self->numbers[prop_id]);
  return g_strdup (tl_account_enum_to_string (pspec->value_type, (int) self->numbers[prop_id]));
}

/* ---- validation ------------------------------------------------------- */

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

static gboolean
bad_host (GError    **error,
          const char *what,
          const char *text)
{
  g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
               "The %s “%s” is not a host name or address (such as sip.example.net or sip.example.net:5060)",
               what, text);
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

static gboolean
has_unsafe_characters (const char *s)
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
  if (has_unsafe_characters (uri))
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

      for (guint c = 0; codec_names[c] != NULL; c++)
        if (g_ascii_strcasecmp (name, codec_names[c]) == 0)
          {
            if (seen & (1u << c))
              {
                g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                             "The codec order names %s twice", codec_names[c]);
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
    return invalid (error, "The codec order is empty: name at least one of opus, pcmu and pcma");
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
  return invalid (error, engine_error->message);
}

gboolean
tl_account_validate (TlAccount  *self,
                     GError    **error)
{
  char **s;
  guint interval;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), FALSE);

  s = self->strings;
  if (s[PROP_USER] == NULL)
    return invalid (error, "The user is empty: enter the SIP user name or number your provider gave you");
  if (!is_sip_user (s[PROP_USER]))
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The user “%s” contains characters not allowed in a SIP user name", s[PROP_USER]);
      return FALSE;
    }
  if (s[PROP_AUTH_USER] != NULL && !is_sip_user (s[PROP_AUTH_USER]))
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The authentication user “%s” contains characters the engine cannot carry",
                   s[PROP_AUTH_USER]);
      return FALSE;
    }
  if (s[PROP_DOMAIN] == NULL)
    return invalid (error, "The domain is empty: enter your provider's SIP domain or registrar");
  if (!check_host_port (s[PROP_DOMAIN], "domain", error))
    return FALSE;
  if (s[PROP_OUTBOUND_PROXY] != NULL
      && !check_proxy (s[PROP_OUTBOUND_PROXY], "outbound proxy", error))
    return FALSE;
  if (s[PROP_FALLBACK_PROXY] != NULL)
    {
      if (!check_proxy (s[PROP_FALLBACK_PROXY], "fallback proxy", error))
        return FALSE;
      if (s[PROP_OUTBOUND_PROXY] == NULL)
        return invalid (error, "A fallback proxy needs an outbound proxy to fall back from");
    }
  if (s[PROP_CA_FILE] != NULL)
    {
      if (!g_path_is_absolute (s[PROP_CA_FILE]))
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The CA file “%s” must be given as a full path", s[PROP_CA_FILE]);
          return FALSE;
        }
      if (!g_file_test (s[PROP_CA_FILE], G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                       "The CA file “%s” does not exist", s[PROP_CA_FILE]);
          return FALSE;
        }
    }
  interval = self->numbers[PROP_REGISTER_INTERVAL];
  if (self->numbers[PROP_MODE] == TL_ACCOUNT_MODE_REGISTER && (interval < 60 || interval > 86400))
    {
      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                   "The register interval %u is out of range: use 60 to 86400 seconds", interval);
      return FALSE;
    }
  if (!check_stun_server (s[PROP_STUN_SERVER], error))
    return FALSE;
  if (self->numbers[PROP_ICE] && s[PROP_STUN_SERVER] == NULL)
    return invalid (error, "ICE needs a STUN server");
  if (!check_codecs (s[PROP_CODECS], error)
      || !check_digits (s[PROP_COUNTRY_CODE], "country code", 3, "31 or 1", error)
      || !check_digits (s[PROP_NATIONAL_PREFIX], "national prefix", 2, "0", error)
      || !check_digits (s[PROP_OUTSIDE_LINE_PREFIX], "outside-line prefix", 2, "9", error))
    return FALSE;
  if (s[PROP_NATIONAL_PREFIX] != NULL && s[PROP_COUNTRY_CODE] == NULL)
    return invalid (error, "A national prefix needs a country code to turn numbers into E.164");
  if (s[PROP_OUTSIDE_LINE_PREFIX] != NULL
      && g_strcmp0 (s[PROP_OUTSIDE_LINE_PREFIX], s[PROP_NATIONAL_PREFIX]) == 0)
    return invalid (error, "The outside-line prefix must differ from the national prefix");
  return check_text (s[PROP_DISPLAY_NAME], "display name", TRUE, error)
         && check_text (s[PROP_LABEL], "label", FALSE, error)
         && check_text (s[PROP_CA_FILE], "CA file", FALSE, error);
}

/* ---- engine capabilities ---------------------------------------------- */

gboolean
tl_account_catchall_available (const TlEngineDialect *dialect)
{
  return dialect != NULL && dialect->has_catchall;
}

gboolean
tl_account_dtmf_mode_available (TlAccountDtmfMode      mode,
                                const TlEngineDialect *dialect)
{
  if (mode == TL_ACCOUNT_DTMF_RFC4733)
    return TRUE;
  /* SIP INFO (dtmfmode=info) is a 4.x account parameter. */
  return dialect != NULL && dialect->major >= 4;
}

static char *
engine_name (const TlEngineDialect *dialect)
{
  if (dialect == NULL)
    return g_strdup ("this engine");
  return g_strdup_printf ("engine %u.%u.%u", dialect->major, dialect->minor, dialect->micro);
}

char *
tl_account_dup_inbound_note (TlAccount             *self,
                             const TlEngineDialect *dialect)
{
  g_autofree char *engine = NULL;
  const char *user;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  if (tl_account_catchall_available (dialect) && self->numbers[PROP_CATCHALL])
    return NULL;
  engine = engine_name (dialect);
  user = self->strings[PROP_USER] != NULL ? self->strings[PROP_USER] : "";
  if (self->numbers[PROP_CATCHALL])
    return g_strdup_printf ("Accepting calls to any number on the trunk needs engine 4.x; "
                            "%s accepts only calls sent to “%s”.", engine, user);
  if (self->numbers[PROP_MODE] == TL_ACCOUNT_MODE_IP_AUTH)
    return g_strdup_printf ("An IP-authenticated trunk never registers, so %s accepts only "
                            "calls sent to “%s”: set the user to the number your provider "
                            "sends calls to%s.", engine, user,
                            tl_account_catchall_available (dialect)
                            ? ", or turn on accepting calls to any number" : "");
  return NULL;
}

/* ---- dial plan -------------------------------------------------------- */

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
    return is_sip_user (text) ? g_steal_pointer (&text) : NULL;

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
    return has_unsafe_characters (text) ? NULL : g_steal_pointer (&text);
  if (strchr (text, '@') != NULL)
    return has_unsafe_characters (text) ? NULL : g_strconcat ("sip:", text, NULL);

  number = tl_account_normalise_number (self, text);
  if (number == NULL || *number == '\0')
    return NULL;
  return g_strdup_printf ("sip:%s@%s", number, self->strings[PROP_DOMAIN]);
}

/* ---- engine form ------------------------------------------------------ */

static char *
engine_codecs (const char *codecs)
{
  g_auto(GStrv) parts = g_strsplit (codecs, ",", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    for (guint c = 0; codec_names[c] != NULL; c++)
      if (g_ascii_strcasecmp (g_strstrip (parts[i]), codec_names[c]) == 0)
        g_ptr_array_add (names, (gpointer) codec_engine_names[c]);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

TlEngineAccount *
tl_account_to_engine_account (TlAccount             *self,
                              const char            *password,
                              const TlEngineDialect *dialect,
                              GError               **error)
{
  g_autoptr(TlEngineAccount) engine = NULL;
  char **s;
  gboolean ip_auth;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  if (!tl_account_validate (self, error))
    return NULL;
  s = self->strings;
  ip_auth = self->numbers[PROP_MODE] == TL_ACCOUNT_MODE_IP_AUTH;
  if (!tl_account_dtmf_mode_available (self->numbers[PROP_DTMF_MODE], dialect))
    {
      g_autofree char *name = engine_name (dialect);

      g_set_error (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNSUPPORTED,
                   "DTMF by SIP INFO needs engine 4.x; %s sends DTMF only as RFC 4733 "
                   "events: set the DTMF mode to rfc4733", name);
      return NULL;
    }
  if (self->numbers[PROP_DTMF_MODE] == TL_ACCOUNT_DTMF_SIP_INFO)
    {
      /* TlEngineAccount has no DTMF field yet; refusing beats silently sending RFC 4733. */
      g_set_error_literal (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_UNSUPPORTED,
                           "DTMF by SIP INFO is not wired to the engine yet: set the DTMF mode to rfc4733");
      return NULL;
    }
  if (!ip_auth && password == NULL)
    {
      g_set_error_literal (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID,
                           "No password is stored for this account: set one before registering");
      return NULL;
    }
  if (!ip_auth && !tl_account_check_password (password, error))
    return NULL;

  engine = tl_engine_account_new ();
  engine->display_name = g_strdup (s[PROP_DISPLAY_NAME]);
  engine->user = g_strdup (s[PROP_USER]);
  engine->domain = g_strdup (s[PROP_DOMAIN]);
  engine->transport = g_strdup (tl_account_enum_to_string (TL_TYPE_ACCOUNT_TRANSPORT,
                                                           (int) self->numbers[PROP_TRANSPORT]));
  engine->auth_user = g_strdup (s[PROP_AUTH_USER]);
  engine->password = ip_auth ? NULL : g_strdup (password);
  engine->outbound = g_strdup (s[PROP_OUTBOUND_PROXY]);
  engine->register_interval = ip_auth ? 0 : self->numbers[PROP_REGISTER_INTERVAL];
  switch ((TlAccountSrtp) self->numbers[PROP_SRTP])
    {
    case TL_ACCOUNT_SRTP_OPTIONAL:
      engine->media_encryption = g_strdup ("srtp");
      break;
    case TL_ACCOUNT_SRTP_MANDATORY:
      engine->media_encryption = g_strdup ("srtp-mand");
      break;
    case TL_ACCOUNT_SRTP_OFF:
    default:
      break;
    }
  if (s[PROP_STUN_SERVER] != NULL)
    {
      engine->media_nat = g_strdup (self->numbers[PROP_ICE] ? "ice" : "stun");
      engine->stun_server = g_str_has_prefix (s[PROP_STUN_SERVER], "stun:")
                            || g_str_has_prefix (s[PROP_STUN_SERVER], "stuns:")
                            ? g_strdup (s[PROP_STUN_SERVER])
                            : g_strconcat ("stun:", s[PROP_STUN_SERVER], NULL);
    }
  engine->audio_codecs = engine_codecs (s[PROP_CODECS]);
  /* Keepalives only make sense for a registration that has to survive NAT. */
  engine->sip_outbound = self->numbers[PROP_SIP_OUTBOUND] && !ip_auth;
  engine->catchall = self->numbers[PROP_CATCHALL] && tl_account_catchall_available (dialect);
  return g_steal_pointer (&engine);
}
