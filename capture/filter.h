/* The kernel (BPF) filter: the ports, the fragments BPF cannot attribute
 * (fragments.c decides about those), and the user's extra expression:
 *   (udp port P or udp portrange A-B ...) or (ip[6:2] & 0x1fff != 0 and (ip proto 17))
 *   or (ip6 and ip6[6] = 44)   [and (-f EXPR)] [and (extcap filter)]
 * A plain "udp port P" misses IPv4 non-first fragments and every IPv6
 * fragment, because their UDP header is elsewhere or behind an extension. */
#ifndef UDPCAP_FILTER_H
#define UDPCAP_FILTER_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stddef.h>

#include "options.h"

/* The whole expression (malloc'd), or NULL when out of memory. */
char *filter_build(const struct config *cfg);

/* Compiles expr for p.  Returns 0 or UC_EXIT_FILTER with libpcap's
 * message (naming the user's part, which is what can be wrong). */
int filter_compile(pcap_t *p, const char *expr, const struct config *cfg, struct bpf_program *prog);

/* Compiles expr for p and installs it.  Returns 0 or UC_EXIT_FILTER with
 * libpcap's message (naming the user's part, which is what can be wrong). */
int filter_apply(pcap_t *p, const char *expr, const struct config *cfg);

/* Compiles expr for a link type without capturing (extcap filter check).
 * Returns true if it compiles; else err holds libpcap's message. */
bool filter_check(int dlt, const char *expr, char *err, size_t errsz);

#endif
