/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The history page over 100 000 calls, in-process under Xvfb: scrolled through in steps,
 * every row on screen is bound to the call at its place; large jumps are measured. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "tl-history-model.h"
#include "tl-history-page.h"
#include "tl-history-row.h"
#include "tl-test-history.h"
#include "tl-paths.h"
#include "tl-phone-number.h"
#include "tl-test-trunk.h"
#include "tl-test-ui.h"

#define N_CALLS 100000

/* One history for both tests: writing 100 000 calls takes a while. */
static TlHistoryStore *store;

typedef struct {
  GtkWidget      *window;
  GtkWidget      *page;
  GtkListView    *list;
  GtkAdjustment  *adjustment;
} Fixture;

/* Iterates the main context until the window has drawn a frame (within a bound). */
static void
await_frame (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (f->window);
  gint64 before = gdk_frame_clock_get_frame_counter (clock);

  gtk_widget_queue_draw (f->window);
  TL_TEST_AWAIT (gdk_frame_clock_get_frame_counter (clock) > before, 5000, "frame %" G_GINT64_FORMAT, before);
}

/* Rows on screen: how many are bound, and whether each shows the call at its place. */
static guint
check_visible_rows (Fixture  *f,
                    guint    *n_visible,
                    gboolean *in_place)
{
  GListModel *model = tl_history_page_get_model (TL_HISTORY_PAGE (f->page));
  double height = gtk_adjustment_get_page_size (f->adjustment);
  guint bound = 0;

  *n_visible = 0;
  *in_place = TRUE;
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (f->list)); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *child = gtk_widget_get_first_child (item);
      graphene_rect_t bounds;
      TlHistoryEntry *entry;

      if (!TL_IS_HISTORY_ROW (child) || !gtk_widget_get_mapped (item)
          || !gtk_widget_compute_bounds (item, GTK_WIDGET (f->list), &bounds))
        continue;
      /* Only rows inside the viewport count. */
      if (bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;
      (*n_visible)++;
      entry = tl_history_row_get_entry (TL_HISTORY_ROW (child));
      if (entry == NULL)
        continue;
      bound++;
      {
        /* Its place from the name ("Caller 000123" is row 123), against the model. */
        guint number = (guint) g_ascii_strtoull (tl_history_entry_get_peer_name (entry) + strlen ("Caller "),
                                                 NULL, 10);
        g_autoptr(TlHistoryEntry) expected = g_list_model_get_item (model, number);

        if (expected == NULL || tl_history_entry_get_id (expected) != tl_history_entry_get_id (entry))
          *in_place = FALSE;
      }
    }
  return bound;
}

/* Every row on screen bound, each to the call at its place. */
static gboolean
rows_bound (gpointer user_data)
{
  Fixture *f = user_data;
  guint visible;
  gboolean in_place;

  return check_visible_rows (f, &visible, &in_place) == visible && visible > 0 && in_place;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  f->page = tl_history_page_new (store);
  gtk_window_set_child (GTK_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  f->list = GTK_LIST_VIEW (tl_history_page_get_list_view (TL_HISTORY_PAGE (f->page)));
  /* The scrolled window's own adjustment: what a scroll bar moves. */
  f->adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (f->list), GTK_TYPE_SCROLLED_WINDOW)));
  TL_TEST_AWAIT (gtk_widget_get_mapped (f->window) && rows_bound (f), 30000, "the list showed no rows");
  /* The first frame shows a screenful; every call is in the list after it. */
  TL_TEST_AWAIT (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (f->list))) == N_CALLS, 10000,
                 "the list holds %u of %u calls",
                 g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (f->list))), N_CALLS);
  TL_TEST_AWAIT (gtk_adjustment_get_upper (f->adjustment) > 10 * gtk_adjustment_get_page_size (f->adjustment),
                 10000, "the list is %.0f px high in a %.0f px window", gtk_adjustment_get_upper (f->adjustment),
                 gtk_adjustment_get_page_size (f->adjustment));
  g_assert_cmpuint (g_list_model_get_n_items (tl_history_page_get_model (TL_HISTORY_PAGE (f->page))), ==, N_CALLS);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* All the way down in steps well inside the rows the list keeps bound: every
 * step shows bound rows, each the call that belongs there. */
static void
test_steps (Fixture       *f,
            gconstpointer  data)
{
  /* Well inside the ~200 rows (about 10 000 px) the list keeps bound around the view. */
  double step = 3000;
  guint steps = 0, blank = 0, misplaced = 0;
  gint64 t0 = g_get_monotonic_time ();

  while (gtk_adjustment_get_value (f->adjustment)
         < gtk_adjustment_get_upper (f->adjustment) - gtk_adjustment_get_page_size (f->adjustment) - 1)
    {
      guint visible;
      gboolean in_place;

      gtk_adjustment_set_value (f->adjustment, gtk_adjustment_get_value (f->adjustment) + step);
      await_frame (f);
      if (check_visible_rows (f, &visible, &in_place) < visible || visible == 0)
        {
          /* Give the list one more frame before calling it blank. */
          await_frame (f);
          if (check_visible_rows (f, &visible, &in_place) < visible || visible == 0)
            blank++;
        }
      misplaced += !in_place;
      steps++;
    }
  g_test_message ("%u steps of %.0f px through %u rows in %.1f s: %u blank, %u misplaced", steps, step, N_CALLS,
                  (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC, blank, misplaced);
  g_assert_cmpuint (steps, >, 100);
  g_assert_cmpuint (blank, ==, 0);
  g_assert_cmpuint (misplaced, ==, 0);
  /* The end is reached: the oldest call is on screen. */
  {
    guint visible;
    gboolean in_place;

    g_assert_cmpuint (check_visible_rows (f, &visible, &in_place), >, 0);
  }
}

/* Large programmatic jumps: GTK 4.8 may leave the list blank for a while after
 * one (fixed in 4.10). Measured and reported; rows must come back. */
static void
test_jumps (Fixture       *f,
            gconstpointer  data)
{
  const double fractions[] = { 0.5, 0.1, 0.9, 0.3, 0.7, 1.0, 0.0 };
  guint stayed_blank = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fractions); i++)
    {
      double upper = gtk_adjustment_get_upper (f->adjustment) - gtk_adjustment_get_page_size (f->adjustment);
      gint64 t0 = g_get_monotonic_time ();
      gboolean back;

      gtk_adjustment_set_value (f->adjustment, fractions[i] * upper);
      await_frame (f);
      back = tl_test_wait_until (rows_bound, f, 3000);
      g_test_message ("jump to %.0f %%: rows %s after %.0f ms", fractions[i] * 100,
                      back ? "bound" : "still blank", (double) (g_get_monotonic_time () - t0) / 1000.0);
      stayed_blank += !back;
      if (!back)
        {
          /* What brings it back: a small step, as a person's scroll would make. */
          gtk_adjustment_set_value (f->adjustment, gtk_adjustment_get_value (f->adjustment) - 400);
          await_frame (f);
          TL_TEST_AWAIT (rows_bound (f), 3000, "no rows even after a small step");
        }
    }
  g_test_message ("%u of %" G_GSIZE_FORMAT " large jumps left the list blank for 3 s", stayed_blank,
                  G_N_ELEMENTS (fractions));
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *xvfb;
  int status;

  g_test_init (&argc, &argv, NULL);
  xvfb = tl_test_ui_start_display ();
  gtk_init ();
  adw_init ();
  dir = g_dir_make_tmp ("tl-scroll-XXXXXX", NULL);
  path = g_build_filename (dir, "history.sqlite", NULL);
  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  {
    gint64 t0 = g_get_monotonic_time ();

    tl_test_history_fill (store, N_CALLS);
    g_test_message ("%u calls written in %.1f s", N_CALLS, (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);
  }
  g_test_add ("/ui/history/scroll-steps", Fixture, NULL, fixture_setup, test_steps, fixture_teardown);
  g_test_add ("/ui/history/large-jumps", Fixture, NULL, fixture_setup, test_jumps, fixture_teardown);
  status = g_test_run ();
  g_clear_object (&store);
  tl_paths_remove_tree (dir, NULL);
  /* Off the display before it goes: GDK ends the process when its server vanishes. */
  gdk_display_close (gdk_display_get_default ());
  tl_test_ui_stop_display (xvfb);
  return status;
}
