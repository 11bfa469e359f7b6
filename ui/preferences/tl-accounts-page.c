/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: every account as a line with its state, on or off; add, edit, and the demo line. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-accounts-page.h"

#include <glib/gi18n.h>

#include "tl-demo-account.h"

struct _TlAccountsPage {
  AdwPreferencesPage  parent_instance;

  TlApplication      *application;   /* not a reference: it outlives its windows */

  GtkListBox         *accounts_list;
  GtkSwitch          *demo_switch;
};

enum {
  SIGNAL_EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlAccountsPage, tl_accounts_page, ADW_TYPE_PREFERENCES_PAGE)

static void
enabled_toggled_cb (GtkSwitch  *toggle,
                    GParamSpec *pspec,
                    TlAccount  *account)
{
  TlApplication *application = g_object_get_data (G_OBJECT (toggle), "tl-application");
  gboolean active = gtk_switch_get_active (toggle);
  g_autoptr(GError) error = NULL;

  if (active == tl_account_get_enabled (account))
    return;
  /* Through the store: it is what the file and the other front ends see. */
  if (!tl_account_store_set (tl_application_get_accounts (application), tl_account_get_id (account), "enabled",
                             active ? "true" : "false", &error))
    {
      g_debug ("Account %s not turned %s: %s", tl_account_get_id (account), active ? "on" : "off", error->message);
      gtk_switch_set_active (toggle, tl_account_get_enabled (account));
      return;
    }
  g_debug ("Account %s turned %s", tl_account_get_id (account), active ? "on" : "off");
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TlAccountsPage *self = user_data;
  TlLine *line = item;
  TlAccount *account = tl_line_get_account (line);
  GtkWidget *row = adw_action_row_new ();

  /* Labels and the trunk's words are text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_bind_property (line, "title", row, "title", G_BINDING_SYNC_CREATE);
  if (tl_demo_account_is_demo (tl_account_get_id (account)))
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Calls an echo service on this computer"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("media-playlist-repeat-symbolic"));
      return row;
    }
  g_object_bind_property (line, "status", row, "subtitle", G_BINDING_SYNC_CREATE);
  {
    GtkWidget *toggle = gtk_switch_new ();

    gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (toggle, _("Registers and takes calls"));
    g_object_bind_property (account, "enabled", toggle, "active", G_BINDING_SYNC_CREATE);
    g_object_set_data (G_OBJECT (toggle), "tl-application", self->application);
    g_signal_connect_object (toggle, "notify::active", G_CALLBACK (enabled_toggled_cb), account, 0);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "tl-account", g_object_ref (account), g_object_unref);
  return row;
}

static void
row_activated_cb (TlAccountsPage *self,
                  GtkListBoxRow  *row)
{
  TlAccount *account = g_object_get_data (G_OBJECT (row), "tl-account");

  if (account != NULL)
    g_signal_emit (self, signals[SIGNAL_EDIT], 0, account);
}

GtkWidget *
tl_accounts_page_new (TlApplication *application)
{
  TlAccountsPage *self = g_object_new (TL_TYPE_ACCOUNTS_PAGE, NULL);

  self->application = application;
  gtk_list_box_bind_model (self->accounts_list, G_LIST_MODEL (tl_application_get_lines (application)),
                           create_row, self, NULL);
  {
    GtkWidget *empty = gtk_label_new (_("No accounts yet"));

    gtk_widget_add_css_class (empty, "dim-label");
    gtk_widget_set_margin_top (empty, 12);
    gtk_widget_set_margin_bottom (empty, 12);
    gtk_list_box_set_placeholder (self->accounts_list, empty);
  }
  g_settings_bind (tl_application_get_settings (application), "demo-line", self->demo_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}

static void
tl_accounts_page_dispose (GObject *object)
{
  TlAccountsPage *self = TL_ACCOUNTS_PAGE (object);

  if (self->accounts_list != NULL)
    gtk_list_box_bind_model (self->accounts_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_ACCOUNTS_PAGE);
  G_OBJECT_CLASS (tl_accounts_page_parent_class)->dispose (object);
}

static void
tl_accounts_page_class_init (TlAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_accounts_page_dispose;

  signals[SIGNAL_EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, TL_TYPE_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/preferences/tl-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlAccountsPage, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, TlAccountsPage, demo_switch);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
tl_accounts_page_init (TlAccountsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
