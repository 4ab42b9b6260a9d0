/* Character set conversion for IPMsg text (see ipmsg-charset.h). */
#include "ipmsg-charset.h"

#include <errno.h>
#include <string.h>
#include <epan/charsets.h>

/* What the preference offers when the packet does not say its charset.
 * Wireshark has no Shift_JIS encoding, so every non-UTF-8 charset goes
 * through GLib's iconv. */
static gint legacy_encoding = IPMSG_ENC_GB18030;

static const enum_val_t legacy_encoding_choices[] = {
    { "gb18030", "GB18030 / GBK (Chinese clients)",           IPMSG_ENC_GB18030 },
    { "cp932",   "CP932 / Shift_JIS (Japanese IP Messenger)", IPMSG_ENC_CP932 },
    { "utf-8",   "UTF-8",                                     IPMSG_ENC_UTF8 },
    { NULL, NULL, -1 }
};

/* How each encoding is validated and decoded: by a byte check plus
 * Wireshark's own decoder, or by iconv. */
struct encoding_ops {
    const char *iconv_name;                                       /* NULL: not iconv */
    bool (*valid)(const uint8_t *bytes, size_t len);
    guint8 *(*decode_replacing)(wmem_allocator_t *scope, const guint8 *bytes, gint len);
};

static const struct encoding_ops encodings[IPMSG_ENC_COUNT] = {
    [IPMSG_ENC_ASCII]   = { NULL,      ipmsg_is_ascii,   get_ascii_string },
    [IPMSG_ENC_UTF8]    = { NULL,      ipmsg_utf8_valid, get_utf_8_string },
    [IPMSG_ENC_GB18030] = { "GB18030", NULL,             NULL },
    [IPMSG_ENC_CP932]   = { "CP932",   NULL,             NULL },
};

/* Opened on first use and kept: opening a converter costs far more than
 * using it.  (GIConv)-1 records that the system lacks the charset. */
static GIConv iconv_handles[IPMSG_ENC_COUNT];

static GIConv iconv_handle(enum ipmsg_text_encoding enc)
{
    if (iconv_handles[enc] == NULL)
        iconv_handles[enc] = g_iconv_open("UTF-8", encodings[enc].iconv_name);
    return iconv_handles[enc];
}

static void close_iconv_handles(void)
{
    for (size_t i = 0; i < IPMSG_ENC_COUNT; i++) {
        if (iconv_handles[i] != NULL && iconv_handles[i] != (GIConv)-1)
            g_iconv_close(iconv_handles[i]);
        iconv_handles[i] = NULL;
    }
}

/* iconv to UTF-8.  Strict (replace == false) returns NULL on the first bad
 * byte; otherwise every bad byte becomes U+FFFD. */
static char *iconv_decode(wmem_allocator_t *scope, enum ipmsg_text_encoding enc,
                          const guint8 *bytes, size_t len, bool replace)
{
    static const char replacement[] = "\xef\xbf\xbd";
    const size_t replacement_len = sizeof replacement - 1;
    GIConv cd = iconv_handle(enc);

    if (cd == (GIConv)-1)
        return replace ? (char *)get_ascii_string(scope, bytes, (gint)len) : NULL;

    /* No input byte yields more than 3 output bytes (CP932 half-width kana,
     * U+FFFD), so this never runs out of room. */
    size_t room = 3 * len + 1;
    char *out = wmem_alloc(scope, room);
    gchar *in = (gchar *)bytes;   /* g_iconv() wants it non-const; it only reads */
    gchar *o = out;
    gsize in_left = len, out_left = room - 1;

    g_iconv(cd, NULL, NULL, NULL, NULL);
    while (in_left > 0) {
        if (g_iconv(cd, &in, &in_left, &o, &out_left) != (gsize)-1)
            break;
        if (!replace)
            return NULL;
        if (errno == E2BIG || out_left < replacement_len)
            break;
        memcpy(o, replacement, replacement_len);
        o += replacement_len;
        out_left -= replacement_len;
        in++;
        in_left--;
        g_iconv(cd, NULL, NULL, NULL, NULL);
    }
    *o = '\0';
    return out;
}

/* wmem_strndup() copies a byte at a time; text is most of a packet. */
static char *copy_text(wmem_allocator_t *scope, const guint8 *bytes, size_t len)
{
    char *text = wmem_alloc(scope, len + 1);

    if (len > 0)
        memcpy(text, bytes, len);
    text[len] = '\0';
    return text;
}

static char *decode_strict(wmem_allocator_t *scope, enum ipmsg_text_encoding enc,
                           const guint8 *bytes, size_t len)
{
    const struct encoding_ops *ops = &encodings[enc];

    if (ops->iconv_name != NULL)
        return iconv_decode(scope, enc, bytes, len, false);
    return ops->valid(bytes, len) ? copy_text(scope, bytes, len) : NULL;
}

static char *decode_replacing(wmem_allocator_t *scope, enum ipmsg_text_encoding enc,
                              const guint8 *bytes, size_t len)
{
    const struct encoding_ops *ops = &encodings[enc];

    if (ops->iconv_name != NULL)
        return iconv_decode(scope, enc, bytes, len, true);
    return (char *)ops->decode_replacing(scope, bytes, (gint)len);
}

static enum ipmsg_text_encoding legacy(void)
{
    return legacy_encoding > IPMSG_ENC_ASCII && legacy_encoding < IPMSG_ENC_COUNT
               ? (enum ipmsg_text_encoding)legacy_encoding : IPMSG_ENC_GB18030;
}

const char *ipmsg_charset_decode(wmem_allocator_t *scope, const guint8 *bytes, size_t len,
                                 enum ipmsg_text_encoding enc, enum ipmsg_text_status *status)
{
    char *text;

    *status = IPMSG_TEXT_OK;
    /* ASCII reads the same in every candidate: the common case costs one scan. */
    if (ipmsg_is_ascii(bytes, len))
        return copy_text(scope, bytes, len);
    if ((text = decode_strict(scope, enc, bytes, len)) != NULL)
        return text;
    if (legacy() != enc && (text = decode_strict(scope, legacy(), bytes, len)) != NULL) {
        *status = IPMSG_TEXT_FALLBACK;
        return text;
    }
    *status = IPMSG_TEXT_INVALID;
    return decode_replacing(scope, enc, bytes, len);
}

enum ipmsg_text_encoding ipmsg_charset_encoding(enum ipmsg_charset charset)
{
    switch (charset) {
    case IPMSG_CS_UTF8:    return IPMSG_ENC_UTF8;
    case IPMSG_CS_GB18030: return IPMSG_ENC_GB18030;
    case IPMSG_CS_LEGACY:  break;
    }
    return legacy();
}

void ipmsg_charset_register(module_t *prefs_module)
{
    prefs_register_enum_preference(prefs_module, "legacy_charset", "Legacy character set",
        "Character set of text that is not valid UTF-8 and whose packet does not name its "
        "character set (official IP Messenger without UTF8OPT, Feige and clones). FeiQ "
        "packets are always read as GB18030, iptux and UTF8OPT packets as UTF-8; text that "
        "is invalid in its packet's character set is retried in this one.",
        &legacy_encoding, legacy_encoding_choices, FALSE);
    register_shutdown_routine(close_iconv_handles);
}
