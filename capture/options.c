#include "options.h"

#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <pwd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "report.h"

/* Long-only options get codes above any character. */
enum {
    OPT_NO_PROMISC = 256,
    OPT_TCP,
    OPT_VERSION,
    OPT_EXTCAP_INTERFACES,
    OPT_EXTCAP_DLTS,
    OPT_EXTCAP_CONFIG,
    OPT_EXTCAP_INTERFACE,
    OPT_EXTCAP_FILTER,
    OPT_EXTCAP_CAPTURE,
    OPT_FIFO,
    OPT_IGNORED   /* extcap arguments udpcap has no use for */
};

static const char short_options[] = ":p:i:Dw:F:c:a:C:G:W:r:f:s:B:Z:qvh";

static const struct option long_options[] = {
    {"port", required_argument, NULL, 'p'},
    {"interface", required_argument, NULL, 'i'},
    {"iface", required_argument, NULL, 'i'},   /* the extcap dialog's name */
    {"list-interfaces", no_argument, NULL, 'D'},
    {"write", required_argument, NULL, 'w'},
    {"format", required_argument, NULL, 'F'},
    {"count", required_argument, NULL, 'c'},
    {"autostop", required_argument, NULL, 'a'},
    {"file-size", required_argument, NULL, 'C'},
    {"rotate-seconds", required_argument, NULL, 'G'},
    {"files", required_argument, NULL, 'W'},
    {"read", required_argument, NULL, 'r'},
    {"filter", required_argument, NULL, 'f'},
    {"snaplen", required_argument, NULL, 's'},
    {"buffer-size", required_argument, NULL, 'B'},
    {"no-promisc", no_argument, NULL, OPT_NO_PROMISC},
    {"tcp", no_argument, NULL, OPT_TCP},
    {"user", required_argument, NULL, 'Z'},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    /* Wireshark's extcap protocol (extcap(4)) */
    {"extcap-interfaces", no_argument, NULL, OPT_EXTCAP_INTERFACES},
    {"extcap-dlts", no_argument, NULL, OPT_EXTCAP_DLTS},
    {"extcap-config", no_argument, NULL, OPT_EXTCAP_CONFIG},
    {"extcap-interface", required_argument, NULL, OPT_EXTCAP_INTERFACE},
    {"extcap-capture-filter", required_argument, NULL, OPT_EXTCAP_FILTER},
    {"capture", no_argument, NULL, OPT_EXTCAP_CAPTURE},
    {"fifo", required_argument, NULL, OPT_FIFO},
    {"extcap-version", optional_argument, NULL, OPT_IGNORED},
    {"extcap-control-in", required_argument, NULL, OPT_IGNORED},
    {"extcap-control-out", required_argument, NULL, OPT_IGNORED},
    {"extcap-reload-option", required_argument, NULL, OPT_IGNORED},
    {"debug", no_argument, NULL, OPT_IGNORED},
    {"debug-file", required_argument, NULL, OPT_IGNORED},
    {NULL, 0, NULL, 0}
};

/* Whole-number options: where they go and what they may be. */
struct number_option {
    int key;
    const char *what;
    size_t field;            /* offset of a uint64_t in struct config */
    uint64_t min, max;
};

static const struct number_option number_options[] = {
    {'c', "packet count (-c)", offsetof(struct config, count), 1, UINT64_MAX},
    {'G', "rotation interval (-G)", offsetof(struct config, rotate_seconds), 1, 366u * 24 * 3600},
    {'W', "file count (-W)", offsetof(struct config, max_files), 1, 100000},
    {'s', "snapshot length (-s)", offsetof(struct config, snaplen), 0, UC_DEFAULT_SNAPLEN},
    {'B', "buffer size in MiB (-B)", offsetof(struct config, buffer_mib), 1, 2047},
};

/* Options that take a positive decimal number, possibly after a prefix. */
struct decimal_option {
    int key;
    const char *what;
    const char *prefix;      /* "duration:" or "" */
    size_t field;            /* offset of a double in struct config */
    double max;
    const char *rule;        /* for the message */
};

static const struct decimal_option decimal_options[] = {
    {'C', "file size in MB (-C)", "", offsetof(struct config, file_size_mb), 1e6,
     "a number above 0 (decimals allowed), at most 1000000"},
    {'a', "autostop (-a)", "duration:", offsetof(struct config, autostop_seconds), 366.0 * 24 * 3600,
     "duration:SEC, SEC above 0 (decimals allowed), at most 31622400"},
};

static const struct format_name {
    const char *name;
    enum uc_format format;
} format_names[] = {
    {"pcapng", UC_FORMAT_PCAPNG},
    {"pcap", UC_FORMAT_PCAP},
};

/* The extcap flags that pick a mode, strongest first. */
static const struct {
    int key;
    enum uc_mode mode;
} extcap_modes[] = {
    {OPT_EXTCAP_INTERFACES, UC_MODE_EXTCAP_INTERFACES},
    {OPT_EXTCAP_DLTS, UC_MODE_EXTCAP_DLTS},
    {OPT_EXTCAP_CONFIG, UC_MODE_EXTCAP_CONFIG},
    {OPT_EXTCAP_CAPTURE, UC_MODE_EXTCAP_CAPTURE},
};

/* Digits only (no sign, no spaces), at most max.  Returns false if not a
 * number; *too_big tells out-of-range apart. */
static bool parse_whole(const char *s, size_t len, uint64_t max, uint64_t *out, bool *too_big)
{
    uint64_t v = 0;
    *too_big = false;
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (max - d) / 10)
            *too_big = true;
        else
            v = v * 10 + d;
    }
    *out = v;
    return !*too_big;
}

static int bad_number(const struct number_option *o, const char *arg)
{
    if (o->max == UINT64_MAX)
        return uc_fail(UC_EXIT_USAGE, "bad %s: '%s' (must be a whole number, at least %" PRIu64 ")", o->what, arg,
                       o->min);
    return uc_fail(UC_EXIT_USAGE, "bad %s: '%s' (must be a whole number from %" PRIu64 " to %" PRIu64 ")", o->what,
                   arg, o->min, o->max);
}

static int set_number(struct config *cfg, const struct number_option *o, const char *arg)
{
    uint64_t v;
    bool too_big;
    if (!parse_whole(arg, strlen(arg), o->max, &v, &too_big) || v < o->min || v > o->max)
        return bad_number(o, arg);
    memcpy((char *)cfg + o->field, &v, sizeof v);
    return 0;
}

static int set_decimal(struct config *cfg, const struct decimal_option *o, const char *arg)
{
    size_t plen = strlen(o->prefix);
    const char *num = arg + plen;
    char *end;
    if (strncmp(arg, o->prefix, plen) != 0 || !(isdigit((unsigned char)*num) || *num == '.'))
        goto bad;
    double v = strtod(num, &end);
    if (*end != '\0' || !isfinite(v) || v <= 0 || v > o->max)
        goto bad;
    memcpy((char *)cfg + o->field, &v, sizeof v);
    return 0;
bad:
    return uc_fail(UC_EXIT_USAGE, "bad %s: '%s' (must be %s)", o->what, arg, o->rule);
}

/* One "PORT" or "PORT-PORT". */
static int add_port_range(struct config *cfg, const char *s, size_t len)
{
    const char *dash = memchr(s, '-', len);
    size_t n1 = dash ? (size_t)(dash - s) : len;
    const char *parts[2] = {s, dash ? dash + 1 : s};
    size_t lens[2] = {n1, dash ? len - n1 - 1 : n1};
    uint64_t v[2];

    for (int i = 0; i < 2; i++) {
        bool too_big;
        if (!parse_whole(parts[i], lens[i], 65535, &v[i], &too_big) && !too_big)
            return uc_fail(UC_EXIT_USAGE, "bad port: '%.*s' (not a number; ports are 1 to 65535)", (int)len, s);
        if (too_big || v[i] == 0)
            return uc_fail(UC_EXIT_USAGE, "bad port: '%.*s' (ports are 1 to 65535)", (int)lens[i], parts[i]);
    }
    if (v[0] > v[1])
        return uc_fail(UC_EXIT_USAGE, "bad port range: '%.*s' (the first port is above the last)", (int)len, s);
    if (cfg->n_ports == UC_MAX_PORT_RANGES)
        return uc_fail(UC_EXIT_USAGE, "bad port: too many ports or ranges (at most %d)", UC_MAX_PORT_RANGES);
    cfg->ports[cfg->n_ports++] = (struct port_range){(uint16_t)v[0], (uint16_t)v[1]};
    return 0;
}

/* -p takes PORT[-PORT], and also a comma-separated list of them. */
static int add_ports(struct config *cfg, const char *arg)
{
    const char *p = arg;
    for (;;) {
        size_t len = strcspn(p, ",");
        int rc = add_port_range(cfg, p, len);
        if (rc)
            return rc;
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
}

static int set_format(struct config *cfg, const char *arg)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
        if (strcmp(arg, format_names[i].name) == 0) {
            cfg->format = format_names[i].format;
            return 0;
        }
    }
    return uc_fail(UC_EXIT_USAGE, "bad format (-F): '%s' (must be pcap or pcapng)", arg);
}

static int set_user(struct config *cfg, const char *arg)
{
    struct passwd *pw = getpwnam(arg);
    if (!pw)
        return uc_fail(UC_EXIT_USAGE, "bad user (-Z): '%s' (no such user)", arg);
    cfg->user = arg;
    cfg->uid = pw->pw_uid;
    cfg->gid = pw->pw_gid;
    return 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool config_rotates(const struct config *cfg)
{
    return cfg->file_size_mb > 0 || cfg->rotate_seconds;
}

bool config_port_matches(const struct config *cfg, uint16_t port)
{
    for (size_t i = 0; i < cfg->n_ports; i++)
        if (port >= cfg->ports[i].first && port <= cfg->ports[i].last)
            return true;
    return false;
}

/* Checks that involve more than one option. */
static int check_combination(struct config *cfg, const char *fifo, const char *extcap_iface, bool format_given)
{
    if (extcap_iface && strcmp(extcap_iface, UC_EXTCAP_INTERFACE) != 0 && cfg->mode != UC_MODE_EXTCAP_INTERFACES)
        return uc_fail(UC_EXIT_IFACE, "unknown extcap interface: '%s' (udpcap provides '%s')", extcap_iface,
                       UC_EXTCAP_INTERFACE);
    if (cfg->mode == UC_MODE_EXTCAP_CAPTURE) {
        if (!fifo)
            return uc_fail(UC_EXIT_USAGE, "bad extcap call: --capture needs --fifo PATH");
        cfg->write_path = fifo;
        cfg->quiet = true;   /* Wireshark shows an extcap's stderr as an error */
        cfg->verbose = false;
    }
    cfg->stream = cfg->mode == UC_MODE_EXTCAP_CAPTURE || (cfg->write_path && strcmp(cfg->write_path, "-") == 0);
    if (cfg->max_files && !config_rotates(cfg))
        return uc_fail(UC_EXIT_USAGE, "bad file count (-W): it needs -C or -G");
    if (cfg->stream && config_rotates(cfg))
        return uc_fail(UC_EXIT_USAGE, "bad rotation (-C/-G): it needs a file name (-w FILE), not a stream");
    if (!format_given) {
        bool pcap = cfg->stream || (cfg->write_path && has_suffix(cfg->write_path, ".pcap"));
        cfg->format = pcap ? UC_FORMAT_PCAP : UC_FORMAT_PCAPNG;
    }
    if (cfg->mode == UC_MODE_EXTCAP_CAPTURE)
        cfg->format = UC_FORMAT_PCAP;
    if (cfg->snaplen == 0)
        cfg->snaplen = UC_DEFAULT_SNAPLEN;
    if (cfg->n_ports == 0)
        cfg->ports[cfg->n_ports++] = (struct port_range){UC_DEFAULT_PORT, UC_DEFAULT_PORT};
    return 0;
}

/* Options described by the tables above.  Returns -1 if c is none of them. */
static int table_option(struct config *cfg, int c, const char *arg, bool *extcap_flag)
{
    for (size_t i = 0; i < sizeof number_options / sizeof number_options[0]; i++)
        if (c == number_options[i].key)
            return set_number(cfg, &number_options[i], arg);
    for (size_t i = 0; i < sizeof decimal_options / sizeof decimal_options[0]; i++)
        if (c == decimal_options[i].key)
            return set_decimal(cfg, &decimal_options[i], arg);
    for (size_t i = 0; i < sizeof extcap_modes / sizeof extcap_modes[0]; i++) {
        if (c == extcap_modes[i].key) {
            extcap_flag[i] = true;
            return 0;
        }
    }
    return -1;
}

static int unknown_option(char **argv)
{
    if (optopt > 0 && optopt < 256)
        return uc_fail(UC_EXIT_USAGE, "unknown option: '-%c' (see udpcap --help)", optopt);
    return uc_fail(UC_EXIT_USAGE, "unknown option: '%s' (see udpcap --help)", argv[optind - 1]);
}

int options_parse(int argc, char **argv, struct config *cfg)
{
    const char *fifo = NULL, *extcap_iface = NULL;
    bool format_given = false, extcap_flag[sizeof extcap_modes / sizeof extcap_modes[0]] = {false};
    bool want_help = false, want_version = false, want_list = false;
    int c, rc = 0;

    *cfg = (struct config){
        .mode = UC_MODE_CAPTURE,
        .iface = "any",
        .snaplen = UC_DEFAULT_SNAPLEN,
        .buffer_mib = UC_DEFAULT_BUFFER_MIB,
        .promisc = true,
    };
    opterr = 0;   /* our own one-line messages */
    while (rc == 0 && (c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        switch (c) {
        case 'p': rc = add_ports(cfg, optarg); break;
        case 'i': cfg->iface = optarg; break;
        case 'D': want_list = true; break;
        case 'w': cfg->write_path = optarg; break;
        case 'F': rc = set_format(cfg, optarg); format_given = true; break;
        case 'r': cfg->read_path = optarg; break;
        case 'f': cfg->filter = optarg; break;
        case 'Z': rc = set_user(cfg, optarg); break;
        case 'q': cfg->quiet = true; break;
        case 'v': cfg->verbose = true; break;
        case 'h': want_help = true; break;
        case OPT_NO_PROMISC: cfg->promisc = false; break;
        case OPT_TCP: cfg->tcp = true; break;
        case OPT_VERSION: want_version = true; break;
        case OPT_EXTCAP_INTERFACE: extcap_iface = optarg; break;
        case OPT_EXTCAP_FILTER: cfg->extcap_filter = optarg; break;
        case OPT_FIFO: fifo = optarg; break;
        case OPT_IGNORED: break;
        case ':':
            rc = uc_fail(UC_EXIT_USAGE, "missing value: option '%s' needs one (see udpcap --help)", argv[optind - 1]);
            break;
        default:
            rc = table_option(cfg, c, optarg, extcap_flag);
            if (rc < 0)
                rc = unknown_option(argv);
            break;
        }
    }
    if (rc)
        return rc;
    if (optind < argc)
        return uc_fail(UC_EXIT_USAGE, "unexpected argument: '%s' (a filter goes after -f, in quotes)", argv[optind]);

    /* The mode: extcap calls first (Wireshark may add other options), then
     * the informational ones, then -r, else a live capture. */
    for (size_t i = sizeof extcap_modes / sizeof extcap_modes[0]; i-- > 0;)
        if (extcap_flag[i])
            cfg->mode = extcap_modes[i].mode;
    if (cfg->mode == UC_MODE_CAPTURE) {
        if (cfg->extcap_filter && extcap_iface)
            cfg->mode = UC_MODE_EXTCAP_FILTER;
        else if (want_help)
            cfg->mode = UC_MODE_HELP;
        else if (want_version)
            cfg->mode = UC_MODE_VERSION;
        else if (want_list)
            cfg->mode = UC_MODE_LIST;
        else if (cfg->read_path)
            cfg->mode = UC_MODE_READ;
    }
    return check_combination(cfg, fifo, extcap_iface, format_given);
}

void options_help(FILE *out)
{
    fputs("Usage: udpcap [options]             record IP Messenger traffic to a capture file\n"
          "       udpcap -r FILE [options]     re-filter a capture file (pcap or pcapng) into a new file\n"
          "       udpcap -D                    list capture interfaces\n"
          "       udpcap --extcap-interfaces | --extcap-dlts | --extcap-config | --capture --fifo PATH\n"
          "                                    Wireshark extcap protocol (interface \"" UC_EXTCAP_INTERFACE "\")\n"
          "\n"
          "Records UDP on the ports (IPv4 and IPv6) and every IP fragment of a datagram on\n"
          "the ports; fragments of other datagrams are not kept.  Ctrl-C (SIGINT), SIGTERM\n"
          "or SIGHUP stops: the kernel ring is read once more and the file is closed valid.\n"
          "\n"
          "Options:\n"
          "  -p, --port PORT[-PORT]     UDP port or range, repeatable (or PORT,PORT-PORT); default 2425\n"
          "  -i, --interface IFACE      interface name or number from -D; default \"any\"\n"
          "  -D, --list-interfaces      list the interfaces and their flags\n"
          "  -w, --write FILE           output file; \"-\" = stdout (pcap, flushed as packets arrive);\n"
          "                             default udpcap-<port>-YYYYmmdd-HHMMSS.pcapng in this folder\n"
          "  -F, --format pcap|pcapng   default pcapng, or by the -w extension; pcap for stdout\n"
          "  -c, --count N              stop after N packets written\n"
          "  -a, --autostop duration:SEC  stop after SEC seconds (decimals allowed)\n"
          "  -C, --file-size MB         rotate before a file would exceed MB (10^6 bytes; decimals allowed)\n"
          "  -G, --rotate-seconds SEC   rotate every SEC seconds, aligned to the wall clock\n"
          "  -W, --files N              with -C/-G: keep only the newest N files (ring buffer)\n"
          "                             rotated names: <stem>_<NNNNN>_<YYYYmmddHHMMSS>.<ext>\n"
          "  -r, --read FILE            read a capture file (\"-\" = stdin) instead of an interface\n"
          "  -f, --filter EXPR          extra BPF, and-ed with the port filter\n"
          "  -s, --snaplen N            bytes kept per packet; default and 0 = 262144 (whole packets)\n"
          "  -B, --buffer-size MiB      kernel capture buffer; default 64\n"
          "      --no-promisc           do not put the interface into promiscuous mode\n"
          "      --tcp                  also record TCP on the same ports (IPMsg file transfers)\n"
          "  -Z, --user USER            drop privileges to USER after opening the capture and the\n"
          "                             first output file (USER must be able to write the folder\n"
          "                             for rotation)\n"
          "  -q, --quiet                no start line, live count or summary\n"
          "  -v, --verbose              one decoded line per IPMsg packet on stderr\n"
          "      --version              print the version of udpcap and libpcap\n"
          "  -h, --help                 this help\n"
          "\n"
          "Exit status:\n",
          out);
    for (int i = 0; i < UC_EXIT_COUNT; i++)
        fprintf(out, "  %d  %s\n", uc_exit_infos[i].code, uc_exit_infos[i].meaning);
    fputs("\nCapturing needs root or: setcap cap_net_raw,cap_net_admin+eip $(command -v udpcap)\n"
          "See udpcap(1).\n",
          out);
}
