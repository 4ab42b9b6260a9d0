/* From bytes to tree: parse one IPMsg header with the core and turn its item
 * list into tree items, expert infos and the Info-column summary.  Used for
 * UDP datagrams and for TCP requests alike. */
#ifndef IPMSG_TREE_H
#define IPMSG_TREE_H

#include "compat.h"
#include "ipmsg.h"

struct ipmsg_dissected {
    const struct ipmsg_msg *msg;  /* the core's parse, in pinfo->pool */
    const char *summary;          /* the Info-column line (UTF-8), in pinfo->pool */
};

/* Parses tvb bytes [0, len) (len <= captured length) and adds their items
 * under tree, which may be NULL: expert infos and the summary are produced
 * either way. */
void ipmsg_tree_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint len,
                        enum ipmsg_transport transport, struct ipmsg_dissected *out);

/* If the capture cut the packet short, throws the bounds exception that makes
 * Wireshark mark it "[Packet size limited during capture]".  Call last. */
void ipmsg_tree_mark_truncation(tvbuff_t *tvb);

#endif
