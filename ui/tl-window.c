/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: adaptive down to 360 px, bound to the engine's state. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-window.h"

struct _TlWindow {
  AdwApplicationWindow  parent_instance;

  TlEngine             *engine;

  TlApplication        *application;   /* not a reference: it owns us */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *content_stack;
  AdwStatusPage        *status_page;
  GtkLabel             *engine_label;
  AdwPreferencesGroup  *accounts_group;
  GtkListBox           *accounts_list;
};

G_DEFINE_FINAL_TYPE (TlWindow, tl_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_engine_state (TlWindow *self)
{
  TlEngineState state = tl_engine_get_state (self->engine);
  const char *version = tl_engine_get_version (self->engine);
  g_autofree char *detail = NULL;
  const char *title;

  switch (state)
    {
    case TL_ENGINE_STATE_READY:
      title = "No Trunk Account Yet";
      detail = g_strdup_printf ("Call engine ready (baresip %s)", version != NULL ? version : "?");
      break;
    case TL_ENGINE_STATE_RESTARTING:
      title = "Reconnecting…";
      detail = g_strdup ("The call engine stopped unexpectedly and is being restarted");
      break;
    case TL_ENGINE_STATE_FAILED:
      title = "The Call Engine Could Not Start";
      detail = g_strdup ("Check that baresip is installed; details are in the log");
      break;
    case TL_ENGINE_STATE_STOPPING:
    case TL_ENGINE_STATE_STOPPED:
      title = "Stopped";
      detail = g_strdup ("The call engine is not running");
      break;
    case TL_ENGINE_STATE_STARTING:
    default:
      title = "Starting…";
      detail = g_strdup ("Starting the call engine");
      break;
    }
  /* Plain text only: nothing here is ever parsed as markup. */
  adw_status_page_set_title (self->status_page, title);
  gtk_label_set_text (self->engine_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->engine_label), TRUE);
  if (state == TL_ENGINE_STATE_READY)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->engine_label), "engine-problem");
      gtk_widget_add_css_class (GTK_WIDGET (self->engine_label), "engine-ready");
    }
  else if (state == TL_ENGINE_STATE_FAILED || state == TL_ENGINE_STATE_RESTARTING)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->engine_label), "engine-ready");
      gtk_widget_add_css_class (GTK_WIDGET (self->engine_label), "engine-problem");
    }
  /* Shown above the accounts too, so the engine's state is never hidden. */
  adw_preferences_group_set_description (self->accounts_group, detail);
  g_debug ("Window shows engine state %s", tl_engine_state_to_string (state));
}

/* What a person needs to know about one account's registration, in words. */
static char *
describe_account (TlWindow  *self,
                  TlAccount *account)
{
  const char *id = tl_account_get_id (account);
  TlRegistration *registration = tl_application_get_registration (self->application, id);
  const char *problem = tl_application_get_account_problem (self->application, id);

  if (!tl_account_get_enabled (account))
    return g_strdup ("Disabled");
  if (problem != NULL)
    return g_strdup (problem);
  if (registration == NULL)
    return g_strdup ("Waiting for the call engine");
  switch (tl_registration_get_state (registration))
    {
    case TL_REGISTRATION_STATE_REGISTERED:
      return tl_registration_get_on_fallback (registration)
             ? g_strdup_printf ("Registered through the backup edge %s",
                                tl_registration_get_proxy_in_use (registration))
             : g_strdup ("Registered");
    case TL_REGISTRATION_STATE_NOT_REGISTERING:
      return g_strdup ("Ready (IP-authenticated, no registration needed)");
    case TL_REGISTRATION_STATE_FAILED:
      return g_strdup (tl_registration_get_reason (registration));
    case TL_REGISTRATION_STATE_CHECKING_CERTIFICATE:
      return g_strdup ("Checking the trunk's certificate…");
    case TL_REGISTRATION_STATE_REGISTERING:
      return g_strdup ("Registering…");
    case TL_REGISTRATION_STATE_UNREGISTERED:
    default:
      return g_strdup ("Not registered");
    }
}

static void
update_account_row (AdwActionRow *row)
{
  TlWindow *self = g_object_get_data (G_OBJECT (row), "tl-window");
  TlAccount *account = g_object_get_data (G_OBJECT (row), "tl-account");
  g_autofree char *title = tl_account_dup_title (account);
  g_autofree char *state = describe_account (self, account);

  /* Titles and reasons are plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, state);
  g_debug ("Window shows account %s: %s", title, state);
}

static GtkWidget *
create_account_row (gpointer item,
                    gpointer user_data)
{
  TlWindow *self = user_data;
  TlAccount *account = item;
  TlRegistration *registration = tl_application_get_registration (self->application,
                                                                  tl_account_get_id (account));
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  g_object_set_data (G_OBJECT (row), "tl-window", self);
  g_object_set_data_full (G_OBJECT (row), "tl-account", g_object_ref (account), g_object_unref);
  adw_action_row_set_icon_name (row, "network-server-symbolic");
  if (registration != NULL)
    {
      g_signal_connect_object (registration, "notify::state", G_CALLBACK (update_account_row), row,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (registration, "notify::reason", G_CALLBACK (update_account_row), row,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (registration, "notify::on-fallback", G_CALLBACK (update_account_row), row,
                               G_CONNECT_SWAPPED);
    }
  update_account_row (row);
  return GTK_WIDGET (row);
}

static void
update_accounts (TlWindow *self)
{
  GListModel *accounts = G_LIST_MODEL (tl_application_get_accounts (self->application));

  /* Rebinding recreates the rows, each connected to its current registration. */
  gtk_list_box_bind_model (self->accounts_list, accounts, create_account_row, self, NULL);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    g_list_model_get_n_items (accounts) > 0 ? "accounts" : "empty");
}

static void
engine_notify_cb (TlWindow *self)
{
  update_engine_state (self);
}

static void
security_warning_cb (TlEngine   *engine,
                     const char *message,
                     TlWindow   *self)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
tl_window_dispose (GObject *object)
{
  TlWindow *self = TL_WINDOW (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_WINDOW);
  G_OBJECT_CLASS (tl_window_parent_class)->dispose (object);
}

static void
tl_window_class_init (TlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/tl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, engine_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, accounts_list);
}

static void
tl_window_init (TlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TlWindow *
tl_window_new (TlApplication *application)
{
  TlWindow *self = g_object_new (TL_TYPE_WINDOW, "application", application, NULL);

  self->application = application;
  self->engine = g_object_ref (tl_application_get_engine (application));
  g_signal_connect_swapped (self->engine, "notify::state", G_CALLBACK (engine_notify_cb), self);
  g_signal_connect_swapped (self->engine, "notify::version", G_CALLBACK (engine_notify_cb), self);
  g_signal_connect (self->engine, "security-warning", G_CALLBACK (security_warning_cb), self);
  g_signal_connect_object (application, "accounts-changed", G_CALLBACK (update_accounts), self,
                           G_CONNECT_SWAPPED);
  update_engine_state (self);
  update_accounts (self);
  return self;
}
