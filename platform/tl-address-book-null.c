/* SPDX-License-Identifier: GPL-3.0-or-later */
/* No system address book: a build without evolution-data-server. Contacts still work from Trunkline's own. */

#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-address-book.h"

#define TL_TYPE_ADDRESS_BOOK_NULL (tl_address_book_null_get_type ())
G_DECLARE_FINAL_TYPE (TlAddressBookNull, tl_address_book_null, TL, ADDRESS_BOOK_NULL, GObject)

struct _TlAddressBookNull
{
  GObject parent_instance;
};

static void address_book_iface_init (TlAddressBookInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlAddressBookNull, tl_address_book_null, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TL_TYPE_ADDRESS_BOOK, address_book_iface_init))

static GPtrArray *
null_dup_cards (TlAddressBook *book)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tl_address_book_card_free);
}

static void
address_book_iface_init (TlAddressBookInterface *iface)
{
  iface->dup_cards = null_dup_cards;
}

static void
tl_address_book_null_class_init (TlAddressBookNullClass *klass)
{
}

static void
tl_address_book_null_init (TlAddressBookNull *self)
{
}

TlAddressBook *
tl_address_book_new_system (void)
{
  return g_object_new (TL_TYPE_ADDRESS_BOOK_NULL, NULL);
}

gboolean
tl_address_book_is_supported (void)
{
  return FALSE;
}
