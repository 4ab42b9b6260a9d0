/* mkpcap's packet builder: Ethernet frames carrying IPv4 (fragmented on
 * request) or IPv6, with UDP or TCP and correct checksums, appended to the
 * pcap being built. */
#define _POSIX_C_SOURCE 200809L

#include "mkpcap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void buf_be16(struct buf *b, unsigned v) { buf_u8(b, v >> 8); buf_u8(b, v); }
static void buf_be32(struct buf *b, uint32_t v) { buf_be16(b, v >> 16); buf_be16(b, v & 0xffff); }

static void put_be16(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

/* ---- checksums ----------------------------------------------------------- */

static uint32_t sum_add(uint32_t sum, const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        sum += (uint32_t)(p[n - 1] << 8);
    return sum;
}

static uint16_t sum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* ---- addresses ----------------------------------------------------------- */


static bool in_prefix(const uint8_t *a, const uint8_t *prefix, unsigned bits)
{
    unsigned i;
    for (i = 0; i < bits / 8; i++)
        if (a[i] != prefix[i])
            return false;
    return true;
}

static bool is_doc_addr(const struct endpoint *e)
{
    static const uint8_t v4a[] = {192, 0, 2}, v4b[] = {198, 51, 100}, v4c[] = {203, 0, 113};
    static const uint8_t v6[] = {0x20, 0x01, 0x0d, 0xb8};
    if (e->family == 4)
        return in_prefix(e->addr, v4a, 24) || in_prefix(e->addr, v4b, 24) || in_prefix(e->addr, v4c, 24);
    return in_prefix(e->addr, v6, 32);
}

static bool is_multicast(const struct endpoint *e)
{
    return e->family == 4 ? (e->addr[0] & 0xf0) == 0xe0 : e->addr[0] == 0xff;
}

static bool is_broadcast(const struct endpoint *e)
{
    return e->family == 4 && e->addr[3] == 255;
}

static void endpoint_mac(const struct endpoint *e, uint8_t mac[6])
{
    if (is_broadcast(e)) {
        memset(mac, 0xff, 6);
    } else if (is_multicast(e) && e->family == 4) {
        mac[0] = 0x01; mac[1] = 0x00; mac[2] = 0x5e;
        mac[3] = e->addr[1] & 0x7f; mac[4] = e->addr[2]; mac[5] = e->addr[3];
    } else if (is_multicast(e)) {
        mac[0] = 0x33; mac[1] = 0x33;
        memcpy(mac + 2, e->addr + 12, 4);
    } else {
        mac[0] = 0x02; mac[1] = 0x00;
        memcpy(mac + 2, e->family == 4 ? e->addr : e->addr + 12, 4);
    }
}

void parse_endpoint(const char *word, struct endpoint *e, bool is_source)
{
    char host[64];
    const char *colon;
    memset(e, 0, sizeof(*e));
    snprintf(e->text, sizeof(e->text), "%s", word);
    if (word[0] == '[') {
        const char *close = strchr(word, ']');
        if (!close || close[1] != ':' || (size_t)(close - word - 1) >= sizeof(host))
            die("bad IPv6 endpoint '%s' (expected [ADDR]:PORT)", word);
        memcpy(host, word + 1, (size_t)(close - word - 1));
        host[close - word - 1] = '\0';
        colon = close + 1;
        if (inet_pton(AF_INET6, host, e->addr) != 1)
            die("bad IPv6 address '%s'", host);
        e->family = 6;
    } else {
        colon = strrchr(word, ':');
        if (!colon || (size_t)(colon - word) >= sizeof(host))
            die("bad endpoint '%s' (expected A.B.C.D:PORT or [ADDR]:PORT)", word);
        memcpy(host, word, (size_t)(colon - word));
        host[colon - word] = '\0';
        if (inet_pton(AF_INET, host, e->addr) != 1)
            die("bad IPv4 address '%s'", host);
        e->family = 4;
    }
    char *end;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (colon[1] < '0' || colon[1] > '9' || *end || errno || port > 65535)
        die("bad port in '%s'", word);
    e->port = (unsigned)port;
    if (is_source && !is_doc_addr(e))
        die("source address in '%s' is not in a documentation range "
            "(192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32)", word);
    if (!is_source && !is_doc_addr(e) && !is_multicast(e) &&
        !(e->family == 4 && memcmp(e->addr, "\xff\xff\xff\xff", 4) == 0))
        die("destination address in '%s' is not in a documentation range, "
            "broadcast or multicast", word);
}

/* ---- frame output -------------------------------------------------------- */

struct buf g_out;           /* the whole pcap file */
uint64_t g_clock_us = DEFAULT_EPOCH * 1000000ull;
uint64_t g_step_us = DEFAULT_STEP_MS * 1000ull;
static uint16_t g_ip_id = 0x1000;
unsigned g_frames;

static void write_frame(const struct endpoint *src, const struct endpoint *dst,
                        const uint8_t *l3, size_t l3len)
{
    struct buf f = {0};
    uint8_t mac[6];
    endpoint_mac(dst, mac);
    buf_add(&f, mac, 6);
    endpoint_mac(src, mac);
    buf_add(&f, mac, 6);
    buf_be16(&f, src->family == 4 ? 0x0800 : 0x86dd);
    buf_add(&f, l3, l3len);
    if (f.len > SNAPLEN)
        die("frame of %zu bytes exceeds the snapshot length %u", f.len, SNAPLEN);

    buf_le32(&g_out, (uint32_t)(g_clock_us / 1000000u));
    buf_le32(&g_out, (uint32_t)(g_clock_us % 1000000u));
    buf_le32(&g_out, (uint32_t)f.len);
    buf_le32(&g_out, (uint32_t)f.len);
    buf_add(&g_out, f.p, f.len);
    free(f.p);
    g_clock_us += g_step_us;
    g_frames++;
}

/* l4 already has its checksum filled in.  frag = max IP payload per
 * fragment (IPv4), 0 = do not fragment. */
static void emit_ip(const struct endpoint *src, const struct endpoint *dst, unsigned proto,
                    const uint8_t *l4, size_t l4len, size_t frag, bool dont_fragment)
{
    struct buf p = {0};
    if (src->family == 6) {
        if (l4len > 65535)
            die("IPv6 payload of %zu bytes does not fit the 16-bit payload length", l4len);
        buf_be32(&p, 0x60000000u);
        buf_be16(&p, (unsigned)l4len);
        buf_u8(&p, proto);
        buf_u8(&p, is_multicast(dst) ? 1 : 64);
        buf_add(&p, src->addr, 16);
        buf_add(&p, dst->addr, 16);
        buf_add(&p, l4, l4len);
        write_frame(src, dst, p.p, p.len);
        free(p.p);
        return;
    }
    if (l4len + 20 > 65535)
        die("IPv4 datagram of %zu bytes exceeds 65535", l4len + 20);
    uint16_t id = g_ip_id++;
    size_t off = 0;
    if (!frag)
        frag = l4len;
    do {
        size_t n = l4len - off < frag ? l4len - off : frag;
        bool more = off + n < l4len;
        p.len = 0;
        buf_u8(&p, 0x45);
        buf_u8(&p, 0);
        buf_be16(&p, (unsigned)(20 + n));
        buf_be16(&p, id);
        buf_be16(&p, (dont_fragment ? 0x4000u : 0) | (more ? 0x2000u : 0) | (unsigned)(off / 8));
        buf_u8(&p, is_multicast(dst) ? 1 : 64);
        buf_u8(&p, proto);
        buf_be16(&p, 0);
        buf_add(&p, src->addr, 4);
        buf_add(&p, dst->addr, 4);
        put_be16(p.p + 10, sum_fold(sum_add(0, p.p, 20)));
        buf_add(&p, l4 + off, n);
        write_frame(src, dst, p.p, p.len);
        off += n;
    } while (off < l4len);
    free(p.p);
}

static uint32_t pseudo_sum(const struct endpoint *src, const struct endpoint *dst,
                           unsigned proto, size_t len)
{
    uint32_t sum = 0;
    size_t alen = src->family == 4 ? 4 : 16;
    sum = sum_add(sum, src->addr, alen);
    sum = sum_add(sum, dst->addr, alen);
    sum += proto;
    sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
    return sum;
}

void emit_udp(const struct endpoint *src, const struct endpoint *dst,
                     const uint8_t *data, size_t len, size_t frag)
{
    struct buf u = {0};
    if (len + 8 > 65535)
        die("UDP payload of %zu bytes exceeds the 16-bit UDP length", len);
    buf_be16(&u, src->port);
    buf_be16(&u, dst->port);
    buf_be16(&u, (unsigned)(len + 8));
    buf_be16(&u, 0);
    buf_add(&u, data, len);
    uint16_t ck = sum_fold(sum_add(pseudo_sum(src, dst, 17, u.len), u.p, u.len));
    put_be16(u.p + 6, ck ? ck : 0xffff);
    emit_ip(src, dst, 17, u.p, u.len, frag, false);
    free(u.p);
}


void emit_tcp(const struct endpoint *src, const struct endpoint *dst, uint32_t seq,
                     uint32_t ack, unsigned flags, const uint8_t *data, size_t len)
{
    struct buf t = {0};
    buf_be16(&t, src->port);
    buf_be16(&t, dst->port);
    buf_be32(&t, seq);
    buf_be32(&t, (flags & TH_ACK) ? ack : 0);
    buf_u8(&t, 5 << 4);
    buf_u8(&t, flags);
    buf_be16(&t, 65535);
    buf_be16(&t, 0);
    buf_be16(&t, 0);
    buf_add(&t, data, len);
    put_be16(t.p + 16, sum_fold(sum_add(pseudo_sum(src, dst, 6, t.len), t.p, t.len)));
    emit_ip(src, dst, 6, t.p, t.len, 0, true);
    free(t.p);
}
