/* -v: one line per IPMsg packet on stderr, decoded by the project's core
 * (the same summary as Wireshark's Info column):
 *   12:00:01.000123 10.99.0.1:2425 > 10.99.0.2:2425 UDP SENDMSG [SENDCHECK] #5 alice@PC01: "hi" */
#ifndef UDPCAP_VERBOSE_H
#define UDPCAP_VERBOSE_H

#include "packet.h"

void verbose_packet(const struct pkt *p, const struct pkt_ip *ip);
void verbose_done(void);

#endif
