/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simple-message-summary body of RFC 3842, read strictly. */
#define G_LOG_DOMAIN "tl-registration"

#include "config.h"

#include "tl-message-summary.h"

#include <string.h>

/* "12" → 12, bounded; FALSE unless the text is all digits (1 to 9 of them). */
static gboolean
parse_count (const char *text,
             gsize       length,
             guint      *count)
{
  guint64 value = 0;

  if (length == 0 || length > 9)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint64) (text[i] - '0');
    }
  *count = (guint) MIN (value, (guint64) TL_MESSAGE_SUMMARY_MAX_COUNT);
  return TRUE;
}

/* "new/old" or "new/old (urgent/urgent)"; the urgent pair is not used. */
static gboolean
parse_voice (const char *value,
             guint      *voice_new,
             guint      *voice_old)
{
  const char *slash = strchr (value, '/');
  const char *end;

  if (slash == NULL)
    return FALSE;
  end = slash + 1 + strspn (slash + 1, "0123456789");
  if (*end != '\0' && *end != ' ' && *end != '\t' && *end != '(')
    return FALSE;
  return parse_count (value, (gsize) (slash - value), voice_new)
         && parse_count (slash + 1, (gsize) (end - slash - 1), voice_old);
}

gboolean
tl_message_summary_parse (const char       *body,
                          gssize            length,
                          TlMessageSummary *summary)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  TlMessageSummary found = { 0 };
  gboolean have_waiting = FALSE;
  gboolean have_voice = FALSE;
  gsize size;

  g_return_val_if_fail (summary != NULL, FALSE);

  if (body == NULL)
    return FALSE;
  size = length < 0 ? strlen (body) : (gsize) length;
  size = MIN (size, (gsize) TL_MESSAGE_SUMMARY_MAX_LENGTH);
  text = g_strndup (body, size);   /* stops at an embedded NUL, too */
  lines = g_strsplit_set (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      char *name;
      char *value;

      if (colon == NULL)
        continue;
      *colon = '\0';
      name = g_strstrip (lines[i]);
      value = g_strstrip (colon + 1);
      /* Header names are case-insensitive (RFC 3842 §5.2 uses SIP's rules). */
      if (g_ascii_strcasecmp (name, "Messages-Waiting") == 0 && !have_waiting)
        {
          if (g_ascii_strcasecmp (value, "yes") == 0)
            found.waiting = TRUE;
          else if (g_ascii_strcasecmp (value, "no") != 0)
            return FALSE;
          have_waiting = TRUE;
        }
      else if (g_ascii_strcasecmp (name, "Voice-Message") == 0 && !have_voice)
        have_voice = parse_voice (value, &found.voice_new, &found.voice_old);
    }
  if (!have_waiting)
    return FALSE;
  /* "yes" with no count still means something waits. */
  *summary = found;
  return TRUE;
}
