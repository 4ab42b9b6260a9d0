#include "filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "report.h"

/* The transports recorded, and which option turns each on. */
static const struct transport {
    const char *name;
    int ip_proto;
    bool tcp_only;   /* only with --tcp */
} transports[] = {
    {"udp", 17, false},
    {"tcp", 6, true},
};

static bool transport_on(const struct config *cfg, const struct transport *t)
{
    return !t->tcp_only || cfg->tcp;
}

char *filter_build(const struct config *cfg)
{
    char *expr = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&expr, &len);
    if (!f)
        return NULL;
    const char *sep = "";
    size_t n_transports = sizeof transports / sizeof transports[0];

    fputs("(", f);
    for (size_t t = 0; t < n_transports; t++) {
        if (!transport_on(cfg, &transports[t]))
            continue;
        for (size_t i = 0; i < cfg->n_ports; i++, sep = " or ") {
            const struct port_range *r = &cfg->ports[i];
            if (r->first == r->last)
                fprintf(f, "%s%s port %u", sep, transports[t].name, r->first);
            else
                fprintf(f, "%s%s portrange %u-%u", sep, transports[t].name, r->first, r->last);
        }
    }
    /* IPv4 fragments after the first of the recorded transports. */
    fputs(") or (ip[6:2] & 0x1fff != 0 and (", f);
    sep = "";
    for (size_t t = 0; t < n_transports; t++) {
        if (!transport_on(cfg, &transports[t]))
            continue;
        fprintf(f, "%sip proto %d", sep, transports[t].ip_proto);
        sep = " or ";
    }
    /* IPv6: any fragment header right after the fixed header. */
    fputs(")) or (ip6 and ip6[6] = 44)", f);
    const char *extra[] = {cfg->filter, cfg->extcap_filter};
    for (size_t i = 0; i < 2; i++)
        if (extra[i] && extra[i][strspn(extra[i], " \t\n")])
            fprintf(f, " and (%s)", extra[i]);
    if (fclose(f) != 0) {
        free(expr);
        return NULL;
    }
    return expr;
}

/* What the user wrote, for messages ("udp prot 2425"). */
static void user_part(const struct config *cfg, char *out, size_t n)
{
    if (cfg->filter && cfg->extcap_filter)
        snprintf(out, n, "%s' and '%s", cfg->filter, cfg->extcap_filter);
    else
        snprintf(out, n, "%s", cfg->filter ? cfg->filter : cfg->extcap_filter ? cfg->extcap_filter : "");
}

int filter_compile(pcap_t *p, const char *expr, const struct config *cfg, struct bpf_program *prog)
{
    char user[1024];
    if (!expr)
        return uc_fail(UC_EXIT_FILTER, "out of memory for the filter");
    if (pcap_compile(p, prog, expr, 1, PCAP_NETMASK_UNKNOWN) == 0)
        return 0;
    user_part(cfg, user, sizeof user);
    if (user[0])
        return uc_fail(UC_EXIT_FILTER, "bad filter: '%s': %s", user, pcap_geterr(p));
    const char *link = pcap_datalink_val_to_name(pcap_datalink(p));
    return uc_fail(UC_EXIT_FILTER, "cannot filter link type %s: %s", link ? link : "?", pcap_geterr(p));
}

int filter_apply(pcap_t *p, const char *expr, const struct config *cfg)
{
    struct bpf_program prog;
    int rc = filter_compile(p, expr, cfg, &prog);
    if (rc)
        return rc;
    if (pcap_setfilter(p, &prog) != 0)
        rc = uc_fail(UC_EXIT_FILTER, "cannot install the filter: %s", pcap_geterr(p));
    pcap_freecode(&prog);
    return rc;
}

bool filter_check(int dlt, const char *expr, char *err, size_t errsz)
{
    pcap_t *p = pcap_open_dead(dlt, UC_DEFAULT_SNAPLEN);
    struct bpf_program prog;
    bool ok = false;
    if (!p) {
        snprintf(err, errsz, "cannot check the filter");
        return false;
    }
    if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) == 0) {
        pcap_freecode(&prog);
        ok = true;
    } else {
        snprintf(err, errsz, "%s", pcap_geterr(p));
    }
    pcap_close(p);
    return ok;
}
