/* ipmsg_crypto.c: encrypted message layout "method:key:body[:signature]"
 * and the public key exchange.
 * Expectations: docs/ipmsg-protocol.md §4.6, §5.1-§5.3, §10 #8, #12. */
#include "item_assert.h"

/* hex strings of known length */
#define A16 "0123456789abcdef"
#define B16 "fedcba9876543210"
#define A64 A16 A16 A16 A16
#define B64 B16 B16 B16 B16
#define A256 A64 A64 A64 A64
#define B256 B64 B64 B64 B64
#define A512 A256 A256
#define B512 B256 B256
#define BODY32 "00112233445566778899aabbccddeeff" /* 16 bytes */

/* base64: "QUJD" = 3 bytes; RSA-2048 = 256 bytes = 344 chars ending "==" */
#define Q5 "QUJDQUJDQUJDQUJDQUJD"
#define Q25 Q5 Q5 Q5 Q5 Q5
#define Q85 Q25 Q25 Q25 Q5 Q5
#define Q42 Q25 Q5 Q5 Q5 "QUJDQUJD"
#define R5 "REVGREVGREVGREVGREVG"
#define R25 R5 R5 R5 R5 R5
#define R85 R25 R25 R25 R5 R5
#define KEY_B64_2048 Q85 "QQ=="   /* 85*4+4 = 344 chars, 85*3+1 = 256 bytes */
#define SIG_B64_2048 R85 "Rw=="
#define KEY_B64_1024 Q42 "QUI="   /* 42*4+4 = 172 chars, 42*3+2 = 128 bytes */
#define BODY_B64_16 "AAECAwQFBgcICQoLDA0ODw==" /* 16 bytes */
#define BODY_B64_8 "AAECAwQFBgc="              /* 8 bytes */

/* §10 #8: RSA_1024|BLOWFISH_128|PACKETNO_IV with a shortened key: the key
 * length does not match RSA-1024 (64 bits instead of 1024). */
static void test_example8_short_key(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000040:alice:PC01:4194592:820002:0a1b2c3d4e5f6071:8899aabbccddeeff0011223344556677\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000040", 1700000040, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT_AT(ENC, 0, 32, "820002:0a1b2c3d4e5f6071:8899aabbccddeeff0011223344556677", 0),
                 IT_AT(ENC_METHOD, 1, 32, "820002", 0x820002),
                 IT_AT(ENC_KEY, 1, 39, "0a1b2c3d4e5f6071", 0),
                 GEN_AT(ENC_KEY_BITS, 2, 39, "0a1b2c3d4e5f6071", 64),
                 PROB_D_AT(ENC_KEY_LENGTH, 2, 39, "0a1b2c3d4e5f6071", 1024),
                 IT_AT(ENC_BODY, 1, 56, "8899aabbccddeeff0011223344556677", 0));
    EXPECT_PROBLEMS(p, PB(ENC_KEY_LENGTH, "0a1b2c3d4e5f6071"));
    assert_string_equal(pkt_summary(p), "SENDMSG [SENDCHECK,ENCRYPT] #1700000040 alice@PC01");
}

/* §10 #8 with signature: RSA_2048|AES_256|PACKETNO_IV|SIGN_SHA256, 4 fields. */
static void test_example8_signed(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000041:alice:PC01:4194592:40900004:" A512 ":" BODY32 ":" B512 "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000041", 1700000041, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT_AT(ENC, 0, 32, "40900004:" A512 ":" BODY32 ":" B512, 0),
                 IT_AT(ENC_METHOD, 1, 32, "40900004", 0x40900004),
                 IT_AT(ENC_KEY, 1, 41, A512, 0),
                 GEN_AT(ENC_KEY_BITS, 2, 41, A512, 2048),
                 IT_AT(ENC_BODY, 1, 554, BODY32, 0),
                 IT_AT(ENC_SIGNATURE, 1, 587, B512, 0));
    assert_int_equal(p->len, 1100);

    /* SHA-1 signs too */
    p = PARSE("1:1:alice:PC01:4194592:20900004:" A512 ":" BODY32 ":" B512 "\0");
    EXPECT_NO_PROBLEMS(p);
    /* a real RSA-1024 key (256 hex digits) with Blowfish: clean */
    p = PARSE("1:1:alice:PC01:4194592:820002:" A256 ":" A16 "\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[12].field, IPMSG_F_ENC_KEY_BITS);
    assert_int_equal(p->msg->items[12].value, 1024);
}

/* §4.6 ENCODE_BASE64: key, body and signature in base64; RSA-2048 = 344 chars. */
static void test_base64_lengths(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:alice:PC01:4194592:41900004:" KEY_B64_2048 ":" BODY_B64_16 ":" SIG_B64_2048 "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT_AT(ENC, 0, 23, "41900004:" KEY_B64_2048 ":" BODY_B64_16 ":" SIG_B64_2048, 0),
                 IT_AT(ENC_METHOD, 1, 23, "41900004", 0x41900004),
                 IT_AT(ENC_KEY, 1, 32, KEY_B64_2048, 0),
                 GEN_AT(ENC_KEY_BITS, 2, 32, KEY_B64_2048, 2048),
                 IT_AT(ENC_BODY, 1, 377, BODY_B64_16, 0),
                 IT_AT(ENC_SIGNATURE, 1, 402, SIG_B64_2048, 0));
    assert_int_equal(sizeof(KEY_B64_2048) - 1, 344);

    /* RSA-1024 + Blowfish in base64: 172 chars, body 8 bytes */
    p = PARSE("1:1:alice:PC01:4194592:1820002:" KEY_B64_1024 ":" BODY_B64_8 "\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(sizeof(KEY_B64_1024) - 1, 172);
    assert_int_equal(p->msg->items[12].value, 1024);

    /* 343 chars: not base64 */
    p = PARSE("1:1:alice:PC01:4194592:1900004:" Q85 "QQ=:" BODY_B64_16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_BAD_ENCODING, Q85 "QQ="));
    assert_int_equal(count_field(p, IPMSG_F_ENC_KEY_BITS), 0);
    /* 344 chars without padding: 258 bytes */
    p = PARSE("1:1:alice:PC01:4194592:1900004:" Q85 "QUJD:" BODY_B64_16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_KEY_LENGTH, Q85 "QUJD"));
    assert_int_equal(p->msg->items[12].value, 258 * 8);
    /* 348 chars: 259 bytes */
    p = PARSE("1:1:alice:PC01:4194592:1900004:" Q85 "QUJDQQ==:" BODY_B64_16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_KEY_LENGTH, Q85 "QUJDQQ=="));
    /* '=' inside, three '=', a foreign character */
    p = PARSE("1:1:alice:PC01:4194592:1900004:" Q85 "Q=Q=:" BODY_B64_16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_BAD_ENCODING, Q85 "Q=Q="));
    p = PARSE("1:1:alice:PC01:4194592:1900004:" Q85 "Q===:" BODY_B64_16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_BAD_ENCODING, Q85 "Q==="));
    p = PARSE("1:1:alice:PC01:4194592:1900004:" Q85 "QQ-=:" BODY_B64_16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_BAD_ENCODING, Q85 "QQ-="));
    /* hex where base64 is announced is still valid base64 characters, but
     * 512 hex digits decode to 384 bytes */
    p = PARSE("1:1:alice:PC01:4194592:1900004:" A512 ":" BODY_B64_16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_KEY_LENGTH, A512));
}

/* Hex fields that are not hex. */
static void test_bad_hex_fields(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:alice:PC01:4194592:820002:0a1b2c3:" A16 "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT(ENC, 0, "820002:0a1b2c3:" A16, 0),
                 IT(ENC_METHOD, 1, "820002", 0x820002),
                 IT(ENC_KEY, 1, "0a1b2c3", 0),
                 PROB(ENC_BAD_ENCODING, 2, "0a1b2c3"),
                 IT(ENC_BODY, 1, A16, 0));
    p = PARSE("1:1:alice:PC01:4194592:820002:" A256 ":0011223344556g77\0");
    EXPECT_PROBLEMS(p, PB(ENC_BAD_ENCODING, "0011223344556g77"));
}

/* Body not a whole number of cipher blocks: Blowfish 8, AES 16. */
static void test_body_length(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:alice:PC01:4194592:820002:" A256 ":8899aabbccdd\0");
    EXPECT_PROBLEMS(p, PB(ENC_BODY_LENGTH, "8899aabbccdd"));
    p = PARSE("1:1:alice:PC01:4194592:900004:" A512 ":" A16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_BODY_LENGTH, A16));
    p = PARSE("1:1:alice:PC01:4194592:900004:" A512 ":" BODY32 "\0");
    EXPECT_NO_PROBLEMS(p);
}

/* §5.2: the signature is present exactly when a SIGN bit is set. */
static void test_signature_vs_sign_bits(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:alice:PC01:4194592:900004:" A512 ":" BODY32 ":" B512 "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT_AT(ENC, 0, 23, "900004:" A512 ":" BODY32 ":" B512, 0),
                 IT(ENC_METHOD, 1, "900004", 0x900004),
                 IT_AT(ENC_KEY, 1, 30, A512, 0),
                 GEN_AT(ENC_KEY_BITS, 2, 30, A512, 2048),
                 IT(ENC_BODY, 1, BODY32, 0),
                 IT_AT(ENC_SIGNATURE, 1, 576, B512, 0),
                 PROB_AT(ENC_SIGNATURE_UNEXPECTED, 1, 576, B512));

    p = PARSE("1:1:alice:PC01:4194592:40900004:" A512 ":" BODY32 "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT_AT(ENC, 0, 23, "40900004:" A512 ":" BODY32, 0),
                 IT(ENC_METHOD, 1, "40900004", 0x40900004),
                 IT_AT(ENC_KEY, 1, 32, A512, 0),
                 GEN_AT(ENC_KEY_BITS, 2, 32, A512, 2048),
                 IT(ENC_BODY, 1, BODY32, 0),
                 PROB_AT(ENC_SIGNATURE_MISSING, 1, 23, "40900004:" A512 ":" BODY32));

    p = PARSE("1:1:alice:PC01:4194592:40900004:" A512 ":" BODY32 ":" B256 "\0");
    EXPECT_PROBLEMS(p, PB_AT(ENC_SIGNATURE_LENGTH, 34 + 512 + 32, B256));
    p = PARSE("1:1:alice:PC01:4194592:40900004:" A512 ":" BODY32 ":zz\0");
    EXPECT_PROBLEMS(p, PB(ENC_BAD_ENCODING, "zz"));
}

/* Fewer than three fields. */
static void test_missing_fields(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:alice:PC01:4194592:820002:0a1b\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT(ENC, 0, "820002:0a1b", 0),
                 IT(ENC_METHOD, 1, "820002", 0x820002),
                 IT(ENC_KEY, 1, "0a1b", 0),
                 GEN(ENC_KEY_BITS, 2, "0a1b", 16),
                 PROB_D(ENC_KEY_LENGTH, 2, "0a1b", 1024),
                 PROB(ENC_MISSING_FIELDS, 1, "820002:0a1b"));
    p = PARSE("1:1:alice:PC01:4194592:820002\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT(ENC, 0, "820002", 0),
                 IT(ENC_METHOD, 1, "820002", 0x820002),
                 PROB(ENC_MISSING_FIELDS, 1, "820002"));
    /* ENCRYPTOPT with an empty text */
    p = PARSE("1:1:alice:PC01:4194336:\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194336", 4194336, MESSAGE),
                 IT_AT(ENC, 0, 23, "", 0),
                 PROB_AT(ENC_MISSING_FIELDS, 1, 23, ""));
}

/* §4.6/§5.2: the method needs one RSA size and one symmetric cipher. */
static void test_bad_method(void **state)
{
    (void)state;
    /* Blowfish but no RSA size */
    struct pkt *p = PARSE("1:1:alice:PC01:4194592:20000:" A256 ":" A16 "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT(ENC, 0, "20000:" A256 ":" A16, 0),
                 IT(ENC_METHOD, 1, "20000", 0x20000),
                 PROB(ENC_BAD_METHOD, 2, "20000"),
                 IT_AT(ENC_KEY, 1, 29, A256, 0),
                 GEN_AT(ENC_KEY_BITS, 2, 29, A256, 1024),
                 IT_AT(ENC_BODY, 1, 286, A16, 0));
    /* RSA and PACKETNO_IV but no symmetric cipher */
    p = PARSE("1:1:alice:PC01:4194592:800002:" A256 ":" A16 "\0");
    EXPECT_PROBLEMS(p, PB(ENC_BAD_METHOD, "800002"));
    p = PARSE("1:1:alice:PC01:4194592:xyz:" A256 ":" A16 "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "alice", "PC01", "4194592", 4194592, MESSAGE),
                 IT(ENC, 0, "xyz:" A256 ":" A16, 0),
                 PROB(NOT_HEX, 1, "xyz"),
                 IT_AT(ENC_KEY, 1, 27, A256, 0),
                 GEN_AT(ENC_KEY_BITS, 2, 27, A256, 1024),
                 IT_AT(ENC_BODY, 1, 284, A16, 0));
    p = PARSE("1:1:alice:PC01:4194592:100820002:" A256 ":" A16 "\0");
    EXPECT_PROBLEMS(p, PB(NUMBER_OVERFLOW, "100820002"));
}

/* §5.3: GETFILEDATA with ENCRYPTOPT|ENCFILEOPT carries an encrypted block. */
static void test_encrypted_file_request(void **state)
{
    (void)state;
    struct pkt *p = PARSE_TCP("1:1700000052:bob:PC02:4196448:820002:" A256 ":" A16 "\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000052", 1700000052, "bob", "PC02", "4196448", 4196448, FILEREQ),
                 IT_AT(ENC, 0, 30, "820002:" A256 ":" A16, 0),
                 IT(ENC_METHOD, 1, "820002", 0x820002),
                 IT_AT(ENC_KEY, 1, 37, A256, 0),
                 GEN_AT(ENC_KEY_BITS, 2, 37, A256, 1024),
                 IT_AT(ENC_BODY, 1, 294, A16, 0));
    assert_false(p->msg->has_ref_packet_no);
    assert_string_equal(pkt_summary(p), "GETFILEDATA [ENCFILE,ENCRYPT] #1700000052 bob@PC02");
}

/* §10 #12 and §5.1: GETPUBKEY "capa", ANSPUBKEY "capa:E-N". */
static void test_example12_pubkey(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1700000070:alice:PC01:114:820002\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000070", 1700000070, "alice", "PC01", "114", 114, MESSAGE),
                 IT(PUBKEY_CAPA, 0, "820002", 0x820002));
    assert_string_equal(pkt_summary(p), "GETPUBKEY #1700000070 alice@PC01");
    p = PARSE("1:1:alice:PC01:114:65920006\0");
    EXPECT_NO_PROBLEMS(p);
    assert_int_equal(p->msg->items[9].value, 0x65920006);
    p = PARSE("1:1:alice:PC01:114:xyz\0");
    EXPECT_PROBLEMS(p, PB(NOT_HEX, "xyz"));

    /* shortened modulus: 64 bits */
    p = PARSE("1:1700000071:bob:PC02:115:820002:10001-c0ffee0123456789\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1700000071", 1700000071, "bob", "PC02", "115", 115, MESSAGE),
                 IT_AT(PUBKEY_CAPA, 0, 26, "820002", 0x820002),
                 IT_AT(PUBKEY_EXPONENT, 0, 33, "10001", 0x10001),
                 IT_AT(PUBKEY_MODULUS, 0, 39, "c0ffee0123456789", 0),
                 GEN_AT(PUBKEY_BITS, 1, 39, "c0ffee0123456789", 64),
                 PROB_AT(PUBKEY_SIZE, 1, 39, "c0ffee0123456789"));
    assert_string_equal(pkt_summary(p), "ANSPUBKEY #1700000071 bob@PC02");
}

/* Modulus sizes: 1024, 2048 and 4096 bits, leading zeros not counted. */
static void test_modulus_sizes(void **state)
{
    (void)state;
    static const struct {
        const char *pkt;
        size_t len;
        uint32_t bits;
        bool size_problem;
    } rows[] = {
        {LIT("1:1:bob:PC02:115:820002:10001-c" A64 A64 A64 A16 A16 A16 "0123456789abcde\0"), 1024, false},
        {LIT("1:1:bob:PC02:115:820002:10001-00c" A64 A64 A64 A16 A16 A16 "0123456789abcde\0"), 1024, false},
        {LIT("1:1:bob:PC02:115:820002:10001-C" A64 A64 A64 A16 A16 A16 "0123456789ABCDE\0"), 1024, false},
        {LIT("1:1:bob:PC02:115:4:10001-8" A256 A64 A64 A64 A16 A16 A16 "0123456789abcde\0"), 2048, false},
        {LIT("1:1:bob:PC02:115:8:10001-f" A512 A256 A64 A64 A64 A16 A16 A16 "0123456789abcde\0"), 4096, false},
        /* 255 digits from 'f': 1020 bits; 257 digits from '1': 1025 bits */
        {LIT("1:1:bob:PC02:115:820002:10001-f" A64 A64 A64 A16 A16 A16 "0123456789abcd\0"), 1020, true},
        {LIT("1:1:bob:PC02:115:820002:10001-1" A256 "\0"), 1025, true},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct pkt *p = pkt_parse(rows[i].pkt, rows[i].len, IPMSG_UDP);
        const struct ipmsg_item *bits = &p->msg->items[12];
        assert_int_equal(p->msg->items[11].field, IPMSG_F_PUBKEY_MODULUS);
        assert_int_equal(bits->field, IPMSG_F_PUBKEY_BITS);
        assert_int_equal(bits->value, rows[i].bits);
        assert_int_equal(count_problem(p, IPMSG_P_PUBKEY_SIZE), rows[i].size_problem ? 1 : 0);
        assert_int_equal(p->msg->n_problems, rows[i].size_problem ? 1 : 0);
    }
}

/* ANSPUBKEY that is not capa:E-N. */
static void test_pubkey_malformed(void **state)
{
    (void)state;
    struct pkt *p = PARSE("1:1:bob:PC02:115:820002\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "bob", "PC02", "115", 115, MESSAGE),
                 IT(PUBKEY_CAPA, 0, "820002", 0x820002),
                 PROB(PUBKEY_MALFORMED, 0, "820002"));
    p = PARSE("1:1:bob:PC02:115:820002:10001\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "bob", "PC02", "115", 115, MESSAGE),
                 IT(PUBKEY_CAPA, 0, "820002", 0x820002),
                 IT(PUBKEY_EXPONENT, 0, "10001", 0x10001),
                 PROB(PUBKEY_MALFORMED, 0, "10001"));
    p = PARSE("1:1:bob:PC02:115:820002:10001-\0");
    EXPECT_PROBLEMS(p, PB(PUBKEY_MALFORMED, "10001-"));
    p = PARSE("1:1:bob:PC02:115:820002:10001-xyz\0");
    EXPECT_ITEMS(p,
                 HDR_OFFICIAL("1", 1, "bob", "PC02", "115", 115, MESSAGE),
                 IT(PUBKEY_CAPA, 0, "820002", 0x820002),
                 IT(PUBKEY_EXPONENT, 0, "10001", 0x10001),
                 IT(PUBKEY_MODULUS, 0, "xyz", 0),
                 PROB(NOT_HEX, 1, "xyz"));
    p = PARSE("1:1:bob:PC02:115:820002:1000g-c0ffee0123456789\0");
    EXPECT_PROBLEMS(p, PB(NOT_HEX, "1000g"), PB(PUBKEY_SIZE, "c0ffee0123456789"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_example8_short_key),
        TEST(test_example8_signed),
        TEST(test_base64_lengths),
        TEST(test_bad_hex_fields),
        TEST(test_body_length),
        TEST(test_signature_vs_sign_bits),
        TEST(test_missing_fields),
        TEST(test_bad_method),
        TEST(test_encrypted_file_request),
        TEST(test_example12_pubkey),
        TEST(test_modulus_sizes),
        TEST(test_pubkey_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
