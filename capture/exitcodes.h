/* udpcap's exit statuses (the contract in udpcap(1) and --help).  One enum,
 * one table of meanings: --help prints the table, so the two cannot drift. */
#ifndef UDPCAP_EXITCODES_H
#define UDPCAP_EXITCODES_H

enum uc_exit {
    UC_EXIT_OK = 0,
    UC_EXIT_USAGE = 1,     /* bad option or value */
    UC_EXIT_IFACE = 2,     /* unknown interface, interface down */
    UC_EXIT_FILTER = 3,    /* the extra BPF does not compile */
    UC_EXIT_OUTPUT = 4,    /* cannot create or open an output file */
    UC_EXIT_PERM = 5,      /* no permission to capture */
    UC_EXIT_DISKFULL = 6,  /* a write failed (disk full ...): stopped, files valid */
    UC_EXIT_INPUT = 7,     /* -r: cannot open or read the capture file */
    UC_EXIT_RUNTIME = 8,   /* libpcap read error while capturing */
    UC_EXIT_COUNT,

    /* Internal, never returned by main: whoever read stdout or the extcap
     * FIFO went away.  That ends a run normally (exit 0). */
    UC_STOP_READER_GONE = -1
};

struct uc_exit_info {
    enum uc_exit code;
    const char *meaning;
};

extern const struct uc_exit_info uc_exit_infos[UC_EXIT_COUNT];

#endif
