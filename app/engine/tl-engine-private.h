/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's instance and what its source files share; only tl-engine*.c include it. */
#pragma once

#include "tl-engine.h"
#include "tl-engine-channel.h"

G_BEGIN_DECLS

struct _TlEngine {
  GObject             parent_instance;

  TlEngineState       state;

  /* settings */
  char               *listen_address;
  char               *audio_player;
  char               *audio_source;
  char               *audio_alert;
  char               *extra_config;
  GStrv               environment;
  TlEngineAudioLatency audio_latency;

  /* the current run */
  char               *binary;
  char               *module_dir;
  char               *config_dir;
  char               *audio_dir;
  GSubprocess        *process;
  GPid                pid;               /* of this run, kept after GLib reaps it */
  GCancellable       *run_cancellable;   /* output reading and exit wait of this run */
  TlEngineChannel    *channel;
  guint               control_port;
  gint64              run_started_us;
  GQueue              output_tail;       /* redacted last lines, for error messages */

  char               *version;
  TlEngineDialect     dialect;
  gboolean            have_dialect;
  gboolean            version_probed;    /* asked the binary once, before its first run */
  GCancellable       *probe_cancellable;

  /* what this run's config holds that depends on the accounts (4.x) */
  GStrv               run_trust;         /* account CA files and pinned PEMs the engine trusts */
  gboolean            run_on_loopback;   /* net_interface chosen for loopback lines */
  gboolean            run_has_netroam;

  GHashTable         *accounts;          /* aor → TlEngineAccount */

  guint               restart_count;
  guint               consecutive_failures;
  guint               restart_source;
  guint               connect_source;
  guint               start_timeout_source;
  guint               ladder_source;
  guint               ladder_step;
  gboolean            planned_restart;   /* restart on a new port (takeover) */
  gboolean            reconnecting;
  gboolean            connect_in_flight; /* one connection attempt at a time */
  gboolean            restart_when_idle; /* a restart waits for the last call to end */
  gboolean            sip_trace;         /* -s: the engine prints every SIP message */
  guint               call_activity;     /* dials sent and calls seen, ever */
  guint               idle_probe_activity; /* call_activity when listcalls was sent */
  guint               memory_growth_percent; /* 0: never restart for memory */
  gint64              run_rss_baseline_kib;  /* after this run's first call; 0 before it */
  gboolean            memory_restart_pending;
  guint               memory_restart_count;

  GTask              *start_task;
  GPtrArray          *stop_tasks;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_VERSION,
  PROP_CONTROL_PORT,
  PROP_RESTART_COUNT,
  N_PROPS
};

extern GParamSpec *tl_engine_properties[N_PROPS];

enum {
  SIGNAL_EVENT,
  SIGNAL_READY,
  SIGNAL_RESTARTED,
  SIGNAL_SECURITY_WARNING,
  SIGNAL_OUTPUT_LINE,
  N_SIGNALS
};

extern guint tl_engine_signals[N_SIGNALS];

/* tl-engine.c */
void      tl_engine_set_state             (TlEngine      *self,
                                           TlEngineState  state);
char     *tl_engine_redact_passwords      (TlEngine      *self,
                                           const char    *text);

/* tl-engine-output.c */
char     *tl_engine_describe_output_tail  (TlEngine      *self);
void      tl_engine_start_output_reader   (TlEngine      *self);

/* tl-engine-control.c */
void      tl_engine_connect_attempt       (TlEngine      *self);

/* tl-engine-commands.c */
void      tl_engine_readd_accounts        (TlEngine      *self);

/* tl-engine-prepare.c */
/* TRUE when @account needs settings this run's config lacks (a CA to trust,
 * a loopback address on 4.x): it is added once the engine has restarted. */
gboolean  tl_engine_account_needs_new_run (TlEngine              *self,
                                           const TlEngineAccount *account);

/* tl-engine-prepare.c */
gboolean  tl_engine_prepare_run           (TlEngine      *self,
                                           GError       **error);

/* tl-engine-process.c */
void      tl_engine_end_run               (TlEngine      *self);

G_END_DECLS
