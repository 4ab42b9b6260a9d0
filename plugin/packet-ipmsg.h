/* What the plugin's files share: the protocol, the entry points that
 * plugin.c hands to Wireshark, and the TCP part's hooks. */
#ifndef PACKET_IPMSG_H
#define PACKET_IPMSG_H

#include "compat.h"

extern int proto_ipmsg;

/* Keys of the per-frame data the plugin's files keep (p_add_proto_data). */
enum ipmsg_frame_data {
    IPMSG_FRAME_TCP,            /* packet-ipmsg-tcp.c: what a TCP frame holds */
    IPMSG_FRAME_CONVERSATION,   /* ipmsg-conversation.c: links and the sender */
    IPMSG_FRAME_FILES           /* ipmsg-files.c: where a frame is in a transfer */
};

/* Sets the Protocol column, clears Info and adds the protocol item over the
 * whole tvb; returns its subtree (NULL without a tree). */
proto_tree *ipmsg_protocol_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item **item);

void proto_register_ipmsg(void);
void proto_reg_handoff_ipmsg(void);

/* packet-ipmsg-tcp.c: file transfer and iptux SENDSUBLAYER on TCP 2425. */
void ipmsg_tcp_register(module_t *prefs_module);
void ipmsg_tcp_handoff(void);

#endif
