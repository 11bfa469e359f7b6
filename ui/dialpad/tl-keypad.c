/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The twelve keys of a phone, left to right in every locale; a long press on 0 gives +. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-keypad.h"

struct _TlKeypad {
  GtkWidget  parent_instance;

  GtkWidget *grid;
  GtkWidget *key_0;
  gboolean   plus_sent;   /* the long press already gave '+': the click that ends it gives nothing */
};

enum {
  SIGNAL_KEY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlKeypad, tl_keypad, GTK_TYPE_WIDGET)

static char
key_of (GtkWidget *button)
{
  const char *name = gtk_widget_get_name (button);

  if (g_strcmp0 (name, "key-star") == 0)
    return '*';
  if (g_strcmp0 (name, "key-hash") == 0)
    return '#';
  return name != NULL && g_str_has_prefix (name, "key-") ? name[4] : '\0';
}

static void
key_clicked_cb (TlKeypad  *self,
                GtkButton *button)
{
  char key = key_of (GTK_WIDGET (button));

  if (key == '0' && self->plus_sent)
    {
      self->plus_sent = FALSE;
      return;
    }
  if (key != '\0')
    g_signal_emit (self, signals[SIGNAL_KEY], 0, (gint) key);
}

static void
zero_long_pressed_cb (TlKeypad *self)
{
  self->plus_sent = TRUE;
  g_signal_emit (self, signals[SIGNAL_KEY], 0, (gint) '+');
}

static void
zero_press_cancelled_cb (TlKeypad *self)
{
  self->plus_sent = FALSE;
}

static void
tl_keypad_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TL_TYPE_KEYPAD);
  G_OBJECT_CLASS (tl_keypad_parent_class)->dispose (object);
}

static void
tl_keypad_class_init (TlKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_keypad_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/dialpad/tl-keypad.ui");
  gtk_widget_class_bind_template_child (widget_class, TlKeypad, grid);
  gtk_widget_class_bind_template_child (widget_class, TlKeypad, key_0);
  gtk_widget_class_bind_template_callback (widget_class, key_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keypad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* A key: '0'-'9', '*', '#' or '+'. */
  signals[SIGNAL_KEY] =
    g_signal_new ("key", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
tl_keypad_init (TlKeypad *self)
{
  GtkGesture *long_press;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* A phone's keys read 1 2 3 from the left in Arabic and Hebrew too. */
  gtk_widget_set_direction (self->grid, GTK_TEXT_DIR_LTR);

  long_press = gtk_gesture_long_press_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (long_press), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (long_press, "pressed", G_CALLBACK (zero_long_pressed_cb), self);
  g_signal_connect_swapped (long_press, "cancelled", G_CALLBACK (zero_press_cancelled_cb), self);
  gtk_widget_add_controller (self->key_0, GTK_EVENT_CONTROLLER (long_press));
}

GtkWidget *
tl_keypad_new (void)
{
  return g_object_new (TL_TYPE_KEYPAD, NULL);
}
