/* The capture interfaces as libpcap lists them: for -D, for the message
 * about an unknown interface, for -i NUMBER and for the extcap selector. */
#ifndef UDPCAP_IFACES_H
#define UDPCAP_IFACES_H

#include <stddef.h>
#include <stdio.h>

/* -D: "1. any (Pseudo-device ...) [Up, Running]" lines.  Exit code. */
int ifaces_print(FILE *out);

/* "any, lo, eth0" into out (for messages); network interfaces only. */
void ifaces_names(char *out, size_t n);

/* -i 2 means the second interface of -D (as in tcpdump), unless an
 * interface is named "2".  Returns arg or the name, copied into buf. */
const char *ifaces_resolve(const char *arg, char *buf, size_t n);

/* extcap: one "value {arg=N}..." line per network interface, "any" the
 * default. */
void ifaces_extcap_values(FILE *out, int arg_number);

#endif
