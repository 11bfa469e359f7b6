/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo line's account: kept in memory only, calls the local echo service, never registers. */
#pragma once

#include "tl-account.h"

G_BEGIN_DECLS

/* Never a stored account's id: those are 8 hex digits. */
#define TL_DEMO_ACCOUNT_ID "demo"

/* An IP-authenticated account on 127.0.0.1:@echo_port (no REGISTER, no password). */
TlAccount *tl_demo_account_new     (guint       echo_port);
gboolean   tl_demo_account_is_demo (const char *account_id);

G_END_DECLS
