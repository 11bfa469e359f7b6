/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trunk doctor: checks one account end to end (names, reachability,
 * registration, transport security, NAT, a test call and its quality) and
 * reports each check as pass, warn or fail with the figure measured and
 * advice a person can act on.
 *
 * Use from a window: create it with the running engine and the account, set
 * the call manager the window already uses (so the test call is not tracked
 * twice), bind a list to tl_doctor_get_checks() (each TlDoctorCheck notifies
 * "result" when it ends), then tl_doctor_run_async(). Cancel the GCancellable
 * to stop; everything the run added (registration, test call, demo engine) is
 * removed before it returns. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tl-account.h"
#include "tl-call-manager.h"
#include "tl-doctor-check.h"
#include "tl-engine.h"
#include "tl-registration.h"

G_BEGIN_DECLS

/* What tl_doctor_set_echo_target() takes to call the built-in echo service. */
#define TL_DOCTOR_TARGET_DEMO "demo"

#define TL_TYPE_DOCTOR (tl_doctor_get_type ())
G_DECLARE_FINAL_TYPE (TlDoctor, tl_doctor, TL, DOCTOR, GObject)

/* @password may be NULL for IP-authenticated trunks; it is copied and scrubbed after the run. */
TlDoctor       *tl_doctor_new                (TlEngine       *engine,
                                              TlAccount      *account,
                                              const char     *password);
/* The manager that places the test call (NULL: the doctor makes its own, which
 * keeps no history). */
void            tl_doctor_set_call_manager   (TlDoctor       *self,
                                              TlCallManager  *calls);
/* The phone's own registration of this account, when the phone runs it on the
 * same engine: the doctor reports its state instead of registering a second
 * time (adding and removing the same account would unregister the phone). */
void            tl_doctor_set_registration   (TlDoctor       *self,
                                              TlRegistration *registration);
/* Whom to call for the test call: a number (through the account's dial plan),
 * a SIP URI, or TL_DOCTOR_TARGET_DEMO. NULL (the default): no test call. */
void            tl_doctor_set_echo_target    (TlDoctor       *self,
                                              const char     *target);
/* "host[:port]" or "stun:host[:port]" for the NAT check; NULL: the account's
 * STUN server, and without one the check is skipped. */
void            tl_doctor_set_stun_server    (TlDoctor       *self,
                                              const char     *server);
/* The bound on each network check (default 10 s); the test call adds its own
 * connect time (up to twice this) and talk time. */
void            tl_doctor_set_timeout        (TlDoctor       *self,
                                              guint           seconds);
/* How long the test call stays up once answered (default 8 s: RTCP reports
 * come about every 5 s and loss, jitter and round trip need one). */
void            tl_doctor_set_call_seconds   (TlDoctor       *self,
                                              guint           seconds);

/* Runs every check, one after the other. Fails only when the run itself could
 * not go on (cancelled, no engine); failed checks are results. */
void            tl_doctor_run_async          (TlDoctor            *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean        tl_doctor_run_finish         (TlDoctor            *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* TlDoctorCheck items in the order they started; one is appended as each
 * check begins (its result RUNNING until it ends). */
GListModel     *tl_doctor_get_checks         (TlDoctor       *self);
/* The check named @name ("registration"), or NULL. */
TlDoctorCheck  *tl_doctor_find_check         (TlDoctor       *self,
                                              const char     *name);
/* The worst result so far (PASS when all passed or were skipped). */
TlDoctorResult  tl_doctor_get_result         (TlDoctor       *self);
/* How long the whole run took, in ms. */
double          tl_doctor_get_elapsed_ms     (TlDoctor       *self);

/* {"result": "...", "elapsed_ms": N, "checks": [{"name", "result", "value",
 * "unit", "advice", "summary", "elapsed_ms"}…]}: value is a number when one
 * was measured, else text or null. */
JsonNode       *tl_doctor_to_json            (TlDoctor       *self);

G_END_DECLS
