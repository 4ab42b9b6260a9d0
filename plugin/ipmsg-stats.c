/* Statistics > IPMsg > Commands and > Hosts (see ipmsg-stats.h).
 *
 * The dissectors queue one struct ipmsg_tap_info per IPMsg frame on the
 * "ipmsg" tap; the trees only count.  Host nodes are named by address (a
 * node's name cannot change), and below each, every user@host its headers
 * carried counts its packets.  Byte nodes count bytes: their Count column is
 * a sum, and their Percent column compares it with the host's packets. */
#include "ipmsg-stats.h"

#include <epan/tap.h>
#include <epan/to_str.h>

#define MODE_SENDMSG 0x20
#define MODE_FEIQ_GROUPMSG 0x23
#define MODE_IPTUX_SENDMSG 0xFB

static int ipmsg_tap = -1;

static const char st_packets[] = "IPMsg packets";
static const char st_commands[] = "Commands";
static const char st_dialects[] = "Dialects";
static const char st_data[] = "File data segments (TCP)";
static const char st_hosts[] = "IPMsg hosts";
static const char st_bytes[] = "Bytes sent (IPMsg payload)";
static const char st_file_bytes[] = "File bytes sent (TCP)";
static int st_node_packets = -1, st_node_commands = -1, st_node_dialects = -1;
static int st_node_hosts = -1, st_node_bytes = -1, st_node_file_bytes = -1;

void ipmsg_stats_register_tap(void)
{
    ipmsg_tap = register_tap("ipmsg");
}

static const char *command_label(packet_info *pinfo, const struct ipmsg_msg *msg)
{
    if (msg->dialect == IPMSG_DIALECT_IPDICT)
        return "IPDict";
    if (!msg->header_ok)
        return "Malformed header";
    if (!msg->command_ok)
        return "Invalid command";
    if (msg->cmd == NULL)
        return wmem_strdup_printf(pinfo->pool, "Unknown command 0x%02x", msg->mode);
    return msg->cmd->name;
}

void ipmsg_stats_tap_header(packet_info *pinfo, const struct ipmsg_dissected *d, guint32 bytes)
{
    const struct ipmsg_msg *msg = d->msg;
    struct ipmsg_tap_info *info;

    if (!have_tap_listener(ipmsg_tap) || pinfo->flags.in_error_pkt)
        return;
    info = wmem_new0(pinfo->pool, struct ipmsg_tap_info);
    info->has_header = true;
    info->command = command_label(pinfo, msg);
    info->dialect = (guint8)msg->dialect;
    info->message = msg->command_ok && msg->cmd &&
                    (msg->mode == MODE_SENDMSG || msg->mode == MODE_IPTUX_SENDMSG || msg->mode == MODE_FEIQ_GROUPMSG);
    info->files = msg->n_files;
    info->bytes = bytes;
    if (msg->header_ok) {
        const char *user = ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_user, msg->user);
        const char *host = ipmsg_tree_name_text(pinfo->pool, d, msg->utf8_host, msg->host);
        info->sender = ipmsg_tree_printable(pinfo->pool,
                                            wmem_strdup_printf(pinfo->pool, "%s@%s", user ? user : "", host ? host : ""));
    }
    tap_queue_packet(ipmsg_tap, pinfo, info);
}

void ipmsg_stats_tap_data(packet_info *pinfo, guint32 bytes, bool file)
{
    struct ipmsg_tap_info *info;

    if (!have_tap_listener(ipmsg_tap) || pinfo->flags.in_error_pkt)
        return;
    info = wmem_new0(pinfo->pool, struct ipmsg_tap_info);
    info->command = st_data;
    info->bytes = bytes;
    info->file_bytes = file ? bytes : 0;
    tap_queue_packet(ipmsg_tap, pinfo, info);
}

/* ---- IPMsg/Commands: -z ipmsg,tree ------------------------------------------------ */

static void commands_init(stats_tree *st)
{
    st_node_packets = stats_tree_create_node(st, st_packets, 0, STAT_DT_INT, TRUE);
    st_node_commands = stats_tree_create_node(st, st_commands, st_node_packets, STAT_DT_INT, TRUE);
    st_node_dialects = stats_tree_create_node(st, st_dialects, st_node_packets, STAT_DT_INT, TRUE);
}

static tap_packet_status commands_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                         const void *data, tap_flags_t flags _U_)
{
    const struct ipmsg_tap_info *info = data;
    const char *dialect = ipmsg_dialect_name((enum ipmsg_dialect)info->dialect);

    tick_stat_node(st, st_packets, 0, FALSE);
    if (!info->has_header) {
        tick_stat_node(st, st_data, st_node_packets, FALSE);
        return TAP_PACKET_REDRAW;
    }
    tick_stat_node(st, st_commands, st_node_packets, TRUE);
    int cmd = tick_stat_node(st, info->command, st_node_commands, TRUE);
    tick_stat_node(st, dialect, cmd, FALSE);
    tick_stat_node(st, st_dialects, st_node_packets, TRUE);
    tick_stat_node(st, dialect, st_node_dialects, FALSE);
    return TAP_PACKET_REDRAW;
}

/* ---- IPMsg/Hosts: -z ipmsg_hosts,tree -------------------------------------------- */

static void hosts_init(stats_tree *st)
{
    st_node_hosts = stats_tree_create_node(st, st_hosts, 0, STAT_DT_INT, TRUE);
    /* Byte totals in trees of their own: under a host (a packet count) their
     * percentage would be meaningless; here it is each host's share. */
    st_node_bytes = stats_tree_create_node(st, st_bytes, 0, STAT_DT_INT, TRUE);
    st_node_file_bytes = stats_tree_create_node(st, st_file_bytes, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status hosts_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data,
                                      tap_flags_t flags _U_)
{
    const struct ipmsg_tap_info *info = data;
    const char *src = address_to_str(pinfo->pool, &pinfo->src);

    tick_stat_node(st, st_hosts, 0, FALSE);
    int host = tick_stat_node(st, src, st_node_hosts, TRUE);   /* a host's count: packets it sent */
    if (info->sender != NULL)
        tick_stat_node(st, info->sender, host, FALSE);          /* ... and the names it used */
    gint bytes = (gint)MIN(info->bytes, (guint32)G_MAXINT);
    increase_stat_node(st, st_bytes, 0, FALSE, bytes);
    increase_stat_node(st, src, st_node_bytes, FALSE, bytes);
    if (info->file_bytes > 0) {
        gint file_bytes = (gint)MIN(info->file_bytes, (guint32)G_MAXINT);
        increase_stat_node(st, st_file_bytes, 0, FALSE, file_bytes);
        increase_stat_node(st, src, st_node_file_bytes, FALSE, file_bytes);
    }
    if (info->files > 0)
        increase_stat_node(st, "Files offered", host, FALSE, (gint)info->files);
    if (info->message) {
        tick_stat_node(st, "Messages sent", host, FALSE);
        int to = increase_stat_node(st, address_to_str(pinfo->pool, &pinfo->dst), st_node_hosts, TRUE, 0);
        tick_stat_node(st, "Messages received", to, FALSE);
    }
    return TAP_PACKET_REDRAW;
}

void ipmsg_stats_register_trees(void)
{
    /* newer releases return the tree's configuration, 4.0 nothing; it is not needed */
    stats_tree_register_plugin("ipmsg", "ipmsg", "IPMsg" IPMSG_STATS_MENU_SEP "Commands and dialects", 0,
                               commands_packet, commands_init, NULL);
    stats_tree_register_plugin("ipmsg", "ipmsg_hosts", "IPMsg" IPMSG_STATS_MENU_SEP "Hosts", 0, hosts_packet,
                               hosts_init, NULL);
}
