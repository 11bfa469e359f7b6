/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: any bytes as a voicemail server's message summary. Whatever is
 * accepted has counts within the bound. */
#include "config.h"

#include "tl-message-summary.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  TlMessageSummary summary = { 0 };

  if (tl_message_summary_parse ((const char *) data, (gssize) size, &summary))
    {
      g_assert (summary.voice_new <= TL_MESSAGE_SUMMARY_MAX_COUNT);
      g_assert (summary.voice_old <= TL_MESSAGE_SUMMARY_MAX_COUNT);
    }
  return 0;
}
