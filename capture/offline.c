#include "offline.h"

#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exitcodes.h"
#include "filter.h"
#include "record.h"
#include "report.h"

/* The filter runs here rather than inside libpcap so that the summary can
 * say how many packets were read in all. */
struct offline {
    struct recorder rec;
    struct bpf_program prog;
    uint64_t read;
};

static void offline_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
    struct offline *o = (struct offline *)user;
    o->read++;
    if (pcap_offline_filter(&o->prog, h, bytes))
        recorder_packet((u_char *)&o->rec, h, bytes);
}

int offline_run(const struct config *cfg)
{
    char err[PCAP_ERRBUF_SIZE] = "";
    struct offline o = {0};
    pcap_t *p = pcap_open_offline_with_tstamp_precision(cfg->read_path, PCAP_TSTAMP_PRECISION_NANO, err);
    if (!p) {
        size_t n = strlen(cfg->read_path);   /* libpcap may start with the name too */
        const char *why = strncmp(err, cfg->read_path, n) == 0 && strncmp(err + n, ": ", 2) == 0 ? err + n + 2 : err;
        return uc_fail(UC_EXIT_INPUT, "cannot read capture file: '%s': %s", cfg->read_path, why);
    }

    char *expr = filter_build(cfg);
    int rc = filter_compile(p, expr, cfg, &o.prog);
    if (rc) {
        pcap_close(p);
        free(expr);
        return rc;
    }
    rc = recorder_open(&o.rec, cfg, p, NULL, expr, time(NULL), false);
    bool output_ok = rc == 0;
    while (rc == 0 && !o.rec.done) {
        int n = pcap_dispatch(p, -1, offline_packet, (u_char *)&o);
        if (n == PCAP_ERROR)
            recorder_stop(&o.rec, uc_fail(UC_EXIT_INPUT, "cannot read capture file: '%s': %s", cfg->read_path,
                                          pcap_geterr(p)));
        if (n == 0 || n == PCAP_ERROR)
            break;
    }
    int close_rc = recorder_close(&o.rec);
    rc = rc ? rc : close_rc;
    if (output_ok && !cfg->quiet) {
        char tail[64];
        snprintf(tail, sizeof tail, "; %" PRIu64 " packets read", o.read);
        recorder_summary(&o.rec, tail);
    }
    recorder_free(&o.rec);
    pcap_freecode(&o.prog);
    pcap_close(p);
    free(expr);
    return rc;
}
