#include "verbose.h"

#include <arpa/inet.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ipmsg.h"
#include "report.h"

#define LINE_MAX_BYTES 1024
#define TEXT_MAX_BYTES 512
#define UTF8_REPLACEMENT "\xef\xbf\xbd"

/* iconv names of the core's character sets.  Legacy text (no UTF-8
 * flag, not FeiQ) is CP932 in a Japanese locale, else GB18030 (the
 * plugin's default preference). */
static const char *charset_names[] = {
    [IPMSG_CS_UTF8] = "UTF-8",
    [IPMSG_CS_GB18030] = "GB18030",
    [IPMSG_CS_LEGACY] = NULL,
};

static const char *legacy_charset(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "ja", 2) == 0 ? "CP932" : "GB18030";
    }
    return "GB18030";
}
static iconv_t converters[sizeof charset_names / sizeof charset_names[0]];
static bool converters_open[sizeof charset_names / sizeof charset_names[0]];

static struct ipmsg_msg msg;   /* about 30 KB: not on the stack */

/* The span as UTF-8 text (up to its first NUL); bytes that are not valid
 * in the character set become U+FFFD.  NULL when absent. */
static const char *span_text(const uint8_t *buf, size_t len, struct ipmsg_span s, enum ipmsg_charset cs, char *out,
                             size_t outsz)
{
    if (!ipmsg_span_present(s) || s.off > len || s.len > len - s.off || outsz < sizeof UTF8_REPLACEMENT)
        return NULL;
    if (!converters_open[cs]) {
        converters[cs] = iconv_open("UTF-8", charset_names[cs] ? charset_names[cs] : legacy_charset());
        converters_open[cs] = true;
    }
    const uint8_t *nul = memchr(buf + s.off, 0, s.len);
    char *in = (char *)(buf + s.off), *o = out;
    size_t in_left = nul ? (size_t)(nul - (buf + s.off)) : s.len, out_left = outsz - 1;
    while (in_left > 0 && out_left >= sizeof UTF8_REPLACEMENT) {
        if (converters[cs] == (iconv_t)-1) {   /* no converter: keep ASCII only */
            *o++ = (*in & 0x80) ? '?' : *in;
            in++, in_left--, out_left--;
            continue;
        }
        if (iconv(converters[cs], &in, &in_left, &o, &out_left) != (size_t)-1)
            break;
        if (errno == E2BIG)
            break;
        /* EILSEQ or a cut-off sequence: mark it and go on after one byte */
        memcpy(o, UTF8_REPLACEMENT, sizeof UTF8_REPLACEMENT - 1);
        o += sizeof UTF8_REPLACEMENT - 1;
        out_left -= sizeof UTF8_REPLACEMENT - 1;
        in++, in_left--;
        iconv(converters[cs], NULL, NULL, NULL, NULL);
    }
    *o = '\0';
    return out;
}

static void endpoint(char *out, size_t n, const struct pkt_ip *ip, const uint8_t *addr, uint16_t port)
{
    char a[INET6_ADDRSTRLEN];
    inet_ntop(ip->version == 6 ? AF_INET6 : AF_INET, addr, a, sizeof a);
    snprintf(out, n, ip->version == 6 ? "[%s]:%u" : "%s:%u", a, port);
}

static void summarize(const uint8_t *payload, size_t len, enum ipmsg_transport transport, char *line, size_t n)
{
    static char user[TEXT_MAX_BYTES], host[TEXT_MAX_BYTES], quote[TEXT_MAX_BYTES];
    ipmsg_parse(payload, len, transport, &msg);
    enum ipmsg_charset cs = ipmsg_packet_charset(&msg, payload, len);
    enum ipmsg_kind quote_kind =
        msg.summary_field < IPMSG_F_COUNT ? ipmsg_field_infos[msg.summary_field].kind : IPMSG_K_ASCII;
    /* Names from the UTF-8 block when it has them: exact where the header
     * may be in a legacy character set. */
    const char *u = ipmsg_span_present(msg.utf8_user) ? span_text(payload, len, msg.utf8_user, IPMSG_CS_UTF8, user, sizeof user)
                                                      : span_text(payload, len, msg.user, cs, user, sizeof user);
    const char *h = ipmsg_span_present(msg.utf8_host) ? span_text(payload, len, msg.utf8_host, IPMSG_CS_UTF8, host, sizeof host)
                                                      : span_text(payload, len, msg.host, cs, host, sizeof host);
    const char *q = span_text(payload, len, msg.summary, quote_kind == IPMSG_K_TEXT ? cs : IPMSG_CS_UTF8, quote,
                              sizeof quote);
    ipmsg_format_summary(&msg, u, h, q, line, n);
}

void verbose_packet(const struct pkt *p, const struct pkt_ip *ip)
{
    const uint8_t *payload;
    size_t len;
    enum ipmsg_transport transport;
    char line[LINE_MAX_BYTES], src[64], dst[64], when[32];

    if (!ip->l4 || !ip->has_ports)
        return;   /* a later fragment: its datagram's line came with the first */
    if (ip->proto == PKT_PROTO_UDP && ip->l4_len >= 8) {
        payload = ip->l4 + 8;
        len = ip->l4_len - 8;
        transport = IPMSG_UDP;
    } else if (ip->proto == PKT_PROTO_TCP && ip->l4_len >= 20 && ip->l4_len >= (uint32_t)(ip->l4[12] >> 4) * 4) {
        uint32_t hdr = (uint32_t)(ip->l4[12] >> 4) * 4;
        payload = ip->l4 + hdr;
        len = ip->l4_len - hdr;
        transport = IPMSG_TCP;
    } else {
        return;
    }
    if (ipmsg_looks_like(payload, len))
        summarize(payload, len, transport, line, sizeof line);
    else if (transport == IPMSG_UDP)
        snprintf(line, sizeof line, "not IPMsg (%zu bytes)", len);
    else
        return;   /* TCP handshakes, ACKs and file data */

    time_t sec = (time_t)(p->ts_ns / 1000000000u);
    struct tm tm;
    if (localtime_r(&sec, &tm))
        strftime(when, sizeof when, "%H:%M:%S", &tm);
    else
        snprintf(when, sizeof when, "?");
    endpoint(src, sizeof src, ip, ip->src, ip->sport);
    endpoint(dst, sizeof dst, ip, ip->dst, ip->dport);
    progress_clear();
    fprintf(stderr, "%s.%06u %s > %s %s %s%s\n", when, (unsigned)(p->ts_ns % 1000000000u / 1000u), src, dst,
            transport == IPMSG_UDP ? "UDP" : "TCP", line, ip->more_fragments ? " (first fragment)" : "");
}

void verbose_done(void)
{
    for (size_t i = 0; i < sizeof converters / sizeof converters[0]; i++)
        if (converters_open[i] && converters[i] != (iconv_t)-1)
            iconv_close(converters[i]);
    memset(converters_open, 0, sizeof converters_open);
}
