/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Account passwords in the Secret Service (GNOME Keyring, KWallet, the portal) through libsecret. */
#define G_LOG_DOMAIN "tl-platform"

#include "config.h"

#include "tl-secret.h"
#include "tl-secret-private.h"

#include <libsecret/secret.h>

typedef enum {
  BACKEND_UNKNOWN,
  BACKEND_SERVICE,
  BACKEND_MEMORY,
} Backend;

typedef enum {
  OP_PROBE,
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} Operation;

typedef struct {
  Operation  op;
  char      *account_id;
  char      *label;
  char      *password;
} SecretJob;

/* Decided once per process: a session without a secret service will not grow one. */
static Backend backend = BACKEND_UNKNOWN;

static const SecretSchema account_schema = {
  "org.trunkline.Trunkline.Account", SECRET_SCHEMA_NONE,
  {
    { "account-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static void
secret_job_free (SecretJob *job)
{
  g_free (job->account_id);
  g_free (job->label);
  tl_secret_free_password (job->password);
  g_free (job);
}

gboolean
tl_secret_is_persistent (void)
{
  return backend == BACKEND_SERVICE;
}

/* Runs the job against the in-memory store; a store there is reported so the app
 * can say that the password ends with the process. */
static void
run_in_memory (GTask     *task,
               SecretJob *job)
{
  switch (job->op)
    {
    case OP_PROBE:
      g_task_return_boolean (task, FALSE);
      break;
    case OP_STORE:
      tl_secret_memory_store (job->account_id, job->password);
      g_task_return_boolean (task, TRUE);
      break;
    case OP_LOOKUP:
      g_task_return_pointer (task, tl_secret_memory_lookup (job->account_id),
                             (GDestroyNotify) tl_secret_free_password);
      break;
    case OP_CLEAR:
      tl_secret_memory_clear (job->account_id);
      g_task_return_boolean (task, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) tl_secret_free_password);
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_on_service (GTask     *task,
                SecretJob *job)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (job->op)
    {
    case OP_PROBE:
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      break;
    case OP_STORE:
      secret_password_store (&account_schema, SECRET_COLLECTION_DEFAULT, job->label, job->password,
                             cancellable, stored_cb, task, "account-id", job->account_id, NULL);
      break;
    case OP_LOOKUP:
      secret_password_lookup (&account_schema, cancellable, looked_up_cb, task,
                              "account-id", job->account_id, NULL);
      break;
    case OP_CLEAR:
      /* A copy may sit in memory from a time without a service. */
      tl_secret_memory_clear (job->account_id);
      secret_password_clear (&account_schema, cancellable, cleared_cb, task,
                             "account-id", job->account_id, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
run (GTask *task)
{
  SecretJob *job = g_task_get_task_data (task);

  if (backend == BACKEND_SERVICE)
    run_on_service (task, job);
  else
    {
      run_in_memory (task, job);
      g_object_unref (task);
    }
}

static void
service_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (backend == BACKEND_UNKNOWN)
    {
      if (service != NULL)
        backend = BACKEND_SERVICE;
      else
        {
          backend = BACKEND_MEMORY;
          g_debug ("No secret service answers (%s): passwords are kept in memory until the app exits",
                   error->message);
        }
    }
  run (task);
}

/* Takes @job; probes once, then runs the job on the backend found. */
static void
start (SecretJob           *job,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) secret_job_free);
  if (backend != BACKEND_UNKNOWN)
    {
      run (task);
      return;
    }
  /* OPEN_SESSION makes a round trip, so a bus without a provider fails here. */
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, service_cb, task);
}

static SecretJob *
job_new (Operation   op,
         const char *account_id)
{
  SecretJob *job = g_new0 (SecretJob, 1);

  job->op = op;
  job->account_id = g_strdup (account_id);
  return job;
}

void
tl_secret_probe_async (GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  start (job_new (OP_PROBE, NULL), tl_secret_probe_async, cancellable, callback, user_data);
}

gboolean
tl_secret_probe_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tl_secret_store_password_async (const char          *account_id,
                                const char          *label,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  SecretJob *job;

  g_return_if_fail (account_id != NULL && password != NULL);

  job = job_new (OP_STORE, account_id);
  job->label = g_strdup (label != NULL ? label : "Trunkline account");
  job->password = g_strdup (password);
  start (job, tl_secret_store_password_async, cancellable, callback, user_data);
}

gboolean
tl_secret_store_password_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tl_secret_lookup_password_async (const char          *account_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (account_id != NULL);

  start (job_new (OP_LOOKUP, account_id), tl_secret_lookup_password_async,
         cancellable, callback, user_data);
}

char *
tl_secret_lookup_password_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tl_secret_clear_password_async (const char          *account_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (account_id != NULL);

  start (job_new (OP_CLEAR, account_id), tl_secret_clear_password_async,
         cancellable, callback, user_data);
}

gboolean
tl_secret_clear_password_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
