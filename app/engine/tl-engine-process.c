/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running the engine process: spawning it, restarting it with backoff when it dies, and stopping it. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine.h"
#include "tl-engine-private.h"

#include <string.h>

#include "tl-engine-config.h"
#include "tl-engine-locate.h"
#include "tl-paths.h"
#include "tl-platform.h"

/* From spawn to the first answered command. */
#define START_TIMEOUT_MS 10000
/* Restart backoff: immediate first, then doubling up to the cap. */
#define BACKOFF_FIRST_MS 250
#define BACKOFF_MAX_MS 30000
/* An engine that stayed up this long resets the backoff. */
#define STABLE_RUN_US (60 * G_USEC_PER_SEC)
/* Shutdown ladder: quit command, then SIGTERM, then SIGKILL. */
#define QUIT_GRACE_MS 3000
#define TERM_GRACE_MS 2000
/* `baresip -h` prints its banner and exits at once; past this, start without it. */
#define VERSION_PROBE_TIMEOUT_MS 3000

static void launch (TlEngine *self);
static void schedule_restart (TlEngine *self, const char *why);

/* ---- run teardown ------------------------------------------------------- */

static void
clear_run_sources (TlEngine *self)
{
  g_clear_handle_id (&self->connect_source, g_source_remove);
  g_clear_handle_id (&self->start_timeout_source, g_source_remove);
  g_clear_handle_id (&self->ladder_source, g_source_remove);
}

static void
drop_channel (TlEngine *self)
{
  if (self->channel == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->channel, self);
  tl_engine_channel_close (self->channel);
  g_clear_object (&self->channel);
}

void
tl_engine_end_run (TlEngine *self)
{
  clear_run_sources (self);
  drop_channel (self);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->process);
  self->pid = 0;
  self->reconnecting = FALSE;
  self->connect_in_flight = FALSE;
}

static void
fail_start (TlEngine   *self,
            GError     *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
complete_stop_tasks (TlEngine *self)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->stop_tasks);

  self->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
}

/* ---- process lifecycle ---------------------------------------------------- */

static void
process_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autofree char *tail = NULL;
  g_autofree char *why = NULL;

  g_subprocess_wait_finish (process, result, NULL);
  if (process != self->process)
    return;  /* an older run */

  if (g_subprocess_get_if_exited (process))
    why = g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (process));
  else
    why = g_strdup_printf ("was killed by signal %d", g_subprocess_get_term_sig (process));
  g_debug ("Engine process %s", why);

  tl_engine_end_run (self);

  if (self->state == TL_ENGINE_STATE_FAILED)
    return;  /* the start already failed and was reported */
  if (self->state == TL_ENGINE_STATE_STOPPING)
    {
      g_autoptr(GError) error = NULL;

      if (self->config_dir != NULL && !tl_paths_remove_tree (self->config_dir, &error))
        g_debug ("Could not remove the engine folder: %s", error->message);
      g_clear_pointer (&self->config_dir, g_free);
      g_clear_pointer (&self->audio_dir, g_free);
      tl_engine_set_state (self, TL_ENGINE_STATE_STOPPED);
      complete_stop_tasks (self);
      return;
    }

  if (self->planned_restart)
    {
      self->planned_restart = FALSE;
      tl_engine_set_state (self, TL_ENGINE_STATE_RESTARTING);
      launch (self);
      return;
    }

  if (self->start_task != NULL && self->restart_count == 0 && self->state == TL_ENGINE_STATE_STARTING)
    {
      /* The very first start failed: tell the caller why instead of looping. */
      tail = tl_engine_describe_output_tail (self);
      tl_engine_set_state (self, TL_ENGINE_STATE_FAILED);
      fail_start (self, g_error_new (TL_ENGINE_ERROR, TL_ENGINE_ERROR_SPAWN,
                                     "The engine %s while starting: %s", why,
                                     *tail != '\0' ? tail : "no output"));
      return;
    }

  schedule_restart (self, why);
}

static void
start_timeout_cb (TlEngine *self)
{
  g_autofree char *tail = tl_engine_describe_output_tail (self);

  self->start_timeout_source = 0;
  g_debug ("Engine did not answer within %d ms (%s)", START_TIMEOUT_MS, tail);
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  if (self->restart_count == 0 && self->start_task != NULL)
    {
      /* Count it as a failed first start; the exit callback then sees no task. */
      tl_engine_set_state (self, TL_ENGINE_STATE_FAILED);
      fail_start (self, g_error_new (TL_ENGINE_ERROR, TL_ENGINE_ERROR_START_TIMEOUT,
                                     "The engine started but did not answer within %d s: %s",
                                     START_TIMEOUT_MS / 1000, *tail != '\0' ? tail : "no output"));
    }
}

static GSubprocess *
spawn_engine (TlEngine  *self,
              GError   **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GInetAddress) listen = NULL;

  g_ptr_array_add (argv, self->binary);
  g_ptr_array_add (argv, (char *) "-f");
  g_ptr_array_add (argv, self->config_dir);
  if (self->sip_trace)
    g_ptr_array_add (argv, (char *) "-s");
  if (self->listen_address != NULL)
    {
      g_autofree char *host = tl_engine_config_listen_host (self->listen_address);

      listen = host != NULL ? g_inet_address_new_from_string (host) : NULL;
      /* Binding to one address needs the matching address family forced. */
      if (listen != NULL)
        g_ptr_array_add (argv, g_inet_address_get_family (listen) == G_SOCKET_FAMILY_IPV6
                               ? (char *) "-6" : (char *) "-4");
    }
  g_ptr_array_add (argv, NULL);

  /* stdin is a pipe we never write: the engine never sees a terminal or EOF. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, self->config_dir);
  tl_platform_bind_child_lifetime (launcher);
  for (guint i = 0; self->environment != NULL && self->environment[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (self->environment[i], "=", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  /* libpulse applies it to every stream the ALSA pulse plugin opens for the
   * engine: the playback buffer and the capture fragment. */
  if (self->audio_latency.sound_server_ms > 0)
    {
      g_autofree char *ms = g_strdup_printf ("%u", self->audio_latency.sound_server_ms);

      g_subprocess_launcher_setenv (launcher, "PULSE_LATENCY_MSEC", ms, TRUE);
    }
  {
    g_autoptr(GError) local_error = NULL;
    GSubprocess *process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                         &local_error);

    if (process == NULL)
      g_set_error (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_SPAWN,
                   "Cannot run the call engine %s: %s", self->binary, local_error->message);
    return process;
  }
}

/* ---- the engine's version, before its first config is written ---------- */

typedef struct {
  TlEngine     *engine;
  GCancellable *cancellable;
  guint         timeout_source;
} VersionProbe;

static void
probe_timeout_cb (VersionProbe *probe)
{
  probe->timeout_source = 0;
  g_cancellable_cancel (probe->cancellable);
}

static void
version_probed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VersionProbe *probe = user_data;
  g_autoptr(TlEngine) self = probe->engine;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gboolean cancelled;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &out, NULL, &error))
    g_subprocess_force_exit (G_SUBPROCESS (source));
  cancelled = self->probe_cancellable != probe->cancellable;
  g_clear_handle_id (&probe->timeout_source, g_source_remove);
  g_object_unref (probe->cancellable);
  g_free (probe);
  if (cancelled)
    return;  /* stopped meanwhile */
  g_clear_object (&self->probe_cancellable);
  if (error != NULL)
    g_debug ("No version from the engine binary (%s): its config suits every version", error->message);
  if (self->version == NULL && out != NULL)
    {
      self->version = tl_engine_dialect_parse_banner (out);
      if (self->version != NULL)
        {
          self->have_dialect = tl_engine_dialect_init_from_version (&self->dialect, self->version);
          g_object_notify_by_pspec (G_OBJECT (self), tl_engine_properties[PROP_VERSION]);
        }
    }
  if (self->state == TL_ENGINE_STATE_STARTING || self->state == TL_ENGINE_STATE_RESTARTING)
    launch (self);
}

/* What the config may contain depends on the version (4.x verifies TLS only
 * with a CA set, uses loopback only when named…): ask the binary once. */
static gboolean
probe_version (TlEngine *self)
{
  g_autofree char *binary = tl_engine_locate_binary ();
  g_autoptr(GSubprocess) process = NULL;
  VersionProbe *probe;

  self->version_probed = TRUE;
  if (binary == NULL)
    return FALSE;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_MERGE, NULL, binary, "-h", NULL);
  if (process == NULL)
    return FALSE;  /* the real start reports why */
  probe = g_new0 (VersionProbe, 1);
  probe->engine = g_object_ref (self);
  probe->cancellable = g_cancellable_new ();
  self->probe_cancellable = g_object_ref (probe->cancellable);
  probe->timeout_source = g_timeout_add_once (VERSION_PROBE_TIMEOUT_MS,
                                              (GSourceOnceFunc) probe_timeout_cb, probe);
  g_subprocess_communicate_utf8_async (process, NULL, probe->cancellable, version_probed_cb, probe);
  return TRUE;
}

static void
launch (TlEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->have_dialect && !self->version_probed && probe_version (self))
    return;  /* launched again once the version is known */
  g_clear_handle_id (&self->restart_source, g_source_remove);
  g_queue_clear_full (&self->output_tail, g_free);

  if (!tl_engine_prepare_run (self, &error) || (self->process = spawn_engine (self, &error)) == NULL)
    {
      g_debug ("Could not start the engine: %s", error->message);
      if (self->start_task != NULL && self->restart_count == 0)
        {
          tl_engine_set_state (self, TL_ENGINE_STATE_FAILED);
          fail_start (self, g_steal_pointer (&error));
        }
      else
        schedule_restart (self, error->message);
      return;
    }

  /* GLib drops the identifier as soon as it reaps the child, which can be
   * before our exit callback runs; keep the pid for the whole run. */
  {
    const char *id = g_subprocess_get_identifier (self->process);

    /* NULL when it already died (and was reaped): its exit callback follows. */
    self->pid = id != NULL ? (GPid) g_ascii_strtoll (id, NULL, 10) : 0;
  }
  self->run_cancellable = g_cancellable_new ();
  self->run_started_us = g_get_monotonic_time ();
  g_debug ("Engine %s started (pid %d) with control port %u", self->binary,
           (int) self->pid, self->control_port);

  tl_engine_start_output_reader (self);
  g_subprocess_wait_async (self->process, NULL, process_exited_cb, g_object_ref (self));
  self->start_timeout_source = g_timeout_add_once (START_TIMEOUT_MS,
                                                   (GSourceOnceFunc) start_timeout_cb, self);
  tl_engine_connect_attempt (self);
}

static void
restart_now (TlEngine *self)
{
  self->restart_source = 0;
  self->restart_count++;
  g_object_notify_by_pspec (G_OBJECT (self), tl_engine_properties[PROP_RESTART_COUNT]);
  launch (self);
}

static void
schedule_restart (TlEngine   *self,
                  const char *why)
{
  guint delay_ms = 0;

  if (self->run_started_us != 0 && g_get_monotonic_time () - self->run_started_us > STABLE_RUN_US)
    self->consecutive_failures = 0;
  if (self->consecutive_failures > 0)
    {
      guint shift = MIN (self->consecutive_failures - 1, 10u);

      delay_ms = MIN ((guint) BACKOFF_FIRST_MS << shift, (guint) BACKOFF_MAX_MS);
    }
  self->consecutive_failures++;
  tl_engine_set_state (self, TL_ENGINE_STATE_RESTARTING);
  g_debug ("Engine %s; restarting in %u ms", why, delay_ms);
  g_clear_handle_id (&self->restart_source, g_source_remove);
  self->restart_source = g_timeout_add_once (delay_ms, (GSourceOnceFunc) restart_now, self);
}

/* ---- public API ------------------------------------------------------------ */

void
tl_engine_start_async (TlEngine            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_start_async);
  if (self->state == TL_ENGINE_STATE_READY)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->state != TL_ENGINE_STATE_STOPPED && self->state != TL_ENGINE_STATE_FAILED)
    {
      g_task_return_new_error (task, TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                               "The engine is %s", tl_engine_state_to_string (self->state));
      return;
    }
  self->start_task = g_steal_pointer (&task);
  self->restart_count = 0;
  self->consecutive_failures = 0;
  tl_engine_set_state (self, TL_ENGINE_STATE_STARTING);
  launch (self);
}

gboolean
tl_engine_start_finish (TlEngine      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ladder_step_cb (TlEngine *self)
{
  self->ladder_source = 0;
  if (self->process == NULL)
    return;
  if (self->ladder_step == 0)
    {
      g_debug ("Engine did not quit in time: SIGTERM");
      tl_platform_terminate_process (self->process);
      self->ladder_step = 1;
      self->ladder_source = g_timeout_add_once (TERM_GRACE_MS, (GSourceOnceFunc) ladder_step_cb, self);
    }
  else
    {
      g_debug ("Engine did not end after SIGTERM: killing it");
      g_subprocess_force_exit (self->process);
    }
}

void
tl_engine_restart (TlEngine *self)
{
  g_return_if_fail (TL_IS_ENGINE (self));

  if (self->state != TL_ENGINE_STATE_READY || self->process == NULL || self->planned_restart)
    return;
  g_debug ("Restarting the engine on request");
  if (self->memory_restart_pending)
    self->memory_restart_count++;
  self->planned_restart = TRUE;
  self->restart_when_idle = FALSE;
  /* Not ready from now on: a dial sent to an engine that is quitting would be lost. */
  tl_engine_set_state (self, TL_ENGINE_STATE_RESTARTING);
  self->ladder_step = 0;
  g_clear_handle_id (&self->ladder_source, g_source_remove);
  /* The same ladder as a stop; the exit handler starts the next run at once. */
  if (self->channel != NULL && tl_engine_channel_is_open (self->channel))
    {
      tl_engine_channel_command_async (self->channel, "quit", NULL, NULL, NULL, NULL);
      self->ladder_source = g_timeout_add_once (QUIT_GRACE_MS, (GSourceOnceFunc) ladder_step_cb, self);
    }
  else
    ladder_step_cb (self);
}

void
tl_engine_stop_async (TlEngine            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_engine_stop_async);
  g_clear_handle_id (&self->restart_source, g_source_remove);

  if (self->process == NULL)
    {
      if (self->probe_cancellable != NULL)
        g_cancellable_cancel (self->probe_cancellable);
      g_clear_object (&self->probe_cancellable);
      tl_engine_set_state (self, TL_ENGINE_STATE_STOPPED);
      if (self->config_dir != NULL)
        tl_paths_remove_tree (self->config_dir, NULL);
      g_clear_pointer (&self->config_dir, g_free);
      g_clear_pointer (&self->audio_dir, g_free);
      fail_start (self, g_error_new (TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                                     "The engine was stopped"));
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_ptr_array_add (self->stop_tasks, g_steal_pointer (&task));
  if (self->state == TL_ENGINE_STATE_STOPPING)
    return;

  fail_start (self, g_error_new (TL_ENGINE_ERROR, TL_ENGINE_ERROR_NOT_RUNNING,
                                 "The engine was stopped while starting"));
  tl_engine_set_state (self, TL_ENGINE_STATE_STOPPING);
  self->ladder_step = 0;
  if (self->channel != NULL && tl_engine_channel_is_open (self->channel))
    {
      /* quit unregisters every account first (the graceful path). */
      tl_engine_channel_command_async (self->channel, "quit", NULL, NULL, NULL, NULL);
      self->ladder_source = g_timeout_add_once (QUIT_GRACE_MS, (GSourceOnceFunc) ladder_step_cb, self);
    }
  else
    ladder_step_cb (self);
}

gboolean
tl_engine_stop_finish (TlEngine      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
