/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine object: its state, settings, properties and signals, and the redaction of account passwords. */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include "tl-engine.h"
#include "tl-engine-private.h"

#include "tl-engine-redact.h"
#include "tl-paths.h"

G_DEFINE_FINAL_TYPE (TlEngine, tl_engine, G_TYPE_OBJECT)

GParamSpec *tl_engine_properties[N_PROPS];

guint tl_engine_signals[N_SIGNALS];

G_DEFINE_QUARK (tl-engine-error-quark, tl_engine_error)

/* g_set_str arrived in GLib 2.76; Debian 12 has 2.74. */
static void
replace_str (char       **slot,
             const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
}

const char *
tl_engine_state_to_string (TlEngineState state)
{
  switch (state)
    {
    case TL_ENGINE_STATE_STOPPED: return "stopped";
    case TL_ENGINE_STATE_STARTING: return "starting";
    case TL_ENGINE_STATE_READY: return "ready";
    case TL_ENGINE_STATE_RESTARTING: return "restarting";
    case TL_ENGINE_STATE_STOPPING: return "stopping";
    case TL_ENGINE_STATE_FAILED: return "failed";
    default: return "unknown";
    }
}

void
tl_engine_set_state (TlEngine      *self,
                     TlEngineState  state)
{
  if (self->state == state)
    return;
  g_debug ("Engine %s -> %s", tl_engine_state_to_string (self->state),
           tl_engine_state_to_string (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), tl_engine_properties[PROP_STATE]);
}

/* The passwords of all accounts, for redacting whatever the engine says. */
static GStrv
collect_secrets (TlEngine *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TlEngineAccount *account = value;

      if (account->password != NULL && *account->password != '\0')
        g_strv_builder_add (builder, account->password);
    }
  return g_strv_builder_end (builder);
}

char *
tl_engine_redact_passwords (TlEngine   *self,
                            const char *text)
{
  g_auto(GStrv) secrets = collect_secrets (self);

  return tl_engine_redact (text, (const char *const *) secrets);
}

/* ---- settings and state --------------------------------------------------- */

void
tl_engine_set_listen_address (TlEngine   *self,
                              const char *address)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  replace_str (&self->listen_address, (address != NULL && *address != '\0') ? address : NULL);
}

void
tl_engine_set_sip_trace (TlEngine *self,
                         gboolean  enabled)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  self->sip_trace = enabled;
}

void
tl_engine_set_audio_devices (TlEngine   *self,
                             const char *player,
                             const char *source,
                             const char *alert)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  replace_str (&self->audio_player, player);
  replace_str (&self->audio_source, source);
  replace_str (&self->audio_alert, alert);
}

void
tl_engine_set_extra_config (TlEngine   *self,
                            const char *lines)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  replace_str (&self->extra_config, lines);
}

void
tl_engine_set_environment (TlEngine           *self,
                           const char * const *environment)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  g_clear_pointer (&self->environment, g_strfreev);
  self->environment = g_strdupv ((char **) environment);
}

TlEngineState
tl_engine_get_state (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), TL_ENGINE_STATE_STOPPED);
  return self->state;
}

const char *
tl_engine_get_version (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), NULL);
  return self->version;
}

const TlEngineDialect *
tl_engine_get_dialect (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), NULL);
  return self->have_dialect ? &self->dialect : NULL;
}

guint
tl_engine_get_control_port (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), 0);
  return self->control_port;
}

gboolean
tl_engine_has_account (TlEngine   *self,
                       const char *aor)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), FALSE);
  return aor != NULL && g_hash_table_contains (self->accounts, aor);
}

void
tl_engine_set_audio_latency (TlEngine                   *self,
                             const TlEngineAudioLatency *latency)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  g_return_if_fail (latency != NULL);

  self->audio_latency = *latency;
  /* The engine takes at least one frame, and never a range that ends below its start. */
  self->audio_latency.jitter_min_frames = CLAMP (latency->jitter_min_frames, 1, 50);
  self->audio_latency.jitter_max_frames = CLAMP (latency->jitter_max_frames,
                                                 self->audio_latency.jitter_min_frames, 50);
  self->audio_latency.sound_server_ms = MIN (latency->sound_server_ms, 1000);
}

void
tl_engine_get_audio_latency (TlEngine             *self,
                             TlEngineAudioLatency *latency)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  g_return_if_fail (latency != NULL);

  *latency = self->audio_latency;
}

void
tl_engine_set_memory_growth_limit (TlEngine *self,
                                   guint     percent)
{
  g_return_if_fail (TL_IS_ENGINE (self));
  self->memory_growth_percent = percent;
}

guint
tl_engine_get_memory_restart_count (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), 0);
  return self->memory_restart_count;
}

guint
tl_engine_get_restart_count (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), 0);
  return self->restart_count;
}

GPid
tl_engine_get_pid (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), 0);
  return self->process != NULL ? self->pid : 0;
}

const char *
tl_engine_get_config_dir (TlEngine *self)
{
  g_return_val_if_fail (TL_IS_ENGINE (self), NULL);
  return self->config_dir;
}

/* ---- GObject ------------------------------------------------------------ */

static void
tl_engine_dispose (GObject *object)
{
  TlEngine *self = TL_ENGINE (object);

  g_clear_handle_id (&self->restart_source, g_source_remove);
  if (self->probe_cancellable != NULL)
    g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  tl_engine_end_run (self);
  if (self->config_dir != NULL)
    tl_paths_remove_tree (self->config_dir, NULL);
  g_clear_pointer (&self->config_dir, g_free);
  G_OBJECT_CLASS (tl_engine_parent_class)->dispose (object);
}

static void
tl_engine_finalize (GObject *object)
{
  TlEngine *self = TL_ENGINE (object);

  g_queue_clear_full (&self->output_tail, g_free);
  g_hash_table_unref (self->accounts);
  g_ptr_array_unref (self->stop_tasks);
  g_clear_object (&self->start_task);
  g_free (self->listen_address);
  g_free (self->audio_player);
  g_free (self->audio_source);
  g_free (self->audio_alert);
  g_free (self->extra_config);
  g_strfreev (self->environment);
  g_free (self->binary);
  g_free (self->module_dir);
  g_free (self->audio_dir);
  g_free (self->version);
  g_strfreev (self->run_trust);
  G_OBJECT_CLASS (tl_engine_parent_class)->finalize (object);
}

static void
tl_engine_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TlEngine *self = TL_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_CONTROL_PORT:
      g_value_set_uint (value, self->control_port);
      break;
    case PROP_RESTART_COUNT:
      g_value_set_uint (value, self->restart_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_engine_class_init (TlEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_engine_dispose;
  object_class->finalize = tl_engine_finalize;
  object_class->get_property = tl_engine_get_property;

  tl_engine_properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TL_ENGINE_STATE_STOPPED, TL_ENGINE_STATE_FAILED,
                      TL_ENGINE_STATE_STOPPED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_engine_properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_engine_properties[PROP_CONTROL_PORT] =
    g_param_spec_uint ("control-port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  tl_engine_properties[PROP_RESTART_COUNT] =
    g_param_spec_uint ("restart-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, tl_engine_properties);

  /* Every engine event, typed; the rest of app/ keys on event->type. */
  tl_engine_signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_ENGINE_EVENT);
  /* The engine answered its first command (after a start or a restart). */
  tl_engine_signals[SIGNAL_READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The engine died and was restarted; accounts were re-added. Calls it had are gone. */
  tl_engine_signals[SIGNAL_RESTARTED] =
    g_signal_new ("restarted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* Something the user should know about the engine's safety (control port taken). */
  /* One line the engine printed, passwords already removed (for trace files). */
  tl_engine_signals[SIGNAL_OUTPUT_LINE] =
    g_signal_new ("output-line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  tl_engine_signals[SIGNAL_SECURITY_WARNING] =
    g_signal_new ("security-warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tl_engine_init (TlEngine *self)
{
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) tl_engine_account_free);
  self->stop_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->output_tail);
  self->memory_growth_percent = TL_ENGINE_DEFAULT_MEMORY_GROWTH_PERCENT;
  self->audio_latency = TL_ENGINE_AUDIO_LATENCY_DEFAULT;
}

TlEngine *
tl_engine_new (void)
{
  return g_object_new (TL_TYPE_ENGINE, NULL);
}
