/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The port app/ defines for audio devices, implemented in audio/. */
#define G_LOG_DOMAIN "tl-audio-routing"

#include "config.h"

#include "tl-audio-routing.h"

G_DEFINE_INTERFACE (TlAudioRouting, tl_audio_routing, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tl_audio_routing_default_init (TlAudioRoutingInterface *iface)
{
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

char **
tl_audio_routing_dup_engine_environment (TlAudioRouting *self)
{
  g_return_val_if_fail (TL_IS_AUDIO_ROUTING (self), NULL);
  return TL_AUDIO_ROUTING_GET_IFACE (self)->dup_engine_environment (self);
}

void
tl_audio_routing_freeze_engine_devices (TlAudioRouting *self)
{
  g_return_if_fail (TL_IS_AUDIO_ROUTING (self));
  TL_AUDIO_ROUTING_GET_IFACE (self)->freeze_engine_devices (self);
}

char *
tl_audio_routing_dup_engine_device (TlAudioRouting *self,
                                    TlAudioRoute    route,
                                    const char     *id)
{
  g_return_val_if_fail (TL_IS_AUDIO_ROUTING (self), NULL);
  return TL_AUDIO_ROUTING_GET_IFACE (self)->dup_engine_device (self, route, id);
}

gboolean
tl_audio_routing_is_present (TlAudioRouting *self,
                             TlAudioRoute    route,
                             const char     *id)
{
  g_return_val_if_fail (TL_IS_AUDIO_ROUTING (self), FALSE);
  return TL_AUDIO_ROUTING_GET_IFACE (self)->is_present (self, route, id);
}

char *
tl_audio_routing_dup_default_id (TlAudioRouting *self,
                                 TlAudioRoute    route)
{
  g_return_val_if_fail (TL_IS_AUDIO_ROUTING (self), NULL);
  return TL_AUDIO_ROUTING_GET_IFACE (self)->dup_default_id (self, route);
}

char *
tl_audio_routing_dup_description (TlAudioRouting *self,
                                  TlAudioRoute    route,
                                  const char     *id)
{
  g_return_val_if_fail (TL_IS_AUDIO_ROUTING (self), NULL);
  return TL_AUDIO_ROUTING_GET_IFACE (self)->dup_description (self, route, id);
}

char *
tl_audio_routing_dup_echo_cancel_id (TlAudioRouting *self,
                                     TlAudioRoute    route,
                                     const char     *id)
{
  g_return_val_if_fail (TL_IS_AUDIO_ROUTING (self), NULL);
  return TL_AUDIO_ROUTING_GET_IFACE (self)->dup_echo_cancel_id (self, route, id);
}

gboolean
tl_audio_routing_has_echo_cancel (TlAudioRouting *self)
{
  g_return_val_if_fail (TL_IS_AUDIO_ROUTING (self), FALSE);
  return TL_AUDIO_ROUTING_GET_IFACE (self)->has_echo_cancel (self);
}

void
tl_audio_routing_emit_changed (TlAudioRouting *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}
