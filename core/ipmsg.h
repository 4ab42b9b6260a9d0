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

/* The option bits the decoders themselves act on (the full per-family
 * names are in ipmsg_option_families). */
#define IPMSG_ENCFILEOPT 0x00000800u      /* file requests: encrypted body */
#define IPMSG_IPTUX_MSGKIND_MASK 0x00000700u /* IPTUX_SENDMSG: a value, not bits */
#define IPMSG_FILEATTACHOPT 0x00200000u
#define IPMSG_ENCRYPTOPT 0x00400000u
#define IPMSG_UTF8OPT 0x00800000u
#define IPMSG_ENCEXTMSGOPT 0x04000000u

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

/* ---- decrypted bodies (ipmsg_plain.c; decryption: ipmsg_decrypt.h) ------ */

/* The plaintext of an encrypted SENDMSG, parsed as the outer packet's clear
 * body would be: a DECRYPTED heading, the text, and with ENCEXTMSGOPT the
 * attachment and TO lists.  Spans are offsets into buf; header values
 * (dialect, options without ENCRYPTOPT ...) are copied from outer. */
void ipmsg_parse_decrypted(const uint8_t *buf, size_t len, const struct ipmsg_msg *outer, struct ipmsg_msg *out);

/* The plaintext of a FeiQ group body (0x23 / 0xC9): marker, group id,
 * time, then the text and font trailer (0x23) or a group name (0xC9). */
void ipmsg_parse_feiq_group_plain(const uint8_t *buf, size_t len, const struct ipmsg_msg *outer,
                                  struct ipmsg_msg *out);

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

/* Is every TEXT item (that lies inside buf) valid UTF-8? */
bool ipmsg_text_items_utf8(const struct ipmsg_msg *msg, const uint8_t *buf, size_t len);

/* ---- one-line summary ---------------------------------------------------- */

/* "SENDMSG [SENDCHECK,UTF8] #1700000010 alice@PC01: \"Hello\xe2\x80\xa6\""
 * user/host/quote are UTF-8 supplied by the caller (already decoded), any
 * may be NULL.  The quote is cut at its first line and at 40 characters.
 * Returns the length written; out is always NUL-terminated. */
size_t ipmsg_format_summary(const struct ipmsg_msg *msg, const char *user, const char *host,
                            const char *quote, char *out, size_t outsz);

/* Copy src to dst turning "::" into ':'; returns the bytes written (<= len). */
size_t ipmsg_unescape_colons(const uint8_t *src, size_t len, uint8_t *dst);

/* ---- reading a parse result back ------------------------------------------ */

/* The first item of a field, or NULL. */
const struct ipmsg_item *ipmsg_find_item(const struct ipmsg_msg *msg, enum ipmsg_field field);

/* One attachment entry of a message, as the items describe it. */
struct ipmsg_attachment {
    bool has_id, has_size, has_attr;
    uint32_t id;
    struct ipmsg_span name;   /* absent when the entry has no name field */
    bool name_escaped;        /* the name holds "::" escapes */
    uint64_t size;
    uint32_t attr;            /* type in the low 8 bits */
};

/* The attachment entries of a parsed message in order: stores up to max in
 * out and returns how many there are. */
size_t ipmsg_attachments(const struct ipmsg_msg *msg, struct ipmsg_attachment *out, size_t max);

/* ---- requests and replies ---------------------------------------------------- */

/* How a reply names the request it answers. */
enum ipmsg_reply_key {
    IPMSG_REPLY_BY_REF_NO,    /* its body is the request's packet number, decimal */
    IPMSG_REPLY_BY_FILE_REQ,  /* a TCP file request: the offer's packet number in hex, and a file id */
    IPMSG_REPLY_BY_ADDRESS    /* nothing in it: the latest such request between the two hosts */
};

/* One way a packet answers another (docs/ipmsg-protocol.md §8). */
struct ipmsg_reply_rule {
    uint8_t request_mode;
    uint8_t reply_mode;
    uint32_t reply_options;    /* bits the reply must carry, e.g. IPTUX_SHAREDOPT; 0 for none */
    enum ipmsg_reply_key key;
    uint32_t expect_options;   /* the request asks for this reply when it has all these bits (0: never) */
    uint32_t expect_unless;    /* ... and none of these */
    const char *description;   /* "receipt" */
};

extern const struct ipmsg_reply_rule ipmsg_reply_rules[];
extern const size_t ipmsg_n_reply_rules;

/* Can a packet with this mode and these options be the rule's reply? */
bool ipmsg_reply_fits(const struct ipmsg_reply_rule *rule, uint8_t mode, uint32_t options);

/* Does a request with these options ask for the rule's reply (SENDCHECKOPT
 * without BROADCASTOPT or AUTORETOPT, READCHECKOPT on READMSG)? */
bool ipmsg_reply_expected(const struct ipmsg_reply_rule *rule, uint32_t request_options);

/* ---- the GETDIRFILES directory stream (TCP) --------------------------------- */

/* The answer to GETDIRFILES is a stream of records
 *     hdrsize ':' name ':' size ':' attr [':' key '=' value]* ':' contents
 * where hdrsize (hex) counts the header up to and including the ':' before
 * the contents.  A directory record (type 2) opens a directory, a type-3
 * record (".") closes one; files carry size bytes of contents.  The stream
 * ends when the directory it started with is closed, or after a lone file.
 *
 * Records cross TCP segments.  ipmsg_dirstream_next() walks one contiguous
 * buffer; when a header is cut off at its end it says so (PARTIAL), and the
 * caller passes those bytes again in front of the next segment.  Headers
 * are at most IPMSG_DIR_MAX_HEADER bytes, so that is all a caller ever has
 * to keep.  Contents are never buffered: they are reported as they come. */
#define IPMSG_DIR_MAX_HEADER 0xffffu   /* the size field is four hex digits */

/* One record header; spans are relative to the header's first byte. */
struct ipmsg_dir_header {
    uint32_t len;              /* the declared header size: bytes of header */
    struct ipmsg_span name;
    bool name_escaped;         /* the name holds "::" escapes */
    uint64_t size;             /* bytes of contents (files only) */
    uint32_t attr;
    uint8_t type;              /* attr & 0xff: 1 file, 2 directory, 3 return to parent */
};

enum ipmsg_dir_status {
    IPMSG_DIR_OK,     /* a whole header: hdr is filled */
    IPMSG_DIR_MORE,   /* the buffer ends inside the header */
    IPMSG_DIR_BAD     /* not a usable header: problem says why */
};

struct ipmsg_dir_result {
    enum ipmsg_dir_status status;
    struct ipmsg_dir_header hdr;
    uint32_t need;               /* MORE: header bytes needed in all, 0 while the size field is incomplete */
    enum ipmsg_problem problem;  /* BAD: why; IPMSG_P_COUNT otherwise */
};

/* Parse the record header at buf[0, len).  When items is not NULL it
 * receives the header's items (offsets relative to buf) for display; a
 * header that is usable but flawed (no final ':') is OK with a problem item. */
void ipmsg_dir_header_parse(const uint8_t *buf, size_t len, struct ipmsg_dir_result *result,
                            struct ipmsg_msg *items);

enum ipmsg_dir_state {
    IPMSG_DIRS_HEADER,    /* a record header comes next */
    IPMSG_DIRS_CONTENT,   /* contents of a file come next */
    IPMSG_DIRS_DONE,      /* the stream is complete */
    IPMSG_DIRS_BROKEN     /* a bad header or a cut-off end: nothing more is read */
};

/* Where a stream stands between buffers; zero-initialise to start. */
struct ipmsg_dirstream {
    enum ipmsg_dir_state state;
    uint32_t depth;            /* directories open */
    uint64_t content_size;     /* CONTENT: size of the current file */
    uint64_t content_left;     /* CONTENT: its bytes still to come */
    uint64_t records;          /* whole headers seen */
};

enum ipmsg_dir_event_kind {
    IPMSG_DIR_EV_RECORD,   /* a whole header at [off, off+len): hdr, depth */
    IPMSG_DIR_EV_CONTENT,  /* contents [off, off+len) of the current file: pos, total, last */
    IPMSG_DIR_EV_PARTIAL,  /* a header starts at off and runs past the buffer: keep [off, end) */
    IPMSG_DIR_EV_BAD,      /* [off, end) is not a record (problem); the stream is broken */
    IPMSG_DIR_EV_EXTRA     /* [off, end) comes after the end of the stream (or after a break) */
};

struct ipmsg_dir_event {
    enum ipmsg_dir_event_kind kind;
    uint32_t off, len;           /* bytes of the buffer */
    struct ipmsg_dir_header hdr; /* RECORD */
    uint32_t depth;              /* RECORD: directories open before it */
    uint64_t pos, total;         /* CONTENT: offset in the file, the file's size */
    bool last;                   /* CONTENT: the file is complete */
    uint32_t need;               /* PARTIAL: header bytes needed in all (0: not known yet) */
    enum ipmsg_problem problem;  /* RECORD (DIR_UNBALANCED), BAD, EXTRA (DIR_EXTRA); else IPMSG_P_COUNT */
};

/* The next event in buf[*pos, len), advancing *pos; false when nothing is
 * left.  at_end says that no bytes follow the buffer, so a header cut off
 * there is truncated (BAD) rather than PARTIAL. */
bool ipmsg_dirstream_next(struct ipmsg_dirstream *s, const uint8_t *buf, size_t len, size_t *pos, bool at_end,
                          struct ipmsg_dir_event *ev);

/* What is wrong if the stream stops where it stands: IPMSG_P_DIR_TRUNCATED
 * when it is inside a record or a directory, IPMSG_P_COUNT when complete
 * (or already reported broken). */
enum ipmsg_problem ipmsg_dirstream_end(const struct ipmsg_dirstream *s);

#endif
