/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TlApplication's parts, shared by the files that implement it: the object
 * (tl-application.c), its actions (tl-application-actions.c) and how it applies
 * the preferences (tl-application-settings.c). */
#pragma once

#include "tl-application.h"

#include "tl-audio-catalog.h"
#include "tl-audio-engine-map.h"
#include "tl-background.h"
#include "tl-call-notifier.h"
#include "tl-call-service.h"
#include "tl-echo-service.h"
#include "tl-engine-audio.h"
#include "tl-line-notifier.h"
#include "tl-link-handler.h"
#include "tl-network-watch.h"
#include "tl-tone-player.h"

G_BEGIN_DECLS

struct _TlApplication {
  AdwApplication  parent_instance;

  TlEngine       *engine;
  TlHistoryStore *history;
  TlContactStore *contacts;
  TlAddressBook  *address_book;
  TlCallManager  *calls;
  TlCallService  *call_service;
  TlAccountStore *accounts;
  TlLines        *lines;
  TlAudioCatalog *catalog;
  TlAudioEngineMap *audio_map;
  TlEngineAudio  *engine_audio;
  TlTonePlayer   *tones;
  TlCallAlerts   *alerts;
  TlCallNotifier *notifier;
  TlLineNotifier *line_notifier;
  TlBackground   *background;
  GSettings      *settings;
  TlLinkHandler  *links;
  TlNetworkWatch *network;        /* a new network or a wake-up: register from where we are */
  guint           network_idle;
  TlEchoService  *echo;           /* the demo line's far end, while the demo is offered */
  gboolean        echo_stopped;
  guint           catalog_wait;
  guint           inhibit_cookie;
  gboolean        inhibit_logged;
  gboolean        engine_started;
  gboolean        engine_stopped;
  gboolean        demo;
  gboolean        window_made;    /* a hidden start offers no demo until someone looks */
  char           *listen_address;
};

/* The phone window, made when first asked for. */
TlWindow *tl_application_main_window        (TlApplication *self);
/* Asks before dialling a number the toll-fraud guard flagged (@why says why),
 * and dials it confirmed on yes. */
void      tl_application_confirm_dial       (TlApplication *self,
                                             const char    *account_id,
                                             const char    *typed,
                                             const char    *why);
/* The app.* actions every front end shares. */
void      tl_application_add_actions        (TlApplication *self);
/* Devices, volume and echo cancellation from the preferences, to the engine and the tones. */
void      tl_application_apply_audio_settings (TlApplication *self);
/* The engine's sound buffers from the lowest-latency preference (for its next start). */
void      tl_application_apply_latency      (TlApplication *self);
/* The engine's local SIP address: `--listen`, else the preferences, else NULL. */
char     *tl_application_dup_listen_address (TlApplication *self);
/* For "changed" of the preferences. */
void      tl_application_settings_changed_cb (TlApplication *self,
                                              const char    *key);

G_END_DECLS
