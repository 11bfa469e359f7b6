/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Live microphone level for the preferences page (dBFS), fed from a PortAudio
 * callback through a lock-free ring and read on the main loop. */
#pragma once

#include <gio/gio.h>

#include "tl-audio-catalog.h"

G_BEGIN_DECLS

/* The level reported for silence (never -inf). */
#define TL_LEVEL_METER_FLOOR_DBFS (-100.0)

#define TL_TYPE_LEVEL_METER (tl_level_meter_get_type ())
G_DECLARE_FINAL_TYPE (TlLevelMeter, tl_level_meter, TL, LEVEL_METER, GObject)

TlLevelMeter *tl_level_meter_new              (TlAudioCatalog *catalog);
/* Starts metering input @id (NULL: the default microphone). */
gboolean      tl_level_meter_start            (TlLevelMeter   *self,
                                               const char     *id,
                                               GError        **error);
void          tl_level_meter_stop             (TlLevelMeter   *self);
gboolean      tl_level_meter_get_running      (TlLevelMeter   *self);
/* Levels are sine-referenced (AES17): a full-scale sine reads 0 dBFS. The
 * "level" property is the last ~50 ms, notified as it changes. */
double        tl_level_meter_get_level        (TlLevelMeter   *self);
double        tl_level_meter_get_peak         (TlLevelMeter   *self);
/* The level over everything measured since the last reset (for a steady reading). */
double        tl_level_meter_get_average      (TlLevelMeter   *self);
void          tl_level_meter_reset_average    (TlLevelMeter   *self);
/* Frames measured since the last reset. */
guint64       tl_level_meter_get_frames       (TlLevelMeter   *self);

G_END_DECLS
