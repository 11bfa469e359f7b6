/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli register`: registers one account and reports how it went; with
 * --watch it stays up as a headless phone. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-register.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tl-account-store.h"
#include "tl-call-manager.h"
#include "tl-call-service.h"
#include "tl-cli-secret.h"
#include "tl-cli-trace.h"
#include "tl-engine.h"
#include "tl-history-store.h"
#include "tl-main-wait.h"
#include "tl-network-watch.h"
#include "tl-registration.h"
#include "tl-secret.h"

typedef struct {
  GMainLoop       *loop;
  gboolean         engine_stopped;
  TlEngine        *engine;
  TlRegistration  *registration;
  TlRegistrationConfig config;
  TlNetworkWatch  *network;
  TlHistoryStore  *history;
  TlCallManager   *calls;        /* --watch: incoming calls, kept in the history */
  TlCallService   *service;      /* … and offered to `trunkline-cli pickup|hangup|…` */
  TlAccount       *account;      /* the stored account, or NULL for an ad hoc one */
  char            *account_id;
  int              exit_code;
  gboolean         done;
  gboolean         json;
  gboolean         watch;
  gint64           started_us;
  guint            timeout_id;
} RegisterRun;

char *
tl_cli_read_password_stdin (GError **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    {
      if (line->len > 4096)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The password on standard input is too long");
          return NULL;
        }
      g_string_append_c (line, (char) c);
    }
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  if (line->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "No password on standard input");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
scrub_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* ---- output ---------------------------------------------------------------- */

static void
print_object (RegisterRun *run,
              JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, (double) (g_get_monotonic_time () - run->started_us) / 1000.0);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
report_state (RegisterRun *run)
{
  TlRegistration *reg = run->registration;
  const char *state = tl_registration_state_to_string (tl_registration_get_state (reg));
  gboolean failed = tl_registration_get_state (reg) == TL_REGISTRATION_STATE_FAILED;

  if (!run->json)
    {
      if (failed)
        g_print ("%s: %s (%s)\n", state, tl_register_failure_to_string (tl_registration_get_failure (reg)),
                 tl_registration_get_detail (reg) != NULL ? tl_registration_get_detail (reg) : "");
      else
        g_print ("%s%s%s\n", state, tl_registration_get_on_fallback (reg) ? " via fallback " : "",
                 tl_registration_get_on_fallback (reg) ? tl_registration_get_proxy_in_use (reg) : "");
      return;
    }
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    add_string (builder, "account", run->account_id != NULL ? run->account_id
                                                           : tl_registration_get_aor (reg));
    add_string (builder, "aor", tl_registration_get_aor (reg));
    add_string (builder, "state", state);
    if (failed)
      add_string (builder, "reason", tl_register_failure_to_string (tl_registration_get_failure (reg)));
    add_string (builder, "message", tl_registration_get_reason (reg));
    add_string (builder, "detail", tl_registration_get_detail (reg));
    add_string (builder, "proxy", tl_registration_get_proxy_in_use (reg));
    json_builder_set_member_name (builder, "fallback");
    json_builder_add_boolean_value (builder, tl_registration_get_on_fallback (reg));
    add_string (builder, "certificate", tl_registration_get_certificate_check (reg));
    print_object (run, builder);
  }
}

static void
report_call (RegisterRun *run,
             const char  *what,
             TlCall      *call)
{
  /* The peer's address comes from the network: plain, bounded text only. */
  g_autofree char *peer = tl_call_sanitize_text (tl_call_get_peer_uri (call), 256);

  if (!run->json)
    {
      g_print ("%s: %s\n", what, peer != NULL && *peer != '\0' ? peer : "unknown");
      return;
    }
  {
    g_autoptr(JsonBuilder) builder = json_builder_new ();

    json_builder_begin_object (builder);
    add_string (builder, "account", run->account_id != NULL ? run->account_id
                                                           : tl_registration_get_aor (run->registration));
    add_string (builder, "call", what);
    add_string (builder, "id", tl_call_get_id (call));
    add_string (builder, "direction",
                tl_call_get_direction (call) == TL_CALL_DIRECTION_INCOMING ? "incoming" : "outgoing");
    add_string (builder, "peer", peer);
    add_string (builder, "name", tl_call_get_peer_name (call));
    if (!tl_call_is_live (call))
      {
        add_string (builder, "reason", tl_call_end_reason_to_string (tl_call_get_end_reason (call)));
        add_string (builder, "detail", tl_call_get_end_detail (call));
      }
    print_object (run, builder);
  }
}

/* ---- lifecycle ------------------------------------------------------------- */

static void
finish (RegisterRun *run,
        int          exit_code)
{
  if (run->done)
    return;
  run->done = TRUE;
  run->exit_code = exit_code;
  g_main_loop_quit (run->loop);
}

static void
state_changed_cb (TlRegistration *reg,
                  GParamSpec     *pspec,
                  RegisterRun    *run)
{
  TlRegistrationState state = tl_registration_get_state (reg);

  report_state (run);
  if (run->watch)
    return;
  if (state == TL_REGISTRATION_STATE_REGISTERED || state == TL_REGISTRATION_STATE_NOT_REGISTERING)
    finish (run, TL_CLI_EXIT_OK);
  else if (state == TL_REGISTRATION_STATE_FAILED)
    {
      TlRegisterFailure failure = tl_registration_get_failure (reg);

      g_printerr ("%s\n", tl_registration_get_reason (reg));
      finish (run, tl_register_failure_is_final (failure) || failure == TL_REGISTER_FAILURE_TLS
                   ? TL_CLI_EXIT_AUTH : TL_CLI_EXIT_UNREACHABLE);
    }
}

static void
fallback_changed_cb (TlRegistration *reg,
                     GParamSpec     *pspec,
                     RegisterRun    *run)
{
  report_state (run);
}

/* Incoming calls ring (the engine answers nothing by itself) unless the account
 * says do-not-disturb or auto-answer; they land in the history exactly as the
 * application keeps them, through the same call model. */
static void
call_state_cb (TlCall      *call,
               GParamSpec  *pspec,
               RegisterRun *run)
{
  if (tl_call_get_state (call) == TL_CALL_STATE_ESTABLISHED && tl_call_get_answered (call) != 0
      && g_object_get_data (G_OBJECT (call), "tl-reported-established") == NULL)
    {
      g_object_set_data (G_OBJECT (call), "tl-reported-established", GINT_TO_POINTER (TRUE));
      report_call (run, "established", call);
    }
}

static void
call_added_cb (TlCallManager *calls,
               TlCall        *call,
               RegisterRun   *run)
{
  g_signal_connect (call, "notify::state", G_CALLBACK (call_state_cb), run);
  report_call (run, tl_call_get_direction (call) == TL_CALL_DIRECTION_INCOMING ? "incoming" : "outgoing", call);
}

static void
call_ended_cb (TlCallManager *calls,
               TlCall        *call,
               RegisterRun   *run)
{
  g_signal_handlers_disconnect_by_data (call, run);
  report_call (run, "closed", call);
}

static void
network_changed_cb (TlNetworkWatch *watch,
                    const char     *reason,
                    RegisterRun    *run)
{
  /* The local address may be new. */
  tl_engine_network_changed (run->engine);
}

static void
engine_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RegisterRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_engine_start_finish (TL_ENGINE (source), result, &error))
    {
      g_printerr ("Cannot start the call engine: %s\n", error->message);
      finish (run, TL_CLI_EXIT_ENGINE);
      return;
    }
  if (!run->json)
    g_print ("engine-ready\n");
  run->registration = tl_registration_new (run->engine, &run->config);
  g_signal_connect (run->registration, "notify::state", G_CALLBACK (state_changed_cb), run);
  g_signal_connect (run->registration, "notify::on-fallback", G_CALLBACK (fallback_changed_cb), run);
  tl_registration_start (run->registration);
}

static gboolean
timeout_cb (gpointer user_data)
{
  RegisterRun *run = user_data;

  run->timeout_id = 0;
  g_printerr ("%s\n", tl_register_failure_describe (TL_REGISTER_FAILURE_TIMEOUT));
  if (run->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "state", "failed");
      add_string (builder, "reason", "timeout");
      print_object (run, builder);
    }
  else
    g_print ("failed: timeout (no final answer from the trunk in time)\n");
  finish (run, TL_CLI_EXIT_UNREACHABLE);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  RegisterRun *run = user_data;

  /* In watch mode a signal is the normal way out. */
  finish (run, run->watch ? TL_CLI_EXIT_OK : TL_CLI_EXIT_FAILURE);
  return G_SOURCE_CONTINUE;
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RegisterRun *run = user_data;

  tl_engine_stop_finish (TL_ENGINE (source), result, NULL);
  run->engine_stopped = TRUE;
}

/* ---- which account ------------------------------------------------------- */

static TlEngineAccount *
stored_account (RegisterRun  *run,
                const char   *id,
                char         *password_override,
                GError      **error)
{
  g_autofree char *path = tl_account_store_default_path ();
  g_autoptr(TlAccountStore) store = tl_account_store_new (path);
  g_autoptr(TlAccount) account = NULL;
  TlEngineAccount *engine_account;
  char *password = password_override;

  if (!tl_account_store_load (store, error))
    return NULL;
  account = id != NULL ? tl_account_store_lookup (store, id) : tl_account_store_get_default (store);
  if (account != NULL)
    g_object_ref (account);
  if (account == NULL)
    {
      if (id != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No account with id “%s”", id);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "No account yet: add one with “trunkline-cli accounts add”");
      return NULL;
    }
  if (!tl_account_get_enabled (account))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Account “%s” is disabled", tl_account_get_id (account));
      return NULL;
    }
  if (password == NULL && tl_account_get_mode (account) != TL_ACCOUNT_MODE_IP_AUTH)
    {
      password = tl_cli_lookup_password (tl_account_get_id (account), error);
      if (password == NULL)
        return NULL;
    }

  engine_account = tl_account_to_engine_account (account, password, NULL, error);
  if (password != password_override)
    tl_secret_free_password (password);
  if (engine_account == NULL)
    return NULL;
  run->account_id = g_strdup (tl_account_get_id (account));
  run->account = g_object_ref (account);
  run->config.fallback_proxy = g_strdup (tl_account_get_fallback_proxy (account));
  run->config.ca_file = g_strdup (tl_account_get_ca_file (account));
  return engine_account;
}

int
tl_cli_register_main (int    argc,
                      char **argv)
{
  g_autofree char *account_id = NULL;
  g_autofree char *user = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *auth_user = NULL;
  g_autofree char *proxy = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *transport = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *listen = NULL;
  gboolean password_stdin = FALSE;
  gboolean json = FALSE;
  gboolean watch = FALSE;
  int timeout_s = 10;
  GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_id, "A stored account (default: the default account)", "ID" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "SIP user, for an account that is not stored", "U" },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &domain, "Registrar domain (host[:port])", "D" },
    { "auth-user", 0, 0, G_OPTION_ARG_STRING, &auth_user, "Authentication user, if not U", "A" },
    { "proxy", 0, 0, G_OPTION_ARG_STRING, &proxy, "Outbound proxy SIP URI", "URI" },
    { "fallback-proxy", 0, 0, G_OPTION_ARG_STRING, &fallback, "The provider's second edge", "URI" },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &transport, "udp, tcp or tls", "T" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Private CA for a TLS trunk", "FILE" },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, "Caller ID name", "N" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Local SIP address:port for the engine", "ADDR" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from standard input", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, "Give up after S seconds (default 10)", "S" },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &watch, "Stay registered until interrupted", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON object per state change", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- register a SIP account");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlEngineAccount) account = NULL;
  g_autoptr(TlEngine) engine = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(TlTraceRecorder) recorder = NULL;
  char *password = NULL;
  RegisterRun run = { 0 };
  guint sigint_id, sigterm_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  if ((user == NULL) != (domain == NULL) || (user != NULL && account_id != NULL))
    {
      g_printerr ("Give --account ID (or nothing, for the default account), or --user and --domain\n");
      return TL_CLI_EXIT_USAGE;
    }
  if (user != NULL && !password_stdin)
    {
      g_printerr ("An account that is not stored needs --password-stdin\n");
      return TL_CLI_EXIT_USAGE;
    }
  if (timeout_s <= 0 || timeout_s > 3600)
    {
      g_printerr ("--timeout must be between 1 and 3600 seconds\n");
      return TL_CLI_EXIT_USAGE;
    }
  if (password_stdin)
    {
      password = tl_cli_read_password_stdin (&error);
      if (password == NULL)
        {
          g_printerr ("%s\n", error->message);
          return TL_CLI_EXIT_USAGE;
        }
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.json = json;
  run.watch = watch;
  run.started_us = g_get_monotonic_time ();
  run.exit_code = TL_CLI_EXIT_FAILURE;

  if (user != NULL)
    {
      account = tl_engine_account_new ();
      account->password = g_steal_pointer (&password);
      account->user = g_strdup (user);
      account->domain = g_strdup (domain);
      account->auth_user = g_strdup (auth_user);
      account->outbound = g_strdup (proxy);
      account->transport = g_strdup (transport);
      account->display_name = g_strdup (display_name);
      account->register_interval = 600;
      run.config.fallback_proxy = g_strdup (fallback);
      run.config.ca_file = g_strdup (ca_file);
    }
  else
    account = stored_account (&run, account_id, password, &error);
  scrub_free (password);
  if (account == NULL)
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  /* Check everything before starting anything. */
  {
    g_autofree char *line = tl_engine_account_build_line (account, NULL, &error);

    if (line == NULL)
      {
        g_printerr ("%s\n", error->message);
        return TL_CLI_EXIT_USAGE;
      }
    memset (line, 0, strlen (line));
  }
  run.config.account = account;

  if (watch)
    {
      g_autofree char *history_path = tl_history_store_default_path ();

      /* The app owns interrupted-call recovery; a headless phone only appends. */
      run.history = tl_history_store_open (history_path, TL_HISTORY_STORE_OPEN_NO_RECOVERY, NULL, &error);
      if (run.history == NULL)
        {
          g_printerr ("The call history is unavailable (%s); calls will not be kept\n", error->message);
          g_clear_error (&error);
        }
    }

  engine = tl_engine_new ();
  tl_engine_set_listen_address (engine, listen);
  run.engine = engine;
  recorder = tl_cli_trace_record (engine, account->password);
  if (watch)
    {
      g_autofree char *aor = tl_engine_account_get_aor (account);

      run.calls = tl_call_manager_new (engine, run.history);
      if (run.account != NULL)
        tl_call_manager_set_account (run.calls, aor, run.account);
      g_signal_connect (run.calls, "call-added", G_CALLBACK (call_added_cb), &run);
      g_signal_connect (run.calls, "call-ended", G_CALLBACK (call_ended_cb), &run);
      run.service = tl_call_service_new_on_session_bus (run.calls);
      run.network = tl_network_watch_new ();
      g_signal_connect (run.network, "changed", G_CALLBACK (network_changed_cb), &run);
    }
  tl_engine_start_async (engine, NULL, engine_started_cb, &run);
  if (!watch)
    run.timeout_id = g_timeout_add_seconds ((guint) timeout_s, timeout_cb, &run);
  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &run);

  g_main_loop_run (loop);
  g_clear_handle_id (&run.timeout_id, g_source_remove);
  if (run.service != NULL)
    tl_call_service_unexport (run.service);

  /* Leave nothing behind at the trunk: unregister, then stop the engine. */
  if (run.registration != NULL)
    {
      g_signal_handlers_disconnect_by_data (run.registration, &run);
      tl_registration_stop (run.registration);
    }
  if (tl_engine_get_state (engine) != TL_ENGINE_STATE_STOPPED
      && tl_engine_get_state (engine) != TL_ENGINE_STATE_FAILED)
    {
      tl_engine_stop_async (engine, NULL, stopped_cb, &run);
      if (!tl_main_wait_for (NULL, &run.engine_stopped, TL_ENGINE_STOP_BUDGET_MS))
        g_printerr ("The call engine did not stop in time\n");
    }
  if (run.history != NULL)
    tl_history_store_flush (run.history, NULL);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (engine, &run);
  g_clear_object (&run.registration);
  g_clear_object (&run.network);
  g_clear_object (&run.history);
  if (run.calls != NULL)
    g_signal_handlers_disconnect_by_data (run.calls, &run);
  g_clear_object (&run.service);
  g_clear_object (&run.calls);
  g_clear_object (&run.account);
  g_free (run.config.fallback_proxy);
  g_free (run.config.ca_file);
  g_free (run.account_id);
  return run.exit_code;
}
