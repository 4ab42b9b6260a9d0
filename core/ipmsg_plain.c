/* Decrypted bodies, parsed like the clear packets they stand for: the
 * plaintext of an encrypted SENDMSG (docs/ipmsg-protocol.md §5.2) and of a
 * FeiQ group message or announcement (§5.4).  The decryption itself is in
 * ipmsg_decrypt.c; these parsers see only the plaintext bytes. */
#include "ipmsg_scan.h"

#include <string.h>

static const char GROUP_MARK[] = "QUNMSGMARK";
#define FEIQ_GROUPINFO_MODE 0xC9

/* A result for buf that inherits the outer packet's header values: the
 * plaintext has no header of its own, and its charset and option-dependent
 * layout follow the packet it came in. */
static void start(struct ipmsg_ctx *c, const uint8_t *buf, size_t len, const struct ipmsg_msg *outer,
                  struct ipmsg_msg *out)
{
    static const struct ipmsg_span none = {IPMSG_NO_OFFSET, 0};
    memset(out, 0, offsetof(struct ipmsg_msg, items));
    out->transport = outer->transport;
    out->dialect = outer->dialect;
    out->header_ok = outer->header_ok;
    out->packet_no_ok = outer->packet_no_ok;
    out->command_ok = outer->command_ok;
    out->packet_no = outer->packet_no;
    out->command = outer->command;
    out->mode = outer->mode;
    out->options = outer->options & ~IPMSG_ENCRYPTOPT;
    out->family = outer->family;
    out->cmd = outer->cmd;
    out->version = out->user = out->host = out->body = none;
    out->utf8_user = out->utf8_host = out->utf8_nickname = out->nickname = out->summary = none;
    *c = (struct ipmsg_ctx){.buf = buf, .len = len > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)len, .msg = out};
}

void ipmsg_parse_decrypted(const uint8_t *buf, size_t len, const struct ipmsg_msg *outer, struct ipmsg_msg *out)
{
    struct ipmsg_ctx c;
    start(&c, buf, len, outer, out);
    uint32_t heading = ipmsg_open(&c, IPMSG_F_DECRYPTED, 0);
    if (outer->options & IPMSG_ENCEXTMSGOPT) {
        /* text \0 files \0 [TO list \0]: the clear layout, list included */
        ipmsg_parse_message(&c, 0, c.len);
    } else {
        /* DecryptMsg reads only the first string without ENCEXTMSGOPT
         * (a list, if any, travels in clear after the ciphertext). */
        out->options &= ~IPMSG_FILEATTACHOPT;
        uint32_t pos = 0;
        struct ipmsg_section s;
        if (ipmsg_next_section(&c, &pos, c.len, &s)) {
            ipmsg_emit(&c, IPMSG_F_MESSAGE, s.off, s.len, 0, 0);
            out->summary = (struct ipmsg_span){s.off, s.len};
            out->summary_field = IPMSG_F_MESSAGE;
        }
        ipmsg_emit_leftover(&c, pos, c.len);
    }
    ipmsg_close(&c, heading, c.len);
}

/* "QUNMSGMARK#<id hex>[_<time>]#<GBK text>{/font;...}" (0x23) or
 * "QUNMSGMARK#<id hex>#[group name]" (0xC9). */
void ipmsg_parse_feiq_group_plain(const uint8_t *buf, size_t len, const struct ipmsg_msg *outer,
                                  struct ipmsg_msg *out)
{
    struct ipmsg_ctx c;
    start(&c, buf, len, outer, out);
    uint32_t heading = ipmsg_open(&c, IPMSG_F_DECRYPTED, 0);
    uint32_t end = c.len, mark_len = (uint32_t)(sizeof GROUP_MARK - 1);
    while (end > 0 && buf[end - 1] == 0)   /* a C string's NUL, if a client sends one */
        end--;

    uint32_t id_len, text_off = end;
    bool has_id_end = false;
    bool marked = end > mark_len && memcmp(buf, GROUP_MARK, mark_len) == 0 && buf[mark_len] == '#';
    if (marked) {
        ipmsg_emit(&c, IPMSG_F_FEIQ_GROUP_MARK, 0, mark_len, 0, 0);
        uint32_t id_off = mark_len + 1;
        text_off = ipmsg_split(&c, id_off, end, '#', &id_len, &has_id_end);
        uint32_t gid_len;
        bool has_time;
        uint32_t time_off = ipmsg_split(&c, id_off, id_off + id_len, '_', &gid_len, &has_time);
        ipmsg_emit(&c, IPMSG_F_FEIQ_GROUP_ID, id_off, gid_len, 0, 0);
        if (has_time)
            ipmsg_emit_dec(&c, IPMSG_F_FEIQ_GROUP_TIME, time_off, id_off + id_len - time_off, UINT32_MAX, NULL);
    }
    if (!marked || !has_id_end) {
        ipmsg_problem(&c, IPMSG_P_FEIQ_GROUP_MALFORMED, 0, end);
        if (!marked && end > 0)
            ipmsg_emit(&c, IPMSG_F_DATA, 0, end, 0, 0);
    } else if (outer->mode == FEIQ_GROUPINFO_MODE) {
        if (text_off < end)
            ipmsg_emit(&c, IPMSG_F_GROUP, text_off, end - text_off, 0, 0);
    } else {
        ipmsg_parse_feiq_text(&c, text_off, end - text_off);
    }
    if (end < c.len)
        ipmsg_emit(&c, IPMSG_F_PADDING, end, c.len - end, 0, 0);
    ipmsg_close(&c, heading, c.len);
}
