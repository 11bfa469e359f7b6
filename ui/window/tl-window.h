/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the dial pad and the history, the in-call and incoming views, adaptive down to 360 px. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_WINDOW (tl_window_get_type ())
G_DECLARE_FINAL_TYPE (TlWindow, tl_window, TL, WINDOW, AdwApplicationWindow)

TlWindow   *tl_window_new          (TlApplication *application);
/* "dialpad", "history" or "contacts" (the main page), "call" or "incoming". */
const char *tl_window_get_mode     (TlWindow      *self);
void        tl_window_show_dialpad (TlWindow      *self,
                                    const char    *number);
void        tl_window_show_history (TlWindow      *self);
void        tl_window_show_contacts   (TlWindow      *self);
/* The contacts page, reading @file (a vCard) in the background. */
void        tl_window_import_contacts (TlWindow      *self,
                                       GFile         *file);
/* The contact with @number, or a new one with it, on the contacts page. */
void        tl_window_add_contact     (TlWindow      *self,
                                       const char    *number);
/* Shows @call: the incoming view while it rings, else the in-call view. */
void        tl_window_show_call    (TlWindow      *self,
                                    TlCall        *call);
/* A short message over the window (plain text); @until_dismissed keeps it up. */
/* A toast whose title is @text as it is, never markup (AdwToast titles are
 * markup in libadwaita 1.2). */
AdwToast   *tl_window_plain_toast  (const char    *text);
void        tl_window_show_message (TlWindow      *self,
                                    const char    *message,
                                    gboolean       until_dismissed);
/* The same with a button that activates @action (an app action with a string
 * @target), such as Test after an account is added. */
void        tl_window_show_message_with_action (TlWindow   *self,
                                                const char *message,
                                                const char *button_label,
                                                const char *action,
                                                const char *target);

G_END_DECLS
