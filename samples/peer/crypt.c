/* Encrypted messages for the scripted peer (libgcrypt):
 *
 *   msg H > P "TEXT" encrypt   official SENDMSG|ENCRYPTOPT to P's public key
 *                              (pubkey=): RSA_2048|AES_256|PACKETNO_IV, hex
 *   groupmsg H "TEXT" [group=HEX]   FeiQ 0x23 to 226.81.9.8, Blowfish-CBC
 *                              keyed by H's MAC string (docs/ipmsg-protocol.md §5)
 *
 * The keys and the RSA padding are derived from the packet number, not
 * drawn at random, so that a recording made again has the same bytes
 * (samples.rerecord compares the decodes).  TEST material only. */
#include "peer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define METHOD_RSA2048_AES256_PNIV 0x00900004u
#define FEIQ_GROUP_MODE 0x23
#define FEIQ_GROUP_ADDR "226.81.9.8"
/* A fixed send time, for the same reason as the derived keys. */
#define FEIQ_GROUP_TIME 1700000000u
/* FeiQ 2's SimSun trailer, GBK, as speak.c sends it */
static const char FEIQ_FONT[] = "{/font;-12 0 0 0 400 0 0 0 134 3 2 1 2 \xcb\xce\xcc\xe5 0;}";

static void crypto_init(void)
{
    if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
        gcry_check_version(NULL);
        gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    }
}

/* n bytes from SHA-256(label || counter) blocks. */
static void derive(const char *label, uint32_t n, uint8_t *out, bool nonzero)
{
    uint32_t got = 0;
    for (uint32_t counter = 0; got < n; counter++) {
        char seed[128];
        uint8_t d[32];
        int len = snprintf(seed, sizeof seed, "%s:%u", label, counter);
        gcry_md_hash_buffer(GCRY_MD_SHA256, d, seed, (size_t)len);
        for (int i = 0; i < 32 && got < n; i++)
            if (!nonzero || d[i])
                out[got++] = d[i];
    }
}

static void add_hex(struct buf *b, const uint8_t *p, size_t n)
{
    char two[3];
    for (size_t i = 0; i < n; i++) {
        snprintf(two, sizeof two, "%02x", p[i]);
        buf_add(b, two, 2);
    }
}

/* CBC with PKCS#5 padding; returns the ciphertext in a new buffer. */
static uint8_t *cbc_encrypt(int algo, const uint8_t *key, size_t keylen, const uint8_t *iv, const uint8_t *plain,
                            size_t len, size_t *out_len)
{
    size_t block = gcry_cipher_get_algo_blklen(algo), pad = block - len % block, n = len + pad;
    uint8_t *buf = malloc(n);
    gcry_cipher_hd_t h;
    if (!buf)
        die("out of memory");
    memcpy(buf, plain, len);
    memset(buf + len, (int)pad, pad);
    if (gcry_cipher_open(&h, algo, GCRY_CIPHER_MODE_CBC, 0) || gcry_cipher_setkey(h, key, keylen) ||
        gcry_cipher_setiv(h, iv, block) || gcry_cipher_encrypt(h, buf, n, NULL, 0))
        die("libgcrypt: cipher failed");
    gcry_cipher_close(h);
    *out_len = n;
    return buf;
}

/* RSA PKCS#1 v1.5 type 2 with derived padding, big-endian bytes (k of them). */
static void rsa_encrypt(const char *pubkey, const uint8_t *data, size_t len, const char *seed, uint8_t *out,
                        size_t *k)
{
    char *e_hex = strdup(pubkey), *n_hex = strchr(e_hex, '-');
    gcry_mpi_t e = NULL, n = NULL, a = NULL;
    gcry_sexp_t key = NULL, in = NULL, res = NULL, tok = NULL;
    if (!n_hex)
        die("public key is not E-N");
    *n_hex++ = '\0';
    if (gcry_mpi_scan(&e, GCRYMPI_FMT_HEX, e_hex, 0, NULL) || gcry_mpi_scan(&n, GCRYMPI_FMT_HEX, n_hex, 0, NULL) ||
        gcry_sexp_build(&key, NULL, "(public-key(rsa(n%m)(e%m)))", n, e))
        die("public key: not hex");
    *k = (gcry_mpi_get_nbits(n) + 7) / 8;
    uint8_t em[512];
    if (*k > sizeof em || len + 11 > *k)
        die("public key: unsupported size");
    em[0] = 0;
    em[1] = 2;
    derive(seed, (uint32_t)(*k - 3 - len), em + 2, true);
    em[*k - len - 1] = 0;
    memcpy(em + *k - len, data, len);
    size_t got;
    if (gcry_sexp_build(&in, NULL, "(data(flags raw)(value%b))", (int)*k, em) || gcry_pk_encrypt(&res, in, key) ||
        !(tok = gcry_sexp_find_token(res, "a", 0)) || !(a = gcry_sexp_nth_mpi(tok, 1, GCRYMPI_FMT_USG)) ||
        gcry_mpi_print(GCRYMPI_FMT_USG, out, *k, &got, a))
        die("libgcrypt: RSA failed");
    memmove(out + (*k - got), out, got);   /* left-pad to the modulus size */
    memset(out, 0, *k - got);
    gcry_mpi_release(a);
    gcry_sexp_release(tok);
    gcry_sexp_release(res);
    gcry_sexp_release(in);
    gcry_sexp_release(key);
    gcry_mpi_release(e);
    gcry_mpi_release(n);
    free(e_hex);
}

void do_encrypted_message(struct host *h, struct host *to, const char *text, bool check)
{
    if (!to->pubkey[0])
        die("encrypt: host %s has no pubkey=", to->name);
    crypto_init();
    bool utf8 = h->dialect == DIALECT_OFFICIAL && to->dialect == DIALECT_OFFICIAL;
    uint32_t cmd = CMD_SENDMSG | OPT_ENCRYPT | (check ? OPT_SENDCHECK : 0) | (utf8 ? OPT_UTF8 | OPT_CAPUTF8 : 0);
    uint32_t pkt = next_packetno(h);
    char label[64], iv[16] = {0};
    uint8_t key[32], wrapped[512];
    size_t k, ct_len;

    struct buf plain = {0};
    add_converted(&plain, text, text_charset(h, utf8));
    buf_u8(&plain, 0);   /* the text's NUL is encrypted too */
    snprintf(label, sizeof label, "peer aes key %u", pkt);
    derive(label, sizeof key, key, false);
    snprintf(label, sizeof label, "peer rsa padding %u", pkt);
    rsa_encrypt(to->pubkey, key, sizeof key, label, wrapped, &k);
    snprintf(iv, sizeof iv, "%u", pkt);   /* PACKETNO_IV: the number's digits, zero padded */
    uint8_t *ct = cbc_encrypt(GCRY_CIPHER_AES256, key, sizeof key, (const uint8_t *)iv, plain.p, plain.len, &ct_len);

    struct buf b = {0};
    char method[16];
    header(&b, h, pkt, cmd);
    snprintf(method, sizeof method, "%X:", METHOD_RSA2048_AES256_PNIV);
    buf_add(&b, method, strlen(method));
    add_hex(&b, wrapped, k);
    buf_u8(&b, ':');
    add_hex(&b, ct, ct_len);
    buf_u8(&b, 0);
    h->awaiting_receipt = check ? pkt : 0;
    h->got_receipt = false;
    send_to(h, to, &b);
    free(ct);
    free(plain.p);
    free(b.p);
}

void do_group_message(struct host *h, const char *text, const char *group)
{
    if (h->dialect != DIALECT_FEIQ || !h->mac[0])
        die("groupmsg: host %s is not a FeiQ host with mac=", h->name);
    crypto_init();
    uint32_t pkt = next_packetno(h);
    char mark[96];
    static const uint8_t zero_iv[8];
    struct buf plain = {0};
    snprintf(mark, sizeof mark, "QUNMSGMARK#%s_%u#", group, FEIQ_GROUP_TIME);
    buf_add(&plain, mark, strlen(mark));
    add_converted(&plain, text, "GB18030");
    buf_add(&plain, FEIQ_FONT, sizeof FEIQ_FONT - 1);
    size_t ct_len;
    uint8_t *ct = cbc_encrypt(GCRY_CIPHER_BLOWFISH, (const uint8_t *)h->mac, strlen(h->mac), zero_iv, plain.p,
                              plain.len, &ct_len);

    /* FeiQ 3's version with the body length in its 6th '#' field; binary
     * body, no NUL */
    struct buf b = {0};
    char head[256];
    int n = snprintf(head, sizeof head, "1_lbt6_0#128#%s#0#0#%zu#4001#9:%u:%s:%s:%u:", h->mac, ct_len, pkt, h->user,
                     h->hostname, (unsigned)(FEIQ_GROUP_MODE | OPT_ENCRYPT));
    buf_add(&b, head, (size_t)n);
    buf_add(&b, ct, ct_len);
    if (g_loopback) {
        send_broadcast(h, &b);
    } else {
        struct sockaddr_in group_addr = {.sin_family = AF_INET, .sin_port = htons(PEER_PORT)};
        inet_pton(AF_INET, FEIQ_GROUP_ADDR, &group_addr.sin_addr);
        /* the namespace has no multicast route: name the interface by its address */
        struct in_addr ifaddr = ((const struct sockaddr_in *)&h->addr)->sin_addr;
        if (setsockopt(h->udp_fd, IPPROTO_IP, IP_MULTICAST_IF, &ifaddr, sizeof ifaddr) != 0)
            die("host %s: IP_MULTICAST_IF: %s", h->name, strerror(errno));
        if (sendto(h->udp_fd, b.p, b.len, 0, (struct sockaddr *)&group_addr, sizeof group_addr) != (ssize_t)b.len)
            die("host %s: sendto %s: %s", h->name, FEIQ_GROUP_ADDR, strerror(errno));
    }
    free(ct);
    free(plain.p);
    free(b.p);
}
