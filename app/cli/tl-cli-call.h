/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli call` and `answer`: one call from a stored account. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int tl_cli_call_main   (int    argc,
                        char **argv);
int tl_cli_answer_main (int    argc,
                        char **argv);

G_END_DECLS
