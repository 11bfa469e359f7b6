/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The system address book, read only: evolution-data-server where Trunkline is built with it, else none. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One person of the system address book, as plain text. */
typedef struct {
  char  *uid;
  char  *name;
  GStrv  numbers;   /* as written */
  GStrv  types;     /* the vCard TYPE words of each number ("cell", "work,voice"), same length */
} TlAddressBookCard;

#define TL_TYPE_ADDRESS_BOOK_CARD (tl_address_book_card_get_type ())
GType              tl_address_book_card_get_type (void) G_GNUC_CONST;
TlAddressBookCard *tl_address_book_card_new      (const char         *uid,
                                                  const char         *name);
void               tl_address_book_card_add      (TlAddressBookCard  *self,
                                                  const char         *number,
                                                  const char         *types);
TlAddressBookCard *tl_address_book_card_copy     (const TlAddressBookCard *self);
void               tl_address_book_card_free     (TlAddressBookCard  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlAddressBookCard, tl_address_book_card_free)

#define TL_TYPE_ADDRESS_BOOK (tl_address_book_get_type ())
G_DECLARE_INTERFACE (TlAddressBook, tl_address_book, TL, ADDRESS_BOOK, GObject)

struct _TlAddressBookInterface
{
  GTypeInterface parent_iface;

  /* A snapshot of the cards with a phone number; never blocks. */
  GPtrArray *(*dup_cards) (TlAddressBook *self);
};

/* The system's address book: it loads in the background and says "changed"
 * when its cards arrive or change. Without a system address book (or without
 * evolution-data-server at build time) it has no cards. */
TlAddressBook *tl_address_book_new_system    (void);
/* Whether this build reads a system address book at all. */
gboolean       tl_address_book_is_supported  (void);
/* TlAddressBookCard elements. */
GPtrArray     *tl_address_book_dup_cards     (TlAddressBook *self);
void           tl_address_book_emit_changed  (TlAddressBook *self);

G_END_DECLS
