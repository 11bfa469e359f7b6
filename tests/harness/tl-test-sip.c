/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Raw SIP for tests that play a hostile caller: bytes on the wire, not text. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-trunk.h"

#include <string.h>

GSocketConnection *
tl_test_sip_send_invite_from (guint        port,
                              const char  *request_user,
                              const char  *from_user,
                              const char  *to_user,
                              const char  *display_name,
                              gsize        display_name_len,
                              const char  *call_id,
                              GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GByteArray) msg = g_byte_array_new ();
  g_autofree char *head = NULL;
  g_autofree char *rest = NULL;
  const char *sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) port, NULL, error);
  if (connection == NULL)
    return NULL;
  head = g_strdup_printf ("INVITE sip:%s@127.0.0.1:%u;transport=tcp SIP/2.0\r\n"
                          "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-%s\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: \"", request_user, port, call_id);
  rest = g_strdup_printf ("\" <sip:%s@127.0.0.1>;tag=%s\r\n"
                          "To: <sip:%s@127.0.0.1>\r\n"
                          "Call-ID: %s\r\n"
                          "CSeq: 1 INVITE\r\n"
                          "Contact: <sip:mallory@127.0.0.1:5999;transport=tcp>\r\n"
                          "Content-Type: application/sdp\r\n"
                          "Content-Length: %zu\r\n\r\n%s",
                          from_user, call_id, to_user, call_id, strlen (sdp), sdp);
  g_byte_array_append (msg, (const guint8 *) head, strlen (head));
  g_byte_array_append (msg, (const guint8 *) display_name, display_name_len);
  g_byte_array_append (msg, (const guint8 *) rest, strlen (rest));
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  msg->data, msg->len, NULL, NULL, error))
    {
      g_object_unref (connection);
      return NULL;
    }
  return connection;
}

GSocketConnection *
tl_test_sip_send_invite (guint        port,
                         const char  *request_user,
                         const char  *to_user,
                         const char  *display_name,
                         gsize        display_name_len,
                         const char  *call_id,
                         GError     **error)
{
  return tl_test_sip_send_invite_from (port, request_user, "mallory", to_user, display_name, display_name_len,
                                       call_id, error);
}

char *
tl_test_sip_contact_user (const char *contact)
{
  const char *user;

  if (contact == NULL || (user = strstr (contact, "sip:")) == NULL)
    return NULL;
  user += 4;
  return g_strndup (user, strcspn (user, "@"));
}
