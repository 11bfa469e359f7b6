/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: accounts, audio, network and general settings. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_PREFERENCES_WINDOW (tl_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TlPreferencesWindow, tl_preferences_window, TL, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *tl_preferences_window_new      (TlApplication *application,
                                           GtkWindow     *parent);
/* Opens a page by name: "accounts", "audio", "network" or "general". */
void       tl_preferences_window_show_page (TlPreferencesWindow *self,
                                            const char          *name);

/* Opens the editor of stored account @account_id. */
void       tl_preferences_window_edit_account (TlPreferencesWindow *self,
                                               const char          *account_id);

G_END_DECLS
