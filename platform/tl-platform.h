/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What differs between operating systems, behind one small interface (one .c per OS). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where this OS keeps the engine executable: the app bundle first, then PATH. */
char       *tl_platform_find_engine_binary   (void);
/* The engine's module folder that goes with @engine_path. */
char       *tl_platform_engine_module_dir    (const char *engine_path);
/* Makes children of @launcher end when this process dies, however it dies, so a
 * crashed app never leaves its engine holding registrations and ports. */
void        tl_platform_bind_child_lifetime  (GSubprocessLauncher *launcher);
/* Asks a child process to end gracefully (SIGTERM where there are signals). */
void        tl_platform_terminate_process    (GSubprocess *process);
/* Calls @callback (on the main context) each time the machine resumes from
 * suspend; returns a handle for tl_platform_unwatch_resume(), or NULL. */
gpointer    tl_platform_watch_resume         (void      (*callback) (gpointer user_data),
                                              gpointer    user_data);
void        tl_platform_unwatch_resume       (gpointer    handle);
/* Replaces this process with @argv[0] (where the OS can; elsewhere runs it with our
 * standard streams and exits with its status). Returns only on failure. */
void        tl_platform_exec                 (char      **argv,
                                              GError    **error);
/* TRUE when a per-user message bus is there to reach without starting one (on
 * Linux: DBUS_SESSION_BUS_ADDRESS, or the bus socket in the runtime folder). A
 * command-line tool must not autolaunch a bus daemon that outlives it. */
gboolean    tl_platform_has_session_bus      (void);
/* Starts Trunkline hidden (--gapplication-service) when the person logs in, or
 * stops doing so: through the desktop's Background portal inside a sandbox, an
 * autostart entry otherwise. Fails with G_IO_ERROR_NOT_SUPPORTED where the OS
 * has no way, G_IO_ERROR_PERMISSION_DENIED when the desktop refused. */
void        tl_platform_set_autostart_async  (gboolean             enabled,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    tl_platform_set_autostart_finish (GAsyncResult        *result,
                                              GError             **error);
/* The resident memory of process @pid in KiB, or -1 where it cannot be read
 * (the process is gone, or this OS is not measured yet). */
gint64      tl_platform_process_rss_kib      (GPid        pid);
/* A short human name of the OS, for logs and the About page. */
const char *tl_platform_name                 (void);

G_END_DECLS
