/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: adaptive down to 360 px, bound to the engine's state. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-window.h"

struct _TlWindow {
  AdwApplicationWindow  parent_instance;

  TlEngine             *engine;

  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *status_page;
  GtkLabel             *engine_label;
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
  g_debug ("Window shows engine state %s", tl_engine_state_to_string (state));
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
  gtk_widget_class_bind_template_child (widget_class, TlWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, engine_label);
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

  self->engine = g_object_ref (tl_application_get_engine (application));
  g_signal_connect_swapped (self->engine, "notify::state", G_CALLBACK (engine_notify_cb), self);
  g_signal_connect_swapped (self->engine, "notify::version", G_CALLBACK (engine_notify_cb), self);
  g_signal_connect (self->engine, "security-warning", G_CALLBACK (security_warning_cb), self);
  update_engine_state (self);
  return self;
}
