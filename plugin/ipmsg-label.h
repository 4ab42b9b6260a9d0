/* Item labels built by hand and set with one "%s": Wireshark's own label
 * formatting (vsnprintf, and for an append a rendering of the default label
 * first) costs more than the item itself.  A label that would not fit is
 * left to Wireshark, which marks it as cut. */
#ifndef IPMSG_LABEL_H
#define IPMSG_LABEL_H

#include <stdbool.h>
#include <string.h>

#include <epan/proto.h>

struct ipmsg_label {
    char text[ITEM_LABEL_LENGTH + 1];
    size_t len;
};

static inline void ipmsg_label_add(struct ipmsg_label *l, const char *s)
{
    size_t n = strlen(s), room = sizeof l->text - 1 - l->len;

    n = n < room ? n : room;
    memcpy(l->text + l->len, s, n);
    l->len += n;
    l->text[l->len] = '\0';
}

/* v in decimal, written at the end of digits */
static inline const char *ipmsg_decimal(char digits[21], guint64 v)
{
    char *p = digits + 20;

    *p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    return p;
}

static inline void ipmsg_label_u64(struct ipmsg_label *l, guint64 v)
{
    char digits[21];

    ipmsg_label_add(l, ipmsg_decimal(digits, v));
}

/* "0x" and eight hex digits, as BASE_HEX shows a 32-bit field */
static inline void ipmsg_label_hex32(struct ipmsg_label *l, guint32 v)
{
    static const char digits[] = "0123456789abcdef";
    char hex[11] = "0x";

    for (int i = 0; i < 8; i++)
        hex[2 + i] = digits[(v >> (28 - 4 * i)) & 0xf];
    hex[10] = '\0';
    ipmsg_label_add(l, hex);
}

/* Whether the label is whole: shorter than Wireshark's label buffer. */
static inline bool ipmsg_label_fits(const struct ipmsg_label *l)
{
    return l->len + 1 < ITEM_LABEL_LENGTH;
}

#endif
