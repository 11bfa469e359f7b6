/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The enumerations of a trunk account, registered as GTypes so properties and the key file share their nicks. */
#define G_LOG_DOMAIN "tl-accounts"

#include "config.h"

#include "tl-account-enums.h"

G_DEFINE_ENUM_TYPE (TlAccountTransport, tl_account_transport,
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_TRANSPORT_UDP, "udp"),
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_TRANSPORT_TCP, "tcp"),
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_TRANSPORT_TLS, "tls"))

G_DEFINE_ENUM_TYPE (TlAccountMode, tl_account_mode,
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_MODE_REGISTER, "register"),
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_MODE_IP_AUTH, "ip-auth"))

G_DEFINE_ENUM_TYPE (TlAccountSrtp, tl_account_srtp,
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_SRTP_OFF, "off"),
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_SRTP_OPTIONAL, "optional"),
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_SRTP_MANDATORY, "mandatory"))

G_DEFINE_ENUM_TYPE (TlAccountDtmfMode, tl_account_dtmf_mode,
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_DTMF_RFC4733, "rfc4733"),
                    G_DEFINE_ENUM_VALUE (TL_ACCOUNT_DTMF_SIP_INFO, "sip-info"))

const char *
tl_account_enum_to_string (GType enum_type,
                           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *found = g_enum_get_value (klass, value);

  /* Nicks are static strings of the registered type: they outlive the class ref. */
  return found != NULL ? found->value_nick : NULL;
}
