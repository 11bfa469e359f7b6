/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo line's echo service against the real engine: answers on loopback, comes
 * back after a crash on the same port, stops within its budget, fails in words. */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tl-echo-service.h"
#include "tl-engine.h"
#include "tl-sip-probe.h"
#include "tl-test-engine.h"
#include "tl-test-trunk.h"

static gboolean
is_state (gpointer user_data)
{
  gpointer *args = user_data;

  return (int) tl_echo_service_get_state (args[0]) == GPOINTER_TO_INT (args[1]);
}

static void
await_state (TlEchoService     *echo,
             TlEchoServiceState state,
             guint              timeout_ms)
{
  gpointer args[2] = { echo, GINT_TO_POINTER (state) };

  TL_TEST_AWAIT (is_state (args), timeout_ms, "echo service in state %d (error: %s)",
                 tl_echo_service_get_state (echo), tl_echo_service_get_error (echo));
}

typedef struct {
  gboolean done;
  guint    code;
  GError  *error;
} Probe;

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Probe *probe = user_data;

  probe->code = tl_sip_probe_finish (result, &probe->error);
  probe->done = TRUE;
}

/* The status an OPTIONS to 127.0.0.1:@port gets; 0 when nothing answers. */
static guint
options_status (guint port)
{
  Probe probe = { 0 };

  tl_sip_probe_async ("127.0.0.1", (guint16) port, "udp", 1000, NULL, probe_cb, &probe);
  g_assert_true (tl_test_wait_for (&probe.done, 5000));
  g_clear_error (&probe.error);
  return probe.code;
}

static void
stop_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_assert_true (tl_echo_service_stop_finish (TL_ECHO_SERVICE (source), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static void
stop (TlEchoService *echo)
{
  gboolean stopped = FALSE;

  tl_echo_service_stop_async (echo, NULL, stop_cb, &stopped);
  TL_TEST_AWAIT (stopped, 5000, "the echo service did not stop");
  g_assert_cmpint (tl_echo_service_get_state (echo), ==, TL_ECHO_SERVICE_STOPPED);
}

/* Our own engine children (the echo service is the only one this test starts). */
static GPid
find_child_engine (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after;
      int ppid = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* "pid (comm) state ppid …": comm may hold spaces, so from the last ')'. */
      after = strrchr (stat, ')');
      if (after == NULL || sscanf (after + 1, " %*c %d", &ppid) != 1 || ppid != getpid ())
        continue;
      return (GPid) atoi (name);
    }
  return 0;
}

static void
test_answers_and_stops (void)
{
  g_autoptr(TlEchoService) echo = tl_echo_service_new ();
  guint port;

  tl_echo_service_start (echo);
  await_state (echo, TL_ECHO_SERVICE_RUNNING, 15000);
  port = tl_echo_service_get_port (echo);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (options_status (port), >=, 200);

  stop (echo);
  g_assert_cmpuint (options_status (port), ==, 0);
  g_assert_cmpint (find_child_engine (), ==, 0);
}

static void
test_comes_back_after_crash (void)
{
  g_autoptr(TlEchoService) echo = tl_echo_service_new ();
  guint port;
  GPid pid;

  tl_echo_service_start (echo);
  await_state (echo, TL_ECHO_SERVICE_RUNNING, 15000);
  port = tl_echo_service_get_port (echo);
  pid = find_child_engine ();
  g_assert_cmpint (pid, >, 0);

  tl_test_kill (pid, SIGKILL);
  await_state (echo, TL_ECHO_SERVICE_STARTING, 5000);
  await_state (echo, TL_ECHO_SERVICE_RUNNING, 15000);
  /* Same port: the demo account that calls it stays valid. */
  g_assert_cmpuint (tl_echo_service_get_port (echo), ==, port);
  g_assert_cmpuint (options_status (port), >=, 200);
  g_assert_cmpint (find_child_engine (), !=, pid);
  stop (echo);
}

static void
test_missing_engine (void)
{
  g_autoptr(TlEchoService) echo = tl_echo_service_new ();
  g_autofree char *saved = g_strdup (g_getenv ("TRUNKLINE_ENGINE"));

  g_setenv ("TRUNKLINE_ENGINE", "/nonexistent/baresip", TRUE);
  tl_echo_service_start (echo);
  await_state (echo, TL_ECHO_SERVICE_FAILED, 5000);
  g_test_message ("%s", tl_echo_service_get_error (echo));
  g_assert_nonnull (tl_echo_service_get_error (echo));
  if (saved != NULL)
    g_setenv ("TRUNKLINE_ENGINE", saved, TRUE);
  else
    g_unsetenv ("TRUNKLINE_ENGINE");
  stop (echo);
}

typedef struct {
  guint restarted;
  guint established;
  guint closed;
} DemoCall;

static void
demo_event_cb (TlEngine      *engine,
               TlEngineEvent *event,
               DemoCall      *call)
{
  if (event->type == TL_ENGINE_EVENT_CALL_ESTABLISHED)
    call->established++;
  else if (event->type == TL_ENGINE_EVENT_CALL_CLOSED)
    call->closed++;
}

static void
demo_restarted_cb (TlEngine *engine,
                   guint     count,
                   DemoCall *call)
{
  call->restarted++;
}

/* The demo line as the app places it: an engine left to pick its own address
 * (4.x then leaves loopback out unless told) calls the echo service. */
static void
test_demo_call (void)
{
  g_autoptr(TlEchoService) echo = tl_echo_service_new ();
  g_autoptr(TlEngine) engine = tl_engine_new ();
  g_autoptr(TlEngineAccount) account = tl_engine_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *hangup = NULL;
  DemoCall call = { 0 };

  tl_echo_service_start (echo);
  await_state (echo, TL_ECHO_SERVICE_RUNNING, 15000);
  /* No sound device here: the engine's audio goes through a bridge of its own. */
  tl_engine_set_audio_devices (engine, "aubridge,demo", "aubridge,demo", "aubridge,demo");
  tl_engine_set_extra_config (engine, "module\taubridge.so\n");
  g_signal_connect (engine, "event", G_CALLBACK (demo_event_cb), &call);
  g_signal_connect (engine, "restarted", G_CALLBACK (demo_restarted_cb), &call);
  g_assert_true (tl_test_engine_start (engine, 15000, &error));
  g_assert_no_error (error);

  account->user = g_strdup ("demo");
  account->domain = g_strdup_printf ("127.0.0.1:%u", tl_echo_service_get_port (echo));
  account->audio_codecs = g_strdup ("pcmu");
  g_assert_true (tl_test_engine_add_account (engine, account, 5000, &error));
  g_assert_no_error (error);
  /* An engine that uses loopback only when named restarts once to name it. */
  if (tl_engine_get_dialect (engine)->loopback_needs_interface)
    TL_TEST_AWAIT (call.restarted > 0 && tl_engine_get_state (engine) == TL_ENGINE_STATE_READY, 10000,
                   "engine %s after %u restarts", tl_engine_state_to_string (tl_engine_get_state (engine)),
                   call.restarted);

  target = g_strdup_printf ("sip:" TL_ECHO_SERVICE_NUMBER "@127.0.0.1:%u", tl_echo_service_get_port (echo));
  reply = tl_test_engine_command (engine, "dial", target, 5000, &error);
  g_assert_no_error (error);
  TL_TEST_AWAIT (call.established > 0, 10000, "dial answered “%s”, %u calls closed", reply, call.closed);
  hangup = tl_test_engine_command (engine, "hangup", NULL, 5000, &error);
  g_assert_no_error (error);
  TL_TEST_AWAIT (call.closed > 0, 10000, "the call did not close");
  g_assert_true (tl_test_engine_stop (engine, 15000, &error));
  g_assert_no_error (error);
  stop (echo);
}

int
main (int argc, char **argv)
{
  g_autofree char *scratch = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  scratch = tl_test_scratch_new ("echo-service");
  g_test_add_func ("/echo-service/answers-and-stops", test_answers_and_stops);
  g_test_add_func ("/echo-service/comes-back-after-crash", test_comes_back_after_crash);
  g_test_add_func ("/echo-service/missing-engine", test_missing_engine);
  g_test_add_func ("/echo-service/demo-call", test_demo_call);
  status = g_test_run ();
  tl_test_scratch_finish (scratch, status == 0);
  return status;
}
