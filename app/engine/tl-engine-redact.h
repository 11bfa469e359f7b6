/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Removes passwords from engine output before it reaches any log. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TL_ENGINE_REDACTED "********"

/* Returns @text with every "auth_pass=…" value and every occurrence of the
 * known @secrets (NULL-terminated, may be NULL) replaced by TL_ENGINE_REDACTED. */
char *tl_engine_redact (const char        *text,
                        const char *const *secrets);

G_END_DECLS
