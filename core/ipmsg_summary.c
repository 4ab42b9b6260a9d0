/* The one-line summary shared by the Info column and udpcap -v:
 * SENDMSG [SENDCHECK,UTF8] #1700000010 alice@PC01: "first line…" */
#include "ipmsg.h"

#include <string.h>

#define QUOTE_MAX_CHARS 40
#define OPTIONS_MAX 256   /* the option list is formatted in at most this (NUL included) */

/* The summary runs for every packet's Info column: it is built with plain
 * copies, no printf.  Output past the buffer is dropped, so the result is
 * always the untruncated text cut at outsz - 1 bytes; the NUL is written
 * once at the end. */
struct out {
    char *p;
    size_t cap, used;   /* cap = outsz - 1: bytes that can hold text */
};

static inline void put_n(struct out *o, const char *s, size_t n)
{
    size_t room = o->cap - o->used;
    if (n > room)
        n = room;
    memcpy(o->p + o->used, s, n);
    o->used += n;
}

static void put_c(struct out *o, char ch)
{
    if (o->used < o->cap)
        o->p[o->used++] = ch;
}

/* A string literal: its length is known, no strlen, and when it fits
 * (nearly always) the copy has a constant size, so it is a move or two. */
#define put_lit(o, lit)                                         \
    do {                                                        \
        if ((o)->cap - (o)->used >= sizeof(lit) - 1) {          \
            memcpy((o)->p + (o)->used, "" lit, sizeof(lit) - 1); \
            (o)->used += sizeof(lit) - 1;                       \
        } else {                                                \
            put_n((o), "" lit, sizeof(lit) - 1);                \
        }                                                       \
    } while (0)

/* A short string (a command name): copied as it is read, no strlen. */
static void put_s(struct out *o, const char *s)
{
    size_t used = o->used;
    while (*s && used < o->cap)
        o->p[used++] = *s++;
    o->used = used;
}

/* Decimal, as "%" PRIu64 prints it: two digits per division, in 32 bits
 * once the number fits (packet numbers do).  Written straight into the
 * output, last digit first, when the widest number fits. */
#define U64_MAX_DIGITS 20

/* How many digits v has: log10 from log2 (1233/4096 ~ log10(2)), then
 * one comparison. */
static size_t dec_digits(uint64_t v)
{
    static const uint64_t pow10[U64_MAX_DIGITS] = {
        1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
        10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
        1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
        10000000000000000000u};
    v |= 1;   /* same digits (a power of ten is even), and no log of 0 */
    unsigned log2 = 63u - (unsigned)__builtin_clzll(v);
    unsigned t = (log2 + 1) * 1233u >> 12;   /* floor(log10(v)) or one more */
    return (size_t)(t - (v < pow10[t])) + 1;
}

static void put_u64(struct out *o, uint64_t v)
{
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char tmp[U64_MAX_DIGITS];
    bool direct = o->cap - o->used >= U64_MAX_DIGITS;
    size_t n = dec_digits(v);
    char *end = direct ? o->p + o->used + n : tmp + n;
    char *d = end;
    while (v > UINT32_MAX) {
        unsigned pair = (unsigned)(v % 100) * 2;
        v /= 100;
        *--d = pairs[pair + 1];
        *--d = pairs[pair];
    }
    uint32_t w = (uint32_t)v;
    while (w >= 100) {
        unsigned pair = (w % 100) * 2;
        w /= 100;
        *--d = pairs[pair + 1];
        *--d = pairs[pair];
    }
    if (w >= 10) {
        *--d = pairs[w * 2 + 1];
        *--d = pairs[w * 2];
    } else {
        *--d = (char)('0' + w);
    }
    if (direct)
        o->used += n;
    else
        put_n(o, tmp, n);
}

/* Two lowercase hex digits, as "%02x" prints a byte. */
static void put_hex2(struct out *o, unsigned char b)
{
    static const char digits[] = "0123456789abcdef";
    put_c(o, digits[b >> 4]);
    put_c(o, digits[b & 0x0f]);
}

/* A control byte as \n, \t ... or \xNN. */
static void put_escape(struct out *o, unsigned char b)
{
    static const char escapes[] = "\a\b\t\n\v\f\r";
    static const char letters[] = "abtnvfr";
    const char *e = b ? strchr(escapes, b) : NULL;
    put_c(o, '\\');
    if (e) {
        put_c(o, letters[e - escapes]);
    } else {
        put_c(o, 'x');
        put_hex2(o, b);
    }
}

/* Copy a whole text (user, host) keeping the summary on one line: control
 * bytes become \n, \t ... or \xNN.  With no character limit there is
 * nothing to count, so other bytes are copied as they are. */
static void put_line(struct out *o, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    for (;;) {
        /* names are short: find the run, then one copy */
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != 0x7f)
            p++;
        put_n(o, (const char *)run, (size_t)(p - run));
        if (*p == 0)
            return;
        put_escape(o, *p);
        p++;
    }
}

/* Copy the first line of a UTF-8 text, at most max_chars characters;
 * control bytes become \t ... or \xNN.  Returns whether it cut. */
static bool put_first_line(struct out *o, const char *text, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t chars = 0;
    for (;;) {
        /* a run of ordinary characters in one copy, multi-byte ones whole */
        const unsigned char *run = p;
        while (chars < max_chars && *p >= 0x20 && *p != 0x7f) {
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
            chars++;
        }
        put_n(o, (const char *)run, (size_t)(p - run));
        if (*p == 0)
            return false;
        if (*p == '\n' || *p == '\r' || chars == max_chars)
            return true;
        put_escape(o, *p);
        p++;
        chars++;
    }
}

/* The first line of a text, at most QUOTE_MAX_CHARS characters, quoted,
 * with an ellipsis when something was cut. */
static void put_quote(struct out *o, const char *text)
{
    put_c(o, '"');
    if (put_first_line(o, text, QUOTE_MAX_CHARS))
        put_lit(o, "\xe2\x80\xa6");
    put_c(o, '"');
}

size_t ipmsg_format_summary(const struct ipmsg_msg *msg, const char *user, const char *host, const char *quote,
                            char *outbuf, size_t outsz)
{
    if (outsz == 0)
        return 0;
    struct out o = {outbuf, outsz - 1, 0};

    if (msg->dialect == IPMSG_DIALECT_IPDICT) {
        put_lit(&o, "IPDict");
    } else if (!msg->header_ok) {
        put_lit(&o, "Malformed header");
    } else if (!msg->command_ok) {
        put_lit(&o, "Invalid command");
    } else if (msg->cmd) {
        put_s(&o, msg->cmd->name);
    } else {
        put_lit(&o, "Unknown command 0x");
        put_hex2(&o, msg->mode);
    }

    if (msg->command_ok) {
        /* The names go straight into the output when the longest list
         * fits, else through a copy that put_n cuts. */
        char opts[OPTIONS_MAX];
        bool direct = o.cap - o.used >= OPTIONS_MAX + 3;
        char *at = direct ? o.p + o.used + 2 : opts;
        size_t n = ipmsg_format_options(msg->family, msg->options, at, OPTIONS_MAX);
        if (n > 0 && direct) {
            memcpy(o.p + o.used, " [", 2);
            o.p[o.used + 2 + n] = ']';
            o.used += n + 3;
        } else if (n > 0) {
            put_lit(&o, " [");
            put_n(&o, opts, n);
            put_c(&o, ']');
        }
    }
    if (msg->packet_no_ok) {
        put_lit(&o, " #");
        put_u64(&o, msg->packet_no);
    }
    if (user || host) {
        put_c(&o, ' ');
        if (user)
            put_line(&o, user);
        if (user && host)
            put_c(&o, '@');
        if (host)
            put_line(&o, host);
    }

    bool file_request = msg->cmd && (msg->cmd->body == IPMSG_BODY_FILEREQ || msg->cmd->body == IPMSG_BODY_DIRREQ);
    if (file_request && msg->has_ref_packet_no && !msg->has_file_id) {
        put_lit(&o, ": #");
        put_u64(&o, msg->ref_packet_no);
        put_lit(&o, ", no file id");
    } else if (file_request && msg->has_ref_packet_no) {
        put_lit(&o, ": file ");
        put_u64(&o, msg->file_id);
        put_lit(&o, " of #");
        put_u64(&o, msg->ref_packet_no);
        if (msg->cmd->body == IPMSG_BODY_FILEREQ && msg->file_offset) {
            put_lit(&o, " from offset ");
            put_u64(&o, msg->file_offset);
        }
    } else if (msg->has_ref_packet_no) {
        put_lit(&o, ": ref #");
        put_u64(&o, msg->ref_packet_no);
    } else if (quote && *quote) {
        put_lit(&o, ": ");
        put_quote(&o, quote);
    }
    if (msg->n_files > 0) {
        put_lit(&o, " (");
        put_u64(&o, msg->n_files);
        if (msg->n_files == 1)
            put_lit(&o, " file)");
        else
            put_lit(&o, " files)");
    }
    outbuf[o.used] = '\0';
    return o.used;
}
