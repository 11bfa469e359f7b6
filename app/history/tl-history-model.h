/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GListModel of history entries, newest first, loaded page by page on demand. */
#pragma once

#include <gio/gio.h>

#include "tl-history-enums.h"
#include "tl-history-store.h"

G_BEGIN_DECLS

/* A list view binds about 200 rows at once: one page covers them. */
#define TL_HISTORY_MODEL_PAGE_SIZE 256

#define TL_TYPE_HISTORY_MODEL (tl_history_model_get_type ())

G_DECLARE_FINAL_TYPE (TlHistoryModel, tl_history_model, TL, HISTORY_MODEL, GObject)

TlHistoryModel  *tl_history_model_new            (TlHistoryStore  *store);
TlHistoryStore  *tl_history_model_get_store      (TlHistoryModel  *self);
TlHistoryFilter  tl_history_model_get_filter     (TlHistoryModel  *self);
void             tl_history_model_set_filter     (TlHistoryModel  *self,
                                                  TlHistoryFilter  filter);
const char      *tl_history_model_get_account_id (TlHistoryModel  *self);
void             tl_history_model_set_account_id (TlHistoryModel  *self,
                                                  const char      *account_id);
const char      *tl_history_model_get_search     (TlHistoryModel  *self);
void             tl_history_model_set_search     (TlHistoryModel  *self,
                                                  const char      *search);
void             tl_history_model_reload         (TlHistoryModel  *self);

char            *tl_history_model_build_match    (const char      *search,
                                                  gboolean        *use_prefix_index);

G_END_DECLS
