/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The call history: a list view over the paged store, with filters and search as queries of their own. */
#pragma once

#include <adwaita.h>

#include "tl-history-entry.h"
#include "tl-history-store.h"
#include "tl-name-resolver.h"

G_BEGIN_DECLS

#define TL_TYPE_HISTORY_PAGE (tl_history_page_get_type ())
G_DECLARE_FINAL_TYPE (TlHistoryPage, tl_history_page, TL, HISTORY_PAGE, GtkWidget)

/* @store NULL: the history could not be opened (the page says so). "call-back"
 * (TlHistoryEntry) asks to call a row's peer again. */
GtkWidget   *tl_history_page_new            (TlHistoryStore *store);
/* The list shown now (a TlHistoryModel; a new one for each filter and search). */
GListModel  *tl_history_page_get_model      (TlHistoryPage *self);
GtkWidget   *tl_history_page_get_list_view  (TlHistoryPage *self);
void         tl_history_page_focus_search   (TlHistoryPage *self);

/* Where rows get callers' names (the contacts); set before the page is shown. */
void            tl_history_page_set_name_resolver (TlHistoryPage  *self,
                                                   TlNameResolver *names);

G_END_DECLS
