/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The enumerations of a trunk account, registered as GTypes so properties and the key file share their nicks. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TL_ACCOUNT_TRANSPORT_UDP,
  TL_ACCOUNT_TRANSPORT_TCP,
  TL_ACCOUNT_TRANSPORT_TLS,
} TlAccountTransport;

typedef enum {
  /* REGISTER with digest authentication. */
  TL_ACCOUNT_MODE_REGISTER,
  /* IP-authenticated trunk: never REGISTERs, calls go to the proxy. */
  TL_ACCOUNT_MODE_IP_AUTH,
} TlAccountMode;

typedef enum {
  TL_ACCOUNT_SRTP_OFF,
  TL_ACCOUNT_SRTP_OPTIONAL,
  TL_ACCOUNT_SRTP_MANDATORY,
} TlAccountSrtp;

typedef enum {
  TL_ACCOUNT_DTMF_RFC4733,
  /* SIP INFO: engines 4.x only. */
  TL_ACCOUNT_DTMF_SIP_INFO,
} TlAccountDtmfMode;

#define TL_TYPE_ACCOUNT_TRANSPORT (tl_account_transport_get_type ())
#define TL_TYPE_ACCOUNT_MODE      (tl_account_mode_get_type ())
#define TL_TYPE_ACCOUNT_SRTP      (tl_account_srtp_get_type ())
#define TL_TYPE_ACCOUNT_DTMF_MODE (tl_account_dtmf_mode_get_type ())

GType tl_account_transport_get_type (void) G_GNUC_CONST;
GType tl_account_mode_get_type      (void) G_GNUC_CONST;
GType tl_account_srtp_get_type      (void) G_GNUC_CONST;
GType tl_account_dtmf_mode_get_type (void) G_GNUC_CONST;

/* The nick of @value in @enum_type ("udp", "ip-auth", …). */
const char *tl_account_enum_to_string (GType enum_type,
                                       int   value);

G_END_DECLS
