/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Maps catalog devices to the engine's PortAudio indexes, as the engine saw them at start. */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-audio-engine-map.h"
#include "tl-audio-system.h"
#include "tl-audio-system-private.h"

struct _TlAudioEngineMap {
  GObject         parent_instance;
  TlAudioCatalog *catalog;
  GPtrArray      *frozen;     /* PortAudio names by index, at the last freeze */
};

static void routing_iface_init (TlAudioRoutingInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlAudioEngineMap, tl_audio_engine_map, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TL_TYPE_AUDIO_ROUTING, routing_iface_init))

static TlAudioDirection
direction_of (TlAudioRoute route)
{
  return route == TL_AUDIO_ROUTE_MICROPHONE ? TL_AUDIO_DIRECTION_INPUT : TL_AUDIO_DIRECTION_OUTPUT;
}

static char **
map_dup_engine_environment (TlAudioRouting *routing)
{
  return tl_audio_catalog_dup_engine_environment (TL_AUDIO_ENGINE_MAP (routing)->catalog);
}

static void
map_freeze_engine_devices (TlAudioRouting *routing)
{
  TlAudioEngineMap *self = TL_AUDIO_ENGINE_MAP (routing);

  g_autoptr(GError) error = NULL;

  /* Our PortAudio and the engine's read the same ALSA configuration in the
   * same order, so reading ours now predicts the engine's indexes. It is held
   * only for the reading: the ALSA plugins it loads cost several MiB. With a
   * stream of ours open the list cannot be re-read: the current one is kept
   * and devices newer than it stay unmapped until the next freeze. */
  /* Re-read first if someone else holds it; a first hold reads afresh anyway. */
  if (!tl_audio_system_refresh ())
    g_debug ("engine map: a stream is open; keeping the previous device list");
  if (!tl_audio_system_acquire (&error))
    {
      g_debug ("engine map: %s", error->message);
      g_ptr_array_set_size (self->frozen, 0);
      return;
    }
  g_ptr_array_unref (self->frozen);
  self->frozen = tl_audio_system_list_names ();
  tl_audio_system_release ();
  g_debug ("engine map: %u PortAudio devices frozen", self->frozen->len);
}

int
tl_audio_engine_map_get_index (TlAudioEngineMap *self,
                               TlAudioDirection  direction,
                               const char       *id)
{
  TlAudioDevice *device;
  const char *name;

  g_return_val_if_fail (TL_IS_AUDIO_ENGINE_MAP (self), -1);
  device = id != NULL ? tl_audio_catalog_lookup (self->catalog, direction, id)
                      : tl_audio_catalog_get_default (self->catalog, direction);
  if (device == NULL)
    return -1;
  name = tl_audio_device_get_portaudio_name (device);
  for (guint i = 0; i < self->frozen->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->frozen, i), name) == 0)
      return (int) i;
  return -1;
}

GPtrArray *
tl_audio_engine_map_get_frozen_names (TlAudioEngineMap *self)
{
  return self->frozen;
}

static char *
map_dup_engine_device (TlAudioRouting *routing,
                       TlAudioRoute    route,
                       const char     *id)
{
  TlAudioEngineMap *self = TL_AUDIO_ENGINE_MAP (routing);
  int index = tl_audio_engine_map_get_index (self, direction_of (route), id);

  if (index >= 0)
    return g_strdup_printf ("portaudio,%d", index);
  /* The engine's own default: PortAudio's default device (the sound server's). */
  if (id == NULL)
    return g_strdup ("portaudio,");
  return NULL;
}

static gboolean
map_is_present (TlAudioRouting *routing,
                TlAudioRoute    route,
                const char     *id)
{
  return tl_audio_catalog_lookup (TL_AUDIO_ENGINE_MAP (routing)->catalog,
                                  direction_of (route), id) != NULL;
}

static char *
map_dup_default_id (TlAudioRouting *routing,
                    TlAudioRoute    route)
{
  TlAudioDevice *device = tl_audio_catalog_get_default (TL_AUDIO_ENGINE_MAP (routing)->catalog,
                                                        direction_of (route));

  return device != NULL ? g_strdup (tl_audio_device_get_id (device)) : NULL;
}

static char *
map_dup_description (TlAudioRouting *routing,
                     TlAudioRoute    route,
                     const char     *id)
{
  TlAudioDevice *device = tl_audio_catalog_lookup (TL_AUDIO_ENGINE_MAP (routing)->catalog,
                                                   direction_of (route), id);

  if (device != NULL)
    return g_strdup (tl_audio_device_get_description (device));
  return id != NULL ? g_utf8_make_valid (id, -1) : g_strdup ("the default device");
}

static char *
map_dup_echo_cancel_id (TlAudioRouting *routing,
                        TlAudioRoute    route,
                        const char     *id)
{
  TlAudioEngineMap *self = TL_AUDIO_ENGINE_MAP (routing);
  TlAudioDirection direction = direction_of (route);
  TlAudioDevice *device = tl_audio_catalog_resolve (self->catalog, direction, id, NULL);
  TlAudioDevice *echo;

  if (device == NULL || !tl_audio_device_get_is_builtin (device))
    return NULL;
  echo = tl_audio_catalog_find_echo_cancel (self->catalog, direction, tl_audio_device_get_id (device));
  return echo != NULL ? g_strdup (tl_audio_device_get_id (echo)) : NULL;
}

static gboolean
map_has_echo_cancel (TlAudioRouting *routing)
{
  return tl_audio_catalog_get_echo_cancel_available (TL_AUDIO_ENGINE_MAP (routing)->catalog);
}

static void
routing_iface_init (TlAudioRoutingInterface *iface)
{
  iface->dup_engine_environment = map_dup_engine_environment;
  iface->freeze_engine_devices = map_freeze_engine_devices;
  iface->dup_engine_device = map_dup_engine_device;
  iface->is_present = map_is_present;
  iface->dup_default_id = map_dup_default_id;
  iface->dup_description = map_dup_description;
  iface->dup_echo_cancel_id = map_dup_echo_cancel_id;
  iface->has_echo_cancel = map_has_echo_cancel;
}

static void
catalog_changed_cb (GListModel       *model,
                    guint             position,
                    guint             removed,
                    guint             added,
                    TlAudioEngineMap *self)
{
  tl_audio_routing_emit_changed (TL_AUDIO_ROUTING (self));
}

static void
tl_audio_engine_map_dispose (GObject *object)
{
  TlAudioEngineMap *self = TL_AUDIO_ENGINE_MAP (object);

  if (self->catalog != NULL)
    g_signal_handlers_disconnect_by_data (self->catalog, self);
  g_clear_object (&self->catalog);
  G_OBJECT_CLASS (tl_audio_engine_map_parent_class)->dispose (object);
}

static void
tl_audio_engine_map_finalize (GObject *object)
{
  g_ptr_array_unref (TL_AUDIO_ENGINE_MAP (object)->frozen);
  G_OBJECT_CLASS (tl_audio_engine_map_parent_class)->finalize (object);
}

static void
tl_audio_engine_map_class_init (TlAudioEngineMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_audio_engine_map_dispose;
  object_class->finalize = tl_audio_engine_map_finalize;
}

static void
tl_audio_engine_map_init (TlAudioEngineMap *self)
{
  self->frozen = g_ptr_array_new_with_free_func (g_free);
}

TlAudioEngineMap *
tl_audio_engine_map_new (TlAudioCatalog *catalog)
{
  TlAudioEngineMap *self = g_object_new (TL_TYPE_AUDIO_ENGINE_MAP, NULL);

  self->catalog = g_object_ref (catalog);
  /* Without PortAudio the map stays empty and the engine gets its default device. */
  g_signal_connect (catalog, "items-changed", G_CALLBACK (catalog_changed_cb), self);
  return self;
}
