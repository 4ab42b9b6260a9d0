/* The item walker: the core's flat item list becomes the protocol tree.
 *
 * Item i with depth d goes under the subtree opened by the last item of
 * depth d-1.  An item opens a subtree when it is a heading (kind NONE), when
 * the next item is deeper, or when it is a bit set (its bits go below it).
 * Problem items become expert items in their place, over the bytes they
 * blame.  Spans are clamped to the parsed bytes: the core bounds-checks, but
 * a tree item outside the tvb would throw, so nothing is taken on trust.
 */
#include "ipmsg-tree.h"

#include <string.h>

#include <epan/expert.h>
#include <epan/tap.h>
#include <wsutil/utf8_entities.h>

#include "ipmsg-charset.h"
#include "ipmsg-label.h"
#include "ipmsg-registration.h"

/* Problem excerpts: enough to recognise the bytes, short enough for a line. */
#define EXCERPT_MAX 40

/* Deeper items hang off the deepest level: the core nests a few levels, and
 * Wireshark rejects trees deeper than its gui.max_tree_depth (32). */
#define MAX_LEVELS 16

struct walk {
    tvbuff_t *tvb;
    packet_info *pinfo;
    const guint8 *buf;                        /* tvb bytes [0, len) */
    guint len;
    enum ipmsg_text_encoding text_encoding;   /* how the packet's TEXT items read */
    bool text_wanted;                         /* every text item is looked at */
};

/* Decoding text (character sets, escapes) is most of the cost of a packet.
 * It is skipped for items nobody looks at: when no one listens to expert
 * infos (a charset problem found while decoding raises one) and there is no
 * tree (tshark without -V or a filter), or a tree that is not shown and whose
 * filters (-Y, -T fields -e, colouring rules) name neither the field nor
 * expert infos. */
static bool text_wanted_in(proto_tree *tree)
{
    static int expert_tap = -2;
    static int expert_hf[4] = {-2};
    static const char *const expert_names[] = {"_ws.expert", "_ws.expert.message", "_ws.expert.severity",
                                               "_ws.expert.group"};

    if (expert_tap == -2)
        expert_tap = find_tap_id("expert");
    if (expert_tap >= 0 && have_tap_listener(expert_tap))
        return true;   /* tshark -z expert, the Expert Information dialog */
    if (tree == NULL)
        return false;
    if (PTREE_DATA(tree)->visible)
        return true;
    if (expert_hf[0] == -2)
        for (size_t i = 0; i < array_length(expert_names); i++)
            expert_hf[i] = proto_registrar_get_id_byname(expert_names[i]);
    for (size_t i = 0; i < array_length(expert_names); i++)
        if (expert_hf[i] > 0 && proto_field_is_referenced(tree, expert_hf[i]))
            return true;
    return proto_field_is_referenced(tree, ei_ipmsg_problem[IPMSG_P_CHARSET_FALLBACK].hf) ||
           proto_field_is_referenced(tree, ei_ipmsg_problem[IPMSG_P_CHARSET_INVALID].hf);
}

bool ipmsg_tree_shown(proto_tree *tree)
{
    return tree != NULL && PTREE_DATA(tree)->visible;
}

static bool text_needed(const struct walk *w, proto_tree *tree, int hf)
{
    return w->text_wanted || proto_field_is_referenced(tree, hf);
}

static void clamp_span(const struct walk *w, uint32_t off, uint32_t len, gint *start, gint *length)
{
    guint o = off > w->len ? w->len : off;    /* IPMSG_NO_OFFSET lands at the end */
    guint l = len > w->len - o ? w->len - o : len;

    *start = (gint)o;
    *length = (gint)l;
}

static bool is_text_kind(enum ipmsg_kind kind)
{
    return kind == IPMSG_K_TEXT || kind == IPMSG_K_UTF8 || kind == IPMSG_K_ASCII;
}

static enum ipmsg_text_encoding kind_encoding(const struct walk *w, enum ipmsg_kind kind)
{
    switch (kind) {
    case IPMSG_K_TEXT: return w->text_encoding;
    case IPMSG_K_UTF8: return IPMSG_ENC_UTF8;
    default:           return IPMSG_ENC_ASCII;
    }
}

static const char *span_text(const struct walk *w, gint start, gint length, enum ipmsg_kind kind,
                             bool escaped, enum ipmsg_text_status *status)
{
    const guint8 *bytes = w->buf + start;
    size_t n = (size_t)length;

    if (escaped) {
        guint8 *plain = wmem_alloc(w->pinfo->pool, n + 1);
        n = ipmsg_unescape_colons(bytes, n, plain);
        bytes = plain;
    }
    return ipmsg_charset_decode(w->pinfo->pool, bytes, n, kind_encoding(w, kind), status);
}

/* Bytes for one line of text: control characters as \xNN, and unless
 * keep_utf8 every other non-ASCII byte too; cut after max characters when
 * max > 0.  Quote characters are escaped only where the result is quoted. */
static bool needs_escape(guint8 c, bool keep_utf8, bool quoted)
{
    if (quoted && (c == '"' || c == '\\'))
        return true;
    return !((c >= 0x20 && c < 0x7f) || (keep_utf8 && c >= 0x80));
}

static const char *printable(wmem_allocator_t *scope, const guint8 *bytes, size_t n, bool keep_utf8,
                             bool quoted, size_t max)
{
    wmem_strbuf_t *out = wmem_strbuf_new(scope, "");
    size_t i = 0;

    /* Runs of bytes that need no escape go in whole.  Past max, finish the
     * character in progress: never half of one. */
    while (i < n && (max == 0 || wmem_strbuf_get_len(out) < max || (bytes[i] & 0xC0) == 0x80)) {
        size_t run = i;
        size_t room = max == 0 ? n : i + (max - MIN(max, wmem_strbuf_get_len(out)));

        while (run < n && run < room && !needs_escape(bytes[run], keep_utf8, quoted))
            run++;
        if (run > i) {
            wmem_strbuf_append_len(out, (const gchar *)bytes + i, run - i);
            i = run;
            continue;
        }
        if (needs_escape(bytes[i], keep_utf8, quoted)) {
            if (quoted && (bytes[i] == '"' || bytes[i] == '\\'))
                wmem_strbuf_append_printf(out, "\\%c", bytes[i]);
            else
                wmem_strbuf_append_printf(out, "\\x%02x", bytes[i]);
        } else {
            wmem_strbuf_append_c(out, (gchar)bytes[i]);   /* a continuation byte past max */
        }
        i++;
    }
    if (i < n)
        wmem_strbuf_append(out, UTF8_HORIZONTAL_ELLIPSIS);
    return wmem_strbuf_get_str(out);
}

/* Bytes that are not UTF-8 text (binary, or legacy text) are better
 * counted than quoted as a row of escapes. */
static bool quotable(const guint8 *bytes, size_t n)
{
    size_t odd = 0;

    if (!ipmsg_utf8_valid(bytes, n))
        return false;
    for (size_t i = 0; i < n; i++)
        if (bytes[i] < 0x20 && bytes[i] != '\n' && bytes[i] != '\r' && bytes[i] != '\t' && bytes[i] != '\a' &&
            bytes[i] != '\b')
            odd++;
    return odd * 10 <= n;   /* random bytes: one in eight is a control byte */
}

/* "<summary>: \"<bytes>\" (<detail>)" */
static proto_item *add_problem(const struct walk *w, proto_tree *tree, enum ipmsg_problem problem,
                               gint start, gint length, const struct ipmsg_item *item)
{
    expert_field *ei = &ei_ipmsg_problem[problem];
    wmem_strbuf_t *text = wmem_strbuf_new(w->pinfo->pool, ipmsg_problem_infos[problem].summary);
    const guint8 *bytes = w->buf + start;
    bool hex;
    const char *label = ipmsg_problem_detail_label(problem, &hex);

    if (length > 0 && !quotable(bytes, (size_t)length))
        wmem_strbuf_append_printf(text, ": %d bytes", length);
    else if (length > 0)
        wmem_strbuf_append_printf(text, ": \"%s\"",
                                  printable(w->pinfo->pool, bytes, (size_t)length, true, true, EXCERPT_MAX));
    if (item != NULL && (item->flags & IPMSG_ITEM_DETAIL) && label != NULL)
        wmem_strbuf_append_printf(text, hex ? " (%s 0x%08x)" : " (%s %u)", label, item->aux);
    return proto_tree_add_expert_format(tree, w->pinfo, ei, w->tvb, start, length, "%s", wmem_strbuf_get_str(text));
}

static proto_item *add_text(const struct walk *w, proto_tree *tree, const struct ipmsg_item *item,
                            enum ipmsg_kind kind, gint start, gint length)
{
    static const enum ipmsg_problem status_problem[] = {
        [IPMSG_TEXT_FALLBACK] = IPMSG_P_CHARSET_FALLBACK,
        [IPMSG_TEXT_INVALID]  = IPMSG_P_CHARSET_INVALID,
    };
    enum ipmsg_text_status status;
    int hf = hf_ipmsg_field[item->field];

    if (!text_needed(w, tree, hf))   /* a placeholder item: it opens subtrees */
        return proto_tree_add_string(tree, hf, w->tvb, start, length, "");
    const char *text = span_text(w, start, length, kind, (item->flags & IPMSG_ITEM_ESCAPED) != 0, &status);
    proto_item *pi = proto_tree_add_string(tree, hf, w->tvb, start, length, text);

    if (status != IPMSG_TEXT_OK)
        add_problem(w, tree, status_problem[status], start, length, NULL);
    return pi;
}

static proto_item *add_field(const struct walk *w, proto_tree *tree, const struct ipmsg_item *item,
                             gint start, gint length)
{
    enum ipmsg_kind kind = ipmsg_field_infos[item->field].kind;
    int hf = hf_ipmsg_field[item->field];
    proto_item *pi = NULL;

    switch (kind) {
    case IPMSG_K_NONE:
    case IPMSG_K_BYTES:
        pi = proto_tree_add_item(tree, hf, w->tvb, start, length, ENC_NA);
        break;
    case IPMSG_K_TEXT:
    case IPMSG_K_UTF8:
    case IPMSG_K_ASCII:
        pi = add_text(w, tree, item, kind, start, length);
        break;
    case IPMSG_K_U8:
    case IPMSG_K_U32:
        pi = proto_tree_add_uint(tree, hf, w->tvb, start, length, (guint32)item->value);
        break;
    case IPMSG_K_U64:
        pi = proto_tree_add_uint64(tree, hf, w->tvb, start, length, item->value);
        break;
    case IPMSG_K_I32:
        pi = proto_tree_add_int(tree, hf, w->tvb, start, length, (gint32)(guint32)item->value);
        break;
    case IPMSG_K_TIME: {
        nstime_t t = { (time_t)item->value, 0 };
        pi = proto_tree_add_time(tree, hf, w->tvb, start, length, &t);
        break;
    }
    case IPMSG_K_BOOL:   /* ipmsg.enc.signature_valid (issue 8) */
        pi = proto_tree_add_boolean(tree, hf, w->tvb, start, length, (guint32)(item->value != 0));
        break;
    }
    if (item->flags & IPMSG_ITEM_GENERATED)
        proto_item_set_generated(pi);
    return pi;
}

/* One FT_BOOLEAN per SET bit over the number's text, and the set bits'
 * names after the number: "Options: 0x01800100 (SENDCHECK, UTF8, CAPUTF8)".
 * Unset bits get no item: an options word names twenty bits and sets two or
 * three, and twenty items per packet were most of the tree's cost; a clear
 * bit is tested with !ipmsg.opt.<bit>.  (proto_tree_add_bitmask_value*()
 * would give the number a fixed 4-byte span, which is wrong for decimal text
 * and throws near the end of the packet; proto_tree_add_bitmask_list_value()
 * drops bits beyond 8*length and asserts on spans over 8 bytes.) */
static void add_bits(const struct walk *w, proto_item *number, int hf, proto_tree *tree,
                     const struct ipmsg_bit_fields *bits, gint start, gint length, guint32 value)
{
    header_field_info *hfi = proto_registrar_get_nth((guint)hf);
    bool shown = ipmsg_tree_shown(tree);
    /* every bit set is a 32-bit hex number; anything else keeps its label */
    bool labelled = shown && hfi->type == FT_UINT32 && FIELD_DISPLAY(hfi->display) == BASE_HEX;
    struct ipmsg_label l = {.len = 0};
    size_t named = 0, names_at;

    if (tree == NULL)
        return;
    if (labelled) {
        ipmsg_label_add(&l, hfi->name);
        ipmsg_label_add(&l, ": ");
        ipmsg_label_hex32(&l, value);
    }
    names_at = l.len;   /* where " (SENDCHECK, ...)" starts */
    for (size_t i = 0; i < bits->set->n; i++) {
        const struct ipmsg_bit_info *bit = &bits->set->bits[i];

        if (bit->mask == 0 || (value & bit->mask) != bit->mask)
            continue;
        /* in a tree nobody sees, only those a filter names */
        if (shown || proto_field_is_referenced(tree, bits->hf[i]))
            proto_tree_add_boolean(tree, bits->hf[i], w->tvb, start, length, value);
        if (labelled) {
            ipmsg_label_add(&l, named++ ? ", " : " (");
            ipmsg_label_add(&l, bit->short_name ? bit->short_name : bit->name);
        }
    }
    if (named == 0)
        return;
    ipmsg_label_add(&l, ")");
    if (ipmsg_label_fits(&l))
        proto_item_set_text(number, "%s", l.text);
    else   /* Wireshark cuts it and says so */
        proto_item_append_text(number, "%s", l.text + names_at);
}

/* Headings that take a child's text into their label, so a collapsed
 * list still says what is in it: "Attachment: report.pdf". */
static const struct {
    enum ipmsg_field heading, label;
} heading_labels[] = {
    {IPMSG_F_FILE, IPMSG_F_FILE_NAME},
    {IPMSG_F_LIST_HOST, IPMSG_F_LIST_USER},
    {IPMSG_F_DIR_RECORD, IPMSG_F_DIR_NAME},
};

static bool labels_heading(enum ipmsg_field heading, enum ipmsg_field child)
{
    for (size_t i = 0; i < array_length(heading_labels); i++)
        if (heading_labels[i].heading == heading && heading_labels[i].label == child)
            return true;
    return false;
}

static void label_heading(const struct walk *w, proto_item *heading, enum ipmsg_field heading_field,
                          const struct ipmsg_item *item, gint start, gint length)
{
    enum ipmsg_text_status status;

    if (!w->text_wanted)   /* a label is only seen in a shown tree */
        return;
    const char *text = span_text(w, start, length, ipmsg_field_infos[item->field].kind,
                                 (item->flags & IPMSG_ITEM_ESCAPED) != 0, &status);
    header_field_info *hfi = proto_registrar_get_nth((guint)hf_ipmsg_field[heading_field]);

    if (hfi->type == FT_NONE)   /* the label is the name: set whole, cheaper than appending */
        proto_item_set_text(heading, "%s: %s", hfi->name, text);
    else
        proto_item_append_text(heading, ": %s", text);
}

/* Returns the subtree the first top-level item opened (root if none). */
static proto_tree *walk_items(const struct walk *w, proto_tree *root, const struct ipmsg_msg *msg)
{
    proto_tree *first = NULL;
    proto_tree *level[MAX_LEVELS];      /* level[d]: where depth-d items go */
    proto_item *heading[MAX_LEVELS];    /* heading[d]: the item that opened level[d] */
    enum ipmsg_field heading_field[MAX_LEVELS];
    guint deepest = 0;                  /* level[0..deepest] are current */
    guint n = MIN(msg->n_items, IPMSG_MAX_ITEMS);

    level[0] = root;
    heading[0] = NULL;
    heading_field[0] = IPMSG_F_COUNT;
    for (guint i = 0; i < n; i++) {
        const struct ipmsg_item *item = &msg->items[i];
        guint depth = MIN(item->depth, deepest);   /* a skipped level hangs off the deepest one */
        bool opens = i + 1 < n && msg->items[i + 1].depth > item->depth;   /* has children */
        const struct ipmsg_bit_fields *bits = NULL;
        proto_item *pi;
        gint ett, start, length;

        clamp_span(w, item->off, item->len, &start, &length);
        if (item->field < IPMSG_F_COUNT) {
            const struct ipmsg_field_info *info = &ipmsg_field_infos[item->field];

            pi = add_field(w, level[depth], item, start, length);
            if (depth > 0 && heading[depth] != NULL && labels_heading(heading_field[depth], item->field))
                label_heading(w, heading[depth], heading_field[depth], item, start, length);
            if (info->kind == IPMSG_K_U8 || info->kind == IPMSG_K_U32)
                bits = ipmsg_bit_fields_for(info->table, item->aux);
            opens = opens || info->kind == IPMSG_K_NONE || bits != NULL;
            ett = ett_ipmsg_field[item->field];
        } else if (item->field == IPMSG_F_PROBLEM && item->value < IPMSG_P_COUNT) {
            pi = add_problem(w, level[depth], (enum ipmsg_problem)item->value, start, length, item);
            ett = ett_ipmsg_problem;
        } else {
            continue;   /* no such field: nothing to show */
        }

        deepest = depth;
        if (opens && deepest + 1 < MAX_LEVELS) {
            level[++deepest] = proto_item_add_subtree(pi, ett);
            if (first == NULL && depth == 0)
                first = level[deepest];
            heading[deepest] = pi;
            heading_field[deepest] = item->field < IPMSG_F_COUNT ? (enum ipmsg_field)item->field : IPMSG_F_COUNT;
            if (bits != NULL)
                add_bits(w, pi, hf_ipmsg_field[item->field], level[deepest], bits, start, length,
                         (guint32)item->value);
        }
    }
    return first != NULL ? first : root;
}

/* ---- Info column ---------------------------------------------------------- */

static const char *span_as_text(const struct walk *w, struct ipmsg_span span, enum ipmsg_kind kind)
{
    enum ipmsg_text_status status;   /* the tree items report charset trouble */
    gint start, length;

    if (!ipmsg_span_present(span))
        return NULL;
    clamp_span(w, span.off, span.len, &start, &length);
    return span_text(w, start, length, is_text_kind(kind) ? kind : IPMSG_K_ASCII, false, &status);
}

/* A text for the Info line, which holds at most ITEM_LABEL_LENGTH bytes of
 * it.  An ASCII start reads the same in every character set (and in every
 * fallback), so it is copied into buf as it is; the rest is decoded. */
static const char *summary_text(const struct walk *w, struct ipmsg_span span, enum ipmsg_kind kind,
                                char buf[ITEM_LABEL_LENGTH + 1])
{
    gint start, length;

    if (!ipmsg_span_present(span))
        return NULL;
    clamp_span(w, span.off, span.len, &start, &length);
    size_t n = MIN((size_t)length, (size_t)ITEM_LABEL_LENGTH);
    if (!ipmsg_is_ascii(w->buf + start, n))
        return span_as_text(w, span, kind);
    memcpy(buf, w->buf + start, n);
    buf[n] = '\0';
    return buf;
}

/* Names come from the UTF-8 block when it has them: it is exact where the
 * header may be in a legacy charset. */
static const char *summary_line(const struct walk *w, const struct ipmsg_msg *msg)
{
    char *line = wmem_alloc(w->pinfo->pool, ITEM_LABEL_LENGTH);
    char user_buf[ITEM_LABEL_LENGTH + 1], host_buf[ITEM_LABEL_LENGTH + 1], quote_buf[ITEM_LABEL_LENGTH + 1];
    enum ipmsg_kind quote_kind = msg->summary_field < IPMSG_F_COUNT
                                     ? ipmsg_field_infos[msg->summary_field].kind : IPMSG_K_ASCII;
    const char *user = ipmsg_span_present(msg->utf8_user)
                           ? summary_text(w, msg->utf8_user, IPMSG_K_UTF8, user_buf)
                           : summary_text(w, msg->user, IPMSG_K_TEXT, user_buf);
    const char *host = ipmsg_span_present(msg->utf8_host)
                           ? summary_text(w, msg->utf8_host, IPMSG_K_UTF8, host_buf)
                           : summary_text(w, msg->host, IPMSG_K_TEXT, host_buf);
    const char *quote = summary_text(w, msg->summary, quote_kind, quote_buf);

    /* The core escapes control bytes: the line is printable as it is. */
    ipmsg_format_summary(msg, user, host, quote, line, ITEM_LABEL_LENGTH);
    return line;
}

/* ---- entry points ----------------------------------------------------------- */

void ipmsg_tree_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint len,
                        enum ipmsg_transport transport, struct ipmsg_dissected *out)
{
    static const guint8 no_bytes[1];
    /* About 32 KB, but a packet-pool allocation is a pointer bump, and unlike
     * a static instance it stays valid if dissection ever nests. */
    struct ipmsg_msg *msg = wmem_new(pinfo->pool, struct ipmsg_msg);
    struct walk w;

    w.tvb = tvb;
    w.pinfo = pinfo;
    w.len = MIN(len, tvb_captured_length(tvb));
    w.buf = w.len > 0 ? tvb_get_ptr(tvb, 0, (gint)w.len) : no_bytes;

    ipmsg_parse(w.buf, w.len, transport, msg);
    w.text_encoding = ipmsg_charset_encoding(ipmsg_packet_charset(msg, w.buf, w.len));
    w.text_wanted = text_wanted_in(tree);
    /* No tree and nobody listening to expert infos: no item would be kept. */
    if (tree != NULL || w.text_wanted)
        walk_items(&w, tree, msg);

    out->msg = msg;
    out->decrypted = NULL;
    out->summary = summary_line(&w, msg);
    out->buf = w.buf;
    out->len = w.len;
    out->text_encoding = w.text_encoding;
}

const char *ipmsg_tree_span_text(wmem_allocator_t *scope, const struct ipmsg_dissected *d,
                                 struct ipmsg_span span, enum ipmsg_kind kind, bool escaped)
{
    if (!ipmsg_span_present(span) || span.off > d->len || span.len > d->len - span.off)
        return NULL;
    return ipmsg_tree_bytes_text(scope, d->buf + span.off, span.len,
                                 kind == IPMSG_K_TEXT ? d->text_encoding
                                 : kind == IPMSG_K_UTF8 ? IPMSG_ENC_UTF8 : IPMSG_ENC_ASCII,
                                 escaped);
}

const char *ipmsg_tree_item_text(wmem_allocator_t *scope, const struct ipmsg_dissected *d, enum ipmsg_field field)
{
    const struct ipmsg_item *it = ipmsg_find_item(d->msg, field);

    if (it == NULL)
        return NULL;
    return ipmsg_tree_span_text(scope, d, (struct ipmsg_span){it->off, it->len}, ipmsg_field_infos[field].kind,
                                (it->flags & IPMSG_ITEM_ESCAPED) != 0);
}

const char *ipmsg_tree_name_text(wmem_allocator_t *scope, const struct ipmsg_dissected *d, struct ipmsg_span utf8,
                                 struct ipmsg_span plain)
{
    if (ipmsg_span_present(utf8) && utf8.len > 0)
        return ipmsg_tree_span_text(scope, d, utf8, IPMSG_K_UTF8, false);
    return ipmsg_tree_span_text(scope, d, plain, IPMSG_K_TEXT, false);
}

const char *ipmsg_tree_bytes_text(wmem_allocator_t *scope, const guint8 *bytes, size_t len,
                                  enum ipmsg_text_encoding enc, bool escaped)
{
    enum ipmsg_text_status status;

    if (escaped) {
        guint8 *plain = wmem_alloc(scope, len + 1);
        len = ipmsg_unescape_colons(bytes, len, plain);
        bytes = plain;
    }
    return ipmsg_charset_decode(scope, bytes, len, enc, &status);
}

proto_tree *ipmsg_tree_add_items(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint len,
                                 const struct ipmsg_msg *msg, enum ipmsg_text_encoding enc)
{
    static const guint8 no_bytes[1];
    struct walk w;

    w.tvb = tvb;
    w.pinfo = pinfo;
    w.len = MIN(len, tvb_captured_length(tvb));
    w.buf = w.len > 0 ? tvb_get_ptr(tvb, 0, (gint)w.len) : no_bytes;
    w.text_encoding = enc;
    w.text_wanted = text_wanted_in(tree);
    return walk_items(&w, tree, msg);
}

const char *ipmsg_tree_printable(wmem_allocator_t *scope, const char *text)
{
    return printable(scope, (const guint8 *)text, strlen(text), true, false, 0);
}

void ipmsg_tree_mark_truncation(tvbuff_t *tvb)
{
    guint reported = tvb_reported_length(tvb);

    if (tvb_captured_length(tvb) < reported)
        tvb_ensure_bytes_exist(tvb, 0, (gint)reported);
}
