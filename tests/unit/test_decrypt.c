/* ipmsg_decrypt.c: known-answer tests.
 *
 * The primitive vectors were computed with OpenSSL 3.0 (Debian 12), not
 * with libgcrypt, and the test keys are the PEM files in samples/src/keys:
 *
 *   BF_CT:   printf 'Hi, Bob\0' | openssl enc -bf-cbc -provider legacy -provider default \
 *              -K 000102030405060708090a0b0c0d0e0f -iv 3137303030303030 -nosalt | xxd -p
 *   AES_CT:  printf 'report\0001:r.txt:5:6553f100:1:\a\0' | openssl enc -aes-256-cbc \
 *              -K 000102...1e1f -iv 31373030303030303432000000000000 -nosalt | xxd -p
 *   RSA_CT:  printf '\x00\x01...\x0f' | openssl pkeyutl -encrypt -inkey bob-rsa1024.pem \
 *              -pkeyopt rsa_padding_mode:pkcs1 | xxd -p -c 400
 *   SIG256:  printf 'Signed text\0' | openssl dgst -sha256 -sign alice-rsa2048.pem | xxd -p -c 400
 *   SIG1:    printf 'Signed text\0' | openssl dgst -sha1 -sign alice-rsa2048.pem | xxd -p -c 400
 *   ALICE_N: openssl rsa -in alice-rsa2048.pem -modulus -noout
 *
 * `openssl enc` cannot take FeiQ's 12-byte Blowfish key (it pads it to 16
 * with zeros, a different key), so the FeiQ vector is the 0xC9 body of
 * samples/feiq.pcap, made by python3-cryptography (OpenSSL's libcrypto)
 * in samples/tools/mkcrypto.py.  The whole-message tests decrypt the real
 * packets of samples/src/official-crypto.txt (also mkcrypto.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ipmsg_decrypt.h"

#ifndef KEYS_DIR
#error "KEYS_DIR must name samples/src/keys"
#endif

#define BF_CT "0bee052a3c9c7cc87275cbf205b83be2"
#define AES_CT "431eba1e853b5d6ecd53426f6ab4d6f2c6633916198187c360322c1a911ed1f7"
#define RSA_CT                                                                                            \
    "02b8dcf105f660e7e591f2cf30c67b05fdd1c62abd0d680c1b20bdceef39f9ccefe7fc2e87b788ecad4736660c928936" \
    "123a13513a13e631c24db2c27d66c9096a92ba58eb0e5e8a0c66eba89e600cf334ae68e23f7e00ab8f0e3873ab3f855c" \
    "e0c631207f43e73c2823c9d12c0e94af88586350daee2a21825da98aa045c3e5"
#define SIG256                                                                                            \
    "4a40d05c4f05c453fbaaddb9bf6428ae69bf6bdfc5cd7b58e4d895b70e283bf2c325e6e7a7e5ae11230cf83c34fdefbb" \
    "9fa8ec3a694399be174a018395ff49bdeab2630f78cc89ec222e5d6b15c2e502804c5b23cdfd30b5337749645a2b96c1" \
    "e1db44494ecfebfb2a0bdbfeb9210c1dfb569c65295088904bc0150fe0966844cddbaeda17b13a111db744a3b591a9c8" \
    "e310ab2979315c7b21e94cfebb030e5a73489f7b435fbb49877803fb161e7ed29a5673ad83ee71465a2a570529c40656" \
    "e8407294c016c960afc6ade90b781e6fd18e159c4a8a32525df2990603d1d60fa756af3d7403b3b2118f2d998d85c1ae" \
    "4747441a2df66016757500893ea8a26a"
#define SIG1                                                                                              \
    "7e697975cf9e867e60a916ccb6afa585f8b59c0643d4df44332d36c8e8b26a1210ee45022eb4132fe8ab5a0ce26ff353" \
    "edec7c72038bf013b47222b5cc42b4095dfb02ca9ecd8eedddca8b1e2a6061ea7ae19a670f2129bb9724cf0451f61b64" \
    "c64e3ebb09b3ab1ef95e23b57d87c661059f41c2b01ccf34a3f26f89fd0010436319492938e904d2c92fc10b89689779" \
    "b038487590b1a4c2b48470ca5004bb3c13b577fdef6484b4e1211ec9aa793582b1334e169f45938b3e17ea7050ef9c2b" \
    "6f1854460d769cb8e3e29ada9e49459feecf557207f5522710c4c149ba4ce093bc98b7aa2c5344efdb9c1ed844b89ff6" \
    "75ff0301c9cf49f8001aed53b30d2259"
#define ALICE_N                                                                                           \
    "9BD3DC07BFFA346BC0DD272F1F79551802E5A0D09B73740588DAEBAB439B12D1FAFF4E313091F4C2F2EA836CC87563BF" \
    "9EF9CC6CF573C01A73C2BC7E2DFDD286C07F4C0AA1ACA87EDA05B81136A73DCEB078A042932B93BE51CC05D9176320E4" \
    "CA33FD7DB4E5079DAB989DBC18975A11126EA5F54B902ABDE8193D0A48A351C5836C18A3D68D3AF9FD4F6CD50C7088A9" \
    "60006A0CD2BDA6D293B546B01F83254BBDE731B5CF9462F948DA3EF641DDD2895A7773D9714E40F05CE2FF207648C821" \
    "FEC199C672143B2DAD1F5E5941FE5A15B120780F7D87401874CE83EAA1BFE574988F49149F10A2A61ED68BECA229893C" \
    "401BDB04BC319F6E1266F38E04AFD305"

/* samples/src/feiq.txt: 0xC9 body, plaintext "QUNMSGMARK#5a3c1e7f#" */
static const uint8_t FEIQ_C9[] = {0xc9, 0x47, 0x4b, 0x98, 0xf3, 0x4b, 0x40, 0xfd, 0xc9, 0x3f, 0xd4, 0x52,
                                  0x0f, 0x0d, 0xab, 0x3c, 0x85, 0x9e, 0x51, 0x18, 0x2c, 0x2f, 0x86, 0x38};

/* samples/src/official-crypto.txt packet 1700000041 (RSA-1024/Blowfish, hex) */
#define PKT41_KEY                                                                                         \
    "a42e97f3166c28c96b6d247f1f65f66fa26e81400fa38363eedda54a0471eb518af73278307a32d02760f66163feacf1" \
    "0d7c79acc507cb79aefe21ab7782f1899213c986bf5bf132c2b238ef45207cff0e3febc505aa1cdc2cf156a906a23c42" \
    "3020cc26c00aca088f2359819d6f7916a9ea6653e198bb3f144c5f240109cb9d"
#define PKT41_BODY "0cea509c6b8b5186520f81615c931697655046d6333bc2b6"
/* packet 1700000043 (RSA-2048/AES-256, base64, SHA-256 signed by alice) */
#define PKT43_KEY                                                                                         \
    "Iyf9PPFTaasQUM+ZfxJ70R0aHKvithQjORpJCkhMGeGjVjcIQcm3dDJRgh97190C6oK6OEwbRz61PTCy/D6WDWfFa5AGWZUs" \
    "fIJq+6rayvc6tbwur4DjmlmvPTHEVxuoDmw2TqufJEf5farV2R3AyePylHv6Usv/DZeiaNUPDIiKnC42NlBpWlFFDBxz2MeqD" \
    "E6mjcHQZbuho9lJMZ8BsvrsReglvoP0r4v/hLzerZLZuXdf0vmk8Cu58hFrrfB/T+c3wo4vtbaAZPtCPtMtoNflZBhLcFYARI" \
    "fxgqpQdWOqsTDvKoEtAueVLcU2IDvjSD8jqMQxLGuLh14bx0AR9g=="
#define PKT43_BODY "KUxA9HRVjpYe29qepHkhtZqWt4ScrdAORGJLjwhC7Ww="
#define PKT43_SIG                                                                                         \
    "ly1TPTEQ2/OdTycpjdpTq+9cdggFulydVqVwhKnCSAkoEU/RZhzsR/2Q4QRPXD473kQrCMWauIw8e9081XPXtDo1bAfypyXwN" \
    "Sft/z7f/PmUVp11CcVCatmgNEofU8h+Z6GQe//pA4bOKBOiVq2slELM1U/E08d7plgV5x+ZAXSM5mUx6mfdoJ54UrVPqzl6nYP" \
    "OMvtEjYkzBYUrSedl4Ao89u38BM9GgXXl3vqQ2nJGlKzlFiJPY7QxHDlMMsuTeIe/p4gwp05xW54Su7zJZHOoXXeaKYonB/ruX" \
    "/nmp3oiOyi5sVt4UThThtBL/zLcMSsHfSUslaT6LLd6Tw0Lxw=="

#define U8(s) ((const uint8_t *)(s))

static size_t unhex(const char *hex, uint8_t *out, size_t max)
{
    size_t n;
    assert_true(ipmsg_decode_field(U8(hex), strlen(hex), false, out, max, &n));
    return n;
}

static struct ipmsg_rsa_key *load_key(const char *name)
{
    char path[512], pem[8192];
    snprintf(path, sizeof path, "%s/%s", KEYS_DIR, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(pem, 1, sizeof pem, f);
    fclose(f);
    const char *err = NULL;
    struct ipmsg_rsa_key *key = ipmsg_rsa_key_from_pem(pem, n, &err);
    if (!key)
        fail_msg("%s: %s", name, err);
    return key;
}

static void test_decode_field(void **state)
{
    (void)state;
    uint8_t out[8];
    size_t n;
    assert_true(ipmsg_decode_field(U8("00fFa1"), 6, false, out, sizeof out, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(out, "\x00\xff\xa1", 3);
    assert_false(ipmsg_decode_field(U8("0g"), 2, false, out, sizeof out, &n));
    assert_false(ipmsg_decode_field(U8("abc"), 3, false, out, sizeof out, &n));
    assert_true(ipmsg_decode_field(U8("QUJD"), 4, true, out, sizeof out, &n));
    assert_int_equal(n, 3);
    assert_memory_equal(out, "ABC", 3);
    assert_true(ipmsg_decode_field(U8("QUI="), 4, true, out, sizeof out, &n));
    assert_int_equal(n, 2);
    assert_false(ipmsg_decode_field(U8("Q=UI"), 4, true, out, sizeof out, &n));
    assert_false(ipmsg_decode_field(U8("QUJDQUJDQUJD"), 12, true, out, sizeof out, &n));   /* 9 > 8 */
}

static void test_blowfish_kat(void **state)
{
    (void)state;
    uint8_t key[16], ct[16], out[16];
    size_t n;
    unhex("000102030405060708090a0b0c0d0e0f", key, sizeof key);
    size_t len = unhex(BF_CT, ct, sizeof ct);
    assert_int_equal(ipmsg_cbc_decrypt(IPMSG_CIPHER_BLOWFISH, key, 16, U8("17000000"), ct, len, out, &n),
                     IPMSG_DEC_OK);
    assert_int_equal(n, 8);
    assert_memory_equal(out, "Hi, Bob\0", 8);
    /* the wrong IV changes only the first block, and the padding is in the second */
    assert_int_equal(ipmsg_cbc_decrypt(IPMSG_CIPHER_BLOWFISH, key, 16, U8("00000000"), ct, len, out, &n),
                     IPMSG_DEC_OK);
    assert_memory_not_equal(out, "Hi, Bob\0", 8);
    assert_int_equal(ipmsg_cbc_decrypt(IPMSG_CIPHER_BLOWFISH, key, 16, U8("17000000"), ct, 12, out, &n),
                     IPMSG_DEC_BODY_LENGTH);
    /* the first block alone ends in 0x00: not padding */
    assert_int_equal(ipmsg_cbc_decrypt(IPMSG_CIPHER_BLOWFISH, key, 16, U8("17000000"), ct, 8, out, &n),
                     IPMSG_DEC_BAD_PADDING);
}

static void test_aes_kat(void **state)
{
    (void)state;
    static const uint8_t iv[16] = "1700000042";
    static const char plain[] = "report\0" "1:r.txt:5:6553f100:1:\a";   /* + its final NUL */
    uint8_t key[32], ct[32], out[32];
    size_t n;
    unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", key, sizeof key);
    size_t len = unhex(AES_CT, ct, sizeof ct);
    assert_int_equal(ipmsg_cbc_decrypt(IPMSG_CIPHER_AES256, key, 32, iv, ct, len, out, &n), IPMSG_DEC_OK);
    assert_int_equal(n, sizeof plain);
    assert_memory_equal(out, plain, sizeof plain);
    assert_int_equal(ipmsg_cbc_decrypt(IPMSG_CIPHER_AES256, key, 32, iv, ct, 24, out, &n), IPMSG_DEC_BODY_LENGTH);
}

static void test_rsa_kat(void **state)
{
    (void)state;
    struct ipmsg_rsa_key *bob1024 = load_key("bob-rsa1024.pem"), *bob2048 = load_key("bob-rsa2048.pem");
    uint8_t ct[128], out[256];
    size_t n;
    assert_int_equal(ipmsg_rsa_key_bits(bob1024), 1024);
    assert_int_equal(ipmsg_rsa_key_bits(bob2048), 2048);
    size_t len = unhex(RSA_CT, ct, sizeof ct);
    assert_int_equal(ipmsg_rsa_decrypt(bob1024, ct, len, out, sizeof out, &n), IPMSG_DEC_OK);
    assert_int_equal(n, 16);
    assert_memory_equal(out, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 16);
    /* another key of another size: refused before any arithmetic */
    assert_int_equal(ipmsg_rsa_decrypt(bob2048, ct, len, out, sizeof out, &n), IPMSG_DEC_KEY_FAILED);
    /* a damaged block is no PKCS#1 type 2 block */
    ct[5] ^= 1;
    assert_int_equal(ipmsg_rsa_decrypt(bob1024, ct, len, out, sizeof out, &n), IPMSG_DEC_KEY_FAILED);
    ipmsg_rsa_key_free(bob1024);
    ipmsg_rsa_key_free(bob2048);
}

static void test_pem_errors(void **state)
{
    (void)state;
    const char *err = NULL;
    static const char junk[] = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
    assert_null(ipmsg_rsa_key_from_pem("hello", 5, &err));
    assert_non_null(err);
    err = NULL;
    assert_null(ipmsg_rsa_key_from_pem(junk, sizeof junk - 1, &err));
    assert_non_null(err);
}

static void test_signature_kat(void **state)
{
    (void)state;
    static const char text[] = "Signed text";   /* signed with its NUL */
    struct ipmsg_rsa_key *alice = ipmsg_rsa_pubkey_from_hex(U8("10001"), 5, U8(ALICE_N), strlen(ALICE_N));
    assert_non_null(alice);
    assert_int_equal(ipmsg_rsa_key_bits(alice), 2048);
    struct ipmsg_enc_parts p = {.method = IPMSG_CRYPT_RSA_2048 | IPMSG_CRYPT_AES_256 | IPMSG_CRYPT_SIGN_SHA256,
                                .sig = U8(SIG256), .sig_len = strlen(SIG256)};
    assert_int_equal(ipmsg_verify_message(&p, alice, U8(text), sizeof text), IPMSG_SIG_VALID);
    assert_int_equal(ipmsg_verify_message(&p, alice, U8(text), sizeof text - 1), IPMSG_SIG_INVALID);
    p.method ^= IPMSG_CRYPT_SIGN_SHA256 | IPMSG_CRYPT_SIGN_SHA1;
    assert_int_equal(ipmsg_verify_message(&p, alice, U8(text), sizeof text), IPMSG_SIG_INVALID);
    p.sig = U8(SIG1);
    assert_int_equal(ipmsg_verify_message(&p, alice, U8(text), sizeof text), IPMSG_SIG_VALID);
    p.method &= ~IPMSG_CRYPT_SIGN_SHA1;
    assert_int_equal(ipmsg_verify_message(&p, alice, U8(text), sizeof text), IPMSG_SIG_NONE);
    ipmsg_rsa_key_free(alice);
}

static void test_feiq(void **state)
{
    (void)state;
    uint8_t out[sizeof FEIQ_C9];
    size_t n;
    assert_int_equal(ipmsg_feiq_decrypt(U8("0C29D68D8F12"), 12, FEIQ_C9, sizeof FEIQ_C9, out, &n), IPMSG_DEC_OK);
    assert_int_equal(n, 20);
    assert_memory_equal(out, "QUNMSGMARK#5a3c1e7f#", 20);
    /* the other client's MAC: garbage, caught by the padding check */
    assert_int_equal(ipmsg_feiq_decrypt(U8("00E04C6A1B2C"), 12, FEIQ_C9, sizeof FEIQ_C9, out, &n),
                     IPMSG_DEC_BAD_PADDING);
    assert_int_equal(ipmsg_feiq_decrypt(U8("0C29D68D8F12"), 12, FEIQ_C9, 20, out, &n), IPMSG_DEC_BODY_LENGTH);
}

static void test_message_blowfish_hex(void **state)
{
    (void)state;
    struct ipmsg_rsa_key *bob = load_key("bob-rsa1024.pem"), *alice = load_key("alice-rsa2048.pem");
    struct ipmsg_enc_parts p = {.method = 0x820002, .key = U8(PKT41_KEY), .key_len = strlen(PKT41_KEY),
                                .body = U8(PKT41_BODY), .body_len = strlen(PKT41_BODY),
                                .packet_no = U8("1700000041"), .packet_no_len = 10};
    uint8_t out[sizeof PKT41_BODY];
    size_t n;
    assert_int_equal(ipmsg_decrypt_message(&p, bob, out, &n), IPMSG_DEC_OK);
    assert_int_equal(n, 22);
    assert_memory_equal(out, "Meeting moved to 3pm.\0", 22);
    assert_int_equal(ipmsg_decrypt_message(&p, alice, out, &n), IPMSG_DEC_KEY_FAILED);
    p.method &= ~IPMSG_CRYPT_PACKETNO_IV;   /* IV zero: first block garbage, padding still fine */
    assert_int_equal(ipmsg_decrypt_message(&p, bob, out, &n), IPMSG_DEC_OK);
    assert_memory_not_equal(out, "Meeting ", 8);
    p.body_len -= 16;                       /* last block lost */
    p.method |= IPMSG_CRYPT_PACKETNO_IV;
    assert_int_equal(ipmsg_decrypt_message(&p, bob, out, &n), IPMSG_DEC_BAD_PADDING);
    p.body_len -= 2;
    assert_int_equal(ipmsg_decrypt_message(&p, bob, out, &n), IPMSG_DEC_BODY_LENGTH);
    p.key_len -= 1;
    assert_int_equal(ipmsg_decrypt_message(&p, bob, out, &n), IPMSG_DEC_BAD_ENCODING);
    p.method = 0x2;
    assert_int_equal(ipmsg_decrypt_message(&p, bob, out, &n), IPMSG_DEC_UNSUPPORTED);
    ipmsg_rsa_key_free(bob);
    ipmsg_rsa_key_free(alice);
}

static void test_message_aes_base64_signed(void **state)
{
    (void)state;
    struct ipmsg_rsa_key *bob = load_key("bob-rsa2048.pem");
    struct ipmsg_rsa_key *alice = ipmsg_rsa_pubkey_from_hex(U8("10001"), 5, U8(ALICE_N), strlen(ALICE_N));
    struct ipmsg_enc_parts p = {.method = 0x41900004, .key = U8(PKT43_KEY), .key_len = strlen(PKT43_KEY),
                                .body = U8(PKT43_BODY), .body_len = strlen(PKT43_BODY),
                                .sig = U8(PKT43_SIG), .sig_len = strlen(PKT43_SIG),
                                .packet_no = U8("1700000043"), .packet_no_len = 10};
    uint8_t out[sizeof PKT43_BODY];
    size_t n;
    assert_int_equal(ipmsg_decrypt_message(&p, bob, out, &n), IPMSG_DEC_OK);
    assert_int_equal(n, 18);
    assert_memory_equal(out, "Base64 this time.\0", 18);
    assert_int_equal(ipmsg_verify_message(&p, alice, out, n), IPMSG_SIG_VALID);
    out[0] = 'b';
    assert_int_equal(ipmsg_verify_message(&p, alice, out, n), IPMSG_SIG_INVALID);
    ipmsg_rsa_key_free(bob);
    ipmsg_rsa_key_free(alice);
}

int main(void)
{
    ipmsg_decrypt_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_field),
        cmocka_unit_test(test_blowfish_kat),
        cmocka_unit_test(test_aes_kat),
        cmocka_unit_test(test_rsa_kat),
        cmocka_unit_test(test_pem_errors),
        cmocka_unit_test(test_signature_kat),
        cmocka_unit_test(test_feiq),
        cmocka_unit_test(test_message_blowfish_hex),
        cmocka_unit_test(test_message_aes_base64_signed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
