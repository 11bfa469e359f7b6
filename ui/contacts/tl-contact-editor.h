/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A contact's page: name, organisation, numbers with their types, a call button per number; add, edit, delete. */
#pragma once

#include <adwaita.h>

#include "tl-contact-store.h"

G_BEGIN_DECLS

#define TL_TYPE_CONTACT_EDITOR (tl_contact_editor_get_type ())
G_DECLARE_FINAL_TYPE (TlContactEditor, tl_contact_editor, TL, CONTACT_EDITOR, AdwWindow)

/* @contact NULL: a new contact, with @number filled in when given. A contact
 * of the system address book is shown read only. */
TlContactEditor *tl_contact_editor_new (GtkWindow      *parent,
                                        TlContactStore *store,
                                        TlContact      *contact,
                                        const char     *number);

G_END_DECLS
