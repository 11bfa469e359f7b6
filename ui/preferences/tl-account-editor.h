/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: one account's every setting, saved together (or not at all), its password, and removing it. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_ACCOUNT_EDITOR (tl_account_editor_get_type ())
G_DECLARE_FINAL_TYPE (TlAccountEditor, tl_account_editor, TL, ACCOUNT_EDITOR, GtkWidget)

/* Edits a copy of @account; the stored one changes only on Save. "done" is
 * emitted when the editor is finished (saved, removed or left). */
GtkWidget *tl_account_editor_new (TlApplication *application,
                                  TlAccount     *account);

G_END_DECLS
