/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trunk doctor benchmark: the whole run and each check's time, on the loopback
 * test trunk (Kamailio, a baresip peer, a STUN server), without and with a test
 * call. Prints "<figure> <value> <unit>" lines; the median of the runs. */
#define G_LOG_DOMAIN "tl-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tl-doctor.h"
#include "tl-engine.h"
#include "tl-test-trunk.h"

#define PASSWORD "bench-doctor-pw"
#define NETWORK_RUNS 5
#define CALL_RUNS 2

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("%s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tl_doctor_run_finish (TL_DOCTOR (source), result, &error))
    die ("doctor", error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
engine_ready (gpointer engine)
{
  return tl_engine_get_state (engine) == TL_ENGINE_STATE_READY;
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  tl_engine_stop_finish (TL_ENGINE (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* Runs the doctor @runs times; prints the median total and per-check times under @prefix. */
static void
measure (TlEngine   *engine,
         TlAccount  *account,
         const char *target,
         guint       runs,
         const char *prefix)
{
  g_autoptr(GHashTable) per_check = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_array_unref);
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(TlDoctor) doctor = tl_doctor_new (engine, account, PASSWORD);
      GListModel *checks = tl_doctor_get_checks (doctor);
      gboolean done = FALSE;
      double total;

      tl_doctor_set_echo_target (doctor, target);
      tl_doctor_run_async (doctor, NULL, done_cb, &done);
      if (!tl_test_wait_for (&done, 120000))
        die ("doctor", NULL);
      total = tl_doctor_get_elapsed_ms (doctor);
      g_array_append_val (totals, total);
      for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
        {
          g_autoptr(TlDoctorCheck) check = g_list_model_get_item (checks, i);
          const char *name = tl_doctor_check_get_name (check);
          GArray *values = g_hash_table_lookup (per_check, name);
          double ms = tl_doctor_check_get_elapsed_ms (check);

          if (tl_doctor_check_get_result (check) == TL_DOCTOR_RESULT_FAIL)
            g_printerr ("%s: %s failed: %s\n", prefix, name, tl_doctor_check_get_summary (check));
          if (values == NULL)
            {
              values = g_array_new (FALSE, FALSE, sizeof (double));
              g_hash_table_insert (per_check, g_strdup (name), values);
              g_ptr_array_add (order, g_strdup (name));
            }
          g_array_append_val (values, ms);
        }
      /* The trunk sees the un-REGISTER of the previous run before the next. */
      tl_test_spin (500);
    }
  printf ("%s_total %.1f ms\n", prefix, median (totals));
  for (guint i = 0; i < order->len; i++)
    printf ("%s_check_%s %.1f ms\n", prefix, (const char *) order->pdata[i],
            median (g_hash_table_lookup (per_check, order->pdata[i])));
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *scratch = tl_test_scratch_new ("bench-doctor");
  const char *users[] = { "doc:" PASSWORD, "bob:bobpw", NULL };
  TlTestKamailioOptions kam = { .users = users };
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestPulse) pulse = NULL;
  g_autoptr(TlTestKamailio) kamailio = NULL;
  g_autoptr(TlTestStun) stun = NULL;
  g_autoptr(TlTestPeer) bob = NULL;
  g_autoptr(TlEngine) engine = NULL;
  g_autoptr(TlAccount) account = tl_account_new ();
  g_autofree char *proxy = NULL;
  g_autofree char *stun_server = NULL;
  TlTestPeerOptions peer = { .user = "bob", .password = "bobpw", .codecs = "pcmu", .auto_answer = TRUE };
  gboolean stopped = FALSE;

  pulse = tl_test_pulse_start (scratch, &error);
  if (pulse == NULL)
    die ("pulseaudio", error);
  tl_test_pulse_apply_to_self (pulse);
  kamailio = tl_test_kamailio_start (scratch, &kam, &error);
  if (kamailio == NULL)
    die ("kamailio", error);
  stun = tl_test_stun_start (FALSE, &error);
  if (stun == NULL)
    die ("stun", error);
  peer.registrar = tl_test_kamailio_get_hostport (kamailio);
  bob = tl_test_peer_start (scratch, &peer, &error);
  if (bob == NULL)
    die ("peer", error);
  engine = tl_engine_new ();
  tl_engine_set_listen_address (engine, "127.0.0.1:0");
  tl_engine_start_async (engine, NULL, NULL, NULL);
  if (!tl_test_wait_until (engine_ready, engine, 15000))
    die ("engine", NULL);

  proxy = g_strdup_printf ("sip:%s", tl_test_kamailio_get_hostport (kamailio));
  stun_server = g_strdup_printf ("stun:127.0.0.1:%u", tl_test_stun_get_port (stun));
  tl_account_set_user (account, "doc");
  tl_account_set_domain (account, "127.0.0.1");
  tl_account_set_outbound_proxy (account, proxy);
  tl_account_set_stun_server (account, stun_server);
  tl_account_set_codecs (account, "pcmu");

  measure (engine, account, NULL, NETWORK_RUNS, "doctor_network");
  /* With a test call the talk time (8 s by default, for one RTCP report) dominates. */
  measure (engine, account, "sip:bob@127.0.0.1", CALL_RUNS, "doctor_with_call");

  tl_engine_stop_async (engine, NULL, stopped_cb, &stopped);
  tl_test_wait_for (&stopped, TL_ENGINE_STOP_BUDGET_MS);
  g_clear_object (&engine);
  tl_test_peer_stop (bob);
  tl_test_kamailio_stop (kamailio);
  tl_test_scratch_finish (scratch, FALSE);
  return 0;
}
