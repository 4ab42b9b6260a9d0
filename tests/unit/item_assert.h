/* Readable exact expectations for the core's parse result.
 *
 * A test parses a packet with PARSE("...") (or pkt_parse for computed
 * buffers) and states what ipmsg_parse must have produced:
 *
 *     struct pkt *p = PARSE("1:5:bob:PC02:33:1700000010\0");
 *     EXPECT_ITEMS(p,
 *         IT(VERSION, 0, "1", 0),
 *         ...
 *         IT(REF_PACKET_NO, 0, "1700000010", 1700000010));
 *     EXPECT_NO_PROBLEMS(p);
 *
 * Every row names the field, its depth, the exact bytes its span covers and
 * its value; EXPECT_ITEMS compares the rows with msg.items in order and
 * requires the same number of items.  The span is checked by content, and
 * by position: at the offset given with the *_AT forms, or else at the one
 * place where those bytes occur in the packet (when they occur more than
 * once and no offset is given, only the content is checked).
 *
 * EXPECT_PROBLEMS lists the exact problems (in order, any depth) with the
 * bytes of their spans.
 *
 * Packets are copied to heap buffers of exactly their length, so an
 * over-read by the parser is caught by AddressSanitizer (a string literal
 * would hide it behind its terminating NUL).  Packets and messages are
 * freed by pkt_teardown (use TEST(fn) in the test table).
 */
#ifndef ITEM_ASSERT_H
#define ITEM_ASSERT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ipmsg.h"

#define NO_OFF (-1L)

struct exp_item {
    int field;          /* IPMSG_F_* or IPMSG_F_PROBLEM */
    int depth;
    const char *bytes;  /* exact bytes of the span */
    size_t len;
    uint64_t value;     /* number, or enum ipmsg_problem for problems */
    long off;           /* expected offset, or NO_OFF (see above) */
    unsigned flags;     /* IPMSG_ITEM_* */
    uint32_t aux;       /* family for OPTIONS / LIST_STATUS */
};

#define LIT(lit) (lit), (sizeof(lit) - 1)

/* A packet and the command name it must parse as, for table-driven tests. */
struct named_pkt {
    const char *pkt;
    size_t len;
    const char *name;
};

/* plain item */
#define IT(f, d, lit, v) {IPMSG_F_##f, (d), LIT(lit), (uint64_t)(v), NO_OFF, 0, 0}
#define IT_AT(f, d, at, lit, v) {IPMSG_F_##f, (d), LIT(lit), (uint64_t)(v), (at), 0, 0}
/* derived item (IPMSG_ITEM_GENERATED) */
#define GEN(f, d, lit, v) {IPMSG_F_##f, (d), LIT(lit), (uint64_t)(v), NO_OFF, IPMSG_ITEM_GENERATED, 0}
#define GEN_AT(f, d, at, lit, v) {IPMSG_F_##f, (d), LIT(lit), (uint64_t)(v), (at), IPMSG_ITEM_GENERATED, 0}
/* text holding "::" escapes (IPMSG_ITEM_ESCAPED) */
#define ESC(f, d, lit) {IPMSG_F_##f, (d), LIT(lit), 0, NO_OFF, IPMSG_ITEM_ESCAPED, 0}
/* item with an aux value (the option family) */
#define FAM(f, d, lit, v, fam) {IPMSG_F_##f, (d), LIT(lit), (uint64_t)(v), NO_OFF, 0, IPMSG_FAM_##fam}
#define OPTS(d, lit, v, fam) FAM(OPTIONS, d, lit, v, fam)
/* problem item */
#define PROB(p, d, lit) {IPMSG_F_PROBLEM, (d), LIT(lit), IPMSG_P_##p, NO_OFF, 0, 0}
#define PROB_AT(p, d, at, lit) {IPMSG_F_PROBLEM, (d), LIT(lit), IPMSG_P_##p, (at), 0, 0}
/* problem carrying a detail number (IPMSG_ITEM_DETAIL, aux) */
#define PROB_D(p, d, lit, detail) {IPMSG_F_PROBLEM, (d), LIT(lit), IPMSG_P_##p, NO_OFF, IPMSG_ITEM_DETAIL, (detail)}
#define PROB_D_AT(p, d, at, lit, detail) \
    {IPMSG_F_PROBLEM, (d), LIT(lit), IPMSG_P_##p, (at), IPMSG_ITEM_DETAIL, (detail)}

/* The five header fields of an ordinary "1:..." packet with a known
 * command: version, packet number, user, host, command (mode, options). */
#define HDR_AT_(pn_off, pn_lit, pn, user_lit, host_lit, cmd_lit, cmd, fam)                                   \
    IT_AT(PACKET_NO, 0, (pn_off), pn_lit, pn), IT_AT(USER, 0, (pn_off) + (long)sizeof(pn_lit), user_lit, 0),   \
        IT_AT(HOST, 0, (pn_off) + (long)(sizeof(pn_lit) + sizeof(user_lit)), host_lit, 0),                    \
        IT_AT(COMMAND, 0, (pn_off) + (long)(sizeof(pn_lit) + sizeof(user_lit) + sizeof(host_lit)), cmd_lit,   \
              cmd),                                                                                           \
        IT_AT(MODE, 1, (pn_off) + (long)(sizeof(pn_lit) + sizeof(user_lit) + sizeof(host_lit)), cmd_lit,      \
              (cmd) & 0xffu),                                                                                 \
        {IPMSG_F_OPTIONS, 1, LIT(cmd_lit), (uint32_t)(cmd) & 0xffffff00u,                                     \
         (pn_off) + (long)(sizeof(pn_lit) + sizeof(user_lit) + sizeof(host_lit)), 0, IPMSG_FAM_##fam}

#define HDR_OFFICIAL(pn_lit, pn, user_lit, host_lit, cmd_lit, cmd, fam)                                      \
    IT_AT(VERSION, 0, 0, "1", 0), IT_AT(FORMAT_VERSION, 1, 0, "1", 1),                                       \
        GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL), HDR_AT_(2, pn_lit, pn, user_lit, host_lit, cmd_lit, cmd, fam)

/* The same for "1_iptux 0.8.3". */
#define IPTUX_VER "1_iptux 0.8.3"
#define HDR_IPTUX(pn_lit, pn, user_lit, host_lit, cmd_lit, cmd, fam)                                        \
    IT_AT(VERSION, 0, 0, IPTUX_VER, 0), IT_AT(FORMAT_VERSION, 1, 0, "1", 1),                                \
        GEN_AT(DIALECT, 1, 0, IPTUX_VER, IPMSG_DIALECT_IPTUX), IT_AT(IPTUX_VERSION, 1, 8, "0.8.3", 0),      \
        HDR_AT_(14, pn_lit, pn, user_lit, host_lit, cmd_lit, cmd, fam)

struct pkt {
    uint8_t *buf;   /* exactly len bytes */
    size_t len;
    struct ipmsg_msg *msg;
    struct pkt *next;
};

struct pkt *pkt_parse(const void *data, size_t len, enum ipmsg_transport transport);
#define PARSE(lit) pkt_parse((lit), sizeof(lit) - 1, IPMSG_UDP)
#define PARSE_TCP(lit) pkt_parse((lit), sizeof(lit) - 1, IPMSG_TCP)
/* The same without parsing: buf and a poisoned msg for another parser
 * (the directory stream) to fill. */
struct pkt *pkt_unparsed(const void *data, size_t len);
/* A heap copy of exactly len bytes, freed by pkt_teardown. */
uint8_t *pkt_bytes(const void *data, size_t len);
int pkt_teardown(void **state);
#define TEST(fn) cmocka_unit_test_teardown(fn, pkt_teardown)

/* NUL-terminated copy of a span of the packet (freed by pkt_teardown);
 * NULL for an absent span. */
const char *pkt_span_str(const struct pkt *p, struct ipmsg_span s);
/* ipmsg_format_summary with the packet's own user, host and summary span
 * (the raw bytes, as the plugin would pass them for UTF-8 text). */
const char *pkt_summary(const struct pkt *p);

void expect_items_(const struct pkt *p, const struct exp_item *exp, size_t n, const char *file, int line);
#define EXPECT_ITEMS(p, ...)                                                                  \
    do {                                                                                      \
        static const struct exp_item exp_[] = {__VA_ARGS__};                                  \
        expect_items_((p), exp_, sizeof exp_ / sizeof exp_[0], __FILE__, __LINE__);           \
    } while (0)

struct exp_problem {
    int problem;
    const char *bytes;
    size_t len;
    long off;
};
#define PB(p, lit) {IPMSG_P_##p, LIT(lit), NO_OFF}
#define PB_AT(p, at, lit) {IPMSG_P_##p, LIT(lit), (at)}

void expect_problems_(const struct pkt *p, const struct exp_problem *exp, size_t n, const char *file, int line);
#define EXPECT_PROBLEMS(p, ...)                                                               \
    do {                                                                                      \
        static const struct exp_problem exp_[] = {__VA_ARGS__};                               \
        expect_problems_((p), exp_, sizeof exp_ / sizeof exp_[0], __FILE__, __LINE__);        \
    } while (0)
#define EXPECT_NO_PROBLEMS(p) expect_problems_((p), NULL, 0, __FILE__, __LINE__)

/* Number of items of a field (IPMSG_F_PROBLEM: problems) and of problems
 * of one kind. */
size_t count_field(const struct pkt *p, int field);
size_t count_problem(const struct pkt *p, enum ipmsg_problem problem);

/* Print the parse result (for failure messages and debugging). */
void pkt_dump(const struct pkt *p);

#endif
