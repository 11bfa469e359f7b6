/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The contacts page: a searchable list, vCard import, add and edit, call from a contact. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-contacts-page.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "tl-contact-editor.h"
#include "tl-contact-row.h"

/* The import result shows its summary and this many of its messages. */
#define IMPORT_MESSAGES_SHOWN 3

struct _TlContactsPage {
  GtkWidget       parent_instance;

  TlContactStore *store;
  GListModel     *model;
  GCancellable   *import_cancellable;
  GtkFileChooserNative *chooser;

  GtkWidget      *content;
  GtkSearchEntry *search_entry;
  GtkWidget      *add_button;
  GtkWidget      *import_button;
  GtkRevealer    *import_revealer;
  GtkSpinner     *import_spinner;
  GtkLabel       *import_label;
  GtkStack       *content_stack;
  GtkListView    *list_view;
  AdwStatusPage  *empty_page;
};

G_DEFINE_FINAL_TYPE (TlContactsPage, tl_contacts_page, GTK_TYPE_WIDGET)

static void
update_empty (TlContactsPage *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (self->model) == 0;
  gboolean searching = *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0';

  /* Fixed words only: a status page description is markup. */
  if (self->store == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Contacts Are Unavailable"));
      adw_status_page_set_description (self->empty_page, _("The contacts database could not be opened: see the log"));
    }
  else if (searching)
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Contacts"));
      adw_status_page_set_description (self->empty_page, _("Try another name or number"));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Contacts Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Add one, or import a vCard file from your phone or address book"));
    }
  gtk_stack_set_visible_child_name (self->content_stack, empty ? "empty" : "list");
}

static void
model_changed_cb (TlContactsPage *self)
{
  update_empty (self);
  g_debug ("Contacts page shows %u contacts", g_list_model_get_n_items (self->model));
}

/* A search is a query of its own: a new model, never a filter over the list. */
static void
rebuild_model (TlContactsPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GtkNoSelection) selection = NULL;
  gint64 start = g_get_monotonic_time ();

  if (self->store == NULL)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  self->model = tl_contact_store_search (self->store, *search != '\0' ? search : NULL);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (self->model));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_debug ("Contacts search took %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  model_changed_cb (self);
}

static void
search_changed_cb (TlContactsPage *self)
{
  rebuild_model (self);
}

static GtkWindow *
parent_window (TlContactsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
open_editor (TlContactsPage *self,
             TlContact      *contact,
             const char     *number)
{
  g_autoptr(TlContact) full = NULL;
  TlContactEditor *editor;

  if (self->store == NULL)
    return;
  /* List rows come without their photo: the page shows the whole contact. */
  if (contact != NULL && !tl_contact_get_read_only (contact))
    full = tl_contact_store_lookup (self->store, tl_contact_get_id (contact), NULL);
  editor = tl_contact_editor_new (parent_window (self), self->store, full != NULL ? full : contact, number);
  gtk_window_present (GTK_WINDOW (editor));
  g_debug ("Contact page opened (%s)", contact != NULL ? "existing" : "new");
}

static void
add_cb (TlContactsPage *self)
{
  open_editor (self, NULL, NULL);
}

static void
row_activated_cb (TlContactsPage *self,
                  guint           position)
{
  g_autoptr(TlContact) contact = g_list_model_get_item (self->model, position);

  if (contact != NULL)
    open_editor (self, contact, NULL);
}

static void
row_call_cb (TlContactRow   *row,
             TlContact      *contact,
             TlContactsPage *self)
{
  if (tl_contact_get_n_numbers (contact) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.dial", "s", tl_contact_get_number (contact, 0)->number);
}

static void
row_edit_cb (TlContactRow   *row,
             TlContact      *contact,
             TlContactsPage *self)
{
  open_editor (self, contact, NULL);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TlContactsPage   *self)
{
  TlContact *contact = g_object_get_data (G_OBJECT (dialog), "contact");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") == 0 && contact != NULL
      && !tl_contact_store_remove (self->store, tl_contact_get_id (contact), &error))
    g_debug ("Contacts: delete failed: %s", error->message);
}

static void
row_delete_cb (TlContactRow   *row,
               TlContact      *contact,
               TlContactsPage *self)
{
  GtkWidget *dialog;

  if (tl_contact_get_read_only (contact))
    return;
  /* Heading and body are plain text in libadwaita 1.2 unless asked otherwise. */
  dialog = adw_message_dialog_new (parent_window (self), _("Delete This Contact?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s and its numbers will be removed from Trunkline.",
                                  tl_contact_get_name (contact));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", "_Cancel", "delete", "_Delete", NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- import ----------------------------------------------------------------------- */

static void
show_import_state (TlContactsPage *self,
                   const char     *text,
                   gboolean        busy)
{
  /* A summary and the reader's messages, which quote names: a plain label. */
  gtk_label_set_text (self->import_label, text);
  gtk_spinner_set_spinning (self->import_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->import_spinner), busy);
  gtk_widget_set_sensitive (self->import_button, !busy);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TlContactsPage) self = user_data;
  g_autoptr(TlContactImportResult) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *summary = NULL;

  import = tl_contact_store_import_finish (TL_CONTACT_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->import_cancellable);
  if (import == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not import: %s"), error->message);

      show_import_state (self, message, FALSE);
      g_debug ("Contacts import failed: %s", error->message);
      return;
    }
  summary = tl_contact_import_result_summary (import);
  text = g_string_new (summary);
  for (guint i = 0; i < MIN (import->messages->len, IMPORT_MESSAGES_SHOWN); i++)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (import->messages, i));
    }
  if (import->messages->len > IMPORT_MESSAGES_SHOWN)
    g_string_append_printf (text, "\n… and %u more", import->messages->len - IMPORT_MESSAGES_SHOWN);
  show_import_state (self, text->str, FALSE);
  g_debug ("Contacts page: %s", summary);
}

void
tl_contacts_page_import (TlContactsPage *self,
                         GFile          *file)
{
  g_return_if_fail (TL_IS_CONTACTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL || self->import_cancellable != NULL)
    return;
  self->import_cancellable = g_cancellable_new ();
  show_import_state (self, _("Importing contacts…"), TRUE);
  /* In a thread with its own connection: the window stays responsive. */
  tl_contact_store_import_async (self->store, file, self->import_cancellable, import_done_cb, g_object_ref (self));
}

static void
import_close_cb (TlContactsPage *self)
{
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     TlContactsPage  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        tl_contacts_page_import (self, file);
    }
  g_clear_object (&self->chooser);
}

/* GtkFileChooserNative: the portal inside the Flatpak, GTK's own dialog elsewhere
 * (GtkFileDialog is GTK 4.10). */
static void
import_cb (TlContactsPage *self)
{
  g_autoptr(GtkFileFilter) vcards = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (vcards, "vCard files");
  gtk_file_filter_add_mime_type (vcards, "text/vcard");
  gtk_file_filter_add_mime_type (vcards, "text/x-vcard");
  gtk_file_filter_add_pattern (vcards, "*.vcf");
  gtk_file_filter_add_pattern (vcards, "*.VCF");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  self->chooser = gtk_file_chooser_native_new (_("Import Contacts"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, "_Import", "_Cancel");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), vcards);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- rows ----------------------------------------------------------------------------- */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              TlContactsPage           *self)
{
  GtkWidget *row = tl_contact_row_new ();

  g_signal_connect_object (row, "call", G_CALLBACK (row_call_cb), self, 0);
  g_signal_connect_object (row, "edit", G_CALLBACK (row_edit_cb), self, 0);
  g_signal_connect_object (row, "delete", G_CALLBACK (row_delete_cb), self, 0);
  gtk_list_item_set_child (item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             TlContactsPage           *self)
{
  TlContactRow *row = TL_CONTACT_ROW (gtk_list_item_get_child (item));

  tl_contact_row_set_contact (row, gtk_list_item_get_item (item));
  if (gtk_list_item_get_position (item) < 3)
    g_debug ("Contacts row %u shows “%s”", gtk_list_item_get_position (item), tl_contact_row_get_title (row));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TlContactsPage           *self)
{
  tl_contact_row_set_contact (TL_CONTACT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ---- public --------------------------------------------------------------------------- */

void
tl_contacts_page_add_number (TlContactsPage *self,
                             const char     *number)
{
  g_autoptr(TlContact) existing = NULL;

  g_return_if_fail (TL_IS_CONTACTS_PAGE (self));

  if (self->store == NULL)
    return;
  existing = number != NULL ? tl_contact_store_find_by_number (self->store, number, NULL, NULL) : NULL;
  open_editor (self, existing, existing != NULL ? NULL : number);
}

void
tl_contacts_page_focus_search (TlContactsPage *self)
{
  g_return_if_fail (TL_IS_CONTACTS_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GListModel *
tl_contacts_page_get_model (TlContactsPage *self)
{
  g_return_val_if_fail (TL_IS_CONTACTS_PAGE (self), NULL);
  return self->model;
}

static void
tl_contacts_page_dispose (GObject *object)
{
  TlContactsPage *self = TL_CONTACTS_PAGE (object);

  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_CONTACTS_PAGE);
  G_OBJECT_CLASS (tl_contacts_page_parent_class)->dispose (object);
}

static void
tl_contacts_page_class_init (TlContactsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_contacts_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/contacts/tl-contacts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, content);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, import_spinner);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, import_label);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, TlContactsPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_contacts_page_init (TlContactsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Typing on the page searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
}

GtkWidget *
tl_contacts_page_new (TlContactStore *store)
{
  TlContactsPage *self = g_object_new (TL_TYPE_CONTACTS_PAGE, NULL);

  if (store != NULL)
    self->store = g_object_ref (store);
  gtk_widget_set_sensitive (self->add_button, store != NULL);
  gtk_widget_set_sensitive (self->import_button, store != NULL);
  rebuild_model (self);
  update_empty (self);
  return GTK_WIDGET (self);
}
