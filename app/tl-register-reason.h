/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns the engine's registration failure text into a reason a person can act on. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TL_REGISTER_FAILURE_OTHER,
  TL_REGISTER_FAILURE_AUTH,          /* 401/403/407: wrong user or password */
  TL_REGISTER_FAILURE_TIMEOUT,       /* no answer */
  TL_REGISTER_FAILURE_UNREACHABLE,   /* refused, no route */
  TL_REGISTER_FAILURE_DNS,           /* the name does not resolve */
  TL_REGISTER_FAILURE_TLS,           /* the certificate was refused */
  TL_REGISTER_FAILURE_FORBIDDEN,     /* the trunk refuses this account */
} TlRegisterFailure;

/* The SIP status code at the start of @text ("486 Busy Here" → 486), or 0 when
 * @text does not start with one (engine words such as "Connection refused"). */
guint              tl_sip_status_of                (const char        *text);
/* Classifies @param ("403 Forbidden", "Connection timed out [110]"…). */
TlRegisterFailure  tl_register_failure_classify    (const char        *param);
/* A short stable name for scripts: "auth", "timeout", "unreachable"… */
const char        *tl_register_failure_to_string   (TlRegisterFailure  failure);
/* A sentence for people, e.g. "Authentication failed: check the user and password". */
const char        *tl_register_failure_describe    (TlRegisterFailure  failure);
/* TRUE when retrying cannot help until the user changes something. */
gboolean           tl_register_failure_is_final    (TlRegisterFailure  failure);

G_END_DECLS
