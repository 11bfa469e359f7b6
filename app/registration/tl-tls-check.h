/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks a trunk's TLS certificate ourselves, because the 1.0.0 engine never does. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  TL_TLS_CHECK_VERIFIED,      /* valid for the host against the system CAs or the account's CA */
  TL_TLS_CHECK_PINNED,        /* not verifiable, but the user pinned exactly this certificate */
  TL_TLS_CHECK_UNTRUSTED,     /* unknown issuer (self-signed or a private CA not configured) */
  TL_TLS_CHECK_WRONG_HOST,    /* valid certificate for another name */
  TL_TLS_CHECK_EXPIRED,       /* expired or not yet valid */
  TL_TLS_CHECK_PIN_CHANGED,   /* a pinned certificate was replaced by another */
  TL_TLS_CHECK_OTHER,         /* revoked, insecure or otherwise refused */
} TlTlsCheckResult;

typedef struct {
  TlTlsCheckResult  result;
  char             *fingerprint;  /* SHA-256 of the leaf certificate, hex with colons */
  char             *subject;      /* for a trust-on-first-use prompt; may be NULL */
  char             *certificate_pem; /* the leaf certificate, for engines that verify (PINNED) */
} TlTlsCheckReport;

void              tl_tls_check_report_free   (TlTlsCheckReport *report);
gboolean          tl_tls_check_report_is_ok  (const TlTlsCheckReport *report);
const char       *tl_tls_check_result_describe (TlTlsCheckResult result);

/* Connects to @host:@port, handshakes for @server_name and classifies the server's
 * certificate. @ca_file adds a private CA (NULL: system CAs only); @pinned_sha256
 * accepts exactly that certificate when it cannot be verified. Connection errors
 * are returned as GError; certificate problems as a report. */
void              tl_tls_check_async         (const char          *host,
                                              guint16              port,
                                              const char          *server_name,
                                              const char          *ca_file,
                                              const char          *pinned_sha256,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
TlTlsCheckReport *tl_tls_check_finish        (GAsyncResult        *result,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTlsCheckReport, tl_tls_check_report_free)

G_END_DECLS
