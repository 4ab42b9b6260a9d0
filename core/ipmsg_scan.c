/* Item emission and bounded scanning for the section parsers. */
#include "ipmsg_scan.h"

#include <string.h>

/* The array is full: the last slot is kept for the one "too many items"
 * report, which covers everything from the first item that did not fit. */
void ipmsg_items_full(struct ipmsg_ctx *c, uint32_t off)
{
    struct ipmsg_msg *m = c->msg;
    if (m->items_overflow)
        return;
    m->items_overflow = true;
    uint32_t from = off < c->len ? off : c->len;
    struct ipmsg_item *it = &m->items[m->n_items++];
    *it = (struct ipmsg_item){.field = IPMSG_F_PROBLEM, .depth = 0, .off = from, .len = c->len - from,
                              .value = IPMSG_P_TOO_MANY_ITEMS};
    m->n_problems++;
}

void ipmsg_problem_detail(struct ipmsg_ctx *c, enum ipmsg_problem problem, uint32_t off, uint32_t len,
                          uint32_t detail)
{
    struct ipmsg_item *it = ipmsg_next_item(c, off);
    if (!it)
        return;
    *it = (struct ipmsg_item){.field = IPMSG_F_PROBLEM, .depth = c->depth, .off = off, .len = len,
                              .value = problem, .aux = detail, .flags = IPMSG_ITEM_DETAIL};
    c->msg->n_problems++;
}

void ipmsg_problem(struct ipmsg_ctx *c, enum ipmsg_problem problem, uint32_t off, uint32_t len)
{
    struct ipmsg_item *it = ipmsg_next_item(c, off);
    if (!it)
        return;
    *it = (struct ipmsg_item){.field = IPMSG_F_PROBLEM, .depth = c->depth, .off = off, .len = len,
                              .value = problem};
    c->msg->n_problems++;
}

uint32_t ipmsg_open(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off)
{
    uint32_t index = c->msg ? c->msg->n_items : 0;
    ipmsg_emit(c, field, off, 0, 0, 0);
    c->depth++;
    return index;
}

void ipmsg_close(struct ipmsg_ctx *c, uint32_t heading, uint32_t end)
{
    c->depth--;
    struct ipmsg_msg *m = c->msg;
    if (m != NULL && heading < m->n_items && m->items[heading].field != IPMSG_F_PROBLEM && end >= m->items[heading].off)
        m->items[heading].len = end - m->items[heading].off;
}

/* Up to 19 digits cannot overflow 64 bits: only longer numbers pay for
 * the overflow check. */
#define DEC_DIGITS_SAFE 19u

#define ASCII_ZEROS 0x3030303030303030u

/* Eight ASCII digits at once (the first one in the lowest byte, see
 * ipmsg_load_le64): false when one of the bytes is not a digit. */
static inline bool dec8(uint64_t w, uint64_t *value)
{
    /* a digit is 0x30..0x39: high nibble 3, and adding 6 keeps it 3 */
    if (((w & 0xF0F0F0F0F0F0F0F0u) | (((w + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) !=
        0x3333333333333333u)
        return false;
    w -= ASCII_ZEROS;
    w = w * 10 + (w >> 8);   /* pairs of digits */
    *value = ((w & 0x000000FF000000FFu) * (100 + (1000000ull << 32)) +
              ((w >> 16) & 0x000000FF000000FFu) * (1 + (10000ull << 32))) >> 32;
    return true;
}

/* More than 16 digits (rare): eight at a time while 64 bits cannot
 * overflow, then digit by digit with the check.  Out of line, so the
 * common case below needs no registers saved. */
static enum ipmsg_num_status __attribute__((noinline)) parse_dec_longer(const uint8_t *p, uint32_t len,
                                                                        uint64_t *value)
{
    uint64_t v = 0, eight;
    uint32_t i = 0, safe = len < DEC_DIGITS_SAFE ? len : DEC_DIGITS_SAFE;
    for (; i + 8 <= safe; i += 8) {
        if (!dec8(ipmsg_load_le64(p + i), &eight))
            return IPMSG_NUM_BAD_DIGIT;
        v = v * 100000000u + eight;
    }
    for (; i < safe; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (d > 9)
            return IPMSG_NUM_BAD_DIGIT;
        v = v * 10 + d;
    }
    for (; i < len; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (d > 9)
            return IPMSG_NUM_BAD_DIGIT;
        if (v > (UINT64_MAX - d) / 10)
            return IPMSG_NUM_OVERFLOW;
        v = v * 10 + d;
    }
    *value = v;
    return IPMSG_NUM_OK;
}

enum ipmsg_num_status ipmsg_parse_dec_long(const uint8_t *p, uint32_t len, uint64_t *value)
{
    if (len > 16)
        return parse_dec_longer(p, len, value);
    /* 8 to 16 digits (packet numbers have ten): the last eight as one
     * word, the k before them as a word of their own with '0's in front.
     * No loop, and both reads stay inside p[0..len). */
    uint64_t hi = 0, lo;
    uint32_t k = len - 8;
    if (k > 0) {
        uint64_t w = ipmsg_load_le64(p);
        if (k < 8)
            w = w << (64 - 8 * k) | (ASCII_ZEROS & ((1ull << (64 - 8 * k)) - 1));
        if (!dec8(w, &hi))
            return IPMSG_NUM_BAD_DIGIT;
    }
    if (!dec8(ipmsg_load_le64(p + k), &lo))
        return IPMSG_NUM_BAD_DIGIT;
    *value = hi * 100000000u + lo;
    return IPMSG_NUM_OK;
}

uint32_t ipmsg_scan_header(const uint8_t *buf, uint32_t len, uint32_t *colons, uint32_t max, uint32_t *stop)
{
    uint32_t n = 0, i = 0;
    if (max == 0) {
        *stop = 0;
        return 0;
    }
    /* Eight bytes at a time: one bit per ':', taken lowest first. */
    for (; i + 8 <= len; i += 8) {
        uint64_t w = ipmsg_load_le64(buf + i);
        uint64_t hits = ipmsg_bytes_eq(w, ':');
        /* Any zero byte?  Cheaper than the exact test, which only the word
         * where the main text ends (if the header gets there) needs. */
        uint64_t nuls = (w - 0x0101010101010101u) & ~w & 0x8080808080808080u;
        if (nuls) {
            nuls = ipmsg_bytes_eq(w, 0);
            hits &= (nuls & (0 - nuls)) - 1;   /* the colons below the first NUL */
        }
        for (; hits; hits &= hits - 1) {
            colons[n++] = i + (uint32_t)__builtin_ctzll(hits) / 8;
            if (n == max) {
                *stop = colons[n - 1];
                return n;
            }
        }
        if (nuls) {
            *stop = i + (uint32_t)__builtin_ctzll(nuls) / 8;
            return n;
        }
    }
    for (; i < len && buf[i] != 0; i++) {
        if (buf[i] == ':') {
            colons[n++] = i;
            if (n == max)
                break;
        }
    }
    *stop = i;
    return n;
}

/* 16 hex digits fill 64 bits: only longer numbers pay for the check. */
#define HEX_DIGITS_SAFE 16u

static inline int hex_value(uint8_t b)
{
    unsigned d = (unsigned)(b - '0');
    if (d < 10)
        return (int)d;
    d = (unsigned)((b | 0x20) - 'a');   /* 'A'..'F' fold onto 'a'..'f' */
    return d < 6 ? (int)d + 10 : -1;
}

enum ipmsg_num_status ipmsg_parse_hex(const uint8_t *p, uint32_t len, uint64_t *value)
{
    uint64_t v = 0;
    if (len == 0)
        return IPMSG_NUM_EMPTY;
    uint32_t i = 0, safe = len < HEX_DIGITS_SAFE ? len : HEX_DIGITS_SAFE;
    for (; i < safe; i++) {
        int d = hex_value(p[i]);
        if (d < 0)
            return IPMSG_NUM_BAD_DIGIT;
        v = (v << 4) | (uint64_t)d;
    }
    for (; i < len; i++) {
        int d = hex_value(p[i]);
        if (d < 0)
            return IPMSG_NUM_BAD_DIGIT;
        if (v >> 60)
            return IPMSG_NUM_OVERFLOW;
        v = (v << 4) | (uint64_t)d;
    }
    *value = v;
    return IPMSG_NUM_OK;
}

/* A number that did not parse (or is above max): the problem instead. */
static bool number_problem(struct ipmsg_ctx *c, enum ipmsg_num_status st, uint32_t off, uint32_t len, bool hex)
{
    ipmsg_problem(c, st == IPMSG_NUM_OVERFLOW ? IPMSG_P_NUMBER_OVERFLOW : hex ? IPMSG_P_NOT_HEX : IPMSG_P_NOT_DECIMAL,
                  off, len);
    return false;
}

/* A number item, or the problem that stops it. */
static bool emit_number(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                        uint64_t *value, bool hex)
{
    uint64_t v = 0;
    enum ipmsg_num_status st = hex ? ipmsg_parse_hex(c->buf + off, len, &v) : ipmsg_parse_dec(c->buf + off, len, &v);
    if (st == IPMSG_NUM_OK && v > max)
        st = IPMSG_NUM_OVERFLOW;
    if (st != IPMSG_NUM_OK)
        return number_problem(c, st, off, len, hex);
    ipmsg_emit(c, field, off, len, v, 0);
    if (value)
        *value = v;
    return true;
}

bool ipmsg_emit_dec_any(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                        uint64_t *value)
{
    return emit_number(c, field, off, len, max, value, false);
}

bool ipmsg_emit_hex(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                    uint64_t *value)
{
    return emit_number(c, field, off, len, max, value, true);
}

bool ipmsg_all_bytes(const uint8_t *p, uint32_t len, bool (*pred)(uint8_t))
{
    for (uint32_t i = 0; i < len; i++)
        if (!pred(p[i]))
            return false;
    return true;
}


bool ipmsg_is_base64_char(uint8_t b)
{
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/' ||
           b == '=';
}

void ipmsg_emit_leftover(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    if (pos >= end)
        return;
    uint32_t first_data = pos;
    while (first_data < end && c->buf[first_data] == 0)
        first_data++;
    if (first_data == end) {
        ipmsg_emit(c, IPMSG_F_PADDING, pos, end - pos, 0, 0);
        return;
    }
    /* Report each extra section; a trailing NUL run is still padding. */
    uint32_t trail = end;
    while (trail > pos && c->buf[trail - 1] == 0)
        trail--;
    struct ipmsg_section s;
    uint32_t p = pos;
    while (p < trail && ipmsg_next_section(c, &p, trail, &s)) {
        if (s.len == 0)
            continue;
        ipmsg_emit(c, IPMSG_F_SECTION, s.off, s.len, 0, 0);
        ipmsg_problem(c, IPMSG_P_SECTION_UNEXPECTED, s.off, s.len);
    }
    /* trail..end holds the last section's NUL plus any padding. */
    if (end - trail > 1)
        ipmsg_emit(c, IPMSG_F_PADDING, trail + 1, end - trail - 1, 0, 0);
}
