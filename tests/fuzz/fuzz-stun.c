/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: any bytes as a STUN answer from the network. A parsed answer
 * always yields a mapped address; nothing reads past the buffer. */
#include "config.h"

#include <string.h>

#include "tl-stun-probe.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* The transaction id is taken from the input, so matching answers get through. */
  guint8 txid[12] = { 0 };
  g_autofree guint8 *copy = g_memdup2 (data, size);
  g_autoptr(GInetSocketAddress) mapped = NULL;
  g_autoptr(GInetSocketAddress) other = NULL;

  if (size >= TL_STUN_HEADER_SIZE)
    memcpy (txid, data + 8, 12);
  if (tl_stun_parse_binding_response (copy, size, txid, &mapped, &other))
    g_assert (G_IS_INET_SOCKET_ADDRESS (mapped));
  else
    g_assert (mapped == NULL);
  return 0;
}
