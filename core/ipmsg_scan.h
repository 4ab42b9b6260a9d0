/* Internal to the core: the parse context, item emission and bounded
 * scanning helpers shared by the section parsers. */
#ifndef IPMSG_SCAN_H
#define IPMSG_SCAN_H

#include "ipmsg.h"

#include <string.h>

struct ipmsg_ctx {
    const uint8_t *buf;
    uint32_t len;
    struct ipmsg_msg *msg;  /* where items go; NULL parses for values only */
    uint8_t depth;      /* depth of the next emitted item */
};

/* A NUL-terminated section: [off, off+len) and whether a NUL ended it. */
struct ipmsg_section {
    uint32_t off;
    uint32_t len;
    bool terminated;
};

/* ---- emitting items ---- */
/* Every field of every packet is emitted: the common path is inline, the
 * full array is handled out of line. */
void ipmsg_items_full(struct ipmsg_ctx *c, uint32_t off);

/* The slot for the next item, or NULL (parsing for values only, or full). */
static inline struct ipmsg_item *ipmsg_next_item(struct ipmsg_ctx *c, uint32_t off)
{
    struct ipmsg_msg *m = c->msg;
    if (m == NULL)
        return NULL;
    if (m->n_items + 1 >= IPMSG_MAX_ITEMS) {
        ipmsg_items_full(c, off);
        return NULL;
    }
    return &m->items[m->n_items++];
}

/* One item at the current depth. */
static inline void ipmsg_emit_item(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len,
                                   uint64_t value, unsigned flags, uint32_t aux)
{
    struct ipmsg_item *it = ipmsg_next_item(c, off);
    if (!it)
        return;
    it->field = (uint16_t)field;
    it->depth = c->depth;
    it->flags = (uint8_t)flags;
    it->off = off;
    it->len = len;
    it->value = value;
    it->aux = aux;
}

static inline void ipmsg_emit_aux(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len,
                                  uint64_t value, uint32_t aux)
{
    ipmsg_emit_item(c, field, off, len, value, 0, aux);
}

static inline void ipmsg_emit(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len,
                              uint64_t value, unsigned flags)
{
    ipmsg_emit_item(c, field, off, len, value, flags, 0);
}

void ipmsg_problem(struct ipmsg_ctx *c, enum ipmsg_problem problem, uint32_t off, uint32_t len);
/* A problem with a number that explains it (see ipmsg_problem_detail_label). */
void ipmsg_problem_detail(struct ipmsg_ctx *c, enum ipmsg_problem problem, uint32_t off, uint32_t len,
                          uint32_t detail);
/* Emit a heading and go one level down; ipmsg_close() goes back up and
 * stretches the heading's span to end. */
uint32_t ipmsg_open(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off);
void ipmsg_close(struct ipmsg_ctx *c, uint32_t heading, uint32_t end);

/* ---- words of eight bytes ---- */
/* p[0..8) with p[i] in bits 8i..8i+7 on every host (one load on
 * little-endian ones: compilers see through the shifts). */
static inline uint64_t ipmsg_load_le64(const uint8_t *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

/* 0x80 in every byte of w equal to b, 0 in the others.  Exact: the sum
 * never carries into the next byte (unlike the usual "has a zero byte"
 * test, which can flag the byte above a real match). */
static inline uint64_t ipmsg_bytes_eq(uint64_t w, uint8_t b)
{
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu;
    uint64_t x = w ^ (0x0101010101010101u * b);
    return ~(((x & low7) + low7) | x | low7);
}

/* The colon header in one pass: the offsets of the first `max` ':' before
 * the first NUL go to colons[], the return value says how many.  *stop is
 * where the scan ended: the NUL, the max-th colon, or len. */
uint32_t ipmsg_scan_header(const uint8_t *buf, uint32_t len, uint32_t *colons, uint32_t max, uint32_t *stop);

/* ---- numbers ---- */
enum ipmsg_num_status { IPMSG_NUM_OK, IPMSG_NUM_EMPTY, IPMSG_NUM_BAD_DIGIT, IPMSG_NUM_OVERFLOW };
/* Numbers of 8 digits and more (packet numbers have ten). */
enum ipmsg_num_status ipmsg_parse_dec_long(const uint8_t *p, uint32_t len, uint64_t *value);
/* Inline for the short ones: versions, commands, sizes, '#' fields ... */
static inline enum ipmsg_num_status ipmsg_parse_dec(const uint8_t *p, uint32_t len, uint64_t *value)
{
    if (len == 0)
        return IPMSG_NUM_EMPTY;
    if (len >= 8)
        return ipmsg_parse_dec_long(p, len, value);
    uint64_t v = 0;
    for (uint32_t i = 0; i < len; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (d > 9)
            return IPMSG_NUM_BAD_DIGIT;
        v = v * 10 + d;
    }
    *value = v;
    return IPMSG_NUM_OK;
}
enum ipmsg_num_status ipmsg_parse_hex(const uint8_t *p, uint32_t len, uint64_t *value);
/* Parse and emit a number field; on failure emit the problem instead
 * (NOT_DECIMAL / NOT_HEX / NUMBER_OVERFLOW, or bad_problem when given) and
 * return false.  max bounds the value (a larger one counts as overflow). */
bool ipmsg_emit_dec_any(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                        uint64_t *value);
/* Inline for the 1 to 9 digits of most fields (below every max used, and a
 * call would cost more than the digits); the rest out of line. */
static inline bool ipmsg_emit_dec(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len,
                                  uint64_t max, uint64_t *value)
{
    if (len - 1 < 9 && max >= 999999999u) {
        const uint8_t *p = c->buf + off;
        uint64_t v = 0;
        uint32_t i = 0;
        for (; i < len && (unsigned)(p[i] - '0') < 10u; i++)
            v = v * 10 + (unsigned)(p[i] - '0');
        if (i == len) {
            ipmsg_emit(c, field, off, len, v, 0);
            if (value)
                *value = v;
            return true;
        }
    }
    return ipmsg_emit_dec_any(c, field, off, len, max, value);
}
bool ipmsg_emit_hex(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len, uint64_t max,
                    uint64_t *value);

/* ---- scanning ---- */
/* Inline: every section and field boundary is found through these. */

/* Index of the first `byte` in [from, to), or `to`. */
static inline uint32_t ipmsg_find(const struct ipmsg_ctx *c, uint32_t from, uint32_t to, uint8_t byte)
{
    if (to > c->len)
        to = c->len;
    if (from >= to)
        return to;
    const uint8_t *hit = memchr(c->buf + from, byte, to - from);
    return hit ? (uint32_t)(hit - c->buf) : to;
}

/* Read the section starting at *pos (ends at NUL or at end); advance *pos
 * past its NUL.  Returns false when *pos >= end (no section left). */
static inline bool ipmsg_next_section(const struct ipmsg_ctx *c, uint32_t *pos, uint32_t end,
                                      struct ipmsg_section *s)
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

/* Split [off, off+len) at the first `sep`: head gets the part before it,
 * the return value is the offset after the separator (or off+len when none,
 * *found false). */
static inline uint32_t ipmsg_split(const struct ipmsg_ctx *c, uint32_t off, uint32_t end, uint8_t sep,
                                   uint32_t *head_len, bool *found)
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

bool ipmsg_all_bytes(const uint8_t *p, uint32_t len, bool (*pred)(uint8_t));
/* Inline: the header and every number go through them. */
static inline bool ipmsg_is_dec_digit(uint8_t b) { return (unsigned)(b - '0') < 10u; }
static inline bool ipmsg_is_hex_digit(uint8_t b)
{
    return (unsigned)(b - '0') < 10u || (unsigned)((b | 0x20) - 'a') < 6u;
}
bool ipmsg_is_base64_char(uint8_t b);

/* Bytes left after the expected sections: NULs are padding, anything else is
 * an unexpected extra section. */
void ipmsg_emit_leftover(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);

/* ---- section parsers (one file each) ---- */
void ipmsg_parse_entry(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);
void ipmsg_parse_message(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);
/* Attachment list in [off, end); returns the number of entries. */
uint32_t ipmsg_parse_filelist(struct ipmsg_ctx *c, uint32_t off, uint32_t end);
/* Pieces that the attachment list and the directory stream share. */
/* End of a ':'-separated field that may hold "::" escapes, from `at`. */
uint32_t ipmsg_escaped_field_end(const struct ipmsg_ctx *c, uint32_t at, uint32_t end, bool *escaped);
/* A hex attribute as attr_field with its type (low 8 bits) as type_field
 * below; false when it is not hex (the problem is emitted). */
bool ipmsg_parse_file_attr(struct ipmsg_ctx *c, uint32_t off, uint32_t len, enum ipmsg_field attr_field,
                           enum ipmsg_field type_field, uint64_t *attr);
/* "14=6553f0f1": ext_field with key_field (hex) and value_field below. */
void ipmsg_parse_ext_attr(struct ipmsg_ctx *c, uint32_t off, uint32_t len, enum ipmsg_field ext_field,
                          enum ipmsg_field key_field, enum ipmsg_field value_field);
void ipmsg_parse_encrypted(struct ipmsg_ctx *c, uint32_t off, uint32_t end);
void ipmsg_parse_pubkey_req(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);
void ipmsg_parse_pubkey_ans(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);
void ipmsg_parse_hostlist(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);
/* An "IP2:" dictionary at off; returns the offset after it. */
uint32_t ipmsg_parse_ipdict(struct ipmsg_ctx *c, uint32_t off, uint32_t end);
void ipmsg_parse_feiq_version(struct ipmsg_ctx *c, uint32_t off, uint32_t end);
/* Split a FeiQ text into message and {/font;...} trailer, emitting both. */
void ipmsg_parse_feiq_text(struct ipmsg_ctx *c, uint32_t off, uint32_t len);
void ipmsg_parse_feiq_group(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);
void ipmsg_parse_feiq_image(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);
void ipmsg_parse_feiq_image_ack(struct ipmsg_ctx *c, uint32_t pos, uint32_t end);

#endif
