/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redacting logs and SIP traces before they leave the machine. */
#define G_LOG_DOMAIN "tl-trace"

#include "config.h"

#include "tl-trace-redact.h"

#include <string.h>

#include "tl-engine-redact.h"

/* Whole headers that carry credentials or the challenge they answer (RFC 3261
 * §20.7, §20.27, §20.28, §20.44; RFC 2617 Authentication-Info). */
static const char *const secret_headers[] = {
  "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate",
  "authentication-info", "proxy-authentication-info", NULL
};

/* Digest parameters that must not survive anywhere (a log line may quote one). */
static const char *const secret_params[] = {
  "nonce", "cnonce", "response", "nextnonce", "rspauth", "opaque", "auth_pass", NULL
};

static gboolean
is_secret_header (const char *line)
{
  const char *colon = strchr (line, ':');
  g_autofree char *name = NULL;

  if (colon == NULL)
    return FALSE;
  /* The trace may prefix lines with spaces or a timestamp-free indent only. */
  while (*line == ' ')
    line++;
  if (colon < line)
    return FALSE;
  name = g_ascii_strdown (line, colon - line);
  g_strchomp (name);
  return g_strv_contains (secret_headers, name);
}

/* Replaces the value after each "param=" (quoted or not) in @line. */
static void
redact_params (GString *line)
{
  for (guint i = 0; secret_params[i] != NULL; i++)
    {
      gsize name_len = strlen (secret_params[i]);
      gsize at = 0;

      while (at < line->len)
        {
          const char *hit = NULL;
          gsize start, end;

          /* Digest parameter names are case-insensitive (RFC 7616 §3.3). */
          for (gsize k = at; k + name_len <= line->len && hit == NULL; k++)
            if (g_ascii_strncasecmp (line->str + k, secret_params[i], name_len) == 0)
              hit = line->str + k;
          if (hit == NULL)
            break;
          start = (gsize) (hit - line->str);
          end = start + name_len;
          /* A whole parameter name: not "cnonce" inside "nonce", not "xresponse". */
          if ((start > 0 && (g_ascii_isalnum (line->str[start - 1]) || line->str[start - 1] == '_'))
              || end >= line->len || (line->str[end] != '=' && line->str[end] != ' '))
            {
              at = end;
              continue;
            }
          while (end < line->len && line->str[end] == ' ')
            end++;
          if (end >= line->len || line->str[end] != '=')
            {
              at = end;
              continue;
            }
          end++;
          while (end < line->len && line->str[end] == ' ')
            end++;
          {
            gsize value_end = end;

            if (value_end < line->len && line->str[value_end] == '"')
              {
                value_end++;
                while (value_end < line->len && line->str[value_end] != '"')
                  value_end++;
                if (value_end < line->len)
                  value_end++;
              }
            else
              while (value_end < line->len && strchr (",; \t\"'>", line->str[value_end]) == NULL)
                value_end++;
            g_string_erase (line, (gssize) end, (gssize) (value_end - end));
            g_string_insert (line, (gssize) end, TL_ENGINE_REDACTED);
            at = end + strlen (TL_ENGINE_REDACTED);
          }
        }
    }
}

/* SDES (RFC 4568): "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:KEY|2^20|1:32". */
static void
redact_crypto (GString *line)
{
  char *inline_at;

  if (strstr (line->str, "crypto:") == NULL)
    return;
  inline_at = strstr (line->str, "inline:");
  while (inline_at != NULL)
    {
      gsize start = (gsize) (inline_at - line->str) + strlen ("inline:");
      gsize end = start;

      while (end < line->len && line->str[end] != ' ' && line->str[end] != '\r' && line->str[end] != '"')
        end++;
      g_string_erase (line, (gssize) start, (gssize) (end - start));
      g_string_insert (line, (gssize) start, TL_ENGINE_REDACTED);
      inline_at = strstr (line->str + start + strlen (TL_ENGINE_REDACTED), "inline:");
    }
}

/* Control characters would let a hostile display name rewrite the terminal of
 * whoever reads the trace. */
static void
make_visible (GString *line)
{
  for (gsize i = 0; i < line->len; i++)
    if ((guchar) line->str[i] < 0x20 && line->str[i] != '\t' && line->str[i] != '\r')
      line->str[i] = '?';
    else if (line->str[i] == 0x7f)
      line->str[i] = '?';
}

char *
tl_trace_redact (const char        *text,
                 const char *const *secrets)
{
  g_autofree char *valid = NULL;
  g_autofree char *engine_safe = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out;
  gboolean in_secret_header = FALSE;

  if (text == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (text, -1);
  /* The engine's own rules first (auth_pass, the known passwords). */
  engine_safe = tl_engine_redact (valid, secrets);
  lines = g_strsplit (engine_safe, "\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) line = g_string_new (lines[i]);
      gboolean continuation;

      make_visible (line);
      continuation = line->len > 0 && (line->str[0] == ' ' || line->str[0] == '\t')
                              && !is_secret_header (line->str);

      if (i > 0)
        g_string_append_c (out, '\n');
      if (continuation && in_secret_header)
        {
          g_string_append (out, "  " TL_ENGINE_REDACTED);
          continue;
        }
      in_secret_header = is_secret_header (line->str);
      if (in_secret_header)
        {
          const char *colon = strchr (line->str, ':');

          g_string_append_len (out, line->str, colon - line->str + 1);
          g_string_append (out, " " TL_ENGINE_REDACTED);
          if (line->len > 0 && line->str[line->len - 1] == '\r')
            g_string_append_c (out, '\r');
          continue;
        }
      redact_params (line);
      redact_crypto (line);
      g_string_append_len (out, line->str, (gssize) line->len);
    }
  return g_string_free (out, FALSE);
}
