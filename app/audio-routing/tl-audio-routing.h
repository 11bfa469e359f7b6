/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The port app/ defines for audio devices: what the engine glue needs to know about
 * them (names, presence, the engine's device indexes), implemented in audio/. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TL_AUDIO_ROUTE_MICROPHONE,
  TL_AUDIO_ROUTE_SPEAKER,
} TlAudioRoute;

#define TL_TYPE_AUDIO_ROUTING (tl_audio_routing_get_type ())
G_DECLARE_INTERFACE (TlAudioRouting, tl_audio_routing, TL, AUDIO_ROUTING, GObject)

struct _TlAudioRoutingInterface {
  GTypeInterface parent_iface;

  /* "NAME=value" entries the engine process needs to see the same devices. */
  char   **(*dup_engine_environment) (TlAudioRouting *self);
  /* Takes the device list an engine started now will read (1.0.0 reads it
   * once, at start); later lookups of engine devices use this list. */
  void     (*freeze_engine_devices)  (TlAudioRouting *self);
  /* "portaudio,N" for @id (NULL: the default device) in the frozen list, or
   * NULL when the engine cannot see it (it appeared after the engine started). */
  char    *(*dup_engine_device)      (TlAudioRouting *self,
                                      TlAudioRoute    route,
                                      const char     *id);
  /* Whether @id is connected now. */
  gboolean (*is_present)             (TlAudioRouting *self,
                                      TlAudioRoute    route,
                                      const char     *id);
  /* The system default device's id, or NULL when there is none. */
  char    *(*dup_default_id)         (TlAudioRouting *self,
                                      TlAudioRoute    route);
  /* A human name for @id (the id itself when unknown). */
  char    *(*dup_description)        (TlAudioRouting *self,
                                      TlAudioRoute    route,
                                      const char     *id);
  /* The echo-cancelling device to use instead of @id, when @id is built into
   * the computer and the sound server offers one; NULL otherwise. */
  char    *(*dup_echo_cancel_id)     (TlAudioRouting *self,
                                      TlAudioRoute    route,
                                      const char     *id);
  /* Whether the sound server offers echo cancellation at all. */
  gboolean (*has_echo_cancel)        (TlAudioRouting *self);
};

char   **tl_audio_routing_dup_engine_environment (TlAudioRouting *self);
void     tl_audio_routing_freeze_engine_devices  (TlAudioRouting *self);
char    *tl_audio_routing_dup_engine_device      (TlAudioRouting *self,
                                                  TlAudioRoute    route,
                                                  const char     *id);
gboolean tl_audio_routing_is_present             (TlAudioRouting *self,
                                                  TlAudioRoute    route,
                                                  const char     *id);
char    *tl_audio_routing_dup_default_id         (TlAudioRouting *self,
                                                  TlAudioRoute    route);
char    *tl_audio_routing_dup_description        (TlAudioRouting *self,
                                                  TlAudioRoute    route,
                                                  const char     *id);
char    *tl_audio_routing_dup_echo_cancel_id     (TlAudioRouting *self,
                                                  TlAudioRoute    route,
                                                  const char     *id);
gboolean tl_audio_routing_has_echo_cancel        (TlAudioRouting *self);
/* Implementations emit "changed" when devices come or go. */
void     tl_audio_routing_emit_changed           (TlAudioRouting *self);

G_END_DECLS
