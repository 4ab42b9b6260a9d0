/* ipmsg_plain.c: decrypted bodies parsed like clear ones.
 * Expectations: docs/ipmsg-protocol.md §5.2 (plaintext layout, ENCEXTMSGOPT)
 * and §5.4 (FeiQ QUNMSGMARK plaintext). */
#include "item_assert.h"

#define FEIQ_VER "1_lbt6_0#128#0C29D68D8F12#0#0#96#4001#9"
#define FONT "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 Arial 0;}"

static struct pkt *plain_of(const struct pkt *outer, const char *bytes, size_t len, bool feiq)
{
    struct pkt *p = pkt_unparsed(bytes, len);
    if (feiq)
        ipmsg_parse_feiq_group_plain(p->buf, p->len, outer->msg, p->msg);
    else
        ipmsg_parse_decrypted(p->buf, p->len, outer->msg, p->msg);
    return p;
}
#define PLAIN(outer, lit, feiq) plain_of((outer), (lit), sizeof(lit) - 1, (feiq))

/* Without ENCEXTMSGOPT only the first string counts (DecryptMsg). */
static void test_decrypted_text_only(void **state)
{
    (void)state;
    struct pkt *outer = PARSE("1:1700000041:alice:PC01:4194592:820002:00:00\0");
    struct pkt *p = PLAIN(outer, "Meeting moved to 3pm.\0", false);
    EXPECT_ITEMS(p, IT_AT(DECRYPTED, 0, 0, "Meeting moved to 3pm.\0", 0),
                 IT_AT(MESSAGE, 1, 0, "Meeting moved to 3pm.", 0));
    EXPECT_NO_PROBLEMS(p);
    assert_string_equal(pkt_span_str(p, p->msg->summary), "Meeting moved to 3pm.");
    assert_int_equal(p->msg->options & IPMSG_ENCRYPTOPT, 0);
    assert_int_equal(p->msg->packet_no, 1700000041);
}

/* With ENCEXTMSGOPT|FILEATTACHOPT the attachment list is inside. */
static void test_decrypted_with_files(void **state)
{
    (void)state;
    struct pkt *outer = PARSE("1:1700000044:alice:PC01:73400608:40900004:00:00:00\0");
    struct pkt *p = PLAIN(outer, "Here\0" "0:report.pdf:2f1c0:6553f100:1:\a\0", false);
    assert_int_equal(p->msg->n_files, 1);
    assert_int_equal(p->msg->items[0].field, IPMSG_F_DECRYPTED);
    assert_int_equal(p->msg->items[1].field, IPMSG_F_MESSAGE);
    assert_int_equal(p->msg->items[1].depth, 1);
    assert_int_equal(p->msg->items[2].field, IPMSG_F_FILES);
    assert_int_equal(p->msg->items[2].depth, 1);
    EXPECT_NO_PROBLEMS(p);
}

/* ENCEXTMSGOPT without files: "text\0\0TO:..." */
static void test_decrypted_to_list(void **state)
{
    (void)state;
    struct pkt *outer = PARSE("1:1700000045:alice:PC01:71303456:40900004:00:00:00\0");
    struct pkt *p = PLAIN(outer, "Hi all\0\0TO:bob:PC02\0", false);
    EXPECT_ITEMS(p, IT_AT(DECRYPTED, 0, 0, "Hi all\0\0TO:bob:PC02\0", 0), IT(MESSAGE, 1, "Hi all", 0),
                 IT(TO_LIST, 1, "TO:bob:PC02", 0), IT(TO_USER, 2, "bob", 0), IT(TO_HOST, 2, "PC02", 0));
    EXPECT_NO_PROBLEMS(p);
}

static void test_feiq_group_message(void **state)
{
    (void)state;
    struct pkt *outer = PARSE(FEIQ_VER ":1700000090:Administrator:DESKTOP-1:4194339:x");
    struct pkt *p = PLAIN(outer, "QUNMSGMARK#5a3c1e7f_1700000090#\xb4\xf3\xbc\xd2\xba\xc3" FONT, true);
    assert_int_equal(p->msg->dialect, IPMSG_DIALECT_FEIQ);
    assert_int_equal(p->msg->items[0].field, IPMSG_F_DECRYPTED);
    assert_int_equal(p->msg->items[1].field, IPMSG_F_FEIQ_GROUP_MARK);
    assert_int_equal(p->msg->items[2].field, IPMSG_F_FEIQ_GROUP_ID);
    assert_int_equal(p->msg->items[3].field, IPMSG_F_FEIQ_GROUP_TIME);
    assert_int_equal(p->msg->items[3].value, 1700000090);
    assert_int_equal(p->msg->items[4].field, IPMSG_F_MESSAGE);
    assert_string_equal(pkt_span_str(p, p->msg->summary), "\xb4\xf3\xbc\xd2\xba\xc3");
    assert_int_equal(p->msg->items[5].field, IPMSG_F_FEIQ_FONT);
    EXPECT_NO_PROBLEMS(p);
}

/* 0xC9 announce "QUNMSGMARK#id#", the 2011 form without a time, and a
 * trailing NUL some clients add. */
static void test_feiq_group_announce(void **state)
{
    (void)state;
    struct pkt *outer = PARSE(FEIQ_VER ":1700000087:Administrator:DESKTOP-1:2097353:x");
    struct pkt *p = PLAIN(outer, "QUNMSGMARK#5a3c1e7f#Team\0", true);
    EXPECT_ITEMS(p, IT_AT(DECRYPTED, 0, 0, "QUNMSGMARK#5a3c1e7f#Team\0", 0), IT_AT(FEIQ_GROUP_MARK, 1, 0, "QUNMSGMARK", 0),
                 IT(FEIQ_GROUP_ID, 1, "5a3c1e7f", 0), IT(GROUP, 1, "Team", 0), IT(PADDING, 1, "\0", 0));
    EXPECT_NO_PROBLEMS(p);
}

static void test_feiq_group_malformed(void **state)
{
    (void)state;
    struct pkt *outer = PARSE(FEIQ_VER ":1700000090:Administrator:DESKTOP-1:4194339:x");
    struct pkt *p = PLAIN(outer, "garbage!", true);
    EXPECT_ITEMS(p, IT_AT(DECRYPTED, 0, 0, "garbage!", 0), PROB(FEIQ_GROUP_MALFORMED, 1, "garbage!"),
                 IT(DATA, 1, "garbage!", 0));
    p = PLAIN(outer, "QUNMSGMARK#5a3c1e7f", true);
    EXPECT_ITEMS(p, IT_AT(DECRYPTED, 0, 0, "QUNMSGMARK#5a3c1e7f", 0), IT_AT(FEIQ_GROUP_MARK, 1, 0, "QUNMSGMARK", 0),
                 IT(FEIQ_GROUP_ID, 1, "5a3c1e7f", 0), PROB(FEIQ_GROUP_MALFORMED, 1, "QUNMSGMARK#5a3c1e7f"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_decrypted_text_only),
        TEST(test_decrypted_with_files),
        TEST(test_decrypted_to_list),
        TEST(test_feiq_group_message),
        TEST(test_feiq_group_announce),
        TEST(test_feiq_group_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
