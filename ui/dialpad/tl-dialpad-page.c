/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dial pad: the number (grouped by the line's dial plan as it is typed), the keys, the line to call from, the call button. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-dialpad-page.h"

#include <glib/gi18n.h>

#include "tl-demo-account.h"
#include "tl-echo-service.h"
#include "tl-keypad.h"
#include "tl-lines.h"
#include "tl-number-format.h"

struct _TlDialpadPage {
  GtkWidget      parent_instance;

  TlApplication *application;   /* not a reference: it outlives its windows */
  TlLines       *lines;
  gboolean       formatting;
  gboolean       demo_filled;   /* the echo number was put in once */
  char          *error;         /* why the last call attempt failed, until the number changes */

  GtkWidget     *scroller;
  GtkWidget     *demo_box;
  GtkDropDown   *line_selector;
  GtkEntry      *number_entry;
  GtkWidget     *backspace_button;
  GtkLabel      *preview_label;
  GtkLabel      *reason_label;
  GtkWidget     *keypad;
  GtkWidget     *call_button;
  GtkWidget     *voicemail_key;
  GtkWidget     *voicemail_button;
  GtkLabel      *voicemail_badge;
};

G_DEFINE_FINAL_TYPE (TlDialpadPage, tl_dialpad_page, GTK_TYPE_WIDGET)

/* The line calls go out on: the one chosen when there are several, else the
 * one the lines pick (the default account's). */
static TlLine *
chosen_line (TlDialpadPage *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->line_selector)))
    return gtk_drop_down_get_selected_item (self->line_selector);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->lines)) == 0)
    return NULL;
  return tl_lines_pick_for_call (self->lines, NULL);
}

static gboolean
is_demo_line (TlLine *line)
{
  return line != NULL && tl_demo_account_is_demo (tl_account_get_id (tl_line_get_account (line)));
}

static void
update_call_state (TlDialpadPage *self)
{
  TlLine *line = chosen_line (self);
  const char *number = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
  g_autofree char *reason = NULL;
  g_autofree char *preview = NULL;
  gboolean can_call = line != NULL && tl_line_get_can_call (line);

  if (line == NULL)
    reason = tl_lines_dup_why_no_calls (self->lines);
  else if (!can_call)
    reason = g_strdup_printf ("%s: %s", tl_line_get_title (line), tl_line_get_status (line));
  else if (self->error != NULL)
    reason = g_strdup (self->error);
  if (can_call && *number != '\0')
    {
      g_autofree char *uri = tl_account_preview_dial (tl_line_get_account (line), number);

      if (uri != NULL && is_demo_line (line) && g_str_has_prefix (uri, "sip:" TL_ECHO_SERVICE_NUMBER "@"))
        preview = g_strdup (_("Calls the echo test on this computer"));
      else
        preview = uri != NULL ? g_strdup_printf (_("Calls %s"), uri) : g_strdup (_("Not a number or SIP address"));
    }
  /* Plain labels: the status words can quote what a trunk said. */
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  gtk_label_set_text (self->preview_label, preview != NULL ? preview : "");
  gtk_widget_set_sensitive (self->call_button, can_call);
  gtk_widget_set_tooltip_text (self->call_button, can_call ? _("Call") : reason);
  gtk_widget_set_sensitive (self->backspace_button, *number != '\0');
  g_debug ("Dial pad: %s%s%s", can_call ? "can call" : "cannot call", reason != NULL ? ": " : "",
           reason != NULL ? reason : "");
}

/* The voicemail key, where the line has a voicemail number; its badge counts new messages. */
static void
update_voicemail (TlDialpadPage *self)
{
  TlLine *line = chosen_line (self);
  const char *number = line != NULL ? tl_account_get_voicemail (tl_line_get_account (line)) : NULL;
  guint fresh = line != NULL ? tl_line_get_voicemail_new (line) : 0;
  gboolean waiting = line != NULL && tl_line_get_voicemail_waiting (line);
  g_autofree char *count = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (self->voicemail_key, number != NULL);
  if (number == NULL)
    return;
  /* "yes" without a count still shows that something waits. */
  count = fresh > 99 ? g_strdup ("99+") : fresh > 0 ? g_strdup_printf ("%u", fresh) : g_strdup ("•");
  gtk_label_set_text (self->voicemail_badge, count);
  gtk_widget_set_visible (GTK_WIDGET (self->voicemail_badge), waiting || fresh > 0);
  if (fresh > 0)
    tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Voicemail: %u new message",
                                            "Voicemail: %u new messages", fresh), fresh);
  else
    tooltip = g_strdup (waiting ? _("Voicemail: messages are waiting") : _("Voicemail"));
  gtk_widget_set_tooltip_text (self->voicemail_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->voicemail_button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_debug ("Dial pad: voicemail key shows %s", waiting || fresh > 0 ? count : "no messages");
}

static void
voicemail_clicked_cb (TlDialpadPage *self)
{
  g_autoptr(GError) error = NULL;
  TlLine *line = chosen_line (self);
  const char *number = line != NULL ? tl_account_get_voicemail (tl_line_get_account (line)) : NULL;

  if (number == NULL || !tl_line_get_can_call (line))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_debug ("Dial pad: calling voicemail");
  if (tl_application_dial (self->application, tl_account_get_id (tl_line_get_account (line)), number,
                           &error) == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
      update_call_state (self);
    }
}

/* The first minute: with only the demo line, its number is there and Enter calls it. */
static void
update_demo (TlDialpadPage *self)
{
  TlLine *line = chosen_line (self);
  gboolean demo = is_demo_line (line);

  gtk_widget_set_visible (self->demo_box, demo);
  if (demo && !self->demo_filled && g_list_model_get_n_items (G_LIST_MODEL (self->lines)) == 1
      && *gtk_editable_get_text (GTK_EDITABLE (self->number_entry)) == '\0')
    {
      self->demo_filled = TRUE;
      tl_dialpad_page_set_number (self, TL_ECHO_SERVICE_NUMBER);
      g_debug ("Dial pad: the demo number is ready");
    }
}

static void
update_lines (TlDialpadPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  gtk_widget_set_visible (GTK_WIDGET (self->line_selector), n > 1);
  if (n > 1 && gtk_drop_down_get_selected (self->line_selector) == GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->line_selector, 0);
  update_demo (self);
  update_voicemail (self);
  update_call_state (self);
}

static const char *
country_code (TlDialpadPage *self)
{
  TlLine *line = chosen_line (self);

  return line != NULL ? tl_account_get_country_code (tl_line_get_account (line)) : NULL;
}

/* Regroups the number as it is typed, keeping the cursor after the same digit. */
static void
number_changed_cb (TlDialpadPage *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->number_entry);
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *formatted = NULL;

  if (self->formatting)
    return;
  g_clear_pointer (&self->error, g_free);
  formatted = tl_number_format_as_typed (text, country_code (self));
  if (g_strcmp0 (formatted, text) != 0)
    {
      int cursor = gtk_editable_get_position (editable);
      const char *cursor_at = g_utf8_offset_to_pointer (text, cursor);
      guint before = tl_number_format_count_dial_chars (text, (gsize) (cursor_at - text));
      gsize offset;

      self->formatting = TRUE;
      gtk_editable_set_text (editable, formatted);
      offset = tl_number_format_offset_after (formatted, before);
      gtk_editable_set_position (editable, (int) g_utf8_pointer_to_offset (formatted, formatted + offset));
      self->formatting = FALSE;
    }
  update_call_state (self);
}

static void
number_activated_cb (TlDialpadPage *self)
{
  tl_dialpad_page_call (self);
}

static void
call_clicked_cb (TlDialpadPage *self)
{
  tl_dialpad_page_call (self);
}

static void
backspace_clicked_cb (TlDialpadPage *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->number_entry);
  int position = gtk_editable_get_position (editable);
  int start, end;

  if (gtk_editable_get_selection_bounds (editable, &start, &end))
    gtk_editable_delete_selection (editable);
  else if (position > 0)
    gtk_editable_delete_text (editable, position - 1, position);
  else if (*gtk_editable_get_text (editable) != '\0')
    gtk_editable_delete_text (editable, 0, 1);
}

static void
keypad_key_cb (TlDialpadPage *self,
               int            key)
{
  char text[2] = { (char) key, '\0' };

  tl_dialpad_page_insert (self, text);
}

gboolean
tl_dialpad_page_call (TlDialpadPage *self)
{
  g_autoptr(GError) error = NULL;
  TlLine *line;
  const char *number;

  g_return_val_if_fail (TL_IS_DIALPAD_PAGE (self), FALSE);

  line = chosen_line (self);
  number = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
  if (*number == '\0' || line == NULL || !tl_line_get_can_call (line))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  if (tl_application_dial (self->application, tl_account_get_id (tl_line_get_account (line)), number,
                           &error) == NULL)
    {
      g_debug ("Dial pad: the call did not start: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
        return FALSE;   /* a question is on screen */
      g_free (self->error);
      self->error = g_strdup (error->message);
      update_call_state (self);
      return FALSE;
    }
  return TRUE;
}

const char *
tl_dialpad_page_get_number (TlDialpadPage *self)
{
  g_return_val_if_fail (TL_IS_DIALPAD_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
}

void
tl_dialpad_page_set_number (TlDialpadPage *self,
                            const char    *number)
{
  g_return_if_fail (TL_IS_DIALPAD_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), number != NULL ? number : "");
  gtk_editable_set_position (GTK_EDITABLE (self->number_entry), -1);
}

void
tl_dialpad_page_insert (TlDialpadPage *self,
                        const char    *text)
{
  GtkEditable *editable;
  int position;
  g_autofree char *clean = NULL;

  g_return_if_fail (TL_IS_DIALPAD_PAGE (self));

  /* Pasted text may carry anything: one line, valid, no control characters. */
  clean = g_utf8_make_valid (text, -1);
  g_strdelimit (clean, "\r\n\t", ' ');
  g_strstrip (clean);
  editable = GTK_EDITABLE (self->number_entry);
  if (gtk_editable_get_selection_bounds (editable, NULL, NULL))
    gtk_editable_delete_selection (editable);
  position = gtk_editable_get_position (editable);
  gtk_editable_insert_text (editable, clean, -1, &position);
  gtk_editable_set_position (editable, position);
}

void
tl_dialpad_page_clear (TlDialpadPage *self)
{
  g_return_if_fail (TL_IS_DIALPAD_PAGE (self));
  tl_dialpad_page_set_number (self, "");
}

void
tl_dialpad_page_focus_number (TlDialpadPage *self)
{
  g_return_if_fail (TL_IS_DIALPAD_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->number_entry), -1);
}

GtkWidget *
tl_dialpad_page_get_text_widget (TlDialpadPage *self)
{
  g_return_val_if_fail (TL_IS_DIALPAD_PAGE (self), NULL);
  return gtk_widget_get_first_child (GTK_WIDGET (self->number_entry));
}

static void
tl_dialpad_page_dispose (GObject *object)
{
  TlDialpadPage *self = TL_DIALPAD_PAGE (object);

  if (self->lines != NULL)
    g_signal_handlers_disconnect_by_data (self->lines, self);
  g_clear_object (&self->lines);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_DIALPAD_PAGE);
  G_OBJECT_CLASS (tl_dialpad_page_parent_class)->dispose (object);
}

static void
tl_dialpad_page_finalize (GObject *object)
{
  TlDialpadPage *self = TL_DIALPAD_PAGE (object);

  g_free (self->error);
  G_OBJECT_CLASS (tl_dialpad_page_parent_class)->finalize (object);
}

static void
tl_dialpad_page_class_init (TlDialpadPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_dialpad_page_dispose;
  object_class->finalize = tl_dialpad_page_finalize;

  g_type_ensure (TL_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/dialpad/tl-dialpad-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, demo_box);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, line_selector);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, voicemail_key);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, voicemail_button);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, voicemail_badge);
  gtk_widget_class_bind_template_callback (widget_class, voicemail_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, number_entry);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, backspace_button);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, keypad);
  gtk_widget_class_bind_template_child (widget_class, TlDialpadPage, call_button);
  gtk_widget_class_bind_template_callback (widget_class, number_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, number_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, backspace_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, keypad_key_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_dialpad_page_init (TlDialpadPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
line_changed_cb (TlDialpadPage *self)
{
  update_demo (self);
  update_voicemail (self);
  update_call_state (self);
}

GtkWidget *
tl_dialpad_page_new (TlApplication *application)
{
  TlDialpadPage *self = g_object_new (TL_TYPE_DIALPAD_PAGE, NULL);
  g_autoptr(GtkExpression) title = NULL;

  self->application = application;
  self->lines = g_object_ref (tl_application_get_lines (application));
  title = gtk_property_expression_new (TL_TYPE_LINE, NULL, "title");
  gtk_drop_down_set_expression (self->line_selector, title);
  gtk_drop_down_set_model (self->line_selector, G_LIST_MODEL (self->lines));
  g_signal_connect_swapped (self->line_selector, "notify::selected", G_CALLBACK (line_changed_cb), self);
  g_signal_connect_object (self->lines, "changed", G_CALLBACK (update_lines), self, G_CONNECT_SWAPPED);
  update_lines (self);
  return GTK_WIDGET (self);
}
