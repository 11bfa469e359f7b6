/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One decoded control-channel frame: a command response or an event. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-message.h"

#include <json-glib/json-glib.h>
#include <string.h>

void
tl_engine_message_free (TlEngineMessage *self)
{
  if (self == NULL)
    return;
  g_free (self->data);
  g_free (self->token);
  g_clear_pointer (&self->event, tl_engine_event_unref);
  g_free (self);
}

char *
tl_engine_strip_terminal_escapes (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '\033')
        {
          p++;
          if (*p == '[')
            {
              /* CSI: parameters and intermediates, then one final byte in @..~ */
              p++;
              while (*p != '\0' && !(*p >= '@' && *p <= '~'))
                p++;
              if (*p != '\0')
                p++;
            }
          else if (*p != '\0')
            p++;
          continue;
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

static gboolean
member_is_true (JsonObject *object,
                const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN
         && json_node_get_boolean (node);
}

static char *
string_member (JsonObject *object,
               const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_utf8_make_valid (json_node_get_string (node), -1);
}

TlEngineMessage *
tl_engine_message_parse (const guint8  *payload,
                         gsize          len,
                         GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(TlEngineMessage) message = NULL;
  g_autofree char *text = NULL;
  JsonNode *root;
  JsonObject *object;

  if (payload == NULL || len == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "Empty engine message");
      return NULL;
    }
  /* g_utf8_make_valid also replaces NUL bytes, which JSON text may not contain. */
  text = g_utf8_make_valid ((const char *) payload, (gssize) len);
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "Engine message is not a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);

  message = g_new0 (TlEngineMessage, 1);
  if (member_is_true (object, "response"))
    {
      g_autofree char *data = string_member (object, "data");

      message->kind = TL_ENGINE_MESSAGE_RESPONSE;
      message->ok = member_is_true (object, "ok");
      message->data = tl_engine_strip_terminal_escapes (data != NULL ? data : "");
      message->token = string_member (object, "token");
      return g_steal_pointer (&message);
    }
  if (member_is_true (object, "event"))
    {
      message->kind = TL_ENGINE_MESSAGE_EVENT;
      message->event = tl_engine_event_new_from_json (object, error);
      if (message->event == NULL)
        return NULL;
      return g_steal_pointer (&message);
    }

  g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "Engine message is neither a response nor an event");
  return NULL;
}
