/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli accounts`: add, list, change and remove trunk accounts and their passwords. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int tl_cli_accounts_main (int    argc,
                          char **argv);

G_END_DECLS
