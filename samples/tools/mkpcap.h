/* mkpcap's parts: the scenario reader (mkpcap.c) and the packet builder
 * (frames.c), which writes Ethernet/IPv4/IPv6/UDP/TCP frames with correct
 * checksums into the pcap being built. */
#ifndef MKPCAP_H
#define MKPCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lex.h"

#define DEFAULT_EPOCH 1700000000ull
#define DEFAULT_STEP_MS 10u
#define SNAPLEN 262144u

struct endpoint {
    int family;        /* 4 or 6 */
    uint8_t addr[16];  /* IPv4 in the first 4 bytes */
    unsigned port;
    char text[64];
};

/* "A.B.C.D:P" or "[v6]:P"; sources must be in a documentation range. */
void parse_endpoint(const char *word, struct endpoint *e, bool is_source);

enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_PSH = 0x08, TH_ACK = 0x10 };

/* Frames appended to g_out, stamped with g_clock_us, which then advances by
 * g_step_us.  frag: IPv4 payload bytes per fragment, 0 = whole. */
void emit_udp(const struct endpoint *src, const struct endpoint *dst, const uint8_t *data, size_t len, size_t frag);
void emit_tcp(const struct endpoint *src, const struct endpoint *dst, uint32_t seq, uint32_t ack, unsigned flags,
              const uint8_t *data, size_t len);

extern struct buf g_out;       /* the whole pcap file */
extern uint64_t g_clock_us;
extern uint64_t g_step_us;
extern unsigned g_frames;

#endif
