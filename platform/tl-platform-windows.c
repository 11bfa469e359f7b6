/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Windows: the engine sits beside trunkline.exe; there are no signals. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-platform.h"

char *
tl_platform_find_engine_binary (void)
{
  g_autofree char *base = g_win32_get_package_installation_directory_of_module (NULL);
  g_autofree char *bundled = g_build_filename (base, "bin", "baresip.exe", NULL);

  if (g_file_test (bundled, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&bundled);
  return g_find_program_in_path ("baresip.exe");
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
  /* A job object with KILL_ON_JOB_CLOSE is the Windows way; not wired yet. */
}

void
tl_platform_terminate_process (GSubprocess *process)
{
  /* No graceful signal exists; the quit command is the graceful path. */
  g_subprocess_force_exit (process);
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
  int status = 0;

  /* No exec on Windows: run it with our standard streams and pass its status on. */
  if (g_spawn_sync (NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                    &status, error))
    exit (status);
}

gboolean
tl_platform_has_session_bus (void)
{
  /* GLib autolaunches one bus per login session on Windows and shares it. */
  return TRUE;
}

void
tl_platform_set_autostart_async (gboolean             enabled,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  /* The Run key would do it; not wired yet. */
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "Starting at login is not available on %s yet", "Windows");
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
  return "Windows";
}
