#include "ifaces.h"

#include <ctype.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "report.h"

static const struct {
    bpf_u_int32 mask, value;
    const char *name;
} if_flags[] = {
    {PCAP_IF_UP, PCAP_IF_UP, "Up"},
    {PCAP_IF_RUNNING, PCAP_IF_RUNNING, "Running"},
    {PCAP_IF_WIRELESS, PCAP_IF_WIRELESS, "Wireless"},
    {PCAP_IF_LOOPBACK, PCAP_IF_LOOPBACK, "Loopback"},
    {PCAP_IF_CONNECTION_STATUS, PCAP_IF_CONNECTION_STATUS_CONNECTED, "Connected"},
    {PCAP_IF_CONNECTION_STATUS, PCAP_IF_CONNECTION_STATUS_DISCONNECTED, "Disconnected"},
};

/* Network interfaces only (and "any"): libpcap also lists D-Bus, NFLOG,
 * Bluetooth ... which never carry IPMsg. */
static bool is_network(const pcap_if_t *d)
{
    return strcmp(d->name, "any") == 0 || if_nametoindex(d->name) != 0;
}

static pcap_if_t *all_devices(char *err)
{
    pcap_if_t *devs = NULL;
    if (pcap_findalldevs(&devs, err) != 0)
        return NULL;
    return devs;
}

int ifaces_print(FILE *out)
{
    char err[PCAP_ERRBUF_SIZE] = "";
    pcap_if_t *devs = all_devices(err);
    if (!devs)
        return uc_fail(UC_EXIT_IFACE, "cannot list interfaces: %s", err[0] ? err : "none found");
    int i = 1;
    for (pcap_if_t *d = devs; d; d = d->next, i++) {
        fprintf(out, "%d. %s", i, d->name);
        if (d->description)
            fprintf(out, " (%s)", d->description);
        const char *sep = " [";
        for (size_t f = 0; f < sizeof if_flags / sizeof if_flags[0]; f++) {
            if ((d->flags & if_flags[f].mask) == if_flags[f].value) {
                fprintf(out, "%s%s", sep, if_flags[f].name);
                sep = ", ";
            }
        }
        fputs(sep[0] == ',' ? "]\n" : "\n", out);
    }
    pcap_freealldevs(devs);
    return 0;
}

void ifaces_names(char *out, size_t n)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_if_t *devs = all_devices(err);
    size_t used = 0;
    out[0] = '\0';
    for (pcap_if_t *d = devs; d && used + 1 < n; d = d->next) {
        if (!is_network(d))
            continue;
        int k = snprintf(out + used, n - used, "%s%s", used ? ", " : "", d->name);
        if (k < 0)
            break;
        used += (size_t)k;
    }
    if (devs)
        pcap_freealldevs(devs);
}

const char *ifaces_resolve(const char *arg, char *buf, size_t n)
{
    char err[PCAP_ERRBUF_SIZE];
    char *end;
    if (!isdigit((unsigned char)arg[0]))
        return arg;
    long want = strtol(arg, &end, 10);
    if (*end != '\0' || want < 1)
        return arg;
    pcap_if_t *devs = all_devices(err);
    const char *found = NULL;
    long i = 1;
    for (pcap_if_t *d = devs; d; d = d->next, i++) {
        if (strcmp(d->name, arg) == 0) {   /* a real interface named like a number */
            found = NULL;
            break;
        }
        if (i == want)
            found = d->name;
    }
    if (found) {
        snprintf(buf, n, "%s", found);
        arg = buf;
    }
    if (devs)
        pcap_freealldevs(devs);
    return arg;
}

void ifaces_extcap_values(FILE *out, int arg_number)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_if_t *devs = all_devices(err);
    bool any_listed = false;
    for (pcap_if_t *d = devs; d; d = d->next) {
        if (!is_network(d))
            continue;
        bool is_any = strcmp(d->name, "any") == 0;
        any_listed = any_listed || is_any;
        fprintf(out, "value {arg=%d}{value=%s}{display=%s%s}{default=%s}\n", arg_number, d->name, d->name,
                is_any ? " (all interfaces)" : "", is_any ? "true" : "false");
    }
    if (!any_listed)
        fprintf(out, "value {arg=%d}{value=any}{display=any (all interfaces)}{default=true}\n", arg_number);
    if (devs)
        pcap_freealldevs(devs);
}
