/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Adding a trunk account: the provider's details, a test registration, then saving. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-account-assistant.h"

#include <glib/gi18n.h>

#include <string.h>

#include "tl-account-form.h"
#include "tl-account-trial.h"
#include "tl-secret.h"
#include "tl-window.h"

struct _TlAccountAssistant {
  AdwWindow             parent_instance;

  TlApplication        *application;   /* not a reference: it outlives its windows */
  TlAccount            *draft;
  TlAccountForm        *form;
  GCancellable         *cancellable;   /* the trial or the save under way */
  TlAccountTrialResult *result;

  AdwBin               *form_bin;
  GtkStack             *stack;
  GtkWidget            *cancel_button;
  GtkWidget            *test_button;
  GtkSpinner           *spinner;
  GtkLabel             *testing_label;
  AdwStatusPage        *result_page;
  GtkLabel             *result_reason;
  GtkLabel             *result_detail;
  GtkWidget            *trust_box;
  GtkLabel             *trust_label;
  GtkLabel             *fingerprint_label;
  GtkWidget            *save_button;
  GtkWidget            *back_button;
  GtkWidget            *save_anyway_button;
};

G_DEFINE_FINAL_TYPE (TlAccountAssistant, tl_account_assistant, ADW_TYPE_WINDOW)

static void
show_page (TlAccountAssistant *self,
           const char         *name)
{
  gboolean form = g_strcmp0 (name, "form") == 0;

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->test_button, form);
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (name, "testing") == 0);
  g_debug ("Assistant shows %s", name);
}

static void
update_test_button (TlAccountAssistant *self)
{
  gtk_widget_set_sensitive (self->test_button, tl_account_form_get_valid (self->form));
}

/* ---- the outcome ------------------------------------------------------------------ */

static const char *
failure_title (TlRegisterFailure failure)
{
  switch (failure)
    {
    case TL_REGISTER_FAILURE_AUTH: return _("Wrong User or Password");
    case TL_REGISTER_FAILURE_TIMEOUT:
    case TL_REGISTER_FAILURE_UNREACHABLE: return _("Trunk Unreachable");
    case TL_REGISTER_FAILURE_DNS: return _("Domain Not Found");
    case TL_REGISTER_FAILURE_TLS: return _("Certificate Problem");
    case TL_REGISTER_FAILURE_FORBIDDEN: return _("Account Refused");
    case TL_REGISTER_FAILURE_OTHER:
    default: return _("Registration Failed");
    }
}

static void
show_result (TlAccountAssistant *self)
{
  TlAccountTrialResult *result = self->result;
  gboolean trust = tl_account_trial_result_can_trust (result);
  g_autofree char *detail = NULL;

  adw_status_page_set_icon_name (self->result_page, result->ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  adw_status_page_set_title (self->result_page, result->ok ? _("The Trunk Works") : failure_title (result->failure));
  /* Plain labels: what the trunk said can hold anything. */
  gtk_label_set_text (self->result_reason, result->reason != NULL ? result->reason : "");
  if (result->detail != NULL && result->certificate != NULL)
    detail = g_strdup_printf ("%s\n%s", result->detail, result->certificate);
  else
    detail = g_strdup (result->detail != NULL ? result->detail : result->certificate);
  gtk_label_set_text (self->result_detail, detail != NULL ? detail : "");
  /* A certificate to trust: its fingerprint is shown below, with the question. */
  gtk_widget_set_visible (GTK_WIDGET (self->result_detail), detail != NULL && !trust);

  gtk_widget_set_visible (self->trust_box, trust);
  if (trust)
    {
      g_autofree char *question = NULL;

      if (result->tls->result == TL_TLS_CHECK_PIN_CHANGED)
        question = g_strdup (_("The trunk's certificate changed since you trusted it. Trust the new one only "
                               "if your provider said it changed."));
      else if (result->tls->subject != NULL)
        question = g_strdup_printf (_("No authority vouches for the trunk's certificate for %s. Trust it only if "
                                      "this fingerprint is the one your provider gives:"),
                                    result->tls->subject);
      else
        question = g_strdup (_("No authority vouches for the trunk's certificate. Trust it only if this "
                               "fingerprint is the one your provider gives:"));
      gtk_label_set_text (self->trust_label, question);
      /* 32 pairs: two lines of 16, as certificate viewers show them. */
      if (strlen (result->tls->fingerprint) == 95)
        {
          g_autofree char *lines = g_strdup_printf ("%.47s\n%s", result->tls->fingerprint,
                                                    result->tls->fingerprint + 48);

          gtk_label_set_text (self->fingerprint_label, lines);
        }
      else
        gtk_label_set_text (self->fingerprint_label, result->tls->fingerprint);
    }
  gtk_widget_set_visible (self->save_button, result->ok);
  gtk_widget_set_visible (self->save_anyway_button, !result->ok);
  g_debug ("Assistant result: %s: %s", result->ok ? "ok" : tl_register_failure_to_string (result->failure),
           result->reason != NULL ? result->reason : "");
  show_page (self, "result");
  gtk_widget_grab_focus (result->ok ? self->save_button : self->back_button);
  gtk_label_select_region (self->fingerprint_label, 0, 0);
}

static void
trial_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  TlAccountAssistant *self = user_data;
  g_autoptr(GError) error = NULL;
  TlAccountTrialResult *result = tl_account_trial_run_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->result, tl_account_trial_result_free);
  if (result == NULL)
    {
      /* The trial could not even start: that is a result too. */
      result = g_new0 (TlAccountTrialResult, 1);
      result->failure = TL_REGISTER_FAILURE_OTHER;
      result->reason = g_strdup (error->message);
    }
  self->result = result;
  show_result (self);
  g_object_unref (self);
}

/* ---- testing ---------------------------------------------------------------------- */

/* Someone adding the account they already have would get a second line that
 * fights the first over one registration. */
static gboolean
already_set_up (TlAccountAssistant *self)
{
  GListModel *accounts = G_LIST_MODEL (tl_application_get_accounts (self->application));

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(TlAccount) other = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (tl_account_get_user (other), tl_account_get_user (self->draft)) == 0
          && g_ascii_strcasecmp (tl_account_get_domain (other), tl_account_get_domain (self->draft)) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
run_trial (TlAccountAssistant *self)
{
  g_autofree char *what = NULL;

  if (already_set_up (self))
    {
      tl_account_form_set_error (self->form, "user", _("This account is already set up"));
      return;
    }
  if (!tl_account_form_validate (self->form))
    return;
  what = g_strdup_printf (tl_account_get_mode (self->draft) == TL_ACCOUNT_MODE_IP_AUTH
                          ? _("Asking %s whether it answers…") : _("Registering with %s…"),
                          tl_account_get_outbound_proxy (self->draft) != NULL
                          ? tl_account_get_outbound_proxy (self->draft) : tl_account_get_domain (self->draft));
  gtk_label_set_text (self->testing_label, what);
  show_page (self, "testing");
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tl_account_trial_run_async (tl_application_get_engine (self->application), self->draft,
                              tl_account_form_get_password (self->form), self->cancellable, trial_cb,
                              g_object_ref (self));
}

static void
test_clicked_cb (TlAccountAssistant *self)
{
  run_trial (self);
}

static void
form_submit_cb (TlAccountAssistant *self)
{
  if (gtk_widget_get_sensitive (self->test_button))
    run_trial (self);
  else
    tl_account_form_validate (self->form);
}

static void
trust_clicked_cb (TlAccountAssistant *self)
{
  g_return_if_fail (self->result != NULL && self->result->tls != NULL);

  tl_account_set_pinned_certificate (self->draft, self->result->tls->fingerprint);
  g_debug ("Assistant: trusting the certificate the trunk showed");
  run_trial (self);
}

static void
back_clicked_cb (TlAccountAssistant *self)
{
  show_page (self, "form");
  tl_account_form_validate (self->form);
}

static void
cancel_clicked_cb (TlAccountAssistant *self)
{
  /* While testing, Cancel stops the test; otherwise it closes. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "testing") == 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      show_page (self, "form");
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  cancel_clicked_cb (TL_ACCOUNT_ASSISTANT (widget));
  return TRUE;
}

/* ---- saving ------------------------------------------------------------------------ */

static void
save_failed (TlAccountAssistant *self,
             const char         *what,
             GError             *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  /* Nothing is lost: the details stay in the form to try again. */
  adw_status_page_set_icon_name (self->result_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->result_page, _("Not Saved"));
  gtk_label_set_text (self->result_reason, message);
  gtk_widget_set_visible (GTK_WIDGET (self->result_detail), FALSE);
  gtk_widget_set_visible (self->trust_box, FALSE);
  gtk_widget_set_sensitive (self->save_button, TRUE);
  gtk_widget_set_sensitive (self->save_anyway_button, TRUE);
  g_debug ("Assistant could not save: %s", message);
  show_page (self, "result");
}

static void
add_account (TlAccountAssistant *self)
{
  TlAccountStore *store = tl_application_get_accounts (self->application);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = tl_account_dup_title (self->draft);
  g_autofree char *message = NULL;

  if (!tl_account_store_add (store, self->draft, &error))
    {
      save_failed (self, _("The account could not be saved"), error);
      return;
    }
  tl_account_form_forget_password (self->form);
  g_debug ("Assistant saved account %s", tl_account_get_id (self->draft));
  if (tl_account_get_mode (self->draft) != TL_ACCOUNT_MODE_IP_AUTH && !tl_secret_is_persistent ())
    {
      message = g_strdup_printf (_("%s added. No keyring is running: its password is kept only until "
                                   "Trunkline quits."), title);
      if (TL_IS_WINDOW (parent))
        tl_window_show_message (TL_WINDOW (parent), message, TRUE);
    }
  else if (TL_IS_WINDOW (parent))
    {
      /* The end of the first minute: one click to the trunk doctor. */
      message = g_strdup_printf (_("%s added"), title);
      tl_window_show_message_with_action (TL_WINDOW (parent), message, _("_Test"), "app.test-account",
                                          tl_account_get_id (self->draft));
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  TlAccountAssistant *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_secret_store_password_finish (res, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        save_failed (self, _("The password could not be stored"), error);
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->cancellable);
  add_account (self);
  g_object_unref (self);
}

static void
save_clicked_cb (TlAccountAssistant *self)
{
  const char *password = tl_account_form_get_password (self->form);
  g_autofree char *label = NULL;

  gtk_widget_set_sensitive (self->save_button, FALSE);
  gtk_widget_set_sensitive (self->save_anyway_button, FALSE);
  if (password == NULL)
    {
      add_account (self);
      return;
    }
  /* The password first: the line looks for it as soon as the account appears. */
  label = tl_account_dup_secret_label (self->draft);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tl_secret_store_password_async (tl_account_get_id (self->draft), label, password, self->cancellable,
                                  password_stored_cb, g_object_ref (self));
}

/* ---- life ---------------------------------------------------------------------------- */

GtkWidget *
tl_account_assistant_new (TlApplication *application,
                          GtkWindow     *parent)
{
  TlAccountAssistant *self = g_object_new (TL_TYPE_ACCOUNT_ASSISTANT, "application", application,
                                           "transient-for", parent, NULL);

  self->application = application;
  self->draft = tl_account_new ();
  self->form = TL_ACCOUNT_FORM (tl_account_form_new (TL_ACCOUNT_FORM_ASSISTANT, self->draft, FALSE));
  adw_bin_set_child (self->form_bin, GTK_WIDGET (self->form));
  g_signal_connect_object (self->form, "notify::valid", G_CALLBACK (update_test_button), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->form, "submit", G_CALLBACK (form_submit_cb), self, G_CONNECT_SWAPPED);
  update_test_button (self);
  show_page (self, "form");
  tl_account_form_focus_first (self->form);
  return GTK_WIDGET (self);
}

static void
tl_account_assistant_dispose (GObject *object)
{
  TlAccountAssistant *self = TL_ACCOUNT_ASSISTANT (object);

  /* Closed while testing: the trial ends and removes its registration. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->result, tl_account_trial_result_free);
  g_clear_object (&self->draft);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_ACCOUNT_ASSISTANT);
  G_OBJECT_CLASS (tl_account_assistant_parent_class)->dispose (object);
}

static void
tl_account_assistant_class_init (TlAccountAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_account_assistant_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/trunkline/Trunkline/assistant/tl-account-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, form_bin);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, test_button);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, testing_label);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, result_page);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, result_reason);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, result_detail);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, trust_box);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, trust_label);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, save_button);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, back_button);
  gtk_widget_class_bind_template_child (widget_class, TlAccountAssistant, save_anyway_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, trust_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  /* Escape closes, as in any dialog (or stops a test under way). */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
tl_account_assistant_init (TlAccountAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
