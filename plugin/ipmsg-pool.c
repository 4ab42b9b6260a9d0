/* Chunked record pools: see ipmsg-pool.h. */
#include "ipmsg-pool.h"

#include <string.h>

guint32 ipmsg_pool_add_chunk(struct ipmsg_pool *pool)
{
    guint32 next = pool->next == 0 ? 1 : pool->next;
    guint32 chunk = next >> pool->chunk_shift;

    if (next == G_MAXUINT32)
        return 0;   /* 4 billion records: no more */
    if (chunk == pool->n_chunks) {
        if (pool->n_chunks == pool->cap_chunks) {
            /* at most 2^32 >> chunk_shift chunks: the doubling cannot overflow */
            pool->cap_chunks = pool->cap_chunks == 0 ? 16 : pool->cap_chunks * 2;
            pool->chunks = g_renew(guint8 *, pool->chunks, pool->cap_chunks);
        }
        pool->chunks[pool->n_chunks++] = g_malloc((gsize)pool->record_size << pool->chunk_shift);
    }
    pool->next = next + 1;
    memset(ipmsg_pool_at(pool, next), 0, pool->record_size);
    return next;
}

void ipmsg_pool_clear(struct ipmsg_pool *pool)
{
    for (guint32 i = 0; i < pool->n_chunks; i++)
        g_free(pool->chunks[i]);
    g_free(pool->chunks);
    pool->chunks = NULL;
    pool->n_chunks = pool->cap_chunks = 0;
    pool->next = 0;
}

guint32 ipmsg_grow_count(guint32 n, guint32 need, guint32 min)
{
    n = MAX(n, min);
    while (n <= need && n < G_MAXUINT32)
        n = n > G_MAXUINT32 / 2 ? G_MAXUINT32 : n * 2;
    return n;
}

void *ipmsg_grow_zeroed(void *array, gsize elem, guint32 old_n, guint32 new_n)
{
    guint8 *grown = g_realloc_n(array, new_n, elem);

    memset(grown + (gsize)old_n * elem, 0, (gsize)(new_n - old_n) * elem);
    return grown;
}
