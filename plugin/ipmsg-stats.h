/* Statistics > IPMsg: the "ipmsg" tap and two stats trees on it,
 *   tshark -z ipmsg,tree        packets by command and dialect
 *   tshark -z ipmsg_hosts,tree  per host address: packets, the user@host
 *                               names it used, messages sent and received,
 *                               files offered, bytes */
#ifndef IPMSG_STATS_H
#define IPMSG_STATS_H

#include "compat.h"
#include "ipmsg.h"
#include "ipmsg-tree.h"

/* What one IPMsg frame tells the statistics (packet scope). */
struct ipmsg_tap_info {
    bool has_header;          /* a datagram or TCP request (else file data) */
    const char *command;      /* its command's name, or what it is instead */
    const char *sender;       /* user@host from the header, or NULL */
    guint8 dialect;
    bool message;             /* SENDMSG, IPTUX_SENDMSG, FEIQ_GROUPMSG */
    guint32 files;            /* attachments it offers */
    guint32 bytes;            /* IPMsg bytes in the frame */
    guint32 file_bytes;       /* of which file contents (TCP) */
};

/* In proto_register: the tap. */
void ipmsg_stats_register_tap(void);

/* From the dissectors: a header was dissected, or bytes of a file transfer
 * crossed. */
void ipmsg_stats_tap_header(packet_info *pinfo, const struct ipmsg_dissected *d, guint32 bytes);
void ipmsg_stats_tap_data(packet_info *pinfo, guint32 bytes, bool file);

/* The tap plugin's entry: registers the stats trees. */
void ipmsg_stats_register_trees(void);

#endif
