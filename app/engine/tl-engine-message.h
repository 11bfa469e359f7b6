/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One decoded control-channel frame: a command response or an event. */
#pragma once

#include <glib.h>

#include "tl-engine-event.h"

G_BEGIN_DECLS

typedef enum {
  TL_ENGINE_MESSAGE_RESPONSE,
  TL_ENGINE_MESSAGE_EVENT,
} TlEngineMessageKind;

typedef struct {
  TlEngineMessageKind  kind;
  /* responses */
  gboolean             ok;
  char                *data;   /* valid UTF-8, terminal escapes removed; may be "" */
  char                *token;  /* NULL when the engine echoed none */
  /* events */
  TlEngineEvent       *event;
} TlEngineMessage;

/* Parses one netstring payload. Invalid UTF-8 is replaced before JSON parsing,
 * because the engine passes callers' bytes through raw. */
TlEngineMessage *tl_engine_message_parse (const guint8  *payload,
                                          gsize          len,
                                          GError       **error);
void             tl_engine_message_free  (TlEngineMessage *self);
/* Removes ANSI terminal escape sequences (the engine colours its replies). */
char            *tl_engine_strip_terminal_escapes (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlEngineMessage, tl_engine_message_free)

G_END_DECLS
