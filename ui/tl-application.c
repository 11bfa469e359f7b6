/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application: owns the engine for the process lifetime, actions, windows. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-application.h"

#include "tl-call-service.h"
#include "tl-history-store.h"
#include "tl-main-wait.h"
#include "tl-secret.h"
#include "tl-window.h"

struct _TlApplication {
  AdwApplication  parent_instance;

  TlEngine       *engine;
  TlHistoryStore *history;
  TlCallManager  *calls;
  TlCallService  *call_service;
  TlAccountStore *accounts;
  GHashTable     *registrations;   /* account id → TlRegistration */
  GHashTable     *problems;        /* account id → sentence */
  gboolean        demo;
  gboolean        engine_stopped;
  char           *listen_address;
};

enum {
  SIGNAL_ACCOUNTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlApplication, tl_application, ADW_TYPE_APPLICATION)

TlApplication *
tl_application_new (void)
{
  return g_object_new (TL_TYPE_APPLICATION,
                       "application-id", TL_APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/trunkline/Trunkline",
                       NULL);
}

TlEngine *
tl_application_get_engine (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->engine;
}

gboolean
tl_application_is_demo (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), FALSE);
  return self->demo;
}

TlAccountStore *
tl_application_get_accounts (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->accounts;
}

TlCallManager *
tl_application_get_calls (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->calls;
}

TlRegistration *
tl_application_get_registration (TlApplication *self,
                                 const char    *id)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return g_hash_table_lookup (self->registrations, id);
}

const char *
tl_application_get_account_problem (TlApplication *self,
                                    const char    *id)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return g_hash_table_lookup (self->problems, id);
}

static void
start_registration (TlApplication *self,
                    TlAccount     *account,
                    const char    *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlEngineAccount) engine_account = NULL;
  TlRegistrationConfig config = { 0 };
  TlRegistration *registration;
  const char *id = tl_account_get_id (account);

  engine_account = tl_account_to_engine_account (account, password, tl_engine_get_dialect (self->engine),
                                                 &error);
  if (engine_account == NULL)
    {
      g_hash_table_replace (self->problems, g_strdup (id), g_strdup (error->message));
      g_signal_emit (self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
      return;
    }
  {
    g_autofree char *aor = tl_engine_account_get_aor (engine_account);

    /* Its history id, dial plan, do-not-disturb and auto-answer. */
    tl_call_manager_set_account (self->calls, aor, account);
  }
  config.account = engine_account;
  config.fallback_proxy = (char *) tl_account_get_fallback_proxy (account);
  config.ca_file = (char *) tl_account_get_ca_file (account);
  registration = tl_registration_new (self->engine, &config);
  g_hash_table_replace (self->registrations, g_strdup (id), registration);
  g_hash_table_remove (self->problems, id);
  tl_registration_start (registration);
  g_signal_emit (self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
}

typedef struct {
  TlApplication *self;
  TlAccount     *account;
} PasswordLookup;

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PasswordLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  char *password = tl_secret_lookup_password_finish (result, &error);

  if (password != NULL)
    start_registration (lookup->self, lookup->account, password);
  else
    {
      g_hash_table_replace (lookup->self->problems, g_strdup (tl_account_get_id (lookup->account)),
                            g_strdup ("No password stored for this account "
                                      "(trunkline-cli accounts set-password)"));
      g_signal_emit (lookup->self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
    }
  tl_secret_free_password (password);
  g_object_unref (lookup->account);
  g_object_unref (lookup->self);
  g_free (lookup);
}

/* Every enabled account registers as soon as the engine is ready. */
static void
register_accounts (TlApplication *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      PasswordLookup *lookup;

      if (!tl_account_get_enabled (account))
        continue;
      if (tl_account_get_mode (account) == TL_ACCOUNT_MODE_IP_AUTH)
        {
          start_registration (self, account, NULL);
          continue;
        }
      lookup = g_new0 (PasswordLookup, 1);
      lookup->self = g_object_ref (self);
      lookup->account = g_object_ref (account);
      tl_secret_lookup_password_async (tl_account_get_id (account), NULL, password_cb, lookup);
    }
}

static void
engine_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TlApplication *self = user_data;
  g_autoptr(GError) error = NULL;

  /* The window shows the state; here only the reason goes to the log. */
  if (!tl_engine_start_finish (TL_ENGINE (source), result, &error))
    {
      g_debug ("Engine did not start: %s", error->message);
      return;
    }
  register_accounts (self);
}

static void
engine_stopped_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TlApplication) self = user_data;

  tl_engine_stop_finish (TL_ENGINE (source), result, NULL);
  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TlApplication *self = user_data;
  GtkWindow *window;

  /* Unregister and stop the engine first, then leave. */
  while ((window = gtk_application_get_active_window (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (window);
  g_application_hold (G_APPLICATION (self));
  tl_engine_stop_async (self->engine, NULL, engine_stopped_cb, g_object_ref (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TlApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *engine_version = tl_engine_get_version (self->engine);
  g_autofree char *debug_info = g_strdup_printf ("Engine: baresip %s\n",
                                                 engine_version != NULL ? engine_version : "not started");

  adw_show_about_window (window,
                         "application-name", "Trunkline",
                         "application-icon", TL_APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", "A desktop phone for your SIP trunk",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "debug-info", debug_info,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
};

static void
open_history (TlApplication *self)
{
  g_autofree char *path = tl_history_store_default_path ();
  g_autoptr(GError) error = NULL;

  /* The app is the one to recover calls a crash left open. */
  self->history = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  if (self->history == NULL)
    g_warning ("The call history is unavailable (%s); calls will not be kept", error->message);
}

/* Calls answer `trunkline-cli calls|pickup|hangup|…` on the app's own bus
 * connection, when it has one. */
static void
serve_calls (TlApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autoptr(GError) error = NULL;

  if (bus == NULL)
    return;
  self->call_service = tl_call_service_new (self->calls);
  if (!tl_call_service_export (self->call_service, bus, &error))
    {
      g_debug ("Calls not offered on the bus: %s", error->message);
      g_clear_object (&self->call_service);
    }
}

static void
tl_application_startup (GApplication *app)
{
  TlApplication *self = TL_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (tl_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  self->accounts = tl_account_store_new (NULL);
  {
    g_autoptr(GError) error = NULL;

    /* A damaged file is moved aside by the store, which says so; start empty. */
    if (!tl_account_store_load (self->accounts, &error))
      g_debug ("Accounts not loaded: %s", error->message);
  }
  self->engine = tl_engine_new ();
  tl_engine_set_listen_address (self->engine, self->listen_address);
  open_history (self);
  self->calls = tl_call_manager_new (self->engine, self->history);
  serve_calls (self);
  tl_engine_start_async (self->engine, NULL, engine_started_cb, self);
}

static void
tl_application_activate (GApplication *app)
{
  TlApplication *self = TL_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (tl_window_new (self));
  gtk_window_present (window);
}

static void
stopped_in_shutdown_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TlApplication *self = user_data;

  tl_engine_stop_finish (TL_ENGINE (source), result, NULL);
  self->engine_stopped = TRUE;
}

static void
tl_application_shutdown (GApplication *app)
{
  TlApplication *self = TL_APPLICATION (app);
  TlEngineState state = tl_engine_get_state (self->engine);

  /* Closing the last window ends the process without app.quit: still unregister
   * and stop the engine, bounded by its own shutdown ladder. */
  if (state != TL_ENGINE_STATE_STOPPED && state != TL_ENGINE_STATE_FAILED)
    {
      tl_engine_stop_async (self->engine, NULL, stopped_in_shutdown_cb, self);
      if (!tl_main_wait_for (NULL, &self->engine_stopped, TL_ENGINE_STOP_BUDGET_MS))
        g_message ("The call engine did not stop within %u ms", TL_ENGINE_STOP_BUDGET_MS);
    }
  if (self->call_service != NULL)
    tl_call_service_unexport (self->call_service);
  if (self->history != NULL)
    tl_history_store_flush (self->history, NULL);
  G_APPLICATION_CLASS (tl_application_parent_class)->shutdown (app);
}

static int
tl_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  TlApplication *self = TL_APPLICATION (app);
  const char *listen = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("trunkline %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->demo = g_variant_dict_contains (options, "demo");
  if (g_variant_dict_lookup (options, "listen", "&s", &listen))
    self->listen_address = g_strdup (listen);
  return -1;
}

static void
tl_application_finalize (GObject *object)
{
  TlApplication *self = TL_APPLICATION (object);

  g_hash_table_unref (self->registrations);
  g_hash_table_unref (self->problems);
  g_clear_object (&self->accounts);
  g_clear_object (&self->call_service);
  g_clear_object (&self->calls);
  g_clear_object (&self->history);
  g_clear_object (&self->engine);
  g_free (self->listen_address);
  G_OBJECT_CLASS (tl_application_parent_class)->finalize (object);
}

static void
tl_application_class_init (TlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tl_application_finalize;
  app_class->startup = tl_application_startup;
  app_class->activate = tl_application_activate;
  app_class->shutdown = tl_application_shutdown;
  app_class->handle_local_options = tl_application_handle_local_options;

  /* An account's registration started, or cannot start (the reason changed). */
  signals[SIGNAL_ACCOUNTS_CHANGED] =
    g_signal_new ("accounts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tl_application_init (TlApplication *self)
{
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      "Start without a trunk account (the built-in default)", NULL },
    { "listen", 0, 0, G_OPTION_ARG_STRING, NULL,
      "Local SIP address:port for the engine", "ADDR" },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, "Print the version", NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  self->registrations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
