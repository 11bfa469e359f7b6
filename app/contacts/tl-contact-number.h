/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One telephone number of a contact and what kind of line it is (the vCard TEL type). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The kinds a phone tells apart; the vCard TYPE list maps onto one of them. */
typedef enum {
  TL_CONTACT_NUMBER_OTHER = 0,
  TL_CONTACT_NUMBER_MOBILE,
  TL_CONTACT_NUMBER_HOME,
  TL_CONTACT_NUMBER_WORK,
  TL_CONTACT_NUMBER_MAIN,
  TL_CONTACT_NUMBER_FAX,
  TL_CONTACT_NUMBER_PAGER,
} TlContactNumberType;

#define TL_CONTACT_NUMBER_N_TYPES (TL_CONTACT_NUMBER_PAGER + 1)

typedef struct {
  char                *number;   /* as written ("+31 20 555 0102"), valid UTF-8 */
  TlContactNumberType  type;
} TlContactNumber;

#define TL_TYPE_CONTACT_NUMBER_TYPE (tl_contact_number_type_get_type ())
#define TL_TYPE_CONTACT_NUMBER (tl_contact_number_get_type ())

GType                tl_contact_number_type_get_type   (void) G_GNUC_CONST;
GType                tl_contact_number_get_type        (void) G_GNUC_CONST;

TlContactNumber     *tl_contact_number_new             (const char          *number,
                                                        TlContactNumberType  type);
TlContactNumber     *tl_contact_number_copy            (const TlContactNumber *self);
void                 tl_contact_number_free            (TlContactNumber     *self);

/* "mobile", "home", "work", "main", "fax", "pager", "other": stored and printed. */
const char          *tl_contact_number_type_to_string  (TlContactNumberType  type);
/* Those words, and the vCard ones ("cell", "voice"…); FALSE when unknown. */
gboolean             tl_contact_number_type_from_string (const char         *text,
                                                         TlContactNumberType *type);
/* For people: "Mobile", "Home", "Work", "Main", "Fax", "Pager", "Other". */
const char          *tl_contact_number_type_to_label   (TlContactNumberType  type);

/* The key a call's number is matched on: the number normalised by the dial
 * plan (E.164 where it can be), as the history does; a SIP address that is no
 * number is matched as its lower-cased user@host. "" when there is nothing. */
char                *tl_contact_number_match_key       (const char          *uri_or_number,
                                                        const char          *country_code,
                                                        const char          *national_prefix);
/* The keys under which a call from @uri_or_number may have been stored: its
 * own key, the national form of an E.164 number in the dial plan's country,
 * and "+digits" for a bare international number. NULL-terminated, no repeats. */
GStrv                tl_contact_number_lookup_keys     (const char          *uri_or_number,
                                                        const char          *country_code,
                                                        const char          *national_prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlContactNumber, tl_contact_number_free)

G_END_DECLS
