/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A desktop notification when a line stops being registered while no window
 * shows it, withdrawn as soon as it is registered again. */
#pragma once

#include <gtk/gtk.h>

#include "tl-lines.h"

G_BEGIN_DECLS

#define TL_TYPE_LINE_NOTIFIER (tl_line_notifier_get_type ())
G_DECLARE_FINAL_TYPE (TlLineNotifier, tl_line_notifier, TL, LINE_NOTIFIER, GObject)

TlLineNotifier *tl_line_notifier_new (GtkApplication *application,
                                      TlLines        *lines,
                                      GSettings      *settings);
/* The notification id for @line's lost registration (stable per account). */
char           *tl_line_notifier_id  (TlLine         *line);

G_END_DECLS
