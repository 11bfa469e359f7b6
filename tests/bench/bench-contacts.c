/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the contacts at 10 000: a vCard import, searches as typed, callers named.
 * Prints "<figure> <value> <unit>" lines; asserts nothing. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "tl-contact-store.h"
#include "tl-name-resolver.h"

#define N_CONTACTS  10000
#define N_SEARCHES  300
#define N_LOOKUPS   2000
/* What a list view reads for its first screen after a search. */
#define ROWS_SHOWN  40

static const char * const first_names[] = {
  "Anna", "Bram", "Chloé", "Daan", "Eva", "Finn", "Greta", "Hugo", "Iris", "Jan", "Kees", "Lotte",
  "Milan", "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sem", "Tess", "Umut", "Vera", "Wout",
  "Xander", "Yara", "Zoë", "Ahmed", "Fatima", "Mohamed", "Sophie", "Lucas", "Emma", "Liam",
};
static const char * const last_names[] = {
  "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
  "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
  "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "O'Connor", "Müller", "García",
};

static void
figure (const char *name,
        double      value,
        const char *unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  printf ("%s %s %s\n", name, g_ascii_formatd (buf, sizeof buf, "%.3f", value), unit);
  fflush (stdout);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* CPU time of this process: on a shared machine, beside the wall clock. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0
         + usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
percentiles (const char *name,
             GArray     *samples)
{
  g_autofree char *p50 = g_strdup_printf ("%s_p50", name);
  g_autofree char *p95 = g_strdup_printf ("%s_p95", name);
  g_autofree char *max = g_strdup_printf ("%s_max", name);

  g_array_sort (samples, compare_doubles);
  figure (p50, g_array_index (samples, double, samples->len / 2), "ms");
  figure (p95, g_array_index (samples, double, samples->len * 95 / 100), "ms");
  figure (max, g_array_index (samples, double, samples->len - 1), "ms");
}

/* Two numbers each: a mobile in E.164, an office number written nationally. */
static char *
write_vcards (const char *dir)
{
  char *path = g_build_filename (dir, "contacts.vcf", NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < N_CONTACTS; i++)
    {
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)];

      g_string_append_printf (out, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-%u\r\n"
                                   "FN:%s %s %u\r\nN:%s;%s;;;\r\n"
                                   "TEL;TYPE=CELL:+31 6 %04u %04u\r\n"
                                   "TEL;TYPE=WORK,VOICE:020 %03u %04u\r\n"
                                   "ORG:Firm %u\r\nEND:VCARD\r\n",
                              i, first, last, i, last, first, i / 10000, i % 10000, i % 1000, i, i % 97);
    }
  g_assert (g_file_set_contents (path, out->str, (gssize) out->len, NULL));
  g_string_free (out, TRUE);
  return path;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The app's path: a thread with its own connection while the main loop runs. */
static double
import_in_thread (TlContactStore *store,
                  GFile          *file,
                  guint          *ticks_late)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TlContactImportResult) import = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 last = start;
  double ms;

  *ticks_late = 0;
  tl_contact_store_import_async (store, file, NULL, import_done_cb, &result);
  while (result == NULL)
    {
      gint64 now;

      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      now = g_get_monotonic_time ();
      /* The main loop stays free: count turns that came later than a frame (16 ms). */
      if (now - last > 16000)
        (*ticks_late)++;
      last = now;
    }
  ms = ms_since (start);
  import = tl_contact_store_import_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert (import->imported + import->updated == N_CONTACTS);
  return ms;
}

int
main (int argc, char **argv)
{
  static const char * const searches[] = {
    "a", "e", "jan", "de v", "müller", "muller", "zoë", "van den", "o'c", "greta bos",
    "6 0001", "020 5", "+31 6", "555", "12", "9999", "firm 4", "xyz", "h", "liam",
  };
  g_autofree char *dir = g_dir_make_tmp ("tl-bench-contacts-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "history.sqlite", NULL);
  g_autofree char *vcf = write_vcards (dir);
  g_autoptr(GFile) file = g_file_new_for_path (vcf);
  g_autoptr(TlContactStore) store = NULL;
  g_autoptr(TlContactImportResult) result = NULL;
  g_autoptr(GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lookup_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  guint found = 0, late = 0;
  gint64 start;
  double ms, cpu;
  double load[1] = { -1 };

  store = tl_contact_store_open (db, NULL, &error);
  g_assert_no_error (error);
  tl_contact_store_set_dial_plan (store, "31", "0");

  if (getloadavg (load, 1) == 1)
    figure ("load_average_1min", load[0], "");
  start = g_get_monotonic_time ();
  cpu = cpu_ms ();
  result = tl_contact_store_import_file (store, file, NULL, &error);
  ms = ms_since (start);
  cpu = cpu_ms () - cpu;
  g_assert_no_error (error);
  g_assert (result->imported == N_CONTACTS);
  figure ("import_10k_ms", ms, "ms");
  figure ("import_10k_cpu_ms", cpu, "ms");
  figure ("import_10k_cards_per_s", N_CONTACTS / (ms / 1000.0), "cards/s");

  /* Again, in the thread the window uses: every card now updates its contact. */
  ms = import_in_thread (store, file, &late);
  figure ("reimport_10k_thread_ms", ms, "ms");
  figure ("reimport_main_loop_turns_over_16ms", late, "turns");

  for (guint i = 0; i < N_SEARCHES; i++)
    {
      const char *text = searches[i % G_N_ELEMENTS (searches)];
      g_autoptr(GListModel) list = NULL;
      guint n;

      start = g_get_monotonic_time ();
      list = tl_contact_store_search (store, text);
      n = g_list_model_get_n_items (list);
      for (guint row = 0; row < MIN (n, ROWS_SHOWN); row++)
        g_object_unref (g_list_model_get_item (list, row));
      ms = ms_since (start);
      g_array_append_val (search_ms, ms);
    }
  percentiles ("search_10k_first_screen", search_ms);

  for (guint i = 0; i < N_LOOKUPS; i++)
    {
      guint who = (i * 7919) % N_CONTACTS;
      /* Calls arrive in the other form: the office number in E.164, the mobile nationally. */
      g_autofree char *uri = i % 2 == 0 ? g_strdup_printf ("sip:+3120%03u%04u@trunk.example", who % 1000, who)
                                        : g_strdup_printf ("sip:06%04u%04u@trunk.example", who / 10000, who % 10000);
      g_autofree char *name = NULL;

      start = g_get_monotonic_time ();
      name = tl_name_resolver_lookup_name (TL_NAME_RESOLVER (store), uri, "31", "0");
      ms = ms_since (start);
      g_array_append_val (lookup_ms, ms);
      found += name != NULL;
    }
  percentiles ("caller_name_10k", lookup_ms);
  figure ("caller_named_share", 100.0 * found / N_LOOKUPS, "%");

  if (g_stat (db, &st) == 0)
    figure ("database_size", st.st_size / 1024.0, "KiB");
  g_clear_object (&store);
  remove_dir (dir);
  return 0;
}
