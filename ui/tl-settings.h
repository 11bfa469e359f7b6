/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's preferences (org.trunkline.Trunkline), installed or from the build tree. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The preferences; from the compiled schema in the build tree when Trunkline runs
 * uninstalled. Never NULL: with no schema at all it aborts with a message that
 * says so, since nothing the window does would work. */
GSettings *tl_settings_new (void);

G_END_DECLS
