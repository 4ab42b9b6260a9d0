/* ipmsg-peer's sockets and event loop.  Each host has a UDP and a listening
 * TCP socket on port 2425, made inside its own network namespace (setns on
 * /run/netns/PREFIX<name>, then back), or bound to its 127.0.0.x address.
 * TCP connections of both ends live in one table and are served by the
 * same poll loop, so a download runs while the UDP side goes on answering. */
#define _GNU_SOURCE

#include "peer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 16
#define IPMSG_IPV6_GROUP "ff15::979"
#define SETTLE_LIMIT_MS 20000

struct conn {
    int fd;
    struct host *host;
    bool server;        /* accepted: reads a request, answers, closes */
    struct buf in, out;
    size_t out_done;
    bool answered;
};

static struct conn g_conns[MAX_CONNS];
static unsigned g_nconns;

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        die("fcntl: %s", strerror(errno));
}

static bool is_loopback(const struct host *h)
{
    if (h->family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)&h->addr)->sin_addr.s_addr) >> 24) == 127;
    return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)&h->addr)->sin6_addr);
}

/* The interface that holds the host's address: its index and broadcast. */
static void find_interface(struct host *h)
{
    struct ifaddrs *list, *a;
    if (getifaddrs(&list) != 0)
        die("getifaddrs: %s", strerror(errno));
    for (a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != h->family)
            continue;
        bool same = h->family == AF_INET
            ? ((struct sockaddr_in *)a->ifa_addr)->sin_addr.s_addr ==
                  ((struct sockaddr_in *)&h->addr)->sin_addr.s_addr
            : memcmp(&((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr,
                     &((struct sockaddr_in6 *)&h->addr)->sin6_addr, 16) == 0;
        if (!same)
            continue;
        h->ifindex = (int)if_nametoindex(a->ifa_name);
        if (h->family == AF_INET && a->ifa_broadaddr)
            h->bcast = *(struct sockaddr_in *)a->ifa_broadaddr;
        break;
    }
    freeifaddrs(list);
    if (!h->ifindex)
        die("host %s: no interface has the address %s", h->name, h->addr_text);
}

static int bound_socket(struct host *h, int type, const struct sockaddr *addr, socklen_t len)
{
    int one = 1;
    int fd = socket(h->family, type, 0);
    if (fd < 0)
        die("socket: %s", strerror(errno));
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (type == SOCK_DGRAM)
        setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    if (h->family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, addr, len) != 0)
        die("host %s: bind %s: %s", h->name, h->addr_text, strerror(errno));
    set_nonblock(fd);
    return fd;
}

static void open_host(struct host *h)
{
    struct sockaddr_storage any;
    memset(&any, 0, sizeof any);
    if (g_loopback) {
        any = h->addr;  /* 127.0.0.x:2425: several hosts share this namespace */
    } else if (h->family == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)&any;
        a->sin_family = AF_INET;
        a->sin_port = htons(PEER_PORT);
        a->sin_addr.s_addr = htonl(INADDR_ANY);  /* broadcasts arrive too */
        find_interface(h);
    } else {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&any;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(PEER_PORT);
        a->sin6_addr = in6addr_any;
        find_interface(h);
    }
    h->udp_fd = bound_socket(h, SOCK_DGRAM, (struct sockaddr *)&any, h->addrlen);
    if (!g_loopback && h->family == AF_INET6) {
        /* IP Messenger's IPv6 "broadcast" is the multicast group ff15::979 */
        struct ipv6_mreq group = {.ipv6mr_interface = (unsigned)h->ifindex};
        inet_pton(AF_INET6, IPMSG_IPV6_GROUP, &group.ipv6mr_multiaddr);
        if (setsockopt(h->udp_fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &group, sizeof group) != 0 ||
            setsockopt(h->udp_fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &h->ifindex, sizeof h->ifindex) != 0)
            die("host %s: join %s: %s", h->name, IPMSG_IPV6_GROUP, strerror(errno));
    }
    h->tcp_fd = bound_socket(h, SOCK_STREAM, (struct sockaddr *)&any, h->addrlen);
    if (listen(h->tcp_fd, 8) != 0)
        die("listen: %s", strerror(errno));
}

void net_open(const char *netns_prefix)
{
    int home = -1;
    if (!g_loopback) {
        home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (home < 0)
            die("/proc/self/ns/net: %s", strerror(errno));
    }
    for (unsigned i = 0; i < g_nhosts; i++) {
        struct host *h = &g_hosts[i];
        if (g_loopback && !is_loopback(h))
            die("host %s: %s is not a loopback address; outside network namespaces (-n) only "
                "127.0.0.0/8 and ::1 are allowed", h->name, h->addr_text);
        if (h->off)
            continue;
        if (!g_loopback) {
            char path[PATH_MAX];
            if (snprintf(path, sizeof path, "/run/netns/%s%s", netns_prefix, h->name) >= (int)sizeof path)
                die("namespace prefix too long");
            h->netns_fd = open(path, O_RDONLY | O_CLOEXEC);
            if (h->netns_fd < 0 || setns(h->netns_fd, CLONE_NEWNET) != 0)
                die("host %s: network namespace %s: %s", h->name, path, strerror(errno));
        }
        open_host(h);
        if (!g_loopback && setns(home, CLONE_NEWNET) != 0)
            die("setns back: %s", strerror(errno));
    }
    if (home >= 0)
        close(home);
}

void net_close(void)
{
    settle(80);
    for (unsigned i = 0; i < g_nhosts; i++) {
        if (g_hosts[i].udp_fd >= 0)
            close(g_hosts[i].udp_fd);
        if (g_hosts[i].tcp_fd >= 0)
            close(g_hosts[i].tcp_fd);
        if (g_hosts[i].netns_fd >= 0)
            close(g_hosts[i].netns_fd);
    }
}

static void send_raw(struct host *from, const struct sockaddr *to, socklen_t len, const struct buf *pkt)
{
    if (sendto(from->udp_fd, pkt->p, pkt->len, 0, to, len) != (ssize_t)pkt->len)
        die("host %s: sendto: %s", from->name, strerror(errno));
}

void send_to(struct host *from, struct host *to, const struct buf *pkt)
{
    if (to->family != from->family)
        die("hosts %s and %s are of different address families", from->name, to->name);
    send_raw(from, (const struct sockaddr *)&to->addr, to->addrlen, pkt);
}

/* Every other host in loopback mode; else the link's broadcast address
 * (iptux also the limited one, with the same bytes), or for IPv6 the group
 * ff15::979. */
void send_broadcast(struct host *from, const struct buf *pkt)
{
    if (g_loopback) {
        for (unsigned i = 0; i < g_nhosts; i++)
            if (&g_hosts[i] != from && g_hosts[i].family == from->family)
                send_to(from, &g_hosts[i], pkt);
        return;
    }
    if (from->family == AF_INET6) {
        struct sockaddr_in6 all = {.sin6_family = AF_INET6, .sin6_port = htons(PEER_PORT)};
        inet_pton(AF_INET6, IPMSG_IPV6_GROUP, &all.sin6_addr);
        send_raw(from, (struct sockaddr *)&all, sizeof all, pkt);
        return;
    }
    struct sockaddr_in b = from->bcast;
    b.sin_port = htons(PEER_PORT);
    if (from->dialect == DIALECT_IPTUX) {
        struct sockaddr_in limited = b;
        limited.sin_addr.s_addr = htonl(INADDR_BROADCAST);
        send_raw(from, (struct sockaddr *)&limited, sizeof limited, pkt);
    }
    send_raw(from, (struct sockaddr *)&b, sizeof b, pkt);
}

static struct host *host_by_addr(const struct sockaddr_storage *ss)
{
    for (unsigned i = 0; i < g_nhosts; i++) {
        const struct host *h = &g_hosts[i];
        if (h->family != ss->ss_family)
            continue;
        if (h->family == AF_INET &&
            ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
                ((const struct sockaddr_in *)&h->addr)->sin_addr.s_addr)
            return &g_hosts[i];
        if (h->family == AF_INET6 &&
            memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr,
                   &((const struct sockaddr_in6 *)&h->addr)->sin6_addr, 16) == 0)
            return &g_hosts[i];
    }
    return NULL;
}

static struct conn *conn_add(int fd, struct host *h, bool server)
{
    if (g_nconns == MAX_CONNS)
        die("too many TCP connections at once");
    struct conn *c = &g_conns[g_nconns++];
    memset(c, 0, sizeof *c);
    c->fd = fd;
    c->host = h;
    c->server = server;
    return c;
}

static void conn_del(struct conn *c)
{
    close(c->fd);
    free(c->in.p);
    free(c->out.p);
    *c = g_conns[--g_nconns];
}

static void on_udp(struct host *h)
{
    static uint8_t data[65536];
    for (;;) {
        struct sockaddr_storage from = {0};
        socklen_t fromlen = sizeof from;
        ssize_t n = recvfrom(h->udp_fd, data, sizeof data, 0, (struct sockaddr *)&from, &fromlen);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            die("host %s: recvfrom: %s", h->name, strerror(errno));
        }
        struct host *sender = host_by_addr(&from);
        if (sender && sender != h)  /* own broadcasts come back; strangers are ignored */
            on_datagram(h, sender, data, (size_t)n);
    }
}

static void on_accept(struct host *h)
{
    int fd = accept(h->tcp_fd, NULL, NULL);
    if (fd < 0)
        return;
    set_nonblock(fd);
    conn_add(fd, h, true);
}

/* Returns false when the connection is finished and was removed. */
static bool on_conn(struct conn *c, short revents)
{
    if (revents & (POLLIN | POLLHUP | POLLERR)) {
        buf_reserve(&c->in, 65536);
        ssize_t n = read(c->fd, c->in.p + c->in.len, c->in.cap - c->in.len);
        if (n > 0) {
            c->in.len += (size_t)n;
        } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            if (c->server || n < 0) {
                conn_del(c);
                return false;
            }
            c->answered = true;  /* client: the server closed; tcp_fetch picks it up */
            return true;
        }
        if (c->server && !c->answered && tcp_request_complete(c->in.p, c->in.len)) {
            tcp_answer(c->host, c->in.p, c->in.len, &c->out);
            c->answered = true;
        }
    }
    if (c->server && c->answered) {
        while (c->out_done < c->out.len) {
            ssize_t n = write(c->fd, c->out.p + c->out_done, c->out.len - c->out_done);
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    return true;
                conn_del(c);
                return false;
            }
            c->out_done += (size_t)n;
        }
        conn_del(c);  /* the answer is the whole stream: close ends it */
        return false;
    }
    return true;
}

/* One round of the loop: wait at most timeout_ms, handle what came. */
static bool poll_once(int timeout_ms)
{
    struct pollfd fds[2 * MAX_HOSTS + MAX_CONNS];
    void *what[2 * MAX_HOSTS + MAX_CONNS];
    nfds_t n = 0;
    for (unsigned i = 0; i < g_nhosts; i++) {
        if (g_hosts[i].udp_fd < 0)
            continue;
        fds[n] = (struct pollfd){.fd = g_hosts[i].udp_fd, .events = POLLIN};
        what[n++] = &g_hosts[i].udp_fd;
        fds[n] = (struct pollfd){.fd = g_hosts[i].tcp_fd, .events = POLLIN};
        what[n++] = &g_hosts[i].tcp_fd;
    }
    for (unsigned i = 0; i < g_nconns; i++) {
        struct conn *c = &g_conns[i];
        short ev = c->answered && !c->server ? 0 : POLLIN;
        if (c->server && c->answered)
            ev = POLLOUT;
        fds[n] = (struct pollfd){.fd = c->fd, .events = ev};
        what[n++] = c;
    }
    int r = poll(fds, n, timeout_ms);
    if (r < 0 && errno != EINTR)
        die("poll: %s", strerror(errno));
    if (r <= 0)
        return false;
    /* Let the other copies of a broadcast land too, so that the hosts
     * answer in their declared order, not in the kernel's. */
    struct timespec pause = {0, 2000000};
    nanosleep(&pause, NULL);
    if (poll(fds, n, 0) <= 0)
        return false;
    for (nfds_t i = 0; i < n; i++) {
        if (!fds[i].revents)
            continue;
        for (unsigned k = 0; k < g_nhosts; k++) {
            if (what[i] == &g_hosts[k].udp_fd)
                on_udp(&g_hosts[k]);
            else if (what[i] == &g_hosts[k].tcp_fd)
                on_accept(&g_hosts[k]);
        }
        for (unsigned k = 0; k < g_nconns; k++) {
            if (what[i] == &g_conns[k] && g_conns[k].fd == fds[i].fd) {
                on_conn(&g_conns[k], fds[i].revents);
                break;
            }
        }
    }
    return true;
}

static bool servers_busy(void)
{
    for (unsigned i = 0; i < g_nconns; i++)
        if (g_conns[i].server)
            return true;
    return false;
}

void settle(int quiet_ms)
{
    uint64_t start = now_ms();
    while (poll_once(quiet_ms) || servers_busy()) {
        if (now_ms() - start > SETTLE_LIMIT_MS)
            die("the network did not go quiet within %d s", SETTLE_LIMIT_MS / 1000);
    }
}

void run_for(int ms, const bool *flag)
{
    uint64_t end = now_ms() + (uint64_t)ms;
    for (;;) {
        uint64_t t = now_ms();
        if (t >= end || (flag && *flag))
            return;
        poll_once((int)(end - t));
    }
}

uint64_t tcp_fetch(struct host *from, struct host *to, const struct buf *request, bool half_close)
{
    struct sockaddr_storage local = from->addr;
    /* A fixed client port per download keeps re-recordings identical. */
    unsigned port = from->next_tcp_port++;
    if (from->family == AF_INET)
        ((struct sockaddr_in *)&local)->sin_port = htons((uint16_t)port);
    else
        ((struct sockaddr_in6 *)&local)->sin6_port = htons((uint16_t)port);
    int fd, home = -1;
    if (!g_loopback) {
        /* The client socket must be made in the client's namespace. */
        home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (home < 0 || setns(from->netns_fd, CLONE_NEWNET) != 0)
            die("host %s: cannot enter its namespace: %s", from->name, strerror(errno));
    }
    fd = bound_socket(from, SOCK_STREAM, (struct sockaddr *)&local, from->addrlen);
    if (home >= 0) {
        if (setns(home, CLONE_NEWNET) != 0)
            die("setns back: %s", strerror(errno));
        close(home);
    }
    if (connect(fd, (struct sockaddr *)&to->addr, to->addrlen) != 0 && errno != EINPROGRESS)
        die("host %s: connect to %s: %s", from->name, to->name, strerror(errno));
    /* Wait for the connection, then send the request in one write. */
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    if (poll(&p, 1, 5000) != 1)
        die("host %s: connect to %s timed out", from->name, to->name);
    int err = 0;
    socklen_t elen = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
    if (err)
        die("host %s: connect to %s: %s", from->name, to->name, strerror(err));
    run_for(20, NULL);  /* the server accepts before the request comes */
    if (write(fd, request->p, request->len) != (ssize_t)request->len)
        die("host %s: write: %s", from->name, strerror(errno));
    if (half_close)
        shutdown(fd, SHUT_WR);
    struct conn *c = conn_add(fd, from, false);
    int slot = (int)(c - g_conns);
    uint64_t start = now_ms();
    while (!g_conns[slot].answered || g_conns[slot].fd != fd) {
        if (now_ms() - start > SETTLE_LIMIT_MS)
            die("host %s: download from %s did not end", from->name, to->name);
        poll_once(100);
        /* conn_del may have moved entries: find ours again. */
        for (unsigned i = 0; i < g_nconns; i++)
            if (g_conns[i].fd == fd)
                slot = (int)i;
    }
    uint64_t got = g_conns[slot].in.len;
    conn_del(&g_conns[slot]);
    return got;
}
