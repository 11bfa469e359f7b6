/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The question asked before a call someone might not mean (a number from a
 * link, one the toll-fraud guard flags): Cancel is the default and what Enter
 * and Escape give; only Call (Alt+L), response "call", dials. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* @title names the dialog for window lists and screen readers; @heading and
 * @body are plain text, never markup. */
GtkWidget *tl_call_question_new (GtkWindow             *parent,
                                 const char            *title,
                                 const char            *heading,
                                 const char            *body,
                                 AdwResponseAppearance  call_appearance);

G_END_DECLS
