/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application: owns the engine for the process lifetime, actions, windows. */
#pragma once

#include <adwaita.h>

#include "tl-engine.h"

G_BEGIN_DECLS

#define TL_TYPE_APPLICATION (tl_application_get_type ())
G_DECLARE_FINAL_TYPE (TlApplication, tl_application, TL, APPLICATION, AdwApplication)

TlApplication *tl_application_new        (void);
TlEngine      *tl_application_get_engine (TlApplication *self);
gboolean       tl_application_is_demo    (TlApplication *self);

G_END_DECLS
