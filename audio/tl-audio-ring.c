/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A lock-free single-producer single-consumer ring of floats (C11 atomics). */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-audio-ring.h"

#include <stdatomic.h>

struct _TlAudioRing {
  float         *data;
  gsize          mask;
  /* Free-running counters: head is written by the producer only, tail by the
   * consumer only; acquire/release pairs publish the data between them. */
  atomic_size_t  head;
  atomic_size_t  tail;
  atomic_uint    overruns;
};

TlAudioRing *
tl_audio_ring_new (gsize capacity)
{
  TlAudioRing *ring = g_new0 (TlAudioRing, 1);
  gsize size = 1;

  while (size < capacity)
    size <<= 1;
  ring->data = g_new0 (float, size);
  ring->mask = size - 1;
  atomic_init (&ring->head, 0);
  atomic_init (&ring->tail, 0);
  atomic_init (&ring->overruns, 0);
  return ring;
}

void
tl_audio_ring_free (TlAudioRing *ring)
{
  if (ring == NULL)
    return;
  g_free (ring->data);
  g_free (ring);
}

gboolean
tl_audio_ring_push (TlAudioRing *ring,
                    const float *values,
                    gsize        n_values)
{
  gsize head = atomic_load_explicit (&ring->head, memory_order_relaxed);
  gsize tail = atomic_load_explicit (&ring->tail, memory_order_acquire);

  if (ring->mask + 1 - (head - tail) < n_values)
    {
      atomic_fetch_add_explicit (&ring->overruns, 1, memory_order_relaxed);
      return FALSE;
    }
  for (gsize i = 0; i < n_values; i++)
    ring->data[(head + i) & ring->mask] = values[i];
  atomic_store_explicit (&ring->head, head + n_values, memory_order_release);
  return TRUE;
}

gsize
tl_audio_ring_pop (TlAudioRing *ring,
                   float       *values,
                   gsize        max)
{
  gsize tail = atomic_load_explicit (&ring->tail, memory_order_relaxed);
  gsize head = atomic_load_explicit (&ring->head, memory_order_acquire);
  gsize n = MIN (max, head - tail);

  for (gsize i = 0; i < n; i++)
    values[i] = ring->data[(tail + i) & ring->mask];
  atomic_store_explicit (&ring->tail, tail + n, memory_order_release);
  return n;
}

gsize
tl_audio_ring_available (TlAudioRing *ring)
{
  return atomic_load_explicit (&ring->head, memory_order_acquire) -
         atomic_load_explicit (&ring->tail, memory_order_acquire);
}

guint
tl_audio_ring_get_overruns (TlAudioRing *ring)
{
  return atomic_load_explicit (&ring->overruns, memory_order_relaxed);
}
