/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Test This Trunk": the trunk doctor's checks for one account, each with its
 * result, the figure it measured and what to do, and a report to copy for the
 * provider. */
#pragma once

#include <adwaita.h>

#include "tl-application.h"

G_BEGIN_DECLS

#define TL_TYPE_DOCTOR_WINDOW (tl_doctor_window_get_type ())
G_DECLARE_FINAL_TYPE (TlDoctorWindow, tl_doctor_window, TL, DOCTOR_WINDOW, AdwWindow)

/* For the account @account_id; the test starts from its button. */
GtkWidget *tl_doctor_window_new   (TlApplication *application,
                                   const char    *account_id,
                                   GtkWindow     *parent);

G_END_DECLS
