/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real app under Xvfb for the UI tests: its own X server, session bus, unlocked
 * keyring, stand-in notification server, and optionally the test trunk (Kamailio,
 * PulseAudio, a peer) with an account registered through it. */
#pragma once

#include <gio/gio.h>

#include "tl-test-trunk.h"

G_BEGIN_DECLS

/* The account the app registers with, and the peer it calls and that calls it. */
#define TL_TEST_UI_USER           "alice"
#define TL_TEST_UI_PASSWORD       "alice-ui-pw"
#define TL_TEST_UI_PEER           "2001"
#define TL_TEST_UI_PEER_PASSWORD  "peer-ui-pw"
/* The tone the peer plays into calls, and the one our microphone carries. */
#define TL_TEST_UI_PEER_HZ        1000.0
#define TL_TEST_UI_OUR_HZ         700.0

/* A tone is there above this (as in the call tests). */
#define TL_TEST_UI_PRESENT_DBFS   (-40.0)

typedef struct _TlTestUi TlTestUi;

typedef struct {
  const char *name;          /* scratch folder and kept-logs name */
  gboolean    with_trunk;    /* Kamailio, PulseAudio, the peer and a registered account */
  gboolean    no_account;    /* with the trunk, but no account set up (a fresh profile) */
  const char *srtp;          /* the account's and the peer's SRTP ("mandatory"), or NULL */
  gboolean    peer_answers;  /* the peer picks up calls to it */
  const char *const *app_args; /* extra arguments for trunkline */
  const char *const *app_env;  /* extra "KEY=VALUE" environment for trunkline */
  const char *const *account; /* `trunkline-cli accounts add` arguments, run before the app starts */
  const char *transport;     /* the account's transport ("tcp"), NULL: UDP */
  gboolean    hidden;        /* start hidden (--gapplication-service): no window to wait for */
  const char *voicemail;     /* the account's voicemail number, or NULL */
  const char *const *account_set; /* more "KEY=VALUE" settings for that account */
  gboolean    with_mailbox;  /* a voicemail server Kamailio sends message-summary SUBSCRIBEs to */
  int         width;         /* initial window size (0: the app's default) */
  int         height;
  /* Another program in the same setting (the benchmark's references): its path,
   * and its window's title as a regular expression. */
  const char *program;
  const char *window_name;
} TlTestUiOptions;

/* Starts everything and the app, and waits until its window is mapped (and,
 * with the trunk, the account registered). Fails the test if it cannot. */
TlTestUi       *tl_test_ui_start              (const TlTestUiOptions *options);
/* Quits the app through app.quit (the engine stops first), then stops
 * everything; the logs are kept when the test failed. */
void            tl_test_ui_stop               (TlTestUi   *ui);

const char     *tl_test_ui_get_scratch        (TlTestUi   *ui);
const char     *tl_test_ui_get_home           (TlTestUi   *ui);
const char     *tl_test_ui_get_display        (TlTestUi   *ui);
const char     *tl_test_ui_get_bus_address    (TlTestUi   *ui);
TlTestKamailio *tl_test_ui_get_kamailio       (TlTestUi   *ui);
TlTestMailbox  *tl_test_ui_get_mailbox        (TlTestUi   *ui);
TlTestPulse    *tl_test_ui_get_pulse          (TlTestUi   *ui);
TlTestPeer     *tl_test_ui_get_peer           (TlTestUi   *ui);
/* The app's own SIP port (UDP and TCP; TLS on the next one). */
guint           tl_test_ui_get_sip_port       (TlTestUi   *ui);
gboolean        tl_test_ui_app_running        (TlTestUi   *ui);
GPid            tl_test_ui_get_app_pid        (TlTestUi   *ui);
/* From the app's start to its first mapped window, as seen on the X server. */
double          tl_test_ui_get_mapped_ms      (TlTestUi   *ui);

/* A private X server for a test that shows widgets in-process: sets DISPLAY (and
 * the x11 backend, cairo renderer) in this process; stop it with the returned
 * process (tl_test_ui_stop_display). */
GSubprocess    *tl_test_ui_start_display      (void);
void            tl_test_ui_stop_display       (GSubprocess *xvfb);

/* ---- the app's log: what it shows, in its debug lines ---------------------------- */

/* A cursor into the app's log: lines after it are the new ones. */
guint           tl_test_ui_mark               (TlTestUi   *ui);
/* Waits for a line holding @needle after @mark; returns it (free it). */
char           *tl_test_ui_await_line         (TlTestUi   *ui,
                                               guint       mark,
                                               const char *needle,
                                               guint       timeout_ms);
/* The last line after @mark holding @needle, or NULL (no waiting). */
char           *tl_test_ui_find_line          (TlTestUi   *ui,
                                               guint       mark,
                                               const char *needle);
/* Waits for a line holding @needle after @mark and returns the number right
 * after @needle in the last such line: a pid the app logged ("The demo line's
 * engine runs as pid "). */
GPid            tl_test_ui_await_pid          (TlTestUi   *ui,
                                               guint       mark,
                                               const char *needle,
                                               guint       timeout_ms);
/* The pid of the app's call engine from the last start it logged after @mark. */
GPid            tl_test_ui_engine_pid         (TlTestUi   *ui,
                                               guint       mark,
                                               guint       timeout_ms);

/* ---- driving it -------------------------------------------------------------------- */

/* Real key events (XTEST) to the focused window: xdotool key / type. */
void            tl_test_ui_key                (TlTestUi   *ui,
                                               const char *keys);
void            tl_test_ui_type               (TlTestUi   *ui,
                                               const char *text);
/* Gives the main window the keyboard again, as a window manager would when a
 * dialog over it closes (the test's X server runs none). */
void            tl_test_ui_focus_window       (TlTestUi   *ui);
/* Gives another of the app's windows (a dialog, found by title) the keyboard. */
void            tl_test_ui_focus_xid          (TlTestUi   *ui,
                                               gulong      xid);
/* A click at window coordinates (a real pointer event). */
void            tl_test_ui_click              (TlTestUi   *ui,
                                               int         x,
                                               int         y);
/* An app action, as notifications and `gapplication action` send it. */
void            tl_test_ui_action             (TlTestUi   *ui,
                                               const char *action,
                                               GVariant   *parameter);
/* The window's X id, or 0 while it is not mapped. */
gulong          tl_test_ui_window             (TlTestUi   *ui);
/* A visible window whose WM_CLASS instance name is @wm_class (0: none). */
gulong          tl_test_ui_find_class         (TlTestUi   *ui,
                                               const char *wm_class);
/* Another of the app's windows (a dialog) by its title, a regular expression. */
gulong          tl_test_ui_find_window        (TlTestUi   *ui,
                                               const char *title);
gboolean        tl_test_ui_window_visible     (TlTestUi   *ui);
/* Places a window at 0,0 with that size, lets it redraw and gives it the keyboard. */
void            tl_test_ui_resize_window      (TlTestUi   *ui,
                                               gulong      xid,
                                               int         width,
                                               int         height);
/* Resizes the main window (at 0,0) and lets it redraw. */
void            tl_test_ui_resize             (TlTestUi   *ui,
                                               int         width,
                                               int         height);
/* Writes $TL_TEST_BUILDDIR/screenshots/@name (PNG) of the window as it is on
 * screen, and checks that it is not a blank frame. */
void            tl_test_ui_screenshot         (TlTestUi   *ui,
                                               const char *name);
/* The same for another window (a dialog: tl_test_ui_find_window), moved to 0,0 and raised first. */
void            tl_test_ui_screenshot_window  (TlTestUi   *ui,
                                               gulong      xid,
                                               const char *name);

/* ---- audio (with the trunk) ---------------------------------------------------------- */

/* Plays @hz into our microphone until tl_test_ui_stop_tone(). */
GSubprocess    *tl_test_ui_play_tone          (TlTestUi   *ui,
                                               double      hz);
void            tl_test_ui_stop_tone          (GSubprocess *tone);
/* The level of @hz in @audio, leaving out device start and stop. */
double          tl_test_ui_tone_level         (const TlTestAudio *audio,
                                               double             hz);
/* What our speaker plays for @seconds (kept as @name in the scratch folder),
 * while the app keeps running: the level of @hz in it. */
double          tl_test_ui_speaker_level      (TlTestUi   *ui,
                                               const char *name,
                                               double      hz,
                                               double      seconds);

/* ---- notifications -------------------------------------------------------------------- */

/* Every notification event recorded so far (JSON objects: "event" notify,
 * close or invoke), oldest first. */
GPtrArray      *tl_test_ui_notifications      (TlTestUi   *ui);
/* How many notification events were recorded so far (to wait for later ones). */
guint           tl_test_ui_count_notifications (TlTestUi   *ui);
/* The string @member of one recorded event's JSON; fails the test when it has none. */
char           *tl_test_ui_json_string        (const char *json,
                                               const char *member);
/* Waits for a notify event whose JSON holds @needle, after the first @skip
 * events; returns its JSON (free it) and its id. */
char           *tl_test_ui_await_notification (TlTestUi   *ui,
                                               guint       skip,
                                               const char *needle,
                                               guint       timeout_ms,
                                               guint      *id);
/* Waits until notification @id was closed (withdrawn). */
void            tl_test_ui_await_closed       (TlTestUi   *ui,
                                               guint       id,
                                               guint       timeout_ms);
/* Presses a notification's button (its action key, e.g. "app.answer::ID"). */
void            tl_test_ui_press_notification (TlTestUi   *ui,
                                               guint       id,
                                               const char *action_key);

/* The stand-in Background portal: the next RequestBackground after event @skip
 * (its JSON: autostart, commandline, reason), and how it answers from now on. */
char           *tl_test_ui_await_background_request (TlTestUi *ui,
                                                     guint     skip,
                                                     guint     timeout_ms);
void            tl_test_ui_set_background_answer    (TlTestUi *ui,
                                                     gboolean  grant);
/* The stand-in logind announces a suspend and a wake-up on the app's system bus. */
void            tl_test_ui_sleep_and_wake           (TlTestUi *ui);

/* ---- the trunk ----------------------------------------------------------------------------- */

/* INVITEs from our account that reached Kamailio so far. */
guint           tl_test_ui_count_invites      (TlTestUi   *ui);

/* Kamailio goes away (the trunk is unreachable), and comes back on the same port. */
void            tl_test_ui_stop_kamailio      (TlTestUi   *ui);
void            tl_test_ui_restart_kamailio   (TlTestUi   *ui);

/* ---- the command line ------------------------------------------------------------------- */

/* Runs trunkline itself again with @args (a link, say) in the app's setting:
 * it hands them to the running instance. Returns its exit status. */
int             tl_test_ui_run_app            (TlTestUi          *ui,
                                               const char *const *args);


/* Runs trunkline-cli with the app's folders and bus; its exit status, and its
 * standard output in @out when not NULL. */
int             tl_test_ui_cli                (TlTestUi          *ui,
                                               const char        *input,
                                               const char *const *args,
                                               char             **out);

G_END_DECLS
