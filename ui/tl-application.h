/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application: owns the engine for the process lifetime, actions, windows. */
#pragma once

#include <adwaita.h>

#include "tl-account-store.h"
#include "tl-call-manager.h"
#include "tl-engine.h"
#include "tl-registration.h"

G_BEGIN_DECLS

#define TL_TYPE_APPLICATION (tl_application_get_type ())
G_DECLARE_FINAL_TYPE (TlApplication, tl_application, TL, APPLICATION, AdwApplication)

TlApplication *tl_application_new        (void);
TlEngine      *tl_application_get_engine (TlApplication *self);
gboolean       tl_application_is_demo    (TlApplication *self);
/* The stored trunk accounts (a GListModel of TlAccount). */
TlAccountStore *tl_application_get_accounts (TlApplication *self);
/* The registration of account @id, or NULL (not started, or no password). */
TlRegistration *tl_application_get_registration (TlApplication *self,
                                                  const char    *id);
/* The live calls (a GListModel of TlCall); they are kept in the history. */
TlCallManager  *tl_application_get_calls (TlApplication *self);
/* Why account @id is not registering, for the UI; NULL when it is. */
const char     *tl_application_get_account_problem (TlApplication *self,
                                                     const char    *id);

G_END_DECLS
