/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One microphone or speaker as the catalog lists it: stable id, description, flags. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TL_AUDIO_DIRECTION_INPUT,
  TL_AUDIO_DIRECTION_OUTPUT,
} TlAudioDirection;

#define TL_TYPE_AUDIO_DEVICE (tl_audio_device_get_type ())
G_DECLARE_FINAL_TYPE (TlAudioDevice, tl_audio_device, TL, AUDIO_DEVICE, GObject)

/* @id is the stable identity (the sound server's name, or on systems without
 * one PortAudio's "HostAPI: name"); @portaudio_name is what PortAudio lists it as. */
TlAudioDevice    *tl_audio_device_new                (TlAudioDirection  direction,
                                                      const char       *id,
                                                      const char       *description,
                                                      const char       *portaudio_name);
TlAudioDirection  tl_audio_device_get_direction      (TlAudioDevice *self);
const char       *tl_audio_device_get_id             (TlAudioDevice *self);
const char       *tl_audio_device_get_description    (TlAudioDevice *self);
const char       *tl_audio_device_get_portaudio_name (TlAudioDevice *self);
gboolean          tl_audio_device_get_is_default     (TlAudioDevice *self);
/* A sink's monitor (what the sink plays), not a microphone. */
gboolean          tl_audio_device_get_is_monitor     (TlAudioDevice *self);
/* Built into the computer (laptop speakers and microphone). */
gboolean          tl_audio_device_get_is_builtin     (TlAudioDevice *self);
/* A sound-server echo-cancel virtual device. */
gboolean          tl_audio_device_get_is_echo_cancel (TlAudioDevice *self);
/* For an echo-cancel device: the id of the device it wraps (or NULL). */
const char       *tl_audio_device_get_master_id      (TlAudioDevice *self);

/* Set by backends before the device is published. */
void              tl_audio_device_set_flags          (TlAudioDevice *self,
                                                      gboolean       is_default,
                                                      gboolean       is_monitor,
                                                      gboolean       is_builtin,
                                                      gboolean       is_echo_cancel,
                                                      const char    *master_id);
/* Same identity, text and flags (for change detection). */
gboolean          tl_audio_device_equal              (TlAudioDevice *a,
                                                      TlAudioDevice *b);
const char       *tl_audio_direction_to_string       (TlAudioDirection direction);

G_END_DECLS
