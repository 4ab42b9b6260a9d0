/* Attachment list: entries "id:name:size:mtime:attr[:key=val...]" separated
 * by BEL.  Clients disagree on the colons around the BEL (":\a", "\a",
 * "\a:", ":\a:"), so each entry loses one leading and one trailing ':'.
 * Names escape ':' as "::", so a field ends at a ':' not followed by ':'. */
#include "ipmsg_scan.h"

enum { F_ID, F_NAME, F_SIZE, F_MTIME, F_ATTR, MIN_FIELDS };

/* End of the field starting at `at`: the next single ':' or `end`. */
uint32_t ipmsg_escaped_field_end(const struct ipmsg_ctx *c, uint32_t at, uint32_t end, bool *escaped)
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
void ipmsg_parse_ext_attr(struct ipmsg_ctx *c, uint32_t off, uint32_t len, enum ipmsg_field ext_field,
                          enum ipmsg_field key_field, enum ipmsg_field value_field)
{
    ipmsg_emit(c, ext_field, off, len, 0, 0);
    c->depth++;
    uint32_t key_len;
    bool has_eq;
    uint32_t value_off = ipmsg_split(c, off, off + len, '=', &key_len, &has_eq);
    if (!has_eq) {
        ipmsg_problem(c, IPMSG_P_FILE_BAD_EXT, off, len);
    } else {
        ipmsg_emit_hex(c, key_field, off, key_len, UINT32_MAX, NULL);
        ipmsg_emit(c, value_field, value_off, off + len - value_off, 0, 0);
    }
    c->depth--;
}

bool ipmsg_parse_file_attr(struct ipmsg_ctx *c, uint32_t off, uint32_t len, enum ipmsg_field attr_field,
                           enum ipmsg_field type_field, uint64_t *attr)
{
    if (!ipmsg_emit_hex(c, attr_field, off, len, UINT32_MAX, attr))
        return false;
    c->depth++;
    uint32_t type = (uint32_t)(*attr & 0xff);
    ipmsg_emit(c, type_field, off, len, type, 0);
    if (!ipmsg_value_name(IPMSG_T_FILE_TYPE, type))
        ipmsg_problem(c, IPMSG_P_FILE_UNKNOWN_TYPE, off, len);
    c->depth--;
    return true;
}

static void parse_entry(struct ipmsg_ctx *c, uint32_t off, uint32_t end, bool terminated)
{
    uint32_t heading = ipmsg_open(c, IPMSG_F_FILE, off);
    uint32_t at = off;
    unsigned n = 0;
    while (at < end) {
        bool escaped = false;
        /* The id is decimal and ends at the first ':' ("0:::x" is id 0, name ":x"). */
        uint32_t fend = n == F_ID ? ipmsg_find(c, at, end, ':') : ipmsg_escaped_field_end(c, at, end, &escaped);
        uint64_t attr;
        uint32_t flen = fend - at;
        switch (n) {
        case F_ID: ipmsg_emit_dec(c, IPMSG_F_FILE_ID, at, flen, UINT32_MAX, NULL); break;
        case F_NAME: ipmsg_emit(c, IPMSG_F_FILE_NAME, at, flen, 0, escaped ? IPMSG_ITEM_ESCAPED : 0); break;
        case F_SIZE: ipmsg_emit_hex(c, IPMSG_F_FILE_SIZE, at, flen, UINT64_MAX, NULL); break;
        case F_MTIME: ipmsg_emit_hex(c, IPMSG_F_FILE_MTIME, at, flen, UINT64_MAX, NULL); break;
        case F_ATTR: ipmsg_parse_file_attr(c, at, flen, IPMSG_F_FILE_ATTR, IPMSG_F_FILE_TYPE, &attr); break;
        default:
            if (flen > 0)
                ipmsg_parse_ext_attr(c, at, flen, IPMSG_F_FILE_EXT, IPMSG_F_FILE_EXT_KEY, IPMSG_F_FILE_EXT_VALUE);
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

/* ---- reading the entries back ---- */

size_t ipmsg_attachments(const struct ipmsg_msg *msg, struct ipmsg_attachment *out, size_t max)
{
    size_t n = 0;
    uint32_t items = msg->n_items < IPMSG_MAX_ITEMS ? msg->n_items : IPMSG_MAX_ITEMS;
    for (uint32_t i = 0; i < items; i++) {
        const struct ipmsg_item *entry = &msg->items[i];
        if (entry->field != IPMSG_F_FILE)
            continue;
        struct ipmsg_attachment a = {.name = {IPMSG_NO_OFFSET, 0}};
        uint32_t j = i + 1;
        for (; j < items && msg->items[j].depth > entry->depth; j++) {
            const struct ipmsg_item *it = &msg->items[j];
            if (it->depth != entry->depth + 1)
                continue;
            switch (it->field) {
            case IPMSG_F_FILE_ID: a.has_id = true; a.id = (uint32_t)it->value; break;
            case IPMSG_F_FILE_NAME:
                a.name = (struct ipmsg_span){it->off, it->len};
                a.name_escaped = (it->flags & IPMSG_ITEM_ESCAPED) != 0;
                break;
            case IPMSG_F_FILE_SIZE: a.has_size = true; a.size = it->value; break;
            case IPMSG_F_FILE_ATTR: a.has_attr = true; a.attr = (uint32_t)it->value; break;
            default: break;
            }
        }
        if (n < max)
            out[n] = a;
        n++;
        i = j - 1;
    }
    return n;
}
