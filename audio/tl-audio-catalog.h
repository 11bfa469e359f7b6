/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list of microphones and speakers, kept current from the sound server's events. */
#pragma once

#include <gio/gio.h>

#include "tl-audio-device.h"

G_BEGIN_DECLS

typedef enum {
  TL_AUDIO_CATALOG_STATE_STARTING,   /* asking the sound server */
  TL_AUDIO_CATALOG_STATE_READY,      /* devices listed */
  TL_AUDIO_CATALOG_STATE_NO_DEVICES, /* the server answered, with no device at all */
  TL_AUDIO_CATALOG_STATE_NO_SERVER,  /* no sound server (retried in the background) */
  TL_AUDIO_CATALOG_STATE_FAILED,     /* PortAudio could not initialise */
} TlAudioCatalogState;

#define TL_TYPE_AUDIO_CATALOG (tl_audio_catalog_get_type ())
G_DECLARE_FINAL_TYPE (TlAudioCatalog, tl_audio_catalog, TL, AUDIO_CATALOG, GObject)

/* A GListModel of TlAudioDevice: inputs first, then outputs, each in the
 * server's order. Items are replaced when devices come and go. */
TlAudioCatalog      *tl_audio_catalog_new                 (void);
/* Starts listening to the sound server; never blocks. */
void                 tl_audio_catalog_start               (TlAudioCatalog   *self);
TlAudioCatalogState  tl_audio_catalog_get_state           (TlAudioCatalog   *self);
/* A sentence for the UI about the state ("No sound server is running…"), or NULL. */
const char          *tl_audio_catalog_get_status_message  (TlAudioCatalog   *self);
const char          *tl_audio_catalog_state_to_string     (TlAudioCatalogState state);

/* The two halves as their own models (filtered views of the catalog). */
GListModel          *tl_audio_catalog_get_inputs          (TlAudioCatalog   *self);
GListModel          *tl_audio_catalog_get_outputs         (TlAudioCatalog   *self);

TlAudioDevice       *tl_audio_catalog_lookup              (TlAudioCatalog   *self,
                                                           TlAudioDirection  direction,
                                                           const char       *id);
TlAudioDevice       *tl_audio_catalog_get_default         (TlAudioCatalog   *self,
                                                           TlAudioDirection  direction);
/* The preferred device when present, else the default (@fell_back set TRUE
 * when a non-NULL preference was missing). NULL when there is no device. */
TlAudioDevice       *tl_audio_catalog_resolve             (TlAudioCatalog   *self,
                                                           TlAudioDirection  direction,
                                                           const char       *preferred_id,
                                                           gboolean         *fell_back);
/* The sound server's echo-cancel device wrapping @master_id (NULL master: any). */
TlAudioDevice       *tl_audio_catalog_find_echo_cancel    (TlAudioCatalog   *self,
                                                           TlAudioDirection  direction,
                                                           const char       *master_id);
gboolean             tl_audio_catalog_get_echo_cancel_available (TlAudioCatalog *self);

/* Linux: the ALSA_CONFIG_PATH value that lets PortAudio (ours and the engine's)
 * see each sound-server device by name; NULL elsewhere. */
const char          *tl_audio_catalog_get_alsa_config_path (TlAudioCatalog  *self);
/* "NAME=value" entries the engine process needs (NULL-terminated, may be empty). */
char               **tl_audio_catalog_dup_engine_environment (TlAudioCatalog *self);

G_END_DECLS
