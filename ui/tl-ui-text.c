/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Words and figures the screens show for calls and history rows: plain text, never markup. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-ui-text.h"

#include <glib/gi18n.h>

#include <string.h>

char *
tl_ui_text_duration (gint64 microseconds)
{
  gint64 s = MAX (microseconds, 0) / G_USEC_PER_SEC;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

const char *
tl_ui_text_end_reason (TlCallEndReason reason)
{
  switch (reason)
    {
    case TL_CALL_END_BUSY: return _("Busy");
    case TL_CALL_END_DECLINED: return _("Declined");
    case TL_CALL_END_NO_ANSWER: return _("No answer");
    case TL_CALL_END_UNREACHABLE: return _("Could not be reached");
    case TL_CALL_END_CANCELLED: return _("Cancelled");
    case TL_CALL_END_MISSED: return _("Missed");
    case TL_CALL_END_REJECTED: return _("Declined");
    case TL_CALL_END_NETWORK_ERROR: return _("Connection lost");
    case TL_CALL_END_ENGINE_RESTARTED: return _("The call engine restarted");
    case TL_CALL_END_TRANSFERRED: return _("Transferred");
    case TL_CALL_END_OTHER: return _("Call failed");
    case TL_CALL_END_HUNG_UP:
    case TL_CALL_END_NONE:
    default: return _("Call ended");
    }
}

char *
tl_ui_text_call_state (TlCall *call)
{
  switch (tl_call_get_state (call))
    {
    case TL_CALL_STATE_OUTGOING:
      return g_strdup (_("Calling…"));
    case TL_CALL_STATE_INCOMING:
      return g_strdup (_("Incoming call"));
    case TL_CALL_STATE_RINGING:
      return g_strdup (_("Ringing…"));
    case TL_CALL_STATE_EARLY_MEDIA:
      return g_strdup (_("Connecting…"));
    case TL_CALL_STATE_HELD:
      return g_strdup (_("On hold"));
    case TL_CALL_STATE_ESTABLISHED:
      return tl_ui_text_duration (g_get_real_time () - tl_call_get_answered (call));
    case TL_CALL_STATE_ENDED:
    default:
      {
        const char *detail = tl_call_get_end_detail (call);
        TlCallEndReason reason = tl_call_get_end_reason (call);

        /* The trunk's own words help only where our category is vague. */
        if (reason == TL_CALL_END_OTHER && detail != NULL && *detail != '\0')
          return g_strdup_printf (_("Call failed: %s"), detail);
        return g_strdup (tl_ui_text_end_reason (reason));
      }
    }
}

char *
tl_ui_text_codec (const char *codec)
{
  static const struct { const char *prefix; const char *name; } names[] = {
    { "opus/", "Opus" },
    { "pcmu/", "G.711 µ-law" },
    { "pcma/", "G.711 A-law" },
    { "g722/", "G.722" },
  };
  g_autofree char *lower = NULL;

  if (codec == NULL || *codec == '\0')
    return NULL;
  lower = g_ascii_strdown (codec, -1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_has_prefix (lower, names[i].prefix))
      return g_strdup (names[i].name);
  return g_strndup (codec, strcspn (codec, "/"));
}

const char *
tl_ui_text_peer_title (const char *name,
                       const char *number,
                       const char *uri)
{
  if (name != NULL && *name != '\0')
    return name;
  if (number != NULL && *number != '\0')
    return number;
  return uri != NULL ? uri : _("Unknown");
}

char *
tl_ui_text_when (gint64 unix_us,
                 gint64 now_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan since_midnight;

  if (when == NULL || now == NULL)
    return g_strdup ("");
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  since_midnight = g_date_time_difference (when, today);
  if (since_midnight >= 0)
    return g_date_time_format (when, "%R");
  if (since_midnight >= -G_TIME_SPAN_DAY)
    return g_strdup (_("Yesterday"));
  if (since_midnight >= -6 * G_TIME_SPAN_DAY)
    return g_date_time_format (when, "%A");
  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    return g_date_time_format (when, "%e %b");
  return g_date_time_format (when, "%e %b %Y");
}

char *
tl_ui_text_history_detail (TlHistoryEntry *entry)
{
  const char *number = tl_history_entry_get_peer_number (entry);
  const char *name = tl_history_entry_get_peer_name (entry);
  g_autofree char *tail = NULL;

  if (tl_history_entry_get_missed (entry))
    tail = g_strdup (_("Missed"));
  else if (tl_history_entry_get_answered (entry) == 0)
    tail = g_strdup (tl_history_entry_get_direction (entry) == TL_HISTORY_DIRECTION_INCOMING
                     ? _("Declined") : _("Not answered"));
  else
    tail = tl_ui_text_duration (tl_history_entry_get_duration (entry) * G_USEC_PER_SEC);
  /* The number goes on the second line only when a name takes the first. */
  if (name != NULL && *name != '\0' && number != NULL && *number != '\0')
    return g_strdup_printf ("%s · %s", number, tail);
  return g_steal_pointer (&tail);
}
