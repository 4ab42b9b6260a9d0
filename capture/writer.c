#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "exitcodes.h"
#include "report.h"

#define WRITE_BUFFER (1u << 20)   /* stdio's 4 KiB means a syscall every 3 packets */

#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAPNG_SHB 0x0a0d0d0au
#define PCAPNG_IDB 1u
#define PCAPNG_EPB 6u
#define PCAPNG_BYTE_ORDER 0x1a2b3c4du
#define PCAP_RECORD_HEADER 16u
#define PCAPNG_EPB_OVERHEAD 32u   /* block header, interface, time, lengths, trailing length */

/* pcapng option codes (draft-ietf-opsawg-pcapng) */
enum {
    OPT_END = 0,
    SHB_OS = 3,
    SHB_USERAPPL = 4,
    IF_NAME = 2,
    IF_TSRESOL = 9,
    IF_FILTER = 11
};

/* Link types in files differ from libpcap's DLT_ values for a few. */
static const struct {
    int dlt;
    uint32_t linktype;
} linktypes[] = {
    {DLT_RAW, 101},   /* LINKTYPE_RAW */
};

static uint32_t linktype_of(int dlt)
{
    for (size_t i = 0; i < sizeof linktypes / sizeof linktypes[0]; i++)
        if (linktypes[i].dlt == dlt)
            return linktypes[i].linktype;
    return (uint32_t)dlt;
}

static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }

static void put_bytes(struct writer *w, const void *p, size_t n)
{
    if (n == 0)   /* memcpy's source must not be NULL, even for 0 bytes */
        return;
    memcpy(w->buf + w->used, p, n);
    w->used += n;
}

static void put_u16(struct writer *w, uint16_t v) { put_bytes(w, &v, sizeof v); }
static void put_u32(struct writer *w, uint32_t v) { put_bytes(w, &v, sizeof v); }

static void put_zeros(struct writer *w, size_t n)
{
    memset(w->buf + w->used, 0, n);
    w->used += n;
}

static void put_option(struct writer *w, uint16_t code, const void *value, size_t len)
{
    if (len > 0xffff)
        return;
    put_u16(w, code);
    put_u16(w, (uint16_t)len);
    put_bytes(w, value, len);
    put_zeros(w, pad4(len) - len);
}

static void put_text_option(struct writer *w, uint16_t code, const char *text)
{
    if (text)
        put_option(w, code, text, strlen(text));
}

/* Writes the block length at start and at the end, now that it is known. */
static void end_block(struct writer *w, size_t start)
{
    uint32_t total = (uint32_t)(w->used - start + 4);
    memcpy(w->buf + start + 4, &total, 4);
    put_u32(w, total);
}

static void put_pcapng_header(struct writer *w, const struct writer_header *h)
{
    struct utsname u;
    char os[2 * sizeof u.release + 2] = "";
    if (uname(&u) == 0)
        snprintf(os, sizeof os, "%.64s %.64s", u.sysname, u.release);

    size_t start = w->used;
    put_u32(w, PCAPNG_SHB);
    put_u32(w, 0);                     /* length, set by end_block */
    put_u32(w, PCAPNG_BYTE_ORDER);
    put_u16(w, 1);
    put_u16(w, 0);
    put_u32(w, 0xffffffffu);           /* section length unknown (-1) */
    put_u32(w, 0xffffffffu);
    put_text_option(w, SHB_OS, os[0] ? os : NULL);
    put_text_option(w, SHB_USERAPPL, "udpcap " UDPCAP_VERSION);
    put_option(w, OPT_END, NULL, 0);
    end_block(w, start);

    start = w->used;
    put_u32(w, PCAPNG_IDB);
    put_u32(w, 0);
    put_u16(w, (uint16_t)linktype_of(h->dlt));
    put_u16(w, 0);
    put_u32(w, h->snaplen);
    put_text_option(w, IF_NAME, h->if_name);
    if (h->if_filter && strlen(h->if_filter) < 0xfffe) {
        /* if_filter: a type byte (0 = libpcap filter string), then the text */
        size_t n = strlen(h->if_filter);
        uint8_t type = 0;
        put_u16(w, IF_FILTER);
        put_u16(w, (uint16_t)(n + 1));
        put_bytes(w, &type, 1);
        put_bytes(w, h->if_filter, n);
        put_zeros(w, pad4(n + 1) - (n + 1));
    }
    uint8_t resol = 9;                 /* nanoseconds */
    put_option(w, IF_TSRESOL, &resol, 1);
    put_option(w, OPT_END, NULL, 0);
    end_block(w, start);
}

static void put_pcap_header(struct writer *w, const struct writer_header *h)
{
    put_u32(w, PCAP_MAGIC_NS);
    put_u16(w, 2);
    put_u16(w, 4);
    put_u32(w, 0);   /* thiszone */
    put_u32(w, 0);   /* sigfigs */
    put_u32(w, h->snaplen);
    put_u32(w, linktype_of(h->dlt));
}

uint32_t writer_record_size(enum uc_format format, uint32_t caplen)
{
    return format == UC_FORMAT_PCAPNG ? PCAPNG_EPB_OVERHEAD + (uint32_t)pad4(caplen) : PCAP_RECORD_HEADER + caplen;
}

/* Length of the record at p (our own, in host order). */
static size_t record_length(enum uc_format format, const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p + (format == UC_FORMAT_PCAPNG ? 4 : 8), 4);
    return format == UC_FORMAT_PCAPNG ? v : PCAP_RECORD_HEADER + v;
}

/* After a failed write of which `done` bytes of the buffer reached the
 * file: cut the file back to the end of the last whole record. */
static void cut_to_whole_records(struct writer *w, size_t done)
{
    size_t keep = 0;
    uint64_t kept_records = 0;
    if (done >= w->header_pending) {
        keep = w->header_pending;
        while (keep < w->used) {
            size_t n = record_length(w->format, w->buf + keep);
            if (keep + n > done)
                break;
            keep += n;
            kept_records++;
        }
    }
    w->records = w->records_flushed + kept_records;
    w->records_flushed = w->records;
    if (w->regular && ftruncate(w->fd, (off_t)(w->flushed + keep)) == 0)
        (void)lseek(w->fd, 0, SEEK_END);
    w->flushed += keep;
    w->used = 0;
    w->header_pending = 0;
    w->failed = true;
}

static int write_failed(struct writer *w, int err)
{
    if (err == EPIPE)
        return UC_STOP_READER_GONE;
    return uc_fail(UC_EXIT_DISKFULL, "%s: '%s': %s (capture stopped; the file is valid up to the last whole packet)",
                   err == ENOSPC || err == EDQUOT ? "disk full" : "write failed", w->path, strerror(err));
}

int writer_flush(struct writer *w)
{
    size_t done = 0;
    if (w->failed)
        return 0;
    while (done < w->used) {
        ssize_t n = write(w->fd, w->buf + done, w->used - done);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            int err = n < 0 ? errno : EIO;
            cut_to_whole_records(w, done);
            return write_failed(w, err);
        }
    }
    w->flushed += w->used;
    w->used = 0;
    w->header_pending = 0;
    w->records_flushed = w->records;
    return 0;
}

int writer_open(struct writer *w, const char *path, const struct writer_header *h)
{
    struct stat st;
    *w = (struct writer){.fd = -1, .path = path, .format = h->format, .cap = WRITE_BUFFER};
    if (strcmp(path, "-") == 0) {
        w->fd = STDOUT_FILENO;
        if (isatty(w->fd))
            return uc_fail(UC_EXIT_OUTPUT, "cannot write a capture to a terminal: '-' (use -w FILE or a pipe)");
    } else {
        /* Mode 0600: captures hold private chat text. */
        w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (w->fd < 0)
            return uc_fail(UC_EXIT_OUTPUT, "cannot create output file: '%s': %s", path, strerror(errno));
    }
    w->regular = fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode);
    if (w->regular && fchmod(w->fd, 0600) != 0)   /* the file may have existed with wider rights */
        uc_warn("cannot make '%s' private (mode 0600): %s", path, strerror(errno));
    w->buf = malloc(w->cap);
    if (!w->buf)
        return uc_fail(UC_EXIT_OUTPUT, "out of memory for the output buffer of '%s'", path);
    if (h->format == UC_FORMAT_PCAPNG)
        put_pcapng_header(w, h);
    else
        put_pcap_header(w, h);
    w->header_pending = w->used;
    /* Written at once: a file exists and is valid before the first packet. */
    return writer_flush(w);
}

int writer_put(struct writer *w, const struct pkt *p)
{
    size_t need = writer_record_size(w->format, p->caplen);
    if (w->failed)
        return 0;
    if (w->used + need > w->cap) {
        int rc = writer_flush(w);
        if (rc)
            return rc;
        if (need > w->cap) {
            uint8_t *bigger = realloc(w->buf, need);
            if (!bigger)
                return uc_fail(UC_EXIT_DISKFULL, "out of memory for a %zu-byte packet", need);
            w->buf = bigger;
            w->cap = need;
        }
    }
    uint32_t sec = (uint32_t)(p->ts_ns / 1000000000u), nsec = (uint32_t)(p->ts_ns % 1000000000u);
    if (w->format == UC_FORMAT_PCAPNG) {
        size_t start = w->used;
        put_u32(w, PCAPNG_EPB);
        put_u32(w, 0);
        put_u32(w, 0);   /* interface 0 */
        put_u32(w, (uint32_t)(p->ts_ns >> 32));
        put_u32(w, (uint32_t)p->ts_ns);
        put_u32(w, p->caplen);
        put_u32(w, p->len);
        put_bytes(w, p->data, p->caplen);
        put_zeros(w, pad4(p->caplen) - p->caplen);
        end_block(w, start);
    } else {
        put_u32(w, sec);
        put_u32(w, nsec);
        put_u32(w, p->caplen);
        put_u32(w, p->len);
        put_bytes(w, p->data, p->caplen);
    }
    w->records++;
    return 0;
}

int writer_close(struct writer *w)
{
    int rc = 0;
    if (w->fd >= 0) {
        rc = writer_flush(w);
        if (w->fd != STDOUT_FILENO && close(w->fd) != 0 && rc == 0 && !w->failed)
            rc = write_failed(w, errno);
        w->fd = -1;
    }
    free(w->buf);
    w->buf = NULL;
    return rc;
}

void writer_chown(struct writer *w, uid_t uid, gid_t gid)
{
    if (w->regular && fchown(w->fd, uid, gid) != 0)
        uc_warn("cannot give '%s' to the user of -Z: %s", w->path, strerror(errno));
}
