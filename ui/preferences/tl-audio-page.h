/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: microphone with a live meter, speaker with a test sound, ringer and its volume,
 * echo cancellation; devices come and go while it is open, a missing preferred one is shown. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_AUDIO_PAGE (tl_audio_page_get_type ())
G_DECLARE_FINAL_TYPE (TlAudioPage, tl_audio_page, TL, AUDIO_PAGE, AdwPreferencesPage)

GtkWidget *tl_audio_page_new (TlApplication *application);

G_END_DECLS
