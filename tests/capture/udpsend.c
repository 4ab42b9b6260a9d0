/* udpsend - bounded test load for the capture tests and the benchmark.
 *
 * Usage:
 *   udpsend [options] ADDR PORT            send UDP datagrams
 *   udpsend --tcp [options] ADDR PORT      connect, send messages, read each
 *                                          one back (echo), close
 *   udpsend --tcp-listen [options] ADDR PORT
 *                                          accept one connection, echo what
 *                                          it sends until EOF, close
 *
 * Options:
 *   -n COUNT   datagrams (TCP: messages) to send; default 1
 *   -s SIZE    payload bytes per datagram or message; default 64.  A UDP
 *              datagram bigger than the path MTU is fragmented by the kernel
 *              (path MTU discovery is switched off for the socket).
 *   -S PORT    source port (bind before sending)
 *   -q SEQ     sequence number of the first datagram; default 0
 *   -t TAG     word written into every payload (letters, digits, '-');
 *              default "udpsend"
 *   -r PPS     pace to PPS datagrams per second (busy wait); default 0 =
 *              as fast as sendto() returns
 *   -T SECS    give up after SECS seconds even if COUNT is not reached
 *              (default 120); with --tcp-listen, the longest wait for a peer
 *   -m BATCH   hand BATCH datagrams to the kernel per sendmmsg() call
 *              (default 1: one sendto() each); not with -r
 *   -b         allow sending to a broadcast address (SO_BROADCAST)
 *   -x FILE    append the hex of every payload sent, one line each
 *              (TCP: the client's messages; the listener logs nothing)
 *
 * The payload of datagram number SEQ is IPMsg-like text,
 *   "1:<SEQ>:<TAG>:udpsend:32:seq=<SEQ, 10 digits>;" then filler,
 * cut or padded to SIZE bytes.  The filler depends on SEQ, so two payloads
 * of the same size differ in their first bytes and in their filler.
 *
 * Safety: only loopback and the test networks are accepted as ADDR:
 * 127.0.0.0/8, ::1, 10.99.0.0/24 and fd99::/64 (the capture tests and the
 * benchmark create namespaces with these).  Anything else is refused before
 * a socket is opened.  Names are not resolved.
 *
 * Output: "sent N" on stdout (N = datagrams or messages that went out);
 * a line with the rate on stderr.  --tcp-listen prints "listening" on
 * stdout (flushed) once it accepts connections, then "echoed N" (bytes).
 * Exit: 0 when all COUNT were sent (or, listening, one peer was served),
 * 1 on a send/receive error or the time limit, 2 on a usage error or a
 * refused address.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAYLOAD 65000

struct opts {
    unsigned long count;
    unsigned long size;
    long src_port;
    unsigned long seq;
    const char *tag;
    double pps;
    unsigned long batch;
    double max_secs;
    bool broadcast;
    const char *hex_log;
    bool tcp;
    bool tcp_listen;
};

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "udpsend: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: udpsend [--tcp|--tcp-listen] [-n COUNT] [-s SIZE] [-S SRCPORT] [-q SEQ]"
                    " [-t TAG] [-r PPS] [-T SECS] [-m BATCH] [-b] [-x FILE] ADDR PORT\n");
    exit(2);
}

static unsigned long parse_ulong(const char *s, unsigned long min, unsigned long max, const char *what)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < min || v > max)
        usage_error(what, s);
    return v;
}

static double now_secs(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The destinations a test may use.  Returns true when ADDR is allowed. */
static bool allowed_destination(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
        uint32_t a = ntohl(sin->sin_addr.s_addr);
        return (a >> 24) == 127 || (a >> 8) == ((10u << 16) | (99u << 8) | 0u);
    }
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
        static const uint8_t fd99[8] = {0xfd, 0x99, 0, 0, 0, 0, 0, 0};
        return IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr) || memcmp(sin6->sin6_addr.s6_addr, fd99, 8) == 0;
    }
    return false;
}

static void parse_destination(const char *addr, const char *port_s, struct sockaddr_storage *ss, socklen_t *len)
{
    unsigned long port = parse_ulong(port_s, 1, 65535, "bad port '%s'");
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *sin = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t)port);
        *len = sizeof *sin;
    } else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t)port);
        *len = sizeof *sin6;
    } else {
        usage_error("'%s' is not a numeric IPv4 or IPv6 address", addr);
    }
    if (!allowed_destination(ss)) {
        fprintf(stderr, "udpsend: refusing to send to %s: only 127.0.0.0/8, ::1, 10.99.0.0/24 and fd99::/64"
                        " are allowed\n", addr);
        exit(2);
    }
}

/* Fill BUF with the payload of datagram SEQ (exactly SIZE bytes). */
static void make_payload(char *buf, size_t size, unsigned long seq, const char *tag)
{
    static const char filler[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char head[160];
    int n = snprintf(head, sizeof head, "1:%lu:%s:udpsend:32:seq=%010lu;", seq, tag, seq);
    size_t hl = (size_t)n < size ? (size_t)n : size;
    memcpy(buf, head, hl);
    for (size_t i = hl; i < size; i++)
        buf[i] = filler[(i + seq) % (sizeof filler - 1)];
}

static void log_hex(FILE *log, const char *buf, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)buf[i];
        putc(digits[c >> 4], log);
        putc(digits[c & 15], log);
    }
    putc('\n', log);
}

static int open_socket(int family, int type, const struct opts *o)
{
    int fd = socket(family, type, 0);
    if (fd < 0) {
        perror("udpsend: socket");
        exit(1);
    }
    int one = 1;
    if (o->broadcast && setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) < 0) {
        perror("udpsend: SO_BROADCAST");
        exit(1);
    }
    if (type == SOCK_DGRAM) {
        /* Let the kernel fragment datagrams bigger than the MTU. */
        int dont = family == AF_INET ? IP_PMTUDISC_DONT : IPV6_PMTUDISC_DONT;
        int rc = family == AF_INET ? setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &dont, sizeof dont)
                                   : setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &dont, sizeof dont);
        if (rc < 0) {
            perror("udpsend: MTU_DISCOVER");
            exit(1);
        }
    } else {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    if (o->src_port >= 0) {
        struct sockaddr_storage src;
        socklen_t len;
        memset(&src, 0, sizeof src);
        if (family == AF_INET) {
            struct sockaddr_in *s = (struct sockaddr_in *)&src;
            s->sin_family = AF_INET;
            s->sin_port = htons((uint16_t)o->src_port);
            len = sizeof *s;
        } else {
            struct sockaddr_in6 *s = (struct sockaddr_in6 *)&src;
            s->sin6_family = AF_INET6;
            s->sin6_port = htons((uint16_t)o->src_port);
            len = sizeof *s;
        }
        if (bind(fd, (struct sockaddr *)&src, len) < 0) {
            perror("udpsend: bind to the source port");
            exit(1);
        }
    }
    return fd;
}

static FILE *open_log(const struct opts *o)
{
    if (!o->hex_log)
        return NULL;
    FILE *log = fopen(o->hex_log, "a");
    if (!log) {
        perror(o->hex_log);
        exit(2);
    }
    return log;
}

static int send_udp(const struct opts *o, const struct sockaddr_storage *dst, socklen_t dlen)
{
    int fd = open_socket(dst->ss_family, SOCK_DGRAM, o);
    FILE *log = open_log(o);
    unsigned long batch = o->batch;
    char *bufs = malloc(batch * (o->size ? o->size : 1));
    struct mmsghdr *msgs = calloc(batch, sizeof *msgs);
    struct iovec *iov = calloc(batch, sizeof *iov);
    if (!bufs || !msgs || !iov)
        return 1;
    for (unsigned long b = 0; b < batch; b++) {
        iov[b].iov_base = bufs + b * o->size;
        iov[b].iov_len = o->size;
        msgs[b].msg_hdr.msg_name = (void *)dst;
        msgs[b].msg_hdr.msg_namelen = dlen;
        msgs[b].msg_hdr.msg_iov = &iov[b];
        msgs[b].msg_hdr.msg_iovlen = 1;
    }
    unsigned long sent = 0, errors = 0;
    double start = now_secs(), deadline = start + o->max_secs;
    int err = 0;
    unsigned long i = 0, checked = 0;
    while (i < o->count) {
        if (o->pps > 0) {
            double due = start + (double)i / o->pps;
            while (now_secs() < due)
                ;
        }
        if (i - checked >= 1024 || i == 0) {
            checked = i;
            if (now_secs() > deadline) {
                fprintf(stderr, "udpsend: time limit of %.0f s reached\n", o->max_secs);
                break;
            }
        }
        unsigned long n = o->count - i < batch ? o->count - i : batch;
        for (unsigned long b = 0; b < n; b++)
            make_payload(iov[b].iov_base, o->size, o->seq + i + b, o->tag);
        unsigned long ok = 0;
        if (n == 1) {
            if (sendto(fd, iov[0].iov_base, o->size, 0, (const struct sockaddr *)dst, dlen) == (ssize_t)o->size)
                ok = 1;
        } else {
            /* sendmmsg() stops at the first datagram that fails; the rest
             * of the batch counts as failed too (not retried). */
            int r = sendmmsg(fd, msgs, (unsigned)n, 0);
            if (r > 0)
                ok = (unsigned long)r;
        }
        if (ok < n) {
            if (errors == 0)
                err = errno;
            errors += n - ok;
        }
        for (unsigned long b = 0; b < ok && log; b++)
            log_hex(log, iov[b].iov_base, o->size);
        sent += ok;
        i += n;
    }
    double secs = now_secs() - start;
    if (log)
        fclose(log);
    close(fd);
    free(bufs);
    free(msgs);
    free(iov);
    printf("sent %lu\n", sent);
    fprintf(stderr, "udpsend: sent %lu of %lu datagrams of %lu bytes in %.3f s (%.0f pps)", sent, o->count,
            o->size, secs, secs > 0 ? (double)sent / secs : 0.0);
    if (errors)
        fprintf(stderr, "; %lu failed, first error: %s", errors, strerror(err));
    fputc('\n', stderr);
    return sent == o->count ? 0 : 1;
}

static bool io_all(int fd, char *buf, size_t len, bool writing, double deadline)
{
    size_t done = 0;
    while (done < len) {
        struct pollfd p = {.fd = fd, .events = writing ? POLLOUT : POLLIN};
        int ms = (int)((deadline - now_secs()) * 1000);
        if (ms <= 0 || poll(&p, 1, ms) <= 0)
            return false;
        ssize_t n = writing ? write(fd, buf + done, len - done) : read(fd, buf + done, len - done);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            return false;
        }
        done += (size_t)n;
    }
    return true;
}

static int tcp_client(const struct opts *o, const struct sockaddr_storage *dst, socklen_t dlen)
{
    int fd = open_socket(dst->ss_family, SOCK_STREAM, o);
    if (connect(fd, (const struct sockaddr *)dst, dlen) < 0) {
        perror("udpsend: connect");
        return 1;
    }
    FILE *log = open_log(o);
    char *buf = malloc(o->size), *back = malloc(o->size);
    if (!buf || !back)
        return 1;
    double deadline = now_secs() + o->max_secs;
    unsigned long sent = 0;
    for (unsigned long i = 0; i < o->count; i++) {
        make_payload(buf, o->size, o->seq + i, o->tag);
        if (!io_all(fd, buf, o->size, true, deadline) || !io_all(fd, back, o->size, false, deadline) ||
            memcmp(buf, back, o->size) != 0) {
            fprintf(stderr, "udpsend: message %lu was not echoed back\n", i);
            break;
        }
        sent++;
        if (log)
            log_hex(log, buf, o->size);
    }
    shutdown(fd, SHUT_WR);
    char c;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    bool eof = poll(&p, 1, 2000) == 1 && read(fd, &c, 1) == 0;
    close(fd);
    if (log)
        fclose(log);
    free(buf);
    free(back);
    printf("sent %lu\n", sent);
    if (!eof)
        fprintf(stderr, "udpsend: the peer did not close the connection\n");
    return sent == o->count && eof ? 0 : 1;
}

static int tcp_listener(const struct opts *o, const char *addr, const char *port_s)
{
    struct sockaddr_storage local;
    socklen_t len;
    parse_destination(addr, port_s, &local, &len);
    int fd = open_socket(local.ss_family, SOCK_STREAM, o);
    if (bind(fd, (struct sockaddr *)&local, len) < 0 || listen(fd, 1) < 0) {
        perror("udpsend: bind/listen");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, (int)(o->max_secs * 1000)) != 1) {
        fprintf(stderr, "udpsend: nobody connected within %.0f s\n", o->max_secs);
        return 1;
    }
    int c = accept(fd, NULL, NULL);
    if (c < 0) {
        perror("udpsend: accept");
        return 1;
    }
    close(fd);
    double deadline = now_secs() + o->max_secs;
    char buf[65536];
    unsigned long echoed = 0;
    for (;;) {
        struct pollfd q = {.fd = c, .events = POLLIN};
        int ms = (int)((deadline - now_secs()) * 1000);
        if (ms <= 0 || poll(&q, 1, ms) != 1)
            break;
        ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0)
            break;
        if (!io_all(c, buf, (size_t)n, true, deadline))
            break;
        echoed += (unsigned long)n;
    }
    close(c);
    printf("echoed %lu\n", echoed);
    return 0;
}

int main(int argc, char **argv)
{
    struct opts o = {.count = 1, .size = 64, .src_port = -1, .tag = "udpsend", .max_secs = 120, .batch = 1};
    enum { OPT_TCP = 256, OPT_TCP_LISTEN };
    static const struct option longopts[] = {
        {"tcp", no_argument, NULL, OPT_TCP},
        {"tcp-listen", no_argument, NULL, OPT_TCP_LISTEN},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "n:s:S:q:t:r:T:m:bx:", longopts, NULL)) != -1) {
        switch (c) {
        case 'n': o.count = parse_ulong(optarg, 0, 100000000, "bad count '%s'"); break;
        case 's': o.size = parse_ulong(optarg, 1, MAX_PAYLOAD, "bad size '%s'"); break;
        case 'S': o.src_port = (long)parse_ulong(optarg, 1, 65535, "bad source port '%s'"); break;
        case 'q': o.seq = parse_ulong(optarg, 0, 4000000000UL, "bad sequence number '%s'"); break;
        case 'r': o.pps = (double)parse_ulong(optarg, 0, 100000000, "bad rate '%s'"); break;
        case 'T': o.max_secs = (double)parse_ulong(optarg, 1, 3600, "bad time limit '%s'"); break;
        case 'm': o.batch = parse_ulong(optarg, 1, 1024, "bad batch '%s' (1-1024)"); break;
        case 'b': o.broadcast = true; break;
        case 'x': o.hex_log = optarg; break;
        case 't':
            if (!*optarg || strlen(optarg) > 32 || strspn(optarg, "abcdefghijklmnopqrstuvwxyz"
                                                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(optarg))
                usage_error("bad tag '%s' (1-32 letters, digits, '-')", optarg);
            o.tag = optarg;
            break;
        case OPT_TCP: o.tcp = true; break;
        case OPT_TCP_LISTEN: o.tcp_listen = true; break;
        default: usage_error("%s", "bad option");
        }
    }
    if (argc - optind != 2)
        usage_error("%s", "need ADDR and PORT");
    if (o.batch > 1 && o.pps > 0)
        usage_error("%s", "-m and -r do not go together");
    if (o.tcp_listen)
        return tcp_listener(&o, argv[optind], argv[optind + 1]);
    struct sockaddr_storage dst;
    socklen_t dlen;
    parse_destination(argv[optind], argv[optind + 1], &dst, &dlen);
    return o.tcp ? tcp_client(&o, &dst, dlen) : send_udp(&o, &dst, dlen);
}
