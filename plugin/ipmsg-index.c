/* Hash indexes of record indexes: see ipmsg-index.h. */
#include "ipmsg-index.h"

#define FIRST_SLOTS 64u
#define MAX_SLOTS   (1u << 31)

guint32 *ipmsg_index_find(struct ipmsg_index *ix, guint64 hash, ipmsg_index_matches_fn matches, const void *key)
{
    if (ix->slots == NULL) {
        ix->slots = g_new0(guint32, FIRST_SLOTS);
        ix->mask = FIRST_SLOTS - 1;
    }
    /* at most half full, so an empty slot ends the walk; the bound is for
     * an index that could not grow */
    for (guint32 i = (guint32)hash & ix->mask, n = 0; n <= ix->mask; i = (i + 1) & ix->mask, n++) {
        guint32 *slot = &ix->slots[i];
        if (*slot == 0 || matches(*slot, key))
            return slot;
    }
    return NULL;
}

static void grow(struct ipmsg_index *ix, ipmsg_index_hash_fn hash_of)
{
    guint32 old_size = ix->mask + 1, size = old_size * 2;
    guint32 *old = ix->slots;

    ix->slots = g_new0(guint32, size);
    ix->mask = size - 1;
    for (guint32 i = 0; i < old_size; i++) {
        if (old[i] == 0)
            continue;
        guint32 j = (guint32)hash_of(old[i]) & ix->mask;
        while (ix->slots[j] != 0)
            j = (j + 1) & ix->mask;   /* ends: the new table is at most a quarter full */
        ix->slots[j] = old[i];
    }
    g_free(old);
}

void ipmsg_index_put(struct ipmsg_index *ix, guint32 *slot, guint32 value, ipmsg_index_hash_fn hash_of)
{
    if (slot == NULL)
        return;
    if (*slot != 0) {
        *slot = value;   /* the same key: no new slot used */
        return;
    }
    *slot = value;
    ix->used++;
    if (ix->used > (ix->mask + 1) / 2 && ix->mask + 1 < MAX_SLOTS)
        grow(ix, hash_of);
}

void ipmsg_index_clear(struct ipmsg_index *ix)
{
    g_free(ix->slots);
    ix->slots = NULL;
    ix->mask = 0;
    ix->used = 0;
}
