/* From bytes to tree: parse one IPMsg header with the core and turn its item
 * list into tree items, expert infos and the Info-column summary.  Used for
 * UDP datagrams and for TCP requests alike. */
#ifndef IPMSG_TREE_H
#define IPMSG_TREE_H

#include "compat.h"
#include "ipmsg.h"

#include "ipmsg-charset.h"

struct ipmsg_dissected {
    const struct ipmsg_msg *msg;  /* the core's parse, in pinfo->pool */
    const char *summary;          /* the Info-column line (UTF-8), in pinfo->pool */
    const guint8 *buf;            /* the parsed bytes [0, len) */
    guint len;
    enum ipmsg_text_encoding text_encoding;   /* how the packet's TEXT items read */
    /* An encrypted SENDMSG opened with a listed key (ipmsg-decrypt.c): its
     * plaintext, parsed; NULL otherwise.  Its attachments are the offer. */
    const struct ipmsg_dissected *decrypted;
};

/* The tree is shown (-V, the GUI's details): labels are worth building. */
bool ipmsg_tree_shown(proto_tree *tree);

/* Parses tvb bytes [0, len) (len <= captured length) and adds their items
 * under tree, which may be NULL: expert infos and the summary are produced
 * either way. */
void ipmsg_tree_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint len,
                        enum ipmsg_transport transport, struct ipmsg_dissected *out);

/* A span of the parsed bytes as UTF-8 text in scope: TEXT in the packet's
 * character set, UTF8 as UTF-8, anything else as ASCII; escaped turns "::"
 * into ':'.  NULL for an absent span. */
const char *ipmsg_tree_span_text(wmem_allocator_t *scope, const struct ipmsg_dissected *d,
                                 struct ipmsg_span span, enum ipmsg_kind kind, bool escaped);
/* The text of the message's first item of this field (UTF-8, in scope), or
 * NULL when the message has none. */
const char *ipmsg_tree_item_text(wmem_allocator_t *scope, const struct ipmsg_dissected *d, enum ipmsg_field field);

/* A name that the UTF-8 block may repeat (UN:, HN:, NN:): that copy when it
 * is there and not empty, else the header's or body's own (TEXT). */
const char *ipmsg_tree_name_text(wmem_allocator_t *scope, const struct ipmsg_dissected *d, struct ipmsg_span utf8,
                                 struct ipmsg_span plain);

/* Bytes as UTF-8 text in the given encoding (with the same fallbacks as the
 * tree), "::" unescaped when escaped. */
const char *ipmsg_tree_bytes_text(wmem_allocator_t *scope, const guint8 *bytes, size_t len,
                                  enum ipmsg_text_encoding enc, bool escaped);

/* Adds the items of a parse result that was made from tvb bytes [0, len)
 * (another parser's, like a directory record header) under tree; TEXT items
 * read in enc.  Returns the subtree opened by the first top-level item, or
 * tree when it opened none. */
proto_tree *ipmsg_tree_add_items(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint len,
                                 const struct ipmsg_msg *msg, enum ipmsg_text_encoding enc);

/* One line of text for a column: control bytes as \xNN. */
const char *ipmsg_tree_printable(wmem_allocator_t *scope, const char *text);

/* If the capture cut the packet short, throws the bounds exception that makes
 * Wireshark mark it "[Packet size limited during capture]".  Call last. */
void ipmsg_tree_mark_truncation(tvbuff_t *tvb);

#endif
