/* ipmsg_hostlist.c: the ANSLIST host list.
 * Expectations: docs/ipmsg-protocol.md §3.1 (GETLIST/ANSLIST), §7. */
#include "item_assert.h"

#define HOST_ALICE "alice\aPC01\a256\a192.168.0.10\a2425\aAlice\aSales\a"
#define HOST_BOB "bob\aPC02\a6291456\a192.168.0.11\a2425\a\b\a\b\a"

/* §7: "%5d\a%5d\a" then 7 fields per host, empty nick/group as '\b'. */
static void test_two_hosts(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000090:alice:PC01:19:    0\a    2\a" HOST_ALICE HOST_BOB "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000090", 1700000090, "alice", "PC01", "19", 19, ENTRY),
                 IT_AT(LIST_NEXT, 0, 31, "0", 0),
                 IT_AT(LIST_COUNT, 0, 37, "2", 2),
                 IT_AT(LIST_HOST, 0, 39, HOST_ALICE, 0),
                 IT_AT(LIST_USER, 1, 39, "alice", 0),
                 IT_AT(LIST_HOSTNAME, 1, 45, "PC01", 0),
                 FAM(LIST_STATUS, 1, "256", 256, ENTRY),
                 IT(LIST_ADDR, 1, "192.168.0.10", 0),
                 IT_AT(LIST_PORT, 1, 67, "2425", 2425),
                 IT_AT(LIST_NICKNAME, 1, 72, "Alice", 0),
                 IT_AT(LIST_GROUP, 1, 78, "Sales", 0),
                 IT_AT(LIST_HOST, 0, 84, HOST_BOB, 0),
                 IT(LIST_USER, 1, "bob", 0),
                 IT(LIST_HOSTNAME, 1, "PC02", 0),
                 FAM(LIST_STATUS, 1, "6291456", 0x600000, ENTRY),
                 IT(LIST_ADDR, 1, "192.168.0.11", 0),
                 IT_AT(LIST_PORT, 1, 114, "2425", 2425),
                 IT_AT(LIST_NICKNAME, 1, 119, "", 0),
                 IT_AT(LIST_GROUP, 1, 121, "", 0));
    assert_int_equal(p->len, 124);
    assert_string_equal(pkt_summary(p), "ANSLIST #1700000090 alice@PC01");

    /* UTF8OPT on the answer (§7), a continuation position */
    p = PARSE("1:5:alice:PC01:8388627:  100\a    1\a" HOST_ALICE "\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[9].field, IPMSG_F_LIST_NEXT);
    assert_int_equal(p->msg->items[9].value, 100);
    assert_int_equal(p->msg->items[9].off, 25);
    assert_int_equal(p->msg->items[10].value, 1);
    assert_string_equal(pkt_summary(p), "ANSLIST [UTF8] #5 alice@PC01");

    /* an empty list */
    p = PARSE("1:5:alice:PC01:19:    0\a    0\a\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "19", 19, ENTRY),
                 IT_AT(LIST_NEXT, 0, 22, "0", 0),
                 IT_AT(LIST_COUNT, 0, 28, "0", 0));
}

/* §7: the count says how many hosts are in this packet. */
static void test_count_mismatch(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000090:alice:PC01:19:    0\a    3\a" HOST_ALICE HOST_BOB "\0");
    EXPECT_PROBLEMS(p, PB(LIST_COUNT, "    0\a    3\a" HOST_ALICE HOST_BOB));
    assert_int_equal(count_field(p, IPMSG_F_LIST_HOST), 2);
    const struct ipmsg_item *last = &p->msg->items[p->msg->n_items - 1];
    assert_int_equal(last->field, IPMSG_F_PROBLEM);
    assert_int_equal(last->depth, 0);
    /* the detail says how many hosts the list announced */
    assert_int_equal(last->flags, IPMSG_ITEM_DETAIL);
    assert_int_equal(last->aux, 3);

    p = PARSE("1:5:alice:PC01:19:    0\a    1\a" HOST_ALICE HOST_BOB "\0");
    EXPECT_PROBLEMS(p, PB(LIST_COUNT, "    0\a    1\a" HOST_ALICE HOST_BOB));
}

/* A host cut short (truncated datagram), and a truncated list head. */
static void test_truncation(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000090:alice:PC01:19:    0\a    2\a" HOST_ALICE "bob\aPC02\a62");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000090", 1700000090, "alice", "PC01", "19", 19, ENTRY),
                 IT_AT(LIST_NEXT, 0, 31, "0", 0),
                 IT_AT(LIST_COUNT, 0, 37, "2", 2),
                 IT_AT(LIST_HOST, 0, 39, HOST_ALICE, 0),
                 IT_AT(LIST_USER, 1, 39, "alice", 0),
                 IT_AT(LIST_HOSTNAME, 1, 45, "PC01", 0),
                 FAM(LIST_STATUS, 1, "256", 256, ENTRY),
                 IT(LIST_ADDR, 1, "192.168.0.10", 0),
                 IT_AT(LIST_PORT, 1, 67, "2425", 2425),
                 IT_AT(LIST_NICKNAME, 1, 72, "Alice", 0),
                 IT_AT(LIST_GROUP, 1, 78, "Sales", 0),
                 IT_AT(LIST_HOST, 0, 84, "bob\aPC02\a62", 0),
                 IT(LIST_USER, 1, "bob", 0),
                 IT(LIST_HOSTNAME, 1, "PC02", 0),
                 /* "62" lost its BEL: a cut-off number is not shown as a value */
                 PROB(LIST_MALFORMED, 1, "bob\aPC02\a62"));

    /* the last field without its BEL */
    p = PARSE("1:5:alice:PC01:19:    0\a    1\aalice\aPC01\a256\a192.168.0.10\a2425\aAlice\aSales\0");
    EXPECT_PROBLEMS(p, PB(LIST_MALFORMED, "alice\aPC01\a256\a192.168.0.10\a2425\aAlice\aSales"));

    /* the head */
    p = PARSE("1:5:alice:PC01:19:    0\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "19", 19, ENTRY),
                 PROB_AT(LIST_MALFORMED, 0, 18, "    0"));
    p = PARSE("1:5:alice:PC01:19:    0\a\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "19", 19, ENTRY),
                 IT_AT(LIST_NEXT, 0, 22, "0", 0),
                 PROB_AT(LIST_MALFORMED, 0, 24, ""));
}

/* Numbers that are not numbers. */
static void test_bad_numbers(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:19:    x\a    1\a" HOST_ALICE "\0");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "x"));
    p = PARSE("1:5:alice:PC01:19:    0\a    y\a" HOST_ALICE "\0");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "y"));
    /* no count, no count check */
    assert_int_equal(count_problem(p, IPMSG_P_LIST_COUNT), 0);
    p = PARSE("1:5:alice:PC01:19:    0\a    1\abob\aPC02\aabsent\a192.168.0.11\a2425\a\b\a\b\a\0");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "absent"));
    p = PARSE("1:5:alice:PC01:19:    0\a    1\abob\aPC02\a4294967296\a192.168.0.11\a2425\a\b\a\b\a\0");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "4294967296"));
    p = PARSE("1:5:alice:PC01:19:    0\a    1\abob\aPC02\a0\a192.168.0.11\a65536\a\b\a\b\a\0");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "65536"));
    p = PARSE("1:5:alice:PC01:19:    0\a    1\abob\aPC02\a0\a192.168.0.11\a65535\a\b\a\b\a\0");
    EXPECT_NO_PROBLEMS(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_two_hosts),
        TEST(test_count_mismatch),
        TEST(test_truncation),
        TEST(test_bad_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
