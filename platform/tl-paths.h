/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trunkline's folders, from GLib's portable XDG lookups. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tl_paths_config_dir       (void);
char *tl_paths_data_dir         (void);
char *tl_paths_make_private_dir (const char  *prefix,
                                 GError     **error);
gboolean tl_paths_remove_tree   (const char  *path,
                                 GError     **error);

G_END_DECLS
