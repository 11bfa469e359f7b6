/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A minimal SIP OPTIONS sender: is this proxy answering SIP right now? */
#define G_LOG_DOMAIN "tl-registration"

#include "config.h"

#include "tl-sip-probe.h"

#include <string.h>

/* One request and one status line is all failover needs; a full SIP stack
 * (libosip2, or a second engine) would be more code to trust, not less. */

typedef struct {
  char   *host;
  guint16 port;
  char   *transport;
  guint   timeout_ms;
  gint64  rtt_us;      /* request written → answer read; -1 until then */
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_free (data->host);
  g_free (data->transport);
  g_free (data);
}

guint
tl_sip_probe_parse_status (const char *response,
                           gsize       len)
{
  guint code = 0;

  if (len < 12 || strncmp (response, "SIP/2.0 ", 8) != 0)
    return 0;
  for (guint i = 8; i < 11; i++)
    {
      if (!g_ascii_isdigit (response[i]))
        return 0;
      code = code * 10 + (guint) (response[i] - '0');
    }
  if (response[11] != ' ' && response[11] != '\r')
    return 0;
  return (code >= 100 && code <= 699) ? code : 0;
}

static char *
random_token (void)
{
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}

static char *
build_request (ProbeData  *data,
               const char *local,
               const char *call_id)
{
  g_autofree char *branch = random_token ();
  g_autofree char *tag = random_token ();
  g_autofree char *transport_upper = g_ascii_strup (data->transport, -1);
  gboolean v6 = strchr (data->host, ':') != NULL;

  return g_strdup_printf ("OPTIONS sip:%s%s%s:%u SIP/2.0\r\n"
                          "Via: SIP/2.0/%s %s;branch=z9hG4bK%s;rport\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:probe@trunkline.invalid>;tag=%s\r\n"
                          "To: <sip:%s%s%s:%u>\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: 1 OPTIONS\r\n"
                          "User-Agent: Trunkline/" PACKAGE_VERSION "\r\n"
                          "Content-Length: 0\r\n\r\n",
                          v6 ? "[" : "", data->host, v6 ? "]" : "", data->port,
                          transport_upper, local, branch, tag,
                          v6 ? "[" : "", data->host, v6 ? "]" : "", data->port,
                          call_id);
}

static char *
local_address_text (GSocket *socket)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autofree char *ip = NULL;

  if (local == NULL)
    return g_strdup ("0.0.0.0:0");
  ip = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  if (g_inet_address_get_family (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)))
      == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", ip, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  return g_strdup_printf ("%s:%u", ip, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

static guint
probe_udp (ProbeData     *data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autolist(GInetAddress) addresses = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GInetAddress) any_ip = NULL;
  g_autofree char *local = NULL;
  g_autofree char *request = NULL;
  g_autofree char *call_id = random_token ();
  GInetAddress *target;
  char buf[4096];
  gint64 deadline;
  gint64 sent_us;

  addresses = g_resolver_lookup_by_name (resolver, data->host, cancellable, error);
  if (addresses == NULL)
    return 0;
  target = addresses->data;
  socket = g_socket_new (g_inet_address_get_family (target), G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, error);
  if (socket == NULL)
    return 0;
  any_ip = g_inet_address_new_any (g_inet_address_get_family (target));
  any = g_inet_socket_address_new (any_ip, 0);
  remote = g_inet_socket_address_new (target, data->port);
  /* connect() a UDP socket: the kernel drops datagrams from anyone else and
   * reports ICMP "port unreachable" as an error on the next read. */
  if (!g_socket_bind (socket, any, FALSE, error) || !g_socket_connect (socket, remote, cancellable, error))
    return 0;
  local = local_address_text (socket);
  request = build_request (data, local, call_id);
  if (g_socket_send (socket, request, strlen (request), cancellable, error) < 0)
    return 0;
  sent_us = g_get_monotonic_time ();

  deadline = sent_us + (gint64) data->timeout_ms * 1000;
  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      gssize n;

      if (left <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "No answer from %s:%u within %u ms", data->host, data->port, data->timeout_ms);
          return 0;
        }
      if (!g_socket_condition_timed_wait (socket, G_IO_IN, left, cancellable, error))
        return 0;
      n = g_socket_receive (socket, buf, sizeof buf - 1, cancellable, error);
      if (n < 0)
        return 0;
      buf[n] = '\0';
      /* Only the answer to our request counts. */
      if (strstr (buf, call_id) != NULL)
        {
          guint code = tl_sip_probe_parse_status (buf, (gsize) n);

          if (code != 0)
            {
              data->rtt_us = g_get_monotonic_time () - sent_us;
              return code;
            }
        }
    }
}

static gboolean
accept_any_certificate (GTlsConnection       *connection,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

static void
client_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING && G_IS_TLS_CONNECTION (connection))
    g_signal_connect (connection, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
}

static guint
probe_stream (ProbeData     *data,
              gboolean       tls,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *local = NULL;
  g_autofree char *request = NULL;
  g_autofree char *call_id = random_token ();
  GInputStream *in;
  GString *response;
  char buf[4096];
  guint code = 0;
  gint64 sent_us;

  g_socket_client_set_timeout (client, MAX (1u, data->timeout_ms / 1000));
  /* SIP goes straight to the proxy; HTTP proxy settings do not apply. */
  g_socket_client_set_enable_proxy (client, FALSE);
  /* Liveness only: the certificate is judged by TlTlsCheck, not here. */
  g_socket_client_set_tls (client, tls);
  /* A self-signed or pinned edge is alive too: without this every probe of
   * one would fail and look like an outage. */
  g_signal_connect (client, "event", G_CALLBACK (client_event_cb), NULL);
  connection = g_socket_client_connect_to_host (client, data->host, data->port, cancellable, error);
  if (connection == NULL)
    return 0;
  local = local_address_text (g_socket_connection_get_socket (connection));
  request = build_request (data, local, call_id);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, cancellable, error))
    return 0;
  /* The handshake is behind us: the round trip is SIP's own. */
  sent_us = g_get_monotonic_time ();
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  response = g_string_new (NULL);
  while (strstr (response->str, "\r\n\r\n") == NULL && response->len < 65536)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, cancellable, error);

      if (n <= 0)
        {
          if (n == 0)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         "%s:%u closed the connection without answering", data->host, data->port);
          g_string_free (response, TRUE);
          return 0;
        }
      g_string_append_len (response, buf, n);
    }
  code = tl_sip_probe_parse_status (response->str, response->len);
  data->rtt_us = g_get_monotonic_time () - sent_us;
  if (code == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "%s:%u did not answer with SIP", data->host, data->port);
  g_string_free (response, TRUE);
  return code;
}

static void
probe_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ProbeData *data = task_data;
  g_autoptr(GError) error = NULL;
  guint code;

  if (g_strcmp0 (data->transport, "udp") == 0)
    code = probe_udp (data, cancellable, &error);
  else
    code = probe_stream (data, g_strcmp0 (data->transport, "tls") == 0, cancellable, &error);
  if (code == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, code);
}

void
tl_sip_probe_async (const char          *host,
                    guint16              port,
                    const char          *transport,
                    guint                timeout_ms,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ProbeData *data = g_new0 (ProbeData, 1);

  g_task_set_source_tag (task, tl_sip_probe_async);
  data->host = g_strdup (host);
  data->port = port;
  data->transport = g_strdup (transport != NULL ? transport : "udp");
  data->timeout_ms = timeout_ms;
  data->rtt_us = -1;
  g_task_set_task_data (task, data, (GDestroyNotify) probe_data_free);
  /* Blocking socket calls with deadlines, off the main loop. */
  g_task_run_in_thread (task, probe_thread);
}

guint
tl_sip_probe_finish (GAsyncResult  *result,
                     GError       **error)
{
  gssize code;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  code = g_task_propagate_int (G_TASK (result), error);
  return code > 0 ? (guint) code : 0;
}

guint
tl_sip_probe_finish_with_rtt (GAsyncResult  *result,
                              gint64        *rtt_us,
                              GError       **error)
{
  ProbeData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  data = g_task_get_task_data (G_TASK (result));
  if (rtt_us != NULL)
    *rtt_us = data->rtt_us;
  return tl_sip_probe_finish (result, error);
}

gboolean
tl_sip_target_parse (const char  *text,
                     gboolean     is_uri,
                     const char  *default_transport,
                     char       **host,
                     guint16     *port,
                     char       **transport)
{
  g_autofree char *hostport = NULL;
  const char *p = text;
  const char *colon;
  guint64 number = 0;

  *host = NULL;
  *port = 0;
  *transport = g_strdup (default_transport);
  if (text == NULL)
    return FALSE;
  if (is_uri)
    {
      if (g_str_has_prefix (p, "sips:"))
        p += 5;
      else if (g_str_has_prefix (p, "sip:"))
        p += 4;
      if (strchr (p, '@') != NULL)
        p = strchr (p, '@') + 1;
      hostport = g_strndup (p, strcspn (p, ";?>"));
      p = strstr (text, ";transport=");
      if (p != NULL)
        {
          p += strlen (";transport=");
          g_free (*transport);
          *transport = g_ascii_strdown (p, (gssize) strcspn (p, ";?>"));
        }
    }
  else
    hostport = g_strdup (text);

  if (hostport[0] == '[')
    {
      const char *end = strchr (hostport, ']');

      if (end == NULL)
        return FALSE;
      *host = g_strndup (hostport + 1, (gsize) (end - hostport - 1));
      colon = end[1] == ':' ? end + 1 : NULL;
    }
  else
    {
      colon = strrchr (hostport, ':');
      *host = colon != NULL ? g_strndup (hostport, (gsize) (colon - hostport)) : g_strdup (hostport);
    }
  if (colon != NULL && !g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &number, NULL))
    return FALSE;
  *port = (guint16) number;
  return **host != '\0';
}
