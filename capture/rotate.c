#define _GNU_SOURCE   /* vasprintf */
#include "rotate.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "report.h"

static const char *const format_ext[] = {
    [UC_FORMAT_PCAPNG] = "pcapng",
    [UC_FORMAT_PCAP] = "pcap",
};

static char *format_path(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format_path(const char *fmt, ...)
{
    char *s = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

/* Start of the -G interval holding t, aligned in local time (so that -G
 * 86400 turns at local midnight). */
static int64_t interval_start(int64_t t, uint64_t seconds)
{
    time_t tt = (time_t)t;
    struct tm tm;
    int64_t off = localtime_r(&tt, &tm) ? tm.tm_gmtoff : 0;
    int64_t local = t + off, n = (int64_t)seconds;
    return (local >= 0 ? local / n : (local - n + 1) / n) * n - off;
}

static void stamp(char *out, size_t n, const char *fmt, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm) || strftime(out, n, fmt, &tm) == 0)
        snprintf(out, n, "0");
}

/* Splits the -w name (or the default) into stem and extension; the
 * extension is looked for in the last path component only. */
static int split_name(struct rotation *r, const char *path)
{
    const char *base = strrchr(path, '/');
    const char *dot = strrchr(base ? base + 1 : path, '.');
    if (dot == (base ? base + 1 : path))
        dot = NULL;   /* ".hidden" has no extension */
    r->stem = dot ? strndup(path, (size_t)(dot - path)) : strdup(path);
    r->ext = strdup(dot ? dot + 1 : "");
    return r->stem && r->ext ? 0 : uc_fail(UC_EXIT_OUTPUT, "out of memory");
}

static char *numbered_name(const struct rotation *r, uint64_t no, int64_t t)
{
    char ts[32];
    stamp(ts, sizeof ts, "%Y%m%d%H%M%S", t);
    return format_path("%s_%05" PRIu64 "_%s%s%s", r->stem, no, ts, r->ext[0] ? "." : "", r->ext);
}

/* -W: remember the newest names, delete the one that falls out. */
static void ring_add(struct rotation *r)
{
    if (!r->cfg->max_files)
        return;
    char **slot = &r->ring[(r->file_no - 1) % r->cfg->max_files];
    if (*slot && unlink(*slot) != 0 && errno != ENOENT)
        uc_warn("cannot delete old file '%s': %s", *slot, strerror(errno));
    free(*slot);
    *slot = strdup(r->path);
}

static int open_file(struct rotation *r, struct writer *w, const char *path)
{
    int rc = writer_open(w, path, &r->hdr);
    if (rc) {
        bool created_empty = w->regular && w->flushed == 0;
        writer_close(w);
        if (created_empty)
            unlink(path);   /* not even a header fitted: leave no invalid file */
    }
    return rc;
}

static int rotate(struct rotation *r, int64_t name_time)
{
    char *path = numbered_name(r, r->file_no + 1, name_time);
    struct writer next;
    if (!path)
        return uc_fail(UC_EXIT_OUTPUT, "out of memory");
    int rc = open_file(r, &next, path);
    if (rc) {
        free(path);
        return rc;
    }
    rc = writer_close(&r->w);
    r->packets_closed += r->w.records;
    r->w = next;
    free(r->path);
    r->path = path;
    r->file_no++;
    ring_add(r);
    return rc;
}

int rotation_open(struct rotation *r, const struct config *cfg, const struct writer_header *h, time_t now,
                  bool live)
{
    char ts[32];
    int rc;
    *r = (struct rotation){.cfg = cfg, .hdr = *h, .file_no = 1};
    r->w.fd = -1;
    if (cfg->file_size_mb > 0) {
        r->size_limit = (uint64_t)llround(cfg->file_size_mb * 1e6);
        r->size_limit = r->size_limit ? r->size_limit : 1;
    }
    if (cfg->rotate_seconds && live)
        r->interval_end = interval_start(now, cfg->rotate_seconds) + (int64_t)cfg->rotate_seconds;

    if (!config_rotates(cfg)) {
        stamp(ts, sizeof ts, "%Y%m%d-%H%M%S", now);
        r->path = cfg->write_path ? strdup(cfg->write_path)
                                  : format_path("udpcap-%u-%s.%s", cfg->ports[0].first, ts, format_ext[cfg->format]);
    } else {
        char *base = cfg->write_path ? strdup(cfg->write_path)
                                     : format_path("udpcap-%u.%s", cfg->ports[0].first, format_ext[cfg->format]);
        rc = base ? split_name(r, base) : uc_fail(UC_EXIT_OUTPUT, "out of memory");
        free(base);
        if (rc)
            return rc;
        r->path = numbered_name(r, 1, r->interval_end ? r->interval_end - (int64_t)cfg->rotate_seconds : now);
        if (cfg->max_files && !(r->ring = calloc(cfg->max_files, sizeof *r->ring)))
            return uc_fail(UC_EXIT_OUTPUT, "out of memory");
    }
    if (!r->path)
        return uc_fail(UC_EXIT_OUTPUT, "out of memory");
    rc = open_file(r, &r->w, r->path);
    if (rc == 0)
        ring_add(r);
    return rc;
}

int rotation_write(struct rotation *r, const struct pkt *p)
{
    int64_t sec = (int64_t)(p->ts_ns / 1000000000u);
    uint64_t every = r->cfg->rotate_seconds;
    int rc = 0;

    if (every && r->interval_end == 0) {
        r->interval_end = interval_start(sec, every) + (int64_t)every;
    } else if (every && sec >= r->interval_end) {
        int64_t start = interval_start(sec, every);
        rc = rotate(r, start);
        r->interval_end = start + (int64_t)every;
    }
    if (rc == 0 && r->size_limit && r->w.records > 0 &&
        writer_size(&r->w) + writer_record_size(r->w.format, p->caplen) > r->size_limit)
        rc = rotate(r, sec);
    /* Even when the next file could not be made, this packet is kept. */
    int wrc = writer_put(&r->w, p);
    if (wrc == 0 && !r->w.failed)
        r->bytes += p->caplen;
    return rc ? rc : wrc;
}

int rotation_tick(struct rotation *r, int64_t now_sec)
{
    uint64_t every = r->cfg->rotate_seconds;
    if (!every || r->interval_end == 0 || now_sec < r->interval_end)
        return 0;
    int64_t start = interval_start(now_sec, every);
    r->interval_end = start + (int64_t)every;
    return rotate(r, start);
}

int rotation_flush(struct rotation *r)
{
    return writer_flush(&r->w);
}

int rotation_close(struct rotation *r)
{
    return writer_close(&r->w);
}

void rotation_free(struct rotation *r)
{
    if (r->ring)
        for (uint64_t i = 0; i < r->cfg->max_files; i++)
            free(r->ring[i]);
    free(r->ring);
    free(r->stem);
    free(r->ext);
    free(r->path);
    r->ring = NULL;
    r->stem = r->ext = r->path = NULL;
}
