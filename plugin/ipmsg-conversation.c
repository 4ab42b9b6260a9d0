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
 * Entry packets (BR_ENTRY, ANSENTRY, BR_ABSENCE) also go to the host table
 * (ipmsg-peers.c), which every later packet from that address shows.
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
#include "ipmsg-key.h"
#include "ipmsg-peers.h"
#include "ipmsg-registration.h"

#define ENTRY_LEARNS(mode) ((mode) == 0x01 || (mode) == 0x03 || (mode) == 0x04)  /* BR_ENTRY ANSENTRY BR_ABSENCE */
#define MAX_OFFERED_FILES 256   /* attachments remembered per offer */
#define MAX_COPIES 4            /* copies of one request to other broadcast addresses */

static int hf_response_in = -1;
static int hf_response_to = -1;
static int hf_response_time = -1;
static int hf_retransmission = -1;
static expert_field ei_retransmission = EI_INIT;
static expert_field ei_unanswered = EI_INIT;
static expert_field ei_no_request = EI_INIT;

static guint match_window = 30;   /* seconds: preference ipmsg.match_window */
static bool address_request[256]; /* modes that are the request of a by-address rule */

/* ---- state ----------------------------------------------------------------- */

struct reply {
    struct reply *next;            /* the next reply, in frame order */
    guint32 frame;
    guint32 request_frame;         /* the copy of the request it answers */
    const struct ipmsg_reply_rule *rule;
    struct ipmsg_addr from;
    guint32 from_port;
};

struct copy {
    guint32 frame;
    nstime_t sent;
};

/* One per packet number and sender: the conversation keeps one for nearly
 * every packet of a capture, so the members are ordered to leave no padding. */
struct transaction {
    struct transaction *older;     /* the previous one with this sender address and packet number */
    /* Copies to other broadcast addresses (iptux sends one to
     * 255.255.255.255 and one per subnet, and answers each copy it gets):
     * a host's n-th answer answers the n-th copy. */
    struct copy *copies;           /* copies 1.. (NULL until there is one) */
    struct reply *replies, *last_reply;   /* in frame order; NULL until the first */
    struct ipmsg_offered_file *files;
    nstime_t first_time, last_time; /* first and latest transmission */
    guint64 packet_no;
    guint32 frame;                 /* first transmission */
    guint32 n_copies;              /* with the first transmission */
    guint32 transmissions;
    guint32 options;
    guint32 src_port, dst_port;
    guint32 n_files;
    struct ipmsg_addr dst;         /* the sender is in the by_number key */
    guint8 mode;
    guint8 dialect;
    bool group;                    /* sent to a broadcast or multicast address */
    bool ipdict;                   /* an IPDict datagram: its PKT, but no command (mode 0) */
};

/* What a frame is, decided on the first pass. */
struct conv_frame {
    struct transaction *tx;        /* what this frame transmits */
    struct transaction *answers;   /* what this frame replies to */
    const struct ipmsg_reply_rule *rule;
    const char *no_request;        /* a numbered reply whose request is not found: why */
    const struct ipmsg_peer *peer; /* the sender as known before this frame */
    nstime_t delta;                /* since answers_frame */
    guint32 retransmission_of;     /* 0, or the first transmission this frame repeats */
    guint32 answers_frame;         /* its first transmission, or the copy to another broadcast address */
};

static wmem_map_t *by_number;      /* sender address + packet number -> newest transaction */
static wmem_map_t *latest;         /* sender, mode, destination -> latest transaction */

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

static struct ipmsg_key number_key(const address *sender, guint64 packet_no)
{
    struct ipmsg_key k = {0};

    ipmsg_key_address(&k, sender);
    ipmsg_key_u64(&k, packet_no);
    return k;
}

/* destination NULL: any broadcast or multicast address */
static struct ipmsg_key latest_key(const address *sender, guint32 sender_port, guint8 mode, const address *dst,
                             guint32 dst_port)
{
    struct ipmsg_key k = {0};
    static const address group = ADDRESS_INIT_NONE;

    ipmsg_key_address(&k, sender);
    ipmsg_key_u64(&k, sender_port);
    ipmsg_key_bytes(&k, &mode, 1);
    ipmsg_key_address(&k, dst ? dst : &group);
    ipmsg_key_u64(&k, dst ? dst_port : 0);
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
    struct ipmsg_key k = number_key(&pinfo->src, msg->packet_no);
    const void *kept_key = NULL;   /* the map's copy of k, when it has one */
    void *found = NULL;
    wmem_map_lookup_extended(by_number, &k, &kept_key, &found);
    struct transaction *head = found;
    bool group = to_group(pinfo);
    struct transaction *tx;

    for (tx = head; tx != NULL; tx = tx->older) {
        if (tx->mode != msg->mode || tx->ipdict != (msg->dialect == IPMSG_DIALECT_IPDICT) ||
            tx->src_port != pinfo->srcport || !within_window(&pinfo->abs_ts, &tx->last_time))
            continue;
        if (ipmsg_addr_equal(&tx->dst, &pinfo->dst) && tx->dst_port == pinfo->destport) {
            cf->retransmission_of = tx->frame;
            break;
        }
        if (group && tx->group)
            break;   /* the same packet to another broadcast address */
    }
    if (tx != NULL) {
        if (cf->retransmission_of == 0 && tx->n_copies < MAX_COPIES) {
            if (tx->copies == NULL)
                tx->copies = wmem_alloc_array(wmem_file_scope(), struct copy, MAX_COPIES - 1);
            tx->copies[tx->n_copies - 1] = (struct copy){pinfo->num, pinfo->abs_ts};
            tx->n_copies++;
        }
        tx->last_time = pinfo->abs_ts;
        tx->transmissions++;
        cf->tx = tx;
        return;
    }

    tx = wmem_new0(wmem_file_scope(), struct transaction);
    tx->older = head;
    tx->frame = pinfo->num;
    tx->first_time = tx->last_time = pinfo->abs_ts;
    tx->n_copies = 1;
    tx->transmissions = 1;
    tx->mode = msg->mode;
    tx->dialect = (guint8)msg->dialect;
    tx->options = msg->options;
    tx->packet_no = msg->packet_no;
    ipmsg_addr_set(&tx->dst, &pinfo->dst);
    tx->src_port = pinfo->srcport;
    tx->dst_port = pinfo->destport;
    tx->group = group;
    tx->ipdict = msg->dialect == IPMSG_DIALECT_IPDICT;
    if (msg->n_files > 0)
        remember_files(tx, d);
    else if (d->decrypted != NULL && d->decrypted->msg->n_files > 0)
        remember_files(tx, d->decrypted);   /* ENCEXTMSGOPT: the list was in the ciphertext */
    cf->tx = tx;
    wmem_map_insert(by_number, kept_key != NULL ? kept_key : ipmsg_key_keep(&k), tx);
    if (address_request[msg->mode] && !tx->ipdict) {
        struct ipmsg_key lk = latest_key(&pinfo->src, pinfo->srcport, msg->mode, group ? NULL : &pinfo->dst,
                                   pinfo->destport);
        ipmsg_key_map_set(latest, &lk, tx);
    }
}

/* How many of the request's copies this host answered already. */
static guint32 answers_from(const struct transaction *tx, const struct ipmsg_reply_rule *rule, const packet_info *pinfo)
{
    guint32 count = 0;

    for (const struct reply *r = tx->replies; r != NULL; r = r->next) {
        if (r->rule == rule && ipmsg_addr_equal(&r->from, &pinfo->src) && r->from_port == pinfo->srcport)
            count++;
    }
    return count;
}

/* A request named by number: the newest packet with that number from the
 * replier's peer that fits; *why says what came closest when none does. */
static struct transaction *find_numbered(const struct ipmsg_reply_rule *rule, packet_info *pinfo, guint64 number,
                                         bool tcp, const char **why)
{
    struct ipmsg_key k = number_key(&pinfo->dst, number);
    struct transaction *tx = wmem_map_lookup(by_number, &k);
    const struct transaction *other_mode = NULL, *other_host = NULL;
    const char *peer = address_to_str(pinfo->pool, &pinfo->dst);

    for (; tx != NULL; tx = tx->older) {
        if (tx->mode != rule->request_mode) {
            other_mode = other_mode ? other_mode : tx;
            continue;
        }
        bool to_replier = tcp ? ipmsg_addr_equal(&tx->dst, &pinfo->src)
                              : ipmsg_addr_equal(&tx->dst, &pinfo->src) && tx->dst_port == pinfo->srcport;
        if ((!to_replier && !tx->group) || (!tcp && tx->src_port != pinfo->destport)) {
            other_host = other_host ? other_host : tx;
            continue;
        }
        return tx;
    }
    if (other_host)
        *why = wmem_strdup_printf(wmem_file_scope(),
                                  "packet #%" G_GUINT64_FORMAT " from %s (frame %u) went to %s:%u, not to this host",
                                  number, peer, other_host->frame, ipmsg_addr_to_str(pinfo->pool, &other_host->dst),
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
    struct ipmsg_key direct = latest_key(&pinfo->dst, pinfo->destport, rule->request_mode, &pinfo->src, pinfo->srcport);
    struct ipmsg_key group = latest_key(&pinfo->dst, pinfo->destport, rule->request_mode, NULL, 0);
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
    guint32 copy_frame = copy == 0 ? best->frame : best->copies[copy - 1].frame;
    const nstime_t *copy_time = copy == 0 ? &best->first_time : &best->copies[copy - 1].sent;
    struct reply r = {.frame = pinfo->num, .request_frame = copy_frame, .rule = best_rule,
                      .from_port = pinfo->srcport};
    ipmsg_addr_set(&r.from, &pinfo->src);
    struct reply *kept = wmem_memdup(wmem_file_scope(), &r, sizeof r);
    if (best->last_reply != NULL)
        best->last_reply->next = kept;
    else
        best->replies = kept;
    best->last_reply = kept;
    cf->answers = best;
    cf->answers_frame = copy_frame;
    cf->rule = best_rule;
    nstime_delta(&cf->delta, &pinfo->abs_ts, copy_time);
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
    cf->peer = ipmsg_peers_known(pinfo);
    if (msg != NULL && msg->header_ok && msg->packet_no_ok && msg->command_ok) {
        match_reply(cf, pinfo, msg);
        if (msg->transport == IPMSG_UDP)
            transmission(cf, pinfo, d);
        if (ENTRY_LEARNS(msg->mode) && msg->cmd != NULL && msg->cmd->body == IPMSG_BODY_ENTRY)
            ipmsg_peers_learn(pinfo, d);
    } else if (msg != NULL && msg->dialect == IPMSG_DIALECT_IPDICT && msg->packet_no_ok &&
               msg->transport == IPMSG_UDP) {
        transmission(cf, pinfo, d);   /* so that a receipt for it can say what it found */
    }
    p_add_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_CONVERSATION, cf);
    return cf;
}

/* The first rule by which the transaction expected a reply it did not get. */
static const struct ipmsg_reply_rule *missing_reply(const struct transaction *tx)
{
    for (size_t i = 0; i < ipmsg_n_reply_rules; i++) {
        const struct ipmsg_reply_rule *rule = &ipmsg_reply_rules[i];
        bool got = false;

        if (rule->request_mode != tx->mode || !ipmsg_reply_expected(rule, tx->options))
            continue;
        for (const struct reply *r = tx->replies; r != NULL && !got; r = r->next)
            got = r->rule == rule;
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
        for (const struct reply *r = cf->tx->replies; r != NULL; r = r->next) {
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
    ipmsg_peers_add_tree(tvb, tree, cf->peer);
}

void ipmsg_conversation_sender(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const struct conv_frame *cf = frame_state(pinfo, NULL);

    if (cf != NULL)
        ipmsg_peers_add_tree(tvb, tree, cf->peer);
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
    };
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

    proto_register_field_array(proto, hf, array_length(hf));
    ipmsg_peers_register(proto);
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));

    prefs_register_uint_preference(prefs_module, "match_window", "Request/reply matching window (seconds)",
        "How long after a request (BR_ENTRY, GETINFO, GETLIST ...) an answer that does not name it may still be "
        "linked to it, and how far apart two packets with the same packet number may be to count as a "
        "retransmission.",
        10, &match_window);

    for (size_t i = 0; i < ipmsg_n_reply_rules; i++)
        if (ipmsg_reply_rules[i].key == IPMSG_REPLY_BY_ADDRESS)
            address_request[ipmsg_reply_rules[i].request_mode] = true;

    by_number = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), ipmsg_key_hash, ipmsg_key_equal);
    latest = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), ipmsg_key_hash, ipmsg_key_equal);
}
