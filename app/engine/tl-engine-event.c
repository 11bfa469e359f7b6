/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Typed view of one unsolicited engine event, independent of the engine's version. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-event.h"

#include <string.h>

#include "tl-engine-dialect.h"

G_DEFINE_BOXED_TYPE (TlEngineEvent, tl_engine_event, tl_engine_event_ref, tl_engine_event_unref)

static const struct {
  TlEngineEventType type;
  const char *name;
} event_names[] = {
  { TL_ENGINE_EVENT_REGISTERING, "REGISTERING" },
  { TL_ENGINE_EVENT_REGISTER_OK, "REGISTER_OK" },
  { TL_ENGINE_EVENT_REGISTER_FAIL, "REGISTER_FAIL" },
  { TL_ENGINE_EVENT_UNREGISTERING, "UNREGISTERING" },
  { TL_ENGINE_EVENT_FALLBACK_OK, "FALLBACK_OK" },
  { TL_ENGINE_EVENT_FALLBACK_FAIL, "FALLBACK_FAIL" },
  { TL_ENGINE_EVENT_MWI_NOTIFY, "MWI_NOTIFY" },
  { TL_ENGINE_EVENT_CALL_INCOMING, "CALL_INCOMING" },
  { TL_ENGINE_EVENT_CALL_OUTGOING, "CALL_OUTGOING" },
  { TL_ENGINE_EVENT_CALL_RINGING, "CALL_RINGING" },
  { TL_ENGINE_EVENT_CALL_PROGRESS, "CALL_PROGRESS" },
  { TL_ENGINE_EVENT_CALL_ANSWERED, "CALL_ANSWERED" },
  { TL_ENGINE_EVENT_CALL_ESTABLISHED, "CALL_ESTABLISHED" },
  { TL_ENGINE_EVENT_CALL_CLOSED, "CALL_CLOSED" },
  { TL_ENGINE_EVENT_CALL_HOLD, "CALL_HOLD" },
  { TL_ENGINE_EVENT_CALL_RESUME, "CALL_RESUME" },
  { TL_ENGINE_EVENT_CALL_TRANSFER, "TRANSFER" },
  { TL_ENGINE_EVENT_CALL_TRANSFER, "CALL_TRANSFER" },
  { TL_ENGINE_EVENT_CALL_TRANSFER_FAILED, "TRANSFER_FAILED" },
  { TL_ENGINE_EVENT_CALL_TRANSFER_FAILED, "CALL_TRANSFER_FAILED" },
  { TL_ENGINE_EVENT_CALL_REDIRECT, "CALL_REDIRECT" },
  { TL_ENGINE_EVENT_CALL_DTMF_START, "CALL_DTMF_START" },
  { TL_ENGINE_EVENT_CALL_DTMF_END, "CALL_DTMF_END" },
  { TL_ENGINE_EVENT_CALL_RTPESTAB, "CALL_RTPESTAB" },
  { TL_ENGINE_EVENT_CALL_RTCP, "CALL_RTCP" },
  { TL_ENGINE_EVENT_CALL_MENC, "CALL_MENC" },
  { TL_ENGINE_EVENT_CALL_LOCAL_SDP, "CALL_LOCAL_SDP" },
  { TL_ENGINE_EVENT_CALL_REMOTE_SDP, "CALL_REMOTE_SDP" },
  { TL_ENGINE_EVENT_VU_TX_REPORT, "VU_TX_REPORT" },
  { TL_ENGINE_EVENT_VU_RX_REPORT, "VU_RX_REPORT" },
  { TL_ENGINE_EVENT_AUDIO_ERROR, "AUDIO_ERROR" },
  { TL_ENGINE_EVENT_SHUTDOWN, "SHUTDOWN" },
  { TL_ENGINE_EVENT_EXIT, "EXIT" },
};

TlEngineEventType
tl_engine_event_type_from_string (const char *name)
{
  if (name == NULL)
    return TL_ENGINE_EVENT_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (event_names); i++)
    if (strcmp (event_names[i].name, name) == 0)
      return event_names[i].type;
  return TL_ENGINE_EVENT_UNKNOWN;
}

const char *
tl_engine_event_type_to_string (TlEngineEventType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_names); i++)
    if (event_names[i].type == type)
      return event_names[i].name;
  return "UNKNOWN";
}

/* Text from the network arrives here: make it valid UTF-8 whatever json-glib
 * decoded (a \ud800 escape can still produce invalid sequences). */
static char *
dup_member (JsonObject *object,
            const char *key)
{
  JsonNode *node = json_object_get_member (object, key);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  if (value == NULL)
    return NULL;
  return g_utf8_make_valid (value, -1);
}

static gint64
int_member (JsonObject *object,
            const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return (gint64) json_node_get_double (node);
    default:
      return 0;
    }
}

static void
read_rtcp_leg (JsonObject      *stats,
               const char      *key,
               TlEngineRtcpLeg *leg)
{
  JsonNode *node = json_object_get_member (stats, key);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  leg->sent = int_member (object, "sent");
  leg->lost = int_member (object, "lost");
  leg->jitter_us = int_member (object, "jit");
}

TlEngineEvent *
tl_engine_event_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(TlEngineEvent) self = NULL;
  g_autofree char *direction = NULL;
  JsonNode *stats;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_new0 (TlEngineEvent, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->raw = json_object_ref (object);

  self->type_name = dup_member (object, "type");
  if (self->type_name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Engine event without a type");
      return NULL;
    }
  self->type = tl_engine_event_type_from_string (self->type_name);
  self->account_aor = dup_member (object, "accountaor");
  self->peer_uri = dup_member (object, "peeruri");
  self->peer_display_name = dup_member (object, "peerdisplayname");
  self->call_id = dup_member (object, "id");
  self->param = dup_member (object, "param");
  if (self->type == TL_ENGINE_EVENT_CALL_CLOSED)
    {
      g_autofree char *param = g_steal_pointer (&self->param);

      self->param = tl_engine_dialect_closed_reason (param, &self->closed_locally);
    }

  direction = dup_member (object, "direction");
  if (g_strcmp0 (direction, "incoming") == 0)
    self->direction = TL_ENGINE_DIRECTION_INCOMING;
  else if (g_strcmp0 (direction, "outgoing") == 0)
    self->direction = TL_ENGINE_DIRECTION_OUTGOING;

  stats = json_object_get_member (object, "rtcp_stats");
  if (stats != NULL && JSON_NODE_HOLDS_OBJECT (stats))
    {
      JsonObject *s = json_node_get_object (stats);

      self->has_rtcp = TRUE;
      read_rtcp_leg (s, "tx", &self->rtcp_tx);
      read_rtcp_leg (s, "rx", &self->rtcp_rx);
      self->rtcp_rtt_us = int_member (s, "rtt");
    }

  return g_steal_pointer (&self);
}

gboolean
tl_engine_event_is_call (const TlEngineEvent *self)
{
  return self->type >= TL_ENGINE_EVENT_CALL_INCOMING
         && self->type <= TL_ENGINE_EVENT_CALL_REMOTE_SDP;
}

/* Any other string member (4.x adds several), made valid UTF-8; owned by the event. */
const char *
tl_engine_event_get_raw_string (const TlEngineEvent *self,
                                const char          *key)
{
  JsonNode *node = json_object_get_member (self->raw, key);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  return (value != NULL && g_utf8_validate (value, -1, NULL)) ? value : NULL;
}

TlEngineEvent *
tl_engine_event_ref (TlEngineEvent *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
tl_engine_event_unref (TlEngineEvent *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->type_name);
  g_free (self->account_aor);
  g_free (self->peer_uri);
  g_free (self->peer_display_name);
  g_free (self->call_id);
  g_free (self->param);
  g_clear_pointer (&self->raw, json_object_unref);
  g_free (self);
}
