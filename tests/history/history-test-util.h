/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers for the history tests: temporary folders and quick call rows. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "tl-history-store.h"
#include "tl-test-trunk.h"

static inline char *
history_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tl-history-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
history_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static inline gint64
history_test_add_call (TlHistoryStore     *store,
                       TlHistoryDirection  direction,
                       const char         *account,
                       const char         *uri,
                       const char         *name,
                       gint64              started,
                       gboolean            answered)
{
  TlHistoryCallStart start = {
    .account_id = account,
    .direction = direction,
    .peer_uri = uri,
    .peer_name = name,
    .started = started,
    .country_code = "31",
    .national_prefix = "0",
  };
  TlHistoryCallEnd end = {
    .answered = answered ? started + G_USEC_PER_SEC : 0,
    .ended = started + 61 * G_USEC_PER_SEC,
    .end_reason = answered ? "normal" : "cancelled",
    .sip_code = answered ? 200 : 487,
    .codec = answered ? "opus" : NULL,
    .srtp = answered,
    .setup_ms = answered ? 800 : -1,
  };
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = tl_history_store_begin_call (store, &start, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  tl_history_store_end_call (store, id, &end, &error);
  g_assert_no_error (error);
  return id;
}
