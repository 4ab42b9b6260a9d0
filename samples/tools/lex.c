/* The scenario lexer shared by mkpcap and ipmsg-peer: statements, words,
 * C-string and hex payloads, numbers, and "PROG: FILE:LINE: message"
 * diagnostics.  See lex.h. */
#define _POSIX_C_SOURCE 200809L

#include "lex.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAYLOAD (16u * 1024u * 1024u)
#define MAX_REPEAT 65536u

const char *lex_prog = "?";
const char *lex_file = "-";
int lex_line = 1;

void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: %s:%d: ", lex_prog, lex_file, lex_line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "%s: out of memory\n", lex_prog);
        exit(1);
    }
    return q;
}

void buf_reserve(struct buf *b, size_t extra)
{
    if (b->len + extra <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
}

void buf_u8(struct buf *b, unsigned v) { uint8_t c = (uint8_t)v; buf_add(b, &c, 1); }
void buf_le16(struct buf *b, unsigned v) { buf_u8(b, v); buf_u8(b, v >> 8); }
void buf_le32(struct buf *b, uint32_t v) { buf_le16(b, v & 0xffff); buf_le16(b, v >> 16); }

/* Skip blanks, comments and continuation line breaks; stop at a line break
 * that ends the statement, or at end of input. */
void skip_blank(struct src *s)
{
    while (s->p < s->end) {
        char c = *s->p;
        if (c == ' ' || c == '\t' || c == '\r') {
            s->p++;
        } else if (c == '#') {
            while (s->p < s->end && *s->p != '\n')
                s->p++;
        } else if (c == '\\' && s->end - s->p >= 2 &&
                   (s->p[1] == '\n' || (s->p[1] == '\r' && s->end - s->p >= 3 && s->p[2] == '\n'))) {
            s->p += s->p[1] == '\n' ? 2 : 3;
            lex_line++;
        } else if (c == '\n' && s->end - s->p >= 2 && (s->p[1] == ' ' || s->p[1] == '\t')) {
            s->p++;
            lex_line++;
        } else {
            return;
        }
    }
}

bool at_eos(struct src *s)
{
    skip_blank(s);
    return s->p >= s->end || *s->p == '\n';
}

static bool is_word_char(char c)
{
    return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '#' && c != '"' && c != '\0';
}

/* Next blank-delimited word, or "" at the end of the statement. */
void read_word(struct src *s, char *out, size_t outsz)
{
    size_t n = 0;
    skip_blank(s);
    while (s->p < s->end && is_word_char(*s->p)) {
        if (n + 1 >= outsz)
            die("word too long");
        out[n++] = *s->p++;
    }
    out[n] = '\0';
}

void expect_word(struct src *s, char *out, size_t outsz, const char *what)
{
    read_word(s, out, outsz);
    if (!out[0])
        die("missing %s", what);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* s->p is at the opening quote of a C string literal. */
static void read_c_string(struct src *s, struct buf *b)
{
    s->p++;
    for (;;) {
        if (s->p >= s->end || *s->p == '\n')
            die("unterminated string (a string cannot span lines; use \"\" \"\" concatenation)");
        char c = *s->p++;
        if (c == '"')
            return;
        if (c != '\\') {
            buf_u8(b, (uint8_t)c);
            continue;
        }
        if (s->p >= s->end)
            die("backslash at end of input");
        c = *s->p++;
        switch (c) {
        case 'a': buf_u8(b, '\a'); break;
        case 'b': buf_u8(b, '\b'); break;
        case 'f': buf_u8(b, '\f'); break;
        case 'n': buf_u8(b, '\n'); break;
        case 'r': buf_u8(b, '\r'); break;
        case 't': buf_u8(b, '\t'); break;
        case 'v': buf_u8(b, '\v'); break;
        case '\\': case '"': case '\'': case '?': buf_u8(b, (uint8_t)c); break;
        case 'x': {
            unsigned v = 0, digits = 0;
            while (s->p < s->end && hexval(*s->p) >= 0) {
                v = v * 16 + (unsigned)hexval(*s->p++);
                if (v > 0xff)
                    die("\\x escape out of range (C reads every following hex digit; split "
                        "the string with \"\" before a hex-looking character)");
                digits++;
            }
            if (!digits)
                die("\\x without hex digits");
            buf_u8(b, v);
            break;
        }
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            unsigned v = (unsigned)(c - '0'), digits = 1;
            while (digits < 3 && s->p < s->end && *s->p >= '0' && *s->p <= '7') {
                v = v * 8 + (unsigned)(*s->p++ - '0');
                digits++;
            }
            if (v > 0xff)
                die("octal escape out of range");
            buf_u8(b, v);
            break;
        }
        default:
            die("unknown escape '\\%c'", c);
        }
    }
}

/* s->p is at the opening quote of x"..". */
static void read_hex_string(struct src *s, struct buf *b)
{
    int hi = -1;
    s->p++;
    for (;;) {
        if (s->p >= s->end || *s->p == '\n')
            die("unterminated hex string");
        char c = *s->p++;
        if (c == '"')
            break;
        if (c == ' ' || c == '\t' || c == ':' || c == '-')
            continue;
        int v = hexval(c);
        if (v < 0)
            die("'%c' is not a hex digit in x\"...\"", c);
        if (hi < 0) {
            hi = v;
        } else {
            buf_u8(b, (unsigned)(hi << 4 | v));
            hi = -1;
        }
    }
    if (hi >= 0)
        die("odd number of hex digits in x\"...\"");
}

bool read_string(struct src *s, struct buf *b)
{
    skip_blank(s);
    if (s->p >= s->end || *s->p != '"')
        return false;
    read_c_string(s, b);
    return true;
}

/* PAYLOAD up to the end of the statement.  Segment ends ('|') are recorded
 * in cuts[] as offsets into b. */
void read_payload(struct src *s, struct buf *b, size_t *cuts, size_t *ncuts, bool allow_cuts)
{
    *ncuts = 0;
    while (!at_eos(s)) {
        unsigned long count = 1;
        if (*s->p == '|') {
            if (!allow_cuts)
                die("'|' segment boundary is only allowed in 'send'");
            if (*ncuts >= MAX_SEGMENTS)
                die("too many segments");
            cuts[(*ncuts)++] = b->len;
            s->p++;
            continue;
        }
        if (*s->p >= '0' && *s->p <= '9') {
            char *end;
            count = strtoul(s->p, &end, 10);
            if (*end != '*' || count == 0 || count > MAX_REPEAT)
                die("bad repeat (expected N*\"...\" with 1 <= N <= %u)", MAX_REPEAT);
            s->p = end + 1;
        }
        struct buf piece = {0};
        if (s->p < s->end && *s->p == '"') {
            read_c_string(s, &piece);
        } else if (s->end - s->p >= 2 && s->p[0] == 'x' && s->p[1] == '"') {
            s->p++;
            read_hex_string(s, &piece);
        } else {
            char word[64];
            read_word(s, word, sizeof(word));
            die("unexpected '%s' in payload (expected \"...\", x\"...\", N*\"...\" or |)", word);
        }
        while (count--) {
            if (b->len + piece.len > MAX_PAYLOAD)
                die("payload larger than %u bytes", MAX_PAYLOAD);
            buf_add(b, piece.p, piece.len);
        }
        free(piece.p);
    }
}

unsigned long parse_number(const char *word, const char *what, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(word, &end, 10);
    if (!word[0] || word[0] == '-' || *end || errno || v > max)
        die("bad %s '%s'", what, word);
    return v;
}

void end_statement(struct src *s)
{
    if (!at_eos(s))
        die("unexpected text at the end of the statement");
    if (s->p < s->end) {
        s->p++;  /* the '\n' */
        lex_line++;
    }
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    struct buf b = {0};
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", lex_prog, path, strerror(errno));
        exit(1);
    }
    for (;;) {
        buf_reserve(&b, 65536);
        size_t n = fread(b.p + b.len, 1, b.cap - b.len, f);
        b.len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        fprintf(stderr, "%s: %s: read error\n", lex_prog, path);
        exit(1);
    }
    if (f != stdin)
        fclose(f);
    if (memchr(b.p, '\0', b.len)) {
        fprintf(stderr, "%s: %s: contains a NUL byte; write NUL as \\0 inside a string\n", lex_prog, path);
        exit(1);
    }
    *len = b.len;
    return (char *)b.p;
}
