/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli contacts`: list, search, add, import and remove contacts. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int tl_cli_contacts_main (int    argc,
                          char **argv);

G_END_DECLS
