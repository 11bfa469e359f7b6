/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the per-OS backends call on the catalog, and what the catalog calls on them. */
#pragma once

#include "tl-audio-catalog.h"

G_BEGIN_DECLS

typedef struct _TlAudioBackend TlAudioBackend;

/* Implemented once per OS (tl-audio-backend-pulse.c on Linux,
 * tl-audio-backend-portaudio.c elsewhere; meson picks one). */
TlAudioBackend *tl_audio_backend_new                  (TlAudioCatalog *catalog);
void            tl_audio_backend_free                 (TlAudioBackend *backend);
const char     *tl_audio_backend_get_alsa_config_path (TlAudioBackend *backend);

/* Replaces the device list (takes a reference on each item). */
void            tl_audio_catalog_publish              (TlAudioCatalog      *self,
                                                       GPtrArray           *devices);
void            tl_audio_catalog_set_state            (TlAudioCatalog      *self,
                                                       TlAudioCatalogState  state,
                                                       const char          *message);

G_END_DECLS
