/* SENDMSG: text (or ciphertext) \0 attachment list \0 TO list. */
#include "ipmsg_scan.h"

#include <string.h>

static const char FONT_OPEN[] = "{/font;";
static const char TO_PREFIX[] = "TO:";

/* TO list (spec v13): "TO:user1:host1\auser2:host2..." */
static void parse_to_list(struct ipmsg_ctx *c, uint32_t off, uint32_t end)
{
    uint32_t heading = ipmsg_open(c, IPMSG_F_TO_LIST, off);
    uint32_t at = off + (uint32_t)(sizeof TO_PREFIX - 1);
    while (at < end) {
        uint32_t entry_len;
        bool found;
        uint32_t next = ipmsg_split(c, at, end, '\a', &entry_len, &found);
        if (entry_len > 0) {
            uint32_t user_len;
            bool has_host;
            uint32_t host_off = ipmsg_split(c, at, at + entry_len, ':', &user_len, &has_host);
            ipmsg_emit(c, IPMSG_F_TO_USER, at, user_len, 0, 0);
            if (has_host)
                ipmsg_emit(c, IPMSG_F_TO_HOST, host_off, at + entry_len - host_off, 0, 0);
            else
                ipmsg_problem(c, IPMSG_P_SECTION_TRUNCATED, at, entry_len);
        }
        at = next;
    }
    ipmsg_close(c, heading, end);
}

static bool has_prefix(const struct ipmsg_ctx *c, struct ipmsg_section s, const char *prefix, size_t n)
{
    return s.len >= n && memcmp(c->buf + s.off, prefix, n) == 0;
}

/* Does the section hold "{/font;" anywhere? */
static bool has_font_open(const struct ipmsg_ctx *c, struct ipmsg_section s)
{
    const size_t n = sizeof FONT_OPEN - 1;
    uint32_t end = s.off + s.len;
    for (uint32_t at = ipmsg_find(c, s.off, end, '{'); end - at >= n; at = ipmsg_find(c, at + 1, end, '{'))
        if (memcmp(c->buf + at, FONT_OPEN, n) == 0)
            return true;
    return false;
}

/* Clear text, with a FeiQ/Feige font trailer split off when present. */
static void parse_text(struct ipmsg_ctx *c, struct ipmsg_section s)
{
    struct ipmsg_msg *m = c->msg;
    m->summary = (struct ipmsg_span){s.off, s.len};
    m->summary_field = IPMSG_F_MESSAGE;
    bool trailer = s.len >= sizeof FONT_OPEN + 1 && c->buf[s.off + s.len - 1] == '}' &&
                   c->buf[s.off + s.len - 2] == ';';
    if (m->dialect == IPMSG_DIALECT_FEIQ || (trailer && has_font_open(c, s))) {
        ipmsg_parse_feiq_text(c, s.off, s.len);
        return;
    }
    ipmsg_emit(c, IPMSG_F_MESSAGE, s.off, s.len, 0, 0);
}

void ipmsg_parse_message(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_msg *m = c->msg;
    struct ipmsg_section s;
    if (!ipmsg_next_section(c, &pos, end, &s))
        return;
    bool encrypted = (m->options & IPMSG_ENCRYPTOPT) != 0;
    if (encrypted)
        ipmsg_parse_encrypted(c, s.off, s.off + s.len);
    else
        parse_text(c, s);

    /* With ENCEXTMSGOPT the list travels inside the ciphertext. */
    bool list_in_clear = (m->options & IPMSG_FILEATTACHOPT) && !(encrypted && (m->options & IPMSG_ENCEXTMSGOPT));
    uint32_t before_list = pos;
    if (list_in_clear && ipmsg_next_section(c, &pos, end, &s)) {
        if (has_prefix(c, s, TO_PREFIX, sizeof TO_PREFIX - 1)) {
            pos = before_list;   /* no list; the TO list comes next */
        } else if (s.len > 0) {
            m->n_files = ipmsg_parse_filelist(c, s.off, s.off + s.len);
        }
    }
    uint32_t before_to = pos;
    bool got = ipmsg_next_section(c, &pos, end, &s);
    if (got && s.len == 0 && !list_in_clear)
        got = ipmsg_next_section(c, &pos, end, &s);   /* "text\0\0TO:..." has an empty list */
    if (got && has_prefix(c, s, TO_PREFIX, sizeof TO_PREFIX - 1))
        parse_to_list(c, s.off, s.off + s.len);
    else
        pos = before_to;
    ipmsg_emit_leftover(c, pos, end);
}
