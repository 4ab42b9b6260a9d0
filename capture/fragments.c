#include "fragments.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Linux keeps fragments 30 s for reassembly; a datagram is not older. */
#define ENTRY_TTL_NS (30ull * 1000000000ull)
/* How long a later fragment waits for its first one (reordering is usually
 * microseconds). */
#define HOLD_NS (1ull * 1000000000ull)
#define TABLE_SIZE 4096u     /* remembered datagrams; a power of two */
#define PROBES 8u
#define HOLD_MAX_PACKETS 256u
#define HOLD_MAX_BYTES (8u << 20)

struct frag_key {
    uint8_t version, proto;
    uint32_t id;
    uint8_t src[16], dst[16];
};

struct entry {
    struct frag_key key;
    uint64_t last_ns;   /* 0 = free */
};

struct held {
    struct frag_key key;
    struct pkt pkt;     /* data is our own copy */
};

struct frag_tracker {
    const struct config *cfg;
    struct entry table[TABLE_SIZE];
    struct held held[HOLD_MAX_PACKETS];   /* oldest first */
    size_t n_held, held_bytes;
    struct frag_stats stats;
};

struct frag_tracker *frag_tracker_new(const struct config *cfg)
{
    struct frag_tracker *t = calloc(1, sizeof *t);
    if (t)
        t->cfg = cfg;
    return t;
}

void frag_tracker_free(struct frag_tracker *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_held; i++)
        free((void *)t->held[i].pkt.data);
    free(t);
}

static struct frag_key key_of(const struct pkt_ip *ip)
{
    struct frag_key k = {.version = ip->version, .proto = ip->proto, .id = ip->frag_id};
    memcpy(k.src, ip->src, ip->addr_len);
    memcpy(k.dst, ip->dst, ip->addr_len);
    return k;
}

static bool key_equal(const struct frag_key *a, const struct frag_key *b)
{
    return a->version == b->version && a->proto == b->proto && a->id == b->id &&
           memcmp(a->src, b->src, sizeof a->src) == 0 && memcmp(a->dst, b->dst, sizeof a->dst) == 0;
}

static uint32_t key_hash(const struct frag_key *k)
{
    uint32_t h = 2166136261u;   /* FNV-1a over the fields that vary */
    const uint8_t *parts[] = {k->src, k->dst};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 16; j++)
            h = (h ^ parts[i][j]) * 16777619u;
    h = (h ^ k->id) * 16777619u;
    return (h ^ k->proto) * 16777619u;
}

static bool live(const struct entry *e, uint64_t now)
{
    /* A packet may carry an older time stamp than the entry (reordering). */
    return e->last_ns != 0 && (now < e->last_ns || now - e->last_ns < ENTRY_TTL_NS);
}

static struct entry *lookup(struct frag_tracker *t, const struct frag_key *k, uint64_t now)
{
    uint32_t h = key_hash(k);
    for (uint32_t i = 0; i < PROBES; i++) {
        struct entry *e = &t->table[(h + i) & (TABLE_SIZE - 1)];
        if (live(e, now) && key_equal(&e->key, k))
            return e;
    }
    return NULL;
}

/* Takes a free or expired slot near the key's hash, else the stalest one. */
static void remember(struct frag_tracker *t, const struct frag_key *k, uint64_t now)
{
    struct entry *e = lookup(t, k, now), *victim = NULL;
    uint32_t h = key_hash(k);
    for (uint32_t i = 0; !e && i < PROBES; i++) {
        struct entry *c = &t->table[(h + i) & (TABLE_SIZE - 1)];
        if (!live(c, now))
            e = c;
        else if (!victim || c->last_ns < victim->last_ns)
            victim = c;
    }
    e = e ? e : victim;
    e->key = *k;
    e->last_ns = now ? now : 1;
}

static void drop_held(struct frag_tracker *t, size_t i)
{
    free((void *)t->held[i].pkt.data);
    t->held_bytes -= t->held[i].pkt.caplen;
    memmove(&t->held[i], &t->held[i + 1], (t->n_held - i - 1) * sizeof t->held[0]);
    t->n_held--;
}

static void expire_held(struct frag_tracker *t, uint64_t now)
{
    while (t->n_held && now > t->held[0].pkt.ts_ns && now - t->held[0].pkt.ts_ns > HOLD_NS) {
        drop_held(t, 0);
        t->stats.unmatched++;
    }
}

static void hold(struct frag_tracker *t, const struct frag_key *k, const struct pkt *p)
{
    while (t->n_held && (t->n_held == HOLD_MAX_PACKETS || t->held_bytes + p->caplen > HOLD_MAX_BYTES)) {
        drop_held(t, 0);
        t->stats.unmatched++;
    }
    uint8_t *copy = malloc(p->caplen ? p->caplen : 1);
    if (!copy || p->caplen > HOLD_MAX_BYTES) {
        free(copy);
        t->stats.unmatched++;
        return;
    }
    memcpy(copy, p->data, p->caplen);
    t->held[t->n_held].key = *k;
    t->held[t->n_held].pkt = *p;
    t->held[t->n_held].pkt.data = copy;
    t->n_held++;
    t->held_bytes += p->caplen;
}

/* Emits, in arrival order, the waiting fragments of a datagram whose first
 * fragment was just kept. */
static int release_held(struct frag_tracker *t, const struct frag_key *k, frag_emit_fn emit, void *ctx)
{
    for (size_t i = 0; i < t->n_held;) {
        if (!key_equal(&t->held[i].key, k)) {
            i++;
            continue;
        }
        int rc = emit(ctx, &t->held[i].pkt, NULL);
        t->stats.kept++;
        drop_held(t, i);
        if (rc)
            return rc;
    }
    return 0;
}

static bool ports_match(const struct frag_tracker *t, const struct pkt_ip *ip)
{
    bool proto_ok = ip->proto == PKT_PROTO_UDP || (t->cfg->tcp && ip->proto == PKT_PROTO_TCP);
    return proto_ok && ip->has_ports &&
           (config_port_matches(t->cfg, ip->sport) || config_port_matches(t->cfg, ip->dport));
}

int frag_process(struct frag_tracker *t, const struct pkt *p, const struct pkt_ip *ip, frag_emit_fn emit, void *ctx)
{
    expire_held(t, p->ts_ns);
    if (!ip || !ip->fragment)
        return emit(ctx, p, ip);

    struct frag_key k = key_of(ip);
    if (ip->frag_offset == 0) {
        if (!ports_match(t, ip)) {
            t->stats.foreign++;
            return 0;
        }
        remember(t, &k, p->ts_ns);
        t->stats.kept++;
        int rc = emit(ctx, p, ip);
        return rc ? rc : release_held(t, &k, emit, ctx);
    }
    struct entry *e = lookup(t, &k, p->ts_ns);
    if (e) {
        e->last_ns = p->ts_ns ? p->ts_ns : 1;
        t->stats.kept++;
        return emit(ctx, p, ip);
    }
    hold(t, &k, p);
    return 0;
}

struct frag_stats frag_finish(struct frag_tracker *t)
{
    while (t->n_held) {
        drop_held(t, 0);
        t->stats.unmatched++;
    }
    return t->stats;
}
