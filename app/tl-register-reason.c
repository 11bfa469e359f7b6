/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turns the engine's registration failure text into a reason a person can act on. */
#define G_LOG_DOMAIN "tl-app"

#include "config.h"

#include "tl-register-reason.h"

#include <string.h>

static gboolean
contains (const char *haystack,
          const char *needle)
{
  g_autofree char *h = g_ascii_strdown (haystack, -1);

  return strstr (h, needle) != NULL;
}

guint
tl_sip_status_of (const char *text)
{
  guint code;

  /* A status is three digits, 100 to 699, then a space or the end. */
  if (text == NULL || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1])
      || !g_ascii_isdigit (text[2]) || (text[3] != ' ' && text[3] != '\0'))
    return 0;
  code = (guint) ((text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0'));
  return code >= 100 && code <= 699 ? code : 0;
}

TlRegisterFailure
tl_register_failure_classify (const char *param)
{
  guint code;

  if (param == NULL)
    return TL_REGISTER_FAILURE_OTHER;
  code = tl_sip_status_of (param);
  switch (code)
    {
    case 401:
    case 407:
      return TL_REGISTER_FAILURE_AUTH;
    case 403:
      /* Registrars answer a wrong password with 403 too. */
      return TL_REGISTER_FAILURE_AUTH;
    case 404:
    case 405:
    case 484:
      return TL_REGISTER_FAILURE_FORBIDDEN;
    case 408:
    case 504:
      return TL_REGISTER_FAILURE_TIMEOUT;
    case 503:
      return TL_REGISTER_FAILURE_UNREACHABLE;
    default:
      break;
    }
  if (contains (param, "timed out") || contains (param, "timeout"))
    return TL_REGISTER_FAILURE_TIMEOUT;
  if (contains (param, "refused") || contains (param, "unreachable") || contains (param, "no route")
      || contains (param, "reset"))
    return TL_REGISTER_FAILURE_UNREACHABLE;
  if (contains (param, "host not found") || contains (param, "no address")
      || contains (param, "dns") || contains (param, "name or service"))
    return TL_REGISTER_FAILURE_DNS;
  if (contains (param, "certificate") || contains (param, "tls") || contains (param, "ssl"))
    return TL_REGISTER_FAILURE_TLS;
  return TL_REGISTER_FAILURE_OTHER;
}

const char *
tl_register_failure_to_string (TlRegisterFailure failure)
{
  switch (failure)
    {
    case TL_REGISTER_FAILURE_AUTH: return "auth";
    case TL_REGISTER_FAILURE_TIMEOUT: return "timeout";
    case TL_REGISTER_FAILURE_UNREACHABLE: return "unreachable";
    case TL_REGISTER_FAILURE_DNS: return "dns";
    case TL_REGISTER_FAILURE_TLS: return "tls";
    case TL_REGISTER_FAILURE_FORBIDDEN: return "forbidden";
    case TL_REGISTER_FAILURE_OTHER:
    default: return "other";
    }
}

const char *
tl_register_failure_describe (TlRegisterFailure failure)
{
  switch (failure)
    {
    case TL_REGISTER_FAILURE_AUTH:
      return "Authentication failed: check the user, authentication user and password";
    case TL_REGISTER_FAILURE_TIMEOUT:
      return "The trunk did not answer: check the domain, proxy and your network";
    case TL_REGISTER_FAILURE_UNREACHABLE:
      return "The trunk cannot be reached: check the domain, port and transport";
    case TL_REGISTER_FAILURE_DNS:
      return "The trunk's name does not resolve: check the domain";
    case TL_REGISTER_FAILURE_TLS:
      return "The trunk's TLS certificate was refused";
    case TL_REGISTER_FAILURE_FORBIDDEN:
      return "The trunk refuses this account: check the user and domain with your provider";
    case TL_REGISTER_FAILURE_OTHER:
    default:
      return "Registration failed";
    }
}

gboolean
tl_register_failure_is_final (TlRegisterFailure failure)
{
  return failure == TL_REGISTER_FAILURE_AUTH || failure == TL_REGISTER_FAILURE_FORBIDDEN
         || failure == TL_REGISTER_FAILURE_TLS;
}
