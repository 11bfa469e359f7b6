/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine's generated configuration: modules, control port, devices, tones off. */
#pragma once

#include <glib.h>

#include "tl-engine-account.h"
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
  const char *ca_file;         /* the accounts' CAs for TLS, or NULL */
  const char *system_ca_file;  /* the runtime's CA bundle, or NULL */
  const char *system_ca_path;  /* the runtime's hashed CA folder, or NULL */
  const char *const *optional_modules; /* of tl_engine_config_optional_modules(), those installed */
  const char *jitter_buffer;   /* "MIN-MAX" frames before and while playing, or NULL for 2-10 */
  const char *extra;           /* appended verbatim (engine-wide expert settings) */
} TlEngineConfig;

/* The modules Trunkline loads, in load order (the first codec is preferred). */
const char *const *tl_engine_config_modules (void);
/* Modules loaded when the engine has them: the audio filters 4.x needs for
 * sample format and rate conversion, and netroam (4.x). */
const char *const *tl_engine_config_optional_modules (void);
/* Those of tl_engine_config_optional_modules() present in @module_dir. */
GStrv     tl_engine_config_find_optional_modules (const char *module_dir);
/* The address of a listen setting ("addr:port", "[v6]:port", "[v6]" or a bare
 * address), without port or brackets; NULL when there is none. */
char     *tl_engine_config_listen_host (const char *listen_address);
/* What the accounts ask an engine that verifies TLS (4.x) to trust: each
 * private CA file and each certificate pinned on first use (PEM text), once,
 * sorted. Never NULL. */
GStrv     tl_engine_config_account_trust (const TlEngineAccount *const *accounts,
                                          guint                         n_accounts);
/* One CA bundle's text for @trust (files read, PEM text as it is; a file that
 * cannot be read is left out), or NULL when nothing is left. */
char     *tl_engine_config_trust_bundle  (const char *const *trust);
/* The net_interface of a run: the listen address's host when one is set;
 * otherwise, on an engine that uses loopback only when named (4.x), 127.0.0.1
 * when every account reaches only this machine (and there is one); else NULL,
 * the engine's own choice. */
char     *tl_engine_config_net_interface (const TlEngineDialect         *dialect,
                                          const char                    *listen_address,
                                          const TlEngineAccount *const *accounts,
                                          guint                         n_accounts);
/* The runtime's CA bundle and hashed CA folder (Debian, the Flatpak runtime,
 * Fedora-style systems); NULL where there is none. */
const char *tl_engine_config_system_ca_file (void);
const char *tl_engine_config_system_ca_path (void);

/* Renders the config file's text. @dialect may be NULL before the version is known. */
char     *tl_engine_config_render (const TlEngineConfig  *config,
                                   const TlEngineDialect *dialect);
/* Writes @dir/config (0600) atomically. */
gboolean  tl_engine_config_write  (const TlEngineConfig  *config,
                                   const TlEngineDialect *dialect,
                                   const char            *dir,
                                   GError               **error);

G_END_DECLS
