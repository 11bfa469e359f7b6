/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audio/ side of app/'s TlAudioRouting port: maps catalog devices to the
 * engine's PortAudio indexes, as the engine enumerated them when it started. */
#pragma once

#include "tl-audio-catalog.h"
#include "tl-audio-routing.h"

G_BEGIN_DECLS

#define TL_TYPE_AUDIO_ENGINE_MAP (tl_audio_engine_map_get_type ())
G_DECLARE_FINAL_TYPE (TlAudioEngineMap, tl_audio_engine_map, TL, AUDIO_ENGINE_MAP, GObject)

TlAudioEngineMap *tl_audio_engine_map_new            (TlAudioCatalog   *catalog);
/* The PortAudio index @id had when the list was frozen, or -1. */
int               tl_audio_engine_map_get_index      (TlAudioEngineMap *self,
                                                      TlAudioDirection  direction,
                                                      const char       *id);
/* PortAudio's names in index order at the last freeze. */
GPtrArray        *tl_audio_engine_map_get_frozen_names (TlAudioEngineMap *self);

G_END_DECLS
