/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plays every call tone itself (the engine's are disabled): the ringtone on the
 * ringer device (or all outputs) at its own volume, the rest on the speaker. */
#pragma once

#include <gio/gio.h>

#include "tl-audio-catalog.h"
#include "tl-tone.h"

G_BEGIN_DECLS

/* Ringer choice meaning "ring on every output". */
#define TL_TONE_PLAYER_ALL_OUTPUTS "*"

#define TL_TYPE_TONE_PLAYER (tl_tone_player_get_type ())
G_DECLARE_FINAL_TYPE (TlTonePlayer, tl_tone_player, TL, TONE_PLAYER, GObject)

TlTonePlayer *tl_tone_player_new              (TlAudioCatalog *catalog);
/* Device ids from the catalog; NULL means the default output. A missing device
 * falls back to the default. */
void          tl_tone_player_set_ringer_device  (TlTonePlayer *self,
                                                 const char   *id);
const char   *tl_tone_player_get_ringer_device  (TlTonePlayer *self);
void          tl_tone_player_set_speaker_device (TlTonePlayer *self,
                                                 const char   *id);
const char   *tl_tone_player_get_speaker_device (TlTonePlayer *self);
/* 0..1; the ringtone has its own volume, everything else shares the other. */
void          tl_tone_player_set_ring_volume    (TlTonePlayer *self,
                                                 double        volume);
void          tl_tone_player_set_volume         (TlTonePlayer *self,
                                                 double        volume);
/* Starts @kind (@digit for TL_TONE_DTMF); a tone of the same kind already
 * playing is replaced. Errors: TL_AUDIO_ERROR_*. */
gboolean      tl_tone_player_play               (TlTonePlayer *self,
                                                 TlToneKind    kind,
                                                 char          digit,
                                                 GError      **error);
void          tl_tone_player_stop               (TlTonePlayer *self,
                                                 TlToneKind    kind);
void          tl_tone_player_stop_all           (TlTonePlayer *self);
gboolean      tl_tone_player_is_playing         (TlTonePlayer *self,
                                                 TlToneKind    kind);

G_END_DECLS
