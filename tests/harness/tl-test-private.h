/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the harness's daemon wrappers: spawning with a log file, stopping by PID. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Spawns @argv with stdout and stderr appended to @log_path, in @cwd, with @envp
 * (NULL: inherit). The child is registered for the emergency stop that runs when
 * the test aborts, and gets SIGKILL if this process dies. @own_group puts it in its
 * own process group (for daemons that fork workers, like Kamailio). */
GSubprocess *tl_test_spawn              (const char *const *argv,
                                         const char *const *envp,
                                         const char        *cwd,
                                         const char        *log_path,
                                         gboolean           own_group,
                                         GError           **error);
/* TRUE while the child has not exited (not reaped yet). */
gboolean     tl_test_process_alive      (GSubprocess *process);
/* Polls until the child exited or @timeout_ms passes; TRUE when it exited. */
gboolean     tl_test_process_wait       (GSubprocess *process,
                                         guint        timeout_ms);
/* Stop ladder: each signal in @signals (0-terminated) followed by a wait of
 * @step_ms; SIGKILL (to the whole group when @group) at the end. Unregisters it. */
void         tl_test_process_stop       (GSubprocess *process,
                                         const int   *signals,
                                         guint        step_ms,
                                         gboolean     group);
/* A helper command's output within @timeout_ms (killed after it), on a private
 * main context: the harness never dispatches the test's own sources. */
gboolean     tl_test_communicate_privately (GSubprocess  *process,
                                            guint         timeout_ms,
                                            char        **out,
                                            char        **err,
                                            GError      **error);
/* A free loopback port whose successor is free too (baresip binds TLS on port + 1). */
guint        tl_test_free_port_pair     (void);
void         tl_test_sleep_ms           (guint        ms);
/* Kills the registered children and keeps the scratch folders' logs when the
 * test program aborts or is terminated (installed once). */
void         tl_test_install_emergency_handlers (void);
/* Keeps the logs of every live scratch folder; safe in a signal handler. */
void         tl_test_scratch_keep_all_raw (void);
/* One line into the test program's own log (in its newest scratch folder). */
void         tl_test_log_line_raw       (const char  *text);

G_END_DECLS
