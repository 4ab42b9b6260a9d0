/* Per-frame records without p_add_proto_data: a fixed-size record for some
 * frames of a capture, found by frame number.  The first pass adds records
 * in frame order, so the records of every 64 frames lie side by side in a
 * pool (ipmsg-pool.h), found with a 64-bit bitmap of which frames have one:
 * 12 bytes per 64 frames besides the records, also when few frames are
 * IPMsg.  A frame added out of order gets a record of its own in a side
 * table. */
#ifndef IPMSG_FRAMESTORE_H
#define IPMSG_FRAMESTORE_H

#include "ipmsg-pool.h"

struct ipmsg_framestore {
    struct ipmsg_pool records;
    guint64 *present;              /* per 64 frames: which have a record */
    guint32 *first;                /* per 64 frames: the pool index of the first record */
    guint32 n_groups;              /* of present[] and first[] */
    guint32 last_frame;            /* the highest frame added in order */
    GHashTable *late;              /* frame -> record, for frames added out of order */
};

#define IPMSG_FRAMESTORE_INIT(type) {IPMSG_POOL_INIT(type, 10), NULL, NULL, 0, 0, NULL}

/* The frame's record, or NULL. */
void *ipmsg_framestore_get(const struct ipmsg_framestore *store, guint32 frame);
/* A new zeroed record for a frame that has none, or NULL when there is no
 * more room. */
void *ipmsg_framestore_add(struct ipmsg_framestore *store, guint32 frame);
void ipmsg_framestore_clear(struct ipmsg_framestore *store);

#endif
