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
 * X(id, filter name, display name, kind, base, table, description)
 */
#ifndef IPMSG_FIELDS_H
#define IPMSG_FIELDS_H

#define IPMSG_FIELD_LIST(X) \
    /* header */ \
    X(VERSION,          "version",          "Version",                     ASCII, NONE, NONE,\
        "Version field as sent: '1', or a client's extended form") \
    X(FORMAT_VERSION,   "format_version",   "Format version",              U32,   DEC,  NONE,\
        "The leading digits of the version field; 1 for every known client") \
    X(DIALECT,          "dialect",          "Dialect",                     U8,    DEC,  DIALECT,\
        "Client family told by the version field (1 official, 2 FeiQ, 3 iptux, 4 other, 5 IPDict)") \
    X(FEIQ,             "feiq",             "FeiQ version fields",         NONE,  NONE, NONE,\
        "The '#'-separated sub-fields of a FeiQ version") \
    X(FEIQ_GENERATION,  "feiq.generation",  "FeiQ generation (lbtN)",      U32,   DEC,  NONE,\
        "N in 1_lbtN_: 4 for FeiQ 2.x, 6 for FeiQ 3.x") \
    X(FEIQ_ICON,        "feiq.icon",        "Head icon",                   U32,   DEC,  NONE,\
        "Head icon number after 1_lbtN_") \
    X(FEIQ_STATUS,      "feiq.status",      "Status",                      U32,   DEC_HEX, NONE,\
        "Second '#' field: status and capability bits") \
    X(FEIQ_MAC,         "feiq.mac",         "MAC address",                 ASCII, NONE, NONE,\
        "Third '#' field: the sender's MAC address as 12 hex digits (also the group-chat key)") \
    X(FEIQ_BODY_LEN,    "feiq.body_len",    "Binary body length",          U32,   DEC,  NONE,\
        "Sixth '#' field: byte length of a binary group-message body, else 0") \
    X(FEIQ_FIELD,       "feiq.field",       "Other field",                 ASCII, NONE, NONE,\
        "A '#' field whose meaning is unknown") \
    X(IPTUX_VERSION,    "iptux.version",    "iptux version",               ASCII, NONE, NONE,\
        "iptux release after '1_iptux '") \
    X(VENDOR,           "vendor",           "Vendor tag",                  ASCII, NONE, NONE,\
        "Text after the leading digits of an unrecognised version ('1@tag')") \
    X(PACKET_NO,        "packet_no",        "Packet number",               U64,   DEC,  NONE,\
        "Sender's packet number (decimal; clients read 32 bits)") \
    X(USER,             "user",             "User name",                   TEXT,  NONE, NONE,\
        "Sender's login name (also the UN: entry of the UTF-8 block)") \
    X(HOST,             "host",             "Host name",                   TEXT,  NONE, NONE,\
        "Sender's host name (also the HN: entry of the UTF-8 block)") \
    X(COMMAND,          "command",          "Command",                     U32,   DEC_HEX, NONE,\
        "Command number: mode in the low 8 bits, option bits above") \
    X(MODE,             "command.mode",     "Mode",                        U32,   HEX,  COMMAND,\
        "The command proper (low 8 bits of the command number)") \
    X(OPTIONS,          "command.options",  "Options",                     U32,   HEX,  OPTIONS,\
        "Option bits (high 24 bits); their names depend on the command family") \
    X(IPTUX_MSGKIND,    "iptux.msg_kind",   "iptux message kind",          U32,   HEX,  IPTUX_MSGKIND,\
        "IPTUX_SENDMSG kind, a value in bits 8-10: regular, segment, group, broadcast") \
    /* entry family */ \
    X(NICKNAME,         "nickname",         "Nickname",                    TEXT,  NONE, NONE,\
        "Nickname of an entry packet (also the NN: entry of the UTF-8 block)") \
    X(GROUP,            "group",            "Group",                       TEXT,  NONE, NONE,\
        "Group name of an entry packet (also the GN: entry of the UTF-8 block)") \
    X(UTF8_BLOCK,       "utf8",             "UTF-8 name block",            NONE,  NONE, NONE,\
        "UTF-8 copies of the names that official clients append to entry packets") \
    X(UTF8_USER,        "user",             "User name (UTF-8)",           UTF8,  NONE, NONE,\
        "UN: login name in UTF-8") \
    X(UTF8_HOST,        "host",             "Host name (UTF-8)",           UTF8,  NONE, NONE,\
        "HN: host name in UTF-8") \
    X(UTF8_NICKNAME,    "nickname",         "Nickname (UTF-8)",            UTF8,  NONE, NONE,\
        "NN: nickname in UTF-8") \
    X(UTF8_GROUP,       "group",            "Group (UTF-8)",               UTF8,  NONE, NONE,\
        "GN: group name in UTF-8") \
    X(UTF8_POLL,        "utf8.poll",        "Poll request (PL)",           U32,   DEC,  NONE,\
        "PL: poll request of the member-master extension") \
    X(UTF8_IPDICT,      "utf8.ipdict",      "IPDict, base64 (IP)",         ASCII, NONE, NONE,\
        "IP: IPDict in base64") \
    X(UTF8_OTHER,       "utf8.other",       "Unknown entry",               UTF8,  NONE, NONE,\
        "An entry of the UTF-8 block with an unknown key") \
    X(VS,               "vs",               "Client version (VS)",         ASCII, NONE, NONE,\
        "VS: client platform and version, platform:major:minor:revision") \
    X(VS_PLATFORM,      "vs.platform",      "Platform",                    U32,   HEX,  PLATFORM,\
        "Platform code of the VS entry") \
    X(VS_MAJOR,         "vs.major",         "Major version",               U32,   DEC,  NONE,\
        "Major version of the VS entry") \
    X(VS_MINOR,         "vs.minor",         "Minor version",               U32,   DEC,  NONE,\
        "Minor version of the VS entry") \
    X(VS_REV,           "vs.rev",           "Revision code",               U32,   DEC,  NONE,\
        "Revision code of the VS entry (stage offset plus revision)") \
    X(VS_STAGE,         "vs.stage",         "Release stage",               U32,   DEC,  VS_STAGE,\
        "Release stage from the revision code: +0 alpha, +50 beta, +100 release") \
    X(VS_BUILD,         "vs.build",         "Revision",                    U32,   DEC,  NONE,\
        "Revision number within the stage") \
    X(IPTUX_ICON,       "iptux.icon",       "Icon file",                   TEXT,  NONE, NONE,\
        "iptux entry: icon file name") \
    X(IPTUX_ENCODING,   "iptux.encoding",   "Encoding",                    ASCII, NONE, NONE,\
        "iptux entry: the sender's encoding name") \
    /* message */ \
    X(MESSAGE,          "message",          "Message",                     TEXT,  NONE, NONE,\
        "Message text (FeiQ's font trailer removed)") \
    X(FEIQ_IMAGE_REF,   "feiq.image_ref",   "Inline image reference",      ASCII, NONE, NONE,\
        "Image id of a FeiQ inline image reference /~#>id<B~") \
    X(FEIQ_FONT,        "feiq.font",        "Font trailer",                TEXT,  NONE, NONE,\
        "FeiQ/Feige rich-text trailer {/font;...;}") \
    X(FEIQ_FONT_HEIGHT, "feiq.font.height", "Height",                      I32,   DEC,  NONE,\
        "LOGFONT height") \
    X(FEIQ_FONT_WEIGHT, "feiq.font.weight", "Weight",                      I32,   DEC,  NONE,\
        "LOGFONT weight (400 normal, 700 bold)") \
    X(FEIQ_FONT_CHARSET,"feiq.font.charset","Character set",               I32,   DEC,  NONE,\
        "LOGFONT character set (134 GB2312)") \
    X(FEIQ_FONT_PARAM,  "feiq.font.param",  "Other LOGFONT value",         I32,   DEC,  NONE,\
        "Another LOGFONT number") \
    X(FEIQ_FONT_FACE,   "feiq.font.face",   "Face name",                   TEXT,  NONE, NONE,\
        "Font face name") \
    X(FEIQ_FONT_COLOR,  "feiq.font.color",  "Colour (COLORREF)",           U32,   HEX,  NONE,\
        "Text colour as a Windows COLORREF (0x00bbggrr)") \
    X(FILES,            "files",            "Attachments",                 NONE,  NONE, NONE,\
        "Attachment list of a message") \
    X(FILE,             "file",             "Attachment",                  NONE,  NONE, NONE,\
        "One attachment entry") \
    X(FILE_ID,          "file.id",          "File ID",                     U32,   DEC,  NONE,\
        "Attachment id, used by GETFILEDATA/GETDIRFILES") \
    X(FILE_NAME,        "file.name",        "File name",                   TEXT,  NONE, NONE,\
        "File name ('::' in the packet stands for ':')") \
    X(FILE_SIZE,        "file.size",        "Size",                        U64,   DEC,  NONE,\
        "File size in bytes (iptux: directory tree size)") \
    X(FILE_MTIME,       "file.mtime",       "Modified",                    TIME,  NONE, NONE,\
        "Modification time (iptux sends the change time)") \
    X(FILE_ATTR,        "file.attr",        "Attributes",                  U32,   HEX,  FILE_ATTR,\
        "File attribute: type in the low 8 bits, flags above") \
    X(FILE_TYPE,        "file.attr.type",   "Type",                        U32,   HEX,  FILE_TYPE,\
        "File type from the attribute") \
    X(FILE_EXT,         "file.ext",         "Extended attribute",          ASCII, NONE, NONE,\
        "Extended attribute key=value") \
    X(FILE_EXT_KEY,     "file.ext.key",     "Key",                         U32,   HEX,  EXT_KEY,\
        "Extended attribute key") \
    X(FILE_EXT_VALUE,   "file.ext.value",   "Value",                       ASCII, NONE, NONE,\
        "Extended attribute value(s), hex") \
    X(TO_LIST,          "to",               "Recipients (TO list)",        NONE,  NONE, NONE,\
        "Recipients listed in the message (TO: extension)") \
    X(TO_USER,          "to.user",          "Recipient user",              TEXT,  NONE, NONE,\
        "Recipient login name") \
    X(TO_HOST,          "to.host",          "Recipient host",              TEXT,  NONE, NONE,\
        "Recipient host name") \
    X(ENC,              "enc",              "Encrypted message",           NONE,  NONE, NONE,\
        "Encrypted message: method, encrypted common key, body, optional signature") \
    X(ENC_METHOD,       "enc.method",       "Method",                      U32,   HEX,  CRYPTO,\
        "Crypto method bits") \
    X(ENC_KEY,          "enc.key",          "Encrypted common key",        ASCII, NONE, NONE,\
        "Common key encrypted with the recipient's RSA key (hex or base64)") \
    X(ENC_BODY,         "enc.body",         "Encrypted body",              ASCII, NONE, NONE,\
        "Message encrypted with the common key (hex or base64)") \
    X(ENC_SIGNATURE,    "enc.signature",    "Signature",                   ASCII, NONE, NONE,\
        "RSA signature of the plaintext (hex or base64)") \
    X(ENC_KEY_BITS,     "enc.key_bits",     "Encrypted key size (bits)",   U32,   DEC,  NONE,\
        "Size of the encrypted common key; should equal the RSA size") \
    X(ENC_SIGNATURE_VALID, "enc.signature_valid", "Signature valid",         BOOL,  NONE, NONE,\
        "Whether the signature verifies with the sender's public key from an earlier ANSPUBKEY") \
    X(DECRYPTED,        "decrypted",        "Decrypted message",           NONE,  NONE, NONE,\
        "Plaintext of an encrypted message, dissected like a clear one (its own bytes tab)") \
    /* replies and queries */ \
    X(REF_PACKET_NO,    "ref_packet_no",    "Referenced packet number",    U64,   DEC,  NONE,\
        "Packet number of the message this packet answers or releases") \
    X(INFO_TEXT,        "info",             "Version information",         TEXT,  NONE, NONE,\
        "Version text answering GETINFO") \
    X(ABSENCE_TEXT,     "absence",          "Absence text",                TEXT,  NONE, NONE,\
        "Absence text answering GETABSENCEINFO") \
    X(PUBKEY_CAPA,      "pubkey.capa",      "Crypto capabilities",         U32,   HEX,  CRYPTO,\
        "Crypto capability bits of GETPUBKEY/ANSPUBKEY") \
    X(PUBKEY_EXPONENT,  "pubkey.exponent",  "Public exponent",             U64,   DEC_HEX, NONE,\
        "RSA public exponent") \
    X(PUBKEY_MODULUS,   "pubkey.modulus",   "Modulus",                     ASCII, NONE, NONE,\
        "RSA modulus, hex") \
    X(PUBKEY_BITS,      "pubkey.bits",      "Modulus size (bits)",         U32,   DEC,  NONE,\
        "Modulus size") \
    /* host list */ \
    X(LIST_START,       "list.start",       "Start position",              U32,   DEC,  NONE,\
        "GETLIST: position in the host list to send from") \
    X(LIST_NEXT,        "list.next",        "Next start position",         U32,   DEC,  NONE,\
        "ANSLIST: position to ask for next, 0 when done") \
    X(LIST_COUNT,       "list.count",       "Hosts in this packet",        U32,   DEC,  NONE,\
        "ANSLIST: number of hosts in this packet") \
    X(LIST_HOST,        "list.host",        "Host",                        NONE,  NONE, NONE,\
        "One host of a host list") \
    X(LIST_USER,        "list.user",        "User name",                   TEXT,  NONE, NONE,\
        "Host list: login name") \
    X(LIST_HOSTNAME,    "list.hostname",    "Host name",                   TEXT,  NONE, NONE,\
        "Host list: host name") \
    X(LIST_STATUS,      "list.status",      "Status",                      U32,   HEX,  OPTIONS,\
        "Host list: the option bits the host announced") \
    X(LIST_ADDR,        "list.addr",        "Address",                     ASCII, NONE, NONE,\
        "Host list: address") \
    X(LIST_PORT,        "list.port",        "Port",                        U32,   DEC,  NONE,\
        "Host list: port") \
    X(LIST_NICKNAME,    "list.nickname",    "Nickname",                    TEXT,  NONE, NONE,\
        "Host list: nickname") \
    X(LIST_GROUP,       "list.group",       "Group",                       TEXT,  NONE, NONE,\
        "Host list: group") \
    /* IPDict ("IP2:") */ \
    X(IPDICT,           "ipdict",           "IPDict",                      NONE,  NONE, NONE,\
        "IPDict dictionary IP2:len:...:Z") \
    X(IPDICT_LEN,       "ipdict.len",       "Content length",              U32,   DEC,  NONE,\
        "IPDict content length (hex on the wire)") \
    X(IPDICT_KEY,       "ipdict.key",       "Key",                         ASCII, NONE, NONE,\
        "IPDict key") \
    X(IPDICT_VALUE,     "ipdict.value",     "Value",                       UTF8,  NONE, NONE,\
        "IPDict value") \
    /* FeiQ binary and image commands */ \
    X(FEIQ_CIPHERTEXT,  "feiq.ciphertext",  "Encrypted group body",        BYTES, NONE, NONE,\
        "FeiQ group message or announcement, Blowfish encrypted") \
    X(FEIQ_GROUP_MARK,  "feiq.group.mark",  "Group marker",                ASCII, NONE, NONE,\
        "QUNMSGMARK: the decrypted body is a group message") \
    X(FEIQ_GROUP_ID,    "feiq.group.id",    "Group ID",                    ASCII, NONE, NONE,\
        "Group id, hex, from the decrypted body") \
    X(FEIQ_GROUP_TIME,  "feiq.group.time",  "Sent",                        TIME,  NONE, NONE,\
        "Send time from the decrypted body (FeiQ 2016 form)") \
    X(FEIQ_IMAGE_ID,    "feiq.image.id",    "Image ID",                    ASCII, NONE, NONE,\
        "FeiQ image id (8 characters)") \
    X(FEIQ_IMAGE_META,  "feiq.image.meta",  "Image chunk metadata",        ASCII, NONE, NONE,\
        "FeiQ image chunk metadata") \
    X(FEIQ_IMAGE_DATA,  "feiq.image.data",  "Image chunk",                 BYTES, NONE, NONE,\
        "FeiQ image chunk bytes") \
    /* iptux commands */ \
    X(IPTUX_ICON_DATA,  "iptux.icon_data",  "Icon image",                  BYTES, NONE, NONE,\
        "iptux avatar image") \
    X(IPTUX_SIGNATURE,  "iptux.signature",  "Personal signature",          TEXT,  NONE, NONE,\
        "iptux personal signature") \
    X(IPTUX_PASSWORD,   "iptux.password",   "Shared-files password",       TEXT,  NONE, NONE,\
        "Password of an iptux shared-files request") \
    /* TCP file requests */ \
    X(REQ_PACKET_NO,    "req.packet_no",    "Attachment packet number",    U64,   DEC_HEX, NONE,\
        "File request: packet number of the message that offered the file (hex on the wire)") \
    X(REQ_FILE_ID,      "req.file_id",      "File ID",                     U32,   DEC_HEX, NONE,\
        "File request: attachment id (hex on the wire)") \
    X(REQ_OFFSET,       "req.offset",       "Offset",                      U64,   DEC_HEX, NONE,\
        "File request: offset to send from (hex on the wire)") \
    X(FILE_DATA,        "file_data",        "File data",                   BYTES, NONE, NONE,\
        "Bytes of a file or directory transfer") \
    /* GETDIRFILES directory stream (TCP) */ \
    X(DIR_RECORD,       "dir.record",       "Directory record",            NONE,  NONE, NONE,\
        "One record of a directory stream: a header, then the contents of a file") \
    X(DIR_HEADER_SIZE,  "dir.header_size",  "Header size",                 U32,   DEC_HEX, NONE,\
        "Bytes of the record header, from its first byte to the ':' before the contents (hex on the wire)") \
    X(DIR_NAME,         "dir.name",         "Name",                        TEXT,  NONE, NONE,\
        "File or directory name ('::' in the stream stands for ':'; '.' returns to the parent)") \
    X(DIR_SIZE,         "dir.size",         "Size",                        U64,   DEC,  NONE,\
        "Bytes of contents that follow the header (hex on the wire; directories send 0)") \
    X(DIR_ATTR,         "dir.attr",         "Attributes",                  U32,   HEX,  FILE_ATTR,\
        "File attribute: type in the low 8 bits, flags above") \
    X(DIR_TYPE,         "dir.attr.type",    "Type",                        U32,   HEX,  FILE_TYPE,\
        "Record type: 1 file, 2 directory (opens it), 3 return to the parent directory") \
    X(DIR_EXT,          "dir.ext",          "Extended attribute",          ASCII, NONE, NONE,\
        "Extended attribute key=value of a directory record") \
    X(DIR_EXT_KEY,      "dir.ext.key",      "Key",                         U32,   HEX,  EXT_KEY,\
        "Extended attribute key") \
    X(DIR_EXT_VALUE,    "dir.ext.value",    "Value",                       ASCII, NONE, NONE,\
        "Extended attribute value(s), hex") \
    X(DIR_CONTENT,      "dir.content",      "Contents",                    BYTES, NONE, NONE,\
        "Contents of a file in a directory stream (the part in this segment)") \
    /* what does not fit */ \
    X(DATA,             "data",             "Data",                        BYTES, NONE, NONE,\
        "Bytes with no further structure") \
    X(BODY,             "body",             "Additional section",          TEXT,  NONE, NONE,\
        "Additional section that is not decoded further") \
    X(SECTION,          "section",          "Extra section",               TEXT,  NONE, NONE,\
        "A section after the ones the command defines") \
    X(PADDING,          "padding",          "NUL padding",                 BYTES, NONE, NONE,\
        "NUL bytes after the last section (Windows re-sends add 64)")

/* Field ids: IPMSG_F_VERSION, IPMSG_F_PACKET_NO, ...; IPMSG_F_PROBLEM marks
 * an item that is a problem report (its value is an enum ipmsg_problem). */
enum ipmsg_field {
#define IPMSG_X_ENUM(id, abbrev, name, kind, base, table, description) IPMSG_F_##id,
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
    IPMSG_K_BOOL,   /* true/false in the value */
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
    const char *description;
};

extern const struct ipmsg_field_info ipmsg_field_infos[IPMSG_F_COUNT];

#endif
