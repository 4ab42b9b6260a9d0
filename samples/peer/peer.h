/* ipmsg-peer: IP Messenger hosts that run a scenario over real sockets.
 *
 *   main.c     options, the scenario statements, where each host lives
 *   net.c      sockets (one network namespace per host, or 127.0.0.x), the
 *              event loop and the TCP connections
 *   speak.c    what a host sends and how it answers, per dialect
 *   files.c    attachments: the file list, GETFILEDATA and the directory stream
 *   crypt.c    encrypted messages and FeiQ group messages (libgcrypt)
 *
 * One process plays every host, so the order of the packets is the order of
 * the scenario: each statement runs, then the loop answers until the network
 * is quiet. */
#ifndef IPMSG_PEER_H
#define IPMSG_PEER_H

#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "../tools/lex.h"

#define PEER_PORT 2425
#define MAX_HOSTS 8
#define MAX_OFFERS 16
#define MAX_FILES 8
#define MAX_TEXT 256

/* Commands (low byte of CommandNo) and option bits the peer sends. */
enum {
    CMD_NOOPERATION = 0x00, CMD_BR_ENTRY = 0x01, CMD_BR_EXIT = 0x02, CMD_ANSENTRY = 0x03,
    CMD_BR_ABSENCE = 0x04, CMD_OKGETLIST = 0x11, CMD_GETLIST = 0x12, CMD_ANSLIST = 0x13,
    CMD_BR_ISGETLIST2 = 0x18, CMD_SENDMSG = 0x20, CMD_RECVMSG = 0x21, CMD_READMSG = 0x30,
    CMD_ANSREADMSG = 0x32, CMD_GETINFO = 0x40, CMD_SENDINFO = 0x41, CMD_GETABSENCEINFO = 0x50,
    CMD_SENDABSENCEINFO = 0x51, CMD_GETFILEDATA = 0x60, CMD_RELEASEFILES = 0x61,
    CMD_GETDIRFILES = 0x62, CMD_GETPUBKEY = 0x72, CMD_ANSPUBKEY = 0x73,
};
enum {
    OPT_ABSENCE = 0x100, OPT_SENDCHECK = 0x100,
    OPT_SECRET = 0x200, OPT_BROADCAST = 0x400, OPT_AUTORET = 0x2000, OPT_DIALUP = 0x10000,
    OPT_FILEATTACH = 0x200000, OPT_ENCRYPT = 0x400000, OPT_UTF8 = 0x800000,
    OPT_CAPUTF8 = 0x1000000, OPT_READCHECK = 0x100000, OPT_RETRY = 0x4000,
};

enum dialect { DIALECT_OFFICIAL, DIALECT_FEIQ, DIALECT_IPTUX };

/* One attached file or folder, as offered. */
struct offered_file {
    uint32_t id;
    char name[MAX_TEXT];   /* as sent (UTF-8 in the scenario) */
    char path[PATH_MAX];   /* on this machine */
    bool is_dir;
    uint64_t size;         /* folders: 0 (official, FeiQ) or the tree's size (iptux) */
};

struct offer {
    uint32_t packetno;     /* of the SENDMSG that carried the list */
    int to;                /* host index */
    bool utf8;             /* sent with UTF8OPT: names in UTF-8 */
    unsigned nfiles;
    struct offered_file files[MAX_FILES];
};

struct host {
    char name[32];
    enum dialect dialect;
    int family;                    /* AF_INET or AF_INET6 */
    struct sockaddr_storage addr;  /* port 2425 */
    socklen_t addrlen;
    char addr_text[64];
    unsigned prefix;               /* for the namespace's address */
    bool off;                      /* switched off: no sockets, never answers */
    bool listserver;               /* answers BR_ISGETLIST2 and GETLIST */
    char user[64], hostname[64], nick[MAX_TEXT], group[MAX_TEXT], mac[16];
    char version[64];              /* empty: the dialect's */
    char files_dir[PATH_MAX];
    char pubkey[1100];             /* "E-N" in hex, empty = no key */
    char absence[MAX_TEXT];        /* absence text; empty = present */
    uint32_t next_packetno;
    uint32_t next_fileid;
    unsigned next_tcp_port;        /* client side of downloads: fixed ports */
    int udp_fd, tcp_fd;
    int netns_fd;                  /* -n: the host's namespace */
    int ifindex;                   /* IPv6 link-local multicast */
    struct sockaddr_in bcast;      /* the interface's broadcast address */
    bool knows[MAX_HOSTS];         /* host list contents */
    struct offer offers[MAX_OFFERS];
    unsigned noffers;
    uint32_t last_sealed[MAX_HOSTS];   /* newest sealed SENDMSG received from host i */
    uint32_t awaiting_receipt;         /* SENDMSG number waiting for its RECVMSG */
    bool got_receipt;
    uint32_t list_page;                /* hosts per ANSLIST */
};

extern struct host g_hosts[MAX_HOSTS];
extern unsigned g_nhosts;
extern bool g_loopback;           /* all hosts on 127.0.0.x in this namespace */
extern const char *g_scenario_dir;

struct host *host_by_name(const char *name);
/* DIR/NAME into out, or die when it does not fit. */
void join_path(char *out, size_t outsz, const char *dir, const char *name);
int host_index(const struct host *h);

/* net.c */
void net_open(const char *netns_prefix);
void net_close(void);
void send_to(struct host *from, struct host *to, const struct buf *pkt);
void send_broadcast(struct host *from, const struct buf *pkt);
/* Run the loop until nothing has happened for quiet_ms (at most 20 s). */
void settle(int quiet_ms);
/* Run the loop for ms milliseconds, or until *flag becomes true. */
void run_for(int ms, const bool *flag);
/* A TCP download from `from` to `to`'s port 2425: send REQUEST, read until
 * the server closes (with half_close, shut down the sending side first:
 * for requests the server cannot finish); returns the bytes received. */
uint64_t tcp_fetch(struct host *from, struct host *to, const struct buf *request, bool half_close);
/* Replies to a TCP request (files.c), given the request's bytes. */
bool tcp_request_complete(const uint8_t *data, size_t len);
void tcp_answer(struct host *server, const uint8_t *req, size_t len, struct buf *out);

/* speak.c */
void header(struct buf *b, struct host *from, uint32_t packetno, uint32_t command);
uint32_t next_packetno(struct host *h);
/* UTF-8 scenario text in CHARSET (iconv name). */
void add_converted(struct buf *b, const char *utf8, const char *charset);
/* The charset of h's text: UTF-8 with UTF8OPT, else the dialect's own. */
const char *text_charset(const struct host *h, bool utf8);
void on_datagram(struct host *h, struct host *sender, const uint8_t *data, size_t len);
void do_entry(struct host *h, uint32_t cmd);
void do_exit(struct host *h);
void do_message(struct host *h, struct host *to, const char *text, const char *attach, bool sealed,
                bool check, unsigned retries, int interval_ms);
void do_request(struct host *h, struct host *to, unsigned cmd);
void do_read(struct host *h, struct host *from);
void do_getlist(struct host *h);
void do_send(struct host *h, struct host *to, uint32_t cmd, const struct buf *body);

/* crypt.c: "msg ... encrypt" and "groupmsg" (libgcrypt) */
void do_encrypted_message(struct host *h, struct host *to, const char *text, bool check);
void do_group_message(struct host *h, const char *text, const char *group);

/* files.c */
void add_file_list(struct buf *b, struct host *h, struct offer *o, const char *attach);
void do_fetch(struct host *h, struct host *from, const char *name, uint64_t offset);
void do_release(struct host *h, struct host *from);

#endif
