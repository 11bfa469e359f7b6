/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linux (and other freedesktop systems): Flatpak bundle paths, PATH, signals. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-platform.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Inside the Flatpak the engine is bundled under /app. */
#define FLATPAK_ENGINE "/app/bin/baresip"
#define FLATPAK_MODULES "/app/lib/baresip/modules"

char *
tl_platform_find_engine_binary (void)
{
  g_autofree char *in_path = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS)
      && g_file_test (FLATPAK_ENGINE, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (FLATPAK_ENGINE);

  in_path = g_find_program_in_path ("baresip");
  if (in_path != NULL)
    return g_steal_pointer (&in_path);

  if (g_file_test ("/usr/bin/baresip", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/baresip");
  return NULL;
}

char *
tl_platform_engine_module_dir (const char *engine_path)
{
  g_autofree char *bindir = NULL;
  g_autofree char *prefix = NULL;
  const char *multiarch[] = { "lib", "lib64", "lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu" };

  if (engine_path == NULL)
    return g_strdup (TL_DEFAULT_ENGINE_MODULE_DIR);
  if (g_str_has_prefix (engine_path, "/app/"))
    return g_strdup (FLATPAK_MODULES);

  /* A locally built engine keeps its modules beside its prefix. */
  bindir = g_path_get_dirname (engine_path);
  prefix = g_path_get_dirname (bindir);
  for (guint i = 0; i < G_N_ELEMENTS (multiarch); i++)
    {
      g_autofree char *dir = g_build_filename (prefix, multiarch[i], "baresip", "modules", NULL);
      g_autofree char *probe = g_build_filename (dir, "ctrl_tcp.so", NULL);

      if (g_file_test (probe, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&dir);
    }
  return g_strdup (TL_DEFAULT_ENGINE_MODULE_DIR);
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
die_with_parent (gpointer user_data)
{
  pid_t parent = (pid_t) GPOINTER_TO_INT (user_data);

  /* SIGTERM, not SIGKILL: the engine still unregisters on its way out. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* The parent may have died before the line above. */
  if (getppid () != parent)
    _exit (0);
}

void
tl_platform_bind_child_lifetime (GSubprocessLauncher *launcher)
{
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent,
                                         GINT_TO_POINTER ((int) getpid ()), NULL);
}

void
tl_platform_terminate_process (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
}

/* logind announces sleep and wake with PrepareForSleep(b) on the system bus. */
typedef struct {
  void           (*callback) (gpointer user_data);
  gpointer         user_data;
  GDBusConnection *bus;
  guint            subscription;
} ResumeWatch;

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  ResumeWatch *watch = user_data;
  gboolean going_to_sleep = TRUE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    watch->callback (watch->user_data);
}

gpointer
tl_platform_watch_resume (void     (*callback) (gpointer user_data),
                          gpointer   user_data)
{
  g_autoptr(GError) error = NULL;
  ResumeWatch *watch;
  GDBusConnection *bus;

  /* No system bus (containers, CI): no resume events, nothing else breaks. */
  if (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS") == NULL
      && !g_file_test ("/run/dbus/system_bus_socket", G_FILE_TEST_EXISTS))
    return NULL;
  bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);
  if (bus == NULL)
    {
      g_debug ("No system bus, so no resume events: %s", error->message);
      return NULL;
    }
  watch = g_new0 (ResumeWatch, 1);
  watch->callback = callback;
  watch->user_data = user_data;
  watch->bus = bus;
  watch->subscription =
    g_dbus_connection_signal_subscribe (bus, "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager", "PrepareForSleep",
                                        "/org/freedesktop/login1", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        prepare_for_sleep_cb, watch, NULL);
  return watch;
}

void
tl_platform_unwatch_resume (gpointer handle)
{
  ResumeWatch *watch = handle;

  if (watch == NULL)
    return;
  g_dbus_connection_signal_unsubscribe (watch->bus, watch->subscription);
  g_object_unref (watch->bus);
  g_free (watch);
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
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *socket_path = NULL;

  if (address != NULL && *address != '\0')
    return TRUE;
  /* systemd and dbus-broker put the user bus here; GLib finds it too. */
  socket_path = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (socket_path, G_FILE_TEST_EXISTS);
}

const char *
tl_platform_name (void)
{
  return "Linux";
}
