/* SPDX-License-Identifier: GPL-3.0-or-later */
/* macOS: the engine inside the app bundle, else Homebrew's. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-platform.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

char *
tl_platform_find_engine_binary (void)
{
  const char *candidates[] = { "/opt/homebrew/bin/baresip", "/usr/local/bin/baresip" };
  g_autofree char *in_path = g_find_program_in_path ("baresip");

  if (in_path != NULL)
    return g_steal_pointer (&in_path);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
      return g_strdup (candidates[i]);
  return NULL;
}

char *
tl_platform_engine_module_dir (const char *engine_path)
{
  g_autofree char *bindir = g_path_get_dirname (engine_path);
  g_autofree char *prefix = g_path_get_dirname (bindir);

  return g_build_filename (prefix, "lib", "baresip", "modules", NULL);
}

void
tl_platform_bind_child_lifetime (GSubprocessLauncher *launcher)
{
  /* No parent-death signal on macOS: a kqueue NOTE_EXIT watcher is the way. */
}

void
tl_platform_terminate_process (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
}

gpointer
tl_platform_watch_resume (void     (*callback) (gpointer user_data),
                          gpointer   user_data)
{
  /* Not wired yet on this OS: GNetworkMonitor still reports the new network. */
  return NULL;
}

void
tl_platform_unwatch_resume (gpointer handle)
{
}

void
tl_platform_exec (char   **argv,
                  GError **error)
{
  int saved;

  execv (argv[0], argv);
  saved = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               "Cannot run %s: %s", argv[0], g_strerror (saved));
}

gboolean
tl_platform_has_session_bus (void)
{
  /* macOS has no session bus unless one was installed (launchd starts it). */
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
}

void
tl_platform_set_autostart_async (gboolean             enabled,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  /* A login item (SMAppService) would do it; not wired yet. */
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "Starting at login is not available on %s yet", "macOS");
}

gboolean
tl_platform_set_autostart_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Not measured here yet: the engine is then never restarted for its memory. */
gint64
tl_platform_process_rss_kib (GPid pid)
{
  return -1;
}

const char *
tl_platform_name (void)
{
  return "macOS";
}
