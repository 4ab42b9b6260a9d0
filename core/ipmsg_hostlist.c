/* ANSLIST host list: "%5d\a%5d\a" (next start, count), then per host
 * user \a host \a status \a address \a port \a nick \a group \a, where an
 * empty nick or group is sent as a single '\b'. */
#include "ipmsg_scan.h"

static const enum ipmsg_field host_fields[] = {
    IPMSG_F_LIST_USER, IPMSG_F_LIST_HOSTNAME, IPMSG_F_LIST_STATUS, IPMSG_F_LIST_ADDR,
    IPMSG_F_LIST_PORT, IPMSG_F_LIST_NICKNAME, IPMSG_F_LIST_GROUP,
};
#define HOST_FIELDS (sizeof host_fields / sizeof host_fields[0])
#define HOSTLIST_DUMMY '\b'

/* The "%5d" numbers are right-aligned with spaces. */
static void trim_spaces(const struct ipmsg_ctx *c, uint32_t *off, uint32_t *len)
{
    while (*len > 0 && c->buf[*off] == ' ') {
        (*off)++;
        (*len)--;
    }
}

static void emit_host_field(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t off, uint32_t len)
{
    switch (field) {
    case IPMSG_F_LIST_STATUS:
        trim_spaces(c, &off, &len);
        {
            uint64_t v;
            if (ipmsg_parse_dec(c->buf + off, len, &v) == IPMSG_NUM_OK && v <= UINT32_MAX)
                ipmsg_emit_aux(c, field, off, len, v, IPMSG_FAM_ENTRY);
            else
                ipmsg_problem(c, IPMSG_P_NOT_DECIMAL, off, len);
        }
        break;
    case IPMSG_F_LIST_PORT:
        trim_spaces(c, &off, &len);
        ipmsg_emit_dec(c, field, off, len, 65535, NULL);
        break;
    case IPMSG_F_LIST_NICKNAME:
    case IPMSG_F_LIST_GROUP:
        if (len == 1 && c->buf[off] == HOSTLIST_DUMMY)
            len = 0;   /* the placeholder for "empty" */
        ipmsg_emit(c, field, off, len, 0, 0);
        break;
    default:
        ipmsg_emit(c, field, off, len, 0, 0);
        break;
    }
}

void ipmsg_parse_hostlist(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_section s;
    if (!ipmsg_next_section(c, &pos, end, &s))
        return;
    uint32_t at = s.off, s_end = s.off + s.len;
    uint64_t count = 0;
    bool count_ok = false;
    for (int i = 0; i < 2; i++) {
        uint32_t flen;
        bool found;
        uint32_t next = ipmsg_split(c, at, s_end, '\a', &flen, &found);
        uint32_t off = at;
        trim_spaces(c, &off, &flen);
        if (!found) {
            ipmsg_problem(c, IPMSG_P_LIST_MALFORMED, at, s_end - at);
            ipmsg_emit_leftover(c, pos, end);
            return;
        }
        if (i == 0)
            ipmsg_emit_dec(c, IPMSG_F_LIST_NEXT, off, flen, UINT32_MAX, NULL);
        else
            count_ok = ipmsg_emit_dec(c, IPMSG_F_LIST_COUNT, off, flen, UINT32_MAX, &count);
        at = next;
    }
    uint64_t hosts = 0;
    while (at < s_end) {
        uint32_t heading = ipmsg_open(c, IPMSG_F_LIST_HOST, at);
        uint32_t start = at;
        size_t n = 0;
        bool found = true;
        for (; n < HOST_FIELDS && at < s_end; n++) {
            uint32_t flen;
            uint32_t next = ipmsg_split(c, at, s_end, '\a', &flen, &found);
            /* A field cut off before its BEL is not trusted as a value. */
            if (found)
                emit_host_field(c, host_fields[n], at, flen);
            at = next;
            if (!found) {
                n++;
                break;
            }
        }
        if (n < HOST_FIELDS || !found)
            ipmsg_problem(c, IPMSG_P_LIST_MALFORMED, start, at - start);
        ipmsg_close(c, heading, at);
        hosts++;
    }
    if (count_ok && hosts != count)
        ipmsg_problem_detail(c, IPMSG_P_LIST_COUNT, s.off, s.len, (uint32_t)count);
    ipmsg_emit_leftover(c, pos, end);
}
