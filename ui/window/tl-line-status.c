/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The header's account button: each line's registration in words, and the call engine's state, one click away. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-line-status.h"

#include <glib/gi18n.h>

#include <adwaita.h>

struct _TlLineStatus {
  GtkWidget      parent_instance;

  TlLines       *lines;
  TlEngine      *engine;

  GtkMenuButton *button;
  GtkListBox    *lines_list;
  GtkLabel      *engine_label;
};

G_DEFINE_FINAL_TYPE (TlLineStatus, tl_line_status, GTK_TYPE_WIDGET)

static const char *
icon_for_state (TlLineState state)
{
  switch (state)
    {
    case TL_LINE_STATE_READY: return "emblem-ok-symbolic";
    case TL_LINE_STATE_FAILED:
    case TL_LINE_STATE_PROBLEM: return "dialog-warning-symbolic";
    case TL_LINE_STATE_DISABLED: return "network-offline-symbolic";
    case TL_LINE_STATE_CONNECTING:
    case TL_LINE_STATE_WAITING:
    default: return "network-server-symbolic";
    }
}

static void
update_row (AdwActionRow *row)
{
  TlLine *line = g_object_get_data (G_OBJECT (row), "tl-line");
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "tl-icon");

  /* Titles and reasons are plain text, never markup (a label can hold "<b>"). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_line_get_title (line));
  adw_action_row_set_subtitle (row, tl_line_get_status (line));
  gtk_image_set_from_icon_name (icon, icon_for_state (tl_line_get_state (line)));
  g_debug ("Window shows account %s: %s", tl_line_get_title (line), tl_line_get_status (line));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TlLine *line = item;
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *icon = gtk_image_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (row, 4);
  adw_action_row_add_prefix (row, icon);
  g_object_set_data_full (G_OBJECT (row), "tl-line", g_object_ref (line), g_object_unref);
  g_object_set_data (G_OBJECT (row), "tl-icon", icon);
  g_signal_connect_object (line, "notify::status", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (line, "notify::title", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (line, "notify::state", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  update_row (row);
  return GTK_WIDGET (row);
}

/* The button's icon sums the lines up: all fine, some trouble, none. */
static void
update_summary (TlLineStatus *self)
{
  GListModel *model = G_LIST_MODEL (self->lines);
  guint n = g_list_model_get_n_items (model);
  guint ready = 0, trouble = 0;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlLine) line = g_list_model_get_item (model, i);
      TlLineState state = tl_line_get_state (line);

      ready += state == TL_LINE_STATE_READY;
      trouble += state == TL_LINE_STATE_FAILED || state == TL_LINE_STATE_PROBLEM;
    }
  if (n == 0)
    summary = g_strdup (_("No trunk account yet"));
  else if (trouble > 0)
    summary = g_strdup_printf ("%u of %u accounts cannot place calls", trouble, n);
  else
    summary = g_strdup_printf ("%u of %u accounts ready", ready, n);
  gtk_menu_button_set_icon_name (self->button, trouble > 0 ? "dialog-warning-symbolic"
                                               : ready > 0 ? "network-server-symbolic"
                                               : "network-offline-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
  if (trouble > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), "warning");
}

static void
update_engine (TlLineStatus *self)
{
  TlEngineState state = tl_engine_get_state (self->engine);
  const char *version = tl_engine_get_version (self->engine);
  g_autofree char *text = NULL;

  switch (state)
    {
    case TL_ENGINE_STATE_READY:
      text = g_strdup_printf (_("Call engine ready (baresip %s)"), version != NULL ? version : "?");
      break;
    case TL_ENGINE_STATE_RESTARTING:
      text = g_strdup (_("The call engine stopped unexpectedly and is being restarted"));
      break;
    case TL_ENGINE_STATE_FAILED:
      text = g_strdup (_("The call engine could not start: check that baresip is installed"));
      break;
    case TL_ENGINE_STATE_STOPPING:
    case TL_ENGINE_STATE_STOPPED:
      text = g_strdup (_("The call engine is not running"));
      break;
    case TL_ENGINE_STATE_STARTING:
    default:
      text = g_strdup (_("Starting the call engine…"));
      break;
    }
  gtk_label_set_text (self->engine_label, text);
  g_debug ("Window shows engine state %s", tl_engine_state_to_string (state));
}

void
tl_line_status_popup (TlLineStatus *self)
{
  g_return_if_fail (TL_IS_LINE_STATUS (self));
  gtk_menu_button_popup (self->button);
}

static void
tl_line_status_dispose (GObject *object)
{
  TlLineStatus *self = TL_LINE_STATUS (object);

  g_clear_object (&self->lines);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_LINE_STATUS);
  G_OBJECT_CLASS (tl_line_status_parent_class)->dispose (object);
}

static void
tl_line_status_class_init (TlLineStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_line_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/window/tl-line-status.ui");
  gtk_widget_class_bind_template_child (widget_class, TlLineStatus, button);
  gtk_widget_class_bind_template_child (widget_class, TlLineStatus, lines_list);
  gtk_widget_class_bind_template_child (widget_class, TlLineStatus, engine_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_line_status_init (TlLineStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tl_line_status_new (TlLines  *lines,
                    TlEngine *engine)
{
  TlLineStatus *self = g_object_new (TL_TYPE_LINE_STATUS, NULL);

  self->lines = g_object_ref (lines);
  self->engine = g_object_ref (engine);
  gtk_list_box_bind_model (self->lines_list, G_LIST_MODEL (lines), create_row, self, NULL);
  g_signal_connect_object (lines, "changed", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::state", G_CALLBACK (update_engine), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::version", G_CALLBACK (update_engine), self, G_CONNECT_SWAPPED);
  update_summary (self);
  update_engine (self);
  return GTK_WIDGET (self);
}
