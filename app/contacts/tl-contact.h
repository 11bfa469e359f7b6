/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One contact: a name, its numbers with their types, and optionally an organisation, a note and a photo. */
#pragma once

#include <gio/gio.h>

#include "tl-contact-number.h"

G_BEGIN_DECLS

/* Bounds on what a contact holds, whatever a vCard or a caller sends: longer
 * text is cut on a character boundary, extra numbers and big photos dropped. */
#define TL_CONTACT_MAX_NAME_CHARS     256
#define TL_CONTACT_MAX_TEXT_CHARS     4096
#define TL_CONTACT_MAX_NUMBER_CHARS   64
#define TL_CONTACT_MAX_NUMBERS        32
#define TL_CONTACT_MAX_PHOTO_BYTES    (256 * 1024)

#define TL_TYPE_CONTACT (tl_contact_get_type ())

G_DECLARE_FINAL_TYPE (TlContact, tl_contact, TL, CONTACT, GObject)

TlContact          *tl_contact_new               (const char       *name);
TlContact          *tl_contact_copy              (TlContact        *self);

/* 0 until stored; negative for a read-only contact of the system address book. */
gint64              tl_contact_get_id            (TlContact        *self);
void                tl_contact_set_id            (TlContact        *self,
                                                  gint64            id);
gboolean            tl_contact_get_read_only     (TlContact        *self);
/* The vCard UID (re-importing the same card updates it), or NULL. */
const char         *tl_contact_get_uid           (TlContact        *self);
void                tl_contact_set_uid           (TlContact        *self,
                                                  const char       *uid);
/* Plain text, never markup; never NULL. */
const char         *tl_contact_get_name          (TlContact        *self);
/* Returns TRUE when @name had to be cut to TL_CONTACT_MAX_NAME_CHARS. */
gboolean            tl_contact_set_name          (TlContact        *self,
                                                  const char       *name);
const char         *tl_contact_get_organisation  (TlContact        *self);
gboolean            tl_contact_set_organisation  (TlContact        *self,
                                                  const char       *organisation);
const char         *tl_contact_get_note          (TlContact        *self);
gboolean            tl_contact_set_note          (TlContact        *self,
                                                  const char       *note);
/* The photo as it came (JPEG, PNG…), or NULL. */
GBytes             *tl_contact_get_photo         (TlContact        *self);
/* FALSE (and no photo) when @photo is larger than TL_CONTACT_MAX_PHOTO_BYTES. */
gboolean            tl_contact_set_photo         (TlContact        *self,
                                                  GBytes           *photo);

guint               tl_contact_get_n_numbers     (TlContact        *self);
const TlContactNumber *tl_contact_get_number     (TlContact        *self,
                                                  guint             index);
/* FALSE when the contact has TL_CONTACT_MAX_NUMBERS already, the number is
 * empty, or it is there already (same digits). Longer numbers are cut. */
gboolean            tl_contact_add_number        (TlContact        *self,
                                                  const char       *number,
                                                  TlContactNumberType type);
void                tl_contact_remove_number     (TlContact        *self,
                                                  guint             index);
void                tl_contact_clear_numbers     (TlContact        *self);

/* Folded for sorting and search: lower case, without accents ("Émile" → "emile"). */
char               *tl_contact_fold_text         (const char       *text);

/* For the system address book's contacts (platform/), shown but not stored. */
void                tl_contact_mark_read_only    (TlContact        *self);

G_END_DECLS
