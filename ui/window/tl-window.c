/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: the dial pad and the history, the in-call and incoming views, adaptive down to 360 px. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-window.h"

#include <glib/gi18n.h>

#include "tl-call-alerts.h"
#include "tl-call-view.h"
#include "tl-contacts-page.h"
#include "tl-dialpad-page.h"
#include "tl-history-page.h"
#include "tl-incoming-view.h"
#include "tl-line-status.h"
#include "tl-number-format.h"
#include "tl-ui-text.h"

struct _TlWindow {
  AdwApplicationWindow  parent_instance;

  TlApplication        *application;   /* not a reference: it owns us */
  gboolean              adding_call;   /* on the dial pad while a call waits */

  GtkStack             *mode_stack;
  GtkWidget            *line_status_box;
  AdwViewSwitcherTitle *switcher_title;
  GtkRevealer          *return_revealer;
  GtkLabel             *return_label;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  AdwViewStackPage     *history_stack_page;

  GtkWidget            *line_status;
  GtkWidget            *dialpad;
  GtkWidget            *history;
  GtkWidget            *contacts;
  GtkWidget            *call_view;
  GtkWidget            *incoming_view;
};

G_DEFINE_FINAL_TYPE (TlWindow, tl_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- which view ------------------------------------------------------------------- */

/* The one place that decides what the window shows: a call ringing here first
 * (its Answer and Decline), then the call being talked on, else the main pages. */
static void
update_mode (TlWindow *self)
{
  TlCallAlerts *alerts = tl_application_get_alerts (self->application);
  g_autoptr(GPtrArray) ringing = tl_call_alerts_dup_ringing (alerts);
  TlCallView *call_view = TL_CALL_VIEW (self->call_view);
  const char *before = gtk_stack_get_visible_child_name (self->mode_stack);
  const char *mode;

  if (ringing->len > 0)
    {
      tl_incoming_view_set_call (TL_INCOMING_VIEW (self->incoming_view), g_ptr_array_index (ringing, 0));
      mode = "incoming";
    }
  else if (tl_call_view_get_call (call_view) != NULL && !self->adding_call)
    mode = "call";
  else
    mode = "main";
  if (ringing->len == 0)
    tl_incoming_view_set_call (TL_INCOMING_VIEW (self->incoming_view), NULL);
  if (!tl_call_view_get_active (call_view))
    self->adding_call = FALSE;

  gtk_revealer_set_reveal_child (self->return_revealer,
                                 g_str_equal (mode, "main") && tl_call_view_get_active (call_view));
  if (tl_call_view_get_active (call_view))
    {
      TlCall *call = tl_call_view_get_call (call_view);
      g_autofree char *text = g_strdup_printf (_("Back to the call with %s"),
                                               tl_ui_text_peer_title (tl_call_get_peer_name (call),
                                                                      tl_call_get_peer_number (call),
                                                                      tl_call_get_peer_uri (call)));

      gtk_label_set_text (self->return_label, text);
    }
  gtk_stack_set_visible_child_name (self->mode_stack, mode);
  if (g_strcmp0 (before, mode) != 0)
    g_debug ("Window shows %s", tl_window_get_mode (self));
}

const char *
tl_window_get_mode (TlWindow *self)
{
  const char *mode;

  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);
  mode = gtk_stack_get_visible_child_name (self->mode_stack);
  if (g_strcmp0 (mode, "main") == 0)
    return adw_view_stack_get_visible_child_name (self->view_stack);
  return mode;
}

void
tl_window_show_dialpad (TlWindow   *self,
                        const char *number)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  if (number != NULL)
    tl_dialpad_page_set_number (TL_DIALPAD_PAGE (self->dialpad), number);
  adw_view_stack_set_visible_child_name (self->view_stack, "dialpad");
  if (tl_call_view_get_active (TL_CALL_VIEW (self->call_view)))
    self->adding_call = TRUE;
  update_mode (self);
  tl_dialpad_page_focus_number (TL_DIALPAD_PAGE (self->dialpad));
}

void
tl_window_show_history (TlWindow *self)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "history");
  if (tl_call_view_get_active (TL_CALL_VIEW (self->call_view)))
    self->adding_call = TRUE;
  update_mode (self);
}

void
tl_window_show_contacts (TlWindow *self)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "contacts");
  if (tl_call_view_get_active (TL_CALL_VIEW (self->call_view)))
    self->adding_call = TRUE;
  update_mode (self);
  tl_contacts_page_focus_search (TL_CONTACTS_PAGE (self->contacts));
}

void
tl_window_import_contacts (TlWindow *self,
                           GFile    *file)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  tl_window_show_contacts (self);
  tl_contacts_page_import (TL_CONTACTS_PAGE (self->contacts), file);
}

void
tl_window_add_contact (TlWindow   *self,
                       const char *number)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  tl_window_show_contacts (self);
  tl_contacts_page_add_number (TL_CONTACTS_PAGE (self->contacts), number);
}

void
tl_window_show_call (TlWindow *self,
                     TlCall   *call)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  self->adding_call = FALSE;
  update_mode (self);
}

static void
call_added_cb (TlCallManager *calls,
               TlCall        *call,
               TlWindow      *self)
{
  /* Answered, declined, ended: the view may change with any of them. */
  g_signal_connect_object (call, "notify::state", G_CALLBACK (update_mode), self, G_CONNECT_SWAPPED);
}

static void
history_call_back_cb (TlHistoryPage  *page,
                      TlHistoryEntry *entry,
                      TlWindow       *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = tl_number_format_call_back_target (tl_history_entry_get_peer_uri (entry));

  /* On the line the call came in or went out on, when it can call. */
  if (tl_application_dial (self->application, tl_history_entry_get_account_id (entry), target, &error) == NULL)
    {
      g_debug ("History: call back failed: %s", error->message);
      tl_window_show_dialpad (self, target);
    }
}

static void
return_to_call_cb (TlWindow *self)
{
  self->adding_call = FALSE;
  update_mode (self);
}

static void
add_call_cb (TlWindow *self)
{
  tl_window_show_dialpad (self, NULL);
}

/* ---- the missed-call badge ---------------------------------------------------------- */

static void
update_badge (TlWindow *self)
{
  TlHistoryStore *history = tl_application_get_history (self->application);
  guint missed = history != NULL ? tl_history_store_get_unseen_missed_count (history) : 0;
  gboolean seen = gtk_widget_get_visible (GTK_WIDGET (self))
                  && g_strcmp0 (tl_window_get_mode (self), "history") == 0;

  /* Looking at the history is seeing the missed calls. */
  if (missed > 0 && seen)
    {
      tl_application_mark_history_seen (self->application);
      missed = 0;
    }
  if (self->history_stack_page != NULL
      && (guint) adw_view_stack_page_get_badge_number (self->history_stack_page) != missed)
    {
      adw_view_stack_page_set_badge_number (self->history_stack_page, missed);
      adw_view_stack_page_set_needs_attention (self->history_stack_page, missed > 0);
      g_debug ("History badge: %u missed", missed);
    }
}

static void
view_changed_cb (TlWindow *self)
{
  if (self->application == NULL)
    return;
  update_badge (self);
  g_debug ("Window shows %s", tl_window_get_mode (self));
}

/* ---- keys ------------------------------------------------------------------------- */

static gboolean
focus_is_editable (TlWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus));
}

static gboolean
is_dtmf_key (guint32 c)
{
  return g_ascii_isdigit ((int) c) || c == '*' || c == '#';
}

static void
pasted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TlWindow) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (text != NULL && self->dialpad != NULL)
    {
      tl_dialpad_page_insert (TL_DIALPAD_PAGE (self->dialpad), text);
      tl_dialpad_page_focus_number (TL_DIALPAD_PAGE (self->dialpad));
    }
}

/* Typing or pasting anywhere dials: keys go to the number, or as tones to the call. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                TlWindow              *self)
{
  const char *mode = tl_window_get_mode (self);
  guint32 c = gdk_keyval_to_unicode (keyval);
  gboolean plain = (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) == 0;

  if (g_strcmp0 (mode, "incoming") == 0)
    {
      if (keyval == GDK_KEY_Escape)
        {
          tl_incoming_view_decline (TL_INCOMING_VIEW (self->incoming_view));
          return GDK_EVENT_STOP;
        }
      if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
        {
          tl_incoming_view_answer (TL_INCOMING_VIEW (self->incoming_view));
          return GDK_EVENT_STOP;
        }
      return GDK_EVENT_PROPAGATE;
    }
  if (g_strcmp0 (mode, "call") == 0)
    {
      if (keyval == GDK_KEY_Escape && !focus_is_editable (self))
        {
          tl_call_view_hang_up (TL_CALL_VIEW (self->call_view));
          return GDK_EVENT_STOP;
        }
      if (plain && is_dtmf_key (c) && !focus_is_editable (self))
        {
          char digit[2] = { (char) c, '\0' };

          tl_call_view_send_dtmf (TL_CALL_VIEW (self->call_view), digit);
          return GDK_EVENT_STOP;
        }
      return GDK_EVENT_PROPAGATE;
    }
  if (focus_is_editable (self))
    return GDK_EVENT_PROPAGATE;
  /* Enter with nothing focused that Enter would press: call the number. */
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && plain && g_strcmp0 (mode, "dialpad") == 0
      && !GTK_IS_BUTTON (gtk_root_get_focus (GTK_ROOT (self))))
    {
      tl_dialpad_page_call (TL_DIALPAD_PAGE (self->dialpad));
      return GDK_EVENT_STOP;
    }
  if ((state & GDK_CONTROL_MASK) && (keyval == GDK_KEY_v || keyval == GDK_KEY_V))
    {
      gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL, pasted_cb,
                                     g_object_ref (self));
      return GDK_EVENT_STOP;
    }
  if (plain && c != 0 && g_unichar_isgraph (c) && g_strcmp0 (mode, "dialpad") == 0)
    {
      GtkWidget *text = tl_dialpad_page_get_text_widget (TL_DIALPAD_PAGE (self->dialpad));

      tl_dialpad_page_focus_number (TL_DIALPAD_PAGE (self->dialpad));
      return gtk_event_controller_key_forward (controller, text);
    }
  return GDK_EVENT_PROPAGATE;
}

/* ---- window actions ------------------------------------------------------------------ */

static void
focus_number_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  tl_window_show_dialpad (TL_WINDOW (widget), NULL);
}

static void
mute_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  tl_call_view_toggle_mute (TL_CALL_VIEW (TL_WINDOW (widget)->call_view));
}

static void
hold_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  tl_call_view_toggle_hold (TL_CALL_VIEW (TL_WINDOW (widget)->call_view));
}

static void
show_history_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  tl_window_show_history (TL_WINDOW (widget));
}

/* ---- closing ------------------------------------------------------------------------- */

/* While Trunkline can ring (a line is registered, or a call is up), closing
 * only hides the window; Quit in the menu ends it. */
static gboolean
tl_window_close_request (GtkWindow *window)
{
  TlWindow *self = TL_WINDOW (window);

  /* The number is kept between calls, not between uses of the window. */
  tl_dialpad_page_clear (TL_DIALPAD_PAGE (self->dialpad));
  if (tl_application_keeps_running (self->application))
    {
      g_debug ("Window hidden; Trunkline stays running to take calls");
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (tl_window_parent_class)->close_request (window);
}

AdwToast *
tl_window_plain_toast (const char *text)
{
  /* A toast title is markup in libadwaita 1.2: even our own words go in escaped. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

void
tl_window_show_message (TlWindow   *self,
                        const char *message,
                        gboolean    until_dismissed)
{
  AdwToast *toast;

  g_return_if_fail (TL_IS_WINDOW (self));

  toast = tl_window_plain_toast (message);
  if (until_dismissed)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  g_debug ("Window says: %s", message);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
tl_window_show_message_with_action (TlWindow   *self,
                                    const char *message,
                                    const char *button_label,
                                    const char *action,
                                    const char *target)
{
  AdwToast *toast;

  g_return_if_fail (TL_IS_WINDOW (self));

  toast = tl_window_plain_toast (message);
  adw_toast_set_button_label (toast, button_label);
  adw_toast_set_action_name (toast, action);
  adw_toast_set_action_target_value (toast, g_variant_new_string (target));
  adw_toast_set_timeout (toast, 10);
  g_debug ("Window says: %s [%s]", message, button_label);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
security_warning_cb (TlWindow   *self,
                     const char *message)
{
  tl_window_show_message (self, message, TRUE);
}

static void
tl_window_dispose (GObject *object)
{
  TlWindow *self = TL_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_WINDOW);
  G_OBJECT_CLASS (tl_window_parent_class)->dispose (object);
}

static void
tl_window_class_init (TlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tl_window_dispose;
  window_class->close_request = tl_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/window/tl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, line_status_box);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, return_revealer);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, return_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, return_to_call_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.focus-number", NULL, focus_number_action);
  gtk_widget_class_install_action (widget_class, "win.mute", NULL, mute_action);
  gtk_widget_class_install_action (widget_class, "win.hold", NULL, hold_action);
  gtk_widget_class_install_action (widget_class, "win.show-history", NULL, show_history_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-number", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.mute", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.hold", NULL);
}

static void
tl_window_init (TlWindow *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  /* Capture: the window sees the keys before the focused button swallows them. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

TlWindow *
tl_window_new (TlApplication *application)
{
  TlWindow *self = g_object_new (TL_TYPE_WINDOW, "application", application, NULL);
  TlHistoryStore *history = tl_application_get_history (application);

  self->application = application;
  self->line_status = tl_line_status_new (tl_application_get_lines (application),
                                          tl_application_get_engine (application));
  gtk_box_append (GTK_BOX (self->line_status_box), self->line_status);

  self->dialpad = tl_dialpad_page_new (application);
  adw_view_stack_add_titled_with_icon (self->view_stack, self->dialpad, "dialpad", _("Dial Pad"),
                                       "input-dialpad-symbolic");
  self->history = tl_history_page_new (history);
  if (tl_application_get_contacts (application) != NULL)
    tl_history_page_set_name_resolver (TL_HISTORY_PAGE (self->history),
                                       TL_NAME_RESOLVER (tl_application_get_contacts (application)));
  g_signal_connect_object (self->history, "call-back", G_CALLBACK (history_call_back_cb), self, 0);
  self->history_stack_page = adw_view_stack_add_titled_with_icon (self->view_stack, self->history, "history",
                                                                  "History", "document-open-recent-symbolic");
  self->contacts = tl_contacts_page_new (tl_application_get_contacts (application));
  adw_view_stack_add_titled_with_icon (self->view_stack, self->contacts, "contacts", _("Contacts"),
                                       "x-office-address-book-symbolic");
  self->call_view = tl_call_view_new (application);
  gtk_stack_add_named (self->mode_stack, self->call_view, "call");
  self->incoming_view = tl_incoming_view_new (application);
  gtk_stack_add_named (self->mode_stack, self->incoming_view, "incoming");

  g_signal_connect_object (self->call_view, "add-call", G_CALLBACK (add_call_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->call_view, "finished", G_CALLBACK (update_mode), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->call_view, "changed", G_CALLBACK (update_mode), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tl_application_get_calls (application), "items-changed", G_CALLBACK (update_mode),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tl_application_get_calls (application), "call-added", G_CALLBACK (call_added_cb),
                           self, 0);
  g_signal_connect_object (tl_application_get_alerts (application), "incoming", G_CALLBACK (update_mode), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (tl_application_get_engine (application), "security-warning",
                           G_CALLBACK (security_warning_cb), self, G_CONNECT_SWAPPED);
  if (history != NULL)
    g_signal_connect_object (history, "changed", G_CALLBACK (update_badge), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self, "notify::visible", G_CALLBACK (update_badge), self);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (update_badge), self);
  update_badge (self);
  update_mode (self);
  /* Opened to call: the number has the keyboard, so Enter dials what is there. */
  tl_dialpad_page_focus_number (TL_DIALPAD_PAGE (self->dialpad));
  return self;
}
