/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The account's instance and what its source files share; only tl-account*.c include it. */
#pragma once

#include "tl-account.h"

G_BEGIN_DECLS

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
  PROP_PINNED_CERTIFICATE,
  PROP_VOICEMAIL,
  PROP_FRAUD_GUARD,
  PROP_BLOCKED_PREFIXES,
  PROP_CONFIRM_PREFIXES,
  PROP_MAX_CALL_SECONDS,
  PROP_CALLS_PER_MINUTE,
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

extern GParamSpec *tl_account_properties [N_PROPS];

/* The codecs an account may name, and at the same index the engine's name for each. */
extern const char * const tl_account_codec_names[];
extern const char * const tl_account_codec_engine_names[];

/* tl-account.c */
gboolean  tl_account_invalid                (GError     **error,
                                             const char  *message);
void      tl_account_set_string             (TlAccount   *self,
                                             guint        prop_id,
                                             const char  *value);
void      tl_account_set_number             (TlAccount   *self,
                                             guint        prop_id,
                                             guint        value);

/* tl-account-validate.c */
guint     tl_account_max_length             (guint        prop);
gboolean  tl_account_check_length           (guint        prop,
                                             const char  *value,
                                             GError     **error);
gboolean  tl_account_is_sip_user            (const char  *s);
gboolean  tl_account_has_unsafe_characters  (const char  *s);

G_END_DECLS
