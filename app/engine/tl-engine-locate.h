/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the engine executable and its modules are: TRUNKLINE_ENGINE and
 * TRUNKLINE_ENGINE_MODULES when set, else what platform/ finds. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The engine executable, or NULL when it is not installed. */
char *tl_engine_locate_binary     (void);
/* The module folder for @binary. */
char *tl_engine_locate_module_dir (const char *binary);

G_END_DECLS
