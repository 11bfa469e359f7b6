/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test helper: writes bursts of calls to a history and prints how many are committed. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tl-history-store.h"
#include "tl-history-store-private.h"

#define BURST 250

static TlHistoryRecord *
make_record (guint n)
{
  TlHistoryRecord *r = tl_history_record_new ();

  r->account_id = g_strdup ("crash");
  r->direction = n % 2;
  r->peer_uri = g_strdup_printf ("sip:+3120%07u@x", n);
  r->peer_number = g_strdup_printf ("+3120%07u", n);
  r->peer_digits = g_strdup_printf ("3120%07u", n);
  r->peer_name = g_strdup_printf ("Burst caller %u with a somewhat longer name", n);
  r->started = g_get_real_time ();
  r->ended = r->started + G_USEC_PER_SEC;
  r->missed = n % 7 == 0;
  return r;
}

/* Usage: tl-history-writer PATH MAX_ROWS. After every commit it prints
 * "committed N" (rows this run), so whatever was printed is on disk. */
int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;
  guint64 max_rows;
  guint64 committed = 0;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s PATH MAX_ROWS\n", argv[0]);
      return 2;
    }
  max_rows = g_ascii_strtoull (argv[2], NULL, 10);

  store = tl_history_store_open (argv[1], TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  if (store == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  while (committed < max_rows)
    {
      TlHistoryCallStart start = {
        .account_id = "crash",
        .direction = TL_HISTORY_DIRECTION_INCOMING,
        .peer_uri = "sip:0201234567@x",
        .peer_name = "Single call",
        .country_code = "31",
        .national_prefix = "0",
      };
      TlHistoryCallEnd end = { .end_reason = "normal", .sip_code = 200 };
      TlHistoryRecord *burst[BURST];
      gint64 id;
      guint i;

      /* One call the way the app writes it: a row at the start, an update at the end. */
      id = tl_history_store_begin_call (store, &start, &error);
      if (tl_history_store_get_pending_count (store) > 0)
        return 1;
      committed++;
      printf ("committed %" G_GUINT64_FORMAT "\n", committed);
      fflush (stdout);
      if (!tl_history_store_end_call (store, id, &end, &error))
        return 1;

      /* Then a burst in one transaction. */
      for (i = 0; i < BURST; i++)
        burst[i] = make_record ((guint)(committed + i));
      if (!tl_history_store_insert_records (store, burst, BURST, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      for (i = 0; i < BURST; i++)
        tl_history_record_free (burst[i]);
      committed += BURST;
      printf ("committed %" G_GUINT64_FORMAT "\n", committed);
      fflush (stdout);
    }

  return 0;
}
