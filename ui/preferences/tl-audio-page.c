/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: microphone with a live meter, speaker with a test sound, ringer and its volume, echo cancellation. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-audio-page.h"

#include <glib/gi18n.h>

#include <math.h>

#include "tl-level-meter.h"

/* How long the ringtone test plays. */
#define RING_TEST_S 4
/* The meter shows -60..0 dBFS: below is silence to a person. */
#define METER_FLOOR_DBFS (-60.0)

typedef enum {
  CHOICE_MICROPHONE,
  CHOICE_SPEAKER,
  CHOICE_RINGER,
  N_CHOICES
} ChoiceKind;

/* One device chooser: its row, what each item stands for, the setting it writes. */
typedef struct {
  AdwComboRow *row;
  GPtrArray   *ids;        /* "" for the default, "*" for every output */
  const char  *key;
  gboolean     updating;
} Choice;

struct _TlAudioPage {
  AdwPreferencesPage  parent_instance;

  TlApplication      *application;   /* not a reference: it outlives its windows */
  GSettings          *settings;
  TlAudioCatalog     *catalog;
  TlLevelMeter       *meter_source;
  Choice              choices[N_CHOICES];
  guint               ring_stop;
  guint               meter_log;

  AdwPreferencesGroup *status_group;
  GtkLabel           *status_label;
  AdwComboRow        *microphone_row;
  AdwComboRow        *speaker_row;
  AdwComboRow        *ringer_row;
  GtkLevelBar        *meter;
  AdwActionRow       *meter_row;
  AdwActionRow       *echo_row;
  GtkSwitch          *echo_switch;
  GtkSwitch          *latency_switch;
  GtkAdjustment      *volume_adjustment;
  GtkToggleButton    *ring_button;
  GtkWidget          *test_button;
};

G_DEFINE_FINAL_TYPE (TlAudioPage, tl_audio_page, ADW_TYPE_PREFERENCES_PAGE)

static void restart_meter (TlAudioPage *self);

/* ---- device lists ------------------------------------------------------------------ */

static void
fill_choice (TlAudioPage *self,
             Choice      *choice)
{
  gboolean input = choice->row == self->microphone_row;
  GListModel *devices = input ? tl_audio_catalog_get_inputs (self->catalog)
                              : tl_audio_catalog_get_outputs (self->catalog);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *wanted = g_settings_get_string (self->settings, choice->key);
  guint selected = 0;

  g_ptr_array_set_size (choice->ids, 0);
  gtk_string_list_append (labels, _("System Default"));
  g_ptr_array_add (choice->ids, g_strdup (""));
  if (choice->row == self->ringer_row)
    {
      gtk_string_list_append (labels, _("Every Output"));
      g_ptr_array_add (choice->ids, g_strdup (TL_TONE_PLAYER_ALL_OUTPUTS));
    }
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(TlAudioDevice) device = g_list_model_get_item (devices, i);

      /* A monitor is what an output plays, not a microphone (unless the
       * system records from it by default, as a virtual microphone). */
      if (input && tl_audio_device_get_is_monitor (device) && !tl_audio_device_get_is_default (device))
        continue;
      gtk_string_list_append (labels, tl_audio_device_get_description (device));
      g_ptr_array_add (choice->ids, g_strdup (tl_audio_device_get_id (device)));
    }
  for (guint i = 0; i < choice->ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (choice->ids, i), wanted) == 0)
      selected = i;
  /* The chosen device is unplugged: it stays chosen (and comes back when it
   * is plugged in again); calls use the default meanwhile. */
  if (selected == 0 && *wanted != '\0')
    {
      g_autofree char *missing = g_strdup_printf (_("%s (not connected)"), wanted);

      gtk_string_list_append (labels, missing);
      g_ptr_array_add (choice->ids, g_strdup (wanted));
      selected = choice->ids->len - 1;
      g_debug ("Audio page: %s %s is not connected", choice->key, wanted);
    }
  {
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
      g_string_append_printf (names, "%s%s", i > 0 ? " | " : "", gtk_string_list_get_string (labels, i));
    g_debug ("Audio page: %s choices: %s", choice->key, names->str);
  }
  choice->updating = TRUE;
  adw_combo_row_set_model (choice->row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (choice->row, selected);
  choice->updating = FALSE;
}

static void
update_status (TlAudioPage *self)
{
  const char *message = tl_audio_catalog_get_status_message (self->catalog);
  TlAudioCatalogState state = tl_audio_catalog_get_state (self->catalog);
  gboolean problem = state != TL_AUDIO_CATALOG_STATE_READY && state != TL_AUDIO_CATALOG_STATE_STARTING;

  gtk_label_set_text (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), problem && message != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->echo_row), tl_audio_catalog_get_echo_cancel_available (self->catalog));
  adw_action_row_set_subtitle (self->echo_row, tl_audio_catalog_get_echo_cancel_available (self->catalog)
                               ? _("The sound server's canceller, for built-in speakers and microphones")
                               : _("The sound server offers none (load PulseAudio's or PipeWire's echo-cancel module)"));
}

static void
devices_changed_cb (TlAudioPage *self)
{
  for (guint i = 0; i < N_CHOICES; i++)
    fill_choice (self, &self->choices[i]);
  update_status (self);
  g_debug ("Audio page: %u microphones, %u outputs",
           g_list_model_get_n_items (tl_audio_catalog_get_inputs (self->catalog)),
           g_list_model_get_n_items (tl_audio_catalog_get_outputs (self->catalog)));
}

static void
choice_selected_cb (AdwComboRow *row,
                    GParamSpec  *pspec,
                    TlAudioPage *self)
{
  for (guint i = 0; i < N_CHOICES; i++)
    {
      Choice *choice = &self->choices[i];
      guint selected;

      if (choice->row != row || choice->updating)
        continue;
      selected = adw_combo_row_get_selected (row);
      if (selected >= choice->ids->len)
        return;
      g_debug ("Audio page: %s = %s", choice->key, (const char *) g_ptr_array_index (choice->ids, selected));
      g_settings_set_string (self->settings, choice->key, g_ptr_array_index (choice->ids, selected));
      if (row == self->microphone_row)
        restart_meter (self);
    }
}

/* Changed elsewhere (another window, the command line): show it. Our own
 * choice is already shown, and its list must not be replaced under the popover
 * that made it. */
static void
setting_changed_cb (TlAudioPage *self,
                    const char  *key)
{
  for (guint i = 0; i < N_CHOICES; i++)
    {
      Choice *choice = &self->choices[i];
      g_autofree char *value = NULL;
      guint selected;

      if (g_strcmp0 (choice->key, key) != 0)
        continue;
      value = g_settings_get_string (self->settings, key);
      selected = adw_combo_row_get_selected (choice->row);
      if (selected < choice->ids->len && g_strcmp0 (g_ptr_array_index (choice->ids, selected), value) == 0)
        continue;
      fill_choice (self, choice);
    }
}

/* ---- the meter ------------------------------------------------------------------------ */

static void
level_cb (TlAudioPage *self)
{
  double dbfs = tl_level_meter_get_level (self->meter_source);

  gtk_level_bar_set_value (self->meter, CLAMP ((dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS, 0.0, 1.0));
}

/* Once a second, what the bar shows: for the log, and for a silent microphone
 * that never notifies a change. */
static gboolean
meter_log_cb (gpointer user_data)
{
  TlAudioPage *self = user_data;

  g_debug ("Audio page: microphone at %.0f dBFS", tl_level_meter_get_level (self->meter_source));
  return G_SOURCE_CONTINUE;
}

static void
restart_meter (TlAudioPage *self)
{
  g_autofree char *microphone = g_settings_get_string (self->settings, "microphone");
  g_autoptr(GError) error = NULL;

  tl_level_meter_stop (self->meter_source);
  g_clear_handle_id (&self->meter_log, g_source_remove);
  gtk_level_bar_set_value (self->meter, 0.0);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (!tl_level_meter_start (self->meter_source, *microphone != '\0' ? microphone : NULL, &error))
    {
      adw_action_row_set_subtitle (self->meter_row, error->message);
      g_debug ("Audio page: no meter: %s", error->message);
      return;
    }
  adw_action_row_set_subtitle (self->meter_row, _("Speak: the bar should move"));
  self->meter_log = g_timeout_add_seconds (1, meter_log_cb, self);
}

static void
tl_audio_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tl_audio_page_parent_class)->map (widget);
  /* The microphone is opened only while the page is on screen. */
  restart_meter (TL_AUDIO_PAGE (widget));
}

static void
tl_audio_page_unmap (GtkWidget *widget)
{
  TlAudioPage *self = TL_AUDIO_PAGE (widget);

  tl_level_meter_stop (self->meter_source);
  g_clear_handle_id (&self->meter_log, g_source_remove);
  gtk_toggle_button_set_active (self->ring_button, FALSE);
  GTK_WIDGET_CLASS (tl_audio_page_parent_class)->unmap (widget);
}

/* ---- test sounds ------------------------------------------------------------------- */

static void
test_clicked_cb (TlAudioPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!tl_tone_player_play (tl_application_get_tones (self->application), TL_TONE_TEST, 0, &error))
    g_debug ("Audio page: no test sound: %s", error->message);
  else
    g_debug ("Audio page: test sound on the speaker");
}

static gboolean
ring_over_cb (gpointer user_data)
{
  TlAudioPage *self = user_data;

  self->ring_stop = 0;
  gtk_toggle_button_set_active (self->ring_button, FALSE);
  return G_SOURCE_REMOVE;
}

static void
ring_toggled_cb (TlAudioPage *self)
{
  TlTonePlayer *tones = tl_application_get_tones (self->application);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->ring_stop, g_source_remove);
  if (!gtk_toggle_button_get_active (self->ring_button))
    {
      tl_tone_player_stop (tones, TL_TONE_RINGTONE);
      return;
    }
  if (!tl_tone_player_play (tones, TL_TONE_RINGTONE, 0, &error))
    {
      g_debug ("Audio page: no ringtone: %s", error->message);
      gtk_toggle_button_set_active (self->ring_button, FALSE);
      return;
    }
  g_debug ("Audio page: ringtone test");
  self->ring_stop = g_timeout_add_seconds (RING_TEST_S, ring_over_cb, self);
}

/* ---- life ------------------------------------------------------------------------------ */

GtkWidget *
tl_audio_page_new (TlApplication *application)
{
  TlAudioPage *self = g_object_new (TL_TYPE_AUDIO_PAGE, NULL);

  self->application = application;
  self->settings = g_object_ref (tl_application_get_settings (application));
  self->catalog = g_object_ref (tl_application_get_audio_catalog (application));
  self->meter_source = tl_level_meter_new (self->catalog);
  self->choices[CHOICE_MICROPHONE] = (Choice) { self->microphone_row, g_ptr_array_new_with_free_func (g_free),
                                                "microphone" };
  self->choices[CHOICE_SPEAKER] = (Choice) { self->speaker_row, g_ptr_array_new_with_free_func (g_free), "speaker" };
  self->choices[CHOICE_RINGER] = (Choice) { self->ringer_row, g_ptr_array_new_with_free_func (g_free), "ringer" };
  for (guint i = 0; i < N_CHOICES; i++)
    g_signal_connect_object (self->choices[i].row, "notify::selected", G_CALLBACK (choice_selected_cb), self, 0);
  g_signal_connect_object (tl_audio_catalog_get_inputs (self->catalog), "items-changed",
                           G_CALLBACK (devices_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tl_audio_catalog_get_outputs (self->catalog), "items-changed",
                           G_CALLBACK (devices_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->catalog, "notify::state", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->meter_source, "notify::level", G_CALLBACK (level_cb), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "echo-cancellation", self->echo_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "lowest-latency", self->latency_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "ringtone-volume", self->volume_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  devices_changed_cb (self);
  return GTK_WIDGET (self);
}

static void
tl_audio_page_dispose (GObject *object)
{
  TlAudioPage *self = TL_AUDIO_PAGE (object);

  g_clear_handle_id (&self->ring_stop, g_source_remove);
  g_clear_handle_id (&self->meter_log, g_source_remove);
  if (self->meter_source != NULL)
    tl_level_meter_stop (self->meter_source);
  g_clear_object (&self->meter_source);
  for (guint i = 0; i < N_CHOICES; i++)
    g_clear_pointer (&self->choices[i].ids, g_ptr_array_unref);
  g_clear_object (&self->catalog);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_AUDIO_PAGE);
  G_OBJECT_CLASS (tl_audio_page_parent_class)->dispose (object);
}

static void
tl_audio_page_class_init (TlAudioPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_audio_page_dispose;
  widget_class->map = tl_audio_page_map;
  widget_class->unmap = tl_audio_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/preferences/tl-audio-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, microphone_row);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, speaker_row);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, ringer_row);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, meter);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, meter_row);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, echo_row);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, echo_switch);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, latency_switch);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, ring_button);
  gtk_widget_class_bind_template_child (widget_class, TlAudioPage, test_button);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ring_toggled_cb);
}

static void
tl_audio_page_init (TlAudioPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
