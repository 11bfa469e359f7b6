/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keeps the engine's microphone and speaker on the devices the user chose, by name. */
#define G_LOG_DOMAIN "tl-audio-routing"

#include "config.h"

#include "tl-engine-audio.h"

typedef struct {
  char *preferred;      /* user's choice, NULL: system default */
  char *description;    /* last known name of the preferred device */
  char *applied;        /* "portaudio,N" the engine uses (confirmed) */
  char *wanted;         /* "portaudio,N" it should use */
} Route;

struct _TlEngineAudio {
  GObject         parent_instance;
  TlEngine       *engine;
  TlAudioRouting *routing;
  Route           routes[2];   /* by TlAudioRoute */
  gboolean        echo_cancel;
  GHashTable     *calls;       /* call ids seen and not yet closed */
  char           *notice;
  gboolean        restart_pending;
  gboolean        restarting;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (TlEngineAudio, tl_engine_audio, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MICROPHONE,
  PROP_SPEAKER,
  PROP_ENGINE_MICROPHONE,
  PROP_ENGINE_SPEAKER,
  PROP_NOTICE,
  PROP_RESTART_PENDING,
  PROP_IN_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (TlEngineAudio *self);

static const char *const route_commands[] = { "ausrc", "auplay" };

static void
set_string (char **field,
            char  *value)
{
  g_free (*field);
  *field = value;
}

static void
set_notice (TlEngineAudio *self,
            char          *notice)
{
  if (g_strcmp0 (self->notice, notice) == 0)
    {
      g_free (notice);
      return;
    }
  set_string (&self->notice, notice);
  if (notice != NULL)
    g_debug ("notice: %s", notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

static void
set_restart_pending (TlEngineAudio *self,
                     gboolean       pending)
{
  if (self->restart_pending == pending)
    return;
  self->restart_pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTART_PENDING]);
}

/* The device id to use for @route now (NULL: the default), with the echo
 * canceller swapped in for built-in devices when enabled and offered. */
static char *
effective_id (TlEngineAudio *self,
              TlAudioRoute   route,
              gboolean      *missing)
{
  Route *r = &self->routes[route];
  gboolean present = r->preferred == NULL ||
                     tl_audio_routing_is_present (self->routing, route, r->preferred);
  char *id = present ? g_strdup (r->preferred) : NULL;

  *missing = !present;
  if (self->echo_cancel)
    {
      char *echo = tl_audio_routing_dup_echo_cancel_id (self->routing, route, id);

      if (echo != NULL)
        set_string (&id, echo);
    }
  return id;
}

/* Computes what the engine should use for @route; TRUE when a device the
 * engine cannot see yet (newer than its start) is wanted. */
static gboolean
compute_route (TlEngineAudio *self,
               TlAudioRoute   route,
               GString       *notice)
{
  Route *r = &self->routes[route];
  gboolean missing = FALSE;
  g_autofree char *id = effective_id (self, route, &missing);
  char *device = tl_audio_routing_dup_engine_device (self->routing, route, id);
  gboolean needs_restart = FALSE;

  if (r->preferred != NULL && !missing)
    set_string (&r->description, tl_audio_routing_dup_description (self->routing, route, r->preferred));
  if (missing)
    {
      g_autofree char *fallback_id = tl_audio_routing_dup_default_id (self->routing, route);
      g_autofree char *fallback = tl_audio_routing_dup_description (self->routing, route, fallback_id);

      g_string_append_printf (notice, "%s%s “%s” is not connected: using %s.",
                              notice->len > 0 ? " " : "",
                              route == TL_AUDIO_ROUTE_MICROPHONE ? "The microphone" : "The speaker",
                              r->description != NULL ? r->description : r->preferred, fallback);
    }
  if (device == NULL)
    {
      /* Plugged in after the engine started: it only sees it after a restart. */
      needs_restart = TRUE;
      device = tl_audio_routing_dup_engine_device (self->routing, route, NULL);
    }
  set_string (&r->wanted, device);
  return needs_restart;
}

typedef struct {
  TlEngineAudio *self;
  TlAudioRoute   route;
  char          *device;
} SwitchData;

static void
switch_data_free (SwitchData *data)
{
  g_object_unref (data->self);
  g_free (data->device);
  g_free (data);
}

static void
switch_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SwitchData *data = user_data;
  TlEngineAudio *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = tl_engine_command_finish (TL_ENGINE (source), result, &error);

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("%s %s failed: %s", route_commands[data->route], data->device, error->message);
    }
  else
    {
      Route *r = &self->routes[data->route];

      set_string (&r->applied, g_strdup (data->device));
      g_debug ("engine %s now %s", data->route == TL_AUDIO_ROUTE_SPEAKER ? "speaker" : "microphone",
               data->device);
      g_object_notify_by_pspec (G_OBJECT (self),
                                properties[data->route == TL_AUDIO_ROUTE_SPEAKER
                                           ? PROP_ENGINE_SPEAKER : PROP_ENGINE_MICROPHONE]);
    }
  switch_data_free (data);
}

/* "auplay"/"ausrc" switch the current call and set the device for later ones.
 * They also point the engine's alert device at the new player; Trunkline plays
 * the ringtone itself (the engine has no ring file), so that move is harmless,
 * and the alert is set explicitly again at the next start. */
static void
send_switch (TlEngineAudio *self,
             TlAudioRoute   route)
{
  Route *r = &self->routes[route];
  SwitchData *data;

  if (r->wanted == NULL || g_strcmp0 (r->wanted, r->applied) == 0 ||
      tl_engine_get_state (self->engine) != TL_ENGINE_STATE_READY)
    return;
  data = g_new0 (SwitchData, 1);
  data->self = g_object_ref (self);
  data->route = route;
  data->device = g_strdup (r->wanted);
  tl_engine_command_async (self->engine, route_commands[route], r->wanted, self->cancellable,
                           switch_cb, data);
}

static void restart_engine (TlEngineAudio *self);

static void
update (TlEngineAudio *self)
{
  g_autoptr(GString) notice = g_string_new (NULL);
  gboolean needs_restart = FALSE;

  needs_restart |= compute_route (self, TL_AUDIO_ROUTE_MICROPHONE, notice);
  needs_restart |= compute_route (self, TL_AUDIO_ROUTE_SPEAKER, notice);
  if (self->echo_cancel && !tl_audio_routing_has_echo_cancel (self->routing))
    g_debug ("the sound server offers no echo cancellation");
  set_notice (self, notice->len > 0 ? g_strdup (notice->str) : NULL);
  if (self->restarting)
    return;
  send_switch (self, TL_AUDIO_ROUTE_MICROPHONE);
  send_switch (self, TL_AUDIO_ROUTE_SPEAKER);
  set_restart_pending (self, needs_restart);
  if (needs_restart && g_hash_table_size (self->calls) == 0 &&
      tl_engine_get_state (self->engine) == TL_ENGINE_STATE_READY)
    restart_engine (self);
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TlEngineAudio) self = user_data;
  g_autoptr(GError) error = NULL;

  self->restarting = FALSE;
  if (!tl_engine_start_finish (TL_ENGINE (source), result, &error))
    g_debug ("engine restart for new devices failed: %s", error->message);
  update (self);
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  TlEngineAudio *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_engine_stop_finish (TL_ENGINE (source), result, &error))
    g_debug ("engine stop for new devices: %s", error->message);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (self);
      return;
    }
  tl_engine_audio_prepare_start (self);
  tl_engine_start_async (self->engine, self->cancellable, started_cb, self);
}

/* Between calls only: the 1.0.0 engine reads its device list once, at start. */
static void
restart_engine (TlEngineAudio *self)
{
  g_debug ("restarting the engine so it sees newly connected devices");
  self->restarting = TRUE;
  set_restart_pending (self, FALSE);
  tl_engine_stop_async (self->engine, self->cancellable, stopped_cb, g_object_ref (self));
}

static void
engine_event_cb (TlEngine      *engine,
                 TlEngineEvent *event,
                 TlEngineAudio *self)
{
  gboolean was_in_call = g_hash_table_size (self->calls) > 0;
  const char *id = event->call_id != NULL ? event->call_id : "";

  switch (event->type)
    {
    case TL_ENGINE_EVENT_CALL_INCOMING:
    case TL_ENGINE_EVENT_CALL_OUTGOING:
    case TL_ENGINE_EVENT_CALL_RINGING:
    case TL_ENGINE_EVENT_CALL_PROGRESS:
    case TL_ENGINE_EVENT_CALL_ESTABLISHED:
      g_hash_table_add (self->calls, g_strdup (id));
      break;
    case TL_ENGINE_EVENT_CALL_CLOSED:
      g_hash_table_remove (self->calls, id);
      break;
    default:
      return;
    }
  if (was_in_call != (g_hash_table_size (self->calls) > 0))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_CALL]);
      if (g_hash_table_size (self->calls) == 0 && self->restart_pending)
        update (self);
    }
}

static void
engine_ready_cb (TlEngine      *engine,
                 TlEngineAudio *self)
{
  /* A fresh engine has no calls, and uses what it was configured with. */
  if (g_hash_table_size (self->calls) > 0)
    {
      g_hash_table_remove_all (self->calls);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_CALL]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->routes); i++)
    set_string (&self->routes[i].applied, g_strdup (self->routes[i].wanted));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_SPEAKER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_MICROPHONE]);
}

static void
routing_changed_cb (TlAudioRouting *routing,
                    TlEngineAudio  *self)
{
  update (self);
}

static void
tl_engine_audio_dispose (GObject *object)
{
  TlEngineAudio *self = TL_ENGINE_AUDIO (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->routing != NULL)
    g_signal_handlers_disconnect_by_data (self->routing, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->routing);
  G_OBJECT_CLASS (tl_engine_audio_parent_class)->dispose (object);
}

static void
tl_engine_audio_finalize (GObject *object)
{
  TlEngineAudio *self = TL_ENGINE_AUDIO (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->routes); i++)
    {
      g_free (self->routes[i].preferred);
      g_free (self->routes[i].description);
      g_free (self->routes[i].applied);
      g_free (self->routes[i].wanted);
    }
  g_hash_table_unref (self->calls);
  g_free (self->notice);
  g_object_unref (self->cancellable);
  G_OBJECT_CLASS (tl_engine_audio_parent_class)->finalize (object);
}

static void
tl_engine_audio_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlEngineAudio *self = TL_ENGINE_AUDIO (object);

  switch (prop_id)
    {
    case PROP_MICROPHONE:
      g_value_set_string (value, self->routes[TL_AUDIO_ROUTE_MICROPHONE].preferred);
      break;
    case PROP_SPEAKER:
      g_value_set_string (value, self->routes[TL_AUDIO_ROUTE_SPEAKER].preferred);
      break;
    case PROP_ENGINE_MICROPHONE:
      g_value_set_string (value, self->routes[TL_AUDIO_ROUTE_MICROPHONE].applied);
      break;
    case PROP_ENGINE_SPEAKER:
      g_value_set_string (value, self->routes[TL_AUDIO_ROUTE_SPEAKER].applied);
      break;
    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;
    case PROP_RESTART_PENDING:
      g_value_set_boolean (value, self->restart_pending);
      break;
    case PROP_IN_CALL:
      g_value_set_boolean (value, g_hash_table_size (self->calls) > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_engine_audio_class_init (TlEngineAudioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tl_engine_audio_dispose;
  object_class->finalize = tl_engine_audio_finalize;
  object_class->get_property = tl_engine_audio_get_property;

  properties[PROP_MICROPHONE] = g_param_spec_string ("microphone", NULL, NULL, NULL, flags);
  properties[PROP_SPEAKER] = g_param_spec_string ("speaker", NULL, NULL, NULL, flags);
  properties[PROP_ENGINE_MICROPHONE] = g_param_spec_string ("engine-microphone", NULL, NULL, NULL, flags);
  properties[PROP_ENGINE_SPEAKER] = g_param_spec_string ("engine-speaker", NULL, NULL, NULL, flags);
  properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, flags);
  properties[PROP_RESTART_PENDING] = g_param_spec_boolean ("restart-pending", NULL, NULL, FALSE, flags);
  properties[PROP_IN_CALL] = g_param_spec_boolean ("in-call", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_engine_audio_init (TlEngineAudio *self)
{
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->echo_cancel = TRUE;
}

TlEngineAudio *
tl_engine_audio_new (TlEngine       *engine,
                     TlAudioRouting *routing)
{
  TlEngineAudio *self;

  g_return_val_if_fail (TL_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (TL_IS_AUDIO_ROUTING (routing), NULL);
  self = g_object_new (TL_TYPE_ENGINE_AUDIO, NULL);
  self->engine = g_object_ref (engine);
  self->routing = g_object_ref (routing);
  g_signal_connect (engine, "event", G_CALLBACK (engine_event_cb), self);
  g_signal_connect (engine, "ready", G_CALLBACK (engine_ready_cb), self);
  g_signal_connect (routing, "changed", G_CALLBACK (routing_changed_cb), self);
  return self;
}

void
tl_engine_audio_prepare_start (TlEngineAudio *self)
{
  g_auto(GStrv) environment = NULL;
  g_autoptr(GString) notice = g_string_new (NULL);
  Route *speaker = &self->routes[TL_AUDIO_ROUTE_SPEAKER];

  g_return_if_fail (TL_IS_ENGINE_AUDIO (self));
  tl_audio_routing_freeze_engine_devices (self->routing);
  environment = tl_audio_routing_dup_engine_environment (self->routing);
  tl_engine_set_environment (self->engine, (const char *const *) environment);
  compute_route (self, TL_AUDIO_ROUTE_MICROPHONE, notice);
  compute_route (self, TL_AUDIO_ROUTE_SPEAKER, notice);
  set_notice (self, notice->len > 0 ? g_strdup (notice->str) : NULL);
  /* The engine's alert device is unused (Trunkline rings itself); it
   * follows the speaker so nothing opens a third device. */
  tl_engine_set_audio_devices (self->engine, speaker->wanted,
                               self->routes[TL_AUDIO_ROUTE_MICROPHONE].wanted, speaker->wanted);
}

static void
set_preferred (TlEngineAudio *self,
               TlAudioRoute   route,
               const char    *id,
               guint          prop)
{
  Route *r = &self->routes[route];

  if (g_strcmp0 (r->preferred, id) == 0)
    return;
  set_string (&r->preferred, g_strdup (id));
  set_string (&r->description, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  update (self);
}

void
tl_engine_audio_set_microphone (TlEngineAudio *self,
                                const char    *id)
{
  set_preferred (self, TL_AUDIO_ROUTE_MICROPHONE, id, PROP_MICROPHONE);
}

void
tl_engine_audio_set_speaker (TlEngineAudio *self,
                             const char    *id)
{
  set_preferred (self, TL_AUDIO_ROUTE_SPEAKER, id, PROP_SPEAKER);
}

const char *
tl_engine_audio_get_microphone (TlEngineAudio *self)
{
  return self->routes[TL_AUDIO_ROUTE_MICROPHONE].preferred;
}

const char *
tl_engine_audio_get_speaker (TlEngineAudio *self)
{
  return self->routes[TL_AUDIO_ROUTE_SPEAKER].preferred;
}

void
tl_engine_audio_set_echo_cancel (TlEngineAudio *self,
                                 gboolean       enabled)
{
  if (self->echo_cancel == !!enabled)
    return;
  self->echo_cancel = !!enabled;
  update (self);
}

gboolean
tl_engine_audio_get_echo_cancel (TlEngineAudio *self)
{
  return self->echo_cancel;
}

const char *
tl_engine_audio_get_engine_microphone (TlEngineAudio *self)
{
  return self->routes[TL_AUDIO_ROUTE_MICROPHONE].applied;
}

const char *
tl_engine_audio_get_engine_speaker (TlEngineAudio *self)
{
  return self->routes[TL_AUDIO_ROUTE_SPEAKER].applied;
}

const char *
tl_engine_audio_get_notice (TlEngineAudio *self)
{
  return self->notice;
}

gboolean
tl_engine_audio_get_restart_pending (TlEngineAudio *self)
{
  return self->restart_pending;
}

gboolean
tl_engine_audio_get_in_call (TlEngineAudio *self)
{
  return g_hash_table_size (self->calls) > 0;
}

gboolean
tl_engine_audio_check_before_answer (TlEngineAudio  *self,
                                     char          **warning)
{
  g_autoptr(GString) notice = g_string_new (NULL);

  compute_route (self, TL_AUDIO_ROUTE_MICROPHONE, notice);
  compute_route (self, TL_AUDIO_ROUTE_SPEAKER, notice);
  if (warning != NULL)
    *warning = notice->len > 0 ? g_strdup (notice->str) : NULL;
  return notice->len == 0;
}
