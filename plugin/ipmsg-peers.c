/* The host table: per IP address, what the last entry packet from it
 * (BR_ENTRY, ANSENTRY, BR_ABSENCE) said about its sender: names, client,
 * capabilities.  Learned on the first pass in frame order; every later packet
 * from that address shows it (ipmsg.peer.*). */
#include "ipmsg-peers.h"

#include <string.h>

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

static struct ipmsg_pool peers = IPMSG_POOL_INIT(struct ipmsg_peer, 6);
static guint32 *peer_of_address;   /* address id -> peer id */
static guint32 n_addresses;        /* of peer_of_address */
static wmem_map_t *capabilities_labels;   /* status -> its capabilities item text (see label_value) */

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

void ipmsg_peers_learn(packet_info *pinfo, guint32 sender, const struct ipmsg_dissected *d)
{
    const struct ipmsg_msg *msg = d->msg;
    struct ipmsg_peer p = {0};
    const struct ipmsg_peer *known = ipmsg_peers_get(ipmsg_peers_known(sender));
    guint32 id;

    if (sender == 0)
        return;   /* the address table is full */
    /* Built in the packet's pool: most entry packets repeat what the table
     * already has, and only a change is kept for the capture's lifetime. */
    p.frame = pinfo->num;
    p.user = ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_user, msg->user);
    p.host = ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_host, msg->host);
    p.nickname = ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_nickname, msg->nickname);
    p.group = ipmsg_tree_item_text(pinfo->pool, d, IPMSG_F_UTF8_GROUP);
    if (p.group == NULL || *p.group == '\0')
        p.group = ipmsg_tree_item_text(pinfo->pool, d, IPMSG_F_GROUP);
    p.client = client_of(pinfo->pool, d);
    p.dialect = (guint8)msg->dialect;
    p.status = msg->options;

    if (known != NULL && same_text(known->user, p.user) && same_text(known->host, p.host) &&
        same_text(known->nickname, p.nickname) && same_text(known->group, p.group) &&
        same_text(known->client, p.client) && known->dialect == p.dialect && known->status == p.status)
        return;   /* nothing new: keep the frame it was first learned in */
    id = ipmsg_pool_add(&peers);
    if (id == 0)
        return;
    p.user = kept(p.user);
    p.host = kept(p.host);
    p.nickname = kept(p.nickname);
    p.group = kept(p.group);
    p.client = kept(p.client);
    p.name = wmem_strdup_printf(wmem_file_scope(), "%s@%s", p.user ? p.user : "", p.host ? p.host : "");
    if (known != NULL && same_text(known->name, p.name) && same_text(known->nickname, p.nickname) &&
        same_text(known->group, p.group))
        p.name_label = known->name_label;   /* only the status or client changed */
    *(struct ipmsg_peer *)ipmsg_pool_at(&peers, id) = p;
    if (sender >= n_addresses) {
        /* ids are handed out 1, 2, ...: doubling reaches sender; 2^32 ids at most */
        guint32 n = MAX(n_addresses, 64u);
        while (n <= sender)
            n = n > G_MAXUINT32 / 2 ? G_MAXUINT32 : n * 2;
        peer_of_address = g_renew(guint32, peer_of_address, n);
        memset(peer_of_address + n_addresses, 0, (gsize)(n - n_addresses) * sizeof *peer_of_address);
        n_addresses = n;
    }
    peer_of_address[sender] = id;
}

guint32 ipmsg_peers_known(guint32 sender)
{
    return sender < n_addresses ? peer_of_address[sender] : 0;
}

struct ipmsg_peer *ipmsg_peers_get(guint32 id)
{
    return id != 0 && id < peers.next ? ipmsg_pool_at(&peers, id) : NULL;
}

/* The item's label after "Name: ", kept for the capture, so that the next
 * time it is shown costs one copy; NULL when it was (nearly) cut at the
 * label's length, where building it again would not give the same. */
static const char *label_value(proto_item *pi)
{
    const field_info *fi = PITEM_FINFO(pi);
    const char *label;
    size_t name_len, len;

    if (fi == NULL || fi->rep == NULL)
        return NULL;
    label = fi->rep->representation;
    name_len = strlen(fi->hfinfo->name);
    len = strlen(label);
    if (len + 8 >= ITEM_LABEL_LENGTH || len < name_len + 2 || strncmp(label, fi->hfinfo->name, name_len) != 0 ||
        strncmp(label + name_len, ": ", 2) != 0)
        return NULL;
    return wmem_strdup(wmem_file_scope(), label + name_len + 2);
}

/* The peer's name item; in a shown tree with its nickname and group. */
static proto_item *add_name(tvbuff_t *tvb, proto_tree *tree, struct ipmsg_peer *p, bool shown)
{
    proto_item *pi;

    if (!shown || p->nickname == NULL || *p->nickname == '\0')
        return proto_tree_add_string(tree, hf_peer, tvb, 0, 0, p->name);
    if (p->name_label != NULL)
        return proto_tree_add_string_format_value(tree, hf_peer, tvb, 0, 0, p->name, "%s", p->name_label);
    pi = proto_tree_add_string(tree, hf_peer, tvb, 0, 0, p->name);
    proto_item_append_text(pi, " (%s%s%s)", p->nickname, p->group && *p->group ? ", " : "",
                           p->group && *p->group ? p->group : "");
    p->name_label = label_value(pi);
    return pi;
}

static proto_item *add_capabilities(tvbuff_t *tvb, proto_tree *sub, struct ipmsg_peer *p, bool shown)
{
    proto_item *pi;
    char names[256];

    if (shown && p->capabilities_label == NULL)
        p->capabilities_label = wmem_map_lookup(capabilities_labels, GUINT_TO_POINTER(p->status));
    if (shown && p->capabilities_label != NULL)
        return proto_tree_add_uint_format_value(sub, hf_peer_capabilities, tvb, 0, 0, p->status, "%s",
                                                p->capabilities_label);
    pi = proto_tree_add_uint(sub, hf_peer_capabilities, tvb, 0, 0, p->status);
    if (shown && ipmsg_format_options(IPMSG_FAM_ENTRY, p->status, names, sizeof names) > 0) {
        proto_item_append_text(pi, " (%s)", names);
        p->capabilities_label = label_value(pi);
        if (p->capabilities_label != NULL)
            wmem_map_insert(capabilities_labels, GUINT_TO_POINTER(p->status), (void *)p->capabilities_label);
    }
    return pi;
}

void ipmsg_peers_add_tree(tvbuff_t *tvb, proto_tree *tree, guint32 id)
{
    struct ipmsg_peer *p = ipmsg_peers_get(id);
    proto_item *pi;
    proto_tree *sub;

    static int *const fields[] = {&hf_peer, &hf_peer_learned_in, &hf_peer_user, &hf_peer_host,
                                  &hf_peer_nickname, &hf_peer_group, &hf_peer_dialect, &hf_peer_client,
                                  &hf_peer_capabilities};
    bool shown = ipmsg_tree_shown(tree), wanted = shown;

    if (tree == NULL || p == NULL)
        return;
    for (size_t i = 0; i < array_length(fields) && !wanted; i++)
        wanted = proto_field_is_referenced(tree, *fields[i]);
    if (!wanted)
        return;   /* every packet has it: not built for a tree nobody looks at */
    pi = add_name(tvb, tree, p, shown);
    proto_item_set_generated(pi);
    sub = proto_item_add_subtree(pi, ett_peer);
    proto_item_set_generated(proto_tree_add_uint(sub, hf_peer_learned_in, tvb, 0, 0, p->frame));
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
