/* Attachment list: entries "id:name:size:mtime:attr[:key=val...]" separated
 * by BEL.  Clients disagree on the colons around the BEL (":\a", "\a",
 * "\a:", ":\a:"), so each entry loses one leading and one trailing ':'.
 * Names escape ':' as "::", so a field ends at a ':' not followed by ':'. */
#include "ipmsg_scan.h"

enum { F_ID, F_NAME, F_SIZE, F_MTIME, F_ATTR, MIN_FIELDS };

/* End of the field starting at `at`: the next single ':' or `end`. */
static uint32_t field_end(const struct ipmsg_ctx *c, uint32_t at, uint32_t end, bool *escaped)
{
    *escaped = false;
    while (at < end) {
        if (c->buf[at] == ':') {
            if (at + 1 < end && c->buf[at + 1] == ':') {
                *escaped = true;
                at += 2;
                continue;
            }
            return at;
        }
        at++;
    }
    return end;
}

/* "14=6553f0f1" or "8=1a,2b": key and value(s), hex. */
static void parse_ext_attr(struct ipmsg_ctx *c, uint32_t off, uint32_t len)
{
    ipmsg_emit(c, IPMSG_F_FILE_EXT, off, len, 0, 0);
    c->depth++;
    uint32_t key_len;
    bool has_eq;
    uint32_t value_off = ipmsg_split(c, off, off + len, '=', &key_len, &has_eq);
    if (!has_eq) {
        ipmsg_problem(c, IPMSG_P_FILE_BAD_EXT, off, len);
    } else {
        ipmsg_emit_hex(c, IPMSG_F_FILE_EXT_KEY, off, key_len, UINT32_MAX, NULL);
        ipmsg_emit(c, IPMSG_F_FILE_EXT_VALUE, value_off, off + len - value_off, 0, 0);
    }
    c->depth--;
}

static void parse_attr(struct ipmsg_ctx *c, uint32_t off, uint32_t len)
{
    uint64_t attr;
    if (!ipmsg_emit_hex(c, IPMSG_F_FILE_ATTR, off, len, UINT32_MAX, &attr))
        return;
    c->depth++;
    uint32_t type = (uint32_t)(attr & 0xff);
    ipmsg_emit(c, IPMSG_F_FILE_TYPE, off, len, type, 0);
    if (!ipmsg_value_name(IPMSG_T_FILE_TYPE, type))
        ipmsg_problem(c, IPMSG_P_FILE_UNKNOWN_TYPE, off, len);
    c->depth--;
}

static void parse_entry(struct ipmsg_ctx *c, uint32_t off, uint32_t end, bool terminated)
{
    uint32_t heading = ipmsg_open(c, IPMSG_F_FILE, off);
    uint32_t at = off;
    unsigned n = 0;
    while (at < end) {
        bool escaped = false;
        /* The id is decimal and ends at the first ':' ("0:::x" is id 0, name ":x"). */
        uint32_t fend = n == F_ID ? ipmsg_find(c, at, end, ':') : field_end(c, at, end, &escaped);
        uint32_t flen = fend - at;
        switch (n) {
        case F_ID: ipmsg_emit_dec(c, IPMSG_F_FILE_ID, at, flen, UINT32_MAX, NULL); break;
        case F_NAME: ipmsg_emit(c, IPMSG_F_FILE_NAME, at, flen, 0, escaped ? IPMSG_ITEM_ESCAPED : 0); break;
        case F_SIZE: ipmsg_emit_hex(c, IPMSG_F_FILE_SIZE, at, flen, UINT64_MAX, NULL); break;
        case F_MTIME: ipmsg_emit_hex(c, IPMSG_F_FILE_MTIME, at, flen, UINT64_MAX, NULL); break;
        case F_ATTR: parse_attr(c, at, flen); break;
        default:
            if (flen > 0)
                parse_ext_attr(c, at, flen);
            break;
        }
        n++;
        at = fend + 1;
    }
    if (n < MIN_FIELDS)
        ipmsg_problem(c, IPMSG_P_FILE_MISSING_FIELDS, off, end - off);
    if (!terminated)
        ipmsg_problem(c, IPMSG_P_FILE_UNTERMINATED, off, end - off);
    ipmsg_close(c, heading, end);
}

uint32_t ipmsg_parse_filelist(struct ipmsg_ctx *c, uint32_t off, uint32_t end)
{
    uint32_t heading = ipmsg_open(c, IPMSG_F_FILES, off);
    uint32_t count = 0;
    uint32_t at = off;
    while (at < end) {
        uint32_t chunk_len;
        bool terminated;
        uint32_t next = ipmsg_split(c, at, end, '\a', &chunk_len, &terminated);
        uint32_t s = at, e = at + chunk_len;
        if (s < e && c->buf[s] == ':')
            s++;
        if (s < e && c->buf[e - 1] == ':' && (e - 1 == s || c->buf[e - 2] != ':'))
            e--;
        if (s < e) {
            parse_entry(c, s, e, terminated);
            count++;
        }
        at = next;
    }
    ipmsg_close(c, heading, end);
    return count;
}
