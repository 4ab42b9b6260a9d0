/* Decrypting FeiQ group bodies and official encrypted SENDMSGs (see
 * ipmsg-decrypt.h).  State per capture: the user name each address sent
 * with (to match a key table row by user) and the public keys of ANSPUBKEYs
 * with their frame, so a signature is checked only with a key seen before
 * it, as a receiver would have. */
#include "ipmsg-decrypt.h"

#include <errno.h>
#include <epan/to_str.h>
#include <epan/expert.h>
#include <epan/uat.h>
#include <wsutil/report_message.h>

#include "ipmsg_decrypt.h"
#include "ipmsg-charset.h"
#include "ipmsg-key.h"
#include "ipmsg-registration.h"

#define SENDMSG_MODE 0x20

/* ---- the key table (UAT "ipmsg_rsa_keys") --------------------------------- */

typedef struct {
    char *match;     /* receiver address, user name, or "*" for any */
    char *keyfile;   /* PEM private key */
} rsa_key_rec;

static rsa_key_rec *rsa_key_recs;
static guint n_rsa_key_recs;

UAT_CSTRING_CB_DEF(rsa_keys, match, rsa_key_rec)
UAT_FILENAME_CB_DEF(rsa_keys, keyfile, rsa_key_rec)

struct loaded_key {
    char *match;
    char *file;
    struct ipmsg_rsa_key *key;
};

static GArray *loaded_keys;   /* struct loaded_key, rebuilt when the table changes */

static void *rsa_key_copy(void *dest, const void *source, size_t len _U_)
{
    rsa_key_rec *d = dest;
    const rsa_key_rec *s = source;
    d->match = g_strdup(s->match);
    d->keyfile = g_strdup(s->keyfile);
    return d;
}

static void rsa_key_free(void *record)
{
    rsa_key_rec *r = record;
    g_free(r->match);
    g_free(r->keyfile);
}

/* A relative path is relative to the working directory, as in Wireshark's
 * TLS key list. */
static char *read_key_file(const char *path, gsize *len)
{
    char *text = NULL;
    if (!g_file_get_contents(path, &text, len, NULL))
        return NULL;
    return text;
}

static void free_loaded_keys(void)
{
    if (loaded_keys == NULL)
        return;
    for (guint i = 0; i < loaded_keys->len; i++) {
        struct loaded_key *k = &g_array_index(loaded_keys, struct loaded_key, i);
        g_free(k->match);
        g_free(k->file);
        ipmsg_rsa_key_free(k->key);
    }
    g_array_free(loaded_keys, TRUE);
    loaded_keys = NULL;
}

static void rsa_keys_post_update(void)
{
    free_loaded_keys();
    loaded_keys = g_array_new(FALSE, TRUE, sizeof(struct loaded_key));
    for (guint i = 0; i < n_rsa_key_recs; i++) {
        const rsa_key_rec *r = &rsa_key_recs[i];
        gsize len = 0;
        const char *err = "cannot read the file";
        char *pem = r->keyfile && *r->keyfile ? read_key_file(r->keyfile, &len) : NULL;
        struct ipmsg_rsa_key *key = pem ? ipmsg_rsa_key_from_pem(pem, len, &err) : NULL;
        g_free(pem);
        if (key == NULL) {
            report_failure("IPMsg RSA keys: %s: %s", r->keyfile ? r->keyfile : "(no file)", err);
            continue;
        }
        struct loaded_key k = {g_strdup(r->match ? r->match : ""), g_strdup(r->keyfile), key};
        g_array_append_val(loaded_keys, k);
    }
}

void ipmsg_decrypt_register(module_t *prefs_module)
{
    static uat_field_t fields[] = {
        UAT_FLD_CSTRING(rsa_keys, match, "Receiver",
                        "The receiver's IP address or user name (the key opens what is sent to it); * for any"),
        UAT_FLD_FILENAME(rsa_keys, keyfile, "Key file", "PEM RSA private key (PKCS#1 or PKCS#8, no password)"),
        UAT_END_FIELDS
    };
    uat_t *uat = uat_new("IPMsg RSA keys", sizeof(rsa_key_rec), "ipmsg_rsa_keys", TRUE, &rsa_key_recs,
                         &n_rsa_key_recs, UAT_AFFECTS_DISSECTION, NULL, rsa_key_copy, NULL, rsa_key_free,
                         rsa_keys_post_update, NULL, fields);

    /* libgcrypt: epan_init() has initialised it before any registration. */
    prefs_register_uat_preference(prefs_module, "rsa_keys", "RSA keys list",
                                  "Private keys that open encrypted messages (ENCRYPTOPT) sent to a host", uat);
}

/* ---- per-capture state ---------------------------------------------------------- */

struct user_name {
    guint32 frame;               /* where the address first sent it */
    const char *name;
};

struct pubkey {
    guint32 frame;
    const char *e_hex, *n_hex;   /* file scope */
    struct pubkey *next;         /* older */
};

static wmem_map_t *user_of;      /* address id (ipmsg-key.h) -> struct user_name */
static wmem_map_t *pubkeys;      /* address id -> struct pubkey list, newest first */

static wmem_map_t *file_map(wmem_map_t **map)
{
    if (*map == NULL)
        *map = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    return *map;
}

/* The map's entry for an address (NULL also when the address table is full). */
static void *lookup(wmem_map_t *map, const address *a)
{
    guint32 id = map != NULL ? ipmsg_addr_id(a) : 0;
    return id != 0 ? wmem_map_lookup(map, GUINT_TO_POINTER(id)) : NULL;
}

/* First pass only.  File-scope memory only for what is kept: a new
 * address's first name, and public keys. */
static void learn(packet_info *pinfo, const struct ipmsg_dissected *d)
{
    guint32 id = ipmsg_addr_id(&pinfo->src);
    gpointer addr = GUINT_TO_POINTER(id);
    bool pubkey = d->msg->cmd != NULL && d->msg->cmd->body == IPMSG_BODY_PUBKEY_ANS;
    bool new_name = !wmem_map_contains(file_map(&user_of), addr) && ipmsg_find_item(d->msg, IPMSG_F_USER);
    if (id == 0 || (!new_name && !pubkey))
        return;   /* (id 0: the address table is full) */
    if (new_name) {
        struct user_name *u = wmem_new(wmem_file_scope(), struct user_name);
        u->frame = pinfo->num;
        u->name = ipmsg_tree_item_text(wmem_file_scope(), d, IPMSG_F_USER);
        wmem_map_insert(user_of, addr, u);
    }
    if (!pubkey || !ipmsg_find_item(d->msg, IPMSG_F_PUBKEY_EXPONENT) || !ipmsg_find_item(d->msg, IPMSG_F_PUBKEY_MODULUS))
        return;
    struct pubkey *k = wmem_new(wmem_file_scope(), struct pubkey);
    k->frame = pinfo->num;
    k->e_hex = ipmsg_tree_item_text(wmem_file_scope(), d, IPMSG_F_PUBKEY_EXPONENT);
    k->n_hex = ipmsg_tree_item_text(wmem_file_scope(), d, IPMSG_F_PUBKEY_MODULUS);
    k->next = wmem_map_lookup(file_map(&pubkeys), addr);
    wmem_map_insert(pubkeys, addr, k);
}

/* The sender's key from the latest ANSPUBKEY before this frame. */
static const struct pubkey *sender_pubkey(packet_info *pinfo)
{
    const struct pubkey *k = lookup(pubkeys, &pinfo->src);
    while (k != NULL && k->frame >= pinfo->num)
        k = k->next;
    return k;
}

/* ---- showing a plaintext ------------------------------------------------------------ */

static bool has_problem(const struct ipmsg_msg *msg, const enum ipmsg_problem *which, size_t n)
{
    guint count = MIN(msg->n_items, IPMSG_MAX_ITEMS);
    for (guint i = 0; i < count; i++)
        for (size_t j = 0; j < n; j++)
            if (msg->items[i].field == IPMSG_F_PROBLEM && msg->items[i].value == (guint64)which[j])
                return true;
    return false;
}

static void append_item(struct ipmsg_msg *m, enum ipmsg_field field, uint32_t len, uint64_t value)
{
    if (m->n_items < IPMSG_MAX_ITEMS)
        m->items[m->n_items++] = (struct ipmsg_item){(uint16_t)field, 1, IPMSG_ITEM_GENERATED, 0, len, value, 0};
}

/* The Info column as for a clear message, quoting the plaintext. */
static void set_info(packet_info *pinfo, const struct ipmsg_dissected *d, const struct ipmsg_msg *plain_msg,
                     const guint8 *plain, enum ipmsg_text_encoding enc)
{
    char line[ITEM_LABEL_LENGTH];
    /* the outer header, with the attachment count from inside */
    struct ipmsg_msg *msg = wmem_new(pinfo->pool, struct ipmsg_msg);
    memcpy(msg, d->msg, offsetof(struct ipmsg_msg, items));
    msg->n_files = plain_msg->n_files;
    struct ipmsg_span q = plain_msg->summary;
    const char *quote = ipmsg_span_present(q) ? ipmsg_tree_bytes_text(pinfo->pool, plain + q.off, q.len, enc, false)
                                              : NULL;
    ipmsg_format_summary(msg, ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_user, msg->user),
                         ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_host, msg->host), quote, line, sizeof line);
    col_add_str(pinfo->cinfo, COL_INFO, ipmsg_tree_printable(pinfo->pool, line));
}

static tvbuff_t *plaintext_tvb(tvbuff_t *tvb, packet_info *pinfo, const guint8 *plain, size_t len, const char *name)
{
    tvbuff_t *ptvb = tvb_new_child_real_data(tvb, plain, (guint)len, (gint)len);
    add_new_data_source(pinfo, ptvb, name);
    return ptvb;
}

static void expert_at(packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb, enum ipmsg_problem p,
                      const struct ipmsg_item *where, const char *detail)
{
    gint start = 0, length = 0;
    if (where != NULL && where->off <= tvb_captured_length(tvb)) {
        start = (gint)where->off;
        length = (gint)MIN(where->len, tvb_captured_length(tvb) - where->off);
    }
    proto_tree_add_expert_format(tree, pinfo, &ei_ipmsg_problem[p], tvb, start, length, "%s%s%s",
                                 ipmsg_problem_infos[p].summary, detail ? ": " : "", detail ? detail : "");
}

/* ---- FeiQ group bodies ---------------------------------------------------------------- */

static void dissect_feiq_group(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const struct ipmsg_dissected *d)
{
    static const enum ipmsg_problem length_problem[] = {IPMSG_P_FEIQ_BODY_LENGTH};
    const struct ipmsg_item *mac = ipmsg_find_item(d->msg, IPMSG_F_FEIQ_MAC);
    const struct ipmsg_item *ct = ipmsg_find_item(d->msg, IPMSG_F_FEIQ_CIPHERTEXT);
    /* A body cut short is already reported; its last block cannot decrypt. */
    if (mac == NULL || ct == NULL || has_problem(d->msg, length_problem, 1))
        return;
    guint8 *plain = wmem_alloc(pinfo->pool, ct->len);
    size_t n;
    enum ipmsg_dec_status st = ipmsg_feiq_decrypt(d->buf + mac->off, mac->len, d->buf + ct->off, ct->len, plain, &n);
    if (st != IPMSG_DEC_OK) {
        expert_at(pinfo, tree, tvb, IPMSG_P_FEIQ_DECRYPT, ct,
                  st == IPMSG_DEC_BODY_LENGTH ? "not a whole number of 8-byte blocks"
                  : st == IPMSG_DEC_BAD_PADDING ? "bad padding (another key, or damaged)" : NULL);
        return;
    }
    struct ipmsg_msg *pm = wmem_new(pinfo->pool, struct ipmsg_msg);
    ipmsg_parse_feiq_group_plain(plain, n, d->msg, pm);
    tvbuff_t *ptvb = plaintext_tvb(tvb, pinfo, plain, n, "Decrypted group message");
    ipmsg_tree_add_items(ptvb, pinfo, tree, (guint)n, pm, d->text_encoding);
    set_info(pinfo, d, pm, plain, d->text_encoding);
}

/* ---- official encrypted SENDMSG -------------------------------------------------------- */

static bool key_matches(const struct loaded_key *k, const char *addr, const char *user)
{
    return strcmp(k->match, "*") == 0 || strcmp(k->match, addr) == 0 || (user != NULL && strcmp(k->match, user) == 0);
}

static void check_signature(packet_info *pinfo, const struct ipmsg_enc_parts *parts, struct ipmsg_msg *pm,
                            const guint8 *plain, size_t n)
{
    if (!(parts->method & (IPMSG_CRYPT_SIGN_SHA1 | IPMSG_CRYPT_SIGN_SHA256)) || parts->sig == NULL)
        return;
    const struct pubkey *pk = sender_pubkey(pinfo);
    if (pk == NULL) {
        append_item(pm, IPMSG_F_PROBLEM, (uint32_t)n, IPMSG_P_DEC_SIGNATURE_UNCHECKED);
        return;
    }
    struct ipmsg_rsa_key *pub = ipmsg_rsa_pubkey_from_hex((const uint8_t *)pk->e_hex, strlen(pk->e_hex),
                                                          (const uint8_t *)pk->n_hex, strlen(pk->n_hex));
    enum ipmsg_sig_status st = ipmsg_verify_message(parts, pub, plain, n);
    ipmsg_rsa_key_free(pub);
    append_item(pm, IPMSG_F_ENC_SIGNATURE_VALID, (uint32_t)n, st == IPMSG_SIG_VALID);
    if (st != IPMSG_SIG_VALID)
        append_item(pm, IPMSG_F_PROBLEM, (uint32_t)n, IPMSG_P_DEC_SIGNATURE_INVALID);
}

static void dissect_encrypted(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, struct ipmsg_dissected *d)
{
    /* Broken fields are already reported, and cannot decrypt. */
    static const enum ipmsg_problem broken[] = {IPMSG_P_ENC_MISSING_FIELDS, IPMSG_P_ENC_BAD_METHOD,
                                                IPMSG_P_ENC_BAD_ENCODING, IPMSG_P_ENC_KEY_LENGTH,
                                                IPMSG_P_ENC_BODY_LENGTH};
    const struct ipmsg_msg *msg = d->msg;
    const struct ipmsg_item *enc = ipmsg_find_item(msg, IPMSG_F_ENC), *method = ipmsg_find_item(msg, IPMSG_F_ENC_METHOD);
    const struct ipmsg_item *key = ipmsg_find_item(msg, IPMSG_F_ENC_KEY), *body = ipmsg_find_item(msg, IPMSG_F_ENC_BODY);
    const struct ipmsg_item *sig = ipmsg_find_item(msg, IPMSG_F_ENC_SIGNATURE);
    const struct ipmsg_item *pn = ipmsg_find_item(msg, IPMSG_F_PACKET_NO);
    if (enc == NULL || method == NULL || key == NULL || body == NULL || pn == NULL ||
        has_problem(msg, broken, G_N_ELEMENTS(broken)))
        return;
    struct ipmsg_enc_parts parts = {
        .method = (uint32_t)method->value,
        .key = d->buf + key->off, .key_len = key->len,
        .body = d->buf + body->off, .body_len = body->len,
        .sig = sig ? d->buf + sig->off : NULL, .sig_len = sig ? sig->len : 0,
        .packet_no = d->buf + pn->off, .packet_no_len = pn->len,
    };
    const char *addr = address_to_str(pinfo->pool, &pinfo->dst);
    /* only a name learned before this frame: one pass and two agree */
    const struct user_name *un = lookup(user_of, &pinfo->dst);
    const char *user = un != NULL && un->frame < pinfo->num ? un->name : NULL;
    guint8 *plain = wmem_alloc(pinfo->pool, body->len);
    size_t n = 0;
    enum ipmsg_dec_status st = IPMSG_DEC_KEY_FAILED;
    wmem_strbuf_t *tried = wmem_strbuf_new(pinfo->pool, "");
    for (guint i = 0; loaded_keys != NULL && i < loaded_keys->len && st == IPMSG_DEC_KEY_FAILED; i++) {
        const struct loaded_key *k = &g_array_index(loaded_keys, struct loaded_key, i);
        if (!key_matches(k, addr, user))
            continue;
        wmem_strbuf_append_printf(tried, "%s%s", wmem_strbuf_get_len(tried) ? ", " : "", k->file);
        st = ipmsg_decrypt_message(&parts, k->key, plain, &n);
    }
    if (wmem_strbuf_get_len(tried) == 0) {
        unsigned bits = parts.method & IPMSG_CRYPT_RSA_2048 ? 2048 : parts.method & IPMSG_CRYPT_RSA_1024 ? 1024 : 0;
        expert_at(pinfo, tree, tvb, IPMSG_P_DEC_NO_KEY, enc,
                  wmem_strdup_printf(pinfo->pool, "the RSA-%u private key of %s%s%s%s would open it", bits, addr,
                                     user ? " (user " : "", user ? user : "", user ? ")" : ""));
        return;
    }
    if (st != IPMSG_DEC_OK) {
        enum ipmsg_problem p = st == IPMSG_DEC_KEY_FAILED ? IPMSG_P_DEC_KEY_FAILED
                               : st == IPMSG_DEC_KEY_SIZE ? IPMSG_P_DEC_KEY_SIZE
                               : st == IPMSG_DEC_BAD_PADDING ? IPMSG_P_DEC_BAD_PADDING : IPMSG_P_DEC_FAILED;
        expert_at(pinfo, tree, tvb, p, p == IPMSG_P_DEC_BAD_PADDING ? body : enc,
                  p == IPMSG_P_DEC_KEY_FAILED ? wmem_strdup_printf(pinfo->pool, "tried %s", wmem_strbuf_get_str(tried))
                                              : NULL);
        return;
    }
    struct ipmsg_msg *pm = wmem_new(pinfo->pool, struct ipmsg_msg);
    ipmsg_parse_decrypted(plain, n, msg, pm);
    check_signature(pinfo, &parts, pm, plain, n);
    enum ipmsg_text_encoding enc_text = ipmsg_charset_encoding(ipmsg_packet_charset(pm, plain, n));
    tvbuff_t *ptvb = plaintext_tvb(tvb, pinfo, plain, n, "Decrypted message");
    ipmsg_tree_add_items(ptvb, pinfo, tree, (guint)n, pm, enc_text);
    set_info(pinfo, d, pm, plain, enc_text);
    /* for the conversation: the attachments hidden in the ciphertext */
    struct ipmsg_dissected *pd = wmem_new0(pinfo->pool, struct ipmsg_dissected);
    pd->msg = pm;
    pd->buf = plain;
    pd->len = (guint)n;
    pd->text_encoding = enc_text;
    pd->summary = d->summary;
    d->decrypted = pd;
}

void ipmsg_decrypt_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, struct ipmsg_dissected *d)
{
    const struct ipmsg_msg *msg = d->msg;
    if (!msg->header_ok)
        return;
    if (!PINFO_FD_VISITED(pinfo))
        learn(pinfo, d);
    if (!msg->command_ok || msg->cmd == NULL)
        return;
    if (msg->cmd->body == IPMSG_BODY_FEIQ_GROUP)
        dissect_feiq_group(tvb, pinfo, tree, d);
    else if (msg->mode == SENDMSG_MODE && (msg->options & IPMSG_ENCRYPTOPT))
        dissect_encrypted(tvb, pinfo, tree, d);
}
