/* The path of every packet, shared by live capture, -r and extcap:
 * libpcap callback -> IP facts -> fragment decision -> output file(s) ->
 * -v line -> -c limit. */
#ifndef UDPCAP_RECORD_H
#define UDPCAP_RECORD_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "fragments.h"
#include "options.h"
#include "rotate.h"

struct recorder {
    const struct config *cfg;
    pcap_t *pcap;
    int dlt;
    uint32_t ts_unit_ns;       /* 1 for a nanosecond handle, 1000 for microseconds */
    struct rotation out;
    struct frag_tracker *frags;
    uint64_t seen;             /* packets the filter let through */
    int status;                /* first error (an exit code), or UC_STOP_READER_GONE */
    bool done;                 /* stop reading: -c reached or an error */
};

/* Opens the first output file.  Returns 0 or an exit code. */
int recorder_open(struct recorder *r, const struct config *cfg, pcap_t *p, const char *if_name,
                  const char *filter, time_t now, bool live);

/* pcap_handler: user is the struct recorder. */
void recorder_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes);

/* Stop reading; the first status given (an exit code, 0 for a normal
 * end such as -c) is what recorder_close returns. */
void recorder_stop(struct recorder *r, int status);

/* Flushes buffered records (stream outputs after each batch, files on a
 * timer); a failure stops the recorder. */
void recorder_flush(struct recorder *r);

/* Flushes and closes the output; returns r->status or the close error. */
int recorder_close(struct recorder *r);

/* "udpcap: N packets written to FILE" (plus tail, e.g. the drop counts). */
void recorder_summary(const struct recorder *r, const char *tail);

void recorder_free(struct recorder *r);

#endif
