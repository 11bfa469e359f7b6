/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One contact in the list: avatar, name, its first number; a menu to call, edit or delete it. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-contact-row.h"

#include <glib/gi18n.h>

#include <adwaita.h>

struct _TlContactRow {
  GtkWidget   parent_instance;

  TlContact  *contact;

  GtkWidget  *box;
  AdwAvatar  *avatar;
  GtkLabel   *name_label;
  GtkLabel   *detail_label;
  GtkWidget  *system_icon;
  GtkWidget  *menu;
};

enum {
  SIGNAL_CALL,
  SIGNAL_EDIT,
  SIGNAL_DELETE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TlContactRow, tl_contact_row, GTK_TYPE_WIDGET)

void
tl_contact_row_set_contact (TlContactRow *self,
                            TlContact    *contact)
{
  g_autofree char *detail = NULL;
  g_autofree char *spoken = NULL;
  guint n;

  g_return_if_fail (TL_IS_CONTACT_ROW (self));

  g_set_object (&self->contact, contact);
  if (contact == NULL)
    return;
  n = tl_contact_get_n_numbers (contact);
  if (n == 0)
    detail = g_strdup ("");
  else
    {
      const TlContactNumber *first = tl_contact_get_number (contact, 0);

      detail = n > 1 ? g_strdup_printf ("%s %s · %u more", tl_contact_number_type_to_label (first->type),
                                        first->number, n - 1)
                     : g_strdup_printf ("%s %s", tl_contact_number_type_to_label (first->type), first->number);
    }

  /* Names come from vCards and the system address book: plain labels only. */
  gtk_label_set_text (self->name_label, tl_contact_get_name (contact));
  gtk_label_set_text (self->detail_label, detail);
  /* Initials only: list contacts come without photos (decoding two hundred
   * of them would stall scrolling); the contact's page shows it. */
  adw_avatar_set_text (self->avatar, tl_contact_get_name (contact));
  gtk_widget_set_visible (self->system_icon, tl_contact_get_read_only (contact));
  spoken = g_strdup_printf ("%s, %s", tl_contact_get_name (contact), detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

TlContact *
tl_contact_row_get_contact (TlContactRow *self)
{
  g_return_val_if_fail (TL_IS_CONTACT_ROW (self), NULL);
  return self->contact;
}

const char *
tl_contact_row_get_title (TlContactRow *self)
{
  g_return_val_if_fail (TL_IS_CONTACT_ROW (self), NULL);
  return gtk_label_get_text (self->name_label);
}

/* One menu model for every row, and the popover made on first use, as for history rows. */
static GMenuModel *
row_menu (void)
{
  static GMenu *menu;

  if (g_once_init_enter (&menu))
    {
      GMenu *built = g_menu_new ();
      g_autoptr(GMenu) calls = g_menu_new ();
      g_autoptr(GMenu) edit = g_menu_new ();

      g_menu_append (calls, _("_Call"), "row.call");
      g_menu_append (edit, _("_Edit"), "row.edit");
      g_menu_append (edit, _("_Delete"), "row.delete");
      g_menu_append_section (built, NULL, G_MENU_MODEL (calls));
      g_menu_append_section (built, NULL, G_MENU_MODEL (edit));
      g_once_init_leave (&menu, built);
    }
  return G_MENU_MODEL (menu);
}

static void
popup_menu (TlContactRow *self,
            double        x,
            double        y)
{
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  if (self->contact == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.delete", !tl_contact_get_read_only (self->contact));
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
                    TlContactRow    *self)
{
  popup_menu (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               TlContactRow        *self)
{
  popup_menu (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
emit_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  TlContactRow *self = TL_CONTACT_ROW (widget);
  guint signal = g_str_equal (name, "row.call") ? SIGNAL_CALL
                 : g_str_equal (name, "row.edit") ? SIGNAL_EDIT : SIGNAL_DELETE;

  if (self->contact != NULL)
    g_signal_emit (self, signals[signal], 0, self->contact);
}

/* No layout manager: a popover child must be presented from size_allocate. */
static void
tl_contact_row_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  gtk_widget_measure (TL_CONTACT_ROW (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
tl_contact_row_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  TlContactRow *self = TL_CONTACT_ROW (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
tl_contact_row_dispose (GObject *object)
{
  TlContactRow *self = TL_CONTACT_ROW (object);

  g_clear_object (&self->contact);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_CONTACT_ROW);
  G_OBJECT_CLASS (tl_contact_row_parent_class)->dispose (object);
}

static void
tl_contact_row_class_init (TlContactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_contact_row_dispose;
  widget_class->measure = tl_contact_row_measure;
  widget_class->size_allocate = tl_contact_row_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/contacts/tl-contact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TlContactRow, box);
  gtk_widget_class_bind_template_child (widget_class, TlContactRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, TlContactRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TlContactRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, TlContactRow, system_icon);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "row.call", NULL, emit_action);
  gtk_widget_class_install_action (widget_class, "row.edit", NULL, emit_action);
  gtk_widget_class_install_action (widget_class, "row.delete", NULL, emit_action);

  signals[SIGNAL_CALL] =
    g_signal_new ("call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CONTACT);
  signals[SIGNAL_EDIT] =
    g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CONTACT);
  signals[SIGNAL_DELETE] =
    g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, TL_TYPE_CONTACT);
}

static void
tl_contact_row_init (TlContactRow *self)
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
tl_contact_row_new (void)
{
  return g_object_new (TL_TYPE_CONTACT_ROW, NULL);
}
