/* ipmsg_feiq.c: FeiQ (reverse engineered) version '#' fields, the
 * {/font;...} trailer, binary group bodies and image chunks.
 * Expectations: docs/ipmsg-protocol.md §2.2, §2.5, §3.2, §5.4, §10 #7, #13. */
#include "item_assert.h"

#define FQ6 "1_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9"
#define FQ6_FIELDS "_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9"

/* The version items of FQ6 (38 bytes). */
#define FQ6_ITEMS                                                          \
    IT_AT(VERSION, 0, 0, FQ6, 0), IT_AT(FORMAT_VERSION, 1, 0, "1", 1),      \
        GEN_AT(DIALECT, 1, 0, FQ6, IPMSG_DIALECT_FEIQ),                     \
        IT_AT(FEIQ, 1, 1, FQ6_FIELDS, 0),                                   \
        IT_AT(FEIQ_GENERATION, 2, 5, "6", 6),                               \
        IT_AT(FEIQ_ICON, 2, 7, "0", 0),                                     \
        IT_AT(FEIQ_STATUS, 2, 9, "128", 128),                               \
        IT_AT(FEIQ_MAC, 2, 13, "0C29D68D8F12", 0),                          \
        IT_AT(FEIQ_FIELD, 2, 26, "0", 0),                                   \
        IT_AT(FEIQ_FIELD, 2, 28, "0", 0),                                   \
        IT_AT(FEIQ_BODY_LEN, 2, 30, "0", 0),                                \
        IT_AT(FEIQ_FIELD, 2, 32, "4001", 0),                                \
        IT_AT(FEIQ_FIELD, 2, 37, "9", 0)

#define FACE "\xce\xa2\xc8\xed\xd1\xc5\xba\xda" /* GBK 微软雅黑 */
#define FONT "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 " FACE " 8404992;}"

/* §10 #7: FeiQ 3.x text "你好" (GBK) with the font trailer. */
static void test_example7_text_with_font(void **state)
{
    (void)state;
    struct pkt *p = PARSE(FQ6 ":1700000030:Administrator:DESKTOP-1:288:" "\xc4\xe3\xba\xc3" FONT "\0");
    assert_int_equal(p->len, 141);
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "1700000030", 1700000030, "Administrator", "DESKTOP-1", "288", 288, MESSAGE),
                 IT_AT(MESSAGE, 0, 78, "\xc4\xe3\xba\xc3", 0),
                 IT_AT(FEIQ_FONT, 0, 82, FONT, 0),
                 IT_AT(FEIQ_FONT_HEIGHT, 1, 89, "-16", (uint64_t)INT64_C(-16)),
                 IT_AT(FEIQ_FONT_PARAM, 1, 93, "0", 0),
                 IT_AT(FEIQ_FONT_PARAM, 1, 95, "0", 0),
                 IT_AT(FEIQ_FONT_PARAM, 1, 97, "0", 0),
                 IT_AT(FEIQ_FONT_WEIGHT, 1, 99, "400", 400),
                 IT_AT(FEIQ_FONT_PARAM, 1, 103, "0", 0),
                 IT_AT(FEIQ_FONT_PARAM, 1, 105, "0", 0),
                 IT_AT(FEIQ_FONT_PARAM, 1, 107, "0", 0),
                 IT_AT(FEIQ_FONT_CHARSET, 1, 109, "134", 134),
                 IT_AT(FEIQ_FONT_PARAM, 1, 113, "0", 0),
                 IT_AT(FEIQ_FONT_PARAM, 1, 115, "0", 0),
                 IT_AT(FEIQ_FONT_PARAM, 1, 117, "2", 2),
                 IT_AT(FEIQ_FONT_PARAM, 1, 119, "32", 32),
                 IT_AT(FEIQ_FONT_FACE, 1, 122, FACE, 0),
                 IT_AT(FEIQ_FONT_COLOR, 1, 131, "8404992", 0x804000));
    const struct ipmsg_msg *m = p->msg;
    assert_int_equal(m->dialect, IPMSG_DIALECT_FEIQ);
    assert_false(m->has_feiq_body_len && m->feiq_body_len != 0);
    /* the summary quotes the text without the trailer */
    assert_int_equal(m->summary.off, 78);
    assert_int_equal(m->summary.len, 4);
    assert_int_equal(m->summary_field, IPMSG_F_MESSAGE);
    char out[256];
    ipmsg_format_summary(m, "Administrator", "DESKTOP-1", "\xe4\xbd\xa0\xe5\xa5\xbd", out, sizeof out);
    assert_string_equal(out, "SENDMSG [SENDCHECK] #1700000030 Administrator@DESKTOP-1: \"\xe4\xbd\xa0\xe5\xa5\xbd\"");
    assert_int_equal(ipmsg_packet_charset(m, p->buf, p->len), IPMSG_CS_GB18030);
}

/* §10 #13: shake (KNOCK 0xD1) and typing (INPUTING 0x79), no body. */
static void test_example13_shake_typing(void **state)
{
    (void)state;
    struct pkt *p = PARSE(FQ6 ":1700000080:Administrator:DESKTOP-1:209:\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "1700000080", 1700000080, "Administrator", "DESKTOP-1", "209", 209, MESSAGE));
    assert_string_equal(p->msg->cmd->name, "FEIQ_KNOCK");
    assert_string_equal(pkt_summary(p), "FEIQ_KNOCK #1700000080 Administrator@DESKTOP-1");

    p = PARSE(FQ6 ":1700000081:Administrator:DESKTOP-1:121:\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "1700000081", 1700000081, "Administrator", "DESKTOP-1", "121", 121, MESSAGE));
    assert_string_equal(p->msg->cmd->name, "FEIQ_INPUTING");
    assert_string_equal(pkt_summary(p), "FEIQ_INPUTING #1700000081 Administrator@DESKTOP-1");
}

/* §2.2: lbt4 (FeiQ 2.x) has 6 fields, optionally 8; lbt6 has 8; the third is
 * not always a MAC. */
static void test_version_generations(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1_lbt4_10#128#0C29D68D8F12#0#0#0:1:a:b:0:\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1_lbt4_10#128#0C29D68D8F12#0#0#0", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1_lbt4_10#128#0C29D68D8F12#0#0#0", IPMSG_DIALECT_FEIQ),
                 IT_AT(FEIQ, 1, 1, "_lbt4_10#128#0C29D68D8F12#0#0#0", 0),
                 IT_AT(FEIQ_GENERATION, 2, 5, "4", 4),
                 IT_AT(FEIQ_ICON, 2, 7, "10", 10),
                 IT_AT(FEIQ_STATUS, 2, 10, "128", 128),
                 IT_AT(FEIQ_MAC, 2, 14, "0C29D68D8F12", 0),
                 IT_AT(FEIQ_FIELD, 2, 27, "0", 0),
                 IT_AT(FEIQ_FIELD, 2, 29, "0", 0),
                 IT_AT(FEIQ_BODY_LEN, 2, 31, "0", 0),
                 HDR_AT_(33, "1", 1, "a", "b", "0", 0, ENTRY),
                 IT_AT(NICKNAME, 0, 41, "", 0));
    assert_true(p->msg->has_feiq_body_len);
    assert_int_equal(p->msg->feiq_body_len, 0);

    p = PARSE("1_lbt4_36#65664#0C29D68D8F12#0#0#0#4000#9:1:a:b:0:\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[5].field, IPMSG_F_FEIQ_ICON);
    assert_int_equal(p->msg->items[5].value, 36);
    assert_int_equal(p->msg->items[6].field, IPMSG_F_FEIQ_STATUS);
    assert_int_equal(p->msg->items[6].value, 65664);
    assert_int_equal(count_field(p, IPMSG_F_FEIQ_FIELD), 4);

    p = PARSE("1_lbt6_8#998#FeiX#0#0#0#4001#9:1:a:b:0:\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[7].field, IPMSG_F_FEIQ_MAC);
    assert_int_equal(p->msg->items[7].off, 13);
    assert_int_equal(p->msg->items[7].len, 4);
}

/* Versions without the expected '#' fields. */
static void test_version_malformed(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1_lbt4_10#128#0C29D68D8F12:1:a:b:0:\0");
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, "1_lbt4_10#128#0C29D68D8F12", 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, "1_lbt4_10#128#0C29D68D8F12", IPMSG_DIALECT_FEIQ),
                 IT_AT(FEIQ, 1, 1, "_lbt4_10#128#0C29D68D8F12", 0),
                 IT_AT(FEIQ_GENERATION, 2, 5, "4", 4),
                 IT_AT(FEIQ_ICON, 2, 7, "10", 10),
                 IT_AT(FEIQ_STATUS, 2, 10, "128", 128),
                 IT_AT(FEIQ_MAC, 2, 14, "0C29D68D8F12", 0),
                 PROB_AT(FEIQ_VERSION, 2, 1, "_lbt4_10#128#0C29D68D8F12"),
                 HDR_AT_(27, "1", 1, "a", "b", "0", 0, ENTRY),
                 IT_AT(NICKNAME, 0, 35, "", 0));

    /* five fields: the body length (6th) is missing */
    p = PARSE("1_lbt4_10#128#0C29D68D8F12#0#0:1:a:b:0:\0");
    EXPECT_PROBLEMS(p, PB_AT(FEIQ_VERSION, 1, "_lbt4_10#128#0C29D68D8F12#0#0"));
    assert_false(p->msg->has_feiq_body_len);

    /* no icon number */
    p = PARSE("1_lbt6#128#0C29D68D8F12#0#0#0#4001#9:1:a:b:0:\0");
    EXPECT_PROBLEMS(p, PB_AT(FEIQ_VERSION, 1, "_lbt6#128#0C29D68D8F12#0#0#0#4001#9"));
    /* generation not a number */
    p = PARSE("1_lbtx_0#128#0C29D68D8F12#0#0#0:1:a:b:0:\0");
    EXPECT_PROBLEMS(p, PB_AT(NOT_DECIMAL, 5, "x"), PB_AT(FEIQ_VERSION, 1, "_lbtx_0#128#0C29D68D8F12#0#0#0"));
    /* nothing after "_lbt" */
    p = PARSE("1_lbt:1:a:b:0:\0");
    EXPECT_PROBLEMS(p, PB_AT(NOT_DECIMAL, 5, ""), PB_AT(FEIQ_VERSION, 1, "_lbt"));
    /* status and body length are decimal */
    p = PARSE("1_lbt4_0#abc#0C29D68D8F12#0#0#x:1:a:b:0:\0");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "abc"), PB_AT(NOT_DECIMAL, 30, "x"));
    assert_false(p->msg->has_feiq_body_len);
}

#define FQ4_16 "1_lbt4_0#128#0C29D68D8F12#0#0#16"
#define CIPHER16 "\x8a\x00\x3a\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\x00\xcc\xdd"

/* §3.2/§5.4: group message 0x23+ENCRYPTOPT: binary ciphertext right after
 * the header, no NUL, its length in the 6th '#' field. */
static void test_group_body_length(void **state)
{
    (void)state;
    struct pkt *p = PARSE(FQ4_16 ":1700000082:Administrator:DESKTOP-1:4194339:" CIPHER16);
    assert_int_equal(p->len, 92);
    EXPECT_ITEMS(p,
                 IT_AT(VERSION, 0, 0, FQ4_16, 0),
                 IT_AT(FORMAT_VERSION, 1, 0, "1", 1),
                 GEN_AT(DIALECT, 1, 0, FQ4_16, IPMSG_DIALECT_FEIQ),
                 IT_AT(FEIQ, 1, 1, "_lbt4_0#128#0C29D68D8F12#0#0#16", 0),
                 IT_AT(FEIQ_GENERATION, 2, 5, "4", 4),
                 IT_AT(FEIQ_ICON, 2, 7, "0", 0),
                 IT_AT(FEIQ_STATUS, 2, 9, "128", 128),
                 IT_AT(FEIQ_MAC, 2, 13, "0C29D68D8F12", 0),
                 IT_AT(FEIQ_FIELD, 2, 26, "0", 0),
                 IT_AT(FEIQ_FIELD, 2, 28, "0", 0),
                 IT_AT(FEIQ_BODY_LEN, 2, 30, "16", 16),
                 HDR_AT_(33, "1700000082", 1700000082, "Administrator", "DESKTOP-1", "4194339", 4194339, MESSAGE),
                 IT_AT(FEIQ_CIPHERTEXT, 0, 76, CIPHER16, 0));
    assert_string_equal(p->msg->cmd->name, "FEIQ_GROUPMSG");
    assert_true(p->msg->has_feiq_body_len);
    assert_int_equal(p->msg->feiq_body_len, 16);
    assert_string_equal(pkt_summary(p), "FEIQ_GROUPMSG [ENCRYPT] #1700000082 Administrator@DESKTOP-1");

    /* one byte short */
    p = PARSE(FQ4_16 ":1700000082:Administrator:DESKTOP-1:4194339:" "\x8a\x00\x3a\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\x00\xcc");
    EXPECT_PROBLEMS(p, PB_AT(FEIQ_BODY_LENGTH, 76, "\x8a\x00\x3a\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\x00\xcc"));
    const struct ipmsg_item *problem = &p->msg->items[p->msg->n_items - 2];
    assert_int_equal(problem->field, IPMSG_F_PROBLEM);
    assert_int_equal(problem->flags, IPMSG_ITEM_DETAIL);
    assert_int_equal(problem->aux, 16);   /* what the version field declared */
    const struct ipmsg_item *last = &p->msg->items[p->msg->n_items - 1];
    assert_int_equal(last->field, IPMSG_F_FEIQ_CIPHERTEXT);
    assert_int_equal(last->off, 76);
    assert_int_equal(last->len, 15);

    /* one byte more: the ciphertext is the declared 16; the rest stays binary
     * data (§5.4: never split at NULs) */
    p = PARSE(FQ4_16 ":1700000082:Administrator:DESKTOP-1:4194339:" CIPHER16 "\0X");
    EXPECT_PROBLEMS(p, PB_AT(FEIQ_BODY_LENGTH, 76, CIPHER16 "\0X"));
    uint32_t n = p->msg->n_items;
    assert_int_equal(p->msg->items[n - 2].field, IPMSG_F_FEIQ_CIPHERTEXT);
    assert_int_equal(p->msg->items[n - 2].off, 76);
    assert_int_equal(p->msg->items[n - 2].len, 16);
    assert_int_equal(p->msg->items[n - 1].field, IPMSG_F_DATA);
    assert_int_equal(p->msg->items[n - 1].off, 92);
    assert_int_equal(p->msg->items[n - 1].len, 2);

    /* lbt6 always writes 0 there: the whole binary body is the ciphertext */
    p = PARSE(FQ6 ":1700000084:Administrator:DESKTOP-1:4194339:" CIPHER16);
    EXPECT_PROBLEMS(p, PB_AT(FEIQ_BODY_LENGTH, 82, CIPHER16));
    n = p->msg->n_items;
    assert_int_equal(p->msg->items[n - 1].field, IPMSG_F_FEIQ_CIPHERTEXT);
    assert_int_equal(p->msg->items[n - 1].off, 82);
    assert_int_equal(p->msg->items[n - 1].len, 16);
    assert_int_equal(count_field(p, IPMSG_F_SECTION), 0);

    /* 0xC9 group announcement (FILEATTACHOPT) uses the same layout */
    p = PARSE(FQ4_16 ":1700000083:Administrator:DESKTOP-1:2097353:" CIPHER16);
    EXPECT_NO_PROBLEMS(p);
    assert_string_equal(p->msg->cmd->name, "FEIQ_GROUPINFO");
    assert_int_equal(p->msg->items[p->msg->n_items - 1].field, IPMSG_F_FEIQ_CIPHERTEXT);
    assert_string_equal(pkt_summary(p), "FEIQ_GROUPINFO [FILEATTACH] #1700000083 Administrator@DESKTOP-1");
}

/* §2.5: a malformed font trailer. */
static void test_font_malformed(void **state)
{
    (void)state;
    /* no closing "}" */
    struct pkt *p = PARSE(FQ6 ":1:a:b:288:hi{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 SimSun 0;\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "1", 1, "a", "b", "288", 288, MESSAGE),
                 IT_AT(MESSAGE, 0, 49, "hi", 0),
                 IT(FEIQ_FONT, 0, "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 SimSun 0;", 0),
                 PROB(FEIQ_FONT, 1, "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 SimSun 0;"));

    /* not numbers */
    p = PARSE(FQ6 ":1:a:b:288:hi{/font;abc;}\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "1", 1, "a", "b", "288", 288, MESSAGE),
                 IT_AT(MESSAGE, 0, 49, "hi", 0),
                 IT(FEIQ_FONT, 0, "{/font;abc;}", 0),
                 PROB(FEIQ_FONT, 1, "{/font;abc;}"));

    /* twelve numbers only */
    p = PARSE(FQ6 ":1:a:b:288:hi{/font;-16 0 0 0 400 0 0 0 134 0 0 2 SimSun 0;}\0");
    EXPECT_PROBLEMS(p, PB(FEIQ_FONT, "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 SimSun 0;}"));
    assert_int_equal(count_field(p, IPMSG_F_FEIQ_FONT_FACE), 0);
    assert_int_equal(count_field(p, IPMSG_F_FEIQ_FONT_PARAM), 9);

    /* the colour is not a number */
    p = PARSE(FQ6 ":1:a:b:288:hi{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 SimSun red;}\0");
    EXPECT_PROBLEMS(p, PB(FEIQ_FONT, "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 SimSun red;}"));
    assert_int_equal(count_field(p, IPMSG_F_FEIQ_FONT_FACE), 1);
    assert_int_equal(count_field(p, IPMSG_F_FEIQ_FONT_COLOR), 0);

    /* no face and colour pair */
    p = PARSE(FQ6 ":1:a:b:288:hi{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 8404992;}\0");
    EXPECT_PROBLEMS(p, PB(FEIQ_FONT, "{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 8404992;}"));

    /* too short to hold anything */
    p = PARSE(FQ6 ":1:a:b:288:hi{/font;}\0");
    EXPECT_PROBLEMS(p, PB(FEIQ_FONT, "{/font;}"));

    /* out of the int32 range */
    p = PARSE(FQ6 ":1:a:b:288:hi{/font;2147483648 0 0 0 400 0 0 0 134 0 0 2 32 SimSun 0;}\0");
    EXPECT_PROBLEMS(p, PB(FEIQ_FONT, "{/font;2147483648 0 0 0 400 0 0 0 134 0 0 2 32 SimSun 0;}"));
    p = PARSE(FQ6 ":1:a:b:288:hi{/font;-2147483648 0 0 0 400 0 0 0 134 0 0 2 32 SimSun 0;}\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[21].field, IPMSG_F_FEIQ_FONT_HEIGHT);
    assert_true((int64_t)p->msg->items[21].value == INT64_C(-2147483648));
}

/* Face names with spaces; text without trailer; inline image reference. */
static void test_font_faces_and_images(void **state)
{
    (void)state;
    struct pkt *p = PARSE(FQ6 ":1:a:b:288:hi{/font;-12 0 0 0 700 1 0 0 0 0 0 2 32 Microsoft YaHei 255;}\0");
    EXPECT_NO_PROBLEMS(p);
    uint32_t n = p->msg->n_items;
    assert_int_equal(p->msg->items[n - 2].field, IPMSG_F_FEIQ_FONT_FACE);
    assert_int_equal(p->msg->items[n - 2].len, 15);
    assert_memory_equal(p->buf + p->msg->items[n - 2].off, "Microsoft YaHei", 15);
    assert_int_equal(p->msg->items[n - 1].field, IPMSG_F_FEIQ_FONT_COLOR);
    assert_int_equal(p->msg->items[n - 1].value, 255);
    /* weight 700, italic 1 */
    assert_int_equal(p->msg->items[25].field, IPMSG_F_FEIQ_FONT_WEIGHT);
    assert_int_equal(p->msg->items[25].value, 700);

    p = PARSE(FQ6 ":1:a:b:288:plain text\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "1", 1, "a", "b", "288", 288, MESSAGE),
                 IT(MESSAGE, 0, "plain text", 0));

    p = PARSE(FQ6 ":1:a:b:288:/~#>1a2b3c4d<B~\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "1", 1, "a", "b", "288", 288, MESSAGE),
                 IT(MESSAGE, 0, "/~#>1a2b3c4d<B~", 0),
                 IT(FEIQ_IMAGE_REF, 1, "1a2b3c4d", 0));
    p = PARSE(FQ6 ":1:a:b:288:/~#>1a2b3c4d<B~" FONT "\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(count_field(p, IPMSG_F_FEIQ_IMAGE_REF), 1);
    assert_int_equal(count_field(p, IPMSG_F_FEIQ_FONT), 1);

    /* references inside a text, two of them, and an unclosed one */
    p = PARSE(FQ6 ":1:a:b:288:\xbf\xb4/~#>5F3E2A1C<B~ and /~#>0000000a<B~ /~#>ff\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "1", 1, "a", "b", "288", 288, MESSAGE),
                 IT(MESSAGE, 0, "\xbf\xb4/~#>5F3E2A1C<B~ and /~#>0000000a<B~ /~#>ff", 0),
                 IT(FEIQ_IMAGE_REF, 1, "5F3E2A1C", 0),
                 IT(FEIQ_IMAGE_REF, 1, "0000000a", 0));
}

/* §3.2: image chunk 0xC0 (id8 metadata \0 binary) and its ack 0xC1. */
static void test_images(void **state)
{
    (void)state;
    struct pkt *p = PARSE(FQ6 ":2:a:b:2097344:1a2b3c4d|1024|0|0|1|512|0|0|0|00000000#\0\x89PNG\0\x01\x02");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "2", 2, "a", "b", "2097344", 2097344, MESSAGE),
                 IT_AT(FEIQ_IMAGE_META, 0, 53, "1a2b3c4d|1024|0|0|1|512|0|0|0|00000000#", 0),
                 IT_AT(FEIQ_IMAGE_ID, 1, 53, "1a2b3c4d", 0),
                 IT_AT(FEIQ_IMAGE_DATA, 0, 93, "\x89PNG\0\x01\x02", 0));
    assert_string_equal(p->msg->cmd->name, "FEIQ_SENDIMAGE");
    assert_string_equal(pkt_summary(p), "FEIQ_SENDIMAGE [FILEATTACH] #2 a@b");
    /* metadata shorter than an id */
    p = PARSE(FQ6 ":2:a:b:2097344:1a2b\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "2", 2, "a", "b", "2097344", 2097344, MESSAGE),
                 IT(FEIQ_IMAGE_META, 0, "1a2b", 0));

    p = PARSE(FQ6 ":3:a:b:193:1a2b3c4d|3#\0");
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "3", 3, "a", "b", "193", 193, MESSAGE),
                 IT_AT(FEIQ_IMAGE_META, 0, 49, "1a2b3c4d|3#", 0),
                 IT_AT(FEIQ_IMAGE_ID, 1, 49, "1a2b3c4d", 0));
    assert_string_equal(p->msg->cmd->name, "FEIQ_IMAGE_ACK");
}

/* §3.2: 0xB0 means remote assistance to FeiQ, DIR_POLL to everyone else. */
static void test_b0_collision(void **state)
{
    (void)state;
    struct pkt *p = PARSE(FQ6 ":4:a:b:176:help me\0");
    assert_string_equal(p->msg->cmd->name, "FEIQ_REMOTE_ASSIST");
    assert_int_equal(p->msg->cmd->body, IPMSG_BODY_TEXT);
    EXPECT_ITEMS(p,
                 FQ6_ITEMS,
                 HDR_AT_(39, "4", 4, "a", "b", "176", 176, MESSAGE),
                 IT(BODY, 0, "help me", 0));
    p = PARSE("1:4:a:b:176:\0\nVS:00010002:5:6:104");
    assert_string_equal(p->msg->cmd->name, "DIR_POLL");
    EXPECT_NO_PROBLEMS(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_example7_text_with_font),
        TEST(test_example13_shake_typing),
        TEST(test_version_generations),
        TEST(test_version_malformed),
        TEST(test_group_body_length),
        TEST(test_font_malformed),
        TEST(test_font_faces_and_images),
        TEST(test_images),
        TEST(test_b0_collision),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
