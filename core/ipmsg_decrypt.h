/* Decrypting what IPMsg encrypts, with libgcrypt and without Wireshark
 * (docs/ipmsg-protocol.md §5): the official encrypted SENDMSG given the
 * receiver's RSA private key, its signature given the sender's public key
 * from an ANSPUBKEY, and FeiQ's group bodies keyed by the sender's MAC.
 *
 * Separate from ipmsgcore (library ipmsgdecrypt) so that the parser, the
 * fuzzers and udpcap do not need libgcrypt.  Every buffer is the caller's;
 * nothing here keeps state between calls except the keys it hands out.
 */
#ifndef IPMSG_DECRYPT_H
#define IPMSG_DECRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Method bits that decide decryption (the full table: ipmsg_crypto_bits). */
#define IPMSG_CRYPT_RSA_1024 0x00000002u
#define IPMSG_CRYPT_RSA_2048 0x00000004u
#define IPMSG_CRYPT_BLOWFISH_128 0x00020000u
#define IPMSG_CRYPT_AES_256 0x00100000u
#define IPMSG_CRYPT_PACKETNO_IV 0x00800000u
#define IPMSG_CRYPT_BASE64 0x01000000u
#define IPMSG_CRYPT_SIGN_SHA1 0x20000000u
#define IPMSG_CRYPT_SIGN_SHA256 0x40000000u

enum ipmsg_dec_status {
    IPMSG_DEC_OK,
    IPMSG_DEC_UNSUPPORTED,   /* the method is no pair this code (or any client) decrypts */
    IPMSG_DEC_BAD_ENCODING,  /* a field is not valid hex / base64 */
    IPMSG_DEC_KEY_FAILED,    /* the RSA key does not open the common key: not the receiver's */
    IPMSG_DEC_KEY_SIZE,      /* the common key opened but has the wrong size for the cipher */
    IPMSG_DEC_BODY_LENGTH,   /* ciphertext empty or not whole cipher blocks */
    IPMSG_DEC_BAD_PADDING,   /* last block is not PKCS#5 padding */
    IPMSG_DEC_ERROR          /* libgcrypt refused (out of memory, bad key ...) */
};

enum ipmsg_sig_status {
    IPMSG_SIG_NONE,          /* the method asks for no signature */
    IPMSG_SIG_VALID,
    IPMSG_SIG_INVALID,
    IPMSG_SIG_BAD_ENCODING   /* the signature field is not hex / base64 */
};

/* Call once before anything else when nobody (Wireshark) initialised libgcrypt. */
void ipmsg_decrypt_init(void);

/* ---- keys ------------------------------------------------------------------- */

struct ipmsg_rsa_key;   /* a libgcrypt key; private or public */

/* An unencrypted PEM RSA private key ("BEGIN PRIVATE KEY" PKCS#8 or "BEGIN
 * RSA PRIVATE KEY" PKCS#1).  NULL with *err set (a static string) when it
 * cannot be used. */
struct ipmsg_rsa_key *ipmsg_rsa_key_from_pem(const char *pem, size_t len, const char **err);

/* A public key as ANSPUBKEY sends it: exponent and modulus in big-endian hex. */
struct ipmsg_rsa_key *ipmsg_rsa_pubkey_from_hex(const uint8_t *e_hex, size_t e_len, const uint8_t *n_hex,
                                                size_t n_len);

void ipmsg_rsa_key_free(struct ipmsg_rsa_key *key);
unsigned ipmsg_rsa_key_bits(const struct ipmsg_rsa_key *key);

/* ---- building blocks (exposed for tests) ------------------------------------ */

/* Hex or base64 text to bytes; false when invalid or longer than max. */
bool ipmsg_decode_field(const uint8_t *text, size_t len, bool base64, uint8_t *out, size_t max, size_t *out_len);

/* RSA PKCS#1 v1.5 decryption of a standard big-endian ciphertext. */
enum ipmsg_dec_status ipmsg_rsa_decrypt(const struct ipmsg_rsa_key *key, const uint8_t *ct, size_t len,
                                        uint8_t *out, size_t max, size_t *out_len);

enum ipmsg_cipher { IPMSG_CIPHER_BLOWFISH, IPMSG_CIPHER_AES256 };

/* CBC decryption and PKCS#5 unpadding; out holds len bytes, *out_len is
 * the plaintext length.  iv has the cipher's block size (8 or 16). */
enum ipmsg_dec_status ipmsg_cbc_decrypt(enum ipmsg_cipher cipher, const uint8_t *key, size_t key_len,
                                        const uint8_t *iv, const uint8_t *ct, size_t len, uint8_t *out,
                                        size_t *out_len);

/* ---- whole messages ------------------------------------------------------------ */

/* The parts of "method:key:body[:signature]" (ipmsg_parse_encrypted's
 * fields) and the header's packet number as sent (the PACKETNO_IV source). */
struct ipmsg_enc_parts {
    uint32_t method;
    const uint8_t *key, *body, *sig;   /* sig NULL when absent */
    size_t key_len, body_len, sig_len;
    const uint8_t *packet_no;
    size_t packet_no_len;
};

/* Decrypt an encrypted SENDMSG body with the receiver's private key.  out
 * must hold body_len bytes (always enough); *out_len is the plaintext's
 * length, NULs included.  KEY_FAILED (a wrong key) is told apart from
 * the errors of a damaged body, which come after the key opened. */
enum ipmsg_dec_status ipmsg_decrypt_message(const struct ipmsg_enc_parts *parts, const struct ipmsg_rsa_key *key,
                                            uint8_t *out, size_t *out_len);

/* Check the signature (SHA-1 or SHA-256 per the method, RSA PKCS#1 v1.5)
 * over the whole plaintext with the sender's public key. */
enum ipmsg_sig_status ipmsg_verify_message(const struct ipmsg_enc_parts *parts, const struct ipmsg_rsa_key *pub,
                                           const uint8_t *plain, size_t plain_len);

/* FeiQ group body: Blowfish-CBC keyed with the sender's MAC string (the
 * version's third '#' field), IV zero, PKCS#5.  out holds len bytes. */
enum ipmsg_dec_status ipmsg_feiq_decrypt(const uint8_t *mac, size_t mac_len, const uint8_t *ct, size_t len,
                                         uint8_t *out, size_t *out_len);

#endif
