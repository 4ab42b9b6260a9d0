/* Exact expectations on ipmsg_parse results; see item_assert.h. */
#include "item_assert.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Everything a test allocates, freed by pkt_teardown. */
struct alloc {
    struct alloc *next;
    void *ptr;
};
static struct alloc *allocs;

static void *keep(void *ptr)
{
    struct alloc *a = malloc(sizeof *a);
    if (!a || !ptr) {
        fprintf(stderr, "item_assert: out of memory\n");
        abort();
    }
    a->ptr = ptr;
    a->next = allocs;
    allocs = a;
    return ptr;
}

int pkt_teardown(void **state)
{
    (void)state;
    while (allocs) {
        struct alloc *a = allocs;
        allocs = a->next;
        free(a->ptr);
        free(a);
    }
    return 0;
}

uint8_t *pkt_bytes(const void *data, size_t len)
{
    /* malloc(0) may return NULL; keep one byte allocated but expose none. */
    uint8_t *buf = keep(malloc(len ? len : 1));
    if (len)
        memcpy(buf, data, len);
    return buf;
}

struct pkt *pkt_parse(const void *data, size_t len, enum ipmsg_transport transport)
{
    struct pkt *p = keep(calloc(1, sizeof *p));
    p->buf = pkt_bytes(data, len);
    p->len = len;
    p->msg = keep(malloc(sizeof *p->msg));
    /* Poison the message so fields the parser forgets to set are visible. */
    memset(p->msg, 0xA5, sizeof *p->msg);
    ipmsg_parse(p->buf, len, transport, p->msg);
    return p;
}

struct pkt *pkt_unparsed(const void *data, size_t len)
{
    struct pkt *p = keep(calloc(1, sizeof *p));
    p->buf = pkt_bytes(data, len);
    p->len = len;
    p->msg = keep(malloc(sizeof *p->msg));
    memset(p->msg, 0xA5, sizeof *p->msg);
    return p;
}

const char *pkt_span_str(const struct pkt *p, struct ipmsg_span s)
{
    if (!ipmsg_span_present(s))
        return NULL;
    assert_true(s.off <= p->len && s.len <= p->len - s.off);
    char *out = keep(malloc((size_t)s.len + 1));
    memcpy(out, p->buf + s.off, s.len);
    out[s.len] = '\0';
    return out;
}

const char *pkt_summary(const struct pkt *p)
{
    char *out = keep(malloc(512));
    ipmsg_format_summary(p->msg, pkt_span_str(p, p->msg->user), pkt_span_str(p, p->msg->host),
                         pkt_span_str(p, p->msg->summary), out, 512);
    return out;
}

/* ---- printing ---- */

static void print_bytes(const uint8_t *b, size_t len)
{
    fputc('"', stderr);
    for (size_t i = 0; i < len && i < 120; i++) {
        uint8_t c = b[i];
        if (c == '"' || c == '\\')
            fprintf(stderr, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            fputc(c, stderr);
        else if (c == '\n')
            fputs("\\n", stderr);
        else if (c == '\a')
            fputs("\\a", stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fputs(len > 120 ? "\"..." : "\"", stderr);
}

static const char *field_name(int field)
{
    if (field == IPMSG_F_PROBLEM)
        return "PROBLEM";
    if (field >= 0 && field < IPMSG_F_COUNT)
        return ipmsg_field_infos[field].abbrev;
    return "?";
}

static const char *problem_name(uint64_t v)
{
    return v < IPMSG_P_COUNT ? ipmsg_problem_infos[v].abbrev : "?";
}

static void print_item(size_t i, const struct ipmsg_item *it, const struct pkt *p)
{
    fprintf(stderr, "  [%3zu] %*s%s", i, 2 * it->depth, "", field_name(it->field));
    if (it->field == IPMSG_F_PROBLEM)
        fprintf(stderr, " %s", problem_name(it->value));
    fprintf(stderr, " d=%u @%" PRIu32 "+%" PRIu32 " ", it->depth, it->off, it->len);
    if (it->off <= p->len && it->len <= p->len - it->off)
        print_bytes(p->buf + it->off, it->len);
    else
        fputs("<out of buffer>", stderr);
    if (it->field != IPMSG_F_PROBLEM)
        fprintf(stderr, " v=%" PRIu64 " (0x%" PRIx64 ")", it->value, it->value);
    if (it->flags)
        fprintf(stderr, " flags=%u", it->flags);
    if (it->aux)
        fprintf(stderr, " aux=%" PRIu32, it->aux);
    fputc('\n', stderr);
}

static void print_exp(size_t i, const struct exp_item *e)
{
    fprintf(stderr, "  [%3zu] %*s%s", i, 2 * e->depth, "", field_name(e->field));
    if (e->field == IPMSG_F_PROBLEM)
        fprintf(stderr, " %s", problem_name(e->value));
    fprintf(stderr, " d=%d @%ld+%zu ", e->depth, e->off, e->len);
    print_bytes((const uint8_t *)e->bytes, e->len);
    if (e->field != IPMSG_F_PROBLEM)
        fprintf(stderr, " v=%" PRIu64 " (0x%" PRIx64 ")", e->value, e->value);
    if (e->flags)
        fprintf(stderr, " flags=%u", e->flags);
    if (e->aux)
        fprintf(stderr, " aux=%" PRIu32, e->aux);
    fputc('\n', stderr);
}

void pkt_dump(const struct pkt *p)
{
    const struct ipmsg_msg *m = p->msg;
    fprintf(stderr, "packet (%zu bytes): ", p->len);
    print_bytes(p->buf, p->len);
    fprintf(stderr, "\n  dialect=%d header_ok=%d command_ok=%d items=%" PRIu32 " problems=%" PRIu32 "\n",
            m->dialect, m->header_ok, m->command_ok, m->n_items, m->n_problems);
    for (uint32_t i = 0; i < m->n_items && i < IPMSG_MAX_ITEMS; i++)
        print_item(i, &m->items[i], p);
}

/* ---- comparing ---- */

/* Where `bytes` occur in the packet: the offset when exactly once, -1 when
 * never, -2 when more than once. */
static long unique_offset(const struct pkt *p, const char *bytes, size_t len)
{
    long found = -1;
    if (len == 0 || len > p->len)
        return len == 0 ? -2 : -1;
    for (size_t i = 0; i + len <= p->len; i++) {
        if (memcmp(p->buf + i, bytes, len) != 0)
            continue;
        if (found >= 0)
            return -2;
        found = (long)i;
    }
    return found;
}

static const char *item_mismatch(const struct pkt *p, const struct ipmsg_item *it, const struct exp_item *e)
{
    if (it->field != e->field)
        return "field";
    if (it->depth != e->depth)
        return "depth";
    if (it->value != e->value)
        return e->field == IPMSG_F_PROBLEM ? "problem" : "value";
    if (it->len != e->len)
        return "span length";
    if (it->off > p->len || it->len > p->len - it->off)
        return "span outside the packet";
    if (memcmp(p->buf + it->off, e->bytes, e->len) != 0)
        return "span bytes";
    long want = e->off;
    if (want == NO_OFF) {
        long u = unique_offset(p, e->bytes, e->len);
        want = u >= 0 ? u : NO_OFF;
    }
    if (want != NO_OFF && (long)it->off != want)
        return "span offset";
    if (it->flags != e->flags)
        return "flags";
    if (e->field == IPMSG_F_OPTIONS || e->field == IPMSG_F_LIST_STATUS || e->aux) {
        if (it->aux != e->aux)
            return "aux (family)";
    }
    return NULL;
}

void expect_items_(const struct pkt *p, const struct exp_item *exp, size_t n, const char *file, int line)
{
    const struct ipmsg_msg *m = p->msg;
    const char *why = NULL;
    size_t at = 0;
    if (m->n_items > IPMSG_MAX_ITEMS) {
        why = "n_items exceeds IPMSG_MAX_ITEMS";
    } else {
        for (; at < n && at < m->n_items; at++) {
            why = item_mismatch(p, &m->items[at], &exp[at]);
            if (why)
                break;
        }
        if (!why && m->n_items != n)
            why = m->n_items > n ? "more items than expected" : "fewer items than expected";
    }
    if (!why)
        return;
    fprintf(stderr, "%s:%d: items differ at [%zu]: %s\nexpected:\n", file, line, at, why);
    for (size_t i = 0; i < n; i++)
        print_exp(i, &exp[i]);
    fprintf(stderr, "actual ");
    pkt_dump(p);
    _fail(file, line);
}

void expect_problems_(const struct pkt *p, const struct exp_problem *exp, size_t n, const char *file, int line)
{
    const struct ipmsg_msg *m = p->msg;
    const char *why = NULL;
    size_t k = 0;
    for (uint32_t i = 0; i < m->n_items && i < IPMSG_MAX_ITEMS && !why; i++) {
        const struct ipmsg_item *it = &m->items[i];
        if (it->field != IPMSG_F_PROBLEM)
            continue;
        if (k >= n) {
            why = "more problems than expected";
            break;
        }
        const struct exp_problem *e = &exp[k++];
        long want = e->off;
        if (want == NO_OFF) {
            long u = unique_offset(p, e->bytes, e->len);
            want = u >= 0 ? u : NO_OFF;
        }
        if (it->value != (uint64_t)e->problem)
            why = "problem";
        else if (it->len != e->len)
            why = "span length";
        else if (it->off > p->len || it->len > p->len - it->off)
            why = "span outside the packet";
        else if (memcmp(p->buf + it->off, e->bytes, e->len) != 0)
            why = "span bytes";
        else if (want != NO_OFF && (long)it->off != want)
            why = "span offset";
    }
    if (!why && k < n)
        why = "fewer problems than expected";
    if (!why && m->n_problems != n)
        why = "n_problems disagrees with the problem items";
    if (!why)
        return;
    fprintf(stderr, "%s:%d: problems differ (%s); expected %zu:\n", file, line, why, n);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "  %s @%ld ", problem_name((uint64_t)exp[i].problem), exp[i].off);
        print_bytes((const uint8_t *)exp[i].bytes, exp[i].len);
        fputc('\n', stderr);
    }
    fprintf(stderr, "actual ");
    pkt_dump(p);
    _fail(file, line);
}

size_t count_field(const struct pkt *p, int field)
{
    size_t n = 0;
    for (uint32_t i = 0; i < p->msg->n_items && i < IPMSG_MAX_ITEMS; i++)
        n += p->msg->items[i].field == field;
    return n;
}

size_t count_problem(const struct pkt *p, enum ipmsg_problem problem)
{
    size_t n = 0;
    for (uint32_t i = 0; i < p->msg->n_items && i < IPMSG_MAX_ITEMS; i++)
        n += p->msg->items[i].field == IPMSG_F_PROBLEM && p->msg->items[i].value == (uint64_t)problem;
    return n;
}
