/* udpcap: records IP Messenger traffic (UDP port 2425, its IP fragments,
 * optionally TCP) to pcapng or pcap; re-filters capture files; speaks
 * Wireshark's extcap protocol.  See udpcap(1). */
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>

#include "exitcodes.h"
#include "extcap.h"
#include "ifaces.h"
#include "live.h"
#include "offline.h"
#include "options.h"
#include "report.h"

static int run_help(const struct config *cfg)
{
    (void)cfg;
    options_help(stdout);
    return 0;
}

static int run_version(const struct config *cfg)
{
    (void)cfg;
    printf("udpcap %s\n%s\n", UDPCAP_VERSION, pcap_lib_version());
    return 0;
}

static int run_list(const struct config *cfg)
{
    (void)cfg;
    return ifaces_print(stdout);
}

static int (*const runners[UC_MODE_COUNT])(const struct config *) = {
    [UC_MODE_CAPTURE] = live_run,
    [UC_MODE_READ] = offline_run,
    [UC_MODE_LIST] = run_list,
    [UC_MODE_VERSION] = run_version,
    [UC_MODE_HELP] = run_help,
    [UC_MODE_EXTCAP_INTERFACES] = extcap_interfaces,
    [UC_MODE_EXTCAP_DLTS] = extcap_dlts,
    [UC_MODE_EXTCAP_CONFIG] = extcap_config,
    [UC_MODE_EXTCAP_FILTER] = extcap_filter_check,
    [UC_MODE_EXTCAP_CAPTURE] = live_run,
};

int main(int argc, char **argv)
{
    struct config cfg;
    char err[PCAP_ERRBUF_SIZE];

    int rc = options_parse(argc, argv, &cfg);
    if (rc)
        return rc;
    /* A reader that goes away (stdout, the extcap FIFO) shows up as EPIPE. */
    signal(SIGPIPE, SIG_IGN);
    if (pcap_init(PCAP_CHAR_ENC_UTF_8, err) != 0)
        uc_warn("libpcap: %s", err);
    rc = runners[cfg.mode](&cfg);
    if (fflush(stdout) != 0 && rc == 0)
        rc = UC_EXIT_OUTPUT;
    return rc == UC_STOP_READER_GONE ? UC_EXIT_OK : rc;
}
