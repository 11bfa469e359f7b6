/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The control connection to the engine, and taking it back when another program connects. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine.h"
#include "tl-engine-private.h"

#include <string.h>

#include "tl-platform.h"

/* Between connection attempts while the engine starts its main loop. */
#define CONNECT_RETRY_MS 5

static void channel_closed_cb (TlEngineChannel *channel, const char *why, TlEngine *self);

/* After each call: the memory it kept is measured against what the engine
 * used after the first call of this run (its device and codec buffers are
 * allocated by then), and past the limit a restart waits for the last call. */
static void
check_memory_after_call (TlEngine *self)
{
  gint64 rss;

  if (self->memory_growth_percent == 0 || self->memory_restart_pending)
    return;
  rss = tl_platform_process_rss_kib (self->pid);
  if (rss <= 0)
    return;
  if (self->run_rss_baseline_kib <= 0)
    {
      self->run_rss_baseline_kib = rss;
      return;
    }
  if (rss * 100 <= self->run_rss_baseline_kib * (100 + (gint64) self->memory_growth_percent))
    return;
  g_debug ("Engine memory %" G_GINT64_FORMAT " KiB, %" G_GINT64_FORMAT " KiB after its first call:"
           " restarting it between calls", rss, self->run_rss_baseline_kib);
  self->memory_restart_pending = TRUE;
  tl_engine_restart_when_idle (self);
}

static void
channel_event_cb (TlEngineChannel *channel,
                  TlEngineEvent   *event,
                  TlEngine        *self)
{
  g_debug ("event %s (%s)", event->type_name, event->account_aor != NULL ? event->account_aor : "-");
  g_signal_emit (self, tl_engine_signals[SIGNAL_EVENT], 0, event);
  if (event->type == TL_ENGINE_EVENT_CALL_INCOMING || event->type == TL_ENGINE_EVENT_CALL_OUTGOING
      || event->type == TL_ENGINE_EVENT_CALL_RINGING || event->type == TL_ENGINE_EVENT_CALL_PROGRESS
      || event->type == TL_ENGINE_EVENT_CALL_ESTABLISHED)
    self->call_activity++;
  if (event->type != TL_ENGINE_EVENT_CALL_CLOSED)
    return;
  if (self->restart_when_idle)
    tl_engine_restart_when_idle (self);
  else
    check_memory_after_call (self);
}

static void
became_ready (TlEngine *self)
{
  gboolean was_restart = self->state == TL_ENGINE_STATE_RESTARTING;
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  g_clear_handle_id (&self->start_timeout_source, g_source_remove);
  self->run_rss_baseline_kib = 0;
  self->memory_restart_pending = FALSE;
  tl_engine_set_state (self, TL_ENGINE_STATE_READY);
  g_debug ("Engine %s ready on control port %u", self->version ? self->version : "(unknown version)",
           self->control_port);
  tl_engine_readd_accounts (self);
  if (was_restart)
    g_signal_emit (self, tl_engine_signals[SIGNAL_RESTARTED], 0, self->restart_count);
  g_signal_emit (self, tl_engine_signals[SIGNAL_READY], 0);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  TlEngine *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;

  reply = tl_engine_channel_command_finish (TL_ENGINE_CHANNEL (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Engine readiness probe failed: %s", error->message);
      return;  /* the start timeout or the exit handler decides */
    }
  if (self->version == NULL)
    {
      self->version = tl_engine_dialect_parse_banner (reply);
      if (self->version != NULL)
        {
          self->have_dialect = tl_engine_dialect_init_from_version (&self->dialect, self->version);
          g_object_notify_by_pspec (G_OBJECT (self), tl_engine_properties[PROP_VERSION]);
        }
    }
  became_ready (self);
}

static void
attach_channel (TlEngine          *self,
                GSocketConnection *connection)
{
  self->channel = tl_engine_channel_new (G_IO_STREAM (connection));
  g_signal_connect (self->channel, "event", G_CALLBACK (channel_event_cb), self);
  g_signal_connect (self->channel, "closed", G_CALLBACK (channel_closed_cb), self);
}

static void resync_after_takeover (TlEngine *self);

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* that run is over; tl_engine_end_run() already reset the state */
  self->connect_in_flight = FALSE;
  if (self->process == NULL || self->state == TL_ENGINE_STATE_STOPPING
      || self->state == TL_ENGINE_STATE_STOPPED)
    return;
  if (connection == NULL)
    {
      if (self->reconnecting)
        {
          /* The engine is gone, not taken over: the exit handler restarts it. */
          g_debug ("Reconnect failed: %s", error->message);
          self->reconnecting = FALSE;
          return;
        }
      /* The engine has not opened its port yet. */
      self->connect_source = g_timeout_add_once (CONNECT_RETRY_MS,
                                                 (GSourceOnceFunc) tl_engine_connect_attempt, self);
      return;
    }

  if (self->channel != NULL)
    return;  /* already connected; a second client would evict the first */
  /* The client's connect timeout stays on the socket: a quiet engine is not a
   * dead one, so reads must never time out. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 0);
  attach_channel (self, connection);
  if (self->reconnecting)
    {
      self->reconnecting = FALSE;
      resync_after_takeover (self);
      return;
    }
  /* Ready means a command answered, not a port that accepts. */
  tl_engine_channel_command_async (self->channel, "about", NULL, self->run_cancellable,
                                   probe_cb, self);
}

void
tl_engine_connect_attempt (TlEngine *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  self->connect_source = 0;
  if (self->connect_in_flight)
    return;
  self->connect_in_flight = TRUE;
  g_socket_client_set_timeout (client, 2);
  /* Loopback never goes through a proxy; asking would load GIO's proxy modules. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_to_host_async (client, "127.0.0.1", (guint16) self->control_port,
                                         self->run_cancellable, connect_cb, g_object_ref (self));
}

/* ---- takeover of the control port ---------------------------------------- */

static void
listcalls_for_restart_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(GPtrArray) calls = NULL;

  reply = tl_engine_command_finish (self, result, &error);
  if (reply == NULL)
    {
      g_debug ("listcalls before restart failed: %s", error->message);
      return;
    }
  /* No call line (1.0.0 says "Active calls (0)", 4.x with no account says
   * nothing at all): no call to lose, restart now; otherwise wait for the
   * engine to report its last call closed. A dial sent or a call seen since
   * the question makes the answer stale: the next close asks again. */
  calls = tl_engine_dialect_parse_call_list (reply);
  if (calls->len == 0 && self->call_activity == self->idle_probe_activity && self->restart_when_idle)
    {
      self->restart_when_idle = FALSE;
      tl_engine_restart (self);
    }
  else
    g_debug ("Restart deferred until the calls end");
}

void
tl_engine_restart_when_idle (TlEngine *self)
{
  g_return_if_fail (TL_IS_ENGINE (self));

  if (self->state != TL_ENGINE_STATE_READY)
    return;
  self->restart_when_idle = TRUE;
  self->idle_probe_activity = self->call_activity;
  tl_engine_command_async (self, "listcalls", NULL, NULL, listcalls_for_restart_cb,
                           g_object_ref (self));
}

static void
netchange_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (self, result, &error);

  if (reply != NULL)
    return;
  g_debug ("netchange failed (%s); restarting between calls instead", error->message);
  tl_engine_restart_when_idle (self);
}

void
tl_engine_network_changed (TlEngine *self)
{
  g_return_if_fail (TL_IS_ENGINE (self));

  if (self->state != TL_ENGINE_STATE_READY)
    return;
  /* netroam moves the SIP transports to the new addresses and registers
   * again without dropping a call; 1.0.0 has to be restarted for that. */
  if (self->have_dialect && self->dialect.has_netroam && self->run_has_netroam)
    tl_engine_command_async (self, "netchange", NULL, NULL, netchange_cb, g_object_ref (self));
  else
    tl_engine_restart_when_idle (self);
}

static void
reginfo_after_takeover_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(TlEngine) self = user_data;
  g_autofree char *reply = tl_engine_command_finish (self, result, NULL);

  if (reply != NULL)
    g_debug ("Registrations after takeover: %s", reply);
}

static void
resync_after_takeover (TlEngine *self)
{
  /* Reported only now that our reconnect proved the engine alive. */
  g_signal_emit (self, tl_engine_signals[SIGNAL_SECURITY_WARNING], 0,
                 "Another program on this computer connected to the call engine's control "
                 "port. Trunkline took the connection back and is moving the engine to a new port.");
  /* Events sent while the other client held the port were lost: ask again. */
  tl_engine_command_async (self, "reginfo", NULL, NULL, reginfo_after_takeover_cb,
                           g_object_ref (self));
  /* Move to a new port so the intruder loses it, once no call would be cut. */
  tl_engine_restart_when_idle (self);
}

static void
channel_closed_cb (TlEngineChannel *channel,
                   const char      *why,
                   TlEngine        *self)
{
  /* The channel keeps itself alive while it emits "closed". */
  g_signal_handlers_disconnect_by_data (channel, self);
  if (channel == self->channel)
    g_clear_object (&self->channel);
  if (self->state != TL_ENGINE_STATE_READY || self->process == NULL || self->planned_restart)
    return;

  /* The engine serves one client: our connection closing while the engine runs
   * means someone else connected. Reconnect at once (ours evicts theirs). If the
   * engine died instead, the reconnect fails and the exit handler takes over. */
  g_debug ("Control connection lost (%s); reconnecting", why);
  self->reconnecting = TRUE;
  g_clear_handle_id (&self->connect_source, g_source_remove);
  tl_engine_connect_attempt (self);
}
