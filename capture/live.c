/* Live capture: open the interface, then one poll loop over the capture
 * socket, a signalfd and timerfds (live count, autostop, -G rotation).
 * Signals never run a handler: they are blocked and read from the
 * signalfd, so the loop only sets a flag.  On stop, the kernel ring is read
 * once more for as long as it may still hold packets that arrived before
 * the signal (TPACKET_V3 hands them over a block at a time, at the latest
 * after the block timeout), then the file is flushed and closed. */
#include "live.h"

#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "exitcodes.h"
#include "filter.h"
#include "ifaces.h"
#include "record.h"
#include "report.h"

/* Block timeout of the kernel ring: a packet waits at most this long
 * before user space can read it.  Not immediate mode: that falls back to
 * TPACKET_V2 and costs several times the CPU. */
#define BLOCK_TIMEOUT_MS 100
/* After a stop, read the ring until every block that was open at the
 * signal has surely been handed over. */
#define DRAIN_MS (2 * BLOCK_TIMEOUT_MS + 50)
/* Batches per wake-up, so that signals and timers are not starved. */
#define DISPATCH_ROUNDS 64
/* A ring full of packets is read to its end, under steady traffic for at
 * most this long. */
#define DRAIN_MAX_MS 5000
#define PROGRESS_MS 500
#define FLUSH_MS 1000

enum source { SRC_PCAP, SRC_SIGNAL, SRC_TICK, SRC_AUTOSTOP, SRC_ROTATE, SRC_OUTPUT, SRC_COUNT };

struct live {
    const struct config *cfg;
    const char *iface;
    pcap_t *pcap;
    struct recorder rec;
    struct pollfd fds[SRC_COUNT];
    bool stopping;           /* signal or autostop: drain, then end */
    bool progress;           /* live count on stderr */
};

/* ---- opening the interface -------------------------------------------- */

enum hint { HINT_NONE, HINT_IFACES, HINT_PRIVILEGE, HINT_LINK_UP };

static const struct activate_error {
    int status;
    int code;
    enum hint hint;
    const char *what;
} activate_errors[] = {
    {PCAP_ERROR_NO_SUCH_DEVICE, UC_EXIT_IFACE, HINT_IFACES, "unknown interface"},
    {PCAP_ERROR_IFACE_NOT_UP, UC_EXIT_IFACE, HINT_LINK_UP, "interface is down"},
    {PCAP_ERROR_PERM_DENIED, UC_EXIT_PERM, HINT_PRIVILEGE, "no permission to capture"},
    {PCAP_ERROR_PROMISC_PERM_DENIED, UC_EXIT_PERM, HINT_PRIVILEGE, "no permission for promiscuous mode (or use --no-promisc)"},
    {PCAP_ERROR_RFMON_NOTSUP, UC_EXIT_IFACE, HINT_NONE, "monitor mode not supported"},
};

static int activate_failed(pcap_t *p, const char *iface, int status)
{
    const struct activate_error *e = NULL;
    char names[1024], exe[PATH_MAX];
    for (size_t i = 0; i < sizeof activate_errors / sizeof activate_errors[0]; i++)
        if (activate_errors[i].status == status)
            e = &activate_errors[i];
    const char *detail = status == PCAP_ERROR ? pcap_geterr(p) : pcap_statustostr(status);

    if (!e)
        return uc_fail(UC_EXIT_IFACE, "cannot capture on '%s': %s", iface, detail);
    switch (e->hint) {
    case HINT_IFACES:
        ifaces_names(names, sizeof names);
        return uc_fail(e->code, "%s: '%s' (valid: %s)", e->what, iface, names[0] ? names : "none found");
    case HINT_PRIVILEGE: {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = '\0';
        const char *why = pcap_geterr(p);   /* "socket: Operation not permitted" */
        return uc_fail(e->code, "%s on '%s'%s%s%s: run as root, or: setcap cap_net_raw,cap_net_admin+eip %s", e->what,
                       iface, why[0] ? " (" : "", why, why[0] ? ")" : "", n > 0 ? exe : "$(command -v udpcap)");
    }
    case HINT_LINK_UP:
        return uc_fail(e->code, "%s: '%s' (bring it up: ip link set %s up)", e->what, iface, iface);
    case HINT_NONE:
        break;
    }
    return uc_fail(e->code, "%s: '%s': %s", e->what, iface, pcap_geterr(p));
}

static int open_capture(struct live *L)
{
    const struct config *c = L->cfg;
    char err[PCAP_ERRBUF_SIZE] = "";
    pcap_t *p = pcap_create(L->iface, err);
    if (!p)
        return uc_fail(UC_EXIT_IFACE, "cannot capture on '%s': %s", L->iface, err);
    L->pcap = p;
    pcap_set_snaplen(p, (int)c->snaplen);
    if (strcmp(L->iface, "any") != 0)   /* "any" has no promiscuous mode; asking only warns */
        pcap_set_promisc(p, c->promisc);
    pcap_set_timeout(p, BLOCK_TIMEOUT_MS);
    pcap_set_buffer_size(p, (int)(c->buffer_mib << 20));
    pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);   /* else microseconds, scaled */

    int status = pcap_activate(p);
    if (status < 0)
        return activate_failed(p, L->iface, status);
    if (status > 0)
        uc_warn("%s: %s", L->iface, status == PCAP_WARNING ? pcap_geterr(p) : pcap_statustostr(status));
    return 0;
}

/* ---- -Z ------------------------------------------------------------------ */

static int drop_privileges(struct live *L)
{
    const struct config *c = L->cfg;
    if (!c->user)
        return 0;
    writer_chown(&L->rec.out.w, c->uid, c->gid);
    if (initgroups(c->user, c->gid) != 0 || setgid(c->gid) != 0 || setuid(c->uid) != 0)
        return uc_fail(UC_EXIT_PERM, "cannot switch to user '%s' (-Z): %s", c->user, strerror(errno));
    if (config_rotates(c)) {
        char *copy = strdup(L->rec.out.path);
        const char *dir = copy ? dirname(copy) : ".";
        if (access(dir, W_OK | X_OK) != 0)
            uc_warn("user '%s' cannot create files in '%s': rotation will fail", c->user, dir);
        free(copy);
    }
    return 0;
}

/* ---- event sources --------------------------------------------------------- */

static int64_t clock_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct timespec ns_to_timespec(int64_t ns)
{
    return (struct timespec){.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000};
}

static int timer_new(clockid_t clock, int flags, int64_t first_ns, int64_t every_ns)
{
    int fd = timerfd_create(clock, TFD_NONBLOCK | TFD_CLOEXEC);
    struct itimerspec its = {.it_value = ns_to_timespec(first_ns), .it_interval = ns_to_timespec(every_ns)};
    if (fd >= 0 && timerfd_settime(fd, flags, &its, NULL) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* -G: the rotation timer fires once the kernel can no longer hold packets
 * from before the end of the file's interval. */
static void arm_rotation(struct live *L)
{
    int64_t at = L->rec.out.interval_end * 1000000000 + (int64_t)DRAIN_MS * 1000000;
    struct itimerspec its = {.it_value = ns_to_timespec(at)};
    timerfd_settime(L->fds[SRC_ROTATE].fd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void consume(int fd)
{
    uint8_t buf[sizeof(struct signalfd_siginfo)];
    while (read(fd, buf, sizeof buf) > 0)
        ;
}

/* Reads what the kernel has handed over; returns the number of packets. */
static int read_ring(struct live *L)
{
    int total = 0;
    for (int i = 0; i < DISPATCH_ROUNDS && !L->rec.done; i++) {
        int n = pcap_dispatch(L->pcap, -1, recorder_packet, (u_char *)&L->rec);
        if (n == PCAP_ERROR)
            recorder_stop(&L->rec,
                          uc_fail(UC_EXIT_RUNTIME, "capture failed on '%s': %s", L->iface, pcap_geterr(L->pcap)));
        if (n <= 0)
            break;
        total += n;
    }
    if (L->cfg->stream)   /* stdout or FIFO: a reader is waiting */
        recorder_flush(&L->rec);
    return total;
}

static void on_pcap(struct live *L)
{
    read_ring(L);
}

static void on_signal(struct live *L)
{
    consume(L->fds[SRC_SIGNAL].fd);
    L->stopping = true;
}

static void on_tick(struct live *L)
{
    consume(L->fds[SRC_TICK].fd);
    if (L->progress) {
        struct pcap_stat st = {0};
        pcap_stats(L->pcap, &st);
        progress_show(rotation_packets(&L->rec.out), L->rec.out.bytes, st.ps_drop);
    }
    recorder_flush(&L->rec);   /* readers of a growing file see whole records */
}

static void on_autostop(struct live *L)
{
    consume(L->fds[SRC_AUTOSTOP].fd);
    L->stopping = true;
}

static void on_rotate(struct live *L)
{
    consume(L->fds[SRC_ROTATE].fd);
    read_ring(L);   /* what arrived before the boundary belongs to the old file */
    int64_t now = (clock_ns(CLOCK_REALTIME) - (int64_t)DRAIN_MS * 1000000) / 1000000000;
    int rc = rotation_tick(&L->rec.out, now);
    if (rc)
        recorder_stop(&L->rec, rc);
    arm_rotation(L);
}

/* The reader of stdout or of the extcap FIFO closed its end (Wireshark
 * stopped): end now rather than at the next write. */
static void on_output(struct live *L)
{
    if (L->fds[SRC_OUTPUT].revents & (POLLERR | POLLHUP))
        recorder_stop(&L->rec, UC_STOP_READER_GONE);
}

static void (*const handlers[SRC_COUNT])(struct live *) = {
    [SRC_PCAP] = on_pcap,
    [SRC_SIGNAL] = on_signal,
    [SRC_TICK] = on_tick,
    [SRC_AUTOSTOP] = on_autostop,
    [SRC_ROTATE] = on_rotate,
    [SRC_OUTPUT] = on_output,
};

static int open_sources(struct live *L)
{
    const struct config *c = L->cfg;
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);

    for (int i = 0; i < SRC_COUNT; i++)
        L->fds[i] = (struct pollfd){.fd = -1, .events = POLLIN};
    L->fds[SRC_PCAP].fd = pcap_get_selectable_fd(L->pcap);
    L->fds[SRC_SIGNAL].fd = signalfd(-1, &stop_signals, SFD_NONBLOCK | SFD_CLOEXEC);
    int64_t tick = (L->progress ? PROGRESS_MS : FLUSH_MS) * 1000000LL;
    L->fds[SRC_TICK].fd = timer_new(CLOCK_MONOTONIC, 0, tick, tick);
    if (c->autostop_seconds > 0)
        L->fds[SRC_AUTOSTOP].fd = timer_new(CLOCK_MONOTONIC, 0, (int64_t)(c->autostop_seconds * 1e9), 0);
    if (c->rotate_seconds) {
        L->fds[SRC_ROTATE].fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
        if (L->fds[SRC_ROTATE].fd >= 0)
            arm_rotation(L);
    }
    if (c->stream) {   /* no events asked: only POLLERR/POLLHUP, a pipe whose reader left */
        L->fds[SRC_OUTPUT].fd = L->rec.out.w.fd;
        L->fds[SRC_OUTPUT].events = 0;
    }
    bool ok = L->fds[SRC_PCAP].fd >= 0 && L->fds[SRC_SIGNAL].fd >= 0 && L->fds[SRC_TICK].fd >= 0 &&
              (c->autostop_seconds <= 0 || L->fds[SRC_AUTOSTOP].fd >= 0) &&
              (!c->rotate_seconds || L->fds[SRC_ROTATE].fd >= 0);
    if (!ok)
        return uc_fail(UC_EXIT_RUNTIME, "cannot set up the capture loop: %s", strerror(errno));
    return 0;
}

static void close_sources(struct live *L)
{
    for (int i = SRC_SIGNAL; i < SRC_OUTPUT; i++)   /* the pcap and output fds are not ours */
        if (L->fds[i].fd >= 0)
            close(L->fds[i].fd);
}

/* ---- the run ----------------------------------------------------------------- */

/* After the interface went down, libpcap learns whether it was deleted
 * only when called again, and the socket may never wake us: it then asks
 * for a poll timeout.  Taken at no less than the block timeout, so that a
 * down interface does not make a busy loop. */
static int poll_timeout_ms(pcap_t *p)
{
    const struct timeval *tv = pcap_get_required_select_timeout(p);
    return tv ? BLOCK_TIMEOUT_MS : -1;
}

static void loop(struct live *L)
{
    while (!L->stopping && !L->rec.done) {
        int n = poll(L->fds, SRC_COUNT, poll_timeout_ms(L->pcap));
        if (n < 0 && errno != EINTR) {
            recorder_stop(&L->rec, uc_fail(UC_EXIT_RUNTIME, "poll: %s", strerror(errno)));
            return;
        }
        if (n == 0)
            read_ring(L);
        for (int i = 0; n > 0 && i < SRC_COUNT; i++)
            if (L->fds[i].revents)
                handlers[i](L);
    }
}

/* Everything handed to the socket before the stop: read the ring empty,
 * and wait until the last block open at the signal has been retired by
 * the kernel. */
static void drain(struct live *L)
{
    int64_t start = clock_ns(CLOCK_MONOTONIC);
    int64_t wait_until = start + (int64_t)DRAIN_MS * 1000000, give_up = start + (int64_t)DRAIN_MAX_MS * 1000000;
    while (!L->rec.done) {
        int n = read_ring(L);
        int64_t now = clock_ns(CLOCK_MONOTONIC);
        if (now >= give_up)
            break;
        if (n > 0)
            continue;
        int64_t left_ms = (wait_until - now) / 1000000;
        if (left_ms <= 0)
            break;
        struct pollfd pfd = {.fd = L->fds[SRC_PCAP].fd, .events = POLLIN};
        poll(&pfd, 1, (int)left_ms);
    }
}

static void announce(const struct live *L)
{
    const struct config *c = L->cfg;
    char ports[512] = "", cwd[PATH_MAX];
    size_t used = 0;
    for (size_t i = 0; i < c->n_ports && used < sizeof ports; i++) {
        int n = c->ports[i].first == c->ports[i].last
                    ? snprintf(ports + used, sizeof ports - used, "%s%u", i ? "," : "", c->ports[i].first)
                    : snprintf(ports + used, sizeof ports - used, "%s%u-%u", i ? "," : "", c->ports[i].first,
                               c->ports[i].last);
        used += n > 0 ? (size_t)n : 0;
    }
    const char *path = c->stream ? "stdout" : L->rec.out.path;
    bool relative = !c->stream && path[0] != '/' && getcwd(cwd, sizeof cwd);   /* say exactly where */
    uc_say("capturing %s port%s %s on %s, writing to %s%s%s", c->tcp ? "UDP and TCP" : "UDP",
           c->n_ports > 1 || c->ports[0].first != c->ports[0].last ? "s" : "", ports, L->iface,
           relative ? cwd : "", relative ? "/" : "", path);
}

int live_run(const struct config *cfg)
{
    struct live L = {.cfg = cfg};
    char iface_buf[256];
    char *expr = NULL;
    int rc;

    L.iface = ifaces_resolve(cfg->iface, iface_buf, sizeof iface_buf);
    L.progress = !cfg->quiet && isatty(STDERR_FILENO);
    for (int i = 0; i < SRC_COUNT; i++)
        L.fds[i].fd = -1;

    rc = open_capture(&L);
    if (rc == 0) {
        expr = filter_build(cfg);
        rc = filter_apply(L.pcap, expr, cfg);
    }
    char err[PCAP_ERRBUF_SIZE];
    if (rc == 0 && pcap_setnonblock(L.pcap, 1, err) != 0)
        rc = uc_fail(UC_EXIT_RUNTIME, "cannot capture on '%s': %s", L.iface, err);
    bool started = false, output_ok = false;   /* recorder_open called; it succeeded */
    if (rc == 0) {
        rc = recorder_open(&L.rec, cfg, L.pcap, L.iface, expr, time(NULL), true);
        started = true;
        output_ok = rc == 0;
    }
    if (rc == 0)
        rc = drop_privileges(&L);
    if (rc == 0)
        rc = open_sources(&L);
    if (rc == 0) {
        if (!cfg->quiet)
            announce(&L);
        loop(&L);
        if (!L.rec.done)
            drain(&L);
    }

    struct pcap_stat st = {0};
    bool have_stats = output_ok && pcap_stats(L.pcap, &st) == 0;
    if (L.progress && have_stats) {   /* leave the final count on screen */
        progress_show(rotation_packets(&L.rec.out), L.rec.out.bytes, st.ps_drop);
        progress_end();
    }
    if (started) {
        int close_rc = recorder_close(&L.rec);
        rc = rc ? rc : close_rc;
        if (output_ok && !cfg->quiet) {
            char tail[128] = "";
            if (have_stats)
                snprintf(tail, sizeof tail, "; kernel dropped %u, interface dropped %u", st.ps_drop, st.ps_ifdrop);
            recorder_summary(&L.rec, tail);
        }
        recorder_free(&L.rec);
    }
    close_sources(&L);
    if (L.pcap)
        pcap_close(L.pcap);
    free(expr);
    return rc;
}
