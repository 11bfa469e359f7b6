/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The STUN Binding parser on answers from the network, good and hostile. */
#include "config.h"

#include <string.h>

#include "tl-stun-probe.h"

static const guint8 txid[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

/* A success response to txid: XOR-MAPPED-ADDRESS 192.0.2.7:40001 and OTHER-ADDRESS 198.51.100.1:3479. */
static gsize
build_response (guint8 *out)
{
  guint8 *a;

  memset (out, 0, 64);
  out[0] = 0x01;
  out[1] = 0x01;
  out[4] = 0x21; out[5] = 0x12; out[6] = 0xA4; out[7] = 0x42;
  memcpy (out + 8, txid, 12);
  a = out + 20;
  a[0] = 0x00; a[1] = 0x20; a[2] = 0; a[3] = 8;
  a[5] = 0x01;
  a[6] = (40001 >> 8) ^ 0x21; a[7] = (40001 & 0xff) ^ 0x12;
  a[8] = 192 ^ 0x21; a[9] = 0 ^ 0x12; a[10] = 2 ^ 0xA4; a[11] = 7 ^ 0x42;
  a += 12;
  a[0] = 0x80; a[1] = 0x2C; a[2] = 0; a[3] = 8;
  a[5] = 0x01;
  a[6] = 3479 >> 8; a[7] = 3479 & 0xff;
  a[8] = 198; a[9] = 51; a[10] = 100; a[11] = 1;
  out[3] = 24;
  return 44;
}

static char *
text_of (GInetSocketAddress *address)
{
  g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (address));

  return g_strdup_printf ("%s:%u", ip, g_inet_socket_address_get_port (address));
}

static void
test_request (void)
{
  guint8 request[TL_STUN_HEADER_SIZE];

  tl_stun_build_binding_request (txid, request);
  g_assert_cmpint (request[0], ==, 0x00);
  g_assert_cmpint (request[1], ==, 0x01);
  g_assert_cmpint (request[2] | request[3], ==, 0);
  g_assert_cmpint (request[4], ==, 0x21);
  g_assert_cmpmem (request + 8, 12, txid, 12);
}

static void
test_response (void)
{
  guint8 buf[64];
  gsize len = build_response (buf);
  g_autoptr(GInetSocketAddress) mapped = NULL;
  g_autoptr(GInetSocketAddress) other = NULL;
  g_autofree char *mapped_text = NULL;
  g_autofree char *other_text = NULL;

  g_assert_true (tl_stun_parse_binding_response (buf, len, txid, &mapped, &other));
  mapped_text = text_of (mapped);
  other_text = text_of (other);
  g_assert_cmpstr (mapped_text, ==, "192.0.2.7:40001");
  g_assert_cmpstr (other_text, ==, "198.51.100.1:3479");
}

static void
test_hostile (void)
{
  guint8 buf[64];
  gsize len = build_response (buf);
  guint8 wrong_id[12] = { 0 };
  GInetSocketAddress *mapped = NULL;

  /* Every cut of a good answer is refused or parsed within bounds. */
  for (gsize cut = 0; cut < len; cut++)
    {
      if (tl_stun_parse_binding_response (buf, cut, txid, &mapped, NULL))
        g_clear_object (&mapped);
    }
  g_assert_false (tl_stun_parse_binding_response (buf, len, wrong_id, &mapped, NULL));
  g_assert_null (mapped);
  /* An attribute that claims more than the message holds. */
  buf[20 + 3] = 200;
  g_assert_false (tl_stun_parse_binding_response (buf, len, txid, &mapped, NULL));
  buf[20 + 3] = 8;
  /* An error response is not a mapping. */
  buf[1] = 0x11;
  g_assert_false (tl_stun_parse_binding_response (buf, len, txid, &mapped, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stun/request", test_request);
  g_test_add_func ("/stun/response", test_response);
  g_test_add_func ("/stun/hostile", test_hostile);
  return g_test_run ();
}
