/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PortAudio device lookup shared inside audio/ (no PortAudio types leak out). */
#pragma once

#include <glib.h>

#include "tl-audio-device.h"

G_BEGIN_DECLS

/* Re-reads PortAudio's device list (terminate + initialise) when no stream
 * of ours is open; FALSE when one is (the old list stays). */
gboolean   tl_audio_system_refresh          (void);
/* PortAudio's index of the device called @portaudio_name with channels in
 * @direction, or -1. A name not found triggers one refresh (when idle). */
int        tl_audio_system_find_device      (const char       *portaudio_name,
                                             TlAudioDirection  direction);
/* PortAudio's device names in index order (what an engine started now with
 * the same ALSA configuration enumerates). */
GPtrArray *tl_audio_system_list_names       (void);
/* Bookkeeping so a refresh never pulls the rug from under an open stream. */
void       tl_audio_system_stream_opened    (void);
void       tl_audio_system_stream_closed    (void);

G_END_DECLS

#include <portaudio.h>

G_BEGIN_DECLS

/* Opens (without starting) a mono float32 stream on the catalog device whose
 * PortAudio name is @portaudio_name (NULL: PortAudio's default), at 48 kHz or,
 * when refused, 44.1 kHz (*rate says which). The caller must hold
 * tl_audio_system_acquire(); close with tl_audio_system_close_stream(). */
PaStream  *tl_audio_system_open_stream      (const char        *portaudio_name,
                                             const char        *description,
                                             TlAudioDirection   direction,
                                             PaStreamCallback  *callback,
                                             void              *user_data,
                                             double            *rate,
                                             GError           **error);
gboolean   tl_audio_system_start_stream     (PaStream          *stream,
                                             const char        *description,
                                             GError           **error);
void       tl_audio_system_close_stream     (PaStream          *stream);

G_END_DECLS
