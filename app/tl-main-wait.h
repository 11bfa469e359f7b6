/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounded waits on a main context, for one-shot programs and for shutdown: blocking there is fine, forever is not. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*TlMainCondition) (gpointer user_data);

/* Iterates @context (NULL: the global default) until @condition holds or
 * @timeout_ms passes. The deadline is a timeout source on @context, so the
 * loop wakes at it even when nothing else is pending; the condition is
 * checked before every block. TRUE when the condition held. */
gboolean tl_main_wait_until (GMainContext    *context,
                             TlMainCondition  condition,
                             gpointer         user_data,
                             guint            timeout_ms);
/* The same for a flag a callback sets. */
gboolean tl_main_wait_for   (GMainContext    *context,
                             const gboolean  *done,
                             guint            timeout_ms);

G_END_DECLS
