/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A big call history for the UI tests and the UI benchmark: rows that say where they belong. */
#include "config.h"

#include "tl-test-history.h"

#include "tl-history-store-private.h"

#define BATCH 10000

void
tl_test_history_fill (TlHistoryStore *store,
                      guint           n)
{
  gint64 now = g_get_real_time ();

  for (guint done = 0; done < n; done += BATCH)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_history_record_free);
      g_autoptr(GError) error = NULL;

      for (guint i = done; i < MIN (n, done + BATCH); i++)
        {
          TlHistoryRecord *r = tl_history_record_new ();

          r->account_id = g_strdup ("work");
          r->direction = i % 3 == 0 ? TL_HISTORY_DIRECTION_INCOMING : TL_HISTORY_DIRECTION_OUTGOING;
          r->peer_uri = g_strdup_printf ("sip:+3120%07u@trunk.example", i);
          r->peer_number = g_strdup_printf ("+3120%07u", i);
          r->peer_digits = g_strdup_printf ("3120%07u", i);
          r->peer_name = g_strdup_printf ("Caller %06u", i);
          r->started = now - (gint64) i * 60 * G_USEC_PER_SEC;
          r->answered = r->started + G_USEC_PER_SEC;
          r->ended = r->started + 30 * G_USEC_PER_SEC;
          r->duration = 29;
          r->missed = i % 7 == 0;
          r->seen = TRUE;
          g_ptr_array_add (records, r);
        }
      if (!tl_history_store_insert_records (store, (TlHistoryRecord **) records->pdata, records->len, &error))
        g_error ("the test history could not be written: %s", error->message);
    }
}
