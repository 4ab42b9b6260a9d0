/* IPMsg on TCP port 2425: file transfer and iptux SENDSUBLAYER.
 *
 * A connection carries one request header, an ordinary IPMsg packet ending
 * at its first NUL (GETFILEDATA, GETDIRFILES, iptux SENDSUBLAYER), followed
 * by raw bytes with no framing: from the other side for file requests, from
 * the requester itself for SENDSUBLAYER.  The header may arrive in several
 * segments; it is reassembled.  What the first pass learns (who asked, for
 * what, in which frame) is kept per connection, and each frame's role is
 * kept per frame so that later passes show the same.
 */
#include "packet-ipmsg.h"

#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/expert.h>
#include <epan/proto_data.h>

#include "ipmsg.h"
#include "ipmsg-conversation.h"
#include "ipmsg-files.h"
#include "ipmsg-registration.h"
#include "ipmsg-stats.h"
#include "ipmsg-tree.h"

/* Longest request header worth waiting for: real ones are under 200 bytes
 * and iptux reads at most 8192. */
#define MAX_REQUEST_LEN 8192

static int hf_ipmsg_request_in = -1;
static ipmsg_pref_bool desegment_requests;
static dissector_handle_t ipmsg_tcp_handle;

/* What data frames show about the request they follow. */
struct tcp_request {
    guint32 frame;          /* where the request header is */
    const char *command;    /* the core's command name, NULL if unknown */
    bool sublayer;          /* iptux SENDSUBLAYER: the requester sends the data */
    bool file_request;      /* GETFILEDATA / GETDIRFILES: number + file id name a file */
    bool has_number;
    guint64 number;         /* the attachment's packet number (SENDSUBLAYER: its own) */
    guint32 file_id;
    guint64 offset;
    struct ipmsg_transfer *transfer;   /* GETFILEDATA / GETDIRFILES: what the answer is (ipmsg-files.c) */
};

/* Per connection, built on the first pass only. */
struct tcp_connection {
    bool have_request;
    address requester;
    guint32 requester_port;
    struct tcp_request request;
};

enum tcp_role {
    ROLE_REQUEST,    /* the request header (and maybe data after it) */
    ROLE_FILE_DATA,  /* the transfer the request asked for */
    ROLE_DATA        /* bytes with no request to explain them */
};

/* Per frame, stored on the first pass. */
struct tcp_frame {
    enum tcp_role role;
    guint request_len;           /* ROLE_REQUEST: header bytes up to and including the NUL */
    bool have_request;
    struct tcp_request request;  /* valid when have_request */
};

static struct tcp_connection *connection_state(packet_info *pinfo)
{
    conversation_t *conversation = find_or_create_conversation(pinfo);
    struct tcp_connection *conn = conversation_get_proto_data(conversation, proto_ipmsg);

    if (conn == NULL) {
        conn = wmem_new0(wmem_file_scope(), struct tcp_connection);
        conversation_add_proto_data(conversation, proto_ipmsg, conn);
    }
    return conn;
}

static void request_from_msg(const struct ipmsg_msg *msg, guint32 frame, struct tcp_request *req)
{
    enum ipmsg_body body = msg->cmd ? msg->cmd->body : IPMSG_BODY_NONE;

    memset(req, 0, sizeof *req);
    req->frame = frame;
    req->command = msg->cmd ? msg->cmd->name : NULL;
    req->sublayer = body == IPMSG_BODY_IPTUX_SUBLAYER;
    req->file_request = body == IPMSG_BODY_FILEREQ || body == IPMSG_BODY_DIRREQ;
    req->file_id = msg->file_id;
    req->offset = msg->file_offset;
    if (msg->has_ref_packet_no) {
        req->has_number = true;
        req->number = msg->ref_packet_no;
    } else if (!req->file_request && msg->packet_no_ok) {
        req->has_number = true;
        req->number = msg->packet_no;
    }
}

/* "GETFILEDATA #1700000020 file 0" */
static const char *request_label(wmem_allocator_t *scope, const struct tcp_request *req)
{
    wmem_strbuf_t *label = wmem_strbuf_new(scope, req->command ? req->command : "request");

    if (req->has_number)
        wmem_strbuf_append_printf(label, " #%" G_GUINT64_FORMAT, req->number);
    if (req->file_request)
        wmem_strbuf_append_printf(label, " file %u", req->file_id);
    return wmem_strbuf_get_str(label);
}

/* Could these bytes begin a request header?  The core's test wants a whole,
 * well-formed header; a first segment may hold only part of one, and a
 * malformed request should still be shown as one, so a '1' followed by text
 * up to the first NUL (or the end) also counts. */
static bool starts_like_request(const guint8 *bytes, guint len)
{
    guint i;

    if (ipmsg_looks_like(bytes, len))
        return true;
    if (bytes[0] != '1')
        return false;
    for (i = 0; i < len && bytes[i] >= 0x20; i++)
        ;
    return i == len || bytes[i] == '\0';
}

/* Wait for the next segment unless this one ends the stream: TCP hands
 * pending data back at a FIN only for until-FIN reassembly, so a header
 * still without its NUL when the sender closes is shown as it is. */
static bool may_wait_for_more(tvbuff_t *tvb, packet_info *pinfo, guint captured, const struct tcpinfo *tcp)
{
    return IPMSG_PREF_BOOL_GET(&desegment_requests) && pinfo->can_desegment &&
           !PINFO_FD_VISITED(pinfo) && captured == tvb_reported_length(tvb) &&
           captured < MAX_REQUEST_LEN && !(tcp && (tcp->flags & TH_FIN));
}

/* Decides what this frame holds.  Returns false when a request header has
 * no NUL yet and TCP was asked for the next segment. */
static bool classify(tvbuff_t *tvb, packet_info *pinfo, const struct tcp_connection *conn,
                     const struct tcpinfo *tcp, struct tcp_frame *frame)
{
    guint captured = tvb_captured_length(tvb);
    const guint8 *bytes;

    memset(frame, 0, sizeof *frame);
    if (conn->have_request) {
        bool from_requester = addresses_equal(&pinfo->src, &conn->requester) &&
                              pinfo->srcport == conn->requester_port;

        frame->have_request = true;
        frame->request = conn->request;
        frame->role = from_requester && !conn->request.sublayer ? ROLE_DATA : ROLE_FILE_DATA;
        return true;
    }

    frame->role = ROLE_DATA;
    if (captured == 0)
        return true;
    bytes = tvb_get_ptr(tvb, 0, (gint)captured);
    if (!starts_like_request(bytes, captured))
        return true;

    frame->role = ROLE_REQUEST;
    frame->request_len = (guint)MIN(ipmsg_tcp_request_len(bytes, captured), captured);
    if (frame->request_len == 0) {
        if (may_wait_for_more(tvb, pinfo, captured, tcp)) {
            pinfo->desegment_offset = 0;
            pinfo->desegment_len = DESEGMENT_ONE_MORE_SEGMENT;
            return false;
        }
        frame->request_len = captured;   /* show what there is; the core reports the missing NUL */
    }
    return true;
}

/* Bytes from offset on, as file data or plain data; returns the Info text. */
static const char *add_payload(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint offset,
                               enum tcp_role role, const struct tcp_request *req, bool show_request,
                               const struct tcpinfo *tcp)
{
    guint captured = tvb_captured_length(tvb);
    guint size = tvb_reported_length(tvb) - offset;
    proto_item *pi;

    if (req != NULL && show_request) {
        pi = proto_tree_add_uint(tree, hf_ipmsg_request_in, tvb, 0, 0, req->frame);
        proto_item_set_generated(pi);
        if (req->file_request) {
            pi = proto_tree_add_uint64(tree, hf_ipmsg_field[IPMSG_F_REQ_PACKET_NO], tvb, 0, 0, req->number);
            proto_item_set_generated(pi);
            pi = proto_tree_add_uint(tree, hf_ipmsg_field[IPMSG_F_REQ_FILE_ID], tvb, 0, 0, req->file_id);
            proto_item_set_generated(pi);
            pi = proto_tree_add_uint64(tree, hf_ipmsg_field[IPMSG_F_REQ_OFFSET], tvb, 0, 0, req->offset);
            proto_item_set_generated(pi);
        }
    }
    ipmsg_stats_tap_data(pinfo, size, role == ROLE_FILE_DATA);
    if (role == ROLE_FILE_DATA && req != NULL && req->transfer != NULL) {
        const char *info = ipmsg_files_data(tvb, pinfo, tree, offset, req->transfer, tcp,
                                            request_label(pinfo->pool, req));
        if (info != NULL)
            return info;
    }
    proto_tree_add_item(tree, hf_ipmsg_field[role == ROLE_FILE_DATA ? IPMSG_F_FILE_DATA : IPMSG_F_DATA],
                        tvb, (gint)offset, (gint)(captured - offset), ENC_NA);

    if (req == NULL)
        return wmem_strdup_printf(pinfo->pool, "Data, %u bytes (no request seen)", size);
    if (role == ROLE_FILE_DATA)
        return wmem_strdup_printf(pinfo->pool, "File data, %u bytes (%s)", size,
                                  request_label(pinfo->pool, req));
    return wmem_strdup_printf(pinfo->pool, "Data, %u bytes (after %s)", size,
                              request_label(pinfo->pool, req));
}

static void dissect_request(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                            struct tcp_connection *conn, const struct tcp_frame *frame, proto_item *item,
                            const struct tcpinfo *tcp)
{
    struct ipmsg_dissected parsed;
    struct tcp_request req;

    ipmsg_tree_dissect(tvb, pinfo, tree, frame->request_len, IPMSG_TCP, &parsed);
    if (tvb_find_uint8(tvb, 0, (gint)frame->request_len, 0) < 0)
        proto_tree_add_expert(tree, pinfo, &ei_ipmsg_problem[IPMSG_P_TCP_INCOMPLETE], tvb, 0,
                              (gint)frame->request_len);
    col_add_str(pinfo->cinfo, COL_INFO, parsed.summary);
    proto_item_append_text(item, ", %s", parsed.summary);

    request_from_msg(parsed.msg, pinfo->num, &req);
    ipmsg_conversation_dissect(tvb, pinfo, tree, &parsed);
    req.transfer = ipmsg_files_request(tvb, pinfo, tree, &parsed);
    ipmsg_stats_tap_header(pinfo, &parsed, frame->request_len);
    if (!PINFO_FD_VISITED(pinfo)) {
        conn->have_request = true;
        copy_address_wmem(wmem_file_scope(), &conn->requester, &pinfo->src);
        conn->requester_port = pinfo->srcport;
        conn->request = req;
    }
    if (frame->request_len < tvb_captured_length(tvb)) {
        const char *info = add_payload(tvb, pinfo, tree, frame->request_len,
                                       req.sublayer ? ROLE_FILE_DATA : ROLE_DATA, &req, false, tcp);
        col_append_fstr(pinfo->cinfo, COL_INFO, "; %s", info);
    }
}

static int dissect_ipmsg_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    struct tcp_connection *conn = connection_state(pinfo);
    struct tcp_frame *frame = p_get_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_TCP);
    struct tcp_frame fresh;
    proto_item *item;
    proto_tree *ipmsg_tree;

    if (frame == NULL) {
        if (!classify(tvb, pinfo, conn, (const struct tcpinfo *)data, &fresh))
            return (int)tvb_captured_length(tvb);   /* waiting for the rest of the header */
        frame = &fresh;
        if (!PINFO_FD_VISITED(pinfo)) {
            frame = wmem_memdup(wmem_file_scope(), &fresh, sizeof fresh);
            p_add_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_TCP, frame);
        }
    }

    ipmsg_tree = ipmsg_protocol_tree(tvb, pinfo, tree, &item);
    if (frame->role == ROLE_REQUEST) {
        dissect_request(tvb, pinfo, ipmsg_tree, conn, frame, item, (const struct tcpinfo *)data);
    } else {
        const char *info = add_payload(tvb, pinfo, ipmsg_tree, 0, frame->role,
                                       frame->have_request ? &frame->request : NULL, true,
                                       (const struct tcpinfo *)data);
        col_add_str(pinfo->cinfo, COL_INFO, info);
        proto_item_append_text(item, ", %s", info);
        ipmsg_conversation_sender(tvb, pinfo, ipmsg_tree);
    }
    ipmsg_tree_mark_truncation(tvb);
    return (int)tvb_captured_length(tvb);
}

void ipmsg_tcp_register(module_t *prefs_module)
{
    static hf_register_info hf[] = {
        { &hf_ipmsg_request_in,
          { "Request in", "ipmsg.request_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0,
            "The frame holding the TCP request this data belongs to", HFILL } },
    };

    proto_register_field_array(proto_ipmsg, hf, array_length(hf));

    *IPMSG_PREF_BOOL_PTR(&desegment_requests) = TRUE;
    prefs_register_bool_preference(prefs_module, "desegment", "Reassemble TCP requests split across segments",
        "Whether a TCP request header (GETFILEDATA, GETDIRFILES, SENDSUBLAYER) that arrives in "
        "several segments is reassembled. To use this, enable \"Allow subdissectors to reassemble "
        "TCP streams\" in the TCP protocol settings.",
        IPMSG_PREF_BOOL_PTR(&desegment_requests));

    ipmsg_tcp_handle = register_dissector("ipmsg_tcp", dissect_ipmsg_tcp, proto_ipmsg);
}

void ipmsg_tcp_handoff(void)
{
    /* Also creates the ipmsg.tcp.port preference and the Decode As entry. */
    dissector_add_uint_with_preference("tcp.port", IPMSG_PORT, ipmsg_tcp_handle);
}
