/* The one-line summary shared by the Info column and udpcap -v:
 * SENDMSG [SENDCHECK,UTF8] #1700000010 alice@PC01: "first line…" */
#include "ipmsg.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define QUOTE_MAX_CHARS 40

struct out {
    char *p;
    size_t size, used;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    if (o->used + 1 >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->p + o->used, o->size - o->used, fmt, ap);   // NOLINT(clang-analyzer-valist.Uninitialized): va_start() is just above
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n < o->size - o->used ? (size_t)n : o->size - o->used - 1;
}

/* Append n bytes (no format): the same result as put(o, "%.*s", n, s) for
 * bytes without NUL, without a vsnprintf call per character. */
static void put_n(struct out *o, const char *s, size_t n)
{
    if (o->used + 1 >= o->size)
        return;
    size_t room = o->size - o->used - 1;
    if (n > room)
        n = room;
    memcpy(o->p + o->used, s, n);
    o->used += n;
    o->p[o->used] = '\0';
}

static void put_s(struct out *o, const char *s)
{
    put_n(o, s, strlen(s));
}

/* Decimal, as "%" PRIu64 prints it. */
static void put_u64(struct out *o, uint64_t v)
{
    char tmp[20];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put_n(o, tmp + i, sizeof tmp - i);
}

/* Copy UTF-8 text keeping the summary on one line: control bytes become
 * \n, \t ... or \xNN.  Stops after max_chars characters (0 = no limit) and
 * at a line break when first_line is set; returns whether it cut. */
static bool put_text(struct out *o, const char *text, size_t max_chars, bool first_line)
{
    static const char escapes[] = "\a\b\t\n\v\f\r";
    static const char letters[] = "abtnvfr";
    size_t chars = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        if (first_line && (*p == '\n' || *p == '\r'))
            return true;
        if (max_chars && chars == max_chars)
            return true;
        if (*p < 0x20 || *p == 0x7f) {
            const char *e = strchr(escapes, *p);
            if (e)
                put(o, "\\%c", letters[e - escapes]);
            else
                put(o, "\\x%02x", *p);
            p++;
            chars++;
            continue;
        }
        /* a run of ordinary characters in one copy, multi-byte ones whole */
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != 0x7f && (max_chars == 0 || chars < max_chars)) {
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
            chars++;
        }
        put_n(o, (const char *)run, (size_t)(p - run));
    }
    return false;
}

/* The first line of a text, at most QUOTE_MAX_CHARS characters, quoted,
 * with an ellipsis when something was cut. */
static void put_quote(struct out *o, const char *text)
{
    put_s(o, "\"");
    bool cut = put_text(o, text, QUOTE_MAX_CHARS, true);
    put_s(o, cut ? "\xe2\x80\xa6\"" : "\"");
}

size_t ipmsg_format_summary(const struct ipmsg_msg *msg, const char *user, const char *host, const char *quote,
                            char *outbuf, size_t outsz)
{
    struct out o = {outbuf, outsz, 0};
    if (outsz == 0)
        return 0;
    outbuf[0] = '\0';

    if (msg->dialect == IPMSG_DIALECT_IPDICT)
        put_s(&o, "IPDict");
    else if (!msg->header_ok)
        put_s(&o, "Malformed header");
    else if (!msg->command_ok)
        put_s(&o, "Invalid command");
    else if (msg->cmd)
        put_s(&o, msg->cmd->name);
    else
        put(&o, "Unknown command 0x%02x", msg->mode);

    if (msg->command_ok) {
        char opts[256];
        if (ipmsg_format_options(msg->family, msg->options, opts, sizeof opts) > 0) {
            put_s(&o, " [");
            put_s(&o, opts);
            put_s(&o, "]");
        }
    }
    if (msg->packet_no_ok) {
        put_s(&o, " #");
        put_u64(&o, msg->packet_no);
    }
    if (user || host) {
        put_s(&o, " ");
        if (user)
            put_text(&o, user, 0, false);
        if (user && host)
            put_s(&o, "@");
        if (host)
            put_text(&o, host, 0, false);
    }

    bool file_request = msg->cmd && (msg->cmd->body == IPMSG_BODY_FILEREQ || msg->cmd->body == IPMSG_BODY_DIRREQ);
    if (file_request && msg->has_ref_packet_no && !msg->has_file_id) {
        put(&o, ": #%" PRIu64 ", no file id", msg->ref_packet_no);
    } else if (file_request && msg->has_ref_packet_no) {
        put(&o, ": file %" PRIu32 " of #%" PRIu64, msg->file_id, msg->ref_packet_no);
        if (msg->cmd->body == IPMSG_BODY_FILEREQ && msg->file_offset)
            put(&o, " from offset %" PRIu64, msg->file_offset);
    } else if (msg->has_ref_packet_no) {
        put_s(&o, ": ref #");
        put_u64(&o, msg->ref_packet_no);
    } else if (quote && *quote) {
        put_s(&o, ": ");
        put_quote(&o, quote);
    }
    if (msg->n_files > 0)
        put(&o, " (%" PRIu32 " file%s)", msg->n_files, msg->n_files == 1 ? "" : "s");
    return o.used;
}
