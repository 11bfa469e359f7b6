/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a link given to Trunkline does: the number in the dial pad, and a confirmation before anything is dialled. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-link-handler.h"

#include <glib/gi18n.h>

#include "tl-call-link.h"
#include "tl-call-question.h"
#include "tl-number-format.h"
#include "tl-window.h"

/* An extension is sent once the far end has had a moment to start its menu. */
#define EXTENSION_DELAY_MS 1500

struct _TlLinkHandler {
  GObject        parent_instance;

  TlApplication *application;   /* not a reference: it owns us */
  GtkWidget     *dialog;        /* the confirmation on screen, if any */
  GtkWidget     *refusal;       /* why the last link was not called, while shown */
  TlCallLink    *pending;       /* what it would dial */
  char          *account_id;    /* from which line */
};

G_DEFINE_FINAL_TYPE (TlLinkHandler, tl_link_handler, G_TYPE_OBJECT)

/* ---- the extension, once answered ------------------------------------------------- */

typedef struct {
  TlCallManager *calls;
  TlCall        *call;
  char          *digits;
} Extension;

static void
extension_free (Extension *extension)
{
  g_clear_object (&extension->calls);
  g_clear_object (&extension->call);
  g_free (extension->digits);
  g_free (extension);
}

static void
extension_sent_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_call_manager_action_finish (TL_CALL_MANAGER (source), result, &error))
    g_debug ("Link: the extension was not sent: %s", error->message);
  else
    g_debug ("Link: extension sent");
}

static gboolean
send_extension_cb (gpointer user_data)
{
  Extension *extension = user_data;

  if (tl_call_get_state (extension->call) == TL_CALL_STATE_ESTABLISHED)
    tl_call_manager_action_async (extension->calls, extension->call, TL_CALL_ACTION_DTMF, extension->digits, NULL,
                                  extension_sent_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
call_state_cb (TlCall     *call,
               GParamSpec *pspec,
               Extension  *extension)
{
  TlCallState state = tl_call_get_state (call);

  if (state != TL_CALL_STATE_ESTABLISHED && tl_call_is_live (call))
    return;
  g_signal_handlers_disconnect_by_data (call, extension);
  if (state == TL_CALL_STATE_ESTABLISHED)
    g_timeout_add_full (G_PRIORITY_DEFAULT, EXTENSION_DELAY_MS, send_extension_cb, extension,
                        (GDestroyNotify) extension_free);
  else
    extension_free (extension);
}

/* ---- confirming ------------------------------------------------------------------- */

/* Every way a link ends without a call: a dialog, since the reason is the point
 * and a toast is too narrow for it on a phone. */
static void
say (TlLinkHandler *self,
     const char    *reason)
{
  TlWindow *window = tl_application_get_main_window (self->application);
  g_autofree char *body = g_strdup_printf ("%s\n\n%s", reason, _("Nothing was dialled."));

  g_debug ("Link refused: %s", reason);
  if (self->refusal != NULL)
    gtk_window_destroy (GTK_WINDOW (self->refusal));
  gtk_window_present (GTK_WINDOW (window));
  /* Plain text: the reason may quote the link. */
  self->refusal = adw_message_dialog_new (GTK_WINDOW (window), _("Link Not Called"), body);
  gtk_window_set_title (GTK_WINDOW (self->refusal), _("Link Not Called"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self->refusal), "close", _("_Close"));
  g_object_add_weak_pointer (G_OBJECT (self->refusal), (gpointer *) &self->refusal);
  gtk_window_present (GTK_WINDOW (self->refusal));
}

static void
forget (TlLinkHandler *self)
{
  g_clear_pointer (&self->pending, tl_call_link_free);
  g_clear_pointer (&self->account_id, g_free);
  self->dialog = NULL;
}

static void
dial (TlLinkHandler *self)
{
  g_autoptr(GError) error = NULL;
  TlCall *call = tl_application_dial (self->application, self->account_id, self->pending->target, &error);

  if (call == NULL)
    {
      say (self, error->message);
      return;
    }
  g_debug ("Link: dialled");
  if (self->pending->extension != NULL)
    {
      Extension *extension = g_new0 (Extension, 1);

      extension->calls = g_object_ref (tl_application_get_calls (self->application));
      extension->call = g_object_ref (call);
      extension->digits = g_strdup (self->pending->extension);
      g_signal_connect (call, "notify::state", G_CALLBACK (call_state_cb), extension);
    }
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             TlLinkHandler    *self)
{
  if (self->dialog != GTK_WIDGET (dialog))
    return;
  if (g_strcmp0 (response, "call") == 0)
    dial (self);
  else
    g_debug ("Link: not called");
  forget (self);
}

static void
confirm (TlLinkHandler *self,
         TlLine        *line)
{
  TlAccount *account = tl_line_get_account (line);
  TlWindow *window = tl_application_get_main_window (self->application);
  g_autofree char *uri = tl_account_preview_dial (account, self->pending->target);
  g_autofree char *shown = NULL;
  g_autofree char *heading = NULL;
  g_autoptr(GString) body = g_string_new (NULL);

  if (uri == NULL)
    {
      say (self, _("The number cannot be dialled from this line."));
      forget (self);
      return;
    }
  shown = self->pending->is_number ? tl_number_format_as_typed (self->pending->target,
                                                                tl_account_get_country_code (account))
                                   : g_strdup (self->pending->target);
  heading = g_strdup_printf (_("Call %s?"), shown);
  g_string_append_printf (body, _("The call goes to %s from %s."), uri, tl_line_get_title (line));
  if (self->pending->extension != NULL)
    g_string_append_printf (body, _(" Then the extension %s is sent as key tones."), self->pending->extension);
  g_string_append (body, _("\n\nThe number came from a link: call only if it is the one you meant."));

  self->dialog = tl_call_question_new (GTK_WINDOW (window), _("Call from a Link"), heading, body->str,
                                      ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (response_cb), self, 0);
  g_debug ("Link confirmation: %s from %s", uri, tl_line_get_title (line));
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (self->dialog));
}

void
tl_link_handler_open (TlLinkHandler *self,
                      const char    *uri)
{
  g_autoptr(GError) error = NULL;
  TlCallLink *link;
  TlLine *line;
  TlWindow *window;

  g_return_if_fail (TL_IS_LINK_HANDLER (self));

  /* A newer link replaces a question or an answer still open. */
  if (self->refusal != NULL)
    gtk_window_destroy (GTK_WINDOW (self->refusal));
  if (self->dialog != NULL)
    {
      GtkWidget *old = self->dialog;

      forget (self);
      gtk_window_destroy (GTK_WINDOW (old));
    }
  link = tl_call_link_parse (uri, &error);
  if (link == NULL)
    {
      say (self, error->message);
      return;
    }
  self->pending = link;
  window = tl_application_get_main_window (self->application);
  tl_window_show_dialpad (window, link->target);
  line = tl_lines_pick_for_call (tl_application_get_lines (self->application), NULL);
  if (line == NULL)
    {
      g_autofree char *why = tl_lines_dup_why_no_calls (tl_application_get_lines (self->application));
      g_autofree char *message = g_strdup_printf (_("The number is in the dial pad, but no line can call now: %s"), why);

      say (self, message);
      forget (self);
      return;
    }
  self->account_id = g_strdup (tl_account_get_id (tl_line_get_account (line)));
  confirm (self, line);
}

TlLinkHandler *
tl_link_handler_new (TlApplication *application)
{
  TlLinkHandler *self = g_object_new (TL_TYPE_LINK_HANDLER, NULL);

  self->application = application;
  return self;
}

static void
tl_link_handler_dispose (GObject *object)
{
  TlLinkHandler *self = TL_LINK_HANDLER (object);

  forget (self);
  if (self->refusal != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->refusal), (gpointer *) &self->refusal);
  self->refusal = NULL;
  G_OBJECT_CLASS (tl_link_handler_parent_class)->dispose (object);
}

static void
tl_link_handler_class_init (TlLinkHandlerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tl_link_handler_dispose;
}

static void
tl_link_handler_init (TlLinkHandler *self)
{
}
