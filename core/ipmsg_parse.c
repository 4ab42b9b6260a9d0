/* The colon header and the dispatch of the additional section by command. */
#include "ipmsg_scan.h"

#include <string.h>

#define HEADER_FIELDS 5
#define MAX_VERSION_LEN 64   /* official MAX_VERBUF is 40; FeiQ's is longer */

static const char IPDICT_HEAD[] = "IP2:";

/* "1", "1_lbt6_0#128#...", "1_iptux 0.8.3", "1@tag" */
static void parse_version(struct ipmsg_ctx *c, uint32_t off, uint32_t len)
{
    struct ipmsg_msg *m = c->msg;
    uint32_t end = off + len;
    uint32_t digits = 0;
    while (digits < len && ipmsg_is_dec_digit(c->buf[off + digits]))
        digits++;

    ipmsg_emit(c, IPMSG_F_VERSION, off, len, 0, 0);
    c->depth++;
    uint64_t format = 0;
    if (digits == 0 || ipmsg_parse_dec(c->buf + off, digits, &format) != IPMSG_NUM_OK || format != 1) {
        if (digits > 0 && ipmsg_parse_dec(c->buf + off, digits, &format) == IPMSG_NUM_OK && format <= UINT32_MAX)
            ipmsg_emit(c, IPMSG_F_FORMAT_VERSION, off, digits, format, 0);
        ipmsg_problem(c, IPMSG_P_VERSION_UNKNOWN, off, len);
    } else {
        ipmsg_emit(c, IPMSG_F_FORMAT_VERSION, off, digits, format, 0);
    }

    const uint8_t *rest = c->buf + off + digits;
    uint32_t rest_len = len - digits;
    static const char lbt[] = "_lbt", iptux[] = "_iptux ";
    if (digits == 0)
        m->dialect = IPMSG_DIALECT_UNKNOWN;
    else if (rest_len == 0)
        m->dialect = IPMSG_DIALECT_OFFICIAL;
    else if (rest_len >= sizeof lbt - 1 && memcmp(rest, lbt, sizeof lbt - 1) == 0)
        m->dialect = IPMSG_DIALECT_FEIQ;
    else if (rest_len >= sizeof iptux - 1 && memcmp(rest, iptux, sizeof iptux - 1) == 0)
        m->dialect = IPMSG_DIALECT_IPTUX;
    else
        m->dialect = IPMSG_DIALECT_OTHER;
    ipmsg_emit(c, IPMSG_F_DIALECT, off, len, m->dialect, IPMSG_ITEM_GENERATED);

    switch (m->dialect) {
    case IPMSG_DIALECT_FEIQ:
        ipmsg_parse_feiq_version(c, off + digits, end);
        break;
    case IPMSG_DIALECT_IPTUX:
        ipmsg_emit(c, IPMSG_F_IPTUX_VERSION, off + digits + 7, rest_len - 7, 0, 0);
        break;
    case IPMSG_DIALECT_OTHER: {
        uint32_t skip = rest[0] == '@' || rest[0] == '_' ? 1 : 0;
        ipmsg_emit(c, IPMSG_F_VENDOR, off + digits + skip, rest_len - skip, 0, 0);
        break;
    }
    default:
        break;
    }
    c->depth--;
}

static void parse_packet_no(struct ipmsg_ctx *c, uint32_t off, uint32_t len)
{
    struct ipmsg_msg *m = c->msg;
    uint64_t v = 0;
    switch (ipmsg_parse_dec(c->buf + off, len, &v)) {
    case IPMSG_NUM_OK:
        m->packet_no = v;
        m->packet_no_ok = true;
        ipmsg_emit(c, IPMSG_F_PACKET_NO, off, len, v, 0);
        if (v > UINT32_MAX) {
            c->depth++;
            ipmsg_problem(c, IPMSG_P_PACKETNO_OVER_32BIT, off, len);
            c->depth--;
        }
        break;
    case IPMSG_NUM_OVERFLOW:
        ipmsg_problem(c, IPMSG_P_NUMBER_OVERFLOW, off, len);
        break;
    default:
        ipmsg_problem(c, IPMSG_P_PACKETNO_NOT_NUMERIC, off, len);
        break;
    }
}

static void parse_command(struct ipmsg_ctx *c, uint32_t off, uint32_t len)
{
    struct ipmsg_msg *m = c->msg;
    uint64_t v = 0;
    enum ipmsg_num_status st = ipmsg_parse_dec(c->buf + off, len, &v);
    if (st == IPMSG_NUM_OK && v > UINT32_MAX)
        st = IPMSG_NUM_OVERFLOW;
    if (st != IPMSG_NUM_OK) {
        ipmsg_problem(c, st == IPMSG_NUM_OVERFLOW ? IPMSG_P_COMMAND_OVERFLOW : IPMSG_P_COMMAND_NOT_NUMERIC, off, len);
        return;
    }
    m->command_ok = true;
    m->command = (uint32_t)v;
    m->mode = (uint8_t)(v & 0xff);
    m->options = (uint32_t)v & 0xffffff00u;
    m->cmd = ipmsg_command_lookup(m->mode, m->dialect);
    m->family = m->cmd ? m->cmd->family : IPMSG_FAM_MESSAGE;

    ipmsg_emit(c, IPMSG_F_COMMAND, off, len, v, 0);
    c->depth++;
    ipmsg_emit(c, IPMSG_F_MODE, off, len, m->mode, 0);
    if (!m->cmd)
        ipmsg_problem(c, IPMSG_P_COMMAND_UNKNOWN, off, len);
    ipmsg_emit_aux(c, IPMSG_F_OPTIONS, off, len, m->options, m->family);
    if (m->family == IPMSG_FAM_IPTUX_MSG)
        ipmsg_emit(c, IPMSG_F_IPTUX_MSGKIND, off, len, m->options & IPMSG_IPTUX_MSGKIND_MASK, 0);
    uint32_t unknown = m->options & ~ipmsg_family_known_mask(m->family);
    if (m->cmd && unknown)
        ipmsg_problem_detail(c, IPMSG_P_OPTIONS_UNKNOWN, off, len, unknown);
    c->depth--;
}

/* A section of text: emit it and remember it as what the summary quotes. */
static void emit_summary_text(struct ipmsg_ctx *c, enum ipmsg_field field, struct ipmsg_section s)
{
    ipmsg_emit(c, field, s.off, s.len, 0, 0);
    c->msg->summary = (struct ipmsg_span){s.off, s.len};
    c->msg->summary_field = field;
}

static void parse_text_body(struct ipmsg_ctx *c, enum ipmsg_field field, uint32_t pos, uint32_t end)
{
    struct ipmsg_section s;
    if (ipmsg_next_section(c, &pos, end, &s) && s.len > 0)
        emit_summary_text(c, field, s);
    ipmsg_emit_leftover(c, pos, end);
}

/* Commands without a body still end their (empty) main text with a NUL. */
static void parse_no_body(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_section s;
    if (ipmsg_next_section(c, &pos, end, &s) && s.len > 0) {
        ipmsg_emit(c, IPMSG_F_SECTION, s.off, s.len, 0, 0);
        ipmsg_problem(c, IPMSG_P_SECTION_UNEXPECTED, s.off, s.len);
    }
    ipmsg_emit_leftover(c, pos, end);
}

static void parse_ref_no(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_msg *m = c->msg;
    struct ipmsg_section s;
    if (ipmsg_next_section(c, &pos, end, &s) && s.len > 0) {
        uint64_t v;
        if (ipmsg_emit_dec(c, IPMSG_F_REF_PACKET_NO, s.off, s.len, UINT64_MAX, &v)) {
            m->has_ref_packet_no = true;
            m->ref_packet_no = v;
            m->summary = (struct ipmsg_span){s.off, s.len};
            m->summary_field = IPMSG_F_REF_PACKET_NO;
        }
    }
    ipmsg_emit_leftover(c, pos, end);
}

static void parse_list_start(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_section s;
    if (ipmsg_next_section(c, &pos, end, &s) && s.len > 0)
        ipmsg_emit_dec(c, IPMSG_F_LIST_START, s.off, s.len, UINT32_MAX, NULL);
    ipmsg_emit_leftover(c, pos, end);
}

/* GETFILEDATA "pkt:fid:offset[:]" and GETDIRFILES "pkt:fid[:offset][:]", all
 * hex: iptux sends a directory request as "pkt:fid:0", FeiQ with its offset. */
static void parse_file_request(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_msg *m = c->msg;
    if (m->options & IPMSG_ENCRYPTOPT) {
        struct ipmsg_section s;
        if (ipmsg_next_section(c, &pos, end, &s))
            ipmsg_parse_encrypted(c, s.off, s.off + s.len);
        ipmsg_emit_leftover(c, pos, end);
        return;
    }
    struct ipmsg_section s;
    uint32_t body_off = pos;   /* an empty request is reported where it starts */
    if (!ipmsg_next_section(c, &pos, end, &s) || s.len == 0) {
        ipmsg_problem(c, IPMSG_P_REQ_MISSING_FIELDS, body_off, 0);
        return;
    }
    static const enum ipmsg_field fields[] = {IPMSG_F_REQ_PACKET_NO, IPMSG_F_REQ_FILE_ID, IPMSG_F_REQ_OFFSET};
    uint32_t n_fields = 3;
    uint32_t at = s.off, sec_end = s.off + s.len;
    uint32_t got = 0;
    for (uint32_t i = 0; i < n_fields && at < sec_end; i++) {
        uint32_t flen;
        bool found;
        uint32_t next = ipmsg_split(c, at, sec_end, ':', &flen, &found);
        uint64_t v = 0;
        uint64_t max = fields[i] == IPMSG_F_REQ_FILE_ID ? UINT32_MAX : UINT64_MAX;
        if (ipmsg_emit_hex(c, fields[i], at, flen, max, &v)) {
            got++;
            if (i == 0) {
                m->has_ref_packet_no = true;
                m->ref_packet_no = v;
            } else if (i == 1) {
                m->has_file_id = true;
                m->file_id = (uint32_t)v;
            } else {
                m->file_offset = v;
            }
        }
        at = next;
    }
    if (got < 2 && at >= sec_end)
        ipmsg_problem(c, IPMSG_P_REQ_MISSING_FIELDS, s.off, s.len);
    /* Windows ends the request with ':'; other trailing fields are extras. */
    if (at < sec_end)
        ipmsg_emit(c, IPMSG_F_SECTION, at, sec_end - at, 0, 0);
    m->summary = (struct ipmsg_span){s.off, s.len};
    m->summary_field = IPMSG_F_BODY;
    ipmsg_emit_leftover(c, pos, end);
}

/* Sections that carry raw bytes after an (often empty) text. */
static void parse_text_then_binary(struct ipmsg_ctx *c, uint32_t pos, uint32_t end, enum ipmsg_field text_field,
                                   enum ipmsg_field data_field)
{
    struct ipmsg_section s;
    if (ipmsg_next_section(c, &pos, end, &s) && s.len > 0)
        ipmsg_emit(c, text_field, s.off, s.len, 0, 0);
    if (pos < end)
        ipmsg_emit(c, data_field, pos, end - pos, 0, 0);
}

static void parse_iptux_shared(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    parse_text_body(c, IPMSG_F_IPTUX_PASSWORD, pos, end);
}

static void parse_ipdict_body(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    if (end - pos >= sizeof IPDICT_HEAD - 1 && memcmp(c->buf + pos, IPDICT_HEAD, sizeof IPDICT_HEAD - 1) == 0) {
        uint32_t after = ipmsg_parse_ipdict(c, pos, end);
        ipmsg_emit_leftover(c, after, end);
        return;
    }
    parse_text_body(c, IPMSG_F_BODY, pos, end);
}

static void parse_body(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_msg *m = c->msg;
    enum ipmsg_body body = m->cmd ? m->cmd->body : IPMSG_BODY_TEXT;
    switch (body) {
    case IPMSG_BODY_NONE:
        parse_no_body(c, pos, end);
        break;
    case IPMSG_BODY_ENTRY:
        ipmsg_parse_entry(c, pos, end);
        break;
    case IPMSG_BODY_MESSAGE:
        ipmsg_parse_message(c, pos, end);
        break;
    case IPMSG_BODY_REF_NO:
        parse_ref_no(c, pos, end);
        break;
    case IPMSG_BODY_INFO_TEXT:
        parse_text_body(c, IPMSG_F_INFO_TEXT, pos, end);
        break;
    case IPMSG_BODY_ABSENCE_TEXT:
        parse_text_body(c, IPMSG_F_ABSENCE_TEXT, pos, end);
        break;
    case IPMSG_BODY_LIST_START:
        parse_list_start(c, pos, end);
        break;
    case IPMSG_BODY_HOSTLIST:
        ipmsg_parse_hostlist(c, pos, end);
        break;
    case IPMSG_BODY_PUBKEY_REQ:
        ipmsg_parse_pubkey_req(c, pos, end);
        break;
    case IPMSG_BODY_PUBKEY_ANS:
        ipmsg_parse_pubkey_ans(c, pos, end);
        break;
    case IPMSG_BODY_FILEREQ:
    case IPMSG_BODY_DIRREQ:
        parse_file_request(c, pos, end);
        break;
    case IPMSG_BODY_IPDICT:
        parse_ipdict_body(c, pos, end);
        break;
    case IPMSG_BODY_FEIQ_GROUP:
        ipmsg_parse_feiq_group(c, pos, end);
        break;
    case IPMSG_BODY_FEIQ_IMAGE:
        ipmsg_parse_feiq_image(c, pos, end);
        break;
    case IPMSG_BODY_FEIQ_IMAGE_ACK:
        ipmsg_parse_feiq_image_ack(c, pos, end);
        break;
    case IPMSG_BODY_IPTUX_ASKSHARED:
        parse_iptux_shared(c, pos, end);
        break;
    case IPMSG_BODY_IPTUX_ICON:
        parse_text_then_binary(c, pos, end, IPMSG_F_BODY, IPMSG_F_IPTUX_ICON_DATA);
        break;
    case IPMSG_BODY_IPTUX_SUBLAYER:
        parse_text_then_binary(c, pos, end, IPMSG_F_BODY, IPMSG_F_DATA);
        break;
    case IPMSG_BODY_IPTUX_SIGN:
        parse_text_body(c, IPMSG_F_IPTUX_SIGNATURE, pos, end);
        break;
    case IPMSG_BODY_IPTUX_MSG:
        parse_text_body(c, IPMSG_F_MESSAGE, pos, end);
        break;
    case IPMSG_BODY_TEXT:
        parse_text_body(c, IPMSG_F_BODY, pos, end);
        break;
    }
}

/* A whole datagram in IPDict form: pick the header values out of it. */
static void parse_ipdict_datagram(struct ipmsg_ctx *c)
{
    c->msg->dialect = IPMSG_DIALECT_IPDICT;
    ipmsg_emit(c, IPMSG_F_DIALECT, 0, 4, IPMSG_DIALECT_IPDICT, IPMSG_ITEM_GENERATED);
    uint32_t after = ipmsg_parse_ipdict(c, 0, c->len);
    ipmsg_emit_leftover(c, after, c->len);
}

void ipmsg_parse(const uint8_t *buf, size_t len, enum ipmsg_transport transport, struct ipmsg_msg *msg)
{
    static const struct ipmsg_span none = {IPMSG_NO_OFFSET, 0};
    memset(msg, 0, offsetof(struct ipmsg_msg, items));
    msg->transport = transport;
    msg->version = msg->user = msg->host = msg->body = none;
    msg->utf8_user = msg->utf8_host = msg->utf8_nickname = msg->nickname = msg->summary = none;
    msg->family = IPMSG_FAM_MESSAGE;

    /* Spans are 32-bit; nothing on UDP or in a TCP request comes close. */
    struct ipmsg_ctx c = {.buf = buf, .len = len > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)len, .msg = msg};

    if (c.len >= sizeof IPDICT_HEAD - 1 && memcmp(buf, IPDICT_HEAD, sizeof IPDICT_HEAD - 1) == 0) {
        parse_ipdict_datagram(&c);
        return;
    }

    /* The header is the first five ':'-separated fields of the main text,
     * which ends at the first NUL: both found in one pass, and the text
     * after the header is not scanned. */
    /* seps[i + 1] is the colon after field i; seps[0] stands for one
     * before the start (UINT32_MAX + 1 wraps to 0). */
    uint32_t seps[HEADER_FIELDS + 1] = {UINT32_MAX}, main_end;
    uint32_t n = ipmsg_scan_header(buf, c.len, seps + 1, HEADER_FIELDS, &main_end);
    /* Field i runs from after one colon to the next; the last one present
     * without its ':' runs to the end of the main text. */
#define START(i) (seps[i] + 1)
#define STOP(i) ((i) < n ? seps[(i) + 1] : main_end)
#define FIELD(i) START(i), STOP(i) - START(i)
    uint32_t n_present = n < HEADER_FIELDS && START(n) < main_end ? n + 1 : n;

    if (n_present > 0) {
        msg->version = (struct ipmsg_span){FIELD(0)};
        parse_version(&c, FIELD(0));
    }
    if (n_present > 1)
        parse_packet_no(&c, FIELD(1));
    if (n_present > 2) {
        msg->user = (struct ipmsg_span){FIELD(2)};
        ipmsg_emit(&c, IPMSG_F_USER, FIELD(2), 0, 0);
    }
    if (n_present > 3) {
        msg->host = (struct ipmsg_span){FIELD(3)};
        ipmsg_emit(&c, IPMSG_F_HOST, FIELD(3), 0, 0);
    }
    if (n_present > 4)
        parse_command(&c, FIELD(4));
#undef FIELD
#undef STOP
#undef START
    if (n < HEADER_FIELDS) {
        ipmsg_problem(&c, IPMSG_P_HEADER_MISSING, 0, main_end);
        ipmsg_emit_leftover(&c, main_end < c.len ? main_end + 1 : c.len, c.len);
        return;
    }
    msg->header_ok = true;
    uint32_t body = seps[HEADER_FIELDS] + 1;
    msg->body = (struct ipmsg_span){body, c.len - body};
    if (!msg->command_ok) {
        parse_text_body(&c, IPMSG_F_BODY, body, c.len);
        return;
    }
    parse_body(&c, body, c.len);
}

size_t ipmsg_tcp_request_len(const uint8_t *buf, size_t len)
{
    const uint8_t *nul = memchr(buf, 0, len);
    return nul ? (size_t)(nul - buf) + 1 : 0;
}

/* Strict enough for a heuristic: "IP2:<hex>:" or digits, an optional known
 * version suffix, then packet number and command fields of digits. */
bool ipmsg_looks_like(const uint8_t *buf, size_t len)
{
    if (len >= 6 && memcmp(buf, IPDICT_HEAD, 4) == 0) {
        size_t i = 4;
        while (i < len && i < 16 && ipmsg_is_hex_digit(buf[i]))
            i++;
        return i > 4 && i < len && buf[i] == ':';
    }
    if (len < 10 || !ipmsg_is_dec_digit(buf[0]))
        return false;
    size_t scan = len < 512 ? len : 512;
    size_t colons[HEADER_FIELDS];
    size_t n = 0;
    for (size_t i = 0; i < scan && n < HEADER_FIELDS; i++) {
        if (buf[i] == 0)
            break;
        if (buf[i] == ':')
            colons[n++] = i;
    }
    if (n < HEADER_FIELDS || colons[0] > MAX_VERSION_LEN)
        return false;
    /* Version: "1" then nothing, or one of the known suffixes. */
    size_t d = 0;
    while (d < colons[0] && ipmsg_is_dec_digit(buf[d]))
        d++;
    if (d != 1 || buf[0] != '1')
        return false;
    if (d < colons[0] && buf[d] != '_' && buf[d] != '@')
        return false;
    /* Packet number and command: decimal digits only, not empty. */
    size_t pn_len = colons[1] - colons[0] - 1, cmd_len = colons[4] - colons[3] - 1;
    if (pn_len == 0 || pn_len > 20 || cmd_len == 0 || cmd_len > 10)
        return false;
    return ipmsg_all_bytes(buf + colons[0] + 1, (uint32_t)pn_len, ipmsg_is_dec_digit) &&
           ipmsg_all_bytes(buf + colons[3] + 1, (uint32_t)cmd_len, ipmsg_is_dec_digit);
}

const struct ipmsg_item *ipmsg_find_item(const struct ipmsg_msg *msg, enum ipmsg_field field)
{
    uint32_t n = msg->n_items < IPMSG_MAX_ITEMS ? msg->n_items : IPMSG_MAX_ITEMS;
    for (uint32_t i = 0; i < n; i++)
        if (msg->items[i].field == field)
            return &msg->items[i];
    return NULL;
}
