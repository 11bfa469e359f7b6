/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bounded waits on a main context, for one-shot programs and for shutdown: blocking there is fine, forever is not. */
#define G_LOG_DOMAIN "tl-app"

#include "config.h"

#include "tl-main-wait.h"

static gboolean
deadline_reached_cb (gpointer user_data)
{
  gboolean *reached = user_data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
tl_main_wait_until (GMainContext    *context,
                    TlMainCondition  condition,
                    gpointer         user_data,
                    guint            timeout_ms)
{
  g_autoptr(GSource) deadline = g_timeout_source_new (timeout_ms);
  gboolean reached = FALSE;
  gboolean met;

  g_source_set_callback (deadline, deadline_reached_cb, &reached, NULL);
  g_source_attach (deadline, context);
  while (!(met = condition (user_data)) && !reached)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (deadline);
  return met;
}

static gboolean
flag_is_set (gpointer user_data)
{
  return *(const gboolean *) user_data;
}

gboolean
tl_main_wait_for (GMainContext   *context,
                  const gboolean *done,
                  guint           timeout_ms)
{
  return tl_main_wait_until (context, flag_is_set, (gpointer) done, timeout_ms);
}
