/* The host table: per IP address, what the last entry packet from it
 * (BR_ENTRY, ANSENTRY, BR_ABSENCE) said about its sender: names, client,
 * capabilities.  Learned on the first pass in frame order; every later packet
 * from that address shows it (ipmsg.peer.*). */
#include "ipmsg-peers.h"

#include <string.h>

#include "ipmsg-index.h"
#include "ipmsg-key.h"
#include "ipmsg-pool.h"

static int hf_peer = -1;
static int hf_peer_learned_in = -1;
static int hf_peer_user = -1;
static int hf_peer_host = -1;
static int hf_peer_nickname = -1;
static int hf_peer_group = -1;
static int hf_peer_dialect = -1;
static int hf_peer_client = -1;
static int hf_peer_capabilities = -1;
static gint ett_peer = -1;

/* What the table knew of an address from one entry packet on; a new one
 * only when an entry packet said something else. */
struct peer {
    guint32 frame;                 /* the entry packet it was learned from */
    guint32 info;                  /* what it said */
};

/* What an entry packet said of its sender, decoded once: the peers of an
 * address that goes back and forth between a few names share it. */
struct info {
    const char *user, *host, *nickname, *group, *client;
    const char *name;              /* user@host */
    /* In a shown tree: the whole labels of the ipmsg.peer and capabilities
     * items, kept the first time they are built (NULL until then; "" for
     * the default label) */
    const char *name_line, *capabilities_line;
    guint32 status;
    guint8 dialect;
};

/* The bytes of an entry packet but its packet number (which is new in every
 * packet), its sender and how its text reads: equal ones decode to the same
 * info, so a repeated entry packet costs a hash and a compare. */
struct raw {
    const guint8 *bytes;           /* up to the packet number, then from the user name on */
    guint32 len, head_len;
    guint32 sender;
    guint32 info;
    guint8 encoding, transport;
};
#define MAX_RAW_PER_INFO 8         /* spellings of one info remembered (a client may vary unshown bytes) */

static struct ipmsg_pool peers = IPMSG_POOL_INIT(struct peer, 6);
static struct ipmsg_pool infos = IPMSG_POOL_INIT(struct info, 6);
static struct ipmsg_pool raws = IPMSG_POOL_INIT(struct raw, 6);
static struct ipmsg_index raw_ids;          /* struct raw_key -> raw id */
static guint8 *raw_count;                   /* info id -> its raws (up to MAX_RAW_PER_INFO) */
static guint32 n_raw_count;
static guint32 *peer_of_address;   /* address id -> peer id */
static guint32 n_addresses;        /* of peer_of_address */
static wmem_map_t *capabilities_labels;   /* status -> its capabilities item label (see whole_label) */

static struct peer *peer_at(guint32 id)
{
    return id != 0 && id < peers.next ? ipmsg_pool_at(&peers, id) : NULL;
}

static struct info *info_at(guint32 id)
{
    return ipmsg_pool_at(&infos, id);
}

/* ---- entry packets by their bytes --------------------------------------- */

struct raw_key {
    const guint8 *head, *tail;     /* up to the packet number; from the user name on */
    guint32 head_len, tail_len;
    guint32 sender;
    guint8 encoding, transport;
};

static struct raw_key raw_key_of(guint32 sender, const struct ipmsg_dissected *d)
{
    const struct ipmsg_msg *msg = d->msg;
    struct raw_key k = {d->buf, NULL, d->len, 0, sender, (guint8)d->text_encoding, (guint8)msg->transport};

    if (ipmsg_span_present(msg->version) && ipmsg_span_present(msg->user) &&
        msg->version.len <= msg->user.off && msg->version.off <= msg->user.off - msg->version.len &&
        msg->user.off <= d->len) {
        k.head = d->buf + msg->version.off;
        k.head_len = msg->version.len;
        k.tail = d->buf + msg->user.off;
        k.tail_len = d->len - msg->user.off;
    }
    return k;
}

/* Not a secret hash: the final mix is seeded (ipmsg-key.h). */
static guint64 bytes_hash(guint64 h, const guint8 *p, guint32 n)
{
    const guint64 k = G_GUINT64_CONSTANT(0x9e3779b97f4a7c15);
    guint64 w;

    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 31;
    }
    w = 0;
    if (n > 0)
        memcpy(&w, p, n);
    return (h ^ w ^ (guint64)n * G_GUINT64_CONSTANT(0x0800000000000000)) * k;   /* n in the top bits */
}

static guint64 raw_hash(const struct raw_key *k)
{
    guint64 h = (guint64)k->sender << 32 | (guint32)k->encoding << 8 | k->transport;

    h = bytes_hash(bytes_hash(h, k->head, k->head_len) ^ k->head_len, k->tail, k->tail_len);
    return ipmsg_key_mix(h);
}

static bool raw_matches(guint32 id, const void *key)
{
    const struct raw *r = ipmsg_pool_at(&raws, id);
    const struct raw_key *k = key;

    return r->sender == k->sender && r->head_len == k->head_len && r->len == k->head_len + k->tail_len &&
           r->encoding == k->encoding &&
           r->transport == k->transport && memcmp(r->bytes, k->head, k->head_len) == 0 &&
           (k->tail_len == 0 || memcmp(r->bytes + k->head_len, k->tail, k->tail_len) == 0);
}

static guint64 raw_hash_of(guint32 id)
{
    const struct raw *r = ipmsg_pool_at(&raws, id);
    struct raw_key k = {r->bytes, r->bytes + r->head_len, r->head_len, r->len - r->head_len, r->sender,
                        r->encoding, r->transport};
    return raw_hash(&k);
}

/* Remember that these bytes decode to info. */
static void add_raw(guint32 *slot, const struct raw_key *k, guint32 info)
{
    guint32 id;
    struct raw *r;
    guint8 *bytes;

    if (info >= n_raw_count) {
        guint32 n = ipmsg_grow_count(n_raw_count, info, 64);
        raw_count = ipmsg_grow_zeroed(raw_count, sizeof *raw_count, n_raw_count, n);
        n_raw_count = n;
    }
    if (slot == NULL || raw_count[info] >= MAX_RAW_PER_INFO || (id = ipmsg_pool_add(&raws)) == 0)
        return;
    raw_count[info]++;
    bytes = wmem_alloc(wmem_file_scope(), (gsize)k->head_len + k->tail_len + 1);
    memcpy(bytes, k->head, k->head_len);
    if (k->tail_len > 0)
        memcpy(bytes + k->head_len, k->tail, k->tail_len);
    r = ipmsg_pool_at(&raws, id);
    *r = (struct raw){bytes, k->head_len + k->tail_len, k->head_len, k->sender, info, k->encoding, k->transport};
    ipmsg_index_put(&raw_ids, slot, id, raw_hash_of);
}

/* ---- decoding ------------------------------------------------------------- */


static guint64 item_value(const struct ipmsg_dissected *d, enum ipmsg_field field, guint64 otherwise)
{
    const struct ipmsg_item *it = ipmsg_find_item(d->msg, field);
    return it ? it->value : otherwise;
}

/* "iptux 0.8.3", "FeiQ (lbt6)", "IP Messenger 5.6 (Windows (64-bit))" */
static const char *client_of(wmem_allocator_t *scope, const struct ipmsg_dissected *d)
{
    const struct ipmsg_msg *msg = d->msg;
    const char *name = ipmsg_dialect_name(msg->dialect);
    const char *detail;

    switch (msg->dialect) {
    case IPMSG_DIALECT_IPTUX:
        detail = ipmsg_tree_item_text(scope, d, IPMSG_F_IPTUX_VERSION);
        return detail ? wmem_strdup_printf(scope, "%s %s", name, detail) : name;
    case IPMSG_DIALECT_FEIQ:
        if (ipmsg_find_item(msg, IPMSG_F_FEIQ_GENERATION))
            return wmem_strdup_printf(scope, "%s (lbt%" G_GUINT64_FORMAT ")", name,
                                      item_value(d, IPMSG_F_FEIQ_GENERATION, 0));
        return name;
    case IPMSG_DIALECT_OTHER:
        detail = ipmsg_tree_item_text(scope, d, IPMSG_F_VENDOR);
        return detail ? wmem_strdup_printf(scope, "%s (%s)", name, detail) : name;
    default:
        if (ipmsg_find_item(msg, IPMSG_F_VS_MINOR)) {
            const char *platform = ipmsg_value_name(IPMSG_T_PLATFORM,
                                                    (uint32_t)item_value(d, IPMSG_F_VS_PLATFORM, 0));
            return wmem_strdup_printf(scope, "%s %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT "%s%s%s", name,
                                      item_value(d, IPMSG_F_VS_MAJOR, 0), item_value(d, IPMSG_F_VS_MINOR, 0),
                                      platform ? " (" : "", platform ? platform : "", platform ? ")" : "");
        }
        return name;
    }
}

/* A file-scope copy (wmem_strdup would turn NULL into "<NULL>"). */
static const char *kept(const char *s)
{
    return s != NULL ? wmem_strdup(wmem_file_scope(), s) : NULL;
}

static bool same_text(const char *a, const char *b)
{
    return g_strcmp0(a, b) == 0;
}

static bool same_info(const struct info *a, const struct info *b)
{
    return a == b || (a->dialect == b->dialect && a->status == b->status && same_text(a->user, b->user) &&
                      same_text(a->host, b->host) && same_text(a->nickname, b->nickname) &&
                      same_text(a->group, b->group) && same_text(a->client, b->client));
}

/* What the entry packet says, as the info that the table has for it when it
 * says what the sender's last one said, else as a new one (0: no room). */
static guint32 decode(packet_info *pinfo, const struct ipmsg_dissected *d, const struct peer *known)
{
    const struct ipmsg_msg *msg = d->msg;
    struct info p = {0};
    guint32 id;

    /* Built in the packet's pool: only a change is kept for the capture. */
    p.user = ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_user, msg->user);
    p.host = ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_host, msg->host);
    p.nickname = ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_nickname, msg->nickname);
    p.group = ipmsg_tree_item_text(pinfo->pool, d, IPMSG_F_UTF8_GROUP);
    if (p.group == NULL || *p.group == '\0')
        p.group = ipmsg_tree_item_text(pinfo->pool, d, IPMSG_F_GROUP);
    p.client = client_of(pinfo->pool, d);
    p.dialect = (guint8)msg->dialect;
    p.status = msg->options;
    if (known != NULL && same_info(info_at(known->info), &p))
        return known->info;
    id = ipmsg_pool_add(&infos);
    if (id == 0)
        return 0;
    p.user = kept(p.user);
    p.host = kept(p.host);
    p.nickname = kept(p.nickname);
    p.group = kept(p.group);
    p.client = kept(p.client);
    p.name = wmem_strdup_printf(wmem_file_scope(), "%s@%s", p.user ? p.user : "", p.host ? p.host : "");
    *info_at(id) = p;
    return id;
}

void ipmsg_peers_learn(packet_info *pinfo, guint32 sender, const struct ipmsg_dissected *d)
{
    const struct peer *known = peer_at(ipmsg_peers_known(sender));
    struct raw_key k;
    guint32 *slot;
    guint32 info, id;

    if (sender == 0)
        return;   /* the address table is full */
    k = raw_key_of(sender, d);
    slot = ipmsg_index_find(&raw_ids, raw_hash(&k), raw_matches, &k);
    if (slot != NULL && *slot != 0) {
        info = ((const struct raw *)ipmsg_pool_at(&raws, *slot))->info;
    } else {
        info = decode(pinfo, d, known);
        if (info == 0)
            return;
        add_raw(slot, &k, info);
    }
    if (known != NULL && same_info(info_at(known->info), info_at(info)))
        return;   /* nothing new: keep the frame it was first learned in */
    id = ipmsg_pool_add(&peers);
    if (id == 0)
        return;
    *peer_at(id) = (struct peer){pinfo->num, info};
    if (sender >= n_addresses) {
        /* ids are handed out 1, 2, ... and never G_MAXUINT32 */
        guint32 n = ipmsg_grow_count(n_addresses, sender, 64);
        peer_of_address = ipmsg_grow_zeroed(peer_of_address, sizeof *peer_of_address, n_addresses, n);
        n_addresses = n;
    }
    peer_of_address[sender] = id;
}

guint32 ipmsg_peers_known(guint32 sender)
{
    return sender < n_addresses ? peer_of_address[sender] : 0;
}

const char *ipmsg_peers_name(guint32 id)
{
    const struct peer *p = peer_at(id);
    return p != NULL ? info_at(p->info)->name : NULL;
}

/* ---- the tree ------------------------------------------------------------- */

/* The item's whole label, kept for the capture, so that showing it again
 * costs one copy; NULL when it was (nearly) cut at the label's length,
 * where setting it again might not give the same. */
static const char *whole_label(proto_item *pi)
{
    const field_info *fi = PITEM_FINFO(pi);

    if (fi == NULL || fi->rep == NULL || strlen(fi->rep->representation) + 8 >= ITEM_LABEL_LENGTH)
        return NULL;
    return wmem_strdup(wmem_file_scope(), fi->rep->representation);
}

/* The peer's name item; in a shown tree with its nickname and group. */
static proto_item *add_name(tvbuff_t *tvb, proto_tree *tree, struct info *p, bool shown)
{
    proto_item *pi;

    if (!shown || p->nickname == NULL || *p->nickname == '\0')
        return proto_tree_add_string(tree, hf_peer, tvb, 0, 0, p->name);
    if (p->name_line != NULL)
        return proto_tree_add_string_format(tree, hf_peer, tvb, 0, 0, p->name, "%s", p->name_line);
    pi = proto_tree_add_string(tree, hf_peer, tvb, 0, 0, p->name);
    proto_item_append_text(pi, " (%s%s%s)", p->nickname, p->group && *p->group ? ", " : "",
                           p->group && *p->group ? p->group : "");
    p->name_line = whole_label(pi);
    return pi;
}

static proto_item *add_capabilities(tvbuff_t *tvb, proto_tree *sub, struct info *p, bool shown)
{
    proto_item *pi;
    char names[256];

    if (shown && p->capabilities_line == NULL)
        p->capabilities_line = wmem_map_lookup(capabilities_labels, GUINT_TO_POINTER(p->status));
    if (!shown || (p->capabilities_line != NULL && *p->capabilities_line == '\0'))
        return proto_tree_add_uint(sub, hf_peer_capabilities, tvb, 0, 0, p->status);
    if (p->capabilities_line != NULL)
        return proto_tree_add_uint_format(sub, hf_peer_capabilities, tvb, 0, 0, p->status, "%s",
                                          p->capabilities_line);
    pi = proto_tree_add_uint(sub, hf_peer_capabilities, tvb, 0, 0, p->status);
    if (ipmsg_format_options(IPMSG_FAM_ENTRY, p->status, names, sizeof names) > 0) {
        proto_item_append_text(pi, " (%s)", names);
        p->capabilities_line = whole_label(pi);
    } else {
        p->capabilities_line = "";   /* the default label */
    }
    if (p->capabilities_line != NULL)
        wmem_map_insert(capabilities_labels, GUINT_TO_POINTER(p->status), (void *)p->capabilities_line);
    return pi;
}

void ipmsg_peers_add_tree(tvbuff_t *tvb, proto_tree *tree, guint32 id)
{
    const struct peer *peer = peer_at(id);
    struct info *p;
    proto_item *pi;
    proto_tree *sub;

    static int *const fields[] = {&hf_peer, &hf_peer_learned_in, &hf_peer_user, &hf_peer_host,
                                  &hf_peer_nickname, &hf_peer_group, &hf_peer_dialect, &hf_peer_client,
                                  &hf_peer_capabilities};
    bool shown = ipmsg_tree_shown(tree), wanted = shown;

    if (tree == NULL || peer == NULL)
        return;
    for (size_t i = 0; i < array_length(fields) && !wanted; i++)
        wanted = proto_field_is_referenced(tree, *fields[i]);
    if (!wanted)
        return;   /* every packet has it: not built for a tree nobody looks at */
    p = info_at(peer->info);
    pi = add_name(tvb, tree, p, shown);
    proto_item_set_generated(pi);
    sub = proto_item_add_subtree(pi, ett_peer);
    proto_item_set_generated(proto_tree_add_uint(sub, hf_peer_learned_in, tvb, 0, 0, peer->frame));
    if (p->user)
        proto_item_set_generated(proto_tree_add_string(sub, hf_peer_user, tvb, 0, 0, p->user));
    if (p->host)
        proto_item_set_generated(proto_tree_add_string(sub, hf_peer_host, tvb, 0, 0, p->host));
    if (p->nickname)
        proto_item_set_generated(proto_tree_add_string(sub, hf_peer_nickname, tvb, 0, 0, p->nickname));
    if (p->group)
        proto_item_set_generated(proto_tree_add_string(sub, hf_peer_group, tvb, 0, 0, p->group));
    proto_item_set_generated(proto_tree_add_uint(sub, hf_peer_dialect, tvb, 0, 0, p->dialect));
    if (p->client)
        proto_item_set_generated(proto_tree_add_string(sub, hf_peer_client, tvb, 0, 0, p->client));
    proto_item_set_generated(add_capabilities(tvb, sub, p, shown));
}

static void peers_cleanup(void)
{
    ipmsg_pool_clear(&peers);
    ipmsg_pool_clear(&infos);
    ipmsg_pool_clear(&raws);
    ipmsg_index_clear(&raw_ids);
    g_free(raw_count);
    raw_count = NULL;
    n_raw_count = 0;
    g_free(peer_of_address);
    peer_of_address = NULL;
    n_addresses = 0;
}

static const value_string *dialect_names(void)
{
    struct ipmsg_value_table t = ipmsg_value_table_get(IPMSG_T_DIALECT);
    value_string *vs = g_new0(value_string, t.n + 1);

    for (size_t i = 0; i < t.n; i++) {
        vs[i].value = t.rows[i].value;
        vs[i].strptr = t.rows[i].name;
    }
    return vs;
}

void ipmsg_peers_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_peer,
          { "Sender (host table)", "ipmsg.peer", FT_STRING, BASE_NONE, NULL, 0,
            "user@host of the sender, from the last entry packet from its address; the other ipmsg.peer fields below",
            HFILL } },
        { &hf_peer_learned_in,
          { "Learned in", "ipmsg.peer.learned_in", FT_FRAMENUM, BASE_NONE, NULL, 0,
            "The entry packet (BR_ENTRY, ANSENTRY, BR_ABSENCE) the host table took this from", HFILL } },
        { &hf_peer_user,
          { "User name", "ipmsg.peer.user", FT_STRING, BASE_NONE, NULL, 0,
            "Sender's login name (the UTF-8 block's UN: when present)", HFILL } },
        { &hf_peer_host,
          { "Host name", "ipmsg.peer.host", FT_STRING, BASE_NONE, NULL, 0,
            "Sender's host name (the UTF-8 block's HN: when present)", HFILL } },
        { &hf_peer_nickname,
          { "Nickname", "ipmsg.peer.nickname", FT_STRING, BASE_NONE, NULL, 0,
            "Sender's nickname (the UTF-8 block's NN: when present)", HFILL } },
        { &hf_peer_group,
          { "Group", "ipmsg.peer.group", FT_STRING, BASE_NONE, NULL, 0,
            "Sender's group (the UTF-8 block's GN: when present)", HFILL } },
        { &hf_peer_dialect,
          { "Dialect", "ipmsg.peer.dialect", FT_UINT8, BASE_DEC, NULL, 0,
            "Client family of the sender's entry packet", HFILL } },
        { &hf_peer_client,
          { "Client", "ipmsg.peer.client", FT_STRING, BASE_NONE, NULL, 0,
            "Client and version: iptux release, FeiQ generation, or IP Messenger version and platform from VS:",
            HFILL } },
        { &hf_peer_capabilities,
          { "Capabilities", "ipmsg.peer.capabilities", FT_UINT32, BASE_HEX, NULL, 0,
            "Option bits of the sender's entry packet (entry family: FILEATTACH, ENCRYPT, CAPUTF8 ...)", HFILL } },
    };
    static gint *ett[] = { &ett_peer };

    for (size_t i = 0; i < array_length(hf); i++)
        if (hf[i].p_id == &hf_peer_dialect)
            hf[i].hfinfo.strings = VALS(dialect_names());
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    register_cleanup_routine(peers_cleanup);
    capabilities_labels = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}
