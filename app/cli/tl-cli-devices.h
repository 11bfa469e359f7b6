/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "devices" command of trunkline-cli: list microphones and speakers by stable id. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int tl_cli_devices_main (int    argc,
                         char **argv);

G_END_DECLS
