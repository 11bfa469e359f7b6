/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scratch folders, free ports, main-context helpers and child processes for the test trunk. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"
#include "tl-test-private.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>

G_DEFINE_QUARK (tl-test-error-quark, tl_test_error)

/* ---- emergency stop -------------------------------------------------------
 * A failed g_assert aborts the test program, so no g_autoptr cleanup runs: the
 * daemons would outlive the test and hold their ports. Every child gets
 * PR_SET_PDEATHSIG (SIGKILL when the test process dies, however it dies); that
 * does not reach the workers a daemon forks, so process groups (Kamailio) are
 * also recorded here (a fixed array: the signal handler may only read it) and
 * killed from a SIGABRT/SIGTERM/SIGINT handler. */

#define MAX_CHILDREN 64

static volatile sig_atomic_t emergency_pids[MAX_CHILDREN];
static volatile sig_atomic_t emergency_group[MAX_CHILDREN];
static GMutex children_lock;
static gsize handlers_installed;

static void
emergency_kill_all (void)
{
  for (guint i = 0; i < MAX_CHILDREN; i++)
    {
      pid_t pid = (pid_t) emergency_pids[i];

      if (pid <= 0)
        continue;
      kill (emergency_group[i] ? -pid : pid, SIGKILL);
      emergency_pids[i] = 0;
    }
}

static void
emergency_signal_handler (int signo)
{
  emergency_kill_all ();
  /* A failed assertion (SIGABRT), a fatal critical (SIGTRAP) or meson's timeout
   * (SIGTERM) leaves the process sane: keep the logs that say why. A crash may
   * have broken the heap or held a lock, so it only gets the kill. */
  if (signo == SIGABRT || signo == SIGTRAP || signo == SIGTERM || signo == SIGINT || signo == SIGHUP)
    {
      /* Should the copy itself get stuck, end anyway. */
      alarm (10);
      tl_test_scratch_keep_all_raw ();
    }
  /* SA_RESETHAND restored the default action: die of the same signal. */
  raise (signo);
}

static void
emergency_atexit (void)
{
  emergency_kill_all ();
}

void
tl_test_install_emergency_handlers (void)
{
  if (g_once_init_enter (&handlers_installed))
    {
      /* SIGTRAP too: a fatal GLib critical in a test ends with a breakpoint trap. */
      const int signals[] = { SIGABRT, SIGTERM, SIGINT, SIGHUP, SIGSEGV, SIGTRAP, SIGBUS, SIGFPE, SIGILL };
      struct sigaction action;

      memset (&action, 0, sizeof action);
      action.sa_handler = emergency_signal_handler;
      action.sa_flags = SA_RESETHAND;
      sigemptyset (&action.sa_mask);
      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        sigaction (signals[i], &action, NULL);
      atexit (emergency_atexit);
      g_once_init_leave (&handlers_installed, 1);
    }
}

static void
register_child (pid_t    pid,
                gboolean group)
{
  g_mutex_lock (&children_lock);
  for (guint i = 0; i < MAX_CHILDREN; i++)
    {
      if (emergency_pids[i] == 0)
        {
          emergency_group[i] = group;
          emergency_pids[i] = pid;
          break;
        }
    }
  g_mutex_unlock (&children_lock);
}

static void
unregister_child (pid_t pid)
{
  g_mutex_lock (&children_lock);
  for (guint i = 0; i < MAX_CHILDREN; i++)
    {
      if (emergency_pids[i] == pid)
        emergency_pids[i] = 0;
    }
  g_mutex_unlock (&children_lock);
}

static void
child_setup (gpointer user_data)
{
  gboolean own_group = GPOINTER_TO_INT (user_data);

  if (own_group)
    setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocess *
tl_test_spawn (const char *const *argv,
               const char *const *envp,
               const char        *cwd,
               const char        *log_path,
               gboolean           own_group,
               GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  const char *identifier;

  tl_test_install_emergency_handlers ();

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  if (envp != NULL)
    g_subprocess_launcher_set_environ (launcher, (char **) envp);
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  if (log_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER (own_group), NULL);

  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    return NULL;

  identifier = g_subprocess_get_identifier (process);
  if (identifier != NULL && own_group)
    register_child ((pid_t) atoi (identifier), TRUE);

  g_debug ("started %s (pid %s), log %s", argv[0],
           identifier ? identifier : "?", log_path ? log_path : "-");
  return g_steal_pointer (&process);
}

gboolean
tl_test_process_alive (GSubprocess *process)
{
  /* GSubprocess reaps its child from GLib's worker thread, whatever main
   * context the test iterates: the identifier turns NULL once it exited. */
  return process != NULL && g_subprocess_get_identifier (process) != NULL;
}

gboolean
tl_test_process_wait (GSubprocess *process,
                      guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (tl_test_process_alive (process))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (5 * 1000);
    }
  return TRUE;
}

void
tl_test_process_stop (GSubprocess *process,
                      const int   *signals,
                      guint        step_ms,
                      gboolean     group)
{
  const char *identifier;
  pid_t pid;

  if (process == NULL)
    return;
  identifier = g_subprocess_get_identifier (process);
  if (identifier == NULL)
    return;
  pid = (pid_t) atoi (identifier);

  for (guint i = 0; signals != NULL && signals[i] != 0; i++)
    {
      g_subprocess_send_signal (process, signals[i]);
      if (tl_test_process_wait (process, step_ms))
        break;
    }

  if (tl_test_process_alive (process))
    {
      g_debug ("pid %d did not stop in time: SIGKILL", (int) pid);
      if (group)
        kill (-pid, SIGKILL);
      g_subprocess_force_exit (process);
      tl_test_process_wait (process, 5000);
    }
  else if (group)
    {
      /* Workers that outlived their main process. */
      kill (-pid, SIGKILL);
    }

  unregister_child (pid);
}

void
tl_test_sleep_ms (guint ms)
{
  g_usleep ((gulong) ms * 1000);
}

/* ---- ports ------------------------------------------------------------------ */

static gboolean
port_is_free (GSocketType  type,
              guint        port,
              guint       *out_port)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type,
                         type == G_SOCKET_TYPE_STREAM ? G_SOCKET_PROTOCOL_TCP : G_SOCKET_PROTOCOL_UDP,
                         NULL);
  if (socket == NULL)
    return FALSE;
  if (!g_socket_bind (socket, address, FALSE, NULL))
    return FALSE;
  if (out_port != NULL)
    {
      bound = g_socket_get_local_address (socket, NULL);
      if (bound == NULL)
        return FALSE;
      *out_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }
  return TRUE;
}

/* Ports handed out by this process: the kernel may offer a just-released
 * ephemeral port twice before the daemon that got it first binds it. */
static GHashTable *given_ports;
static GMutex given_ports_lock;

static gboolean
claim_port (guint port)
{
  gboolean fresh;

  g_mutex_lock (&given_ports_lock);
  if (given_ports == NULL)
    given_ports = g_hash_table_new (NULL, NULL);
  fresh = !g_hash_table_contains (given_ports, GUINT_TO_POINTER (port));
  if (fresh)
    g_hash_table_add (given_ports, GUINT_TO_POINTER (port));
  g_mutex_unlock (&given_ports_lock);
  return fresh;
}

static guint
find_free_port (guint span)
{
  for (guint attempt = 0; attempt < 500; attempt++)
    {
      guint port = 0;
      gboolean ok = TRUE;

      if (!port_is_free (G_SOCKET_TYPE_STREAM, 0, &port) || port == 0 || port + span > 65535)
        continue;
      for (guint i = 0; i < span && ok; i++)
        {
          ok = port_is_free (G_SOCKET_TYPE_STREAM, port + i, NULL) &&
               port_is_free (G_SOCKET_TYPE_DATAGRAM, port + i, NULL);
        }
      for (guint i = 0; i < span && ok; i++)
        ok = claim_port (port + i);
      if (ok)
        return port;
    }
  g_error ("no free loopback port found");
  return 0;
}

guint
tl_test_free_port (void)
{
  return find_free_port (1);
}

guint
tl_test_free_port_pair (void)
{
  return find_free_port (2);
}

gboolean
tl_test_have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

gboolean
tl_test_make_certificate (const char  *dir,
                          const char  *common_name,
                          char       **cert_path,
                          char       **key_path,
                          GError     **error)
{
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *subject = g_strdup_printf ("/CN=%s", common_name);
  g_autofree char *san = NULL;
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string (common_name);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;

  san = g_strdup_printf ("subjectAltName=%s:%s", ip ? "IP" : "DNS", common_name);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                              error, "openssl", "req", "-x509", "-newkey", "rsa:2048",
                              "-nodes", "-days", "2", "-subj", subject, "-addext", san,
                              "-keyout", key, "-out", cert, NULL);
  if (process == NULL)
    return FALSE;
  if (!tl_test_communicate_privately (process, 60000, &output, NULL, error))
    return FALSE;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                   "openssl could not make a certificate: %s", output ? output : "");
      return FALSE;
    }
  if (cert_path != NULL)
    *cert_path = g_steal_pointer (&cert);
  if (key_path != NULL)
    *key_path = g_steal_pointer (&key);
  return TRUE;
}

void
tl_test_kill (GPid pid,
              int  signum)
{
  if (pid <= 0)
    g_error ("refusing to send signal %d to pid %d: that is a process group, not a process",
             signum, (int) pid);
  if (kill ((pid_t) pid, signum) != 0)
    g_error ("could not send signal %d to pid %d: %s", signum, (int) pid, g_strerror (errno));
}
