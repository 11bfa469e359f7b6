/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Netstring framing: split reads, several frames per read, bad and oversized lengths. */
#include "config.h"

#include <string.h>

#include "tl-netstring.h"

static GPtrArray *
drain (TlNetstringDecoder *decoder,
       guint              *errors,
       guint              *skipped)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func (g_free);

  for (;;)
    {
      g_autoptr(GBytes) frame = NULL;
      TlNetstringResult r = tl_netstring_decoder_next (decoder, &frame, NULL);

      if (r == TL_NETSTRING_NEED_MORE)
        break;
      if (r == TL_NETSTRING_ERROR)
        (*errors)++;
      else if (r == TL_NETSTRING_SKIPPED)
        (*skipped)++;
      else
        {
          gsize len;
          const char *data = g_bytes_get_data (frame, &len);

          g_ptr_array_add (frames, g_strndup (data != NULL ? data : "", len));
        }
    }
  return frames;
}

static void
test_byte_by_byte (void)
{
  const char *input = "5:hello,0:,3:a,b,";
  g_autoptr(TlNetstringDecoder) d = tl_netstring_decoder_new (1024);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  guint errors = 0, skipped = 0;

  for (gsize i = 0; i < strlen (input); i++)
    {
      g_autoptr(GPtrArray) got = NULL;

      tl_netstring_decoder_feed (d, (const guint8 *) input + i, 1);
      got = drain (d, &errors, &skipped);
      for (guint j = 0; j < got->len; j++)
        g_ptr_array_add (all, g_strdup (g_ptr_array_index (got, j)));
    }
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (all, 0), ==, "hello");
  g_assert_cmpstr (g_ptr_array_index (all, 1), ==, "");
  g_assert_cmpstr (g_ptr_array_index (all, 2), ==, "a,b");
  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpuint (tl_netstring_decoder_get_buffered (d), ==, 0);
}

static void
test_many_in_one_read (void)
{
  const char *input = "1:a,1:b,1:c,2:d";
  g_autoptr(TlNetstringDecoder) d = tl_netstring_decoder_new (1024);
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  guint errors = 0, skipped = 0;

  tl_netstring_decoder_feed (d, (const guint8 *) input, strlen (input));
  got = drain (d, &errors, &skipped);
  g_assert_cmpuint (got->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (got, 2), ==, "c");
  tl_netstring_decoder_feed (d, (const guint8 *) "e,", 2);
  rest = drain (d, &errors, &skipped);
  g_assert_cmpuint (rest->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (rest, 0), ==, "de");
}

static void
test_bad_lengths_resync (void)
{
  /* Garbage, a non-digit length, a leading zero and a missing comma; the good
   * frames around them still come through. */
  const char *input = "x:zz,2:ok,ab:c,1:y,01:q,3:abcX1:z,";
  g_autoptr(TlNetstringDecoder) d = tl_netstring_decoder_new (1024);
  g_autoptr(GPtrArray) got = NULL;
  guint errors = 0, skipped = 0;

  tl_netstring_decoder_feed (d, (const guint8 *) input, strlen (input));
  got = drain (d, &errors, &skipped);
  g_assert_cmpuint (errors, >=, 3);
  g_assert_true (got->len >= 2);
  g_assert_cmpstr (g_ptr_array_index (got, 0), ==, "ok");
  g_assert_cmpstr (g_ptr_array_index (got, 1), ==, "y");
}

static void
test_oversized_skipped (void)
{
  g_autoptr(TlNetstringDecoder) d = tl_netstring_decoder_new (16);
  g_autofree char *big = g_strnfill (100000, 'x');
  g_autoptr(GPtrArray) got = NULL;
  guint errors = 0, skipped = 0;

  tl_netstring_decoder_feed (d, (const guint8 *) "100000:", 7);
  got = drain (d, &errors, &skipped);
  g_assert_cmpuint (got->len, ==, 0);
  /* Fed in pieces: the decoder never holds the oversized payload. */
  for (gsize off = 0; off < 100000; off += 7000)
    {
      g_autoptr(GPtrArray) none = NULL;

      tl_netstring_decoder_feed (d, (const guint8 *) big + off, MIN (7000, 100000 - off));
      none = drain (d, &errors, &skipped);
      g_assert_cmpuint (none->len, ==, 0);
      g_assert_cmpuint (tl_netstring_decoder_get_buffered (d), <=, 16);
    }
  tl_netstring_decoder_feed (d, (const guint8 *) ",4:next,", 8);
  g_clear_pointer (&got, g_ptr_array_unref);
  got = drain (d, &errors, &skipped);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (errors, ==, 0);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (got, 0), ==, "next");
}

static void
test_absurd_length (void)
{
  g_autoptr(TlNetstringDecoder) d = tl_netstring_decoder_new (1024);
  g_autoptr(GPtrArray) got = NULL;
  const char *input = "99999999999999999999:x,1:a,";
  guint errors = 0, skipped = 0;

  tl_netstring_decoder_feed (d, (const guint8 *) input, strlen (input));
  got = drain (d, &errors, &skipped);
  g_assert_cmpuint (errors, >=, 1);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (got, 0), ==, "a");
}

static void
test_encode (void)
{
  g_autoptr(GBytes) b = tl_netstring_encode ("{\"a\":1}", 7);
  gsize len;
  const char *data = g_bytes_get_data (b, &len);

  g_assert_cmpmem (data, len, "7:{\"a\":1},", 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/netstring/byte-by-byte", test_byte_by_byte);
  g_test_add_func ("/netstring/many-in-one-read", test_many_in_one_read);
  g_test_add_func ("/netstring/bad-lengths-resync", test_bad_lengths_resync);
  g_test_add_func ("/netstring/oversized-skipped", test_oversized_skipped);
  g_test_add_func ("/netstring/absurd-length", test_absurd_length);
  g_test_add_func ("/netstring/encode", test_encode);
  return g_test_run ();
}
