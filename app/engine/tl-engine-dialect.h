/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every difference between engine versions (1.0.0 in Debian 12, 4.x in the Flatpak), in one place. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint    major, minor, micro;
  /* 4.x call commands take a call id; 1.0.0 acts on the current call ("callfind" first). */
  gboolean call_commands_take_id;
  /* 4.x "dial" replies "call id: <id>"; 1.0.0 replies nothing useful. */
  gboolean dial_returns_call_id;
  /* 4.x "hangup" takes scode= and reason= (603 decline); 1.0.0 always answers 486. */
  gboolean hangup_takes_status;
  /* 4.x "mute yes|no"; 1.0.0 only toggles. */
  gboolean mute_takes_state;
  /* sip_verify_server exists (1.1.0+); 1.0.0 never verifies TLS servers. */
  gboolean verifies_tls_server;
  /* catchall account parameter (3.11+). */
  gboolean has_catchall;
  /* check_origin account parameter with filter_registrar: requests on a
   * registering account must come from its registrar (4.x). */
  gboolean has_check_origin;
  /* Loopback addresses are left out of the engine's local addresses unless
   * net_interface names one, so a loopback peer is unreachable otherwise (4.x). */
  gboolean loopback_needs_interface;
  /* The netroam module follows address changes itself; "netchange" asks it to
   * look at once (4.x). */
  gboolean has_netroam;
  /* uareg, hangupall, uadelall, attended transfer (atransfer*), stopringing. */
  gboolean has_uareg;
  gboolean has_attended_transfer;
  /* ring_aufile/ringback_aufile "none" (4.x) or audio_path tricks (1.0.0). */
  gboolean has_tone_file_settings;
  /* 1.0.0 resumes a held call by itself when the active one ends (and says
   * nothing); 4.x leaves it held until asked. */
  gboolean resumes_held_call;
  /* CALL_OUTGOING, CALL_HOLD/RESUME events exist. */
  gboolean reports_outgoing_and_hold;
  /* The registration events' class name ("register" in 1.0.0, "ua" in 4.x). */
  const char *register_event_class;
} TlEngineDialect;

/* Fills @dialect from a version string like "1.0.0" or "v4.1.2"; FALSE if unparsable. */
gboolean     tl_engine_dialect_init_from_version (TlEngineDialect *dialect,
                                                  const char      *version);
/* Finds the version in the engine's banner ("baresip v1.0.0 Copyright…") or in the
 * "about" reply; returns a new "X.Y.Z" string or NULL. */
char        *tl_engine_dialect_parse_banner      (const char      *text);
/* Where the engine finds the CAs it trusts for SIP over TLS. */
typedef struct {
  const char *ca_file;          /* the accounts' own CAs, or NULL */
  const char *system_ca_file;   /* the runtime's CA bundle, or NULL */
  const char *system_ca_path;   /* the runtime's hashed CA folder, or NULL */
} TlEngineTrust;

/* The config lines that differ by version (TLS verification, tone files);
 * @dialect NULL (version not known yet) gives lines for every version. */
char        *tl_engine_dialect_config_lines      (const TlEngineDialect *dialect,
                                                  const TlEngineTrust   *trust);
/* The CALL_CLOSED reason of a call this side hung up, made one text for both
 * versions ("Connection reset by user"); other reasons come back unchanged.
 * Returns a new string; sets @local when the hang-up was ours. */
char        *tl_engine_dialect_closed_reason     (const char            *param,
                                                  gboolean              *local);
/* Builds the command and params that hang up @call_id with @status (0 = default).
 * On 1.0.0 @needs_callfind is set: the caller must send "callfind <id>" first. */
void         tl_engine_dialect_hangup_command    (const TlEngineDialect *dialect,
                                                  const char            *call_id,
                                                  guint                  status,
                                                  const char            *reason,
                                                  char                 **command,
                                                  char                 **params,
                                                  gboolean              *needs_callfind);
/* "command not found" means the engine has no call right now (in-call commands
 * exist only while a call does, in both versions). */
gboolean     tl_engine_dialect_reply_means_no_call (const char *error_text);
/* The engine's reply to uanew/dial may be ok:true although the command failed
 * (1.0.0); TRUE when @reply text reports a failure. */
gboolean     tl_engine_dialect_reply_reports_failure (const char *reply);
/* Extracts the call id from a 4.x dial reply, or NULL (always NULL on 1.0.0). */
char        *tl_engine_dialect_dial_reply_call_id (const TlEngineDialect *dialect,
                                                   const char            *reply);

/* One line of the "listcalls" reply: "> [line 1]  0:00:05  ESTABLISHED  (on hold)  sip:bob@host"
 * (4.x writes "[line 1, id <id>]"). */
typedef struct {
  guint     line;
  char     *id;        /* 4.x only; NULL on 1.0.0 */
  char     *state;     /* "ESTABLISHED", "RINGING", … */
  gboolean  on_hold;
  gboolean  current;   /* the engine's current call (">") */
  char     *peer_uri;
} TlEngineCallLine;

void         tl_engine_call_line_free             (TlEngineCallLine *line);
/* Parses a "listcalls" reply (either version) into TlEngineCallLine items in line
 * order; lines that do not parse are skipped. Never NULL. */
GPtrArray   *tl_engine_dialect_parse_call_list    (const char *reply);

/* The codec a call sends with, from the "callstat" reply of either version: the
 * first remote SDP format the engine also has (marked "*"), telephone-event
 * aside, as "opus/48000/2" or "PCMU/8000/1". NULL when it cannot be found. */
char        *tl_engine_dialect_parse_call_codec   (const char *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlEngineCallLine, tl_engine_call_line_free)

G_END_DECLS
