/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call in the in-call view's list when there are several: who, and what it is doing. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-call-row.h"

#include <adwaita.h>

#include "tl-ui-text.h"

struct _TlCallRow {
  GtkListBoxRow  parent_instance;

  TlCall        *call;

  AdwAvatar     *avatar;
  GtkLabel      *name_label;
  GtkLabel      *state_label;
  GtkWidget     *current_icon;
};

G_DEFINE_FINAL_TYPE (TlCallRow, tl_call_row, GTK_TYPE_LIST_BOX_ROW)

void
tl_call_row_refresh (TlCallRow *self)
{
  const char *title = tl_ui_text_peer_title (tl_call_get_peer_name (self->call), tl_call_get_peer_number (self->call),
                                             tl_call_get_peer_uri (self->call));
  g_autofree char *state = tl_ui_text_call_state (self->call);

  gtk_label_set_text (self->name_label, title);
  adw_avatar_set_text (self->avatar, title);
  gtk_label_set_text (self->state_label, state);
}

static void
tl_call_row_dispose (GObject *object)
{
  TlCallRow *self = TL_CALL_ROW (object);

  g_clear_object (&self->call);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_CALL_ROW);
  G_OBJECT_CLASS (tl_call_row_parent_class)->dispose (object);
}

static void
tl_call_row_class_init (TlCallRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_call_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/call/tl-call-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TlCallRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, TlCallRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, TlCallRow, current_icon);
}

static void
tl_call_row_init (TlCallRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tl_call_row_new (TlCall *call)
{
  TlCallRow *self = g_object_new (TL_TYPE_CALL_ROW, NULL);

  self->call = g_object_ref (call);
  g_signal_connect_object (call, "notify::state", G_CALLBACK (tl_call_row_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (call, "notify::peer-name", G_CALLBACK (tl_call_row_refresh), self, G_CONNECT_SWAPPED);
  tl_call_row_refresh (self);
  return GTK_WIDGET (self);
}

TlCall *
tl_call_row_get_call (TlCallRow *self)
{
  g_return_val_if_fail (TL_IS_CALL_ROW (self), NULL);
  return self->call;
}

void
tl_call_row_set_current (TlCallRow *self,
                         gboolean   current)
{
  g_return_if_fail (TL_IS_CALL_ROW (self));
  gtk_widget_set_visible (self->current_icon, current);
}
