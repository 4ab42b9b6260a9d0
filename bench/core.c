/* bench-core - cost of the Wireshark-free core per packet.
 *
 * Usage: bench-core CAPTURE.pcap [SECONDS]
 *
 * Loads the UDP payloads of a classic pcap (Ethernet/IPv4/UDP, such as the
 * one bench/gen-ipmsg-pcap writes) into one buffer and, for about SECONDS
 * (default 2) each, loops over them with
 *   memchr   memchr(p, 0xff, len) over the same bytes: the floor (reads every byte)
 *   parse    ipmsg_parse()
 *   full     ipmsg_parse() + ipmsg_packet_charset() + ipmsg_format_summary()
 *            (the summary with the packet's own bytes as user/host/quote stand-ins)
 * and prints ns/packet, MB/s of payload, instructions/packet (perf_event_open,
 * "n/a" when the kernel does not allow it) and the ratio to the memchr floor.
 *
 * Without perf (VMs usually), count instructions with callgrind, SECONDS = 0
 * (each mode then runs its warm-up pass and one timed pass):
 *   valgrind --tool=callgrind --toggle-collect=ipmsg_parse bench-core F.pcap 0
 * gives Ir for 4 x N calls (parse and full modes); ipmsg_packet_charset and
 * ipmsg_format_summary are called 2 x N times.
 */
#define _GNU_SOURCE
#include "ipmsg.h"

#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint8_t *data;            /* payloads back to back */
static size_t *offs, *lens, npkt, nbytes;
static struct ipmsg_msg msg;     /* large: not on the stack */
static volatile size_t sink;

/* realloc that exits on failure (a benchmark has nothing better to do). */
static void *grow(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (q == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return q;
}

static int load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return -1; }
    uint32_t gh[6];
    if (fread(gh, sizeof gh, 1, f) != 1 || gh[0] != 0xa1b2c3d4u || gh[5] != 1) {
        fprintf(stderr, "%s: not a little-endian classic pcap of Ethernet\n", path);
        fclose(f);
        return -1;
    }
    size_t cap = 1 << 20, pcap = 1024;
    data = grow(NULL, cap);
    offs = grow(NULL, pcap * sizeof *offs);
    lens = grow(NULL, pcap * sizeof *lens);
    uint32_t h[4];
    uint8_t frame[65536];
    while (fread(h, sizeof h, 1, f) == 1) {
        if (h[2] > sizeof frame || fread(frame, h[2], 1, f) != 1)
            break;
        if (h[2] < 42 || frame[12] != 0x08 || frame[13] != 0 || frame[23] != 17)
            continue;
        size_t ihl = (size_t)(frame[14] & 0x0f) * 4, off = 14 + ihl + 8;
        if (off > h[2])
            continue;
        size_t len = h[2] - off;
        if (nbytes + len > cap) {
            cap *= 2;
            data = grow(data, cap);
        }
        if (npkt == pcap) {
            pcap *= 2;
            offs = grow(offs, pcap * sizeof *offs);
            lens = grow(lens, pcap * sizeof *lens);
        }
        memcpy(data + nbytes, frame + off, len);
        offs[npkt] = nbytes;
        lens[npkt] = len;
        nbytes += len;
        npkt++;
    }
    fclose(f);
    return npkt ? 0 : -1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int perf_open(void)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_HARDWARE;
    a.size = sizeof a;
    a.config = PERF_COUNT_HW_INSTRUCTIONS;
    a.disabled = 1;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

enum mode { M_MEMCHR, M_PARSE, M_FULL };

static void one_pass(enum mode m)
{
    char line[512];
    for (size_t i = 0; i < npkt; i++) {
        const uint8_t *p = data + offs[i];  // NOLINT(clang-analyzer-core.UndefinedBinaryOperatorResult): load() wrote offs[0..npkt)
        size_t len = lens[i];
        switch (m) {
        case M_MEMCHR:
            sink += (size_t)(uintptr_t)memchr(p, 0xff, len);
            break;
        case M_PARSE:
            ipmsg_parse(p, len, IPMSG_UDP, &msg);
            sink += msg.n_items;
            break;
        case M_FULL:
            ipmsg_parse(p, len, IPMSG_UDP, &msg);
            sink += (size_t)ipmsg_packet_charset(&msg, p, len);
            sink += ipmsg_format_summary(&msg, "user", "host", "quote text", line, sizeof line);
            break;
        }
    }
}

struct result { double ns, mbs, ipp; int have_ipp; };

static struct result run(enum mode m, double seconds, int pfd)
{
    one_pass(m);                             /* warm up */
    unsigned long reps = 0;
    if (pfd >= 0) { ioctl(pfd, PERF_EVENT_IOC_RESET, 0); ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0); }
    double t0 = now(), t;
    do {
        one_pass(m);
        reps++;
    } while ((t = now()) - t0 < seconds);
    uint64_t instr = 0;
    struct result r = { 0 };
    if (pfd >= 0) {
        ioctl(pfd, PERF_EVENT_IOC_DISABLE, 0);
        r.have_ipp = read(pfd, &instr, sizeof instr) == (ssize_t)sizeof instr;
    }
    double pk = (double)reps * (double)npkt;
    r.ns = (t - t0) * 1e9 / pk;
    r.mbs = (double)reps * (double)nbytes / (t - t0) / 1e6;
    r.ipp = (double)instr / pk;
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench-core CAPTURE.pcap [SECONDS]\n");
        return 2;
    }
    char *end = NULL;
    double seconds = argc > 2 ? strtod(argv[2], &end) : 2.0;
    if (argc > 2 && (end == argv[2] || *end != '\0' || !(seconds >= 0))) {
        fprintf(stderr, "bench-core: bad SECONDS '%s'\n", argv[2]);
        return 2;
    }
    if (load(argv[1]) != 0)
        return 1;
    int pfd = perf_open();
    printf("%zu packets, %zu payload bytes (%.1f B/packet), %.1f s per mode%s\n",
           npkt, nbytes, (double)nbytes / (double)npkt, seconds,
           pfd < 0 ? "; instruction counter not available (perf_event_open)" : "");
    static const char *names[] = { "memchr", "parse", "full" };
    struct result floor = { 0 };
    printf("%-7s %10s %10s %12s %10s\n", "mode", "ns/pkt", "MB/s", "instr/pkt", "x memchr");
    for (int m = M_MEMCHR; m <= M_FULL; m++) {
        struct result r = run((enum mode)m, seconds, pfd);
        if (m == M_MEMCHR)
            floor = r;
        char ipp[32] = "n/a";
        if (r.have_ipp)
            snprintf(ipp, sizeof ipp, "%.0f", r.ipp);
        printf("%-7s %10.1f %10.1f %12s %9.1fx\n", names[m], r.ns, r.mbs, ipp, r.ns / floor.ns);
    }
    return 0;
}
