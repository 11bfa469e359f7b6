/* SPDX-License-Identifier: GPL-3.0-or-later */
/* On-the-wire media checks: capture loopback UDP with tcpdump, read the pcap, pull SIP/SDP
 * out of it, group RTP streams, unprotect SRTP with libsrtp2 and decode Opus/G.711 audio. */
#pragma once

#include "tl-test-trunk.h"

G_BEGIN_DECLS

/* ---- capture ----------------------------------------------------------------- */

typedef struct _TlTestCapture TlTestCapture;

/* Runs `tcpdump -i lo -n -U -Z root -w SCRATCH/capture-N.pcap FILTER` (FILTER e.g.
 * "udp") and returns once tcpdump reports that it is listening (or an error after
 * 10 s). Its log goes to SCRATCH/capture-N.log; it is killed if this process dies. */
TlTestCapture *tl_test_capture_start        (const char    *scratch_dir,
                                             const char    *filter,
                                             GError       **error);
/* Stops it (SIGINT so it flushes, then SIGTERM, then SIGKILL) and waits; safe to
 * call twice. FALSE when tcpdump died before being asked to stop. */
gboolean       tl_test_capture_stop         (TlTestCapture *self,
                                             GError       **error);
const char    *tl_test_capture_get_path     (TlTestCapture *self);
/* Stops (if needed) and reads the file: see tl_test_pcap_read_udp(). */
GPtrArray     *tl_test_capture_read_udp     (TlTestCapture *self,
                                             GError       **error);
void           tl_test_capture_free         (TlTestCapture *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTestCapture, tl_test_capture_free)

/* ---- pcap reader ------------------------------------------------------------- */

typedef struct {
  gint64   time_us;               /* capture time, microseconds since the epoch */
  char     src_addr[48];          /* "127.0.0.1", "::1" */
  char     dst_addr[48];
  guint16  src_port;
  guint16  dst_port;
  GBytes  *payload;               /* the UDP payload */
} TlTestUdpDatagram;

void       tl_test_udp_datagram_free        (TlTestUdpDatagram *datagram);
/* Every UDP datagram (IPv4 and IPv6) of a classic pcap file, in file order, as
 * TlTestUdpDatagram. Link types: NULL/LOOPBACK (0), EN10MB (1, what tcpdump writes
 * for `-i lo` on Linux), RAW (101), LINUX_SLL (113), LINUX_SLL2 (276). IP fragments
 * other than the first are skipped. */
GPtrArray *tl_test_pcap_read_udp            (const char  *path,
                                             GError     **error);

/* ---- SIP and SDP ------------------------------------------------------------- */

typedef struct {
  guint  tag;
  char  *suite;                   /* "AES_CM_128_HMAC_SHA1_80" */
  char  *key_salt_base64;         /* the inline: value without |lifetime|MKI */
} TlTestSdpCrypto;

/* The first audio media description of an SDP body. */
typedef struct {
  char       *connection_address; /* c= (media level wins over session level) */
  guint       audio_port;         /* m=audio PORT */
  char       *audio_proto;        /* "RTP/AVP", "RTP/SAVP"... */
  GArray     *payload_types;      /* guint, in m= line order */
  GHashTable *rtpmap;             /* GUINT_TO_POINTER (pt) → "opus/48000/2" */
  GPtrArray  *crypto;             /* TlTestSdpCrypto, a=crypto lines of the audio media */
} TlTestSdp;

/* NULL and TL_TEST_ERROR_INVALID when @text has no m=audio line. */
TlTestSdp  *tl_test_sdp_parse               (const char  *text,
                                             GError     **error);
/* "opus/48000/2" for a dynamic type, from a=rtpmap; the static names ("PCMU/8000",
 * "PCMA/8000") for 0 and 8 when no rtpmap names them; NULL when unknown. */
const char *tl_test_sdp_get_codec           (const TlTestSdp *sdp,
                                             guint            payload_type);
void        tl_test_sdp_free                (TlTestSdp *sdp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTestSdp, tl_test_sdp_free)

typedef struct {
  gint64     time_us;
  guint16    src_port;
  guint16    dst_port;
  char      *start_line;          /* "INVITE sip:bob@127.0.0.1 SIP/2.0", "SIP/2.0 200 OK" */
  char      *call_id;
  char      *cseq;                /* "1 INVITE" */
  TlTestSdp *sdp;                 /* NULL when there is no SDP body */
} TlTestSipMessage;

void       tl_test_sip_message_free         (TlTestSipMessage *message);
/* The SIP messages (UDP payloads starting with "SIP/2.0 " or a request line such
 * as "INVITE ") among @datagrams, as TlTestSipMessage, in capture order. A message
 * relayed by a proxy appears once per hop. */
GPtrArray *tl_test_sip_messages_from_datagrams (GPtrArray *datagrams);

/* ---- RTP streams ------------------------------------------------------------- */

typedef struct {
  char       src_addr[48];
  char       dst_addr[48];
  guint16    src_port;
  guint16    dst_port;
  guint32    ssrc;
  guint8     payload_type;        /* of the first packet */
  GPtrArray *packets;             /* GBytes: whole RTP (or SRTP) packets, capture order */
  gint64     first_time_us;
  gint64     last_time_us;
} TlTestRtpStream;

void       tl_test_rtp_stream_free          (TlTestRtpStream *stream);
/* Groups the datagrams that look like RTP (version 2, not RTCP, not SIP) by
 * addresses, ports and SSRC; streams with fewer than @min_packets are dropped. */
GPtrArray *tl_test_rtp_streams_from_datagrams (GPtrArray *datagrams,
                                               guint      min_packets);
/* The SDP among @messages that announced @stream's source port as its audio port:
 * with symmetric RTP that is the sender's, whose a=crypto keys protect the stream. */
const TlTestSdp *tl_test_rtp_stream_find_sender_sdp (const TlTestRtpStream *stream,
                                                     GPtrArray             *messages);
/* Unprotects every packet with @crypto in a fresh libsrtp2 inbound session.
 * Returns a stream of the packets that passed (auth tag verified, not a replay),
 * with *n_failed (may be NULL) set to how many did not. NULL and an error only
 * for an unusable key (unknown suite, bad base64, wrong length). */
TlTestRtpStream *tl_test_rtp_stream_unprotect (const TlTestRtpStream *stream,
                                               const TlTestSdpCrypto *crypto,
                                               guint                 *n_failed,
                                               GError               **error);
/* Decodes the payloads as @codec ("opus/48000/2", "opus/48000/1", "PCMU/8000",
 * "PCMA/8000"; case-insensitive) into mono audio: Opus at 48 kHz via libopus (gaps
 * in sequence numbers concealed), G.711 at 8 kHz. *n_errors (may be NULL) counts
 * packets the decoder rejected. FALSE only for an unknown codec. */
gboolean   tl_test_rtp_stream_decode        (const TlTestRtpStream *stream,
                                             const char            *codec,
                                             TlTestAudio           *out,
                                             guint                 *n_errors,
                                             GError               **error);

typedef enum {
  TL_TEST_RTP_UNDECIDED,          /* neither test below passed cleanly */
  TL_TEST_RTP_PLAINTEXT,          /* the raw payload decodes to the tone, no key verifies */
  TL_TEST_RTP_SRTP,               /* a key from the sender's SDP verifies every packet's
                                   * auth tag, and the raw payload holds no tone */
} TlTestRtpProtection;

/* Classifies @stream given the sender's SDP (its codec for the stream's payload type
 * and its a=crypto keys) and the tone @hz the sender plays. Neither answer can come
 * by accident: an 80-bit (or 32-bit) auth tag does not verify by chance for every
 * packet, and random bytes do not decode to a dominant tone. @summary (may be
 * NULL) gets a line of figures for the test log. */
TlTestRtpProtection tl_test_rtp_stream_classify (const TlTestRtpStream *stream,
                                                 const TlTestSdp       *sender_sdp,
                                                 double                 hz,
                                                 char                 **summary);

/* ---- audio helpers ------------------------------------------------------------ */

/* Level of @hz and of the strongest other frequency between 100 Hz and 3.5 kHz
 * (50 Hz steps, at least 150 Hz away from @hz) over the window, in dBFS. Returns
 * level(@hz) minus the strongest other level: how far the tone stands out. */
double     tl_test_audio_tone_margin        (const TlTestAudio *audio,
                                             double             hz,
                                             double             start_s,
                                             double             len_s,
                                             double            *level_dbfs,
                                             double            *other_hz,
                                             double            *other_dbfs);
/* Writes @audio as a 16-bit mono PCM WAV (to keep decoded audio with a test's logs). */
gboolean   tl_test_audio_save_wav           (const TlTestAudio *audio,
                                             const char        *path,
                                             GError           **error);

G_END_DECLS
