/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The process-lifetime password store every platform falls back to. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void      tl_secret_memory_store  (const char *account_id,
                                   const char *password);
/* (transfer full) NULL when none is stored. */
char     *tl_secret_memory_lookup (const char *account_id);
void      tl_secret_memory_clear  (const char *account_id);

G_END_DECLS
