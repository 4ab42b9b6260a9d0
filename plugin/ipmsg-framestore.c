/* Per-frame records: see ipmsg-framestore.h. */
#include "ipmsg-framestore.h"

#define GROUP_SHIFT 6   /* 64 frames per bitmap */

void *ipmsg_framestore_get(const struct ipmsg_framestore *store, guint32 frame)
{
    guint32 group = frame >> GROUP_SHIFT;
    guint64 bit = G_GUINT64_CONSTANT(1) << (frame & 63);

    if (group < store->n_groups && (store->present[group] & bit) != 0)
        return ipmsg_pool_at(&store->records,
                             store->first[group] + (guint32)__builtin_popcountll(store->present[group] & (bit - 1)));
    return store->late != NULL ? g_hash_table_lookup(store->late, GUINT_TO_POINTER(frame)) : NULL;
}

static void *add_late(struct ipmsg_framestore *store, guint32 frame)
{
    void *record = g_malloc0(store->records.record_size);

    if (store->late == NULL)
        store->late = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    g_hash_table_insert(store->late, GUINT_TO_POINTER(frame), record);
    return record;
}

void *ipmsg_framestore_add(struct ipmsg_framestore *store, guint32 frame)
{
    guint32 group = frame >> GROUP_SHIFT;
    guint32 record;

    /* A record in the pool must come after every record of the frames
     * before it, or the bitmap would count wrong. */
    if (store->records.next != 0 && frame <= store->last_frame)
        return add_late(store, frame);
    if (group >= store->n_groups) {
        guint32 n = ipmsg_grow_count(store->n_groups, group, 1024);   /* group < 2^26 */
        store->present = ipmsg_grow_zeroed(store->present, sizeof *store->present, store->n_groups, n);
        store->first = ipmsg_grow_zeroed(store->first, sizeof *store->first, store->n_groups, n);
        store->n_groups = n;
    }
    record = ipmsg_pool_add(&store->records);
    if (record == 0)
        return NULL;
    if (store->present[group] == 0)
        store->first[group] = record;
    store->present[group] |= G_GUINT64_CONSTANT(1) << (frame & 63);
    store->last_frame = frame;
    return ipmsg_pool_at(&store->records, record);
}

void ipmsg_framestore_clear(struct ipmsg_framestore *store)
{
    ipmsg_pool_clear(&store->records);
    g_free(store->present);
    g_free(store->first);
    store->present = NULL;
    store->first = NULL;
    store->n_groups = 0;
    store->last_frame = 0;
    if (store->late != NULL)
        g_hash_table_destroy(store->late);
    store->late = NULL;
}
