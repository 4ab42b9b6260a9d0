/* The output as a series of files: names, size rotation (-C), wall-clock
 * aligned time rotation (-G), the ring of the newest N files (-W).  A run
 * without rotation is a series of one file.  Rotation happens between two
 * packets in the only thread, so no packet is lost or written twice at a
 * boundary; if the next file cannot be created, the packet still goes into
 * the current file before the run stops. */
#ifndef UDPCAP_ROTATE_H
#define UDPCAP_ROTATE_H

#include <stdint.h>
#include <time.h>

#include "options.h"
#include "packet.h"
#include "writer.h"

struct rotation {
    const struct config *cfg;
    struct writer_header hdr;
    struct writer w;
    char *path;              /* the current file */
    char *stem, *ext;        /* rotated names: <stem>_<NNNNN>_<YYYYmmddHHMMSS>[.<ext>] */
    uint64_t file_no;        /* 1-based number of the current file */
    char **ring;             /* -W: the newest max_files names, by file_no % max_files */
    uint64_t size_limit;     /* -C in bytes, 0 = none */
    int64_t interval_end;    /* -G: epoch second at which the current file ends; 0 = set by the first packet */
    uint64_t packets_closed; /* packets in the files before the current one */
    uint64_t bytes;          /* captured bytes written, over all files */
};

/* Packets in all files so far (after a failed write: those that made it). */
static inline uint64_t rotation_packets(const struct rotation *r) { return r->packets_closed + r->w.records; }

/* Opens the first file.  now: its time for the name; live: -G intervals
 * start now (else at the first packet's time stamp, for -r). */
int rotation_open(struct rotation *r, const struct config *cfg, const struct writer_header *h, time_t now,
                  bool live);
int rotation_write(struct rotation *r, const struct pkt *p);
/* -G with no traffic: rotates when the wall clock (minus the time the
 * kernel may still hold packets) has passed the end of the file's interval. */
int rotation_tick(struct rotation *r, int64_t now_sec);
int rotation_flush(struct rotation *r);
/* Flushes and closes the current file; r->path stays for the summary. */
int rotation_close(struct rotation *r);
void rotation_free(struct rotation *r);

#endif
