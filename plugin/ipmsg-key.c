/* Map keys: see ipmsg-key.h. */
#include "ipmsg-key.h"

#include <string.h>

#include <epan/to_str.h>
#include <wsutil/wmem/wmem.h>

void ipmsg_addr_set(struct ipmsg_addr *a, const address *from)
{
    a->type = (guint8)from->type;
    a->len = (guint8)MIN(from->len, (int)sizeof a->data);
    if (a->len > 0)
        memcpy(a->data, from->data, a->len);
}

bool ipmsg_addr_equal(const struct ipmsg_addr *a, const address *b)
{
    guint8 len = (guint8)MIN(b->len, (int)sizeof a->data);
    return a->type == (guint8)b->type && a->len == len && (len == 0 || memcmp(a->data, b->data, len) == 0);
}

const char *ipmsg_addr_to_str(wmem_allocator_t *scope, const struct ipmsg_addr *a)
{
    address tmp;
    set_address(&tmp, (address_type)a->type, a->len, a->data);
    return address_to_str(scope, &tmp);
}

void ipmsg_key_bytes(struct ipmsg_key *k, const void *p, guint n)
{
    n = MIN(n, IPMSG_KEY_MAX - k->len);
    if (n == 0)
        return;   /* an AT_NONE address has no data (NULL) */
    memcpy(k->bytes + k->len, p, n);
    k->len += n;
}

void ipmsg_key_u64(struct ipmsg_key *k, guint64 v)
{
    ipmsg_key_bytes(k, &v, sizeof v);
}

void ipmsg_key_address(struct ipmsg_key *k, const address *a)
{
    guint8 head[2] = {(guint8)a->type, (guint8)MIN(a->len, 32)};

    ipmsg_key_bytes(k, head, 2);
    ipmsg_key_bytes(k, a->data, head[1]);
}

guint ipmsg_key_hash(gconstpointer p)
{
    const struct ipmsg_key *k = p;
    return wmem_strong_hash(k->bytes, k->len);
}

gboolean ipmsg_key_equal(gconstpointer a, gconstpointer b)
{
    const struct ipmsg_key *x = a, *y = b;
    return x->len == y->len && memcmp(x->bytes, y->bytes, x->len) == 0;
}

struct ipmsg_key *ipmsg_key_keep(const struct ipmsg_key *k)
{
    return wmem_memdup(wmem_file_scope(), k, offsetof(struct ipmsg_key, bytes) + k->len);
}

void ipmsg_key_map_set(wmem_map_t *map, const struct ipmsg_key *k, void *value)
{
    const void *kept = NULL;

    if (!wmem_map_lookup_extended(map, k, &kept, NULL))
        kept = ipmsg_key_keep(k);
    wmem_map_insert(map, kept, value);
}
