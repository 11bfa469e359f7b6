/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linux (and other freedesktop systems): Flatpak bundle paths, PATH, signals. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-platform.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
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

gint64
tl_platform_process_rss_kib (GPid pid)
{
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  const char *line;

  if (pid <= 0)
    return -1;
  path = g_strdup_printf ("/proc/%d/status", (int) pid);
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10);
}

const char *
tl_platform_name (void)
{
  return "Linux";
}

/* ---- start at login ------------------------------------------------------------------- */

/* Inside Flatpak the autostart folder is out of reach: the portal decides.
 * TRUNKLINE_AUTOSTART_PORTAL=1 asks for the portal outside a sandbox too (a
 * host whose autostart folder is managed elsewhere, and the tests). */
static gboolean
sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS)
         || g_strcmp0 (g_getenv ("TRUNKLINE_AUTOSTART_PORTAL"), "1") == 0;
}

/* Exec= quoting of the desktop entry specification: inside double quotes,
 * ", `, $ and \ are escaped with a backslash. */
static char *
desktop_quote (const char *path)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = path; *p != '\0'; p++)
    {
      if (strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

static gboolean
write_autostart_entry (gboolean   enabled,
                       GError   **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "autostart", NULL);
  g_autofree char *path = g_build_filename (dir, TL_APP_ID ".desktop", NULL);
  g_autofree char *self_path = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *entry = NULL;

  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot remove %s: %s", path,
                       g_strerror (saved));
          return FALSE;
        }
      g_debug ("Autostart entry removed: %s", path);
      return TRUE;
    }
  /* This very binary: an uninstalled build starts itself, an installed one too. */
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  exec = desktop_quote (self_path != NULL ? self_path : "trunkline");
  entry = g_strdup_printf ("[Desktop Entry]\n"
                           "Type=Application\n"
                           "Name=Trunkline\n"
                           "Comment=Take calls from your SIP trunk from the moment you log in\n"
                           "Exec=%s --gapplication-service\n"
                           "Icon=" TL_APP_ID "\n"
                           "Terminal=false\n"
                           "NoDisplay=true\n"
                           "X-GNOME-Autostart-enabled=true\n"
                           "X-GNOME-UsesNotifications=true\n",
                           exec);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, entry, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;
  g_debug ("Autostart entry written: %s", path);
  return TRUE;
}

/* The Background portal answers on a Request object: subscribe to its Response
 * before asking, at the path the token gives. */
typedef struct {
  GDBusConnection *bus;
  guint            subscription;
  gboolean         enabled;
} PortalAsk;

static void
portal_ask_free (PortalAsk *ask)
{
  if (ask->subscription != 0)
    g_dbus_connection_signal_unsubscribe (ask->bus, ask->subscription);
  g_clear_object (&ask->bus);
  g_free (ask);
}

static void
portal_response_cb (GDBusConnection *bus,
                    const char      *sender,
                    const char      *path,
                    const char      *interface,
                    const char      *signal,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  GTask *task = user_data;
  PortalAsk *ask = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  guint32 response = 2;
  gboolean autostart = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;
  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "autostart", "b", &autostart);
  g_dbus_connection_signal_unsubscribe (bus, ask->subscription);
  ask->subscription = 0;
  if (response == 0 && autostart == ask->enabled)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             "The desktop did not let Trunkline %s at login",
                             ask->enabled ? "start" : "stop starting");
  g_object_unref (task);
}

static void
portal_called_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      PortalAsk *ask = g_task_get_task_data (task);

      g_dbus_connection_signal_unsubscribe (ask->bus, ask->subscription);
      ask->subscription = 0;
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  /* Otherwise the Response signal finishes the task. */
}

static void
ask_portal (GTask    *task,
            gboolean  enabled)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, g_task_get_cancellable (task), &error);
  g_autofree char *token = g_strdup_printf ("trunkline%u", g_random_int ());
  g_autofree char *sender = NULL;
  g_autofree char *request_path = NULL;
  const char *commandline[] = { "trunkline", "--gapplication-service", NULL };
  PortalAsk *ask;
  GVariantBuilder options;

  if (bus == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  ask = g_new0 (PortalAsk, 1);
  ask->bus = bus;
  ask->enabled = enabled;
  g_task_set_task_data (task, ask, (GDestroyNotify) portal_ask_free);
  /* :1.42 → 1_42, as the portal names its request objects. */
  sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);
  g_strdelimit (sender, ".", '_');
  request_path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", sender, token);
  ask->subscription = g_dbus_connection_signal_subscribe (bus, "org.freedesktop.portal.Desktop",
                                                          "org.freedesktop.portal.Request", "Response",
                                                          request_path, NULL, G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                                          portal_response_cb, task, NULL);
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string ("Trunkline takes calls from your SIP trunk in the background"));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (enabled));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, 30000, g_task_get_cancellable (task), portal_called_cb, task);
}

void
tl_platform_set_autostart_async (gboolean             enabled,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, tl_platform_set_autostart_async);
  if (sandboxed ())
    {
      /* The sandbox cannot write the host's autostart folder: the portal does. */
      ask_portal (task, enabled);
      return;
    }
  if (write_autostart_entry (enabled, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  g_object_unref (task);
}

gboolean
tl_platform_set_autostart_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
