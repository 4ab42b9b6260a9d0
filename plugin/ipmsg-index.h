/* A hash index of 32-bit record indexes (ipmsg-pool.h): open addressing with
 * linear probing, at most half full.  The records hold the keys, so a slot
 * is 4 bytes, and the caller's matches() compares a record with a key. */
#ifndef IPMSG_INDEX_H
#define IPMSG_INDEX_H

#include <stdbool.h>

#include <glib.h>

struct ipmsg_index {
    guint32 *slots;                /* 0: empty */
    guint32 mask;                  /* slots - 1 */
    guint32 used;
};

typedef bool (*ipmsg_index_matches_fn)(guint32 value, const void *key);
typedef guint64 (*ipmsg_index_hash_fn)(guint32 value);

/* The slot holding the value that matches key, or the empty slot where it
 * would go (NULL only when the index cannot take more). */
guint32 *ipmsg_index_find(struct ipmsg_index *ix, guint64 hash, ipmsg_index_matches_fn matches, const void *key);
/* Put value (not 0) into the slot that ipmsg_index_find returned: over the
 * value that matched, or into the empty slot (nothing when slot is NULL);
 * hash_of gives a stored value's hash when the index grows. */
void ipmsg_index_put(struct ipmsg_index *ix, guint32 *slot, guint32 value, ipmsg_index_hash_fn hash_of);
void ipmsg_index_clear(struct ipmsg_index *ix);

#endif
