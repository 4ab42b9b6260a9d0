/* gen-ipmsg-pcap - write a realistic IPMsg capture for bench/dissector.sh.
 *
 * Usage: gen-ipmsg-pcap OUT.pcap [N]     (N packets, default 1000000)
 *
 * Classic pcap, Ethernet/IPv4/UDP 2425 -> 2425, 1 ms apart.  The traffic is a
 * repeating conversation between 250 hosts in 10.1.0.0/16 mixing the three
 * dialects: official entries (BR_ENTRY/ANSENTRY with UTF-8 nickname/group),
 * UTF-8 Japanese messages with SENDCHECKOPT and their RECVMSG receipts,
 * sealed messages with READMSG, attachments (FILEATTACHOPT, 2 entries),
 * FeiQ (1_lbt6_) GBK Chinese messages with the font trailer, iptux entries
 * and UTF-8 Chinese messages with their receipts, NOOPERATION and BR_EXIT.
 * Packet numbers increase, so receipts match their messages.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *out;
static uint32_t ts_us;

static void put16be(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

static void emit(unsigned src, unsigned dst, const char *payload, size_t len)
{
    uint8_t f[1600];
    if (len > sizeof f - 42)
        len = sizeof f - 42;
    memset(f, 0, 42);
    memcpy(f, "\xff\xff\xff\xff\xff\xff", 6);      /* dst MAC (any) */
    f[6] = 0x02; f[10] = (uint8_t)(src >> 8); f[11] = (uint8_t)src;
    f[12] = 0x08; f[13] = 0x00;
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    put16be(ip + 2, (unsigned)(20 + 8 + len));
    ip[8] = 64; ip[9] = 17;
    ip[12] = 10; ip[13] = 1; ip[14] = (uint8_t)(src >> 8); ip[15] = (uint8_t)src;
    if (dst == 0xffff) { ip[16] = ip[17] = ip[18] = ip[19] = 255; }
    else { ip[16] = 10; ip[17] = 1; ip[18] = (uint8_t)(dst >> 8); ip[19] = (uint8_t)dst; }
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    put16be(ip + 10, ~sum & 0xffff);
    uint8_t *udp = ip + 20;
    put16be(udp, 2425); put16be(udp + 2, 2425);
    put16be(udp + 4, (unsigned)(8 + len));          /* checksum 0: none */
    memcpy(udp + 8, payload, len);
    uint32_t caplen = (uint32_t)(42 + len);
    uint32_t hdr[4] = { 1700000000u + ts_us / 1000000u, ts_us % 1000000u, caplen, caplen };
    fwrite(hdr, sizeof hdr, 1, out);
    fwrite(f, caplen, 1, out);
    ts_us += 1000;
}

/* snprintf that keeps embedded NULs: '|' in the format stands for '\0'. */
static size_t mk(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static size_t mk(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0) return 0;
    if ((size_t)n >= cap) n = (int)cap - 1;
    for (int i = 0; i < n; i++)
        if (buf[i] == '|') buf[i] = '\0';
    return (size_t)n;
}

#define JA "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf\xe3\x80\x81\xe4\xbc\x9a\xe8\xad\xb0\xe3\x81\xaf\x33\xe6\x99\x82\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82"
#define ZH "\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\xe4\xbb\x8a\xe5\xa4\xa9\xe4\xb8\x8b\xe5\x8d\x88\xe4\xb8\x89\xe7\x82\xb9\xe5\xbc\x80\xe4\xbc\x9a\xe5\x90\x97\xef\xbc\x9f"
#define GBK_MSG "\xc4\xe3\xba\xc3\xa3\xac\xbd\xf1\xcc\xec\xcf\xc2\xce\xe7\xc8\xfd\xb5\xe3\xbf\xaa\xbb\xe1\xc2\xf0\xa3\xbf"
#define GBK_NICK "\xb9\xdc\xc0\xed\xd4\xb1"
#define GBK_GROUP "\xd1\xd0\xb7\xa2\xb2\xbf"
/* FeiQ 3.x font trailer: 13 LOGFONT numbers, the face (GBK 微软雅黑), a COLORREF */
#define GBK_FONT "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 \xce\xa2\xc8\xed\xd1\xc5\xba\xda 8404992;}"

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gen-ipmsg-pcap OUT.pcap [N]\n");
        return 2;
    }
    unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000ul;
    out = fopen(argv[1], "wb");
    if (!out) { perror(argv[1]); return 1; }
    uint32_t gh[6] = { 0xa1b2c3d4u, 0x00040002u, 0, 0, 65535, 1 };
    fwrite(gh, sizeof gh, 1, out);                       /* LE, v2.4, Ethernet */

    char p[1500];
    size_t len;
    unsigned long i = 0, round = 0;
    unsigned pk = 1700000000u;
    while (i < n) {
        unsigned a = 1 + (unsigned)(round % 250), b = 1 + (unsigned)((round * 7 + 3) % 250);
        if (b == a) b = 1 + b % 250;
        unsigned m1, m2, m3;
        for (int step = 0; step < 20 && i < n; step++, i++) {
            switch (step) {
            case 0:  /* BR_ENTRY|UTF8OPT|CAPUTF8OPT, UTF-8 nickname/group */
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:25165825:\xe5\xb1\xb1\xe7\x94\xb0%u|\xe9\x96\x8b\xe7\x99\xba\xe9\x83\xa8|", pk++, a, a, a);
                emit(a, 0xffff, p, len); break;
            case 1:  /* ANSENTRY */
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:25165827:Bob %u|Sales|", pk++, b, b, b);
                emit(b, a, p, len); break;
            case 2:  /* SENDMSG|SENDCHECK|UTF8OPT|CAPUTF8OPT, Japanese */
                m1 = pk;
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:25166112:" JA " (%lu)|", pk++, a, a, round);
                emit(a, b, p, len); break;
            case 3:  /* RECVMSG|UTF8OPT */
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:8388641:%u|", pk++, b, b, m1);
                emit(b, a, p, len); break;
            case 4:  /* sealed: SENDMSG|SENDCHECK|SECRET|READCHECK */
                m2 = pk;
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:1049376:This is sealed, round %lu|", pk++, b, b, round);
                emit(b, a, p, len); break;
            case 5:
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:33:%u|", pk++, a, a, m2);
                emit(a, b, p, len); break;
            case 6:  /* READMSG|READCHECKOPT */
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:1048624:%u|", pk++, a, a, m2);
                emit(a, b, p, len); break;
            case 7:  /* SENDMSG|FILEATTACHOPT|SENDCHECK, two files */
                m3 = pk;
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:2097440:report %lu|"
                         "0:report.pdf:2f1c0:6553f100:1:14=6553f100:16=6553eb00\a"
                         "1:\xe5\x86\x99\xe7\x9c\x9f:0:6553f0f1:2:\a|", pk++, a, a, round);
                emit(a, b, p, len); break;
            case 8:
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:33:%u|", pk++, b, b, m3);
                emit(b, a, p, len); break;
            case 9:  /* FeiQ entry, GBK nickname/group */
                len = mk(p, sizeof p, "1_lbt6_0#128#0C29D68D%04X#0#0#0#4001#9:%u:Administrator:DESKTOP-%u:1:" GBK_NICK "|" GBK_GROUP "|", a, pk++, a);
                emit(a, 0xffff, p, len); break;
            case 10: /* FeiQ SENDMSG|SENDCHECK, GBK Chinese + font trailer */
                m1 = pk;
                len = mk(p, sizeof p, "1_lbt6_0#128#0C29D68D%04X#0#0#0#4001#9:%u:Administrator:DESKTOP-%u:288:" GBK_MSG GBK_FONT "|", a, pk++, a);
                emit(a, b, p, len); break;
            case 11: /* FeiQ lbt4 RECVMSG */
                len = mk(p, sizeof p, "1_lbt4_10#128#00E04C6A%04X#0#0#0:%u:zhang:ZHANG-%u:33:%u|", b, pk++, b, m1);
                emit(b, a, p, len); break;
            case 12: /* iptux BR_ENTRY */
                len = mk(p, sizeof p, "1_iptux 0.8.3:%u:alice%u:debian:257:alice|dev|icon-tux.png|utf-8|", pk++, a);
                emit(a, 0xffff, p, len); break;
            case 13: /* iptux SENDMSG|SENDCHECK, Chinese UTF-8 */
                m1 = pk;
                len = mk(p, sizeof p, "1_iptux 0.8.3:%u:alice%u:debian:288:" ZH "|", pk++, a);
                emit(a, b, p, len); break;
            case 14: /* iptux receipt, RECVMSG|SENDCHECK */
                len = mk(p, sizeof p, "1_iptux 0.8.3:%u:bob%u:debian:289:%u|", pk++, b, m1);
                emit(b, a, p, len); break;
            case 15: /* plain ASCII message and receipt */
                m1 = pk;
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:288:Lunch at 12? (%lu)\nsee you|", pk++, b, b, round);
                emit(b, a, p, len); break;
            case 16:
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:33:%u|", pk++, a, a, m1);
                emit(a, b, p, len); break;
            case 17: /* NOOPERATION */
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:0:|", pk++, a, a);
                emit(a, 0xffff, p, len); break;
            case 18: /* unanswered message */
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:25166112:" JA "|", pk++, b, b);
                emit(b, a, p, len); break;
            case 19: /* BR_EXIT */
                len = mk(p, sizeof p, "1:%u:user%u:PC%u:2:|", pk++, b, b);
                emit(b, 0xffff, p, len); break;
            }
        }
        round++;
    }
    if (fclose(out) != 0) { perror(argv[1]); return 1; }
    return 0;
}
