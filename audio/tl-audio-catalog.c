/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list of microphones and speakers, kept current from the sound server's events. */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-audio-catalog.h"
#include "tl-audio-catalog-private.h"

struct _TlAudioCatalog {
  GObject              parent_instance;
  GPtrArray           *devices;      /* TlAudioDevice, inputs then outputs */
  GListStore          *inputs;
  GListStore          *outputs;
  TlAudioBackend      *backend;
  TlAudioCatalogState  state;
  char                *status_message;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlAudioCatalog, tl_audio_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATUS_MESSAGE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return TL_TYPE_AUDIO_DEVICE;
}

static guint
get_n_items (GListModel *model)
{
  return TL_AUDIO_CATALOG (model)->devices->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  TlAudioCatalog *self = TL_AUDIO_CATALOG (model);

  if (position >= self->devices->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->devices, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
tl_audio_catalog_dispose (GObject *object)
{
  TlAudioCatalog *self = TL_AUDIO_CATALOG (object);

  g_clear_pointer (&self->backend, tl_audio_backend_free);
  G_OBJECT_CLASS (tl_audio_catalog_parent_class)->dispose (object);
}

static void
tl_audio_catalog_finalize (GObject *object)
{
  TlAudioCatalog *self = TL_AUDIO_CATALOG (object);

  g_ptr_array_unref (self->devices);
  g_object_unref (self->inputs);
  g_object_unref (self->outputs);
  g_free (self->status_message);
  G_OBJECT_CLASS (tl_audio_catalog_parent_class)->finalize (object);
}

static void
tl_audio_catalog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlAudioCatalog *self = TL_AUDIO_CATALOG (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->devices->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_audio_catalog_class_init (TlAudioCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_audio_catalog_dispose;
  object_class->finalize = tl_audio_catalog_finalize;
  object_class->get_property = tl_audio_catalog_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TL_AUDIO_CATALOG_STATE_STARTING,
                      TL_AUDIO_CATALOG_STATE_FAILED, TL_AUDIO_CATALOG_STATE_STARTING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_audio_catalog_init (TlAudioCatalog *self)
{
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
  self->inputs = g_list_store_new (TL_TYPE_AUDIO_DEVICE);
  self->outputs = g_list_store_new (TL_TYPE_AUDIO_DEVICE);
}

TlAudioCatalog *
tl_audio_catalog_new (void)
{
  return g_object_new (TL_TYPE_AUDIO_CATALOG, NULL);
}

void
tl_audio_catalog_start (TlAudioCatalog *self)
{
  g_return_if_fail (TL_IS_AUDIO_CATALOG (self));
  if (self->backend == NULL)
    self->backend = tl_audio_backend_new (self);
}

TlAudioCatalogState
tl_audio_catalog_get_state (TlAudioCatalog *self)
{
  return self->state;
}

const char *
tl_audio_catalog_get_status_message (TlAudioCatalog *self)
{
  return self->status_message;
}

const char *
tl_audio_catalog_state_to_string (TlAudioCatalogState state)
{
  switch (state)
    {
    case TL_AUDIO_CATALOG_STATE_STARTING: return "starting";
    case TL_AUDIO_CATALOG_STATE_READY: return "ready";
    case TL_AUDIO_CATALOG_STATE_NO_DEVICES: return "no-devices";
    case TL_AUDIO_CATALOG_STATE_NO_SERVER: return "no-server";
    case TL_AUDIO_CATALOG_STATE_FAILED: return "failed";
    default: return "unknown";
    }
}

GListModel *
tl_audio_catalog_get_inputs (TlAudioCatalog *self)
{
  return G_LIST_MODEL (self->inputs);
}

GListModel *
tl_audio_catalog_get_outputs (TlAudioCatalog *self)
{
  return G_LIST_MODEL (self->outputs);
}

TlAudioDevice *
tl_audio_catalog_lookup (TlAudioCatalog   *self,
                         TlAudioDirection  direction,
                         const char       *id)
{
  g_return_val_if_fail (TL_IS_AUDIO_CATALOG (self), NULL);
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < self->devices->len; i++)
    {
      TlAudioDevice *device = g_ptr_array_index (self->devices, i);

      if (tl_audio_device_get_direction (device) == direction &&
          g_strcmp0 (tl_audio_device_get_id (device), id) == 0)
        return device;
    }
  return NULL;
}

TlAudioDevice *
tl_audio_catalog_get_default (TlAudioCatalog   *self,
                              TlAudioDirection  direction)
{
  TlAudioDevice *first = NULL;

  g_return_val_if_fail (TL_IS_AUDIO_CATALOG (self), NULL);
  for (guint i = 0; i < self->devices->len; i++)
    {
      TlAudioDevice *device = g_ptr_array_index (self->devices, i);

      if (tl_audio_device_get_direction (device) != direction)
        continue;
      if (tl_audio_device_get_is_default (device))
        return device;
      if (first == NULL)
        first = device;
    }
  return first;
}

TlAudioDevice *
tl_audio_catalog_resolve (TlAudioCatalog   *self,
                          TlAudioDirection  direction,
                          const char       *preferred_id,
                          gboolean         *fell_back)
{
  TlAudioDevice *device = tl_audio_catalog_lookup (self, direction, preferred_id);

  if (fell_back != NULL)
    *fell_back = preferred_id != NULL && device == NULL;
  return device != NULL ? device : tl_audio_catalog_get_default (self, direction);
}

TlAudioDevice *
tl_audio_catalog_find_echo_cancel (TlAudioCatalog   *self,
                                   TlAudioDirection  direction,
                                   const char       *master_id)
{
  for (guint i = 0; i < self->devices->len; i++)
    {
      TlAudioDevice *device = g_ptr_array_index (self->devices, i);

      if (tl_audio_device_get_direction (device) == direction &&
          tl_audio_device_get_is_echo_cancel (device) &&
          (master_id == NULL || g_strcmp0 (tl_audio_device_get_master_id (device), master_id) == 0))
        return device;
    }
  return NULL;
}

gboolean
tl_audio_catalog_get_echo_cancel_available (TlAudioCatalog *self)
{
  return tl_audio_catalog_find_echo_cancel (self, TL_AUDIO_DIRECTION_OUTPUT, NULL) != NULL;
}

const char *
tl_audio_catalog_get_alsa_config_path (TlAudioCatalog *self)
{
  g_return_val_if_fail (TL_IS_AUDIO_CATALOG (self), NULL);
  return self->backend != NULL ? tl_audio_backend_get_alsa_config_path (self->backend) : NULL;
}

char **
tl_audio_catalog_dup_engine_environment (TlAudioCatalog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *alsa = tl_audio_catalog_get_alsa_config_path (self);

  if (alsa != NULL)
    {
      g_autofree char *entry = g_strconcat ("ALSA_CONFIG_PATH=", alsa, NULL);

      g_strv_builder_add (builder, entry);
    }
  /* PortAudio's JACK host API would otherwise try to start a JACK server. */
  g_strv_builder_add (builder, "JACK_NO_START_SERVER=1");
  return g_strv_builder_end (builder);
}

static gboolean
same_devices (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!tl_audio_device_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static void
splice_store (GListStore       *store,
              GPtrArray        *devices,
              TlAudioDirection  direction)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();

  for (guint i = 0; i < devices->len; i++)
    if (tl_audio_device_get_direction (g_ptr_array_index (devices, i)) == direction)
      g_ptr_array_add (wanted, g_ptr_array_index (devices, i));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       wanted->pdata, wanted->len);
}

void
tl_audio_catalog_publish (TlAudioCatalog *self,
                          GPtrArray      *devices)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  guint old_len = self->devices->len;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < devices->len; i++)
      {
        TlAudioDevice *device = g_ptr_array_index (devices, i);

        if ((guint) tl_audio_device_get_direction (device) == pass)
          g_ptr_array_add (sorted, g_object_ref (device));
      }
  if (same_devices (self->devices, sorted))
    return;

  g_ptr_array_unref (self->devices);
  self->devices = g_steal_pointer (&sorted);
  splice_store (self->inputs, self->devices, TL_AUDIO_DIRECTION_INPUT);
  splice_store (self->outputs, self->devices, TL_AUDIO_DIRECTION_OUTPUT);
  g_debug ("catalog: %u devices", self->devices->len);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->devices->len);
  if (old_len != self->devices->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
tl_audio_catalog_set_state (TlAudioCatalog      *self,
                            TlAudioCatalogState  state,
                            const char          *message)
{
  if (g_strcmp0 (self->status_message, message) != 0)
    {
      g_free (self->status_message);
      self->status_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_debug ("catalog: %s", tl_audio_catalog_state_to_string (state));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}
