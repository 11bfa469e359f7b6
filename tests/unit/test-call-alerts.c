/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What is heard and shown as calls come and go, fed by engine events (the engine
 * is never started) and heard through a tone port that records what it is asked. */
#include "config.h"

#include <string.h>

#include "tl-call-alerts.h"
#include "tl-test-events.h"

/* ---- a tone port that writes down what it is asked to play --------------------- */

#define TEST_TYPE_TONES (test_tones_get_type ())
G_DECLARE_FINAL_TYPE (TestTones, test_tones, TEST, TONES, GObject)

struct _TestTones {
  GObject  parent_instance;
  GString *log;        /* "+ring -ring +dtmf1 …" */
  gboolean ready;      /* what set_ready said last */
  gboolean playing[TL_CALL_TONE_CALL_WAITING + 1];
};

static gboolean
tones_play (TlTonePort  *port,
            TlCallTone   tone,
            char         digit,
            GError     **error)
{
  TestTones *self = TEST_TONES (port);

  g_string_append_printf (self->log, "+%s%c ", tl_call_tone_to_string (tone), digit != 0 ? digit : ' ');
  self->playing[tone] = TRUE;
  return TRUE;
}

static void
tones_stop (TlTonePort *port,
            TlCallTone  tone)
{
  TestTones *self = TEST_TONES (port);

  g_string_append_printf (self->log, "-%s ", tl_call_tone_to_string (tone));
  self->playing[tone] = FALSE;
}

static void
tones_set_ready (TlTonePort *port,
                 gboolean    ready)
{
  TEST_TONES (port)->ready = ready;
}

static void
tones_iface_init (TlTonePortInterface *iface)
{
  iface->play = tones_play;
  iface->stop = tones_stop;
  iface->set_ready = tones_set_ready;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestTones, test_tones, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TL_TYPE_TONE_PORT, tones_iface_init))

static void
test_tones_finalize (GObject *object)
{
  g_string_free (TEST_TONES (object)->log, TRUE);
  G_OBJECT_CLASS (test_tones_parent_class)->finalize (object);
}

static void
test_tones_class_init (TestTonesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_tones_finalize;
}

static void
test_tones_init (TestTones *self)
{
  self->log = g_string_new (NULL);
}

/* ---- engine events ------------------------------------------------------------------ */

static void
event (TlEngine   *engine,
       const char *type,
       const char *id,
       const char *extra)
{
  g_autofree char *json = g_strdup_printf ("{\"event\":true,\"type\":\"%s\",\"accountaor\":\"sip:a@t\","
                                           "\"peeruri\":\"sip:+15551230000@t\",\"id\":\"%s\"%s}",
                                           type, id, extra != NULL ? extra : "");

  tl_test_emit_event (engine, json);
}

static void
incoming (TlEngine   *engine,
          const char *id)
{
  event (engine, "CALL_INCOMING", id, ",\"direction\":\"incoming\"");
}

typedef struct {
  TlEngine      *engine;
  TlCallManager *calls;
  TestTones     *tones;
  TlCallAlerts  *alerts;
  GPtrArray     *announced;
  GPtrArray     *missed;
} Fixture;

static void
announced_cb (TlCallAlerts *alerts,
              TlCall       *call,
              Fixture      *f)
{
  g_ptr_array_add (f->announced, g_strdup (tl_call_get_id (call)));
}

static void
missed_cb (TlCallAlerts *alerts,
           TlCall       *call,
           Fixture      *f)
{
  g_ptr_array_add (f->missed, g_strdup (tl_call_get_id (call)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->engine = tl_engine_new ();
  f->calls = tl_call_manager_new (f->engine, NULL);
  f->tones = g_object_new (TEST_TYPE_TONES, NULL);
  f->alerts = tl_call_alerts_new (f->calls, TL_TONE_PORT (f->tones));
  f->announced = g_ptr_array_new_with_free_func (g_free);
  f->missed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->alerts, "incoming", G_CALLBACK (announced_cb), f);
  g_signal_connect (f->alerts, "missed", G_CALLBACK (missed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->alerts);
  g_clear_object (&f->tones);
  g_clear_object (&f->calls);
  g_clear_object (&f->engine);
  g_ptr_array_unref (f->announced);
  g_ptr_array_unref (f->missed);
}

/* A call withdrawn within the grace never rings and is never shown. */
static void
test_grace (Fixture       *f,
            gconstpointer  data)
{
  incoming (f->engine, "c1");
  g_assert_false (f->tones->playing[TL_CALL_TONE_RING]);
  event (f->engine, "CALL_CLOSED", "c1", ",\"param\":\"Connection reset by peer\"");
  tl_test_spin (TL_CALL_ALERTS_GRACE_MS * 3);
  g_assert_cmpuint (f->announced->len, ==, 0);
  g_assert_false (f->tones->playing[TL_CALL_TONE_RING]);
  /* Never shown, so nothing says it was missed (the history still keeps it). */
  g_assert_cmpuint (f->missed->len, ==, 0);
}

/* After the grace the call is announced and rings; answering stops the ring. */
static void
test_ring_then_answer (Fixture       *f,
                       gconstpointer  data)
{
  incoming (f->engine, "c1");
  TL_TEST_AWAIT (f->announced->len == 1, 2000, "tones: %s", f->tones->log->str);
  g_assert_cmpstr (g_ptr_array_index (f->announced, 0), ==, "c1");
  g_assert_true (f->tones->playing[TL_CALL_TONE_RING]);
  g_assert_true (tl_call_alerts_is_announced (f->alerts, tl_call_manager_find (f->calls, "c1")));
  event (f->engine, "CALL_ESTABLISHED", "c1", NULL);
  g_assert_false (f->tones->playing[TL_CALL_TONE_RING]);
  g_assert_false (tl_call_alerts_is_announced (f->alerts, tl_call_manager_find (f->calls, "c1")));
  event (f->engine, "CALL_CLOSED", "c1", ",\"param\":\"Connection reset by peer\"");
  g_assert_cmpuint (f->missed->len, ==, 0);
}

/* During a call a second caller gets the soft waiting tone, never the ringer. */
static void
test_call_waiting (Fixture       *f,
                   gconstpointer  data)
{
  incoming (f->engine, "c1");
  event (f->engine, "CALL_ESTABLISHED", "c1", NULL);
  incoming (f->engine, "c2");
  TL_TEST_AWAIT (f->announced->len == 1, 2000, "tones: %s", f->tones->log->str);
  g_assert_false (f->tones->playing[TL_CALL_TONE_RING]);
  g_assert_true (f->tones->playing[TL_CALL_TONE_CALL_WAITING]);
  g_assert_null (strstr (f->tones->log->str, "+ring"));
  /* The second caller gives up: missed, and the tone stops. */
  event (f->engine, "CALL_CLOSED", "c2", ",\"param\":\"Connection reset by peer\"");
  g_assert_false (f->tones->playing[TL_CALL_TONE_CALL_WAITING]);
  g_assert_cmpuint (f->missed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->missed, 0), ==, "c2");
  /* Ready for tones while any call is up, and no longer after the last. */
  g_assert_true (f->tones->ready);
  event (f->engine, "CALL_CLOSED", "c1", ",\"param\":\"Connection reset by peer\"");
  g_assert_false (f->tones->ready);
}

/* Ringback while the far end rings with nothing from the network; busy when it is. */
static void
test_ringback_and_busy (Fixture       *f,
                        gconstpointer  data)
{
  /* A call placed elsewhere (4.x reports it), adopted from its first event. */
  event (f->engine, "CALL_OUTGOING", "o1", ",\"direction\":\"outgoing\"");
  event (f->engine, "CALL_RINGING", "o1", ",\"direction\":\"outgoing\"");
  g_assert_nonnull (tl_call_manager_find (f->calls, "o1"));
  g_assert_cmpint (tl_call_get_state (tl_call_manager_find (f->calls, "o1")), ==, TL_CALL_STATE_RINGING);
  g_assert_true (f->tones->playing[TL_CALL_TONE_RINGBACK]);
  event (f->engine, "CALL_PROGRESS", "o1", ",\"direction\":\"outgoing\"");
  g_assert_false (f->tones->playing[TL_CALL_TONE_RINGBACK]);
  event (f->engine, "CALL_CLOSED", "o1", ",\"direction\":\"outgoing\",\"param\":\"486 Busy Here\"");
  g_assert_true (f->tones->playing[TL_CALL_TONE_BUSY]);
}

/* Key feedback: each digit's tone in turn, whoever sent them. */
static void
test_key_tones (Fixture       *f,
                gconstpointer  data)
{
  incoming (f->engine, "c1");
  event (f->engine, "CALL_ESTABLISHED", "c1", NULL);
  g_signal_emit_by_name (f->calls, "dtmf-sent", tl_call_manager_find (f->calls, "c1"), "12#");
  g_assert_nonnull (strstr (f->tones->log->str, "+dtmf1"));
  g_assert_null (strstr (f->tones->log->str, "+dtmf2"));
  TL_TEST_AWAIT (strstr (f->tones->log->str, "+dtmf#") != NULL, 2000, "tones: %s", f->tones->log->str);
  g_assert_true (strstr (f->tones->log->str, "+dtmf1") < strstr (f->tones->log->str, "+dtmf2"));
  g_assert_true (strstr (f->tones->log->str, "+dtmf2") < strstr (f->tones->log->str, "+dtmf#"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add ("/call-alerts/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("grace", test_grace);
  ADD ("ring-then-answer", test_ring_then_answer);
  ADD ("call-waiting", test_call_waiting);
  ADD ("ringback-and-busy", test_ringback_and_busy);
  ADD ("key-tones", test_key_tones);
#undef ADD
  return g_test_run ();
}
