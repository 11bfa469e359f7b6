/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The system address book interface and its cards; the implementations are in tl-address-book-eds.c and -null.c. */

#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-address-book.h"

G_DEFINE_BOXED_TYPE (TlAddressBookCard, tl_address_book_card, tl_address_book_card_copy,
                     tl_address_book_card_free)

G_DEFINE_INTERFACE (TlAddressBook, tl_address_book, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

TlAddressBookCard *
tl_address_book_card_new (const char *uid,
                          const char *name)
{
  TlAddressBookCard *self = g_new0 (TlAddressBookCard, 1);

  self->uid = g_utf8_make_valid (uid != NULL ? uid : "", -1);
  self->name = g_utf8_make_valid (name != NULL ? name : "", -1);
  self->numbers = g_new0 (char *, 1);
  self->types = g_new0 (char *, 1);
  return self;
}

static void
strv_append (GStrv      *strv,
             const char *text)
{
  guint n = g_strv_length (*strv);

  *strv = g_renew (char *, *strv, n + 2);
  (*strv)[n] = g_utf8_make_valid (text != NULL ? text : "", -1);
  (*strv)[n + 1] = NULL;
}

void
tl_address_book_card_add (TlAddressBookCard *self,
                          const char        *number,
                          const char        *types)
{
  strv_append (&self->numbers, number);
  strv_append (&self->types, types);
}

TlAddressBookCard *
tl_address_book_card_copy (const TlAddressBookCard *self)
{
  TlAddressBookCard *copy = g_new0 (TlAddressBookCard, 1);

  copy->uid = g_strdup (self->uid);
  copy->name = g_strdup (self->name);
  copy->numbers = g_strdupv (self->numbers);
  copy->types = g_strdupv (self->types);
  return copy;
}

void
tl_address_book_card_free (TlAddressBookCard *self)
{
  if (self == NULL)
    return;
  g_free (self->uid);
  g_free (self->name);
  g_strfreev (self->numbers);
  g_strfreev (self->types);
  g_free (self);
}

static void
tl_address_book_default_init (TlAddressBookInterface *iface)
{
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

GPtrArray *
tl_address_book_dup_cards (TlAddressBook *self)
{
  TlAddressBookInterface *iface;

  g_return_val_if_fail (TL_IS_ADDRESS_BOOK (self), NULL);
  iface = TL_ADDRESS_BOOK_GET_IFACE (self);
  if (iface->dup_cards == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) tl_address_book_card_free);
  return iface->dup_cards (self);
}

void
tl_address_book_emit_changed (TlAddressBook *self)
{
  g_return_if_fail (TL_IS_ADDRESS_BOOK (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}
