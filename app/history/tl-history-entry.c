/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call of the history, as an immutable snapshot the UI can bind to. */

#define G_LOG_DOMAIN "tl-history"

#include "config.h"

#include "tl-history-entry.h"
#include "tl-history-record-private.h"

struct _TlHistoryEntry
{
  GObject          parent_instance;
  TlHistoryRecord  record;
};

G_DEFINE_FINAL_TYPE (TlHistoryEntry, tl_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_DIRECTION,
  PROP_PEER_URI,
  PROP_PEER_NUMBER,
  PROP_PEER_NAME,
  PROP_STARTED,
  PROP_ANSWERED,
  PROP_ENDED,
  PROP_DURATION,
  PROP_END_REASON,
  PROP_SIP_CODE,
  PROP_CODEC,
  PROP_SRTP,
  PROP_SETUP_MS,
  PROP_LOSS,
  PROP_JITTER,
  PROP_RTT,
  PROP_MOS,
  PROP_MISSED,
  PROP_SEEN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

TlHistoryRecord *
tl_history_record_new (void)
{
  TlHistoryRecord *record = g_new0 (TlHistoryRecord, 1);

  record->setup_ms = -1;
  record->loss = -1;
  record->jitter = -1;
  record->rtt = -1;
  record->mos = -1;
  return record;
}

TlHistoryRecord *
tl_history_record_copy (const TlHistoryRecord *record)
{
  TlHistoryRecord *copy = g_new (TlHistoryRecord, 1);

  *copy = *record;
  copy->account_id = g_strdup (record->account_id);
  copy->peer_uri = g_strdup (record->peer_uri);
  copy->peer_number = g_strdup (record->peer_number);
  copy->peer_name = g_strdup (record->peer_name);
  copy->peer_digits = g_strdup (record->peer_digits);
  copy->end_reason = g_strdup (record->end_reason);
  copy->codec = g_strdup (record->codec);
  return copy;
}

void
tl_history_record_clear (TlHistoryRecord *record)
{
  g_clear_pointer (&record->account_id, g_free);
  g_clear_pointer (&record->peer_uri, g_free);
  g_clear_pointer (&record->peer_number, g_free);
  g_clear_pointer (&record->peer_name, g_free);
  g_clear_pointer (&record->peer_digits, g_free);
  g_clear_pointer (&record->end_reason, g_free);
  g_clear_pointer (&record->codec, g_free);
}

void
tl_history_record_free (TlHistoryRecord *record)
{
  if (record == NULL)
    return;
  tl_history_record_clear (record);
  g_free (record);
}

/* Takes ownership of @record's contents and frees the struct itself. */
TlHistoryEntry *
tl_history_entry_new_take (TlHistoryRecord *record)
{
  TlHistoryEntry *self = g_object_new (TL_TYPE_HISTORY_ENTRY, NULL);

  self->record = *record;
  g_free (record);
  return self;
}

gboolean
tl_history_entry_same (TlHistoryEntry *a,
                       TlHistoryEntry *b)
{
  const TlHistoryRecord *x, *y;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  x = &a->record;
  y = &b->record;
  return x->id == y->id && x->direction == y->direction && x->started == y->started
         && x->answered == y->answered && x->ended == y->ended && x->duration == y->duration
         && x->sip_code == y->sip_code && x->srtp == y->srtp && x->setup_ms == y->setup_ms
         && x->loss == y->loss && x->jitter == y->jitter && x->rtt == y->rtt && x->mos == y->mos
         && x->missed == y->missed && x->seen == y->seen
         && g_strcmp0 (x->account_id, y->account_id) == 0 && g_strcmp0 (x->peer_uri, y->peer_uri) == 0
         && g_strcmp0 (x->peer_number, y->peer_number) == 0 && g_strcmp0 (x->peer_name, y->peer_name) == 0
         && g_strcmp0 (x->peer_digits, y->peer_digits) == 0 && g_strcmp0 (x->end_reason, y->end_reason) == 0
         && g_strcmp0 (x->codec, y->codec) == 0;
}

const TlHistoryRecord *
tl_history_entry_get_record (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), NULL);
  return &self->record;
}

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

static void
tl_history_entry_finalize (GObject *object)
{
  TlHistoryEntry *self = (TlHistoryEntry *)object;

  tl_history_record_clear (&self->record);
  G_OBJECT_CLASS (tl_history_entry_parent_class)->finalize (object);
}

static void
tl_history_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlHistoryEntry *self = TL_HISTORY_ENTRY (object);
  const TlHistoryRecord *r = &self->record;

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, r->id); break;
    case PROP_ACCOUNT_ID: g_value_set_string (value, or_empty (r->account_id)); break;
    case PROP_DIRECTION: g_value_set_enum (value, r->direction); break;
    case PROP_PEER_URI: g_value_set_string (value, or_empty (r->peer_uri)); break;
    case PROP_PEER_NUMBER: g_value_set_string (value, or_empty (r->peer_number)); break;
    case PROP_PEER_NAME: g_value_set_string (value, or_empty (r->peer_name)); break;
    case PROP_STARTED: g_value_set_int64 (value, r->started); break;
    case PROP_ANSWERED: g_value_set_int64 (value, r->answered); break;
    case PROP_ENDED: g_value_set_int64 (value, r->ended); break;
    case PROP_DURATION: g_value_set_int64 (value, r->duration); break;
    case PROP_END_REASON: g_value_set_string (value, or_empty (r->end_reason)); break;
    case PROP_SIP_CODE: g_value_set_int (value, r->sip_code); break;
    case PROP_CODEC: g_value_set_string (value, or_empty (r->codec)); break;
    case PROP_SRTP: g_value_set_boolean (value, r->srtp); break;
    case PROP_SETUP_MS: g_value_set_int (value, r->setup_ms); break;
    case PROP_LOSS: g_value_set_double (value, r->loss); break;
    case PROP_JITTER: g_value_set_double (value, r->jitter); break;
    case PROP_RTT: g_value_set_double (value, r->rtt); break;
    case PROP_MOS: g_value_set_double (value, r->mos); break;
    case PROP_MISSED: g_value_set_boolean (value, r->missed); break;
    case PROP_SEEN: g_value_set_boolean (value, r->seen); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO_FLAGS (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static GParamSpec *
string_prop (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "", RO_FLAGS);
}

static GParamSpec *
int64_prop (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, RO_FLAGS);
}

static GParamSpec *
double_prop (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -1, G_MAXDOUBLE, -1, RO_FLAGS);
}

static GParamSpec *
bool_prop (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE, RO_FLAGS);
}

static void
tl_history_entry_class_init (TlHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_history_entry_finalize;
  object_class->get_property = tl_history_entry_get_property;

  properties [PROP_ID] = int64_prop ("id");
  properties [PROP_ACCOUNT_ID] = string_prop ("account-id");
  properties [PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, TL_TYPE_HISTORY_DIRECTION,
                       TL_HISTORY_DIRECTION_INCOMING, RO_FLAGS);
  properties [PROP_PEER_URI] = string_prop ("peer-uri");
  properties [PROP_PEER_NUMBER] = string_prop ("peer-number");
  properties [PROP_PEER_NAME] = string_prop ("peer-name");
  properties [PROP_STARTED] = int64_prop ("started");
  properties [PROP_ANSWERED] = int64_prop ("answered");
  properties [PROP_ENDED] = int64_prop ("ended");
  properties [PROP_DURATION] = int64_prop ("duration");
  properties [PROP_END_REASON] = string_prop ("end-reason");
  properties [PROP_SIP_CODE] = g_param_spec_int ("sip-code", NULL, NULL, 0, 999, 0, RO_FLAGS);
  properties [PROP_CODEC] = string_prop ("codec");
  properties [PROP_SRTP] = bool_prop ("srtp");
  properties [PROP_SETUP_MS] =
    g_param_spec_int ("setup-ms", NULL, NULL, -1, G_MAXINT, -1, RO_FLAGS);
  properties [PROP_LOSS] = double_prop ("loss");
  properties [PROP_JITTER] = double_prop ("jitter");
  properties [PROP_RTT] = double_prop ("rtt");
  properties [PROP_MOS] = double_prop ("mos");
  properties [PROP_MISSED] = bool_prop ("missed");
  properties [PROP_SEEN] = bool_prop ("seen");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_history_entry_init (TlHistoryEntry *self)
{
  self->record.setup_ms = -1;
  self->record.loss = -1;
  self->record.jitter = -1;
  self->record.rtt = -1;
  self->record.mos = -1;
}

gint64
tl_history_entry_get_id (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), 0);
  return self->record.id;
}

TlHistoryDirection
tl_history_entry_get_direction (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), TL_HISTORY_DIRECTION_INCOMING);
  return self->record.direction;
}

gint64
tl_history_entry_get_started (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), 0);
  return self->record.started;
}

gint64
tl_history_entry_get_answered (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), 0);
  return self->record.answered;
}

gint64
tl_history_entry_get_ended (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), 0);
  return self->record.ended;
}

gint64
tl_history_entry_get_duration (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), 0);
  return self->record.duration;
}

int
tl_history_entry_get_sip_code (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), 0);
  return self->record.sip_code;
}

gboolean
tl_history_entry_get_srtp (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), FALSE);
  return self->record.srtp;
}

int
tl_history_entry_get_setup_ms (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), 0);
  return self->record.setup_ms;
}

double
tl_history_entry_get_loss (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), -1);
  return self->record.loss;
}

double
tl_history_entry_get_jitter (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), -1);
  return self->record.jitter;
}

double
tl_history_entry_get_rtt (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), -1);
  return self->record.rtt;
}

double
tl_history_entry_get_mos (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), -1);
  return self->record.mos;
}

gboolean
tl_history_entry_get_missed (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), FALSE);
  return self->record.missed;
}

gboolean
tl_history_entry_get_seen (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), FALSE);
  return self->record.seen;
}

const char *
tl_history_entry_get_account_id (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), "");
  return or_empty (self->record.account_id);
}

const char *
tl_history_entry_get_peer_uri (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), "");
  return or_empty (self->record.peer_uri);
}

const char *
tl_history_entry_get_peer_number (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), "");
  return or_empty (self->record.peer_number);
}

const char *
tl_history_entry_get_peer_name (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), "");
  return or_empty (self->record.peer_name);
}

const char *
tl_history_entry_get_end_reason (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), "");
  return or_empty (self->record.end_reason);
}

const char *
tl_history_entry_get_codec (TlHistoryEntry *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ENTRY (self), "");
  return or_empty (self->record.codec);
}
