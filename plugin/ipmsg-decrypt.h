/* Decryption in the dissector (issue 8): FeiQ group bodies with the
 * sender's MAC, official encrypted SENDMSG with a private key from the
 * "IPMsg RSA keys" table (UAT ipmsg_rsa_keys), signatures with public keys
 * from earlier ANSPUBKEYs.  The crypto is core/ipmsg_decrypt.c; the
 * plaintext's parse is core/ipmsg_plain.c.  The plaintext gets its own
 * bytes tab and is walked into the tree like a clear body. */
#ifndef IPMSG_DECRYPT_PLUGIN_H
#define IPMSG_DECRYPT_PLUGIN_H

#include "compat.h"
#include "ipmsg-tree.h"

void ipmsg_decrypt_register(module_t *prefs_module);

/* After ipmsg_tree_dissect of a UDP datagram (every pass): learns names and
 * public keys, and decrypts what it can under tree, rewriting the Info
 * column with the plaintext's quote. */
void ipmsg_decrypt_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, struct ipmsg_dissected *d);

#endif
