/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: every account as a line with its state, on or off; add, edit, and the demo line. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_ACCOUNTS_PAGE (tl_accounts_page_get_type ())
G_DECLARE_FINAL_TYPE (TlAccountsPage, tl_accounts_page, TL, ACCOUNTS_PAGE, AdwPreferencesPage)

/* "edit" (TlAccount) is emitted when a stored account's row is activated. */
GtkWidget *tl_accounts_page_new (TlApplication *application);

G_END_DECLS
