/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One call of the history in the list: direction, who, when, how long; a menu to call back, copy the number or delete it. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-history-row.h"

#include <glib/gi18n.h>

#include "tl-ui-text.h"

struct _TlHistoryRow {
  GtkWidget       parent_instance;

  TlHistoryEntry *entry;
  TlNameResolver *names;

  GtkWidget      *box;
  GtkImage       *direction_icon;
  GtkLabel       *title_label;
  GtkLabel       *detail_label;
  GtkLabel       *when_label;
  GtkWidget      *menu;
};

enum {
  SIGNAL_CALL_BACK,
  SIGNAL_DELETE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlHistoryRow, tl_history_row, GTK_TYPE_WIDGET)

void
tl_history_row_set_entry (TlHistoryRow   *self,
                          TlHistoryEntry *entry)
{
  const char *name, *number, *title;
  g_autofree char *contact_name = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *when = NULL;
  g_autofree char *spoken = NULL;
  gboolean missed, incoming;

  g_return_if_fail (TL_IS_HISTORY_ROW (self));

  g_set_object (&self->entry, entry);
  if (entry == NULL)
    return;
  name = tl_history_entry_get_peer_name (entry);
  number = tl_history_entry_get_peer_number (entry);
  if (self->names != NULL)
    contact_name = tl_name_resolver_lookup_name (self->names, *number != '\0' ? number
                                                 : tl_history_entry_get_peer_uri (entry), NULL, NULL);
  if (contact_name != NULL)
    name = contact_name;
  title = tl_ui_text_peer_title (name, number, tl_history_entry_get_peer_uri (entry));
  missed = tl_history_entry_get_missed (entry);
  incoming = tl_history_entry_get_direction (entry) == TL_HISTORY_DIRECTION_INCOMING;
  detail = tl_ui_text_history_detail (entry);
  when = tl_ui_text_when (tl_history_entry_get_started (entry), g_get_real_time ());

  /* Names in the history came from the network: plain labels only. */
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->detail_label, detail);
  gtk_label_set_text (self->when_label, when);
  gtk_image_set_from_icon_name (self->direction_icon, missed ? "call-missed-symbolic"
                                                      : incoming ? "call-incoming-symbolic"
                                                      : "call-outgoing-symbolic");
  if (missed)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->direction_icon), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->direction_icon), "error");
    }
  spoken = g_strdup_printf ("%s call, %s, %s, %s", missed ? _("Missed") : incoming ? _("Incoming") : _("Outgoing"),
                            title, detail, when);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void
names_changed_cb (TlHistoryRow *self)
{
  /* A contact was added, renamed or removed: the same call, another name. */
  if (self->entry != NULL)
    tl_history_row_set_entry (self, self->entry);
}

void
tl_history_row_set_name_resolver (TlHistoryRow   *self,
                                  TlNameResolver *names)
{
  g_return_if_fail (TL_IS_HISTORY_ROW (self));

  if (self->names != NULL)
    g_signal_handlers_disconnect_by_data (self->names, self);
  g_set_object (&self->names, names);
  if (names != NULL)
    g_signal_connect_object (names, "changed", G_CALLBACK (names_changed_cb), self, G_CONNECT_SWAPPED);
}

TlHistoryEntry *
tl_history_row_get_entry (TlHistoryRow *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ROW (self), NULL);
  return self->entry;
}

const char *
tl_history_row_get_title (TlHistoryRow *self)
{
  g_return_val_if_fail (TL_IS_HISTORY_ROW (self), NULL);
  return gtk_label_get_text (self->title_label);
}

/* One menu for every row, and its popover made on first use: a list view keeps
 * some two hundred rows, and a popover each made the first page ten times
 * slower to show. */
static GMenuModel *
row_menu (void)
{
  static GMenu *menu;

  if (g_once_init_enter (&menu))
    {
      GMenu *built = g_menu_new ();
      g_autoptr(GMenu) calls = g_menu_new ();
      g_autoptr(GMenu) edit = g_menu_new ();

      g_menu_append (calls, _("_Call Back"), "row.call-back");
      g_menu_append (calls, _("_Copy Number"), "row.copy-number");
      g_menu_append (calls, _("_Add to Contacts"), "row.add-contact");
      g_menu_append (edit, _("_Delete"), "row.delete");
      g_menu_append_section (built, NULL, G_MENU_MODEL (calls));
      g_menu_append_section (built, NULL, G_MENU_MODEL (edit));
      g_once_init_leave (&menu, built);
    }
  return G_MENU_MODEL (menu);
}

static void
popup_menu (TlHistoryRow *self,
            double        x,
            double        y)
{
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  if (self->entry == NULL)
    return;
  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (row_menu ());
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &at);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
secondary_click_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    TlHistoryRow    *self)
{
  popup_menu (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               TlHistoryRow        *self)
{
  popup_menu (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
call_back_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *parameter)
{
  TlHistoryRow *self = TL_HISTORY_ROW (widget);

  if (self->entry != NULL)
    g_signal_emit (self, signals[SIGNAL_CALL_BACK], 0, self->entry);
}

static void
copy_number_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  TlHistoryRow *self = TL_HISTORY_ROW (widget);
  const char *number;

  if (self->entry == NULL)
    return;
  number = tl_history_entry_get_peer_number (self->entry);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          number != NULL ? number : tl_history_entry_get_peer_uri (self->entry));
}

static void
add_contact_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  TlHistoryRow *self = TL_HISTORY_ROW (widget);
  const char *number;

  if (self->entry == NULL)
    return;
  number = tl_history_entry_get_peer_number (self->entry);
  gtk_widget_activate_action (widget, "app.add-contact", "s",
                              *number != '\0' ? number : tl_history_entry_get_peer_uri (self->entry));
}

static void
delete_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  TlHistoryRow *self = TL_HISTORY_ROW (widget);

  if (self->entry != NULL)
    g_signal_emit (self, signals[SIGNAL_DELETE], 0, self->entry);
}

/* No layout manager: a popover child must be presented from size_allocate. */
static void
tl_history_row_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  gtk_widget_measure (TL_HISTORY_ROW (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
tl_history_row_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  TlHistoryRow *self = TL_HISTORY_ROW (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
tl_history_row_dispose (GObject *object)
{
  TlHistoryRow *self = TL_HISTORY_ROW (object);

  g_clear_object (&self->entry);
  if (self->names != NULL)
    g_signal_handlers_disconnect_by_data (self->names, self);
  g_clear_object (&self->names);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_HISTORY_ROW);
  G_OBJECT_CLASS (tl_history_row_parent_class)->dispose (object);
}

static void
tl_history_row_class_init (TlHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_history_row_dispose;
  widget_class->measure = tl_history_row_measure;
  widget_class->size_allocate = tl_history_row_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/history/tl-history-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TlHistoryRow, box);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryRow, direction_icon);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, TlHistoryRow, when_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "row.call-back", NULL, call_back_action);
  gtk_widget_class_install_action (widget_class, "row.copy-number", NULL, copy_number_action);
  gtk_widget_class_install_action (widget_class, "row.add-contact", NULL, add_contact_action);
  gtk_widget_class_install_action (widget_class, "row.delete", NULL, delete_action);

  signals[SIGNAL_CALL_BACK] =
    g_signal_new ("call-back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_HISTORY_ENTRY);
  signals[SIGNAL_DELETE] =
    g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_HISTORY_ENTRY);
}

static void
tl_history_row_init (TlHistoryRow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *press = gtk_gesture_long_press_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (press), TRUE);
  g_signal_connect (press, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (press));
}

GtkWidget *
tl_history_row_new (void)
{
  return g_object_new (TL_TYPE_HISTORY_ROW, NULL);
}
