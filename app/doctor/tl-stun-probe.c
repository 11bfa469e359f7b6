/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A STUN Binding request (RFC 5389) over UDP, and the NAT behaviour it shows. */
#define G_LOG_DOMAIN "tl-doctor"

#include "config.h"

#include "tl-stun-probe.h"

#include <string.h>

/* A dozen lines of STUN are easier to trust than libnice's agent for one
 * question; nothing here keeps state between probes. */

#define ATTR_MAPPED_ADDRESS     0x0001
#define ATTR_CHANGED_ADDRESS    0x0005
#define ATTR_XOR_MAPPED_ADDRESS 0x0020
#define ATTR_OTHER_ADDRESS      0x802C
#define BINDING_REQUEST         0x0001
#define BINDING_SUCCESS         0x0101
#define RESEND_MS               500

typedef struct {
  char    *host;
  guint16  port;
  guint    timeout_ms;
} StunData;

static void
stun_data_free (StunData *data)
{
  g_free (data->host);
  g_free (data);
}

void
tl_stun_report_free (TlStunReport *report)
{
  if (report == NULL)
    return;
  g_free (report->local_address);
  g_free (report->mapped_address);
  g_free (report->second_mapped);
  g_free (report);
}

void
tl_stun_build_binding_request (const guint8 txid[12],
                               guint8       out[TL_STUN_HEADER_SIZE])
{
  out[0] = BINDING_REQUEST >> 8;
  out[1] = BINDING_REQUEST & 0xff;
  out[2] = 0;
  out[3] = 0;
  out[4] = (TL_STUN_MAGIC_COOKIE >> 24) & 0xff;
  out[5] = (TL_STUN_MAGIC_COOKIE >> 16) & 0xff;
  out[6] = (TL_STUN_MAGIC_COOKIE >> 8) & 0xff;
  out[7] = TL_STUN_MAGIC_COOKIE & 0xff;
  memcpy (out + 8, txid, 12);
}

static guint16
read16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

/* One address attribute value (RFC 5389 §15.1/§15.2); @xor_key NULL for the plain form. */
static GInetSocketAddress *
parse_address (const guint8 *value,
               gsize         len,
               const guint8 *xor_key)
{
  guint8 bytes[16];
  gsize size;
  guint16 port;
  g_autoptr(GInetAddress) address = NULL;

  if (len < 4)
    return NULL;
  if (value[1] == 0x01)
    size = 4;
  else if (value[1] == 0x02)
    size = 16;
  else
    return NULL;
  if (len < 4 + size)
    return NULL;
  port = read16 (value + 2);
  memcpy (bytes, value + 4, size);
  if (xor_key != NULL)
    {
      port ^= (guint16) (TL_STUN_MAGIC_COOKIE >> 16);
      for (gsize i = 0; i < size; i++)
        bytes[i] ^= xor_key[i];
    }
  address = g_inet_address_new_from_bytes (bytes, size == 4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, port));
}

gboolean
tl_stun_parse_binding_response (const guint8         *buf,
                                gsize                 len,
                                const guint8          txid[12],
                                GInetSocketAddress  **mapped,
                                GInetSocketAddress  **other)
{
  guint8 xor_key[16];
  gsize body;
  gsize at = TL_STUN_HEADER_SIZE;
  g_autoptr(GInetSocketAddress) xor_mapped = NULL;
  g_autoptr(GInetSocketAddress) plain_mapped = NULL;
  g_autoptr(GInetSocketAddress) alternate = NULL;

  *mapped = NULL;
  if (other != NULL)
    *other = NULL;
  if (len < TL_STUN_HEADER_SIZE || read16 (buf) != BINDING_SUCCESS)
    return FALSE;
  body = read16 (buf + 2);
  if ((body & 3) != 0 || TL_STUN_HEADER_SIZE + body > len)
    return FALSE;
  if (buf[4] != ((TL_STUN_MAGIC_COOKIE >> 24) & 0xff) || buf[5] != ((TL_STUN_MAGIC_COOKIE >> 16) & 0xff)
      || buf[6] != ((TL_STUN_MAGIC_COOKIE >> 8) & 0xff) || buf[7] != (TL_STUN_MAGIC_COOKIE & 0xff)
      || memcmp (buf + 8, txid, 12) != 0)
    return FALSE;
  memcpy (xor_key, buf + 4, 16);

  while (at + 4 <= TL_STUN_HEADER_SIZE + body)
    {
      guint16 type = read16 (buf + at);
      gsize attr_len = read16 (buf + at + 2);
      const guint8 *value = buf + at + 4;

      if (at + 4 + attr_len > TL_STUN_HEADER_SIZE + body)
        return FALSE;
      if (type == ATTR_XOR_MAPPED_ADDRESS && xor_mapped == NULL)
        xor_mapped = parse_address (value, attr_len, xor_key);
      else if (type == ATTR_MAPPED_ADDRESS && plain_mapped == NULL)
        plain_mapped = parse_address (value, attr_len, NULL);
      else if ((type == ATTR_OTHER_ADDRESS || type == ATTR_CHANGED_ADDRESS) && alternate == NULL)
        alternate = parse_address (value, attr_len, NULL);
      at += 4 + ((attr_len + 3) & ~(gsize) 3);
    }
  if (xor_mapped == NULL && plain_mapped == NULL)
    return FALSE;
  *mapped = xor_mapped != NULL ? g_steal_pointer (&xor_mapped) : g_steal_pointer (&plain_mapped);
  if (other != NULL)
    *other = g_steal_pointer (&alternate);
  return TRUE;
}

static char *
address_text (GInetSocketAddress *address)
{
  g_autofree char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (address));

  if (g_inet_address_get_family (g_inet_socket_address_get_address (address)) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", ip, g_inet_socket_address_get_port (address));
  return g_strdup_printf ("%s:%u", ip, g_inet_socket_address_get_port (address));
}

/* One transaction from @socket to @server: resends until an answer or @deadline. */
static GInetSocketAddress *
binding (GSocket             *socket,
         GSocketAddress      *server,
         gint64               deadline,
         GInetSocketAddress **other,
         gint64              *rtt_us,
         GCancellable        *cancellable,
         GError             **error)
{
  guint8 txid[12];
  guint8 request[TL_STUN_HEADER_SIZE];
  guint8 buf[1500];
  gint64 first_sent = 0;

  for (guint i = 0; i < 12; i += 4)
    {
      guint32 r = g_random_int ();

      memcpy (txid + i, &r, 4);
    }
  tl_stun_build_binding_request (txid, request);
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wait_until = MIN (deadline, now + RESEND_MS * 1000);

      if (now >= deadline)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "No answer from the STUN server");
          return NULL;
        }
      if (g_socket_send_to (socket, server, (const char *) request, sizeof request, cancellable, error) < 0)
        return NULL;
      if (first_sent == 0)
        first_sent = now;
      while (g_get_monotonic_time () < wait_until)
        {
          g_autoptr(GError) wait_error = NULL;
          GInetSocketAddress *mapped = NULL;
          gssize n;

          if (!g_socket_condition_timed_wait (socket, G_IO_IN, wait_until - g_get_monotonic_time (),
                                              cancellable, &wait_error))
            {
              if (g_error_matches (wait_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
                break;
              g_propagate_error (error, g_steal_pointer (&wait_error));
              return NULL;
            }
          n = g_socket_receive_from (socket, NULL, (char *) buf, sizeof buf, cancellable, &wait_error);
          if (n < 0)
            {
              /* ICMP port unreachable from an earlier send: nothing listens. */
              g_propagate_error (error, g_steal_pointer (&wait_error));
              return NULL;
            }
          if (tl_stun_parse_binding_response (buf, (gsize) n, txid, &mapped, other))
            {
              *rtt_us = g_get_monotonic_time () - first_sent;
              return mapped;
            }
        }
    }
}

/* The local address the kernel picks toward @server (a connected UDP socket sends nothing). */
static GInetAddress *
local_address_toward (GSocketAddress  *server,
                      GError         **error)
{
  GSocketFamily family = g_socket_address_get_family (server);
  g_autoptr(GSocket) probe = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);
  g_autoptr(GSocketAddress) local = NULL;

  if (probe == NULL || !g_socket_connect (probe, server, NULL, error))
    return NULL;
  local = g_socket_get_local_address (probe, error);
  if (local == NULL)
    return NULL;
  return g_object_ref (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
}

static gboolean
same_address (GInetSocketAddress *a,
              GInetSocketAddress *b)
{
  return g_inet_socket_address_get_port (a) == g_inet_socket_address_get_port (b)
         && g_inet_address_equal (g_inet_socket_address_get_address (a), g_inet_socket_address_get_address (b));
}

static void
stun_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  StunData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autolist(GInetAddress) addresses = NULL;
  g_autoptr(GSocketAddress) server = NULL;
  g_autoptr(GInetAddress) local_ip = NULL;
  g_autoptr(GSocketAddress) bind_to = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GInetSocketAddress) mapped = NULL;
  g_autoptr(GInetSocketAddress) other = NULL;
  g_autoptr(TlStunReport) report = g_new0 (TlStunReport, 1);
  gint64 deadline = g_get_monotonic_time () + (gint64) data->timeout_ms * 1000;

  addresses = g_resolver_lookup_by_name (resolver, data->host, cancellable, &error);
  if (addresses == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  server = g_inet_socket_address_new (addresses->data, data->port);
  local_ip = local_address_toward (server, &error);
  if (local_ip != NULL)
    {
      bind_to = g_inet_socket_address_new (local_ip, 0);
      socket = g_socket_new (g_socket_address_get_family (server), G_SOCKET_TYPE_DATAGRAM,
                             G_SOCKET_PROTOCOL_UDP, &error);
    }
  if (socket == NULL || !g_socket_bind (socket, bind_to, FALSE, &error)
      || (local = g_socket_get_local_address (socket, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report->local_address = address_text (G_INET_SOCKET_ADDRESS (local));
  mapped = binding (socket, server, deadline, &other, &report->rtt_us, cancellable, &error);
  if (mapped == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report->mapped_address = address_text (mapped);
  report->behind_nat = !same_address (mapped, G_INET_SOCKET_ADDRESS (local));
  if (other != NULL && !same_address (other, G_INET_SOCKET_ADDRESS (server)))
    {
      g_autoptr(GInetSocketAddress) second = NULL;
      g_autoptr(GError) second_error = NULL;
      gint64 ignored;

      /* RFC 5780 §4.3: the same socket to another server address. A NAT that
       * maps it to another port maps per destination: "symmetric". */
      second = binding (socket, G_SOCKET_ADDRESS (other), deadline, NULL, &ignored, cancellable, &second_error);
      if (second != NULL)
        {
          report->mapping_checked = TRUE;
          report->second_mapped = address_text (second);
          report->symmetric = !same_address (second, mapped);
        }
      else
        g_debug ("STUN: the other address did not answer: %s", second_error->message);
    }
  g_task_return_pointer (task, g_steal_pointer (&report), (GDestroyNotify) tl_stun_report_free);
}

void
tl_stun_probe_async (const char          *host,
                     guint16              port,
                     guint                timeout_ms,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  StunData *data = g_new0 (StunData, 1);

  g_task_set_source_tag (task, tl_stun_probe_async);
  data->host = g_strdup (host);
  data->port = port;
  data->timeout_ms = timeout_ms;
  g_task_set_task_data (task, data, (GDestroyNotify) stun_data_free);
  g_task_run_in_thread (task, stun_thread);
}

TlStunReport *
tl_stun_probe_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
