/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application's actions: calls, pages, accounts, preferences, about and quit; the one door for windows, notifications, links and the command line. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-application-private.h"

#include <glib/gi18n.h>

#include "tl-account-assistant.h"
#include "tl-call-question.h"
#include "tl-doctor-window.h"
#include "tl-preferences-window.h"
#include "tl-window.h"

/* ---- calls: the actions every front end shares ---------------------------------------- */

static TlCall *
call_for (TlApplication *self,
          GVariant      *parameter,
          TlCallAction   action)
{
  const char *id = parameter != NULL ? g_variant_get_string (parameter, NULL) : "";
  g_autoptr(GError) error = NULL;
  TlCall *call;

  if (*id != '\0')
    return tl_call_manager_find (self->calls, id);
  call = tl_call_manager_pick (self->calls, action, &error);
  if (call == NULL)
    g_debug ("No call to act on: %s", error->message);
  return call;
}

static void
action_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    g_debug ("The call action failed: %s", error->message);
}

static void
act (TlApplication *self,
     GVariant      *parameter,
     TlCallAction   action)
{
  TlCall *call = call_for (self, parameter, action);

  if (call != NULL)
    tl_call_manager_action_async (self->calls, call, action, NULL, NULL, action_done_cb, NULL);
}

static void
answer_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TlApplication *self = user_data;
  TlCall *call = call_for (self, parameter, TL_CALL_ACTION_ANSWER);
  TlWindow *window;

  if (call == NULL || tl_call_get_state (call) != TL_CALL_STATE_INCOMING)
    return;
  tl_call_manager_action_async (self->calls, call, TL_CALL_ACTION_ANSWER, NULL, NULL, action_done_cb, NULL);
  /* Answered from a notification while hidden: the call's controls come up. */
  window = tl_application_main_window (self);
  tl_window_show_call (window, call);
  gtk_window_present (GTK_WINDOW (window));
}

static void
decline_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TlApplication *self = user_data;
  TlCall *call = call_for (self, parameter, TL_CALL_ACTION_ANSWER);

  /* Hanging up a call that rings here refuses it: declined, not missed. */
  if (call != NULL && tl_call_get_state (call) == TL_CALL_STATE_INCOMING)
    tl_call_manager_action_async (self->calls, call, TL_CALL_ACTION_HANGUP, NULL, NULL, action_done_cb, NULL);
}

static void
hangup_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  act (user_data, parameter, TL_CALL_ACTION_HANGUP);
}

static void
dial_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TlApplication *self = user_data;
  const char *target = g_variant_get_string (parameter, NULL);
  TlWindow *window = tl_application_main_window (self);
  g_autoptr(GError) error = NULL;

  /* The number shows in the dial pad either way: to redial, or to see why not. */
  tl_window_show_dialpad (window, target);
  gtk_window_present (GTK_WINDOW (window));
  if (tl_application_dial (self, NULL, target, &error) == NULL)
    g_debug ("Not dialled: %s", error->message);
}

/* ---- numbers the toll-fraud guard asks about ------------------------------------------ */

typedef struct {
  TlApplication *self;
  char          *account_id;
  char          *typed;
} ConfirmDial;

static void
confirm_dial_free (gpointer  data,
                   GClosure *closure)
{
  ConfirmDial *confirm = data;

  g_free (confirm->account_id);
  g_free (confirm->typed);
  g_free (confirm);
}

static void
confirm_dial_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          ConfirmDial      *confirm)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "call") != 0)
    {
      g_debug ("Dial not confirmed");
      return;
    }
  g_debug ("Dial confirmed");
  if (tl_lines_dial_full (tl_application_get_lines (confirm->self), confirm->account_id, confirm->typed,
                          TL_CALL_DIAL_CONFIRMED, &error) == NULL)
    tl_window_show_message (tl_application_main_window (confirm->self), error->message, TRUE);
}

void
tl_application_confirm_dial (TlApplication *self,
                             const char    *account_id,
                             const char    *typed,
                             const char    *why)
{
  TlWindow *window = tl_application_main_window (self);
  ConfirmDial *confirm = g_new0 (ConfirmDial, 1);
  GtkWidget *dialog;

  confirm->self = self;
  confirm->account_id = g_strdup (account_id);
  confirm->typed = g_strdup (typed);
  dialog = tl_call_question_new (GTK_WINDOW (window), _("Call This Number?"), _("Call This Number?"), why,
                                 ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_dial_response_cb), confirm,
                         confirm_dial_free, 0);
  g_debug ("Dial needs confirmation: %s", why);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_call_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TlApplication *self = user_data;
  TlWindow *window = tl_application_main_window (self);

  tl_window_show_call (window, call_for (self, parameter, TL_CALL_ACTION_HANGUP));
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_history_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  TlWindow *window = tl_application_main_window (user_data);

  tl_window_show_history (window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_contacts_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  TlWindow *window = tl_application_main_window (user_data);

  tl_window_show_contacts (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* A vCard file (path or URI) into the contacts, read in the background; the
 * file chooser of the contacts page ends here too. */
static void
import_contacts_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  TlWindow *window = tl_application_main_window (user_data);
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));

  tl_window_import_contacts (window, file);
  gtk_window_present (GTK_WINDOW (window));
}

/* From a history row: the contact with this number, or a new one with it. */
static void
add_contact_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TlWindow *window = tl_application_main_window (user_data);

  gtk_window_present (GTK_WINDOW (window));
  tl_window_add_contact (window, g_variant_get_string (parameter, NULL));
}

/* ---- quitting ------------------------------------------------------------------------ */

static void
engine_stopped_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TlApplication) self = user_data;

  tl_engine_stop_finish (TL_ENGINE (source), result, NULL);
  self->engine_stopped = TRUE;
  g_application_release (G_APPLICATION (self));
  g_application_quit (G_APPLICATION (self));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TlApplication *self = user_data;
  GList *windows;

  /* Unregister and stop the engine first, then leave. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_hold (G_APPLICATION (self));
  tl_engine_stop_async (self->engine, NULL, engine_stopped_cb, g_object_ref (self));
}

static void
add_account_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TlApplication *self = user_data;
  TlWindow *window = tl_application_main_window (self);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (tl_account_assistant_new (self, GTK_WINDOW (window))));
}

/* The open preferences, or new ones over the main window. */
static GtkWidget *
preferences_window (TlApplication *self)
{
  TlWindow *window = tl_application_main_window (self);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TL_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  gtk_window_present (GTK_WINDOW (window));
  return tl_preferences_window_new (self, GTK_WINDOW (window));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TlApplication *self = user_data;
  GtkWidget *preferences = preferences_window (self);

  if (parameter != NULL && *g_variant_get_string (parameter, NULL) != '\0')
    tl_preferences_window_show_page (TL_PREFERENCES_WINDOW (preferences), g_variant_get_string (parameter, NULL));
  g_debug ("Preferences open");
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
edit_account_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  TlApplication *self = user_data;
  GtkWidget *preferences = preferences_window (self);

  tl_preferences_window_edit_account (TL_PREFERENCES_WINDOW (preferences), g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (preferences));
}

/* The trunk doctor for one account, over whatever window is in front. */
static void
test_account_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  TlApplication *self = user_data;
  const char *id = g_variant_get_string (parameter, NULL);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *doctor;

  if (tl_account_store_lookup (self->accounts, id) == NULL)
    {
      g_debug ("Doctor: no account %s", id);
      return;
    }
  if (parent == NULL)
    parent = GTK_WINDOW (tl_application_main_window (self));
  doctor = tl_doctor_window_new (self, id, parent);
  g_debug ("Doctor window for account %s", id);
  gtk_window_present (GTK_WINDOW (doctor));
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
                         "comments", _("A desktop phone for your SIP trunk"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "debug-info", debug_info,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "add-account", .activate = add_account_activated },
  { .name = "preferences", .activate = preferences_activated },
  { .name = "show-preferences", .activate = preferences_activated, .parameter_type = "s" },
  { .name = "edit-account", .activate = edit_account_activated, .parameter_type = "s" },
  { .name = "test-account", .activate = test_account_activated, .parameter_type = "s" },
  { .name = "dial", .activate = dial_activated, .parameter_type = "s" },
  { .name = "answer", .activate = answer_activated, .parameter_type = "s" },
  { .name = "decline", .activate = decline_activated, .parameter_type = "s" },
  { .name = "hangup", .activate = hangup_activated, .parameter_type = "s" },
  { .name = "show-call", .activate = show_call_activated, .parameter_type = "s" },
  { .name = "show-history", .activate = show_history_activated },
  { .name = "show-contacts", .activate = show_contacts_activated },
  { .name = "import-contacts", .activate = import_contacts_activated, .parameter_type = "s" },
  { .name = "add-contact", .activate = add_contact_activated, .parameter_type = "s" },
};

void
tl_application_add_actions (TlApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
}
