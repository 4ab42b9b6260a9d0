/* FeiQ (reverse engineered): the '#' fields of the version, the
 * "{/font;...}" trailer of texts, and the binary group and image bodies. */
#include "ipmsg_scan.h"

#include <string.h>

#define LBT_PREFIX_LEN 4       /* "_lbt" */
static const char FONT_OPEN[] = "{/font;";
static const char FONT_CLOSE[] = ";}";
static const char IMAGE_OPEN[] = "/~#>";
static const char IMAGE_CLOSE[] = "<B~";
#define FEIQ_MIN_FIELDS 6     /* lbt4: 1_lbt4_n#status#MAC#0#0#len */
#define FEIQ_BODY_LEN_FIELD 5
#define FEIQ_IMAGE_ID_LEN 8
#define LOGFONT_NUMBERS 13

/* One '#' field by position: [1] status, [2] MAC, [5] body length. */
static void emit_hash_field(struct ipmsg_ctx *c, uint32_t index, uint32_t off, uint32_t len)
{
    struct ipmsg_msg *m = c->msg;
    uint64_t v;
    switch (index) {
    case 1:
        ipmsg_emit_dec(c, IPMSG_F_FEIQ_STATUS, off, len, UINT32_MAX, NULL);
        break;
    case 2:
        ipmsg_emit(c, IPMSG_F_FEIQ_MAC, off, len, 0, 0);
        break;
    case FEIQ_BODY_LEN_FIELD:
        if (ipmsg_emit_dec(c, IPMSG_F_FEIQ_BODY_LEN, off, len, UINT32_MAX, &v)) {
            m->has_feiq_body_len = true;
            m->feiq_body_len = (uint32_t)v;
        }
        break;
    default:
        ipmsg_emit(c, IPMSG_F_FEIQ_FIELD, off, len, 0, 0);
        break;
    }
}

/* End of the field at `at`: its separator, or end.  The fields are a
 * few bytes each: one word test usually finds it, cheaper than a memchr
 * call per field. */
static uint32_t field_end(const struct ipmsg_ctx *c, uint32_t at, uint32_t end, uint8_t sep)
{
    for (; end - at >= 8; at += 8) {
        uint64_t hits = ipmsg_bytes_eq(ipmsg_load_le64(c->buf + at), sep);
        if (hits)
            return at + (uint32_t)__builtin_ctzll(hits) / 8;
    }
    while (at < end && c->buf[at] != sep)
        at++;
    return at;
}

/* [off, end) is "_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9" (after the "1"). */
void ipmsg_parse_feiq_version(struct ipmsg_ctx *c, uint32_t off, uint32_t end)
{
    uint32_t heading = ipmsg_open(c, IPMSG_F_FEIQ, off);
    uint32_t first_end = field_end(c, off, end, '#');

    /* "_lbt" generation "_" icon */
    uint32_t p = off + LBT_PREFIX_LEN;
    uint32_t gen_end = field_end(c, p, first_end, '_');
    bool has_icon = gen_end < first_end;
    bool ok = ipmsg_emit_dec(c, IPMSG_F_FEIQ_GENERATION, p, gen_end - p, UINT32_MAX, NULL);
    if (has_icon)
        ok = ipmsg_emit_dec(c, IPMSG_F_FEIQ_ICON, gen_end + 1, first_end - gen_end - 1, UINT32_MAX, NULL) && ok;

    uint32_t index = 1;
    for (uint32_t at = first_end; at < end;) {
        uint32_t field = at + 1, stop = field_end(c, field, end, '#');
        emit_hash_field(c, index++, field, stop - field);
        at = stop;
    }
    if (!ok || !has_icon || index < FEIQ_MIN_FIELDS)
        ipmsg_problem(c, IPMSG_P_FEIQ_VERSION, off, end - off);
    ipmsg_close(c, heading, end);
}

/* The last `byte` in [off, off+len), or IPMSG_NO_OFFSET: eight bytes at
 * a time from the end (trailers sit there), the last few one by one. */
static uint32_t last_byte(const struct ipmsg_ctx *c, uint32_t off, uint32_t len, uint8_t byte)
{
    uint32_t at = off + len;
    for (; at - off >= 8; at -= 8) {
        uint64_t hits = ipmsg_bytes_eq(ipmsg_load_le64(c->buf + at - 8), byte);
        if (hits)
            return at - 8 + (63u - (uint32_t)__builtin_clzll(hits)) / 8;
    }
    while (at-- > off)
        if (c->buf[at] == byte)
            return at;
    return IPMSG_NO_OFFSET;
}

/* The last "{/font;" in [off, off+len), or IPMSG_NO_OFFSET. */
static uint32_t last_font_open(const struct ipmsg_ctx *c, uint32_t off, uint32_t len)
{
    const uint32_t n = sizeof FONT_OPEN - 1;
    for (uint32_t at = last_byte(c, off, len, '{'); at != IPMSG_NO_OFFSET; at = last_byte(c, off, at - off, '{'))
        if (off + len - at >= n && memcmp(c->buf + at, FONT_OPEN, n) == 0)
            return at;
    return IPMSG_NO_OFFSET;
}

/* One LOGFONT number, "-16 " or "400 ", from at: its length (sign
 * included) when it is a decimal that fits an int32 followed by a space
 * before end, else 0.  One pass: no separate search for the space. */
static uint32_t font_number(const struct ipmsg_ctx *c, uint32_t at, uint32_t end, int64_t *value)
{
    const uint8_t *b = c->buf;
    uint32_t negative = at < end && b[at] == '-';
    uint32_t q = at + negative;
    uint64_t v = 0;
    bool too_big = false;
    for (; q < end && ipmsg_is_dec_digit(b[q]); q++) {
        if (v > UINT32_MAX)
            too_big = true;   /* stop growing; leading zeros may still follow */
        else
            v = v * 10 + (unsigned)(b[q] - '0');
    }
    if (q == at + negative || q >= end || b[q] != ' ' || too_big || v > (uint64_t)INT32_MAX + negative)
        return 0;
    *value = negative ? -(int64_t)v : (int64_t)v;
    return q - at;
}

/* "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 <face> <COLORREF>;}":
 * 13 LOGFONT numbers, the face name (may hold spaces), the colour. */
static void parse_font(struct ipmsg_ctx *c, uint32_t off, uint32_t len)
{
    static const enum ipmsg_field named[LOGFONT_NUMBERS] = {
        [0] = IPMSG_F_FEIQ_FONT_HEIGHT, [4] = IPMSG_F_FEIQ_FONT_WEIGHT, [8] = IPMSG_F_FEIQ_FONT_CHARSET};
    if (len < sizeof FONT_OPEN - 1 + sizeof FONT_CLOSE - 1 ||
        memcmp(c->buf + off + len - (sizeof FONT_CLOSE - 1), FONT_CLOSE, sizeof FONT_CLOSE - 1) != 0) {
        c->depth++;
        ipmsg_problem(c, IPMSG_P_FEIQ_FONT, off, len);
        c->depth--;
        return;
    }
    uint32_t at = off + (uint32_t)(sizeof FONT_OPEN - 1);
    uint32_t end = off + len - (uint32_t)(sizeof FONT_CLOSE - 1);
    bool ok = true;
    c->depth++;
    for (unsigned i = 0; i < LOGFONT_NUMBERS; i++) {
        int64_t v;
        uint32_t tlen = font_number(c, at, end, &v);
        if (tlen == 0) {
            ok = false;
            break;
        }
        ipmsg_emit(c, named[i] ? named[i] : IPMSG_F_FEIQ_FONT_PARAM, at, tlen, (uint64_t)v, 0);
        at += tlen + 1;
    }
    /* The colour is the last space-separated token; the face is between. */
    uint32_t last_space = ok ? last_byte(c, at, end - at, ' ') : IPMSG_NO_OFFSET;
    if (last_space != IPMSG_NO_OFFSET) {
        uint64_t color;
        ipmsg_emit(c, IPMSG_F_FEIQ_FONT_FACE, at, last_space - at, 0, 0);
        ok = ipmsg_parse_dec(c->buf + last_space + 1, end - last_space - 1, &color) == IPMSG_NUM_OK &&
             color <= UINT32_MAX;
        if (ok)
            ipmsg_emit(c, IPMSG_F_FEIQ_FONT_COLOR, last_space + 1, end - last_space - 1, color, 0);
    } else {
        ok = false;
    }
    if (!ok)
        ipmsg_problem(c, IPMSG_P_FEIQ_FONT, off, len);
    c->depth--;
}

void ipmsg_parse_feiq_text(struct ipmsg_ctx *c, uint32_t off, uint32_t len)
{
    uint32_t font = last_font_open(c, off, len);
    uint32_t text_len = font == IPMSG_NO_OFFSET ? len : font - off;
    ipmsg_emit(c, IPMSG_F_MESSAGE, off, text_len, 0, 0);
    c->msg->summary = (struct ipmsg_span){off, text_len};
    c->msg->summary_field = IPMSG_F_MESSAGE;

    /* "/~#>id<B~" stands for an inline image, alone or inside the text. */
    size_t open_len = sizeof IMAGE_OPEN - 1, close_len = sizeof IMAGE_CLOSE - 1;
    uint32_t at = off, text_end = off + text_len;
    c->depth++;
    while (at + open_len + close_len <= text_end) {
        at = ipmsg_find(c, at, text_end, (uint8_t)IMAGE_OPEN[0]);   /* most texts have no '/' */
        if (at + open_len + close_len > text_end)
            break;
        if (memcmp(c->buf + at, IMAGE_OPEN, open_len) != 0) {
            at++;
            continue;
        }
        uint32_t id = at + (uint32_t)open_len, close_at = id;
        while (close_at + close_len <= text_end && memcmp(c->buf + close_at, IMAGE_CLOSE, close_len) != 0)
            close_at++;
        if (close_at + close_len > text_end)
            break;
        ipmsg_emit(c, IPMSG_F_FEIQ_IMAGE_REF, id, close_at - id, 0, 0);
        at = close_at + (uint32_t)close_len;
    }
    c->depth--;
    if (font == IPMSG_NO_OFFSET)
        return;
    uint32_t font_len = off + len - font;
    ipmsg_emit(c, IPMSG_F_FEIQ_FONT, font, font_len, 0, 0);
    parse_font(c, font, font_len);
}

/* 0x23 / 0xC9: binary ciphertext right after the header, no NUL; its
 * length is the version's 6th '#' field.  Binary, so never split at NULs:
 * bytes beyond a shorter declared length are shown as data. */
void ipmsg_parse_feiq_group(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_msg *m = c->msg;
    uint32_t avail = end - pos;
    uint32_t len = avail;
    if (m->has_feiq_body_len && m->feiq_body_len != avail) {
        if (m->feiq_body_len > 0 && m->feiq_body_len < avail)
            len = m->feiq_body_len;
        ipmsg_problem_detail(c, IPMSG_P_FEIQ_BODY_LENGTH, pos, avail, m->feiq_body_len);
    }
    if (len > 0)
        ipmsg_emit(c, IPMSG_F_FEIQ_CIPHERTEXT, pos, len, 0, 0);
    if (len < avail)
        ipmsg_emit(c, IPMSG_F_DATA, pos + len, avail - len, 0, 0);
}

/* 0xC0: metadata starting with the 8-character image id \0 binary chunk. */
void ipmsg_parse_feiq_image(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_section s;
    if (!ipmsg_next_section(c, &pos, end, &s))
        return;
    ipmsg_emit(c, IPMSG_F_FEIQ_IMAGE_META, s.off, s.len, 0, 0);
    if (s.len >= FEIQ_IMAGE_ID_LEN) {
        c->depth++;
        ipmsg_emit(c, IPMSG_F_FEIQ_IMAGE_ID, s.off, FEIQ_IMAGE_ID_LEN, 0, 0);
        c->depth--;
    }
    if (pos < end)
        ipmsg_emit(c, IPMSG_F_FEIQ_IMAGE_DATA, pos, end - pos, 0, 0);
}

/* 0xC1: "id8|chunk#" */
void ipmsg_parse_feiq_image_ack(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_section s;
    if (ipmsg_next_section(c, &pos, end, &s) && s.len > 0) {
        ipmsg_emit(c, IPMSG_F_FEIQ_IMAGE_META, s.off, s.len, 0, 0);
        uint32_t id_len;
        bool found;
        ipmsg_split(c, s.off, s.off + s.len, '|', &id_len, &found);
        c->depth++;
        ipmsg_emit(c, IPMSG_F_FEIQ_IMAGE_ID, s.off, id_len, 0, 0);
        c->depth--;
    }
    ipmsg_emit_leftover(c, pos, end);
}
