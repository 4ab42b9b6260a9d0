/* What an ipmsg-peer host sends, and how it answers, per dialect.  The
 * packet shapes follow the project's protocol notes (docs/protocol.md):
 * official IP Messenger 5.x for Windows, FeiQ 3 (1_lbt6_, GBK) and iptux
 * 0.8.3 (1_iptux, UTF-8, its own option bits). */
#define _GNU_SOURCE

#include "peer.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What differs between the dialects, as data. */
static const struct dialect_rules {
    const char *legacy_charset;   /* text without UTF8OPT */
    bool noop_before_entry;       /* NOOPERATION to the broadcast first */
    uint32_t entry_opts;          /* on BR_ENTRY/ANSENTRY/BR_ABSENCE */
    uint32_t exit_command;        /* BR_EXIT with its options */
    bool exit_unicast;            /* BR_EXIT to every known host, not broadcast */
    uint32_t receipt_opts;        /* on RECVMSG */
    bool answers_queries;         /* READMSG, GETINFO, GETABSENCEINFO, GETPUBKEY, host list */
    bool nul_after_list;          /* a NUL after the attachment list */
    bool offer_alone;             /* the list goes in a SENDMSG of its own, empty text */
    const char *font_trailer;     /* appended to message text */
    const char *info;             /* SENDINFO */
} rules[] = {
    [DIALECT_OFFICIAL] = {"CP932", true, OPT_CAPUTF8 | OPT_FILEATTACH, CMD_BR_EXIT | OPT_CAPUTF8 | OPT_FILEATTACH,
                          false, 0, true, false, false, "", "Win64 Ver5.6.18"},
    [DIALECT_FEIQ] = {"GB18030", true, 0, CMD_BR_EXIT, false, 0, false, true, false,
                      "{/font;-12 0 0 0 400 0 0 0 134 3 2 1 2 \xcb\xce\xcc\xe5 0;}", ""},
    [DIALECT_IPTUX] = {"UTF-8", false, OPT_ABSENCE, CMD_BR_EXIT | OPT_DIALUP, true, OPT_SENDCHECK, false, true,
                       true, "", ""},
};

static const char *version(const struct host *h)
{
    static char v[64];
    if (h->version[0])
        return h->version;
    switch (h->dialect) {
    case DIALECT_FEIQ:
        snprintf(v, sizeof v, "1_lbt6_0#128#%s#0#0#0#4001#9", h->mac);
        return v;
    case DIALECT_IPTUX:
        return "1_iptux 0.8.3";
    default:
        return "1";
    }
}

uint32_t next_packetno(struct host *h)
{
    return h->next_packetno++;
}

void header(struct buf *b, struct host *from, uint32_t packetno, uint32_t command)
{
    char text[256];
    int n = snprintf(text, sizeof text, "%s:%u:%s:%s:%u:", version(from), packetno, from->user,
                     from->hostname, command);
    buf_add(b, text, (size_t)n);
}

static void add_str(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void add_nul(struct buf *b)
{
    buf_u8(b, 0);
}

/* UTF-8 scenario text in the charset the sender would use. */
void add_converted(struct buf *b, const char *utf8, const char *charset)
{
    if (strcmp(charset, "UTF-8") == 0) {
        add_str(b, utf8);
        return;
    }
    iconv_t cd = iconv_open(charset, "UTF-8");
    if (cd == (iconv_t)-1)
        die("iconv %s: %s", charset, strerror(errno));
    size_t inleft = strlen(utf8);
    char *in = (char *)utf8;
    buf_reserve(b, inleft * 2 + 4);
    char *out = (char *)b->p + b->len;
    size_t outleft = b->cap - b->len;
    if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1)
        die("'%s' cannot be written in %s", utf8, charset);
    b->len = (size_t)((uint8_t *)out - b->p);
    iconv_close(cd);
}

const char *text_charset(const struct host *h, bool utf8)
{
    return utf8 ? "UTF-8" : rules[h->dialect].legacy_charset;
}

static bool both_official(const struct host *a, const struct host *b)
{
    return a->dialect == DIALECT_OFFICIAL && b && b->dialect == DIALECT_OFFICIAL;
}

/* ---- presence ------------------------------------------------------------ */

static uint32_t entry_command(const struct host *h, uint32_t mode)
{
    uint32_t cmd = mode | rules[h->dialect].entry_opts;
    if (h->absence[0])
        cmd |= OPT_ABSENCE;
    if (h->pubkey[0] && h->dialect == DIALECT_OFFICIAL)
        cmd |= OPT_ENCRYPT;
    return cmd;
}

/* nick, group and the dialect's extra sections.  utf8: official ANSENTRY
 * to a UTF-8 capable host. */
static void entry_body(struct buf *b, const struct host *h, uint32_t mode, bool utf8)
{
    const char *cs = utf8 ? "UTF-8" : rules[h->dialect].legacy_charset;
    add_converted(b, h->nick, cs);
    add_nul(b);
    add_converted(b, h->group, cs);
    switch (h->dialect) {
    case DIALECT_OFFICIAL:
        add_nul(b);
        if (mode == CMD_ANSENTRY) {
            add_str(b, "\nVS:00010002:5:6:104");
        } else {
            char block[1024];
            snprintf(block, sizeof block, "\nUN:%s\nHN:%s\nNN:%s\nGN:%s\nVS:00010002:5:6:104", h->user,
                     h->hostname, h->nick, h->group);
            add_str(b, block);
        }
        break;
    case DIALECT_IPTUX:
        add_nul(b);
        add_str(b, "icon-tux.png");
        add_nul(b);
        add_str(b, "utf-8");
        add_nul(b);
        break;
    case DIALECT_FEIQ:
        add_nul(b);
        break;
    }
}

void do_entry(struct host *h, uint32_t mode)
{
    struct buf b = {0};
    if (mode == CMD_BR_ENTRY && rules[h->dialect].noop_before_entry) {
        header(&b, h, next_packetno(h), CMD_NOOPERATION | rules[h->dialect].entry_opts);
        if (h->dialect == DIALECT_OFFICIAL) {
            char block[512];
            snprintf(block, sizeof block, "\nUN:%s\nHN:%s\nNN:\nGN:\nVS:00010002:5:6:104", h->user, h->hostname);
            add_nul(&b);
            add_str(&b, block);
        } else {
            add_nul(&b);
        }
        send_broadcast(h, &b);
        run_for(50, NULL);
        b.len = 0;
    }
    header(&b, h, next_packetno(h), entry_command(h, mode));
    entry_body(&b, h, mode, false);
    send_broadcast(h, &b);
    free(b.p);
}

void do_exit(struct host *h)
{
    const struct dialect_rules *r = &rules[h->dialect];
    struct buf b = {0};
    header(&b, h, next_packetno(h), r->exit_command);
    if (r->exit_unicast) {
        add_nul(&b);  /* iptux: empty body, to each host it knows */
        for (unsigned i = 0; i < g_nhosts; i++)
            if (h->knows[i] && !g_hosts[i].off)
                send_to(h, &g_hosts[i], &b);
    } else {
        entry_body(&b, h, CMD_BR_EXIT, false);
        send_broadcast(h, &b);
    }
    free(b.p);
}

/* ---- messages ------------------------------------------------------------ */

void do_message(struct host *h, struct host *to, const char *text, const char *attach, bool sealed,
                bool check, unsigned retries, int interval_ms)
{
    const struct dialect_rules *r = &rules[h->dialect];
    bool utf8 = both_official(h, to);
    struct buf b = {0};
    if (attach[0] && r->offer_alone) {
        /* iptux: the offer first, alone, with no receipt asked */
        struct offer *o = &h->offers[h->noffers];
        o->packetno = next_packetno(h);
        header(&b, h, o->packetno, CMD_SENDMSG | OPT_FILEATTACH);
        add_nul(&b);
        o->to = host_index(to);
        add_file_list(&b, h, o, attach);
        h->noffers++;
        send_to(h, to, &b);
        b.len = 0;
        attach = "";
        if (!text[0]) {
            free(b.p);
            return;
        }
        settle(80);
    }
    uint32_t cmd = CMD_SENDMSG;
    if (check)
        cmd |= OPT_SENDCHECK;
    if (sealed)
        cmd |= OPT_SECRET | OPT_READCHECK;
    if (utf8)
        cmd |= OPT_UTF8 | OPT_CAPUTF8;
    if (attach[0])
        cmd |= OPT_FILEATTACH;
    uint32_t pkt = next_packetno(h);
    header(&b, h, pkt, cmd);
    add_converted(&b, text, text_charset(h, utf8));
    add_str(&b, r->font_trailer);
    add_nul(&b);
    if (attach[0]) {
        struct offer *o = &h->offers[h->noffers];
        o->packetno = pkt;
        o->to = host_index(to);
        o->utf8 = utf8;
        add_file_list(&b, h, o, attach);
        h->noffers++;
    }
    h->awaiting_receipt = check ? pkt : 0;
    h->got_receipt = false;
    send_to(h, to, &b);
    for (unsigned i = 1; i <= retries; i++) {
        run_for(interval_ms, &h->got_receipt);
        if (h->got_receipt)
            break;
        /* Windows pads from the third re-send on (UDP_CHECKSUM_FIXBUF) */
        if (i == 3 && h->dialect == DIALECT_OFFICIAL)
            for (int k = 0; k < 64; k++)
                add_nul(&b);
        send_to(h, to, &b);
    }
    free(b.p);
}

static void send_number(struct host *h, struct host *to, uint32_t cmd, uint32_t number)
{
    struct buf b = {0};
    char text[16];
    header(&b, h, next_packetno(h), cmd);
    snprintf(text, sizeof text, "%u", number);
    add_str(&b, text);
    add_nul(&b);
    send_to(h, to, &b);
    free(b.p);
}

void do_read(struct host *h, struct host *from)
{
    uint32_t pkt = h->last_sealed[host_index(from)];
    if (!pkt)
        die("%s has no sealed message from %s", h->name, from->name);
    send_number(h, from, CMD_READMSG | OPT_READCHECK, pkt);
}

void do_request(struct host *h, struct host *to, unsigned cmd)
{
    struct buf b = {0};
    header(&b, h, next_packetno(h), cmd);
    if (cmd == CMD_GETPUBKEY)
        add_str(&b, "65920006");
    add_nul(&b);
    send_to(h, to, &b);
    free(b.p);
}

void do_getlist(struct host *h)
{
    struct buf b = {0};
    header(&b, h, next_packetno(h), CMD_BR_ISGETLIST2);
    add_nul(&b);
    send_broadcast(h, &b);
    free(b.p);
}

void do_send(struct host *h, struct host *to, uint32_t cmd, const struct buf *body)
{
    struct buf b = {0};
    header(&b, h, next_packetno(h), cmd);
    buf_add(&b, body->p, body->len);
    if (to)
        send_to(h, to, &b);
    else
        send_broadcast(h, &b);
    free(b.p);
}

/* ---- answers ------------------------------------------------------------- */

static void send_text(struct host *h, struct host *to, uint32_t cmd, const char *text)
{
    struct buf b = {0};
    header(&b, h, next_packetno(h), cmd);
    add_str(&b, text);
    add_nul(&b);
    send_to(h, to, &b);
    free(b.p);
}

/* One ANSLIST page from position `start`: "%5d\a%5d\a" then the hosts. */
static void send_list(struct host *h, struct host *to, unsigned start)
{
    struct host *list[MAX_HOSTS + 1];
    unsigned n = 0;
    list[n++] = h;
    for (unsigned i = 0; i < g_nhosts; i++)
        if (h->knows[i] && &g_hosts[i] != to)
            list[n++] = &g_hosts[i];
    unsigned end = start + h->list_page < n ? start + h->list_page : n;
    struct buf b = {0};
    char text[1024];
    header(&b, h, next_packetno(h), CMD_ANSLIST | OPT_UTF8);
    snprintf(text, sizeof text, "%5u\a%5u\a", end < n ? end : 0, end > start ? end - start : 0);
    add_str(&b, text);
    for (unsigned i = start; i < end; i++) {
        const struct host *e = list[i];
        snprintf(text, sizeof text, "%s\a%s\a%u\a%s\a%u\a%s\a%s\a", e->user, e->hostname,
                 entry_command(e, 0), e->addr_text, (unsigned)PEER_PORT, e->nick[0] ? e->nick : "\b",
                 e->group[0] ? e->group : "\b");
        add_str(&b, text);
    }
    add_nul(&b);
    send_to(h, to, &b);
    free(b.p);
}

void on_datagram(struct host *h, struct host *sender, const uint8_t *data, size_t len)
{
    /* Version:PacketNo:User:Host:Command:body; anything else is not answered. */
    char head[512];
    size_t n = len < sizeof head - 1 ? len : sizeof head - 1;
    memcpy(head, data, n);
    head[n] = '\0';
    char *field[6], *p = head;
    for (int i = 0; i < 5; i++) {
        field[i] = p;
        p = strchr(p, ':');
        if (!p)
            return;
        *p++ = '\0';
    }
    field[5] = p;
    uint32_t pkt = (uint32_t)strtoul(field[1], NULL, 10);
    uint32_t cmd = (uint32_t)strtoul(field[4], NULL, 10);
    uint32_t mode = cmd & 0xff;
    uint32_t body_number = (uint32_t)strtoul(field[5], NULL, 10);
    const struct dialect_rules *r = &rules[h->dialect];
    int si = host_index(sender);

    switch (mode) {
    case CMD_BR_ENTRY: {
        h->knows[si] = true;
        struct buf b = {0};
        bool utf8 = both_official(h, sender) && (cmd & OPT_CAPUTF8);
        header(&b, h, next_packetno(h), entry_command(h, CMD_ANSENTRY) | (utf8 ? OPT_UTF8 : 0));
        entry_body(&b, h, CMD_ANSENTRY, utf8);
        send_to(h, sender, &b);
        free(b.p);
        break;
    }
    case CMD_ANSENTRY:
    case CMD_BR_ABSENCE:
        h->knows[si] = true;
        break;
    case CMD_BR_EXIT:
        h->knows[si] = false;
        break;
    case CMD_SENDMSG:
        if ((cmd & OPT_SECRET) && !h->last_sealed[si])
            h->last_sealed[si] = pkt;
        if ((cmd & OPT_SENDCHECK) && (h->dialect == DIALECT_IPTUX || !(cmd & (OPT_BROADCAST | OPT_AUTORET))))
            send_number(h, sender, CMD_RECVMSG | r->receipt_opts | (cmd & OPT_UTF8), pkt);
        break;
    case CMD_RECVMSG:
        if (h->awaiting_receipt && body_number == h->awaiting_receipt)
            h->got_receipt = true;
        break;
    case CMD_READMSG:
        if (r->answers_queries && (cmd & OPT_READCHECK))
            send_number(h, sender, CMD_ANSREADMSG, pkt);
        break;
    case CMD_GETINFO:
        if (r->answers_queries)
            send_text(h, sender, CMD_SENDINFO, r->info);
        break;
    case CMD_GETABSENCEINFO:
        if (r->answers_queries)
            send_text(h, sender, CMD_SENDABSENCEINFO, h->absence[0] ? h->absence : "Not absence mode");
        break;
    case CMD_GETPUBKEY:
        if (r->answers_queries && h->pubkey[0]) {
            char text[1200];
            snprintf(text, sizeof text, "65920006:%s", h->pubkey);
            send_text(h, sender, CMD_ANSPUBKEY, text);
        }
        break;
    case CMD_BR_ISGETLIST2:
        if (h->listserver)
            send_text(h, sender, CMD_OKGETLIST, "");
        break;
    case CMD_OKGETLIST:
        send_text(h, sender, CMD_GETLIST | OPT_CAPUTF8, "0");
        break;
    case CMD_GETLIST:
        if (h->listserver)
            send_list(h, sender, body_number);
        break;
    case CMD_ANSLIST:
        if (body_number) /* the next start position; 0 = the end */
            send_number(h, sender, CMD_GETLIST | OPT_CAPUTF8, body_number);
        break;
    default:
        break;
    }
}
