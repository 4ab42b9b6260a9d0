/* The scenario lexer shared by mkpcap (tools/mkpcap.c) and ipmsg-peer
 * (peer/): one statement per line, continuation by indentation or a final
 * '\', '#' comments, words, and payloads made of C string literals, x"hex"
 * and N*"repeats" (the syntax is described at the top of mkpcap.c). */
#ifndef SAMPLES_LEX_H
#define SAMPLES_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Diagnostics: "PROG: FILE:LINE: message", exit 1. */
extern const char *lex_prog;
extern const char *lex_file;
extern int lex_line;
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void *xrealloc(void *p, size_t n);

/* A growable byte buffer. */
struct buf {
    uint8_t *p;
    size_t len, cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_u8(struct buf *b, unsigned v);
void buf_le16(struct buf *b, unsigned v);
void buf_le32(struct buf *b, uint32_t v);

/* The unread rest of a scenario. */
struct src {
    const char *p, *end;
};

/* A whole file ("-" = stdin) as text; refuses NUL bytes. */
char *read_file(const char *path, size_t *len);
void skip_blank(struct src *s);
/* True at the end of the statement (a line break that is not a continuation). */
bool at_eos(struct src *s);
/* Next blank-delimited word, or "" at the end of the statement. */
void read_word(struct src *s, char *out, size_t outsz);
void expect_word(struct src *s, char *out, size_t outsz, const char *what);
/* One "C string literal" (no NUL added) appended to b; false, reading
 * nothing, when the next word is not one. */
bool read_string(struct src *s, struct buf *b);
/* A payload up to the end of the statement; with allow_cuts, each '|' is a
 * segment end recorded in cuts[] (at most MAX_SEGMENTS). */
#define MAX_SEGMENTS 256
void read_payload(struct src *s, struct buf *b, size_t *cuts, size_t *ncuts, bool allow_cuts);
/* Decimal 0..max, or die naming WHAT. */
unsigned long parse_number(const char *word, const char *what, unsigned long max);
/* Die unless the statement ended; step over its line break. */
void end_statement(struct src *s);

#endif
