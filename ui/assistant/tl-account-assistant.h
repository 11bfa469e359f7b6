/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Adding a trunk account: the details a provider gives, a test registration, then saving
 * (a working account by default; "save anyway" is explicit). */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_ACCOUNT_ASSISTANT (tl_account_assistant_get_type ())
G_DECLARE_FINAL_TYPE (TlAccountAssistant, tl_account_assistant, TL, ACCOUNT_ASSISTANT, AdwWindow)

/* Modal over @parent (may be NULL). */
GtkWidget *tl_account_assistant_new (TlApplication *application,
                                     GtkWindow     *parent);

G_END_DECLS
