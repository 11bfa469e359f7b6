/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The enumerations of the call-history store, registered as GTypes for properties. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-enums.h"

G_DEFINE_ENUM_TYPE (TlHistoryDirection, tl_history_direction,
                    G_DEFINE_ENUM_VALUE (TL_HISTORY_DIRECTION_INCOMING, "incoming"),
                    G_DEFINE_ENUM_VALUE (TL_HISTORY_DIRECTION_OUTGOING, "outgoing"))

G_DEFINE_ENUM_TYPE (TlHistoryFilter, tl_history_filter,
                    G_DEFINE_ENUM_VALUE (TL_HISTORY_FILTER_ALL, "all"),
                    G_DEFINE_ENUM_VALUE (TL_HISTORY_FILTER_MISSED, "missed"),
                    G_DEFINE_ENUM_VALUE (TL_HISTORY_FILTER_INCOMING, "incoming"),
                    G_DEFINE_ENUM_VALUE (TL_HISTORY_FILTER_OUTGOING, "outgoing"))

const char *
tl_history_direction_to_string (TlHistoryDirection direction)
{
  return direction == TL_HISTORY_DIRECTION_OUTGOING ? "outgoing" : "incoming";
}
