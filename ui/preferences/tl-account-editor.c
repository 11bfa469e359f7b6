/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: one account's every setting, saved together (or not at all), its password, and removing it. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-account-editor.h"

#include <glib/gi18n.h>

#include "tl-account-form.h"
#include "tl-secret.h"
#include "tl-window.h"

struct _TlAccountEditor {
  GtkWidget       parent_instance;

  TlApplication  *application;   /* not a reference: it outlives its windows */
  TlAccount      *stored;
  TlAccount      *draft;
  TlAccountForm  *form;
  GCancellable   *cancellable;

  GtkWidget      *content;
  AdwBin         *form_bin;
  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
};

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlAccountEditor, tl_account_editor, GTK_TYPE_WIDGET)

static void
say (TlAccountEditor *self,
     const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_debug ("Account editor: %s", message);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), tl_window_plain_toast (message));
}

static void
finish (TlAccountEditor *self)
{
  gtk_widget_set_sensitive (self->save_button, TRUE);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

/* ---- saving ------------------------------------------------------------------------ */

static void
apply (TlAccountEditor *self,
       gboolean         password_changed)
{
  TlAccountStore *store = tl_application_get_accounts (self->application);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;

  /* All settings or none: the store validates the whole account before writing. */
  if (!tl_account_store_update (store, self->draft, &error))
    {
      const char *failed = NULL;
      g_autoptr(GError) invalid = NULL;

      gtk_widget_set_sensitive (self->save_button, TRUE);
      if (!tl_account_validate_full (self->draft, &failed, &invalid) && failed != NULL)
        tl_account_form_set_error (self->form, failed, invalid->message);
      message = g_strdup_printf (_("Not saved: %s"), error->message);
      say (self, message);
      return;
    }
  if (password_changed)
    tl_lines_restart (tl_application_get_lines (self->application), tl_account_get_id (self->draft));
  tl_account_form_forget_password (self->form);
  title = tl_account_dup_title (self->stored);
  message = g_strdup_printf (_("%s saved"), title);
  say (self, message);
  finish (self);
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TlAccountEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_secret_store_password_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (self->save_button, TRUE);
      message = g_strdup_printf (_("Not saved: the password could not be stored: %s"), error->message);
      say (self, message);
      return;
    }
  apply (self, TRUE);
}

static void
save_clicked_cb (TlAccountEditor *self)
{
  const char *password;
  g_autofree char *label = NULL;

  if (!tl_account_form_validate (self->form))
    {
      g_debug ("Account editor: not saved, a field is at fault");
      return;
    }
  gtk_widget_set_sensitive (self->save_button, FALSE);
  password = tl_account_form_get_password (self->form);
  if (password == NULL)
    {
      apply (self, FALSE);
      return;
    }
  label = tl_account_dup_secret_label (self->draft);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tl_secret_store_password_async (tl_account_get_id (self->draft), label, password, self->cancellable,
                                  password_stored_cb, g_object_ref (self));
}

static void
back_clicked_cb (TlAccountEditor *self)
{
  /* Leaving discards the edits: the stored account never saw them. */
  finish (self);
}

/* ---- removing ------------------------------------------------------------------------ */

static void
password_cleared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_secret_clear_password_finish (result, &error))
    g_debug ("The removed account's password stays in the keyring: %s", error->message);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TlAccountEditor  *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  const char *id = tl_account_get_id (self->stored);

  if (g_strcmp0 (response, "remove") != 0)
    return;
  title = tl_account_dup_title (self->stored);
  if (!tl_account_store_remove (tl_application_get_accounts (self->application), id, &error))
    {
      message = g_strdup_printf (_("Not removed: %s"), error->message);
      say (self, message);
      return;
    }
  tl_secret_clear_password_async (id, NULL, password_cleared_cb, NULL);
  message = g_strdup_printf (_("%s removed"), title);
  say (self, message);
  finish (self);
}

static void
remove_clicked_cb (TlAccountEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = tl_account_dup_title (self->stored);
  g_autofree char *heading = g_strdup_printf (_("Remove “%s”?"), title);
  GtkWidget *dialog;

  /* Heading and body are plain text (no *-use-markup): the title is the person's. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Its settings and its password are deleted. Its calls stay in the history."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  g_debug ("Account editor: asking before removing");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- life ---------------------------------------------------------------------------- */

GtkWidget *
tl_account_editor_new (TlApplication *application,
                       TlAccount     *account)
{
  TlAccountEditor *self;
  g_autofree char *title = NULL;
  GtkWidget *group;
  GtkWidget *test;
  GtkWidget *remove;

  g_return_val_if_fail (TL_IS_ACCOUNT (account), NULL);

  self = g_object_new (TL_TYPE_ACCOUNT_EDITOR, NULL);
  self->application = application;
  self->stored = g_object_ref (account);
  self->draft = tl_account_copy (account);
  self->form = TL_ACCOUNT_FORM (tl_account_form_new (TL_ACCOUNT_FORM_EDITOR, self->draft, TRUE));
  adw_bin_set_child (self->form_bin, GTK_WIDGET (self->form));
  g_signal_connect_object (self->form, "submit", G_CALLBACK (save_clicked_cb), self, G_CONNECT_SWAPPED);
  title = tl_account_dup_title (account);
  adw_window_title_set_subtitle (self->window_title, title);

  group = adw_preferences_group_new ();
  test = gtk_button_new_with_mnemonic (_("_Test This Trunk…"));
  gtk_widget_set_halign (test, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_bottom (test, 12);
  gtk_widget_add_css_class (test, "pill");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (test), "app.test-account");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (test), g_variant_new_string (tl_account_get_id (account)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), test);
  remove = gtk_button_new_with_label (_("Remove Account…"));
  gtk_widget_set_halign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "pill");
  gtk_widget_add_css_class (remove, "destructive-action");
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), remove);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->form), ADW_PREFERENCES_GROUP (group));
  return GTK_WIDGET (self);
}

static void
tl_account_editor_dispose (GObject *object)
{
  TlAccountEditor *self = TL_ACCOUNT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stored);
  g_clear_object (&self->draft);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_ACCOUNT_EDITOR);
  G_OBJECT_CLASS (tl_account_editor_parent_class)->dispose (object);
}

static void
tl_account_editor_class_init (TlAccountEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_account_editor_dispose;

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/preferences/tl-account-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TlAccountEditor, content);
  gtk_widget_class_bind_template_child (widget_class, TlAccountEditor, form_bin);
  gtk_widget_class_bind_template_child (widget_class, TlAccountEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlAccountEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_account_editor_init (TlAccountEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
