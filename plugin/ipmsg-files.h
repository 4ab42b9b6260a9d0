/* Files over TCP: what a GETFILEDATA or GETDIRFILES asked for, the bytes
 * that answer it tied to the offered attachment, the directory stream
 * record by record, and File > Export Objects > IPMsg. */
#ifndef IPMSG_FILES_H
#define IPMSG_FILES_H

#include "compat.h"
#include <epan/dissectors/packet-tcp.h>

#include "ipmsg.h"
#include "ipmsg-tree.h"

/* One download: the request, the attachment it names, how far it got. */
struct ipmsg_transfer;

void ipmsg_files_register(int proto);

/* A TCP request header was dissected (after ipmsg_conversation_dissect):
 * shows which attachment it asks for.  On the first pass a GETFILEDATA or
 * GETDIRFILES starts a transfer; returns it (on every pass), or NULL. */
struct ipmsg_transfer *ipmsg_files_request(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                           const struct ipmsg_dissected *d);

/* Bytes [offset, end) of tvb, sent by the server for transfer t: file
 * contents or directory records.  tcp may be NULL.  Returns the Info text
 * (packet scope). */
const char *ipmsg_files_data(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint offset,
                             struct ipmsg_transfer *t, const struct tcpinfo *tcp, const char *request_label);

#endif
