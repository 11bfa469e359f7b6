/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: any bytes as a link given to the app. Whatever is accepted must be
 * one line of valid text to dial, with nothing but digits in its extension. */
#include "config.h"

#include <string.h>

#include "tl-call-link.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *uri = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlCallLink) link = tl_call_link_parse (uri, &error);

  if (link == NULL)
    {
      g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert (error == NULL);
  g_assert (g_utf8_validate (link->target, -1, NULL));
  for (const char *p = link->target; *p != '\0'; p++)
    g_assert ((guchar) *p >= 0x20 && *p != 0x7f);
  g_assert (strpbrk (link->target, "?;<>\"") == NULL);
  if (link->extension != NULL)
    g_assert (strspn (link->extension, "0123456789*#") == strlen (link->extension));
  return 0;
}
