/* ipmsg-peer - IP Messenger hosts of every dialect, playing a scenario over
 * real sockets (samples/README.md, "Scripted samples").
 *
 * Usage:
 *   ipmsg-peer -n PREFIX SCENARIO   host H lives in the network namespace
 *                                   PREFIX<H> (made by samples/record-scripted.sh)
 *   ipmsg-peer SCENARIO             every host on its 127.0.0.x address in
 *                                   this namespace; broadcasts go to each host
 *   ipmsg-peer --hosts SCENARIO     print "NAME ADDRESS/PREFIX on|off" per host
 *
 * Traffic goes only to the scenario's own hosts (and, in namespaces, to the
 * broadcast and multicast addresses of their link): without -n every address
 * must be a loopback address.
 *
 * SCENARIO: the lexical rules of mkpcap (../tools/mkpcap.c: one statement per
 * line, '#' comments, C string literals, x"hex").  Hosts come first:
 *
 *   host NAME official|feiq|iptux ADDRESS[/PREFIX] [KEY=VALUE | FLAG]...
 *        user= host= nick= group=   names (values may be "quoted")
 *        mac=0C29D68D8F12           FeiQ's version field
 *        version=TEXT               the version field as is (e.g. FeiQ 2's
 *                                   1_lbt4_10#128#00E04C6A1B2C#0#0#0)
 *        files=DIR                  attachments are taken from DIR (relative
 *                                   to the scenario's folder)
 *        pubkey=FILE                "E-N" in hex: answers GETPUBKEY
 *        packetno=N                 first packet number (default: official
 *                                   1700000000 + 1000 * index, others 1)
 *        listpage=N                 hosts per ANSLIST (default 100)
 *        off                        never answers (no sockets)
 *        listserver                 answers BR_ISGETLIST2 and GETLIST
 *
 * then statements, each followed by a pause until the network is quiet:
 *   entry H                 start-up: NOOPERATION (official, FeiQ), BR_ENTRY
 *   absence H "TEXT"        BR_ABSENCE; "" = present again
 *   exit H                  BR_EXIT
 *   msg H > P "TEXT" [sealed] [nocheck] [attach=NAME,NAME] [retries=N] [interval=MS]
 *                           SENDMSG, re-sent (same number) while no RECVMSG
 *   msg H > P "TEXT" encrypt [nocheck]
 *                           encrypted to P's pubkey= (RSA-2048/AES-256, crypt.c)
 *   groupmsg H "TEXT" [group=HEX]   FeiQ group message 0x23 to 226.81.9.8
 *   read H < P              READMSG for P's newest sealed message
 *   getinfo|getabsence|getpubkey H > P
 *   getlist H               BR_ISGETLIST2, then GETLIST until the list ends
 *   fetch H < P NAME [offset=N]   GETFILEDATA or GETDIRFILES over TCP
 *   release H < P           RELEASEFILES for P's newest offer to H
 *   send H > P|* COMMAND PAYLOAD  H's header, COMMAND (decimal), PAYLOAD
 *   raw H > P PAYLOAD       a datagram of exactly PAYLOAD
 *   rawtcp H > P PAYLOAD    a TCP connection that sends PAYLOAD, reads, closes
 *   wait MS
 *
 * Exit status: 0 done, 1 scenario or network error (FILE:LINE: message),
 * 2 usage. */
#define _GNU_SOURCE

#include "peer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct host g_hosts[MAX_HOSTS];
unsigned g_nhosts;
bool g_loopback;
const char *g_scenario_dir = ".";

static const char *const dialect_names[] = {"official", "feiq", "iptux"};

struct host *host_by_name(const char *name)
{
    for (unsigned i = 0; i < g_nhosts; i++)
        if (strcmp(g_hosts[i].name, name) == 0)
            return &g_hosts[i];
    die("unknown host '%s'", name);
}

int host_index(const struct host *h)
{
    return (int)(h - g_hosts);
}

void join_path(char *out, size_t outsz, const char *dir, const char *name)
{
    if (snprintf(out, outsz, "%s/%s", dir, name) >= (int)outsz)
        die("path %s/%s too long", dir, name);
}

static void copy_text(char *dst, size_t dstsz, const char *src, const char *what)
{
    size_t n = strlen(src);
    if (n >= dstsz)
        die("%s too long", what);
    memcpy(dst, src, n + 1);
}

/* A KEY=VALUE whose value may be a "string": VALUE is in word after '=' or
 * the literal that follows. */
static void option_value(struct src *s, const char *word, char *out, size_t outsz)
{
    const char *eq = strchr(word, '=');
    if (eq[1]) {
        copy_text(out, outsz, eq + 1, word);
        return;
    }
    struct buf b = {0};
    if (!read_string(s, &b))
        die("%s needs a value", word);
    buf_u8(&b, 0);
    if (memchr(b.p, '\0', b.len - 1))
        die("%s contains a NUL", word);
    copy_text(out, outsz, (char *)b.p, word);
    free(b.p);
}

static void read_pubkey(struct host *h, const char *file)
{
    char path[PATH_MAX];
    size_t len;
    join_path(path, sizeof path, g_scenario_dir, file);
    char *text = read_file(path, &len);
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        text[--len] = '\0';
    if (len >= sizeof h->pubkey || !strchr(text, '-'))
        die("%s: expected one line E-N in hex", path);
    memcpy(h->pubkey, text, len + 1);
    free(text);
}

static void parse_address(struct host *h, const char *word)
{
    char text[64];
    copy_text(text, sizeof text, word, "address");
    char *slash = strchr(text, '/');
    if (slash)
        *slash++ = '\0';
    memset(&h->addr, 0, sizeof h->addr);
    if (strchr(text, ':')) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&h->addr;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(PEER_PORT);
        if (inet_pton(AF_INET6, text, &a->sin6_addr) != 1)
            die("bad IPv6 address '%s'", text);
        h->family = AF_INET6;
        h->addrlen = sizeof *a;
        h->prefix = slash ? (unsigned)parse_number(slash, "prefix", 128) : 64;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&h->addr;
        a->sin_family = AF_INET;
        a->sin_port = htons(PEER_PORT);
        if (inet_pton(AF_INET, text, &a->sin_addr) != 1)
            die("bad IPv4 address '%s'", text);
        h->family = AF_INET;
        h->addrlen = sizeof *a;
        h->prefix = slash ? (unsigned)parse_number(slash, "prefix", 32) : 24;
    }
    copy_text(h->addr_text, sizeof h->addr_text, text, "address");
}

static void stmt_host(struct src *s)
{
    char word[PATH_MAX + 16];
    if (g_nhosts == MAX_HOSTS)
        die("more than %d hosts", MAX_HOSTS);
    struct host *h = &g_hosts[g_nhosts];
    memset(h, 0, sizeof *h);
    h->udp_fd = h->tcp_fd = h->netns_fd = -1;
    expect_word(s, word, sizeof word, "host name");
    for (unsigned i = 0; i < g_nhosts; i++)
        if (strcmp(g_hosts[i].name, word) == 0)
            die("host '%s' declared twice", word);
    copy_text(h->name, sizeof h->name, word, "host name");
    expect_word(s, word, sizeof word, "dialect");
    unsigned d;
    for (d = 0; d < 3 && strcmp(word, dialect_names[d]) != 0; d++)
        ;
    if (d == 3)
        die("unknown dialect '%s' (official, feiq or iptux)", word);
    h->dialect = (enum dialect)d;
    expect_word(s, word, sizeof word, "address");
    parse_address(h, word);
    copy_text(h->user, sizeof h->user, h->name, "user");
    copy_text(h->hostname, sizeof h->hostname, "PC", "host");
    copy_text(h->nick, sizeof h->nick, h->name, "nick");
    copy_text(h->mac, sizeof h->mac, "0C29D68D8F12", "mac");
    h->next_packetno = h->dialect == DIALECT_OFFICIAL ? 1700000000u + 1000u * g_nhosts : 1u;
    h->next_fileid = 1;
    h->next_tcp_port = 40000;
    h->list_page = 100;
    for (read_word(s, word, sizeof word); word[0]; read_word(s, word, sizeof word)) {
        if (strcmp(word, "off") == 0) {
            h->off = true;
        } else if (strcmp(word, "listserver") == 0) {
            h->listserver = true;
        } else if (strncmp(word, "user=", 5) == 0) {
            option_value(s, word, h->user, sizeof h->user);
        } else if (strncmp(word, "host=", 5) == 0) {
            option_value(s, word, h->hostname, sizeof h->hostname);
        } else if (strncmp(word, "nick=", 5) == 0) {
            option_value(s, word, h->nick, sizeof h->nick);
        } else if (strncmp(word, "group=", 6) == 0) {
            option_value(s, word, h->group, sizeof h->group);
        } else if (strncmp(word, "version=", 8) == 0) {
            option_value(s, word, h->version, sizeof h->version);
        } else if (strncmp(word, "mac=", 4) == 0) {
            option_value(s, word, h->mac, sizeof h->mac);
        } else if (strncmp(word, "files=", 6) == 0) {
            char dir[PATH_MAX];
            option_value(s, word, dir, sizeof dir);
            join_path(h->files_dir, sizeof h->files_dir, g_scenario_dir, dir);
        } else if (strncmp(word, "pubkey=", 7) == 0) {
            char file[PATH_MAX];
            option_value(s, word, file, sizeof file);
            read_pubkey(h, file);
        } else if (strncmp(word, "packetno=", 9) == 0) {
            h->next_packetno = (uint32_t)parse_number(word + 9, "packetno", 0xffffffffu);
        } else if (strncmp(word, "listpage=", 9) == 0) {
            h->list_page = (uint32_t)parse_number(word + 9, "listpage", 1000);
            if (!h->list_page)
                die("listpage must be at least 1");
        } else {
            die("unknown host option '%s'", word);
        }
    }
    g_nhosts++;
}

/* "H > P" or "H < P"; *peer is NULL for "*" when star_ok. */
static struct host *two_hosts(struct src *s, const char *arrow, struct host **peer, bool star_ok)
{
    char word[64];
    expect_word(s, word, sizeof word, "host");
    struct host *h = host_by_name(word);
    expect_word(s, word, sizeof word, arrow);
    if (strcmp(word, arrow) != 0)
        die("expected '%s' after the host", arrow);
    expect_word(s, word, sizeof word, "peer");
    if (star_ok && strcmp(word, "*") == 0)
        *peer = NULL;
    else
        *peer = host_by_name(word);
    if (*peer == h)
        die("a host cannot talk to itself here");
    if (h->off)
        die("host '%s' is switched off", h->name);
    return h;
}

static struct host *one_host(struct src *s)
{
    char word[64];
    expect_word(s, word, sizeof word, "host");
    struct host *h = host_by_name(word);
    if (h->off)
        die("host '%s' is switched off", h->name);
    return h;
}

static char *string_arg(struct src *s, const char *what)
{
    struct buf b = {0};
    if (!read_string(s, &b))
        die("expected the %s as a \"string\"", what);
    buf_u8(&b, 0);
    if (memchr(b.p, '\0', b.len - 1))
        die("the %s contains a NUL; use send or raw for such packets", what);
    return (char *)b.p;
}

static void stmt_msg(struct src *s)
{
    struct host *to, *h = two_hosts(s, ">", &to, false);
    char *text = string_arg(s, "message");
    char word[512], attach[512] = "";
    bool sealed = false, check = true, encrypt = false;
    unsigned retries = 0;
    int interval = 1000;
    for (read_word(s, word, sizeof word); word[0]; read_word(s, word, sizeof word)) {
        if (strcmp(word, "sealed") == 0)
            sealed = true;
        else if (strcmp(word, "nocheck") == 0)
            check = false;
        else if (strcmp(word, "encrypt") == 0)
            encrypt = true;
        else if (strncmp(word, "attach=", 7) == 0)
            copy_text(attach, sizeof attach, word + 7, "attach=");
        else if (strncmp(word, "retries=", 8) == 0)
            retries = (unsigned)parse_number(word + 8, "retries", 10);
        else if (strncmp(word, "interval=", 9) == 0)
            interval = (int)parse_number(word + 9, "interval", 10000);
        else
            die("unknown msg option '%s'", word);
    }
    if (encrypt && (sealed || attach[0] || retries))
        die("encrypt goes with nocheck only");
    if (encrypt)
        do_encrypted_message(h, to, text, check);
    else
        do_message(h, to, text, attach, sealed, check, retries, interval);
    free(text);
}

static void stmt_send(struct src *s, const char *verb)
{
    struct host *to, *h = two_hosts(s, ">", &to, strcmp(verb, "send") == 0);
    struct buf body = {0};
    size_t cuts[MAX_SEGMENTS], ncuts;
    uint32_t cmd = 0;
    if (strcmp(verb, "send") == 0) {
        char word[32];
        expect_word(s, word, sizeof word, "command number");
        cmd = (uint32_t)parse_number(word, "command number", 0xffffffffu);
    }
    read_payload(s, &body, cuts, &ncuts, false);
    if (strcmp(verb, "send") == 0) {
        do_send(h, to, cmd, &body);
    } else if (strcmp(verb, "raw") == 0) {
        send_to(h, to, &body);
    } else {
        uint64_t got = tcp_fetch(h, to, &body, true);
        fprintf(stderr, "ipmsg-peer: %s: rawtcp to %s: %llu bytes back\n", h->name, to->name,
                (unsigned long long)got);
    }
    free(body.p);
}

static void run(struct src *s, const char *netns_prefix)
{
    char word[64];
    bool opened = false;
    while (s->p < s->end) {
        read_word(s, word, sizeof word);
        if (!word[0]) {
            if (s->p < s->end && *s->p == '"')
                die("statement starts with a string; is a continuation line missing its indent?");
            end_statement(s);
            continue;
        }
        if (strcmp(word, "host") == 0) {
            if (opened)
                die("hosts must be declared before the first statement");
            stmt_host(s);
            end_statement(s);
            continue;
        }
        if (!opened) {
            if (netns_prefix == NULL)
                return;  /* --hosts */
            net_open(netns_prefix);
            opened = true;
        }
        if (strcmp(word, "entry") == 0) {
            do_entry(one_host(s), CMD_BR_ENTRY);
        } else if (strcmp(word, "absence") == 0) {
            struct host *h = one_host(s);
            char *text = string_arg(s, "absence text");
            copy_text(h->absence, sizeof h->absence, text, "absence text");
            free(text);
            do_entry(h, CMD_BR_ABSENCE);
        } else if (strcmp(word, "exit") == 0) {
            do_exit(one_host(s));
        } else if (strcmp(word, "msg") == 0) {
            stmt_msg(s);
        } else if (strcmp(word, "groupmsg") == 0) {
            struct host *h = one_host(s);
            char *text = string_arg(s, "group message");
            char opt[64], group[32] = "5a3c1e7f";
            read_word(s, opt, sizeof opt);
            if (strncmp(opt, "group=", 6) == 0)
                copy_text(group, sizeof group, opt + 6, "group=");
            else if (opt[0])
                die("unknown groupmsg option '%s'", opt);
            do_group_message(h, text, group);
            free(text);
        } else if (strcmp(word, "read") == 0) {
            struct host *from, *h = two_hosts(s, "<", &from, false);
            do_read(h, from);
        } else if (strcmp(word, "getinfo") == 0 || strcmp(word, "getabsence") == 0 ||
                   strcmp(word, "getpubkey") == 0) {
            struct host *to, *h = two_hosts(s, ">", &to, false);
            do_request(h, to, word[3] == 'i' ? CMD_GETINFO : word[3] == 'a' ? CMD_GETABSENCEINFO : CMD_GETPUBKEY);
        } else if (strcmp(word, "getlist") == 0) {
            do_getlist(one_host(s));
        } else if (strcmp(word, "fetch") == 0) {
            struct host *from, *h = two_hosts(s, "<", &from, false);
            char name[MAX_TEXT], opt[64];
            uint64_t offset = 0;
            struct buf b = {0};
            if (read_string(s, &b)) {
                buf_u8(&b, 0);
                copy_text(name, sizeof name, (char *)b.p, "file name");
                free(b.p);
            } else {
                expect_word(s, name, sizeof name, "file name");
            }
            read_word(s, opt, sizeof opt);
            if (strncmp(opt, "offset=", 7) == 0)
                offset = parse_number(opt + 7, "offset", 0xffffffffu);
            else if (opt[0])
                die("unknown fetch option '%s'", opt);
            do_fetch(h, from, name, offset);
        } else if (strcmp(word, "release") == 0) {
            struct host *from, *h = two_hosts(s, "<", &from, false);
            do_release(h, from);
        } else if (strcmp(word, "send") == 0 || strcmp(word, "raw") == 0 || strcmp(word, "rawtcp") == 0) {
            stmt_send(s, word);
        } else if (strcmp(word, "wait") == 0) {
            char arg[32];
            expect_word(s, arg, sizeof arg, "milliseconds");
            run_for((int)parse_number(arg, "wait", 60000), NULL);
        } else {
            die("unknown statement '%s'", word);
        }
        end_statement(s);
        settle(80);
    }
}

int main(int argc, char **argv)
{
    const char *prefix = NULL, *file = NULL;
    bool list = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            prefix = argv[++i];
        else if (strcmp(argv[i], "--hosts") == 0)
            list = true;
        else if (argv[i][0] != '-' && !file)
            file = argv[i];
        else
            file = NULL, i = argc;
    }
    if (!file || (list && prefix)) {
        fprintf(stderr, "usage: ipmsg-peer [-n NETNS-PREFIX] SCENARIO | ipmsg-peer --hosts SCENARIO\n");
        return 2;
    }
    lex_prog = "ipmsg-peer";
    lex_file = file;
    char *dir = strdup(file);
    g_scenario_dir = dirname(dir);
    g_loopback = prefix == NULL && !list;
    size_t len;
    char *text = read_file(file, &len);
    struct src s = {text, text + len};
    run(&s, list ? NULL : prefix ? prefix : "");
    if (list) {
        for (unsigned i = 0; i < g_nhosts; i++)
            printf("%s %s/%u %s\n", g_hosts[i].name, g_hosts[i].addr_text, g_hosts[i].prefix,
                   g_hosts[i].off ? "off" : "on");
    } else {
        net_close();
    }
    free(text);
    free(dir);
    return 0;
}
