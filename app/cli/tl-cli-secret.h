/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The secret store for one-shot commands: each operation waited for on the main context, within a bound. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a command waits for the secret service before it gives up. */
#define TL_CLI_SECRET_TIMEOUT_MS 30000

/* The account's password, or NULL with @error (none stored, or no answer in time). */
char     *tl_cli_lookup_password (const char  *account_id,
                                  GError     **error);
gboolean  tl_cli_store_password  (const char  *account_id,
                                  const char  *label,
                                  const char  *password,
                                  GError     **error);
gboolean  tl_cli_clear_password  (const char  *account_id,
                                  GError     **error);

G_END_DECLS
