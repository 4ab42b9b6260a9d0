/* ipmsg_parse.c, the colon header: splitting, version and dialect, packet
 * number and command limits, sections and padding.  The dispatch of the
 * additional section by command is in test_dispatch.c.
 * Expectations: docs/ipmsg-protocol.md §2.1-§2.3, §10. */
#include "item_assert.h"

#include <string.h>

#define NUL8 "\0\0\0\0\0\0\0\0"
#define NUL64 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8

/* ---- the header --------------------------------------------------------- */

/* §10 #4: every header field, its span and the message fields. */
static void test_header_fields(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000010:alice:PC01:288:Hello\nworld\0");
    const struct ipmsg_msg *m = p->msg;
    assert_int_equal(m->transport, IPMSG_UDP);
    assert_int_equal(m->dialect, IPMSG_DIALECT_OFFICIAL);
    assert_true(m->header_ok);
    assert_true(m->packet_no_ok);
    assert_true(m->command_ok);
    assert_true(m->packet_no == 1700000010u);
    assert_int_equal(m->command, 288);
    assert_int_equal(m->mode, 0x20);
    assert_int_equal(m->options, 0x100);
    assert_int_equal(m->family, IPMSG_FAM_MESSAGE);
    assert_non_null(m->cmd);
    assert_string_equal(m->cmd->name, "SENDMSG");
    assert_string_equal(pkt_span_str(p, m->version), "1");
    assert_string_equal(pkt_span_str(p, m->user), "alice");
    assert_string_equal(pkt_span_str(p, m->host), "PC01");
    /* the additional section: everything after the fifth ':' */
    assert_int_equal(m->body.off, 28);
    assert_int_equal(m->body.len, 12);
    assert_false(m->has_ref_packet_no);
    assert_int_equal(m->n_files, 0);
    assert_false(m->items_overflow);
    EXPECT_NO_PROBLEMS(p);

    struct pkt *t = PARSE_TCP("1:1700000010:alice:PC01:288:Hello\nworld\0");
    assert_int_equal(t->msg->transport, IPMSG_TCP);
}

/* §10 #15a: only three header fields. */
static void test_header_missing_fields(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:123:alice\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 IT(PACKET_NO, 0, "123", 123),
                 IT(USER, 0, "alice", 0),
                 PROB_AT(HEADER_MISSING, 0, 0, "1:123:alice"));
    EXPECT_PROBLEMS(p, PB_AT(HEADER_MISSING, 0, "1:123:alice"));
    assert_false(p->msg->header_ok);
    assert_false(p->msg->command_ok);
    assert_true(p->msg->packet_no_ok);
    assert_null(p->msg->cmd);
    assert_false(ipmsg_span_present(p->msg->host));
    assert_false(ipmsg_span_present(p->msg->body));
}

/* Four fields: the command is missing even though the host has its ':'. */
static void test_header_four_fields(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:7:alice:PC01:\0extra\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 IT(PACKET_NO, 0, "7", 7),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 PROB_AT(HEADER_MISSING, 0, 0, "1:7:alice:PC01:"),
                 /* after the main text only extra sections can follow */
                 IT(SECTION, 0, "extra", 0),
                 PROB(SECTION_UNEXPECTED, 0, "extra"));
    assert_false(p->msg->header_ok);
}

/* §10 #15b: non-numeric packet number and command. */
static void test_header_not_numeric(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:abc:alice:PC01:32x:hi\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 PROB(PACKETNO_NOT_NUMERIC, 0, "abc"),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 PROB(COMMAND_NOT_NUMERIC, 0, "32x"),
                 IT(BODY, 0, "hi", 0));
    assert_true(p->msg->header_ok);
    assert_false(p->msg->packet_no_ok);
    assert_false(p->msg->command_ok);
    assert_null(p->msg->cmd);
}

/* An empty packet number or command is not a number either. */
static void test_header_empty_numbers(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1::alice:PC01::\0");
    EXPECT_PROBLEMS(p, PB_AT(PACKETNO_NOT_NUMERIC, 2, ""), PB_AT(COMMAND_NOT_NUMERIC, 14, ""));
    assert_false(p->msg->packet_no_ok);
    assert_false(p->msg->command_ok);
    /* A sign is not a digit. */
    p = PARSE("1:+5:alice:PC01:-32:\0");
    EXPECT_PROBLEMS(p, PB(PACKETNO_NOT_NUMERIC, "+5"), PB(COMMAND_NOT_NUMERIC, "-32"));
}

/* §10 #15c: packet number above 32 bits, no trailing NUL (valid, [ISSUE76]). */
static void test_packet_no_over_32bit(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:4294967296:alice:PC01:288:hi");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 IT(PACKET_NO, 0, "4294967296", UINT64_C(4294967296)),
                 PROB(PACKETNO_OVER_32BIT, 1, "4294967296"),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 IT(COMMAND, 0, "288", 288),
                 IT(MODE, 1, "288", 0x20),
                 OPTS(1, "288", 0x100, MESSAGE),
                 IT(MESSAGE, 0, "hi", 0));
    assert_true(p->msg->packet_no == UINT64_C(4294967296));

    /* 2^32-1 still fits the official 32-bit reading. */
    p = PARSE("1:4294967295:alice:PC01:64:\0");
    EXPECT_NO_PROBLEMS(p);
    assert_true(p->msg->packet_no == UINT32_MAX);
}

/* §2.1: up to 64-bit decimal: 2^64-1 is a number (above 32 bits), 2^64 is not. */
static void test_packet_no_64bit_limits(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:18446744073709551615:alice:PC01:64:\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 IT(PACKET_NO, 0, "18446744073709551615", UINT64_MAX),
                 PROB(PACKETNO_OVER_32BIT, 1, "18446744073709551615"),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 IT(COMMAND, 0, "64", 64),
                 IT(MODE, 1, "64", 0x40),
                 OPTS(1, "64", 0, MESSAGE));
    assert_true(p->msg->packet_no_ok);
    assert_true(p->msg->packet_no == UINT64_MAX);

    p = PARSE("1:18446744073709551616:alice:PC01:64:\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 PROB(NUMBER_OVERFLOW, 0, "18446744073709551616"),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 IT(COMMAND, 0, "64", 64),
                 IT(MODE, 1, "64", 0x40),
                 OPTS(1, "64", 0, MESSAGE));
    assert_false(p->msg->packet_no_ok);
    assert_true(p->msg->header_ok);
    assert_true(p->msg->command_ok);

    /* 21 digits: the value decides, not the length. */
    p = PARSE("1:018446744073709551615:alice:PC01:64:\0");
    EXPECT_PROBLEMS(p, PB(PACKETNO_OVER_32BIT, "018446744073709551615"));
    assert_true(p->msg->packet_no == UINT64_MAX);
    p = PARSE("1:100000000000000000000:alice:PC01:64:\0");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "100000000000000000000"));
    assert_false(p->msg->packet_no_ok);
    p = PARSE("1:99999999999999999999:alice:PC01:64:\0");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "99999999999999999999"));
}

/* §2.1: CommandNo is unsigned 32-bit decimal, low 8 bits mode, high 24 options. */
static void test_command_32bit_limits(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:alice:PC01:4294967295:\0");
    const struct ipmsg_msg *m = p->msg;
    assert_true(m->command_ok);
    assert_int_equal(m->command, UINT32_MAX);
    assert_int_equal(m->mode, 0xff);
    assert_int_equal(m->options, 0xffffff00u);
    /* 0xFF is only iptux's ASKSHARED; most of the bits mean nothing to it. */
    assert_non_null(m->cmd);
    assert_string_equal(m->cmd->name, "IPTUX_ASKSHARED");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 IT_AT(PACKET_NO, 0, 2, "1", 1),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 IT(COMMAND, 0, "4294967295", UINT32_MAX),
                 IT(MODE, 1, "4294967295", 0xff),
                 OPTS(1, "4294967295", 0xffffff00u, IPTUX_SHARED),
                 PROB_D(OPTIONS_UNKNOWN, 1, "4294967295", 0xBE7EFF00u));

    p = PARSE("1:1:alice:PC01:4294967296:\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 IT_AT(PACKET_NO, 0, 2, "1", 1),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 PROB(COMMAND_OVERFLOW, 0, "4294967296"));
    assert_false(p->msg->command_ok);
    assert_null(p->msg->cmd);

    /* 2^64 and beyond are command overflows too, not "not numeric". */
    p = PARSE("1:1:alice:PC01:18446744073709551616:\0");
    EXPECT_PROBLEMS(p, PB(COMMAND_OVERFLOW, "18446744073709551616"));
}

/* An unknown mode keeps its body as opaque text. */
static void test_command_unknown(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:9:alice:PC01:5:what is this\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 IT(PACKET_NO, 0, "9", 9),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 IT(COMMAND, 0, "5", 5),
                 IT(MODE, 1, "5", 5),
                 PROB(COMMAND_UNKNOWN, 1, "5"),
                 OPTS(1, "5", 0, MESSAGE),
                 IT(BODY, 0, "what is this", 0));
    /* the problem sits between mode and options */
    assert_int_equal(p->msg->items[8].field, IPMSG_F_PROBLEM);
    assert_null(p->msg->cmd);
    assert_true(p->msg->command_ok);
}

/* §4.1: option bits the command's family does not name. */
static void test_options_unknown(void **state)
{
    (void)state;
    /* 0x400 is BROADCASTOPT for messages but nothing for an entry. */
    struct pkt *p = PARSE("1:9:alice:PC01:1025:Alice\0\0");
    EXPECT_PROBLEMS(p, PB(OPTIONS_UNKNOWN, "1025"));
    assert_int_equal(p->msg->family, IPMSG_FAM_ENTRY);
    /* The same bit on SENDMSG is known. */
    p = PARSE("1:9:alice:PC01:1056:hi\0");
    EXPECT_NO_PROBLEMS(p);
}

/* §4.2/§9: Windows re-sends BR_ISGETLIST2 with RETRYOPT (0x4000); that is a
 * documented use of the bit, not an unknown option. */
static void test_isgetlist2_retry(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000100:alice:PC01:16408:\0");
    assert_non_null(p->msg->cmd);
    assert_string_equal(p->msg->cmd->name, "BR_ISGETLIST2");
    assert_int_equal(p->msg->options, 0x4000);
    EXPECT_NO_PROBLEMS(p);
    assert_string_equal(pkt_summary(p), "BR_ISGETLIST2 [RETRY] #1700000100 alice@PC01");
}

/* §2.2: the version field and its dialects. */
static void test_version_dialects(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1@shiyeline:1:alice:PC01:32:hi\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1@shiyeline", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1@shiyeline", IPMSG_DIALECT_OTHER),
                 IT(VENDOR, 1, "shiyeline", 0),
                 HDR_AT_(12, "1", 1, "alice", "PC01", "32", 32, MESSAGE),
                 IT(MESSAGE, 0, "hi", 0));
    assert_int_equal(p->msg->dialect, IPMSG_DIALECT_OTHER);

    /* iptux master: any version after "1_iptux ". */
    p = PARSE("1_iptux 0.10.0:1:alice:debian:32:hi\0");
    assert_int_equal(p->msg->dialect, IPMSG_DIALECT_IPTUX);
    assert_int_equal(p->msg->items[3].field, IPMSG_F_IPTUX_VERSION);
    assert_int_equal(p->msg->items[3].off, 8);
    assert_int_equal(p->msg->items[3].len, 6);
    EXPECT_NO_PROBLEMS(p);

    /* Not format 1. */
    p = PARSE("2:1:alice:PC01:32:hi\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "2", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "2", 2),
                 PROB_AT(VERSION_UNKNOWN, 1, 0, "2"),
                 GEN_AT(DIALECT, 1, 0, "2", IPMSG_DIALECT_OFFICIAL),
                 HDR_AT_(2, "1", 1, "alice", "PC01", "32", 32, MESSAGE),
                 IT(MESSAGE, 0, "hi", 0));

    /* No digits at all: not an IPMsg version. */
    p = PARSE("v1:1:alice:PC01:32:hi\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "v1", 0),
                 PROB_AT(VERSION_UNKNOWN, 1, 0, "v1"),
                 GEN_AT(DIALECT, 1, 0, "v1", IPMSG_DIALECT_UNKNOWN),
                 HDR_AT_(3, "1", 1, "alice", "PC01", "32", 32, MESSAGE),
                 IT(MESSAGE, 0, "hi", 0));
    assert_int_equal(p->msg->dialect, IPMSG_DIALECT_UNKNOWN);

    /* Empty version. */
    p = PARSE(":1:alice:PC01:32:hi\0");
    EXPECT_PROBLEMS(p, PB_AT(VERSION_UNKNOWN, 0, ""));
    assert_int_equal(p->msg->dialect, IPMSG_DIALECT_UNKNOWN);
}

/* §8: Windows' last re-send appends 64 NULs: padding, not sections. */
static void test_trailing_nul_padding(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000010:alice:PC01:288:Hello\nworld\0" NUL64);
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000010", 1700000010, "alice", "PC01", "288", 288, MESSAGE),
                 IT(MESSAGE, 0, "Hello\nworld", 0),
                 IT_AT(PADDING, 0, 40, NUL64, 0));
    assert_int_equal(p->len, 104);

    /* Padding after a packet whose last section has no NUL of its own
     * (§2.3: the Windows file list): the first NUL ends the section. */
    p = PARSE("1:1:alice:PC01:2097440:x\0" "0:a.txt:1:2:1:\a" NUL64);
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(count_field(p, IPMSG_F_SECTION), 0);
    assert_int_equal(count_field(p, IPMSG_F_PADDING), 1);
    const struct ipmsg_item *pad = &p->msg->items[p->msg->n_items - 1];
    assert_int_equal(pad->field, IPMSG_F_PADDING);
    assert_int_equal(pad->off, 41);
    assert_int_equal(pad->len, 63);
    assert_int_equal(p->msg->n_files, 1);

    /* A single NUL beyond the terminator is padding as well. */
    p = PARSE("1:1:alice:PC01:33:7\0\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "33", 33, MESSAGE),
                 IT_AT(REF_PACKET_NO, 0, 18, "7", 7),
                 IT_AT(PADDING, 0, 20, "\0", 0));
}

/* Data after the expected sections. */
static void test_unexpected_sections(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:alice:PC01:33:7\0junk\0more\0\0\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "33", 33, MESSAGE),
                 IT_AT(REF_PACKET_NO, 0, 18, "7", 7),
                 IT(SECTION, 0, "junk", 0),
                 PROB(SECTION_UNEXPECTED, 0, "junk"),
                 IT(SECTION, 0, "more", 0),
                 PROB(SECTION_UNEXPECTED, 0, "more"),
                 IT_AT(PADDING, 0, 30, "\0\0", 0));

    /* GETINFO has no body: a text is unexpected. */
    p = PARSE("1:1:alice:PC01:64:hello\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "64", 64, MESSAGE),
                 IT(SECTION, 0, "hello", 0),
                 PROB(SECTION_UNEXPECTED, 0, "hello"));
}

/* The empty buffer and buffers without any NUL. */
static void test_empty_and_no_nul(void **state)
{
    (void)state;
    struct pkt *p = pkt_parse("", 0, IPMSG_UDP);
    EXPECT_ITEMS(p, PROB_AT(HEADER_MISSING, 0, 0, ""));
    assert_false(p->msg->header_ok);
    assert_int_equal(p->msg->dialect, IPMSG_DIALECT_UNKNOWN);
    assert_false(ipmsg_span_present(p->msg->version));
    assert_false(ipmsg_span_present(p->msg->summary));

    p = PARSE("hello");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "hello", 0),
                 PROB_AT(VERSION_UNKNOWN, 1, 0, "hello"),
                 GEN_AT(DIALECT, 1, 0, "hello", IPMSG_DIALECT_UNKNOWN),
                 PROB_AT(HEADER_MISSING, 0, 0, "hello"));

    /* A lone NUL. */
    p = PARSE("\0");
    EXPECT_ITEMS(p, PROB_AT(HEADER_MISSING, 0, 0, ""));

    /* A complete packet without NUL (§2.1: valid). */
    p = PARSE("1:2:alice:PC01:32:text");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("2", 2, "alice", "PC01", "32", 32, MESSAGE),
                 IT(MESSAGE, 0, "text", 0));
    /* ... and one that stops right after the fifth ':'. */
    p = PARSE("1:2:alice:PC01:32:");
    EXPECT_ITEMS(p, HDR_OFFICIAL("2", 2, "alice", "PC01", "32", 32, MESSAGE));
    assert_int_equal(p->msg->body.off, 18);
    assert_int_equal(p->msg->body.len, 0);
    /* ... and one that stops inside the command. */
    p = PARSE("1:2:alice:PC01:32");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1", IPMSG_DIALECT_OFFICIAL),
                 IT_AT(PACKET_NO, 0, 2, "2", 2),
                 IT(USER, 0, "alice", 0),
                 IT(HOST, 0, "PC01", 0),
                 IT(COMMAND, 0, "32", 32),
                 IT(MODE, 1, "32", 0x20),
                 OPTS(1, "32", 0, MESSAGE),
                 PROB_AT(HEADER_MISSING, 0, 0, "1:2:alice:PC01:32"));
}

/* ipmsg_find_item: the first item of a field. */
static void test_find_item(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000000:alice:PC01:90439681:Alice\0Sales\0\nUN:alice\nHN:PC01\nNN:Alice\nGN:Sales");
    const struct ipmsg_item *it = ipmsg_find_item(p->msg, IPMSG_F_GROUP);
    assert_non_null(it);
    assert_string_equal(pkt_span_str(p, (struct ipmsg_span){it->off, it->len}), "Sales");
    it = ipmsg_find_item(p->msg, IPMSG_F_UTF8_GROUP);
    assert_non_null(it);
    assert_true(it->off > 30);
    assert_null(ipmsg_find_item(p->msg, IPMSG_F_MESSAGE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_header_fields),
        TEST(test_find_item),
        TEST(test_header_missing_fields),
        TEST(test_header_four_fields),
        TEST(test_header_not_numeric),
        TEST(test_header_empty_numbers),
        TEST(test_packet_no_over_32bit),
        TEST(test_packet_no_64bit_limits),
        TEST(test_command_32bit_limits),
        TEST(test_command_unknown),
        TEST(test_options_unknown),
        TEST(test_isgetlist2_retry),
        TEST(test_version_dialects),
        TEST(test_trailing_nul_padding),
        TEST(test_unexpected_sections),
        TEST(test_empty_and_no_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
