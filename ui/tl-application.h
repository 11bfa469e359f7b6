/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application: owns the engine, the lines, the calls and the history for the process lifetime; its actions are the one door for windows, notifications and the command line. */
#pragma once

#include <adwaita.h>

#include "tl-account-store.h"
#include "tl-audio-catalog.h"
#include "tl-call-alerts.h"
#include "tl-call-manager.h"
#include "tl-contact-store.h"
#include "tl-engine.h"
#include "tl-history-store.h"
#include "tl-engine-audio.h"
#include "tl-lines.h"
#include "tl-tone-player.h"

G_BEGIN_DECLS

#define TL_TYPE_APPLICATION (tl_application_get_type ())
G_DECLARE_FINAL_TYPE (TlApplication, tl_application, TL, APPLICATION, AdwApplication)

typedef struct _TlWindow TlWindow;

TlApplication  *tl_application_new           (void);
/* The main window (made when there is none yet). */
TlWindow       *tl_application_get_main_window (TlApplication *self);
TlEngine       *tl_application_get_engine    (TlApplication *self);
/* The address given with --listen for this run, or NULL. */
const char     *tl_application_get_listen_override (TlApplication *self);
/* The window's preferences (org.trunkline.Trunkline). */
GSettings      *tl_application_get_settings  (TlApplication *self);
/* The stored trunk accounts (a GListModel of TlAccount). */
TlAccountStore *tl_application_get_accounts  (TlApplication *self);
/* The accounts as lines: registration, words, whether they can call. */
TlLines        *tl_application_get_lines     (TlApplication *self);
/* The live calls (a GListModel of TlCall); they are kept in the history. */
TlCallManager  *tl_application_get_calls     (TlApplication *self);
TlCallAlerts   *tl_application_get_alerts    (TlApplication *self);
/* The sound devices, the tones and the engine's devices (for the audio preferences). */
TlAudioCatalog *tl_application_get_audio_catalog (TlApplication *self);
TlTonePlayer   *tl_application_get_tones     (TlApplication *self);
TlEngineAudio  *tl_application_get_engine_audio (TlApplication *self);
/* NULL when the history could not be opened (calls still work). */
TlHistoryStore *tl_application_get_history   (TlApplication *self);
/* NULL when the contacts could not be opened (calls still work, unnamed). */
TlContactStore *tl_application_get_contacts  (TlApplication *self);
/* Places a call to @typed from account @account_id (NULL: the default line).
 * A number the toll-fraud guard wants confirmed is asked about first: then
 * NULL with G_IO_ERROR_PENDING, and the call starts only if the person agrees. */
TlCall         *tl_application_dial          (TlApplication *self,
                                              const char    *account_id,
                                              const char    *typed,
                                              GError       **error);
/* TRUE while closing the window should only hide it: a line can take calls,
 * or a call is up. */
gboolean        tl_application_keeps_running (TlApplication *self);
/* The history was looked at: missed calls are seen, their notifications go. */
void            tl_application_mark_history_seen (TlApplication *self);

G_END_DECLS
