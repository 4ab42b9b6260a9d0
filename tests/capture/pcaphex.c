/* pcaphex - print every record of capture files, one line each, for exact
 * comparisons in the capture tests.
 *
 * Usage: pcaphex FILE...      ("-" = standard input)
 *
 * Line: LINKTYPE SECONDS.NANOSECONDS CAPLEN LEN HEX
 *   LINKTYPE  the file's link-layer type (1 Ethernet, 113 Linux cooked,
 *             276 Linux cooked v2, ...)
 *   HEX       the captured bytes, lower-case
 * Reads pcap and pcapng (through libpcap; one interface type per file).
 * A file that cannot be read to its end (cut short in the middle of a
 * record, or not a capture) is reported on stderr and gives exit 1; the
 * records before the damage are still printed.
 */
#include <pcap/pcap.h>
#include <stdio.h>

static int dump(const char *path)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
    if (!p) {
        fprintf(stderr, "pcaphex: %s: %s\n", path, err);
        return 1;
    }
    int linktype = pcap_datalink(p);
    struct pcap_pkthdr *h;
    const unsigned char *data;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
        printf("%d %lld.%09ld %u %u ", linktype, (long long)h->ts.tv_sec, (long)h->ts.tv_usec, h->caplen, h->len);
        for (unsigned i = 0; i < h->caplen; i++)
            printf("%02x", data[i]);
        putchar('\n');
    }
    int status = 0;
    if (rc != PCAP_ERROR_BREAK) {
        fprintf(stderr, "pcaphex: %s: %s\n", path, pcap_geterr(p));
        status = 1;
    }
    pcap_close(p);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pcaphex FILE...\n");
        return 2;
    }
    int status = 0;
    for (int i = 1; i < argc; i++)
        status |= dump(argv[i]);
    return status;
}
