/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A contact's page: name, organisation, numbers with their types, a call button per number; add, edit, delete. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-contact-editor.h"

#include <glib/gi18n.h>

typedef struct {
  TlContactEditor     *editor;   /* not a reference */
  GtkWidget           *row;      /* AdwEntryRow, owned by the group */
  TlContactNumberType  type;     /* shown as the row's title, chosen in its menu */
} NumberRow;

struct _TlContactEditor {
  AdwWindow             parent_instance;

  TlContactStore       *store;
  TlContact            *contact;   /* NULL while new */
  GPtrArray            *numbers;   /* NumberRow */

  AdwWindowTitle       *window_title;
  GtkWidget            *save_button;
  GtkWidget            *cancel_button;
  AdwAvatar            *avatar;
  GtkWidget            *read_only_label;
  AdwEntryRow          *name_row;
  AdwEntryRow          *organisation_row;
  AdwPreferencesGroup  *numbers_group;
  GtkWidget            *add_number_button;
  GtkLabel             *error_label;
  GtkWidget            *delete_button;
};

G_DEFINE_FINAL_TYPE (TlContactEditor, tl_contact_editor, ADW_TYPE_WINDOW)

static gboolean
read_only (TlContactEditor *self)
{
  return self->contact != NULL && tl_contact_get_read_only (self->contact);
}

static void
show_error (TlContactEditor *self,
            const char      *message)
{
  /* Our own words, or the store's: a plain label either way. */
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
fields_changed_cb (TlContactEditor *self)
{
  adw_avatar_set_text (self->avatar, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  show_error (self, NULL);
}

static void
call_number_cb (GtkButton *button,
                NumberRow *number)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (number->row));

  if (*text == '\0')
    return;
  g_debug ("Contact: calling one of its numbers");
  /* The same door as the dial pad, links and notifications. */
  gtk_widget_activate_action (GTK_WIDGET (number->editor), "app.dial", "s", text);
  gtk_window_close (GTK_WINDOW (number->editor));
}

static void
remove_number (NumberRow *number)
{
  TlContactEditor *self = number->editor;

  adw_preferences_group_remove (self->numbers_group, number->row);
  g_ptr_array_remove (self->numbers, number);
}

static void
show_type (NumberRow *number)
{
  g_autofree char *title = g_strdup_printf (_("%s number"), tl_contact_number_type_to_label (number->type));

  /* A row title is markup: only our own words go there. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (number->row), title);
}

static void
type_changed_cb (GSimpleAction *action,
                 GVariant      *value,
                 gpointer       user_data)
{
  NumberRow *number = user_data;
  TlContactNumberType type = TL_CONTACT_NUMBER_OTHER;

  if (!tl_contact_number_type_from_string (g_variant_get_string (value, NULL), &type))
    return;
  g_simple_action_set_state (action, value);
  number->type = type;
  show_type (number);
}

static void
remove_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  remove_number (user_data);
}

static GtkWidget *
icon_button (const char *icon,
             const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* The kind of number and "Remove" in one small menu, so that the number
 * itself keeps the row's width on a phone. */
static GtkWidget *
number_menu_button (NumberRow *number)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) type = NULL;
  g_autoptr(GSimpleAction) remove = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) types = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();

  type = g_simple_action_new_stateful ("type", G_VARIANT_TYPE_STRING,
                                       g_variant_new_string (tl_contact_number_type_to_string (number->type)));
  g_signal_connect (type, "change-state", G_CALLBACK (type_changed_cb), number);
  remove = g_simple_action_new ("remove", NULL);
  g_signal_connect (remove, "activate", G_CALLBACK (remove_activated_cb), number);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (type));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (remove));
  gtk_widget_insert_action_group (number->row, "number", G_ACTION_GROUP (group));

  for (guint i = 0; i < TL_CONTACT_NUMBER_N_TYPES; i++)
    {
      g_autofree char *action = g_strdup_printf ("number.type::%s", tl_contact_number_type_to_string (i));

      g_menu_append (types, tl_contact_number_type_to_label (i), action);
    }
  g_menu_append (edit, _("_Remove Number"), "number.remove");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (types));
  if (!read_only (number->editor))
    g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Kind of number, remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kind of number, or remove it"), -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
add_number_row (TlContactEditor     *self,
                const char          *text,
                TlContactNumberType  type)
{
  NumberRow *number = g_new0 (NumberRow, 1);
  GtkWidget *call;

  number->editor = self;
  number->type = type;
  number->row = adw_entry_row_new ();
  show_type (number);
  /* Numbers come from vCards: the row's text is plain, its title our own. */
  gtk_editable_set_text (GTK_EDITABLE (number->row), text != NULL ? text : "");
  gtk_editable_set_editable (GTK_EDITABLE (number->row), !read_only (self));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (number->row), GTK_INPUT_PURPOSE_PHONE);

  call = icon_button ("call-start-symbolic", _("Call this number"));
  g_signal_connect (call, "clicked", G_CALLBACK (call_number_cb), number);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (number->row), call);
  if (!read_only (self))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (number->row), number_menu_button (number));
  adw_preferences_group_add (self->numbers_group, number->row);
  g_ptr_array_add (self->numbers, number);
}

static void
add_number_cb (TlContactEditor *self)
{
  add_number_row (self, "", TL_CONTACT_NUMBER_MOBILE);
  gtk_widget_grab_focus (((NumberRow *) g_ptr_array_index (self->numbers, self->numbers->len - 1))->row);
}

static void
cancel_cb (TlContactEditor *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_cb (TlContactEditor *self)
{
  g_autoptr(TlContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (read_only (self))
    return;
  /* A copy keeps what the page does not show (UID, photo, note). */
  contact = self->contact != NULL ? tl_contact_copy (self->contact) : tl_contact_new (NULL);
  tl_contact_set_name (contact, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  tl_contact_set_organisation (contact, gtk_editable_get_text (GTK_EDITABLE (self->organisation_row)));
  tl_contact_clear_numbers (contact);
  for (guint i = 0; i < self->numbers->len; i++)
    {
      NumberRow *number = g_ptr_array_index (self->numbers, i);

      tl_contact_add_number (contact, gtk_editable_get_text (GTK_EDITABLE (number->row)), number->type);
    }

  ok = self->contact != NULL ? tl_contact_store_update (self->store, contact, &error)
                             : tl_contact_store_add (self->store, contact, &error);
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }
  g_debug ("Contact %" G_GINT64_FORMAT " saved", tl_contact_get_id (contact));
  gtk_window_close (GTK_WINDOW (self));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TlContactEditor  *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->contact == NULL)
    return;
  if (!tl_contact_store_remove (self->store, tl_contact_get_id (self->contact), &error))
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
delete_cb (TlContactEditor *self)
{
  GtkWidget *dialog;

  if (self->contact == NULL || read_only (self))
    return;
  /* Heading and body are plain text in libadwaita 1.2 unless asked otherwise. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete This Contact?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("%s and its numbers will be removed from Trunkline."),
                                  tl_contact_get_name (self->contact));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill (TlContactEditor *self,
      const char      *number)
{
  g_autoptr(GdkTexture) photo = NULL;
  const char *title = self->contact == NULL ? _("New Contact") : read_only (self) ? _("Contact") : _("Edit Contact");

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_visible (self->delete_button, self->contact != NULL && !read_only (self));
  gtk_widget_set_visible (self->save_button, !read_only (self));
  gtk_widget_set_visible (self->add_number_button, !read_only (self));
  gtk_widget_set_visible (self->read_only_label, read_only (self));
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), read_only (self) ? _("_Close") : _("_Cancel"));
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !read_only (self));
  gtk_editable_set_editable (GTK_EDITABLE (self->organisation_row), !read_only (self));

  if (self->contact == NULL)
    {
      add_number_row (self, number, TL_CONTACT_NUMBER_MOBILE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), tl_contact_get_name (self->contact));
  gtk_editable_set_text (GTK_EDITABLE (self->organisation_row), tl_contact_get_organisation (self->contact));
  for (guint i = 0; i < tl_contact_get_n_numbers (self->contact); i++)
    {
      const TlContactNumber *n = tl_contact_get_number (self->contact, i);

      add_number_row (self, n->number, n->type);
    }
  if (number != NULL && tl_contact_add_number (self->contact, number, TL_CONTACT_NUMBER_MOBILE))
    add_number_row (self, number, TL_CONTACT_NUMBER_MOBILE);
  /* A photo that does not decode is no reason to lose the page: initials instead. */
  if (tl_contact_get_photo (self->contact) != NULL)
    photo = gdk_texture_new_from_bytes (tl_contact_get_photo (self->contact), NULL);
  adw_avatar_set_custom_image (self->avatar, photo != NULL ? GDK_PAINTABLE (photo) : NULL);
}

static void
tl_contact_editor_dispose (GObject *object)
{
  TlContactEditor *self = TL_CONTACT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_CONTACT_EDITOR);
  g_clear_pointer (&self->numbers, g_ptr_array_unref);
  g_clear_object (&self->contact);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tl_contact_editor_parent_class)->dispose (object);
}

static void
tl_contact_editor_class_init (TlContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_contact_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/contacts/tl-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, avatar);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, numbers_group);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, add_number_button);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, TlContactEditor, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tl_contact_editor_init (TlContactEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->numbers = g_ptr_array_new_with_free_func (g_free);
}

TlContactEditor *
tl_contact_editor_new (GtkWindow      *parent,
                       TlContactStore *store,
                       TlContact      *contact,
                       const char     *number)
{
  TlContactEditor *self = g_object_new (TL_TYPE_CONTACT_EDITOR, NULL);
  int width = parent != NULL ? gtk_widget_get_width (GTK_WIDGET (parent)) : 0;

  self->store = g_object_ref (store);
  self->contact = contact != NULL ? tl_contact_copy (contact) : NULL;
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      /* Its actions (app.dial) are the application's. */
      gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
    }
  /* On a phone the page takes the screen's width. */
  if (width > 0 && width < 420)
    gtk_window_set_default_size (GTK_WINDOW (self), width, 600);
  fill (self, number);
  if (!read_only (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}
