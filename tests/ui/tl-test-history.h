/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A big call history for the UI tests and the UI benchmark: rows that say where they belong. */
#pragma once

#include "tl-history-store.h"

G_BEGIN_DECLS

/* Writes @n calls, newest first one a minute apart; row i is named
 * "Caller %06u" with i, so a list row shows which call it is bound to. */
void tl_test_history_fill (TlHistoryStore *store,
                           guint           n);

G_END_DECLS
