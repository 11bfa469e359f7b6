/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Incremental netstring decoder ("<len>:<payload>,") for the engine's control stream. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TlNetstringDecoder TlNetstringDecoder;

typedef enum {
  TL_NETSTRING_FRAME,       /* *frame holds one complete payload */
  TL_NETSTRING_NEED_MORE,   /* feed more bytes */
  TL_NETSTRING_SKIPPED,     /* an oversized frame was dropped by its declared length */
  TL_NETSTRING_ERROR,       /* the stream is out of sync; *frame unset, the decoder resynced */
} TlNetstringResult;

/* Frames larger than @max_frame bytes are skipped (not buffered) but the stream stays in sync. */
TlNetstringDecoder *tl_netstring_decoder_new    (gsize               max_frame);
void                tl_netstring_decoder_free   (TlNetstringDecoder *self);
void                tl_netstring_decoder_feed   (TlNetstringDecoder *self,
                                                 const guint8       *data,
                                                 gsize               len);
/* Call until it returns NEED_MORE. On FRAME, *frame is a new GBytes. */
TlNetstringResult   tl_netstring_decoder_next   (TlNetstringDecoder *self,
                                                 GBytes            **frame,
                                                 gsize              *skipped_len);
gsize               tl_netstring_decoder_get_buffered (TlNetstringDecoder *self);

/* Encodes @payload as one netstring. */
GBytes             *tl_netstring_encode         (const char         *payload,
                                                 gsize               len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlNetstringDecoder, tl_netstring_decoder_free)

G_END_DECLS
