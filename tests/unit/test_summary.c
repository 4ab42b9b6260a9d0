/* ipmsg_summary.c: the one-line summary (Info column), and through it every
 * command of the table: each row parses with its name, family, body kind
 * and transport, and summarises exactly.
 * Expectations: docs/ipmsg-protocol.md §3 (commands), §4 (option names),
 * §10 for the example bodies. */
#include "item_assert.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define FQ6 "1_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9"
#define FQ4_8 "1_lbt4_0#128#0C29D68D8F12#0#0#8"
#define IPTUX "1_iptux 0.8.3"
#define A16 "0123456789abcdef"
#define N1024 "c" A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 A16 "0123456789abcde"
#define DICT "IP2:7:VER:1:3:Z"

#define NONE (-1)
#define F(x) IPMSG_FAM_##x
#define B(x) IPMSG_BODY_##x
#define UDP IPMSG_UDP
#define TCP IPMSG_TCP

struct row {
    const char *pkt;
    size_t len;
    const char *name;
    enum ipmsg_family family;
    enum ipmsg_body body;
    enum ipmsg_transport transport;
    int key_field;          /* an item the body kind must produce, or NONE */
    const char *summary;
};

static const struct row rows[] = {
    /* §3.1 official commands */
    {LIT("1:100:alice:PC01:0:\0"), "NOOPERATION", F(ENTRY), B(ENTRY), UDP, IPMSG_F_NICKNAME,
     "NOOPERATION #100 alice@PC01"},
    {LIT("1:100:alice:PC01:1:Alice\0Sales\0"), "BR_ENTRY", F(ENTRY), B(ENTRY), UDP, IPMSG_F_GROUP,
     "BR_ENTRY #100 alice@PC01: \"Alice\""},
    {LIT("1:100:alice:PC01:2:Alice\0Sales\0"), "BR_EXIT", F(ENTRY), B(ENTRY), UDP, IPMSG_F_GROUP,
     "BR_EXIT #100 alice@PC01: \"Alice\""},
    {LIT("1:100:alice:PC01:3:Alice\0Sales\0\nVS:00010002:5:6:104"), "ANSENTRY", F(ENTRY), B(ENTRY), UDP,
     IPMSG_F_UTF8_BLOCK, "ANSENTRY #100 alice@PC01: \"Alice\""},
    {LIT("1:1700000060:alice:PC01:260:Alice[Away]\0Sales\0"), "BR_ABSENCE", F(ENTRY), B(ENTRY), UDP,
     IPMSG_F_GROUP, "BR_ABSENCE [ABSENCE] #1700000060 alice@PC01: \"Alice[Away]\""},
    {LIT("1:100:alice:PC01:16:\0"), "BR_ISGETLIST", F(ENTRY), B(ENTRY), UDP, IPMSG_F_NICKNAME,
     "BR_ISGETLIST #100 alice@PC01"},
    {LIT("1:100:alice:PC01:17:\0"), "OKGETLIST", F(ENTRY), B(ENTRY), UDP, IPMSG_F_NICKNAME,
     "OKGETLIST #100 alice@PC01"},
    {LIT("1:100:alice:PC01:18:0\0"), "GETLIST", F(ENTRY), B(LIST_START), UDP, IPMSG_F_LIST_START,
     "GETLIST #100 alice@PC01"},
    {LIT("1:100:alice:PC01:19:    0\a    1\aalice\aPC01\a256\a192.168.0.10\a2425\aAlice\aSales\a\0"), "ANSLIST",
     F(ENTRY), B(HOSTLIST), UDP, IPMSG_F_LIST_HOST, "ANSLIST #100 alice@PC01"},
    {LIT("1:100:alice:PC01:20:" DICT), "ANSLIST_DICT", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "ANSLIST_DICT #100 alice@PC01"},
    {LIT("1:100:alice:PC01:24:\0"), "BR_ISGETLIST2", F(ENTRY), B(ENTRY), UDP, IPMSG_F_NICKNAME,
     "BR_ISGETLIST2 #100 alice@PC01"},
    {LIT("1:100:alice:PC01:32:Hello\0"), "SENDMSG", F(MESSAGE), B(MESSAGE), UDP, IPMSG_F_MESSAGE,
     "SENDMSG #100 alice@PC01: \"Hello\""},
    {LIT("1:100:alice:PC01:33:99\0"), "RECVMSG", F(MESSAGE), B(REF_NO), UDP, IPMSG_F_REF_PACKET_NO,
     "RECVMSG #100 alice@PC01: ref #99"},
    {LIT("1:100:alice:PC01:48:99\0"), "READMSG", F(MESSAGE), B(REF_NO), UDP, IPMSG_F_REF_PACKET_NO,
     "READMSG #100 alice@PC01: ref #99"},
    {LIT("1:100:alice:PC01:49:99\0"), "DELMSG", F(MESSAGE), B(REF_NO), UDP, IPMSG_F_REF_PACKET_NO,
     "DELMSG #100 alice@PC01: ref #99"},
    {LIT("1:100:alice:PC01:50:99\0"), "ANSREADMSG", F(MESSAGE), B(REF_NO), UDP, IPMSG_F_REF_PACKET_NO,
     "ANSREADMSG #100 alice@PC01: ref #99"},
    {LIT("1:100:alice:PC01:64:\0"), "GETINFO", F(MESSAGE), B(NONE), UDP, NONE, "GETINFO #100 alice@PC01"},
    {LIT("1:100:alice:PC01:65:Win64 Ver5.06\0"), "SENDINFO", F(MESSAGE), B(INFO_TEXT), UDP, IPMSG_F_INFO_TEXT,
     "SENDINFO #100 alice@PC01: \"Win64 Ver5.06\""},
    {LIT("1:100:alice:PC01:80:\0"), "GETABSENCEINFO", F(MESSAGE), B(NONE), UDP, NONE,
     "GETABSENCEINFO #100 alice@PC01"},
    {LIT("1:100:alice:PC01:81:Out to lunch\0"), "SENDABSENCEINFO", F(MESSAGE), B(ABSENCE_TEXT), UDP,
     IPMSG_F_ABSENCE_TEXT, "SENDABSENCEINFO #100 alice@PC01: \"Out to lunch\""},
    {LIT("1:100:alice:PC01:96:64:0:0:\0"), "GETFILEDATA", F(FILEREQ), B(FILEREQ), TCP, IPMSG_F_REQ_OFFSET,
     "GETFILEDATA #100 alice@PC01: file 0 of #100"},
    {LIT("1:100:alice:PC01:97:99\0"), "RELEASEFILES", F(MESSAGE), B(REF_NO), UDP, IPMSG_F_REF_PACKET_NO,
     "RELEASEFILES #100 alice@PC01: ref #99"},
    {LIT("1:100:alice:PC01:98:64:1:\0"), "GETDIRFILES", F(FILEREQ), B(DIRREQ), TCP, IPMSG_F_REQ_FILE_ID,
     "GETDIRFILES #100 alice@PC01: file 1 of #100"},
    {LIT("1:100:alice:PC01:99:auth\0"), "DIRFILES_AUTH", F(FILEREQ), B(TEXT), TCP, IPMSG_F_BODY,
     "DIRFILES_AUTH #100 alice@PC01: \"auth\""},
    {LIT("1:100:alice:PC01:100:ok\0"), "DIRFILES_AUTHRET", F(FILEREQ), B(TEXT), TCP, IPMSG_F_BODY,
     "DIRFILES_AUTHRET #100 alice@PC01: \"ok\""},
    {LIT("1:100:alice:PC01:114:820002\0"), "GETPUBKEY", F(MESSAGE), B(PUBKEY_REQ), UDP, IPMSG_F_PUBKEY_CAPA,
     "GETPUBKEY #100 alice@PC01"},
    {LIT("1:100:alice:PC01:115:820002:10001-" N1024 "\0"), "ANSPUBKEY", F(MESSAGE), B(PUBKEY_ANS), UDP,
     IPMSG_F_PUBKEY_MODULUS, "ANSPUBKEY #100 alice@PC01"},
    {LIT("1:100:alice:PC01:160:" DICT), "AGENT_REQ", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "AGENT_REQ #100 alice@PC01"},
    {LIT("1:100:alice:PC01:161:" DICT), "AGENT_ANSREQ", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "AGENT_ANSREQ #100 alice@PC01"},
    {LIT("1:100:alice:PC01:162:" DICT), "AGENT_PACKET", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "AGENT_PACKET #100 alice@PC01"},
    {LIT("1:100:alice:PC01:163:" DICT), "AGENT_PROXYREQ", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "AGENT_PROXYREQ #100 alice@PC01"},
    {LIT("1:100:alice:PC01:176:\0\nVS:00010002:5:6:104"), "DIR_POLL", F(ENTRY), B(ENTRY), UDP, IPMSG_F_VS,
     "DIR_POLL #100 alice@PC01"},
    {LIT("1:100:alice:PC01:177:" DICT), "DIR_POLLAGENT", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "DIR_POLLAGENT #100 alice@PC01"},
    {LIT("1:100:alice:PC01:178:" DICT), "DIR_BROADCAST", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "DIR_BROADCAST #100 alice@PC01"},
    {LIT("1:100:alice:PC01:179:" DICT), "DIR_ANSBROAD", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "DIR_ANSBROAD #100 alice@PC01"},
    {LIT("1:100:alice:PC01:180:" DICT), "DIR_PACKET", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "DIR_PACKET #100 alice@PC01"},
    {LIT("1:100:alice:PC01:181:" DICT), "DIR_REQUEST", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "DIR_REQUEST #100 alice@PC01"},
    {LIT("1:100:alice:PC01:182:" DICT), "DIR_AGENTPACKET", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "DIR_AGENTPACKET #100 alice@PC01"},
    {LIT("1:100:alice:PC01:183:" DICT), "DIR_EVBROAD", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "DIR_EVBROAD #100 alice@PC01"},
    {LIT("1:100:alice:PC01:184:" DICT), "DIR_AGENTREJECT", F(ENTRY), B(IPDICT), UDP, IPMSG_F_IPDICT,
     "DIR_AGENTREJECT #100 alice@PC01"},
    /* §3.2 FeiQ */
    {LIT(FQ4_8 ":100:alice:PC01:4194339:\x01\x02\x03\x00\x05\x06\x07\x08"), "FEIQ_GROUPMSG", F(MESSAGE),
     B(FEIQ_GROUP), UDP, IPMSG_F_FEIQ_CIPHERTEXT, "FEIQ_GROUPMSG [ENCRYPT] #100 alice@PC01"},
    {LIT(FQ6 ":100:alice:PC01:119:\0"), "FEIQ_OPEN_YOU", F(MESSAGE), B(NONE), UDP, NONE,
     "FEIQ_OPEN_YOU #100 alice@PC01"},
    {LIT(FQ6 ":100:alice:PC01:121:\0"), "FEIQ_INPUTING", F(MESSAGE), B(NONE), UDP, NONE,
     "FEIQ_INPUTING #100 alice@PC01"},
    {LIT(FQ6 ":100:alice:PC01:122:\0"), "FEIQ_INPUT_END", F(MESSAGE), B(NONE), UDP, NONE,
     "FEIQ_INPUT_END #100 alice@PC01"},
    {LIT(FQ6 ":100:alice:PC01:176:help\0"), "FEIQ_REMOTE_ASSIST", F(MESSAGE), B(TEXT), UDP, IPMSG_F_BODY,
     "FEIQ_REMOTE_ASSIST #100 alice@PC01: \"help\""},
    {LIT(FQ6 ":100:alice:PC01:2097344:1a2b3c4d|1|0#\0\x89PNG"), "FEIQ_SENDIMAGE", F(MESSAGE), B(FEIQ_IMAGE), UDP,
     IPMSG_F_FEIQ_IMAGE_DATA, "FEIQ_SENDIMAGE [FILEATTACH] #100 alice@PC01"},
    {LIT(FQ6 ":100:alice:PC01:193:1a2b3c4d|0#\0"), "FEIQ_IMAGE_ACK", F(MESSAGE), B(FEIQ_IMAGE_ACK), UDP,
     IPMSG_F_FEIQ_IMAGE_ID, "FEIQ_IMAGE_ACK #100 alice@PC01"},
    {LIT(FQ4_8 ":100:alice:PC01:2097353:\x01\x02\x03\x00\x05\x06\x07\x08"), "FEIQ_GROUPINFO", F(MESSAGE),
     B(FEIQ_GROUP), UDP, IPMSG_F_FEIQ_CIPHERTEXT, "FEIQ_GROUPINFO [FILEATTACH] #100 alice@PC01"},
    {LIT(FQ6 ":100:alice:PC01:209:\0"), "FEIQ_KNOCK", F(MESSAGE), B(NONE), UDP, NONE,
     "FEIQ_KNOCK #100 alice@PC01"},
    {LIT(FQ6 ":100:alice:PC01:210:\0"), "FEIQ_KNOCK_ACK", F(MESSAGE), B(NONE), UDP, NONE,
     "FEIQ_KNOCK_ACK #100 alice@PC01"},
    /* §3.3 iptux */
    {LIT(IPTUX ":100:alice:debian:1019:hi all\0"), "IPTUX_SENDMSG", F(IPTUX_MSG), B(IPTUX_MSG), UDP,
     IPMSG_F_IPTUX_MSGKIND, "IPTUX_SENDMSG [Group] #100 alice@debian: \"hi all\""},
    {LIT(IPTUX ":100:alice:debian:252:busy\0"), "IPTUX_SEND_SIGN", F(MESSAGE), B(IPTUX_SIGN), UDP,
     IPMSG_F_IPTUX_SIGNATURE, "IPTUX_SEND_SIGN #100 alice@debian: \"busy\""},
    {LIT(IPTUX ":100:alice:debian:509:\0\xff\xd8"), "IPTUX_SENDSUBLAYER", F(IPTUX_SUBLAYER), B(IPTUX_SUBLAYER), TCP,
     IPMSG_F_DATA, "IPTUX_SENDSUBLAYER [PHOTOPIC] #100 alice@debian"},
    {LIT(IPTUX ":100:alice:debian:254:\0\x89PNG"), "IPTUX_SENDICON", F(MESSAGE), B(IPTUX_ICON), UDP,
     IPMSG_F_IPTUX_ICON_DATA, "IPTUX_SENDICON #100 alice@debian"},
    {LIT(IPTUX ":100:alice:debian:1073742079:pw\0"), "IPTUX_ASKSHARED", F(IPTUX_SHARED), B(IPTUX_ASKSHARED), UDP,
     IPMSG_F_IPTUX_PASSWORD, "IPTUX_ASKSHARED [IPTUX_PASSWD] #100 alice@debian: \"pw\""},
};

/* Every command row: its packet is clean, dispatched to the right body, and
 * summarised exactly.  Every row of ipmsg_commands is reached. */
static void test_every_command(void **state)
{
    (void)state;
    bool seen[64] = {false};
    assert_true(ipmsg_n_commands <= sizeof seen / sizeof seen[0]);
    assert_int_equal(sizeof rows / sizeof rows[0], 55);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        struct pkt *p = pkt_parse(r->pkt, r->len, r->transport);
        const struct ipmsg_msg *m = p->msg;
        if (!m->cmd || strcmp(m->cmd->name, r->name) != 0) {
            pkt_dump(p);
            fail_msg("row %zu: command %s, expected %s", i, m->cmd ? m->cmd->name : "(none)", r->name);
        }
        assert_true(m->header_ok);
        assert_true(m->command_ok);
        assert_int_equal(m->cmd->family, r->family);
        assert_int_equal(m->family, r->family);
        assert_int_equal(m->cmd->body, r->body);
        assert_int_equal(m->cmd->transport, r->transport);
        assert_int_equal(m->cmd->mode, m->mode);
        if (m->n_problems != 0) {
            pkt_dump(p);
            fail_msg("row %zu (%s): unexpected problems", i, r->name);
        }
        if (r->key_field != NONE && count_field(p, r->key_field) == 0) {
            pkt_dump(p);
            fail_msg("row %zu (%s): no %s item", i, r->name, ipmsg_field_infos[r->key_field].abbrev);
        }
        const char *s = pkt_summary(p);
        if (strcmp(s, r->summary) != 0)
            fail_msg("row %zu: summary \"%s\", expected \"%s\"", i, s, r->summary);
        seen[m->cmd - ipmsg_commands] = true;
    }
    for (size_t k = 0; k < ipmsg_n_commands; k++)
        if (!seen[k])
            fail_msg("command row %zu (%s) not covered", k, ipmsg_commands[k].name);
}

/* Header trouble replaces the command name. */
static void test_malformed_headers(void **state)
{
    (void)state;
    assert_string_equal(pkt_summary(PARSE("1:123:alice\0")), "Malformed header #123 alice");
    assert_string_equal(pkt_summary(pkt_parse("", 0, IPMSG_UDP)), "Malformed header");
    assert_string_equal(pkt_summary(PARSE("1:abc:alice:PC01:32x:hi\0")), "Invalid command alice@PC01: \"hi\"");
    assert_string_equal(pkt_summary(PARSE("1:4294967296:alice:PC01:288:hi")),
                        "SENDMSG [SENDCHECK] #4294967296 alice@PC01: \"hi\"");
    assert_string_equal(pkt_summary(PARSE("1:9:alice:PC01:5:what is this\0")),
                        "Unknown command 0x05 #9 alice@PC01: \"what is this\"");
    assert_string_equal(pkt_summary(PARSE("1:9:alice:PC01:255:\0")), "IPTUX_ASKSHARED #9 alice@PC01");
    /* unnamed option bits as hex, after the named ones */
    assert_string_equal(pkt_summary(PARSE("1:9:alice:PC01:1025:Alice\0\0")), "BR_ENTRY [0x400] #9 alice@PC01: \"Alice\"");
    assert_string_equal(pkt_summary(PARSE("1:9:alice:PC01:1281:Alice\0\0")),
                        "BR_ENTRY [ABSENCE,0x400] #9 alice@PC01: \"Alice\"");
}

/* §4: option names in bit order. */
static void test_option_lists(void **state)
{
    (void)state;
    /* SENDMSG: SENDCHECK|SECRET|READCHECK|FILEATTACH|UTF8|CAPUTF8 */
    assert_string_equal(pkt_summary(PARSE("1:7:alice:PC01:28312352:hi\0")),
                        "SENDMSG [SENDCHECK,SECRET,READCHECK,FILEATTACH,UTF8,CAPUTF8] #7 alice@PC01: \"hi\"");
    /* iptux start-up with DIALUPOPT */
    assert_string_equal(pkt_summary(PARSE(IPTUX ":3:alice:debian:65793:alice\0dev\0icon-tux.png\0")),
                        "BR_ENTRY [ABSENCE,DIALUP] #3 alice@debian: \"alice\"");
    /* GETFILEDATA with UTF8OPT and ENCFILEOPT|ENCRYPTOPT */
    assert_string_equal(pkt_summary(PARSE_TCP("1:7:bob:PC02:8390752:64:0:0:\0")),
                        "GETFILEDATA [ENCFILE,UTF8] #7 bob@PC02: file 0 of #100");
}

/* The quote: first line, at most 40 characters, an ellipsis when cut. */
static void test_quote_rules(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:a:b:32:x\0");
    char out[512];
    const char *forty = "0123456789012345678901234567890123456789";
    ipmsg_format_summary(p->msg, "a", "b", forty, out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 a@b: \"0123456789012345678901234567890123456789\"");
    ipmsg_format_summary(p->msg, "a", "b", "01234567890123456789012345678901234567890", out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 a@b: \"0123456789012345678901234567890123456789\xe2\x80\xa6\"");
    /* characters, not bytes: 41 three-byte characters */
    char kana[41 * 3 + 1] = "";
    for (int i = 0; i < 41; i++)
        strcat(kana, "\xe3\x81\x82");
    ipmsg_format_summary(p->msg, "a", "b", kana, out, sizeof out);
    char want[200];
    snprintf(want, sizeof want, "SENDMSG #1 a@b: \"%.*s\xe2\x80\xa6\"", 40 * 3, kana);
    assert_string_equal(out, want);
    /* the first line only */
    ipmsg_format_summary(p->msg, "a", "b", "first\r\nsecond", out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 a@b: \"first\xe2\x80\xa6\"");
    /* control bytes stay on the line */
    ipmsg_format_summary(p->msg, "a", "b", "tab\there\x01\x7f", out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 a@b: \"tab\\there\\x01\\x7f\"");
    /* an empty or absent quote adds nothing */
    ipmsg_format_summary(p->msg, "a", "b", "", out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 a@b");
    ipmsg_format_summary(p->msg, "a", "b", NULL, out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 a@b");
}

/* User and host: either may be missing; FeiQ's '\b' for ':' stays visible. */
static void test_user_host(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:a:b:32:x\0");
    char out[256];
    ipmsg_format_summary(p->msg, NULL, NULL, NULL, out, sizeof out);
    assert_string_equal(out, "SENDMSG #1");
    ipmsg_format_summary(p->msg, "alice", NULL, NULL, out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 alice");
    ipmsg_format_summary(p->msg, NULL, "PC01", NULL, out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 PC01");
    ipmsg_format_summary(p->msg, "al\bice", "PC\n01", NULL, out, sizeof out);
    assert_string_equal(out, "SENDMSG #1 al\\bice@PC\\n01");
}

/* Attachment counts and file request offsets. */
static void test_files_and_offsets(void **state)
{
    (void)state;
    assert_string_equal(pkt_summary(PARSE("1:1:a:b:2097184:one\0" "0:a.txt:1:2:1:\a")),
                        "SENDMSG [FILEATTACH] #1 a@b: \"one\" (1 file)");
    assert_string_equal(pkt_summary(PARSE("1:1:a:b:2097184:\0" "0:a.txt:1:2:1:\a1:b.txt:1:2:1:\a")),
                        "SENDMSG [FILEATTACH] #1 a@b (2 files)");
    assert_string_equal(pkt_summary(PARSE_TCP("1:1:a:b:96:6553f114:2a:0:\0")),
                        "GETFILEDATA #1 a@b: file 42 of #1700000020");
    assert_string_equal(pkt_summary(PARSE_TCP("1:1:a:b:96:6553f114:2a:ffffffffffffffff:\0")),
                        "GETFILEDATA #1 a@b: file 42 of #1700000020 from offset 18446744073709551615");
    /* no file id: the summary must not invent file 0 */
    assert_string_equal(pkt_summary(PARSE_TCP("1:1:a:b:96:6553f114\0")), "GETFILEDATA #1 a@b: #1700000020, no file id");
    /* a request whose packet number did not parse quotes its body */
    assert_string_equal(pkt_summary(PARSE_TCP("1:1:a:b:96:zz:0:0:\0")), "GETFILEDATA #1 a@b: \"zz:0:0:\"");
}

/* Packet numbers are printed two digits at a time, in 32 bits when they
 * fit: every digit count, and both sides of the 32-bit edge. */
static void test_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *packet, *summary;
    } numbers[] = {
        {"1:0:a:b:0:\0", "NOOPERATION #0 a@b"},
        {"1:7:a:b:0:\0", "NOOPERATION #7 a@b"},
        {"1:10:a:b:0:\0", "NOOPERATION #10 a@b"},
        {"1:99:a:b:0:\0", "NOOPERATION #99 a@b"},
        {"1:100:a:b:0:\0", "NOOPERATION #100 a@b"},
        {"1:1005:a:b:0:\0", "NOOPERATION #1005 a@b"},
        {"1:4294967295:a:b:0:\0", "NOOPERATION #4294967295 a@b"},
        {"1:4294967296:a:b:0:\0", "NOOPERATION #4294967296 a@b"},
        {"1:10000000000000000000:a:b:0:\0", "NOOPERATION #10000000000000000000 a@b"},
    };
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
        assert_string_equal(pkt_summary(pkt_parse(numbers[i].packet, strlen(numbers[i].packet) + 1, IPMSG_UDP)),
                            numbers[i].summary);
    /* an unknown mode is named by its two hex digits */
    assert_string_equal(pkt_summary(PARSE("1:1:a:b:5:\0")), "Unknown command 0x05 #1 a@b");
    assert_string_equal(pkt_summary(PARSE("1:1:a:b:175:\0")), "Unknown command 0xaf #1 a@b");
}

/* Every digit count (each side of each power of ten, and the largest
 * number), written straight into the output or, when fewer than 20 bytes
 * are left, through a copy: the text is the same, cut where the buffer ends. */
static void test_number_widths(void **state)
{
    (void)state;
    uint64_t values[64];
    size_t nv = 0;
    uint64_t p10 = 1;
    for (int k = 0; k < 20; k++, p10 *= 10) {
        values[nv++] = p10;
        values[nv++] = p10 - 1;
        values[nv++] = p10 + 1;
    }
    values[nv++] = UINT64_MAX;
    for (size_t i = 0; i < nv; i++) {
        char packet[64], want[64], got[64];
        snprintf(packet, sizeof packet, "1:%" PRIu64 ":a:b:0:", values[i]);
        size_t want_len = (size_t)snprintf(want, sizeof want, "NOOPERATION #%" PRIu64 " a@b", values[i]);
        struct pkt *p = pkt_parse(packet, strlen(packet) + 1, IPMSG_UDP);
        for (size_t outsz = 1; outsz <= want_len + 1; outsz++) {
            size_t n = ipmsg_format_summary(p->msg, "a", "b", NULL, got, outsz);
            assert_int_equal(n, outsz - 1 < want_len ? outsz - 1 : want_len);
            assert_memory_equal(got, want, n);
            assert_int_equal(got[n], '\0');
        }
    }
}

/* Small buffers: always NUL-terminated, a prefix, the length returned. */
static void test_buffer_sizes(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000010:alice:PC01:288:Hello\0");
    char full[256];
    size_t n = ipmsg_format_summary(p->msg, "alice", "PC01", "Hello", full, sizeof full);
    assert_string_equal(full, "SENDMSG [SENDCHECK] #1700000010 alice@PC01: \"Hello\"");
    assert_int_equal(n, strlen(full));
    for (size_t size = 1; size <= n + 1; size++) {
        char *out = (char *)pkt_bytes(full, size);   /* exact-size heap buffer */
        memset(out, 'Z', size);
        size_t got = ipmsg_format_summary(p->msg, "alice", "PC01", "Hello", out, size);
        assert_true(got < size);
        assert_int_equal(out[got], '\0');
        assert_int_equal(strlen(out), got);
        assert_memory_equal(out, full, got);
        if (size == n + 1)
            assert_int_equal(got, n);
    }
    char none[1] = {'Z'};
    assert_int_equal(ipmsg_format_summary(p->msg, "alice", "PC01", "Hello", none, 0), 0);
    assert_int_equal(none[0], 'Z');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_every_command),
        TEST(test_malformed_headers),
        TEST(test_option_lists),
        TEST(test_quote_rules),
        TEST(test_user_host),
        TEST(test_files_and_offsets),
        TEST(test_numbers),
        TEST(test_number_widths),
        TEST(test_buffer_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
