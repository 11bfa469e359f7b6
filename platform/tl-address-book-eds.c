/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The system address book through evolution-data-server, read only: every enabled
 * book's contacts with a phone number, kept current by a live view of each. */

#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-address-book.h"

/* Its headers still name GTimeVal, which our GLib version guards flag. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook/libebook.h>
G_GNUC_END_IGNORE_DEPRECATIONS

/* The books' daemon may take its time at login; after this a book is skipped. */
#define CONNECT_WAIT_SECONDS 30

#define TL_TYPE_ADDRESS_BOOK_EDS (tl_address_book_eds_get_type ())
G_DECLARE_FINAL_TYPE (TlAddressBookEds, tl_address_book_eds, TL, ADDRESS_BOOK_EDS, GObject)

struct _TlAddressBookEds
{
  GObject          parent_instance;

  GCancellable    *cancellable;
  ESourceRegistry *registry;
  GPtrArray       *clients;   /* EBookClient */
  GPtrArray       *views;     /* EBookClientView */
  GHashTable      *cards;     /* "book uid\x1fcontact uid" → TlAddressBookCard */
  guint            changed_idle;
};

static void address_book_iface_init (TlAddressBookInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlAddressBookEds, tl_address_book_eds, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TL_TYPE_ADDRESS_BOOK, address_book_iface_init))

static GPtrArray *
eds_dup_cards (TlAddressBook *book)
{
  TlAddressBookEds *self = TL_ADDRESS_BOOK_EDS (book);
  GPtrArray *cards = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_address_book_card_free);
  GHashTableIter iter;
  gpointer card;

  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, NULL, &card))
    g_ptr_array_add (cards, tl_address_book_card_copy (card));
  return cards;
}

static void
address_book_iface_init (TlAddressBookInterface *iface)
{
  iface->dup_cards = eds_dup_cards;
}

/* A view reports contacts one by one at start: say "changed" once they settle. */
static void
changed_idle_cb (gpointer user_data)
{
  TlAddressBookEds *self = user_data;

  self->changed_idle = 0;
  tl_address_book_emit_changed (TL_ADDRESS_BOOK (self));
}

static void
schedule_changed (TlAddressBookEds *self)
{
  if (self->changed_idle == 0)
    self->changed_idle = g_idle_add_once (changed_idle_cb, self);
}

static char *
card_key (EBookClientView *view,
          const char      *contact_uid)
{
  EBookClient *client = e_book_client_view_ref_client (view);
  ESource *source = e_client_get_source (E_CLIENT (client));
  char *key = g_strconcat (e_source_get_uid (source), "\x1f", contact_uid, NULL);

  g_object_unref (client);
  return key;
}

static char *
join_types (EVCardAttribute *attribute)
{
  GList *types = e_vcard_attribute_get_param (attribute, EVC_TYPE);
  GString *out = g_string_new (NULL);

  for (GList *l = types; l != NULL; l = l->next)
    {
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, l->data);
    }
  return g_string_free (out, FALSE);
}

static TlAddressBookCard *
card_from_contact (EContact *contact)
{
  const char *name = e_contact_get_const (contact, E_CONTACT_FULL_NAME);
  TlAddressBookCard *card;
  GList *tels;

  if (name == NULL || *name == '\0')
    name = e_contact_get_const (contact, E_CONTACT_FILE_AS);
  if (name == NULL || *name == '\0')
    name = e_contact_get_const (contact, E_CONTACT_ORG);
  card = tl_address_book_card_new (e_contact_get_const (contact, E_CONTACT_UID), name);
  tels = e_contact_get_attributes (contact, E_CONTACT_TEL);
  for (GList *l = tels; l != NULL; l = l->next)
    {
      g_autofree char *number = e_vcard_attribute_get_value (l->data);
      g_autofree char *types = join_types (l->data);

      if (number != NULL && *number != '\0')
        tl_address_book_card_add (card, number, types);
    }
  g_list_free_full (tels, (GDestroyNotify) e_vcard_attribute_free);
  return card;
}

static void
objects_added_cb (EBookClientView  *view,
                  const GSList     *contacts,
                  TlAddressBookEds *self)
{
  for (const GSList *l = contacts; l != NULL; l = l->next)
    {
      EContact *contact = l->data;
      const char *uid = e_contact_get_const (contact, E_CONTACT_UID);

      if (uid == NULL)
        continue;
      g_hash_table_replace (self->cards, card_key (view, uid), card_from_contact (contact));
    }
  schedule_changed (self);
}

static void
objects_removed_cb (EBookClientView  *view,
                    const GSList     *uids,
                    TlAddressBookEds *self)
{
  for (const GSList *l = uids; l != NULL; l = l->next)
    {
      g_autofree char *key = card_key (view, l->data);

      g_hash_table_remove (self->cards, key);
    }
  schedule_changed (self);
}

static void
view_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TlAddressBookEds) self = user_data;
  EBookClientView *view = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) fields = NULL;

  if (!e_book_client_get_view_finish (E_BOOK_CLIENT (source), result, &view, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("System address book: no view of a book: %s", error->message);
      return;
    }
  /* Only what naming and calling need: no photos, no addresses. */
  fields = g_slist_prepend (fields, (gpointer) e_contact_field_name (E_CONTACT_TEL));
  fields = g_slist_prepend (fields, (gpointer) e_contact_field_name (E_CONTACT_ORG));
  fields = g_slist_prepend (fields, (gpointer) e_contact_field_name (E_CONTACT_FILE_AS));
  fields = g_slist_prepend (fields, (gpointer) e_contact_field_name (E_CONTACT_FULL_NAME));
  fields = g_slist_prepend (fields, (gpointer) e_contact_field_name (E_CONTACT_UID));
  e_book_client_view_set_fields_of_interest (view, fields, NULL);
  g_signal_connect_object (view, "objects-added", G_CALLBACK (objects_added_cb), self, 0);
  g_signal_connect_object (view, "objects-modified", G_CALLBACK (objects_added_cb), self, 0);
  g_signal_connect_object (view, "objects-removed", G_CALLBACK (objects_removed_cb), self, 0);
  /* Kept (and stopped) by us whether it starts or not. */
  g_ptr_array_add (self->views, view);
  e_book_client_view_start (view, &error);
  if (error != NULL)
    g_debug ("System address book: a view did not start: %s", error->message);
}

static void
client_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TlAddressBookEds) self = user_data;
  g_autoptr(EClient) client = NULL;
  EBookQuery *query;
  g_autoptr(GError) error = NULL;
  g_autofree char *sexp = NULL;

  client = e_book_client_connect_finish (result, &error);
  if (client == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("System address book: a book did not open: %s", error->message);
      return;
    }
  query = e_book_query_field_exists (E_CONTACT_TEL);
  sexp = e_book_query_to_string (query);
  e_book_query_unref (query);
  e_book_client_get_view (E_BOOK_CLIENT (client), sexp, self->cancellable, view_ready_cb, g_object_ref (self));
  g_ptr_array_add (self->clients, g_steal_pointer (&client));
}

/* Each step holds a reference: a reply after the app let go must not find it gone. */
static void
registry_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TlAddressBookEds) self = user_data;
  g_autoptr(GError) error = NULL;
  GList *sources;

  self->registry = e_source_registry_new_finish (result, &error);
  if (self->registry == NULL)
    {
      /* No evolution-data-server on this desktop: Trunkline's own contacts only. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system address book: %s", error->message);
      return;
    }
  sources = e_source_registry_list_enabled (self->registry, E_SOURCE_EXTENSION_ADDRESS_BOOK);
  for (GList *l = sources; l != NULL; l = l->next)
    e_book_client_connect (l->data, CONNECT_WAIT_SECONDS, self->cancellable, client_ready_cb, g_object_ref (self));
  g_debug ("System address book: %u books", g_list_length (sources));
  g_list_free_full (sources, g_object_unref);
}

static void
tl_address_book_eds_dispose (GObject *object)
{
  TlAddressBookEds *self = TL_ADDRESS_BOOK_EDS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->changed_idle, g_source_remove);
  for (guint i = 0; i < self->views->len; i++)
    {
      EBookClientView *view = g_ptr_array_index (self->views, i);

      g_signal_handlers_disconnect_by_data (view, self);
      e_book_client_view_stop (view, NULL);
    }
  g_ptr_array_set_size (self->views, 0);
  g_ptr_array_set_size (self->clients, 0);
  g_clear_object (&self->registry);
  G_OBJECT_CLASS (tl_address_book_eds_parent_class)->dispose (object);
}

static void
tl_address_book_eds_finalize (GObject *object)
{
  TlAddressBookEds *self = TL_ADDRESS_BOOK_EDS (object);

  g_ptr_array_unref (self->views);
  g_ptr_array_unref (self->clients);
  g_hash_table_unref (self->cards);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tl_address_book_eds_parent_class)->finalize (object);
}

static void
tl_address_book_eds_class_init (TlAddressBookEdsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_address_book_eds_dispose;
  object_class->finalize = tl_address_book_eds_finalize;
}

static void
tl_address_book_eds_init (TlAddressBookEds *self)
{
  self->cancellable = g_cancellable_new ();
  self->clients = g_ptr_array_new_with_free_func (g_object_unref);
  self->views = g_ptr_array_new_with_free_func (g_object_unref);
  self->cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) tl_address_book_card_free);
}

TlAddressBook *
tl_address_book_new_system (void)
{
  TlAddressBookEds *self = g_object_new (TL_TYPE_ADDRESS_BOOK_EDS, NULL);

  /* In the background: the window never waits for the books' daemon. */
  e_source_registry_new (self->cancellable, registry_ready_cb, g_object_ref (self));
  return TL_ADDRESS_BOOK (self);
}

gboolean
tl_address_book_is_supported (void)
{
  return TRUE;
}
