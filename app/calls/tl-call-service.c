/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live calls on the user's message bus: list them, and act on one (named by
 * its id, or the one that fits, as a phone's buttons would pick it). */
#define G_LOG_DOMAIN "tl-calls"

#include "config.h"

#include "tl-call-service.h"

#include <string.h>

#include "tl-engine.h"
#include "tl-platform.h"

struct _TlCallService {
  GObject               parent_instance;

  TlCallManager        *calls;
  GDBusConnection      *connection;
  guint                 registration;
  guint                 owner;
  gboolean              serving;
};

G_DEFINE_FINAL_TYPE (TlCallService, tl_call_service, G_TYPE_OBJECT)

/* Every action answers with the id of the call it acted on. */
static const char introspection_xml[] =
  "<node>"
  "  <interface name='" TL_CALL_SERVICE_INTERFACE "'>"
  "    <method name='List'>"
  "      <arg type='aa{sv}' name='calls' direction='out'/>"
  "    </method>"
  "    <method name='Answer'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='Hangup'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='Hold'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='Resume'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='SetMuted'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='b' name='muted' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='SendDtmf'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='digits' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='Transfer'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='target' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='StartTransfer'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='target' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='CompleteTransfer'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "    <method name='AbortTransfer'>"
  "      <arg type='s' name='call' direction='in'/>"
  "      <arg type='s' name='id' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static const struct {
  const char   *method;
  TlCallAction  action;
} methods[] = {
  { "Answer", TL_CALL_ACTION_ANSWER },
  { "Hangup", TL_CALL_ACTION_HANGUP },
  { "Hold", TL_CALL_ACTION_HOLD },
  { "Resume", TL_CALL_ACTION_RESUME },
  { "SetMuted", TL_CALL_ACTION_MUTE },
  { "SendDtmf", TL_CALL_ACTION_DTMF },
  { "Transfer", TL_CALL_ACTION_TRANSFER },
  { "StartTransfer", TL_CALL_ACTION_TRANSFER_START },
  { "CompleteTransfer", TL_CALL_ACTION_TRANSFER_COMPLETE },
  { "AbortTransfer", TL_CALL_ACTION_TRANSFER_ABORT },
};

static GVariant *
describe_calls (TlCallService *self)
{
  GListModel *model = G_LIST_MODEL (self->calls);
  GVariantBuilder list;

  g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TlCall) call = g_list_model_get_item (model, i);
      GVariantBuilder item;

      g_variant_builder_init (&item, G_VARIANT_TYPE ("a{sv}"));
      /* A call still being set up has no engine id yet. */
      g_variant_builder_add (&item, "{sv}", "id",
                             g_variant_new_string (tl_call_get_id (call) != NULL ? tl_call_get_id (call) : ""));
      g_variant_builder_add (&item, "{sv}", "state",
                             g_variant_new_string (tl_call_state_to_string (tl_call_get_state (call))));
      g_variant_builder_add (&item, "{sv}", "direction",
                             g_variant_new_string (tl_call_get_direction (call) == TL_CALL_DIRECTION_INCOMING
                                                   ? "incoming" : "outgoing"));
      /* Network text: only what TlCall already made safe (valid UTF-8, no controls). */
      if (tl_call_get_peer_uri (call) != NULL && g_utf8_validate (tl_call_get_peer_uri (call), -1, NULL))
        g_variant_builder_add (&item, "{sv}", "peer-uri", g_variant_new_string (tl_call_get_peer_uri (call)));
      if (tl_call_get_peer_name (call) != NULL)
        g_variant_builder_add (&item, "{sv}", "peer-name", g_variant_new_string (tl_call_get_peer_name (call)));
      if (tl_call_get_account_aor (call) != NULL && g_utf8_validate (tl_call_get_account_aor (call), -1, NULL))
        g_variant_builder_add (&item, "{sv}", "account", g_variant_new_string (tl_call_get_account_aor (call)));
      g_variant_builder_add (&item, "{sv}", "held", g_variant_new_boolean (tl_call_get_held (call)));
      g_variant_builder_add (&item, "{sv}", "muted", g_variant_new_boolean (tl_call_get_muted (call)));
      g_variant_builder_add (&item, "{sv}", "srtp", g_variant_new_boolean (tl_call_get_srtp (call)));
      if (tl_call_get_codec (call) != NULL)
        g_variant_builder_add (&item, "{sv}", "codec", g_variant_new_string (tl_call_get_codec (call)));
      g_variant_builder_add (&item, "{sv}", "media-received", g_variant_new_boolean (tl_call_get_media_received (call)));
      if (tl_call_get_media_notice (call) != NULL)
        g_variant_builder_add (&item, "{sv}", "media-notice", g_variant_new_string (tl_call_get_media_notice (call)));
      g_variant_builder_add (&item, "{sv}", "started", g_variant_new_int64 (tl_call_get_started (call)));
      g_variant_builder_add (&item, "{sv}", "answered", g_variant_new_int64 (tl_call_get_answered (call)));
      /* An attended transfer in progress: which call is the other half. */
      if (tl_call_get_transfer_partner (call) != NULL && tl_call_get_id (tl_call_get_transfer_partner (call)) != NULL)
        {
          g_variant_builder_add (&item, "{sv}", "transfer-partner",
                                 g_variant_new_string (tl_call_get_id (tl_call_get_transfer_partner (call))));
          g_variant_builder_add (&item, "{sv}", "consultation",
                                 g_variant_new_boolean (tl_call_is_consultation (call)));
        }
      g_variant_builder_add_value (&list, g_variant_builder_end (&item));
    }
  return g_variant_new ("(aa{sv})", &list);
}

typedef struct {
  GDBusMethodInvocation *invocation;
  TlCall                *call;
  gulong                 ended_handler;
  gboolean               answered;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->ended_handler != 0)
    g_signal_handler_disconnect (pending->call, pending->ended_handler);
  if (!pending->answered)
    g_object_unref (pending->invocation);
  g_object_unref (pending->call);
  g_free (pending);
}

static void
pending_answer (Pending    *pending,
                const char *error_name,
                const char *message)
{
  if (pending->answered)
    return;
  pending->answered = TRUE;
  /* Each return takes the invocation's reference. */
  if (error_name == NULL)
    g_dbus_method_invocation_return_value (pending->invocation,
                                           g_variant_new ("(s)", tl_call_get_id (pending->call)));
  else
    g_dbus_method_invocation_return_dbus_error (pending->invocation, error_name, message);
}

/* A hang-up or transfer is done when the call ends. The engine reports that
 * before it answers the command, and the phone that owned the call may be
 * leaving by then: answer at once. */
static void
pending_call_state_cb (TlCall     *call,
                       GParamSpec *pspec,
                       Pending    *pending)
{
  if (tl_call_get_state (call) == TL_CALL_STATE_ENDED)
    pending_answer (pending, NULL, NULL);
}

static void
action_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  if (tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    pending_answer (pending, NULL, NULL);
  else if (g_error_matches (error, TL_ENGINE_ERROR, TL_ENGINE_ERROR_INVALID_ARGUMENT))
    pending_answer (pending, TL_CALL_SERVICE_ERROR_INVALID, error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    pending_answer (pending, TL_CALL_SERVICE_ERROR_NOT_SUPPORTED, error->message);
  else
    pending_answer (pending, TL_CALL_SERVICE_ERROR_FAILED, error->message);
  pending_free (pending);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  TlCallService *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = NULL;
  const char *call_id = NULL;
  const char *argument = NULL;
  gboolean muted = FALSE;
  TlCallAction action = TL_CALL_ACTION_HANGUP;
  gboolean known = FALSE;
  TlCall *call;
  Pending *pending;

  if (strcmp (method_name, "List") == 0)
    {
      g_dbus_method_invocation_return_value (invocation, describe_calls (self));
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (methods) && !known; i++)
    if (strcmp (method_name, methods[i].method) == 0)
      {
        action = methods[i].action;
        known = TRUE;
      }
  if (!known)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No method %s", method_name);
      return;
    }
  /* The bus checked the signature against the introspection data. */
  if (action == TL_CALL_ACTION_MUTE)
    {
      g_variant_get (parameters, "(&sb)", &call_id, &muted);
      argument = muted ? "yes" : "no";
    }
  else if (action == TL_CALL_ACTION_DTMF || action == TL_CALL_ACTION_TRANSFER
           || action == TL_CALL_ACTION_TRANSFER_START)
    g_variant_get (parameters, "(&s&s)", &call_id, &argument);
  else
    g_variant_get (parameters, "(&s)", &call_id);

  if (*call_id != '\0')
    {
      call = tl_call_manager_find (self->calls, call_id);
      if (call == NULL)
        {
          g_dbus_method_invocation_return_dbus_error (invocation, TL_CALL_SERVICE_ERROR_NO_CALL,
                                                      "No live call has that id");
          return;
        }
    }
  else
    {
      call = tl_call_manager_pick (self->calls, action, &error);
      if (call == NULL)
        {
          g_dbus_method_invocation_return_dbus_error (invocation,
                                                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS)
                                                      ? TL_CALL_SERVICE_ERROR_AMBIGUOUS
                                                      : TL_CALL_SERVICE_ERROR_NO_CALL,
                                                      error->message);
          return;
        }
    }
  /* A number goes through the call's account dial plan, as one dialled would. */
  if ((action == TL_CALL_ACTION_TRANSFER || action == TL_CALL_ACTION_TRANSFER_START)
      && !g_str_has_prefix (argument, "sip:")
      && !g_str_has_prefix (argument, "sips:"))
    {
      TlAccount *account = tl_call_manager_get_account (self->calls, tl_call_get_account_aor (call));

      if (account != NULL)
        resolved = tl_account_preview_dial (account, argument);
      if (resolved == NULL)
        {
          g_dbus_method_invocation_return_dbus_error (invocation, TL_CALL_SERVICE_ERROR_INVALID,
                                                      "The transfer target cannot be dialled");
          return;
        }
      argument = resolved;
    }
  g_debug ("%s on call %s asked by %s", method_name,
           tl_call_get_id (call) != NULL ? tl_call_get_id (call) : "unbound", sender);
  pending = g_new0 (Pending, 1);
  pending->invocation = invocation;
  pending->call = g_object_ref (call);
  if (action == TL_CALL_ACTION_HANGUP || action == TL_CALL_ACTION_TRANSFER)
    pending->ended_handler = g_signal_connect (call, "notify::state", G_CALLBACK (pending_call_state_cb), pending);
  tl_call_manager_action_async (self->calls, call, action, argument, NULL, action_cb, pending);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  TlCallService *self = user_data;

  self->serving = TRUE;
  g_debug ("Serving calls as %s", name);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  TlCallService *self = user_data;

  /* Another phone had it first (we wait in line), or the bus went away. */
  self->serving = FALSE;
  g_debug ("Not serving calls as %s", name);
}

TlCallService *
tl_call_service_new (TlCallManager *calls)
{
  TlCallService *self;

  g_return_val_if_fail (TL_IS_CALL_MANAGER (calls), NULL);

  self = g_object_new (TL_TYPE_CALL_SERVICE, NULL);
  self->calls = g_object_ref (calls);
  return self;
}

gboolean
tl_call_service_export (TlCallService    *self,
                        GDBusConnection  *connection,
                        GError          **error)
{
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_return_val_if_fail (TL_IS_CALL_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->connection == NULL, FALSE);

  info = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (info == NULL)
    return FALSE;
  self->registration = g_dbus_connection_register_object (connection, TL_CALL_SERVICE_OBJECT_PATH,
                                                          info->interfaces[0], &vtable, self, NULL, error);
  if (self->registration == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  /* A private peer-to-peer connection has no names to own; the object serves as is. */
  if ((g_dbus_connection_get_flags (connection) & G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION) == 0)
    return TRUE;
  self->owner = g_bus_own_name_on_connection (connection, TL_CALL_SERVICE_BUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                              name_acquired_cb, name_lost_cb, self, NULL);
  return TRUE;
}

TlCallService *
tl_call_service_new_on_session_bus (TlCallManager *calls)
{
  g_autoptr(TlCallService) self = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TL_IS_CALL_MANAGER (calls), NULL);

  if (!tl_platform_has_session_bus ())
    {
      g_debug ("No session bus: calls cannot be controlled from other commands");
      return NULL;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_debug ("No session bus (%s): calls cannot be controlled from other commands", error->message);
      return NULL;
    }
  self = tl_call_service_new (calls);
  if (!tl_call_service_export (self, bus, &error))
    {
      g_debug ("Calls not offered on the bus: %s", error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
tl_call_service_unexport (TlCallService *self)
{
  g_return_if_fail (TL_IS_CALL_SERVICE (self));

  g_clear_handle_id (&self->owner, g_bus_unown_name);
  /* Answers already given must reach their callers before this process goes. */
  if (self->connection != NULL)
    g_dbus_connection_flush_sync (self->connection, NULL, NULL);
  if (self->registration != 0)
    {
      g_dbus_connection_unregister_object (self->connection, self->registration);
      self->registration = 0;
    }
  g_clear_object (&self->connection);
  self->serving = FALSE;
}

gboolean
tl_call_service_is_serving (TlCallService *self)
{
  g_return_val_if_fail (TL_IS_CALL_SERVICE (self), FALSE);

  return self->serving;
}

static void
tl_call_service_dispose (GObject *object)
{
  TlCallService *self = TL_CALL_SERVICE (object);

  tl_call_service_unexport (self);
  g_clear_object (&self->calls);
  G_OBJECT_CLASS (tl_call_service_parent_class)->dispose (object);
}

static void
tl_call_service_class_init (TlCallServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tl_call_service_dispose;
}

static void
tl_call_service_init (TlCallService *self)
{
}
