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
  dialect->has_uareg = at_least (dialect, 3, 0);
  dialect->has_attended_transfer = at_least (dialect, 3, 0);
  dialect->has_tone_file_settings = at_least (dialect, 3, 0);
  dialect->reports_outgoing_and_hold = at_least (dialect, 3, 0);
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

char *
tl_engine_dialect_config_lines (const TlEngineDialect *dialect,
                                const char            *ca_file)
{
  GString *lines = g_string_new (NULL);

  if (ca_file != NULL)
    g_string_append_printf (lines, "sip_cafile\t%s\n", ca_file);
  /* Before the engine has started its version is unknown: write the lines every
   * version accepts (unknown keys are ignored by the engine). */
  if (dialect == NULL || dialect->verifies_tls_server)
    {
      /* 4.x silently disables verification when neither a CA file nor a path is set. */
      if (ca_file == NULL)
        g_string_append (lines, "sip_capath\t/etc/ssl/certs\n");
      g_string_append (lines, "sip_verify_server\tyes\n");
    }
  if (dialect == NULL || dialect->has_tone_file_settings)
    {
      /* Trunkline plays every tone itself. */
      g_string_append (lines, "ring_aufile\tnone\n");
      g_string_append (lines, "ringback_aufile\tnone\n");
      g_string_append (lines, "callwaiting_aufile\tnone\n");
    }
  return g_string_free (lines, FALSE);
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
