/* The command line as a config struct.  Every check of a single value is
 * done here, so the rest of udpcap never sees a bad one. */
#ifndef UDPCAP_OPTIONS_H
#define UDPCAP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define UC_MAX_PORT_RANGES 64
#define UC_DEFAULT_PORT 2425
#define UC_DEFAULT_SNAPLEN 262144
#define UC_DEFAULT_BUFFER_MIB 64
#define UC_EXTCAP_INTERFACE "udpcap"
#define UC_EXTCAP_DISPLAY "IPMsg (udpcap)"

enum uc_mode {
    UC_MODE_CAPTURE,            /* live capture to a file or stdout */
    UC_MODE_READ,               /* -r: re-filter a capture file */
    UC_MODE_LIST,               /* -D */
    UC_MODE_VERSION,
    UC_MODE_HELP,
    UC_MODE_EXTCAP_INTERFACES,
    UC_MODE_EXTCAP_DLTS,
    UC_MODE_EXTCAP_CONFIG,
    UC_MODE_EXTCAP_FILTER,      /* --extcap-capture-filter without --capture: validate it */
    UC_MODE_EXTCAP_CAPTURE,     /* --capture --fifo: live capture into Wireshark's FIFO */
    UC_MODE_COUNT
};

enum uc_format { UC_FORMAT_PCAPNG, UC_FORMAT_PCAP };

struct port_range {
    uint16_t first, last;
};

struct config {
    enum uc_mode mode;
    struct port_range ports[UC_MAX_PORT_RANGES];
    size_t n_ports;
    bool tcp;                     /* --tcp: TCP on the same ports too */

    const char *iface;            /* -i; "any" */
    const char *read_path;        /* -r */
    const char *filter;           /* -f, NULL if none */
    const char *extcap_filter;    /* --extcap-capture-filter, NULL if none */

    const char *write_path;       /* -w; NULL: default name; "-": stdout; the FIFO in extcap mode */
    bool stream;                  /* stdout or FIFO: flushed as packets arrive, never rotated */
    enum uc_format format;

    uint64_t count;               /* -c; 0 = no limit */
    double autostop_seconds;      /* -a duration:SEC; 0 = none */
    double file_size_mb;          /* -C in 10^6 bytes; 0 = no size rotation */
    uint64_t rotate_seconds;      /* -G; 0 = no time rotation */
    uint64_t max_files;           /* -W; 0 = keep all */
    uint64_t snaplen;             /* -s */
    uint64_t buffer_mib;          /* -B */
    bool promisc;
    bool quiet, verbose;

    const char *user;             /* -Z, resolved to uid/gid */
    uid_t uid;
    gid_t gid;
};

/* Fills cfg.  Returns 0, or UC_EXIT_USAGE after printing the problem. */
int options_parse(int argc, char **argv, struct config *cfg);
void options_help(FILE *out);

bool config_rotates(const struct config *cfg);
bool config_port_matches(const struct config *cfg, uint16_t port);

#endif
