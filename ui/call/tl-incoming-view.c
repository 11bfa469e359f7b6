/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A call ringing here: who calls, on which line, Answer and Decline. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-incoming-view.h"

#include <glib/gi18n.h>

#include "tl-ui-text.h"

struct _TlIncomingView {
  GtkWidget      parent_instance;

  TlApplication *application;   /* not a reference: it outlives its windows */
  TlCall        *call;

  GtkWidget     *content;
  AdwAvatar     *avatar;
  GtkLabel      *name_label;
  GtkLabel      *number_label;
  GtkLabel      *line_label;
  GtkLabel      *waiting_label;
  GtkWidget     *answer_button;
  GtkWidget     *decline_button;
};

G_DEFINE_FINAL_TYPE (TlIncomingView, tl_incoming_view, GTK_TYPE_WIDGET)

static void
update (TlIncomingView *self)
{
  TlCallManager *calls = tl_application_get_calls (self->application);
  const char *name, *number, *title;
  TlAccount *account;
  g_autofree char *line = NULL;
  g_autofree char *on_line = NULL;
  gboolean other_call = FALSE;

  if (self->call == NULL)
    return;
  name = tl_call_get_peer_name (self->call);
  number = tl_call_get_peer_number (self->call);
  title = tl_ui_text_peer_title (name, number, tl_call_get_peer_uri (self->call));
  account = tl_call_manager_get_account (calls, tl_call_get_account_aor (self->call));
  line = account != NULL ? tl_account_dup_title (account) : g_strdup (tl_call_get_account_aor (self->call));
  on_line = g_strdup_printf (_("Incoming call on %s"), line != NULL ? line : _("an unknown line"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (calls)); i++)
    {
      g_autoptr(TlCall) call = g_list_model_get_item (G_LIST_MODEL (calls), i);

      other_call |= call != self->call && tl_call_get_state (call) != TL_CALL_STATE_INCOMING;
    }

  /* Caller names come from the network: plain labels, never markup. */
  gtk_label_set_text (self->name_label, title);
  adw_avatar_set_text (self->avatar, title);
  gtk_label_set_text (self->number_label, title != number && number != NULL ? number : "");
  gtk_label_set_text (self->line_label, on_line);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), other_call);
  g_debug ("Incoming view shows “%s”, number “%s”, %s", title, number != NULL ? number : "", on_line);
}

static void
act (TlIncomingView *self,
     const char     *action)
{
  const char *id;

  if (self->call == NULL || tl_call_get_state (self->call) != TL_CALL_STATE_INCOMING)
    return;
  id = tl_call_get_id (self->call);
  /* The same door the notification's buttons use. */
  gtk_widget_activate_action (GTK_WIDGET (self), action, "s", id != NULL ? id : "");
}

static void
answer_cb (TlIncomingView *self)
{
  act (self, "app.answer");
}

static void
decline_cb (TlIncomingView *self)
{
  act (self, "app.decline");
}

void
tl_incoming_view_answer (TlIncomingView *self)
{
  g_return_if_fail (TL_IS_INCOMING_VIEW (self));
  answer_cb (self);
}

void
tl_incoming_view_decline (TlIncomingView *self)
{
  g_return_if_fail (TL_IS_INCOMING_VIEW (self));
  decline_cb (self);
}

void
tl_incoming_view_set_call (TlIncomingView *self,
                           TlCall         *call)
{
  g_return_if_fail (TL_IS_INCOMING_VIEW (self));

  if (self->call == call)
    return;
  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_set_object (&self->call, call);
  if (call != NULL)
    g_signal_connect_object (call, "notify::peer-name", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

TlCall *
tl_incoming_view_get_call (TlIncomingView *self)
{
  g_return_val_if_fail (TL_IS_INCOMING_VIEW (self), NULL);
  return self->call;
}

static void
tl_incoming_view_dispose (GObject *object)
{
  TlIncomingView *self = TL_INCOMING_VIEW (object);

  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_clear_object (&self->call);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_INCOMING_VIEW);
  G_OBJECT_CLASS (tl_incoming_view_parent_class)->dispose (object);
}

static void
tl_incoming_view_class_init (TlIncomingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_incoming_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/call/tl-incoming-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TlIncomingView, content);
  gtk_widget_class_bind_template_child (widget_class, TlIncomingView, avatar);
  gtk_widget_class_bind_template_child (widget_class, TlIncomingView, name_label);
  gtk_widget_class_bind_template_child (widget_class, TlIncomingView, number_label);
  gtk_widget_class_bind_template_child (widget_class, TlIncomingView, line_label);
  gtk_widget_class_bind_template_child (widget_class, TlIncomingView, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, TlIncomingView, answer_button);
  gtk_widget_class_bind_template_child (widget_class, TlIncomingView, decline_button);
  gtk_widget_class_bind_template_callback (widget_class, answer_cb);
  gtk_widget_class_bind_template_callback (widget_class, decline_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_incoming_view_init (TlIncomingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tl_incoming_view_new (TlApplication *application)
{
  TlIncomingView *self = g_object_new (TL_TYPE_INCOMING_VIEW, NULL);

  self->application = application;
  return GTK_WIDGET (self);
}
