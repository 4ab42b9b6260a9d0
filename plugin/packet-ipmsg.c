/* IP Messenger (IPMsg, FeiQ, iptux) on UDP port 2425: protocol registration,
 * preferences, the UDP and heuristic dissectors.
 *
 * Parsing is the core's job (core/ipmsg.h); ipmsg-tree.c turns its items
 * into the tree, ipmsg-registration.c makes the fields from its tables and
 * packet-ipmsg-tcp.c handles TCP.  ipmsg-conversation.c links requests and
 * replies and keeps the host table, ipmsg-files.c follows file transfers and
 * exports them, ipmsg-stats.c feeds Statistics > IPMsg.
 */
#include "packet-ipmsg.h"

#include "ipmsg.h"
#include "ipmsg-charset.h"
#include "ipmsg-conversation.h"
#include "ipmsg-decrypt.h"
#include "ipmsg-files.h"
#include "ipmsg-registration.h"
#include "ipmsg-stats.h"
#include "ipmsg-tree.h"

int proto_ipmsg = -1;

static dissector_handle_t ipmsg_udp_handle;

proto_tree *ipmsg_protocol_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item **item)
{
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "IPMsg");
    col_clear(pinfo->cinfo, COL_INFO);
    *item = tree ? proto_tree_add_item(tree, proto_ipmsg, tvb, 0, -1, ENC_NA) : NULL;   /* NULL: nothing to add to */
    return proto_item_add_subtree(*item, ett_ipmsg);
}

static int dissect_ipmsg_udp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    struct ipmsg_dissected parsed;
    proto_item *item;
    proto_tree *ipmsg_tree = ipmsg_protocol_tree(tvb, pinfo, tree, &item);

    ipmsg_tree_dissect(tvb, pinfo, ipmsg_tree, tvb_captured_length(tvb), IPMSG_UDP, &parsed);
    /* Not copied: the summary lives in the packet pool, which outlasts the
     * columns' use (they are read before the dissection is reset). */
    col_set_str(pinfo->cinfo, COL_INFO, parsed.summary);
    /* set, not appended: appending renders the label first */
    proto_item_set_text(item, "IP Messenger, %s", parsed.summary);
    /* issue 8: plaintext of encrypted bodies (may rewrite the Info column) */
    ipmsg_decrypt_dissect(tvb, pinfo, ipmsg_tree, &parsed);
    ipmsg_conversation_dissect(tvb, pinfo, ipmsg_tree, &parsed);
    ipmsg_stats_tap_header(pinfo, &parsed, tvb_reported_length(tvb));
    ipmsg_tree_mark_truncation(tvb);
    return (int)tvb_reported_length(tvb);
}

/* For IPMsg on other ports: the core's cheap, strict test decides. */
static ipmsg_heur_result dissect_ipmsg_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    guint len = tvb_captured_length(tvb);

    if (len == 0 || !ipmsg_looks_like(tvb_get_ptr(tvb, 0, (gint)len), len))
        return FALSE;
    dissect_ipmsg_udp(tvb, pinfo, tree, data);
    return TRUE;
}

void proto_register_ipmsg(void)
{
    module_t *prefs_module;

    proto_ipmsg = proto_register_protocol("IP Messenger", "IPMsg", "ipmsg");
    ipmsg_register_fields(proto_ipmsg);

    prefs_module = prefs_register_protocol(proto_ipmsg, NULL);
    ipmsg_charset_register(prefs_module);
    ipmsg_decrypt_register(prefs_module);   /* issue 8: the RSA keys list */
    ipmsg_conversation_register(proto_ipmsg, prefs_module);
    ipmsg_files_register(proto_ipmsg);
    ipmsg_stats_register_tap();

    ipmsg_udp_handle = register_dissector("ipmsg", dissect_ipmsg_udp, proto_ipmsg);
    ipmsg_tcp_register(prefs_module);
}

void proto_reg_handoff_ipmsg(void)
{
    /* Also creates the ipmsg.udp.port preference and the Decode As entry. */
    dissector_add_uint_with_preference("udp.port", IPMSG_PORT, ipmsg_udp_handle);
    heur_dissector_add("udp", dissect_ipmsg_heur, "IPMsg over UDP", "ipmsg_udp", proto_ipmsg,
                       HEURISTIC_ENABLE);
    ipmsg_tcp_handoff();
}
