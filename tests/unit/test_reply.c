/* ipmsg_reply.c: which packet answers which.
 * Expectations: docs/ipmsg-protocol.md §3.1 (normal reply) and §8. */
#include "item_assert.h"

#include <string.h>

static const struct ipmsg_reply_rule *find_rule(uint8_t request, uint8_t reply)
{
    for (size_t i = 0; i < ipmsg_n_reply_rules; i++)
        if (ipmsg_reply_rules[i].request_mode == request && ipmsg_reply_rules[i].reply_mode == reply)
            return &ipmsg_reply_rules[i];
    return NULL;
}

/* The pairs of §8, with the key each reply carries. */
static void test_pairs(void **state)
{
    (void)state;
    static const struct {
        uint8_t request, reply;
        enum ipmsg_reply_key key;
    } pairs[] = {
        {0x20, 0x21, IPMSG_REPLY_BY_REF_NO},   /* SENDMSG -> RECVMSG */
        {0x20, 0x30, IPMSG_REPLY_BY_REF_NO},   /* SENDMSG(SECRET) -> READMSG */
        {0x20, 0x31, IPMSG_REPLY_BY_REF_NO},   /* -> DELMSG */
        {0x30, 0x32, IPMSG_REPLY_BY_REF_NO},   /* READMSG -> ANSREADMSG (READMSG's number) */
        {0x20, 0x60, IPMSG_REPLY_BY_FILE_REQ}, /* attachment -> GETFILEDATA */
        {0x20, 0x62, IPMSG_REPLY_BY_FILE_REQ}, /* attachment -> GETDIRFILES */
        {0x20, 0x61, IPMSG_REPLY_BY_REF_NO},   /* attachment -> RELEASEFILES */
        {0x01, 0x03, IPMSG_REPLY_BY_ADDRESS},  /* BR_ENTRY -> ANSENTRY */
        {0x12, 0x13, IPMSG_REPLY_BY_ADDRESS},  /* GETLIST -> ANSLIST */
        {0x40, 0x41, IPMSG_REPLY_BY_ADDRESS},  /* GETINFO -> SENDINFO */
        {0x50, 0x51, IPMSG_REPLY_BY_ADDRESS},  /* GETABSENCEINFO -> SENDABSENCEINFO */
        {0x72, 0x73, IPMSG_REPLY_BY_ADDRESS},  /* GETPUBKEY -> ANSPUBKEY */
        {0xFF, 0x20, IPMSG_REPLY_BY_ADDRESS},  /* iptux ASKSHARED -> shared-files SENDMSG */
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const struct ipmsg_reply_rule *r = find_rule(pairs[i].request, pairs[i].reply);
        if (r == NULL)
            fail_msg("no rule 0x%02x -> 0x%02x", pairs[i].request, pairs[i].reply);
        assert_int_equal(r->key, pairs[i].key);
        assert_non_null(r->description);
    }
    assert_null(find_rule(0x21, 0x20));   /* a receipt is not answered */
}

/* Every "usual reply" of the command table is a rule, and every rule names
 * commands that exist. */
static void test_consistent_with_commands(void **state)
{
    (void)state;
    for (size_t i = 0; i < ipmsg_n_commands; i++) {
        const struct ipmsg_command_info *c = &ipmsg_commands[i];
        if (c->reply_mode < 0)
            continue;
        if (find_rule(c->mode, (uint8_t)c->reply_mode) == NULL)
            fail_msg("%s: usual reply 0x%02x has no rule", c->name, c->reply_mode);
    }
    for (size_t i = 0; i < ipmsg_n_reply_rules; i++) {
        const struct ipmsg_reply_rule *r = &ipmsg_reply_rules[i];
        assert_non_null(ipmsg_command_lookup(r->request_mode, IPMSG_DIALECT_ANY));
        assert_non_null(ipmsg_command_lookup(r->reply_mode, IPMSG_DIALECT_ANY));
    }
}

/* A reply fits a rule by mode and the options the rule asks for. */
static void test_fits(void **state)
{
    (void)state;
    const struct ipmsg_reply_rule *recv = find_rule(0x20, 0x21);
    assert_true(ipmsg_reply_fits(recv, 0x21, 0));
    assert_true(ipmsg_reply_fits(recv, 0x21, 0x100));   /* iptux's RECVMSG 289 */
    assert_false(ipmsg_reply_fits(recv, 0x20, 0));
    const struct ipmsg_reply_rule *shared = find_rule(0xFF, 0x20);
    assert_true(ipmsg_reply_fits(shared, 0x20, 0x80200000u));   /* 2149580832 */
    assert_false(ipmsg_reply_fits(shared, 0x20, 0x00200000u));  /* an ordinary file offer */
}

/* Only SENDCHECK messages (not broadcast, not automatic) expect a receipt;
 * only READCHECK READMSGs an acknowledgement. */
static void test_expected(void **state)
{
    (void)state;
    const struct ipmsg_reply_rule *recv = find_rule(0x20, 0x21);
    assert_true(ipmsg_reply_expected(recv, 0x100));
    assert_true(ipmsg_reply_expected(recv, 0x100 | 0x200 | 0x00800000u));
    assert_false(ipmsg_reply_expected(recv, 0));
    assert_false(ipmsg_reply_expected(recv, 0x100 | 0x400));    /* BROADCASTOPT */
    assert_false(ipmsg_reply_expected(recv, 0x100 | 0x2000));   /* AUTORETOPT */
    const struct ipmsg_reply_rule *ans = find_rule(0x30, 0x32);
    assert_true(ipmsg_reply_expected(ans, 0x00100000u));
    assert_false(ipmsg_reply_expected(ans, 0));
    assert_false(ipmsg_reply_expected(find_rule(0x20, 0x30), 0x00100200u));
    assert_false(ipmsg_reply_expected(find_rule(0x40, 0x41), 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_pairs),
        TEST(test_consistent_with_commands),
        TEST(test_fits),
        TEST(test_expected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
