/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: any text through the trace redactor. The result is valid
 * UTF-8 without control characters (other than tab and CR), and a digest
 * response value planted in the text never survives. */
#include "config.h"

#include <string.h>

#include "tl-trace-redact.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

#define PLANTED "c0ffee15deadbeefc0ffee15deadbeef"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *planted = g_strconcat (text, "\nAuthorization: Digest response=\"" PLANTED "\"\n", NULL);
  g_autofree char *safe = NULL;

  /* Only the planted copy must go; one the input spells out itself may stay. */
  if (strstr (text, PLANTED) != NULL || strlen (text) != size)
    return 0;
  safe = tl_trace_redact (planted, NULL);

  g_assert (g_utf8_validate (safe, -1, NULL));
  for (const char *p = safe; *p != '\0'; p++)
    g_assert ((guchar) *p >= 0x20 || *p == '\n' || *p == '\t' || *p == '\r');
  g_assert (strstr (safe, PLANTED) == NULL);
  return 0;
}
