/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Media checked on the wire: calls between baresip peers through Kamailio, captured on
 * loopback, shown encrypted (SRTP auth tags verify with the SDES key) or plaintext, decoded. */
#define G_LOG_DOMAIN "tl-test"

#include "config.h"

#include "tl-test-wire.h"

#include <string.h>

typedef struct {
  char           *scratch;
  TlTestKamailio *kamailio;
  TlTestPeer     *alice;
  TlTestPeer     *bob;
  TlTestCapture  *capture;
} Fixture;

static const char *const users[] = { "alice:alicepw", "bob:bob-pw.2", NULL };

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->scratch = tl_test_scratch_new (g_test_get_path ());
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->capture, tl_test_capture_free);
  g_clear_pointer (&fixture->alice, tl_test_peer_free);
  g_clear_pointer (&fixture->bob, tl_test_peer_free);
  g_clear_pointer (&fixture->kamailio, tl_test_kamailio_free);
  tl_test_scratch_finish (fixture->scratch, g_test_failed ());
  g_clear_pointer (&fixture->scratch, g_free);
}

/* ---- parsers (no daemons) ------------------------------------------------------ */

static const char offer[] =
  "v=0\r\n"
  "o=- 1 2 IN IP4 127.0.0.1\r\n"
  "s=-\r\n"
  "c=IN IP4 127.0.0.1\r\n"
  "t=0 0\r\n"
  "m=audio 40000 RTP/SAVP 96 0 101\r\n"
  "a=rtpmap:96 opus/48000/2\r\n"
  "a=fmtp:96 stereo=1\r\n"
  "a=rtpmap:101 telephone-event/8000\r\n"
  "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\r\n"
  "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj\r\n"
  "m=video 40002 RTP/AVP 97\r\n"
  "a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n";

static void
test_sdp_parse (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestSdp) sdp = tl_test_sdp_parse (offer, &error);
  const TlTestSdpCrypto *crypto;

  g_assert_no_error (error);
  g_assert_cmpuint (sdp->audio_port, ==, 40000);
  g_assert_cmpstr (sdp->audio_proto, ==, "RTP/SAVP");
  g_assert_cmpstr (sdp->connection_address, ==, "127.0.0.1");
  g_assert_cmpuint (sdp->payload_types->len, ==, 3);
  g_assert_cmpstr (tl_test_sdp_get_codec (sdp, 96), ==, "opus/48000/2");
  g_assert_cmpstr (tl_test_sdp_get_codec (sdp, 0), ==, "PCMU/8000");
  g_assert_null (tl_test_sdp_get_codec (sdp, 97));
  /* The video line's key is not the audio's. */
  g_assert_cmpuint (sdp->crypto->len, ==, 2);
  crypto = g_ptr_array_index (sdp->crypto, 0);
  g_assert_cmpuint (crypto->tag, ==, 1);
  g_assert_cmpstr (crypto->suite, ==, "AES_CM_128_HMAC_SHA1_80");
  g_assert_cmpstr (crypto->key_salt_base64, ==, "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");

  g_assert_null (tl_test_sdp_parse ("v=0\r\nm=video 1 RTP/AVP 96\r\n", &error));
  g_assert_error (error, TL_TEST_ERROR, TL_TEST_ERROR_INVALID);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  g_byte_array_append (out, (const guint8 *) &value, 4);  /* host order, as libpcap writes */
}

/* A pcap record holding one UDP datagram over IPv4 or IPv6 in an Ethernet or SLL2 frame. */
static void
append_record (GByteArray *out,
               guint32     linktype,
               gboolean    ipv6,
               guint16     src_port,
               guint16     dst_port,
               const char *payload)
{
  guint8 frame[200] = { 0 };
  gsize n = 0, ip_start, len = strlen (payload);

  if (linktype == 1)
    {
      frame[12] = ipv6 ? 0x86 : 0x08;
      frame[13] = ipv6 ? 0xdd : 0x00;
      n = 14;
    }
  else
    {
      frame[0] = ipv6 ? 0x86 : 0x08;
      frame[1] = ipv6 ? 0xdd : 0x00;
      n = 20;
    }
  ip_start = n;
  if (ipv6)
    {
      frame[n] = 0x60;
      frame[n + 4] = 0;
      frame[n + 5] = (guint8) (8 + len);
      frame[n + 6] = 17;
      frame[n + 23] = 1;  /* ::1 */
      frame[n + 39] = 1;
      n += 40;
    }
  else
    {
      frame[n] = 0x45;
      frame[n + 3] = (guint8) (20 + 8 + len);
      frame[n + 9] = 17;
      frame[n + 12] = 127;
      frame[n + 15] = 1;
      frame[n + 16] = 127;
      frame[n + 19] = 1;
      n += 20;
    }
  frame[n] = (guint8) (src_port >> 8);
  frame[n + 1] = (guint8) src_port;
  frame[n + 2] = (guint8) (dst_port >> 8);
  frame[n + 3] = (guint8) dst_port;
  frame[n + 5] = (guint8) (8 + len);
  n += 8;
  memcpy (frame + n, payload, len);
  n += len;
  g_assert_cmpuint (ip_start, <, n);

  put32 (out, 1700000000);
  put32 (out, 250000);
  put32 (out, (guint32) n);
  put32 (out, (guint32) n);
  g_byte_array_append (out, frame, (guint) n);
}

static void
check_pcap (const char *dir,
            guint32     linktype)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) datagrams = NULL;
  g_autofree char *path = g_strdup_printf ("%s/synthetic-%u.pcap", dir, linktype);
  const TlTestUdpDatagram *first, *second;

  put32 (file, 0xa1b2c3d4);
  g_byte_array_append (file, (const guint8 *) "\x02\x00\x04\x00", 4);
  put32 (file, 0);
  put32 (file, 0);
  put32 (file, 262144);
  put32 (file, linktype);
  append_record (file, linktype, FALSE, 5060, 5070, "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n\r\n");
  append_record (file, linktype, TRUE, 40000, 40002, "six");
  g_file_set_contents (path, (const char *) file->data, file->len, &error);
  g_assert_no_error (error);

  datagrams = tl_test_pcap_read_udp (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (datagrams->len, ==, 2);
  first = g_ptr_array_index (datagrams, 0);
  second = g_ptr_array_index (datagrams, 1);
  g_assert_cmpstr (first->src_addr, ==, "127.0.0.1");
  g_assert_cmpuint (first->src_port, ==, 5060);
  g_assert_cmpuint (first->dst_port, ==, 5070);
  g_assert_cmpint (first->time_us, ==, 1700000000 * G_GINT64_CONSTANT (1000000) + 250000);
  g_assert_cmpstr (second->dst_addr, ==, "::1");
  g_assert_cmpuint (second->dst_port, ==, 40002);
  g_assert_cmpmem (g_bytes_get_data (second->payload, NULL), g_bytes_get_size (second->payload),
                   "six", 3);
}

static void
test_pcap_reader (Fixture       *fixture,
                  gconstpointer  data)
{
  check_pcap (fixture->scratch, 1);
  check_pcap (fixture->scratch, 276);
}

/* ---- calls on the wire ------------------------------------------------------------ */

typedef struct {
  const char *codec;
  const char *mediaenc;
} WireCase;

static const WireCase wire_srtp_opus = { "opus/48000/2", "srtp-mand" };
static const WireCase wire_plain_pcmu = { "pcmu", NULL };

/* Places a ~2 s call from alice (700 Hz) to bob (1000 Hz) through Kamailio, captured. */
static GPtrArray *
capture_call (Fixture        *fixture,
              const WireCase *wire)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *established = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *closed_a = NULL;
  g_autofree char *closed_b = NULL;
  TlTestKamailioOptions kamailio = { .users = users };
  TlTestPeerOptions bob = {
    .user = "bob", .password = "bob-pw.2", .tone_hz = 1000, .codecs = wire->codec,
    .mediaenc = wire->mediaenc, .auto_answer = TRUE,
  };
  TlTestPeerOptions alice = {
    .user = "alice", .password = "alicepw", .tone_hz = 700, .codecs = wire->codec,
    .mediaenc = wire->mediaenc,
  };
  GPtrArray *datagrams;

  fixture->kamailio = tl_test_kamailio_start (fixture->scratch, &kamailio, &error);
  g_assert_no_error (error);
  bob.registrar = alice.registrar = tl_test_kamailio_get_hostport (fixture->kamailio);
  fixture->bob = tl_test_peer_start (fixture->scratch, &bob, &error);
  g_assert_no_error (error);
  fixture->alice = tl_test_peer_start (fixture->scratch, &alice, &error);
  g_assert_no_error (error);

  /* No skip when tcpdump is missing: packaging/bootstrap-debian --tests installs it. */
  fixture->capture = tl_test_capture_start (fixture->scratch, "udp", &error);
  g_assert_no_error (error);

  reply = tl_test_peer_command (fixture->alice, "dial", "sip:bob@127.0.0.1", &error);
  g_assert_no_error (error);
  established = tl_test_peer_wait_event (fixture->alice, "CALL_ESTABLISHED", 15000);
  g_assert_nonnull (established);
  answered = tl_test_peer_wait_event (fixture->bob, "CALL_ESTABLISHED", 5000);
  g_assert_nonnull (answered);
  tl_test_spin (2000);
  g_clear_pointer (&reply, g_free);
  reply = tl_test_peer_command (fixture->alice, "hangup", NULL, &error);
  g_assert_no_error (error);
  closed_a = tl_test_peer_wait_event (fixture->alice, "CALL_CLOSED", 10000);
  g_assert_nonnull (closed_a);
  closed_b = tl_test_peer_wait_event (fixture->bob, "CALL_CLOSED", 10000);
  g_assert_nonnull (closed_b);

  datagrams = tl_test_capture_read_udp (fixture->capture, &error);
  g_assert_no_error (error);
  g_test_message ("captured %u UDP datagrams into %s", datagrams->len,
                  tl_test_capture_get_path (fixture->capture));
  return datagrams;
}

static guint
contact_port (const char *contact)
{
  const char *colon = strrchr (contact, ':');

  g_assert_nonnull (colon);
  return (guint) g_ascii_strtoull (colon + 1, NULL, 10);
}

/* The SDP of the first message with @prefix on its start line between @port_a and
 * @port_b (other tests on this machine may place calls on loopback at the same time),
 * and of @call_id when given. */
static const TlTestSipMessage *
find_sip (GPtrArray  *messages,
          const char *prefix,
          guint       port_a,
          guint       port_b,
          const char *call_id)
{
  for (guint i = 0; i < messages->len; i++)
    {
      const TlTestSipMessage *message = g_ptr_array_index (messages, i);

      if (message->sdp != NULL && g_str_has_prefix (message->start_line, prefix) &&
          ((message->src_port == port_a && message->dst_port == port_b) ||
           (message->src_port == port_b && message->dst_port == port_a)) &&
          (call_id == NULL || g_strcmp0 (message->call_id, call_id) == 0))
        return message;
    }
  return NULL;
}

static const TlTestRtpStream *
find_stream (GPtrArray *streams,
             guint      src_port,
             guint      dst_port)
{
  const TlTestRtpStream *found = NULL;

  for (guint i = 0; i < streams->len; i++)
    {
      const TlTestRtpStream *stream = g_ptr_array_index (streams, i);

      if (stream->src_port == src_port && stream->dst_port == dst_port)
        {
          g_assert_null (found);  /* one SSRC per sender in these calls */
          found = stream;
        }
    }
  g_assert (found != NULL);
  return found;
}

/* Decodes @stream as @codec, keeps the audio as a WAV beside the logs and returns
 * how far @hz stands out; asserts nothing. */
static double
decoded_tone_margin (Fixture               *fixture,
                     const TlTestRtpStream *stream,
                     const char            *codec,
                     double                 hz,
                     const char            *label,
                     double                *level)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s.wav", label);
  g_autofree char *path = g_build_filename (fixture->scratch, name, NULL);
  TlTestAudio audio = { 0 };
  double duration, margin, other_hz, other_dbfs;
  guint errors = 0;

  tl_test_rtp_stream_decode (stream, codec, &audio, &errors, &error);
  g_assert_no_error (error);
  tl_test_audio_save_wav (&audio, path, &error);
  g_assert_no_error (error);
  duration = tl_test_audio_get_duration (&audio);
  margin = tl_test_audio_tone_margin (&audio, hz, 0.1, MAX (duration - 0.2, 0.0),
                                      level, &other_hz, &other_dbfs);
  g_test_message ("%s: %u packets as %s -> %.2f s, %.0f Hz at %.1f dBFS, strongest other "
                  "%.0f Hz at %.1f dBFS (margin %.1f dB), %u decoder errors",
                  label, stream->packets->len, codec, duration, hz, *level, other_hz,
                  other_dbfs, margin, errors);
  tl_test_audio_clear (&audio);
  return margin;
}

static TlTestSdpCrypto *
wrong_key (const TlTestSdpCrypto *right)
{
  TlTestSdpCrypto *wrong = g_new0 (TlTestSdpCrypto, 1);
  g_autofree guint8 *key = NULL;
  gsize len;

  key = g_base64_decode (right->key_salt_base64, &len);
  g_assert_cmpuint (len, ==, 30);
  key[0] ^= 0x01;  /* one bit of the master key */
  wrong->tag = right->tag;
  wrong->suite = g_strdup (right->suite);
  wrong->key_salt_base64 = g_base64_encode (key, len);
  return wrong;
}

static void
free_crypto (TlTestSdpCrypto *crypto)
{
  g_free (crypto->suite);
  g_free (crypto->key_salt_base64);
  g_free (crypto);
}

static void
check_stream_is_srtp (Fixture               *fixture,
                      const TlTestRtpStream *stream,
                      const TlTestSdp       *sender,
                      const TlTestSdp       *receiver,
                      double                 hz,
                      const char            *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *raw_label = g_strconcat (label, "-raw-as-opus", NULL);
  g_autofree char *raw_pcmu_label = g_strconcat (label, "-raw-as-pcmu", NULL);
  g_autofree char *plain_label = g_strconcat (label, "-decrypted", NULL);
  const TlTestSdpCrypto *chosen = g_ptr_array_index (receiver->crypto, 0);
  const TlTestSdpCrypto *key = NULL;
  TlTestSdpCrypto *bad;
  TlTestRtpStream *plain;
  TlTestRtpStream *garbage;
  const char *codec = tl_test_sdp_get_codec (sender, stream->payload_type);
  guint failed = G_MAXUINT;
  double level, margin;

  /* RFC 4568: the answer's tag selects the offer's crypto line; each side
   * protects what it sends with the key it announced itself. */
  for (guint i = 0; i < sender->crypto->len; i++)
    {
      const TlTestSdpCrypto *crypto = g_ptr_array_index (sender->crypto, i);

      if (crypto->tag == chosen->tag)
        key = crypto;
    }
  g_assert_nonnull (key);
  g_assert_cmpstr (key->suite, ==, chosen->suite);
  g_test_message ("%s: %s, key tag %u %s", label, codec, key->tag, key->suite);

  plain = tl_test_rtp_stream_unprotect (stream, key, &failed, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %u of %u packets authenticate with the SDES key", label,
                  plain->packets->len, stream->packets->len);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (plain->packets->len, ==, stream->packets->len);

  bad = wrong_key (key);
  garbage = tl_test_rtp_stream_unprotect (stream, bad, &failed, &error);
  g_assert_no_error (error);
  g_test_message ("%s: %u of %u packets authenticate with a key one bit off", label,
                  garbage->packets->len, stream->packets->len);
  g_assert_cmpuint (garbage->packets->len, ==, 0);
  g_assert_cmpuint (failed, ==, stream->packets->len);
  tl_test_rtp_stream_free (garbage);
  free_crypto (bad);

  /* The raw payload is no audio, as Opus or as G.711. */
  margin = decoded_tone_margin (fixture, stream, codec, hz, raw_label, &level);
  g_assert_false (level > -40 && margin > 10);
  margin = decoded_tone_margin (fixture, stream, "PCMU/8000", hz, raw_pcmu_label, &level);
  g_assert_false (level > -40 && margin > 10);

  margin = decoded_tone_margin (fixture, plain, codec, hz, plain_label, &level);
  g_assert_cmpfloat (level, >, -30.0);
  g_assert_cmpfloat (margin, >, 20.0);
  tl_test_rtp_stream_free (plain);

  g_assert_cmpint (tl_test_rtp_stream_classify (stream, sender, hz, &summary), ==, TL_TEST_RTP_SRTP);
  g_test_message ("%s: SRTP: %s", label, summary);
}

static void
check_stream_is_plaintext (Fixture               *fixture,
                           const TlTestRtpStream *stream,
                           const TlTestSdp       *sender,
                           double                 hz,
                           const char            *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *key_text = NULL;
  g_autofree char *plain_label = g_strconcat (label, "-raw", NULL);
  const char *codec = tl_test_sdp_get_codec (sender, stream->payload_type);
  guint8 key[30];
  TlTestSdpCrypto random_key = { 1, (char *) "AES_CM_128_HMAC_SHA1_80", NULL };
  TlTestRtpStream *garbage;
  guint failed = 0;
  double level, margin;

  g_assert_cmpstr (sender->audio_proto, ==, "RTP/AVP");
  g_assert_cmpuint (sender->crypto->len, ==, 0);

  /* Any key fails: there are no auth tags to verify. */
  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) g_random_int ();
  key_text = g_base64_encode (key, sizeof key);
  random_key.key_salt_base64 = key_text;
  garbage = tl_test_rtp_stream_unprotect (stream, &random_key, &failed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (garbage->packets->len, ==, 0);
  g_assert_cmpuint (failed, ==, stream->packets->len);
  tl_test_rtp_stream_free (garbage);

  margin = decoded_tone_margin (fixture, stream, codec, hz, plain_label, &level);
  g_assert_cmpfloat (level, >, -30.0);
  g_assert_cmpfloat (margin, >, 20.0);

  g_assert_cmpint (tl_test_rtp_stream_classify (stream, sender, hz, &summary), ==, TL_TEST_RTP_PLAINTEXT);
  g_test_message ("%s: plaintext: %s", label, summary);
}

static void
test_call_on_the_wire (Fixture       *fixture,
                       gconstpointer  data)
{
  const WireCase *wire = data;
  g_autoptr(GPtrArray) datagrams = capture_call (fixture, wire);
  g_autoptr(GPtrArray) messages = tl_test_sip_messages_from_datagrams (datagrams);
  g_autoptr(GPtrArray) streams = tl_test_rtp_streams_from_datagrams (datagrams, 20);
  guint proxy_port = tl_test_kamailio_get_port (fixture->kamailio);
  const TlTestSipMessage *invite, *ok;
  const TlTestSdp *alice_sdp, *bob_sdp, *sender;
  const TlTestRtpStream *from_alice, *from_bob;

  invite = find_sip (messages, "INVITE ", contact_port (tl_test_peer_get_contact (fixture->alice)),
                     proxy_port, NULL);
  g_assert (invite != NULL);
  ok = find_sip (messages, "SIP/2.0 200", contact_port (tl_test_peer_get_contact (fixture->bob)),
                 proxy_port, invite->call_id);
  /* g_assert (not g_assert_nonnull): it does not return, which -Wnull-dereference sees. */
  g_assert (ok != NULL);
  alice_sdp = invite->sdp;
  bob_sdp = ok->sdp;
  g_test_message ("%u SIP messages; alice's SDP: audio port %u %s, %u keys; bob's: %u %s, %u keys",
                  messages->len, alice_sdp->audio_port, alice_sdp->audio_proto,
                  alice_sdp->crypto->len, bob_sdp->audio_port, bob_sdp->audio_proto,
                  bob_sdp->crypto->len);
  for (guint i = 0; i < streams->len; i++)
    {
      const TlTestRtpStream *stream = g_ptr_array_index (streams, i);

      g_test_message ("RTP stream %s:%u -> %s:%u ssrc %08x pt %u: %u packets over %.2f s",
                      stream->src_addr, stream->src_port, stream->dst_addr, stream->dst_port,
                      stream->ssrc, stream->payload_type, stream->packets->len,
                      (stream->last_time_us - stream->first_time_us) / 1e6);
    }
  from_alice = find_stream (streams, alice_sdp->audio_port, bob_sdp->audio_port);
  from_bob = find_stream (streams, bob_sdp->audio_port, alice_sdp->audio_port);
  sender = tl_test_rtp_stream_find_sender_sdp (from_alice, messages);
  g_assert (sender != NULL);
  /* The proxy relays the offer unchanged: the same key on both hops. */
  g_assert_cmpuint (sender->crypto->len, ==, alice_sdp->crypto->len);
  for (guint i = 0; i < sender->crypto->len; i++)
    g_assert_cmpstr (((TlTestSdpCrypto *) g_ptr_array_index (sender->crypto, i))->key_salt_base64, ==,
                     ((TlTestSdpCrypto *) g_ptr_array_index (alice_sdp->crypto, i))->key_salt_base64);
  /* ~2 s of 20 ms packets. */
  g_assert_cmpuint (from_alice->packets->len, >=, 80);

  if (wire->mediaenc != NULL)
    {
      g_assert_cmpstr (alice_sdp->audio_proto, ==, "RTP/SAVP");
      g_assert_cmpstr (bob_sdp->audio_proto, ==, "RTP/SAVP");
      g_assert_cmpuint (bob_sdp->crypto->len, ==, 1);
      check_stream_is_srtp (fixture, from_alice, alice_sdp, bob_sdp, 700, "alice-to-bob");
      check_stream_is_srtp (fixture, from_bob, bob_sdp, alice_sdp, 1000, "bob-to-alice");
    }
  else
    {
      check_stream_is_plaintext (fixture, from_alice, alice_sdp, 700, "alice-to-bob");
      check_stream_is_plaintext (fixture, from_bob, bob_sdp, 1000, "bob-to-alice");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/wire/sdp-parse", Fixture, NULL, fixture_setup, test_sdp_parse, fixture_teardown);
  g_test_add ("/wire/pcap-reader", Fixture, NULL, fixture_setup, test_pcap_reader, fixture_teardown);
  g_test_add ("/wire/srtp-opus", Fixture, &wire_srtp_opus,
              fixture_setup, test_call_on_the_wire, fixture_teardown);
  g_test_add ("/wire/plain-pcmu", Fixture, &wire_plain_pcmu,
              fixture_setup, test_call_on_the_wire, fixture_teardown);
  return g_test_run ();
}
