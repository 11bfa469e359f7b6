/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A lock-free single-producer single-consumer ring of floats: the only way data
 * leaves a PortAudio callback (which must not allocate, lock, log or touch GObject). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TlAudioRing TlAudioRing;

/* @capacity is rounded up to a power of two; allocation happens here only. */
TlAudioRing *tl_audio_ring_new       (gsize         capacity);
void         tl_audio_ring_free      (TlAudioRing  *ring);
/* Producer side (real-time safe): writes all of @values or nothing. */
gboolean     tl_audio_ring_push      (TlAudioRing  *ring,
                                      const float  *values,
                                      gsize         n_values);
/* Consumer side: reads up to @max values, returns how many. */
gsize        tl_audio_ring_pop       (TlAudioRing  *ring,
                                      float        *values,
                                      gsize         max);
gsize        tl_audio_ring_available (TlAudioRing  *ring);
/* Pushes refused because the ring was full (the consumer fell behind). */
guint        tl_audio_ring_get_overruns (TlAudioRing *ring);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlAudioRing, tl_audio_ring_free)

G_END_DECLS
