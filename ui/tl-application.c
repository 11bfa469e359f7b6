/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application: owns the engine, the lines, the calls and the history for the
 * process lifetime, starts them in order and stops them in order. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-application-private.h"

#include <glib/gi18n.h>

#include <string.h>

#include "tl-main-wait.h"
#include "tl-settings.h"
#include "tl-window.h"

/* The engine starts once the sound server has listed its devices, or after this. */
#define CATALOG_WAIT_MS 3000

G_DEFINE_FINAL_TYPE (TlApplication, tl_application, ADW_TYPE_APPLICATION)

TlApplication *
tl_application_new (void)
{
  return g_object_new (TL_TYPE_APPLICATION,
                       "application-id", TL_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/trunkline/Trunkline",
                       NULL);
}

TlEngine *
tl_application_get_engine (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->engine;
}

const char *
tl_application_get_listen_override (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->listen_address;
}

GSettings *
tl_application_get_settings (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->settings;
}

TlAccountStore *
tl_application_get_accounts (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->accounts;
}

TlLines *
tl_application_get_lines (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->lines;
}

TlCallManager *
tl_application_get_calls (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->calls;
}

TlAudioCatalog *
tl_application_get_audio_catalog (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->catalog;
}

TlTonePlayer *
tl_application_get_tones (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->tones;
}

TlEngineAudio *
tl_application_get_engine_audio (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->engine_audio;
}

TlCallAlerts *
tl_application_get_alerts (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->alerts;
}

TlHistoryStore *
tl_application_get_history (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->history;
}

TlContactStore *
tl_application_get_contacts (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->contacts;
}

TlCall *
tl_application_dial (TlApplication  *self,
                     const char     *account_id,
                     const char     *typed,
                     GError        **error)
{
  g_autoptr(GError) local = NULL;
  TlCall *call;

  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);

  call = tl_lines_dial (self->lines, account_id, typed, &local);
  if (call != NULL)
    return call;
  /* A number the toll-fraud guard asks about: only a yes to this question dials. */
  if (g_error_matches (local, TL_FRAUD_ERROR, TL_FRAUD_ERROR_NEEDS_CONFIRMATION))
    {
      tl_application_confirm_dial (self, account_id, typed, local->message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("Waiting for your answer"));
      return NULL;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

gboolean
tl_application_keeps_running (TlApplication *self)
{
  GListModel *lines;

  g_return_val_if_fail (TL_IS_APPLICATION (self), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0)
    return TRUE;
  if (self->background != NULL && !tl_background_allowed (self->background))
    return FALSE;
  lines = G_LIST_MODEL (self->lines);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(TlLine) line = g_list_model_get_item (lines, i);

      /* The demo line never rings: it is no reason to stay. */
      if (tl_line_get_can_call (line) && line != tl_lines_get_demo_line (self->lines))
        return TRUE;
    }
  return FALSE;
}

void
tl_application_mark_history_seen (TlApplication *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TL_IS_APPLICATION (self));

  if (self->history != NULL && !tl_history_store_mark_all_seen (self->history, &error))
    g_debug ("Missed calls not marked seen: %s", error->message);
  tl_call_notifier_withdraw_missed (self->notifier);
}

static void update_demo (TlApplication *self);

TlWindow *
tl_application_main_window (TlApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = l->next)
    if (TL_IS_WINDOW (l->data))
      return l->data;
  if (!self->window_made)
    {
      self->window_made = TRUE;
      update_demo (self);
    }
  return tl_window_new (self);
}

TlWindow *
tl_application_get_main_window (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return tl_application_main_window (self);
}

/* ---- staying awake during calls ------------------------------------------------------ */

static void
update_inhibit (TlApplication *self)
{
  gboolean calls = g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0;

  if (calls && self->inhibit_cookie == 0)
    {
      self->inhibit_cookie = gtk_application_inhibit (GTK_APPLICATION (self), NULL,
                                                      GTK_APPLICATION_INHIBIT_SUSPEND | GTK_APPLICATION_INHIBIT_IDLE,
                                                      _("A call is in progress"));
      /* A session with no inhibitor service gives 0: say so once and carry on. */
      if (self->inhibit_cookie == 0 && !self->inhibit_logged)
        {
          g_message ("Suspend and idle cannot be held off during calls: the session offers no inhibitor");
          self->inhibit_logged = TRUE;
        }
      else if (self->inhibit_cookie != 0)
        g_debug ("Holding off suspend and idle during the call");
    }
  else if (!calls && self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (GTK_APPLICATION (self), self->inhibit_cookie);
      self->inhibit_cookie = 0;
      g_debug ("Suspend and idle allowed again");
    }
}

/* ---- the demo line --------------------------------------------------------------------- */

/* With no account (or asked for): a line that calls an echo service on this
 * machine, so the first call works with no trunk, no network and no set-up. */
static gboolean
demo_wanted (TlApplication *self)
{
  if ((g_application_get_flags (G_APPLICATION (self)) & G_APPLICATION_IS_SERVICE) && !self->window_made)
    return FALSE;
  return self->demo
         || g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) == 0
         || g_settings_get_boolean (self->settings, "demo-line");
}

static void
echo_stopped_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TlApplication) self = user_data;

  tl_echo_service_stop_finish (TL_ECHO_SERVICE (source), result, NULL);
  self->echo_stopped = TRUE;
}

static void
stop_demo (TlApplication *self)
{
  if (self->echo == NULL)
    return;
  tl_lines_set_demo (self->lines, NULL);
  self->echo_stopped = FALSE;
  tl_echo_service_stop_async (self->echo, NULL, echo_stopped_cb, g_object_ref (self));
  g_clear_object (&self->echo);
}

static void
update_demo (TlApplication *self)
{
  if (!demo_wanted (self))
    {
      if (self->echo != NULL)
        g_debug ("Demo line withdrawn");
      stop_demo (self);
      return;
    }
  if (self->echo == NULL)
    {
      self->echo = tl_echo_service_new ();
      g_debug ("Demo line offered");
    }
  tl_echo_service_start (self->echo);
  tl_lines_set_demo (self->lines, self->echo);
}

/* ---- start-up ------------------------------------------------------------------------ */

static void
engine_started_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The window shows the state; the lines register once the engine is ready. */
  if (!tl_engine_start_finish (TL_ENGINE (source), result, &error))
    g_debug ("Engine did not start: %s", error->message);
}

/* The engine reads its device list once, at start: start it when the sound
 * server has answered (or has been given its time). */
static void
start_engine (TlApplication *self)
{
  g_clear_handle_id (&self->catalog_wait, g_source_remove);
  if (self->engine_started)
    return;
  self->engine_started = TRUE;
  g_debug ("Devices: %s", tl_audio_catalog_state_to_string (tl_audio_catalog_get_state (self->catalog)));
  tl_engine_audio_prepare_start (self->engine_audio);
  tl_engine_start_async (self->engine, NULL, engine_started_cb, self);
}

static void
catalog_state_cb (TlApplication *self)
{
  if (tl_audio_catalog_get_state (self->catalog) != TL_AUDIO_CATALOG_STATE_STARTING)
    start_engine (self);
}

static void
catalog_wait_over_cb (gpointer user_data)
{
  TlApplication *self = user_data;

  self->catalog_wait = 0;
  start_engine (self);
}

static void
open_history (TlApplication *self)
{
  g_autofree char *path = tl_history_store_default_path ();
  g_autoptr(GError) error = NULL;

  /* The app is the one to recover calls a crash left open. */
  self->history = tl_history_store_open (path, TL_HISTORY_STORE_OPEN_NONE, NULL, &error);
  if (self->history == NULL)
    g_message ("The call history is unavailable (%s); calls will not be kept", error->message);
}

/* Numbers are kept under the default account's dial plan, so "020…" and
 * "+3120…" are one number in the contacts as in the history. */
static void
update_contacts_dial_plan (TlApplication *self)
{
  TlAccount *account = tl_account_store_get_default (self->accounts);

  if (self->contacts != NULL)
    tl_contact_store_set_dial_plan (self->contacts, account != NULL ? tl_account_get_country_code (account) : NULL,
                                    account != NULL ? tl_account_get_national_prefix (account) : NULL);
}

/* In the history's file: after the history, which recovers a damaged file first. */
static void
open_contacts (TlApplication *self)
{
  g_autofree char *path = self->history != NULL ? g_strdup (tl_history_store_get_path (self->history))
                                                : tl_history_store_default_path ();
  g_autoptr(GError) error = NULL;

  self->contacts = tl_contact_store_open (path, NULL, &error);
  if (self->contacts == NULL)
    {
      g_message ("The contacts are unavailable (%s); callers are shown as the network names them",
                 error->message);
      return;
    }
  update_contacts_dial_plan (self);
  g_signal_connect_object (self->accounts, "items-changed", G_CALLBACK (update_contacts_dial_plan), self,
                           G_CONNECT_SWAPPED);
  self->address_book = tl_address_book_new_system ();
  tl_contact_store_set_address_book (self->contacts, self->address_book);
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
start_audio (TlApplication *self)
{
  self->catalog = tl_audio_catalog_new ();
  self->audio_map = tl_audio_engine_map_new (self->catalog);
  self->engine_audio = tl_engine_audio_new (self->engine, TL_AUDIO_ROUTING (self->audio_map));
  self->tones = tl_tone_player_new (self->catalog);
  g_signal_connect_object (self->catalog, "notify::state", G_CALLBACK (catalog_state_cb), self, G_CONNECT_SWAPPED);
  tl_audio_catalog_start (self->catalog);
  self->catalog_wait = g_timeout_add_once (CATALOG_WAIT_MS, catalog_wait_over_cb, self);
  catalog_state_cb (self);
}

static void
background_message_cb (TlApplication *self,
                       const char    *message)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* The preferences are in front when the switch is turned. */
  if (window != NULL && ADW_IS_PREFERENCES_WINDOW (window))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), tl_window_plain_toast (message));
      g_debug ("Preferences say: %s", message);
    }
  else
    tl_window_show_message (tl_application_main_window (self), message, TRUE);
}

static void
network_changed_cb (TlApplication *self,
                    const char    *reason)
{
  /* After a new network or a wake-up the registrations point at an address
   * that may be gone: the engine moves them (or restarts between calls). */
  g_debug ("Network changed (%s): the lines register from where they are now", reason);
  tl_engine_network_changed (self->engine);
}

/* Made once the main loop is first idle: the default network monitor asks the
 * system bus and the kernel for their state synchronously, and nothing needs it
 * while the window is being built. */
static gboolean
watch_network (gpointer user_data)
{
  TlApplication *self = user_data;

  self->network_idle = 0;
  self->network = tl_network_watch_new ();
  g_signal_connect_object (self->network, "changed", G_CALLBACK (network_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return G_SOURCE_REMOVE;
}

static void
tl_application_startup (GApplication *app)
{
  TlApplication *self = TL_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (tl_application_parent_class)->startup (app);

  /* Notifications name the app by this, not by the binary. */
  g_set_application_name ("Trunkline");
  tl_application_add_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  self->settings = tl_settings_new ();
  self->accounts = tl_account_store_new (NULL);
  {
    g_autoptr(GError) error = NULL;

    /* A damaged file is moved aside by the store, which says so; start empty. */
    if (!tl_account_store_load (self->accounts, &error))
      g_debug ("Accounts not loaded: %s", error->message);
  }
  self->engine = tl_engine_new ();
  {
    g_autofree char *address = tl_application_dup_listen_address (self);

    tl_engine_set_listen_address (self->engine, address);
  }
  open_history (self);
  open_contacts (self);
  self->calls = tl_call_manager_new (self->engine, self->history);
  if (self->contacts != NULL)
    tl_call_manager_set_name_resolver (self->calls, TL_NAME_RESOLVER (self->contacts));
  self->lines = tl_lines_new (self->accounts, self->engine, self->calls);
  g_signal_connect_object (self->calls, "items-changed", G_CALLBACK (update_inhibit), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->accounts, "items-changed", G_CALLBACK (update_demo), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::demo-line", G_CALLBACK (update_demo), self, G_CONNECT_SWAPPED);
  update_demo (self);
  serve_calls (self);
  start_audio (self);
  tl_application_apply_audio_settings (self);
  tl_application_apply_latency (self);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (tl_application_settings_changed_cb), self, G_CONNECT_SWAPPED);
  self->alerts = tl_call_alerts_new (self->calls, TL_TONE_PORT (self->tones));
  self->notifier = tl_call_notifier_new (G_APPLICATION (self), self->alerts, self->settings);
  self->links = tl_link_handler_new (self);
  self->line_notifier = tl_line_notifier_new (GTK_APPLICATION (self), self->lines, self->settings);
  self->background = tl_background_new (app, self->settings, self->accounts);
  g_signal_connect_object (self->background, "message", G_CALLBACK (background_message_cb), self,
                           G_CONNECT_SWAPPED);
  self->network_idle = g_idle_add_full (G_PRIORITY_LOW, watch_network, self, NULL);
}

/* Links (sip:, tel:, …) from the desktop or a browser, also when already running. */
static void
tl_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  TlApplication *self = TL_APPLICATION (app);
  g_autofree char *uri = NULL;

  if (n_files < 1)
    return;
  uri = g_file_get_uri (files[0]);
  if (n_files > 1)
    g_debug ("Link: %d links given, only the first is followed", n_files);
  tl_link_handler_open (self->links, uri);
}

static void
tl_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (tl_application_main_window (TL_APPLICATION (app))));
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
  if (self->echo != NULL)
    {
      stop_demo (self);
      /* The echo service's own ladder ends it within its budget. */
      if (!tl_main_wait_for (NULL, &self->echo_stopped, TL_ENGINE_STOP_BUDGET_MS))
        g_message ("The demo line did not stop within %u ms", TL_ENGINE_STOP_BUDGET_MS);
    }
  if (self->inhibit_cookie != 0)
    gtk_application_uninhibit (GTK_APPLICATION (self), self->inhibit_cookie);
  self->inhibit_cookie = 0;
  g_clear_handle_id (&self->catalog_wait, g_source_remove);
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
tl_application_dispose (GObject *object)
{
  TlApplication *self = TL_APPLICATION (object);

  g_clear_handle_id (&self->network_idle, g_source_remove);
  g_clear_object (&self->network);
  g_clear_object (&self->links);
  g_clear_object (&self->background);
  g_clear_object (&self->line_notifier);
  g_clear_object (&self->notifier);
  g_clear_object (&self->alerts);
  g_clear_object (&self->lines);
  g_clear_object (&self->call_service);
  g_clear_object (&self->calls);
  g_clear_object (&self->tones);
  g_clear_object (&self->engine_audio);
  g_clear_object (&self->audio_map);
  g_clear_object (&self->catalog);
  g_clear_object (&self->accounts);
  g_clear_object (&self->echo);
  g_clear_object (&self->settings);
  g_clear_object (&self->contacts);
  g_clear_object (&self->address_book);
  g_clear_object (&self->history);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (tl_application_parent_class)->dispose (object);
}

static void
tl_application_finalize (GObject *object)
{
  TlApplication *self = TL_APPLICATION (object);

  g_free (self->listen_address);
  G_OBJECT_CLASS (tl_application_parent_class)->finalize (object);
}

static void
tl_application_class_init (TlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tl_application_dispose;
  object_class->finalize = tl_application_finalize;
  app_class->startup = tl_application_startup;
  app_class->activate = tl_application_activate;
  app_class->open = tl_application_open;
  app_class->shutdown = tl_application_shutdown;
  app_class->handle_local_options = tl_application_handle_local_options;
}

static void
tl_application_init (TlApplication *self)
{
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Offer the demo line (an echo service on this computer) beside any accounts"), NULL },
    { "listen", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Local SIP address:port for the engine"), N_("ADDR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
