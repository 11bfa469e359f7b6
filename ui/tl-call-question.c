/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The question asked before a call someone might not mean. */
#define G_LOG_DOMAIN "tl-ui"

#include "config.h"

#include "tl-call-question.h"

#include <glib/gi18n.h>

GtkWidget *
tl_call_question_new (GtkWindow             *parent,
                      const char            *title,
                      const char            *heading,
                      const char            *body,
                      AdwResponseAppearance  call_appearance)
{
  /* AdwMessageDialog uses markup only when asked: heading and body stay plain. */
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  gtk_window_set_title (GTK_WINDOW (dialog), title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "call", _("Ca_ll"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "call", call_appearance);
  /* Enter alone must not dial: the safe answer is the default. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}
