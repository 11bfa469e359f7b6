/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the engine needs to know about one SIP account, and its checked "uanew" line. */
#pragma once

#include <glib-object.h>

#include "tl-engine-dialect.h"

G_BEGIN_DECLS

typedef struct {
  char     *display_name;   /* caller ID name, may be NULL */
  char     *user;           /* SIP user (the AOR's user part) */
  char     *domain;         /* registrar domain, host[:port] */
  char     *transport;      /* "udp", "tcp" or "tls"; NULL = udp */
  char     *auth_user;      /* NULL = user */
  char     *password;       /* NULL for IP-authenticated trunks; scrubbed on free */
  char     *outbound;       /* outbound proxy as a SIP URI, may be NULL */
  guint     register_interval; /* seconds; 0 = never REGISTER */
  gboolean  sip_outbound;   /* RFC 5626 keepalives (sipnat=outbound) */
  char     *media_encryption; /* NULL, "srtp", "srtp-mand", "dtls_srtp" */
  char     *media_nat;      /* NULL, "ice", "stun" */
  char     *stun_server;    /* "stun:host:port", may be NULL */
  char     *audio_codecs;   /* "opus/48000/1,pcmu,pcma"; NULL = engine order */
  char     *answer_mode;    /* NULL = manual */
  gboolean  catchall;       /* accept calls to any number (engines that can) */
  gboolean  message_summary; /* subscribe to voicemail notifications (RFC 3842) */
  char     *ca_file;        /* private CA for TLS, or NULL: engines that verify trust it */
  char     *trusted_certificate; /* PEM of a pinned (trust on first use) certificate, or NULL */
} TlEngineAccount;

#define TL_TYPE_ENGINE_ACCOUNT (tl_engine_account_get_type ())

GType            tl_engine_account_get_type   (void) G_GNUC_CONST;
TlEngineAccount *tl_engine_account_new        (void);
TlEngineAccount *tl_engine_account_copy       (const TlEngineAccount *self);
void             tl_engine_account_free       (TlEngineAccount *self);

/* "sip:user@domain": the key the engine reports in events. */
char            *tl_engine_account_get_aor    (const TlEngineAccount *self);
/* Checks every field and returns the line for "uanew", or NULL with a message a
 * person can act on. The line holds the password: never log it. */
char            *tl_engine_account_build_line (const TlEngineAccount *self,
                                               const TlEngineDialect *dialect,
                                               GError               **error);
/* TRUE when every address the account reaches (domain, outbound proxy) is a
 * loopback address: the demo line and test trunks. */
gboolean         tl_engine_account_is_loopback (const TlEngineAccount *self);
/* TRUE when the engine's parameter parser would carry @password intact. */
gboolean         tl_engine_account_check_password (const char  *password,
                                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlEngineAccount, tl_engine_account_free)

G_END_DECLS
