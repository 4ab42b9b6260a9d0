/* The host table: who is on the LAN, from the entry packets (see
 * ipmsg-peers.c). */
#ifndef IPMSG_PEERS_H
#define IPMSG_PEERS_H

#include "compat.h"
#include "ipmsg.h"
#include "ipmsg-tree.h"

void ipmsg_peers_register(int proto);
/* After an entry packet's first pass: remember what it says of its sender,
 * whose address has the id sender (ipmsg-key.h). */
void ipmsg_peers_learn(packet_info *pinfo, guint32 sender, const struct ipmsg_dissected *d);
/* The id of what the table knows of that address now, or 0. */
guint32 ipmsg_peers_known(guint32 sender);
/* "user@host" of the peer with that id, or NULL. */
const char *ipmsg_peers_name(guint32 id);
/* The ipmsg.peer subtree (nothing without a tree or a peer). */
void ipmsg_peers_add_tree(tvbuff_t *tvb, proto_tree *tree, guint32 id);

#endif
