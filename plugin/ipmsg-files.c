/* Files over TCP.
 *
 * A GETFILEDATA or GETDIRFILES request names an attachment by the offer's
 * packet number and the file id; ipmsg-conversation.c finds the offer, and
 * this file follows the answer:
 *   GETFILEDATA   raw bytes from the requested offset until the server
 *                 closes.  Each data frame shows the file, where in it the
 *                 frame starts and how much has arrived.  The transfer is
 *                 complete when it reaches the offered size (announced size
 *                 minus offset); more, or less by the end, is a size mismatch.
 *   GETDIRFILES   the directory stream, parsed record by record by the core
 *                 (ipmsg_dirstream_next).  A header cut by a segment boundary
 *                 is kept (at most IPMSG_DIR_MAX_HEADER bytes) and parsed with
 *                 the next segment, where it shows in a "Reassembled directory
 *                 header" tab; contents are never buffered for display.
 * Files that crossed are kept (up to EXPORT_MAX bytes each) for File >
 * Export Objects > IPMsg and tshark --export-objects ipmsg,DIR, named after
 * the offer ("a:b.txt") or their path in the directory ("photos/x.jpg").
 *
 * The end of a transfer: the segment with the server's FIN ends it on every
 * pass; otherwise only after the first pass is it known which data frame was
 * the last, so a transfer that stops short of its size (or a directory
 * stream that stops inside a record) is reported, and its partial file
 * exported, only then (tshark -2, the GUI).
 *
 * As everywhere in the plugin, the first pass builds the state and stores
 * per frame what later passes need: for the directory stream, the parser's
 * state at the start of the frame and the carried header bytes, so that the
 * frame can be walked again for display exactly as it was the first time.
 */
#include "ipmsg-files.h"

#include <epan/expert.h>
#include <epan/export_object.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "packet-ipmsg.h"
#include "ipmsg-conversation.h"
#include "ipmsg-registration.h"

#define EXPORT_MAX (256u * 1024u * 1024u)   /* bytes kept per file for Export Objects */
#define FILE_TYPE_DIR 2
#define FILE_TYPE_RETPARENT 3

static int hf_transfer_file = -1;
static int hf_transfer_offer_in = -1;
static int hf_transfer_size = -1;
static int hf_transfer_position = -1;
static int hf_transfer_received = -1;
static int hf_dir_path = -1;
static int hf_dir_header_part = -1;
static expert_field ei_size_mismatch = EI_INIT;
static expert_field ei_offset_ignored = EI_INIT;
static expert_field ei_missing = EI_INIT;
static expert_field ei_repeated = EI_INIT;
static int eo_tap = -1;

/* A file for Export Objects (file scope). */
struct export {
    const char *name;
    const char *host;
    wmem_array_t *data;     /* NULL when not kept (too large, encrypted, cut by the capture) */
    guint64 length;         /* bytes that belong to it */
};

struct ipmsg_transfer {
    bool directory;                 /* GETDIRFILES */
    bool encrypted;                 /* IPMSG_ENCFILEOPT / IPMSG_ENCRYPTOPT: the bytes are ciphertext */
    guint32 request_frame;
    guint64 packet_no;
    guint32 file_id;
    guint64 offset;                 /* where the data starts in the file */
    bool offset_ignored;            /* asked for an offset an iptux server ignores */
    const struct ipmsg_offered_file *offer;   /* NULL when the offer is not in the capture */
    enum ipmsg_text_encoding enc;   /* of the names in a directory stream */
    const char *host;               /* the server, for Export Objects */
    /* built on the first pass */
    bool have_seq;                  /* next_seq is set */
    guint32 next_seq;               /* TCP sequence number of the next new byte */
    bool lost;                      /* the capture missed bytes of it: nothing to export */
    guint64 received;               /* bytes from the server so far */
    guint32 last_frame;             /* latest data frame (the last one after the first pass) */
    guint32 end_frame;              /* the frame known on the first pass to end it, or 0 */
    struct export *object;          /* GETFILEDATA: the file */
    guint32 complete_frame;         /* GETFILEDATA: where it reached the offered size, or 0 */
    struct ipmsg_dirstream ds;      /* GETDIRFILES */
    guint8 *pending;                /* a header cut off at the end of the last frame */
    guint32 n_pending;
    const char *dir_path;           /* directory open now ("" at the top) */
    const char *file_path;          /* file whose contents come next, or NULL */
    struct export *file;            /* its export */
};

/* Per frame, stored on the first pass. */
struct file_frame {
    struct ipmsg_transfer *t;
    guint64 before;                 /* bytes of the transfer before this frame */
    guint32 len;                    /* new bytes in this frame (after any repeated ones) */
    guint32 repeated;               /* bytes at its start that a retransmission repeats */
    guint32 missing;                /* bytes the capture lost just before it */
    bool raw;                       /* directory stream not parsed here (ciphertext, lost bytes) */
    bool at_end;                    /* the server's FIN is in this segment */
    /* directory stream: how things stood when the frame began */
    struct ipmsg_dirstream ds;
    const guint8 *prefix;           /* header bytes carried over */
    guint32 n_prefix;
    const char *dir_path;
    const char *file_path;
    wmem_array_t *exports;          /* struct export *: files complete in this frame */
};

/* ---- helpers ----------------------------------------------------------------- */

static guint64 expected_size(const struct ipmsg_transfer *t)
{
    if (t->offer == NULL || !t->offer->has_size || t->offset > t->offer->size)
        return G_MAXUINT64;
    return t->offer->size - t->offset;
}

/* A name as one path component: no separators, never "." or "..". */
static const char *component(wmem_allocator_t *scope, const char *name)
{
    char *c;

    if (name == NULL || *name == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return "_";
    c = wmem_strdup(scope, name);
    for (char *p = c; *p; p++)
        if (*p == '/' || *p == '\\')
            *p = '_';
    return c;
}

static const char *path_join(wmem_allocator_t *scope, const char *dir, const char *name)
{
    return *dir ? wmem_strdup_printf(scope, "%s/%s", dir, name) : wmem_strdup(scope, name);
}

static const char *path_parent(wmem_allocator_t *scope, const char *dir)
{
    const char *slash = strrchr(dir, '/');
    return slash ? wmem_strndup(scope, dir, (size_t)(slash - dir)) : "";
}

static struct export *new_export(const struct ipmsg_transfer *t, const char *name)
{
    struct export *x = wmem_new0(wmem_file_scope(), struct export);

    x->name = name;
    x->host = t->host;
    if (!t->encrypted)
        x->data = wmem_array_new(wmem_file_scope(), 1);
    return x;
}

static void keep_bytes(struct export *x, const guint8 *bytes, guint len)
{
    if (x == NULL)
        return;
    if (x->data != NULL && wmem_array_get_count(x->data) + (guint64)len > EXPORT_MAX)
        x->data = NULL;   /* too large to keep */
    if (x->data != NULL)
        wmem_array_append(x->data, bytes, len);
    x->length += len;
}

static void add_export(struct file_frame *ff, struct export *x)
{
    if (ff->exports == NULL)
        ff->exports = wmem_array_new(wmem_file_scope(), sizeof x);   /* an array of pointers */ // NOLINT(bugprone-sizeof-expression)
    wmem_array_append_one(ff->exports, x);
}

static void queue_export(packet_info *pinfo, struct export *x)
{
    if (x != NULL && x->data != NULL && have_tap_listener(eo_tap))
        tap_queue_packet(eo_tap, pinfo, x);
}

/* Is this the frame where the transfer ended?  Known on the first pass when
 * the server's FIN came with data; otherwise only after it. */
static bool ends_here(const struct ipmsg_transfer *t, const packet_info *pinfo)
{
    if (t->end_frame != 0)
        return t->end_frame == pinfo->num;
    return PINFO_FD_VISITED(pinfo) && t->last_frame == pinfo->num;
}

/* ---- the request ------------------------------------------------------------- */

static void add_offer(tvbuff_t *tvb, proto_tree *tree, const struct ipmsg_transfer *t)
{
    proto_item *pi;

    if (t->offer == NULL)
        return;
    pi = proto_tree_add_string(tree, hf_transfer_file, tvb, 0, 0, t->offer->name ? t->offer->name : "");
    proto_item_set_generated(pi);
    if ((t->offer->attr & 0xff) == FILE_TYPE_DIR)
        proto_item_append_text(pi, " (directory)");
    pi = proto_tree_add_uint(tree, hf_transfer_offer_in, tvb, 0, 0, t->offer->offer_frame);
    proto_item_set_generated(pi);
    if (t->offer->has_size) {
        pi = proto_tree_add_uint64(tree, hf_transfer_size, tvb, 0, 0, t->offer->size);
        proto_item_set_generated(pi);
    }
}

struct ipmsg_transfer *ipmsg_files_request(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                           const struct ipmsg_dissected *d)
{
    const struct ipmsg_msg *msg = d->msg;
    struct file_frame *ff = p_get_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_FILES);

    if (ff == NULL && !PINFO_FD_VISITED(pinfo) && !pinfo->flags.in_error_pkt && msg->cmd != NULL &&
        msg->has_ref_packet_no && msg->has_file_id &&
        (msg->cmd->body == IPMSG_BODY_FILEREQ || msg->cmd->body == IPMSG_BODY_DIRREQ)) {
        struct ipmsg_transfer *t = wmem_new0(wmem_file_scope(), struct ipmsg_transfer);

        t->directory = msg->cmd->body == IPMSG_BODY_DIRREQ;
        t->encrypted = (msg->options & (IPMSG_ENCFILEOPT | IPMSG_ENCRYPTOPT)) != 0;
        t->request_frame = pinfo->num;
        t->packet_no = msg->ref_packet_no;
        t->file_id = msg->file_id;
        t->offset = t->directory ? 0 : msg->file_offset;
        t->offer = ipmsg_conversation_offered_file(pinfo, msg->file_id);
        /* iptux 0.8.3 reads only the file id and always sends from byte 0 */
        t->offset_ignored = t->offset > 0 && t->offer != NULL && t->offer->from_iptux;
        if (t->offset_ignored)
            t->offset = 0;
        /* Names: UTF-8 when asked for (IPMSG_UTF8OPT) or from iptux, GB18030 from
         * FeiQ; otherwise UTF-8 with the legacy charset as fallback. */
        t->enc = (msg->options & IPMSG_UTF8OPT) || msg->dialect == IPMSG_DIALECT_IPTUX ? IPMSG_ENC_UTF8
                 : msg->dialect == IPMSG_DIALECT_FEIQ ? IPMSG_ENC_GB18030 : IPMSG_ENC_UTF8;
        t->host = address_to_str(wmem_file_scope(), &pinfo->dst);
        t->dir_path = "";
        ff = wmem_new0(wmem_file_scope(), struct file_frame);
        ff->t = t;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_FILES, ff);
    }
    if (ff == NULL)
        return NULL;
    add_offer(tvb, tree, ff->t);
    if (ff->t->offset_ignored)
        proto_tree_add_expert(tree, pinfo, &ei_offset_ignored, tvb, 0, 0);
    return ff->t;
}

/* ---- GETFILEDATA ----------------------------------------------------------- */

static void file_first_pass(struct file_frame *ff, const guint8 *bytes, guint captured, guint reported,
                            packet_info *pinfo)
{
    struct ipmsg_transfer *t = ff->t;
    guint64 expected = expected_size(t);

    if (t->object == NULL) {
        const char *name = t->offer && t->offer->name ? component(wmem_file_scope(), t->offer->name)
                           : wmem_strdup_printf(wmem_file_scope(), "ipmsg-%" G_GINT64_MODIFIER "x-%x", t->packet_no,
                                                t->file_id);
        if (t->offset > 0)
            name = wmem_strdup_printf(wmem_file_scope(), "%s (from byte %" G_GUINT64_FORMAT ")", name, t->offset);
        t->object = new_export(t, name);
    }
    if (t->complete_frame == 0) {
        keep_bytes(t->object, bytes, captured);
        if (captured < reported || t->lost)
            t->object->data = NULL;   /* the capture lost bytes of it */
    }
    t->received += reported;
    if (t->complete_frame == 0 && expected != G_MAXUINT64 && t->received >= expected) {
        t->complete_frame = pinfo->num;
        add_export(ff, t->object);
    }
    if (ff->at_end && t->complete_frame == 0)
        add_export(ff, t->object);   /* closed short of the size, or the size is unknown */
}

static const char *file_data(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint offset,
                             const struct file_frame *ff, const char *request_label)
{
    const struct ipmsg_transfer *t = ff->t;
    guint64 expected = expected_size(t);
    guint64 total = ff->before + ff->len;
    const char *name = t->offer && t->offer->name ? t->offer->name : NULL;
    proto_item *pi;

    pi = proto_tree_add_uint64(tree, hf_transfer_position, tvb, 0, 0, t->offset + ff->before);
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint64(tree, hf_transfer_received, tvb, 0, 0, total);
    proto_item_set_generated(pi);
    if (expected != G_MAXUINT64)
        proto_item_append_text(pi, " of %" G_GUINT64_FORMAT, expected);
    proto_tree_add_item(tree, hf_ipmsg_field[IPMSG_F_FILE_DATA], tvb, (gint)offset, -1, ENC_NA);

    if (expected != G_MAXUINT64 && total > expected) {
        proto_tree_add_expert_format(tree, pinfo, &ei_size_mismatch, tvb, (gint)offset, -1,
                                     "Received %" G_GUINT64_FORMAT " bytes of \"%s\", more than the %" G_GUINT64_FORMAT
                                     " the offer announced%s", total, name ? name : "", expected,
                                     t->offset ? " (after the offset)" : "");
    } else if (ends_here(t, pinfo) && expected != G_MAXUINT64 && t->received < expected) {
        proto_tree_add_expert_format(tree, pinfo, &ei_size_mismatch, tvb, (gint)offset, -1,
                                     "Transfer of \"%s\" ended after %" G_GUINT64_FORMAT " of the %" G_GUINT64_FORMAT
                                     " bytes the offer announced%s", name ? name : "", t->received, expected,
                                     t->offset ? " (after the offset)" : "");
    }

    if (ff->exports != NULL) {
        for (guint i = 0; i < wmem_array_get_count(ff->exports); i++)
            queue_export(pinfo, *(struct export **)wmem_array_index(ff->exports, i));
    } else if (t->end_frame == 0 && t->complete_frame == 0 && ends_here(t, pinfo)) {
        queue_export(pinfo, t->object);
    }

    if (name)
        return wmem_strdup_printf(pinfo->pool, "File data, %u bytes of \"%s\" (%s)", ff->len, name, request_label);
    return wmem_strdup_printf(pinfo->pool, "File data, %u bytes (%s)", ff->len, request_label);
}

/* ---- GETDIRFILES ------------------------------------------------------------ */

/* Walking a frame of the directory stream: the same code runs on the first
 * pass (to learn) and on every pass (to show). */
struct dir_walk {
    struct ipmsg_transfer *t;
    struct file_frame *ff;
    bool learn;                  /* first pass: update t, keep contents */
    wmem_allocator_t *scope;     /* of the paths: file scope when learning */
    tvbuff_t *tvb;               /* the frame */
    guint offset;                /* where the stream starts in it */
    packet_info *pinfo;
    proto_tree *tree;
    const guint8 *buf;           /* prefix + the frame's bytes */
    guint len;
    tvbuff_t *joined;            /* buf as a tvb, made when an event starts in the prefix */
    const char *dir_path, *file_path;
    struct ipmsg_msg *items;     /* scratch for a header's items */
    wmem_strbuf_t *info;
    proto_tree *record;          /* subtree of the record whose header is in this frame */
};

/* The bytes of an event as a tvb: the frame's own when they are in it, the
 * reassembled buffer when they start in the carried prefix. */
static tvbuff_t *event_tvb(struct dir_walk *w, guint32 off, guint32 len)
{
    if (off >= w->ff->n_prefix)
        return tvb_new_subset_length(w->tvb, (gint)(w->offset + off - w->ff->n_prefix), (gint)len);
    if (w->joined == NULL) {
        w->joined = tvb_new_child_real_data(w->tvb, w->buf, w->len, (gint)w->len);
        add_new_data_source(w->pinfo, w->joined, "Reassembled directory stream");
    }
    return tvb_new_subset_length(w->joined, (gint)off, (gint)len);
}

static void info_add(struct dir_walk *w, const char *text)
{
    wmem_strbuf_append(w->info, wmem_strbuf_get_len(w->info) ? ", " : ": ");
    wmem_strbuf_append(w->info, text);
}

static void dir_record(struct dir_walk *w, const struct ipmsg_dir_event *ev)
{
    tvbuff_t *htvb = event_tvb(w, ev->off, ev->len);
    struct ipmsg_dir_result r;
    const char *name, *path;
    proto_item *pi;

    ipmsg_dir_header_parse(w->buf + ev->off, ev->len, &r, w->items);
    w->record = ipmsg_tree_add_items(htvb, w->pinfo, w->tree, ev->len, w->items, w->t->enc);
    name = ipmsg_tree_bytes_text(w->pinfo->pool, w->buf + ev->off + ev->hdr.name.off, ev->hdr.name.len,
                                 w->t->enc, ev->hdr.name_escaped);
    if (ev->problem != IPMSG_P_COUNT)
        proto_tree_add_expert(w->record, w->pinfo, &ei_ipmsg_problem[ev->problem], htvb, 0, (gint)ev->len);

    switch (ev->hdr.type) {
    case FILE_TYPE_DIR:
        path = path_join(w->scope, w->dir_path, component(w->pinfo->pool, name));
        w->dir_path = path;
        info_add(w, wmem_strdup_printf(w->pinfo->pool, "%s/", path));
        break;
    case FILE_TYPE_RETPARENT:
        path = w->dir_path;
        w->dir_path = path_parent(w->scope, w->dir_path);
        info_add(w, "..");
        break;
    default:
        path = path_join(w->scope, w->dir_path, component(w->pinfo->pool, name));
        info_add(w, wmem_strdup_printf(w->pinfo->pool, "%s (%" G_GUINT64_FORMAT " bytes)", path, ev->hdr.size));
        if (w->learn) {
            struct export *x = new_export(w->t, path);
            if (ev->hdr.size == 0)
                add_export(w->ff, x);   /* an empty file is complete at once */
            else
                w->t->file = x;
        }
        w->file_path = ev->hdr.size > 0 ? path : NULL;
        break;
    }
    pi = proto_tree_add_string(w->record, hf_dir_path, htvb, 0, 0, path);
    proto_item_set_generated(pi);
}

static void dir_content(struct dir_walk *w, const struct ipmsg_dir_event *ev)
{
    proto_tree *tree = w->record ? w->record : w->tree;
    proto_item *pi = proto_tree_add_item(tree, hf_ipmsg_field[IPMSG_F_DIR_CONTENT], event_tvb(w, ev->off, ev->len),
                                         0, (gint)ev->len, ENC_NA);

    proto_item_append_text(pi, " (%s, bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT ")",
                           w->file_path ? w->file_path : "?", ev->pos, ev->pos + ev->len - 1, ev->total);
    if (w->record == NULL)
        info_add(w, wmem_strdup_printf(w->pinfo->pool, "contents of %s", w->file_path ? w->file_path : "?"));
    if (w->learn) {
        keep_bytes(w->t->file, w->buf + ev->off, ev->len);
        if (ev->last && w->t->file != NULL) {
            add_export(w->ff, w->t->file);
            w->t->file = NULL;
        }
    }
    if (ev->last)
        w->file_path = NULL;
}

static void dir_broken(struct dir_walk *w, const struct ipmsg_dir_event *ev)
{
    tvbuff_t *etvb = event_tvb(w, ev->off, ev->len);
    struct ipmsg_dir_result r;

    if (ev->kind == IPMSG_DIR_EV_BAD && ev->problem != IPMSG_P_DIR_TRUNCATED) {
        ipmsg_dir_header_parse(w->buf + ev->off, ev->len, &r, w->items);
        ipmsg_tree_add_items(etvb, w->pinfo, w->tree, ev->len, w->items, w->t->enc);
    } else if (ev->problem != IPMSG_P_COUNT) {
        proto_tree_add_expert(w->tree, w->pinfo, &ei_ipmsg_problem[ev->problem], etvb, 0, (gint)ev->len);
    }
    proto_tree_add_item(w->tree, hf_ipmsg_field[IPMSG_F_DATA], etvb, 0, (gint)ev->len, ENC_NA);
    info_add(w, ev->kind == IPMSG_DIR_EV_BAD ? "not a record" : "data after the stream");
}

static void dir_partial(struct dir_walk *w, const struct ipmsg_dir_event *ev)
{
    guint32 from = MAX(ev->off, w->ff->n_prefix);
    proto_item *pi = proto_tree_add_item(w->tree, hf_dir_header_part, w->tvb,
                                         (gint)(w->offset + from - w->ff->n_prefix), (gint)(w->len - from), ENC_NA);

    if (ev->need > 0)
        proto_item_append_text(pi, " (%u of %u bytes, continued in the next segment)", w->len - ev->off, ev->need);
    else
        proto_item_append_text(pi, " (continued in the next segment)");
    info_add(w, "part of a record header");
    if (w->learn) {
        w->t->n_pending = w->len - ev->off;
        w->t->pending = wmem_memdup(wmem_file_scope(), w->buf + ev->off, w->t->n_pending);
    }
}

static const char *dir_data(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint offset, struct file_frame *ff,
                            bool learn, const char *request_label)
{
    struct ipmsg_transfer *t = ff->t;
    struct dir_walk w = {
        .t = t, .ff = ff, .learn = learn, .scope = learn ? wmem_file_scope() : pinfo->pool,
        .tvb = tvb, .offset = offset, .pinfo = pinfo, .tree = tree,
        .dir_path = ff->dir_path, .file_path = ff->file_path,
        .items = wmem_new(pinfo->pool, struct ipmsg_msg),
        .info = wmem_strbuf_new(pinfo->pool, ""),
    };
    struct ipmsg_dirstream s = ff->ds;   /* the walk for display never touches t->ds */
    struct ipmsg_dir_event ev;
    guint8 *joined;
    size_t pos = 0;

    w.len = ff->n_prefix + ff->len;
    joined = wmem_alloc(pinfo->pool, w.len ? w.len : 1);
    if (ff->n_prefix)
        memcpy(joined, ff->prefix, ff->n_prefix);
    if (ff->len)
        tvb_memcpy(tvb, joined + ff->n_prefix, offset, ff->len);
    w.buf = joined;
    if (learn)
        t->n_pending = 0;

    while (ipmsg_dirstream_next(&s, w.buf, w.len, &pos, ff->at_end, &ev)) {
        switch (ev.kind) {
        case IPMSG_DIR_EV_RECORD:  dir_record(&w, &ev); break;
        case IPMSG_DIR_EV_CONTENT: dir_content(&w, &ev); break;
        case IPMSG_DIR_EV_PARTIAL: dir_partial(&w, &ev); break;
        case IPMSG_DIR_EV_BAD:
        case IPMSG_DIR_EV_EXTRA:   dir_broken(&w, &ev); break;
        }
    }
    if (learn) {
        t->ds = s;
        t->dir_path = w.dir_path;
        t->file_path = w.file_path;
    }

    /* the end of the stream: complete, or cut inside a record or directory */
    struct export *cut = NULL;
    if (ends_here(t, pinfo)) {
        enum ipmsg_problem p = ipmsg_dirstream_end(&t->ds);
        if (p != IPMSG_P_COUNT)
            proto_tree_add_expert_format(tree, pinfo, &ei_ipmsg_problem[p], tvb, (gint)offset, -1, "%s%s%s",
                                         ipmsg_problem_infos[p].summary, t->file_path ? ": in " : "",
                                         t->file_path ? t->file_path : "");
        /* what arrived of a file cut short: known now when the FIN is in
         * this frame, else only after the first pass */
        if (t->file != NULL && learn)
            add_export(ff, t->file);
        else if (t->file != NULL && t->end_frame == 0)
            cut = t->file;
    }
    if (ff->exports != NULL)
        for (guint i = 0; i < wmem_array_get_count(ff->exports); i++)
            queue_export(pinfo, *(struct export **)wmem_array_index(ff->exports, i));
    queue_export(pinfo, cut);

    return wmem_strdup_printf(pinfo->pool, "Directory data, %u bytes (%s)%s", ff->len, request_label,
                              wmem_strbuf_get_str(w.info));
}

/* ---- data frames --------------------------------------------------------- */

/* TCP retransmissions repeat bytes, and a capture may miss some: follow the
 * sequence numbers so that repeated bytes are not taken twice, and a gap
 * stops the parsing and the export instead of corrupting them. */
static void follow_sequence(struct ipmsg_transfer *t, struct file_frame *ff, const struct tcpinfo *tcp, guint offset,
                            guint len)
{
    guint32 seq, end;

    ff->len = len;
    if (tcp == NULL || tcp->is_reassembled)
        return;
    seq = tcp->seq + offset;
    end = seq + len;
    if (t->have_seq) {
        gint32 ahead = (gint32)(seq - t->next_seq);
        if ((gint32)(end - t->next_seq) <= 0) {
            ff->repeated = len;   /* all of it seen before */
            ff->len = 0;
            return;
        }
        if (ahead < 0) {
            ff->repeated = (guint32)-ahead;
            ff->len = len - ff->repeated;
        } else if (ahead > 0) {
            ff->missing = (guint32)ahead;
            t->received += (guint32)ahead;
            t->lost = true;
            if (t->object != NULL)
                t->object->data = NULL;
            if (t->file != NULL)
                t->file->data = NULL;
            if (t->directory)
                t->ds.state = IPMSG_DIRS_BROKEN;
        }
    }
    t->have_seq = true;
    t->next_seq = end;
}

const char *ipmsg_files_data(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint offset,
                             struct ipmsg_transfer *t, const struct tcpinfo *tcp, const char *request_label)
{
    struct file_frame *ff = p_get_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_FILES);
    guint captured = tvb_captured_length(tvb), reported = tvb_reported_length(tvb);
    bool first = false;

    if (ff == NULL) {
        if (PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt || offset > captured)
            return NULL;
        first = true;
        ff = wmem_new0(wmem_file_scope(), struct file_frame);
        ff->t = t;
        follow_sequence(t, ff, tcp, offset, reported - offset);
        ff->before = t->received;
        ff->at_end = tcp != NULL && (tcp->flags & TH_FIN);
        ff->ds = t->ds;
        ff->prefix = t->pending;
        ff->n_prefix = t->n_pending;
        ff->dir_path = t->dir_path;
        ff->file_path = t->file_path;
        t->last_frame = pinfo->num;
        if (ff->at_end)
            t->end_frame = pinfo->num;
        p_add_proto_data(wmem_file_scope(), pinfo, proto_ipmsg, IPMSG_FRAME_FILES, ff);
        if (ff->len > 0 && !t->directory) {
            guint from = MIN(offset + ff->repeated, captured);
            file_first_pass(ff, tvb_get_ptr(tvb, (gint)from, (gint)(captured - from)), captured - from, ff->len,
                            pinfo);
        } else if (ff->len > 0) {
            t->received += ff->len;
        }
    }

    add_offer(tvb, tree, t);
    if (ff->missing > 0)
        proto_tree_add_expert_format(tree, pinfo, &ei_missing, tvb, (gint)offset, 0,
                                     "%u bytes of this transfer are missing from the capture before this segment: "
                                     "the rest is not parsed or exported", ff->missing);
    if (ff->repeated > 0) {
        proto_item *pi = proto_tree_add_expert_format(tree, pinfo, &ei_repeated, tvb, (gint)offset, (gint)ff->repeated,
                                                      "%u bytes repeat earlier data of this transfer (TCP retransmission)",
                                                      ff->repeated);
        proto_item_set_len(pi, (gint)MIN(ff->repeated, captured - offset));
        offset += MIN(ff->repeated, captured - offset);
        if (ff->len == 0)
            return wmem_strdup_printf(pinfo->pool, "Retransmitted data, %u bytes (%s)", ff->repeated, request_label);
    }
    if (!t->directory)
        return file_data(tvb, pinfo, tree, offset, ff, request_label);
    if (first && (t->encrypted || captured < reported || t->lost)) {
        ff->raw = true;   /* ciphertext, or bytes the capture lost: nothing to parse */
        t->ds.state = IPMSG_DIRS_BROKEN;
    }
    if (ff->raw) {
        proto_tree_add_item(tree, hf_ipmsg_field[IPMSG_F_FILE_DATA], tvb, (gint)offset, -1, ENC_NA);
        return wmem_strdup_printf(pinfo->pool, "Directory data, %u bytes (%s)", ff->len, request_label);
    }
    return dir_data(tvb, pinfo, tree, offset, ff, first, request_label);
}

/* ---- Export Objects ------------------------------------------------------------ */

static tap_packet_status eo_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data,
                                   tap_flags_t flags _U_)
{
    export_object_list_t *list = tapdata;
    const struct export *x = data;
    export_object_entry_t *entry;
    guint64 n;

    if (x == NULL || x->data == NULL)
        return TAP_PACKET_DONT_REDRAW;
    n = MIN(x->length, (guint64)wmem_array_get_count(x->data));
    entry = g_new0(export_object_entry_t, 1);
    entry->pkt_num = pinfo->num;
    entry->hostname = g_strdup(x->host);
    entry->content_type = g_strdup("application/octet-stream");
    entry->filename = g_strdup(x->name);
    entry->payload_len = (size_t)n;
    entry->payload_data = g_malloc(n ? (gsize)n : 1);
    if (n)
        memcpy(entry->payload_data, wmem_array_get_raw(x->data), (size_t)n);
    list->add_entry(list->gui_data, entry);
    return TAP_PACKET_REDRAW;
}

void ipmsg_files_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_transfer_file,
          { "File", "ipmsg.transfer.file", FT_STRING, BASE_NONE, NULL, 0,
            "Name of the attachment a TCP request asks for, as its offer announced it", HFILL } },
        { &hf_transfer_offer_in,
          { "Offered in", "ipmsg.transfer.offer_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0,
            "The SENDMSG that offered the attachment", HFILL } },
        { &hf_transfer_size,
          { "Announced size", "ipmsg.transfer.size", FT_UINT64, BASE_DEC, NULL, 0,
            "Size of the attachment as its offer announced it (iptux: a directory's tree size)", HFILL } },
        { &hf_transfer_position,
          { "Position in file", "ipmsg.transfer.position", FT_UINT64, BASE_DEC, NULL, 0,
            "Offset in the file of this segment's first byte (the request's offset plus what came before)", HFILL } },
        { &hf_transfer_received,
          { "Received", "ipmsg.transfer.received", FT_UINT64, BASE_DEC, NULL, 0,
            "Bytes of the transfer up to the end of this segment (of the announced size minus the offset)", HFILL } },
        { &hf_dir_path,
          { "Path", "ipmsg.dir.path", FT_STRING, BASE_NONE, NULL, 0,
            "Where a directory record is in the transferred tree ('/'-separated; '/' in a name becomes '_')", HFILL } },
        { &hf_dir_header_part,
          { "Record header (part)", "ipmsg.dir.header_part", FT_BYTES, BASE_NONE, NULL, 0,
            "The start of a record header that the next segment completes", HFILL } },
    };
    static ei_register_info ei[] = {
        { &ei_missing,
          { "ipmsg.transfer.missing", PI_SEQUENCE, PI_WARN,
            "Bytes of a file transfer are missing from the capture: the rest is not parsed or exported", EXPFILL } },
        { &ei_repeated,
          { "ipmsg.transfer.repeated", PI_SEQUENCE, PI_NOTE,
            "Bytes that repeat earlier data of the transfer (TCP retransmission), not counted again", EXPFILL } },
        { &ei_size_mismatch,
          { "ipmsg.transfer.size_mismatch", PI_PROTOCOL, PI_WARN,
            "File transfer longer or shorter than the size its offer announced", EXPFILL } },
        { &ei_offset_ignored,
          { "ipmsg.transfer.offset_ignored", PI_PROTOCOL, PI_NOTE,
            "The offer came from iptux, which ignores the requested offset: the whole file follows from byte 0",
            EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
    eo_tap = register_export_object(proto, eo_packet, NULL);
}
