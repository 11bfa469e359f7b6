/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The enumerations of the call-history store, registered as GTypes for properties. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TL_HISTORY_DIRECTION_INCOMING = 0,
  TL_HISTORY_DIRECTION_OUTGOING = 1,
} TlHistoryDirection;

typedef enum {
  TL_HISTORY_FILTER_ALL = 0,
  TL_HISTORY_FILTER_MISSED,
  TL_HISTORY_FILTER_INCOMING,
  TL_HISTORY_FILTER_OUTGOING,
} TlHistoryFilter;

#define TL_TYPE_HISTORY_DIRECTION (tl_history_direction_get_type ())
#define TL_TYPE_HISTORY_FILTER (tl_history_filter_get_type ())

GType tl_history_direction_get_type (void) G_GNUC_CONST;
GType tl_history_filter_get_type    (void) G_GNUC_CONST;

const char *tl_history_direction_to_string (TlHistoryDirection direction);

G_END_DECLS
