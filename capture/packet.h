/* One captured packet, and the IP facts udpcap needs about it: where the
 * IP header is behind the link layer, whether it is a fragment, and the
 * transport ports when they are in this packet.  Every read is checked
 * against the captured length. */
#ifndef UDPCAP_PACKET_H
#define UDPCAP_PACKET_H

#include <stdbool.h>
#include <stdint.h>

struct pkt {
    uint64_t ts_ns;          /* nanoseconds since the epoch */
    uint32_t caplen, len;    /* captured and original length */
    const uint8_t *data;
};

enum { PKT_PROTO_TCP = 6, PKT_PROTO_UDP = 17 };

struct pkt_ip {
    uint8_t version;         /* 4 or 6 */
    uint8_t addr_len;        /* 4 or 16 */
    const uint8_t *src, *dst;
    uint8_t proto;           /* transport protocol (IPv6 fragments: the fragment header's next header) */
    bool fragment;           /* IPv4 MF or offset, or an IPv6 fragment header */
    bool more_fragments;
    uint32_t frag_offset;    /* bytes */
    uint32_t frag_id;
    /* The transport header and what follows, as captured; only when this
     * packet carries the start of the datagram (offset 0). */
    const uint8_t *l4;
    uint32_t l4_len;
    bool has_ports;
    uint16_t sport, dport;
};

/* Fills ip from an IPv4/IPv6 packet behind one of the link layers udpcap
 * knows (Ethernet with VLAN tags, Linux cooked v1/v2, raw IP, BSD loopback).
 * Returns false for anything else, or a header cut short. */
bool pkt_parse_ip(int dlt, const struct pkt *p, struct pkt_ip *ip);

/* Whether pkt_parse_ip understands this link type at all. */
bool pkt_link_known(int dlt);

#endif
