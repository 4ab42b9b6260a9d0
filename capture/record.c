#include "record.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "exitcodes.h"
#include "report.h"
#include "verbose.h"

void recorder_stop(struct recorder *r, int status)
{
    if (!r->status)
        r->status = status;
    r->done = true;
    pcap_breakloop(r->pcap);
}

/* frag_emit_fn: one packet that is kept. */
static int emit(void *ctx, const struct pkt *p, const struct pkt_ip *ip)
{
    struct recorder *r = ctx;
    if (r->done)
        return 0;
    int rc = rotation_write(&r->out, p);
    if (rc)
        return rc;
    if (r->cfg->verbose && ip)
        verbose_packet(p, ip);
    if (r->cfg->count && rotation_packets(&r->out) >= r->cfg->count)
        recorder_stop(r, 0);
    return 0;
}

void recorder_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
    struct recorder *r = (struct recorder *)user;
    if (r->done)
        return;
    struct pkt p = {
        .ts_ns = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec * r->ts_unit_ns,
        .caplen = h->caplen,
        .len = h->len,
        .data = bytes,
    };
    struct pkt_ip ip;
    bool is_ip = pkt_parse_ip(r->dlt, &p, &ip);
    r->seen++;
    int rc = frag_process(r->frags, &p, is_ip ? &ip : NULL, emit, r);
    if (rc)
        recorder_stop(r, rc);
}

int recorder_open(struct recorder *r, const struct config *cfg, pcap_t *p, const char *if_name,
                  const char *filter, time_t now, bool live)
{
    *r = (struct recorder){.cfg = cfg, .pcap = p, .dlt = pcap_datalink(p)};
    r->ts_unit_ns = pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000;
    r->frags = frag_tracker_new(cfg);
    if (!r->frags)
        return uc_fail(UC_EXIT_OUTPUT, "out of memory");
    if (!pkt_link_known(r->dlt))
        uc_warn("link type %s is not one udpcap can look into: fragments are kept as the kernel filter passes them",
                pcap_datalink_val_to_name(r->dlt) ? pcap_datalink_val_to_name(r->dlt) : "?");
    struct writer_header h = {
        .format = cfg->format,
        .dlt = r->dlt,
        .snaplen = (uint32_t)pcap_snapshot(p),
        .if_name = if_name,
        .if_filter = filter,
    };
    return rotation_open(&r->out, cfg, &h, now, live);
}

void recorder_flush(struct recorder *r)
{
    int rc = rotation_flush(&r->out);
    if (rc)
        recorder_stop(r, rc);
}

int recorder_close(struct recorder *r)
{
    int rc = rotation_close(&r->out);
    if (r->cfg->verbose && r->frags) {
        struct frag_stats fs = frag_finish(r->frags);
        if (fs.kept || fs.foreign || fs.unmatched)
            uc_say("fragments: %" PRIu64 " kept, %" PRIu64 " first fragments of other datagrams and %" PRIu64
                   " unmatched fragments left out",
                   fs.kept, fs.foreign, fs.unmatched);
        verbose_done();
    }
    return r->status ? r->status : rc;
}

void recorder_summary(const struct recorder *r, const char *tail)
{
    const struct rotation *o = &r->out;
    if (r->cfg->mode == UC_MODE_EXTCAP_CAPTURE || strcmp(o->path, "-") == 0)
        uc_say("%" PRIu64 " packets written to %s%s", rotation_packets(o),
               r->cfg->mode == UC_MODE_EXTCAP_CAPTURE ? "the extcap FIFO" : "stdout", tail);
    else if (o->file_no == 1)
        uc_say("%" PRIu64 " packets written to %s%s", rotation_packets(o), o->path, tail);
    else
        uc_say("%" PRIu64 " packets written to %" PRIu64 " files, the last %s%s", rotation_packets(o), o->file_no,
               o->path, tail);
}

void recorder_free(struct recorder *r)
{
    rotation_free(&r->out);
    frag_tracker_free(r->frags);
    r->frags = NULL;
}
