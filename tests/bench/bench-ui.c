/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UI benchmark: the window's start, its memory idle with an account registered, its CPU
 * during a call, the history's first page at 1 000 000 calls; beside a bare libadwaita
 * window (the floor) and GNOME Calls, in the same setting. Prints "<figure> <value> <unit>". */
#define G_LOG_DOMAIN "tl-bench"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tl-history-page.h"
#include "tl-history-row.h"
#include "tl-paths.h"
#include "tl-test-history.h"
#include "tl-test-trunk.h"
#include "tl-test-ui.h"

#define MAP_RUNS 5
#define CALL_SECONDS 30
#define IDLE_SECONDS 5
#define HISTORY_CALLS 1000000
#define HISTORY_RUNS 5

static void
figure (const char *name,
        double      value,
        const char *unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  printf ("%s %s %s\n", name, g_ascii_formatd (buf, sizeof buf, "%.2f", value), unit);
  fflush (stdout);
}

static int
compare_pss (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  guint x = GPOINTER_TO_UINT (g_hash_table_lookup (user_data, *(const char *const *) a));
  guint y = GPOINTER_TO_UINT (g_hash_table_lookup (user_data, *(const char *const *) b));

  return (y > x) - (y < x);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static double
rollup_mib (GPid        pid,
            const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps_rollup", (int) pid);
  g_autofree char *text = NULL;
  const char *p;

  if (pid <= 0 || !g_file_get_contents (path, &text, NULL, NULL) || (p = strstr (text, field)) == NULL)
    return 0;
  return g_ascii_strtod (p + strlen (field), NULL) / 1024.0;
}

/* The largest mappings of @pid by PSS, as comment lines: where the memory is. */
static void
print_top_mappings (const char *label,
                    GPid        pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps", (int) pid);
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *current = "[anon]";

  if (pid <= 0 || !g_file_get_contents (path, &text, NULL, NULL))
    return;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_ascii_isxdigit (lines[i][0]) && strchr (lines[i], '-') != NULL)
        {
          int consumed = 0;

          /* address perms offset dev inode [name] */
          sscanf (lines[i], "%*s %*s %*s %*s %*s %n", &consumed);
          current = consumed > 0 && lines[i][consumed] != '\0' ? g_strstrip (lines[i] + consumed) : "[anon]";
          if (!g_hash_table_contains (by_name, current))
            g_hash_table_insert (by_name, g_strdup (current), GUINT_TO_POINTER (0));
        }
      else if (g_str_has_prefix (lines[i], "Pss:"))
        {
          guint kib = (guint) g_ascii_strtoull (lines[i] + 4, NULL, 10);
          gpointer key = NULL, value = NULL;

          if (g_hash_table_lookup_extended (by_name, current, &key, &value))
            g_hash_table_insert (by_name, g_strdup (current), GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + kib));
        }
    }
  {
    GHashTableIter iter;
    gpointer key;

    names = g_ptr_array_new ();
    g_hash_table_iter_init (&iter, by_name);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (names, key);
  }
  g_ptr_array_sort_with_data (names, (GCompareDataFunc) compare_pss, by_name);
  for (guint i = 0; i < MIN (names->len, 10u); i++)
    printf ("# %s: %6u KiB %s\n", label,
            GPOINTER_TO_UINT (g_hash_table_lookup (by_name, g_ptr_array_index (names, i))),
            (const char *) g_ptr_array_index (names, i));
}

/* utime + stime in clock ticks. */
static double
cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (pid <= 0 || !g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  /* After "(comm)": state is field 3, utime 14 and stime 15 (1-based). */
  return g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL);
}

static GPid
engine_pid (TlTestUi *ui)
{
  g_autofree char *line = tl_test_ui_await_line (ui, 0, "started (pid ", 20000);

  return (GPid) g_ascii_strtoll (strstr (line, "started (pid ") + strlen ("started (pid "), NULL, 10);
}

/* ---- start to first window, for one program ---------------------------------------- */

static void
measure_map (const char *label,
             const char *program,
             const char *window_name)
{
  double ms[MAP_RUNS];

  for (guint i = 0; i < MAP_RUNS; i++)
    {
      TlTestUiOptions options = { .name = "bench-ui", .program = program, .window_name = window_name };
      TlTestUi *ui = tl_test_ui_start (&options);

      ms[i] = tl_test_ui_get_mapped_ms (ui);
      if (i == MAP_RUNS - 1)
        {
          GPid pid = tl_test_ui_get_app_pid (ui);
          g_autofree char *pss = g_strdup_printf ("%s_idle_pss", label);
          g_autofree char *dirty = g_strdup_printf ("%s_idle_private_dirty", label);

          /* Idle: nothing to do for a while, no account. */
          tl_test_spin (IDLE_SECONDS * 1000);
          figure (pss, rollup_mib (pid, "Pss:"), "MiB");
          figure (dirty, rollup_mib (pid, "Private_Dirty:"), "MiB");
          print_top_mappings (label, pid);
        }
      tl_test_ui_stop (ui);
    }
  {
    g_autofree char *name = g_strdup_printf ("%s_window_mapped_median", label);
    g_autofree char *worst = g_strdup_printf ("%s_window_mapped_max", label);
    double max = 0;

    for (guint i = 0; i < MAP_RUNS; i++)
      max = MAX (max, ms[i]);
    figure (name, median (ms, MAP_RUNS), "ms");
    figure (worst, max, "ms");
  }
}

/* ---- Trunkline with an account: idle memory, then a call ------------------------------- */

static char *
await_peer_event (TlTestPeer *peer,
                  const char *type,
                  guint       from,
                  guint       timeout_ms)
{
  TlTestDeadline deadline;
  char *found = NULL;

  tl_test_deadline_start (&deadline, timeout_ms);
  while ((found = tl_test_peer_wait_event_from (peer, type, from, 0)) == NULL
         && tl_test_deadline_iterate (&deadline))
    ;
  tl_test_deadline_stop (&deadline);
  if (found == NULL)
    g_error ("the peer saw no %s within %u ms", type, timeout_ms);
  return found;
}

static void
measure_registered (void)
{
  TlTestUiOptions options = { .name = "bench-ui-call", .with_trunk = TRUE, .peer_answers = TRUE };
  TlTestUi *ui = tl_test_ui_start (&options);
  TlTestPeer *peer = tl_test_ui_get_peer (ui);
  GPid app = tl_test_ui_get_app_pid (ui);
  GPid engine = engine_pid (ui);
  long hz = sysconf (_SC_CLK_TCK);
  double app_ticks, engine_ticks;
  gint64 t0;
  guint events;

  /* Every page built once, then idle. */
  tl_test_ui_action (ui, "show-history", NULL);
  tl_test_spin (500);
  tl_test_ui_key (ui, "ctrl+l");
  tl_test_spin (IDLE_SECONDS * 1000);
  figure ("trunkline_idle_pss", rollup_mib (app, "Pss:"), "MiB");
  figure ("trunkline_idle_private_dirty", rollup_mib (app, "Private_Dirty:"), "MiB");
  figure ("engine_idle_pss", rollup_mib (engine, "Pss:"), "MiB");
  figure ("trunkline_plus_engine_idle_pss", rollup_mib (app, "Pss:") + rollup_mib (engine, "Pss:"), "MiB");
  print_top_mappings ("trunkline_registered", app);

  /* A call: the UI process only redraws the timer once a second. */
  events = tl_test_peer_get_event_count (peer);
  tl_test_ui_type (ui, TL_TEST_UI_PEER);
  tl_test_ui_key (ui, "Return");
  g_free (await_peer_event (peer, "CALL_ESTABLISHED", events, 15000));
  tl_test_spin (1000);
  app_ticks = cpu_ticks (app);
  engine_ticks = cpu_ticks (engine);
  t0 = g_get_monotonic_time ();
  tl_test_spin (CALL_SECONDS * 1000);
  {
    double seconds = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;

    figure ("trunkline_ui_cpu_in_call", 100.0 * (cpu_ticks (app) - app_ticks) / hz / seconds, "%");
    figure ("engine_cpu_in_call", 100.0 * (cpu_ticks (engine) - engine_ticks) / hz / seconds, "%");
  }
  tl_test_ui_key (ui, "Escape");
  tl_test_ui_stop (ui);
}

/* ---- the history's first page, in-process ------------------------------------------- */

static gboolean
first_rows_bound (gpointer user_data)
{
  GtkWidget *list = user_data;

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (TL_IS_HISTORY_ROW (row) && gtk_widget_get_mapped (row) && tl_history_row_get_entry (TL_HISTORY_ROW (row)))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  GtkWidget *list;
  gint64     painted;   /* when the first frame with rows on screen was painted, or 0 */
} PageWait;

/* The end of the first painted frame that holds bound rows: what a person sees. */
static void
after_paint_cb (GdkFrameClock *clock,
                PageWait      *wait)
{
  if (wait->painted == 0 && first_rows_bound (wait->list))
    wait->painted = g_get_monotonic_time ();
}

static void
measure_history_page (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-bench-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite", NULL);
  g_autoptr(TlHistoryStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *xvfb = tl_test_ui_start_display ();
  double ms[HISTORY_RUNS];
  double bound_ms[HISTORY_RUNS];
  gint64 t0;

  gtk_init ();
  adw_init ();
  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  tl_test_history_fill (store, HISTORY_CALLS);
  fprintf (stderr, "# %u calls written in %.1f s\n", HISTORY_CALLS, (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC);

  for (guint i = 0; i < HISTORY_RUNS; i++)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *page;
      PageWait wait = { 0 };
      gulong paint_id;

      gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
      gtk_window_present (GTK_WINDOW (window));
      TL_TEST_AWAIT (gtk_widget_get_mapped (window), 10000, "the window is not mapped");
      /* From building the page to the end of the first frame painted with its
       * rows on screen. */
      t0 = g_get_monotonic_time ();
      page = tl_history_page_new (store);
      wait.list = tl_history_page_get_list_view (TL_HISTORY_PAGE (page));
      wait.painted = 0;
      paint_id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                   G_CALLBACK (after_paint_cb), &wait);
      gtk_window_set_child (GTK_WINDOW (window), page);
      TL_TEST_AWAIT (first_rows_bound (wait.list), 10000, "no rows bound");
      bound_ms[i] = (double) (g_get_monotonic_time () - t0) / 1000.0;
      TL_TEST_AWAIT (wait.painted != 0, 10000, "no frame painted with rows");
      g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), paint_id);
      ms[i] = (double) (wait.painted - t0) / 1000.0;
      gtk_window_destroy (GTK_WINDOW (window));
      tl_test_spin (200);
    }
  /* Where it goes: rows built and bound, then the frame that shows them. */
  figure ("history_first_page_1m_rows_bound_median", median (bound_ms, HISTORY_RUNS), "ms");
  figure ("history_first_page_1m_median", median (ms, HISTORY_RUNS), "ms");
  g_clear_object (&store);
  tl_paths_remove_tree (dir, NULL);
  gdk_display_close (gdk_display_get_default ());
  tl_test_ui_stop_display (xvfb);
}

int
main (int    argc,
      char **argv)
{
  const char *floor_program = g_getenv ("TL_BENCH_UI_FLOOR");
  g_autofree char *calls = g_find_program_in_path ("gnome-calls");

  /* "history-page": only the last figure, for work on the list. */
  if (argc > 1 && g_str_equal (argv[1], "history-page"))
    {
      measure_history_page ();
      return 0;
    }
  measure_map ("trunkline", NULL, NULL);
  measure_map ("floor", floor_program, "^Floor$");
  if (calls != NULL)
    measure_map ("gnome_calls", calls, "^Calls$");
  else
    fprintf (stderr, "# GNOME Calls is not installed (packaging/bootstrap-debian --bench adds it)\n");
  measure_registered ();
  measure_history_page ();
  return 0;
}
