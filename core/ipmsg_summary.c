/* The one-line summary shared by the Info column and udpcap -v:
 * SENDMSG [SENDCHECK,UTF8] #1700000010 alice@PC01: "first line…" */
#include "ipmsg.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define QUOTE_MAX_CHARS 40

struct out {
    char *p;
    size_t size, used;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    if (o->used + 1 >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->p + o->used, o->size - o->used, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->used += (size_t)n < o->size - o->used ? (size_t)n : o->size - o->used - 1;
}

/* The first line of a UTF-8 text, at most QUOTE_MAX_CHARS characters,
 * with an ellipsis when something was cut. */
static void put_quote(struct out *o, const char *text)
{
    size_t i = 0, chars = 0;
    while (text[i] && text[i] != '\n' && text[i] != '\r' && chars < QUOTE_MAX_CHARS) {
        i++;
        while ((text[i] & 0xC0) == 0x80)   /* keep multi-byte characters whole */
            i++;
        chars++;
    }
    bool cut = text[i] != '\0';
    put(o, "\"%.*s%s\"", (int)i, text, cut ? "\xe2\x80\xa6" : "");
}

size_t ipmsg_format_summary(const struct ipmsg_msg *msg, const char *user, const char *host, const char *quote,
                            char *outbuf, size_t outsz)
{
    struct out o = {outbuf, outsz, 0};
    if (outsz == 0)
        return 0;
    outbuf[0] = '\0';

    if (msg->dialect == IPMSG_DIALECT_IPDICT)
        put(&o, "IPDict");
    else if (!msg->header_ok)
        put(&o, "Malformed header");
    else if (!msg->command_ok)
        put(&o, "Invalid command");
    else if (msg->cmd)
        put(&o, "%s", msg->cmd->name);
    else
        put(&o, "Unknown command 0x%02x", msg->mode);

    if (msg->command_ok) {
        char opts[256];
        if (ipmsg_format_options(msg->family, msg->options, opts, sizeof opts) > 0)
            put(&o, " [%s]", opts);
    }
    if (msg->packet_no_ok)
        put(&o, " #%" PRIu64, msg->packet_no);
    if (user && host)
        put(&o, " %s@%s", user, host);
    else if (user || host)
        put(&o, " %s", user ? user : host);

    bool file_request = msg->cmd && (msg->cmd->body == IPMSG_BODY_FILEREQ || msg->cmd->body == IPMSG_BODY_DIRREQ);
    if (file_request && msg->has_ref_packet_no) {
        put(&o, ": file %" PRIu32 " of #%" PRIu64, msg->file_id, msg->ref_packet_no);
        if (msg->cmd->body == IPMSG_BODY_FILEREQ && msg->file_offset)
            put(&o, " from offset %" PRIu64, msg->file_offset);
    } else if (msg->has_ref_packet_no) {
        put(&o, ": ref #%" PRIu64, msg->ref_packet_no);
    } else if (quote && *quote) {
        put(&o, ": ");
        put_quote(&o, quote);
    }
    if (msg->n_files > 0)
        put(&o, " (%" PRIu32 " file%s)", msg->n_files, msg->n_files == 1 ? "" : "s");
    return o.used;
}
