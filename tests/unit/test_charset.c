/* ipmsg_charset.c: strict UTF-8 validation, the packet's character set,
 * and "::" unescaping.
 * Expectations: docs/ipmsg-protocol.md §2.4, §2.6, §6.1; RFC 3629 for UTF-8. */
#include "item_assert.h"

#include <string.h>

static bool utf8(const char *s, size_t len)
{
    /* exact-size copy: a validator reading past a truncated sequence trips ASan */
    return ipmsg_utf8_valid(pkt_bytes(s, len), len);
}
#define UTF8(lit) utf8((lit), sizeof(lit) - 1)

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(UTF8(""));
    assert_true(UTF8("plain ASCII\n\t~\x7f"));
    assert_true(UTF8("\xc2\x80"));             /* U+0080 */
    assert_true(UTF8("\xdf\xbf"));             /* U+07FF */
    assert_true(UTF8("\xe0\xa0\x80"));         /* U+0800 */
    assert_true(UTF8("\xed\x9f\xbf"));         /* U+D7FF, last before the surrogates */
    assert_true(UTF8("\xee\x80\x80"));         /* U+E000, first after */
    assert_true(UTF8("\xef\xbf\xbf"));         /* U+FFFF */
    assert_true(UTF8("\xf0\x90\x80\x80"));     /* U+10000 */
    assert_true(UTF8("\xf0\x9f\x98\x80"));     /* U+1F600 */
    assert_true(UTF8("\xf4\x8f\xbf\xbf"));     /* U+10FFFF */
    assert_true(UTF8("\xe5\xa4\xaa\xe9\x83\x8e")); /* 太郎 */
    assert_true(UTF8("a\xe2\x80\xa6z"));
    assert_true(UTF8("\0\0"));                 /* NUL is U+0000 */
}

static void test_utf8_overlong(void **state)
{
    (void)state;
    assert_false(UTF8("\xc0\x80"));
    assert_false(UTF8("\xc0\xaf"));
    assert_false(UTF8("\xc1\xbf"));
    assert_false(UTF8("\xe0\x80\xaf"));
    assert_false(UTF8("\xe0\x9f\xbf"));        /* U+07FF in three bytes */
    assert_false(UTF8("\xf0\x80\x80\xaf"));
    assert_false(UTF8("\xf0\x8f\xbf\xbf"));    /* U+FFFF in four bytes */
}

static void test_utf8_surrogates(void **state)
{
    (void)state;
    assert_false(UTF8("\xed\xa0\x80"));        /* U+D800 */
    assert_false(UTF8("\xed\xaf\xbf"));        /* U+DBFF */
    assert_false(UTF8("\xed\xb0\x80"));        /* U+DC00 */
    assert_false(UTF8("\xed\xbf\xbf"));        /* U+DFFF */
    assert_false(UTF8("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair */
}

static void test_utf8_beyond_10ffff(void **state)
{
    (void)state;
    assert_false(UTF8("\xf4\x90\x80\x80"));    /* U+110000 */
    assert_false(UTF8("\xf5\x80\x80\x80"));
    assert_false(UTF8("\xf7\xbf\xbf\xbf"));
    assert_false(UTF8("\xf8\x88\x80\x80\x80"));
    assert_false(UTF8("\xfc\x84\x80\x80\x80\x80"));
    assert_false(UTF8("\xfe"));
    assert_false(UTF8("\xff"));
}

static void test_utf8_truncated_and_stray(void **state)
{
    (void)state;
    assert_false(UTF8("\xc2"));
    assert_false(UTF8("\xe4\xbd"));            /* 你 without its last byte */
    assert_false(UTF8("\xf0\x9f\x98"));
    assert_false(UTF8("a\xe4"));
    assert_false(UTF8("\xe4\xbd" "a"));        /* continuation replaced by ASCII */
    assert_false(UTF8("\xf0\x9f\x98\x20"));
    assert_false(UTF8("\x80"));                /* stray continuation */
    assert_false(UTF8("a\xbf"));
    /* legacy encodings are not UTF-8 */
    assert_false(UTF8("\xc4\xe3\xba\xc3"));    /* GBK 你好 */
    assert_false(UTF8("\x82\xa0\x82\xa2"));    /* CP932 あい */
    assert_false(UTF8("\x91\xbe\x98\x59"));    /* CP932 太郎 */
}

static void test_is_ascii(void **state)
{
    (void)state;
    assert_true(ipmsg_is_ascii(pkt_bytes("", 0), 0));
    assert_true(ipmsg_is_ascii(pkt_bytes("abc\x7f\0\x01", 6), 6));
    assert_false(ipmsg_is_ascii(pkt_bytes("\x80", 1), 1));
    assert_false(ipmsg_is_ascii(pkt_bytes("abc\xff", 4), 4));
    assert_false(ipmsg_is_ascii(pkt_bytes("\xc2\x80", 2), 2));
}

/* The word-at-a-time paths: every alignment and every length up to 40
 * (whole words, the overlapping tail, the short forms), one bad byte at
 * every position.  Each buffer ends exactly at its last byte, so ASan
 * catches a read past the length. */
#define MAX_ALIGN 8u
#define MAX_LEN 40u

/* fill[0..len) placed at `align` bytes into a buffer of exactly align+len. */
static const uint8_t *placed(const uint8_t *fill, size_t align, size_t len)
{
    uint8_t tmp[MAX_ALIGN + MAX_LEN + 8];
    memset(tmp, 'x', align);
    memcpy(tmp + align, fill, len);
    return pkt_bytes(tmp, align + len) + align;
}

static void ascii_fill(uint8_t *fill, size_t len)
{
    for (size_t i = 0; i < len; i++)
        fill[i] = (uint8_t)(i * 37 % 128);   /* every ASCII value, NUL and DEL too */
}

static void test_is_ascii_word_paths(void **state)
{
    (void)state;
    static const uint8_t bad[] = {0x80, 0xff, 0xc3};
    uint8_t fill[MAX_LEN];
    for (size_t align = 0; align < MAX_ALIGN; align++) {
        for (size_t len = 0; len <= MAX_LEN; len++) {
            ascii_fill(fill, len);
            assert_true(ipmsg_is_ascii(placed(fill, align, len), len));
            assert_true(ipmsg_utf8_valid(placed(fill, align, len), len));
            for (size_t pos = 0; pos < len; pos++) {
                for (size_t b = 0; b < sizeof bad; b++) {
                    ascii_fill(fill, len);
                    fill[pos] = bad[b];
                    assert_false(ipmsg_is_ascii(placed(fill, align, len), len));
                    /* a lone lead or continuation byte is not UTF-8 either */
                    assert_false(ipmsg_utf8_valid(placed(fill, align, len), len));
                }
            }
        }
    }
}

/* One sequence in ASCII at every position and alignment: valid ones stay
 * valid, broken ones are caught wherever they sit; cut off by the end of
 * the buffer, any lead byte is an error. */
static void test_utf8_word_paths(void **state)
{
    (void)state;
    static const struct {
        const char *seq;
        size_t len;
        bool valid;
    } rows[] = {
        {"\xc2\x80", 2, true},           /* U+0080 */
        {"\xdf\xbf", 2, true},           /* U+07FF */
        {"\xe0\xa0\x80", 3, true},       /* U+0800 */
        {"\xed\x9f\xbf", 3, true},       /* U+D7FF */
        {"\xef\xbf\xbf", 3, true},       /* U+FFFF */
        {"\xf0\x90\x80\x80", 4, true},   /* U+10000 */
        {"\xf4\x8f\xbf\xbf", 4, true},   /* U+10FFFF */
        {"\xc0\x80", 2, false},          /* overlong NUL */
        {"\xc1\xbf", 2, false},          /* overlong */
        {"\xe0\x9f\xbf", 3, false},      /* overlong U+07FF */
        {"\xf0\x8f\xbf\xbf", 4, false},  /* overlong U+FFFF */
        {"\xed\xa0\x80", 3, false},      /* surrogate U+D800 */
        {"\xed\xbf\xbf", 3, false},      /* surrogate U+DFFF */
        {"\xf4\x90\x80\x80", 4, false},  /* U+110000 */
        {"\xf5\x80\x80\x80", 4, false},  /* no such lead */
        {"\xe4\xbd" "a", 3, false},      /* ASCII where a continuation belongs */
        {"\xf0\x9f\x98" "a", 4, false},
        {"\x80\x80", 2, false},          /* continuations without a lead */
    };
    uint8_t fill[MAX_LEN];
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        for (size_t align = 0; align < MAX_ALIGN; align++) {
            for (size_t len = rows[r].len; len <= MAX_LEN; len++) {
                for (size_t pos = 0; pos + rows[r].len <= len; pos++) {
                    ascii_fill(fill, len);
                    memcpy(fill + pos, rows[r].seq, rows[r].len);
                    assert_int_equal(ipmsg_utf8_valid(placed(fill, align, len), len), rows[r].valid);
                    assert_false(ipmsg_is_ascii(placed(fill, align, len), len));
                }
                /* truncated: the sequence runs past the end */
                for (size_t cut = 1; cut < rows[r].len && cut <= len; cut++) {
                    ascii_fill(fill, len);
                    memcpy(fill + len - cut, rows[r].seq, cut);
                    bool lead = (uint8_t)rows[r].seq[0] >= 0xc2;
                    if (lead)
                        assert_false(ipmsg_utf8_valid(placed(fill, align, len), len));
                }
            }
        }
    }
    /* all multi-byte, no ASCII at all, across word boundaries */
    uint8_t cjk[39];
    for (size_t i = 0; i < sizeof cjk; i += 3)
        memcpy(cjk + i, "\xe4\xbd\xa0", 3);
    for (size_t align = 0; align < MAX_ALIGN; align++) {
        for (size_t len = 0; len <= sizeof cjk; len++)
            assert_int_equal(ipmsg_utf8_valid(placed(cjk, align, len), len), len % 3 == 0);
    }
}

static enum ipmsg_charset charset_of(const char *pkt, size_t len)
{
    struct pkt *p = pkt_parse(pkt, len, IPMSG_UDP);
    return ipmsg_packet_charset(p->msg, p->buf, p->len);
}
#define CHARSET(lit) charset_of((lit), sizeof(lit) - 1)

/* §2.6: (1) UTF8OPT -> UTF-8 whatever the bytes. */
static void test_charset_utf8opt(void **state)
{
    (void)state;
    /* SENDMSG|SENDCHECK|UTF8OPT with CP932 bytes */
    assert_int_equal(CHARSET("1:5:alice:PC01:8388896:\x82\xa0\0"), IPMSG_CS_UTF8);
    /* ANSENTRY from Windows to a CAPUTF8 peer */
    assert_int_equal(CHARSET("1:5:alice:PC01:8388611:\xe5\xa4\xaa\0Sales\0"), IPMSG_CS_UTF8);
    /* whatever the command: IPTUX_SENDMSG (0xFB) with UTF8OPT */
    assert_int_equal(CHARSET("1:5:alice:PC01:8389115:\x82\xa0\0"), IPMSG_CS_UTF8);
    /* FeiQ never sets it, but the flag wins over the dialect guess */
    assert_int_equal(CHARSET("1_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9:5:a:b:8388896:\xc4\xe3\0"), IPMSG_CS_UTF8);
    /* CAPUTF8OPT only says "can do": not a declaration */
    assert_int_equal(CHARSET("1:5:alice:PC01:16777504:\x82\xa0\0"), IPMSG_CS_LEGACY);
    /* no valid command, no declaration */
    assert_int_equal(CHARSET("1:5:alice:PC01:8388896x:\x82\xa0\0"), IPMSG_CS_LEGACY);
}

/* §2.6: (2) iptux -> UTF-8, (3) FeiQ -> GB18030; IPDict is UTF-8 (§2.8). */
static void test_charset_dialects(void **state)
{
    (void)state;
    assert_int_equal(CHARSET("1_iptux 0.8.3:5:alice:debian:32:\xc4\xe3\xba\xc3\0"), IPMSG_CS_UTF8);
    assert_int_equal(CHARSET("1_iptux 0.8.3:1:alice:debian:257:alice\0dev\0icon-tux.png\0utf-8\0"), IPMSG_CS_UTF8);
    assert_int_equal(CHARSET("1_lbt6_0#128#0C29D68D8F12#0#0#0#4001#9:5:a:b:288:\xe4\xbd\xa0\0"), IPMSG_CS_GB18030);
    assert_int_equal(CHARSET("1_lbt4_0#128#0C29D68D8F12#0#0#0:5:a:b:288:hello\0"), IPMSG_CS_GB18030);
    assert_int_equal(CHARSET("IP2:9:BODY:2:\xc4\xe3:Z"), IPMSG_CS_UTF8);
}

/* §2.6: (4) valid UTF-8 -> UTF-8, (5) otherwise the legacy preference. */
static void test_charset_heuristic(void **state)
{
    (void)state;
    assert_int_equal(CHARSET("1:5:alice:PC01:32:hello\0"), IPMSG_CS_UTF8);
    assert_int_equal(CHARSET("1:5:alice:PC01:32:\xe4\xbd\xa0\xe5\xa5\xbd\0"), IPMSG_CS_UTF8);
    assert_int_equal(CHARSET("1:5:alice:PC01:32:\x82\xa0\x82\xa2\0"), IPMSG_CS_LEGACY);
    /* Feige (official version string) sends GBK */
    assert_int_equal(CHARSET("1:5:alice:PC01:288:\xc4\xe3\xba\xc3{/font;-16 0 0 0 400 0 0 0 134 0 0 2 32 "
                             "\xce\xa2\xc8\xed\xd1\xc5\xba\xda 8404992;}\0"),
                     IPMSG_CS_LEGACY);
    /* header names count too */
    assert_int_equal(CHARSET("1:5:\x82\xa0:PC01:32:hi\0"), IPMSG_CS_LEGACY);
    assert_int_equal(CHARSET("1:5:alice:\x91\xbe\x98\x59:32:hi\0"), IPMSG_CS_LEGACY);
    /* so do attachment names */
    assert_int_equal(CHARSET("1:5:alice:PC01:2097184:\0" "0:\x82\xa0.txt:1:2:1:\a"), IPMSG_CS_LEGACY);
    assert_int_equal(CHARSET("1:5:alice:PC01:2097184:\0" "0:\xe3\x81\x82.txt:1:2:1:\a"), IPMSG_CS_UTF8);

    /* §2.4: the UN/HN/NN/GN block is always UTF-8 and does not decide */
    assert_int_equal(CHARSET("1:1700000001:taro:PC02:16777217:?\0\0\nUN:taro\nHN:PC02\nNN:\xe5\xa4\xaa\xe9\x83\x8e"),
                     IPMSG_CS_UTF8);
    assert_int_equal(CHARSET("1:5:taro:PC02:16777217:\x91\xbe\x98\x59\0\0\nNN:\xe5\xa4\xaa\xe9\x83\x8e"),
                     IPMSG_CS_LEGACY);
    assert_int_equal(CHARSET("1:5:taro:PC02:16777217:taro\0\0\nNN:\x82\xa0"), IPMSG_CS_UTF8);
    /* binary fields do not decide either */
    assert_int_equal(CHARSET("1:5:alice:PC01:254:\0\x89PNG\xff\xfe"), IPMSG_CS_UTF8);
    /* nothing to judge */
    assert_int_equal(charset_of("", 0), IPMSG_CS_UTF8);
    /* all ASCII, so no item is looked at (the shortcut) */
    assert_int_equal(CHARSET("1:5:alice:PC01:0:\0"), IPMSG_CS_UTF8);
    assert_int_equal(CHARSET("1:5:alice:PC01:32:a longer message that spans several words\0"), IPMSG_CS_UTF8);
    /* non-ASCII only outside the text: still UTF-8 */
    assert_int_equal(CHARSET("1:5:alice:PC01:254:hello\0\x82\xa0"), IPMSG_CS_UTF8);
}

/* §6.1: "::" stands for ':' in file names. */
static void test_unescape_colons(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *out;
    } rows[] = {
        {"a::b.txt", "a:b.txt"},
        {"plain", "plain"},
        {"", ""},
        {"::", ":"},
        {"::::", "::"},
        {":::", "::"},      /* a pair, then a lone ':' */
        {"a:b", "a:b"},     /* a lone ':' is kept */
        {"x::", "x:"},
        {"::x", ":x"},
        {"a::b::c", "a:b:c"},
        {":", ":"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t len = strlen(rows[i].in);
        const uint8_t *src = pkt_bytes(rows[i].in, len);
        uint8_t dst[16];
        memset(dst, 0xA5, sizeof dst);
        size_t n = ipmsg_unescape_colons(src, len, dst);
        /* nothing written beyond what it reports */
        for (size_t k = n; k < sizeof dst; k++)
            assert_int_equal(dst[k], 0xA5);
        assert_int_equal(n, strlen(rows[i].out));
        assert_true(n <= len);
        assert_memory_equal(dst, rows[i].out, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_utf8_valid),
        TEST(test_utf8_overlong),
        TEST(test_utf8_surrogates),
        TEST(test_utf8_beyond_10ffff),
        TEST(test_utf8_truncated_and_stray),
        TEST(test_is_ascii),
        TEST(test_is_ascii_word_paths),
        TEST(test_utf8_word_paths),
        TEST(test_charset_utf8opt),
        TEST(test_charset_dialects),
        TEST(test_charset_heuristic),
        TEST(test_unescape_colons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
