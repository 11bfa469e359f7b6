/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Removes passwords from engine output before it reaches any log. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine-redact.h"

#include <string.h>

static void
replace_all (GString    *text,
             const char *needle)
{
  gsize needle_len = strlen (needle);
  gsize pos = 0;

  if (needle_len == 0)
    return;
  while (pos < text->len)
    {
      char *hit = strstr (text->str + pos, needle);

      if (hit == NULL)
        break;
      pos = (gsize) (hit - text->str);
      g_string_erase (text, (gssize) pos, (gssize) needle_len);
      g_string_insert (text, (gssize) pos, TL_ENGINE_REDACTED);
      pos += strlen (TL_ENGINE_REDACTED);
    }
}

char *
tl_engine_redact (const char        *text,
                  const char *const *secrets)
{
  static const char *keys[] = { "auth_pass=", "auth_pass =" };
  g_autoptr(GString) out = NULL;

  if (text == NULL)
    return NULL;
  out = g_string_new (text);

  /* Known secrets first: they may appear outside any key=value form. */
  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    replace_all (out, secrets[i]);

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      gsize key_len = strlen (keys[k]);
      gsize pos = 0;

      while (pos < out->len)
        {
          char *hit = strstr (out->str + pos, keys[k]);
          gsize start, value_len;

          if (hit == NULL)
            break;
          start = (gsize) (hit - out->str) + key_len;
          value_len = strcspn (out->str + start, " \t\r\n;\",>");
          g_string_erase (out, (gssize) start, (gssize) value_len);
          g_string_insert (out, (gssize) start, TL_ENGINE_REDACTED);
          pos = start + strlen (TL_ENGINE_REDACTED);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
