/* The host table: who is on the LAN, from the entry packets (see
 * ipmsg-peers.c). */
#ifndef IPMSG_PEERS_H
#define IPMSG_PEERS_H

#include "compat.h"
#include "ipmsg.h"
#include "ipmsg-tree.h"

/* What one entry packet said of its sender; a new one only when it changed.
 * Found by a 32-bit id (0: none). */
struct ipmsg_peer {
    guint32 frame;                 /* the entry packet it was learned from */
    const char *user, *host, *nickname, *group, *client;
    const char *name;              /* user@host */
    guint8 dialect;
    guint32 status;
    /* In a shown tree: the texts of the ipmsg.peer and capabilities items
     * after "Name: ", kept the first time they are built (NULL until then) */
    const char *name_label, *capabilities_label;
};

void ipmsg_peers_register(int proto);
/* After an entry packet's first pass: remember what it says of its sender,
 * whose address has the id sender (ipmsg-key.h). */
void ipmsg_peers_learn(packet_info *pinfo, guint32 sender, const struct ipmsg_dissected *d);
/* The id of what the table knows of that address now, or 0. */
guint32 ipmsg_peers_known(guint32 sender);
/* The peer with that id, or NULL. */
struct ipmsg_peer *ipmsg_peers_get(guint32 id);
/* The ipmsg.peer subtree (nothing without a tree or a peer). */
void ipmsg_peers_add_tree(tvbuff_t *tvb, proto_tree *tree, guint32 id);

#endif
