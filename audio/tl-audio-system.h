/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared PortAudio initialisation for everything in audio/. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TL_AUDIO_ERROR (tl_audio_error_quark ())

typedef enum {
  TL_AUDIO_ERROR_INIT,       /* PortAudio could not initialise */
  TL_AUDIO_ERROR_NO_DEVICE,  /* no device of the needed kind */
  TL_AUDIO_ERROR_FORMAT,     /* the device refuses the sample rate or format */
  TL_AUDIO_ERROR_STREAM,     /* the device could not be opened or started */
} TlAudioErrorEnum;

GQuark       tl_audio_error_quark       (void);
/* Initialises PortAudio once per process (reference counted). */
gboolean     tl_audio_system_acquire    (GError **error);
void         tl_audio_system_release    (void);
/* "PortAudio V19.6.0-devel…" for the About page and bug reports. */
const char  *tl_audio_system_version    (void);

G_END_DECLS
