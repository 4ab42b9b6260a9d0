/* ipmsg_filelist.c: the attachment list of SENDMSG+FILEATTACHOPT.
 * Expectations: docs/ipmsg-protocol.md §6.1-§6.3, §10 #6, #15d. */
#include "item_assert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* §10 #6, Windows form: two entries ":\a", the list is the last section (no NUL). */
static void test_example6_windows(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000020:alice:PC01:2097440:two files\0"
                          "0:a::b.txt:1a2b:6553f0f0:1:\a1:photos:0:6553f0f1:2:\a");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000020", 1700000020, "alice", "PC01", "2097440", 2097440, MESSAGE),
                 IT_AT(MESSAGE, 0, 32, "two files", 0),
                 IT_AT(FILES, 0, 42, "0:a::b.txt:1a2b:6553f0f0:1:\a1:photos:0:6553f0f1:2:\a", 0),
                 IT_AT(FILE, 1, 42, "0:a::b.txt:1a2b:6553f0f0:1", 0),
                 IT_AT(FILE_ID, 2, 42, "0", 0),
                 ESC(FILE_NAME, 2, "a::b.txt"),
                 IT(FILE_SIZE, 2, "1a2b", 0x1a2b),
                 IT(FILE_MTIME, 2, "6553f0f0", 0x6553f0f0),
                 IT_AT(FILE_ATTR, 2, 67, "1", 1),
                 IT_AT(FILE_TYPE, 3, 67, "1", 1),
                 IT_AT(FILE, 1, 70, "1:photos:0:6553f0f1:2", 0),
                 IT_AT(FILE_ID, 2, 70, "1", 1),
                 IT(FILE_NAME, 2, "photos", 0),
                 IT_AT(FILE_SIZE, 2, 79, "0", 0),
                 IT(FILE_MTIME, 2, "6553f0f1", 0x6553f0f1),
                 IT_AT(FILE_ATTR, 2, 90, "2", 2),
                 IT_AT(FILE_TYPE, 3, 90, "2", 2));
    assert_int_equal(p->msg->n_files, 2);
    /* the name unescapes to "a:b.txt" */
    const struct ipmsg_item *name = &p->msg->items[13];
    assert_int_equal(name->field, IPMSG_F_FILE_NAME);
    uint8_t out[16];
    size_t n = ipmsg_unescape_colons(p->buf + name->off, name->len, out);
    assert_int_equal(n, 7);
    assert_memory_equal(out, "a:b.txt", 7);
    assert_string_equal(pkt_summary(p),
                        "SENDMSG [SENDCHECK,FILEATTACH] #1700000020 alice@PC01: \"two files\" (2 files)");
}

/* §10 #6, iptux form: empty text, entries joined by "\a:", final NUL, the
 * directory carries its tree size. */
static void test_example6_iptux(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1_iptux 0.8.3:10:alice:debian:2097184:\0"
                          "0:a::b.txt:1a2b:6553f0f0:1:\a:1:photos:5:6553f0f1:2:\a\0");
    EXPECT_ITEMS(p,
                 HDR_IPTUX("10", 10, "alice", "debian", "2097184", 2097184, MESSAGE),
                 IT_AT(MESSAGE, 0, 38, "", 0),
                 IT_AT(FILES, 0, 39, "0:a::b.txt:1a2b:6553f0f0:1:\a:1:photos:5:6553f0f1:2:\a", 0),
                 IT_AT(FILE, 1, 39, "0:a::b.txt:1a2b:6553f0f0:1", 0),
                 IT_AT(FILE_ID, 2, 39, "0", 0),
                 ESC(FILE_NAME, 2, "a::b.txt"),
                 IT(FILE_SIZE, 2, "1a2b", 0x1a2b),
                 IT(FILE_MTIME, 2, "6553f0f0", 0x6553f0f0),
                 IT_AT(FILE_ATTR, 2, 64, "1", 1),
                 IT_AT(FILE_TYPE, 3, 64, "1", 1),
                 IT_AT(FILE, 1, 68, "1:photos:5:6553f0f1:2", 0),
                 IT_AT(FILE_ID, 2, 68, "1", 1),
                 IT(FILE_NAME, 2, "photos", 0),
                 IT_AT(FILE_SIZE, 2, 77, "5", 5),
                 IT(FILE_MTIME, 2, "6553f0f1", 0x6553f0f1),
                 IT_AT(FILE_ATTR, 2, 88, "2", 2),
                 IT_AT(FILE_TYPE, 3, 88, "2", 2));
    assert_int_equal(p->msg->n_files, 2);
    assert_string_equal(pkt_summary(p), "SENDMSG [FILEATTACH] #10 alice@debian (2 files)");
}

/* §10 #15d: non-hex size; no ':' before the BEL is an accepted form. */
static void test_example15_bad_size(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:a:b:2097440:x\0" "0:bad.txt:zz:1:1\a");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "a", "b", "2097440", 2097440, MESSAGE),
                 IT_AT(MESSAGE, 0, 16, "x", 0),
                 IT_AT(FILES, 0, 18, "0:bad.txt:zz:1:1\a", 0),
                 IT_AT(FILE, 1, 18, "0:bad.txt:zz:1:1", 0),
                 IT_AT(FILE_ID, 2, 18, "0", 0),
                 IT(FILE_NAME, 2, "bad.txt", 0),
                 PROB(NOT_HEX, 2, "zz"),
                 IT_AT(FILE_MTIME, 2, 31, "1", 1),
                 IT_AT(FILE_ATTR, 2, 33, "1", 1),
                 IT_AT(FILE_TYPE, 3, 33, "1", 1));
    EXPECT_PROBLEMS(p, PB(NOT_HEX, "zz"));
    assert_int_equal(p->msg->n_files, 1);
}

/* §6.1: ":\a", "\a", "\a:" and ":\a:" all separate the same two entries. */
static void test_terminator_variants(void **state)
{
    (void)state;
    static const struct {
        const char *pkt;
        size_t len;
    } rows[] = {
        {LIT("1:1:a:b:2097184:\0" "0:a.txt:10:6553f0f0:1:\a1:b.txt:20:6553f0f1:1:\a")},
        {LIT("1:1:a:b:2097184:\0" "0:a.txt:10:6553f0f0:1\a1:b.txt:20:6553f0f1:1\a")},
        {LIT("1:1:a:b:2097184:\0" "0:a.txt:10:6553f0f0:1\a:1:b.txt:20:6553f0f1:1\a:")},
        {LIT("1:1:a:b:2097184:\0" "0:a.txt:10:6553f0f0:1:\a:1:b.txt:20:6553f0f1:1:\a:")},
        /* FeiQ-RE and iptux: a final NUL */
        {LIT("1:1:a:b:2097184:\0" "0:a.txt:10:6553f0f0:1:\a1:b.txt:20:6553f0f1:1:\a\0")},
        {LIT("1:1:a:b:2097184:\0" "0:a.txt:10:6553f0f0:1:\a:1:b.txt:20:6553f0f1:1:\a\0")},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct pkt *p = pkt_parse(rows[i].pkt, rows[i].len, IPMSG_UDP);
        EXPECT_NO_PROBLEMS(p);
        assert_int_equal(p->msg->n_files, 2);
        /* header (9), message, files, then 7 items per entry */
        assert_int_equal(p->msg->n_items, 9 + 2 + 7 + 7);
        const struct ipmsg_item *f1 = &p->msg->items[11], *f2 = &p->msg->items[18];
        assert_int_equal(f1->field, IPMSG_F_FILE);
        assert_int_equal(f1->depth, 1);
        assert_int_equal(f1->off, 17);
        assert_int_equal(f1->len, 21);
        assert_memory_equal(p->buf + f1->off, "0:a.txt:10:6553f0f0:1", 21);
        assert_int_equal(f2->field, IPMSG_F_FILE);
        assert_memory_equal(p->buf + f2->off, "1:b.txt:20:6553f0f1:1", 21);
        assert_int_equal(f2->len, 21);
        assert_int_equal(p->msg->items[12].value, 0);          /* id */
        assert_int_equal(p->msg->items[14].value, 0x10);       /* size */
        assert_int_equal(p->msg->items[19].value, 1);          /* id */
        assert_int_equal(p->msg->items[21].value, 0x20);       /* size */
        assert_int_equal(p->msg->items[23].value, 1);          /* attr */
        assert_int_equal(p->msg->items[24].field, IPMSG_F_FILE_TYPE);
    }
}

/* §6.1: names escape ':' as "::"; a field ends at a single ':'. */
static void test_escaped_names(void **state)
{
    (void)state;
    static const struct {
        const char *pkt;
        size_t len;
        const char *name, *plain;
        unsigned flags;
    } rows[] = {
        {LIT("1:1:a:b:2097184:\0" "0:x:::10:1:1:\a"), "x::", "x:", IPMSG_ITEM_ESCAPED},
        {LIT("1:1:a:b:2097184:\0" "0:::x:10:1:1:\a"), "::x", ":x", IPMSG_ITEM_ESCAPED},
        {LIT("1:1:a:b:2097184:\0" "0::::::10:1:1:\a"), "::::", "::", IPMSG_ITEM_ESCAPED},
        {LIT("1:1:a:b:2097184:\0" "0:a::b::c:10:1:1:\a"), "a::b::c", "a:b:c", IPMSG_ITEM_ESCAPED},
        {LIT("1:1:a:b:2097184:\0" "0:plain:10:1:1:\a"), "plain", "plain", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct pkt *p = pkt_parse(rows[i].pkt, rows[i].len, IPMSG_UDP);
        EXPECT_NO_PROBLEMS(p);
        assert_int_equal(p->msg->n_files, 1);
        const struct ipmsg_item *name = &p->msg->items[13], *size = &p->msg->items[14];
        assert_int_equal(name->field, IPMSG_F_FILE_NAME);
        assert_int_equal(name->off, 19);
        assert_int_equal(name->len, strlen(rows[i].name));
        assert_memory_equal(p->buf + name->off, rows[i].name, name->len);
        assert_int_equal(name->flags, rows[i].flags);
        assert_int_equal(size->field, IPMSG_F_FILE_SIZE);
        assert_int_equal(size->value, 0x10);
        uint8_t out[32];
        size_t n = ipmsg_unescape_colons(p->buf + name->off, name->len, out);
        assert_int_equal(n, strlen(rows[i].plain));
        assert_memory_equal(out, rows[i].plain, n);
    }
}

/* §6.3 extended attributes, §6.2 types and flags, §6.5 sizes. */
static void test_ext_attrs_and_types(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:a:b:2097184:\0" "0:x.jpg:5:6553f0f2:1:14=6553f0f2:16=6553f0f2:\a"
                          "1:clip.png:1a:6553f0f3:20:8=1a,2b:\a");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "a", "b", "2097184", 2097184, MESSAGE),
                 IT_AT(MESSAGE, 0, 16, "", 0),
                 IT_AT(FILES, 0, 17, "0:x.jpg:5:6553f0f2:1:14=6553f0f2:16=6553f0f2:\a1:clip.png:1a:6553f0f3:20:8=1a,2b:\a",
                       0),
                 IT_AT(FILE, 1, 17, "0:x.jpg:5:6553f0f2:1:14=6553f0f2:16=6553f0f2", 0),
                 IT_AT(FILE_ID, 2, 17, "0", 0),
                 IT(FILE_NAME, 2, "x.jpg", 0),
                 IT_AT(FILE_SIZE, 2, 25, "5", 5),
                 IT_AT(FILE_MTIME, 2, 27, "6553f0f2", 0x6553f0f2),
                 IT_AT(FILE_ATTR, 2, 36, "1", 1),
                 IT_AT(FILE_TYPE, 3, 36, "1", 1),
                 IT(FILE_EXT, 2, "14=6553f0f2", 0),
                 IT(FILE_EXT_KEY, 3, "14", 0x14),
                 IT_AT(FILE_EXT_VALUE, 3, 41, "6553f0f2", 0),
                 IT(FILE_EXT, 2, "16=6553f0f2", 0),
                 IT(FILE_EXT_KEY, 3, "16", 0x16),
                 IT_AT(FILE_EXT_VALUE, 3, 53, "6553f0f2", 0),
                 IT_AT(FILE, 1, 63, "1:clip.png:1a:6553f0f3:20:8=1a,2b", 0),
                 IT_AT(FILE_ID, 2, 63, "1", 1),
                 IT(FILE_NAME, 2, "clip.png", 0),
                 IT_AT(FILE_SIZE, 2, 74, "1a", 0x1a),
                 IT(FILE_MTIME, 2, "6553f0f3", 0x6553f0f3),
                 IT_AT(FILE_ATTR, 2, 86, "20", 0x20),
                 IT_AT(FILE_TYPE, 3, 86, "20", 0x20),
                 IT(FILE_EXT, 2, "8=1a,2b", 0),
                 IT_AT(FILE_EXT_KEY, 3, 89, "8", 8),
                 IT(FILE_EXT_VALUE, 3, "1a,2b", 0));
    assert_string_equal(ipmsg_value_name(IPMSG_T_EXT_KEY, 0x14), "Modification time");
    assert_string_equal(ipmsg_value_name(IPMSG_T_FILE_TYPE, 0x20), "Clipboard image");

    /* attribute flags in the high bits: type is the low byte */
    p = PARSE("1:1:a:b:2097184:\0" "0:ro.txt:1:2:8101:\a");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[16].field, IPMSG_F_FILE_ATTR);
    assert_int_equal(p->msg->items[16].value, 0x8101);
    assert_int_equal(p->msg->items[17].field, IPMSG_F_FILE_TYPE);
    assert_int_equal(p->msg->items[17].value, 0x01);
    /* 64-bit sizes */
    p = PARSE("1:1:a:b:2097184:\0" "0:big:ffffffffffffffff:2:1:\a");
    EXPECT_NO_PROBLEMS(p);
    assert_true(p->msg->items[14].value == UINT64_MAX);
    p = PARSE("1:1:a:b:2097184:\0" "0:big:10000000000000000:2:1:\a");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "10000000000000000"));
}

/* Malformed entries. */
static void test_malformed_entries(void **state)
{
    (void)state;
    /* unknown type */
    struct pkt *p = PARSE("1:1:a:b:2097184:\0" "0:odd:1:2:9:\a");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "a", "b", "2097184", 2097184, MESSAGE),
                 IT_AT(MESSAGE, 0, 16, "", 0),
                 IT(FILES, 0, "0:odd:1:2:9:\a", 0),
                 IT(FILE, 1, "0:odd:1:2:9", 0),
                 IT_AT(FILE_ID, 2, 17, "0", 0),
                 IT(FILE_NAME, 2, "odd", 0),
                 IT_AT(FILE_SIZE, 2, 23, "1", 1),
                 IT_AT(FILE_MTIME, 2, 25, "2", 2),
                 IT(FILE_ATTR, 2, "9", 9),
                 IT(FILE_TYPE, 3, "9", 9),
                 PROB(FILE_UNKNOWN_TYPE, 3, "9"));

    /* extended attribute without '=' and with a non-hex key */
    p = PARSE("1:1:a:b:2097184:\0" "0:f:1:2:1:abc:zz=1:\a");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "a", "b", "2097184", 2097184, MESSAGE),
                 IT_AT(MESSAGE, 0, 16, "", 0),
                 IT(FILES, 0, "0:f:1:2:1:abc:zz=1:\a", 0),
                 IT(FILE, 1, "0:f:1:2:1:abc:zz=1", 0),
                 IT_AT(FILE_ID, 2, 17, "0", 0),
                 IT(FILE_NAME, 2, "f", 0),
                 IT_AT(FILE_SIZE, 2, 21, "1", 1),
                 IT_AT(FILE_MTIME, 2, 23, "2", 2),
                 IT_AT(FILE_ATTR, 2, 25, "1", 1),
                 IT_AT(FILE_TYPE, 3, 25, "1", 1),
                 IT(FILE_EXT, 2, "abc", 0),
                 PROB(FILE_BAD_EXT, 3, "abc"),
                 IT(FILE_EXT, 2, "zz=1", 0),
                 PROB(NOT_HEX, 3, "zz"),
                 IT_AT(FILE_EXT_VALUE, 3, 34, "1", 0));

    /* too few fields */
    p = PARSE("1:1:a:b:2097184:\0" "0:a.txt:10\a");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "a", "b", "2097184", 2097184, MESSAGE),
                 IT_AT(MESSAGE, 0, 16, "", 0),
                 IT(FILES, 0, "0:a.txt:10\a", 0),
                 IT(FILE, 1, "0:a.txt:10", 0),
                 IT_AT(FILE_ID, 2, 17, "0", 0),
                 IT(FILE_NAME, 2, "a.txt", 0),
                 IT(FILE_SIZE, 2, "10", 0x10),
                 PROB(FILE_MISSING_FIELDS, 2, "0:a.txt:10"));

    /* no BEL after the last entry */
    p = PARSE("1:1:a:b:2097184:\0" "0:a.txt:10:1:1");
    EXPECT_PROBLEMS(p, PB(FILE_UNTERMINATED, "0:a.txt:10:1:1"));
    assert_int_equal(p->msg->n_files, 1);
    p = PARSE("1:1:a:b:2097184:\0" "0:a.txt:10:1:1:\a1:b\0");
    EXPECT_PROBLEMS(p, PB(FILE_MISSING_FIELDS, "1:b"), PB(FILE_UNTERMINATED, "1:b"));
    assert_int_equal(p->msg->n_files, 2);

    /* id: decimal, 32 bits */
    p = PARSE("1:1:a:b:2097184:\0" "1f:a:1:2:1:\a");
    EXPECT_PROBLEMS(p, PB(NOT_DECIMAL, "1f"));
    p = PARSE("1:1:a:b:2097184:\0" "4294967296:a:1:2:1:\a");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "4294967296"));
    p = PARSE("1:1:a:b:2097184:\0" "4294967295:a:1:2:1:\a");
    EXPECT_NO_PROBLEMS(p);
    /* attribute: hex, 32 bits */
    p = PARSE("1:1:a:b:2097184:\0" "0:a:1:2:x:\a");
    EXPECT_PROBLEMS(p, PB(NOT_HEX, "x"));
    assert_int_equal(count_field(p, IPMSG_F_FILE_TYPE), 0);
    p = PARSE("1:1:a:b:2097184:\0" "0:a:1:2:100000001:\a");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "100000001"));

    /* empty pieces between BELs are not entries */
    p = PARSE("1:1:a:b:2097184:\0" "\a\a:\a");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->n_files, 0);
    assert_int_equal(count_field(p, IPMSG_F_FILES), 1);
    assert_int_equal(count_field(p, IPMSG_F_FILE), 0);
}

/* The item array is bounded: a list with thousands of entries ends in
 * exactly one TOO_MANY_ITEMS problem and nothing is written past the array
 * (the message is heap-allocated to its exact size, so ASan would see it). */
static void test_item_overflow(void **state)
{
    (void)state;
    enum { ENTRIES = 3000 };
    static const char head[] = "1:1:alice:PC01:2097184:many\0";
    size_t cap = sizeof head + ENTRIES * 32;
    char *buf = malloc(cap);
    assert_non_null(buf);
    memcpy(buf, head, sizeof head - 1);
    size_t len = sizeof head - 1;
    size_t entry_off[ENTRIES];
    for (unsigned i = 0; i < ENTRIES; i++) {
        entry_off[i] = len;
        len += (size_t)snprintf(buf + len, cap - len, "%u:f%u.txt:1:2:1:\a", i, i);
    }
    struct pkt *p = pkt_parse(buf, len, IPMSG_UDP);
    free(buf);

    const struct ipmsg_msg *m = p->msg;
    assert_true(m->items_overflow);
    assert_int_equal(m->n_items, IPMSG_MAX_ITEMS);
    assert_int_equal(m->n_problems, 1);
    assert_int_equal(count_problem(p, IPMSG_P_TOO_MANY_ITEMS), 1);
    const struct ipmsg_item *last = &m->items[IPMSG_MAX_ITEMS - 1];
    assert_int_equal(last->field, IPMSG_F_PROBLEM);
    assert_int_equal(last->value, IPMSG_P_TOO_MANY_ITEMS);
    assert_int_equal(last->depth, 0);
    /* The report covers what was not decoded: 1023 items fit, the header and
     * text take 11, each entry 7 (file, id, name, size, mtime, attr, type):
     * entries 0..143 fit, of entry 144 ("144:f144.txt:1:2:1:") four items,
     * so decoding stopped at its mtime, 15 bytes into it. */
    assert_int_equal(last->off, entry_off[144] + 15);
    assert_int_equal(last->len, len - (entry_off[144] + 15));
    assert_memory_equal(p->buf + last->off, "2:1:\a145:", 9);
    /* all the entries are still counted */
    assert_int_equal(m->n_files, ENTRIES);
    /* the items before the report are the regular ones */
    assert_int_equal(m->items[9].field, IPMSG_F_MESSAGE);
    assert_int_equal(m->items[10].field, IPMSG_F_FILES);
    assert_int_equal(m->items[11].field, IPMSG_F_FILE);
    for (uint32_t i = 0; i < IPMSG_MAX_ITEMS - 1; i++)
        assert_int_not_equal(m->items[i].field, IPMSG_F_PROBLEM);
    assert_string_equal(pkt_summary(p), "SENDMSG [FILEATTACH] #1 alice@PC01: \"many\" (3000 files)");
}

/* ipmsg_attachments reads the entries back: what the plugin ties a TCP
 * download to (id, name, announced size, type). */
static void test_attachments_read_back(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1_iptux 0.8.3:10:alice:debian:2097184:\0"
                          "0:a::b.txt:1a2b:6553f0f0:1:\a:1:photos:5:6553f0f1:2:\a\0");
    struct ipmsg_attachment a[4];
    assert_int_equal(ipmsg_attachments(p->msg, a, 4), 2);
    assert_true(a[0].has_id && a[0].has_size && a[0].has_attr);
    assert_int_equal(a[0].id, 0);
    assert_string_equal(pkt_span_str(p, a[0].name), "a::b.txt");
    assert_true(a[0].name_escaped);
    assert_int_equal(a[0].size, 0x1a2b);
    assert_int_equal(a[0].attr, 1);
    assert_int_equal(a[1].id, 1);
    assert_string_equal(pkt_span_str(p, a[1].name), "photos");
    assert_false(a[1].name_escaped);
    assert_int_equal(a[1].size, 5);
    assert_int_equal(a[1].attr, 2);
    /* fewer slots than entries: the count is still the whole list */
    assert_int_equal(ipmsg_attachments(p->msg, a, 1), 2);
    assert_int_equal(ipmsg_attachments(p->msg, NULL, 0), 2);

    /* an entry without id or size says so */
    p = PARSE("1:1:a:b:2097440:x\0" "0:bad.txt:zz:1:1\a");
    assert_int_equal(ipmsg_attachments(p->msg, a, 4), 1);
    assert_true(a[0].has_id);
    assert_false(a[0].has_size);
    assert_string_equal(pkt_span_str(p, a[0].name), "bad.txt");

    p = PARSE("1:1700000010:alice:PC01:288:Hello\0");
    assert_int_equal(ipmsg_attachments(p->msg, a, 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_example6_windows),
        TEST(test_example6_iptux),
        TEST(test_example15_bad_size),
        TEST(test_terminator_variants),
        TEST(test_escaped_names),
        TEST(test_ext_attrs_and_types),
        TEST(test_malformed_entries),
        TEST(test_item_overflow),
        TEST(test_attachments_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
