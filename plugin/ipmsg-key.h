/* Keys for the conversation and host tables: addresses interned to small
 * numbers (a capture has few hosts, and a 32-bit id costs less per packet
 * than an address copy), and a seeded hash mix for the tables' own indexes
 * (the seed is random, so a capture cannot be made to collide on purpose). */
#ifndef IPMSG_KEY_H
#define IPMSG_KEY_H

#include <epan/address.h>
#include <glib.h>
#include <wsutil/wmem/wmem.h>

/* An interned address: type, length and up to 32 bytes (longer ones are cut,
 * which only makes two such addresses the same). */
struct ipmsg_addr {
    guint8 type, len;
    guint8 data[32];
};

/* The address's id (1, 2, ... in order of first sight; the same for equal
 * addresses until ipmsg_addr_clear), or 0 when the table is full. */
guint32 ipmsg_addr_id(const address *a);
/* The address with that id, or NULL. */
const struct ipmsg_addr *ipmsg_addr_get(guint32 id);
/* The address as text, in scope ("" for an unknown id). */
const char *ipmsg_addr_to_str(wmem_allocator_t *scope, guint32 id);
/* Forget every address (the capture is closed). */
void ipmsg_addr_clear(void);

/* A 64-bit mix of x with the process's random seed. */
guint64 ipmsg_key_mix(guint64 x);

#endif
