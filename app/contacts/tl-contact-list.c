/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GListModel of contacts, sorted by name: all of them, or the matches of one search. */

#define G_LOG_DOMAIN "tl-contacts"

#include "config.h"

#include "tl-contact-list.h"

#include "tl-contact-store-private.h"

struct _TlContactList
{
  GObject         parent_instance;

  TlContactStore *store;
  char           *search;
  /* Only ids are held (10 000 contacts are 160 KB); a contact is read when a
   * row asks for it (without its photo: tl_contact_store_lookup() has it),
   * and kept while someone holds it (the GListModel contract). */
  GArray         *refs;
  GHashTable     *handed_out;   /* id → GWeakRef */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlContactList, tl_contact_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return TL_TYPE_CONTACT;
}

static guint
get_n_items (GListModel *model)
{
  return TL_CONTACT_LIST (model)->refs->len;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static gboolean
ref_gone (gpointer key,
          gpointer value,
          gpointer user_data)
{
  g_autoptr(GObject) alive = g_weak_ref_get (value);

  return alive == NULL;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TlContactList *self = TL_CONTACT_LIST (model);
  TlContactRef *ref;
  GWeakRef *weak;
  TlContact *contact;

  if (position >= self->refs->len)
    return NULL;
  ref = &g_array_index (self->refs, TlContactRef, position);
  if (ref->system != NULL)
    return g_object_ref (ref->system);

  weak = g_hash_table_lookup (self->handed_out, &ref->id);
  if (weak != NULL && (contact = g_weak_ref_get (weak)) != NULL)
    return contact;
  contact = tl_contact_store_load (self->store, ref->id, FALSE, NULL);
  if (contact == NULL)
    /* Removed by another program since the list was read: a placeholder keeps the positions. */
    contact = tl_contact_new ("");
  if (g_hash_table_size (self->handed_out) > 1024)
    g_hash_table_foreach_remove (self->handed_out, ref_gone, NULL);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, contact);
  g_hash_table_replace (self->handed_out, g_memdup2 (&ref->id, sizeof ref->id), weak);
  return contact;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
clear_refs (GArray *refs)
{
  for (guint i = 0; i < refs->len; i++)
    g_clear_object (&g_array_index (refs, TlContactRef, i).system);
  g_array_unref (refs);
}

static void
reload (TlContactList *self)
{
  GArray *old = self->refs;
  guint removed = old != NULL ? old->len : 0;

  self->refs = tl_contact_store_query_refs (self->store, self->search);
  for (guint i = 0; i < self->refs->len; i++)
    {
      TlContactRef *ref = &g_array_index (self->refs, TlContactRef, i);

      if (ref->system != NULL)
        g_object_ref (ref->system);
    }
  if (old != NULL)
    clear_refs (old);
  /* Names may have changed under the same ids: the cached ones are stale. */
  g_hash_table_remove_all (self->handed_out);
  if (removed > 0 || self->refs->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->refs->len);
}

static void
store_changed_cb (TlContactList *self)
{
  reload (self);
}

TlContactList *
tl_contact_list_new (TlContactStore *store,
                     const char     *search)
{
  TlContactList *self;

  g_return_val_if_fail (TL_IS_CONTACT_STORE (store), NULL);

  self = g_object_new (TL_TYPE_CONTACT_LIST, NULL);
  self->store = g_object_ref (store);
  self->search = g_strdup (search);
  self->refs = tl_contact_store_query_refs (store, search);
  for (guint i = 0; i < self->refs->len; i++)
    {
      TlContactRef *ref = &g_array_index (self->refs, TlContactRef, i);

      if (ref->system != NULL)
        g_object_ref (ref->system);
    }
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

const char *
tl_contact_list_get_search (TlContactList *self)
{
  g_return_val_if_fail (TL_IS_CONTACT_LIST (self), NULL);
  return self->search;
}

static void
tl_contact_list_finalize (GObject *object)
{
  TlContactList *self = TL_CONTACT_LIST (object);

  clear_refs (self->refs);
  g_hash_table_unref (self->handed_out);
  g_clear_object (&self->store);
  g_free (self->search);
  G_OBJECT_CLASS (tl_contact_list_parent_class)->finalize (object);
}

static void
tl_contact_list_class_init (TlContactListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tl_contact_list_finalize;
}

static void
tl_contact_list_init (TlContactList *self)
{
  self->handed_out = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, weak_ref_free);
}
