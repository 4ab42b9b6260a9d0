#include "packet.h"

#include <pcap/pcap.h>
#include <stddef.h>

static inline uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define IPV6_NEXT_FRAGMENT 44
#define MAX_VLAN_TAGS 2

/* How to find the network header for each link type. */
enum proto_at {
    PROTO_BY_ETHERTYPE,  /* a 16-bit EtherType at proto_off */
    PROTO_BY_VERSION     /* no type field: the IP version nibble tells */
};

static const struct link_layer {
    int dlt;
    uint32_t hdr_len;
    enum proto_at how;
    uint32_t proto_off;
} link_layers[] = {
    {DLT_EN10MB, 14, PROTO_BY_ETHERTYPE, 12},
    {DLT_LINUX_SLL, 16, PROTO_BY_ETHERTYPE, 14},
    {DLT_LINUX_SLL2, 20, PROTO_BY_ETHERTYPE, 0},
    {DLT_RAW, 0, PROTO_BY_VERSION, 0},
    {DLT_IPV4, 0, PROTO_BY_VERSION, 0},
    {DLT_IPV6, 0, PROTO_BY_VERSION, 0},
    {DLT_NULL, 4, PROTO_BY_VERSION, 0},   /* 4-byte address family, in host order of the writer */
    {DLT_LOOP, 4, PROTO_BY_VERSION, 0},
};

static const struct link_layer *link_layer_for(int dlt)
{
    for (size_t i = 0; i < sizeof link_layers / sizeof link_layers[0]; i++)
        if (link_layers[i].dlt == dlt)
            return &link_layers[i];
    return NULL;
}

bool pkt_link_known(int dlt)
{
    return link_layer_for(dlt) != NULL;
}

/* Offset of the IP header, or -1. */
static int64_t network_offset(const struct link_layer *ll, const struct pkt *p)
{
    uint32_t off = ll->hdr_len;
    if (p->caplen < off + 1)
        return -1;
    if (ll->how == PROTO_BY_VERSION) {
        uint8_t v = p->data[off] >> 4;
        return v == 4 || v == 6 ? (int64_t)off : -1;
    }
    uint32_t type_off = ll->proto_off;
    uint16_t type = be16(p->data + type_off);
    /* Only Ethernet carries VLAN tags in the bytes (its type is at 12). */
    for (int tags = 0; ll->dlt == DLT_EN10MB && (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ); tags++) {
        if (tags == MAX_VLAN_TAGS || p->caplen < off + 4 + 1)
            return -1;
        type_off += 4;
        off += 4;
        type = be16(p->data + type_off);
    }
    return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 ? (int64_t)off : -1;
}

static void set_transport(struct pkt_ip *ip, const uint8_t *l4, const uint8_t *end)
{
    ip->l4 = l4;
    ip->l4_len = (uint32_t)(end - l4);
    if ((ip->proto == PKT_PROTO_UDP || ip->proto == PKT_PROTO_TCP) && ip->l4_len >= 4) {
        ip->has_ports = true;
        ip->sport = be16(l4);
        ip->dport = be16(l4 + 2);
    }
}

static bool parse_ipv4(const uint8_t *h, const uint8_t *end, struct pkt_ip *ip)
{
    if (end - h < 20)
        return false;
    uint32_t ihl = (uint32_t)(h[0] & 0x0f) * 4;
    if (ihl < 20 || end - h < (ptrdiff_t)ihl)
        return false;
    uint16_t frag = be16(h + 6);
    ip->version = 4;
    ip->addr_len = 4;
    ip->src = h + 12;
    ip->dst = h + 16;
    ip->proto = h[9];
    ip->frag_id = be16(h + 4);
    ip->more_fragments = (frag & 0x2000) != 0;
    ip->frag_offset = (uint32_t)(frag & 0x1fff) * 8;
    ip->fragment = ip->more_fragments || ip->frag_offset != 0;
    /* The IP total length bounds the payload (Ethernet may pad). */
    uint16_t total = be16(h + 2);
    if (total >= ihl && end - h > (ptrdiff_t)total)
        end = h + total;
    if (ip->frag_offset == 0)
        set_transport(ip, h + ihl, end);
    return true;
}

static bool parse_ipv6(const uint8_t *h, const uint8_t *end, struct pkt_ip *ip)
{
    if (end - h < 40)
        return false;
    ip->version = 6;
    ip->addr_len = 16;
    ip->src = h + 8;
    ip->dst = h + 24;
    ip->proto = h[6];
    uint32_t payload = be16(h + 4);
    if (payload && end - h > (ptrdiff_t)(40 + payload))
        end = h + 40 + payload;
    const uint8_t *next = h + 40;
    /* Only a fragment header right after the fixed header, as the BPF
     * (ip6[6] = 44) selects. */
    if (ip->proto == IPV6_NEXT_FRAGMENT) {
        if (end - next < 8)
            return false;
        uint16_t off_flags = be16(next + 2);
        ip->fragment = true;
        ip->proto = next[0];
        ip->frag_offset = off_flags & 0xfff8u;
        ip->more_fragments = (off_flags & 1u) != 0;
        ip->frag_id = be32(next + 4);
        next += 8;
    }
    if (ip->frag_offset == 0)
        set_transport(ip, next, end);
    return true;
}

bool pkt_parse_ip(int dlt, const struct pkt *p, struct pkt_ip *ip)
{
    const struct link_layer *ll = link_layer_for(dlt);
    *ip = (struct pkt_ip){0};
    if (!ll)
        return false;
    int64_t off = network_offset(ll, p);
    if (off < 0)
        return false;
    const uint8_t *h = p->data + off, *end = p->data + p->caplen;
    switch (h[0] >> 4) {
    case 4: return parse_ipv4(h, end, ip);
    case 6: return parse_ipv6(h, end, ip);
    default: return false;
    }
}
