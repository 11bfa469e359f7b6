/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every setting of a trunk account as a form, each checked as it is typed with the
 * message next to its field; shared by the account assistant and the account editor. */
#pragma once

#include <adwaita.h>

#include "tl-account.h"

G_BEGIN_DECLS

typedef enum {
  /* What a provider gives first; the rest behind "Advanced". */
  TL_ACCOUNT_FORM_ASSISTANT,
  /* Every setting, in groups. */
  TL_ACCOUNT_FORM_EDITOR,
} TlAccountFormMode;

#define TL_TYPE_ACCOUNT_FORM (tl_account_form_get_type ())
G_DECLARE_FINAL_TYPE (TlAccountForm, tl_account_form, TL, ACCOUNT_FORM, AdwPreferencesPage)

/* Edits @account in place (pass a copy to keep the original); with @password_known
 * the password field starts empty and empty means "keep the stored one". */
GtkWidget  *tl_account_form_new               (TlAccountFormMode  mode,
                                               TlAccount         *account,
                                               gboolean           password_known);
TlAccount  *tl_account_form_get_account       (TlAccountForm     *self);
/* The password as typed (NULL when empty, or for an IP-authenticated account). */
const char *tl_account_form_get_password      (TlAccountForm     *self);
/* Clears the password field (after it has gone to the secret store). */
void        tl_account_form_forget_password   (TlAccountForm     *self);
/* Shows every message, not only those of fields already touched, and moves the
 * focus to the first field at fault; TRUE when there is none. */
gboolean    tl_account_form_validate          (TlAccountForm     *self);
/* A message for @key next to its field (for what only a wider check knows, such
 * as "this account is already set up"); NULL clears it. */
void        tl_account_form_set_error         (TlAccountForm     *self,
                                               const char        *key,
                                               const char        *message);
void        tl_account_form_focus_first       (TlAccountForm     *self);
/* TRUE while no field has a problem ("valid", notified). */
gboolean    tl_account_form_get_valid         (TlAccountForm     *self);

G_END_DECLS
