/* Encrypted message layout "method:key:body[:signature]" and the public
 * key exchange "capa" / "capa:E-N".  Lengths are checked against the
 * method; nothing is decrypted here. */
#include "ipmsg_scan.h"

#define CRYPTO_RSA_512 0x00000001u
#define CRYPTO_RSA_1024 0x00000002u
#define CRYPTO_RSA_2048 0x00000004u
#define CRYPTO_RSA_4096 0x00000008u
#define CRYPTO_BLOWFISH_128 0x00020000u
#define CRYPTO_AES_256 0x00100000u
#define CRYPTO_BASE64 0x01000000u
#define CRYPTO_SIGN_MASK 0x70000000u   /* MD5, SHA-1, SHA-256 */
/* every symmetric cipher bit, current and legacy */
#define CRYPTO_SYMMETRIC_MASK 0x007ED450u

static uint32_t rsa_bits(uint32_t method)
{
    if (method & CRYPTO_RSA_4096)
        return 4096;
    if (method & CRYPTO_RSA_2048)
        return 2048;
    if (method & CRYPTO_RSA_1024)
        return 1024;
    if (method & CRYPTO_RSA_512)
        return 512;
    return 0;
}

static uint32_t cipher_block(uint32_t method)
{
    if (method & CRYPTO_AES_256)
        return 16;
    if (method & CRYPTO_BLOWFISH_128)
        return 8;
    return 0;
}

/* Decoded byte length of a hex or base64 field; false when the text is
 * not valid in that encoding. */
static bool decoded_len(const uint8_t *p, uint32_t len, bool base64, uint32_t *out)
{
    if (!base64) {
        if (len % 2 || !ipmsg_all_bytes(p, len, ipmsg_is_hex_digit))
            return false;
        *out = len / 2;
        return true;
    }
    if (len % 4 || !ipmsg_all_bytes(p, len, ipmsg_is_base64_char))
        return false;
    uint32_t pad = 0;
    for (uint32_t i = 0; i < len; i++) {
        if (p[i] == '=')
            pad++;
        else if (pad)
            return false;   /* '=' only at the end */
    }
    if (pad > 2)
        return false;
    *out = len / 4 * 3 - pad;
    return true;
}

enum { ENC_METHOD, ENC_KEY, ENC_BODY, ENC_SIGNATURE, ENC_FIELDS };

void ipmsg_parse_encrypted(struct ipmsg_ctx *c, uint32_t off, uint32_t end)
{
    static const enum ipmsg_field fields[ENC_FIELDS] = {IPMSG_F_ENC_METHOD, IPMSG_F_ENC_KEY, IPMSG_F_ENC_BODY,
                                                        IPMSG_F_ENC_SIGNATURE};
    uint32_t heading = ipmsg_open(c, IPMSG_F_ENC, off);
    struct ipmsg_span part[ENC_FIELDS];
    uint32_t n = 0, at = off;
    bool found = true;
    while (n < ENC_FIELDS && at < end && found) {
        uint32_t flen;
        uint32_t next = ipmsg_split(c, at, end, ':', &flen, &found);
        part[n++] = (struct ipmsg_span){at, flen};
        at = next;
    }
    if (n == ENC_FIELDS && found && at < end)   /* more than four fields: keep the rest in the signature */
        part[ENC_SIGNATURE].len = end - part[ENC_SIGNATURE].off;

    uint64_t method = 0;
    bool method_ok = n > 0 && ipmsg_emit_hex(c, IPMSG_F_ENC_METHOD, part[0].off, part[0].len, UINT32_MAX, &method);
    if (method_ok && (!rsa_bits((uint32_t)method) || !((uint32_t)method & CRYPTO_SYMMETRIC_MASK))) {
        c->depth++;
        ipmsg_problem(c, IPMSG_P_ENC_BAD_METHOD, part[0].off, part[0].len);
        c->depth--;
    }
    bool base64 = (method & CRYPTO_BASE64) != 0;
    uint32_t rsa = rsa_bits((uint32_t)method), block = cipher_block((uint32_t)method);

    for (uint32_t i = ENC_KEY; i < n; i++) {
        ipmsg_emit(c, fields[i], part[i].off, part[i].len, 0, 0);
        uint32_t bytes = 0;
        c->depth++;
        if (!decoded_len(c->buf + part[i].off, part[i].len, base64, &bytes)) {
            ipmsg_problem(c, IPMSG_P_ENC_BAD_ENCODING, part[i].off, part[i].len);
        } else if (i == ENC_KEY) {
            ipmsg_emit(c, IPMSG_F_ENC_KEY_BITS, part[i].off, part[i].len, (uint64_t)bytes * 8, IPMSG_ITEM_GENERATED);
            if (method_ok && rsa && bytes * 8 != rsa)
                ipmsg_problem_detail(c, IPMSG_P_ENC_KEY_LENGTH, part[i].off, part[i].len, rsa);
        } else if (i == ENC_BODY) {
            if (block && (bytes == 0 || bytes % block))
                ipmsg_problem(c, IPMSG_P_ENC_BODY_LENGTH, part[i].off, part[i].len);
        } else if (method_ok && rsa && bytes * 8 != rsa) {
            ipmsg_problem_detail(c, IPMSG_P_ENC_SIGNATURE_LENGTH, part[i].off, part[i].len, rsa);
        }
        c->depth--;
    }
    if (n < ENC_SIGNATURE)
        ipmsg_problem(c, IPMSG_P_ENC_MISSING_FIELDS, off, end - off);
    else if (method_ok && (method & CRYPTO_SIGN_MASK) && n == ENC_SIGNATURE)
        ipmsg_problem(c, IPMSG_P_ENC_SIGNATURE_MISSING, off, end - off);
    else if (method_ok && !(method & CRYPTO_SIGN_MASK) && n == ENC_FIELDS)
        ipmsg_problem(c, IPMSG_P_ENC_SIGNATURE_UNEXPECTED, part[ENC_SIGNATURE].off, part[ENC_SIGNATURE].len);
    ipmsg_close(c, heading, end);
}

void ipmsg_parse_pubkey_req(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_section s;
    if (ipmsg_next_section(c, &pos, end, &s) && s.len > 0)
        ipmsg_emit_hex(c, IPMSG_F_PUBKEY_CAPA, s.off, s.len, UINT32_MAX, NULL);
    ipmsg_emit_leftover(c, pos, end);
}

/* Bits in a big-endian hex number, leading zeros not counted. */
static uint32_t hex_bits(const uint8_t *p, uint32_t len)
{
    uint32_t i = 0;
    while (i < len && p[i] == '0')
        i++;
    if (i == len)
        return 0;
    uint32_t first = (uint32_t)(p[i] <= '9' ? p[i] - '0' : (p[i] | 0x20) - 'a' + 10);
    uint32_t top = 0;
    while (first) {
        top++;
        first >>= 1;
    }
    return (len - i - 1) * 4 + top;
}

void ipmsg_parse_pubkey_ans(struct ipmsg_ctx *c, uint32_t pos, uint32_t end)
{
    struct ipmsg_section s;
    if (!ipmsg_next_section(c, &pos, end, &s))
        return;
    uint32_t s_end = s.off + s.len;
    uint32_t capa_len, e_len;
    bool has_colon, has_dash;
    uint32_t key_off = ipmsg_split(c, s.off, s_end, ':', &capa_len, &has_colon);
    ipmsg_emit_hex(c, IPMSG_F_PUBKEY_CAPA, s.off, capa_len, UINT32_MAX, NULL);
    if (!has_colon) {
        ipmsg_problem(c, IPMSG_P_PUBKEY_MALFORMED, s.off, s.len);
        ipmsg_emit_leftover(c, pos, end);
        return;
    }
    uint32_t mod_off = ipmsg_split(c, key_off, s_end, '-', &e_len, &has_dash);
    ipmsg_emit_hex(c, IPMSG_F_PUBKEY_EXPONENT, key_off, e_len, UINT64_MAX, NULL);
    if (!has_dash || mod_off >= s_end) {
        ipmsg_problem(c, IPMSG_P_PUBKEY_MALFORMED, key_off, s_end - key_off);
    } else {
        uint32_t mod_len = s_end - mod_off;
        ipmsg_emit(c, IPMSG_F_PUBKEY_MODULUS, mod_off, mod_len, 0, 0);
        c->depth++;
        if (!ipmsg_all_bytes(c->buf + mod_off, mod_len, ipmsg_is_hex_digit)) {
            ipmsg_problem(c, IPMSG_P_NOT_HEX, mod_off, mod_len);
        } else {
            uint32_t bits = hex_bits(c->buf + mod_off, mod_len);
            ipmsg_emit(c, IPMSG_F_PUBKEY_BITS, mod_off, mod_len, bits, IPMSG_ITEM_GENERATED);
            if (bits != 1024 && bits != 2048 && bits != 4096)
                ipmsg_problem(c, IPMSG_P_PUBKEY_SIZE, mod_off, mod_len);
        }
        c->depth--;
    }
    ipmsg_emit_leftover(c, pos, end);
}
