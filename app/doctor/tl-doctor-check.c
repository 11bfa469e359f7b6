/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One check of the trunk doctor and its outcome. */
#define G_LOG_DOMAIN "tl-doctor"

#include "config.h"

#include "tl-doctor-check.h"

#include <math.h>

struct _TlDoctorCheck {
  GObject         parent_instance;

  char           *name;
  char           *title;
  TlDoctorResult  result;
  gboolean        has_number;
  double          number;
  char           *text;
  char           *unit;
  char           *summary;
  char           *advice;
  gint64          started_us;
  gint64          ended_us;
};

G_DEFINE_FINAL_TYPE (TlDoctorCheck, tl_doctor_check, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_TITLE,
  PROP_RESULT,
  PROP_SUMMARY,
  PROP_ADVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
tl_doctor_result_to_string (TlDoctorResult result)
{
  switch (result)
    {
    case TL_DOCTOR_RESULT_PASS: return "pass";
    case TL_DOCTOR_RESULT_WARN: return "warn";
    case TL_DOCTOR_RESULT_FAIL: return "fail";
    case TL_DOCTOR_RESULT_SKIP: return "skip";
    case TL_DOCTOR_RESULT_RUNNING:
    default: return "running";
    }
}

TlDoctorCheck *
tl_doctor_check_new (const char *name,
                     const char *title)
{
  TlDoctorCheck *self = g_object_new (TL_TYPE_DOCTOR_CHECK, NULL);

  self->name = g_strdup (name);
  self->title = g_strdup (title);
  self->started_us = g_get_monotonic_time ();
  return self;
}

void
tl_doctor_check_complete (TlDoctorCheck  *self,
                          TlDoctorResult  result,
                          const char     *summary,
                          const char     *advice)
{
  g_return_if_fail (TL_IS_DOCTOR_CHECK (self));
  g_return_if_fail (result != TL_DOCTOR_RESULT_RUNNING);

  if (self->result != TL_DOCTOR_RESULT_RUNNING)
    return;
  self->ended_us = g_get_monotonic_time ();
  g_free (self->summary);
  self->summary = g_strdup (summary);
  g_free (self->advice);
  self->advice = g_strdup (advice);
  self->result = result;
  g_debug ("%s: %s — %s", self->name, tl_doctor_result_to_string (result), summary != NULL ? summary : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADVICE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}

void
tl_doctor_check_set_number (TlDoctorCheck *self,
                            double         value,
                            const char    *unit)
{
  g_return_if_fail (TL_IS_DOCTOR_CHECK (self));

  self->has_number = isfinite (value);
  self->number = value;
  g_clear_pointer (&self->text, g_free);
  g_free (self->unit);
  self->unit = g_strdup (unit);
}

void
tl_doctor_check_set_text (TlDoctorCheck *self,
                          const char    *value,
                          const char    *unit)
{
  g_return_if_fail (TL_IS_DOCTOR_CHECK (self));

  self->has_number = FALSE;
  g_free (self->text);
  self->text = g_strdup (value);
  g_free (self->unit);
  self->unit = g_strdup (unit);
}

const char *tl_doctor_check_get_name (TlDoctorCheck *self) { return self->name; }
const char *tl_doctor_check_get_title (TlDoctorCheck *self) { return self->title; }
TlDoctorResult tl_doctor_check_get_result (TlDoctorCheck *self) { return self->result; }
gboolean tl_doctor_check_has_number (TlDoctorCheck *self) { return self->has_number; }
double tl_doctor_check_get_number (TlDoctorCheck *self) { return self->has_number ? self->number : NAN; }
const char *tl_doctor_check_get_unit (TlDoctorCheck *self) { return self->unit; }
const char *tl_doctor_check_get_summary (TlDoctorCheck *self) { return self->summary; }
const char *tl_doctor_check_get_advice (TlDoctorCheck *self) { return self->advice; }

char *
tl_doctor_check_dup_value_text (TlDoctorCheck *self)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (TL_IS_DOCTOR_CHECK (self), NULL);

  if (self->has_number)
    {
      /* Whole numbers as such; figures such as MOS or loss with two decimals. */
      if (self->number == floor (self->number) && fabs (self->number) < 1e15)
        return g_strdup_printf ("%.0f", self->number);
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", self->number));
    }
  return g_strdup (self->text);
}

double
tl_doctor_check_get_elapsed_ms (TlDoctorCheck *self)
{
  gint64 end = self->ended_us != 0 ? self->ended_us : g_get_monotonic_time ();

  return (double) (end - self->started_us) / 1000.0;
}

static void
tl_doctor_check_finalize (GObject *object)
{
  TlDoctorCheck *self = TL_DOCTOR_CHECK (object);

  g_free (self->name);
  g_free (self->title);
  g_free (self->text);
  g_free (self->unit);
  g_free (self->summary);
  g_free (self->advice);
  G_OBJECT_CLASS (tl_doctor_check_parent_class)->finalize (object);
}

static void
tl_doctor_check_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TlDoctorCheck *self = TL_DOCTOR_CHECK (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_RESULT:
      g_value_set_int (value, self->result);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_ADVICE:
      g_value_set_string (value, self->advice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_doctor_check_class_init (TlDoctorCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_doctor_check_finalize;
  object_class->get_property = tl_doctor_check_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* A TlDoctorResult; RUNNING until the check ends, then notified once. */
  properties[PROP_RESULT] =
    g_param_spec_int ("result", NULL, NULL, TL_DOCTOR_RESULT_RUNNING, TL_DOCTOR_RESULT_SKIP,
                      TL_DOCTOR_RESULT_RUNNING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADVICE] =
    g_param_spec_string ("advice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_doctor_check_init (TlDoctorCheck *self)
{
  self->result = TL_DOCTOR_RESULT_RUNNING;
}
