/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trunkline with no window: the hidden start (--gapplication-service) stays up
 * while an account can ring, and "start at login" is kept in step with the
 * desktop's autostart. */
#pragma once

#include <gio/gio.h>

#include "tl-account-store.h"

G_BEGIN_DECLS

#define TL_TYPE_BACKGROUND (tl_background_get_type ())
G_DECLARE_FINAL_TYPE (TlBackground, tl_background, TL, BACKGROUND, GObject)

TlBackground *tl_background_new        (GApplication   *application,
                                        GSettings      *settings,
                                        TlAccountStore *accounts);
/* Whether closing the window should keep Trunkline running (the setting). */
gboolean      tl_background_allowed    (TlBackground   *self);

G_END_DECLS
