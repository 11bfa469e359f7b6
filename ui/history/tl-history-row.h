/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call of the history in the list: direction, who, when, how long; a menu to call back, copy the number or delete it. */
#pragma once

#include <gtk/gtk.h>

#include "tl-history-entry.h"
#include "tl-name-resolver.h"

G_BEGIN_DECLS

#define TL_TYPE_HISTORY_ROW (tl_history_row_get_type ())
G_DECLARE_FINAL_TYPE (TlHistoryRow, tl_history_row, TL, HISTORY_ROW, GtkWidget)

GtkWidget      *tl_history_row_new       (void);
/* Filled in bind, emptied (NULL) in unbind: rows are recycled. */
void            tl_history_row_set_entry (TlHistoryRow   *self,
                                          TlHistoryEntry *entry);
TlHistoryEntry *tl_history_row_get_entry (TlHistoryRow   *self);
/* Names from the contacts win over the network's; the row follows their changes. */
void            tl_history_row_set_name_resolver (TlHistoryRow   *self,
                                                  TlNameResolver *names);
/* For tests and the screen reader: the text the row shows. */
const char     *tl_history_row_get_title (TlHistoryRow   *self);

G_END_DECLS
