/* ipmsg_entry.c: entry-family bodies: nickname \0 group, then the official
 * UTF-8 name block or iptux's icon \0 encoding.
 * Expectations: docs/ipmsg-protocol.md §2.3, §2.4, §2.5, §3.1, §9, §10 #1-#3, #11, #14. */
#include "item_assert.h"

#define NUL8 "\0\0\0\0\0\0\0\0"
#define NUL64 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8

#define EX1 "1:1700000000:alice:PC01:90439681:Alice\0Sales\0\nUN:alice\nHN:PC01\nNN:Alice\nGN:Sales\nVS:00010002:5:6:104"
#define EX1_BLOCK "\nUN:alice\nHN:PC01\nNN:Alice\nGN:Sales\nVS:00010002:5:6:104"

/* The items of §10 #1 after the header. */
#define EX1_BODY_ITEMS                                                          \
    IT_AT(NICKNAME, 0, 33, "Alice", 0), IT_AT(GROUP, 0, 39, "Sales", 0),        \
        IT_AT(UTF8_BLOCK, 0, 45, EX1_BLOCK, 0),                                 \
        IT_AT(UTF8_USER, 1, 49, "alice", 0),                                    \
        IT_AT(UTF8_HOST, 1, 58, "PC01", 0),                                     \
        IT_AT(UTF8_NICKNAME, 1, 66, "Alice", 0),                                \
        IT_AT(UTF8_GROUP, 1, 75, "Sales", 0),                                   \
        IT_AT(VS, 1, 84, "00010002:5:6:104", 0),                                \
        IT_AT(VS_PLATFORM, 2, 84, "00010002", 0x00010002),                      \
        IT_AT(VS_MAJOR, 2, 93, "5", 5),                                         \
        IT_AT(VS_MINOR, 2, 95, "6", 6),                                         \
        IT_AT(VS_REV, 2, 97, "104", 104),                                       \
        GEN_AT(VS_STAGE, 2, 97, "104", 2),                                      \
        GEN_AT(VS_BUILD, 2, 97, "104", 4)

/* §10 #1: official BR_ENTRY with group and UTF-8 block (no final NUL). */
static void test_example1_official_entry(void **state)
{
    (void)state;
    struct pkt *p = PARSE(EX1);
    assert_int_equal(p->len, 100);
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000000", 1700000000, "alice", "PC01", "90439681", 90439681, ENTRY),
                 EX1_BODY_ITEMS);
    const struct ipmsg_msg *m = p->msg;
    assert_int_equal(m->command, 0x5640001);
    assert_int_equal(m->mode, 0x01);
    assert_string_equal(m->cmd->name, "BR_ENTRY");
    assert_int_equal(m->family, IPMSG_FAM_ENTRY);
    assert_string_equal(pkt_span_str(p, m->nickname), "Alice");
    assert_int_equal(m->utf8_user.off, 49);
    assert_string_equal(pkt_span_str(p, m->utf8_user), "alice");
    assert_int_equal(m->utf8_host.off, 58);
    assert_int_equal(m->utf8_nickname.off, 66);
    /* the UTF-8 nickname wins for the summary (§2.4) */
    assert_int_equal(m->summary.off, 66);
    assert_int_equal(m->summary.len, 5);
    assert_int_equal(m->summary_field, IPMSG_F_UTF8_NICKNAME);
    assert_string_equal(pkt_summary(p),
                        "BR_ENTRY [CAPFILEENC,FILEATTACH,ENCRYPT,CAPUTF8,ENCEXTMSG] #1700000000 alice@PC01: \"Alice\"");
}

/* §8: the same with the 64 NULs of Windows' last re-send: the first NUL ends
 * the block, the rest is padding. */
static void test_example1_padded(void **state)
{
    (void)state;
    struct pkt *p = PARSE(EX1 NUL64);
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000000", 1700000000, "alice", "PC01", "90439681", 90439681, ENTRY),
                 EX1_BODY_ITEMS,
                 IT_AT(PADDING, 0, 101, NUL8 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8 "\0\0\0\0\0\0\0", 0));
}

/* §10 #2: no group (empty group -> "\0\0\n"), UTF-8 nickname only in the block. */
static void test_example2_empty_group(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000001:taro:PC02:16777217:?\0\0\nUN:taro\nHN:PC02\nNN:\xe5\xa4\xaa\xe9\x83\x8e");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000001", 1700000001, "taro", "PC02", "16777217", 16777217, ENTRY),
                 IT_AT(NICKNAME, 0, 32, "?", 0),
                 IT_AT(GROUP, 0, 34, "", 0),
                 IT_AT(UTF8_BLOCK, 0, 35, "\nUN:taro\nHN:PC02\nNN:\xe5\xa4\xaa\xe9\x83\x8e", 0),
                 IT_AT(UTF8_USER, 1, 39, "taro", 0),
                 IT_AT(UTF8_HOST, 1, 47, "PC02", 0),
                 IT_AT(UTF8_NICKNAME, 1, 55, "\xe5\xa4\xaa\xe9\x83\x8e", 0));
    assert_int_equal(p->msg->summary_field, IPMSG_F_UTF8_NICKNAME);
    assert_string_equal(pkt_summary(p), "BR_ENTRY [CAPUTF8] #1700000001 taro@PC02: \"\xe5\xa4\xaa\xe9\x83\x8e\"");
}

/* §2.3: a second section starting with '\n' is the block; no group at all. */
static void test_block_without_group(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:16777219:Alice\0\nUN:alice");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "16777219", 16777219, ENTRY),
                 IT_AT(NICKNAME, 0, 24, "Alice", 0),
                 IT_AT(UTF8_BLOCK, 0, 30, "\nUN:alice", 0),
                 IT_AT(UTF8_USER, 1, 34, "alice", 0));
    assert_string_equal(p->msg->cmd->name, "ANSENTRY");
    assert_int_equal(count_field(p, IPMSG_F_GROUP), 0);

    /* The spec text ends every entry, GN included, with '\n' (§2.4). */
    p = PARSE("1:5:alice:PC01:1:Alice\0Sales\0\nUN:alice\nGN:Sales\n");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "1", 1, ENTRY),
                 IT_AT(NICKNAME, 0, 17, "Alice", 0),
                 IT_AT(GROUP, 0, 23, "Sales", 0),
                 IT_AT(UTF8_BLOCK, 0, 29, "\nUN:alice\nGN:Sales\n", 0),
                 IT_AT(UTF8_USER, 1, 33, "alice", 0),
                 IT_AT(UTF8_GROUP, 1, 42, "Sales", 0));
}

/* §2.4/§3.1: ANSENTRY and DIR_POLL carry only "\nVS:"; NOOPERATION may be empty. */
static void test_vs_only_and_empty(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:8388611:Alice\0Sales\0\nVS:00010001:4:50:0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "8388611", 8388611, ENTRY),
                 IT(NICKNAME, 0, "Alice", 0),
                 IT(GROUP, 0, "Sales", 0),
                 IT(UTF8_BLOCK, 0, "\nVS:00010001:4:50:0", 0),
                 IT(VS, 1, "00010001:4:50:0", 0),
                 IT(VS_PLATFORM, 2, "00010001", 0x00010001),
                 IT(VS_MAJOR, 2, "4", 4),
                 IT(VS_MINOR, 2, "50", 50),
                 IT_AT(VS_REV, 2, 53, "0", 0),
                 GEN_AT(VS_STAGE, 2, 53, "0", 0),
                 GEN_AT(VS_BUILD, 2, 53, "0", 0));
    assert_string_equal(pkt_summary(p), "ANSENTRY [UTF8] #5 alice@PC01: \"Alice\"");

    p = PARSE("1:5:alice:PC01:176:\0\nVS:00020000:5:6:154");
    assert_string_equal(p->msg->cmd->name, "DIR_POLL");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "176", 176, ENTRY),
                 IT_AT(NICKNAME, 0, 19, "", 0),
                 IT(UTF8_BLOCK, 0, "\nVS:00020000:5:6:154", 0),
                 IT(VS, 1, "00020000:5:6:154", 0),
                 IT(VS_PLATFORM, 2, "00020000", 0x00020000),
                 IT(VS_MAJOR, 2, "5", 5),
                 IT(VS_MINOR, 2, "6", 6),
                 IT(VS_REV, 2, "154", 154),
                 GEN(VS_STAGE, 2, "154", 2),
                 GEN(VS_BUILD, 2, "154", 54));

    p = PARSE("1:5:alice:PC01:0:\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "0", 0, ENTRY),
                 IT_AT(NICKNAME, 0, 17, "", 0));
    assert_string_equal(pkt_summary(p), "NOOPERATION #5 alice@PC01");
    /* with no body at all there is nothing to show */
    p = PARSE("1:5:alice:PC01:1:");
    EXPECT_ITEMS(p, HDR_OFFICIAL("5", 5, "alice", "PC01", "1", 1, ENTRY));
    assert_false(ipmsg_span_present(p->msg->nickname));
}

/* §2.4: VS rev = +0 alpha, +50 beta, +100 release. */
static void test_vs_stages(void **state)
{
    (void)state;
    static const struct {
        const char *pkt;
        size_t len;
        uint32_t rev, stage, build;
    } rows[] = {
        {LIT("1:5:a:b:3:\0\0\nVS:00010002:5:6:4"), 4, 0, 4},
        {LIT("1:5:a:b:3:\0\0\nVS:00010002:5:6:54"), 54, 1, 4},
        {LIT("1:5:a:b:3:\0\0\nVS:00010002:5:6:104"), 104, 2, 4},
        {LIT("1:5:a:b:3:\0\0\nVS:00010002:5:6:0"), 0, 0, 0},
        {LIT("1:5:a:b:3:\0\0\nVS:00010002:5:6:49"), 49, 0, 49},
        {LIT("1:5:a:b:3:\0\0\nVS:00010002:5:6:50"), 50, 1, 0},
        {LIT("1:5:a:b:3:\0\0\nVS:00010002:5:6:99"), 99, 1, 49},
        {LIT("1:5:a:b:3:\0\0\nVS:00010002:5:6:100"), 100, 2, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct pkt *p = pkt_parse(rows[i].pkt, rows[i].len, IPMSG_UDP);
        EXPECT_NO_PROBLEMS(p);
        uint32_t n = p->msg->n_items;
        assert_true(n >= 3);
        const struct ipmsg_item *rev = &p->msg->items[n - 3], *stage = &p->msg->items[n - 2],
                                *build = &p->msg->items[n - 1];
        assert_int_equal(rev->field, IPMSG_F_VS_REV);
        assert_int_equal(rev->value, rows[i].rev);
        assert_int_equal(stage->field, IPMSG_F_VS_STAGE);
        assert_int_equal(stage->value, rows[i].stage);
        assert_int_equal(stage->flags, IPMSG_ITEM_GENERATED);
        assert_int_equal(build->field, IPMSG_F_VS_BUILD);
        assert_int_equal(build->value, rows[i].build);
        assert_string_equal(ipmsg_value_name(IPMSG_T_VS_STAGE, (uint32_t)stage->value),
                            rows[i].stage == 0 ? "alpha" : rows[i].stage == 1 ? "beta" : "release");
    }
}

/* VS not "%08X:%d:%d:%d". */
static void test_vs_malformed(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:a:b:3:\0\0\nVS:00010002:5:6");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "a", "b", "3", 3, ENTRY),
                 IT_AT(NICKNAME, 0, 10, "", 0),
                 IT_AT(GROUP, 0, 11, "", 0),
                 IT(UTF8_BLOCK, 0, "\nVS:00010002:5:6", 0),
                 IT(VS, 1, "00010002:5:6", 0),
                 IT(VS_PLATFORM, 2, "00010002", 0x10002),
                 IT_AT(VS_MAJOR, 2, 25, "5", 5),
                 IT_AT(VS_MINOR, 2, 27, "6", 6),
                 PROB(VS_MALFORMED, 2, "00010002:5:6"));

    p = PARSE("1:5:a:b:3:\0\0\nVS:0001000G:5:6:104");
    EXPECT_PROBLEMS(p, PB(NOT_HEX, "0001000G"), PB(VS_MALFORMED, "0001000G:5:6:104"));
    p = PARSE("1:5:a:b:3:\0\0\nVS:00010002:5:6:104:9");
    EXPECT_PROBLEMS(p, PB(VS_MALFORMED, "00010002:5:6:104:9"));
    p = PARSE("1:5:a:b:3:\0\0\nVS:00010002:5:six:104");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "six"), PB(VS_MALFORMED, "00010002:5:six:104"));
    p = PARSE("1:5:a:b:3:\0\0\nVS:100000000:5:6:104");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "100000000"), PB(VS_MALFORMED, "100000000:5:6:104"));
    p = PARSE("1:5:a:b:3:\0\0\nVS:");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "a", "b", "3", 3, ENTRY),
                 IT_AT(NICKNAME, 0, 10, "", 0),
                 IT_AT(GROUP, 0, 11, "", 0),
                 IT(UTF8_BLOCK, 0, "\nVS:", 0),
                 IT_AT(VS, 1, 16, "", 0),
                 PROB_AT(VS_MALFORMED, 2, 16, ""));
}

/* §2.4: keys the decoder does not know; PL (int) and IP (base64 IPDict). */
static void test_utf8_block_keys(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:a:b:1:Al\0\0\nUN:alice\nXX:what\nstray\nun:lower\nPL:1\nIP:SVAyOjA6Olo=");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "a", "b", "1", 1, ENTRY),
                 IT(NICKNAME, 0, "Al", 0),
                 IT_AT(GROUP, 0, 13, "", 0),
                 IT(UTF8_BLOCK, 0, "\nUN:alice\nXX:what\nstray\nun:lower\nPL:1\nIP:SVAyOjA6Olo=", 0),
                 IT(UTF8_USER, 1, "alice", 0),
                 IT(UTF8_OTHER, 1, "XX:what", 0),
                 PROB(UTF8_UNKNOWN_KEY, 1, "XX:what"),
                 IT(UTF8_OTHER, 1, "stray", 0),
                 PROB(UTF8_UNKNOWN_KEY, 1, "stray"),
                 IT(UTF8_OTHER, 1, "un:lower", 0),
                 PROB(UTF8_UNKNOWN_KEY, 1, "un:lower"),
                 IT_AT(UTF8_POLL, 1, 50, "1", 1),
                 IT(UTF8_IPDICT, 1, "SVAyOjA6Olo=", 0));
    EXPECT_PROBLEMS(p, PB(UTF8_UNKNOWN_KEY, "XX:what"), PB(UTF8_UNKNOWN_KEY, "stray"),
                    PB(UTF8_UNKNOWN_KEY, "un:lower"));

    p = PARSE("1:5:a:b:1:Al\0\0\nPL:x");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "x"));
    /* a key with an empty value is still that key */
    p = PARSE("1:5:a:b:1:Al\0\0\nUN:\nNN:");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->utf8_user.len, 0);
    assert_true(ipmsg_span_present(p->msg->utf8_nickname));
    /* an empty NN does not replace the nickname in the summary */
    assert_int_equal(p->msg->summary_field, IPMSG_F_NICKNAME);
    assert_string_equal(pkt_span_str(p, p->msg->summary), "Al");
}

/* §10 #3: iptux start-up BR_ENTRY: nick \0 group \0 icon \0 encoding \0. */
static void test_example3_iptux_entry(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1_iptux 0.8.3:1:alice:debian:257:alice\0dev\0icon-tux.png\0utf-8\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("1", 1, "alice", "debian", "257", 257, ENTRY),
                 IT_AT(NICKNAME, 0, 33, "alice", 0),
                 IT(GROUP, 0, "dev", 0),
                 IT(IPTUX_ICON, 0, "icon-tux.png", 0),
                 IT(IPTUX_ENCODING, 0, "utf-8", 0));
    assert_int_equal(p->msg->dialect, IPMSG_DIALECT_IPTUX);
    assert_string_equal(pkt_summary(p), "BR_ENTRY [ABSENCE] #1 alice@debian: \"alice\"");

    /* empty group, ANSENTRY 259 */
    p = PARSE("1_iptux 0.8.3:2:alice:debian:259:alice\0\0icon-tux.png\0utf-8\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("2", 2, "alice", "debian", "259", 259, ENTRY),
                 IT_AT(NICKNAME, 0, 33, "alice", 0),
                 IT_AT(GROUP, 0, 39, "", 0),
                 IT(IPTUX_ICON, 0, "icon-tux.png", 0),
                 IT(IPTUX_ENCODING, 0, "utf-8", 0));
    /* start-up with DIALUPOPT (65793) and an icon but no encoding */
    p = PARSE("1_iptux 0.8.3:3:alice:debian:65793:alice\0dev\0icon-tux.png\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("3", 3, "alice", "debian", "65793", 65793, ENTRY),
                 IT_AT(NICKNAME, 0, 35, "alice", 0),
                 IT(GROUP, 0, "dev", 0),
                 IT(IPTUX_ICON, 0, "icon-tux.png", 0));
    /* anything after the encoding is unexpected */
    p = PARSE("1_iptux 0.8.3:4:alice:debian:257:alice\0dev\0icon-tux.png\0utf-8\0more\0");
    EXPECT_PROBLEMS(p, PB(SECTION_UNEXPECTED, "more"));
}

/* §2.3: an iptux-compatible peer is one with a non-empty 4th section, whatever
 * its version; without it an official packet's 3rd section is unexpected. */
static void test_iptux_compatible_and_extra(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:1:alice\0dev\0icon.png\0gb18030\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "1", 1, ENTRY),
                 IT_AT(NICKNAME, 0, 17, "alice", 0),
                 IT(GROUP, 0, "dev", 0),
                 IT(IPTUX_ICON, 0, "icon.png", 0),
                 IT(IPTUX_ENCODING, 0, "gb18030", 0));

    p = PARSE("1:5:alice:PC01:1:Alice\0Sales\0junk\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "1", 1, ENTRY),
                 IT(NICKNAME, 0, "Alice", 0),
                 IT(GROUP, 0, "Sales", 0),
                 IT(SECTION, 0, "junk", 0),
                 PROB(SECTION_UNEXPECTED, 0, "junk"));

    /* data after the UTF-8 block */
    p = PARSE("1:5:alice:PC01:1:Alice\0Sales\0\nUN:alice\0junk");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "1", 1, ENTRY),
                 IT(NICKNAME, 0, "Alice", 0),
                 IT(GROUP, 0, "Sales", 0),
                 IT(UTF8_BLOCK, 0, "\nUN:alice", 0),
                 IT_AT(UTF8_USER, 1, 33, "alice", 0),
                 IT(SECTION, 0, "junk", 0),
                 PROB(SECTION_UNEXPECTED, 0, "junk"));
}

/* §10 #11: minimal BR_ABSENCE; §10 #14: iptux BR_EXIT with an empty body. */
static void test_example11_14_absence_exit(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000060:alice:PC01:260:Alice[Away]\0Sales\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000060", 1700000060, "alice", "PC01", "260", 260, ENTRY),
                 IT(NICKNAME, 0, "Alice[Away]", 0),
                 IT(GROUP, 0, "Sales", 0));
    assert_string_equal(p->msg->cmd->name, "BR_ABSENCE");
    assert_string_equal(pkt_summary(p), "BR_ABSENCE [ABSENCE] #1700000060 alice@PC01: \"Alice[Away]\"");

    p = PARSE("1_iptux 0.8.3:9:alice:debian:65538:\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("9", 9, "alice", "debian", "65538", 65538, ENTRY),
                 IT_AT(NICKNAME, 0, 35, "", 0));
    assert_string_equal(p->msg->cmd->name, "BR_EXIT");
    assert_string_equal(pkt_summary(p), "BR_EXIT [DIALUP] #9 alice@debian");
}

/* The other entry-body commands of the table. */
static void test_entry_body_commands(void **state)
{
    (void)state;
    static const struct named_pkt rows[] = {
        {LIT("1:5:alice:PC01:0:Alice\0Sales\0"), "NOOPERATION"},
        {LIT("1:5:alice:PC01:1:Alice\0Sales\0"), "BR_ENTRY"},
        {LIT("1:5:alice:PC01:2:Alice\0Sales\0"), "BR_EXIT"},
        {LIT("1:5:alice:PC01:3:Alice\0Sales\0"), "ANSENTRY"},
        {LIT("1:5:alice:PC01:4:Alice\0Sales\0"), "BR_ABSENCE"},
        {LIT("1:5:alice:PC01:16:Alice\0Sales\0"), "BR_ISGETLIST"},
        {LIT("1:5:alice:PC01:17:Alice\0Sales\0"), "OKGETLIST"},
        {LIT("1:5:alice:PC01:24:Alice\0Sales\0"), "BR_ISGETLIST2"},
        {LIT("1:5:alice:PC01:176:Alice\0Sales\0"), "DIR_POLL"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct pkt *p = pkt_parse(rows[i].pkt, rows[i].len, IPMSG_UDP);
        assert_string_equal(p->msg->cmd->name, rows[i].name);
        assert_int_equal(p->msg->cmd->body, IPMSG_BODY_ENTRY);
        EXPECT_NO_PROBLEMS(p);
        assert_int_equal(count_field(p, IPMSG_F_NICKNAME), 1);
        assert_int_equal(count_field(p, IPMSG_F_GROUP), 1);
        assert_string_equal(pkt_span_str(p, p->msg->nickname), "Alice");
        assert_int_equal(p->msg->n_items, 11);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_example1_official_entry),
        TEST(test_example1_padded),
        TEST(test_example2_empty_group),
        TEST(test_block_without_group),
        TEST(test_vs_only_and_empty),
        TEST(test_vs_stages),
        TEST(test_vs_malformed),
        TEST(test_utf8_block_keys),
        TEST(test_example3_iptux_entry),
        TEST(test_iptux_compatible_and_extra),
        TEST(test_example11_14_absence_exit),
        TEST(test_entry_body_commands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
