/* Attachments as ipmsg-peer hosts offer and serve them: the file list of a
 * SENDMSG, the TCP requests (GETFILEDATA, GETDIRFILES) and the answers: the
 * file's bytes, or the directory stream.  File times are one fixed value so
 * that a re-recording gives the same bytes. */
#define _GNU_SOURCE

#include "peer.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FIXED_MTIME 0x655a1200u  /* 2023-11-19 13:41:20 UTC */
#define MAX_DEPTH 8

static bool read_whole(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    for (;;) {
        buf_reserve(b, 65536);
        size_t n = fread(b->p + b->len, 1, b->cap - b->len, f);
        b->len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    return true;
}

/* Bytes under a folder (iptux announces a folder with this size). */
static uint64_t tree_size(const char *path, int depth)
{
    struct stat st;
    if (depth > MAX_DEPTH || stat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return (uint64_t)st.st_size;
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    uint64_t total = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
            char sub[PATH_MAX];
            join_path(sub, sizeof sub, path, names[i]->d_name);
            total += tree_size(sub, depth + 1);
        }
        free(names[i]);
    }
    free(n >= 0 ? names : NULL);
    return total;
}

/* A name in CHARSET with ':' doubled, as every dialect escapes it (no
 * CP932 or GBK trail byte is a ':'). */
static void add_escaped(struct buf *b, const char *name, const char *charset)
{
    struct buf converted = {0};
    add_converted(&converted, name, charset);
    for (size_t i = 0; i < converted.len; i++) {
        buf_u8(b, converted.p[i]);
        if (converted.p[i] == ':')
            buf_u8(b, ':');
    }
    free(converted.p);
}

void add_file_list(struct buf *b, struct host *h, struct offer *o, const char *attach)
{
    char names[512], *save = NULL;
    snprintf(names, sizeof names, "%s", attach);
    o->nfiles = 0;
    for (char *name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        if (o->nfiles == MAX_FILES)
            die("more than %d attachments", MAX_FILES);
        if (!h->files_dir[0])
            die("host %s has no files= folder", h->name);
        struct offered_file *f = &o->files[o->nfiles++];
        struct stat st;
        join_path(f->path, sizeof f->path, h->files_dir, name);
        if (stat(f->path, &st) != 0)
            die("%s: %s", f->path, strerror(errno));
        snprintf(f->name, sizeof f->name, "%s", name);
        f->id = h->next_fileid++;
        f->is_dir = S_ISDIR(st.st_mode);
        f->size = !f->is_dir ? (uint64_t)st.st_size : h->dialect == DIALECT_IPTUX ? tree_size(f->path, 0) : 0;
        if (h->dialect == DIALECT_IPTUX && o->nfiles > 1)
            buf_u8(b, ':');  /* iptux: entries joined by "\a:" */
        char text[64];
        snprintf(text, sizeof text, "%u:", f->id);
        buf_add(b, text, strlen(text));
        add_escaped(b, f->name, text_charset(h, o->utf8));
        snprintf(text, sizeof text, ":%llx:%x:%x:\a", (unsigned long long)f->size, FIXED_MTIME,
                 f->is_dir ? 2u : 1u);
        buf_add(b, text, strlen(text));
    }
    if (h->dialect != DIALECT_OFFICIAL)
        buf_u8(b, 0);  /* the official client leaves its last section unterminated */
}

static struct offer *newest_offer(struct host *from, const struct host *to)
{
    for (unsigned i = from->noffers; i-- > 0;)
        if (from->offers[i].to == host_index(to))
            return &from->offers[i];
    die("%s has offered nothing to %s", from->name, to->name);
}

void do_fetch(struct host *h, struct host *from, const char *name, uint64_t offset)
{
    struct offer *o = newest_offer(from, h);
    struct offered_file *f = NULL;
    for (unsigned i = 0; i < o->nfiles && !f; i++)
        if (strcmp(o->files[i].name, name) == 0)
            f = &o->files[i];
    if (!f)
        die("%s's offer #%u to %s has no '%s'", from->name, o->packetno, h->name, name);
    uint32_t cmd = f->is_dir ? CMD_GETDIRFILES : CMD_GETFILEDATA;
    const char *form = "%x:%x:%llx:";  /* Windows, FeiQ */
    if (h->dialect == DIALECT_IPTUX) {
        cmd |= OPT_FILEATTACH;
        form = "%x:%x:%llx";
    } else if (h->dialect == DIALECT_OFFICIAL) {
        if (o->utf8)
            cmd |= OPT_UTF8;  /* names in the directory stream in UTF-8 */
        if (f->is_dir)
            form = "%x:%x:";
    }
    struct buf req = {0};
    char text[64];
    header(&req, h, next_packetno(h), cmd);
    snprintf(text, sizeof text, form, o->packetno, f->id, (unsigned long long)offset);
    buf_add(&req, text, strlen(text));
    buf_u8(&req, 0);
    uint64_t got = tcp_fetch(h, from, &req, false);
    fprintf(stderr, "ipmsg-peer: %s fetched %s from %s: %llu bytes\n", h->name, name, from->name,
            (unsigned long long)got);
    free(req.p);
}

void do_release(struct host *h, struct host *from)
{
    struct offer *o = newest_offer(from, h);
    struct buf b = {0};
    char text[16];
    header(&b, h, next_packetno(h), CMD_RELEASEFILES);
    snprintf(text, sizeof text, "%u", o->packetno);
    buf_add(&b, text, strlen(text));
    buf_u8(&b, 0);
    send_to(h, from, &b);
    free(b.p);
}

/* ---- the server side ------------------------------------------------------ */

bool tcp_request_complete(const uint8_t *data, size_t len)
{
    return memchr(data, '\0', len) != NULL;
}

/* "%04x:name:%09llx:attr:14=..:16=..:" then, for a file, its bytes. */
static void dir_entry(struct buf *out, const char *name, const char *charset, uint64_t size, unsigned attr)
{
    struct buf rest = {0};
    char text[96];
    buf_u8(&rest, ':');
    add_escaped(&rest, name, charset);
    if (attr == 3)
        snprintf(text, sizeof text, ":0:3:");
    else
        snprintf(text, sizeof text, ":%09llx:%x:14=%x:16=%x:", (unsigned long long)size, attr, FIXED_MTIME,
                 FIXED_MTIME);
    buf_add(&rest, text, strlen(text));
    snprintf(text, sizeof text, "%04zx", rest.len + 4);
    buf_add(out, text, 4);
    buf_add(out, rest.p, rest.len);
    free(rest.p);
}

static void dir_stream(struct buf *out, const char *path, const char *name, const char *charset, int depth)
{
    struct stat st;
    if (depth > MAX_DEPTH || stat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        struct buf content = {0};
        if (!read_whole(path, &content))
            die("%s: %s", path, strerror(errno));
        dir_entry(out, name, charset, content.len, 1);
        buf_add(out, content.p, content.len);
        free(content.p);
        return;
    }
    dir_entry(out, name, charset, 0, 2);
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
            char sub[PATH_MAX];
            join_path(sub, sizeof sub, path, names[i]->d_name);
            dir_stream(out, sub, names[i]->d_name, charset, depth + 1);
        }
        free(names[i]);
    }
    free(n >= 0 ? names : NULL);
    dir_entry(out, ".", charset, 0, 3);
}

void tcp_answer(struct host *server, const uint8_t *req, size_t len, struct buf *out)
{
    char text[512];
    size_t n = len < sizeof text - 1 ? len : sizeof text - 1;
    memcpy(text, req, n);
    text[n] = '\0';
    char *p = text;
    for (int i = 0; i < 4 && p; i++) {
        p = strchr(p, ':');
        if (p)
            p++;
    }
    if (!p)
        return;  /* not IPMsg: close without an answer */
    char *end;
    uint32_t command = (uint32_t)strtoul(p, &end, 10), mode = command & 0xff;
    if (*end != ':')
        return;
    /* pkt:fid[:offset], hex */
    char *field = end + 1;
    unsigned long long pkt = strtoull(field, &end, 16);
    if (end == field || *end != ':')
        return;
    field = end + 1;
    unsigned long long fid = strtoull(field, &end, 16), offset = 0;
    if (end == field)
        return;
    if (*end == ':')
        offset = strtoull(end + 1, NULL, 16);
    for (unsigned i = 0; i < server->noffers; i++) {
        struct offer *o = &server->offers[i];
        if (o->packetno != pkt)
            continue;
        for (unsigned k = 0; k < o->nfiles; k++) {
            struct offered_file *f = &o->files[k];
            if (f->id != fid)
                continue;
            if (mode == CMD_GETDIRFILES && f->is_dir) {
                dir_stream(out, f->path, f->name, text_charset(server, (command & OPT_UTF8) != 0), 0);
            } else if (mode == CMD_GETFILEDATA && !f->is_dir) {
                struct buf content = {0};
                if (!read_whole(f->path, &content))
                    die("%s: %s", f->path, strerror(errno));
                if (server->dialect == DIALECT_IPTUX)
                    offset = 0;  /* iptux 0.8.3 always sends the whole file */
                if (offset < content.len)
                    buf_add(out, content.p + offset, content.len - (size_t)offset);
                free(content.p);
            }
            return;
        }
    }
}
