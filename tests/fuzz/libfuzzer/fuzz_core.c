/* libFuzzer target for the wire-format core: every entry point a packet
 * reaches (UDP and TCP parse, charset choice, summary, heuristic), with the
 * item invariants checked so that a wrong span is a crash, not a silent bug.
 *
 * Built by tests/fuzz/libfuzzer/CMakeLists.txt with clang
 * -fsanitize=fuzzer,address,undefined. */
#include <stdlib.h>
#include <string.h>

#include "ipmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ipmsg_msg msg;   /* 32 KiB: not on the stack */
static struct ipmsg_msg plain_msg;

static void check_items(const struct ipmsg_msg *m, size_t size)
{
    if (m->n_items > IPMSG_MAX_ITEMS)
        abort();
    for (uint32_t i = 0; i < m->n_items; i++) {
        const struct ipmsg_item *it = &m->items[i];
        /* every span lies inside the packet */
        if (it->off > size || it->len > size - it->off)
            abort();
        if (it->field > IPMSG_F_PROBLEM)
            abort();
        if (it->field == IPMSG_F_PROBLEM && it->value >= IPMSG_P_COUNT)
            abort();
        /* depth grows by at most one level from one item to the next */
        if (i > 0 && it->depth > m->items[i - 1].depth + 1)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size heap copy, so any read past the end is caught. */
    uint8_t *buf = malloc(size ? size : 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);

    for (int transport = IPMSG_UDP; transport <= IPMSG_TCP; transport++) {
        ipmsg_parse(buf, size, (enum ipmsg_transport)transport, &msg);
        check_items(&msg, size);
        (void)ipmsg_packet_charset(&msg, buf, size);
        char line[512];
        ipmsg_format_summary(&msg, "user", "host", "quote\nsecond line", line, sizeof line);
        if (strlen(line) >= sizeof line)
            abort();
    }
    /* The same bytes as the plaintext of the packet they parsed as: FeiQ
     * group plaintexts are anyone's to choose (the key is the MAC). */
    ipmsg_parse(buf, size, IPMSG_UDP, &msg);
    ipmsg_parse_decrypted(buf, size, &msg, &plain_msg);
    check_items(&plain_msg, size);
    ipmsg_parse_feiq_group_plain(buf, size, &msg, &plain_msg);
    check_items(&plain_msg, size);
    (void)ipmsg_looks_like(buf, size);
    (void)ipmsg_tcp_request_len(buf, size);
    (void)ipmsg_utf8_valid(buf, size);
    uint8_t *plain = malloc(size ? size : 1);
    if (plain) {
        if (ipmsg_unescape_colons(buf, size, plain) > size)
            abort();
        free(plain);
    }
    free(buf);
    return 0;
}
