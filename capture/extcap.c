#include "extcap.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "exitcodes.h"
#include "filter.h"
#include "ifaces.h"
#include "report.h"

/* The capture dialog: one row per setting; selectors list their values
 * after the table. */
enum { ARG_PORT, ARG_IFACE, ARG_TCP };

static const char *const config_args[] = {
    [ARG_PORT] = "{call=--port}{display=UDP port}{type=string}{default=2425}{required=true}"
                 "{validation=^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$}"
                 "{tooltip=IP Messenger port: 2425, a range 2425-2430 or a list 2425,2426}",
    [ARG_IFACE] = "{call=--iface}{display=Interface}{type=selector}"
                  "{tooltip=Network interface to capture on (any = all)}",
    [ARG_TCP] = "{call=--tcp}{display=Also TCP (file transfers)}{type=boolflag}{default=false}"
                "{tooltip=Record TCP on the same ports too}",
};

/* With the "any" interface, the default, packets come as Linux cooked
 * capture; another interface's link type is in the stream's header. */
#define EXTCAP_DLT DLT_LINUX_SLL

int extcap_interfaces(const struct config *cfg)
{
    (void)cfg;
    printf("extcap {version=%s}{display=udpcap, IP Messenger recorder}\n", UDPCAP_VERSION);
    printf("interface {value=%s}{display=%s}\n", UC_EXTCAP_INTERFACE, UC_EXTCAP_DISPLAY);
    return 0;
}

int extcap_dlts(const struct config *cfg)
{
    (void)cfg;
    printf("dlt {number=%d}{name=%s}{display=%s}\n", EXTCAP_DLT, pcap_datalink_val_to_name(EXTCAP_DLT),
           pcap_datalink_val_to_description(EXTCAP_DLT));
    return 0;
}

int extcap_config(const struct config *cfg)
{
    (void)cfg;
    for (size_t i = 0; i < sizeof config_args / sizeof config_args[0]; i++)
        printf("arg {number=%zu}%s\n", i, config_args[i]);
    ifaces_extcap_values(stdout, ARG_IFACE);
    return 0;
}

int extcap_filter_check(const struct config *cfg)
{
    char err[PCAP_ERRBUF_SIZE + 64];
    char *expr = filter_build(cfg);
    if (!expr)
        return uc_fail(UC_EXIT_FILTER, "out of memory for the filter");
    if (!filter_check(EXTCAP_DLT, expr, err, sizeof err))
        printf("%s\n", err);
    free(expr);
    return 0;
}
