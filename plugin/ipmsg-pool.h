/* A growing array of fixed-size records addressed by a 32-bit index, in
 * chunks: no pointer per record (an index is half the size), nothing moves
 * when it grows, and growth costs no copy.  Index 0 is never handed out: it
 * stands for "none".  The memory lives until ipmsg_pool_clear. */
#ifndef IPMSG_POOL_H
#define IPMSG_POOL_H

#include <string.h>

#include <glib.h>

struct ipmsg_pool {
    guint8 **chunks;
    guint32 n_chunks, cap_chunks;
    guint32 next;                  /* the index ipmsg_pool_add hands out next (0: none yet) */
    guint32 record_size;
    guint32 chunk_shift;           /* 2^chunk_shift records per chunk */
};

#define IPMSG_POOL_INIT(type, shift) {NULL, 0, 0, 0, (guint32)sizeof(type), (shift)}

/* The record at an index that ipmsg_pool_add handed out. */
static inline void *ipmsg_pool_at(const struct ipmsg_pool *pool, guint32 i)
{
    guint32 in_chunk = i & ((1u << pool->chunk_shift) - 1);
    return pool->chunks[i >> pool->chunk_shift] + (gsize)in_chunk * pool->record_size;
}

/* ipmsg_pool_add when the next record needs a new chunk. */
guint32 ipmsg_pool_add_chunk(struct ipmsg_pool *pool);

/* A new zeroed record's index, or 0 when the index space is used up.  Inline:
 * nearly every packet adds a record or two.  Chunks are not zeroed when
 * allocated (calloc's memset counts a 64 KiB chunk against its first
 * record) but each record when it is handed out. */
static inline guint32 ipmsg_pool_add(struct ipmsg_pool *pool)
{
    guint32 next = pool->next;

    if (next == 0 || next == G_MAXUINT32 || (next >> pool->chunk_shift) >= pool->n_chunks)
        return ipmsg_pool_add_chunk(pool);
    pool->next = next + 1;
    memset(ipmsg_pool_at(pool, next), 0, pool->record_size);
    return next;
}
/* Free every record; the pool can be used again. */
void ipmsg_pool_clear(struct ipmsg_pool *pool);

/* Tables indexed by record index or frame number, which grow as those do:
 * the count (doubled from at least min) that holds index need (below
 * G_MAXUINT32), and the array of old_n elements of elem bytes grown to
 * new_n, the new ones zero. */
guint32 ipmsg_grow_count(guint32 n, guint32 need, guint32 min);
void *ipmsg_grow_zeroed(void *array, gsize elem, guint32 old_n, guint32 new_n);


#endif
