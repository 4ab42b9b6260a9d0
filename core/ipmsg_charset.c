/* Which character set the packet's text is in, and UTF-8 validation. */
#include "ipmsg.h"

#include <string.h>

/* Eight bytes at a time: a byte is ASCII when its top bit is clear.
 * memcpy is how C reads a word from any alignment (one load). */
#define HIGH_BITS 0x8080808080808080u

static inline uint64_t load8(const uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

bool ipmsg_is_ascii(const uint8_t *buf, size_t len)
{
    if (len < 8) {
        /* Two reads that overlap cover every byte: 4..7 bytes as two
         * four-byte words, 1..3 as the first, middle and last byte. */
        if (len >= 4) {
            uint32_t a, b;
            memcpy(&a, buf, sizeof a);
            memcpy(&b, buf + len - 4, sizeof b);
            return !((a | b) & 0x80808080u);
        }
        return len == 0 || !((buf[0] | buf[len / 2] | buf[len - 1]) & 0x80);
    }
    /* Two words at a time, then what is left as one word and the last
     * eight bytes (they may overlap the ones already read). */
    size_t i = 0;
    for (; len - i > 16; i += 16)
        if ((load8(buf + i) | load8(buf + i + 8)) & HIGH_BITS)
            return false;
    if (len - i > 8 && (load8(buf + i) & HIGH_BITS))
        return false;
    return !(load8(buf + len - 8) & HIGH_BITS);
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
bool ipmsg_utf8_valid(const uint8_t *buf, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8 && !(load8(buf + i) & HIGH_BITS)) {
            i += 8;   /* eight ASCII bytes */
            continue;
        }
        uint8_t b = buf[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint8_t lo = 0x80, hi = 0xBF;   /* bounds of the first continuation byte */
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            if (b == 0xE0)
                lo = 0xA0;
            else if (b == 0xED)
                hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            if (b == 0xF0)
                lo = 0x90;
            else if (b == 0xF4)
                hi = 0x8F;
        } else {
            return false;
        }
        if (len - i - 1 < need)
            return false;
        if (buf[i + 1] < lo || buf[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= need; k++)
            if ((buf[i + k] & 0xC0) != 0x80)
                return false;
        i += need + 1;
    }
    return true;
}

bool ipmsg_text_items_utf8(const struct ipmsg_msg *msg, const uint8_t *buf, size_t len)
{
    for (uint32_t i = 0; i < msg->n_items; i++) {
        const struct ipmsg_item *it = &msg->items[i];
        if (it->field >= IPMSG_F_COUNT || ipmsg_field_infos[it->field].kind != IPMSG_K_TEXT)
            continue;
        if (it->off > len || it->len > len - it->off)
            continue;
        if (!ipmsg_utf8_valid(buf + it->off, it->len))
            return false;
    }
    return true;
}

enum ipmsg_charset ipmsg_packet_charset(const struct ipmsg_msg *msg, const uint8_t *buf, size_t len)
{
    if (msg->command_ok && (msg->options & IPMSG_UTF8OPT))
        return IPMSG_CS_UTF8;
    if (msg->dialect == IPMSG_DIALECT_IPTUX || msg->dialect == IPMSG_DIALECT_IPDICT)
        return IPMSG_CS_UTF8;
    if (msg->dialect == IPMSG_DIALECT_FEIQ)
        return IPMSG_CS_GB18030;
    /* No declaration: UTF-8 when all the text reads as UTF-8.  Legacy
     * multi-byte text (GBK, CP932) is almost never valid UTF-8.  Most
     * such packets are all ASCII: one pass over the bytes settles it
     * without visiting the items. */
    if (ipmsg_is_ascii(buf, len))
        return IPMSG_CS_UTF8;
    /* (A call, not inlined: the common returns above then need no saved
     * registers.) */
    return ipmsg_text_items_utf8(msg, buf, len) ? IPMSG_CS_UTF8 : IPMSG_CS_LEGACY;
}

size_t ipmsg_unescape_colons(const uint8_t *src, size_t len, uint8_t *dst)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        dst[out++] = src[i];
        if (src[i] == ':' && i + 1 < len && src[i + 1] == ':')
            i++;
    }
    return out;
}
