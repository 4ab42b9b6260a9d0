/* Capture file writers of udpcap's own: pcap (nanosecond magic) and pcapng
 * (SHB, one IDB with if_tsresol=9, EPBs), because libpcap cannot write
 * pcapng.  Records are collected in a 1 MiB buffer and written whole, so a
 * file is always valid up to its last whole packet: when a write fails
 * (disk full), the file is cut back to the last whole record. */
#ifndef UDPCAP_WRITER_H
#define UDPCAP_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "options.h"
#include "packet.h"

struct writer_header {
    enum uc_format format;
    int dlt;                 /* libpcap's DLT_ value */
    uint32_t snaplen;
    const char *if_name;     /* pcapng if_name; NULL to leave out */
    const char *if_filter;   /* pcapng if_filter; NULL to leave out */
};

struct writer {
    int fd;
    const char *path;        /* for messages; "-" is stdout */
    enum uc_format format;
    bool regular;            /* a regular file (can be truncated, chmod-ed) */
    bool failed;             /* a write failed: write nothing more */
    uint8_t *buf;
    size_t used, cap;
    size_t header_pending;   /* bytes of file header at the start of buf not yet written */
    uint64_t flushed;        /* bytes written to the file */
    uint64_t records;        /* records in the file, buffered ones included */
    uint64_t records_flushed;
};

/* Creates path (mode 0600, truncated) or uses stdout for "-", and writes
 * the file header.  Returns 0 or an exit code (message printed). */
int writer_open(struct writer *w, const char *path, const struct writer_header *h);

/* Appends one record; writes the buffer out when it is full. */
int writer_put(struct writer *w, const struct pkt *p);

/* Bytes the file will have, buffered records included. */
static inline uint64_t writer_size(const struct writer *w) { return w->flushed + w->used; }
uint32_t writer_record_size(enum uc_format format, uint32_t caplen);

int writer_flush(struct writer *w);
/* Flushes and closes; returns the first error. */
int writer_close(struct writer *w);
/* -Z: hand a file created as root to the user udpcap becomes. */
void writer_chown(struct writer *w, uid_t uid, gid_t gid);

#endif
