/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: adaptive down to 360 px, bound to the engine's state. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_WINDOW (tl_window_get_type ())
G_DECLARE_FINAL_TYPE (TlWindow, tl_window, TL, WINDOW, AdwApplicationWindow)

TlWindow *tl_window_new (TlApplication *application);

G_END_DECLS
