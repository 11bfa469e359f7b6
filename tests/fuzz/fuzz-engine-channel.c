/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: arbitrary bytes from the engine's control port, split arbitrarily. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "tl-engine-channel.h"

static void
on_event (TlEngineChannel *channel,
          TlEngineEvent   *event,
          gpointer         user_data)
{
  /* Touch every field the app will read. */
  gsize *sum = user_data;

  *sum += (gsize) event->type;
  if (event->peer_display_name != NULL)
    {
      g_assert (g_utf8_validate (event->peer_display_name, -1, NULL));
      *sum += strlen (event->peer_display_name);
    }
  if (event->account_aor != NULL)
    g_assert (g_utf8_validate (event->account_aor, -1, NULL));
  if (event->param != NULL)
    g_assert (g_utf8_validate (event->param, -1, NULL));
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TlEngineChannel) channel = tl_engine_channel_new (NULL);
  gsize sum = 0;
  size_t split;

  g_signal_connect (channel, "event", G_CALLBACK (on_event), &sum);
  /* The first byte picks where the stream is cut in two reads. */
  split = size > 0 ? (size_t) data[0] * size / 256 : 0;
  tl_engine_channel_feed (channel, data, split);
  tl_engine_channel_feed (channel, data + split, size - split);
  return 0;
}
