/* The IP Messenger wire format, without Wireshark.
 *
 * ipmsg_parse() turns one datagram (or one TCP request) into a flat list of
 * items: each names a field (ipmsg_fields.h), the bytes it came from and, for
 * numbers, its value.  Items nest by depth, so a reader can rebuild the tree
 * (file list > file > name ...).  Problems are items too (IPMSG_F_PROBLEM), in
 * the place where they were found.  The parser never reads outside
 * buf[0..len), never allocates and never loops without consuming input.
 */
#ifndef IPMSG_H
#define IPMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipmsg_fields.h"
#include "ipmsg_problems.h"

#define IPMSG_PORT 2425u

/* ---- tables ------------------------------------------------------------ */

enum ipmsg_dialect {
    IPMSG_DIALECT_UNKNOWN,   /* not an IPMsg header */
    IPMSG_DIALECT_OFFICIAL,  /* "1" (IP Messenger, Feige and most clones) */
    IPMSG_DIALECT_FEIQ,      /* "1_lbt4_..." / "1_lbt6_..." */
    IPMSG_DIALECT_IPTUX,     /* "1_iptux 0.8.3" */
    IPMSG_DIALECT_OTHER,     /* "1@tag" or other text after the digits */
    IPMSG_DIALECT_IPDICT,    /* "IP2:" datagram, no colon header */
    IPMSG_DIALECT_COUNT,
    IPMSG_DIALECT_ANY = IPMSG_DIALECT_COUNT  /* command table: any dialect */
};

/* Option-bit families: the same bit means different things per family. */
enum ipmsg_family {
    IPMSG_FAM_ENTRY,          /* BR_ENTRY, ANSENTRY, host status ... */
    IPMSG_FAM_MESSAGE,        /* SENDMSG, RECVMSG, READMSG, queries ... */
    IPMSG_FAM_FILEREQ,        /* GETFILEDATA, GETDIRFILES */
    IPMSG_FAM_IPTUX_SUBLAYER, /* IPTUX_SENDSUBLAYER */
    IPMSG_FAM_IPTUX_MSG,      /* IPTUX_SENDMSG: kind is a value, not bits */
    IPMSG_FAM_IPTUX_SHARED,   /* IPTUX_ASKSHARED */
    IPMSG_FAM_COUNT
};

/* How the additional section of a command is laid out. */
enum ipmsg_body {
    IPMSG_BODY_NONE,          /* nothing expected */
    IPMSG_BODY_ENTRY,         /* nickname \0 group \0 (UTF-8 block | iptux icon \0 encoding) */
    IPMSG_BODY_MESSAGE,       /* text or ciphertext \0 file list \0 TO list */
    IPMSG_BODY_REF_NO,        /* decimal packet number of another packet */
    IPMSG_BODY_INFO_TEXT,     /* SENDINFO */
    IPMSG_BODY_ABSENCE_TEXT,  /* SENDABSENCEINFO */
    IPMSG_BODY_LIST_START,    /* GETLIST: decimal start position */
    IPMSG_BODY_HOSTLIST,      /* ANSLIST */
    IPMSG_BODY_PUBKEY_REQ,    /* GETPUBKEY: capability hex */
    IPMSG_BODY_PUBKEY_ANS,    /* ANSPUBKEY: capa:E-N */
    IPMSG_BODY_FILEREQ,       /* GETFILEDATA: pkt:fid:offset (hex) */
    IPMSG_BODY_DIRREQ,        /* GETDIRFILES: pkt:fid (hex) */
    IPMSG_BODY_IPDICT,        /* IPDict or opaque text (member-master family) */
    IPMSG_BODY_FEIQ_GROUP,    /* binary Blowfish ciphertext, length in the version */
    IPMSG_BODY_FEIQ_IMAGE,    /* id8 metadata \0 binary chunk */
    IPMSG_BODY_FEIQ_IMAGE_ACK,/* id8|chunk# */
    IPMSG_BODY_IPTUX_ASKSHARED,
    IPMSG_BODY_IPTUX_ICON,    /* \0 raw image */
    IPMSG_BODY_IPTUX_SUBLAYER,/* \0 raw data to the end (TCP) */
    IPMSG_BODY_IPTUX_SIGN,
    IPMSG_BODY_IPTUX_MSG,
    IPMSG_BODY_TEXT           /* opaque text */
};

enum ipmsg_transport { IPMSG_UDP, IPMSG_TCP };

struct ipmsg_command_info {
    uint8_t mode;
    const char *name;               /* "SENDMSG" */
    enum ipmsg_dialect dialect;     /* IPMSG_DIALECT_ANY or the one client that uses it */
    enum ipmsg_family family;
    enum ipmsg_body body;
    enum ipmsg_transport transport;
    int reply_mode;                 /* the usual answer's mode, -1 if none */
    const char *description;
};

/* The command for a mode as the given dialect means it; NULL when unknown.
 * A dialect-specific row wins over a generic one (FeiQ's 0xB0). */
const struct ipmsg_command_info *ipmsg_command_lookup(uint8_t mode, enum ipmsg_dialect dialect);
extern const struct ipmsg_command_info ipmsg_commands[];
extern const size_t ipmsg_n_commands;

struct ipmsg_value_name {
    uint32_t value;
    const char *name;
};

struct ipmsg_value_table {
    const struct ipmsg_value_name *rows;
    size_t n;
};

struct ipmsg_bit_info {
    uint32_t mask;
    const char *abbrev;      /* filter suffix: "sendcheck" */
    const char *name;        /* "SENDCHECKOPT" */
    const char *short_name;  /* for the Info column: "SENDCHECK" */
    const char *description;
};

struct ipmsg_bit_set {
    const char *prefix;      /* filter prefix: "opt", "crypto", "file.attr" */
    const struct ipmsg_bit_info *bits;
    size_t n;
};

/* Value names for an IPMSG_T_* value table; {NULL, 0} for bit sets. */
struct ipmsg_value_table ipmsg_value_table_get(enum ipmsg_table table);
const char *ipmsg_value_name(enum ipmsg_table table, uint32_t value);  /* NULL if none */

extern const struct ipmsg_bit_set ipmsg_option_families[IPMSG_FAM_COUNT];
extern const struct ipmsg_bit_set ipmsg_crypto_bits;
extern const struct ipmsg_bit_set ipmsg_file_attr_flags;
const char *ipmsg_family_name(enum ipmsg_family family);
const char *ipmsg_dialect_name(enum ipmsg_dialect dialect);

/* Option bits of a family that the table names, and the ones it does not. */
uint32_t ipmsg_family_known_mask(enum ipmsg_family family);

/* "SENDCHECK,UTF8" into out (always NUL-terminated); unnamed bits as "0x..".
 * Returns the length written. */
size_t ipmsg_format_options(enum ipmsg_family family, uint32_t options, char *out, size_t outsz);

/* What a problem's detail number means ("unknown bits"), and whether it
 * reads best in hex; NULL for problems that carry none. */
const char *ipmsg_problem_detail_label(enum ipmsg_problem problem, bool *hex);

/* ---- parse result ------------------------------------------------------ */

#define IPMSG_MAX_ITEMS 1024u
#define IPMSG_NO_OFFSET UINT32_MAX

struct ipmsg_span {
    uint32_t off;   /* IPMSG_NO_OFFSET when absent */
    uint32_t len;
};

enum {
    IPMSG_ITEM_GENERATED = 1u << 0,  /* derived, not literally in the bytes */
    IPMSG_ITEM_ESCAPED   = 1u << 1,  /* text holds "::" escapes for ':' */
    IPMSG_ITEM_PADDED    = 1u << 2,  /* fixed-width field */
    IPMSG_ITEM_DETAIL    = 1u << 3   /* problem: aux holds a number that explains it */
};

struct ipmsg_item {
    uint16_t field;    /* enum ipmsg_field, or IPMSG_F_PROBLEM */
    uint8_t depth;     /* 0 = top level; child of the nearest earlier item one level up */
    uint8_t flags;     /* IPMSG_ITEM_* */
    uint32_t off, len; /* bytes in the buffer */
    uint64_t value;    /* number, or enum ipmsg_problem for problems */
    uint32_t aux;      /* enum ipmsg_family for IPMSG_T_OPTIONS fields; a problem's detail */
};

struct ipmsg_msg {
    enum ipmsg_transport transport;
    enum ipmsg_dialect dialect;
    bool header_ok;           /* all five header fields present */
    bool packet_no_ok;        /* packet_no holds a parsed value */
    bool command_ok;          /* command/mode/options hold parsed values */
    uint64_t packet_no;
    uint32_t command;
    uint8_t mode;
    uint32_t options;
    enum ipmsg_family family;
    const struct ipmsg_command_info *cmd;  /* NULL if unknown */

    struct ipmsg_span version, user, host, body;  /* body = additional section */
    struct ipmsg_span utf8_user, utf8_host, utf8_nickname;
    struct ipmsg_span nickname;

    /* What a one-line summary quotes: the message, nickname, referenced
     * number ...; summary_field says how to read it (its kind). */
    struct ipmsg_span summary;
    uint16_t summary_field;

    bool has_ref_packet_no;
    uint64_t ref_packet_no;   /* RECVMSG, READMSG ... and TCP requests */
    bool has_file_id;
    uint32_t file_id;         /* TCP requests */
    uint64_t file_offset;
    uint32_t n_files;         /* attachment entries */
    bool has_feiq_body_len;
    uint32_t feiq_body_len;   /* FeiQ: binary body length from the version field */

    uint32_t n_problems;
    uint32_t n_items;
    bool items_overflow;
    struct ipmsg_item items[IPMSG_MAX_ITEMS];
};

/* Parse one UDP payload or one TCP request (up to and including its NUL). */
void ipmsg_parse(const uint8_t *buf, size_t len, enum ipmsg_transport transport, struct ipmsg_msg *msg);

/* Cheap test for the heuristic dissector and the recorder: does buf start
 * like an IPMsg packet?  Strict enough that random payloads are not taken. */
bool ipmsg_looks_like(const uint8_t *buf, size_t len);

/* TCP: length of the request header up to and including its first NUL, or 0
 * when no NUL is in buf yet. */
size_t ipmsg_tcp_request_len(const uint8_t *buf, size_t len);

static inline bool ipmsg_span_present(struct ipmsg_span s) { return s.off != IPMSG_NO_OFFSET; }

/* ---- character sets ---------------------------------------------------- */

enum ipmsg_charset {
    IPMSG_CS_UTF8,
    IPMSG_CS_GB18030,
    IPMSG_CS_LEGACY   /* the user's preference: GB18030 or CP932 */
};

bool ipmsg_utf8_valid(const uint8_t *buf, size_t len);
bool ipmsg_is_ascii(const uint8_t *buf, size_t len);

/* The character set of the packet's TEXT items: UTF8OPT -> UTF-8; iptux ->
 * UTF-8; FeiQ -> GB18030; else UTF-8 when every TEXT item is valid UTF-8,
 * else the legacy preference. */
enum ipmsg_charset ipmsg_packet_charset(const struct ipmsg_msg *msg, const uint8_t *buf, size_t len);

/* ---- one-line summary ---------------------------------------------------- */

/* "SENDMSG [SENDCHECK,UTF8] #1700000010 alice@PC01: \"Hello\xe2\x80\xa6\""
 * user/host/quote are UTF-8 supplied by the caller (already decoded), any
 * may be NULL.  The quote is cut at its first line and at 40 characters.
 * Returns the length written; out is always NUL-terminated. */
size_t ipmsg_format_summary(const struct ipmsg_msg *msg, const char *user, const char *host,
                            const char *quote, char *out, size_t outsz);

/* Copy src to dst turning "::" into ':'; returns the bytes written (<= len). */
size_t ipmsg_unescape_colons(const uint8_t *src, size_t len, uint8_t *dst);

#endif
