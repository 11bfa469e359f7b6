/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine supervisor against the real engine: readiness, restart, takeover, shutdown. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "tl-engine.h"
#include "tl-netstring.h"
#include "tl-paths.h"
#include "tl-test-engine.h"
#include "tl-test-trunk.h"

#define PASSWORD "lifecycle-pw-93"

typedef struct {
  char           *scratch;
  TlTestKamailio *kamailio;
  TlEngine       *engine;
  guint           register_ok;
  guint           register_fail;
  guint           restarted;
  GPtrArray      *warnings;
  gint64          last_register_ok_us;
} Fixture;

static void
on_event (TlEngine      *engine,
          TlEngineEvent *event,
          Fixture       *fixture)
{
  if (event->type == TL_ENGINE_EVENT_REGISTER_OK)
    {
      fixture->register_ok++;
      fixture->last_register_ok_us = g_get_monotonic_time ();
    }
  else if (event->type == TL_ENGINE_EVENT_REGISTER_FAIL)
    fixture->register_fail++;
}

static void
on_restarted (TlEngine *engine,
              guint     count,
              Fixture  *fixture)
{
  fixture->restarted++;
}

static void
on_warning (TlEngine   *engine,
            const char *message,
            Fixture    *fixture)
{
  g_ptr_array_add (fixture->warnings, g_strdup (message));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *users[] = { "carol:" PASSWORD, NULL };
  TlTestKamailioOptions options = { .users = users };
  g_autoptr(GError) error = NULL;

  fixture->scratch = tl_test_scratch_new ("engine-lifecycle");
  fixture->kamailio = tl_test_kamailio_start (fixture->scratch, &options, &error);
  g_assert_no_error (error);
  fixture->warnings = g_ptr_array_new_with_free_func (g_free);
  fixture->engine = tl_engine_new ();
  tl_engine_set_listen_address (fixture->engine, "127.0.0.1:0");
  g_signal_connect (fixture->engine, "event", G_CALLBACK (on_event), fixture);
  g_signal_connect (fixture->engine, "restarted", G_CALLBACK (on_restarted), fixture);
  g_signal_connect (fixture->engine, "security-warning", G_CALLBACK (on_warning), fixture);
}

static void
start_engine (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_test_engine_start (fixture->engine, 15000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tl_engine_get_state (fixture->engine), ==, TL_ENGINE_STATE_READY);
}

static void
stop_engine (TlEngine *engine)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_test_engine_stop (engine, 15000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tl_engine_get_state (engine), ==, TL_ENGINE_STATE_STOPPED);
}

static void
add_account (Fixture *fixture)
{
  g_autoptr(TlEngineAccount) account = tl_engine_account_new ();
  g_autoptr(GError) error = NULL;
  guint before = fixture->register_ok;

  account->user = g_strdup ("carol");
  account->domain = g_strdup_printf ("127.0.0.1:%u", tl_test_kamailio_get_port (fixture->kamailio));
  account->password = g_strdup (PASSWORD);
  account->register_interval = 600;
  g_assert_true (tl_test_engine_add_account (fixture->engine, account, 5000, &error));
  g_assert_no_error (error);
  TL_TEST_AWAIT (fixture->register_ok > before, 10000,
                 "%u REGISTER_OK, %u REGISTER_FAIL, engine %s", fixture->register_ok,
                 fixture->register_fail, tl_engine_state_to_string (tl_engine_get_state (fixture->engine)));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (tl_engine_get_state (fixture->engine) != TL_ENGINE_STATE_STOPPED
      && tl_engine_get_state (fixture->engine) != TL_ENGINE_STATE_FAILED)
    stop_engine (fixture->engine);
  g_clear_object (&fixture->engine);
  tl_test_kamailio_free (fixture->kamailio);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_free (fixture->scratch);
  g_ptr_array_unref (fixture->warnings);
}

static void
test_start_ready_stop (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *config_dir = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *listen = NULL;
  GStatBuf st;
  GPid pid;

  start_engine (fixture);
  g_assert_nonnull (tl_engine_get_dialect (fixture->engine));
  if (tl_test_engine_is_overridden ())
    {
      const TlEngineDialect *dialect = tl_engine_get_dialect (fixture->engine);

      g_test_message ("engine %s", tl_engine_get_version (fixture->engine));
      g_assert_cmpint (dialect->call_commands_take_id, ==, dialect->major >= 3);
    }
  else
    {
      g_assert_cmpstr (tl_engine_get_version (fixture->engine), ==, "1.0.0");
      g_assert_false (tl_engine_get_dialect (fixture->engine)->call_commands_take_id);
    }
  g_assert_cmpuint (tl_engine_get_control_port (fixture->engine), >, 0);

  config_dir = g_strdup (tl_engine_get_config_dir (fixture->engine));
  g_assert_cmpint (g_stat (config_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  config_path = g_build_filename (config_dir, "config", NULL);
  g_assert_true (g_file_get_contents (config_path, &config, NULL, NULL));
  listen = g_strdup_printf ("ctrl_tcp_listen\t127.0.0.1:%u", tl_engine_get_control_port (fixture->engine));
  g_assert_nonnull (strstr (config, listen));

  pid = tl_engine_get_pid (fixture->engine);
  g_assert_cmpint (pid, >, 0);
  stop_engine (fixture->engine);
  /* Gone, and its private folder with it. */
  g_assert_cmpint (kill (pid, 0), !=, 0);
  g_assert_false (g_file_test (config_dir, G_FILE_TEST_EXISTS));
}

static void
test_missing_or_failing_engine (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *binaries[] = { "/nonexistent/baresip", "false" };
  g_autofree char *saved = g_strdup (g_getenv ("TRUNKLINE_ENGINE"));

  for (guint i = 0; i < G_N_ELEMENTS (binaries); i++)
    {
      g_autoptr(TlEngine) engine = tl_engine_new ();
      g_autofree char *path = g_find_program_in_path (binaries[i]);
      g_autoptr(GError) error = NULL;

      g_setenv ("TRUNKLINE_ENGINE", path != NULL ? path : binaries[i], TRUE);
      g_assert_false (tl_test_engine_start (engine, 15000, &error));
      g_assert_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_SPAWN);
      g_test_message ("start error: %s", error->message);
      g_assert_cmpint (tl_engine_get_state (engine), ==, TL_ENGINE_STATE_FAILED);
      /* And no restart loop afterwards. */
      tl_test_spin (500);
      g_assert_cmpuint (tl_engine_get_restart_count (engine), ==, 0);
    }
  /* The engine under test, for the tests after this one. */
  if (saved != NULL)
    g_setenv ("TRUNKLINE_ENGINE", saved, TRUE);
  else
    g_unsetenv ("TRUNKLINE_ENGINE");
}

static void
test_restart_after_kill (Fixture       *fixture,
                         gconstpointer  data)
{
  GPid first;
  gint64 killed_us;
  guint ok_before;

  start_engine (fixture);
  add_account (fixture);
  first = tl_engine_get_pid (fixture->engine);
  ok_before = fixture->register_ok;

  killed_us = g_get_monotonic_time ();
  tl_test_kill (first, SIGKILL);
  TL_TEST_AWAIT (fixture->register_ok > ok_before, 5000,
                 "engine %s, %u restarts, %u REGISTER_OK", tl_engine_state_to_string (tl_engine_get_state (fixture->engine)),
                 fixture->restarted, fixture->register_ok);
  g_test_message ("re-registered %.0f ms after SIGKILL",
                  (double) (fixture->last_register_ok_us - killed_us) / 1000.0);
  g_assert_cmpint (fixture->last_register_ok_us - killed_us, <=, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (fixture->restarted, ==, 1);
  g_assert_cmpuint (tl_engine_get_restart_count (fixture->engine), ==, 1);
  g_assert_cmpint (tl_engine_get_pid (fixture->engine), !=, first);
  g_assert_cmpint (tl_engine_get_state (fixture->engine), ==, TL_ENGINE_STATE_READY);
}

static void
test_repeated_crashes_back_off (Fixture       *fixture,
                                gconstpointer  data)
{
  gint64 took_us[3];

  start_engine (fixture);
  /* Three crashes in a row: the first restart is immediate, later ones back off. */
  for (guint i = 0; i < 3; i++)
    {
      GPid pid = tl_engine_get_pid (fixture->engine);
      gint64 t0 = g_get_monotonic_time ();

      tl_test_kill (pid, SIGKILL);
      /* The restart may be over before the first look: the condition is checked
       * before the loop ever blocks. */
      TL_TEST_AWAIT (tl_engine_get_state (fixture->engine) == TL_ENGINE_STATE_READY
                     && tl_engine_get_pid (fixture->engine) > 0 && tl_engine_get_pid (fixture->engine) != pid, 10000,
                     "crash %u: engine %s, pid %d (killed %d), %u restarts", i + 1,
                     tl_engine_state_to_string (tl_engine_get_state (fixture->engine)),
                     (int) tl_engine_get_pid (fixture->engine), (int) pid,
                     tl_engine_get_restart_count (fixture->engine));
      took_us[i] = g_get_monotonic_time () - t0;
      g_test_message ("restart %u took %.0f ms", i + 1, (double) took_us[i] / 1000.0);
    }
  g_assert_cmpuint (tl_engine_get_restart_count (fixture->engine), ==, 3);
  /* Lower bounds only: the backoff delays (250 ms, then 500 ms) must be honoured. */
  g_assert_cmpint (took_us[1], >=, 250 * 1000);
  g_assert_cmpint (took_us[2], >=, 500 * 1000);
}

static void
test_control_port_takeover (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) intruder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = NULL;
  const char *probe = "{\"command\":\"reginfo\",\"token\":\"x\"}";
  guint port;
  guint ok_before;
  g_autofree char *reply = NULL;

  start_engine (fixture);
  add_account (fixture);
  port = tl_engine_get_control_port (fixture->engine);
  ok_before = fixture->register_ok;

  intruder = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
  g_assert_no_error (error);
  frame = tl_netstring_encode (probe, strlen (probe));
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (intruder)),
                             g_bytes_get_data (frame, NULL), g_bytes_get_size (frame),
                             NULL, NULL, &error);
  g_assert_no_error (error);

  /* Detected, reported, and the engine moves to a fresh port and re-registers. */
  TL_TEST_AWAIT (fixture->warnings->len > 0
                 && tl_engine_get_state (fixture->engine) == TL_ENGINE_STATE_READY
                 && tl_engine_get_control_port (fixture->engine) != port
                 && fixture->register_ok > ok_before, 10000,
                 "%u warnings, engine %s on port %u (was %u), %u REGISTER_OK (was %u)",
                 fixture->warnings->len, tl_engine_state_to_string (tl_engine_get_state (fixture->engine)),
                 tl_engine_get_control_port (fixture->engine), port, fixture->register_ok, ok_before);
  g_test_message ("warning: %s", (char *) g_ptr_array_index (fixture->warnings, 0));

  /* The old port is dead to the intruder; our channel works. */
  g_clear_object (&intruder);
  intruder = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, &error);
  g_assert_null (intruder);
  g_clear_error (&error);
  reply = tl_test_engine_command (fixture->engine, "reginfo", NULL, 5000, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (reply, "carol"));
}

static void
test_commands_checked_and_redacted (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *smuggled = NULL;
  g_autofree char *held = NULL;

  start_engine (fixture);
  add_account (fixture);
  reply = tl_test_engine_command (fixture->engine, "reginfo", NULL, 5000, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (reply, PASSWORD));

  /* A newline would smuggle a second command to the engine: refused before sending. */
  smuggled = tl_test_engine_command (fixture->engine, "dial", "sip:1@127.0.0.1\nquit", 5000, &error);
  g_assert_null (smuggled);
  g_assert_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* In-call commands do not exist outside a call. */
  held = tl_test_engine_command (fixture->engine, "hold", NULL, 5000, &error);
  g_assert_null (held);
  g_assert_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_COMMAND_FAILED);
  g_assert_true (tl_engine_dialect_reply_means_no_call (error->message));
  g_clear_error (&error);
  g_assert_cmpint (tl_engine_get_state (fixture->engine), ==, TL_ENGINE_STATE_READY);
}

int
main (int argc, char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("tl-lifecycle-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (tl_test_have_program ("kamailio"));
  g_assert_true (tl_test_have_program ("baresip"));
  /* Before GLib caches them: nothing of ours lands in the real home. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_test_add ("/engine/start-ready-stop", Fixture, NULL, fixture_setup, test_start_ready_stop, fixture_teardown);
  g_test_add ("/engine/missing-or-failing", Fixture, NULL, fixture_setup, test_missing_or_failing_engine, fixture_teardown);
  g_test_add ("/engine/restart-after-kill", Fixture, NULL, fixture_setup, test_restart_after_kill, fixture_teardown);
  g_test_add ("/engine/repeated-crashes", Fixture, NULL, fixture_setup, test_repeated_crashes_back_off, fixture_teardown);
  g_test_add ("/engine/control-port-takeover", Fixture, NULL, fixture_setup, test_control_port_takeover, fixture_teardown);
  g_test_add ("/engine/commands-checked", Fixture, NULL, fixture_setup, test_commands_checked_and_redacted, fixture_teardown);
  status = g_test_run ();
  tl_paths_remove_tree (home, NULL);
  return status;
}
