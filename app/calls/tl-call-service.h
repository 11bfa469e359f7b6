/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The live calls of a running phone, offered on the user's message bus so that
 * `trunkline-cli hangup|hold|resume|dtmf|transfer` can act on them. */
#pragma once

#include <gio/gio.h>

#include "tl-call-manager.h"

G_BEGIN_DECLS

/* Under the application id, so a sandbox lets the app own it. */
#define TL_CALL_SERVICE_BUS_NAME    "org.trunkline.Trunkline.Calls"
#define TL_CALL_SERVICE_OBJECT_PATH "/org/trunkline/Trunkline/Calls"
#define TL_CALL_SERVICE_INTERFACE   "org.trunkline.Trunkline.Calls1"
/* Error names a client can tell apart. */
#define TL_CALL_SERVICE_ERROR_NO_CALL   "org.trunkline.Trunkline.Error.NoCall"
#define TL_CALL_SERVICE_ERROR_AMBIGUOUS "org.trunkline.Trunkline.Error.Ambiguous"
#define TL_CALL_SERVICE_ERROR_INVALID   "org.trunkline.Trunkline.Error.InvalidArgument"
#define TL_CALL_SERVICE_ERROR_FAILED    "org.trunkline.Trunkline.Error.Failed"
#define TL_CALL_SERVICE_ERROR_NOT_SUPPORTED "org.trunkline.Trunkline.Error.NotSupported"

#define TL_TYPE_CALL_SERVICE (tl_call_service_get_type ())
G_DECLARE_FINAL_TYPE (TlCallService, tl_call_service, TL, CALL_SERVICE, GObject)

TlCallService *tl_call_service_new           (TlCallManager        *calls);
/* Exports the calls on @connection and asks for the bus name. When another phone
 * already has it, this one waits in line and takes over when that one ends. */
gboolean       tl_call_service_export        (TlCallService        *self,
                                              GDBusConnection      *connection,
                                              GError              **error);
void           tl_call_service_unexport      (TlCallService        *self);
/* For a process without a bus connection of its own (the command-line phone):
 * a service exported on the user's session bus, or NULL when there is none to
 * reach without starting one (then other commands cannot reach these calls). */
TlCallService *tl_call_service_new_on_session_bus (TlCallManager   *calls);
/* TRUE while this process answers under the bus name. */
gboolean       tl_call_service_is_serving    (TlCallService        *self);

G_END_DECLS
