/* Every kind of deviation the core (or the plugin) can report, one row each.
 * The plugin registers one expert info per row as "ipmsg." + name.
 *
 * X(id, expert name, severity, group, summary)
 */
#ifndef IPMSG_PROBLEMS_H
#define IPMSG_PROBLEMS_H

#define IPMSG_PROBLEM_LIST(X) \
    X(HEADER_MISSING,     "header.missing_fields",  ERROR, MALFORMED, "Header has fewer than the five ':'-separated fields") \
    X(VERSION_UNKNOWN,    "version.unknown",        WARN,  PROTOCOL,  "Unknown format version (expected 1)") \
    X(FEIQ_VERSION,       "feiq.bad_version",       WARN,  MALFORMED, "FeiQ version field does not have the expected '#' fields") \
    X(PACKETNO_NOT_NUMERIC,"packet_no.not_numeric", ERROR, MALFORMED, "Packet number is not a decimal number") \
    X(PACKETNO_OVER_32BIT,"packet_no.over_32bit",   WARN,  PROTOCOL,  "Packet number exceeds 2^32-1; official clients read it as 32 bits") \
    X(NUMBER_OVERFLOW,    "number.overflow",        ERROR, MALFORMED, "Number does not fit in 64 bits") \
    X(COMMAND_NOT_NUMERIC,"command.not_numeric",    ERROR, MALFORMED, "Command number is not a decimal number") \
    X(COMMAND_OVERFLOW,   "command.overflow",       ERROR, MALFORMED, "Command number exceeds 32 bits") \
    X(COMMAND_UNKNOWN,    "command.unknown",        WARN,  UNDECODED, "Unknown command") \
    X(OPTIONS_UNKNOWN,    "command.unknown_options",NOTE,  PROTOCOL,  "Option bits with no known meaning for this command") \
    X(SECTION_TRUNCATED,  "section.truncated",      ERROR, MALFORMED, "Section is truncated") \
    X(SECTION_UNEXPECTED, "section.unexpected",     NOTE,  PROTOCOL,  "Unexpected data after the last section") \
    X(NOT_DECIMAL,        "number.not_decimal",     ERROR, MALFORMED, "Field is not a decimal number") \
    X(NOT_HEX,            "number.not_hex",         ERROR, MALFORMED, "Field is not a hexadecimal number") \
    X(FILE_MISSING_FIELDS,"file.missing_fields",    ERROR, MALFORMED, "Attachment entry lacks id, name, size, mtime or attribute") \
    X(FILE_UNTERMINATED,  "file.unterminated",      WARN,  MALFORMED, "Attachment entry is not terminated by BEL (\\a)") \
    X(FILE_BAD_EXT,       "file.bad_ext",           WARN,  MALFORMED, "Extended attribute is not key=value") \
    X(FILE_UNKNOWN_TYPE,  "file.unknown_type",      NOTE,  PROTOCOL,  "Unknown file type") \
    X(ENC_MISSING_FIELDS, "enc.missing_fields",     ERROR, MALFORMED, "Encrypted message lacks method, key or body") \
    X(ENC_BAD_METHOD,     "enc.bad_method",         WARN,  PROTOCOL,  "Method names no RSA size or no symmetric cipher") \
    X(ENC_BAD_ENCODING,   "enc.bad_encoding",       ERROR, MALFORMED, "Encrypted field is not valid hex or base64") \
    X(ENC_KEY_LENGTH,     "enc.key_length",         WARN,  MALFORMED, "Encrypted key length does not match the RSA size of the method") \
    X(ENC_BODY_LENGTH,    "enc.body_length",        WARN,  MALFORMED, "Encrypted body is not a whole number of cipher blocks") \
    X(ENC_SIGNATURE_LENGTH,"enc.signature_length",  WARN,  MALFORMED, "Signature length does not match the RSA size of the method") \
    X(ENC_SIGNATURE_MISSING,"enc.signature_missing",WARN,  MALFORMED, "Method asks for a signature but none is present") \
    X(ENC_SIGNATURE_UNEXPECTED,"enc.signature_unexpected",WARN, MALFORMED, "Signature present but the method asks for none") \
    X(DEC_NO_KEY,         "enc.no_key",             NOTE,  UNDECODED, "Not decrypted: no key for the receiver in the IPMsg RSA keys list") \
    X(DEC_KEY_FAILED,     "enc.key_failed",         NOTE,  UNDECODED, "Not decrypted: the keys listed for the receiver do not open the common key (not its key?)") \
    X(DEC_KEY_SIZE,       "enc.common_key_size",    WARN,  MALFORMED, "Decrypted common key has the wrong size for the cipher") \
    X(DEC_BAD_PADDING,    "enc.bad_padding",        WARN,  MALFORMED, "Decrypted body does not end in valid PKCS#5 padding (truncated or damaged ciphertext)") \
    X(DEC_FAILED,         "enc.decrypt_failed",     WARN,  UNDECODED, "Decryption failed") \
    X(DEC_SIGNATURE_INVALID,"enc.signature_invalid",WARN,  PROTOCOL,  "Signature does not verify with the sender's public key") \
    X(DEC_SIGNATURE_UNCHECKED,"enc.signature_unchecked",CHAT,UNDECODED,"Signature not checked: no ANSPUBKEY from the sender earlier in the capture") \
    X(FEIQ_DECRYPT,       "feiq.decrypt_failed",    WARN,  MALFORMED, "Group body does not decrypt with the sender's MAC: bad length or padding") \
    X(FEIQ_GROUP_MALFORMED,"feiq.group.malformed",  WARN,  MALFORMED, "Decrypted group body is not QUNMSGMARK#id[_time]#text") \
    X(PUBKEY_MALFORMED,   "pubkey.malformed",       ERROR, MALFORMED, "Public key is not capability:exponent-modulus") \
    X(PUBKEY_SIZE,        "pubkey.size",            WARN,  PROTOCOL,  "Modulus size is not 1024, 2048 or 4096 bits") \
    X(LIST_MALFORMED,     "list.malformed",         ERROR, MALFORMED, "Host list entry is truncated or malformed") \
    X(LIST_COUNT,         "list.count_mismatch",    WARN,  MALFORMED, "Host count differs from the entries present") \
    X(IPDICT_MALFORMED,   "ipdict.malformed",       ERROR, MALFORMED, "IPDict structure is malformed") \
    X(UTF8_UNKNOWN_KEY,   "utf8.unknown_key",       NOTE,  PROTOCOL,  "Unknown key in the UTF-8 name block") \
    X(VS_MALFORMED,       "vs.malformed",           WARN,  MALFORMED, "VS value is not platform:major:minor:revision") \
    X(FEIQ_BODY_LENGTH,   "feiq.body_length",       WARN,  MALFORMED, "Binary body length differs from the version field") \
    X(FEIQ_FONT,          "feiq.bad_font",          WARN,  MALFORMED, "FeiQ font trailer is malformed") \
    X(REQ_MISSING_FIELDS, "req.missing_fields",     ERROR, MALFORMED, "File request lacks packet number or file id") \
    X(DIR_HEADER_SIZE,    "dir.bad_header_size",    ERROR, MALFORMED, "Directory record header size is missing, not hex, too small or over 65535") \
    X(DIR_MALFORMED,      "dir.malformed",          ERROR, MALFORMED, "Directory record header lacks name, size or attribute, or does not end with ':'") \
    X(DIR_UNBALANCED,     "dir.unbalanced",         WARN,  MALFORMED, "Return to the parent directory outside any directory") \
    X(DIR_EXTRA,          "dir.extra",              WARN,  MALFORMED, "Data after the end of the directory stream") \
    X(DIR_TRUNCATED,      "dir.truncated",          WARN,  MALFORMED, "Directory stream ended inside a record or before leaving its directory") \
    X(TOO_MANY_ITEMS,     "too_many_items",         WARN,  UNDECODED, "Too many elements; the rest is not decoded") \
    X(TCP_INCOMPLETE,     "tcp.incomplete",         WARN,  MALFORMED, "TCP request header ended before its terminating NUL") \
    X(CHARSET_FALLBACK,   "charset.fallback",       CHAT,  PROTOCOL,  "Text is not valid in the packet's character set; decoded with the legacy character set") \
    X(CHARSET_INVALID,    "charset.invalid",        WARN,  MALFORMED, "Text is not valid in any candidate character set")

enum ipmsg_problem {
#define IPMSG_X_ENUM(id, abbrev, sev, group, text) IPMSG_P_##id,
    IPMSG_PROBLEM_LIST(IPMSG_X_ENUM)
#undef IPMSG_X_ENUM
    IPMSG_P_COUNT
};

enum ipmsg_severity { IPMSG_SEV_CHAT, IPMSG_SEV_NOTE, IPMSG_SEV_WARN, IPMSG_SEV_ERROR };
enum ipmsg_group { IPMSG_GRP_MALFORMED, IPMSG_GRP_PROTOCOL, IPMSG_GRP_UNDECODED };

struct ipmsg_problem_info {
    const char *abbrev;
    enum ipmsg_severity severity;
    enum ipmsg_group group;
    const char *summary;
};

extern const struct ipmsg_problem_info ipmsg_problem_infos[IPMSG_P_COUNT];

#endif
