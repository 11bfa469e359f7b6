/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One SIP trunk account: its settings as notifying properties, their checks, its dial plan and its engine form. */
#pragma once

#include <glib-object.h>

#include "tl-account-enums.h"
#include "tl-engine-account.h"
#include "tl-engine-dialect.h"

G_BEGIN_DECLS

#define TL_ACCOUNT_ERROR (tl_account_error_quark ())

typedef enum {
  TL_ACCOUNT_ERROR_FAILED,
  /* A setting has a value that cannot work; the message names it. */
  TL_ACCOUNT_ERROR_INVALID,
  /* No account has that id. */
  TL_ACCOUNT_ERROR_NOT_FOUND,
  /* No setting has that name. */
  TL_ACCOUNT_ERROR_UNKNOWN_KEY,
  /* The accounts file was written by a newer Trunkline. */
  TL_ACCOUNT_ERROR_NEWER_FORMAT,
  /* The running engine cannot do what the account asks for. */
  TL_ACCOUNT_ERROR_UNSUPPORTED,
} TlAccountError;

#define TL_ACCOUNT_DEFAULT_REGISTER_INTERVAL 600
#define TL_ACCOUNT_DEFAULT_CODECS "opus,pcmu,pcma"
/* The toll-fraud guard's defaults (app/fraud). Blocked: international ranges
 * where toll fraud pays — satellite (+881 GMSS, +870 Inmarsat), International
 * Networks (+882, +883), premium rate (+979), ITPCS trials (+991). */
#define TL_ACCOUNT_DEFAULT_BLOCKED_PREFIXES "+870,+881,+882,+883,+979,+991"
/* Asked before dialling: the destinations revenue-share fraud abuses most. */
#define TL_ACCOUNT_DEFAULT_CONFIRM_PREFIXES "+53,+232,+239,+247,+252,+290,+675,+677,+678,+682,+686,+688,+690,+850"
/* Four hours: no real softphone call lasts longer, a hijacked one would. */
#define TL_ACCOUNT_DEFAULT_MAX_CALL_SECONDS 14400
#define TL_ACCOUNT_DEFAULT_CALLS_PER_MINUTE 10
/* A prefix list holds at most this many entries of at most this many digits. */
#define TL_ACCOUNT_MAX_PREFIXES 64
#define TL_ACCOUNT_MAX_PREFIX_DIGITS 15

#define TL_TYPE_ACCOUNT (tl_account_get_type ())

G_DECLARE_FINAL_TYPE (TlAccount, tl_account, TL, ACCOUNT, GObject)

GQuark              tl_account_error_quark            (void);

/* A new account with a freshly generated id and default settings. */
TlAccount          *tl_account_new                    (void);
/* An account with a known id (from the accounts file). */
TlAccount          *tl_account_new_with_id            (const char   *id);
/* A detached copy with the same id and settings (for editing before applying). */
TlAccount          *tl_account_copy                   (TlAccount    *self);
/* Copies every setting of @from (not the id) into @self, notifying real changes only. */
void                tl_account_assign                 (TlAccount    *self,
                                                       TlAccount    *from);
char               *tl_account_generate_id            (void);

const char         *tl_account_get_id                 (TlAccount    *self);
const char         *tl_account_get_label              (TlAccount    *self);
void                tl_account_set_label              (TlAccount    *self,
                                                       const char   *label);
/* The label, else "user@domain": what a list shows. */
char               *tl_account_dup_title              (TlAccount    *self);
/* What keyring tools show for the account's password. */
char               *tl_account_dup_secret_label       (TlAccount    *self);
const char         *tl_account_get_display_name       (TlAccount    *self);
void                tl_account_set_display_name       (TlAccount    *self,
                                                       const char   *display_name);
const char         *tl_account_get_user               (TlAccount    *self);
void                tl_account_set_user               (TlAccount    *self,
                                                       const char   *user);
const char         *tl_account_get_auth_user          (TlAccount    *self);
void                tl_account_set_auth_user          (TlAccount    *self,
                                                       const char   *auth_user);
const char         *tl_account_get_domain             (TlAccount    *self);
void                tl_account_set_domain             (TlAccount    *self,
                                                       const char   *domain);
const char         *tl_account_get_outbound_proxy     (TlAccount    *self);
void                tl_account_set_outbound_proxy     (TlAccount    *self,
                                                       const char   *uri);
const char         *tl_account_get_fallback_proxy     (TlAccount    *self);
void                tl_account_set_fallback_proxy     (TlAccount    *self,
                                                       const char   *uri);
TlAccountTransport  tl_account_get_transport          (TlAccount    *self);
void                tl_account_set_transport          (TlAccount    *self,
                                                       TlAccountTransport transport);
const char         *tl_account_get_ca_file            (TlAccount    *self);
void                tl_account_set_ca_file            (TlAccount    *self,
                                                       const char   *path);
guint               tl_account_get_register_interval  (TlAccount    *self);
void                tl_account_set_register_interval  (TlAccount    *self,
                                                       guint         seconds);
TlAccountMode       tl_account_get_mode               (TlAccount    *self);
void                tl_account_set_mode               (TlAccount    *self,
                                                       TlAccountMode mode);
const char         *tl_account_get_stun_server        (TlAccount    *self);
void                tl_account_set_stun_server        (TlAccount    *self,
                                                       const char   *server);
gboolean            tl_account_get_sip_outbound       (TlAccount    *self);
void                tl_account_set_sip_outbound       (TlAccount    *self,
                                                       gboolean      sip_outbound);
gboolean            tl_account_get_ice                (TlAccount    *self);
void                tl_account_set_ice                (TlAccount    *self,
                                                       gboolean      ice);
TlAccountSrtp       tl_account_get_srtp               (TlAccount    *self);
void                tl_account_set_srtp               (TlAccount    *self,
                                                       TlAccountSrtp srtp);
TlAccountDtmfMode   tl_account_get_dtmf_mode          (TlAccount    *self);
void                tl_account_set_dtmf_mode          (TlAccount    *self,
                                                       TlAccountDtmfMode mode);
/* Comma-separated order of "opus", "pcmu", "pcma". */
const char         *tl_account_get_codecs             (TlAccount    *self);
void                tl_account_set_codecs             (TlAccount    *self,
                                                       const char   *codecs);
const char         *tl_account_get_country_code       (TlAccount    *self);
void                tl_account_set_country_code       (TlAccount    *self,
                                                       const char   *country_code);
const char         *tl_account_get_national_prefix    (TlAccount    *self);
void                tl_account_set_national_prefix    (TlAccount    *self,
                                                       const char   *prefix);
const char         *tl_account_get_outside_line_prefix (TlAccount   *self);
void                tl_account_set_outside_line_prefix (TlAccount   *self,
                                                        const char  *prefix);
gboolean            tl_account_get_catchall           (TlAccount    *self);
void                tl_account_set_catchall           (TlAccount    *self,
                                                       gboolean      catchall);
/* Incoming calls: turned away with busy, or picked up at once. */
gboolean            tl_account_get_do_not_disturb     (TlAccount    *self);
void                tl_account_set_do_not_disturb     (TlAccount    *self,
                                                       gboolean      do_not_disturb);
gboolean            tl_account_get_auto_answer        (TlAccount    *self);
void                tl_account_set_auto_answer        (TlAccount    *self,
                                                       gboolean      auto_answer);
gboolean            tl_account_get_enabled            (TlAccount    *self);
void                tl_account_set_enabled            (TlAccount    *self,
                                                       gboolean      enabled);
/* Kept by TlAccountStore: exactly one stored account is the default. */
gboolean            tl_account_get_default            (TlAccount    *self);
void                tl_account_set_default            (TlAccount    *self,
                                                       gboolean      is_default);

/* SHA-256 fingerprint of a TLS certificate the person chose to trust (no CA vouches for it). */
const char         *tl_account_get_pinned_certificate (TlAccount   *self);
void                tl_account_set_pinned_certificate (TlAccount   *self,
                                                       const char  *fingerprint);
/* The number or SIP user that reaches the account's voicemail, or NULL. */
const char         *tl_account_get_voicemail          (TlAccount    *self);
void                tl_account_set_voicemail          (TlAccount    *self,
                                                       const char   *number);

/* The toll-fraud guard (on by default): comma lists of prefixes ("+882,0900";
 * "none" for no prefixes) refused, or asked about before dialling; the longest
 * call in seconds and the most calls a minute (0: no limit). */
gboolean            tl_account_get_fraud_guard        (TlAccount    *self);
void                tl_account_set_fraud_guard        (TlAccount    *self,
                                                       gboolean      enabled);
const char         *tl_account_get_blocked_prefixes   (TlAccount    *self);
void                tl_account_set_blocked_prefixes   (TlAccount    *self,
                                                       const char   *prefixes);
const char         *tl_account_get_confirm_prefixes   (TlAccount    *self);
void                tl_account_set_confirm_prefixes   (TlAccount    *self,
                                                       const char   *prefixes);
guint               tl_account_get_max_call_seconds   (TlAccount    *self);
void                tl_account_set_max_call_seconds   (TlAccount    *self,
                                                       guint         seconds);
guint               tl_account_get_calls_per_minute   (TlAccount    *self);
void                tl_account_set_calls_per_minute   (TlAccount    *self,
                                                       guint         calls);
/* Settings by property name, as text: what the key file and the CLI use.
 * Empty text clears an optional setting. */
gboolean            tl_account_set_from_string        (TlAccount    *self,
                                                       const char   *key,
                                                       const char   *value,
                                                       GError      **error);
/* The setting as text, or NULL when it is unset; NULL with @error for an unknown key. */
char               *tl_account_dup_as_string          (TlAccount    *self,
                                                       const char   *key,
                                                       GError      **error);
/* The names of the settings that are stored (every property but "id"), NULL-terminated. */
const char * const *tl_account_list_keys              (void);

/* Checks the whole account; FALSE with a message naming the setting at fault. */
gboolean            tl_account_validate               (TlAccount    *self,
                                                       GError      **error);
/* The same, and the name of the setting at fault in @failed_key (static). */
gboolean            tl_account_validate_full          (TlAccount    *self,
                                                       const char  **failed_key,
                                                       GError      **error);
/* Checks one setting as the account stands (some depend on others: ICE on a STUN
 * server, a fallback proxy on an outbound one); for messages next to a field. */
gboolean            tl_account_check_setting          (TlAccount    *self,
                                                       const char   *key,
                                                       GError      **error);
/* TRUE when the engine can carry @password (no spaces, ';', '"', '\', control characters). */
gboolean            tl_account_check_password         (const char   *password,
                                                       GError      **error);

/* Whether this engine can accept calls to any number on the trunk (4.x catchall). */
gboolean            tl_account_catchall_available     (const TlEngineDialect *dialect);
/* Whether this engine can send DTMF the way @mode asks. */
gboolean            tl_account_dtmf_mode_available    (TlAccountDtmfMode      mode,
                                                       const TlEngineDialect *dialect);
/* A sentence for the person setting the account up about which inbound calls reach
 * them on this engine, or NULL when there is nothing to say. */
char               *tl_account_dup_inbound_note       (TlAccount             *self,
                                                       const TlEngineDialect *dialect);

/* The number @typed as the dial plan sends it: outside-line prefix dropped, national
 * and "00" forms made E.164; emergency numbers and short extensions unchanged. NULL when
 * @typed is neither a number nor a SIP user. */
char               *tl_account_normalise_number       (TlAccount    *self,
                                                       const char   *typed);
/* The request URI a call to @typed would use: tl_account_preview_dial (a, "0201234567")
 * → "sip:+31201234567@domain". NULL when @typed cannot be dialled. */
char               *tl_account_preview_dial           (TlAccount    *self,
                                                       const char   *typed);
/* TRUE for 112, 911 and 999, which are never rewritten. */
gboolean            tl_account_is_emergency_number    (const char   *digits);

/* The engine's form of the account. @password is NULL for IP-authenticated trunks;
 * @dialect NULL means the engine version is not known yet (only features every
 * version has are used). The fallback proxy is not part of it: failover swaps the
 * outbound proxy. The result holds the password: never log it. */
TlEngineAccount    *tl_account_to_engine_account      (TlAccount             *self,
                                                       const char            *password,
                                                       const TlEngineDialect *dialect,
                                                       GError               **error);

G_END_DECLS
