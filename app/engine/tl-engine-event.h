/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Typed view of one unsolicited engine event, independent of the engine's version. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  TL_ENGINE_EVENT_UNKNOWN = 0,
  TL_ENGINE_EVENT_REGISTERING,
  TL_ENGINE_EVENT_REGISTER_OK,
  TL_ENGINE_EVENT_REGISTER_FAIL,
  TL_ENGINE_EVENT_UNREGISTERING,
  TL_ENGINE_EVENT_FALLBACK_OK,
  TL_ENGINE_EVENT_FALLBACK_FAIL,
  TL_ENGINE_EVENT_MWI_NOTIFY,
  TL_ENGINE_EVENT_CALL_INCOMING,
  TL_ENGINE_EVENT_CALL_OUTGOING,
  TL_ENGINE_EVENT_CALL_RINGING,
  TL_ENGINE_EVENT_CALL_PROGRESS,
  TL_ENGINE_EVENT_CALL_ANSWERED,
  TL_ENGINE_EVENT_CALL_ESTABLISHED,
  TL_ENGINE_EVENT_CALL_CLOSED,
  TL_ENGINE_EVENT_CALL_HOLD,
  TL_ENGINE_EVENT_CALL_RESUME,
  TL_ENGINE_EVENT_CALL_TRANSFER,
  TL_ENGINE_EVENT_CALL_TRANSFER_FAILED,
  TL_ENGINE_EVENT_CALL_REDIRECT,
  TL_ENGINE_EVENT_CALL_DTMF_START,
  TL_ENGINE_EVENT_CALL_DTMF_END,
  TL_ENGINE_EVENT_CALL_RTPESTAB,
  TL_ENGINE_EVENT_CALL_RTCP,
  TL_ENGINE_EVENT_CALL_MENC,
  TL_ENGINE_EVENT_CALL_LOCAL_SDP,
  TL_ENGINE_EVENT_CALL_REMOTE_SDP,
  TL_ENGINE_EVENT_VU_TX_REPORT,
  TL_ENGINE_EVENT_VU_RX_REPORT,
  TL_ENGINE_EVENT_AUDIO_ERROR,
  TL_ENGINE_EVENT_SHUTDOWN,
  TL_ENGINE_EVENT_EXIT,
} TlEngineEventType;

typedef enum {
  TL_ENGINE_DIRECTION_UNKNOWN = 0,
  TL_ENGINE_DIRECTION_INCOMING,
  TL_ENGINE_DIRECTION_OUTGOING,
} TlEngineDirection;

/* One direction of RTCP figures; jitter in microseconds as the engine reports it. */
typedef struct {
  gint64 sent;
  gint64 lost;
  gint64 jitter_us;
} TlEngineRtcpLeg;

typedef struct _TlEngineEvent TlEngineEvent;

struct _TlEngineEvent {
  /*< public, read-only >*/
  TlEngineEventType type;
  char *type_name;          /* as sent, for logs and unknown types */
  char *account_aor;        /* may be NULL */
  TlEngineDirection direction;
  char *peer_uri;           /* may be NULL */
  char *peer_display_name;  /* valid UTF-8 or NULL; never markup */
  char *call_id;            /* may be NULL */
  char *param;              /* e.g. "403 Forbidden" for REGISTER_FAIL */
  gboolean closed_locally;  /* CALL_CLOSED after this side hung up (either version) */
  gboolean has_rtcp;
  TlEngineRtcpLeg rtcp_tx;
  TlEngineRtcpLeg rtcp_rx;
  gint64 rtcp_rtt_us;
  /*< private >*/
  JsonObject *raw;
  gatomicrefcount ref_count;
};

#define TL_TYPE_ENGINE_EVENT (tl_engine_event_get_type ())

GType               tl_engine_event_get_type        (void) G_GNUC_CONST;
TlEngineEvent      *tl_engine_event_ref             (TlEngineEvent *self);
void                tl_engine_event_unref           (TlEngineEvent *self);
TlEngineEvent      *tl_engine_event_new_from_json   (JsonObject    *object,
                                                     GError       **error);
gboolean            tl_engine_event_is_call         (const TlEngineEvent *self);
const char         *tl_engine_event_get_raw_string  (const TlEngineEvent *self,
                                                     const char          *key);
const char         *tl_engine_event_type_to_string  (TlEngineEventType type);
TlEngineEventType   tl_engine_event_type_from_string (const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlEngineEvent, tl_engine_event_unref)

G_END_DECLS
