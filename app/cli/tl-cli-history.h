/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "history" command of trunkline-cli: list, search, export and clear the call history. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int tl_cli_history_main (int    argc,
                         char **argv);

G_END_DECLS
