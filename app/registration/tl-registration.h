/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One account's registration: state with a reason, retries, TLS check, edge failover. */
#pragma once

#include <gio/gio.h>

#include "tl-engine.h"
#include "tl-register-reason.h"
#include "tl-tls-check.h"

G_BEGIN_DECLS

typedef enum {
  TL_REGISTRATION_STATE_UNREGISTERED,
  TL_REGISTRATION_STATE_CHECKING_CERTIFICATE,
  TL_REGISTRATION_STATE_REGISTERING,
  TL_REGISTRATION_STATE_REGISTERED,
  TL_REGISTRATION_STATE_FAILED,
  TL_REGISTRATION_STATE_NOT_REGISTERING,   /* IP-authenticated trunk: ready without REGISTER */
} TlRegistrationState;

typedef struct {
  TlEngineAccount *account;           /* with the password; copied */
  char            *fallback_proxy;    /* SIP URI of the provider's second edge, or NULL */
  char            *ca_file;           /* private CA for TLS, or NULL */
  char            *pinned_certificate;/* SHA-256 fingerprint trusted on first use, or NULL */
  guint            probe_interval_s;  /* 0: the default (15 s) */
  guint            certificate_recheck_s; /* 0: once per register interval */
} TlRegistrationConfig;

#define TL_TYPE_REGISTRATION (tl_registration_get_type ())
G_DECLARE_FINAL_TYPE (TlRegistration, tl_registration, TL, REGISTRATION, GObject)

const char          *tl_registration_state_to_string   (TlRegistrationState state);

TlRegistration      *tl_registration_new                (TlEngine                   *engine,
                                                         const TlRegistrationConfig *config);
/* Adds the account to the engine (after the certificate check for TLS). */
void                 tl_registration_start              (TlRegistration *self);
/* Removes it from the engine (the engine unregisters). */
void                 tl_registration_stop               (TlRegistration *self);
/* While a call is up on this account, edge switches wait for it to end. */
void                 tl_registration_set_busy           (TlRegistration *self,
                                                         gboolean        busy);

/* One SIP OPTIONS to the proxy in use (or the domain): the answer's status code,
 * or 0 with @error when nothing answered. */
void                 tl_registration_probe_async        (TlRegistration      *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
guint                tl_registration_probe_finish       (TlRegistration      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

const char          *tl_registration_get_aor            (TlRegistration *self);
TlRegistrationState  tl_registration_get_state          (TlRegistration *self);
TlRegisterFailure    tl_registration_get_failure        (TlRegistration *self);
/* A sentence a person can act on, for FAILED; NULL otherwise. */
const char          *tl_registration_get_reason         (TlRegistration *self);
/* What the trunk or the engine said ("403 Forbidden"), for FAILED. */
const char          *tl_registration_get_detail         (TlRegistration *self);
/* The proxy registrations and calls go through now (NULL: the domain itself). */
const char          *tl_registration_get_proxy_in_use   (TlRegistration *self);
gboolean             tl_registration_get_on_fallback    (TlRegistration *self);
/* Who checked the trunk's certificate, in words; NULL for non-TLS accounts. */
const char          *tl_registration_get_certificate_check (TlRegistration *self);
/* The last certificate check's report (fingerprint for trust on first use). */
const TlTlsCheckReport *tl_registration_get_tls_report  (TlRegistration *self);
/* Unix time (s) when the current registration expires; 0 when not registered. */
gint64               tl_registration_get_expires        (TlRegistration *self);

G_END_DECLS
