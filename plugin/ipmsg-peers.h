/* The host table: who is on the LAN, from the entry packets (see
 * ipmsg-peers.c). */
#ifndef IPMSG_PEERS_H
#define IPMSG_PEERS_H

#include "compat.h"
#include "ipmsg.h"
#include "ipmsg-tree.h"

struct ipmsg_peer {
    guint32 frame;                 /* the entry packet it was learned from */
    const char *user, *host, *nickname, *group, *client;
    const char *name;              /* user@host */
    guint8 dialect;
    guint32 status;
};

void ipmsg_peers_register(int proto);
/* After an entry packet's first pass: remember what it says of its sender. */
void ipmsg_peers_learn(packet_info *pinfo, const struct ipmsg_dissected *d);
/* What the table knows of this frame's source address now, or NULL. */
const struct ipmsg_peer *ipmsg_peers_known(const packet_info *pinfo);
/* The ipmsg.peer subtree (nothing without a tree or a peer). */
void ipmsg_peers_add_tree(tvbuff_t *tvb, proto_tree *tree, const struct ipmsg_peer *p);

#endif
