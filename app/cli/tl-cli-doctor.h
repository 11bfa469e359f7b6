/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli doctor`: checks a trunk account end to end and says what to do. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int tl_cli_doctor_main (int    argc,
                        char **argv);

G_END_DECLS
