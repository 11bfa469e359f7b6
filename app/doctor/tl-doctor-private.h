/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the doctor's files share: its state and the steps of a run. */
#pragma once

#include "tl-doctor.h"
#include "tl-echo-service.h"
#include "tl-registration.h"

G_BEGIN_DECLS

/* Where SIP goes: a proxy URI or the domain, split up. */
typedef struct {
  char    *host;
  guint16  port;          /* 0 when the URI gave none (then DNS SRV applies) */
  char    *transport;     /* "udp", "tcp", "tls" */
} TlDoctorTarget;

struct _TlDoctor {
  GObject          parent_instance;

  TlEngine        *engine;
  TlAccount       *account;
  char            *password;
  TlCallManager   *calls;
  char            *echo_target;
  char            *stun_server;
  guint            timeout_ms;
  guint            call_seconds;
  GListStore      *checks;
  TlDoctorResult   result;
  gint64           started_us;
  gint64           ended_us;

  /* one run */
  GTask           *task;
  GCancellable    *cancellable;       /* cancelled when the run ends or the caller cancels */
  gulong           cancel_handler;
  guint            step;
  guint            step_idle;
  guint            step_timer;
  TlDoctorCheck   *current;
  guint            pending;           /* async operations the current step waits for */
  TlRegistration  *live_registration; /* the phone's own, when given: reported, never stopped */
  TlRegistration  *registration;
  gboolean         owns_registration;
  gboolean         registered;        /* or ready without REGISTER */
  gboolean         tls_failed;
  gboolean         use_fallback;      /* the primary edge is down and the fallback answers */

  /* the test call */
  TlCallManager   *own_calls;
  TlEchoService   *echo;
  TlAccount       *demo_account;
  char            *call_aor;
  TlCall          *call;
  guint            call_timer;
  gulong           event_handler;
  gint64           established_us;
  gint64           rtcp_tx_sent;      /* packets we sent, at the last report */
  gint64           rtcp_rx_sent;      /* packets received, at the last report */
  gint64           rtcp_at_us;        /* when that report came; 0 for none */
  guint            rtcp_reports;
};

void     tl_doctor_target_clear        (TlDoctorTarget *target);
/* @uri NULL: the account's domain. FALSE when it cannot be understood. */
gboolean tl_doctor_target_parse        (TlDoctor       *self,
                                        const char     *uri,
                                        TlDoctorTarget *target);

/* Starts the check of the current step (appended to the list). */
TlDoctorCheck *tl_doctor_begin_check   (TlDoctor       *self,
                                        const char     *name,
                                        const char     *title);
/* Completes @check (when still running) and folds its result into the total. */
void     tl_doctor_complete            (TlDoctor       *self,
                                        TlDoctorCheck  *check,
                                        TlDoctorResult  result,
                                        const char     *summary,
                                        const char     *advice);
/* A check that does not apply: completed as SKIP at once. */
void     tl_doctor_skip                (TlDoctor       *self,
                                        const char     *name,
                                        const char     *title,
                                        const char     *why);
/* The current step is over: the next one starts from an idle. */
void     tl_doctor_next_step           (TlDoctor       *self);

/* The test call and the checks that come from it (tl-doctor-call.c). */
void     tl_doctor_step_call           (TlDoctor       *self);
/* Ends the test call and everything it started (at the end of a run). */
void     tl_doctor_call_cleanup        (TlDoctor       *self);

G_END_DECLS
