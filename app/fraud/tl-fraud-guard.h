/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The toll-fraud guard: which numbers an account may dial (blocked prefixes,
 * prefixes that need a confirmation first), how many calls a minute, and how
 * long a call may last. Emergency numbers are never blocked, delayed or cut. */
#pragma once

#include <gio/gio.h>

#include "tl-account.h"

G_BEGIN_DECLS

#define TL_FRAUD_ERROR (tl_fraud_error_quark ())
typedef enum {
  TL_FRAUD_ERROR_BLOCKED,             /* the number matches a blocked prefix */
  TL_FRAUD_ERROR_NEEDS_CONFIRMATION,  /* matches a confirm-first prefix: dial again confirmed */
  TL_FRAUD_ERROR_RATE_LIMITED,        /* too many calls in the last minute */
} TlFraudError;

/* The defaults are the account's (TL_ACCOUNT_DEFAULT_BLOCKED_PREFIXES …, tl-account.h). */
#define TL_TYPE_FRAUD_GUARD (tl_fraud_guard_get_type ())
G_DECLARE_FINAL_TYPE (TlFraudGuard, tl_fraud_guard, TL, FRAUD_GUARD, GObject)

GQuark        tl_fraud_error_quark            (void);

/* TRUE for the emergency numbers of the world's main plans (112, 911, 999,
 * 000, 110, 119, …), as typed or as the user part of a SIP URI. */
gboolean      tl_fraud_is_emergency           (const char *number);
/* The entry of @list that @number (typed or a SIP URI) starts with, or NULL.
 * Numbers are compared in their "+" form too (00 and 011 are international
 * exits), so "+882" also catches 00882… */
char         *tl_fraud_match_prefix           (const char *list,
                                               const char *number);

TlFraudGuard *tl_fraud_guard_new              (void);
/* May @account call @uri (after its dial plan) now? FALSE with TL_FRAUD_ERROR
 * when not. @confirmed: the user already said yes to a confirm-first number.
 * The rate limit counts calls recorded with tl_fraud_guard_note_call(). */
gboolean      tl_fraud_guard_check            (TlFraudGuard  *self,
                                               TlAccount     *account,
                                               const char    *uri,
                                               gboolean       confirmed,
                                               GError       **error);
/* A call from @account left (counts toward the rate limit; emergency calls do not). */
void          tl_fraud_guard_note_call        (TlFraudGuard  *self,
                                               TlAccount     *account,
                                               const char    *uri);
/* The longest @account's call to @uri may last, in seconds; 0 for no limit
 * (the guard is off, or an emergency call). */
guint         tl_fraud_guard_max_duration     (TlFraudGuard  *self,
                                               TlAccount     *account,
                                               const char    *uri);
/* Emits "alert" (account id, message): a burst was refused, a call was cut. */
void          tl_fraud_guard_alert            (TlFraudGuard  *self,
                                               TlAccount     *account,
                                               const char    *message);

G_END_DECLS
