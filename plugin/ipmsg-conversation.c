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
 * frame until the capture is closed, so later passes, tshark -2 and the GUI
 * show the same.  Only what needs the whole capture is added after the
 * first pass: the replies of a request (frame links that point forward), and
 * the note on a message that asked for a receipt and got none.
 *
 * Nearly every packet is a transaction and a frame record, so both are kept
 * small: records in a frame store (ipmsg-framestore.h) and transactions in a
 * pool (ipmsg-pool.h), linked by 32-bit indexes and frame numbers, with
 * addresses as interned ids (ipmsg-key.h).  A transaction's replies are a
 * list through the reply frames' own records.  What few packets have (copies
 * to other broadcast addresses, offered files, why no request was found)
 * lives in side maps.  Two hash indexes find transactions: by sender and
 * packet number (the newest; older ones hang off it), and by sender, command
 * and destination (the latest, for the by-address rules).
 */
#include "ipmsg-conversation.h"

#include <string.h>

#include <epan/expert.h>
#include <epan/to_str.h>

#include "packet-ipmsg.h"
#include "ipmsg-framestore.h"
#include "ipmsg-index.h"
#include "ipmsg-key.h"
#include "ipmsg-label.h"
#include "ipmsg-peers.h"
#include "ipmsg-pool.h"
#include "ipmsg-registration.h"

#define ENTRY_LEARNS(mode) ((mode) == 0x01 || (mode) == 0x03 || (mode) == 0x04)  /* BR_ENTRY ANSENTRY BR_ABSENCE */
#define MAX_OFFERED_FILES 256   /* attachments remembered per offer */
#define MAX_COPIES 4            /* copies of one request to other broadcast addresses */
#define MAX_RULES 254           /* a frame keeps its rule in a byte */

static int hf_response_in = -1;
static int hf_response_to = -1;
static int hf_response_time = -1;
static int hf_retransmission = -1;
static expert_field ei_retransmission = EI_INIT;
static expert_field ei_unanswered = EI_INIT;
static expert_field ei_no_request = EI_INIT;

static guint match_window = 30;   /* seconds: preference ipmsg.match_window */
static bool address_request[256]; /* modes that are the request of a by-address rule */
/* The rules a packet of each mode may reply by, in table order: rule_order
 * [rules_start[mode] .. rules_start[mode + 1]). */
static guint8 rule_order[MAX_RULES];
static guint16 rules_start[257];

/* ---- state ----------------------------------------------------------------- */

/* One per packet number and sender: the conversation keeps one for nearly
 * every packet of a capture, so it holds indexes, not pointers, and leaves
 * no padding.  Times are nstime_t without its padding. */
struct transaction {
    gint64 first_secs, last_secs;  /* first and latest transmission */
    guint64 packet_no;
    guint32 older;                 /* the previous one with this sender and packet number (0: none) */
    guint32 first_reply, last_reply;   /* reply frames, in frame order, listed through their records */
    guint32 frame;                 /* first transmission */
    guint32 transmissions;
    guint32 options;
    guint32 sender, dst;           /* interned addresses */
    gint32 first_nsecs, last_nsecs;
    guint16 src_port, dst_port;
    guint8 mode;
    guint8 dialect;
    /* Copies to other broadcast addresses (iptux sends one to
     * 255.255.255.255 and one per subnet, and answers each copy it gets):
     * a host's n-th answer answers the n-th copy.  Copies 1.. are in
     * struct tx_more. */
    guint8 n_copies;               /* with the first transmission */
    guint8 flags;                  /* TX_* */
};
#define TX_GROUP  0x01             /* sent to a broadcast or multicast address */
#define TX_IPDICT 0x02             /* an IPDict datagram: its PKT, but no command (mode 0) */

struct copy {
    gint64 secs;
    guint32 frame;
    gint32 nsecs;
};

/* What few transactions have. */
struct tx_more {
    struct copy copies[MAX_COPIES - 1];
    struct ipmsg_offered_file *files;
    guint32 n_files;
};

/* What a frame is, decided on the first pass. */
struct frame_rec {
    guint32 tx;                    /* the transaction this frame transmits (0: none) */
    guint32 answers;               /* the transaction it replies to (0: none) */
    guint32 answers_frame;         /* its first transmission, or the copy to another broadcast address */
    guint32 peer;                  /* the sender as the host table knew it before this frame (0: unknown) */
    guint32 next_reply;            /* the next reply to the same transaction (0: none) */
    guint32 sender;                /* interned source address */
    guint16 sender_port;
    guint8 rule;                   /* 1 + the index of the reply rule it answers by */
    guint8 flags;                  /* REC_*, and the copy it answers from REC_COPY_SHIFT */
};
#define REC_RETRANSMISSION 0x01    /* repeats the first transmission of tx */
#define REC_NO_REQUEST     0x02    /* a numbered reply whose request is not found: why is in no_request */
#define REC_COPY_SHIFT     2       /* two bits: 0 .. MAX_COPIES - 1 */

static struct ipmsg_framestore frames = IPMSG_FRAMESTORE_INIT(struct frame_rec);
static struct ipmsg_pool transactions = IPMSG_POOL_INIT(struct transaction, 10);
static struct ipmsg_index by_number;   /* sender + packet number -> newest transaction */
static struct ipmsg_index latest;      /* sender, mode, destination -> latest transaction */
static wmem_map_t *more_of_tx;         /* transaction -> struct tx_more */
static wmem_map_t *no_request;         /* frame -> why no request was found */
static guint32 group_id;               /* the AT_NONE address: "any broadcast or multicast" in latest */

static struct transaction *tx_at(guint32 tx)
{
    return ipmsg_pool_at(&transactions, tx);
}

static struct frame_rec *rec_at(guint32 frame)
{
    return frame != 0 ? ipmsg_framestore_get(&frames, frame) : NULL;
}

static struct tx_more *more_of(guint32 tx, bool create)
{
    struct tx_more *more = wmem_map_lookup(more_of_tx, GUINT_TO_POINTER(tx));

    if (more == NULL && create) {
        more = wmem_new0(wmem_file_scope(), struct tx_more);
        wmem_map_insert(more_of_tx, GUINT_TO_POINTER(tx), more);
    }
    return more;
}

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
static bool within_window(const nstime_t *now, gint64 then_secs, gint32 then_nsecs)
{
    nstime_t then = {(time_t)then_secs, then_nsecs};
    nstime_t delta;

    if (nstime_cmp(now, &then) >= 0)
        nstime_delta(&delta, now, &then);
    else
        nstime_delta(&delta, &then, now);
    return delta.secs < (time_t)match_window || (delta.secs == (time_t)match_window && delta.nsecs == 0);
}

static const char *command_name(guint8 mode, guint8 dialect)
{
    const struct ipmsg_command_info *c = ipmsg_command_lookup(mode, (enum ipmsg_dialect)dialect);
    return c ? c->name : "?";
}

/* ---- the two indexes ----------------------------------------------------------- */

struct number_key {
    guint64 packet_no;
    guint32 sender;
};

static guint64 number_hash(guint32 sender, guint64 packet_no)
{
    return ipmsg_key_mix(ipmsg_key_mix(packet_no) + sender);
}

static bool number_matches(guint32 tx, const void *key)
{
    const struct transaction *t = tx_at(tx);
    const struct number_key *k = key;
    return t->packet_no == k->packet_no && t->sender == k->sender;
}

static guint64 number_hash_of(guint32 tx)
{
    return number_hash(tx_at(tx)->sender, tx_at(tx)->packet_no);
}

/* dst is group_id and dst_port 0 for any broadcast or multicast address */
struct latest_key {
    guint32 sender, dst;
    guint16 sender_port, dst_port;
    guint8 mode;
};

static guint64 latest_hash(const struct latest_key *k)
{
    return ipmsg_key_mix(ipmsg_key_mix((guint64)k->sender << 32 | k->dst) ^
                         ((guint64)k->sender_port << 24 | (guint64)k->dst_port << 8 | k->mode));
}

static struct latest_key latest_key_of(const struct transaction *t)
{
    bool group = (t->flags & TX_GROUP) != 0;
    return (struct latest_key){t->sender, group ? group_id : t->dst, t->src_port, group ? 0 : t->dst_port, t->mode};
}

static bool latest_matches(guint32 tx, const void *key)
{
    struct latest_key t = latest_key_of(tx_at(tx));
    const struct latest_key *k = key;
    return t.sender == k->sender && t.dst == k->dst && t.sender_port == k->sender_port &&
           t.dst_port == k->dst_port && t.mode == k->mode;
}

static guint64 latest_hash_of(guint32 tx)
{
    struct latest_key k = latest_key_of(tx_at(tx));
    return latest_hash(&k);
}

static guint32 latest_lookup(const struct latest_key *k)
{
    guint32 *slot = ipmsg_index_find(&latest, latest_hash(k), latest_matches, k);
    return slot != NULL ? *slot : 0;
}

/* ---- transactions and replies --------------------------------------------- */

static void remember_files(guint32 tx, const struct ipmsg_dissected *d)
{
    struct ipmsg_attachment a[MAX_OFFERED_FILES];
    size_t n = MIN(ipmsg_attachments(d->msg, a, MAX_OFFERED_FILES), MAX_OFFERED_FILES);
    const struct transaction *t = tx_at(tx);
    struct tx_more *more;

    if (n == 0)
        return;
    more = more_of(tx, true);
    more->files = wmem_alloc0_array(wmem_file_scope(), struct ipmsg_offered_file, n);
    for (size_t i = 0; i < n; i++) {
        struct ipmsg_offered_file *f = &more->files[more->n_files];

        if (!a[i].has_id)
            continue;
        f->offer_frame = t->frame;
        f->packet_no = t->packet_no;
        f->id = a[i].id;
        f->name = ipmsg_tree_span_text(wmem_file_scope(), d, a[i].name, IPMSG_K_TEXT, a[i].name_escaped);
        f->has_size = a[i].has_size;
        f->size = a[i].size;
        f->attr = a[i].attr;
        f->from_iptux = d->msg->dialect == IPMSG_DIALECT_IPTUX;
        more->n_files++;
    }
}

static void transmission(struct frame_rec *rec, packet_info *pinfo, const struct ipmsg_dissected *d, guint32 dst)
{
    const struct ipmsg_msg *msg = d->msg;
    struct number_key k = {msg->packet_no, rec->sender};
    guint32 *slot = ipmsg_index_find(&by_number, number_hash(k.sender, k.packet_no), number_matches, &k);
    guint32 head = slot != NULL ? *slot : 0;
    bool group = to_group(pinfo);
    bool ipdict = msg->dialect == IPMSG_DIALECT_IPDICT;
    struct transaction *t = NULL;
    guint32 tx;

    for (tx = head; tx != 0; tx = t->older) {
        t = tx_at(tx);
        if (t->mode != msg->mode || ((t->flags & TX_IPDICT) != 0) != ipdict || t->src_port != pinfo->srcport ||
            !within_window(&pinfo->abs_ts, t->last_secs, t->last_nsecs))
            continue;
        if (t->dst == dst && t->dst_port == pinfo->destport) {
            rec->flags |= REC_RETRANSMISSION;
            break;
        }
        if (group && (t->flags & TX_GROUP))
            break;   /* the same packet to another broadcast address */
    }
    if (tx != 0) {
        if (!(rec->flags & REC_RETRANSMISSION) && t->n_copies < MAX_COPIES) {
            more_of(tx, true)->copies[t->n_copies - 1] =
                (struct copy){pinfo->abs_ts.secs, pinfo->num, pinfo->abs_ts.nsecs};
            t->n_copies++;
        }
        t->last_secs = pinfo->abs_ts.secs;
        t->last_nsecs = pinfo->abs_ts.nsecs;
        t->transmissions++;
        rec->tx = tx;
        return;
    }

    tx = ipmsg_pool_add(&transactions);
    if (tx == 0)
        return;   /* no room for more: the packet stands alone */
    t = tx_at(tx);
    t->older = head;
    t->frame = pinfo->num;
    t->first_secs = t->last_secs = pinfo->abs_ts.secs;
    t->first_nsecs = t->last_nsecs = pinfo->abs_ts.nsecs;
    t->n_copies = 1;
    t->transmissions = 1;
    t->mode = msg->mode;
    t->dialect = (guint8)msg->dialect;
    t->options = msg->options;
    t->packet_no = msg->packet_no;
    t->sender = rec->sender;
    t->dst = dst;
    t->src_port = (guint16)pinfo->srcport;
    t->dst_port = (guint16)pinfo->destport;
    t->flags = (group ? TX_GROUP : 0) | (ipdict ? TX_IPDICT : 0);
    if (msg->n_files > 0)
        remember_files(tx, d);
    else if (d->decrypted != NULL && d->decrypted->msg->n_files > 0)
        remember_files(tx, d->decrypted);   /* ENCEXTMSGOPT: the list was in the ciphertext */
    rec->tx = tx;
    ipmsg_index_put(&by_number, slot, tx, number_hash_of);   /* the newest with that key: the others hang off it */
    if (address_request[msg->mode] && !ipdict) {
        struct latest_key lk = latest_key_of(t);

        ipmsg_index_put(&latest, ipmsg_index_find(&latest, latest_hash(&lk), latest_matches, &lk), tx,
                        latest_hash_of);
    }
}

/* How many of the request's copies this host answered already. */
static guint32 answers_from(const struct transaction *t, guint8 rule, guint32 sender, guint32 sender_port)
{
    guint32 count = 0;

    for (const struct frame_rec *r = rec_at(t->first_reply); r != NULL; r = rec_at(r->next_reply)) {
        if (r->rule == rule && r->sender == sender && r->sender_port == sender_port)
            count++;
    }
    return count;
}

/* A request named by number: the newest packet with that number from the
 * replier's peer that fits; *why says what came closest when none does. */
static guint32 find_numbered(const struct ipmsg_reply_rule *rule, packet_info *pinfo, const struct frame_rec *rec,
                             guint32 dst, guint64 number, bool tcp, const char **why)
{
    struct number_key k = {number, dst};
    guint32 *slot = ipmsg_index_find(&by_number, number_hash(dst, number), number_matches, &k);
    const struct transaction *other_mode = NULL, *other_host = NULL;
    const char *peer;

    for (guint32 tx = slot != NULL ? *slot : 0; tx != 0; tx = tx_at(tx)->older) {
        const struct transaction *t = tx_at(tx);
        if (t->mode != rule->request_mode) {
            other_mode = other_mode ? other_mode : t;
            continue;
        }
        bool to_replier = tcp ? t->dst == rec->sender : t->dst == rec->sender && t->dst_port == pinfo->srcport;
        if ((!to_replier && !(t->flags & TX_GROUP)) || (!tcp && t->src_port != pinfo->destport)) {
            other_host = other_host ? other_host : t;
            continue;
        }
        return tx;
    }
    peer = address_to_str(pinfo->pool, &pinfo->dst);
    if (other_host)
        *why = wmem_strdup_printf(wmem_file_scope(),
                                  "packet #%" G_GUINT64_FORMAT " from %s (frame %u) went to %s:%u, not to this host",
                                  number, peer, other_host->frame, ipmsg_addr_to_str(pinfo->pool, other_host->dst),
                                  other_host->dst_port);
    else if (other_mode && (other_mode->flags & TX_IPDICT))
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
    return 0;
}

/* A request that nothing names: the latest one between the two hosts. */
static guint32 find_by_address(guint8 rule_no, packet_info *pinfo, const struct frame_rec *rec, guint32 dst)
{
    const struct ipmsg_reply_rule *rule = &ipmsg_reply_rules[rule_no - 1];
    struct latest_key direct = {dst, rec->sender, (guint16)pinfo->destport, (guint16)pinfo->srcport,
                                rule->request_mode};
    struct latest_key group = {dst, group_id, (guint16)pinfo->destport, 0, rule->request_mode};
    guint32 candidates[2] = {latest_lookup(&direct), latest_lookup(&group)};
    guint32 best = 0;

    for (int i = 0; i < 2; i++) {
        const struct transaction *t = candidates[i] != 0 ? tx_at(candidates[i]) : NULL;
        if (t == NULL || !within_window(&pinfo->abs_ts, t->last_secs, t->last_nsecs) ||
            answers_from(t, rule_no, rec->sender, pinfo->srcport) >= t->n_copies)
            continue;
        if (best == 0 || t->frame > tx_at(best)->frame)
            best = candidates[i];
    }
    return best;
}

/* A numbered reply answers the first rule's request it finds; a reply that
 * names nothing answers the newest request of any rule it fits (an
 * OKGETLIST answers a BR_ISGETLIST or a BR_ISGETLIST2, whichever came last). */
static void match_reply(struct frame_rec *rec, packet_info *pinfo, const struct ipmsg_msg *msg, guint32 dst)
{
    const char *why = NULL;
    guint32 best = 0;
    guint8 best_rule = 0;
    struct transaction *t;

    for (guint i = rules_start[msg->mode]; i < rules_start[msg->mode + 1]; i++) {
        guint8 rule_no = (guint8)(rule_order[i] + 1);
        const struct ipmsg_reply_rule *rule = &ipmsg_reply_rules[rule_order[i]];
        guint32 tx = 0;

        if (!ipmsg_reply_fits(rule, msg->mode, msg->options))
            continue;
        if (rule->key == IPMSG_REPLY_BY_ADDRESS) {
            tx = find_by_address(rule_no, pinfo, rec, dst);
            if (tx != 0 && (best == 0 || tx_at(tx)->frame > tx_at(best)->frame)) {
                best = tx;
                best_rule = rule_no;
            }
            continue;
        }
        if (msg->has_ref_packet_no)
            tx = find_numbered(rule, pinfo, rec, dst, msg->ref_packet_no, rule->key == IPMSG_REPLY_BY_FILE_REQ, &why);
        if (tx != 0) {
            best = tx;
            best_rule = rule_no;
            break;
        }
    }
    if (best == 0) {
        if (why != NULL) {
            rec->flags |= REC_NO_REQUEST;
            wmem_map_insert(no_request, GUINT_TO_POINTER(pinfo->num), (void *)why);
        }
        return;
    }
    t = tx_at(best);
    guint32 copy = MIN(answers_from(t, best_rule, rec->sender, pinfo->srcport), t->n_copies - 1u);
    rec->answers = best;
    rec->answers_frame = copy == 0 ? t->frame : more_of(best, false)->copies[copy - 1].frame;
    rec->rule = best_rule;
    rec->flags |= (guint8)(copy << REC_COPY_SHIFT);
    if (t->last_reply != 0)
        rec_at(t->last_reply)->next_reply = pinfo->num;
    else
        t->first_reply = pinfo->num;
    t->last_reply = pinfo->num;
}

/* ---- per frame ------------------------------------------------------------- */

static struct frame_rec *frame_state(packet_info *pinfo, const struct ipmsg_dissected *d)
{
    struct frame_rec *rec = ipmsg_framestore_get(&frames, pinfo->num);
    const struct ipmsg_msg *msg = d ? d->msg : NULL;

    if (rec != NULL)
        return rec;
    if (PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt)
        return NULL;   /* inside an ICMP error: a copy of another packet, not a packet of its own */

    rec = ipmsg_framestore_add(&frames, pinfo->num);
    if (rec == NULL)
        return NULL;
    if (group_id == 0) {
        static const address none = ADDRESS_INIT_NONE;
        group_id = ipmsg_addr_id(&none);
    }
    rec->sender = ipmsg_addr_id(&pinfo->src);
    rec->sender_port = (guint16)pinfo->srcport;
    rec->peer = ipmsg_peers_known(rec->sender);
    if (msg != NULL && msg->header_ok && msg->packet_no_ok && msg->command_ok) {
        guint32 dst = ipmsg_addr_id(&pinfo->dst);
        match_reply(rec, pinfo, msg, dst);
        if (msg->transport == IPMSG_UDP)
            transmission(rec, pinfo, d, dst);
        if (ENTRY_LEARNS(msg->mode) && msg->cmd != NULL && msg->cmd->body == IPMSG_BODY_ENTRY)
            ipmsg_peers_learn(pinfo, rec->sender, d);
    } else if (msg != NULL && msg->dialect == IPMSG_DIALECT_IPDICT && msg->packet_no_ok &&
               msg->transport == IPMSG_UDP) {
        transmission(rec, pinfo, d, ipmsg_addr_id(&pinfo->dst));   /* so that a receipt for it can say what it found */
    }
    return rec;
}

/* The first rule by which the transaction expected a reply it did not get. */
static const struct ipmsg_reply_rule *missing_reply(const struct transaction *t)
{
    for (size_t i = 0; i < ipmsg_n_reply_rules && i < MAX_RULES; i++) {
        const struct ipmsg_reply_rule *rule = &ipmsg_reply_rules[i];
        bool got = false;

        if (rule->request_mode != t->mode || !ipmsg_reply_expected(rule, t->options))
            continue;
        for (const struct frame_rec *r = rec_at(t->first_reply); r != NULL && !got; r = rec_at(r->next_reply))
            got = r->rule == i + 1;
        if (!got)
            return rule;
    }
    return NULL;
}

/* ---- labels ------------------------------------------------------------------ */

/* "Name: frame (" + text + ")" on a frame link in a shown tree (see
 * ipmsg-label.h); NULL when it would be cut, where the caller appends. */
static proto_item *add_link(proto_tree *tree, int hf, tvbuff_t *tvb, guint32 frame, const char *const *text)
{
    struct ipmsg_label l = {.len = 0};

    ipmsg_label_add(&l, proto_registrar_get_name(hf));
    ipmsg_label_add(&l, ": ");
    ipmsg_label_u64(&l, frame);
    ipmsg_label_add(&l, " (");
    for (; *text != NULL; text++)
        ipmsg_label_add(&l, *text);
    ipmsg_label_add(&l, ")");
    return ipmsg_label_fits(&l) ? proto_tree_add_uint_format(tree, hf, tvb, 0, 0, frame, "%s", l.text) : NULL;
}

static void add_links(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const struct frame_rec *rec)
{
    proto_item *pi;
    const struct transaction *t = rec->tx != 0 ? tx_at(rec->tx) : NULL;
    guint32 retransmission_of = t != NULL && (rec->flags & REC_RETRANSMISSION) ? t->frame : 0;
    bool shown = ipmsg_tree_shown(tree);

    if (rec->answers != 0 && tree != NULL) {
        const struct transaction *request = tx_at(rec->answers);
        guint32 copy = (rec->flags >> REC_COPY_SHIFT) & (MAX_COPIES - 1);
        const struct copy *sent = copy != 0 ? &more_of(rec->answers, false)->copies[copy - 1] : NULL;
        nstime_t copy_time = {(time_t)(sent ? sent->secs : request->first_secs),
                              sent ? sent->nsecs : request->first_nsecs};
        nstime_t delta;

        const char *command = command_name(request->mode, request->dialect);
        const char *rule = ipmsg_reply_rules[rec->rule - 1].description;
        char digits[21];
        const char *text[] = {command, " #", ipmsg_decimal(digits, request->packet_no), ", ", rule, NULL};

        pi = shown ? add_link(tree, hf_response_to, tvb, rec->answers_frame, text) : NULL;
        if (pi == NULL) {
            pi = proto_tree_add_uint(tree, hf_response_to, tvb, 0, 0, rec->answers_frame);
            proto_item_append_text(pi, " (%s #%" G_GUINT64_FORMAT ", %s)", command, request->packet_no, rule);
        }
        proto_item_set_generated(pi);
        /* the same on every pass: this frame's time does not change */
        nstime_delta(&delta, &pinfo->abs_ts, &copy_time);
        pi = proto_tree_add_time(tree, hf_response_time, tvb, 0, 0, &delta);
        proto_item_set_generated(pi);
    } else if (rec->answers == 0 && (rec->flags & REC_NO_REQUEST)) {
        proto_tree_add_expert_format(tree, pinfo, &ei_no_request, tvb, 0, 0, "No request found for this reply: %s",
                                     (const char *)wmem_map_lookup(no_request, GUINT_TO_POINTER(pinfo->num)));
    }

    if (t != NULL) {
        guint32 frame = tree != NULL ? t->first_reply : 0;   /* items only: nothing else to do without a tree */
        for (const struct frame_rec *r = rec_at(frame); r != NULL; frame = r->next_reply, r = rec_at(frame)) {
            if (r->answers_frame != pinfo->num && !(r->answers_frame == t->frame && retransmission_of))
                continue;   /* it answers another copy */
            const char *rule = ipmsg_reply_rules[r->rule - 1].description;
            const char *text[] = {rule, NULL};

            pi = shown ? add_link(tree, hf_response_in, tvb, frame, text) : NULL;
            if (pi == NULL) {
                pi = proto_tree_add_uint(tree, hf_response_in, tvb, 0, 0, frame);
                proto_item_append_text(pi, " (%s)", rule);
            }
            proto_item_set_generated(pi);
        }
        if (retransmission_of != 0) {
            pi = proto_tree_add_uint(tree, hf_retransmission, tvb, 0, 0, retransmission_of);
            proto_item_set_generated(pi);
            proto_tree_add_expert_format(tree, pinfo, &ei_retransmission, tvb, 0, 0,
                                         "Retransmission of frame %u "
                                         "(same sender, destination, packet number and command)",
                                         retransmission_of);
        }
        /* Whether a reply ever came is known only once the whole capture was read. */
        if (PINFO_FD_VISITED(pinfo) && t->frame == pinfo->num) {
            const struct ipmsg_reply_rule *rule = missing_reply(t);
            const char *times = t->transmissions > 1
                                    ? wmem_strdup_printf(pinfo->pool, " (sent %u times)", t->transmissions)
                                    : "";
            if (rule != NULL)
                proto_tree_add_expert_format(tree, pinfo, &ei_unanswered, tvb, 0, 0,
                                             "No %s (%s) for this %s in the capture%s",
                                             command_name(rule->reply_mode, t->dialect), rule->description,
                                             command_name(t->mode, t->dialect), times);
        }
    }
    if (retransmission_of != 0)
        col_prepend_fstr(pinfo->cinfo, COL_INFO, "[Retransmission] ");
}

void ipmsg_conversation_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const struct ipmsg_dissected *d)
{
    const struct frame_rec *rec = frame_state(pinfo, d);

    if (rec == NULL)
        return;
    add_links(tvb, pinfo, tree, rec);
    ipmsg_peers_add_tree(tvb, tree, rec->peer);
}

void ipmsg_conversation_sender(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const struct frame_rec *rec = frame_state(pinfo, NULL);

    if (rec != NULL)
        ipmsg_peers_add_tree(tvb, tree, rec->peer);
}

const struct ipmsg_offered_file *ipmsg_conversation_offered_file(packet_info *pinfo, guint32 file_id)
{
    const struct frame_rec *rec = ipmsg_framestore_get(&frames, pinfo->num);
    const struct tx_more *more;

    if (rec == NULL || rec->answers == 0 || ipmsg_reply_rules[rec->rule - 1].key != IPMSG_REPLY_BY_FILE_REQ)
        return NULL;
    more = more_of(rec->answers, false);
    for (guint32 i = 0; more != NULL && i < more->n_files; i++)
        if (more->files[i].id == file_id)
            return &more->files[i];
    return NULL;
}

const char *ipmsg_conversation_sender_name(packet_info *pinfo)
{
    const struct frame_rec *rec = ipmsg_framestore_get(&frames, pinfo->num);
    return rec != NULL ? ipmsg_peers_name(rec->peer) : NULL;
}

/* ---- registration -------------------------------------------------------------- */

/* The capture is closed: its frames, transactions and addresses go (the
 * side maps go with the file scope). */
static void conversation_cleanup(void)
{
    ipmsg_framestore_clear(&frames);
    ipmsg_pool_clear(&transactions);
    ipmsg_index_clear(&by_number);
    ipmsg_index_clear(&latest);
    ipmsg_addr_clear();
    group_id = 0;
}

/* rule_order and rules_start: the rules of each reply mode, in table order */
static void order_rules(void)
{
    size_t n = MIN(ipmsg_n_reply_rules, MAX_RULES);
    guint16 count[256] = {0};

    for (size_t i = 0; i < n; i++)
        count[ipmsg_reply_rules[i].reply_mode]++;
    rules_start[0] = 0;
    for (int mode = 0; mode < 256; mode++)
        rules_start[mode + 1] = (guint16)(rules_start[mode] + count[mode]);
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++) {
        guint8 mode = ipmsg_reply_rules[i].reply_mode;
        rule_order[rules_start[mode] + count[mode]++] = (guint8)i;
    }
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

    for (size_t i = 0; i < ipmsg_n_reply_rules && i < MAX_RULES; i++)
        if (ipmsg_reply_rules[i].key == IPMSG_REPLY_BY_ADDRESS)
            address_request[ipmsg_reply_rules[i].request_mode] = true;

    order_rules();
    register_cleanup_routine(conversation_cleanup);
    more_of_tx = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    no_request = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}
