/* Interned addresses and the hash mix: see ipmsg-key.h. */
#include "ipmsg-key.h"

#include <string.h>

#include <epan/to_str.h>

#include "ipmsg-index.h"
#include "ipmsg-pool.h"

static struct ipmsg_pool addresses = IPMSG_POOL_INIT(struct ipmsg_addr, 8);
static struct ipmsg_index address_ids;
static guint64 seed;

/* Every packet looks up its source and destination: a direct-mapped cache of
 * short addresses (IPv4, Ethernet) in front of the index saves the hash and
 * the probe for the few hosts a capture has. */
#define CACHE_BITS 10
struct cached_addr {
    guint64 word;                  /* the address bytes, zero-padded */
    guint32 id;                    /* 0: empty */
    guint8 type, len;
};
static struct cached_addr cache[1u << CACHE_BITS];

guint64 ipmsg_key_mix(guint64 x)
{
    if (seed == 0)
        seed = ((guint64)g_random_int() << 32 | g_random_int()) | 1;
    /* the MurmurHash3 finalizer: every input bit moves every output bit */
    x ^= seed;
    x ^= x >> 33;
    x *= G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

static void addr_set(struct ipmsg_addr *a, const address *from)
{
    a->type = (guint8)from->type;
    a->len = (guint8)MIN(MAX(from->len, 0), (int)sizeof a->data);
    if (a->len > 0)
        memcpy(a->data, from->data, a->len);
}

/* one mix per 8 bytes (an IPv4 address: one) */
static guint64 addr_hash(const struct ipmsg_addr *a)
{
    guint64 h = (guint64)a->type << 56 | (guint64)a->len << 48;
    guint i = 0;

    do {
        guint64 word = 0;
        memcpy(&word, a->data + i, MIN(8u, (guint)a->len - MIN(i, a->len)));
        h = ipmsg_key_mix(h ^ word);
        i += 8;
    } while (i < a->len);
    return h;
}

static bool addr_matches(guint32 id, const void *key)
{
    const struct ipmsg_addr *a = ipmsg_pool_at(&addresses, id), *b = key;
    return a->type == b->type && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static guint64 hash_of_id(guint32 id)
{
    return addr_hash(ipmsg_pool_at(&addresses, id));
}

static guint32 id_of(const address *a)
{
    struct ipmsg_addr key;
    guint32 *slot;
    guint32 id;

    addr_set(&key, a);
    slot = ipmsg_index_find(&address_ids, addr_hash(&key), addr_matches, &key);
    if (slot == NULL)
        return 0;
    if (*slot != 0)
        return *slot;
    id = ipmsg_pool_add(&addresses);
    if (id == 0)
        return 0;
    *(struct ipmsg_addr *)ipmsg_pool_at(&addresses, id) = key;
    ipmsg_index_put(&address_ids, slot, id, hash_of_id);
    return id;
}

guint32 ipmsg_addr_id(const address *a)
{
    guint64 word = 0;
    struct cached_addr *c;

    if (a->len < 0 || a->len > 8)
        return id_of(a);
    if (a->len > 0)
        memcpy(&word, a->data, (size_t)a->len);
    /* a multiplicative hash: the cache holds no secret worth colliding on */
    c = &cache[((word ^ (guint64)a->type << 56) * G_GUINT64_CONSTANT(0x9e3779b97f4a7c15)) >> (64 - CACHE_BITS)];
    if (c->id != 0 && c->word == word && c->type == (guint8)a->type && c->len == (guint8)a->len)
        return c->id;
    *c = (struct cached_addr){word, id_of(a), (guint8)a->type, (guint8)a->len};
    return c->id;
}

const struct ipmsg_addr *ipmsg_addr_get(guint32 id)
{
    return id != 0 && id < addresses.next ? ipmsg_pool_at(&addresses, id) : NULL;
}

const char *ipmsg_addr_to_str(wmem_allocator_t *scope, guint32 id)
{
    const struct ipmsg_addr *a = ipmsg_addr_get(id);
    address tmp;

    if (a == NULL)
        return "";
    set_address(&tmp, (address_type)a->type, a->len, a->data);
    return address_to_str(scope, &tmp);
}

void ipmsg_addr_clear(void)
{
    ipmsg_pool_clear(&addresses);
    ipmsg_index_clear(&address_ids);
    memset(cache, 0, sizeof cache);
}
