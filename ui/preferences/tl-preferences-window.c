/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: accounts, audio, network and general settings. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-preferences-window.h"

#include <glib/gi18n.h>

#include "tl-account-editor.h"
#include "tl-accounts-page.h"
#include "tl-audio-page.h"

struct _TlPreferencesWindow {
  AdwPreferencesWindow  parent_instance;

  TlApplication        *application;   /* not a reference: it outlives its windows */
  GtkWidget            *accounts_page;
  GtkWidget            *audio_page;

  AdwPreferencesPage   *network_page;
  AdwPreferencesPage   *general_page;
  AdwEntryRow          *address_row;
  GtkAdjustment        *port_adjustment;
  AdwPreferencesGroup  *network_note_group;
  GtkLabel             *network_note;
  GtkSwitch            *notify_incoming_switch;
  GtkSwitch            *notify_missed_switch;
  GtkSwitch            *notify_registration_switch;
  GtkSwitch            *background_switch;
  GtkSwitch            *autostart_switch;
};

G_DEFINE_FINAL_TYPE (TlPreferencesWindow, tl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* ---- accounts ------------------------------------------------------------------------- */

static void
editor_done_cb (TlPreferencesWindow *self)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

static void
edit_cb (TlPreferencesWindow *self,
         TlAccount           *account)
{
  GtkWidget *editor = tl_account_editor_new (self->application, account);

  g_signal_connect_object (editor, "done", G_CALLBACK (editor_done_cb), self, G_CONNECT_SWAPPED);
  g_debug ("Preferences: editing account %s", tl_account_get_id (account));
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), editor);
}

void
tl_preferences_window_edit_account (TlPreferencesWindow *self,
                                    const char          *account_id)
{
  TlAccount *account;

  g_return_if_fail (TL_IS_PREFERENCES_WINDOW (self));

  account = tl_account_store_lookup (tl_application_get_accounts (self->application), account_id);
  if (account == NULL)
    {
      g_debug ("Preferences: no account %s to edit", account_id);
      return;
    }
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->accounts_page));
  edit_cb (self, account);
}

/* ---- network ------------------------------------------------------------------------- */

static void
show_network_note (TlPreferencesWindow *self,
                   const char          *note,
                   gboolean             problem)
{
  gtk_label_set_text (self->network_note, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->network_note_group), note != NULL);
  if (problem)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->network_note), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->network_note), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
    }
}

static void
address_apply_cb (TlPreferencesWindow *self)
{
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
  g_autofree char *message = NULL;

  /* An address of this machine, not a name: the engine binds it. */
  if (*address != '\0' && !g_hostname_is_ip_address (address))
    {
      message = g_strdup_printf (_("“%.64s” is not an IP address (such as 192.168.1.20 or ::1)"), address);
      show_network_note (self, message, TRUE);
      g_debug ("Preferences: %s", message);
      return;
    }
  g_settings_set_string (tl_application_get_settings (self->application), "listen-address", address);
  show_network_note (self, tl_application_get_listen_override (self->application) != NULL
                           ? _("Trunkline was started with --listen: that address is used until it quits.") : NULL,
                     FALSE);
}

/* ---- life ------------------------------------------------------------------------------ */

void
tl_preferences_window_show_page (TlPreferencesWindow *self,
                                 const char          *name)
{
  g_return_if_fail (TL_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), name);
}

GtkWidget *
tl_preferences_window_new (TlApplication *application,
                           GtkWindow     *parent)
{
  TlPreferencesWindow *self = g_object_new (TL_TYPE_PREFERENCES_WINDOW, "application", application,
                                            "transient-for", parent, NULL);
  GSettings *settings = tl_application_get_settings (application);
  g_autofree char *address = g_settings_get_string (settings, "listen-address");

  self->application = application;
  self->accounts_page = tl_accounts_page_new (application);
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self->accounts_page), "accounts");
  g_signal_connect_object (self->accounts_page, "edit", G_CALLBACK (edit_cb), self, G_CONNECT_SWAPPED);
  self->audio_page = tl_audio_page_new (application);
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self->audio_page), "audio");

  /* Accounts and audio first: the template's pages go after them. */
  g_object_ref (self->network_page);
  g_object_ref (self->general_page);
  adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), self->network_page);
  adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), self->general_page);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->accounts_page));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->audio_page));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), self->network_page);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), self->general_page);
  g_object_unref (self->network_page);
  g_object_unref (self->general_page);

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
  g_settings_bind (settings, "sip-port", self->port_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-incoming", self->notify_incoming_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-missed", self->notify_missed_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-registration", self->notify_registration_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "run-in-background", self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "start-at-login", self->autostart_switch, "active", G_SETTINGS_BIND_DEFAULT);
  if (tl_application_get_listen_override (application) != NULL)
    show_network_note (self, _("Trunkline was started with --listen: that address is used until it quits."), FALSE);
  return GTK_WIDGET (self);
}

static void
tl_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TL_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (tl_preferences_window_parent_class)->dispose (object);
}

static void
tl_preferences_window_class_init (TlPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/preferences/tl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, network_page);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, port_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, network_note_group);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, network_note);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, notify_incoming_switch);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, notify_missed_switch);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, notify_registration_switch);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, TlPreferencesWindow, autostart_switch);
  gtk_widget_class_bind_template_callback (widget_class, address_apply_cb);
}

static void
tl_preferences_window_init (TlPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
