/* Map keys for the conversation and host tables: byte strings of addresses,
 * ports and numbers in a row, hashed with Wireshark's keyed hash (a capture
 * cannot be made to collide on purpose). */
#ifndef IPMSG_KEY_H
#define IPMSG_KEY_H

#include <epan/address.h>
#include <glib.h>
#include <wsutil/wmem/wmem.h>

#define IPMSG_KEY_MAX 96

struct ipmsg_key {
    guint len;
    guint8 bytes[IPMSG_KEY_MAX];
};

void ipmsg_key_bytes(struct ipmsg_key *k, const void *p, guint n);
void ipmsg_key_u64(struct ipmsg_key *k, guint64 v);
void ipmsg_key_address(struct ipmsg_key *k, const address *a);
guint ipmsg_key_hash(gconstpointer p);
gboolean ipmsg_key_equal(gconstpointer a, gconstpointer b);
/* An address kept inline (IPv4 or IPv6; longer ones cut at 16 bytes, which
 * only makes two such addresses compare equal): an `address` copy costs a
 * separate allocation, and the conversation keeps one per packet. */
struct ipmsg_addr {
    guint8 type, len;
    guint8 data[16];
};

void ipmsg_addr_set(struct ipmsg_addr *a, const address *from);
bool ipmsg_addr_equal(const struct ipmsg_addr *a, const address *b);
/* The address as text, in scope. */
const char *ipmsg_addr_to_str(wmem_allocator_t *scope, const struct ipmsg_addr *a);

/* A file-scope copy, for a map. */
struct ipmsg_key *ipmsg_key_keep(const struct ipmsg_key *k);
/* map[k] = value, copying k only when the map does not have it yet: every
 * copy lives as long as the capture. */
void ipmsg_key_map_set(wmem_map_t *map, const struct ipmsg_key *k, void *value);

#endif
