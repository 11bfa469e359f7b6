/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One SIP trunk account: the object, its settings as notifying properties, and their accessors. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-account.h"
#include "tl-account-private.h"

G_DEFINE_FINAL_TYPE (TlAccount, tl_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-account-error-quark, tl_account_error)

GParamSpec *tl_account_properties [N_PROPS];

const char * const tl_account_codec_names[] = { "opus", "pcmu", "pcma", NULL };
/* The engine reads a bare name as name/8000/1 and matches rate and channels
 * exactly. Its Opus is mono (opus/48000/1) because calls run mono
 * (opus_stereo no in tl-engine-config.c); "opus/48000/2" would match nothing and
 * the engine would silently fall back to every codec. */
const char * const tl_account_codec_engine_names[] = { "opus/48000/1", "pcmu", "pcma", NULL };

gboolean
tl_account_invalid (GError    **error,
                    const char *message)
{
  g_set_error_literal (error, TL_ACCOUNT_ERROR, TL_ACCOUNT_ERROR_INVALID, message);
  return FALSE;
}

/* ---- storage ---------------------------------------------------------- */

void
tl_account_set_string (TlAccount  *self,
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
  g_object_notify_by_pspec (G_OBJECT (self), tl_account_properties [prop_id]);
}

void
tl_account_set_number (TlAccount *self,
                       guint      prop_id,
                       guint      value)
{
  if (self->numbers[prop_id] == value)
    return;
  self->numbers[prop_id] = value;
  g_object_notify_by_pspec (G_OBJECT (self), tl_account_properties [prop_id]);
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
    tl_account_set_string (self, prop_id, g_value_get_string (value));
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    tl_account_set_number (self, prop_id, g_value_get_boolean (value) ? 1 : 0);
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    tl_account_set_number (self, prop_id, g_value_get_uint (value));
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    tl_account_set_number (self, prop_id, (guint) g_value_get_enum (value));
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
  tl_account_properties [id] = g_param_spec_string (name, nick, NULL, NULL, \
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define BOOLEAN_PROP(id, name, nick, def) \
  tl_account_properties [id] = g_param_spec_boolean (name, nick, NULL, def, \
                                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define ENUM_PROP(id, name, nick, type, def) \
  tl_account_properties [id] = g_param_spec_enum (name, nick, NULL, type, def, \
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

  tl_account_properties [PROP_ID] =
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
  tl_account_properties [PROP_REGISTER_INTERVAL] =
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
  /* The trunk's certificate trusted by the person when no CA vouches for it. */
  STRING_PROP (PROP_PINNED_CERTIFICATE, "pinned-certificate", "pinned certificate");
  STRING_PROP (PROP_VOICEMAIL, "voicemail", "voicemail number");
  BOOLEAN_PROP (PROP_FRAUD_GUARD, "fraud-guard", "toll-fraud guard", TRUE);
  STRING_PROP (PROP_BLOCKED_PREFIXES, "blocked-prefixes", "blocked prefixes");
  STRING_PROP (PROP_CONFIRM_PREFIXES, "confirm-prefixes", "confirm-first prefixes");
  tl_account_properties [PROP_MAX_CALL_SECONDS] =
    g_param_spec_uint ("max-call-seconds", "longest call", NULL, 0, G_MAXUINT, TL_ACCOUNT_DEFAULT_MAX_CALL_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_account_properties [PROP_CALLS_PER_MINUTE] =
    g_param_spec_uint ("calls-per-minute", "calls per minute", NULL, 0, G_MAXUINT, TL_ACCOUNT_DEFAULT_CALLS_PER_MINUTE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, tl_account_properties);
}

static void
tl_account_init (TlAccount *self)
{
  self->strings[PROP_CODECS] = g_strdup (TL_ACCOUNT_DEFAULT_CODECS);
  self->numbers[PROP_REGISTER_INTERVAL] = TL_ACCOUNT_DEFAULT_REGISTER_INTERVAL;
  self->numbers[PROP_ENABLED] = TRUE;
  self->numbers[PROP_FRAUD_GUARD] = TRUE;
  self->strings[PROP_BLOCKED_PREFIXES] = g_strdup (TL_ACCOUNT_DEFAULT_BLOCKED_PREFIXES);
  self->strings[PROP_CONFIRM_PREFIXES] = g_strdup (TL_ACCOUNT_DEFAULT_CONFIRM_PREFIXES);
  self->numbers[PROP_MAX_CALL_SECONDS] = TL_ACCOUNT_DEFAULT_MAX_CALL_SECONDS;
  self->numbers[PROP_CALLS_PER_MINUTE] = TL_ACCOUNT_DEFAULT_CALLS_PER_MINUTE;
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
      if (G_IS_PARAM_SPEC_STRING (tl_account_properties [i]))
        tl_account_set_string (self, i, from->strings[i]);
      else
        tl_account_set_number (self, i, from->numbers[i]);
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
    tl_account_set_string (self, PROP, value); \
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
    tl_account_set_number (self, PROP, (guint) value); \
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
STRING_ACCESSORS (pinned_certificate, PROP_PINNED_CERTIFICATE)
STRING_ACCESSORS (voicemail, PROP_VOICEMAIL)
STRING_ACCESSORS (blocked_prefixes, PROP_BLOCKED_PREFIXES)
STRING_ACCESSORS (confirm_prefixes, PROP_CONFIRM_PREFIXES)
NUMBER_ACCESSORS (fraud_guard, PROP_FRAUD_GUARD, gboolean)
NUMBER_ACCESSORS (max_call_seconds, PROP_MAX_CALL_SECONDS, guint)
NUMBER_ACCESSORS (calls_per_minute, PROP_CALLS_PER_MINUTE, guint)
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
tl_account_dup_secret_label (TlAccount *self)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (TL_IS_ACCOUNT (self), NULL);

  title = tl_account_dup_title (self);
  return g_strdup_printf ("Trunkline account %s", title);
}

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
