/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Test This Trunk": the trunk doctor run for one account, shown as it goes. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-doctor-window.h"

#include <glib/gi18n.h>

#include "tl-doctor.h"
#include "tl-lines.h"
#include "tl-secret.h"
#include "tl-window.h"

struct _TlDoctorWindow {
  AdwWindow       parent_instance;

  TlApplication  *application;   /* not a reference: it outlives its windows */
  char           *account_id;
  TlDoctor       *doctor;        /* the run on screen, if any */
  GCancellable   *cancellable;   /* of the run (and its password look-up) */
  gboolean        running;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget      *copy_button;
  AdwEntryRow    *target_row;
  GtkButton      *start_button;
  GtkLabel       *verdict_label;
  GtkListBox     *checks_list;
};

G_DEFINE_FINAL_TYPE (TlDoctorWindow, tl_doctor_window, ADW_TYPE_WINDOW)

static TlAccount *
find_account (TlDoctorWindow *self)
{
  return tl_account_store_lookup (tl_application_get_accounts (self->application), self->account_id);
}

/* ---- one row per check ------------------------------------------------------------- */

static const char *
result_icon (TlDoctorResult result)
{
  switch (result)
    {
    case TL_DOCTOR_RESULT_PASS: return "emblem-ok-symbolic";
    case TL_DOCTOR_RESULT_WARN: return "dialog-warning-symbolic";
    case TL_DOCTOR_RESULT_FAIL: return "dialog-error-symbolic";
    case TL_DOCTOR_RESULT_SKIP: return "action-unavailable-symbolic";
    case TL_DOCTOR_RESULT_RUNNING:
    default: return NULL;
    }
}

static const char *
result_words (TlDoctorResult result)
{
  switch (result)
    {
    case TL_DOCTOR_RESULT_PASS: return _("Passed");
    case TL_DOCTOR_RESULT_WARN: return _("Warning");
    case TL_DOCTOR_RESULT_FAIL: return _("Failed");
    case TL_DOCTOR_RESULT_SKIP: return _("Skipped");
    case TL_DOCTOR_RESULT_RUNNING:
    default: return _("Checking…");
    }
}

static gboolean
is_measure (const char *unit)
{
  static const char *const units[] = { "ms", "s", "%", "kbit/s", "MOS", "packets/s", NULL };

  return unit != NULL && g_strv_contains (units, unit);
}

static void
update_row (AdwActionRow  *row,
            TlDoctorCheck *check)
{
  TlDoctorResult result = tl_doctor_check_get_result (check);
  GtkSpinner *spinner = g_object_get_data (G_OBJECT (row), "tl-spinner");
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "tl-icon");
  GtkLabel *value = g_object_get_data (G_OBJECT (row), "tl-value");
  const char *summary = tl_doctor_check_get_summary (check);
  const char *advice = tl_doctor_check_get_advice (check);
  g_autofree char *figure = tl_doctor_check_dup_value_text (check);
  g_autofree char *shown = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (spinner), result == TL_DOCTOR_RESULT_RUNNING);
  gtk_spinner_set_spinning (spinner, result == TL_DOCTOR_RESULT_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (icon), result != TL_DOCTOR_RESULT_RUNNING);
  if (result_icon (result) != NULL)
    gtk_image_set_from_icon_name (icon, result_icon (result));
  gtk_widget_remove_css_class (GTK_WIDGET (icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (icon), result == TL_DOCTOR_RESULT_PASS ? "success"
                                               : result == TL_DOCTOR_RESULT_WARN ? "warning"
                                               : result == TL_DOCTOR_RESULT_FAIL ? "error" : "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, result_words (result), -1);

  /* Summaries can quote what the trunk said: the row is plain text. */
  if (summary != NULL && advice != NULL)
    subtitle = g_strdup_printf ("%s\n%s", summary, advice);
  else
    subtitle = g_strdup (summary != NULL ? summary : advice != NULL ? advice : "");
  adw_action_row_set_subtitle (row, subtitle);
  /* Measurements beside the row; counts and text are in the summary already. */
  if (figure != NULL && tl_doctor_check_has_number (check) && is_measure (tl_doctor_check_get_unit (check)))
    shown = g_strdup_printf ("%s %s", figure, tl_doctor_check_get_unit (check));
  gtk_label_set_text (value, shown != NULL ? shown : "");
  gtk_widget_set_visible (GTK_WIDGET (value), shown != NULL);
  if (result != TL_DOCTOR_RESULT_RUNNING)
    {
      g_debug ("Doctor: %s %s: %s", tl_doctor_check_get_name (check), tl_doctor_result_to_string (result),
               summary != NULL ? summary : "");
    }
}

static void
check_changed_cb (TlDoctorCheck *check,
                  GParamSpec    *pspec,
                  AdwActionRow  *row)
{
  update_row (row, check);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TlDoctorCheck *check = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *value = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_doctor_check_get_title (check));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (value, "dim-label");
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 16);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  g_object_set_data (G_OBJECT (row), "tl-spinner", spinner);
  g_object_set_data (G_OBJECT (row), "tl-icon", icon);
  g_object_set_data (G_OBJECT (row), "tl-value", value);
  g_signal_connect_object (check, "notify", G_CALLBACK (check_changed_cb), row, 0);
  update_row (ADW_ACTION_ROW (row), check);
  return row;
}

/* ---- a run ------------------------------------------------------------------------- */

static void
set_running (TlDoctorWindow *self,
             gboolean        running)
{
  self->running = running;
  gtk_button_set_label (self->start_button, running ? _("_Stop") : self->doctor != NULL ? _("_Test Again")
                                                                                        : _("_Start Test"));
  if (running)
    gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_row), !running);
  gtk_widget_set_sensitive (self->copy_button, !running && self->doctor != NULL);
}

static void
show_verdict (TlDoctorWindow *self,
              const char     *text)
{
  gtk_label_set_text (self->verdict_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), text != NULL);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TlDoctorWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  TlDoctor *doctor = TL_DOCTOR (source);
  TlDoctorResult verdict;

  if (!tl_doctor_run_finish (doctor, result, &error))
    {
      if (doctor != self->doctor)
        return;
      set_running (self, FALSE);
      show_verdict (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                          ? _("Stopped") : error->message);
      g_debug ("Doctor stopped: %s", error->message);
      return;
    }
  if (doctor != self->doctor)
    return;
  set_running (self, FALSE);
  verdict = tl_doctor_get_result (doctor);
  show_verdict (self, verdict == TL_DOCTOR_RESULT_PASS ? _("The trunk passed every check")
                      : verdict == TL_DOCTOR_RESULT_WARN ? _("The trunk works; see the warnings below")
                      : _("Something is wrong: see the failed checks below"));
  g_debug ("Doctor finished: %s in %.0f ms", tl_doctor_result_to_string (verdict),
           tl_doctor_get_elapsed_ms (doctor));
}

static void
run_with_password (TlDoctorWindow *self,
                   const char     *password)
{
  TlAccount *account = find_account (self);
  const char *target = gtk_editable_get_text (GTK_EDITABLE (self->target_row));
  g_autofree char *stripped = g_strstrip (g_strdup (target));

  if (account == NULL)
    {
      set_running (self, FALSE);
      show_verdict (self, _("This account no longer exists"));
      return;
    }
  g_clear_object (&self->doctor);
  self->doctor = tl_doctor_new (tl_application_get_engine (self->application), account, password);
  /* The test call goes through the window's own calls: it shows there and is kept
   * in the history like any call over the trunk. */
  tl_doctor_set_call_manager (self->doctor, tl_application_get_calls (self->application));
  {
    /* The phone's own registration is reported, not a second one made: that
     * would unregister the line when it is taken away again. */
    TlLine *line = tl_lines_lookup (tl_application_get_lines (self->application), self->account_id);

    if (line != NULL && tl_line_get_registration (line) != NULL)
      tl_doctor_set_registration (self->doctor, tl_line_get_registration (line));
  }
  tl_doctor_set_echo_target (self->doctor, *stripped != '\0' ? stripped : TL_DOCTOR_TARGET_DEMO);
  gtk_list_box_bind_model (self->checks_list, tl_doctor_get_checks (self->doctor), create_row, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->checks_list), TRUE);
  show_verdict (self, NULL);
  g_debug ("Doctor started for %s, test call to %s", self->account_id,
           *stripped != '\0' ? "a number" : "the echo test");
  tl_doctor_run_async (self->doctor, self->cancellable, run_done_cb, g_object_ref (self));
}

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TlDoctorWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = tl_secret_lookup_password_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (password == NULL)
    {
      set_running (self, FALSE);
      show_verdict (self, error != NULL ? error->message
                                        : _("No password is stored for this account: set one in its settings"));
      return;
    }
  run_with_password (self, password);
  tl_secret_free_password (password);
}

static void
start (TlDoctorWindow *self)
{
  TlAccount *account;

  if (self->running)
    return;
  account = find_account (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  if (account != NULL && tl_account_get_mode (account) == TL_ACCOUNT_MODE_IP_AUTH)
    run_with_password (self, NULL);
  else
    tl_secret_lookup_password_async (self->account_id, self->cancellable, password_cb, g_object_ref (self));
}

static void
start_clicked_cb (TlDoctorWindow *self)
{
  if (self->running)
    {
      g_debug ("Doctor: stopping on request");
      g_cancellable_cancel (self->cancellable);
      return;
    }
  start (self);
}

static void
copy_clicked_cb (TlDoctorWindow *self)
{
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *text = NULL;

  if (self->doctor == NULL)
    return;
  report = tl_doctor_to_json (self->doctor);
  text = json_to_string (report, TRUE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toast_overlay, tl_window_plain_toast (_("Report copied")));
  g_debug ("Doctor: report copied (%zu bytes)", strlen (text));
}

/* ---- life -------------------------------------------------------------------------- */

GtkWidget *
tl_doctor_window_new (TlApplication *application,
                      const char    *account_id,
                      GtkWindow     *parent)
{
  TlDoctorWindow *self;
  TlAccount *account;

  g_return_val_if_fail (TL_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  self = g_object_new (TL_TYPE_DOCTOR_WINDOW, "application", application, "transient-for", parent, NULL);
  self->application = application;
  self->account_id = g_strdup (account_id);
  account = find_account (self);
  if (account != NULL)
    {
      g_autofree char *title = tl_account_dup_title (account);

      adw_window_title_set_subtitle (self->window_title, title);
    }
  return GTK_WIDGET (self);
}

static gboolean
tl_doctor_window_close_request (GtkWindow *window)
{
  TlDoctorWindow *self = TL_DOCTOR_WINDOW (window);

  /* Closing stops the run; the doctor removes what it added. */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (tl_doctor_window_parent_class)->close_request (window);
}

static void
tl_doctor_window_dispose (GObject *object)
{
  TlDoctorWindow *self = TL_DOCTOR_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->doctor);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_DOCTOR_WINDOW);
  G_OBJECT_CLASS (tl_doctor_window_parent_class)->dispose (object);
}

static void
tl_doctor_window_finalize (GObject *object)
{
  TlDoctorWindow *self = TL_DOCTOR_WINDOW (object);

  g_free (self->account_id);
  G_OBJECT_CLASS (tl_doctor_window_parent_class)->finalize (object);
}

static void
tl_doctor_window_class_init (TlDoctorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tl_doctor_window_dispose;
  object_class->finalize = tl_doctor_window_finalize;
  window_class->close_request = tl_doctor_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/trunkline/Trunkline/doctor/tl-doctor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlDoctorWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlDoctorWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlDoctorWindow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, TlDoctorWindow, target_row);
  gtk_widget_class_bind_template_child (widget_class, TlDoctorWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, TlDoctorWindow, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, TlDoctorWindow, checks_list);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tl_doctor_window_init (TlDoctorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
