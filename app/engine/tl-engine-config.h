/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's generated configuration: modules, control port, devices, tones off. */
#pragma once

#include <glib.h>

#include "tl-engine-dialect.h"

G_BEGIN_DECLS

typedef struct {
  const char *module_dir;
  const char *audio_path;      /* an empty private folder: the engine plays no tones */
  guint       control_port;    /* loopback port for ctrl_tcp */
  const char *sip_listen;      /* "addr:port" or NULL for the engine's default */
  const char *net_interface;   /* address to use in Contact/SDP, or NULL */
  const char *audio_player;    /* "portaudio,N" or NULL for the default device */
  const char *audio_source;
  const char *audio_alert;
  const char *ca_file;         /* extra CA for TLS, or NULL */
  const char *extra;           /* appended verbatim (engine-wide expert settings) */
} TlEngineConfig;

/* The modules Trunkline loads, in load order (the first codec is preferred). */
const char *const *tl_engine_config_modules (void);

/* Renders the config file's text. @dialect may be NULL before the version is known. */
char     *tl_engine_config_render (const TlEngineConfig  *config,
                                   const TlEngineDialect *dialect);
/* Writes @dir/config (0600) atomically. */
gboolean  tl_engine_config_write  (const TlEngineConfig  *config,
                                   const TlEngineDialect *dialect,
                                   const char            *dir,
                                   GError               **error);

G_END_DECLS
