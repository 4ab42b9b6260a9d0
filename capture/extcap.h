/* Wireshark's extcap protocol (extcap(4)): installed or linked into
 * Wireshark's extcap folder, udpcap is the interface "IPMsg (udpcap)" with
 * port, interface and TCP settings in the capture dialog.  --capture is a
 * live capture into the FIFO (live.c); these answer the queries. */
#ifndef UDPCAP_EXTCAP_H
#define UDPCAP_EXTCAP_H

#include "options.h"

int extcap_interfaces(const struct config *cfg);
int extcap_dlts(const struct config *cfg);
int extcap_config(const struct config *cfg);
/* --extcap-capture-filter without --capture: print nothing if the filter
 * compiles, else libpcap's message (on stdout, as Wireshark expects). */
int extcap_filter_check(const struct config *cfg);

#endif
