/* The fields the core reports, one row each.
 *
 * This list is the single source of the display-filter names: the plugin
 * registers one header field per row as "ipmsg." + filter name, with the
 * display name, kind, base and value table given here.  Display-filter names
 * are a public interface: rename nothing, only add.
 *
 * Several rows may share a filter name (the UTF-8 block's names are also
 * ipmsg.user, ipmsg.nickname ...) so that one filter matches either spelling.
 *
 * X(id, filter name, display name, kind, base, table)
 */
#ifndef IPMSG_FIELDS_H
#define IPMSG_FIELDS_H

#define IPMSG_FIELD_LIST(X) \
    /* header */ \
    X(VERSION,          "version",          "Version",                     ASCII, NONE, NONE) \
    X(FORMAT_VERSION,   "format_version",   "Format version",              U32,   DEC,  NONE) \
    X(DIALECT,          "dialect",          "Dialect",                     U8,    DEC,  DIALECT) \
    X(FEIQ,             "feiq",             "FeiQ version fields",         NONE,  NONE, NONE) \
    X(FEIQ_GENERATION,  "feiq.generation",  "FeiQ generation (lbtN)",      U32,   DEC,  NONE) \
    X(FEIQ_ICON,        "feiq.icon",        "Head icon",                   U32,   DEC,  NONE) \
    X(FEIQ_STATUS,      "feiq.status",      "Status",                      U32,   DEC_HEX, NONE) \
    X(FEIQ_MAC,         "feiq.mac",         "MAC address",                 ASCII, NONE, NONE) \
    X(FEIQ_BODY_LEN,    "feiq.body_len",    "Binary body length",          U32,   DEC,  NONE) \
    X(FEIQ_FIELD,       "feiq.field",       "Other field",                 ASCII, NONE, NONE) \
    X(IPTUX_VERSION,    "iptux.version",    "iptux version",               ASCII, NONE, NONE) \
    X(VENDOR,           "vendor",           "Vendor tag",                  ASCII, NONE, NONE) \
    X(PACKET_NO,        "packet_no",        "Packet number",               U64,   DEC,  NONE) \
    X(USER,             "user",             "User name",                   TEXT,  NONE, NONE) \
    X(HOST,             "host",             "Host name",                   TEXT,  NONE, NONE) \
    X(COMMAND,          "command",          "Command",                     U32,   DEC_HEX, NONE) \
    X(MODE,             "command.mode",     "Mode",                        U32,   HEX,  COMMAND) \
    X(OPTIONS,          "command.options",  "Options",                     U32,   HEX,  OPTIONS) \
    X(IPTUX_MSGKIND,    "iptux.msg_kind",   "iptux message kind",          U32,   HEX,  IPTUX_MSGKIND) \
    /* entry family */ \
    X(NICKNAME,         "nickname",         "Nickname",                    TEXT,  NONE, NONE) \
    X(GROUP,            "group",            "Group",                       TEXT,  NONE, NONE) \
    X(UTF8_BLOCK,       "utf8",             "UTF-8 name block",            NONE,  NONE, NONE) \
    X(UTF8_USER,        "user",             "User name (UTF-8)",           UTF8,  NONE, NONE) \
    X(UTF8_HOST,        "host",             "Host name (UTF-8)",           UTF8,  NONE, NONE) \
    X(UTF8_NICKNAME,    "nickname",         "Nickname (UTF-8)",            UTF8,  NONE, NONE) \
    X(UTF8_GROUP,       "group",            "Group (UTF-8)",               UTF8,  NONE, NONE) \
    X(UTF8_POLL,        "utf8.poll",        "Poll request (PL)",           U32,   DEC,  NONE) \
    X(UTF8_IPDICT,      "utf8.ipdict",      "IPDict, base64 (IP)",         ASCII, NONE, NONE) \
    X(UTF8_OTHER,       "utf8.other",       "Unknown entry",               UTF8,  NONE, NONE) \
    X(VS,               "vs",               "Client version (VS)",         ASCII, NONE, NONE) \
    X(VS_PLATFORM,      "vs.platform",      "Platform",                    U32,   HEX,  PLATFORM) \
    X(VS_MAJOR,         "vs.major",         "Major version",               U32,   DEC,  NONE) \
    X(VS_MINOR,         "vs.minor",         "Minor version",               U32,   DEC,  NONE) \
    X(VS_REV,           "vs.rev",           "Revision code",               U32,   DEC,  NONE) \
    X(VS_STAGE,         "vs.stage",         "Release stage",               U32,   DEC,  VS_STAGE) \
    X(VS_BUILD,         "vs.build",         "Revision",                    U32,   DEC,  NONE) \
    X(IPTUX_ICON,       "iptux.icon",       "Icon file",                   TEXT,  NONE, NONE) \
    X(IPTUX_ENCODING,   "iptux.encoding",   "Encoding",                    ASCII, NONE, NONE) \
    /* message */ \
    X(MESSAGE,          "message",          "Message",                     TEXT,  NONE, NONE) \
    X(FEIQ_IMAGE_REF,   "feiq.image_ref",   "Inline image reference",      ASCII, NONE, NONE) \
    X(FEIQ_FONT,        "feiq.font",        "Font trailer",                TEXT,  NONE, NONE) \
    X(FEIQ_FONT_HEIGHT, "feiq.font.height", "Height",                      I32,   DEC,  NONE) \
    X(FEIQ_FONT_WEIGHT, "feiq.font.weight", "Weight",                      I32,   DEC,  NONE) \
    X(FEIQ_FONT_CHARSET,"feiq.font.charset","Character set",               I32,   DEC,  NONE) \
    X(FEIQ_FONT_PARAM,  "feiq.font.param",  "Other LOGFONT value",         I32,   DEC,  NONE) \
    X(FEIQ_FONT_FACE,   "feiq.font.face",   "Face name",                   TEXT,  NONE, NONE) \
    X(FEIQ_FONT_COLOR,  "feiq.font.color",  "Colour (COLORREF)",           U32,   HEX,  NONE) \
    X(FILES,            "files",            "Attachments",                 NONE,  NONE, NONE) \
    X(FILE,             "file",             "Attachment",                  NONE,  NONE, NONE) \
    X(FILE_ID,          "file.id",          "File ID",                     U32,   DEC,  NONE) \
    X(FILE_NAME,        "file.name",        "File name",                   TEXT,  NONE, NONE) \
    X(FILE_SIZE,        "file.size",        "Size",                        U64,   DEC,  NONE) \
    X(FILE_MTIME,       "file.mtime",       "Modified",                    TIME,  NONE, NONE) \
    X(FILE_ATTR,        "file.attr",        "Attributes",                  U32,   HEX,  FILE_ATTR) \
    X(FILE_TYPE,        "file.attr.type",   "Type",                        U32,   HEX,  FILE_TYPE) \
    X(FILE_EXT,         "file.ext",         "Extended attribute",          ASCII, NONE, NONE) \
    X(FILE_EXT_KEY,     "file.ext.key",     "Key",                         U32,   HEX,  EXT_KEY) \
    X(FILE_EXT_VALUE,   "file.ext.value",   "Value",                       ASCII, NONE, NONE) \
    X(TO_LIST,          "to",               "Recipients (TO list)",        NONE,  NONE, NONE) \
    X(TO_USER,          "to.user",          "Recipient user",              TEXT,  NONE, NONE) \
    X(TO_HOST,          "to.host",          "Recipient host",              TEXT,  NONE, NONE) \
    X(ENC,              "enc",              "Encrypted message",           NONE,  NONE, NONE) \
    X(ENC_METHOD,       "enc.method",       "Method",                      U32,   HEX,  CRYPTO) \
    X(ENC_KEY,          "enc.key",          "Encrypted common key",        ASCII, NONE, NONE) \
    X(ENC_BODY,         "enc.body",         "Encrypted body",              ASCII, NONE, NONE) \
    X(ENC_SIGNATURE,    "enc.signature",    "Signature",                   ASCII, NONE, NONE) \
    X(ENC_KEY_BITS,     "enc.key_bits",     "Encrypted key size (bits)",   U32,   DEC,  NONE) \
    /* replies and queries */ \
    X(REF_PACKET_NO,    "ref_packet_no",    "Referenced packet number",    U64,   DEC,  NONE) \
    X(INFO_TEXT,        "info",             "Version information",         TEXT,  NONE, NONE) \
    X(ABSENCE_TEXT,     "absence",          "Absence text",                TEXT,  NONE, NONE) \
    X(PUBKEY_CAPA,      "pubkey.capa",      "Crypto capabilities",         U32,   HEX,  CRYPTO) \
    X(PUBKEY_EXPONENT,  "pubkey.exponent",  "Public exponent",             U64,   DEC_HEX, NONE) \
    X(PUBKEY_MODULUS,   "pubkey.modulus",   "Modulus",                     ASCII, NONE, NONE) \
    X(PUBKEY_BITS,      "pubkey.bits",      "Modulus size (bits)",         U32,   DEC,  NONE) \
    /* host list */ \
    X(LIST_START,       "list.start",       "Start position",              U32,   DEC,  NONE) \
    X(LIST_NEXT,        "list.next",        "Next start position",         U32,   DEC,  NONE) \
    X(LIST_COUNT,       "list.count",       "Hosts in this packet",        U32,   DEC,  NONE) \
    X(LIST_HOST,        "list.host",        "Host",                        NONE,  NONE, NONE) \
    X(LIST_USER,        "list.user",        "User name",                   TEXT,  NONE, NONE) \
    X(LIST_HOSTNAME,    "list.hostname",    "Host name",                   TEXT,  NONE, NONE) \
    X(LIST_STATUS,      "list.status",      "Status",                      U32,   HEX,  OPTIONS) \
    X(LIST_ADDR,        "list.addr",        "Address",                     ASCII, NONE, NONE) \
    X(LIST_PORT,        "list.port",        "Port",                        U32,   DEC,  NONE) \
    X(LIST_NICKNAME,    "list.nickname",    "Nickname",                    TEXT,  NONE, NONE) \
    X(LIST_GROUP,       "list.group",       "Group",                       TEXT,  NONE, NONE) \
    /* IPDict ("IP2:") */ \
    X(IPDICT,           "ipdict",           "IPDict",                      NONE,  NONE, NONE) \
    X(IPDICT_LEN,       "ipdict.len",       "Content length",              U32,   DEC,  NONE) \
    X(IPDICT_KEY,       "ipdict.key",       "Key",                         ASCII, NONE, NONE) \
    X(IPDICT_VALUE,     "ipdict.value",     "Value",                       UTF8,  NONE, NONE) \
    /* FeiQ binary and image commands */ \
    X(FEIQ_CIPHERTEXT,  "feiq.ciphertext",  "Encrypted group body",        BYTES, NONE, NONE) \
    X(FEIQ_IMAGE_ID,    "feiq.image.id",    "Image ID",                    ASCII, NONE, NONE) \
    X(FEIQ_IMAGE_META,  "feiq.image.meta",  "Image chunk metadata",        ASCII, NONE, NONE) \
    X(FEIQ_IMAGE_DATA,  "feiq.image.data",  "Image chunk",                 BYTES, NONE, NONE) \
    /* iptux commands */ \
    X(IPTUX_ICON_DATA,  "iptux.icon_data",  "Icon image",                  BYTES, NONE, NONE) \
    X(IPTUX_SIGNATURE,  "iptux.signature",  "Personal signature",          TEXT,  NONE, NONE) \
    X(IPTUX_PASSWORD,   "iptux.password",   "Shared-files password",       TEXT,  NONE, NONE) \
    /* TCP file requests */ \
    X(REQ_PACKET_NO,    "req.packet_no",    "Attachment packet number",    U64,   DEC_HEX, NONE) \
    X(REQ_FILE_ID,      "req.file_id",      "File ID",                     U32,   DEC_HEX, NONE) \
    X(REQ_OFFSET,       "req.offset",       "Offset",                      U64,   DEC_HEX, NONE) \
    X(FILE_DATA,        "file_data",        "File data",                   BYTES, NONE, NONE) \
    /* what does not fit */ \
    X(DATA,             "data",             "Data",                        BYTES, NONE, NONE) \
    X(BODY,             "body",             "Additional section",          TEXT,  NONE, NONE) \
    X(SECTION,          "section",          "Extra section",               TEXT,  NONE, NONE) \
    X(PADDING,          "padding",          "NUL padding",                 BYTES, NONE, NONE)

/* Field ids: IPMSG_F_VERSION, IPMSG_F_PACKET_NO, ...; IPMSG_F_PROBLEM marks
 * an item that is a problem report (its value is an enum ipmsg_problem). */
enum ipmsg_field {
#define IPMSG_X_ENUM(id, abbrev, name, kind, base, table) IPMSG_F_##id,
    IPMSG_FIELD_LIST(IPMSG_X_ENUM)
#undef IPMSG_X_ENUM
    IPMSG_F_COUNT,
    IPMSG_F_PROBLEM = IPMSG_F_COUNT
};

/* How a field's bytes are turned into a value. */
enum ipmsg_kind {
    IPMSG_K_NONE,   /* a subtree heading; the span covers its children */
    IPMSG_K_TEXT,   /* text in the packet's character set */
    IPMSG_K_UTF8,   /* text that is always UTF-8 */
    IPMSG_K_ASCII,  /* protocol token: digits, hex, base64 */
    IPMSG_K_U8,
    IPMSG_K_U32,
    IPMSG_K_U64,
    IPMSG_K_I32,
    IPMSG_K_TIME,   /* Unix seconds in the value */
    IPMSG_K_BYTES
};

enum ipmsg_base { IPMSG_B_NONE, IPMSG_B_DEC, IPMSG_B_HEX, IPMSG_B_DEC_HEX };

/* Which table names the values of a field. */
enum ipmsg_table {
    IPMSG_T_NONE,
    IPMSG_T_COMMAND,       /* value_string: command modes (dialect-neutral names) */
    IPMSG_T_DIALECT,       /* value_string */
    IPMSG_T_PLATFORM,      /* value_string */
    IPMSG_T_VS_STAGE,      /* value_string */
    IPMSG_T_FILE_TYPE,     /* value_string */
    IPMSG_T_EXT_KEY,       /* value_string */
    IPMSG_T_IPTUX_MSGKIND, /* value_string */
    IPMSG_T_OPTIONS,       /* bit set chosen by the item's family (aux) */
    IPMSG_T_CRYPTO,        /* bit set: crypto method / capability */
    IPMSG_T_FILE_ATTR      /* bit set: file attribute flags */
};

struct ipmsg_field_info {
    const char *abbrev;   /* filter name without the "ipmsg." prefix */
    const char *name;
    enum ipmsg_kind kind;
    enum ipmsg_base base;
    enum ipmsg_table table;
};

extern const struct ipmsg_field_info ipmsg_field_infos[IPMSG_F_COUNT];

#endif
