/* Turning IPMsg text bytes into UTF-8 for the tree and the Info column.
 *
 * The core decides which character set a packet uses (ipmsg_packet_charset);
 * this file owns the user's legacy-charset preference and does the
 * conversion, with a retry in the legacy charset and U+FFFD as the last
 * resort, so that text is never shown as silent mojibake.
 */
#ifndef IPMSG_CHARSET_H
#define IPMSG_CHARSET_H

#include "compat.h"
#include "ipmsg.h"

enum ipmsg_text_encoding {
    IPMSG_ENC_ASCII,     /* protocol tokens */
    IPMSG_ENC_UTF8,
    IPMSG_ENC_GB18030,   /* GBK superset: FeiQ, Feige */
    IPMSG_ENC_CP932,     /* Shift_JIS: Japanese IP Messenger before v3 */
    IPMSG_ENC_COUNT
};

enum ipmsg_text_status {
    IPMSG_TEXT_OK,        /* valid in the requested encoding */
    IPMSG_TEXT_FALLBACK,  /* invalid there, valid in the legacy encoding */
    IPMSG_TEXT_INVALID    /* valid in neither; shown with U+FFFD */
};

/* Registers the ipmsg.legacy_charset preference in the protocol's module. */
void ipmsg_charset_register(module_t *prefs_module);

/* The concrete encoding for the core's choice (LEGACY -> the preference). */
enum ipmsg_text_encoding ipmsg_charset_encoding(enum ipmsg_charset charset);

/* len bytes as a NUL-terminated UTF-8 string allocated in scope: decoded in
 * enc, else in the legacy encoding, else in enc with U+FFFD replacements.
 * *status says which of the three happened. */
const char *ipmsg_charset_decode(wmem_allocator_t *scope, const guint8 *bytes, size_t len,
                                 enum ipmsg_text_encoding enc, enum ipmsg_text_status *status);

#endif
