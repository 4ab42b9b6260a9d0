/* ipmsg_parse.c, the additional section by command: references, texts,
 * host-list requests, TCP file requests, iptux commands, the TCP request
 * length, and ipmsg_looks_like.  The header itself is in test_parse.c.
 * Expectations: docs/ipmsg-protocol.md §3, §6.4-§6.6, §8, §10. */
#include "item_assert.h"

#include <string.h>

#define NUL8 "\0\0\0\0\0\0\0\0"
#define NUL64 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8 NUL8

/* ---- dispatch by command ------------------------------------------------ */

/* §10 #5: RECVMSG, official and iptux (289 = SENDCHECKOPT|RECVMSG, §4.5: not an error). */
static void test_recvmsg_ref(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000011:bob:PC02:33:1700000010\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000011", 1700000011, "bob", "PC02", "33", 33, MESSAGE),
                 IT_AT(REF_PACKET_NO, 0, 25, "1700000010", 1700000010));
    assert_true(p->msg->has_ref_packet_no);
    assert_true(p->msg->ref_packet_no == 1700000010u);
    assert_string_equal(pkt_summary(p), "RECVMSG #1700000011 bob@PC02: ref #1700000010");

    p = PARSE("1_iptux 0.8.3:5:bob:debian:289:1700000010\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("5", 5, "bob", "debian", "289", 289, MESSAGE),
                 IT(REF_PACKET_NO, 0, "1700000010", 1700000010));
    assert_true(p->msg->ref_packet_no == 1700000010u);
    assert_string_equal(pkt_summary(p), "RECVMSG [SENDCHECK] #5 bob@debian: ref #1700000010");
}

/* READMSG, DELMSG, ANSREADMSG and RELEASEFILES carry a decimal PacketNo (§3.1, §8). */
static void test_ref_commands(void **state)
{
    (void)state;
    static const struct named_pkt rows[] = {
        {LIT("1:1700000012:bob:PC02:48:1700000010\0"), "READMSG"},
        {LIT("1:1700000012:bob:PC02:49:1700000010\0"), "DELMSG"},
        {LIT("1:1700000012:bob:PC02:50:1700000010\0"), "ANSREADMSG"},
        {LIT("1:1700000012:bob:PC02:97:1700000010\0"), "RELEASEFILES"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct pkt *p = pkt_parse(rows[i].pkt, rows[i].len, IPMSG_UDP);
        assert_string_equal(p->msg->cmd->name, rows[i].name);
        EXPECT_NO_PROBLEMS(p);
        assert_true(p->msg->has_ref_packet_no);
        assert_true(p->msg->ref_packet_no == 1700000010u);
        assert_int_equal(p->msg->n_items, 10);
        assert_int_equal(p->msg->items[9].field, IPMSG_F_REF_PACKET_NO);
        assert_int_equal(p->msg->items[9].off, 25);
        assert_int_equal(p->msg->items[9].len, 10);
    }

    struct pkt *p = PARSE("1:1:bob:PC02:33:12ab\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "bob", "PC02", "33", 33, MESSAGE),
                 PROB(NOT_DECIMAL, 0, "12ab"));
    assert_false(p->msg->has_ref_packet_no);
    p = PARSE("1:1:bob:PC02:33:18446744073709551616\0");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "18446744073709551616"));
    /* an empty reference is simply absent */
    p = PARSE("1:1:bob:PC02:33:\0");
    EXPECT_NO_PROBLEMS(p);
    assert_false(p->msg->has_ref_packet_no);
}

/* §10 #11: absence query and answer; SENDINFO. */
static void test_info_texts(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000061:bob:PC02:80:\0");
    EXPECT_ITEMS(p, HDR_OFFICIAL("1700000061", 1700000061, "bob", "PC02", "80", 80, MESSAGE));
    assert_string_equal(pkt_summary(p), "GETABSENCEINFO #1700000061 bob@PC02");

    p = PARSE("1:1700000062:alice:PC01:81:Out to lunch\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000062", 1700000062, "alice", "PC01", "81", 81, MESSAGE),
                 IT(ABSENCE_TEXT, 0, "Out to lunch", 0));
    assert_int_equal(p->msg->summary_field, IPMSG_F_ABSENCE_TEXT);
    assert_string_equal(pkt_span_str(p, p->msg->summary), "Out to lunch");

    p = PARSE("1:1700000063:alice:PC01:65:Win64 Ver5.06\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000063", 1700000063, "alice", "PC01", "65", 65, MESSAGE),
                 IT(INFO_TEXT, 0, "Win64 Ver5.06", 0));
    assert_int_equal(p->msg->summary_field, IPMSG_F_INFO_TEXT);

    p = PARSE("1:1700000064:alice:PC01:64:\0");
    EXPECT_ITEMS(p, HDR_OFFICIAL("1700000064", 1700000064, "alice", "PC01", "64", 64, MESSAGE));
}

/* §3.1 GETLIST: decimal start position. */
static void test_getlist(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:alice:PC01:18:100\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "18", 18, ENTRY),
                 IT(LIST_START, 0, "100", 100));
    p = PARSE("1:1:alice:PC01:18:x1\0");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "x1"));
    p = PARSE("1:1:alice:PC01:18:4294967296\0");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "4294967296"));
}

/* §10 #9 and §6.4: GETFILEDATA over TCP, Windows and iptux forms. */
static void test_getfiledata(void **state)
{
    (void)state;
    struct pkt *p = PARSE_TCP("1:1700000050:bob:PC02:96:6553f114:0:0:\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000050", 1700000050, "bob", "PC02", "96", 96, FILEREQ),
                 IT_AT(REQ_PACKET_NO, 0, 25, "6553f114", 1700000020),
                 IT_AT(REQ_FILE_ID, 0, 34, "0", 0),
                 IT_AT(REQ_OFFSET, 0, 36, "0", 0));
    const struct ipmsg_msg *m = p->msg;
    assert_true(m->has_ref_packet_no);
    assert_true(m->ref_packet_no == 1700000020u);
    assert_int_equal(m->file_id, 0);
    assert_true(m->file_offset == 0);
    assert_int_equal(m->cmd->transport, IPMSG_TCP);
    assert_string_equal(pkt_summary(p), "GETFILEDATA #1700000050 bob@PC02: file 0 of #1700000020");

    p = PARSE_TCP("1_iptux 0.8.3:7:bob:debian:2097248:6553f114:0:10000\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("7", 7, "bob", "debian", "2097248", 2097248, FILEREQ),
                 IT_AT(REQ_PACKET_NO, 0, 35, "6553f114", 1700000020),
                 IT_AT(REQ_FILE_ID, 0, 44, "0", 0),
                 IT_AT(REQ_OFFSET, 0, 46, "10000", 0x10000));
    assert_true(p->msg->file_offset == 65536);
    assert_string_equal(pkt_summary(p),
                        "GETFILEDATA [FILEATTACH] #7 bob@debian: file 0 of #1700000020 from offset 65536");

    /* FeiQ-RE form: hex(pkt):hex(fid):hex(offset): with a non-zero id. */
    p = PARSE_TCP("1:1:bob:PC02:96:6553f114:2a:ff:\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->file_id, 0x2a);
    assert_true(p->msg->file_offset == 0xff);
}

/* §10 #10 and §6.5: GETDIRFILES, Windows (trailing ':') and iptux (":0", an
 * offset that is always 0: seen from real iptux 0.8.3, samples/iptux-session). */
static void test_getdirfiles(void **state)
{
    (void)state;
    struct pkt *p = PARSE_TCP("1:1700000051:bob:PC02:98:6553f114:1:\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000051", 1700000051, "bob", "PC02", "98", 98, FILEREQ),
                 IT_AT(REQ_PACKET_NO, 0, 25, "6553f114", 1700000020),
                 IT_AT(REQ_FILE_ID, 0, 34, "1", 1));
    assert_int_equal(p->msg->file_id, 1);
    assert_string_equal(pkt_summary(p), "GETDIRFILES #1700000051 bob@PC02: file 1 of #1700000020");

    p = PARSE_TCP("1_iptux 0.8.3:8:bob:debian:2097250:6553f114:1:0\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("8", 8, "bob", "debian", "2097250", 2097250, FILEREQ),
                 IT_AT(REQ_PACKET_NO, 0, 35, "6553f114", 1700000020),
                 IT_AT(REQ_FILE_ID, 0, 44, "1", 1),
                 IT_AT(REQ_OFFSET, 0, 46, "0", 0));
    EXPECT_NO_PROBLEMS(p);
    assert_string_equal(pkt_summary(p), "GETDIRFILES [FILEATTACH] #8 bob@debian: file 1 of #1700000020");
}

/* File requests lacking their fields. */
static void test_file_request_malformed(void **state)
{
    (void)state;
    struct pkt *p = PARSE_TCP("1:1:bob:PC02:96:6553f114\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "bob", "PC02", "96", 96, FILEREQ),
                 IT(REQ_PACKET_NO, 0, "6553f114", 1700000020),
                 PROB(REQ_MISSING_FIELDS, 0, "6553f114"));

    /* An empty request: the problem marks the (empty) additional section. */
    p = PARSE_TCP("1:1:bob:PC02:96:\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "bob", "PC02", "96", 96, FILEREQ),
                 PROB_AT(REQ_MISSING_FIELDS, 0, 16, ""));
    p = PARSE_TCP("1:1:bob:PC02:98:");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "bob", "PC02", "98", 98, FILEREQ),
                 PROB_AT(REQ_MISSING_FIELDS, 0, 16, ""));

    p = PARSE_TCP("1:1:bob:PC02:96:zz:0:0:\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "bob", "PC02", "96", 96, FILEREQ),
                 PROB(NOT_HEX, 0, "zz"),
                 IT_AT(REQ_FILE_ID, 0, 19, "0", 0),
                 IT_AT(REQ_OFFSET, 0, 21, "0", 0));
    assert_false(p->msg->has_ref_packet_no);

    /* the file id is 32-bit */
    p = PARSE_TCP("1:1:bob:PC02:96:6553f114:100000000:0:\0");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "100000000"));
    p = PARSE_TCP("1:1:bob:PC02:96:6553f114:ffffffff:0:\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->file_id, UINT32_MAX);
}

/* §3.3 and §6.6: iptux's own commands. */
static void test_iptux_commands(void **state)
{
    (void)state;
    /* IPTUX_SENDICON: empty text, then the raw image. */
    struct pkt *p = PARSE("1_iptux 0.8.3:3:alice:debian:254:\0\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("3", 3, "alice", "debian", "254", 254, MESSAGE),
                 IT_AT(IPTUX_ICON_DATA, 0, 34, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 0));

    /* IPTUX_SENDSUBLAYER over TCP: 509 photo, 765 chat picture. */
    p = PARSE_TCP("1_iptux 0.8.3:4:alice:debian:509:\0\xff\xd8\xff\xe0\0\x10JFIF");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("4", 4, "alice", "debian", "509", 509, IPTUX_SUBLAYER),
                 IT_AT(DATA, 0, 34, "\xff\xd8\xff\xe0\0\x10JFIF", 0));
    assert_string_equal(pkt_summary(p), "IPTUX_SENDSUBLAYER [PHOTOPIC] #4 alice@debian");
    p = PARSE_TCP("1_iptux 0.8.3:4:alice:debian:765:\0\xff\xd8");
    EXPECT_NO_PROBLEMS(p);
    assert_string_equal(pkt_summary(p), "IPTUX_SENDSUBLAYER [MSGPIC] #4 alice@debian");

    /* IPTUX_SEND_SIGN: the signature text. */
    p = PARSE("1_iptux 0.8.3:5:alice:debian:252:Hacking away\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("5", 5, "alice", "debian", "252", 252, MESSAGE),
                 IT(IPTUX_SIGNATURE, 0, "Hacking away", 0));

    /* IPTUX_ASKSHARED with IPTUX_PASSWDOPT: the password. */
    p = PARSE("1_iptux 0.8.3:6:alice:debian:1073742079:secret\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("6", 6, "alice", "debian", "1073742079", 1073742079, IPTUX_SHARED),
                 IT(IPTUX_PASSWORD, 0, "secret", 0));
    assert_string_equal(pkt_summary(p), "IPTUX_ASKSHARED [IPTUX_PASSWD] #6 alice@debian: \"secret\"");
}

/* §4.4: IPTUX_SENDMSG's kind is a value in 0x700: regular, segment, group, broadcast. */
static void test_iptux_sendmsg_kinds(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1_iptux 0.8.3:11:alice:debian:1019:hi all\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("11", 11, "alice", "debian", "1019", 1019, IPTUX_MSG),
                 IT(IPTUX_MSGKIND, 1, "1019", 0x300),
                 IT(MESSAGE, 0, "hi all", 0));
    assert_string_equal(pkt_summary(p), "IPTUX_SENDMSG [Group] #11 alice@debian: \"hi all\"");

    static const struct {
        const char *pkt;
        size_t len;
        uint32_t kind;
        const char *summary;
    } rows[] = {
        {LIT("1_iptux 0.8.3:12:alice:debian:507:x\0"), 0x100, "IPTUX_SENDMSG [Regular] #12 alice@debian: \"x\""},
        {LIT("1_iptux 0.8.3:12:alice:debian:763:x\0"), 0x200, "IPTUX_SENDMSG [Segment] #12 alice@debian: \"x\""},
        {LIT("1_iptux 0.8.3:12:alice:debian:1019:x\0"), 0x300, "IPTUX_SENDMSG [Group] #12 alice@debian: \"x\""},
        {LIT("1_iptux 0.8.3:12:alice:debian:1275:x\0"), 0x400, "IPTUX_SENDMSG [Broadcast] #12 alice@debian: \"x\""},
        {LIT("1_iptux 0.8.3:12:alice:debian:251:x\0"), 0, "IPTUX_SENDMSG #12 alice@debian: \"x\""},
        /* 0x500 names no kind: shown as the number */
        {LIT("1_iptux 0.8.3:12:alice:debian:1531:x\0"), 0x500, "IPTUX_SENDMSG [0x500] #12 alice@debian: \"x\""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        p = pkt_parse(rows[i].pkt, rows[i].len, IPMSG_UDP);
        assert_int_equal(p->msg->family, IPMSG_FAM_IPTUX_MSG);
        assert_int_equal(count_field(p, IPMSG_F_IPTUX_MSGKIND), 1);
        const struct ipmsg_item *kind = &p->msg->items[10];
        assert_int_equal(kind->field, IPMSG_F_IPTUX_MSGKIND);
        assert_int_equal(kind->value, rows[i].kind);
        assert_string_equal(pkt_summary(p), rows[i].summary);
    }
}

/* ---- ipmsg_tcp_request_len ---------------------------------------------- */

static void test_tcp_request_len(void **state)
{
    (void)state;
    static const char req[] = "1:1700000050:bob:PC02:96:6553f114:0:0:\0";
    assert_int_equal(ipmsg_tcp_request_len((const uint8_t *)req, sizeof req - 1), 39);
    /* whatever follows the NUL is not part of the request */
    static const char more[] = "1:1700000050:bob:PC02:96:6553f114:0:0:\0HELLO\0";
    assert_int_equal(ipmsg_tcp_request_len((const uint8_t *)more, sizeof more - 1), 39);
    /* a request split across segments: no NUL yet */
    uint8_t *part = pkt_bytes(req, 20);
    assert_int_equal(ipmsg_tcp_request_len(part, 20), 0);
    assert_int_equal(ipmsg_tcp_request_len(pkt_bytes(req, 38), 38), 0);
    assert_int_equal(ipmsg_tcp_request_len(pkt_bytes("", 0), 0), 0);
    assert_int_equal(ipmsg_tcp_request_len(pkt_bytes("\0", 1), 1), 1);
    /* iptux SENDSUBLAYER: header, NUL, then raw data */
    static const char sub[] = "1_iptux 0.8.3:4:alice:debian:509:\0\xff\xd8\0\0";
    assert_int_equal(ipmsg_tcp_request_len(pkt_bytes(sub, sizeof sub - 1), sizeof sub - 1), 34);
}

/* ---- ipmsg_looks_like ---------------------------------------------------- */

static bool looks(const char *data, size_t len)
{
    return ipmsg_looks_like(pkt_bytes(data, len), len);
}
#define LOOKS(lit) looks((lit), sizeof(lit) - 1)

/* Every example packet of §10 that has a proper header. */
static void test_looks_like_real_packets(void **state)
{
    (void)state;
    assert_true(LOOKS("1:1700000000:alice:PC01:90439681:Alice\0Sales\0\nUN:alice\nHN:PC01\nNN:Alice\nGN:Sales\nVS:"
                      "00010002:5:6:104"));
    assert_true(LOOKS("1:1700000001:taro:PC02:16777217:?\0\0\nUN:taro\nHN:PC02\nNN:\xe5\xa4\xaa\xe9\x83\x8e"));
    assert_true(LOOKS("1_iptux 0.8.3:1:alice:debian:257:alice\0dev\0icon-tux.png\0utf-8\0"));
    assert_true(LOOKS("1:1700000010:alice:PC01:288:Hello\nworld\0"));
    assert_true(LOOKS("1:1700000011:bob:PC02:33:1700000010\0"));
    assert_true(LOOKS("1_iptux 0.8.3:5:bob:debian:289:1700000010\0"));
    assert_true(LOOKS("1:1700000020:alice:PC01:2097440:two files\0"
                      "0:a::b.txt:1a2b:6553f0f0:1:\a1:photos:0:6553f0f1:2:\a"));
    assert_true(LOOKS("1_iptux 0.8.3:10:alice:debian:2097184:\0"
                      "0:a::b.txt:1a2b:6553f0f0:1:\a:1:photos:5:6553f0f1:2:\a\0"));
    assert_true(LOOKS("1_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9:1700000030:Administrator:DESKTOP-1:288:"
                      "\xc4\xe3\xba\xc3{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 \xce\xa2\xc8\xed\xd1\xc5\xba\xda 8404992;}\0"));
    assert_true(LOOKS("1:1700000040:alice:PC01:4194592:820002:0a1b2c3d4e5f6071:8899aabbccddeeff0011223344556677\0"));
    assert_true(LOOKS("1:1700000050:bob:PC02:96:6553f114:0:0:\0"));
    assert_true(LOOKS("1_iptux 0.8.3:7:bob:debian:2097248:6553f114:0:10000\0"));
    assert_true(LOOKS("1:1700000051:bob:PC02:98:6553f114:1:\0"));
    assert_true(LOOKS("1:1700000060:alice:PC01:260:Alice[Away]\0Sales\0"));
    assert_true(LOOKS("1:1700000061:bob:PC02:80:\0"));
    assert_true(LOOKS("1:1700000062:alice:PC01:81:Out to lunch\0"));
    assert_true(LOOKS("1:1700000070:alice:PC01:114:820002\0"));
    assert_true(LOOKS("1:1700000071:bob:PC02:115:820002:10001-c0ffee0123456789\0"));
    assert_true(LOOKS("1_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9:1700000080:Administrator:DESKTOP-1:209:\0"));
    assert_true(LOOKS("1_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9:1700000081:Administrator:DESKTOP-1:121:\0"));
    assert_true(LOOKS("1_iptux 0.8.3:9:alice:debian:65538:\0"));
    assert_true(LOOKS("1:4294967296:alice:PC01:288:hi"));
    assert_true(LOOKS("1:1:a:b:2097440:x\0" "0:bad.txt:zz:1:1\a"));
    /* other dialects and forms */
    assert_true(LOOKS("1@shiyeline:1:alice:PC01:32:hi\0"));
    assert_true(LOOKS("1_lbt4_10#128#0C29D68D8F12#0#0#0:1:a:b:0:\0"));
    assert_true(LOOKS("1:18446744073709551615:alice:PC01:4294967295:\0"));
    /* §2.8: an IPDict datagram */
    assert_true(LOOKS("IP2:7:VER:1:3:Z"));
    /* the 64 NULs of a Windows re-send change nothing */
    assert_true(LOOKS("1:1700000010:alice:PC01:288:Hello\nworld\0" NUL64));
}

static void test_looks_like_rejects(void **state)
{
    (void)state;
    /* malformed examples §10 #15a/b */
    assert_false(LOOKS("1:123:alice\0"));
    assert_false(LOOKS("1:abc:alice:PC01:32x:hi\0"));
    /* only four colons */
    assert_false(LOOKS("1:2:3:4:hello world"));
    assert_false(LOOKS("1:2:3:4"));
    /* non-digit packet number or command */
    assert_false(LOOKS("1:12a:alice:PC01:32:hi\0"));
    assert_false(LOOKS("1:12:alice:PC01:3 2:hi\0"));
    assert_false(LOOKS("1:12:alice:PC01::hi\0"));
    assert_false(LOOKS("1::alice:PC01:32:hi\0"));
    /* a packet number of 21 digits, a command of 11 */
    assert_false(LOOKS("1:123456789012345678901:alice:PC01:32:hi\0"));
    assert_false(LOOKS("1:1:alice:PC01:12345678901:hi\0"));
    /* versions that are not "1" + a known kind of suffix */
    assert_false(LOOKS("2:1:alice:PC01:32:hello\0"));
    assert_false(LOOKS("10:1:alice:PC01:32:hello\0"));
    assert_false(LOOKS("1 :1:alice:PC01:32:hello\0"));
    assert_false(LOOKS("x1:1:alice:PC01:32:hello\0"));
    /* the header must end before the first NUL */
    assert_false(LOOKS("1:1:alice\0PC01:32:hello:\0"));
    /* too short to be a packet */
    assert_false(LOOKS("1:1:a:b:3"));
    assert_false(LOOKS(""));
    /* HTTP, DNS-like binary, TLS */
    assert_false(LOOKS("GET / HTTP/1.1\r\nHost: a:80\r\nX: 1:2:3:4:5\r\n\r\n"));
    assert_false(LOOKS("HTTP/1.1 200 OK\r\nDate: Mon, 27 Jul 2009 12:28:53 GMT\r\n\r\n"));
    assert_false(LOOKS("\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07\x65xample\x03\x63om\x00\x00\x01\x00\x01"));
    assert_false(LOOKS("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03:::::::"));
    /* the directory stream of §10 #10 is not a request */
    assert_false(LOOKS("0030:photos:000000000:2:14=6553f0f1:16=6553f0f1:"));
    /* IPDict prefix without its length */
    assert_false(LOOKS("IP2:zz:VER"));
    assert_false(LOOKS("IP2:"));
    assert_false(LOOKS("IP2:12345"));

    /* Pseudo-random payloads (fixed LCG: reproducible). */
    uint32_t x = 2425;
    uint8_t buf[200];
    for (int round = 0; round < 2000; round++) {
        size_t len = 10 + (size_t)(round % 190);
        for (size_t i = 0; i < len; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = (uint8_t)(x >> 16);
        }
        assert_false(looks((const char *)buf, len));
    }
}

/* ---- §10 #10: the directory stream (no request header) -------------------- */

static void test_dir_stream_example(void **state)
{
    (void)state;
    static const char stream[] = "0030:photos:000000000:2:14=6553f0f1:16=6553f0f1:"
                                 "002f:x.jpg:000000005:1:14=6553f0f2:16=6553f0f2:" "HELLO"
                                 "0023:.:0:3:14=6553f0f1:16=6553f0f1:";
    /* the header sizes the document gives: 0x30, 0x2f, 0x23 */
    assert_int_equal(strlen("0030:photos:000000000:2:14=6553f0f1:16=6553f0f1:"), 0x30);
    assert_int_equal(strlen("002f:x.jpg:000000005:1:14=6553f0f2:16=6553f0f2:"), 0x2f);
    assert_int_equal(strlen("0023:.:0:3:14=6553f0f1:16=6553f0f1:"), 0x23);
    assert_int_equal(sizeof stream - 1, 0x30 + 0x2f + 5 + 0x23);
    /* a response is not a request: no NUL, not IPMsg-looking */
    assert_int_equal(ipmsg_tcp_request_len(pkt_bytes(stream, sizeof stream - 1), sizeof stream - 1), 0);
    assert_false(looks(stream, sizeof stream - 1));
    /* parsed as if it were a packet it is not version 1 */
    struct pkt *p = pkt_parse(stream, sizeof stream - 1, IPMSG_TCP);
    assert_int_equal(p->msg->items[0].field, IPMSG_F_VERSION);
    assert_int_equal(count_problem(p, IPMSG_P_VERSION_UNKNOWN), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_recvmsg_ref),
        TEST(test_ref_commands),
        TEST(test_info_texts),
        TEST(test_getlist),
        TEST(test_getfiledata),
        TEST(test_getdirfiles),
        TEST(test_file_request_malformed),
        TEST(test_iptux_commands),
        TEST(test_iptux_sendmsg_kinds),
        TEST(test_tcp_request_len),
        TEST(test_looks_like_real_packets),
        TEST(test_looks_like_rejects),
        TEST(test_dir_stream_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
