/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `trunkline-cli register`: registers one account and reports how it went. */
#define G_LOG_DOMAIN "tl-cli"

#include "config.h"

#include "tl-cli-register.h"

#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "tl-engine.h"
#include "tl-register-reason.h"

typedef struct {
  GMainLoop       *loop;
  TlEngine        *engine;
  char            *aor;
  int              exit_code;
  gboolean         done;
  gboolean         json;
  gint64           started_us;
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
report (RegisterRun *run,
        const char  *state,
        const char  *reason,
        const char  *detail)
{
  double elapsed_ms = (double) (g_get_monotonic_time () - run->started_us) / 1000.0;

  if (run->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "account");
      json_builder_add_string_value (builder, run->aor);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, state);
      if (reason != NULL)
        {
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, reason);
        }
      if (detail != NULL)
        {
          json_builder_set_member_name (builder, "detail");
          json_builder_add_string_value (builder, detail);
        }
      json_builder_set_member_name (builder, "elapsed_ms");
      json_builder_add_double_value (builder, elapsed_ms);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else if (reason != NULL)
    g_print ("%s: %s (%s)\n", state, reason, detail != NULL ? detail : "");
  else
    g_print ("%s\n", state);
}

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
engine_event_cb (TlEngine      *engine,
                 TlEngineEvent *event,
                 RegisterRun   *run)
{
  if (run->done || g_strcmp0 (event->account_aor, run->aor) != 0)
    return;

  switch (event->type)
    {
    case TL_ENGINE_EVENT_REGISTERING:
      report (run, "registering", NULL, NULL);
      break;
    case TL_ENGINE_EVENT_REGISTER_OK:
      report (run, "registered", NULL, event->param);
      finish (run, TL_CLI_EXIT_OK);
      break;
    case TL_ENGINE_EVENT_REGISTER_FAIL:
      {
        TlRegisterFailure failure = tl_register_failure_classify (event->param);

        report (run, "failed", tl_register_failure_to_string (failure), event->param);
        g_printerr ("%s\n", tl_register_failure_describe (failure));
        finish (run, failure == TL_REGISTER_FAILURE_AUTH || failure == TL_REGISTER_FAILURE_FORBIDDEN
                     ? TL_CLI_EXIT_AUTH : TL_CLI_EXIT_UNREACHABLE);
      }
      break;
    default:
      break;
    }
}

static void
account_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RegisterRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_engine_add_account_finish (TL_ENGINE (source), result, &error))
    {
      g_printerr ("Cannot add the account: %s\n", error->message);
      finish (run, TL_CLI_EXIT_USAGE);
    }
}

static void
engine_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RegisterRun *run = user_data;
  TlEngineAccount *account = g_object_get_data (G_OBJECT (source), "tl-cli-account");
  g_autoptr(GError) error = NULL;

  if (!tl_engine_start_finish (TL_ENGINE (source), result, &error))
    {
      g_printerr ("Cannot start the call engine: %s\n", error->message);
      finish (run, TL_CLI_EXIT_ENGINE);
      return;
    }
  report (run, "engine-ready", NULL, tl_engine_get_version (run->engine));
  tl_engine_add_account_async (run->engine, account, NULL, account_added_cb, run);
}

static gboolean
timeout_cb (gpointer user_data)
{
  RegisterRun *run = user_data;

  report (run, "failed", "timeout", "no final answer from the trunk in time");
  g_printerr ("%s\n", tl_register_failure_describe (TL_REGISTER_FAILURE_TIMEOUT));
  finish (run, TL_CLI_EXIT_UNREACHABLE);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer user_data)
{
  RegisterRun *run = user_data;

  finish (run, TL_CLI_EXIT_FAILURE);
  return G_SOURCE_CONTINUE;
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RegisterRun *run = user_data;

  tl_engine_remove_account_finish (TL_ENGINE (source), result, NULL);
  g_main_loop_quit (run->loop);
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RegisterRun *run = user_data;

  tl_engine_stop_finish (TL_ENGINE (source), result, NULL);
  g_main_loop_quit (run->loop);
}

int
tl_cli_register_main (int    argc,
                      char **argv)
{
  g_autofree char *user = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *auth_user = NULL;
  g_autofree char *proxy = NULL;
  g_autofree char *transport = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *listen = NULL;
  gboolean password_stdin = FALSE;
  gboolean json = FALSE;
  int timeout_s = 10;
  GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "SIP user", "U" },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &domain, "Registrar domain (host[:port])", "D" },
    { "auth-user", 0, 0, G_OPTION_ARG_STRING, &auth_user, "Authentication user, if not U", "A" },
    { "proxy", 0, 0, G_OPTION_ARG_STRING, &proxy, "Outbound proxy SIP URI", "URI" },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &transport, "udp, tcp or tls", "T" },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, "Caller ID name", "N" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Local SIP address:port for the engine", "ADDR" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "Read the password from standard input", NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_s, "Give up after S seconds (default 10)", "S" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "One JSON object per state change", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- register a SIP account");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlEngineAccount) account = tl_engine_account_new ();
  g_autoptr(TlEngine) engine = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  RegisterRun run = { 0 };
  guint timeout_id, sigint_id, sigterm_id;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  if (user == NULL || domain == NULL)
    {
      g_printerr ("register needs --user and --domain\n");
      return TL_CLI_EXIT_USAGE;
    }
  if (!password_stdin)
    {
      g_printerr ("register needs --password-stdin (no secret store is used by this command yet)\n");
      return TL_CLI_EXIT_USAGE;
    }
  if (timeout_s <= 0 || timeout_s > 3600)
    {
      g_printerr ("--timeout must be between 1 and 3600 seconds\n");
      return TL_CLI_EXIT_USAGE;
    }

  account->password = tl_cli_read_password_stdin (&error);
  if (account->password == NULL)
    {
      g_printerr ("%s\n", error->message);
      return TL_CLI_EXIT_USAGE;
    }
  account->user = g_strdup (user);
  account->domain = g_strdup (domain);
  account->auth_user = g_strdup (auth_user);
  account->outbound = g_strdup (proxy);
  account->transport = g_strdup (transport);
  account->display_name = g_strdup (display_name);
  account->register_interval = 600;
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

  loop = g_main_loop_new (NULL, FALSE);
  engine = tl_engine_new ();
  tl_engine_set_listen_address (engine, listen);
  run.loop = loop;
  run.engine = engine;
  run.aor = tl_engine_account_get_aor (account);
  run.json = json;
  run.started_us = g_get_monotonic_time ();
  run.exit_code = TL_CLI_EXIT_FAILURE;

  g_signal_connect (engine, "event", G_CALLBACK (engine_event_cb), &run);
  g_object_set_data (G_OBJECT (engine), "tl-cli-account", account);
  tl_engine_start_async (engine, NULL, engine_started_cb, &run);
  timeout_id = g_timeout_add_seconds ((guint) timeout_s, timeout_cb, &run);
  sigint_id = g_unix_signal_add (SIGINT, signal_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, signal_cb, &run);

  g_main_loop_run (loop);
  g_source_remove (timeout_id);

  /* After a final failure remove the account so the engine stops retrying
   * against the trunk (no retry storm on a wrong password). */
  if (run.exit_code != TL_CLI_EXIT_OK && tl_engine_get_state (engine) == TL_ENGINE_STATE_READY)
    {
      tl_engine_remove_account_async (engine, run.aor, NULL, removed_cb, &run);
      g_main_loop_run (loop);
    }
  if (tl_engine_get_state (engine) != TL_ENGINE_STATE_STOPPED
      && tl_engine_get_state (engine) != TL_ENGINE_STATE_FAILED)
    {
      tl_engine_stop_async (engine, NULL, stopped_cb, &run);
      g_main_loop_run (loop);
    }
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_free (run.aor);
  return run.exit_code;
}
