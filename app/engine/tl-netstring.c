/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Incremental netstring decoder ("<len>:<payload>,") for the engine's control stream. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-netstring.h"

#include <string.h>

/* A length prefix longer than this many digits cannot be honest (> 1 TB). */
#define MAX_LEN_DIGITS 12

typedef enum {
  STATE_LENGTH,
  STATE_PAYLOAD,
  STATE_SKIP,
  STATE_COMMA,
} DecoderState;

struct _TlNetstringDecoder {
  GByteArray   *buffer;       /* unconsumed input */
  gsize         max_frame;
  DecoderState  state;
  guint64       length;       /* declared length of the current frame */
  guint         digits;
  guint64       to_skip;      /* bytes of an oversized payload still to drop */
  gboolean      skipped;      /* the current frame is being skipped */
};

TlNetstringDecoder *
tl_netstring_decoder_new (gsize max_frame)
{
  TlNetstringDecoder *self = g_new0 (TlNetstringDecoder, 1);

  self->buffer = g_byte_array_new ();
  self->max_frame = max_frame;
  self->state = STATE_LENGTH;
  return self;
}

void
tl_netstring_decoder_free (TlNetstringDecoder *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->buffer);
  g_free (self);
}

void
tl_netstring_decoder_feed (TlNetstringDecoder *self,
                           const guint8       *data,
                           gsize               len)
{
  g_return_if_fail (self != NULL);

  /* While skipping an oversized frame, drop bytes instead of buffering them,
   * so a hostile length never makes us hold megabytes. */
  if (self->state == STATE_SKIP && self->to_skip > 0)
    {
      gsize drop = MIN ((guint64) len, self->to_skip);

      self->to_skip -= drop;
      data += drop;
      len -= drop;
      if (self->to_skip == 0)
        self->state = STATE_COMMA;
    }
  if (len > 0)
    g_byte_array_append (self->buffer, data, len);
}

gsize
tl_netstring_decoder_get_buffered (TlNetstringDecoder *self)
{
  return self->buffer->len;
}

static void
consume (TlNetstringDecoder *self,
         gsize               n)
{
  g_byte_array_remove_range (self->buffer, 0, n);
}

/* Drops input up to the next plausible frame start (a digit after a comma),
 * so one corrupt frame costs that frame only. */
static void
resync (TlNetstringDecoder *self)
{
  const guint8 *p = self->buffer->data;
  gsize len = self->buffer->len;
  gsize i;

  for (i = 0; i < len; i++)
    if (p[i] == ',')
      {
        i++;
        break;
      }
  consume (self, i);
  self->state = STATE_LENGTH;
  self->length = 0;
  self->digits = 0;
  self->skipped = FALSE;
}

TlNetstringResult
tl_netstring_decoder_next (TlNetstringDecoder *self,
                           GBytes            **frame,
                           gsize              *skipped_len)
{
  g_return_val_if_fail (self != NULL, TL_NETSTRING_ERROR);
  g_return_val_if_fail (frame != NULL && *frame == NULL, TL_NETSTRING_ERROR);

  for (;;)
    {
      switch (self->state)
        {
        case STATE_LENGTH:
          {
            gsize i = 0;

            while (i < self->buffer->len)
              {
                guint8 c = self->buffer->data[i];

                if (c >= '0' && c <= '9')
                  {
                    if (++self->digits > MAX_LEN_DIGITS
                        || (self->digits > 1 && self->length == 0))
                      {
                        /* Too long, or a leading zero (forbidden by the format). */
                        consume (self, i);
                        resync (self);
                        return TL_NETSTRING_ERROR;
                      }
                    self->length = self->length * 10 + (guint64) (c - '0');
                    i++;
                  }
                else if (c == ':' && self->digits > 0)
                  {
                    consume (self, i + 1);
                    if (self->length > self->max_frame)
                      {
                        self->skipped = TRUE;
                        self->to_skip = self->length;
                        self->state = STATE_SKIP;
                      }
                    else
                      self->state = STATE_PAYLOAD;
                    break;
                  }
                else
                  {
                    consume (self, i);
                    resync (self);
                    return TL_NETSTRING_ERROR;
                  }
              }
            if (self->state == STATE_LENGTH)
              {
                /* All digits so far; keep them for the next feed. */
                consume (self, i);
                return TL_NETSTRING_NEED_MORE;
              }
          }
          break;

        case STATE_PAYLOAD:
          if (self->buffer->len < self->length + 1)
            return TL_NETSTRING_NEED_MORE;
          if (self->buffer->data[self->length] != ',')
            {
              resync (self);
              return TL_NETSTRING_ERROR;
            }
          *frame = g_bytes_new (self->buffer->data, self->length);
          consume (self, self->length + 1);
          self->state = STATE_LENGTH;
          self->length = 0;
          self->digits = 0;
          return TL_NETSTRING_FRAME;

        case STATE_SKIP:
          {
            gsize drop = MIN ((guint64) self->buffer->len, self->to_skip);

            consume (self, drop);
            self->to_skip -= drop;
            if (self->to_skip > 0)
              return TL_NETSTRING_NEED_MORE;
            self->state = STATE_COMMA;
          }
          break;

        case STATE_COMMA:
          if (self->buffer->len < 1)
            return TL_NETSTRING_NEED_MORE;
          if (self->buffer->data[0] != ',')
            {
              resync (self);
              return TL_NETSTRING_ERROR;
            }
          consume (self, 1);
          if (skipped_len != NULL)
            *skipped_len = self->length;
          self->state = STATE_LENGTH;
          self->length = 0;
          self->digits = 0;
          self->skipped = FALSE;
          return TL_NETSTRING_SKIPPED;

        default:
          g_assert_not_reached ();
        }
    }
}

GBytes *
tl_netstring_encode (const char *payload,
                     gsize       len)
{
  g_autofree char *prefix = g_strdup_printf ("%" G_GSIZE_FORMAT ":", len);
  gsize prefix_len = strlen (prefix);
  guint8 *out = g_malloc (prefix_len + len + 1);

  memcpy (out, prefix, prefix_len);
  memcpy (out + prefix_len, payload, len);
  out[prefix_len + len] = ',';
  return g_bytes_new_take (out, prefix_len + len + 1);
}
