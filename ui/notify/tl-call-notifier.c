/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Desktop notifications for calls: an incoming call with Answer and Decline, a missed call with Call back. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-call-notifier.h"

#include <glib/gi18n.h>

#include "tl-number-format.h"
#include "tl-ui-text.h"

struct _TlCallNotifier {
  GObject       parent_instance;

  GApplication *application;   /* not a reference: it owns us */
  TlCallAlerts *alerts;
  GHashTable   *incoming;      /* TlCall → notification id, while it is shown */
  GHashTable   *missed;        /* notification ids shown */
  GSettings    *settings;      /* notify-incoming, notify-missed; NULL: always */
};

G_DEFINE_FINAL_TYPE (TlCallNotifier, tl_call_notifier, G_TYPE_OBJECT)

/* Call ids and numbers are network text: the ids built from them are bounded and plain. */
static char *
stable_id (const char *prefix,
           const char *network_text)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                           network_text != NULL ? network_text : "", -1);

  return g_strdup_printf ("%s-%.16s", prefix, digest);
}

char *
tl_call_notifier_incoming_id (TlCall *call)
{
  return stable_id ("incoming", tl_call_get_id (call));
}

static void
withdraw_incoming (TlCallNotifier *self,
                   TlCall         *call)
{
  const char *id = g_hash_table_lookup (self->incoming, call);

  if (id == NULL)
    return;
  g_debug ("Withdrawing notification %s", id);
  g_application_withdraw_notification (self->application, id);
  g_signal_handlers_disconnect_by_data (call, self);
  g_hash_table_remove (self->incoming, call);
}

static void
call_changed_cb (TlCall         *call,
                 GParamSpec     *pspec,
                 TlCallNotifier *self)
{
  /* Answered, declined, ended, taken elsewhere: any change ends the notification. */
  withdraw_incoming (self, call);
}

static void
incoming_cb (TlCallAlerts   *alerts,
             TlCall         *call,
             TlCallNotifier *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = tl_call_notifier_incoming_id (call);
  const char *call_id = tl_call_get_id (call) != NULL ? tl_call_get_id (call) : "";
  const char *title = tl_ui_text_peer_title (tl_call_get_peer_name (call), tl_call_get_peer_number (call),
                                             tl_call_get_peer_uri (call));

  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "notify-incoming"))
    {
      g_debug ("Incoming call not notified: turned off in the preferences");
      return;
    }
  /* The caller goes in the title, which every notification server shows as
   * plain text; the body is fixed (some servers read it as markup). */
  notification = g_notification_new (title);
  g_notification_set_body (notification, _("Incoming call"));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_category (notification, "call.incoming");
  g_notification_set_default_action_and_target (notification, "app.show-call", "s", call_id);
  g_notification_add_button_with_target (notification, "Decline", "app.decline", "s", call_id);
  g_notification_add_button_with_target (notification, "Answer", "app.answer", "s", call_id);
  g_application_send_notification (self->application, id, notification);
  g_debug ("Notified the incoming call as %s", id);

  g_hash_table_replace (self->incoming, g_object_ref (call), g_strdup (id));
  g_signal_connect_object (call, "notify::state", G_CALLBACK (call_changed_cb), self, 0);
}

static void
missed_cb (TlCallAlerts   *alerts,
           TlCall         *call,
           TlCallNotifier *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *target = tl_number_format_call_back_target (tl_call_get_peer_uri (call));
  g_autofree char *id = stable_id ("missed", target);
  const char *title = tl_ui_text_peer_title (tl_call_get_peer_name (call), tl_call_get_peer_number (call),
                                             tl_call_get_peer_uri (call));

  withdraw_incoming (self, call);
  if (self->settings != NULL && !g_settings_get_boolean (self->settings, "notify-missed"))
    {
      g_debug ("Missed call not notified: turned off in the preferences");
      return;
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, _("Missed call"));
  g_notification_set_category (notification, "call.unanswered");
  g_notification_set_default_action_and_target (notification, "app.show-history", NULL);
  if (target != NULL)
    g_notification_add_button_with_target (notification, _("Call Back"), "app.dial", "s", target);
  g_application_send_notification (self->application, id, notification);
  g_hash_table_add (self->missed, g_steal_pointer (&id));
  g_debug ("Notified a missed call");
}

void
tl_call_notifier_withdraw_missed (TlCallNotifier *self)
{
  GHashTableIter iter;
  const char *id;

  g_return_if_fail (TL_IS_CALL_NOTIFIER (self));

  g_hash_table_iter_init (&iter, self->missed);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    g_application_withdraw_notification (self->application, id);
  g_hash_table_remove_all (self->missed);
}

static void
tl_call_notifier_dispose (GObject *object)
{
  TlCallNotifier *self = TL_CALL_NOTIFIER (object);
  GHashTableIter iter;
  gpointer call;

  g_hash_table_iter_init (&iter, self->incoming);
  while (g_hash_table_iter_next (&iter, &call, NULL))
    g_signal_handlers_disconnect_by_data (call, self);
  g_hash_table_remove_all (self->incoming);
  g_clear_object (&self->alerts);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (tl_call_notifier_parent_class)->dispose (object);
}

static void
tl_call_notifier_finalize (GObject *object)
{
  TlCallNotifier *self = TL_CALL_NOTIFIER (object);

  g_hash_table_unref (self->incoming);
  g_hash_table_unref (self->missed);
  G_OBJECT_CLASS (tl_call_notifier_parent_class)->finalize (object);
}

static void
tl_call_notifier_class_init (TlCallNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_call_notifier_dispose;
  object_class->finalize = tl_call_notifier_finalize;
}

static void
tl_call_notifier_init (TlCallNotifier *self)
{
  self->incoming = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, g_free);
  self->missed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

TlCallNotifier *
tl_call_notifier_new (GApplication *application,
                      TlCallAlerts *alerts,
                      GSettings    *settings)
{
  TlCallNotifier *self = g_object_new (TL_TYPE_CALL_NOTIFIER, NULL);

  self->application = application;
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->alerts = g_object_ref (alerts);
  g_signal_connect_object (alerts, "incoming", G_CALLBACK (incoming_cb), self, 0);
  g_signal_connect_object (alerts, "missed", G_CALLBACK (missed_cb), self, 0);
  return self;
}
