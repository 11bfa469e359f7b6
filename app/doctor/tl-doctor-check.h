/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One check of the trunk doctor: what was checked, how it came out, the figure
 * measured and what to do about it. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TL_DOCTOR_RESULT_RUNNING,   /* not finished yet */
  TL_DOCTOR_RESULT_PASS,
  TL_DOCTOR_RESULT_WARN,      /* works, but something is weak or cannot be checked */
  TL_DOCTOR_RESULT_FAIL,
  TL_DOCTOR_RESULT_SKIP,      /* did not apply, or an earlier failure made it pointless */
} TlDoctorResult;

#define TL_TYPE_DOCTOR_CHECK (tl_doctor_check_get_type ())
G_DECLARE_FINAL_TYPE (TlDoctorCheck, tl_doctor_check, TL, DOCTOR_CHECK, GObject)

/* "pass", "warn", "fail", "skip", "running": stable names for scripts. */
const char     *tl_doctor_result_to_string   (TlDoctorResult  result);

/* @name is a stable id ("registration"), @title what a person reads ("Registration"). */
TlDoctorCheck  *tl_doctor_check_new          (const char     *name,
                                              const char     *title);
/* Ends the check: @summary says what was found ("Registered in 84 ms"), @advice
 * what to do (NULL when nothing is to be done). Notifies "result" last. */
void            tl_doctor_check_complete     (TlDoctorCheck  *self,
                                              TlDoctorResult  result,
                                              const char     *summary,
                                              const char     *advice);
/* The figure measured, as a number with its unit ("ms", "%", "kbit/s", "MOS")… */
void            tl_doctor_check_set_number   (TlDoctorCheck  *self,
                                              double          value,
                                              const char     *unit);
/* … or as text ("PCMU/8000/1", "203.0.113.5:5060"). */
void            tl_doctor_check_set_text     (TlDoctorCheck  *self,
                                              const char     *value,
                                              const char     *unit);

const char     *tl_doctor_check_get_name     (TlDoctorCheck  *self);
const char     *tl_doctor_check_get_title    (TlDoctorCheck  *self);
TlDoctorResult  tl_doctor_check_get_result   (TlDoctorCheck  *self);
gboolean        tl_doctor_check_has_number   (TlDoctorCheck  *self);
double          tl_doctor_check_get_number   (TlDoctorCheck  *self);
/* The figure as text (numbers formatted), or NULL when none was measured. */
char           *tl_doctor_check_dup_value_text (TlDoctorCheck *self);
const char     *tl_doctor_check_get_unit     (TlDoctorCheck  *self);
const char     *tl_doctor_check_get_summary  (TlDoctorCheck  *self);
const char     *tl_doctor_check_get_advice   (TlDoctorCheck  *self);
/* How long the check took, in ms (so far, while running). */
double          tl_doctor_check_get_elapsed_ms (TlDoctorCheck *self);

G_END_DECLS
