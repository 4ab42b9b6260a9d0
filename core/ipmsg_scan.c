/* Item emission and bounded scanning for the section parsers. */
#include "ipmsg_scan.h"

#include <string.h>

/* The slot for the next item, or NULL when the array is full.  The last
 * slot is kept for the one "too many items" report, which covers
 * everything from the first item that did not fit. */
static struct ipmsg_item *next_slot(struct ipmsg_ctx *c, uint32_t off)
{
    struct ipmsg_msg *m = c->msg;
    if (m == NULL)
        return NULL;   /* parsing for values only: nothing is recorded */
    if (m->n_items + 1 >= IPMSG_MAX_ITEMS) {
        if (!m->items_overflow) {
            m->items_overflow = true;
            uint32_t from = off < c->len ? off : c->len;
            struct ipmsg_item *it = &m->items[m->n_items++];
            *it = (struct ipmsg_item){.field = IPMSG_F_PROBLEM, .depth = 0, .off = from, .len = c->len - from,
                                      .value = IPMSG_P_TOO_MANY_ITEMS};
            m->n_problems++;
        }
        return NULL;
    }
    return &m->items[m->n_items++];
}

void ipmsg_emit_aux(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t value,
                    uint32_t aux)
{
    struct ipmsg_item *it = next_slot(c, off);
    if (!it)
        return;
    *it = (struct ipmsg_item){.field = (uint16_t)field, .depth = c->depth, .off = off, .len = len,
                              .value = value, .aux = aux};
}

void ipmsg_emit(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t value,
                unsigned flags)
{
    struct ipmsg_item *it = next_slot(c, off);
    if (!it)
        return;
    *it = (struct ipmsg_item){.field = (uint16_t)field, .depth = c->depth, .flags = (uint8_t)flags,
                              .off = off, .len = len, .value = value};
}

void ipmsg_problem_detail(struct ipmsg_ctx *c, enum ipmsg_problem problem, uint32_t off, uint32_t len,
                          uint32_t detail)
{
    struct ipmsg_item *it = next_slot(c, off);
    if (!it)
        return;
    *it = (struct ipmsg_item){.field = IPMSG_F_PROBLEM, .depth = c->depth, .off = off, .len = len,
                              .value = problem, .aux = detail, .flags = IPMSG_ITEM_DETAIL};
    c->msg->n_problems++;
}

void ipmsg_problem(struct ipmsg_ctx *c, enum ipmsg_problem problem, uint32_t off, uint32_t len)
{
    struct ipmsg_item *it = next_slot(c, off);
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

static int hex_value(uint8_t b)
{
    if (b >= '0' && b <= '9')
        return b - '0';
    if (b >= 'a' && b <= 'f')
        return b - 'a' + 10;
    if (b >= 'A' && b <= 'F')
        return b - 'A' + 10;
    return -1;
}

enum ipmsg_num_status ipmsg_parse_dec(const uint8_t *p, uint32_t len, uint64_t *value)
{
    uint64_t v = 0;
    if (len == 0)
        return IPMSG_NUM_EMPTY;
    for (uint32_t i = 0; i < len; i++) {
        if (!ipmsg_is_dec_digit(p[i]))
            return IPMSG_NUM_BAD_DIGIT;
        unsigned d = (unsigned)(p[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return IPMSG_NUM_OVERFLOW;
        v = v * 10 + d;
    }
    *value = v;
    return IPMSG_NUM_OK;
}

enum ipmsg_num_status ipmsg_parse_hex(const uint8_t *p, uint32_t len, uint64_t *value)
{
    uint64_t v = 0;
    if (len == 0)
        return IPMSG_NUM_EMPTY;
    for (uint32_t i = 0; i < len; i++) {
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

static bool emit_number(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                        uint64_t *value, bool hex)
{
    uint64_t v = 0;
    enum ipmsg_num_status st = hex ? ipmsg_parse_hex(c->buf + off, len, &v) : ipmsg_parse_dec(c->buf + off, len, &v);
    if (st == IPMSG_NUM_OK && v > max)
        st = IPMSG_NUM_OVERFLOW;
    if (st != IPMSG_NUM_OK) {
        ipmsg_problem(c, st == IPMSG_NUM_OVERFLOW ? IPMSG_P_NUMBER_OVERFLOW : hex ? IPMSG_P_NOT_HEX : IPMSG_P_NOT_DECIMAL,
                      off, len);
        return false;
    }
    ipmsg_emit(c, field, off, len, v, 0);
    if (value)
        *value = v;
    return true;
}

bool ipmsg_emit_dec(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                    uint64_t *value)
{
    return emit_number(c, field, off, len, max, value, false);
}

bool ipmsg_emit_hex(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                    uint64_t *value)
{
    return emit_number(c, field, off, len, max, value, true);
}

uint32_t ipmsg_find(const struct ipmsg_ctx *c, uint32_t from, uint32_t to, uint8_t byte)
{
    if (to > c->len)
        to = c->len;
    if (from >= to)
        return to;
    const uint8_t *hit = memchr(c->buf + from, byte, to - from);
    return hit ? (uint32_t)(hit - c->buf) : to;
}

bool ipmsg_next_section(const struct ipmsg_ctx *c, uint32_t *pos, uint32_t end, struct ipmsg_section *s)
{
    if (*pos >= end)
        return false;
    uint32_t nul = ipmsg_find(c, *pos, end, 0);
    s->off = *pos;
    s->len = nul - *pos;
    s->terminated = nul < end;
    *pos = s->terminated ? nul + 1 : end;
    return true;
}

uint32_t ipmsg_split(const struct ipmsg_ctx *c, uint32_t off, uint32_t end, uint8_t sep, uint32_t *head_len,
                     bool *found)
{
    if (off >= end) {
        *head_len = 0;
        *found = false;
        return off;
    }
    uint32_t at = ipmsg_find(c, off, end, sep);
    *head_len = at - off;
    *found = at < end;
    return *found ? at + 1 : end;
}

bool ipmsg_all_bytes(const uint8_t *p, uint32_t len, bool (*pred)(uint8_t))
{
    for (uint32_t i = 0; i < len; i++)
        if (!pred(p[i]))
            return false;
    return true;
}

bool ipmsg_is_hex_digit(uint8_t b) { return hex_value(b) >= 0; }
bool ipmsg_is_dec_digit(uint8_t b) { return b >= '0' && b <= '9'; }

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
