/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One microphone or speaker as the catalog lists it: stable id, description, flags. */
#define G_LOG_DOMAIN "tl-audio"

#include "config.h"

#include "tl-audio-device.h"

struct _TlAudioDevice {
  GObject           parent_instance;
  TlAudioDirection  direction;
  char             *id;
  char             *description;
  char             *portaudio_name;
  char             *master_id;
  gboolean          is_default;
  gboolean          is_monitor;
  gboolean          is_builtin;
  gboolean          is_echo_cancel;
};

G_DEFINE_FINAL_TYPE (TlAudioDevice, tl_audio_device, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DESCRIPTION,
  PROP_IS_DEFAULT,
  PROP_IS_INPUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tl_audio_device_finalize (GObject *object)
{
  TlAudioDevice *self = TL_AUDIO_DEVICE (object);

  g_free (self->id);
  g_free (self->description);
  g_free (self->portaudio_name);
  g_free (self->master_id);
  G_OBJECT_CLASS (tl_audio_device_parent_class)->finalize (object);
}

static void
tl_audio_device_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlAudioDevice *self = TL_AUDIO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_IS_DEFAULT:
      g_value_set_boolean (value, self->is_default);
      break;
    case PROP_IS_INPUT:
      g_value_set_boolean (value, self->direction == TL_AUDIO_DIRECTION_INPUT);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_audio_device_class_init (TlAudioDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_audio_device_finalize;
  object_class->get_property = tl_audio_device_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DEFAULT] =
    g_param_spec_boolean ("is-default", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_INPUT] =
    g_param_spec_boolean ("is-input", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_audio_device_init (TlAudioDevice *self)
{
}

TlAudioDevice *
tl_audio_device_new (TlAudioDirection  direction,
                     const char       *id,
                     const char       *description,
                     const char       *portaudio_name)
{
  TlAudioDevice *self;

  g_return_val_if_fail (id != NULL, NULL);
  self = g_object_new (TL_TYPE_AUDIO_DEVICE, NULL);
  self->direction = direction;
  self->id = g_utf8_make_valid (id, -1);
  self->description = g_utf8_make_valid (description != NULL && *description ? description : id, -1);
  self->portaudio_name = g_strdup (portaudio_name);
  return self;
}

void
tl_audio_device_set_flags (TlAudioDevice *self,
                           gboolean       is_default,
                           gboolean       is_monitor,
                           gboolean       is_builtin,
                           gboolean       is_echo_cancel,
                           const char    *master_id)
{
  g_return_if_fail (TL_IS_AUDIO_DEVICE (self));
  self->is_default = is_default;
  self->is_monitor = is_monitor;
  self->is_builtin = is_builtin;
  self->is_echo_cancel = is_echo_cancel;
  g_free (self->master_id);
  self->master_id = g_strdup (master_id);
}

TlAudioDirection
tl_audio_device_get_direction (TlAudioDevice *self)
{
  return self->direction;
}

const char *
tl_audio_device_get_id (TlAudioDevice *self)
{
  return self->id;
}

const char *
tl_audio_device_get_description (TlAudioDevice *self)
{
  return self->description;
}

const char *
tl_audio_device_get_portaudio_name (TlAudioDevice *self)
{
  return self->portaudio_name;
}

gboolean
tl_audio_device_get_is_default (TlAudioDevice *self)
{
  return self->is_default;
}

gboolean
tl_audio_device_get_is_monitor (TlAudioDevice *self)
{
  return self->is_monitor;
}

gboolean
tl_audio_device_get_is_builtin (TlAudioDevice *self)
{
  return self->is_builtin;
}

gboolean
tl_audio_device_get_is_echo_cancel (TlAudioDevice *self)
{
  return self->is_echo_cancel;
}

const char *
tl_audio_device_get_master_id (TlAudioDevice *self)
{
  return self->master_id;
}

gboolean
tl_audio_device_equal (TlAudioDevice *a,
                       TlAudioDevice *b)
{
  return a->direction == b->direction &&
         g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 &&
         g_strcmp0 (a->portaudio_name, b->portaudio_name) == 0 &&
         g_strcmp0 (a->master_id, b->master_id) == 0 &&
         a->is_default == b->is_default &&
         a->is_monitor == b->is_monitor &&
         a->is_builtin == b->is_builtin &&
         a->is_echo_cancel == b->is_echo_cancel;
}

const char *
tl_audio_direction_to_string (TlAudioDirection direction)
{
  return direction == TL_AUDIO_DIRECTION_INPUT ? "input" : "output";
}
