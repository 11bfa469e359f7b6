/* SPDX-License-Identifier: GPL-3.0-or-later */
/* On-the-wire media checks: tcpdump on loopback, a pcap reader, SIP/SDP extraction, and RTP
 * streams unprotected with libsrtp2 and decoded with libopus or G.711, independent of the app. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-wire.h"
#include "tl-test-private.h"

#include <arpa/inet.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include <opus.h>
#include <srtp2/srtp.h>

/* ---- capture ----------------------------------------------------------------- */

struct _TlTestCapture {
  GSubprocess *process;
  char        *path;
  char        *log_path;
  gboolean     stopped;
};

static gboolean
log_says_listening (const char *log_path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (log_path, &text, NULL, NULL))
    return FALSE;
  return strstr (text, "listening on") != NULL;
}

TlTestCapture *
tl_test_capture_start (const char  *scratch_dir,
                       const char  *filter,
                       GError     **error)
{
  static guint counter;
  g_autoptr(TlTestCapture) self = g_new0 (TlTestCapture, 1);
  g_autofree char *base = g_strdup_printf ("capture-%u", ++counter);
  g_autofree char *file_name = g_strconcat (base, ".pcap", NULL);
  g_autofree char *log_name = g_strconcat (base, ".log", NULL);
  gint64 deadline;
  /* -U writes each packet as it comes (the file is complete up to the last one
   * whenever it is read); -Z root because tcpdump otherwise drops to its own user,
   * which cannot write into the private scratch folder. */
  const char *argv[] = {
    "tcpdump", "-i", "lo", "-n", "-U", "-Z", "root", "-w", NULL, filter, NULL,
  };

  self->path = g_build_filename (scratch_dir, file_name, NULL);
  self->log_path = g_build_filename (scratch_dir, log_name, NULL);
  argv[8] = self->path;
  if (filter == NULL || *filter == '\0')
    argv[9] = NULL;

  self->process = tl_test_spawn (argv, NULL, scratch_dir, self->log_path, FALSE, error);
  if (self->process == NULL)
    return NULL;

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!log_says_listening (self->log_path))
    {
      if (!tl_test_process_alive (self->process))
        {
          g_autofree char *text = NULL;

          g_file_get_contents (self->log_path, &text, NULL, NULL);
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                       "tcpdump exited at start: %s", text ? g_strstrip (text) : "(no log)");
          self->stopped = TRUE;
          return NULL;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                       "tcpdump did not start listening within 10 s (log %s)", self->log_path);
          return NULL;
        }
      tl_test_sleep_ms (20);
    }
  g_debug ("capturing %s on lo into %s", filter ? filter : "everything", self->path);
  return g_steal_pointer (&self);
}

gboolean
tl_test_capture_stop (TlTestCapture  *self,
                      GError        **error)
{
  static const int signals[] = { SIGINT, SIGTERM, 0 };
  gboolean was_running;

  if (self->stopped)
    return TRUE;
  self->stopped = TRUE;
  was_running = tl_test_process_alive (self->process);
  tl_test_process_stop (self->process, signals, 3000, FALSE);
  if (!was_running)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                   "tcpdump died before it was stopped (log %s)", self->log_path);
      return FALSE;
    }
  return TRUE;
}

const char *
tl_test_capture_get_path (TlTestCapture *self)
{
  return self->path;
}

GPtrArray *
tl_test_capture_read_udp (TlTestCapture  *self,
                          GError        **error)
{
  if (!tl_test_capture_stop (self, error))
    return NULL;
  return tl_test_pcap_read_udp (self->path, error);
}

void
tl_test_capture_free (TlTestCapture *self)
{
  if (self == NULL)
    return;
  if (!self->stopped && self->process != NULL)
    tl_test_capture_stop (self, NULL);
  g_clear_object (&self->process);
  g_free (self->path);
  g_free (self->log_path);
  g_free (self);
}

/* ---- pcap reader ------------------------------------------------------------- */

#define PCAP_MAGIC_US  0xa1b2c3d4u
#define PCAP_MAGIC_NS  0xa1b23c4du

enum {
  LINKTYPE_NULL = 0,
  LINKTYPE_ETHERNET = 1,
  LINKTYPE_RAW = 101,
  LINKTYPE_LINUX_SLL = 113,
  LINKTYPE_LINUX_SLL2 = 276,
};

static guint32
get_u32 (const guint8 *p,
         gboolean      swapped)
{
  guint32 v = (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;

  return swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

static guint16
get_be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint32
get_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

void
tl_test_udp_datagram_free (TlTestUdpDatagram *datagram)
{
  if (datagram == NULL)
    return;
  g_clear_pointer (&datagram->payload, g_bytes_unref);
  g_free (datagram);
}

static TlTestUdpDatagram *
parse_udp (const guint8 *udp,
           gsize         len,
           gint64        time_us)
{
  TlTestUdpDatagram *datagram;
  gsize udp_len;

  if (len < 8)
    return NULL;
  udp_len = get_be16 (udp + 4);
  if (udp_len < 8 || udp_len > len)
    return NULL;
  datagram = g_new0 (TlTestUdpDatagram, 1);
  datagram->time_us = time_us;
  datagram->src_port = get_be16 (udp);
  datagram->dst_port = get_be16 (udp + 2);
  datagram->payload = g_bytes_new (udp + 8, udp_len - 8);
  return datagram;
}

static TlTestUdpDatagram *
parse_ipv4 (const guint8 *ip,
            gsize         len,
            gint64        time_us)
{
  TlTestUdpDatagram *datagram;
  gsize header_len, total_len;

  if (len < 20 || (ip[0] >> 4) != 4 || ip[9] != 17)
    return NULL;
  header_len = (gsize) (ip[0] & 0x0f) * 4;
  total_len = get_be16 (ip + 2);
  /* Only an unfragmented datagram or a first fragment carries the UDP header. */
  if ((get_be16 (ip + 6) & 0x1fff) != 0)
    return NULL;
  if (header_len < 20 || total_len < header_len || total_len > len)
    return NULL;
  datagram = parse_udp (ip + header_len, total_len - header_len, time_us);
  if (datagram == NULL)
    return NULL;
  inet_ntop (AF_INET, ip + 12, datagram->src_addr, sizeof datagram->src_addr);
  inet_ntop (AF_INET, ip + 16, datagram->dst_addr, sizeof datagram->dst_addr);
  return datagram;
}

static TlTestUdpDatagram *
parse_ipv6 (const guint8 *ip,
            gsize         len,
            gint64        time_us)
{
  TlTestUdpDatagram *datagram;
  gsize offset = 40, end;
  guint8 next;

  if (len < 40 || (ip[0] >> 4) != 6)
    return NULL;
  end = MIN (len, 40 + (gsize) get_be16 (ip + 4));
  next = ip[6];
  /* Hop-by-hop, routing and destination options headers: skip to UDP. */
  while ((next == 0 || next == 43 || next == 60) && offset + 8 <= end)
    {
      next = ip[offset];
      offset += 8 + (gsize) ip[offset + 1] * 8;
    }
  if (next != 17 || offset > end)
    return NULL;
  datagram = parse_udp (ip + offset, end - offset, time_us);
  if (datagram == NULL)
    return NULL;
  inet_ntop (AF_INET6, ip + 8, datagram->src_addr, sizeof datagram->src_addr);
  inet_ntop (AF_INET6, ip + 24, datagram->dst_addr, sizeof datagram->dst_addr);
  return datagram;
}

/* Finds the IP packet inside a link-layer frame; returns its offset or -1. */
static gssize
ip_offset (guint32       linktype,
           const guint8 *frame,
           gsize         len,
           gboolean      swapped)
{
  guint16 ethertype;
  gsize offset;

  switch (linktype)
    {
    case LINKTYPE_NULL:
      /* The address family in the capturing host's byte order. */
      return len >= 4 ? 4 : -1;
    case LINKTYPE_RAW:
      return 0;
    case LINKTYPE_ETHERNET:
      offset = 12;
      if (len < offset + 2)
        return -1;
      ethertype = get_be16 (frame + offset);
      while ((ethertype == 0x8100 || ethertype == 0x88a8) && len >= offset + 6)
        {
          offset += 4;
          ethertype = get_be16 (frame + offset);
        }
      offset += 2;
      break;
    case LINKTYPE_LINUX_SLL:
      if (len < 16)
        return -1;
      ethertype = get_be16 (frame + 14);
      offset = 16;
      break;
    case LINKTYPE_LINUX_SLL2:
      if (len < 20)
        return -1;
      ethertype = get_be16 (frame);
      offset = 20;
      break;
    default:
      return -1;
    }
  if (ethertype != 0x0800 && ethertype != 0x86dd)
    return -1;
  return (gssize) offset;
}

GPtrArray *
tl_test_pcap_read_udp (const char  *path,
                       GError     **error)
{
  g_autofree guint8 *data = NULL;
  g_autoptr(GPtrArray) datagrams = NULL;
  gsize len, offset = 24;
  guint32 magic, linktype;
  gboolean swapped, nanoseconds;

  if (!g_file_get_contents (path, (char **) &data, &len, error))
    return NULL;
  if (len < 24)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                   "%s: %" G_GSIZE_FORMAT " bytes, shorter than a pcap header", path, len);
      return NULL;
    }
  magic = get_u32 (data, FALSE);
  swapped = magic == GUINT32_SWAP_LE_BE (PCAP_MAGIC_US) || magic == GUINT32_SWAP_LE_BE (PCAP_MAGIC_NS);
  if (swapped)
    magic = GUINT32_SWAP_LE_BE (magic);
  if (magic != PCAP_MAGIC_US && magic != PCAP_MAGIC_NS)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                   "%s is not a classic pcap file (magic 0x%08x; pcapng is not read)", path, magic);
      return NULL;
    }
  nanoseconds = magic == PCAP_MAGIC_NS;
  linktype = get_u32 (data + 20, swapped) & 0x0fffffff;

  datagrams = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_test_udp_datagram_free);
  while (offset + 16 <= len)
    {
      const guint8 *record = data + offset;
      guint32 caplen = get_u32 (record + 8, swapped);
      gint64 time_us = (gint64) get_u32 (record, swapped) * G_USEC_PER_SEC +
                       get_u32 (record + 4, swapped) / (nanoseconds ? 1000 : 1);
      const guint8 *frame = record + 16;
      TlTestUdpDatagram *datagram = NULL;
      gssize ip;

      if (caplen > len - offset - 16)
        break;  /* a record cut short by a kill: the file ends here */
      offset += 16 + caplen;
      ip = ip_offset (linktype, frame, caplen, swapped);
      if (ip < 0 || (gsize) ip >= caplen)
        continue;
      if ((frame[ip] >> 4) == 4)
        datagram = parse_ipv4 (frame + ip, caplen - (gsize) ip, time_us);
      else if ((frame[ip] >> 4) == 6)
        datagram = parse_ipv6 (frame + ip, caplen - (gsize) ip, time_us);
      if (datagram != NULL)
        g_ptr_array_add (datagrams, datagram);
    }
  return g_steal_pointer (&datagrams);
}

/* ---- SDP --------------------------------------------------------------------- */

static void
sdp_crypto_free (TlTestSdpCrypto *crypto)
{
  g_free (crypto->suite);
  g_free (crypto->key_salt_base64);
  g_free (crypto);
}

void
tl_test_sdp_free (TlTestSdp *sdp)
{
  if (sdp == NULL)
    return;
  g_free (sdp->connection_address);
  g_free (sdp->audio_proto);
  g_clear_pointer (&sdp->payload_types, g_array_unref);
  g_clear_pointer (&sdp->rtpmap, g_hash_table_unref);
  g_clear_pointer (&sdp->crypto, g_ptr_array_unref);
  g_free (sdp);
}

static char *
connection_address (const char *value)
{
  /* c=IN IP4 127.0.0.1 */
  g_auto(GStrv) parts = g_strsplit (value, " ", 4);

  if (g_strv_length (parts) < 3)
    return NULL;
  return g_strdup (parts[2]);
}

static gboolean
parse_media_line (TlTestSdp  *sdp,
                  const char *value)
{
  /* m=audio 10000 RTP/SAVP 96 0 8 */
  g_auto(GStrv) parts = g_strsplit (value, " ", -1);
  guint64 port;

  if (g_strv_length (parts) < 4 || g_strcmp0 (parts[0], "audio") != 0)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 0, 65535, &port, NULL))
    return FALSE;
  sdp->audio_port = (guint) port;
  sdp->audio_proto = g_strdup (parts[2]);
  for (guint i = 3; parts[i] != NULL; i++)
    {
      guint64 pt;

      if (g_ascii_string_to_unsigned (parts[i], 10, 0, 127, &pt, NULL))
        {
          guint value32 = (guint) pt;

          g_array_append_val (sdp->payload_types, value32);
        }
    }
  return TRUE;
}

static void
parse_rtpmap (TlTestSdp  *sdp,
              const char *value)
{
  /* rtpmap:96 opus/48000/2 */
  const char *space = strchr (value, ' ');
  g_autofree char *number = NULL;
  guint64 pt;

  if (space == NULL)
    return;
  number = g_strndup (value + strlen ("rtpmap:"), (gsize) (space - value) - strlen ("rtpmap:"));
  if (!g_ascii_string_to_unsigned (number, 10, 0, 127, &pt, NULL))
    return;
  g_hash_table_replace (sdp->rtpmap, GUINT_TO_POINTER ((guint) pt), g_strstrip (g_strdup (space + 1)));
}

static void
parse_crypto (TlTestSdp  *sdp,
              const char *value)
{
  /* crypto:1 AES_CM_128_HMAC_SHA1_80 inline:KEYSALT|2^20|1:4 [session params] */
  g_auto(GStrv) parts = g_strsplit (value + strlen ("crypto:"), " ", 4);
  TlTestSdpCrypto *crypto;
  guint64 tag;
  gsize key_len;

  if (g_strv_length (parts) < 3 || !g_str_has_prefix (parts[2], "inline:"))
    return;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 0, 999999999, &tag, NULL))
    return;
  crypto = g_new0 (TlTestSdpCrypto, 1);
  crypto->tag = (guint) tag;
  crypto->suite = g_strdup (parts[1]);
  key_len = strcspn (parts[2] + strlen ("inline:"), "|;");
  crypto->key_salt_base64 = g_strndup (parts[2] + strlen ("inline:"), key_len);
  g_ptr_array_add (sdp->crypto, crypto);
}

TlTestSdp *
tl_test_sdp_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(TlTestSdp) sdp = g_new0 (TlTestSdp, 1);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *session_address = NULL;
  gboolean in_audio = FALSE, seen_audio = FALSE;

  sdp->payload_types = g_array_new (FALSE, FALSE, sizeof (guint));
  sdp->rtpmap = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  sdp->crypto = g_ptr_array_new_with_free_func ((GDestroyNotify) sdp_crypto_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      const char *value = line + 2;

      if (strlen (line) < 2 || line[1] != '=')
        continue;
      switch (line[0])
        {
        case 'm':
          /* Only the first audio description counts; the next m= line ends it. */
          in_audio = !seen_audio && parse_media_line (sdp, value);
          seen_audio = seen_audio || in_audio;
          break;
        case 'c':
          if (in_audio)
            {
              g_free (sdp->connection_address);
              sdp->connection_address = connection_address (value);
            }
          else if (!seen_audio)
            {
              g_free (session_address);
              session_address = connection_address (value);
            }
          break;
        case 'a':
          if (!in_audio)
            break;
          if (g_str_has_prefix (value, "rtpmap:"))
            parse_rtpmap (sdp, value);
          else if (g_str_has_prefix (value, "crypto:"))
            parse_crypto (sdp, value);
          break;
        default:
          break;
        }
    }
  if (!seen_audio)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID, "the SDP has no m=audio line");
      return NULL;
    }
  if (sdp->connection_address == NULL)
    sdp->connection_address = g_steal_pointer (&session_address);
  return g_steal_pointer (&sdp);
}

const char *
tl_test_sdp_get_codec (const TlTestSdp *sdp,
                       guint            payload_type)
{
  const char *name = g_hash_table_lookup (sdp->rtpmap, GUINT_TO_POINTER (payload_type));

  if (name != NULL)
    return name;
  /* RFC 3551 static payload types may come without an rtpmap. */
  switch (payload_type)
    {
    case 0:
      return "PCMU/8000";
    case 8:
      return "PCMA/8000";
    default:
      return NULL;
    }
}

/* ---- SIP --------------------------------------------------------------------- */

void
tl_test_sip_message_free (TlTestSipMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->start_line);
  g_free (message->call_id);
  g_free (message->cseq);
  g_clear_pointer (&message->sdp, tl_test_sdp_free);
  g_free (message);
}

static gboolean
looks_like_sip (const char *text,
                gsize       len)
{
  static const char *const methods[] = {
    "INVITE ", "ACK ", "BYE ", "CANCEL ", "OPTIONS ", "REGISTER ", "PRACK ", "UPDATE ",
    "INFO ", "NOTIFY ", "SUBSCRIBE ", "REFER ", "MESSAGE ", "SIP/2.0 ", NULL,
  };

  for (guint i = 0; methods[i] != NULL; i++)
    {
      gsize n = strlen (methods[i]);

      if (len > n && strncmp (text, methods[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
header_value (char *const *lines,
              const char  *name,
              const char  *compact)
{
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *field = NULL;

      if (colon == NULL)
        continue;
      field = g_strstrip (g_strndup (lines[i], (gsize) (colon - lines[i])));
      if (g_ascii_strcasecmp (field, name) == 0 ||
          (compact != NULL && g_ascii_strcasecmp (field, compact) == 0))
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}

static TlTestSipMessage *
parse_sip (const TlTestUdpDatagram *datagram)
{
  gsize len;
  const char *data = g_bytes_get_data (datagram->payload, &len);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *content_type = NULL;
  TlTestSipMessage *message;
  char *body;

  if (!looks_like_sip (data, len))
    return NULL;
  /* Untrusted bytes: cut at a NUL and make them valid UTF-8 before any use. */
  text = g_utf8_make_valid (data, (gssize) strnlen (data, len));
  body = strstr (text, "\r\n\r\n");
  if (body != NULL)
    {
      *body = '\0';
      body += 4;
    }
  lines = g_strsplit (text, "\r\n", -1);

  message = g_new0 (TlTestSipMessage, 1);
  message->time_us = datagram->time_us;
  message->src_port = datagram->src_port;
  message->dst_port = datagram->dst_port;
  message->start_line = g_strdup (lines[0]);
  message->call_id = header_value (lines, "Call-ID", "i");
  message->cseq = header_value (lines, "CSeq", NULL);
  content_type = header_value (lines, "Content-Type", "c");
  if (body != NULL && *body != '\0' &&
      (content_type == NULL || g_ascii_strncasecmp (content_type, "application/sdp", 15) == 0))
    message->sdp = tl_test_sdp_parse (body, NULL);
  return message;
}

GPtrArray *
tl_test_sip_messages_from_datagrams (GPtrArray *datagrams)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_test_sip_message_free);

  for (guint i = 0; i < datagrams->len; i++)
    {
      TlTestSipMessage *message = parse_sip (g_ptr_array_index (datagrams, i));

      if (message != NULL)
        g_ptr_array_add (messages, message);
    }
  return messages;
}

/* ---- RTP streams ------------------------------------------------------------- */

void
tl_test_rtp_stream_free (TlTestRtpStream *stream)
{
  if (stream == NULL)
    return;
  g_clear_pointer (&stream->packets, g_ptr_array_unref);
  g_free (stream);
}

static gboolean
looks_like_rtp (const guint8 *data,
                gsize         len)
{
  guint8 pt;

  if (len < 12 || (data[0] >> 6) != 2)
    return FALSE;
  /* RTCP (RFC 5761 §4): packet types 192-223 read as RTP payload types 64-95. */
  pt = data[1] & 0x7f;
  return pt < 64 || pt > 95;
}

static TlTestRtpStream *
rtp_stream_new_like (const TlTestRtpStream *like)
{
  TlTestRtpStream *stream = g_new0 (TlTestRtpStream, 1);

  if (like != NULL)
    {
      *stream = *like;
      stream->packets = NULL;
    }
  stream->packets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return stream;
}

GPtrArray *
tl_test_rtp_streams_from_datagrams (GPtrArray *datagrams,
                                    guint      min_packets)
{
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_test_rtp_stream_free);
  GPtrArray *kept = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_test_rtp_stream_free);

  for (guint i = 0; i < datagrams->len; i++)
    {
      const TlTestUdpDatagram *datagram = g_ptr_array_index (datagrams, i);
      gsize len;
      const guint8 *data = g_bytes_get_data (datagram->payload, &len);
      TlTestRtpStream *stream = NULL;
      guint32 ssrc;

      if (!looks_like_rtp (data, len) || looks_like_sip ((const char *) data, len))
        continue;
      ssrc = get_be32 (data + 8);
      for (guint j = 0; j < streams->len && stream == NULL; j++)
        {
          TlTestRtpStream *candidate = g_ptr_array_index (streams, j);

          if (candidate->ssrc == ssrc && candidate->src_port == datagram->src_port &&
              candidate->dst_port == datagram->dst_port &&
              strcmp (candidate->src_addr, datagram->src_addr) == 0 &&
              strcmp (candidate->dst_addr, datagram->dst_addr) == 0)
            stream = candidate;
        }
      if (stream == NULL)
        {
          stream = rtp_stream_new_like (NULL);
          memcpy (stream->src_addr, datagram->src_addr, sizeof stream->src_addr);
          memcpy (stream->dst_addr, datagram->dst_addr, sizeof stream->dst_addr);
          stream->src_port = datagram->src_port;
          stream->dst_port = datagram->dst_port;
          stream->ssrc = ssrc;
          stream->payload_type = data[1] & 0x7f;
          stream->first_time_us = datagram->time_us;
          g_ptr_array_add (streams, stream);
        }
      stream->last_time_us = datagram->time_us;
      g_ptr_array_add (stream->packets, g_bytes_ref (datagram->payload));
    }

  for (guint i = 0; i < streams->len; i++)
    {
      TlTestRtpStream *stream = g_ptr_array_index (streams, i);

      if (stream->packets->len >= min_packets)
        g_ptr_array_add (kept, g_ptr_array_steal_index (streams, i--));
    }
  return kept;
}

const TlTestSdp *
tl_test_rtp_stream_find_sender_sdp (const TlTestRtpStream *stream,
                                    GPtrArray             *messages)
{
  const TlTestSdp *found = NULL;

  /* The last one wins: a re-INVITE may bring new keys. */
  for (guint i = 0; i < messages->len; i++)
    {
      const TlTestSipMessage *message = g_ptr_array_index (messages, i);

      if (message->sdp != NULL && message->sdp->audio_port == stream->src_port)
        found = message->sdp;
    }
  return found;
}

/* ---- SRTP -------------------------------------------------------------------- */

static gboolean
ensure_srtp_init (GError **error)
{
  static gsize initialized;
  static srtp_err_status_t status;

  if (g_once_init_enter (&initialized))
    {
      status = srtp_init ();
      g_once_init_leave (&initialized, 1);
    }
  if (status != srtp_err_status_ok)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED, "srtp_init failed (%d)", (int) status);
      return FALSE;
    }
  return TRUE;
}

/* Sets @policy's RTP and RTCP crypto for an RFC 4568 suite name. */
static gboolean
set_crypto_suite (srtp_policy_t  *policy,
                  const char     *suite,
                  GError        **error)
{
  if (g_strcmp0 (suite, "AES_CM_128_HMAC_SHA1_80") == 0)
    {
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 (&policy->rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 (&policy->rtcp);
      return TRUE;
    }
  if (g_strcmp0 (suite, "AES_CM_128_HMAC_SHA1_32") == 0)
    {
      /* RFC 4568 §6.2.2: the 32-bit tag is for SRTP only; SRTCP keeps 80 bits. */
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32 (&policy->rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 (&policy->rtcp);
      return TRUE;
    }
  g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
               "crypto suite %s is not supported", suite ? suite : "(none)");
  return FALSE;
}

TlTestRtpStream *
tl_test_rtp_stream_unprotect (const TlTestRtpStream *stream,
                              const TlTestSdpCrypto *crypto,
                              guint                 *n_failed,
                              GError               **error)
{
  g_autofree guint8 *key = NULL;
  TlTestRtpStream *plain;
  srtp_policy_t policy;
  srtp_t session = NULL;
  srtp_err_status_t status;
  gsize key_len = 0;
  guint failed = 0;

  if (!ensure_srtp_init (error))
    return NULL;
  memset (&policy, 0, sizeof policy);
  if (!set_crypto_suite (&policy, crypto->suite, error))
    return NULL;
  key = g_base64_decode (crypto->key_salt_base64, &key_len);
  /* AES-CM-128: a 16-byte master key and a 14-byte master salt. */
  if (key_len != SRTP_AES_ICM_128_KEY_LEN_WSALT)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                   "the inline key holds %" G_GSIZE_FORMAT " bytes, not %d",
                   key_len, SRTP_AES_ICM_128_KEY_LEN_WSALT);
      return NULL;
    }
  policy.ssrc.type = ssrc_any_inbound;
  policy.key = key;
  policy.window_size = 1024;
  status = srtp_create (&session, &policy);
  if (status != srtp_err_status_ok)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED, "srtp_create failed (%d)", (int) status);
      return NULL;
    }

  plain = rtp_stream_new_like (stream);
  for (guint i = 0; i < stream->packets->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (stream->packets, i), &len);
      g_autofree guint8 *buffer = g_memdup2 (data, len);
      int out_len = (int) len;

      status = srtp_unprotect (session, buffer, &out_len);
      if (status == srtp_err_status_ok)
        g_ptr_array_add (plain->packets, g_bytes_new (buffer, (gsize) out_len));
      else
        failed++;
    }
  srtp_dealloc (session);
  if (n_failed != NULL)
    *n_failed = failed;
  return plain;
}

/* ---- decoding ---------------------------------------------------------------- */

/* ITU-T G.711 µ-law and A-law expansion to 16-bit linear. */
static gint16
ulaw_to_linear (guint8 value)
{
  int t;

  value = (guint8) ~value;
  t = ((value & 0x0f) << 3) + 0x84;
  t <<= (value & 0x70) >> 4;
  return (gint16) ((value & 0x80) ? (0x84 - t) : (t - 0x84));
}

static gint16
alaw_to_linear (guint8 value)
{
  int t, segment;

  value ^= 0x55;
  t = (value & 0x0f) << 4;
  segment = (value & 0x70) >> 4;
  if (segment == 0)
    t += 8;
  else
    t = (t + 0x108) << (segment - 1);
  return (gint16) ((value & 0x80) ? t : -t);
}

/* The payload of an RTP packet: after CSRCs and header extension, before padding. */
static gboolean
rtp_payload (GBytes        *packet,
             const guint8 **payload,
             gsize         *payload_len)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (packet, &len);
  gsize offset = 12 + (gsize) (data[0] & 0x0f) * 4;

  if (len < offset)
    return FALSE;
  if (data[0] & 0x10)
    {
      if (len < offset + 4)
        return FALSE;
      offset += 4 + (gsize) get_be16 (data + offset + 2) * 4;
      if (len < offset)
        return FALSE;
    }
  if ((data[0] & 0x20) && len > offset)
    {
      guint8 padding = data[len - 1];

      if (padding > len - offset)
        return FALSE;
      len -= padding;
    }
  *payload = data + offset;
  *payload_len = len - offset;
  return TRUE;
}

static guint16
rtp_sequence (GBytes *packet)
{
  return get_be16 ((const guint8 *) g_bytes_get_data (packet, NULL) + 2);
}

static void
decode_g711 (const TlTestRtpStream *stream,
             gboolean               alaw,
             GArray                *samples,
             guint                 *n_errors)
{
  for (guint i = 0; i < stream->packets->len; i++)
    {
      const guint8 *payload;
      gsize len;

      if (!rtp_payload (g_ptr_array_index (stream->packets, i), &payload, &len))
        {
          (*n_errors)++;
          continue;
        }
      for (gsize j = 0; j < len; j++)
        {
          float value = (alaw ? alaw_to_linear (payload[j]) : ulaw_to_linear (payload[j])) / 32768.0f;

          g_array_append_val (samples, value);
        }
    }
}

static void
append_mixed (GArray       *samples,
              const float  *pcm,
              int           frames,
              int           channels)
{
  for (int f = 0; f < frames; f++)
    {
      float sum = 0;

      for (int c = 0; c < channels; c++)
        sum += pcm[f * channels + c];
      sum /= (float) channels;
      g_array_append_val (samples, sum);
    }
}

static gboolean
decode_opus (const TlTestRtpStream  *stream,
             int                     channels,
             GArray                 *samples,
             guint                  *n_errors,
             GError                **error)
{
  /* 120 ms at 48 kHz: the longest Opus packet. */
  enum { MAX_FRAMES = 5760 };
  g_autofree float *pcm = g_new (float, MAX_FRAMES * channels);
  OpusDecoder *decoder;
  int status = OPUS_OK;
  int last_frames = 960;

  decoder = opus_decoder_create (48000, channels, &status);
  if (decoder == NULL || status != OPUS_OK)
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_FAILED,
                   "opus_decoder_create: %s", opus_strerror (status));
      return FALSE;
    }
  for (guint i = 0; i < stream->packets->len; i++)
    {
      GBytes *packet = g_ptr_array_index (stream->packets, i);
      const guint8 *payload;
      gsize len;
      int frames;

      /* Conceal short losses so the timeline (and any tone in it) stays continuous. */
      if (i > 0)
        {
          guint16 gap = (guint16) (rtp_sequence (packet) - rtp_sequence (g_ptr_array_index (stream->packets, i - 1)));

          for (guint16 lost = 1; gap > 1 && gap <= 50 && lost < gap; lost++)
            {
              frames = opus_decode_float (decoder, NULL, 0, pcm, last_frames, 0);
              if (frames > 0)
                append_mixed (samples, pcm, frames, channels);
            }
        }
      if (!rtp_payload (packet, &payload, &len) || len > G_MAXINT32)
        {
          (*n_errors)++;
          continue;
        }
      frames = opus_decode_float (decoder, payload, (opus_int32) len, pcm, MAX_FRAMES, 0);
      if (frames < 0)
        {
          (*n_errors)++;
          continue;
        }
      last_frames = frames;
      append_mixed (samples, pcm, frames, channels);
    }
  opus_decoder_destroy (decoder);
  return TRUE;
}

gboolean
tl_test_rtp_stream_decode (const TlTestRtpStream  *stream,
                           const char             *codec,
                           TlTestAudio            *out,
                           guint                  *n_errors,
                           GError                **error)
{
  g_auto(GStrv) parts = g_strsplit (codec ? codec : "", "/", 3);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (float));
  guint errors = 0;
  guint rate;

  if (g_ascii_strcasecmp (parts[0] ? parts[0] : "", "opus") == 0)
    {
      int channels = (parts[1] && parts[2] && g_strcmp0 (parts[2], "1") == 0) ? 1 : 2;

      if (!decode_opus (stream, channels, samples, &errors, error))
        return FALSE;
      rate = 48000;
    }
  else if (g_ascii_strcasecmp (parts[0] ? parts[0] : "", "PCMU") == 0 ||
           g_ascii_strcasecmp (parts[0] ? parts[0] : "", "PCMA") == 0)
    {
      decode_g711 (stream, g_ascii_strcasecmp (parts[0], "PCMA") == 0, samples, &errors);
      rate = 8000;
    }
  else
    {
      g_set_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID,
                   "cannot decode codec %s", codec ? codec : "(none)");
      return FALSE;
    }
  out->rate = rate;
  out->n_samples = samples->len;
  out->samples = (float *) g_array_free (g_steal_pointer (&samples), FALSE);
  if (n_errors != NULL)
    *n_errors = errors;
  return TRUE;
}

/* ---- classification ---------------------------------------------------------- */

/* Whether @hz stands out at least 20 dB above every other frequency, at -40 dBFS or
 * more and at most full scale (random bytes run through a decoder can come out far
 * louder than any real signal, with any spectrum). */
static gboolean
has_dominant_tone (const TlTestAudio *audio,
                   double             hz,
                   double            *level,
                   double            *margin)
{
  double duration = tl_test_audio_get_duration (audio);
  double other_hz, other_dbfs;

  if (duration < 0.2)
    {
      *level = -200;
      *margin = 0;
      return FALSE;
    }
  /* Skip the first and last moments: codec start-up and the call's end. */
  *margin = tl_test_audio_tone_margin (audio, hz, 0.1, duration - 0.2, level, &other_hz, &other_dbfs);
  return *level > -40.0 && *level <= 0.5 && *margin > 20.0;
}

TlTestRtpProtection
tl_test_rtp_stream_classify (const TlTestRtpStream *stream,
                             const TlTestSdp       *sender_sdp,
                             double                 hz,
                             char                 **summary)
{
  const char *codec = sender_sdp ? tl_test_sdp_get_codec (sender_sdp, stream->payload_type) : NULL;
  TlTestAudio raw = { 0 };
  guint n_keys = 0, keys_verifying_all = 0, keys_verifying_any = 0, raw_errors = 0;
  double raw_level = -200, raw_margin = 0;
  gboolean raw_tone = FALSE;
  TlTestRtpProtection result = TL_TEST_RTP_UNDECIDED;

  /* Clear audio decodes packet after packet; ciphertext makes the decoder fail
   * on many of them (Opus) and sound like noise. */
  if (codec != NULL && tl_test_rtp_stream_decode (stream, codec, &raw, &raw_errors, NULL))
    raw_tone = has_dominant_tone (&raw, hz, &raw_level, &raw_margin)
               && raw_errors * 10 <= stream->packets->len;
  tl_test_audio_clear (&raw);

  for (guint i = 0; sender_sdp != NULL && i < sender_sdp->crypto->len; i++)
    {
      g_autoptr(GError) error = NULL;
      TlTestRtpStream *plain;
      guint failed = 0;

      plain = tl_test_rtp_stream_unprotect (stream, g_ptr_array_index (sender_sdp->crypto, i),
                                            &failed, &error);
      if (plain == NULL)
        continue;
      n_keys++;
      if (failed == 0 && plain->packets->len > 0)
        keys_verifying_all++;
      if (plain->packets->len > 0)
        keys_verifying_any++;
      tl_test_rtp_stream_free (plain);
    }

  if (keys_verifying_all > 0 && !raw_tone)
    result = TL_TEST_RTP_SRTP;
  else if (keys_verifying_any == 0 && raw_tone)
    result = TL_TEST_RTP_PLAINTEXT;

  if (summary != NULL)
    *summary = g_strdup_printf ("%u packets, codec %s: raw payload %.1f Hz at %.1f dBFS "
                                "(%.1f dB above the rest, %u decoder errors); "
                                "%u usable keys, %u verify every packet, %u verify some",
                                stream->packets->len, codec ? codec : "unknown", hz,
                                raw_level, raw_margin, raw_errors,
                                n_keys, keys_verifying_all, keys_verifying_any);
  return result;
}

/* ---- audio helpers ------------------------------------------------------------ */

double
tl_test_audio_tone_margin (const TlTestAudio *audio,
                           double             hz,
                           double             start_s,
                           double             len_s,
                           double            *level_dbfs,
                           double            *other_hz,
                           double            *other_dbfs)
{
  double level = tl_test_audio_tone_dbfs (audio, hz, start_s, len_s);
  double best_hz = 0, best = -200;

  for (double f = 100; f <= 3500 && f < audio->rate / 2.0; f += 50)
    {
      double other;

      if (fabs (f - hz) < 150)
        continue;
      other = tl_test_audio_tone_dbfs (audio, f, start_s, len_s);
      if (other > best)
        {
          best = other;
          best_hz = f;
        }
    }
  if (level_dbfs != NULL)
    *level_dbfs = level;
  if (other_hz != NULL)
    *other_hz = best_hz;
  if (other_dbfs != NULL)
    *other_dbfs = best;
  return level - best;
}

gboolean
tl_test_audio_save_wav (const TlTestAudio  *audio,
                        const char         *path,
                        GError            **error)
{
  gsize data_len = audio->n_samples * 2;
  g_autofree guint8 *file = g_malloc (44 + data_len);
  guint8 *p = file;

#define PUT32(v) G_STMT_START { guint32 v32_ = (v); p[0] = v32_ & 0xff; p[1] = (v32_ >> 8) & 0xff; \
                                p[2] = (v32_ >> 16) & 0xff; p[3] = (v32_ >> 24) & 0xff; p += 4; } G_STMT_END
#define PUT16(v) G_STMT_START { guint16 v16_ = (v); p[0] = v16_ & 0xff; p[1] = (v16_ >> 8) & 0xff; p += 2; } G_STMT_END
  memcpy (p, "RIFF", 4); p += 4;
  PUT32 ((guint32) (36 + data_len));
  memcpy (p, "WAVEfmt ", 8); p += 8;
  PUT32 (16);
  PUT16 (1);  /* PCM */
  PUT16 (1);
  PUT32 (audio->rate);
  PUT32 (audio->rate * 2);
  PUT16 (2);
  PUT16 (16);
  memcpy (p, "data", 4); p += 4;
  PUT32 ((guint32) data_len);
  for (gsize i = 0; i < audio->n_samples; i++)
    PUT16 ((guint16) (gint16) CLAMP (lrintf (audio->samples[i] * 32767.0f), -32768, 32767));
#undef PUT32
#undef PUT16
  return g_file_set_contents (path, (const char *) file, (gssize) (44 + data_len), error);
}
