/* The GETDIRFILES answer, record by record (docs/ipmsg-protocol.md §6.5;
 * official mainwinfile.cpp MakeDirHeader, iptux SendFileData.cpp):
 *
 *     hdrsize ':' name ':' size ':' attr [':' key '=' value]* ':' contents
 *
 * The header size is the only way to find where a header ends (extended
 * attributes run up to it, and contents may start with anything), so it is
 * trusted once it is sane, and a header that makes no sense breaks the
 * stream: without the header there is no telling where the next record
 * starts.  Every read is bounded by the buffer and by the header size;
 * every call consumes bytes or reports that it needs more. */
#include "ipmsg_scan.h"

#include <string.h>

#define SIZE_DIGITS_MAX 8   /* hex digits of the header size accepted ("%04x" on the wire) */
#define MIN_AFTER_SIZE 5    /* ":0:1:" is the shortest rest: empty name, one-digit size and attr */

enum { TYPE_DIR = 2, TYPE_RETPARENT = 3 };

static void reset_items(struct ipmsg_msg *m)
{
    static const struct ipmsg_span none = {IPMSG_NO_OFFSET, 0};
    memset(m, 0, offsetof(struct ipmsg_msg, items));
    m->transport = IPMSG_TCP;
    m->version = m->user = m->host = m->body = none;
    m->utf8_user = m->utf8_host = m->utf8_nickname = m->nickname = m->summary = none;
    m->family = IPMSG_FAM_FILEREQ;
}

static void bad(struct ipmsg_ctx *c, struct ipmsg_dir_result *r, enum ipmsg_problem problem, uint32_t off,
                uint32_t len)
{
    r->status = IPMSG_DIR_BAD;
    r->problem = problem;
    ipmsg_problem(c, problem, off, len);
}

/* The fields after the size field, in [at, end) where end is the header's
 * end: name, size, attribute, then extended attributes up to the end.  The
 * final ':' is not needed to parse them, but its absence is reported. */
static void parse_fields(struct ipmsg_ctx *c, struct ipmsg_dir_result *r, uint32_t at, uint32_t end)
{
    struct ipmsg_dir_header *h = &r->hdr;
    bool closed = c->buf[end - 1] == ':';
    uint32_t fields_end = closed ? end - 1 : end;
    bool escaped = false, more, have_size = false, have_attr = false;
    uint32_t flen, next;

    uint32_t name_end = ipmsg_escaped_field_end(c, at, fields_end, &escaped);
    h->name = (struct ipmsg_span){at, name_end - at};
    h->name_escaped = escaped;
    ipmsg_emit(c, IPMSG_F_DIR_NAME, at, name_end - at, 0, escaped ? IPMSG_ITEM_ESCAPED : 0);
    more = name_end < fields_end;
    at = more ? name_end + 1 : fields_end;

    if (more) {
        next = ipmsg_split(c, at, fields_end, ':', &flen, &more);
        have_size = ipmsg_emit_hex(c, IPMSG_F_DIR_SIZE, at, flen, UINT64_MAX, &h->size);
        at = next;
    }
    if (more) {
        uint64_t attr = 0;
        next = ipmsg_split(c, at, fields_end, ':', &flen, &more);
        have_attr = ipmsg_parse_file_attr(c, at, flen, IPMSG_F_DIR_ATTR, IPMSG_F_DIR_TYPE, &attr);
        h->attr = (uint32_t)attr;
        h->type = (uint8_t)(attr & 0xff);
        at = next;
    }
    while (more) {
        next = ipmsg_split(c, at, fields_end, ':', &flen, &more);
        if (flen > 0)
            ipmsg_parse_ext_attr(c, at, flen, IPMSG_F_DIR_EXT, IPMSG_F_DIR_EXT_KEY, IPMSG_F_DIR_EXT_VALUE);
        at = next;
    }
    if (!have_size || !have_attr) {
        /* Without size and type there is no telling where the next record starts. */
        bad(c, r, IPMSG_P_DIR_MALFORMED, 0, end);
        return;
    }
    if (!closed)
        ipmsg_problem(c, IPMSG_P_DIR_MALFORMED, end - 1, 1);
}

void ipmsg_dir_header_parse(const uint8_t *buf, size_t len, struct ipmsg_dir_result *r, struct ipmsg_msg *items)
{
    memset(r, 0, sizeof *r);
    r->problem = IPMSG_P_COUNT;
    r->hdr.name = (struct ipmsg_span){IPMSG_NO_OFFSET, 0};
    if (items)
        reset_items(items);
    struct ipmsg_ctx c = {.buf = buf, .len = len > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)len, .msg = items};

    /* the size field: hex digits and a ':' within the first 9 bytes */
    uint32_t scan = c.len < SIZE_DIGITS_MAX + 1 ? c.len : SIZE_DIGITS_MAX + 1;
    uint32_t colon = ipmsg_find(&c, 0, scan, ':');
    if (colon == scan) {
        if (c.len > SIZE_DIGITS_MAX) {
            bad(&c, r, IPMSG_P_DIR_HEADER_SIZE, 0, scan);
        } else {
            r->status = IPMSG_DIR_MORE;   /* how long the header is, is not known yet */
            if (!ipmsg_all_bytes(buf, c.len, ipmsg_is_hex_digit))
                bad(&c, r, IPMSG_P_DIR_HEADER_SIZE, 0, c.len);
        }
        return;
    }
    uint64_t size = 0;
    if (ipmsg_parse_hex(buf, colon, &size) != IPMSG_NUM_OK || size > IPMSG_DIR_MAX_HEADER ||
        size < (uint64_t)colon + 1 + MIN_AFTER_SIZE) {
        bad(&c, r, IPMSG_P_DIR_HEADER_SIZE, 0, colon);
        return;
    }
    r->hdr.len = (uint32_t)size;
    if (c.len < r->hdr.len) {
        r->status = IPMSG_DIR_MORE;
        r->need = r->hdr.len;
        return;
    }

    r->status = IPMSG_DIR_OK;
    uint32_t heading = ipmsg_open(&c, IPMSG_F_DIR_RECORD, 0);
    ipmsg_emit(&c, IPMSG_F_DIR_HEADER_SIZE, 0, colon, size, 0);
    parse_fields(&c, r, colon + 1, r->hdr.len);
    ipmsg_close(&c, heading, r->hdr.len);
}

/* A record is over: the stream ends when no directory is open any more. */
static void record_done(struct ipmsg_dirstream *s)
{
    s->state = s->depth == 0 ? IPMSG_DIRS_DONE : IPMSG_DIRS_HEADER;
}

static void header_event(struct ipmsg_dirstream *s, const uint8_t *buf, size_t len, size_t *pos, bool at_end,
                         struct ipmsg_dir_event *ev)
{
    struct ipmsg_dir_result r;
    size_t left = len - *pos;

    ipmsg_dir_header_parse(buf + *pos, left, &r, NULL);
    if (r.status == IPMSG_DIR_MORE && !at_end) {
        ev->kind = IPMSG_DIR_EV_PARTIAL;
        ev->need = r.need;
        *pos = len;
        return;
    }
    if (r.status != IPMSG_DIR_OK) {
        ev->kind = IPMSG_DIR_EV_BAD;
        ev->problem = r.status == IPMSG_DIR_MORE ? IPMSG_P_DIR_TRUNCATED : r.problem;
        s->state = IPMSG_DIRS_BROKEN;
        *pos = len;
        return;
    }

    ev->kind = IPMSG_DIR_EV_RECORD;
    ev->len = r.hdr.len;
    ev->hdr = r.hdr;
    ev->depth = s->depth;
    *pos += r.hdr.len;
    s->records++;
    switch (r.hdr.type) {
    case TYPE_DIR:
        if (s->depth < UINT32_MAX)
            s->depth++;
        s->state = IPMSG_DIRS_HEADER;
        break;
    case TYPE_RETPARENT:
        if (s->depth == 0)
            ev->problem = IPMSG_P_DIR_UNBALANCED;
        else
            s->depth--;
        record_done(s);
        break;
    default:
        if (r.hdr.size > 0) {
            s->state = IPMSG_DIRS_CONTENT;
            s->content_size = s->content_left = r.hdr.size;
        } else {
            record_done(s);
        }
        break;
    }
}

bool ipmsg_dirstream_next(struct ipmsg_dirstream *s, const uint8_t *buf, size_t len, size_t *pos, bool at_end,
                          struct ipmsg_dir_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->problem = IPMSG_P_COUNT;
    ev->hdr.name = (struct ipmsg_span){IPMSG_NO_OFFSET, 0};
    if (*pos >= len)
        return false;
    if (len > UINT32_MAX - 1)
        len = UINT32_MAX - 1;   /* offsets are 32-bit; a segment never comes close */
    if (*pos >= len)
        return false;

    size_t left = len - *pos;
    ev->off = (uint32_t)*pos;
    ev->len = (uint32_t)left;   /* events that take the rest; the others set their own */
    switch (s->state) {
    case IPMSG_DIRS_HEADER:
        header_event(s, buf, len, pos, at_end, ev);
        break;
    case IPMSG_DIRS_CONTENT: {
        uint64_t n = s->content_left < left ? s->content_left : left;
        ev->kind = IPMSG_DIR_EV_CONTENT;
        ev->len = (uint32_t)n;
        ev->pos = s->content_size - s->content_left;
        ev->total = s->content_size;
        s->content_left -= n;
        ev->last = s->content_left == 0;
        *pos += (size_t)n;
        if (ev->last)
            record_done(s);
        break;
    }
    case IPMSG_DIRS_DONE:
        ev->kind = IPMSG_DIR_EV_EXTRA;
        ev->problem = IPMSG_P_DIR_EXTRA;
        s->state = IPMSG_DIRS_BROKEN;   /* reported once */
        *pos = len;
        break;
    case IPMSG_DIRS_BROKEN:
        ev->kind = IPMSG_DIR_EV_EXTRA;
        *pos = len;
        break;
    }
    return true;
}

enum ipmsg_problem ipmsg_dirstream_end(const struct ipmsg_dirstream *s)
{
    switch (s->state) {
    case IPMSG_DIRS_HEADER:
    case IPMSG_DIRS_CONTENT:
        return IPMSG_P_DIR_TRUNCATED;
    case IPMSG_DIRS_DONE:
    case IPMSG_DIRS_BROKEN:
        break;
    }
    return IPMSG_P_COUNT;
}
