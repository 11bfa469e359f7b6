/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The test trunk: real Kamailio, baresip peers and PulseAudio on loopback, started and
 * stopped by the tests themselves, with every daemon's log kept when a test fails. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* ---- common ------------------------------------------------------------ */

#define TL_TEST_ERROR (tl_test_error_quark ())

typedef enum {
  TL_TEST_ERROR_FAILED,           /* a daemon did not start or answer in time */
  TL_TEST_ERROR_INVALID,          /* a bad option (e.g. a password with `"`) */
  TL_TEST_ERROR_REGISTER_FAILED,  /* a peer got REGISTER_FAIL; the message holds the reason */
  TL_TEST_ERROR_COMMAND_FAILED,   /* the engine answered "ok": false */
} TlTestError;

GQuark      tl_test_error_quark          (void);

/* A short private scratch folder for one test (socket paths stay < 100 bytes).
 * Logs written under it are copied to $TL_TEST_BUILDDIR/logs/<test name>/ when
 * tl_test_scratch_finish() sees that the test failed. */
char       *tl_test_scratch_new          (const char *test_name);
void        tl_test_scratch_finish       (const char *scratch_dir,
                                          gboolean    failed);
/* A free loopback port (TCP and UDP both free at the time of the call). */
guint       tl_test_free_port            (void);

/* ---- waiting ------------------------------------------------------------
 * Every wait in the tests runs the thread's default main context against a deadline
 * that is itself a timeout source, plus a short poll tick: the loop can never
 * block past the bound, and conditions that no source announces (another
 * thread's flag, a child that exited, a file) are seen within ~10 ms. The
 * condition is checked before every block. */

typedef struct {
  GMainContext *context;
  guint         timeout_ms;
  gint64        started_us;
  gboolean      expired;
  GSource      *timeout;
  GSource      *poll;
} TlTestDeadline;

void        tl_test_deadline_start       (TlTestDeadline       *deadline,
                                          guint                 timeout_ms);
/* One blocking iteration of the default main context; FALSE once the deadline
 * has passed (then stop waiting). */
gboolean    tl_test_deadline_iterate     (TlTestDeadline       *deadline);
void        tl_test_deadline_stop        (TlTestDeadline       *deadline);
guint       tl_test_deadline_elapsed_ms  (const TlTestDeadline *deadline);

/* Asserts that @condition (an expression without side effects, evaluated
 * again after each iteration) becomes TRUE within @timeout_ms. On timeout the
 * test fails with "timed out after N ms waiting for <condition>; saw: <state>",
 * where the state is the printf-style text after @timeout_ms, formatted only
 * then, and the logs of every live scratch folder are kept first. */
#define TL_TEST_AWAIT(condition, timeout_ms, ...)                                \
  G_STMT_START {                                                                \
    TlTestDeadline tl_test_await_deadline_;                                     \
    tl_test_deadline_start (&tl_test_await_deadline_, (timeout_ms));            \
    while (!(condition) && tl_test_deadline_iterate (&tl_test_await_deadline_)) \
      ;                                                                         \
    tl_test_deadline_stop (&tl_test_await_deadline_);                           \
    if (!(condition))                                                           \
      tl_test_await_failed (__FILE__, __LINE__, G_STRFUNC, #condition,          \
                            (timeout_ms), __VA_ARGS__);                         \
  } G_STMT_END

void        tl_test_await_failed         (const char *file,
                                          int         line,
                                          const char *func,
                                          const char *what,
                                          guint       timeout_ms,
                                          const char *state_format,
                                          ...) G_GNUC_PRINTF (6, 7);

typedef gboolean (*TlTestCondition) (gpointer user_data);

/* The same wait without the assertion: TRUE when @condition held in time. */
gboolean    tl_test_wait_until           (TlTestCondition  condition,
                                          gpointer         user_data,
                                          guint            timeout_ms);
/* Until @done is TRUE (set by a callback) or @timeout_ms passes. */
gboolean    tl_test_wait_for             (gboolean        *done,
                                          guint            timeout_ms);
/* Sends @signum to one process the test means to hurt. A pid of 0 or less
 * would signal the test's own process group, so it fails the test instead. */
void        tl_test_kill                 (GPid             pid,
                                          int              signum);
/* Runs the main context for @ms (lets asynchronous work progress). */
void        tl_test_spin                 (guint            ms);
/* A child's output with a bound: on timeout it is killed and the result is
 * FALSE with G_IO_ERROR_TIMED_OUT. @input, @out and @err may be NULL. */
gboolean    tl_test_subprocess_communicate (GSubprocess   *process,
                                            const char    *input,
                                            guint          timeout_ms,
                                            char         **out,
                                            char         **err,
                                            GError       **error);
/* The same in two halves, for a child that runs while the test goes on: begin
 * starts feeding and reading, end waits (within its bound) and frees @pending. */
typedef struct _TlTestPending TlTestPending;
TlTestPending *tl_test_subprocess_communicate_begin (GSubprocess    *process,
                                                     const char     *input);
gboolean    tl_test_subprocess_communicate_end (TlTestPending  *pending,
                                                guint           timeout_ms,
                                                char          **out,
                                                char          **err,
                                                GError        **error);
/* Until the child exited; on timeout it is killed, FALSE with G_IO_ERROR_TIMED_OUT. */
gboolean    tl_test_subprocess_wait      (GSubprocess     *process,
                                          guint            timeout_ms,
                                          GError         **error);
/* Copies the logs of every scratch folder still in use to $TL_TEST_BUILDDIR/logs/
 * now (a failing test calls it before it ends the program). */
void        tl_test_keep_logs_now        (void);

/* TRUE when `name` is an executable on PATH; tests that need a daemon skip cleanly
 * (g_test_skip) only if the harness's own install step was not run. */
gboolean    tl_test_have_program         (const char *name);
/* A self-signed certificate (CN and subjectAltName IP/DNS @common_name) and its
 * key, written as PEM files into @dir (via the openssl command). */
gboolean    tl_test_make_certificate     (const char  *dir,
                                          const char  *common_name,
                                          char       **cert_path,
                                          char       **key_path,
                                          GError     **error);

/* ---- Kamailio: registrar + proxy with digest auth ----------------------- */

typedef struct _TlTestKamailio TlTestKamailio;

typedef struct {
  const char  *const *users;      /* NULL-terminated "user:password" pairs */
  const char  *domain;            /* default "127.0.0.1" */
  const char  *address;           /* listen address, default "127.0.0.1" */
  guint        port;              /* 0: choose one; UDP and TCP on the same port */
  gboolean     tls;               /* also listen for TLS on tls_port */
  guint        tls_port;          /* 0: choose one */
  const char  *tls_cert;          /* PEM files for TLS */
  const char  *tls_key;
  const char  *trusted_address;   /* requests from this address need no auth (IP-auth trunks) */
  const char  *mailbox;           /* "127.0.0.1:PORT": message-summary SUBSCRIBEs go there */
} TlTestKamailioOptions;

TlTestKamailio *tl_test_kamailio_start          (const char                  *scratch_dir,
                                                 const TlTestKamailioOptions *options,
                                                 GError                     **error);
guint           tl_test_kamailio_get_port       (TlTestKamailio *self);
guint           tl_test_kamailio_get_tls_port   (TlTestKamailio *self);
/* "ADDRESS:PORT" (UDP/TCP), handy as TlTestPeerOptions.registrar. */
const char     *tl_test_kamailio_get_hostport   (TlTestKamailio *self);
const char     *tl_test_kamailio_get_log_path   (TlTestKamailio *self);
/* Counts requests seen by the script (one log line per request): @method like
 * "REGISTER", @from_user NULL for any user. */
guint           tl_test_kamailio_count_requests (TlTestKamailio *self,
                                                 const char     *method,
                                                 const char     *from_user);
/* The Contact URI of the last successful REGISTER of @user, or NULL. */
char           *tl_test_kamailio_last_contact   (TlTestKamailio *self,
                                                 const char     *user);
/* Waits until a contact of @user (holding @needle, when not NULL) is logged;
 * fails the test after @timeout_ms. */
char           *tl_test_kamailio_await_contact  (TlTestKamailio *self,
                                                 const char     *user,
                                                 const char     *needle,
                                                 guint           timeout_ms);
/* How many times @user un-REGISTERed (a contact with expires=0). */
guint           tl_test_kamailio_count_unregisters (TlTestKamailio *self,
                                                    const char     *user);
/* Stops it (SIGTERM, then SIGKILL) and waits; safe to call twice. */
void            tl_test_kamailio_stop           (TlTestKamailio *self);
void            tl_test_kamailio_free           (TlTestKamailio *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTestKamailio, tl_test_kamailio_free)

/* ---- STUN ------------------------------------------------------------------ */

typedef struct _TlTestStun TlTestStun;

/* A STUN server on two loopback UDP ports (Binding with XOR-MAPPED-ADDRESS and
 * OTHER-ADDRESS naming the other port). @symmetric makes it report another
 * mapped port per server port, as a symmetric NAT would. */
TlTestStun     *tl_test_stun_start              (gboolean     symmetric,
                                                 GError     **error);
guint           tl_test_stun_get_port           (TlTestStun  *self);
guint           tl_test_stun_count_requests     (TlTestStun  *self);
void            tl_test_stun_free               (TlTestStun  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTestStun, tl_test_stun_free)

/* ---- PulseAudio with null devices ---------------------------------------- */

typedef struct _TlTestPulse TlTestPulse;

/* Starts a private PulseAudio with null sinks "tl_speaker", "tl_ringer" and
 * "tl_mic" (the virtual microphone: its monitor is the default source), and
 * an ALSA configuration so PortAudio reaches it through the `pulse` PCM. */
TlTestPulse    *tl_test_pulse_start             (const char  *scratch_dir,
                                                 GError     **error);
/* Environment for any child or for this process: PULSE_SERVER, PULSE_RUNTIME_PATH,
 * PULSE_CLIENTCONFIG (no autospawn), ALSA_CONFIG_PATH, JACK_NO_START_SERVER.
 * Returns a new envp (free with g_strfreev) based on a copy of @envp, which is
 * neither modified nor freed; NULL means this process's environment.
 * ALSA PCMs it defines: "default" and "pulse" (default sink / default source
 * tl_mic.monitor), "tl_speaker", "tl_ringer", "tl_mic" (playback into each
 * sink) and "tl_speaker_monitor", "tl_ringer_monitor", "tl_mic_monitor"
 * (capture from each monitor). Each sink also has one silent module-loopback
 * input that keeps it rendering (so monitor recordings keep their timing). */
char          **tl_test_pulse_environ           (TlTestPulse *self,
                                                 char       **envp);
void            tl_test_pulse_apply_to_self     (TlTestPulse *self);
const char     *tl_test_pulse_get_server        (TlTestPulse *self);
/* Records @sink's monitor to @wav_path for @seconds (blocking helper via parec/sox). */
gboolean        tl_test_pulse_record_sink       (TlTestPulse *self,
                                                 const char  *sink,
                                                 const char  *wav_path,
                                                 double       seconds,
                                                 GError     **error);
/* Plays a tone of @hz into sink @sink for @seconds, in the background. */
GSubprocess    *tl_test_pulse_play_tone         (TlTestPulse *self,
                                                 const char  *sink,
                                                 double       hz,
                                                 double       seconds,
                                                 GError     **error);
/* Background recording of @sink's monitor (or of a source, when @sink ends in
 * ".monitor" or names a source) until tl_test_recorder_finish(), which writes
 * the WAV (48 kHz mono, 16-bit) and frees the recorder. */
typedef struct _TlTestRecorder TlTestRecorder;
TlTestRecorder *tl_test_pulse_record_begin      (TlTestPulse *self,
                                                 const char  *sink,
                                                 const char  *wav_path,
                                                 GError     **error);
gboolean        tl_test_recorder_finish         (TlTestRecorder *recorder,
                                                 GError        **error);
/* `pactl COMMAND_LINE` against this server (within a bound); its output, stripped. */
char           *tl_test_pulse_pactl             (TlTestPulse *self,
                                                 const char  *command_line,
                                                 GError     **error);
/* Path of the unix socket (PULSE_SERVER is "unix:" + this). */
const char     *tl_test_pulse_get_socket_path   (TlTestPulse *self);
void            tl_test_pulse_stop              (TlTestPulse *self);
void            tl_test_pulse_free              (TlTestPulse *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTestPulse, tl_test_pulse_free)

/* ---- baresip peers ------------------------------------------------------- */

typedef struct _TlTestPeer TlTestPeer;

typedef struct {
  const char *user;               /* SIP user, also the auth user */
  const char *password;           /* NULL: no REGISTER (regint=0) */
  const char *domain;             /* default "127.0.0.1" */
  const char *registrar;          /* "127.0.0.1:PORT" of the proxy to register and call through */
  const char *transport;          /* "udp" (default), "tcp", "tls" */
  double      tone_hz;            /* tone it plays into calls; 0 = 1000 */
  const char *codecs;             /* e.g. "pcmu" or "opus/48000/2"; NULL = all */
  const char *mediaenc;           /* NULL, "srtp", "srtp-mand" */
  gboolean    auto_answer;        /* answers every incoming call */
  gboolean    silent;             /* sends no audio at all (a source that never delivers) */
  const char *jitter_buffer;      /* "MIN-MAX" frames, or NULL for the engine's default (5-10) */
} TlTestPeerOptions;

/* Starts `baresip -4 -f DIR` (no -v: it would log the password), connects to
 * its ctrl_tcp, adds the account with `uanew` and, with a password, waits for
 * the REGISTER outcome: REGISTER_FAIL gives NULL and TL_TEST_ERROR_REGISTER_FAILED
 * with the reason ("403 Forbidden") in the message. Its audio source is ausine
 * at tone_hz; received audio is recorded by sndfile (no sound device used).
 * Peers are Debian's 1.0.0 even when TRUNKLINE_ENGINE names another engine
 * for Trunkline (LD_LIBRARY_PATH is not passed on to them).
 * Note: 1.0.0 registers the contact user "USER-0x<pointer>", and still accepts
 * INVITEs addressed to plain USER at its contact. */
TlTestPeer     *tl_test_peer_start              (const char              *scratch_dir,
                                                 const TlTestPeerOptions *options,
                                                 GError                 **error);
/* sip:user@domain */
const char     *tl_test_peer_get_aor            (TlTestPeer *self);
/* Its own local SIP contact "sip:user@127.0.0.1:PORT" (for direct calls). */
const char     *tl_test_peer_get_contact        (TlTestPeer *self);
/* Runs an engine command on the peer and returns the response's "data" text;
 * blocks (a reader thread owns the socket: no main context is iterated).
 * "ok": false gives TL_TEST_ERROR_COMMAND_FAILED. 1.0.0 commands act on the
 * current call: "dial" <uri>, "accept", "hangup", "sndcode" <digits>... */
char           *tl_test_peer_command            (TlTestPeer  *self,
                                                 const char  *command,
                                                 const char  *params,
                                                 GError     **error);
/* Waits until the peer reported event @type ("REGISTER_OK", "CALL_ESTABLISHED",
 * "CALL_DTMF_START"...) since it started; returns the event's JSON text or NULL. */
char           *tl_test_peer_wait_event         (TlTestPeer  *self,
                                                 const char  *type,
                                                 guint        timeout_ms);
/* All events it has seen so far, as JSON texts, oldest first. */
GPtrArray      *tl_test_peer_get_events         (TlTestPeer *self);
/* Number of events seen so far: a cursor for tl_test_peer_wait_event_from(). */
guint           tl_test_peer_get_event_count    (TlTestPeer *self);
/* Like tl_test_peer_wait_event() but ignores the first @first_index events (for the
 * second call of a test: pass the count taken before it). */
char           *tl_test_peer_wait_event_from    (TlTestPeer  *self,
                                                 const char  *type,
                                                 guint        first_index,
                                                 guint        timeout_ms);
/* Whether the process is still running. */
gboolean        tl_test_peer_is_running         (TlTestPeer *self);
/* baresip's stdout/stderr log. */
const char     *tl_test_peer_get_log_path       (TlTestPeer *self);
/* Folder where it writes each call's received (*-dec.wav) and sent (*-enc.wav) audio. */
const char     *tl_test_peer_get_record_dir     (TlTestPeer *self);
/* The newest received-audio WAV, or NULL. sndfile names files by the second
 * (dump-YYYY-MM-DD-HH-MM-SS-dec.wav) and completes the header when the call
 * ends: wait for CALL_CLOSED first, and keep calls on one peer > 1 s apart. */
char           *tl_test_peer_last_recording     (TlTestPeer *self);
void            tl_test_peer_stop               (TlTestPeer *self);
void            tl_test_peer_free               (TlTestPeer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTestPeer, tl_test_peer_free)

/* ---- a voicemail server's notifications ---------------------------------- */

/* Accepts message-summary SUBSCRIBEs (point Kamailio's `mailbox` option at it)
 * and sends NOTIFYs to the last subscriber; runs on the thread-default main
 * context, so the test's waits drive it. */
typedef struct _TlTestMailbox TlTestMailbox;

TlTestMailbox *tl_test_mailbox_start            (GError        **error);
/* "127.0.0.1:PORT", for TlTestKamailioOptions.mailbox. */
const char    *tl_test_mailbox_get_hostport     (TlTestMailbox  *self);
guint          tl_test_mailbox_count_subscribes (TlTestMailbox  *self);
/* NOTIFYs the subscriber accepted with 200. */
guint          tl_test_mailbox_count_notify_ok  (TlTestMailbox  *self);
/* Sends @body (a simple-message-summary) in a NOTIFY; FALSE before any SUBSCRIBE. */
gboolean       tl_test_mailbox_notify           (TlTestMailbox  *self,
                                                 const char     *body);
void           tl_test_mailbox_free             (TlTestMailbox  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTestMailbox, tl_test_mailbox_free)

/* ---- raw SIP ------------------------------------------------------------- */

/* Sends one INVITE over TCP straight to the engine listening on 127.0.0.1:@port,
 * as a hostile caller would: the display name is @display_name_len raw bytes.
 * @request_user is the engine's contact user (its Request-URI check), @to_user
 * the To header's. The connection stays open for the call's answers. */
GSocketConnection *tl_test_sip_send_invite (guint        port,
                                            const char  *request_user,
                                            const char  *to_user,
                                            const char  *display_name,
                                            gsize        display_name_len,
                                            const char  *call_id,
                                            GError     **error);
/* The same, from sip:@from_user@127.0.0.1 (a caller's number) instead of mallory. */
GSocketConnection *tl_test_sip_send_invite_from (guint        port,
                                                 const char  *request_user,
                                                 const char  *from_user,
                                                 const char  *to_user,
                                                 const char  *display_name,
                                                 gsize        display_name_len,
                                                 const char  *call_id,
                                                 GError     **error);
/* The user part of a Contact URI as Kamailio keeps it ("alice-0x55…"). */
char              *tl_test_sip_contact_user (const char *contact);

/* ---- audio analysis ------------------------------------------------------ */

/* Levels are in dBFS relative to the peak of a full-scale signal: a full-scale
 * sine reads 0 dBFS from tl_test_audio_tone_dbfs() (amplitude-based, Hann-windowed
 * Goertzel at the exact frequency) and -3 dBFS from tl_test_audio_rms_dbfs().
 * Silence reads -200 dBFS (never -inf). A window past the end is cut to the audio. */

typedef struct {
  float  *samples;                /* mono (channels mixed down), -1..1 */
  gsize   n_samples;
  guint   rate;
} TlTestAudio;

gboolean  tl_test_audio_load_wav           (const char   *path,
                                            TlTestAudio  *out,
                                            GError      **error);
void      tl_test_audio_clear              (TlTestAudio  *audio);
/* Level of a pure tone at @hz (Goertzel) over [start_s, start_s+len_s), in dBFS. */
double    tl_test_audio_tone_dbfs          (const TlTestAudio *audio,
                                            double             hz,
                                            double             start_s,
                                            double             len_s);
/* RMS level of the whole window in dBFS. */
double    tl_test_audio_rms_dbfs           (const TlTestAudio *audio,
                                            double             start_s,
                                            double             len_s);
/* First time (seconds) at which the tone at @hz rises above @threshold_dbfs, or -1. */
double    tl_test_audio_tone_onset         (const TlTestAudio *audio,
                                            double             hz,
                                            double             threshold_dbfs);
/* Duration in seconds. */
double    tl_test_audio_get_duration       (const TlTestAudio *audio);
/* Writes a 16-bit PCM WAV: a sine of @hz at @amplitude (1.0 = full scale) for
 * @seconds at @rate with @channels identical channels. */
gboolean  tl_test_audio_write_tone_wav     (const char   *path,
                                            double        hz,
                                            double        amplitude,
                                            double        seconds,
                                            guint         rate,
                                            guint         channels,
                                            GError      **error);
/* Fills @out (free with tl_test_audio_clear()) with @seconds of a signal whose
 * cross-correlation has one clear peak: after 200 ms of silence, rising chirps
 * (about 300 Hz to 3 kHz, -6 dBFS) of irregular lengths (40-200 ms) and gaps
 * (50-300 ms), chosen by @seed. A steady tone would correlate at every period. */
void      tl_test_audio_make_bursts        (TlTestAudio  *out,
                                            guint         rate,
                                            double        seconds,
                                            guint32       seed);
/* How much later @received carries @sent (received(t) ≈ a·sent(t - lag)), in ms,
 * searched over lags 0..@max_lag_s: the lag that maximises the normalised
 * cross-correlation, found on 1 ms RMS envelopes and refined on the samples
 * (±2 ms around it, to a fraction of a sample). Both must share one clock and
 * one rate (t = 0 is the first sample of each). @peak_out gets the normalised
 * correlation of the samples at that lag: near 1 for a faithful copy, near 0
 * when nothing matches (or when a codec kept the envelope but not the waveform).
 * -1 (and a peak of 0) when it cannot be computed: different rates, silence. */
double    tl_test_audio_delay_ms           (const TlTestAudio *sent,
                                            const TlTestAudio *received,
                                            double             max_lag_s,
                                            double            *peak_out);

G_END_DECLS
