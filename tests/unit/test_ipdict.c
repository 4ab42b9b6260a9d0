/* ipmsg_ipdict.c: "IP2:" hexlen ":" content ":Z", content = key:hexlen:value
 * entries joined by ':'.  The hex length is the exact byte length.
 * Expectations: docs/ipmsg-protocol.md §2.2, §2.8, §3.1 (member-master family). */
#include "item_assert.h"

#define D1 "IP2:3a:VER:1:3:PKT:8:6553f114:UID:5:alice:HID:4:PC01:BODY:5:hello:Z"
#define D2_INNER "IP2:11:FI:1:0:FN:5:a.txt:Z"
#define D2 "IP2:2a:VER:1:3:FILE:1a:" D2_INNER ":Z"

/* §2.8: a whole datagram in IPDict form; header keys give the header values. */
static void test_datagram(void **state)
{
    (void)state;
    struct pkt *p = PARSE(D1);
    assert_int_equal(p->len, 67);
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, D1, 0),
                 IT_AT(IPDICT_LEN, 1, 4, "3a", 58),
                 IT_AT(IPDICT_KEY, 1, 7, "VER", 0),
                 IT_AT(IPDICT_VALUE, 2, 13, "3", 0),
                 IT_AT(IPDICT_KEY, 1, 15, "PKT", 0),
                 IT_AT(IPDICT_VALUE, 2, 21, "6553f114", 0),
                 IT_AT(PACKET_NO, 2, 21, "6553f114", 1700000020),
                 IT_AT(IPDICT_KEY, 1, 30, "UID", 0),
                 IT_AT(IPDICT_VALUE, 2, 36, "alice", 0),
                 IT_AT(USER, 2, 36, "alice", 0),
                 IT_AT(IPDICT_KEY, 1, 42, "HID", 0),
                 IT_AT(IPDICT_VALUE, 2, 48, "PC01", 0),
                 IT_AT(HOST, 2, 48, "PC01", 0),
                 IT_AT(IPDICT_KEY, 1, 53, "BODY", 0),
                 IT_AT(IPDICT_VALUE, 2, 60, "hello", 0),
                 IT_AT(MESSAGE, 2, 60, "hello", 0));
    const struct ipmsg_msg *m = p->msg;
    assert_int_equal(m->dialect, IPMSG_DIALECT_IPDICT);
    assert_false(m->header_ok);
    assert_false(m->command_ok);
    assert_true(m->packet_no_ok);
    assert_true(m->packet_no == 1700000020u);
    assert_string_equal(pkt_span_str(p, m->user), "alice");
    assert_string_equal(pkt_span_str(p, m->host), "PC01");
    assert_int_equal(m->summary_field, IPMSG_F_MESSAGE);
    assert_string_equal(pkt_summary(p), "IPDict #1700000020 alice@PC01: \"hello\"");
    assert_true(ipmsg_looks_like(p->buf, p->len));

    /* NCK and GRP; the nickname is quoted when there is no BODY */
    p = PARSE("IP2:17:NCK:5:Alice:GRP:5:Sales:Z");
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, "IP2:17:NCK:5:Alice:GRP:5:Sales:Z", 0),
                 IT_AT(IPDICT_LEN, 1, 4, "17", 23),
                 IT(IPDICT_KEY, 1, "NCK", 0),
                 IT_AT(IPDICT_VALUE, 2, 13, "Alice", 0),
                 IT_AT(NICKNAME, 2, 13, "Alice", 0),
                 IT(IPDICT_KEY, 1, "GRP", 0),
                 IT_AT(IPDICT_VALUE, 2, 25, "Sales", 0),
                 IT_AT(GROUP, 2, 25, "Sales", 0));
    assert_int_equal(p->msg->summary_field, IPMSG_F_NICKNAME);
    assert_false(p->msg->packet_no_ok);
    assert_string_equal(pkt_summary(p), "IPDict: \"Alice\"");

    /* the smallest dictionary */
    p = PARSE("IP2:0::Z");
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, "IP2:0::Z", 0),
                 IT_AT(IPDICT_LEN, 1, 4, "0", 0));
    assert_string_equal(pkt_summary(p), "IPDict");
}

/* A dictionary value that is itself an "IP2:" dictionary. */
static void test_nested(void **state)
{
    (void)state;
    struct pkt *p = PARSE(D2);
    assert_int_equal(p->len, 51);
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, D2, 0),
                 IT_AT(IPDICT_LEN, 1, 4, "2a", 42),
                 IT_AT(IPDICT_KEY, 1, 7, "VER", 0),
                 IT_AT(IPDICT_VALUE, 2, 13, "3", 0),
                 IT_AT(IPDICT_KEY, 1, 15, "FILE", 0),
                 IT_AT(IPDICT, 2, 23, D2_INNER, 0),
                 IT_AT(IPDICT_LEN, 3, 27, "11", 17),
                 IT_AT(IPDICT_KEY, 3, 30, "FI", 0),
                 IT_AT(IPDICT_VALUE, 4, 35, "0", 0),
                 IT_AT(IPDICT_KEY, 3, 37, "FN", 0),
                 IT_AT(IPDICT_VALUE, 4, 42, "a.txt", 0));

    /* the inner length one short: only the inner dictionary is malformed */
    p = PARSE("IP2:2a:VER:1:3:FILE:1a:IP2:10:FI:1:0:FN:5:a.txt:Z:Z");
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, "IP2:2a:VER:1:3:FILE:1a:IP2:10:FI:1:0:FN:5:a.txt:Z:Z", 0),
                 IT_AT(IPDICT_LEN, 1, 4, "2a", 42),
                 IT_AT(IPDICT_KEY, 1, 7, "VER", 0),
                 IT_AT(IPDICT_VALUE, 2, 13, "3", 0),
                 IT_AT(IPDICT_KEY, 1, 15, "FILE", 0),
                 IT_AT(IPDICT, 2, 23, "IP2:10:FI:1:0:FN:5:a.txt:Z", 0),
                 PROB_AT(IPDICT_MALFORMED, 3, 23, "IP2:10:FI:1:0:FN:5:a.txt:Z"));
}

/* The frame: the hex length must be the exact content length and ":Z" follow. */
static void test_frame_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *pkt;
        size_t len;
    } rows[] = {
        {LIT("IP2:6:VER:1:3:Z")},    /* one short */
        {LIT("IP2:8:VER:1:3:Z")},    /* one long */
        {LIT("IP2:7:VER:1:3")},      /* no ":Z" */
        {LIT("IP2:7:VER:1:3:Y")},    /* not ":Z" */
        {LIT("IP2:zz:VER:1:3:Z")},   /* length not hex */
        {LIT("IP2::VER:1:3:Z")},     /* length empty */
        {LIT("IP2:7")},              /* no content at all */
        {LIT("IP2:")},
        /* a length near 2^64 must not wrap around the bounds check */
        {LIT("IP2:FFFFFFFFFFFFFFFF:Z")},
        {LIT("IP2:FFFFFFFFFFFFFFFE::Z")},
        {LIT("IP2:FFFFFFFF:Z")},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct pkt *p = pkt_parse(rows[i].pkt, rows[i].len, IPMSG_UDP);
        assert_int_equal(p->msg->n_items, 3);
        const struct ipmsg_item *it = p->msg->items;
        assert_int_equal(it[0].field, IPMSG_F_DIALECT);
        assert_int_equal(it[1].field, IPMSG_F_IPDICT);
        assert_int_equal(it[1].off, 0);
        assert_int_equal(it[1].len, rows[i].len);
        assert_int_equal(it[2].field, IPMSG_F_PROBLEM);
        assert_int_equal(it[2].value, IPMSG_P_IPDICT_MALFORMED);
        assert_int_equal(it[2].depth, 1);
        assert_int_equal(it[2].off, 0);
        assert_int_equal(it[2].len, rows[i].len);
        assert_int_equal(p->msg->n_problems, 1);
    }
}

/* The entries inside a well-framed dictionary. */
static void test_content_malformed(void **state)
{
    (void)state;
    struct pkt *p = PARSE("IP2:5:VER:9:Z");
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, "IP2:5:VER:9:Z", 0),
                 IT_AT(IPDICT_LEN, 1, 4, "5", 5),
                 PROB_AT(IPDICT_MALFORMED, 1, 6, "VER:9"));
    /* value longer than the content */
    p = PARSE("IP2:7:VER:5:3:Z");
    EXPECT_PROBLEMS(p, PB_AT(IPDICT_MALFORMED, 6, "VER:5:3"));
    /* something other than ':' after a value */
    p = PARSE("IP2:8:VER:1:3X:Z");
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, "IP2:8:VER:1:3X:Z", 0),
                 IT_AT(IPDICT_LEN, 1, 4, "8", 8),
                 IT_AT(IPDICT_KEY, 1, 6, "VER", 0),
                 IT_AT(IPDICT_VALUE, 2, 12, "3", 0),
                 PROB_AT(IPDICT_MALFORMED, 1, 6, "VER:1:3X"));
    /* empty key, value length not hex */
    p = PARSE("IP2:4::1:3:Z");
    EXPECT_PROBLEMS(p, PB_AT(IPDICT_MALFORMED, 6, ":1:3"));
    p = PARSE("IP2:7:VER:x:3:Z");
    EXPECT_PROBLEMS(p, PB_AT(IPDICT_MALFORMED, 6, "VER:x:3"));
    /* a zero-length value is fine */
    p = PARSE("IP2:6:VER:0::Z");
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, "IP2:6:VER:0::Z", 0),
                 IT_AT(IPDICT_LEN, 1, 4, "6", 6),
                 IT_AT(IPDICT_KEY, 1, 6, "VER", 0),
                 IT_AT(IPDICT_VALUE, 2, 12, "", 0));
}

/* After the ":Z": NULs are padding, anything else is unexpected. */
static void test_trailing_data(void **state)
{
    (void)state;
    struct pkt *p = PARSE("IP2:7:VER:1:3:Zjunk");
    EXPECT_ITEMS(p,
                 GEN_AT(DIALECT, 0, 0, "IP2:", IPMSG_DIALECT_IPDICT),
                 IT_AT(IPDICT, 0, 0, "IP2:7:VER:1:3:Z", 0),
                 IT_AT(IPDICT_LEN, 1, 4, "7", 7),
                 IT_AT(IPDICT_KEY, 1, 6, "VER", 0),
                 IT_AT(IPDICT_VALUE, 2, 12, "3", 0),
                 IT(SECTION, 0, "junk", 0),
                 PROB(SECTION_UNEXPECTED, 0, "junk"));
    p = PARSE("IP2:7:VER:1:3:Z\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[p->msg->n_items - 1].field, IPMSG_F_PADDING);
}

/* §3.1: member-master commands carry an IPDict body after a colon header.
 * The header's own packet number and names stay those of the packet. */
static void test_body_in_colon_packet(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:20:IP2:11:PKT:1:9:UID:3:bob:Z");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "20", 20, ENTRY),
                 IT_AT(IPDICT, 0, 18, "IP2:11:PKT:1:9:UID:3:bob:Z", 0),
                 IT_AT(IPDICT_LEN, 1, 22, "11", 17),
                 IT_AT(IPDICT_KEY, 1, 25, "PKT", 0),
                 IT_AT(IPDICT_VALUE, 2, 31, "9", 0),
                 IT_AT(IPDICT_KEY, 1, 33, "UID", 0),
                 IT_AT(IPDICT_VALUE, 2, 39, "bob", 0));
    const struct ipmsg_msg *m = p->msg;
    assert_int_equal(m->dialect, IPMSG_DIALECT_OFFICIAL);
    assert_true(m->packet_no == 5);
    assert_string_equal(pkt_span_str(p, m->user), "alice");
    assert_string_equal(pkt_summary(p), "ANSLIST_DICT #5 alice@PC01");

    /* a member-master body that is not a dictionary stays text */
    p = PARSE("1:5:alice:PC01:160:opaque\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "160", 160, ENTRY),
                 IT(BODY, 0, "opaque", 0));
    assert_string_equal(p->msg->cmd->name, "AGENT_REQ");
    /* a malformed dictionary there */
    p = PARSE("1:5:alice:PC01:180:IP2:9:VER:1:3:Z");
    EXPECT_PROBLEMS(p, PB_AT(IPDICT_MALFORMED, 19, "IP2:9:VER:1:3:Z"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_datagram),
        TEST(test_nested),
        TEST(test_frame_malformed),
        TEST(test_content_malformed),
        TEST(test_trailing_data),
        TEST(test_body_in_colon_packet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
