/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Supervisor and typed command API for the baresip engine child process. */
#pragma once

#include <gio/gio.h>

#include "tl-engine-account.h"
#include "tl-engine-dialect.h"
#include "tl-engine-event.h"

G_BEGIN_DECLS

#define TL_ENGINE_ERROR (tl_engine_error_quark ())

typedef enum {
  TL_ENGINE_ERROR_NOT_FOUND,        /* no engine executable */
  TL_ENGINE_ERROR_SPAWN,            /* could not start it, or it died while starting */
  TL_ENGINE_ERROR_START_TIMEOUT,    /* started but never answered a command */
  TL_ENGINE_ERROR_NOT_RUNNING,      /* a command while the engine is down */
  TL_ENGINE_ERROR_COMMAND_FAILED,   /* the engine answered ok:false */
  TL_ENGINE_ERROR_TIMEOUT,          /* no answer to a command in time */
  TL_ENGINE_ERROR_INVALID_ARGUMENT, /* a value the engine cannot carry safely */
  TL_ENGINE_ERROR_PROTOCOL,         /* a malformed message */
  TL_ENGINE_ERROR_CLOSED,           /* the control connection went away */
} TlEngineErrorEnum;

typedef enum {
  TL_ENGINE_STATE_STOPPED,
  TL_ENGINE_STATE_STARTING,
  TL_ENGINE_STATE_READY,
  TL_ENGINE_STATE_RESTARTING,
  TL_ENGINE_STATE_STOPPING,
  TL_ENGINE_STATE_FAILED,
} TlEngineState;

/* tl_engine_stop_async() finishes within this: its ladder (quit, then SIGTERM,
 * then SIGKILL, 5 s in all) and the reaping, with room to spare. */
#define TL_ENGINE_STOP_BUDGET_MS 8000

#define TL_TYPE_ENGINE (tl_engine_get_type ())
G_DECLARE_FINAL_TYPE (TlEngine, tl_engine, TL, ENGINE, GObject)

GQuark          tl_engine_error_quark          (void);
const char     *tl_engine_state_to_string      (TlEngineState state);

TlEngine       *tl_engine_new                  (void);

/* Settings read at (re)start. */
void            tl_engine_set_listen_address   (TlEngine    *self,
                                                const char  *address);
void            tl_engine_set_audio_devices    (TlEngine    *self,
                                                const char  *player,
                                                const char  *source,
                                                const char  *alert);
void            tl_engine_set_extra_config     (TlEngine    *self,
                                                const char  *lines);
/* The delay the engine's audio path adds, against gaps when the machine is
 * busy. The jitter buffer holds MIN to MAX frames of 20 ms before and while it
 * plays; sound_server_ms is the buffer the engine's sound-server streams ask
 * for (PULSE_LATENCY_MSEC: the 1.0.0 engine's PortAudio asks for 100 ms, which
 * the ALSA pulse plugin turns into a 160 ms playback buffer), 0 to leave it. */
typedef struct {
  guint jitter_min_frames;
  guint jitter_max_frames;
  guint sound_server_ms;
} TlEngineAudioLatency;

/* The default: the engine's own sound-server buffers, a jitter buffer from
 * two frames. No gaps measured on a loaded two-core machine. */
#define TL_ENGINE_AUDIO_LATENCY_DEFAULT ((TlEngineAudioLatency) { 2, 10, 0 })
/* "Lowest latency": one frame of jitter buffer (at most four) and 60 ms
 * sound-server buffers: 20-50 ms less each way; a busier CPU or network can
 * be heard as gaps (40 ms buffers gapped on a loaded two-core machine). */
#define TL_ENGINE_AUDIO_LATENCY_LOWEST  ((TlEngineAudioLatency) { 1, 4, 60 })

/* Read at (re)start: call tl_engine_restart_when_idle() to apply it now. */
void            tl_engine_set_audio_latency    (TlEngine                   *self,
                                                const TlEngineAudioLatency *latency);
void            tl_engine_get_audio_latency    (TlEngine                   *self,
                                                TlEngineAudioLatency       *latency);
/* Extra environment for the engine process ("NAME=value" entries, e.g. the
 * ALSA configuration that names every sound-server device); NULL for none. */
void            tl_engine_set_environment      (TlEngine           *self,
                                                const char * const *environment);

/* The engine prints every SIP message it sends and receives (read at start;
 * "output-line" carries them, redacted). */
void            tl_engine_set_sip_trace        (TlEngine    *self,
                                                gboolean     enabled);
TlEngineState   tl_engine_get_state            (TlEngine    *self);
const char     *tl_engine_get_version          (TlEngine    *self);
const TlEngineDialect *tl_engine_get_dialect   (TlEngine    *self);
guint           tl_engine_get_control_port     (TlEngine    *self);
guint           tl_engine_get_restart_count    (TlEngine    *self);
/* TRUE when an account with this AOR ("sip:user@domain") was added. */
gboolean        tl_engine_has_account          (TlEngine    *self,
                                                const char  *aor);
GPid            tl_engine_get_pid              (TlEngine    *self);
const char     *tl_engine_get_config_dir       (TlEngine    *self);

void            tl_engine_start_async          (TlEngine            *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        tl_engine_start_finish         (TlEngine            *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            tl_engine_stop_async           (TlEngine            *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        tl_engine_stop_finish          (TlEngine            *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Restarts a running engine now (new port, new local address, device list read
 * again); accounts are re-added. The caller makes sure no call is up. */
void            tl_engine_restart              (TlEngine            *self);
/* Restarts once no call is up (asks the engine; waits for the last call to close). */
void            tl_engine_restart_when_idle    (TlEngine            *self);
/* The machine's network changed: a 4.x engine running netroam re-checks its
 * addresses and re-registers by itself; any other restarts between calls. */
void            tl_engine_network_changed      (TlEngine            *self);

/* The 1.0.0 engine keeps a few KiB for every call it made, for as long as it
 * runs. Once its resident memory grew by more than @percent over what it used
 * after its first call, it is restarted when no call is up (as
 * tl_engine_restart_when_idle()); its accounts register again at once.
 * 0 turns this off; the default is TL_ENGINE_DEFAULT_MEMORY_GROWTH_PERCENT. */
#define TL_ENGINE_DEFAULT_MEMORY_GROWTH_PERCENT 3
void            tl_engine_set_memory_growth_limit (TlEngine         *self,
                                                   guint             percent);
/* Restarts made for memory since tl_engine_new(). */
guint           tl_engine_get_memory_restart_count (TlEngine        *self);

/* Sends one command; the result is the engine's reply text (passwords redacted). */
void            tl_engine_command_async        (TlEngine            *self,
                                                const char          *command,
                                                const char          *params,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char           *tl_engine_command_finish       (TlEngine            *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* A selection ("uafind <aor>", "callfind <id>") and an action in one write: the
 * 1.0.0 engine acts on its "current" account and call. Finish with
 * tl_engine_command_finish(). */
void            tl_engine_command_pair_async   (TlEngine            *self,
                                                const char          *select_command,
                                                const char          *select_params,
                                                const char          *command,
                                                const char          *params,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);

/* Accounts are kept by the supervisor and re-added after every engine restart. */
void            tl_engine_add_account_async    (TlEngine            *self,
                                                TlEngineAccount     *account,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        tl_engine_add_account_finish   (TlEngine            *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            tl_engine_remove_account_async (TlEngine            *self,
                                                const char          *aor,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        tl_engine_remove_account_finish (TlEngine           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
