/* Decryption helpers over libgcrypt (see ipmsg_decrypt.h).  Byte order and
 * layout follow the official sources (shirouzu/ipmsg src/msgmng.cpp
 * MakeEncryptMsg/DecryptMsg): the key and signature are written with
 * bin2str_revendian only to undo CryptoAPI's little-endian output, so on the
 * wire they are standard big-endian PKCS#1 blocks; the IV is the packet
 * number's digit string, zero padded. */
#include "ipmsg_decrypt.h"

#include <gcrypt.h>
#include <stdlib.h>
#include <string.h>

struct ipmsg_rsa_key {
    gcry_sexp_t sexp;
    unsigned bits;
};

#define MAX_RSA_BYTES 1024u     /* RSA-8192: far beyond anything IPMsg sends */
#define IV_DIGITS 15u           /* DecryptMsg: strncpyz into a 16-byte IV */

void ipmsg_decrypt_init(void)
{
    if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
        gcry_check_version(NULL);
        gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    }
}

/* ---- text encodings ----------------------------------------------------------- */

static int hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int b64_value(uint8_t c)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

/* Base64 with optional '=' padding; whitespace is skipped (PEM lines). */
static bool decode_base64(const uint8_t *text, size_t len, bool skip_space, uint8_t *out, size_t max,
                          size_t *out_len)
{
    uint32_t acc = 0;
    unsigned bits = 0, pad = 0;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = text[i];
        if (skip_space && (c == '\n' || c == '\r' || c == ' ' || c == '\t'))
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        int v = b64_value(c);
        if (v < 0 || pad)
            return false;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n == max)
                return false;
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    if (pad > 2 || bits >= 6)
        return false;
    *out_len = n;
    return true;
}

bool ipmsg_decode_field(const uint8_t *text, size_t len, bool base64, uint8_t *out, size_t max, size_t *out_len)
{
    if (base64)
        return decode_base64(text, len, false, out, max, out_len);
    if (len % 2 || len / 2 > max)
        return false;
    for (size_t i = 0; i < len; i += 2) {
        int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    *out_len = len / 2;
    return true;
}

/* ---- keys ------------------------------------------------------------------------- */

struct der {
    const uint8_t *p;
    size_t len;
};

/* The next DER element if it has the tag; its contents in *content. */
static bool der_next(struct der *d, uint8_t tag, struct der *content)
{
    if (d->len < 2 || d->p[0] != tag)
        return false;
    size_t n = d->p[1], head = 2;
    if (n & 0x80) {
        size_t k = n & 0x7f;
        if (k == 0 || k > 3 || d->len < 2 + k)
            return false;
        n = 0;
        for (size_t i = 0; i < k; i++)
            n = n << 8 | d->p[2 + i];
        head = 2 + k;
    }
    if (n > d->len - head)
        return false;
    *content = (struct der){d->p + head, n};
    d->p += head + n;
    d->len -= head + n;
    return true;
}

enum { DER_INTEGER = 0x02, DER_OCTETS = 0x04, DER_SEQUENCE = 0x30 };
enum { RSA_N, RSA_E, RSA_D, RSA_P, RSA_Q, RSA_PARAMS };

/* RSAPrivateKey (PKCS#1): version, n, e, d, p, q, dp, dq, qinv.  libgcrypt
 * wants p < q and u = p^-1 mod q, so p and q are ordered and u computed. */
static struct ipmsg_rsa_key *key_from_pkcs1(struct der d, const char **err)
{
    struct der seq, v;
    gcry_mpi_t m[RSA_PARAMS] = {0};
    struct ipmsg_rsa_key *key = NULL;
    if (!der_next(&d, DER_SEQUENCE, &seq) || !der_next(&seq, DER_INTEGER, &v) || v.len != 1 || v.p[0] != 0) {
        *err = "not an RSA private key (PKCS#1 or PKCS#8)";
        return NULL;
    }
    for (int i = 0; i < RSA_PARAMS; i++) {
        if (!der_next(&seq, DER_INTEGER, &v) || gcry_mpi_scan(&m[i], GCRYMPI_FMT_USG, v.p, v.len, NULL)) {
            *err = "truncated RSA private key";
            goto out;
        }
    }
    if (gcry_mpi_cmp(m[RSA_P], m[RSA_Q]) > 0)
        gcry_mpi_swap(m[RSA_P], m[RSA_Q]);
    gcry_mpi_t u = gcry_mpi_new(0);
    gcry_mpi_invm(u, m[RSA_P], m[RSA_Q]);
    gcry_sexp_t sexp;
    if (gcry_sexp_build(&sexp, NULL, "(private-key(rsa(n%m)(e%m)(d%m)(p%m)(q%m)(u%m)))", m[RSA_N], m[RSA_E],
                        m[RSA_D], m[RSA_P], m[RSA_Q], u) == 0) {
        if (gcry_pk_testkey(sexp) == 0 && (key = calloc(1, sizeof *key)) != NULL) {
            key->sexp = sexp;
            key->bits = gcry_pk_get_nbits(sexp);
        } else {
            gcry_sexp_release(sexp);
            *err = "RSA private key is inconsistent";
        }
    } else {
        *err = "libgcrypt does not take the key";
    }
    gcry_mpi_release(u);
out:
    for (int i = 0; i < RSA_PARAMS; i++)
        gcry_mpi_release(m[i]);
    return key;
}

/* PrivateKeyInfo (PKCS#8): version, algorithm, OCTET STRING RSAPrivateKey. */
static bool pkcs8_inner(struct der d, struct der *inner)
{
    static const uint8_t rsa_oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
    struct der seq, v, alg, oid;
    return der_next(&d, DER_SEQUENCE, &seq) && der_next(&seq, DER_INTEGER, &v) &&
           der_next(&seq, DER_SEQUENCE, &alg) && der_next(&alg, 0x06, &oid) && oid.len == sizeof rsa_oid &&
           memcmp(oid.p, rsa_oid, sizeof rsa_oid) == 0 && der_next(&seq, DER_OCTETS, inner);
}

static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

struct ipmsg_rsa_key *ipmsg_rsa_key_from_pem(const char *pem, size_t len, const char **err)
{
    static const struct {
        const char *begin, *end;
        bool pkcs8;
    } kinds[] = {
        {"-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", true},
        {"-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", false},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *b = find(pem, len, kinds[k].begin);
        if (!b)
            continue;
        b += strlen(kinds[k].begin);
        const char *e = find(b, len - (size_t)(b - pem), kinds[k].end);
        if (!e) {
            *err = "PEM key has no END line";
            return NULL;
        }
        if (find(b, (size_t)(e - b), "Proc-Type:")) {
            *err = "password-protected keys are not supported";
            return NULL;
        }
        size_t max = (size_t)(e - b), n;
        uint8_t *der = malloc(max ? max : 1);
        struct ipmsg_rsa_key *key = NULL;
        if (!der) {
            *err = "out of memory";
            return NULL;
        }
        struct der d = {der, 0}, inner;
        if (!decode_base64((const uint8_t *)b, max, true, der, max, &n)) {
            *err = "PEM key is not valid base64";
        } else {
            d.len = n;
            if (!kinds[k].pkcs8)
                key = key_from_pkcs1(d, err);
            else if (pkcs8_inner(d, &inner))
                key = key_from_pkcs1(inner, err);
            else
                *err = "PKCS#8 key is not an RSA key";
        }
        free(der);
        return key;
    }
    *err = "no PEM private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) in the file";
    return NULL;
}

struct ipmsg_rsa_key *ipmsg_rsa_pubkey_from_hex(const uint8_t *e_hex, size_t e_len, const uint8_t *n_hex,
                                                size_t n_len)
{
    char *text = malloc(e_len + n_len + 2);
    gcry_mpi_t e = NULL, n = NULL;
    struct ipmsg_rsa_key *key = NULL;
    gcry_sexp_t sexp;
    if (!text)
        return NULL;
    memcpy(text, e_hex, e_len);
    text[e_len] = 0;
    memcpy(text + e_len + 1, n_hex, n_len);
    text[e_len + 1 + n_len] = 0;
    if (e_len && n_len && gcry_mpi_scan(&e, GCRYMPI_FMT_HEX, text, 0, NULL) == 0 &&
        gcry_mpi_scan(&n, GCRYMPI_FMT_HEX, text + e_len + 1, 0, NULL) == 0 &&
        gcry_sexp_build(&sexp, NULL, "(public-key(rsa(n%m)(e%m)))", n, e) == 0) {
        if ((key = calloc(1, sizeof *key)) != NULL) {
            key->sexp = sexp;
            key->bits = gcry_pk_get_nbits(sexp);
        } else {
            gcry_sexp_release(sexp);
        }
    }
    gcry_mpi_release(e);
    gcry_mpi_release(n);
    free(text);
    return key;
}

void ipmsg_rsa_key_free(struct ipmsg_rsa_key *key)
{
    if (key) {
        gcry_sexp_release(key->sexp);
        free(key);
    }
}

unsigned ipmsg_rsa_key_bits(const struct ipmsg_rsa_key *key)
{
    return key ? key->bits : 0;
}

/* ---- primitives ------------------------------------------------------------------ */

enum ipmsg_dec_status ipmsg_rsa_decrypt(const struct ipmsg_rsa_key *key, const uint8_t *ct, size_t len,
                                        uint8_t *out, size_t max, size_t *out_len)
{
    gcry_sexp_t data = NULL, result = NULL, value = NULL;
    enum ipmsg_dec_status status = IPMSG_DEC_KEY_FAILED;
    /* A ciphertext of another size was made for another key. */
    if (!key || len == 0 || len != (key->bits + 7) / 8)
        return IPMSG_DEC_KEY_FAILED;
    if (gcry_sexp_build(&data, NULL, "(enc-val(flags pkcs1)(rsa(a%b)))", (int)len, ct))
        return IPMSG_DEC_ERROR;
    /* Fails on a block that is not PKCS#1 type 2: the usual sign of the wrong key. */
    if (gcry_pk_decrypt(&result, data, key->sexp) == 0 && (value = gcry_sexp_find_token(result, "value", 0))) {
        size_t n;
        const char *p = gcry_sexp_nth_data(value, 1, &n);
        if (p && n <= max) {
            memcpy(out, p, n);
            *out_len = n;
            status = IPMSG_DEC_OK;
        }
    }
    gcry_sexp_release(value);
    gcry_sexp_release(result);
    gcry_sexp_release(data);
    return status;
}

enum ipmsg_dec_status ipmsg_cbc_decrypt(enum ipmsg_cipher cipher, const uint8_t *key, size_t key_len,
                                        const uint8_t *iv, const uint8_t *ct, size_t len, uint8_t *out,
                                        size_t *out_len)
{
    int algo = cipher == IPMSG_CIPHER_AES256 ? GCRY_CIPHER_AES256 : GCRY_CIPHER_BLOWFISH;
    size_t block = cipher == IPMSG_CIPHER_AES256 ? 16 : 8;
    gcry_cipher_hd_t h;
    if (len == 0 || len % block)
        return IPMSG_DEC_BODY_LENGTH;
    if (gcry_cipher_open(&h, algo, GCRY_CIPHER_MODE_CBC, 0))
        return IPMSG_DEC_ERROR;
    bool ok = gcry_cipher_setkey(h, key, key_len) == 0 && gcry_cipher_setiv(h, iv, block) == 0 &&
              gcry_cipher_decrypt(h, out, len, ct, len) == 0;
    gcry_cipher_close(h);
    if (!ok)
        return IPMSG_DEC_ERROR;
    /* PKCS#5: 1..block bytes, each holding the count. */
    uint8_t pad = out[len - 1];
    if (pad == 0 || pad > block)
        return IPMSG_DEC_BAD_PADDING;
    for (size_t i = len - pad; i < len; i++)
        if (out[i] != pad)
            return IPMSG_DEC_BAD_PADDING;
    *out_len = len - pad;
    return IPMSG_DEC_OK;
}

/* ---- whole messages ------------------------------------------------------------- */

enum ipmsg_dec_status ipmsg_decrypt_message(const struct ipmsg_enc_parts *parts, const struct ipmsg_rsa_key *key,
                                            uint8_t *out, size_t *out_len)
{
    bool base64 = (parts->method & IPMSG_CRYPT_BASE64) != 0;
    enum ipmsg_cipher cipher;
    size_t want;
    /* DecryptMsg: AES-256 wins when both bits are set. */
    if (parts->method & IPMSG_CRYPT_AES_256) {
        cipher = IPMSG_CIPHER_AES256;
        want = 32;
    } else if (parts->method & IPMSG_CRYPT_BLOWFISH_128) {
        cipher = IPMSG_CIPHER_BLOWFISH;
        want = 16;
    } else {
        return IPMSG_DEC_UNSUPPORTED;
    }

    uint8_t wrapped[MAX_RSA_BYTES], common[MAX_RSA_BYTES];
    size_t wrapped_len, common_len;
    if (!ipmsg_decode_field(parts->key, parts->key_len, base64, wrapped, sizeof wrapped, &wrapped_len))
        return IPMSG_DEC_BAD_ENCODING;
    enum ipmsg_dec_status st = ipmsg_rsa_decrypt(key, wrapped, wrapped_len, common, sizeof common, &common_len);
    if (st != IPMSG_DEC_OK)
        return st;
    if (common_len != want)
        return IPMSG_DEC_KEY_SIZE;

    uint8_t iv[16] = {0};
    if (parts->method & IPMSG_CRYPT_PACKETNO_IV)
        memcpy(iv, parts->packet_no, parts->packet_no_len < IV_DIGITS ? parts->packet_no_len : IV_DIGITS);

    uint8_t *ct = malloc(parts->body_len ? parts->body_len : 1);
    size_t ct_len;
    if (!ct)
        return IPMSG_DEC_ERROR;
    if (!ipmsg_decode_field(parts->body, parts->body_len, base64, ct, parts->body_len, &ct_len))
        st = IPMSG_DEC_BAD_ENCODING;
    else
        st = ipmsg_cbc_decrypt(cipher, common, common_len, iv, ct, ct_len, out, out_len);
    free(ct);
    return st;
}

enum ipmsg_sig_status ipmsg_verify_message(const struct ipmsg_enc_parts *parts, const struct ipmsg_rsa_key *pub,
                                           const uint8_t *plain, size_t plain_len)
{
    bool sha256 = (parts->method & IPMSG_CRYPT_SIGN_SHA256) != 0;
    if (!(parts->method & (IPMSG_CRYPT_SIGN_SHA1 | IPMSG_CRYPT_SIGN_SHA256)) || !parts->sig)
        return IPMSG_SIG_NONE;
    uint8_t sig[MAX_RSA_BYTES], digest[32];
    size_t sig_len;
    if (!ipmsg_decode_field(parts->sig, parts->sig_len, (parts->method & IPMSG_CRYPT_BASE64) != 0, sig,
                            sizeof sig, &sig_len))
        return IPMSG_SIG_BAD_ENCODING;
    int md = sha256 ? GCRY_MD_SHA256 : GCRY_MD_SHA1;
    unsigned dlen = gcry_md_get_algo_dlen(md);
    gcry_md_hash_buffer(md, digest, plain, plain_len);

    gcry_sexp_t hash = NULL, s = NULL;
    enum ipmsg_sig_status st = IPMSG_SIG_INVALID;
    if (pub && gcry_sexp_build(&hash, NULL, "(data(flags pkcs1)(hash %s %b))", sha256 ? "sha256" : "sha1",
                               (int)dlen, digest) == 0 &&
        gcry_sexp_build(&s, NULL, "(sig-val(rsa(s%b)))", (int)sig_len, sig) == 0 &&
        gcry_pk_verify(s, hash, pub->sexp) == 0)
        st = IPMSG_SIG_VALID;
    gcry_sexp_release(hash);
    gcry_sexp_release(s);
    return st;
}

enum ipmsg_dec_status ipmsg_feiq_decrypt(const uint8_t *mac, size_t mac_len, const uint8_t *ct, size_t len,
                                         uint8_t *out, size_t *out_len)
{
    static const uint8_t zero_iv[8];
    /* Blowfish keys are 4..56 bytes; the MAC string is 12 characters. */
    if (mac_len < 4 || mac_len > 56)
        return IPMSG_DEC_UNSUPPORTED;
    return ipmsg_cbc_decrypt(IPMSG_CIPHER_BLOWFISH, mac, mac_len, zero_iv, ct, len, out, out_len);
}
