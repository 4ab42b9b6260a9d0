/* IPDict (official IPMsg >= 4.50): "IP2:" hexlen ":" content ":Z", where
 * content is "key:hexlen:value" entries joined by ':'.  Values are
 * typeless (ints as hex, strings UTF-8, nested dictionaries). */
#include "ipmsg_scan.h"

#include <string.h>

static const char HEAD[] = "IP2:";
static const char FOOT[] = ":Z";
#define MAX_NESTING 4

/* Top-level keys that carry what a colon header would. */
static const struct {
    const char *key;
    enum ipmsg_field field;
} header_keys[] = {
    {"PKT", IPMSG_F_PACKET_NO},
    {"UID", IPMSG_F_USER},
    {"HID", IPMSG_F_HOST},
    {"NCK", IPMSG_F_NICKNAME},
    {"GRP", IPMSG_F_GROUP},
    {"BODY", IPMSG_F_MESSAGE},
};

static bool key_is(const struct ipmsg_ctx *c, uint32_t off, uint32_t len, const char *key)
{
    size_t n = strlen(key);
    return len == n && memcmp(c->buf + off, key, n) == 0;
}

static void emit_header_value(struct ipmsg_ctx *c, uint32_t key_off, uint32_t key_len, uint32_t off, uint32_t len)
{
    struct ipmsg_msg *m = c->msg;
    for (size_t i = 0; i < sizeof header_keys / sizeof header_keys[0]; i++) {
        if (!key_is(c, key_off, key_len, header_keys[i].key))
            continue;
        enum ipmsg_field f = header_keys[i].field;
        if (f == IPMSG_F_PACKET_NO) {
            uint64_t v;
            if (ipmsg_parse_hex(c->buf + off, len, &v) == IPMSG_NUM_OK) {
                ipmsg_emit(c, f, off, len, v, 0);
                m->packet_no = v;
                m->packet_no_ok = true;
            }
            return;
        }
        ipmsg_emit(c, f, off, len, 0, 0);
        struct ipmsg_span span = {off, len};
        if (f == IPMSG_F_USER)
            m->user = span;
        else if (f == IPMSG_F_HOST)
            m->host = span;
        else if (f == IPMSG_F_MESSAGE || (f == IPMSG_F_NICKNAME && !ipmsg_span_present(m->summary))) {
            m->summary = span;
            m->summary_field = f;
        }
        return;
    }
}

static uint32_t parse_dict(struct ipmsg_ctx *c, uint32_t off, uint32_t end, unsigned nesting);

/* Entries in [off, end); false when the structure does not hold. */
static bool parse_content(struct ipmsg_ctx *c, uint32_t off, uint32_t end, unsigned nesting)
{
    uint32_t at = off;
    while (at < end) {
        uint32_t key_len, hex_len;
        bool found;
        uint32_t len_off = ipmsg_split(c, at, end, ':', &key_len, &found);
        if (!found || key_len == 0)
            return false;
        uint32_t value_off = ipmsg_split(c, len_off, end, ':', &hex_len, &found);
        uint64_t value_len;
        if (!found || ipmsg_parse_hex(c->buf + len_off, hex_len, &value_len) != IPMSG_NUM_OK ||
            value_len > end - value_off)
            return false;
        uint32_t vlen = (uint32_t)value_len;
        ipmsg_emit(c, IPMSG_F_IPDICT_KEY, at, key_len, 0, 0);
        c->depth++;
        bool nested = vlen >= sizeof HEAD - 1 && memcmp(c->buf + value_off, HEAD, sizeof HEAD - 1) == 0;
        if (nested && nesting < MAX_NESTING) {
            parse_dict(c, value_off, value_off + vlen, nesting + 1);
        } else {
            ipmsg_emit(c, IPMSG_F_IPDICT_VALUE, value_off, vlen, 0, 0);
            /* Only a whole-datagram dictionary stands for the header; a body
             * dictionary must not replace the colon header's values. */
            if (nesting == 0 && c->msg->dialect == IPMSG_DIALECT_IPDICT)
                emit_header_value(c, at, key_len, value_off, vlen);
        }
        c->depth--;
        at = value_off + vlen;
        if (at == end)
            break;
        if (c->buf[at] != ':')
            return false;
        at++;
    }
    return true;
}

static uint32_t parse_dict(struct ipmsg_ctx *c, uint32_t off, uint32_t end, unsigned nesting)
{
    uint32_t heading = ipmsg_open(c, IPMSG_F_IPDICT, off);
    uint32_t len_off = off + (uint32_t)(sizeof HEAD - 1);
    uint32_t hex_len;
    bool found;
    uint32_t content = ipmsg_split(c, len_off, end, ':', &hex_len, &found);
    uint64_t content_len = 0;
    if (found && ipmsg_parse_hex(c->buf + len_off, hex_len, &content_len) == IPMSG_NUM_OK &&
        end - content >= sizeof FOOT - 1 && content_len <= end - content - (sizeof FOOT - 1)) {
        uint32_t content_end = content + (uint32_t)content_len;
        uint32_t dict_end = content_end + (uint32_t)(sizeof FOOT - 1);
        if (memcmp(c->buf + content_end, FOOT, sizeof FOOT - 1) == 0) {
            ipmsg_emit(c, IPMSG_F_IPDICT_LEN, len_off, hex_len, content_len, 0);
            if (!parse_content(c, content, content_end, nesting))
                ipmsg_problem(c, IPMSG_P_IPDICT_MALFORMED, content, (uint32_t)content_len);
            ipmsg_close(c, heading, dict_end);
            return dict_end;
        }
    }
    ipmsg_problem(c, IPMSG_P_IPDICT_MALFORMED, off, end - off);
    ipmsg_close(c, heading, end);
    return end;
}

uint32_t ipmsg_parse_ipdict(struct ipmsg_ctx *c, uint32_t off, uint32_t end)
{
    return parse_dict(c, off, end, 0);
}
