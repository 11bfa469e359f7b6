/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "history" command of trunkline-cli: list, search, export and clear the call history. */

#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-history.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "tl-history-model.h"
#include "tl-history-store.h"

#define DEFAULT_LIMIT 50

static const char usage_text[] =
  "Usage:\n"
  "  trunkline-cli history [--json] [--search Q] [--missed] [--limit N]\n"
  "  trunkline-cli history export FILE\n"
  "  trunkline-cli history clear\n";

static TlHistoryStore *
open_store (GError **error)
{
  g_autofree char *path = tl_history_store_default_path ();
  TlHistoryStore *store;

  /* The application may be running with calls in progress: leave open rows alone. */
  store = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NO_RECOVERY, NULL, error);
  if (store != NULL && tl_history_store_get_recovered_from_corruption (store))
    g_printerr ("%s\n", tl_history_store_get_recovery_message (store));
  return store;
}

/* Names and URIs come from the network: no terminal control sequences, no
 * bidirectional overrides reach the terminal. */
static char *
printable (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
format_time (gint64   usec,
             gboolean local)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (usec <= 0)
    return NULL;
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (utc == NULL)
    return NULL;
  if (!local)
    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  dt = g_date_time_to_local (utc);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static void
print_text_row (TlHistoryEntry *entry)
{
  g_autofree char *when = format_time (tl_history_entry_get_started (entry), TRUE);
  g_autofree char *name = printable (tl_history_entry_get_peer_name (entry));
  g_autofree char *number = printable (tl_history_entry_get_peer_number (entry)[0] != '\0'
                                       ? tl_history_entry_get_peer_number (entry)
                                       : tl_history_entry_get_peer_uri (entry));
  g_autofree char *reason = printable (tl_history_entry_get_end_reason (entry));
  gint64 duration = tl_history_entry_get_duration (entry);
  const char *kind;

  if (tl_history_entry_get_missed (entry))
    kind = "missed";
  else
    kind = tl_history_direction_to_string (tl_history_entry_get_direction (entry));

  g_print ("%-16s  %-8s  %-24s  %-16s  %3" G_GINT64_FORMAT ":%02d  %s\n",
           when != NULL ? when : "", kind, name, number,
           duration / 60, (int)(duration % 60), reason);
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       usec)
{
  g_autofree char *text = format_time (usec, FALSE);

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_figure_member (JsonBuilder *builder,
                   const char  *name,
                   double       value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_json_row (JsonBuilder    *builder,
              TlHistoryEntry *entry)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, tl_history_entry_get_id (entry));
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, tl_history_entry_get_account_id (entry));
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder,
                                 tl_history_direction_to_string (tl_history_entry_get_direction (entry)));
  json_builder_set_member_name (builder, "peer_uri");
  json_builder_add_string_value (builder, tl_history_entry_get_peer_uri (entry));
  json_builder_set_member_name (builder, "peer_number");
  json_builder_add_string_value (builder, tl_history_entry_get_peer_number (entry));
  json_builder_set_member_name (builder, "peer_name");
  json_builder_add_string_value (builder, tl_history_entry_get_peer_name (entry));
  add_time_member (builder, "started", tl_history_entry_get_started (entry));
  add_time_member (builder, "answered", tl_history_entry_get_answered (entry));
  add_time_member (builder, "ended", tl_history_entry_get_ended (entry));
  json_builder_set_member_name (builder, "duration_s");
  json_builder_add_int_value (builder, tl_history_entry_get_duration (entry));
  json_builder_set_member_name (builder, "end_reason");
  json_builder_add_string_value (builder, tl_history_entry_get_end_reason (entry));
  json_builder_set_member_name (builder, "sip_code");
  json_builder_add_int_value (builder, tl_history_entry_get_sip_code (entry));
  json_builder_set_member_name (builder, "codec");
  json_builder_add_string_value (builder, tl_history_entry_get_codec (entry));
  json_builder_set_member_name (builder, "srtp");
  json_builder_add_boolean_value (builder, tl_history_entry_get_srtp (entry));
  json_builder_set_member_name (builder, "setup_ms");
  if (tl_history_entry_get_setup_ms (entry) >= 0)
    json_builder_add_int_value (builder, tl_history_entry_get_setup_ms (entry));
  else
    json_builder_add_null_value (builder);
  add_figure_member (builder, "loss_percent", tl_history_entry_get_loss (entry));
  add_figure_member (builder, "jitter_ms", tl_history_entry_get_jitter (entry));
  add_figure_member (builder, "rtt_ms", tl_history_entry_get_rtt (entry));
  add_figure_member (builder, "mos", tl_history_entry_get_mos (entry));
  json_builder_set_member_name (builder, "missed");
  json_builder_add_boolean_value (builder, tl_history_entry_get_missed (entry));
  json_builder_set_member_name (builder, "seen");
  json_builder_add_boolean_value (builder, tl_history_entry_get_seen (entry));
  json_builder_end_object (builder);
}

static int
list_calls (gboolean    json,
            const char *search,
            gboolean    missed,
            int         limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;
  g_autoptr(TlHistoryModel) model = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  guint n;
  guint i;

  store = open_store (&error);
  if (store == NULL)
    {
      g_printerr ("Could not open the call history: %s\n", error->message);
      return 1;
    }

  model = tl_history_model_new (store);
  tl_history_model_set_search (model, search);
  if (missed)
    tl_history_model_set_filter (model, TL_HISTORY_FILTER_MISSED);

  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  if (limit > 0)
    n = MIN (n, (guint)limit);

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }

  for (i = 0; i < n; i++)
    {
      g_autoptr(TlHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (entry == NULL)
        break;
      if (json)
        add_json_row (builder, entry);
      else
        print_text_row (entry);
    }

  if (json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else if (n == 0)
    g_printerr ("No calls.\n");

  return 0;
}

static int
export_calls (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  guint64 n_rows = 0;

  store = open_store (&error);
  if (store == NULL || !tl_history_store_export_csv (store, file, &n_rows, NULL, &error))
    {
      g_printerr ("Could not export the call history: %s\n", error->message);
      return 1;
    }

  g_print ("Exported %" G_GUINT64_FORMAT " calls to %s\n", n_rows, path);
  return 0;
}

static int
clear_calls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlHistoryStore) store = NULL;

  store = open_store (&error);
  if (store == NULL || !tl_history_store_clear (store, &error))
    {
      g_printerr ("Could not clear the call history: %s\n", error->message);
      return 1;
    }

  g_print ("The call history is now empty.\n");
  return 0;
}

/**
 * tl_cli_history_main:
 * @argv: the arguments from "history" on (argv[0] is "history")
 *
 * Returns: the exit status: 0 on success, 1 on failure, 2 on a usage error
 */
int
tl_cli_history_main (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *search = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE;
  gboolean missed = FALSE;
  int limit = DEFAULT_LIMIT;
  int n_args;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, "Only calls whose number or name contains Q", "Q" },
    { "missed", 0, 0, G_OPTION_ARG_NONE, &missed, "Only missed calls", NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Print at most N calls (0: all; default 50)", "N" },
    { NULL }
  };

  if (argc >= 2 && g_str_equal (argv[1], "export"))
    {
      if (argc != 3)
        {
          g_printerr ("%s", usage_text);
          return 2;
        }
      return export_calls (argv[2]);
    }

  if (argc >= 2 && g_str_equal (argv[1], "clear"))
    {
      if (argc != 2)
        {
          g_printerr ("%s", usage_text);
          return 2;
        }
      return clear_calls ();
    }

  /* GOptionContext rewrites its array: give it a copy, not the caller's argv. */
  args = g_new0 (char *, argc + 1);
  for (n_args = 0; n_args < argc; n_args++)
    args[n_args] = g_strdup (argv[n_args]);

  context = g_option_context_new ("[export FILE | clear]");
  g_option_context_set_summary (context, "List, search, export or clear the call history.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n%s", error->message, usage_text);
      return 2;
    }
  if (g_strv_length (args) > 1 || limit < 0)
    {
      g_printerr ("%s", usage_text);
      return 2;
    }

  return list_calls (json, search, missed, limit);
}
