/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keeps the engine's microphone and speaker on the devices the user chose, by name:
 * resolves them to the engine's indexes, switches them during calls, falls back
 * to the default (with a notice) when one disappears, and restarts the engine
 * between calls when a chosen device appeared after the engine started. */
#pragma once

#include <gio/gio.h>

#include "tl-audio-routing.h"
#include "tl-engine.h"

G_BEGIN_DECLS

#define TL_TYPE_ENGINE_AUDIO (tl_engine_audio_get_type ())
G_DECLARE_FINAL_TYPE (TlEngineAudio, tl_engine_audio, TL, ENGINE_AUDIO, GObject)

TlEngineAudio *tl_engine_audio_new                 (TlEngine       *engine,
                                                    TlAudioRouting *routing);
/* Call before tl_engine_start_async(): gives the engine its environment and
 * devices, and freezes the device list it is about to read. */
void           tl_engine_audio_prepare_start       (TlEngineAudio  *self);

/* Preferred devices by stable id; NULL follows the system default. */
void           tl_engine_audio_set_microphone      (TlEngineAudio  *self,
                                                    const char     *id);
void           tl_engine_audio_set_speaker         (TlEngineAudio  *self,
                                                    const char     *id);
const char    *tl_engine_audio_get_microphone      (TlEngineAudio  *self);
const char    *tl_engine_audio_get_speaker         (TlEngineAudio  *self);
/* Use the sound server's echo-cancelling devices for built-in speakers and
 * microphones (on by default). */
void           tl_engine_audio_set_echo_cancel     (TlEngineAudio  *self,
                                                    gboolean        enabled);
gboolean       tl_engine_audio_get_echo_cancel     (TlEngineAudio  *self);

/* What the engine uses now ("portaudio,N"), as last confirmed by it. */
const char    *tl_engine_audio_get_engine_microphone (TlEngineAudio *self);
const char    *tl_engine_audio_get_engine_speaker  (TlEngineAudio  *self);
/* A sentence for the UI ("Headset is not connected: using Speakers."), or NULL. */
const char    *tl_engine_audio_get_notice          (TlEngineAudio  *self);
/* A chosen device needs an engine restart, which waits for the calls to end. */
gboolean       tl_engine_audio_get_restart_pending (TlEngineAudio  *self);
gboolean       tl_engine_audio_get_in_call         (TlEngineAudio  *self);
/* Before answering: FALSE with a warning when a preferred device is missing. */
gboolean       tl_engine_audio_check_before_answer (TlEngineAudio  *self,
                                                    char          **warning);

G_END_DECLS
