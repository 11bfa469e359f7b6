/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "<line> is not registered" while the window is hidden; withdrawn when it is again. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-line-notifier.h"

#include <glib/gi18n.h>

struct _TlLineNotifier {
  GObject         parent_instance;

  GtkApplication *application;   /* not a reference: it owns us */
  TlLines        *lines;
  GSettings      *settings;      /* notify-registration; NULL: always */
  GPtrArray      *watched;       /* TlLine, each with our notify::state handler */
  GHashTable     *shown;         /* notification ids on screen */
};

G_DEFINE_FINAL_TYPE (TlLineNotifier, tl_line_notifier, G_TYPE_OBJECT)

char *
tl_line_notifier_id (TlLine *line)
{
  TlAccount *account = tl_line_get_account (line);

  /* Account ids are ours (a-z, 0-9, -), but keep the id bounded and plain anyway. */
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                           account != NULL ? tl_account_get_id (account) : "",
                                                           -1);

  return g_strdup_printf ("registration-%.16s", digest);
}

static gboolean
window_showing (TlLineNotifier *self)
{
  for (GList *l = gtk_application_get_windows (self->application); l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data))
      return TRUE;
  return FALSE;
}

static void
line_state_cb (TlLine         *line,
               GParamSpec     *pspec,
               TlLineNotifier *self)
{
  g_autofree char *id = tl_line_notifier_id (line);
  TlLineState state = tl_line_get_state (line);

  if (state == TL_LINE_STATE_READY || state == TL_LINE_STATE_DISABLED)
    {
      if (g_hash_table_remove (self->shown, id))
        {
          g_debug ("Registration back: withdrawing notification %s", id);
          g_application_withdraw_notification (G_APPLICATION (self->application), id);
        }
      return;
    }
  if (state != TL_LINE_STATE_FAILED || g_hash_table_contains (self->shown, id))
    return;
  if (window_showing (self))
    return;   /* the window's line status says it already */
  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "notify-registration"))
    {
      g_debug ("Lost registration not notified: turned off in the preferences");
      return;
    }
  {
    g_autoptr(GNotification) notification = NULL;
    g_autofree char *title = NULL;

    /* The line's name in the title (plain everywhere); the status is our own
     * words for the failure, never the trunk's text. */
    title = g_strdup_printf (_("%s is not registered"), tl_line_get_title (line));
    notification = g_notification_new (title);
    g_notification_set_body (notification, tl_line_get_status (line));
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
    g_notification_set_category (notification, "network.error");
    g_notification_add_button_with_target (notification, _("Settings"), "app.edit-account", "s",
                                           tl_account_get_id (tl_line_get_account (line)));
    g_debug ("Notifying %s: registration lost (%s)", id, tl_line_get_status (line));
    g_application_send_notification (G_APPLICATION (self->application), id, notification);
    g_hash_table_add (self->shown, g_steal_pointer (&id));
  }
}

static void
watch_lines (TlLineNotifier *self)
{
  GListModel *lines = G_LIST_MODEL (self->lines);

  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(TlLine) line = g_list_model_get_item (lines, i);

      /* The demo line is on this computer: it has no registration to lose. */
      if (line == tl_lines_get_demo_line (self->lines))
        continue;
      g_signal_connect (line, "notify::state", G_CALLBACK (line_state_cb), self);
      g_ptr_array_add (self->watched, g_object_ref (line));
    }
}

static void
lines_changed_cb (TlLineNotifier *self)
{
  g_autoptr(GHashTable) keep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *id;

  watch_lines (self);
  /* A removed account's notification goes with it. */
  for (guint i = 0; i < self->watched->len; i++)
    g_hash_table_add (keep, tl_line_notifier_id (g_ptr_array_index (self->watched, i)));
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!g_hash_table_contains (keep, id))
      {
        g_application_withdraw_notification (G_APPLICATION (self->application), id);
        g_hash_table_iter_remove (&iter);
      }
}

TlLineNotifier *
tl_line_notifier_new (GtkApplication *application,
                      TlLines        *lines,
                      GSettings      *settings)
{
  TlLineNotifier *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TL_IS_LINES (lines), NULL);

  self = g_object_new (TL_TYPE_LINE_NOTIFIER, NULL);
  self->application = application;
  self->lines = g_object_ref (lines);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  g_signal_connect_object (lines, "items-changed", G_CALLBACK (lines_changed_cb), self, G_CONNECT_SWAPPED);
  watch_lines (self);
  return self;
}

static void
tl_line_notifier_dispose (GObject *object)
{
  TlLineNotifier *self = TL_LINE_NOTIFIER (object);

  for (guint i = 0; self->watched != NULL && i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_object (&self->lines);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (tl_line_notifier_parent_class)->dispose (object);
}

static void
tl_line_notifier_finalize (GObject *object)
{
  TlLineNotifier *self = TL_LINE_NOTIFIER (object);

  g_hash_table_unref (self->shown);
  G_OBJECT_CLASS (tl_line_notifier_parent_class)->finalize (object);
}

static void
tl_line_notifier_class_init (TlLineNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_line_notifier_dispose;
  object_class->finalize = tl_line_notifier_finalize;
}

static void
tl_line_notifier_init (TlLineNotifier *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
