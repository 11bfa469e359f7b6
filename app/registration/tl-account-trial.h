/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trying an account before it is saved: a temporary registration with the details as
 * entered, and the outcome in words (and the certificate, when that was the problem). */
#pragma once

#include <gio/gio.h>

#include "tl-account.h"
#include "tl-engine.h"
#include "tl-register-reason.h"
#include "tl-tls-check.h"

G_BEGIN_DECLS

typedef struct {
  gboolean           ok;             /* registered (or, IP-authenticated, the trunk answered) */
  TlRegisterFailure  failure;        /* when not ok */
  char              *reason;         /* a sentence a person can act on */
  char              *detail;         /* what the trunk or the engine said ("403 Forbidden"), or NULL */
  char              *certificate;    /* who vouched for the TLS certificate, in words, or NULL */
  TlTlsCheckReport  *tls;            /* the certificate check (fingerprint to trust), or NULL */
  gboolean           on_fallback;    /* the primary edge did not answer; the fallback did */
} TlAccountTrialResult;

void                  tl_account_trial_result_free (TlAccountTrialResult *result);
/* TRUE when the only problem is a certificate no CA vouches for, or a pinned one
 * that changed: trusting this one (its fingerprint) would let it register. */
gboolean              tl_account_trial_result_can_trust (const TlAccountTrialResult *result);

/* Registers @account (a copy is taken) with @password (NULL for IP-authenticated
 * trunks) on @engine, waits for the outcome (at most about half a minute), then
 * removes the registration again. Errors are for what stopped the trial itself
 * (cancelled, no engine, invalid settings); a refusal by the trunk is a result. */
void                  tl_account_trial_run_async   (TlEngine             *engine,
                                                    TlAccount            *account,
                                                    const char           *password,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
TlAccountTrialResult *tl_account_trial_run_finish  (GAsyncResult         *result,
                                                    GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlAccountTrialResult, tl_account_trial_result_free)

G_END_DECLS
