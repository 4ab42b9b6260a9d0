/* Conversations: which packet answers which, retransmissions, and the host
 * table learned from entry packets.  The rules come from the core
 * (ipmsg_reply_rules); this file keeps the state that applies them to a
 * capture: built on the first pass, kept per frame, read back after. */
#ifndef IPMSG_CONVERSATION_H
#define IPMSG_CONVERSATION_H

#include "compat.h"
#include "ipmsg.h"
#include "ipmsg-tree.h"

/* An attachment as its offer announced it (file scope). */
struct ipmsg_offered_file {
    guint32 offer_frame;     /* the SENDMSG that offered it */
    guint64 packet_no;       /* that SENDMSG's packet number */
    guint32 id;
    const char *name;        /* UTF-8, ':' unescaped; NULL when the entry has none */
    bool has_size;
    guint64 size;
    guint32 attr;            /* type in the low 8 bits */
    bool from_iptux;         /* offered by iptux, which serves files whole */
};

void ipmsg_conversation_register(int proto, module_t *prefs_module);

/* After the header of a UDP datagram or TCP request was dissected: links it
 * to its request or replies, marks retransmissions, learns and shows the
 * sender.  Call with the same pinfo on every pass. */
void ipmsg_conversation_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const struct ipmsg_dissected *d);

/* Any other IPMsg frame (TCP file data): shows what the host table knows
 * about the sender. */
void ipmsg_conversation_sender(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* The attachment file_id of the offer that the TCP request in this frame
 * answers (after ipmsg_conversation_dissect on the first pass), or NULL. */
const struct ipmsg_offered_file *ipmsg_conversation_offered_file(packet_info *pinfo, guint32 file_id);

/* "user@host" of the sender of this frame as the host table knew it, or NULL. */
const char *ipmsg_conversation_sender_name(packet_info *pinfo);

#endif
