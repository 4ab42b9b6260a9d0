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

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight ASCII digits at once (packet numbers have ten): false when one of
 * the bytes is not a digit.  The first byte is the lowest in the word. */
static bool dec8(const uint8_t *p, uint64_t *value)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    /* a digit is 0x30..0x39: high nibble 3, and adding 6 keeps it 3 */
    if (((w & 0xF0F0F0F0F0F0F0F0u) | (((w + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) !=
        0x3333333333333333u)
        return false;
    w -= 0x3030303030303030u;
    w = w * 10 + (w >> 8);   /* pairs of digits */
    *value = ((w & 0x000000FF000000FFu) * (100 + (1000000ull << 32)) +
              ((w >> 16) & 0x000000FF000000FFu) * (1 + (10000ull << 32))) >> 32;
    return true;
}
#define HAVE_DEC8 1
#endif

enum ipmsg_num_status ipmsg_parse_dec_long(const uint8_t *p, uint32_t len, uint64_t *value)
{
    uint64_t v = 0;
    uint32_t i = 0, safe = len < DEC_DIGITS_SAFE ? len : DEC_DIGITS_SAFE;
#ifdef HAVE_DEC8
    uint64_t eight;
    while (safe - i >= 8 && dec8(p + i, &eight)) {
        v = v * 100000000u + eight;
        i += 8;
    }
#endif
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

bool ipmsg_emit_dec(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                    uint64_t *value)
{
    uint64_t v = 0;
    enum ipmsg_num_status st = ipmsg_parse_dec(c->buf + off, len, &v);
    if (st == IPMSG_NUM_OK && v > max)
        st = IPMSG_NUM_OVERFLOW;
    if (st != IPMSG_NUM_OK)
        return number_problem(c, st, off, len, false);
    ipmsg_emit(c, field, off, len, v, 0);
    if (value)
        *value = v;
    return true;
}

bool ipmsg_emit_hex(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                    uint64_t *value)
{
    uint64_t v = 0;
    enum ipmsg_num_status st = ipmsg_parse_hex(c->buf + off, len, &v);
    if (st == IPMSG_NUM_OK && v > max)
        st = IPMSG_NUM_OVERFLOW;
    if (st != IPMSG_NUM_OK)
        return number_problem(c, st, off, len, true);
    ipmsg_emit(c, field, off, len, v, 0);
    if (value)
        *value = v;
    return true;
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
