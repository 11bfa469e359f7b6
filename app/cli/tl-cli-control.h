/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli hangup|hold|resume|…`: act on a call of the running phone. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for the commands tl_cli_control_main() runs. */
gboolean tl_cli_control_handles (const char *command);
/* @argv[0] is the command name. */
int      tl_cli_control_main    (int    argc,
                                 char **argv);

G_END_DECLS
