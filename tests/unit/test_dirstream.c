/* ipmsg_dirstream.c: the GETDIRFILES directory stream, record by record.
 * Expectations: docs/ipmsg-protocol.md §6.5 and §10 #10; the hostile cases
 * are what a dissector meets in damaged or malicious captures. */
#include "item_assert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* §10 #10, verbatim: photos/ holding the 5-byte x.jpg, then RETPARENT. */
static const char EXAMPLE10[] = "0030:photos:000000000:2:14=6553f0f1:16=6553f0f1:"
                                "002f:x.jpg:000000005:1:14=6553f0f2:16=6553f0f2:"
                                "HELLO"
                                "0023:.:0:3:14=6553f0f1:16=6553f0f1:";

/* The iptux tree of samples/src/tcp-getdirfiles.txt:
 * photos/ x.jpg(5) sub/ y.txt(9) .. "notes 1.txt"(3) .. */
static const char TREE[] = "0030:photos:000000000:2:14=6553f0f1:16=6553f0f1:"
                           "002f:x.jpg:000000005:1:14=6553f0f2:16=6553f0f2:" "HELLO"
                           "002d:sub:000000000:2:14=6553f0f3:16=6553f0f3:"
                           "002f:y.txt:000000009:1:14=6553f0f4:16=6553f0f4:" "y content"
                           "0023:.:0:3:14=6553f0f3:16=6553f0f3:"
                           "0035:notes 1.txt:000000003:1:14=6553f0f5:16=6553f0f5:" "abc"
                           "0023:.:0:3:14=6553f0f1:16=6553f0f1:";

/* What a walk over a stream saw, in a form that does not depend on how the
 * bytes were cut: one line per record ("name type size depth"), the contents
 * of every file concatenated, and how it ended. */
struct walk {
    char records[2048];
    char contents[1024];
    size_t n_contents;
    int bad;                     /* problem of a BAD event, or -1 */
    int extra;                   /* problem of the first EXTRA event, or -1 (none) / IPMSG_P_COUNT */
    int unbalanced;              /* RECORD events with DIR_UNBALANCED */
    size_t events;
};

static void walk_init(struct walk *w)
{
    memset(w, 0, sizeof *w);
    w->bad = -1;
    w->extra = -1;
}

/* Handle one event of buffer buf; returns false for PARTIAL. */
static bool walk_event(struct walk *w, const uint8_t *buf, const struct ipmsg_dir_event *ev)
{
    w->events++;
    switch (ev->kind) {
    case IPMSG_DIR_EV_RECORD: {
        size_t used = strlen(w->records);
        snprintf(w->records + used, sizeof w->records - used, "%.*s %u %llu %u\n", (int)ev->hdr.name.len,
                 (const char *)buf + ev->off + ev->hdr.name.off, ev->hdr.type, (unsigned long long)ev->hdr.size,
                 ev->depth);
        if (ev->problem == IPMSG_P_DIR_UNBALANCED)
            w->unbalanced++;
        else
            assert_int_equal(ev->problem, IPMSG_P_COUNT);
        break;
    }
    case IPMSG_DIR_EV_CONTENT:
        assert_true(w->n_contents + ev->len <= sizeof w->contents);
        memcpy(w->contents + w->n_contents, buf + ev->off, ev->len);
        w->n_contents += ev->len;
        break;
    case IPMSG_DIR_EV_PARTIAL:
        return false;
    case IPMSG_DIR_EV_BAD:
        w->bad = (int)ev->problem;
        break;
    case IPMSG_DIR_EV_EXTRA:
        if (w->extra < 0)
            w->extra = (int)ev->problem;
        break;
    }
    return true;
}

/* Feed the stream in pieces cut at the given offsets, keeping a cut-off
 * header for the next piece the way the plugin does. */
static void walk_pieces(struct walk *w, struct ipmsg_dirstream *s, const uint8_t *data, size_t len,
                        const size_t *cuts, size_t n_cuts)
{
    uint8_t pending[IPMSG_DIR_MAX_HEADER + 64];
    size_t n_pending = 0, from = 0;

    for (size_t i = 0; i <= n_cuts; i++) {
        size_t to = i < n_cuts ? cuts[i] : len;
        size_t piece = to - from, blen = n_pending + piece, pos = 0;
        uint8_t *buf = malloc(blen ? blen : 1);
        struct ipmsg_dir_event ev;

        assert_non_null(buf);
        memcpy(buf, pending, n_pending);
        memcpy(buf + n_pending, data + from, piece);
        n_pending = 0;
        while (ipmsg_dirstream_next(s, buf, blen, &pos, to == len, &ev)) {
            assert_true(ev.off + (size_t)ev.len <= blen);
            if (!walk_event(w, buf, &ev)) {
                assert_int_equal(pos, blen);   /* PARTIAL takes the rest */
                n_pending = blen - ev.off;
                assert_true(n_pending <= sizeof pending);
                memcpy(pending, buf + ev.off, n_pending);
            }
        }
        assert_int_equal(pos, blen);
        free(buf);
        from = to;
    }
}

static void walk_whole(struct walk *w, struct ipmsg_dirstream *s, const void *data, size_t len)
{
    walk_init(w);
    memset(s, 0, sizeof *s);
    walk_pieces(w, s, pkt_bytes(data, len), len, NULL, 0);
}

/* §10 #10 in one buffer. */
static void test_example10(void **state)
{
    (void)state;
    struct walk w;
    struct ipmsg_dirstream s;
    walk_whole(&w, &s, LIT(EXAMPLE10));
    assert_string_equal(w.records, "photos 2 0 0\nx.jpg 1 5 1\n. 3 0 1\n");
    assert_int_equal(w.n_contents, 5);
    assert_memory_equal(w.contents, "HELLO", 5);
    assert_int_equal(w.bad, -1);
    assert_int_equal(w.extra, -1);
    assert_int_equal(s.state, IPMSG_DIRS_DONE);
    assert_int_equal(s.records, 3);
    assert_int_equal(ipmsg_dirstream_end(&s), IPMSG_P_COUNT);
}

/* The events themselves: offsets, content position and the last flag. */
static void test_example10_events(void **state)
{
    (void)state;
    const uint8_t *buf = pkt_bytes(LIT(EXAMPLE10));
    struct ipmsg_dirstream s = {0};
    struct ipmsg_dir_event ev;
    size_t pos = 0, len = sizeof EXAMPLE10 - 1;

    assert_true(ipmsg_dirstream_next(&s, buf, len, &pos, false, &ev));
    assert_int_equal(ev.kind, IPMSG_DIR_EV_RECORD);
    assert_int_equal(ev.off, 0);
    assert_int_equal(ev.len, 0x30);
    assert_int_equal(ev.hdr.type, 2);
    assert_int_equal(ev.hdr.name.off, 5);
    assert_int_equal(ev.hdr.name.len, 6);
    assert_int_equal(s.depth, 1);

    assert_true(ipmsg_dirstream_next(&s, buf, len, &pos, false, &ev));
    assert_int_equal(ev.kind, IPMSG_DIR_EV_RECORD);
    assert_int_equal(ev.off, 0x30);
    assert_int_equal(ev.hdr.size, 5);
    assert_int_equal(ev.hdr.attr, 1);
    assert_int_equal(ev.depth, 1);
    assert_int_equal(s.state, IPMSG_DIRS_CONTENT);

    assert_true(ipmsg_dirstream_next(&s, buf, len, &pos, false, &ev));
    assert_int_equal(ev.kind, IPMSG_DIR_EV_CONTENT);
    assert_int_equal(ev.off, 0x5f);
    assert_int_equal(ev.len, 5);
    assert_int_equal(ev.pos, 0);
    assert_int_equal(ev.total, 5);
    assert_true(ev.last);

    assert_true(ipmsg_dirstream_next(&s, buf, len, &pos, false, &ev));
    assert_int_equal(ev.kind, IPMSG_DIR_EV_RECORD);
    assert_int_equal(ev.hdr.type, 3);
    assert_int_equal(ev.depth, 1);
    assert_int_equal(s.depth, 0);
    assert_int_equal(s.state, IPMSG_DIRS_DONE);
    assert_false(ipmsg_dirstream_next(&s, buf, len, &pos, false, &ev));
}

/* A header's items, as the tree shows them. */
static void test_header_items(void **state)
{
    (void)state;
    struct pkt *p = pkt_unparsed(LIT("0030:photos:000000000:2:14=6553f0f1:16=6553f0f1:HELLO"));
    struct ipmsg_dir_result r;
    ipmsg_dir_header_parse(p->buf, p->len, &r, p->msg);
    assert_int_equal(r.status, IPMSG_DIR_OK);
    assert_int_equal(r.hdr.len, 48);
    assert_int_equal(r.problem, IPMSG_P_COUNT);
    EXPECT_ITEMS(p,
                 IT_AT(DIR_RECORD, 0, 0, "0030:photos:000000000:2:14=6553f0f1:16=6553f0f1:", 0),
                 IT_AT(DIR_HEADER_SIZE, 1, 0, "0030", 48),
                 IT(DIR_NAME, 1, "photos", 0),
                 IT(DIR_SIZE, 1, "000000000", 0),
                 IT_AT(DIR_ATTR, 1, 22, "2", 2),
                 IT_AT(DIR_TYPE, 2, 22, "2", 2),
                 IT(DIR_EXT, 1, "14=6553f0f1", 0),
                 IT_AT(DIR_EXT_KEY, 2, 24, "14", 0x14),
                 IT_AT(DIR_EXT_VALUE, 2, 27, "6553f0f1", 0),
                 IT(DIR_EXT, 1, "16=6553f0f1", 0),
                 IT_AT(DIR_EXT_KEY, 2, 36, "16", 0x16),
                 IT_AT(DIR_EXT_VALUE, 2, 39, "6553f0f1", 0));
    EXPECT_NO_PROBLEMS(p);
}

/* Names escape ':' as "::" like the attachment list; Windows omits the
 * extended attributes of a RETPARENT it has no time for. */
static void test_escaped_name_and_bare_retparent(void **state)
{
    (void)state;
    struct pkt *p = pkt_unparsed(LIT("001a:a::b.txt:000000002:1:xy"));
    struct ipmsg_dir_result r;
    ipmsg_dir_header_parse(p->buf, p->len, &r, p->msg);
    assert_int_equal(r.status, IPMSG_DIR_OK);
    assert_int_equal(r.hdr.len, 0x1a);
    assert_true(r.hdr.name_escaped);
    assert_int_equal(r.hdr.size, 2);
    EXPECT_ITEMS(p,
                 IT_AT(DIR_RECORD, 0, 0, "001a:a::b.txt:000000002:1:", 0),
                 IT_AT(DIR_HEADER_SIZE, 1, 0, "001a", 0x1a),
                 ESC(DIR_NAME, 1, "a::b.txt"),
                 IT(DIR_SIZE, 1, "000000002", 2),
                 IT_AT(DIR_ATTR, 1, 24, "1", 1),
                 IT_AT(DIR_TYPE, 2, 24, "1", 1));

    struct pkt *q = pkt_unparsed(LIT("000b:.:0:3:"));
    ipmsg_dir_header_parse(q->buf, q->len, &r, q->msg);
    assert_int_equal(r.status, IPMSG_DIR_OK);
    assert_int_equal(r.hdr.type, 3);
    EXPECT_NO_PROBLEMS(q);
}

/* Every way of cutting the stream in two, and one byte at a time, gives the
 * same records and contents as one buffer. */
static void test_any_segmentation(void **state)
{
    (void)state;
    size_t len = sizeof TREE - 1;
    const uint8_t *data = pkt_bytes(LIT(TREE));
    struct walk whole, cut;
    struct ipmsg_dirstream s;

    walk_whole(&whole, &s, data, len);
    assert_string_equal(whole.records,
                        "photos 2 0 0\nx.jpg 1 5 1\nsub 2 0 1\ny.txt 1 9 2\n. 3 0 2\nnotes 1.txt 1 3 1\n. 3 0 1\n");
    assert_int_equal(whole.n_contents, 17);
    assert_memory_equal(whole.contents, "HELLOy contentabc", 17);
    assert_int_equal(s.state, IPMSG_DIRS_DONE);

    for (size_t at = 0; at <= len; at++) {
        walk_init(&cut);
        memset(&s, 0, sizeof s);
        walk_pieces(&cut, &s, data, len, &at, 1);
        assert_string_equal(cut.records, whole.records);
        assert_int_equal(cut.n_contents, whole.n_contents);
        assert_memory_equal(cut.contents, whole.contents, whole.n_contents);
        assert_int_equal(cut.bad, -1);
        assert_int_equal(s.state, IPMSG_DIRS_DONE);
    }

    size_t *every = malloc(len * sizeof *every);
    assert_non_null(every);
    for (size_t i = 0; i < len; i++)
        every[i] = i + 1;
    walk_init(&cut);
    memset(&s, 0, sizeof s);
    walk_pieces(&cut, &s, data, len, every, len - 1);
    free(every);
    assert_string_equal(cut.records, whole.records);
    assert_memory_equal(cut.contents, whole.contents, whole.n_contents);
    assert_int_equal(s.state, IPMSG_DIRS_DONE);
}

/* A header cut off: PARTIAL while more may come (with the size it needs
 * once the size field is complete), truncated at the end of the stream. */
static void test_partial_and_truncated(void **state)
{
    (void)state;
    const uint8_t *buf = pkt_bytes(LIT("0030:photos:0000"));
    struct ipmsg_dirstream s = {0};
    struct ipmsg_dir_event ev;
    size_t pos = 0;

    assert_true(ipmsg_dirstream_next(&s, buf, 16, &pos, false, &ev));
    assert_int_equal(ev.kind, IPMSG_DIR_EV_PARTIAL);
    assert_int_equal(ev.off, 0);
    assert_int_equal(ev.need, 0x30);
    assert_int_equal(pos, 16);
    assert_int_equal(s.state, IPMSG_DIRS_HEADER);
    assert_int_equal(ipmsg_dirstream_end(&s), IPMSG_P_DIR_TRUNCATED);

    pos = 0;
    assert_true(ipmsg_dirstream_next(&s, buf, 3, &pos, false, &ev));
    assert_int_equal(ev.kind, IPMSG_DIR_EV_PARTIAL);
    assert_int_equal(ev.need, 0);   /* "003": the size field is not complete */

    pos = 0;
    assert_true(ipmsg_dirstream_next(&s, buf, 16, &pos, true, &ev));
    assert_int_equal(ev.kind, IPMSG_DIR_EV_BAD);
    assert_int_equal(ev.problem, IPMSG_P_DIR_TRUNCATED);
    assert_int_equal(s.state, IPMSG_DIRS_BROKEN);
    assert_int_equal(ipmsg_dirstream_end(&s), IPMSG_P_COUNT);   /* already reported */

    /* after a break everything is extra data, without another problem */
    pos = 0;
    assert_true(ipmsg_dirstream_next(&s, buf, 16, &pos, false, &ev));
    assert_int_equal(ev.kind, IPMSG_DIR_EV_EXTRA);
    assert_int_equal(ev.problem, IPMSG_P_COUNT);
    assert_int_equal(pos, 16);
}

/* Contents longer than the capture: reported as they come, never buffered,
 * and the stream is incomplete at its end. */
static void test_content_beyond_stream(void **state)
{
    (void)state;
    struct walk w;
    struct ipmsg_dirstream s;
    walk_whole(&w, &s, LIT("001c:big:ffffffffffffffff:1:0123456789"));
    assert_string_equal(w.records, "big 1 18446744073709551615 0\n");
    assert_int_equal(w.n_contents, 10);
    assert_int_equal(s.state, IPMSG_DIRS_CONTENT);
    assert_int_equal(s.content_left, UINT64_MAX - 10);
    assert_int_equal(ipmsg_dirstream_end(&s), IPMSG_P_DIR_TRUNCATED);
}

/* A lone file (Windows' encrypted-request path) ends the stream after its
 * contents; so does an empty one right after its header. */
static void test_lone_file(void **state)
{
    (void)state;
    struct walk w;
    struct ipmsg_dirstream s;
    walk_whole(&w, &s, LIT("0013:f:000000003:1:abc"));
    assert_string_equal(w.records, "f 1 3 0\n");
    assert_int_equal(s.state, IPMSG_DIRS_DONE);

    walk_whole(&w, &s, LIT("0013:e:000000000:1:0013:f:000000003:1:abc"));
    assert_string_equal(w.records, "e 1 0 0\n");
    assert_int_equal(w.extra, IPMSG_P_DIR_EXTRA);
    assert_int_equal(w.n_contents, 0);
}

/* Hostile and broken headers: each one stops the stream at once (nothing
 * loops, nothing reads past the buffer), with the problem that says why. */
static void test_bad_headers(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        int problem;
    } cases[] = {
        {LIT("0000:x:0:1:"), IPMSG_P_DIR_HEADER_SIZE},            /* header size 0 */
        {LIT("0005:x:0:1:"), IPMSG_P_DIR_HEADER_SIZE},            /* smaller than its own fields */
        {LIT(":x:0:1:"), IPMSG_P_DIR_HEADER_SIZE},                /* empty size field */
        {LIT("00zz:x:0:1:"), IPMSG_P_DIR_HEADER_SIZE},            /* not hex */
        {LIT("10000:x:0:1:"), IPMSG_P_DIR_HEADER_SIZE},           /* over 65535 */
        {LIT("123456789abc"), IPMSG_P_DIR_HEADER_SIZE},           /* no ':' in the first 9 bytes */
        {LIT("hello"), IPMSG_P_DIR_HEADER_SIZE},                  /* text where a header belongs */
        {LIT("000c:abcdefg"), IPMSG_P_DIR_MALFORMED},             /* no ':' after the name */
        {LIT("000e:abc:12:zz"), IPMSG_P_DIR_MALFORMED},           /* attribute missing */
        {LIT("000e:abc:zz:1:"), IPMSG_P_DIR_MALFORMED},           /* size not hex */
        {LIT("000e:abc:5:1x:"), IPMSG_P_DIR_MALFORMED},           /* attribute not hex */
        {LIT("0099:d:000000000:2:0020:f:000000010:1:short"), IPMSG_P_DIR_TRUNCATED},   /* samples/malformed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct walk w;
        struct ipmsg_dirstream s;
        walk_whole(&w, &s, cases[i].bytes, cases[i].len);
        if (w.bad != cases[i].problem)
            fail_msg("case %zu (%s): problem %d, expected %d", i, cases[i].bytes, w.bad, cases[i].problem);
        assert_string_equal(w.records, "");
        assert_int_equal(s.state, IPMSG_DIRS_BROKEN);
        assert_true(w.events <= 1);
    }

    /* the problem also shows in the header's items, over the blamed bytes */
    struct pkt *p = pkt_unparsed(LIT("0000:x:0:1:"));
    struct ipmsg_dir_result r;
    ipmsg_dir_header_parse(p->buf, p->len, &r, p->msg);
    assert_int_equal(r.status, IPMSG_DIR_BAD);
    EXPECT_PROBLEMS(p, PB_AT(DIR_HEADER_SIZE, 0, "0000"));
    p = pkt_unparsed(LIT("000e:abc:12:zz"));
    ipmsg_dir_header_parse(p->buf, p->len, &r, p->msg);
    EXPECT_PROBLEMS(p, PB(NOT_HEX, "zz"), PB(DIR_MALFORMED, "000e:abc:12:zz"));
}

/* Usable but flawed: no final ':' (reported, the record still counts), an
 * unknown type (note), a RETPARENT with no directory open. */
static void test_flawed_records(void **state)
{
    (void)state;
    struct ipmsg_dir_result r;
    struct pkt *p = pkt_unparsed(LIT("0014:a:000000002:1x:yz"));   /* attribute not hex */
    ipmsg_dir_header_parse(p->buf, p->len, &r, p->msg);
    assert_int_equal(r.status, IPMSG_DIR_BAD);
    EXPECT_PROBLEMS(p, PB(NOT_HEX, "1x"), PB(DIR_MALFORMED, "0014:a:000000002:1x:"));

    p = pkt_unparsed(LIT("0013:a:000000002:1:yz"));
    ipmsg_dir_header_parse(p->buf, p->len, &r, p->msg);
    assert_int_equal(r.status, IPMSG_DIR_OK);
    EXPECT_NO_PROBLEMS(p);

    /* the header size says where it ends, even without the final ':' */
    p = pkt_unparsed(LIT("0011:a:00000000:1"));
    ipmsg_dir_header_parse(p->buf, p->len, &r, p->msg);
    assert_int_equal(r.status, IPMSG_DIR_OK);
    assert_int_equal(r.hdr.attr, 1);
    EXPECT_PROBLEMS(p, PB_AT(DIR_MALFORMED, 16, "1"));

    p = pkt_unparsed(LIT("0013:l:000000000:9:"));
    ipmsg_dir_header_parse(p->buf, p->len, &r, p->msg);
    assert_int_equal(r.status, IPMSG_DIR_OK);
    EXPECT_PROBLEMS(p, PB(FILE_UNKNOWN_TYPE, "9"));

    struct walk w;
    struct ipmsg_dirstream s;
    walk_whole(&w, &s, LIT("000b:.:0:3:"));
    assert_int_equal(w.unbalanced, 1);
    assert_int_equal(s.state, IPMSG_DIRS_DONE);
}

/* Deep trees are only counted; the depth never wraps. */
static void test_depth(void **state)
{
    (void)state;
    char stream[4096];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(stream + n, sizeof stream - n, "0013:d:000000000:2:");
    struct walk w;
    struct ipmsg_dirstream s;
    walk_whole(&w, &s, stream, n);
    assert_int_equal(s.depth, 100);
    assert_int_equal(s.records, 100);
    assert_int_equal(s.state, IPMSG_DIRS_HEADER);
    assert_int_equal(ipmsg_dirstream_end(&s), IPMSG_P_DIR_TRUNCATED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_example10),
        TEST(test_example10_events),
        TEST(test_header_items),
        TEST(test_escaped_name_and_bare_retparent),
        TEST(test_any_segmentation),
        TEST(test_partial_and_truncated),
        TEST(test_content_beyond_stream),
        TEST(test_lone_file),
        TEST(test_bad_headers),
        TEST(test_flawed_records),
        TEST(test_depth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
