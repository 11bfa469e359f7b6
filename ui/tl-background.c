/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trunkline with no window: the hidden start's hold, and start at login. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-background.h"

#include <glib/gi18n.h>

#include "tl-platform.h"

struct _TlBackground {
  GObject         parent_instance;

  GApplication   *application;    /* not owned: it owns us */
  GSettings      *settings;
  TlAccountStore *accounts;
  GCancellable   *cancellable;
  gboolean        held;
  gboolean        reverting;      /* the setting is being put back after a refusal */
};

enum {
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint tl_background_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlBackground, tl_background, G_TYPE_OBJECT)

static gboolean
has_enabled_account (TlBackground *self)
{
  GListModel *accounts = G_LIST_MODEL (self->accounts);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(TlAccount) account = g_list_model_get_item (accounts, i);

      if (tl_account_get_enabled (account))
        return TRUE;
    }
  return FALSE;
}

/* Started hidden, Trunkline has no window to keep it alive: it holds itself
 * while there is an account that can ring, and lets go otherwise (GApplication
 * then ends the service after its inactivity timeout). */
static void
update_hold (TlBackground *self)
{
  gboolean want = (g_application_get_flags (self->application) & G_APPLICATION_IS_SERVICE) != 0
                  && tl_background_allowed (self) && has_enabled_account (self);

  if (want == self->held)
    return;
  self->held = want;
  if (want)
    {
      g_debug ("Running in the background for the accounts");
      g_application_hold (self->application);
    }
  else
    {
      g_debug ("Nothing to run in the background for");
      g_application_release (self->application);
    }
}

static void
autostart_set_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TlBackground) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean wanted;

  if (tl_platform_set_autostart_finish (result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  wanted = g_settings_get_boolean (self->settings, "start-at-login");
  g_debug ("Start at login not changed: %s", error->message);
  /* Put the switch back where the desktop really is, and say why. */
  self->reverting = TRUE;
  g_settings_set_boolean (self->settings, "start-at-login", !wanted);
  self->reverting = FALSE;
  {
    /* Short enough for a toast on a phone; the log has the whole reason. */
    const char *message;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
      message = wanted ? _("The desktop did not allow starting at login") : _("The desktop kept start at login on");
    else
      message = wanted ? _("Start at login could not be turned on") : _("Start at login could not be turned off");
    g_signal_emit (self, tl_background_signals[SIGNAL_MESSAGE], 0, message);
  }
}

static void
start_at_login_changed_cb (TlBackground *self)
{
  if (self->reverting)
    return;
  tl_platform_set_autostart_async (g_settings_get_boolean (self->settings, "start-at-login"),
                                   self->cancellable, autostart_set_cb, g_object_ref (self));
}

gboolean
tl_background_allowed (TlBackground *self)
{
  g_return_val_if_fail (TL_IS_BACKGROUND (self), FALSE);
  return g_settings_get_boolean (self->settings, "run-in-background");
}

TlBackground *
tl_background_new (GApplication   *application,
                   GSettings      *settings,
                   TlAccountStore *accounts)
{
  TlBackground *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (TL_IS_ACCOUNT_STORE (accounts), NULL);

  self = g_object_new (TL_TYPE_BACKGROUND, NULL);
  self->application = application;
  self->settings = g_object_ref (settings);
  self->accounts = g_object_ref (accounts);
  g_signal_connect_swapped (accounts, "items-changed", G_CALLBACK (update_hold), self);
  g_signal_connect_swapped (settings, "changed::run-in-background", G_CALLBACK (update_hold), self);
  g_signal_connect_swapped (settings, "changed::start-at-login", G_CALLBACK (start_at_login_changed_cb), self);
  update_hold (self);
  return self;
}

static void
tl_background_dispose (GObject *object)
{
  TlBackground *self = TL_BACKGROUND (object);

  g_cancellable_cancel (self->cancellable);
  if (self->accounts != NULL)
    g_signal_handlers_disconnect_by_data (self->accounts, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->accounts);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (tl_background_parent_class)->dispose (object);
}

static void
tl_background_finalize (GObject *object)
{
  TlBackground *self = TL_BACKGROUND (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tl_background_parent_class)->finalize (object);
}

static void
tl_background_class_init (TlBackgroundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_background_dispose;
  object_class->finalize = tl_background_finalize;

  /* Something the person should read (a refused start-at-login), in words. */
  tl_background_signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tl_background_init (TlBackground *self)
{
  self->cancellable = g_cancellable_new ();
}
