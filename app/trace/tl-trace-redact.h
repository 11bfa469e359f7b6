/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Makes a log or SIP trace safe to hand to a provider: no passwords, digest
 * credentials or challenges, and no SRTP keys. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns @text with, line by line: Authorization, Proxy-Authorization,
 * WWW-Authenticate, Proxy-Authenticate and Authentication-Info header values
 * (and their folded continuation lines) replaced; nonce, cnonce, response,
 * nextnonce, rspauth and opaque values replaced wherever they appear; SDES keys
 * (a=crypto … inline:KEY) replaced; "auth_pass=" values and every @secrets
 * entry (NULL-terminated, may be NULL) replaced. Invalid UTF-8 and control
 * characters other than tab are made visible, never passed on. */
char *tl_trace_redact (const char        *text,
                       const char *const *secrets);

G_END_DECLS
