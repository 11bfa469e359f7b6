/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What tests may reach inside the history model: the choice of query plan. */
#pragma once

#include "tl-history-model.h"

G_BEGIN_DECLS

typedef enum {
  TL_HISTORY_MODEL_PLAN_AUTO,
  TL_HISTORY_MODEL_PLAN_JOIN,
  TL_HISTORY_MODEL_PLAN_SCAN,
} TlHistoryModelPlan;

/* Both plans must list the same rows; tests check one against the other. */
void tl_history_model_set_plan (TlHistoryModel     *self,
                                TlHistoryModelPlan  plan);

G_END_DECLS
