/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Engine events from JSON, as the engine would deliver them, for unit tests. */
#pragma once

#include "tl-engine.h"
#include "tl-test-trunk.h"

static inline TlEngineEvent *
tl_test_event_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  TlEngineEvent *event;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  event = tl_engine_event_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return event;
}

/* Emits @json on @engine's "event" signal (the engine need not run). */
static inline void
tl_test_emit_event (TlEngine   *engine,
                    const char *json)
{
  g_autoptr(TlEngineEvent) event = tl_test_event_from_json (json);

  g_signal_emit_by_name (engine, "event", event);
}
