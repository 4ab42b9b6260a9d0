/* Entry family: nickname \0 group, then either the official UTF-8 name
 * block ("\nUN:..\nHN:..\nNN:..\nGN:..\nVS:..") or iptux's icon \0 encoding. */
#include "ipmsg_scan.h"

#include <string.h>

enum block_key { KEY_UN, KEY_HN, KEY_NN, KEY_GN, KEY_VS, KEY_PL, KEY_IP };

static const struct {
    char key[3];
    enum block_key id;
    enum ipmsg_field field;
} block_keys[] = {
    {"UN", KEY_UN, IPMSG_F_UTF8_USER},     {"HN", KEY_HN, IPMSG_F_UTF8_HOST},  {"NN", KEY_NN, IPMSG_F_UTF8_NICKNAME},
    {"GN", KEY_GN, IPMSG_F_UTF8_GROUP},    {"VS", KEY_VS, IPMSG_F_VS},         {"PL", KEY_PL, IPMSG_F_UTF8_POLL},
    {"IP", KEY_IP, IPMSG_F_UTF8_IPDICT},
};

/* Release stage from the revision code: +0 alpha, +50 beta, +100 release. */
static void emit_vs_stage(struct ipmsg_ctx *c, uint32_t off, uint32_t len, uint64_t rev)
{
    uint32_t stage = rev >= 100 ? 2 : rev >= 50 ? 1 : 0;
    uint64_t build = rev - (stage == 2 ? 100 : stage == 1 ? 50 : 0);
    ipmsg_emit(c, IPMSG_F_VS_STAGE, off, len, stage, IPMSG_ITEM_GENERATED);
    ipmsg_emit(c, IPMSG_F_VS_BUILD, off, len, build, IPMSG_ITEM_GENERATED);
}

/* "%08X:%d:%d:%d" = platform : major : minor : revision code */
static void parse_vs(struct ipmsg_ctx *c, uint32_t off, uint32_t end)
{
    static const enum ipmsg_field parts[] = {IPMSG_F_VS_PLATFORM, IPMSG_F_VS_MAJOR, IPMSG_F_VS_MINOR, IPMSG_F_VS_REV};
    uint32_t at = off;
    uint32_t n = 0;
    bool ok = true;
    c->depth++;
    for (; n < 4 && at < end; n++) {
        uint32_t flen;
        bool found;
        uint32_t next = ipmsg_split(c, at, end, ':', &flen, &found);
        uint64_t v = 0;
        bool good = n == 0 ? ipmsg_emit_hex(c, parts[n], at, flen, UINT32_MAX, &v)
                           : ipmsg_emit_dec(c, parts[n], at, flen, UINT32_MAX, &v);
        ok = ok && good;
        if (n == 3 && good)
            emit_vs_stage(c, at, flen, v);
        at = next;
        if (!found) {
            n++;
            break;
        }
    }
    if (n < 4 || at < end || !ok)
        ipmsg_problem(c, IPMSG_P_VS_MALFORMED, off, end - off);
    c->depth--;
}

static void parse_utf8_block(struct ipmsg_ctx *c, uint32_t off, uint32_t end)
{
    struct ipmsg_msg *m = c->msg;
    uint32_t heading = ipmsg_open(c, IPMSG_F_UTF8_BLOCK, off);
    uint32_t at = off;
    while (at < end) {
        uint32_t line_len;
        bool found;
        uint32_t next = ipmsg_split(c, at, end, '\n', &line_len, &found);
        if (line_len == 0) {
            at = next;
            continue;
        }
        const uint8_t *line = c->buf + at;
        size_t k = 0;
        if (line_len >= 3 && line[2] == ':')
            for (; k < sizeof block_keys / sizeof block_keys[0]; k++)
                if (memcmp(line, block_keys[k].key, 2) == 0)
                    break;
        if (line_len < 3 || line[2] != ':' || k == sizeof block_keys / sizeof block_keys[0]) {
            ipmsg_emit(c, IPMSG_F_UTF8_OTHER, at, line_len, 0, 0);
            ipmsg_problem(c, IPMSG_P_UTF8_UNKNOWN_KEY, at, line_len);
            at = next;
            continue;
        }
        uint32_t voff = at + 3, vlen = line_len - 3;
        struct ipmsg_span value = {voff, vlen};
        switch (block_keys[k].id) {
        case KEY_UN: m->utf8_user = value; break;
        case KEY_HN: m->utf8_host = value; break;
        case KEY_NN: m->utf8_nickname = value; break;
        default: break;
        }
        if (block_keys[k].id == KEY_PL) {
            ipmsg_emit_dec(c, IPMSG_F_UTF8_POLL, voff, vlen, UINT32_MAX, NULL);
        } else {
            ipmsg_emit(c, block_keys[k].field, voff, vlen, 0, 0);
            if (block_keys[k].id == KEY_VS)
                parse_vs(c, voff, voff + vlen);
        }
        at = next;
    }
    ipmsg_close(c, heading, end);
}

static bool starts_block(const struct ipmsg_ctx *c, const struct ipmsg_section *s)
{
    return s->len > 0 && c->buf[s->off] == '\n';
}

void ipmsg_parse_entry(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_msg *m = c->msg;
    struct ipmsg_section s;
    if (!ipmsg_next_section(c, &pos, end, &s))
        return;
    ipmsg_emit(c, IPMSG_F_NICKNAME, s.off, s.len, 0, 0);
    m->nickname = (struct ipmsg_span){s.off, s.len};
    m->summary = m->nickname;
    m->summary_field = IPMSG_F_NICKNAME;

    bool have = ipmsg_next_section(c, &pos, end, &s);
    if (have && !starts_block(c, &s)) {
        ipmsg_emit(c, IPMSG_F_GROUP, s.off, s.len, 0, 0);
        have = ipmsg_next_section(c, &pos, end, &s);
    }
    if (have && starts_block(c, &s)) {
        parse_utf8_block(c, s.off, s.off + s.len);
    } else if (have) {
        /* iptux (and compatible clients): icon file \0 encoding \0 */
        struct ipmsg_section enc;
        uint32_t after_icon = pos;
        bool has_enc = ipmsg_next_section(c, &after_icon, end, &enc) && enc.len > 0;
        if (m->dialect == IPMSG_DIALECT_IPTUX || has_enc) {
            ipmsg_emit(c, IPMSG_F_IPTUX_ICON, s.off, s.len, 0, 0);
            if (has_enc) {
                ipmsg_emit(c, IPMSG_F_IPTUX_ENCODING, enc.off, enc.len, 0, 0);
                pos = after_icon;
            }
        } else {
            pos = s.off;  /* not understood: report it as an extra section */
        }
    }
    if (ipmsg_span_present(m->utf8_nickname) && m->utf8_nickname.len > 0) {
        m->summary = m->utf8_nickname;
        m->summary_field = IPMSG_F_UTF8_NICKNAME;
    }
    ipmsg_emit_leftover(c, pos, end);
}
