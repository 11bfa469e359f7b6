/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tiny STUN server on loopback for the NAT checks (Kamailio does no STUN):
 * two UDP ports, Binding responses with XOR-MAPPED-ADDRESS and OTHER-ADDRESS
 * (RFC 5389, RFC 5780), and on request the lie of a symmetric NAT. */
#include "config.h"

#include <string.h>

#include "tl-test-trunk.h"

struct _TlTestStun {
  GSocket      *sockets[2];
  guint         ports[2];
  gboolean      symmetric;
  GThread      *thread;
  GCancellable *stop;
  gint          requests;   /* atomic */
};

static void
put16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

/* Builds the answer to the Binding request in @req (already checked) from @from. */
static gsize
answer (TlTestStun         *self,
        guint               index,
        const guint8       *req,
        GInetSocketAddress *from,
        guint8             *out)
{
  GInetAddress *ip = g_inet_socket_address_get_address (from);
  const guint8 *bytes = g_inet_address_to_bytes (ip);
  guint16 port = g_inet_socket_address_get_port (from);
  guint8 *attr = out + 20;

  /* A symmetric NAT shows each destination another public port. */
  if (self->symmetric)
    port = (guint16) (port + 1000 * (index + 1));
  put16 (out, 0x0101);
  memcpy (out + 4, req + 4, 16);            /* cookie and transaction id */
  put16 (attr, 0x0020);                     /* XOR-MAPPED-ADDRESS, IPv4 */
  put16 (attr + 2, 8);
  attr[4] = 0;
  attr[5] = 0x01;
  put16 (attr + 6, port ^ 0x2112);
  for (guint i = 0; i < 4; i++)
    attr[8 + i] = bytes[i] ^ req[4 + i];
  attr += 12;
  put16 (attr, 0x802C);                     /* OTHER-ADDRESS: the other port */
  put16 (attr + 2, 8);
  attr[4] = 0;
  attr[5] = 0x01;
  put16 (attr + 6, (guint16) self->ports[1 - index]);
  attr[8] = 127;
  attr[9] = 0;
  attr[10] = 0;
  attr[11] = 1;
  attr += 12;
  put16 (out + 2, (guint16) (attr - out - 20));
  return (gsize) (attr - out);
}

static gpointer
serve (gpointer data)
{
  TlTestStun *self = data;

  while (!g_cancellable_is_cancelled (self->stop))
    {
      GPollFD fds[3];
      guint8 buf[1500];
      guint8 out[128];

      for (guint i = 0; i < 2; i++)
        {
          fds[i].fd = g_socket_get_fd (self->sockets[i]);
          fds[i].events = G_IO_IN;
          fds[i].revents = 0;
        }
      g_cancellable_make_pollfd (self->stop, &fds[2]);
      if (g_poll (fds, 3, 1000) <= 0)
        continue;
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GSocketAddress) from = NULL;
          gssize n;

          if (!(fds[i].revents & G_IO_IN))
            continue;
          n = g_socket_receive_from (self->sockets[i], &from, (char *) buf, sizeof buf, NULL, NULL);
          if (n < 20 || buf[0] != 0x00 || buf[1] != 0x01 || buf[4] != 0x21 || buf[5] != 0x12
              || buf[6] != 0xA4 || buf[7] != 0x42 || !G_IS_INET_SOCKET_ADDRESS (from))
            continue;
          g_atomic_int_inc (&self->requests);
          g_socket_send_to (self->sockets[i], from, (const char *) out,
                            answer (self, i, buf, G_INET_SOCKET_ADDRESS (from), out), NULL, NULL);
        }
      g_cancellable_release_fd (self->stop);
    }
  return NULL;
}

TlTestStun *
tl_test_stun_start (gboolean   symmetric,
                    GError   **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  TlTestStun *self = g_new0 (TlTestStun, 1);

  self->symmetric = symmetric;
  self->stop = g_cancellable_new ();
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
      g_autoptr(GSocketAddress) bound = NULL;

      self->sockets[i] = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
      if (self->sockets[i] == NULL || !g_socket_bind (self->sockets[i], any_port, FALSE, error)
          || (bound = g_socket_get_local_address (self->sockets[i], error)) == NULL)
        {
          tl_test_stun_free (self);
          return NULL;
        }
      self->ports[i] = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }
  self->thread = g_thread_new ("tl-test-stun", serve, self);
  return self;
}

guint
tl_test_stun_get_port (TlTestStun *self)
{
  return self->ports[0];
}

guint
tl_test_stun_count_requests (TlTestStun *self)
{
  return (guint) g_atomic_int_get (&self->requests);
}

void
tl_test_stun_free (TlTestStun *self)
{
  if (self == NULL)
    return;
  g_cancellable_cancel (self->stop);
  if (self->thread != NULL)
    g_thread_join (self->thread);
  for (guint i = 0; i < 2; i++)
    g_clear_object (&self->sockets[i]);
  g_clear_object (&self->stop);
  g_free (self);
}
