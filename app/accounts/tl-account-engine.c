/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An account for the engine: what the running engine can do, and the account in its form. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-account.h"
#include "tl-account-private.h"

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

/* ---- engine form ------------------------------------------------------ */

static char *
engine_codecs (const char *codecs)
{
  g_auto(GStrv) parts = g_strsplit (codecs, ",", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    for (guint c = 0; tl_account_codec_names[c] != NULL; c++)
      if (g_ascii_strcasecmp (g_strstrip (parts[i]), tl_account_codec_names[c]) == 0)
        g_ptr_array_add (names, (gpointer) tl_account_codec_engine_names[c]);
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
  /* A voicemail number means a mailbox whose messages are worth showing. */
  engine->message_summary = s[PROP_VOICEMAIL] != NULL && *s[PROP_VOICEMAIL] != '\0';
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
