/* ipmsg_scan.c: item emission, the bounded item array, numbers, and the
 * scanning helpers the section parsers share (ipmsg_scan.h). */
#include "item_assert.h"
#include "ipmsg_scan.h"

#include <stdlib.h>
#include <string.h>

/* A context over an exact-size copy of data with an empty message. */
static struct pkt *ctx_over(const void *data, size_t len, struct ipmsg_ctx *c)
{
    struct pkt *p = pkt_parse(data, len, IPMSG_UDP);
    memset(p->msg, 0, sizeof *p->msg);
    *c = (struct ipmsg_ctx){.buf = p->buf, .len = (uint32_t)len, .msg = p->msg, .depth = 0};
    return p;
}
#define CTX(lit, c) ctx_over((lit), sizeof(lit) - 1, (c))

static enum ipmsg_num_status dec(const char *s, uint64_t *v)
{
    size_t n = strlen(s);
    return ipmsg_parse_dec(pkt_bytes(s, n), (uint32_t)n, v);
}

static enum ipmsg_num_status hex(const char *s, uint64_t *v)
{
    size_t n = strlen(s);
    return ipmsg_parse_hex(pkt_bytes(s, n), (uint32_t)n, v);
}

static void test_parse_dec(void **state)
{
    (void)state;
    uint64_t v = 7;
    assert_int_equal(dec("0", &v), IPMSG_NUM_OK);
    assert_true(v == 0);
    assert_int_equal(dec("1700000010", &v), IPMSG_NUM_OK);
    assert_true(v == 1700000010u);
    assert_int_equal(dec("18446744073709551615", &v), IPMSG_NUM_OK);
    assert_true(v == UINT64_MAX);
    assert_int_equal(dec("000000000000000000000000042", &v), IPMSG_NUM_OK);
    assert_true(v == 42);
    v = 7;
    assert_int_equal(dec("18446744073709551616", &v), IPMSG_NUM_OVERFLOW);
    assert_int_equal(dec("18446744073709551620", &v), IPMSG_NUM_OVERFLOW);
    assert_int_equal(dec("99999999999999999999", &v), IPMSG_NUM_OVERFLOW);
    assert_int_equal(dec("100000000000000000000", &v), IPMSG_NUM_OVERFLOW);
    assert_int_equal(dec("", &v), IPMSG_NUM_EMPTY);
    assert_int_equal(dec("1a", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(dec(" 1", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(dec("-1", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(dec("+1", &v), IPMSG_NUM_BAD_DIGIT);
    /* the value is only written on success */
    assert_true(v == 7);
}

/* Eight digits and more go eight at a time: every length around the
 * chunks, and a bad byte in every place of a chunk. */
static void test_parse_dec_chunks(void **state)
{
    (void)state;
    static const char digits[] = "1234567890123456789";
    uint64_t expect = 0;
    for (size_t n = 1; n <= 19; n++) {
        uint64_t v = 0;
        expect = expect * 10 + (uint64_t)(digits[n - 1] - '0');
        assert_int_equal(ipmsg_parse_dec(pkt_bytes(digits, n), (uint32_t)n, &v), IPMSG_NUM_OK);
        assert_true(v == expect);
    }
    uint64_t v = 0;
    assert_int_equal(dec("12345678", &v), IPMSG_NUM_OK);
    assert_true(v == 12345678u);
    assert_int_equal(dec("9999999999999999", &v), IPMSG_NUM_OK);
    assert_true(v == 9999999999999999u);
    assert_int_equal(dec("9999999999999999999", &v), IPMSG_NUM_OK);
    assert_true(v == 9999999999999999999u);
    static const char bad[] = {'/', ':', ' ', 0, 0x7f, 0xb0, 0xf9, 0xfa, 0xff, '0' + 0x80};
    for (size_t i = 0; i < sizeof bad; i++) {
        for (size_t at = 0; at < 10; at++) {
            char text[11] = "1700000010";
            text[at] = (char)bad[i];
            assert_int_equal(ipmsg_parse_dec(pkt_bytes(text, 10), 10, &v), IPMSG_NUM_BAD_DIGIT);
        }
    }
    /* beyond the 19th digit: what comes first, a bad byte or the overflow */
    assert_int_equal(dec("1844674407370955161x", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(dec("9999999999999999999x", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(dec("99999999999999999990", &v), IPMSG_NUM_OVERFLOW);
    assert_int_equal(dec("99999999999999999990x", &v), IPMSG_NUM_OVERFLOW);
}

static void test_parse_hex(void **state)
{
    (void)state;
    uint64_t v = 7;
    assert_int_equal(hex("6553f114", &v), IPMSG_NUM_OK);
    assert_true(v == 1700000020u);
    assert_int_equal(hex("ABCDEF", &v), IPMSG_NUM_OK);
    assert_true(v == 0xabcdef);
    assert_int_equal(hex("ffffffffffffffff", &v), IPMSG_NUM_OK);
    assert_true(v == UINT64_MAX);
    assert_int_equal(hex("00000000000000000001", &v), IPMSG_NUM_OK);
    assert_true(v == 1);
    v = 7;
    assert_int_equal(hex("10000000000000000", &v), IPMSG_NUM_OVERFLOW);
    assert_int_equal(hex("0ffffffffffffffff", &v), IPMSG_NUM_OK);
    assert_true(v == UINT64_MAX);
    v = 7;
    assert_int_equal(hex("1000000000000000g", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(hex("@", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(hex("G", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(hex("`", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(hex("", &v), IPMSG_NUM_EMPTY);
    assert_int_equal(hex("g", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(hex("0x10", &v), IPMSG_NUM_BAD_DIGIT);
    assert_int_equal(hex("12 ", &v), IPMSG_NUM_BAD_DIGIT);
    assert_true(v == 7);
}

static void test_char_classes(void **state)
{
    (void)state;
    for (int b = 0; b < 256; b++) {
        bool dig = b >= '0' && b <= '9';
        bool hx = dig || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
        bool b64 = dig || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '+' || b == '/' || b == '=';
        assert_int_equal(ipmsg_is_dec_digit((uint8_t)b), dig);
        assert_int_equal(ipmsg_is_hex_digit((uint8_t)b), hx);
        assert_int_equal(ipmsg_is_base64_char((uint8_t)b), b64);
    }
    assert_true(ipmsg_all_bytes(pkt_bytes("0123", 4), 4, ipmsg_is_dec_digit));
    assert_false(ipmsg_all_bytes(pkt_bytes("01a3", 4), 4, ipmsg_is_dec_digit));
    assert_true(ipmsg_all_bytes(pkt_bytes("", 0), 0, ipmsg_is_dec_digit));
}

static void test_find_split_sections(void **state)
{
    (void)state;
    struct ipmsg_ctx c;
    CTX("ab:cd\0ef:\0", &c);
    assert_int_equal(ipmsg_find(&c, 0, c.len, ':'), 2);
    assert_int_equal(ipmsg_find(&c, 3, c.len, ':'), 8);
    assert_int_equal(ipmsg_find(&c, 3, 8, ':'), 8);         /* not found: `to` */
    assert_int_equal(ipmsg_find(&c, 3, 7, ':'), 7);
    assert_int_equal(ipmsg_find(&c, 0, 1000, 'z'), c.len);  /* `to` clamped to the buffer */
    assert_int_equal(ipmsg_find(&c, 9, 4, ':'), 4);         /* empty range */
    assert_int_equal(ipmsg_find(&c, 0, c.len, 0), 5);

    uint32_t head;
    bool found;
    assert_int_equal(ipmsg_split(&c, 0, 5, ':', &head, &found), 3);
    assert_int_equal(head, 2);
    assert_true(found);
    assert_int_equal(ipmsg_split(&c, 3, 5, ':', &head, &found), 5);
    assert_int_equal(head, 2);
    assert_false(found);
    assert_int_equal(ipmsg_split(&c, 5, 5, ':', &head, &found), 5);
    assert_int_equal(head, 0);
    assert_false(found);

    struct ipmsg_section s;
    uint32_t pos = 0;
    assert_true(ipmsg_next_section(&c, &pos, c.len, &s));
    assert_int_equal(s.off, 0);
    assert_int_equal(s.len, 5);
    assert_true(s.terminated);
    assert_int_equal(pos, 6);
    assert_true(ipmsg_next_section(&c, &pos, c.len, &s));
    assert_int_equal(s.off, 6);
    assert_int_equal(s.len, 3);
    assert_true(s.terminated);
    assert_int_equal(pos, 10);
    assert_false(ipmsg_next_section(&c, &pos, c.len, &s));
    /* a section cut by `end` is not terminated */
    pos = 6;
    assert_true(ipmsg_next_section(&c, &pos, 8, &s));
    assert_int_equal(s.len, 2);
    assert_false(s.terminated);
    assert_int_equal(pos, 8);
}

/* NULs after the last section are padding; other bytes unexpected sections. */
static void test_leftover(void **state)
{
    (void)state;
    struct ipmsg_ctx c;
    struct pkt *p = CTX("\0\0\0", &c);
    ipmsg_emit_leftover(&c, 0, c.len);
    EXPECT_ITEMS(p, IT_AT(PADDING, 0, 0, "\0\0\0", 0));

    p = CTX("abc\0def\0\0\0", &c);
    ipmsg_emit_leftover(&c, 0, c.len);
    EXPECT_ITEMS(p,
                 IT(SECTION, 0, "abc", 0),
                 PROB(SECTION_UNEXPECTED, 0, "abc"),
                 IT(SECTION, 0, "def", 0),
                 PROB(SECTION_UNEXPECTED, 0, "def"),
                 IT_AT(PADDING, 0, 8, "\0\0", 0));
    assert_int_equal(p->msg->n_problems, 2);

    p = CTX("abc", &c);
    ipmsg_emit_leftover(&c, 0, c.len);
    EXPECT_ITEMS(p, IT(SECTION, 0, "abc", 0), PROB(SECTION_UNEXPECTED, 0, "abc"));
    p = CTX("abc\0", &c);
    ipmsg_emit_leftover(&c, 0, c.len);
    EXPECT_ITEMS(p, IT(SECTION, 0, "abc", 0), PROB(SECTION_UNEXPECTED, 0, "abc"));
    p = CTX("\0abc\0\0", &c);
    ipmsg_emit_leftover(&c, 0, c.len);
    EXPECT_ITEMS(p, IT(SECTION, 0, "abc", 0), PROB(SECTION_UNEXPECTED, 0, "abc"), IT_AT(PADDING, 0, 5, "\0", 0));
    p = CTX("abc", &c);
    ipmsg_emit_leftover(&c, 3, c.len);
    ipmsg_emit_leftover(&c, 5, 2);
    assert_int_equal(p->msg->n_items, 0);
}

/* Emission, depth, headings and number fields. */
static void test_emit_and_nesting(void **state)
{
    (void)state;
    struct ipmsg_ctx c;
    struct pkt *p = CTX("12:zz:99:", &c);
    uint32_t h = ipmsg_open(&c, IPMSG_F_FILES, 0);
    assert_int_equal(h, 0);
    assert_int_equal(c.depth, 1);
    uint64_t v = 5;
    assert_true(ipmsg_emit_dec(&c, IPMSG_F_FILE_ID, 0, 2, UINT32_MAX, &v));
    assert_true(v == 12);
    assert_false(ipmsg_emit_hex(&c, IPMSG_F_FILE_SIZE, 3, 2, UINT64_MAX, &v));
    assert_true(v == 12);
    assert_false(ipmsg_emit_dec(&c, IPMSG_F_FILE_ID, 6, 2, 98, NULL));    /* 99 > max */
    assert_true(ipmsg_emit_hex(&c, IPMSG_F_FILE_SIZE, 6, 2, 0x99, NULL)); /* = max */
    assert_false(ipmsg_emit_dec(&c, IPMSG_F_FILE_ID, 9, 0, UINT32_MAX, NULL));
    ipmsg_emit_aux(&c, IPMSG_F_OPTIONS, 0, 2, 0x100, IPMSG_FAM_MESSAGE);
    ipmsg_close(&c, h, 8);
    assert_int_equal(c.depth, 0);
    EXPECT_ITEMS(p,
                 IT_AT(FILES, 0, 0, "12:zz:99", 0),
                 IT_AT(FILE_ID, 1, 0, "12", 12),
                 PROB(NOT_HEX, 1, "zz"),
                 PROB_AT(NUMBER_OVERFLOW, 1, 6, "99"),
                 IT_AT(FILE_SIZE, 1, 6, "99", 0x99),
                 PROB_AT(NOT_DECIMAL, 1, 9, ""),
                 OPTS(1, "12", 0x100, MESSAGE));
    assert_int_equal(p->msg->n_problems, 3);
}

/* The item array never overflows: exactly one TOO_MANY_ITEMS, covering the
 * bytes from the first item that did not fit. */
static void test_item_array_bound(void **state)
{
    (void)state;
    struct ipmsg_ctx c;
    static char data[4000];
    memset(data, 'x', sizeof data);
    struct pkt *p = ctx_over(data, sizeof data, &c);
    for (uint32_t i = 0; i < 3000; i++)
        ipmsg_emit(&c, IPMSG_F_DATA, i, 1, i, 0);
    ipmsg_problem(&c, IPMSG_P_NOT_HEX, 3500, 1);
    const struct ipmsg_msg *m = p->msg;
    assert_true(m->items_overflow);
    assert_int_equal(m->n_items, IPMSG_MAX_ITEMS);
    assert_int_equal(m->n_problems, 1);
    for (uint32_t i = 0; i < IPMSG_MAX_ITEMS - 1; i++) {
        assert_int_equal(m->items[i].field, IPMSG_F_DATA);
        assert_int_equal(m->items[i].value, i);
    }
    const struct ipmsg_item *last = &m->items[IPMSG_MAX_ITEMS - 1];
    assert_int_equal(last->field, IPMSG_F_PROBLEM);
    assert_int_equal(last->value, IPMSG_P_TOO_MANY_ITEMS);
    assert_int_equal(last->depth, 0);
    assert_int_equal(last->off, IPMSG_MAX_ITEMS - 1);
    assert_int_equal(last->len, sizeof data - (IPMSG_MAX_ITEMS - 1));
    /* a heading that could not be stored is not stretched */
    ipmsg_close(&c, 5000, 10);
    assert_int_equal(m->n_items, IPMSG_MAX_ITEMS);
}

/* Through the parser: thousands of unexpected sections. */
static void test_overflow_via_sections(void **state)
{
    (void)state;
    enum { N = 2000 };
    static const char head[] = "1:1:a:b:33:7\0";
    size_t len = sizeof head - 1 + 2 * N;
    char *buf = malloc(len);
    assert_non_null(buf);
    memcpy(buf, head, sizeof head - 1);
    for (size_t i = 0; i < N; i++) {
        buf[sizeof head - 1 + 2 * i] = 'x';
        buf[sizeof head + 2 * i] = '\0';
    }
    struct pkt *p = pkt_parse(buf, len, IPMSG_UDP);
    free(buf);
    assert_int_equal(p->msg->n_items, IPMSG_MAX_ITEMS);
    assert_int_equal(count_problem(p, IPMSG_P_TOO_MANY_ITEMS), 1);
    /* header 9 + ref 1 = 10 items, then SECTION/problem pairs: 1013 slots
     * hold 506 pairs and one SECTION; the 507th problem did not fit */
    assert_int_equal(p->msg->n_problems, 506 + 1);
    const struct ipmsg_item *last = &p->msg->items[IPMSG_MAX_ITEMS - 1];
    assert_int_equal(last->value, IPMSG_P_TOO_MANY_ITEMS);
    assert_int_equal(last->off, 13 + 2 * 506);
}

/* 8 to 17 digits: a bad byte in every place, also in the part read as a
 * zero-padded word (9..15 digits), and the value of every length. */
static void test_parse_dec_every_length(void **state)
{
    (void)state;
    static const char digits[] = "98765432109876543";
    for (size_t n = 8; n <= 17; n++) {
        uint64_t v = 0, expect = 0;
        for (size_t i = 0; i < n; i++)
            expect = expect * 10 + (uint64_t)(digits[i] - '0');
        assert_int_equal(ipmsg_parse_dec(pkt_bytes(digits, n), (uint32_t)n, &v), IPMSG_NUM_OK);
        assert_true(v == expect);
        for (size_t at = 0; at < n; at++) {
            char text[sizeof digits];
            memcpy(text, digits, n);
            text[at] = '/';
            v = 7;
            assert_int_equal(ipmsg_parse_dec(pkt_bytes(text, n), (uint32_t)n, &v), IPMSG_NUM_BAD_DIGIT);
            assert_true(v == 7);
        }
    }
}

/* ipmsg_bytes_eq is exact: every byte value in every lane, next to every
 * other value that could borrow or carry into it. */
static void test_bytes_eq(void **state)
{
    (void)state;
    static const uint8_t near[] = {0x00, 0x01, 0x39, 0x3a, 0x3b, 0x7f, 0x80, 0xba, 0xff};
    for (unsigned b = 0; b < 256; b++)
        for (unsigned lane = 0; lane < 8; lane++)
            for (size_t k = 0; k < sizeof near; k++) {
                uint8_t bytes[8];
                memset(bytes, near[k], sizeof bytes);
                bytes[lane] = (uint8_t)b;
                uint64_t got = ipmsg_bytes_eq(ipmsg_load_le64(bytes), ':');
                uint64_t expect = 0;
                for (unsigned i = 0; i < 8; i++)
                    if (bytes[i] == ':')
                        expect |= (uint64_t)0x80 << (8 * i);
                assert_true(got == expect);
            }
    uint8_t order[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    assert_true(ipmsg_load_le64(order) == 0x0807060504030201u);
}

/* The one-pass header scan against the obvious byte loop: exhaustive for
 * short buffers over {NUL, ':', 0xba, 'x'}, pseudo-random for longer. */
static void check_header_scan(const uint8_t *buf, uint32_t len)
{
    for (uint32_t max = 0; max <= 6; max++) {
        uint32_t want[6], got[6], n_want = 0, stop_want = len, stop_got = 12345;
        for (uint32_t i = 0; i < len && max > 0; i++) {
            if (buf[i] == 0) {
                stop_want = i;
                break;
            }
            if (buf[i] == ':') {
                want[n_want++] = i;
                if (n_want == max) {
                    stop_want = i;
                    break;
                }
            }
        }
        if (max == 0)
            stop_want = 0;
        uint8_t *copy = pkt_bytes(buf, len);   /* exact size: reads past it fail under ASan */
        uint32_t n_got = ipmsg_scan_header(copy, len, got, max, &stop_got);
        assert_int_equal(n_got, n_want);
        assert_int_equal(stop_got, stop_want);
        for (uint32_t i = 0; i < n_got; i++)
            assert_int_equal(got[i], want[i]);
    }
}

static void test_scan_header(void **state)
{
    (void)state;
    static const uint8_t alphabet[] = {0, ':', 0xba, 'x'};
    uint8_t buf[64];
    for (uint32_t len = 0; len <= 9; len++) {
        uint32_t combos = 1u << (2 * len);
        for (uint32_t k = 0; k < combos; k++) {
            for (uint32_t i = 0; i < len; i++)
                buf[i] = alphabet[(k >> (2 * i)) & 3];
            check_header_scan(buf, len);
        }
    }
    uint32_t seed = 12345;
    static const uint8_t wide[] = {0, ':', 0xba, 'x', ';', 0x3b, 0x01, 0x80, 0xff, '1', '1', '1', 'a', 'b'};
    for (int round = 0; round < 20000; round++) {
        uint32_t len = (seed = seed * 1103515245u + 12345u) >> 26;   /* 0..63 */
        for (uint32_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = wide[(seed >> 16) % sizeof wide];
        }
        check_header_scan(buf, len);
    }
    const char *h = "1:1700000000:user12:PC12:25165825:nick\0group";
    uint32_t colons[5], stop;
    assert_int_equal(ipmsg_scan_header((const uint8_t *)h, (uint32_t)strlen(h) + 6, colons, 5, &stop), 5);
    assert_int_equal(colons[0], 1);
    assert_int_equal(colons[4], 33);
    assert_int_equal(stop, 33);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_parse_dec),
        TEST(test_parse_dec_chunks),
        TEST(test_parse_dec_every_length),
        TEST(test_bytes_eq),
        TEST(test_scan_header),
        TEST(test_parse_hex),
        TEST(test_char_classes),
        TEST(test_find_split_sections),
        TEST(test_leftover),
        TEST(test_emit_and_nesting),
        TEST(test_item_array_bound),
        TEST(test_overflow_via_sections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
