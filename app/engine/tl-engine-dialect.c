/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every difference between engine versions (1.0.0 in Debian 12, 4.x in the Flatpak), in one place. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-dialect.h"

#include <string.h>

#include "tl-engine-message.h"

static gboolean
at_least (const TlEngineDialect *d,
          guint                  major,
          guint                  minor)
{
  return d->major > major || (d->major == major && d->minor >= minor);
}

gboolean
tl_engine_dialect_init_from_version (TlEngineDialect *dialect,
                                     const char      *version)
{
  guint64 parts[3] = { 0, 0, 0 };
  g_auto(GStrv) fields = NULL;
  guint n;

  g_return_val_if_fail (dialect != NULL, FALSE);
  memset (dialect, 0, sizeof *dialect);
  if (version == NULL)
    return FALSE;
  if (*version == 'v')
    version++;
  fields = g_strsplit (version, ".", 4);
  n = g_strv_length (fields);
  if (n < 2)
    return FALSE;
  for (guint i = 0; i < MIN (n, 3u); i++)
    if (!g_ascii_string_to_unsigned (fields[i], 10, 0, 999, &parts[i], NULL))
      return FALSE;

  dialect->major = (guint) parts[0];
  dialect->minor = (guint) parts[1];
  dialect->micro = (guint) parts[2];

  /* Thresholds from the engine's release history: the call-id command API and the
   * "ua" event class arrived with the 2.x/3.x rework, catchall in 3.11. */
  dialect->call_commands_take_id = at_least (dialect, 3, 0);
  dialect->dial_returns_call_id = at_least (dialect, 3, 0);
  dialect->hangup_takes_status = at_least (dialect, 3, 0);
  dialect->mute_takes_state = at_least (dialect, 3, 0);
  dialect->verifies_tls_server = at_least (dialect, 1, 1);
  dialect->has_catchall = at_least (dialect, 3, 11);
  dialect->has_check_origin = at_least (dialect, 4, 0);
  dialect->loopback_needs_interface = at_least (dialect, 4, 0);
  dialect->has_netroam = at_least (dialect, 4, 0);
  dialect->has_uareg = at_least (dialect, 3, 0);
  dialect->has_attended_transfer = at_least (dialect, 3, 0);
  dialect->has_tone_file_settings = at_least (dialect, 3, 0);
  dialect->reports_outgoing_and_hold = at_least (dialect, 3, 0);
  dialect->resumes_held_call = !at_least (dialect, 3, 0);
  dialect->register_event_class = at_least (dialect, 4, 0) ? "ua" : "register";
  return TRUE;
}

char *
tl_engine_dialect_parse_banner (const char *text)
{
  g_autofree char *plain = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL)
    return NULL;
  plain = tl_engine_strip_terminal_escapes (text);
  regex = g_regex_new ("baresip\\s+v?([0-9]+\\.[0-9]+(\\.[0-9]+)?)", G_REGEX_CASELESS, 0, NULL);
  if (!g_regex_match (regex, plain, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

static void
append_trust_lines (GString             *lines,
                    const TlEngineTrust *trust)
{
  const char *ca_file = trust->ca_file != NULL ? trust->ca_file : trust->system_ca_file;

  /* 4.x silently disables verification when neither a CA file nor a path is
   * set: always write one. The accounts' CAs go in the file and the runtime's
   * folder stays beside it, so public trunks still verify. */
  if (ca_file != NULL)
    g_string_append_printf (lines, "sip_cafile\t%s\n", ca_file);
  if (trust->system_ca_path != NULL)
    g_string_append_printf (lines, "sip_capath\t%s\n", trust->system_ca_path);
  else if (ca_file == NULL)
    g_string_append (lines, "sip_capath\t/etc/ssl/certs\n");
  g_string_append (lines, "sip_verify_server\tyes\n");
}

char *
tl_engine_dialect_config_lines (const TlEngineDialect *dialect,
                                const TlEngineTrust   *trust)
{
  static const TlEngineTrust no_trust = { NULL, NULL, NULL };
  GString *lines = g_string_new (NULL);

  if (trust == NULL)
    trust = &no_trust;
  if (dialect == NULL)
    {
      /* Before the engine's version is known, write the lines every version
       * accepts (unknown keys are ignored by the engine). */
      if (trust->ca_file != NULL)
        g_string_append_printf (lines, "sip_cafile\t%s\n", trust->ca_file);
      else
        g_string_append (lines, "sip_capath\t/etc/ssl/certs\n");
      g_string_append (lines, "sip_verify_server\tyes\n");
    }
  else if (dialect->verifies_tls_server)
    append_trust_lines (lines, trust);
  else if (trust->ca_file != NULL)
    /* 1.0.0 verifies nothing; the file only adds a CA. */
    g_string_append_printf (lines, "sip_cafile\t%s\n", trust->ca_file);

  if (dialect == NULL || dialect->has_tone_file_settings)
    {
      /* Trunkline plays every tone itself. */
      g_string_append (lines, "ring_aufile\tnone\n");
      g_string_append (lines, "ringback_aufile\tnone\n");
      g_string_append (lines, "callwaiting_aufile\tnone\n");
    }
  if (dialect != NULL && dialect->has_check_origin)
    /* With check_origin on a registering account, requests over UDP (whose
     * source anyone can claim) must come from its registrar. Not TCP or TLS:
     * filtering them would also close their listeners, which trunks without
     * REGISTER need, and their requests arrive on the connection we opened. */
    g_string_append (lines, "filter_registrar\tudp\n");
  return g_string_free (lines, FALSE);
}

char *
tl_engine_dialect_closed_reason (const char *param,
                                 gboolean   *local)
{
  /* 1.0.0 says "Connection reset by user" when this side hangs up; 4.x says
   * "Rejected by user" (ua_hangupf's default reason) for the same thing. */
  gboolean ours = g_strcmp0 (param, "Connection reset by user") == 0
                  || g_strcmp0 (param, "Rejected by user") == 0;

  if (local != NULL)
    *local = ours;
  return g_strdup (ours ? "Connection reset by user" : param);
}

void
tl_engine_dialect_hangup_command (const TlEngineDialect *dialect,
                                  const char            *call_id,
                                  guint                  status,
                                  const char            *reason,
                                  char                 **command,
                                  char                 **params,
                                  gboolean              *needs_callfind)
{
  *command = g_strdup ("hangup");
  *needs_callfind = !dialect->call_commands_take_id;
  if (!dialect->call_commands_take_id)
    {
      /* 1.0.0: acts on the current call and always answers 486 to an incoming one. */
      *params = NULL;
      return;
    }
  if (status != 0 && dialect->hangup_takes_status)
    *params = g_strdup_printf ("%s scode=%u%s%s", call_id, status,
                               reason != NULL ? " reason=" : "",
                               reason != NULL ? reason : "");
  else
    *params = g_strdup (call_id);
}

gboolean
tl_engine_dialect_reply_means_no_call (const char *error_text)
{
  return error_text != NULL && strstr (error_text, "command not found") != NULL;
}

gboolean
tl_engine_dialect_reply_reports_failure (const char *reply)
{
  return reply != NULL
         && (strstr (reply, " failed") != NULL || strstr (reply, "error") != NULL);
}

char *
tl_engine_dialect_dial_reply_call_id (const TlEngineDialect *dialect,
                                      const char            *reply)
{
  const char *p;

  if (!dialect->dial_returns_call_id || reply == NULL)
    return NULL;
  p = strstr (reply, "call id: ");
  if (p == NULL)
    return NULL;
  p += strlen ("call id: ");
  return g_strndup (p, strcspn (p, " \t\r\n"));
}

void
tl_engine_call_line_free (TlEngineCallLine *line)
{
  if (line == NULL)
    return;
  g_free (line->id);
  g_free (line->state);
  g_free (line->peer_uri);
  g_free (line);
}

static TlEngineCallLine *
parse_call_line (const char *text)
{
  g_autoptr(TlEngineCallLine) line = g_new0 (TlEngineCallLine, 1);
  g_auto(GStrv) words = NULL;
  const char *p = text;
  const char *close;
  char *end = NULL;
  guint64 number;
  guint n = 0;

  while (*p == ' ')
    p++;
  if (*p == '>')
    {
      line->current = TRUE;
      p++;
    }
  while (*p == ' ')
    p++;
  if (!g_str_has_prefix (p, "[line "))
    return NULL;
  p += strlen ("[line ");
  number = g_ascii_strtoull (p, &end, 10);
  if (end == p || number == 0 || number > G_MAXUINT)
    return NULL;
  line->line = (guint) number;
  close = strchr (end, ']');
  if (close == NULL)
    return NULL;
  if (g_str_has_prefix (end, ", id "))
    line->id = g_strndup (end + strlen (", id "), (gsize) (close - end) - strlen (", id "));

  /* After the bracket: duration, state, an optional "(on hold)", the peer URI. */
  words = g_strsplit_set (close + 1, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (*word == '\0')
        continue;
      n++;
      if (n == 2)
        line->state = g_strdup (word);
      else if (strcmp (word, "(on") == 0 && g_strcmp0 (words[i + 1], "hold)") == 0)
        {
          line->on_hold = TRUE;
          i++;
        }
      else if (n > 2)
        {
          g_free (line->peer_uri);
          line->peer_uri = g_strdup (word);
        }
    }
  if (line->state == NULL || line->peer_uri == NULL)
    return NULL;
  return g_steal_pointer (&line);
}

GPtrArray *
tl_engine_dialect_parse_call_list (const char *reply)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_engine_call_line_free);
  g_auto(GStrv) rows = NULL;

  if (reply == NULL)
    return lines;
  rows = g_strsplit (reply, "\n", -1);
  for (guint i = 0; rows[i] != NULL; i++)
    {
      TlEngineCallLine *line = parse_call_line (rows[i]);

      if (line != NULL)
        g_ptr_array_add (lines, line);
    }
  return lines;
}

char *
tl_engine_dialect_parse_call_codec (const char *reply)
{
  g_auto(GStrv) rows = NULL;
  gboolean in_remote = FALSE;

  if (reply == NULL)
    return NULL;
  rows = g_strsplit (reply, "\n", -1);
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_autofree char *row = g_strstrip (g_strdup (rows[i]));
      g_auto(GStrv) words = NULL;
      guint n;

      if (g_ascii_strcasecmp (row, "remote formats:") == 0)
        {
          in_remote = TRUE;
          continue;
        }
      if (!in_remote)
        continue;
      /* "96 opus/48000/2 (stereo=0;sprop-stereo=0) *": payload type, name, fmtp, in use. */
      if (!g_ascii_isdigit (row[0]))
        break;
      words = g_strsplit_set (row, " \t", -1);
      n = g_strv_length (words);
      if (n < 3 || strcmp (words[n - 1], "*") != 0 || strchr (words[1], '/') == NULL
          || g_ascii_strncasecmp (words[1], "telephone-event/", 16) == 0)
        continue;
      return g_strdup (words[1]);
    }
  return NULL;
}
