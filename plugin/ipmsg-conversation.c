/* Who answered what, retransmissions, and who is on the LAN.
 *
 * Every IPMsg header on UDP is a transmission of a "transaction": one
 * packet of one sender (address and port) to one destination.  A later
 * packet with the same sender, destination, packet number and command,
 * within the matching window, is a retransmission of it; the same packet to
 * another broadcast or multicast address is the same transaction sent twice
 * (iptux announces itself to every broadcast address with one number).
 *
 * A reply is linked to a transaction by the first of the core's reply rules
 * (ipmsg_reply_rules) that finds one:
 *   by number   RECVMSG, READMSG, DELMSG, ANSREADMSG, RELEASEFILES carry the
 *               request's packet number; the request is the latest packet
 *               with that number that the replier's peer sent to the replier
 *               (or to a broadcast address), from the port the reply goes to;
 *   by file     a TCP GETFILEDATA/GETDIRFILES carries the offer's number in
 *               hex; the offer is the latest SENDMSG with that number that
 *               the TCP server sent to the requesting address;
 *   by address  nothing names the request (SENDINFO, ANSENTRY, ANSLIST ...):
 *               it is the latest request of the matching command that the
 *               replier's peer sent to the replier or to a broadcast address,
 *               not older than the matching window, and not yet answered by
 *               this replier.
 * The host table keeps, per IP address, what the last entry packet from it
 * (BR_ENTRY, ANSENTRY, BR_ABSENCE) said; later packets from that address
 * show it.
 *
 * Everything is decided on the first pass, in frame order, and kept per
 * frame in file scope, so later passes, tshark -2 and the GUI show the same.
 * Only what needs the whole capture is added after the first pass: the
 * replies of a request (frame links that point forward), and the note on a
 * message that asked for a receipt and got none.
 */
#include "ipmsg-conversation.h"

#include <epan/expert.h>
#include <epan/proto_data.h>
#include <epan/to_str.h>

#include "packet-ipmsg.h"
#include "ipmsg-registration.h"

#define ENTRY_LEARNS(mode) ((mode) == 0x01 || (mode) == 0x03 || (mode) == 0x04)  /* BR_ENTRY ANSENTRY BR_ABSENCE */
#define MAX_OFFERED_FILES 256   /* attachments remembered per offer */
#define MAX_COPIES 4            /* copies of one request to other broadcast addresses */

static int hf_response_in = -1;
static int hf_response_to = -1;
static int hf_response_time = -1;
static int hf_retransmission = -1;
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
static expert_field ei_retransmission = EI_INIT;
static expert_field ei_unanswered = EI_INIT;
static expert_field ei_no_request = EI_INIT;

static guint match_window = 30;   /* seconds: preference ipmsg.match_window */
static bool address_request[256]; /* modes that are the request of a by-address rule */

/* ---- keys ------------------------------------------------------------------ */

/* Map keys are byte strings: addresses, ports and numbers in a row. */
#define KEY_MAX 96
struct key {
    guint len;
    guint8 bytes[KEY_MAX];
};

static void key_bytes(struct key *k, const void *p, guint n)
{
    n = MIN(n, KEY_MAX - k->len);
    if (n == 0)
        return;   /* an AT_NONE address has no data (NULL) */
    memcpy(k->bytes + k->len, p, n);
    k->len += n;
}

static void key_u64(struct key *k, guint64 v)
{
    key_bytes(k, &v, sizeof v);
}

static void key_address(struct key *k, const address *a)
{
    guint8 head[2] = {(guint8)a->type, (guint8)MIN(a->len, 32)};

    key_bytes(k, head, 2);
    key_bytes(k, a->data, head[1]);
}

static guint key_hash(gconstpointer p)
{
    const struct key *k = p;
    return wmem_strong_hash(k->bytes, k->len);
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    const struct key *x = a, *y = b;
    return x->len == y->len && memcmp(x->bytes, y->bytes, x->len) == 0;
}

static struct key *key_keep(const struct key *k)
{
    return wmem_memdup(wmem_file_scope(), k, offsetof(struct key, bytes) + k->len);
}

/* ---- state ----------------------------------------------------------------- */

struct reply {
    guint32 frame;
    guint32 request_frame;         /* the copy of the request it answers */
    const struct ipmsg_reply_rule *rule;
    address from;
    guint32 from_port;
};

struct transaction {
    struct transaction *older;     /* the previous one with this sender address and packet number */
    guint32 frame;                 /* first transmission */
    nstime_t last_time;            /* latest transmission */
    /* Copies to other broadcast addresses (iptux sends one to
     * 255.255.255.255 and one per subnet, and answers each copy it gets):
     * a host's n-th answer answers the n-th copy. */
    guint32 copy_frame[MAX_COPIES];
    nstime_t copy_time[MAX_COPIES];
    guint32 n_copies;
    guint32 transmissions;
    guint8 mode;
    guint8 dialect;
    guint32 options;
    guint64 packet_no;
    address src, dst;
    guint32 src_port, dst_port;
    bool group;                    /* sent to a broadcast or multicast address */
    bool ipdict;                   /* an IPDict datagram: its PKT, but no command (mode 0) */
    wmem_array_t *replies;         /* struct reply, in frame order; NULL until the first */
    struct ipmsg_offered_file *files;
    guint32 n_files;
};

struct peer {
    guint32 frame;                 /* the entry packet it was learned from */
    const char *user, *host, *nickname, *group, *client;
    const char *name;              /* user@host */
    guint8 dialect;
    guint32 status;
};

/* What a frame is, decided on the first pass. */
struct conv_frame {
    struct transaction *tx;        /* what this frame transmits */
    guint32 retransmission_of;     /* 0, or the first transmission this frame repeats */
    struct transaction *answers;   /* what this frame replies to */
    guint32 answers_frame;         /* its first transmission, or the copy to another broadcast address */
    const struct ipmsg_reply_rule *rule;
    nstime_t delta;                /* since answers_frame */
    const char *no_request;        /* a numbered reply whose request is not found: why */
    const struct peer *peer;       /* the sender as known before this frame */
};

static wmem_map_t *by_number;      /* sender address + packet number -> newest transaction */
static wmem_map_t *latest;         /* sender, mode, destination -> latest transaction */
static wmem_map_t *peers;          /* address -> struct peer */

/* ---- helpers ---------------------------------------------------------------- */

/* Broadcast or multicast: IPv4 224/4 and 255.255.255.255, IPv6 ff00::/8, an
 * Ethernet group address; without a link-layer address, x.y.z.255 (assuming
 * a /24, the common LAN). */
static bool to_group(const packet_info *pinfo)
{
    const address *dst = &pinfo->dst;
    const guint8 *a = dst->data;

    if (dst->type == AT_IPv4 && dst->len == 4 && a[0] >= 224)
        return true;
    if (dst->type == AT_IPv6 && dst->len == 16 && a[0] == 0xff)
        return true;
    if (pinfo->dl_dst.type == AT_ETHER && pinfo->dl_dst.len == 6)
        return (((const guint8 *)pinfo->dl_dst.data)[0] & 1) != 0;
    return dst->type == AT_IPv4 && dst->len == 4 && a[3] == 255;
}

/* Are two times at most the matching window apart (either way round: a
 * merged capture may go back in time)? */
static bool within_window(const nstime_t *now, const nstime_t *then)
{
    nstime_t delta;

    if (nstime_cmp(now, then) >= 0)
        nstime_delta(&delta, now, then);
    else
        nstime_delta(&delta, then, now);
    return delta.secs < (time_t)match_window || (delta.secs == (time_t)match_window && delta.nsecs == 0);
}

static const char *command_name(guint8 mode, guint8 dialect)
{
    const struct ipmsg_command_info *c = ipmsg_command_lookup(mode, (enum ipmsg_dialect)dialect);
    return c ? c->name : "?";
}

static struct key number_key(const address *sender, guint64 packet_no)
{
    struct key k = {0};

    key_address(&k, sender);
    key_u64(&k, packet_no);
    return k;
}

/* destination NULL: any broadcast or multicast address */
static struct key latest_key(const address *sender, guint32 sender_port, guint8 mode, const address *dst,
                             guint32 dst_port)
{
    struct key k = {0};
    static const address group = ADDRESS_INIT_NONE;

    key_address(&k, sender);
    key_u64(&k, sender_port);
    key_bytes(&k, &mode, 1);
    key_address(&k, dst ? dst : &group);
    key_u64(&k, dst ? dst_port : 0);
    return k;
}

/* ---- transactions and replies --------------------------------------------- */

static void remember_files(struct transaction *tx, const struct ipmsg_dissected *d)
{
    struct ipmsg_attachment a[MAX_OFFERED_FILES];
    size_t n = MIN(ipmsg_attachments(d->msg, a, MAX_OFFERED_FILES), MAX_OFFERED_FILES);

    if (n == 0)
        return;
    tx->files = wmem_alloc0_array(wmem_file_scope(), struct ipmsg_offered_file, n);
    for (size_t i = 0; i < n; i++) {
        struct ipmsg_offered_file *f = &tx->files[tx->n_files];

        if (!a[i].has_id)
            continue;
        f->offer_frame = tx->frame;
        f->packet_no = tx->packet_no;
        f->id = a[i].id;
        f->name = ipmsg_tree_span_text(wmem_file_scope(), d, a[i].name, IPMSG_K_TEXT, a[i].name_escaped);
        f->has_size = a[i].has_size;
        f->size = a[i].size;
        f->attr = a[i].attr;
        f->from_iptux = d->msg->dialect == IPMSG_DIALECT_IPTUX;
        tx->n_files++;
    }
}

static void transmission(struct conv_frame *cf, packet_info *pinfo, const struct ipmsg_dissected *d)
{
    const struct ipmsg_msg *msg = d->msg;
    struct key k = number_key(&pinfo->src, msg->packet_no);
    struct transaction *head = wmem_map_lookup(by_number, &k);
    bool group = to_group(pinfo);
    struct transaction *tx;

    for (tx = head; tx != NULL; tx = tx->older) {
        if (tx->mode != msg->mode || tx->ipdict != (msg->dialect == IPMSG_DIALECT_IPDICT) ||
            tx->src_port != pinfo->srcport || !within_window(&pinfo->abs_ts, &tx->last_time))
            continue;
        if (addresses_equal(&tx->dst, &pinfo->dst) && tx->dst_port == pinfo->destport) {
            cf->retransmission_of = tx->frame;
            break;
        }
        if (group && tx->group)
            break;   /* the same packet to another broadcast address */
    }
    if (tx != NULL) {
        if (cf->retransmission_of == 0 && tx->n_copies < MAX_COPIES) {
            tx->copy_frame[tx->n_copies] = pinfo->num;
            tx->copy_time[tx->n_copies++] = pinfo->abs_ts;
        }
        tx->last_time = pinfo->abs_ts;
        tx->transmissions++;
        cf->tx = tx;
        return;
    }

    tx = wmem_new0(wmem_file_scope(), struct transaction);
    tx->older = head;
    tx->frame = tx->copy_frame[0] = pinfo->num;
    tx->last_time = tx->copy_time[0] = pinfo->abs_ts;
    tx->n_copies = 1;
    tx->transmissions = 1;
    tx->mode = msg->mode;
    tx->dialect = (guint8)msg->dialect;
    tx->options = msg->options;
    tx->packet_no = msg->packet_no;
    copy_address_wmem(wmem_file_scope(), &tx->src, &pinfo->src);
    copy_address_wmem(wmem_file_scope(), &tx->dst, &pinfo->dst);
    tx->src_port = pinfo->srcport;
    tx->dst_port = pinfo->destport;
    tx->group = group;
    tx->ipdict = msg->dialect == IPMSG_DIALECT_IPDICT;
    if (msg->n_files > 0)
        remember_files(tx, d);
    cf->tx = tx;
    wmem_map_insert(by_number, key_keep(&k), tx);
    if (address_request[msg->mode] && !tx->ipdict) {
        struct key lk = latest_key(&pinfo->src, pinfo->srcport, msg->mode, group ? NULL : &pinfo->dst,
                                   pinfo->destport);
        wmem_map_insert(latest, key_keep(&lk), tx);
    }
}

/* How many of the request's copies this host answered already. */
static guint32 answers_from(const struct transaction *tx, const struct ipmsg_reply_rule *rule, const packet_info *pinfo)
{
    guint n = tx->replies ? wmem_array_get_count(tx->replies) : 0;
    guint32 count = 0;

    for (guint i = 0; i < n; i++) {
        const struct reply *r = wmem_array_index(tx->replies, i);
        if (r->rule == rule && addresses_equal(&r->from, &pinfo->src) && r->from_port == pinfo->srcport)
            count++;
    }
    return count;
}

/* A request named by number: the newest packet with that number from the
 * replier's peer that fits; *why says what came closest when none does. */
static struct transaction *find_numbered(const struct ipmsg_reply_rule *rule, packet_info *pinfo, guint64 number,
                                         bool tcp, const char **why)
{
    struct key k = number_key(&pinfo->dst, number);
    struct transaction *tx = wmem_map_lookup(by_number, &k);
    const struct transaction *other_mode = NULL, *other_host = NULL;
    const char *peer = address_to_str(pinfo->pool, &pinfo->dst);

    for (; tx != NULL; tx = tx->older) {
        if (tx->mode != rule->request_mode) {
            other_mode = other_mode ? other_mode : tx;
            continue;
        }
        bool to_replier = tcp ? addresses_equal(&tx->dst, &pinfo->src)
                              : addresses_equal(&tx->dst, &pinfo->src) && tx->dst_port == pinfo->srcport;
        if ((!to_replier && !tx->group) || (!tcp && tx->src_port != pinfo->destport)) {
            other_host = other_host ? other_host : tx;
            continue;
        }
        return tx;
    }
    if (other_host)
        *why = wmem_strdup_printf(wmem_file_scope(),
                                  "packet #%" G_GUINT64_FORMAT " from %s (frame %u) went to %s:%u, not to this host",
                                  number, peer, other_host->frame, address_to_str(pinfo->pool, &other_host->dst),
                                  other_host->dst_port);
    else if (other_mode && other_mode->ipdict)
        *why = wmem_strdup_printf(wmem_file_scope(), "packet #%" G_GUINT64_FORMAT " from %s (frame %u) is an IPDict "
                                  "datagram, whose command is not decoded", number, peer, other_mode->frame);
    else if (other_mode)
        *why = wmem_strdup_printf(wmem_file_scope(),
                                  "packet #%" G_GUINT64_FORMAT " from %s (frame %u) is a %s, not a %s",
                                  number, peer, other_mode->frame, command_name(other_mode->mode, other_mode->dialect),
                                  command_name(rule->request_mode, other_mode->dialect));
    else if (tcp)
        *why = wmem_strdup_printf(wmem_file_scope(),
                                  "no %s #%" G_GUINT64_FORMAT " (0x%" G_GINT64_MODIFIER "x) from %s to this host in the capture",
                                  command_name(rule->request_mode, IPMSG_DIALECT_OFFICIAL), number, number, peer);
    else
        *why = wmem_strdup_printf(wmem_file_scope(), "no %s #%" G_GUINT64_FORMAT " from %s in the capture",
                                  command_name(rule->request_mode, IPMSG_DIALECT_OFFICIAL), number, peer);
    return NULL;
}

/* A request that nothing names: the latest one between the two hosts. */
static struct transaction *find_by_address(const struct ipmsg_reply_rule *rule, packet_info *pinfo)
{
    struct key direct = latest_key(&pinfo->dst, pinfo->destport, rule->request_mode, &pinfo->src, pinfo->srcport);
    struct key group = latest_key(&pinfo->dst, pinfo->destport, rule->request_mode, NULL, 0);
    struct transaction *candidates[2] = {wmem_map_lookup(latest, &direct), wmem_map_lookup(latest, &group)};
    struct transaction *best = NULL;

    for (int i = 0; i < 2; i++) {
        struct transaction *tx = candidates[i];
        if (tx == NULL || !within_window(&pinfo->abs_ts, &tx->last_time) ||
            answers_from(tx, rule, pinfo) >= tx->n_copies)
            continue;
        if (best == NULL || tx->frame > best->frame)
            best = tx;
    }
    return best;
}

/* A numbered reply answers the first rule's request it finds; a reply that
 * names nothing answers the newest request of any rule it fits (an
 * OKGETLIST answers a BR_ISGETLIST or a BR_ISGETLIST2, whichever came last). */
static void match_reply(struct conv_frame *cf, packet_info *pinfo, const struct ipmsg_msg *msg)
{
    const char *why = NULL;
    struct transaction *best = NULL;
    const struct ipmsg_reply_rule *best_rule = NULL;

    for (size_t i = 0; i < ipmsg_n_reply_rules; i++) {
        const struct ipmsg_reply_rule *rule = &ipmsg_reply_rules[i];
        struct transaction *tx = NULL;

        if (!ipmsg_reply_fits(rule, msg->mode, msg->options))
            continue;
        if (rule->key == IPMSG_REPLY_BY_ADDRESS) {
            tx = find_by_address(rule, pinfo);
            if (tx != NULL && (best == NULL || tx->frame > best->frame)) {
                best = tx;
                best_rule = rule;
            }
            continue;
        }
        if (msg->has_ref_packet_no)
            tx = find_numbered(rule, pinfo, msg->ref_packet_no, rule->key == IPMSG_REPLY_BY_FILE_REQ, &why);
        if (tx != NULL) {
            best = tx;
            best_rule = rule;
            break;
        }
    }
    if (best == NULL) {
        cf->no_request = why;
        return;
    }
    guint32 copy = MIN(answers_from(best, best_rule, pinfo), best->n_copies - 1);
    struct reply r = {.frame = pinfo->num, .request_frame = best->copy_frame[copy], .rule = best_rule,
                      .from_port = pinfo->srcport};
    copy_address_wmem(wmem_file_scope(), &r.from, &pinfo->src);
    if (best->replies == NULL)
        best->replies = wmem_array_new(wmem_file_scope(), sizeof(struct reply));
    wmem_array_append_one(best->replies, r);
    cf->answers = best;
    cf->answers_frame = best->copy_frame[copy];
    cf->rule = best_rule;
    nstime_delta(&cf->delta, &pinfo->abs_ts, &best->copy_time[copy]);
}

/* ---- the host table ---------------------------------------------------------- */

static const char *item_text(const struct ipmsg_dissected *d, enum ipmsg_field field)
{
    const struct ipmsg_item *it = ipmsg_find_item(d->msg, field);

    if (it == NULL)
        return NULL;
    return ipmsg_tree_span_text(wmem_file_scope(), d, (struct ipmsg_span){it->off, it->len},
                                ipmsg_field_infos[field].kind, (it->flags & IPMSG_ITEM_ESCAPED) != 0);
}

static guint64 item_value(const struct ipmsg_dissected *d, enum ipmsg_field field, guint64 otherwise)
{
    const struct ipmsg_item *it = ipmsg_find_item(d->msg, field);
    return it ? it->value : otherwise;
}

/* "iptux 0.8.3", "FeiQ (lbt6)", "IP Messenger 5.6 (Windows (64-bit))" */
static const char *client_of(const struct ipmsg_dissected *d)
{
    const struct ipmsg_msg *msg = d->msg;
    const char *name = ipmsg_dialect_name(msg->dialect);
    const char *detail;

    switch (msg->dialect) {
    case IPMSG_DIALECT_IPTUX:
        detail = item_text(d, IPMSG_F_IPTUX_VERSION);
        return detail ? wmem_strdup_printf(wmem_file_scope(), "%s %s", name, detail) : name;
    case IPMSG_DIALECT_FEIQ:
        if (ipmsg_find_item(msg, IPMSG_F_FEIQ_GENERATION))
            return wmem_strdup_printf(wmem_file_scope(), "%s (lbt%" G_GUINT64_FORMAT ")", name,
                                      item_value(d, IPMSG_F_FEIQ_GENERATION, 0));
        return name;
    case IPMSG_DIALECT_OTHER:
        detail = item_text(d, IPMSG_F_VENDOR);
        return detail ? wmem_strdup_printf(wmem_file_scope(), "%s (%s)", name, detail) : name;
    default:
        if (ipmsg_find_item(msg, IPMSG_F_VS_MINOR)) {
            const char *platform = ipmsg_value_name(IPMSG_T_PLATFORM,
                                                    (uint32_t)item_value(d, IPMSG_F_VS_PLATFORM, 0));
            return wmem_strdup_printf(wmem_file_scope(), "%s %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT "%s%s%s", name,
                                      item_value(d, IPMSG_F_VS_MAJOR, 0), item_value(d, IPMSG_F_VS_MINOR, 0),
                                      platform ? " (" : "", platform ? platform : "", platform ? ")" : "");
        }
        return name;
    }
}

static bool same_text(const char *a, const char *b)
{
    return g_strcmp0(a, b) == 0;
}

static void learn(packet_info *pinfo, const struct ipmsg_dissected *d)
{
    const struct ipmsg_msg *msg = d->msg;
    struct peer p = {0};
    struct key k = {0};
    const struct peer *known;

    p.frame = pinfo->num;
    p.user = ipmsg_tree_name_text(wmem_file_scope(), d, msg->utf8_user, msg->user);
    p.host = ipmsg_tree_name_text(wmem_file_scope(), d, msg->utf8_host, msg->host);
    p.nickname = ipmsg_tree_name_text(wmem_file_scope(), d, msg->utf8_nickname, msg->nickname);
    p.group = item_text(d, IPMSG_F_UTF8_GROUP);
    if (p.group == NULL || *p.group == '\0')
        p.group = item_text(d, IPMSG_F_GROUP);
    p.client = client_of(d);
    p.dialect = (guint8)msg->dialect;
    p.status = msg->options;

    key_address(&k, &pinfo->src);
    known = wmem_map_lookup(peers, &k);
    if (known != NULL && same_text(known->user, p.user) && same_text(known->host, p.host) &&
        same_text(known->nickname, p.nickname) && same_text(known->group, p.group) &&
        same_text(known->client, p.client) && known->dialect == p.dialect && known->status == p.status)
        return;   /* nothing new: keep the frame it was first learned in */
    p.name = wmem_strdup_printf(wmem_file_scope(), "%s@%s", p.user ? p.user : "", p.host ? p.host : "");
    wmem_map_insert(peers, key_keep(&k), wmem_memdup(wmem_file_scope(), &p, sizeof p));
}

static const struct peer *known_peer(const packet_info *pinfo)
{
    struct key k = {0};

    key_address(&k, &pinfo->src);
    return wmem_map_lookup(peers, &k);
}

/* ---- per frame ------------------------------------------------------------- */

static struct conv_frame *frame_state(packet_info *pinfo, const struct ipmsg_dissected *d)
{
    struct conv_frame *cf = p_get_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_CONVERSATION);
    const struct ipmsg_msg *msg = d ? d->msg : NULL;

    if (cf != NULL)
        return cf;
    if (PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt)
        return NULL;   /* inside an ICMP error: a copy of another packet, not a packet of its own */

    cf = wmem_new0(wmem_file_scope(), struct conv_frame);
    cf->peer = known_peer(pinfo);
    if (msg != NULL && msg->header_ok && msg->packet_no_ok && msg->command_ok) {
        match_reply(cf, pinfo, msg);
        if (msg->transport == IPMSG_UDP)
            transmission(cf, pinfo, d);
        if (ENTRY_LEARNS(msg->mode) && msg->cmd != NULL && msg->cmd->body == IPMSG_BODY_ENTRY)
            learn(pinfo, d);
    } else if (msg != NULL && msg->dialect == IPMSG_DIALECT_IPDICT && msg->packet_no_ok &&
               msg->transport == IPMSG_UDP) {
        transmission(cf, pinfo, d);   /* so that a receipt for it can say what it found */
    }
    p_add_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_CONVERSATION, cf);
    return cf;
}

static void add_peer(tvbuff_t *tvb, proto_tree *tree, const struct peer *p)
{
    proto_item *pi;
    proto_tree *sub;
    char names[256];

    if (tree == NULL || p == NULL)
        return;
    pi = proto_tree_add_string(tree, hf_peer, tvb, 0, 0, p->name);
    proto_item_set_generated(pi);
    if (p->nickname && *p->nickname)
        proto_item_append_text(pi, " (%s%s%s)", p->nickname, p->group && *p->group ? ", " : "",
                               p->group && *p->group ? p->group : "");
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
    pi = proto_tree_add_uint(sub, hf_peer_capabilities, tvb, 0, 0, p->status);
    proto_item_set_generated(pi);
    if (ipmsg_format_options(IPMSG_FAM_ENTRY, p->status, names, sizeof names) > 0)
        proto_item_append_text(pi, " (%s)", names);
}

/* The first rule by which the transaction expected a reply it did not get. */
static const struct ipmsg_reply_rule *missing_reply(const struct transaction *tx)
{
    for (size_t i = 0; i < ipmsg_n_reply_rules; i++) {
        const struct ipmsg_reply_rule *rule = &ipmsg_reply_rules[i];
        guint n = tx->replies ? wmem_array_get_count(tx->replies) : 0;
        bool got = false;

        if (rule->request_mode != tx->mode || !ipmsg_reply_expected(rule, tx->options))
            continue;
        for (guint r = 0; r < n && !got; r++)
            got = ((const struct reply *)wmem_array_index(tx->replies, r))->rule == rule;
        if (!got)
            return rule;
    }
    return NULL;
}

static void add_links(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const struct conv_frame *cf)
{
    proto_item *pi;

    if (cf->answers != NULL) {
        pi = proto_tree_add_uint(tree, hf_response_to, tvb, 0, 0, cf->answers_frame);
        proto_item_set_generated(pi);
        proto_item_append_text(pi, " (%s #%" G_GUINT64_FORMAT ", %s)",
                               command_name(cf->answers->mode, cf->answers->dialect), cf->answers->packet_no,
                               cf->rule->description);
        pi = proto_tree_add_time(tree, hf_response_time, tvb, 0, 0, &cf->delta);
        proto_item_set_generated(pi);
    } else if (cf->no_request != NULL) {
        proto_tree_add_expert_format(tree, pinfo, &ei_no_request, tvb, 0, 0, "No request found for this reply: %s",
                                     cf->no_request);
    }

    if (cf->tx != NULL) {
        guint n = cf->tx->replies ? wmem_array_get_count(cf->tx->replies) : 0;

        for (guint i = 0; i < n; i++) {
            const struct reply *r = wmem_array_index(cf->tx->replies, i);
            if (r->request_frame != pinfo->num && !(r->request_frame == cf->tx->frame && cf->retransmission_of))
                continue;   /* it answers another copy */
            pi = proto_tree_add_uint(tree, hf_response_in, tvb, 0, 0, r->frame);
            proto_item_set_generated(pi);
            proto_item_append_text(pi, " (%s)", r->rule->description);
        }
        if (cf->retransmission_of != 0) {
            pi = proto_tree_add_uint(tree, hf_retransmission, tvb, 0, 0, cf->retransmission_of);
            proto_item_set_generated(pi);
            proto_tree_add_expert_format(tree, pinfo, &ei_retransmission, tvb, 0, 0,
                                         "Retransmission of frame %u "
                                         "(same sender, destination, packet number and command)",
                                         cf->retransmission_of);
        }
        /* Whether a reply ever came is known only once the whole capture was read. */
        if (PINFO_FD_VISITED(pinfo) && cf->tx->frame == pinfo->num) {
            const struct ipmsg_reply_rule *rule = missing_reply(cf->tx);
            const char *times = cf->tx->transmissions > 1
                                    ? wmem_strdup_printf(pinfo->pool, " (sent %u times)", cf->tx->transmissions)
                                    : "";
            if (rule != NULL)
                proto_tree_add_expert_format(tree, pinfo, &ei_unanswered, tvb, 0, 0,
                                             "No %s (%s) for this %s in the capture%s",
                                             command_name(rule->reply_mode, cf->tx->dialect), rule->description,
                                             command_name(cf->tx->mode, cf->tx->dialect), times);
        }
    }
    if (cf->retransmission_of != 0)
        col_prepend_fstr(pinfo->cinfo, COL_INFO, "[Retransmission] ");
}

void ipmsg_conversation_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const struct ipmsg_dissected *d)
{
    const struct conv_frame *cf = frame_state(pinfo, d);

    if (cf == NULL)
        return;
    add_links(tvb, pinfo, tree, cf);
    add_peer(tvb, tree, cf->peer);
}

void ipmsg_conversation_sender(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const struct conv_frame *cf = frame_state(pinfo, NULL);

    if (cf != NULL)
        add_peer(tvb, tree, cf->peer);
}

const struct ipmsg_offered_file *ipmsg_conversation_offered_file(packet_info *pinfo, guint32 file_id)
{
    const struct conv_frame *cf = p_get_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_CONVERSATION);

    if (cf == NULL || cf->answers == NULL || cf->rule->key != IPMSG_REPLY_BY_FILE_REQ)
        return NULL;
    for (guint32 i = 0; i < cf->answers->n_files; i++)
        if (cf->answers->files[i].id == file_id)
            return &cf->answers->files[i];
    return NULL;
}

const char *ipmsg_conversation_sender_name(packet_info *pinfo)
{
    const struct conv_frame *cf = p_get_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_CONVERSATION);

    return cf != NULL && cf->peer != NULL ? cf->peer->name : NULL;
}

/* ---- registration -------------------------------------------------------------- */

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

void ipmsg_conversation_register(int proto, module_t *prefs_module)
{
    static hf_register_info hf[] = {
        { &hf_response_in,
          { "Response in", "ipmsg.response_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0,
            "A frame that answers this packet (one per answer: every host answers a broadcast entry)", HFILL } },
        { &hf_response_to,
          { "Response to", "ipmsg.response_to", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0,
            "The first transmission of the packet this one answers", HFILL } },
        { &hf_response_time,
          { "Response time", "ipmsg.response_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
            "Time from the first transmission of the request to this answer", HFILL } },
        { &hf_retransmission,
          { "Retransmission of", "ipmsg.retransmission", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV), 0,
            "The first transmission of this packet: same sender, destination, packet number and command", HFILL } },
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
    static ei_register_info ei[] = {
        { &ei_retransmission,
          { "ipmsg.match.retransmission", PI_SEQUENCE, PI_NOTE,
            "Retransmission: same sender, destination, packet number and command as an earlier packet", EXPFILL } },
        { &ei_unanswered,
          { "ipmsg.match.unanswered", PI_SEQUENCE, PI_NOTE,
            "No reply in the capture to a packet that asks for one (shown after the first pass: tshark -2, the GUI)",
            EXPFILL } },
        { &ei_no_request,
          { "ipmsg.match.no_request", PI_SEQUENCE, PI_NOTE,
            "Reply that names a packet number, but no such request is in the capture", EXPFILL } },
    };

    for (size_t i = 0; i < array_length(hf); i++)
        if (hf[i].p_id == &hf_peer_dialect)
            hf[i].hfinfo.strings = VALS(dialect_names());
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));

    prefs_register_uint_preference(prefs_module, "match_window", "Request/reply matching window (seconds)",
        "How long after a request (BR_ENTRY, GETINFO, GETLIST ...) an answer that does not name it may still be "
        "linked to it, and how far apart two packets with the same packet number may be to count as a "
        "retransmission.",
        10, &match_window);

    for (size_t i = 0; i < ipmsg_n_reply_rules; i++)
        if (ipmsg_reply_rules[i].key == IPMSG_REPLY_BY_ADDRESS)
            address_request[ipmsg_reply_rules[i].request_mode] = true;

    by_number = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), key_hash, key_equal);
    latest = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), key_hash, key_equal);
    peers = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), key_hash, key_equal);
}
