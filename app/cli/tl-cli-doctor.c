/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli doctor`: runs the trunk doctor on a stored account and prints
 * each check as it ends (or one JSON object), failing when any check failed. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-doctor.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-account-store.h"
#include "tl-cli-register.h"
#include "tl-cli-secret.h"
#include "tl-cli-trace.h"
#include "tl-doctor.h"
#include "tl-engine.h"
#include "tl-main-wait.h"
#include "tl-secret.h"

typedef struct {
  GMainLoop    *loop;
  TlDoctor     *doctor;
  GCancellable *cancellable;
  gboolean      json;
  gboolean      done;
  gboolean      engine_stopped;
  GError       *error;
} DoctorRun;

static void
print_check (TlDoctorCheck *check)
{
  g_autofree char *value = tl_doctor_check_dup_value_text (check);
  g_autofree char *upper = g_ascii_strup (tl_doctor_result_to_string (tl_doctor_check_get_result (check)), -1);

  g_print ("%-4s  %s", upper, tl_doctor_check_get_title (check));
  if (value != NULL)
    g_print (": %s%s%s", value, tl_doctor_check_get_unit (check) != NULL ? " " : "",
             tl_doctor_check_get_unit (check) != NULL ? tl_doctor_check_get_unit (check) : "");
  g_print ("\n");
  if (tl_doctor_check_get_summary (check) != NULL)
    g_print ("      %s\n", tl_doctor_check_get_summary (check));
  if (tl_doctor_check_get_advice (check) != NULL)
    g_print ("      → %s\n", tl_doctor_check_get_advice (check));
}

static void
check_done_cb (TlDoctorCheck *check,
               GParamSpec    *pspec,
               DoctorRun     *run)
{
  if (!run->json && tl_doctor_check_get_result (check) != TL_DOCTOR_RESULT_RUNNING)
    print_check (check);
}

static void
checks_changed_cb (GListModel *checks,
                   guint       position,
                   guint       removed,
                   guint       added,
                   DoctorRun  *run)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(TlDoctorCheck) check = g_list_model_get_item (checks, i);

      if (tl_doctor_check_get_result (check) != TL_DOCTOR_RESULT_RUNNING)
        check_done_cb (check, NULL, run);
      else
        g_signal_connect (check, "notify::result", G_CALLBACK (check_done_cb), run);
    }
}

static void
doctor_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DoctorRun *run = user_data;

  tl_doctor_run_finish (TL_DOCTOR (source), result, &run->error);
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

static void
engine_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DoctorRun *run = user_data;

  if (!tl_engine_start_finish (TL_ENGINE (source), result, &run->error))
    {
      run->done = TRUE;
      g_main_loop_quit (run->loop);
      return;
    }
  tl_doctor_run_async (run->doctor, run->cancellable, doctor_done_cb, run);
}

static gboolean
signal_cb (gpointer user_data)
{
  DoctorRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  tl_engine_stop_finish (TL_ENGINE (source), result, NULL);
  ((DoctorRun *) user_data)->engine_stopped = TRUE;
}

static void
print_json (TlDoctor *doctor)
{
  g_autoptr(JsonNode) root = tl_doctor_to_json (doctor);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static TlAccount *
load_account (const char  *id,
              GError     **error)
{
  g_autofree char *path = tl_account_store_default_path ();
  g_autoptr(TlAccountStore) store = tl_account_store_new (path);
  TlAccount *account;

  if (!tl_account_store_load (store, error))
    return NULL;
  account = id != NULL ? tl_account_store_lookup (store, id) : tl_account_store_get_default (store);
  if (account == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           id != NULL ? "No account with that id" : "No account yet: add one with “trunkline-cli accounts add”");
      return NULL;
    }
  return g_object_ref (account);
}

int
tl_cli_doctor_main (int    argc,
                    char **argv)
{
  g_autofree char *account_id = NULL;
  g_autofree char *target = NULL;
  g_autofree char *stun = NULL;
  g_autofree char *listen = NULL;
  gboolean password_stdin = FALSE;
  gboolean json = FALSE;
  int timeout_s = 10;
  int call_seconds = 8;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_id, "A stored account (default: the default account)", "ID" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from standard input", NULL },
    { "echo", 0, 0, G_OPTION_ARG_STRING, &target,
      "Place a test call to TARGET: a number, a SIP address, or “demo” (the built-in echo)", "TARGET" },
    { "stun", 0, 0, G_OPTION_ARG_STRING, &stun, "STUN server for the NAT check (default: the account's)", "HOST:PORT" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, "Bound on each network check (default 10 s)", "S" },
    { "call-seconds", 0, 0, G_OPTION_ARG_INT, &call_seconds, "How long the test call lasts (default 8 s)", "S" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Local SIP address:port for the engine", "ADDR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object with every check", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- check a trunk account end to end");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlAccount) account = NULL;
  g_autoptr(TlEngine) engine = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(TlTraceRecorder) recorder = NULL;
  char *password = NULL;
  DoctorRun run = { 0 };
  guint sigint_id, sigterm_id;
  int exit_code;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  if (argc != 1 || timeout_s <= 0 || timeout_s > 600 || call_seconds <= 0 || call_seconds > 600)
    {
      g_printerr ("%s", g_option_context_get_help (context, TRUE, NULL));
      return TL_CLI_EXIT_USAGE;
    }
  account = load_account (account_id, &error);
  if (account == NULL)
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  if (password_stdin)
    password = tl_cli_read_password_stdin (&error);
  else if (tl_account_get_mode (account) != TL_ACCOUNT_MODE_IP_AUTH)
    password = tl_cli_lookup_password (tl_account_get_id (account), &error);
  if (password == NULL && tl_account_get_mode (account) != TL_ACCOUNT_MODE_IP_AUTH)
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }

  engine = tl_engine_new ();
  tl_engine_set_listen_address (engine, listen);
  /* What the doctor saw is what the provider will want to see. */
  recorder = tl_cli_trace_record (engine, password);
  run.doctor = tl_doctor_new (engine, account, password);
  if (password != NULL)
    memset (password, 0, strlen (password));
  g_free (password);
  tl_doctor_set_echo_target (run.doctor, target);
  tl_doctor_set_stun_server (run.doctor, stun);
  tl_doctor_set_timeout (run.doctor, (guint) timeout_s);
  tl_doctor_set_call_seconds (run.doctor, (guint) call_seconds);
  g_signal_connect (tl_doctor_get_checks (run.doctor), "items-changed", G_CALLBACK (checks_changed_cb), &run);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.json = json;
  run.cancellable = g_cancellable_new ();
  tl_engine_start_async (engine, NULL, engine_started_cb, &run);
  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &run);
  g_main_loop_run (loop);

  if (run.error != NULL && !g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr ("The trunk doctor could not run: %s\n", run.error->message);
  if (json)
    print_json (run.doctor);
  else if (run.error == NULL)
    g_print ("%s in %.1f s\n", tl_doctor_get_result (run.doctor) == TL_DOCTOR_RESULT_FAIL ? "Problems found"
                               : tl_doctor_get_result (run.doctor) == TL_DOCTOR_RESULT_WARN ? "Works, with warnings"
                               : "All checks passed",
             tl_doctor_get_elapsed_ms (run.doctor) / 1000.0);
  if (run.error != NULL)
    exit_code = g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? TL_CLI_EXIT_FAILURE : TL_CLI_EXIT_ENGINE;
  else
    exit_code = tl_doctor_get_result (run.doctor) == TL_DOCTOR_RESULT_FAIL ? TL_CLI_EXIT_FAILURE : TL_CLI_EXIT_OK;

  /* Let the doctor's leftovers (unregistering) go out, then stop the engine. */
  if (tl_engine_get_state (engine) != TL_ENGINE_STATE_STOPPED && tl_engine_get_state (engine) != TL_ENGINE_STATE_FAILED)
    {
      tl_engine_stop_async (engine, NULL, stopped_cb, &run);
      if (!tl_main_wait_for (NULL, &run.engine_stopped, TL_ENGINE_STOP_BUDGET_MS))
        g_printerr ("The call engine did not stop in time\n");
    }
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (tl_doctor_get_checks (run.doctor), &run);
  for (guint i = 0; i < g_list_model_get_n_items (tl_doctor_get_checks (run.doctor)); i++)
    {
      g_autoptr(GObject) check = g_list_model_get_item (tl_doctor_get_checks (run.doctor), i);

      g_signal_handlers_disconnect_by_data (check, &run);
    }
  g_clear_object (&run.doctor);
  g_clear_object (&run.cancellable);
  g_clear_error (&run.error);
  return exit_code;
}
