/* ipmsg_message.c: SENDMSG bodies: text (or ciphertext) \0 file list \0 TO list.
 * Expectations: docs/ipmsg-protocol.md §2.3, §2.5, §5.2, §6.1, §10 #4, #6, #7. */
#include "item_assert.h"

#define HEX16 "0123456789abcdef"
#define HEX64 HEX16 HEX16 HEX16 HEX16
#define HEX256 HEX64 HEX64 HEX64 HEX64

/* §10 #4: SENDMSG with SENDCHECKOPT, a two-line text. */
static void test_example4_sendmsg(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000010:alice:PC01:288:Hello\nworld\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000010", 1700000010, "alice", "PC01", "288", 288, MESSAGE),
                 IT_AT(MESSAGE, 0, 28, "Hello\nworld", 0));
    assert_int_equal(p->msg->summary.off, 28);
    assert_int_equal(p->msg->summary.len, 11);
    assert_int_equal(p->msg->summary_field, IPMSG_F_MESSAGE);
    assert_int_equal(p->msg->n_files, 0);
    /* the summary quotes the first line only */
    assert_string_equal(pkt_summary(p), "SENDMSG [SENDCHECK] #1700000010 alice@PC01: \"Hello\xe2\x80\xa6\"");
}

/* Empty and unterminated texts. */
static void test_text_forms(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:32:\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "32", 32, MESSAGE),
                 IT_AT(MESSAGE, 0, 18, "", 0));
    assert_string_equal(pkt_summary(p), "SENDMSG #5 alice@PC01");

    p = PARSE("1:5:alice:PC01:32:hello");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "32", 32, MESSAGE),
                 IT(MESSAGE, 0, "hello", 0));

    /* without FILEATTACHOPT a second section is not a file list */
    p = PARSE("1:5:alice:PC01:32:hi\0" "0:a.txt:1:2:1:\a");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "32", 32, MESSAGE),
                 IT(MESSAGE, 0, "hi", 0),
                 IT(SECTION, 0, "0:a.txt:1:2:1:\a", 0),
                 PROB(SECTION_UNEXPECTED, 0, "0:a.txt:1:2:1:\a"));
    assert_int_equal(p->msg->n_files, 0);
}

/* §5.2 TO list (v13): "text \0 \0 TO:user:host\a..." without files. */
static void test_to_list(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:32:hi\0\0TO:bob:PC02\acarol:PC03\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "32", 32, MESSAGE),
                 IT_AT(MESSAGE, 0, 18, "hi", 0),
                 IT_AT(TO_LIST, 0, 22, "TO:bob:PC02\acarol:PC03", 0),
                 IT(TO_USER, 1, "bob", 0),
                 IT(TO_HOST, 1, "PC02", 0),
                 IT(TO_USER, 1, "carol", 0),
                 IT(TO_HOST, 1, "PC03", 0));

    /* a recipient without host */
    p = PARSE("1:5:alice:PC01:32:hi\0\0TO:bob\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "32", 32, MESSAGE),
                 IT_AT(MESSAGE, 0, 18, "hi", 0),
                 IT_AT(TO_LIST, 0, 22, "TO:bob", 0),
                 IT(TO_USER, 1, "bob", 0),
                 PROB(SECTION_TRUNCATED, 1, "bob"));
}

/* §5.2 TO list after a file list, after an empty list, or with no list. */
static void test_to_list_with_files(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:2097184:hi\0" "0:a.txt:1:2:1:\a\0TO:bob:PC02\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "2097184", 2097184, MESSAGE),
                 IT_AT(MESSAGE, 0, 23, "hi", 0),
                 IT_AT(FILES, 0, 26, "0:a.txt:1:2:1:\a", 0),
                 IT_AT(FILE, 1, 26, "0:a.txt:1:2:1", 0),
                 IT_AT(FILE_ID, 2, 26, "0", 0),
                 IT(FILE_NAME, 2, "a.txt", 0),
                 IT_AT(FILE_SIZE, 2, 34, "1", 1),
                 IT_AT(FILE_MTIME, 2, 36, "2", 2),
                 IT_AT(FILE_ATTR, 2, 38, "1", 1),
                 IT_AT(FILE_TYPE, 3, 38, "1", 1),
                 IT_AT(TO_LIST, 0, 42, "TO:bob:PC02", 0),
                 IT(TO_USER, 1, "bob", 0),
                 IT(TO_HOST, 1, "PC02", 0));
    assert_int_equal(p->msg->n_files, 1);

    p = PARSE("1:5:alice:PC01:2097184:hi\0\0TO:bob:PC02\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "2097184", 2097184, MESSAGE),
                 IT_AT(MESSAGE, 0, 23, "hi", 0),
                 IT_AT(TO_LIST, 0, 27, "TO:bob:PC02", 0),
                 IT(TO_USER, 1, "bob", 0),
                 IT(TO_HOST, 1, "PC02", 0));
    assert_int_equal(p->msg->n_files, 0);

    p = PARSE("1:5:alice:PC01:2097184:hi\0TO:bob:PC02\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "2097184", 2097184, MESSAGE),
                 IT_AT(MESSAGE, 0, 23, "hi", 0),
                 IT_AT(TO_LIST, 0, 26, "TO:bob:PC02", 0),
                 IT(TO_USER, 1, "bob", 0),
                 IT(TO_HOST, 1, "PC02", 0));
}

/* §5.2: without ENCEXTMSGOPT the file list follows the ciphertext in clear;
 * with it the list is inside the ciphertext. */
static void test_encrypted_with_files(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:6291744:820002:" HEX256 ":" HEX16 "\0" "0:a.txt:1:2:1:\a");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "6291744", 6291744, MESSAGE),
                 IT_AT(ENC, 0, 23, "820002:" HEX256 ":" HEX16, 0),
                 IT(ENC_METHOD, 1, "820002", 0x820002),
                 IT_AT(ENC_KEY, 1, 30, HEX256, 0),
                 GEN_AT(ENC_KEY_BITS, 2, 30, HEX256, 1024),
                 IT_AT(ENC_BODY, 1, 287, HEX16, 0),
                 IT_AT(FILES, 0, 304, "0:a.txt:1:2:1:\a", 0),
                 IT_AT(FILE, 1, 304, "0:a.txt:1:2:1", 0),
                 IT_AT(FILE_ID, 2, 304, "0", 0),
                 IT(FILE_NAME, 2, "a.txt", 0),
                 IT_AT(FILE_SIZE, 2, 312, "1", 1),
                 IT_AT(FILE_MTIME, 2, 314, "2", 2),
                 IT_AT(FILE_ATTR, 2, 316, "1", 1),
                 IT_AT(FILE_TYPE, 3, 316, "1", 1));
    assert_int_equal(p->msg->n_files, 1);
    assert_false(ipmsg_span_present(p->msg->summary));
    assert_string_equal(pkt_summary(p), "SENDMSG [SENDCHECK,FILEATTACH,ENCRYPT] #5 alice@PC01 (1 file)");

    p = PARSE("1:5:alice:PC01:73400608:820002:" HEX256 ":" HEX16 "\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(count_field(p, IPMSG_F_FILES), 0);
    assert_int_equal(count_field(p, IPMSG_F_ENC), 1);
    assert_int_equal(p->msg->n_files, 0);
    /* a clear list next to ENCEXTMSGOPT is not the list */
    p = PARSE("1:5:alice:PC01:73400608:820002:" HEX256 ":" HEX16 "\0" "0:a.txt:1:2:1:\a");
    EXPECT_PROBLEMS(p, PB(SECTION_UNEXPECTED, "0:a.txt:1:2:1:\a"));
    assert_int_equal(p->msg->n_files, 0);
}

/* §2.5: a Feige/FeiQ-style font trailer is split off even in an official
 * ("1") packet; text that merely resembles it is left alone. */
static void test_font_trailer_dispatch(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:5:alice:PC01:288:hi{/font;-12 0 0 0 400 0 0 0 134 0 0 2 32 SimSun 0;}\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[9].field, IPMSG_F_MESSAGE);
    assert_int_equal(p->msg->items[9].off, 19);
    assert_int_equal(p->msg->items[9].len, 2);
    assert_int_equal(p->msg->items[10].field, IPMSG_F_FEIQ_FONT);
    assert_int_equal(p->msg->items[10].off, 21);
    assert_int_equal(count_field(p, IPMSG_F_FEIQ_FONT_FACE), 1);
    assert_int_equal(p->msg->summary.len, 2);

    p = PARSE("1:5:alice:PC01:288:a{/font;b\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "288", 288, MESSAGE),
                 IT(MESSAGE, 0, "a{/font;b", 0));
    p = PARSE("1:5:alice:PC01:288:wink ;}\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("5", 5, "alice", "PC01", "288", 288, MESSAGE),
                 IT(MESSAGE, 0, "wink ;}", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_example4_sendmsg),
        TEST(test_text_forms),
        TEST(test_to_list),
        TEST(test_to_list_with_files),
        TEST(test_encrypted_with_files),
        TEST(test_font_trailer_dispatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
