/* Which IP fragments to keep.  The kernel filter lets through every
 * non-first IPv4 fragment and every IPv6 fragment, because BPF cannot tell
 * whose they are; this decides exactly: a first fragment whose ports match
 * is kept and remembered by (source, destination, protocol, id), and later
 * fragments with that key are kept.  A later fragment that arrives before
 * its first one waits a short while in a bounded queue.  Memory is bounded;
 * entries expire by packet time, so -r behaves like a live capture. */
#ifndef UDPCAP_FRAGMENTS_H
#define UDPCAP_FRAGMENTS_H

#include <stdint.h>

#include "options.h"
#include "packet.h"

struct frag_tracker;

/* Receives every packet that is kept, in the order decided; ip is NULL for
 * a fragment released from the waiting queue.  Non-zero stops and is
 * returned by frag_process. */
typedef int (*frag_emit_fn)(void *ctx, const struct pkt *p, const struct pkt_ip *ip);

struct frag_stats {
    uint64_t kept;          /* fragments kept */
    uint64_t foreign;       /* first fragments of datagrams on other ports */
    uint64_t unmatched;     /* later fragments whose first fragment never came */
};

struct frag_tracker *frag_tracker_new(const struct config *cfg);
void frag_tracker_free(struct frag_tracker *t);

/* ip is NULL when the packet is not IP (it is kept: the BPF chose it). */
int frag_process(struct frag_tracker *t, const struct pkt *p, const struct pkt_ip *ip, frag_emit_fn emit, void *ctx);

/* Drops what still waits (the end of a run) and returns the counts. */
struct frag_stats frag_finish(struct frag_tracker *t);

#endif
