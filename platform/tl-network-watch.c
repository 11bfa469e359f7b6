/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tells when the local network changed or the machine woke up, so registrations move on. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-network-watch.h"

#include "tl-platform.h"

/* Interfaces flap several times while a network comes up: wait for it to settle. */
#define SETTLE_MS 750

struct _TlNetworkWatch {
  GObject          parent_instance;

  GNetworkMonitor *monitor;
  gulong           monitor_id;
  gpointer         resume_watch;
  guint            settle_source;
  char            *pending_reason;
};

G_DEFINE_FINAL_TYPE (TlNetworkWatch, tl_network_watch, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
settled_cb (TlNetworkWatch *self)
{
  g_autofree char *reason = g_steal_pointer (&self->pending_reason);

  self->settle_source = 0;
  g_debug ("Network changed (%s)", reason);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, reason);
}

void
tl_network_watch_notify (TlNetworkWatch *self,
                         const char     *reason)
{
  g_return_if_fail (TL_IS_NETWORK_WATCH (self));

  /* A resume outweighs a plain network change in what we report. */
  if (self->pending_reason == NULL || g_strcmp0 (reason, "resume") == 0)
    {
      g_free (self->pending_reason);
      self->pending_reason = g_strdup (reason);
    }
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add_once (SETTLE_MS, (GSourceOnceFunc) settled_cb, self);
}

static void
monitor_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    TlNetworkWatch  *self)
{
  tl_network_watch_notify (self, "network");
}

static void
resumed_cb (gpointer user_data)
{
  tl_network_watch_notify (TL_NETWORK_WATCH (user_data), "resume");
}

static void
tl_network_watch_dispose (GObject *object)
{
  TlNetworkWatch *self = TL_NETWORK_WATCH (object);

  g_clear_handle_id (&self->settle_source, g_source_remove);
  g_clear_signal_handler (&self->monitor_id, self->monitor);
  g_clear_pointer (&self->resume_watch, tl_platform_unwatch_resume);
  self->monitor = NULL;
  G_OBJECT_CLASS (tl_network_watch_parent_class)->dispose (object);
}

static void
tl_network_watch_finalize (GObject *object)
{
  TlNetworkWatch *self = TL_NETWORK_WATCH (object);

  g_free (self->pending_reason);
  G_OBJECT_CLASS (tl_network_watch_parent_class)->finalize (object);
}

static void
tl_network_watch_class_init (TlNetworkWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_network_watch_dispose;
  object_class->finalize = tl_network_watch_finalize;

  /* The local address may have changed: re-register from where we are now. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tl_network_watch_init (TlNetworkWatch *self)
{
  /* The default monitor is a process-wide singleton owned by GIO. */
  self->monitor = g_network_monitor_get_default ();
  self->monitor_id = g_signal_connect (self->monitor, "network-changed",
                                       G_CALLBACK (monitor_changed_cb), self);
  self->resume_watch = tl_platform_watch_resume (resumed_cb, self);
}

TlNetworkWatch *
tl_network_watch_new (void)
{
  return g_object_new (TL_TYPE_NETWORK_WATCH, NULL);
}
