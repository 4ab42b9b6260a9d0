/* Protocol knowledge as data: commands, option bits per family, crypto
 * bits, file attributes, and the names of values.  Sources are in
 * docs/protocol.md; the constants are those of the official ipmsg.h 4.50,
 * iptux 0.8.3 and the reverse-engineered FeiQ clients. */
#include "ipmsg.h"

#include <stdio.h>
#include <string.h>

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

const struct ipmsg_field_info ipmsg_field_infos[IPMSG_F_COUNT] = {
#define IPMSG_X_INFO(id, abbrev, name, kind, base, table, description) \
    [IPMSG_F_##id] = {abbrev, name, IPMSG_K_##kind, IPMSG_B_##base, IPMSG_T_##table, description},
    IPMSG_FIELD_LIST(IPMSG_X_INFO)
#undef IPMSG_X_INFO
};

const struct ipmsg_problem_info ipmsg_problem_infos[IPMSG_P_COUNT] = {
#define IPMSG_X_INFO(id, abbrev, sev, group, text) \
    [IPMSG_P_##id] = {abbrev, IPMSG_SEV_##sev, IPMSG_GRP_##group, text},
    IPMSG_PROBLEM_LIST(IPMSG_X_INFO)
#undef IPMSG_X_INFO
};

static const struct {
    enum ipmsg_problem problem;
    const char *label;
    bool hex;
} problem_details[] = {
    {IPMSG_P_OPTIONS_UNKNOWN, "unknown bits", true},
    {IPMSG_P_FEIQ_BODY_LENGTH, "version field says", false},
    {IPMSG_P_ENC_KEY_LENGTH, "bits expected", false},
    {IPMSG_P_ENC_SIGNATURE_LENGTH, "bits expected", false},
    {IPMSG_P_LIST_COUNT, "hosts announced", false},
};

const char *ipmsg_problem_detail_label(enum ipmsg_problem problem, bool *hex)
{
    for (size_t i = 0; i < sizeof problem_details / sizeof problem_details[0]; i++) {
        if (problem_details[i].problem == problem) {
            *hex = problem_details[i].hex;
            return problem_details[i].label;
        }
    }
    *hex = false;
    return NULL;
}

/* ---- commands ---- */

#define ANY IPMSG_DIALECT_ANY
#define UDP IPMSG_UDP
#define TCP IPMSG_TCP
#define F(x) IPMSG_FAM_##x
#define B(x) IPMSG_BODY_##x

const struct ipmsg_command_info ipmsg_commands[] = {
    /* mode  name               dialect               family         body            transport reply description */
    {0x00, "NOOPERATION",      ANY, F(ENTRY),    B(ENTRY),        UDP, -1,   "No operation (sent before BR_ENTRY)"},
    {0x01, "BR_ENTRY",         ANY, F(ENTRY),    B(ENTRY),        UDP, 0x03, "Entry: a host joins"},
    {0x02, "BR_EXIT",          ANY, F(ENTRY),    B(ENTRY),        UDP, -1,   "Exit: a host leaves"},
    {0x03, "ANSENTRY",         ANY, F(ENTRY),    B(ENTRY),        UDP, -1,   "Answer to an entry"},
    {0x04, "BR_ABSENCE",       ANY, F(ENTRY),    B(ENTRY),        UDP, -1,   "Absence mode or nickname change"},
    {0x10, "BR_ISGETLIST",     ANY, F(ENTRY),    B(ENTRY),        UDP, 0x11, "Who can send a host list? (old form)"},
    {0x11, "OKGETLIST",        ANY, F(ENTRY),    B(ENTRY),        UDP, 0x12, "The sender can provide a host list"},
    {0x12, "GETLIST",          ANY, F(ENTRY),    B(LIST_START),   UDP, 0x13, "Host list request"},
    {0x13, "ANSLIST",          ANY, F(ENTRY),    B(HOSTLIST),     UDP, -1,   "Host list"},
    {0x14, "ANSLIST_DICT",     ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Host list as IPDict"},
    {0x18, "BR_ISGETLIST2",    ANY, F(ENTRY),    B(ENTRY),        UDP, 0x11, "Who can send a host list?"},
    {0x20, "SENDMSG",          ANY, F(MESSAGE),  B(MESSAGE),      UDP, 0x21, "Message"},
    {0x21, "RECVMSG",          ANY, F(MESSAGE),  B(REF_NO),       UDP, -1,   "Message received"},
    {0x23, "FEIQ_GROUPMSG",    IPMSG_DIALECT_FEIQ, F(MESSAGE), B(FEIQ_GROUP), UDP, -1, "FeiQ group message (encrypted)"},
    {0x30, "READMSG",          ANY, F(MESSAGE),  B(REF_NO),       UDP, 0x32, "Sealed message opened"},
    {0x31, "DELMSG",           ANY, F(MESSAGE),  B(REF_NO),       UDP, -1,   "Sealed message discarded unread"},
    {0x32, "ANSREADMSG",       ANY, F(MESSAGE),  B(REF_NO),       UDP, -1,   "Acknowledgement of READMSG"},
    {0x40, "GETINFO",          ANY, F(MESSAGE),  B(NONE),         UDP, 0x41, "Version information request"},
    {0x41, "SENDINFO",         ANY, F(MESSAGE),  B(INFO_TEXT),    UDP, -1,   "Version information"},
    {0x50, "GETABSENCEINFO",   ANY, F(MESSAGE),  B(NONE),         UDP, 0x51, "Absence text request"},
    {0x51, "SENDABSENCEINFO",  ANY, F(MESSAGE),  B(ABSENCE_TEXT), UDP, -1,   "Absence text"},
    {0x60, "GETFILEDATA",      ANY, F(FILEREQ),  B(FILEREQ),      TCP, -1,   "File data request"},
    {0x61, "RELEASEFILES",     ANY, F(MESSAGE),  B(REF_NO),       UDP, -1,   "Attachments released"},
    {0x62, "GETDIRFILES",      ANY, F(FILEREQ),  B(DIRREQ),       TCP, -1,   "Directory request"},
    {0x63, "DIRFILES_AUTH",    ANY, F(FILEREQ),  B(TEXT),         TCP, -1,   "Directory authentication"},
    {0x64, "DIRFILES_AUTHRET", ANY, F(FILEREQ),  B(TEXT),         TCP, -1,   "Directory authentication answer"},
    {0x72, "GETPUBKEY",        ANY, F(MESSAGE),  B(PUBKEY_REQ),   UDP, 0x73, "Public key request"},
    {0x73, "ANSPUBKEY",        ANY, F(MESSAGE),  B(PUBKEY_ANS),   UDP, -1,   "Public key"},
    {0x77, "FEIQ_OPEN_YOU",    IPMSG_DIALECT_FEIQ, F(MESSAGE), B(NONE), UDP, -1, "FeiQ chat window opened"},
    {0x79, "FEIQ_INPUTING",    IPMSG_DIALECT_FEIQ, F(MESSAGE), B(NONE), UDP, -1, "FeiQ peer is typing"},
    {0x7A, "FEIQ_INPUT_END",   IPMSG_DIALECT_FEIQ, F(MESSAGE), B(NONE), UDP, -1, "FeiQ peer stopped typing"},
    {0xA0, "AGENT_REQ",        ANY, F(ENTRY),    B(IPDICT),       UDP, 0xA1, "Member-master agent request"},
    {0xA1, "AGENT_ANSREQ",     ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Member-master agent answer"},
    {0xA2, "AGENT_PACKET",     ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Member-master agent packet"},
    {0xA3, "AGENT_PROXYREQ",   ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Member-master proxy request"},
    {0xB0, "FEIQ_REMOTE_ASSIST", IPMSG_DIALECT_FEIQ, F(MESSAGE), B(TEXT), UDP, -1, "FeiQ remote assistance request (unconfirmed)"},
    {0xB0, "DIR_POLL",         ANY, F(ENTRY),    B(ENTRY),        UDP, -1,   "Member-to-master presence poll"},
    {0xB1, "DIR_POLLAGENT",    ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Master appoints an agent"},
    {0xB2, "DIR_BROADCAST",    ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Master asks for a proxy broadcast"},
    {0xB3, "DIR_ANSBROAD",     ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Proxy broadcast answer"},
    {0xB4, "DIR_PACKET",       ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Member list change"},
    {0xB5, "DIR_REQUEST",      ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Relay request"},
    {0xB6, "DIR_AGENTPACKET",  ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Agent relayed packet"},
    {0xB7, "DIR_EVBROAD",      ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Event broadcast"},
    {0xB8, "DIR_AGENTREJECT",  ANY, F(ENTRY),    B(IPDICT),       UDP, -1,   "Agent rejected"},
    {0xC0, "FEIQ_SENDIMAGE",   IPMSG_DIALECT_FEIQ, F(MESSAGE), B(FEIQ_IMAGE), UDP, 0xC1, "FeiQ inline image chunk"},
    {0xC1, "FEIQ_IMAGE_ACK",   IPMSG_DIALECT_FEIQ, F(MESSAGE), B(FEIQ_IMAGE_ACK), UDP, -1, "FeiQ image chunk acknowledgement"},
    {0xC9, "FEIQ_GROUPINFO",   IPMSG_DIALECT_FEIQ, F(MESSAGE), B(FEIQ_GROUP), UDP, -1, "FeiQ group announcement (encrypted)"},
    {0xD1, "FEIQ_KNOCK",       IPMSG_DIALECT_FEIQ, F(MESSAGE), B(NONE), UDP, 0xD2, "FeiQ window shake"},
    {0xD2, "FEIQ_KNOCK_ACK",   IPMSG_DIALECT_FEIQ, F(MESSAGE), B(NONE), UDP, -1, "FeiQ window shake acknowledgement"},
    {0xFB, "IPTUX_SENDMSG",    IPMSG_DIALECT_IPTUX, F(IPTUX_MSG), B(IPTUX_MSG), UDP, -1, "iptux group/segment/broadcast message"},
    {0xFC, "IPTUX_SEND_SIGN",  IPMSG_DIALECT_IPTUX, F(MESSAGE), B(IPTUX_SIGN), UDP, -1, "iptux personal signature"},
    {0xFD, "IPTUX_SENDSUBLAYER", IPMSG_DIALECT_IPTUX, F(IPTUX_SUBLAYER), B(IPTUX_SUBLAYER), TCP, -1, "iptux picture transfer"},
    {0xFE, "IPTUX_SENDICON",   IPMSG_DIALECT_IPTUX, F(MESSAGE), B(IPTUX_ICON), UDP, -1, "iptux avatar icon"},
    {0xFF, "IPTUX_ASKSHARED",  IPMSG_DIALECT_IPTUX, F(IPTUX_SHARED), B(IPTUX_ASKSHARED), UDP, 0x20, "iptux shared-files request"},
};
const size_t ipmsg_n_commands = N_ROWS(ipmsg_commands);

/* The rule, by a scan over the table: a row of the dialect itself, else the
 * generic row, else another client's row. */
static const struct ipmsg_command_info *command_scan(uint8_t mode, enum ipmsg_dialect dialect)
{
    const struct ipmsg_command_info *generic = NULL, *foreign = NULL;
    for (size_t i = 0; i < ipmsg_n_commands; i++) {
        const struct ipmsg_command_info *c = &ipmsg_commands[i];
        if (c->mode != mode)
            continue;
        if (c->dialect == dialect)
            return c;
        if (c->dialect == IPMSG_DIALECT_ANY) {
            if (!generic)
                generic = c;
        } else if (!foreign) {
            foreign = c;
        }
    }
    /* A client-specific command seen from another dialect is still that
     * client's command (official IPMsg has no 0x23, 0xD1, 0xFB ...). */
    return generic ? generic : foreign;
}

/* Every packet looks its command up (the plugin more than once), so the
 * scan's answers are kept per dialect and mode: row + 1, 0 for none.
 * Filled at first use; the plugin's registration (the command value names)
 * gets there before any dissection. */
_Static_assert(N_ROWS(ipmsg_commands) < UINT8_MAX, "command rows must fit the uint8_t index");
static uint8_t command_index[IPMSG_DIALECT_ANY + 1][256];
static bool command_index_ready;

static void fill_command_index(void)
{
    for (unsigned d = 0; d <= IPMSG_DIALECT_ANY; d++) {
        for (unsigned mode = 0; mode < 256; mode++) {
            const struct ipmsg_command_info *c = command_scan((uint8_t)mode, (enum ipmsg_dialect)d);
            command_index[d][mode] = c ? (uint8_t)(c - ipmsg_commands + 1) : 0;
        }
    }
    command_index_ready = true;
}

const struct ipmsg_command_info *ipmsg_command_lookup(uint8_t mode, enum ipmsg_dialect dialect)
{
    if ((unsigned)dialect > IPMSG_DIALECT_ANY)
        return command_scan(mode, dialect);
    if (!command_index_ready)
        fill_command_index();
    unsigned row = command_index[dialect][mode];
    return row ? &ipmsg_commands[row - 1] : NULL;
}

/* ---- option bits ---- */

/* Bits valid for every command.  Rows are in bit order: the tree and the
 * Info column list them that way. */
#define DIALUP_BIT {0x00010000, "dialup", "DIALUPOPT", "DIALUP", "Send entry packets to this host individually"}
#define UTF8_BITS \
    {0x00800000, "utf8",     "UTF8OPT",     "UTF8",     "This packet is UTF-8"}, \
    {0x01000000, "caputf8",  "CAPUTF8OPT",  "CAPUTF8",  "Can handle UTF-8"}

static const struct ipmsg_bit_info entry_bits[] = {
    {0x00000100, "absence",         "ABSENCEOPT",       "ABSENCE",      "Absence mode"},
    {0x00000200, "server",          "SERVEROPT",        "SERVER",       "Server (reserved)"},
    {0x00001000, "capfileenc_obslt","CAPFILEENC_OBSLT", "CAPFILEENC_OBSLT", "Encrypted file transfer (obsolete)"},
    {0x00004000, "retry",           "RETRYOPT",         "RETRY",        "Re-sent (BR_ISGETLIST2)"},
    DIALUP_BIT,
    {0x00040000, "capfileenc",      "CAPFILEENCOPT",    "CAPFILEENC",   "Supports encrypted file requests and bodies"},
    {0x00200000, "fileattach",      "FILEATTACHOPT",    "FILEATTACH",   "Supports attachments"},
    {0x00400000, "encrypt",         "ENCRYPTOPT",       "ENCRYPT",      "Supports encryption"},
    UTF8_BITS,
    {0x02000000, "capipdict",       "CAPIPDICTOPT",     "CAPIPDICT",    "Supports IPDict (was UNAMEEXTOPT)"},
    {0x04000000, "encextmsg",       "ENCEXTMSGOPT",     "ENCEXTMSG",    "Supports encrypted attachment list and TO list"},
    {0x08000000, "clipboard",       "CLIPBOARDOPT",     "CLIPBOARD",    "Supports inline images"},
    {0x10000000, "dir_master",      "DIR_MASTER",       "DIR_MASTER",   "The sender is the member master"},
    {0x20000000, "resv1",           "FLAG_RESV1",       "RESV1",        "Reserved"},
    {0x40000000, "resv2",           "FLAG_RESV2",       "RESV2",        "Reserved"},
    {0x80000000, "resv3",           "FLAG_RESV3",       "RESV3",        "Reserved"},
};

static const struct ipmsg_bit_info message_bits[] = {
    {0x00000100, "sendcheck",   "SENDCHECKOPT",    "SENDCHECK",   "Asks for a RECVMSG receipt"},
    {0x00000200, "secret",      "SECRETOPT",       "SECRET",      "Sealed message"},
    {0x00000400, "broadcast",   "BROADCASTOPT",    "BROADCAST",   "Broadcast message, no automatic replies"},
    {0x00000800, "multicast",   "MULTICASTOPT",    "MULTICAST",   "Several recipients selected"},
    {0x00001000, "nopopup",     "NOPOPUPOPT",      "NOPOPUP",     "Do not pop up (old)"},
    {0x00002000, "autoret",     "AUTORETOPT",      "AUTORET",     "Automatic reply"},
    {0x00004000, "retry",       "RETRYOPT",        "RETRY",       "Re-sent"},
    {0x00008000, "password",    "PASSWORDOPT",     "PASSWORD",    "Locked message"},
    DIALUP_BIT,
    {0x00020000, "nolog",       "NOLOGOPT",        "NOLOG",       "Do not log"},
    {0x00040000, "newmulti",    "NEWMULTI_OBSLT",  "NEWMULTI",    "Obsolete multicast flag"},
    {0x00080000, "noaddlist",   "NOADDLISTOPT",    "NOADDLIST",   "Do not add the sender to the host list"},
    {0x00100000, "readcheck",   "READCHECKOPT",    "READCHECK",   "Asks for READMSG / ANSREADMSG"},
    {0x00200000, "fileattach",  "FILEATTACHOPT",   "FILEATTACH",  "Files attached"},
    {0x00400000, "encrypt",     "ENCRYPTOPT",      "ENCRYPT",     "Encrypted"},
    UTF8_BITS,
    {0x04000000, "encextmsg",   "ENCEXTMSGOPT",    "ENCEXTMSG",   "Attachment list is inside the ciphertext"},
    {0x40000000, "iptux_passwd","IPTUX_PASSWDOPT", "IPTUX_PASSWD","iptux: shared files need a password"},
    {0x80000000, "iptux_shared","IPTUX_SHAREDOPT", "IPTUX_SHARED","iptux: the file list answers a shared-files request"},
};

static const struct ipmsg_bit_info filereq_bits[] = {
    {0x00000400, "encfile_obslt", "ENCFILE_OBSLT", "ENCFILE_OBSLT", "Encrypted file body (obsolete)"},
    {0x00000800, "encfile",       "ENCFILEOPT",    "ENCFILE",       "Encrypted file body requested"},
    DIALUP_BIT,
    {0x00200000, "fileattach",    "FILEATTACHOPT", "FILEATTACH",    "Set by iptux"},
    {0x00400000, "encrypt",       "ENCRYPTOPT",    "ENCRYPT",       "Request is encrypted and signed"},
    UTF8_BITS,
};

static const struct ipmsg_bit_info iptux_sublayer_bits[] = {
    {0x00000100, "iptux_photopic", "IPTUX_PHOTOPICOPT", "PHOTOPIC", "Personal photo"},
    {0x00000200, "iptux_msgpic",   "IPTUX_MSGPICOPT",   "MSGPIC",   "Picture in a chat"},
    DIALUP_BIT,
    UTF8_BITS,
};

/* IPTUX_SENDMSG's kind (0x700) is a value, shown as ipmsg.iptux.msg_kind. */
static const struct ipmsg_bit_info iptux_msg_bits[] = {
    DIALUP_BIT,
    UTF8_BITS,
};

static const struct ipmsg_bit_info iptux_shared_bits[] = {
    DIALUP_BIT,
    UTF8_BITS,
    {0x40000000, "iptux_passwd", "IPTUX_PASSWDOPT", "IPTUX_PASSWD", "A password follows"},
};

#define BIT_SET(prefix, rows) {prefix, rows, N_ROWS(rows)}

const struct ipmsg_bit_set ipmsg_option_families[IPMSG_FAM_COUNT] = {
    [IPMSG_FAM_ENTRY] = BIT_SET("opt", entry_bits),
    [IPMSG_FAM_MESSAGE] = BIT_SET("opt", message_bits),
    [IPMSG_FAM_FILEREQ] = BIT_SET("opt", filereq_bits),
    [IPMSG_FAM_IPTUX_SUBLAYER] = BIT_SET("opt", iptux_sublayer_bits),
    [IPMSG_FAM_IPTUX_MSG] = BIT_SET("opt", iptux_msg_bits),
    [IPMSG_FAM_IPTUX_SHARED] = BIT_SET("opt", iptux_shared_bits),
};

static const char *const family_names[IPMSG_FAM_COUNT] = {
    [IPMSG_FAM_ENTRY] = "entry",
    [IPMSG_FAM_MESSAGE] = "message",
    [IPMSG_FAM_FILEREQ] = "file request",
    [IPMSG_FAM_IPTUX_SUBLAYER] = "iptux sublayer",
    [IPMSG_FAM_IPTUX_MSG] = "iptux message",
    [IPMSG_FAM_IPTUX_SHARED] = "iptux shared files",
};

const char *ipmsg_family_name(enum ipmsg_family family)
{
    return family < IPMSG_FAM_COUNT ? family_names[family] : "?";
}

/* Per family, what parsing and the Info column ask of the rows on every
 * packet: the bits they name, and each bit's row (+ 1, 0 for none).  Rows
 * hold one bit each, in bit order (test_tables checks), so visiting the set
 * bits from the lowest lists the names in row order.  Filled at first use,
 * like the command index.  The short names' lengths are kept too: the
 * Info column copies them without a strlen. */
static struct {
    uint32_t known;
    uint8_t row[32];
    uint8_t name_len[32];
} family_bits[IPMSG_FAM_COUNT];
static bool family_bits_ready;

static void fill_family_bits(void)
{
    for (unsigned f = 0; f < IPMSG_FAM_COUNT; f++) {
        const struct ipmsg_bit_set *set = &ipmsg_option_families[f];
        family_bits[f].known = f == IPMSG_FAM_IPTUX_MSG ? IPMSG_IPTUX_MSGKIND_MASK : 0;
        for (size_t i = 0; i < set->n; i++) {
            family_bits[f].known |= set->bits[i].mask;
            unsigned bit = (unsigned)__builtin_ctz(set->bits[i].mask);
            family_bits[f].row[bit] = (uint8_t)(i + 1);
            family_bits[f].name_len[bit] = (uint8_t)strlen(set->bits[i].short_name);
        }
    }
    family_bits_ready = true;
}

uint32_t ipmsg_family_known_mask(enum ipmsg_family family)
{
    if ((unsigned)family >= IPMSG_FAM_COUNT)
        return 0;
    if (!family_bits_ready)
        fill_family_bits();
    return family_bits[family].known;
}

/* ",word" (no comma first); false, adding nothing, when it does not fit:
 * the result stays whole words.  (It runs for every packet's Info column:
 * no snprintf.) */
/* ",word" (no comma first) when it fits with the final NUL; the NUL
 * itself is written once, by the caller. */
static bool append_word(char *out, size_t outsz, size_t *used, const char *word, size_t n)
{
    size_t comma = *used ? 1 : 0;
    if (comma + n >= outsz - *used)
        return false;
    if (comma)
        out[(*used)++] = ',';
    memcpy(out + *used, word, n);
    *used += n;
    return true;
}

size_t ipmsg_format_options(enum ipmsg_family family, uint32_t options, char *out, size_t outsz)
{
    size_t used = 0;
    if (outsz == 0)
        return 0;
    out[0] = '\0';
    if ((unsigned)family >= IPMSG_FAM_COUNT)
        return 0;
    if (!family_bits_ready)
        fill_family_bits();
    uint32_t rest = options;
    char hexbuf[16];
    if (family == IPMSG_FAM_IPTUX_MSG && (options & IPMSG_IPTUX_MSGKIND_MASK)) {
        const char *kind = ipmsg_value_name(IPMSG_T_IPTUX_MSGKIND, options & IPMSG_IPTUX_MSGKIND_MASK);
        rest &= ~IPMSG_IPTUX_MSGKIND_MASK;
        if (kind && !append_word(out, outsz, &used, kind, strlen(kind)))
            goto done;
        if (!kind)
            rest |= options & IPMSG_IPTUX_MSGKIND_MASK;
    }
    const struct ipmsg_bit_set *set = &ipmsg_option_families[family];
    for (uint32_t bits = options; bits; bits &= bits - 1) {
        unsigned bit = (unsigned)__builtin_ctz(bits);
        unsigned row = family_bits[family].row[bit];
        if (row == 0)
            continue;
        rest &= ~set->bits[row - 1].mask;
        if (!append_word(out, outsz, &used, set->bits[row - 1].short_name, family_bits[family].name_len[bit]))
            goto done;
    }
    if (rest) {
        int n = snprintf(hexbuf, sizeof hexbuf, "0x%x", rest);
        append_word(out, outsz, &used, hexbuf, (size_t)n);
    }
done:
    out[used] = '\0';
    return used;
}

/* ---- crypto method / capability bits (the hex field inside bodies) ---- */

static const struct ipmsg_bit_info crypto_bits[] = {
    {0x00000001, "rsa_512",         "RSA_512OBSOLETE",   "RSA512",     "RSA 512 (obsolete)"},
    {0x00000002, "rsa_1024",        "RSA_1024",          "RSA1024",    "RSA 1024"},
    {0x00000004, "rsa_2048",        "RSA_2048",          "RSA2048",    "RSA 2048"},
    {0x00000008, "rsa_4096",        "RSA_4096",          "RSA4096",    "RSA 4096"},
    {0x00000010, "rc2_40old",       "RC2_40OLD",         "RC2_40OLD",  "RC2 40 (beta)"},
    {0x00000040, "rc2_128old",      "RC2_128OLD",        "RC2_128OLD", "RC2 128 (beta)"},
    {0x00000400, "blowfish_128old", "BLOWFISH_128OLD",   "BF128OLD",   "Blowfish 128 (beta)"},
    {0x00001000, "rc2_40",          "RC2_40OBSOLETE",    "RC2_40",     "RC2 40 (obsolete)"},
    {0x00004000, "rc2_128",         "RC2_128OBSOLETE",   "RC2_128",    "RC2 128 (obsolete)"},
    {0x00008000, "rc2_256",         "RC2_256OBSOLETE",   "RC2_256",    "RC2 256 (obsolete)"},
    {0x00020000, "blowfish_128",    "BLOWFISH_128",      "BF128",      "Blowfish 128"},
    {0x00040000, "blowfish_256",    "BLOWFISH_256OBSOL", "BF256",      "Blowfish 256 (obsolete)"},
    {0x00080000, "aes_128",         "AES_128OBSOLETE",   "AES128",     "AES 128 (obsolete)"},
    {0x00100000, "aes_256",         "AES_256",           "AES256",     "AES 256 (legacy headers: AES_128)"},
    {0x00200000, "aes_192",         "AES_192 (legacy)",  "AES192",     "Legacy headers only: AES 192"},
    {0x00400000, "ipdict_ctr",      "IPDICT_CTR",        "IPDICT_CTR", "IPDict counter mode (legacy headers: AES_256)"},
    {0x00800000, "packetno_iv",     "PACKETNO_IV",       "PKTNO_IV",   "IV is the packet number"},
    {0x01000000, "base64",          "ENCODE_BASE64",     "BASE64",     "Binary fields in base64 (legacy headers: SIGN_STAMPOPT)"},
    {0x04000000, "noenc_filebody",  "NOENC_FILEBODY",    "NOENC_FILEBODY", "File body not encrypted"},
    {0x10000000, "sign_md5",        "SIGN_MD5OBSOLETE",  "MD5",        "MD5 signature (obsolete)"},
    {0x20000000, "sign_sha1",       "SIGN_SHA1",         "SHA1",       "SHA-1 signature"},
    {0x40000000, "sign_sha256",     "SIGN_SHA256",       "SHA256",     "SHA-256 signature"},
};
const struct ipmsg_bit_set ipmsg_crypto_bits = BIT_SET("crypto", crypto_bits);

static const struct ipmsg_bit_info file_attr_flags[] = {
    {0x00000100, "rdonly",   "FILE_RONLYOPT",    "RDONLY",   "Read-only"},
    {0x00001000, "hidden",   "FILE_HIDDENOPT",   "HIDDEN",   "Hidden"},
    {0x00002000, "exhidden", "FILE_EXHIDDENOPT", "EXHIDDEN", "Hidden (Mac OS X)"},
    {0x00004000, "archive",  "FILE_ARCHIVEOPT",  "ARCHIVE",  "Archive"},
    {0x00008000, "system",   "FILE_SYSTEMOPT",   "SYSTEM",   "System"},
};
const struct ipmsg_bit_set ipmsg_file_attr_flags = BIT_SET("file.attr", file_attr_flags);

/* ---- value names ---- */

static const struct ipmsg_value_name dialect_names[] = {
    {IPMSG_DIALECT_UNKNOWN, "Unknown"},
    {IPMSG_DIALECT_OFFICIAL, "IP Messenger"},
    {IPMSG_DIALECT_FEIQ, "FeiQ"},
    {IPMSG_DIALECT_IPTUX, "iptux"},
    {IPMSG_DIALECT_OTHER, "Other client"},
    {IPMSG_DIALECT_IPDICT, "IPDict"},
};

static const struct ipmsg_value_name platform_names[] = {
    {0x00010001, "Windows (32-bit)"},
    {0x00010002, "Windows (64-bit)"},
    {0x00020000, "Mac"},
    {0x00030000, "iOS"},
    {0x00040000, "Android"},
};

static const struct ipmsg_value_name vs_stage_names[] = {
    {0, "alpha"},
    {1, "beta"},
    {2, "release"},
};

static const struct ipmsg_value_name file_type_names[] = {
    {0x01, "Regular file"},
    {0x02, "Directory"},
    {0x03, "Return to parent directory"},
    {0x04, "Symbolic link"},
    {0x05, "Character device"},
    {0x06, "Block device"},
    {0x07, "FIFO"},
    {0x10, "Resource fork (Mac)"},
    {0x20, "Clipboard image"},
};

static const struct ipmsg_value_name ext_key_names[] = {
    {0x01, "UID"},         {0x02, "User name"},     {0x03, "GID"},         {0x04, "Group name"},
    {0x08, "Clipboard position"},                   {0x10, "Permissions"}, {0x11, "Major number"},
    {0x12, "Minor number"}, {0x13, "Change time"},  {0x14, "Modification time"},
    {0x15, "Access time"}, {0x16, "Creation time"}, {0x20, "Creator (Mac)"},
    {0x21, "File type (Mac)"}, {0x22, "Finder info (Mac)"}, {0x30, "ACL"},
    {0x40, "Alias file name"}, {0x41, "Unicode file name"},
};

static const struct ipmsg_value_name iptux_msgkind_names[] = {
    {0x100, "Regular"},
    {0x200, "Segment"},
    {0x300, "Group"},
    {0x400, "Broadcast"},
};

/* Command names for the mode field: the generic meaning of each mode. */
static struct ipmsg_value_name command_names[N_ROWS(ipmsg_commands)];
static size_t command_names_n;

static void fill_command_names(void)
{
    if (command_names_n)
        return;
    for (size_t i = 0; i < ipmsg_n_commands; i++) {
        const struct ipmsg_command_info *c = &ipmsg_commands[i];
        if (ipmsg_command_lookup(c->mode, IPMSG_DIALECT_OFFICIAL) != c)
            continue;
        command_names[command_names_n++] = (struct ipmsg_value_name){c->mode, c->name};
    }
}

#define VALUE_TABLE(rows) ((struct ipmsg_value_table){rows, N_ROWS(rows)})

struct ipmsg_value_table ipmsg_value_table_get(enum ipmsg_table table)
{
    switch (table) {
    case IPMSG_T_COMMAND:
        fill_command_names();
        return (struct ipmsg_value_table){command_names, command_names_n};
    case IPMSG_T_DIALECT: return VALUE_TABLE(dialect_names);
    case IPMSG_T_PLATFORM: return VALUE_TABLE(platform_names);
    case IPMSG_T_VS_STAGE: return VALUE_TABLE(vs_stage_names);
    case IPMSG_T_FILE_TYPE: return VALUE_TABLE(file_type_names);
    case IPMSG_T_EXT_KEY: return VALUE_TABLE(ext_key_names);
    case IPMSG_T_IPTUX_MSGKIND: return VALUE_TABLE(iptux_msgkind_names);
    case IPMSG_T_NONE:
    case IPMSG_T_OPTIONS:
    case IPMSG_T_CRYPTO:
    case IPMSG_T_FILE_ATTR:
        break;
    }
    return (struct ipmsg_value_table){NULL, 0};
}

const char *ipmsg_value_name(enum ipmsg_table table, uint32_t value)
{
    struct ipmsg_value_table t = ipmsg_value_table_get(table);
    for (size_t i = 0; i < t.n; i++)
        if (t.rows[i].value == value)
            return t.rows[i].name;
    return NULL;
}

const char *ipmsg_dialect_name(enum ipmsg_dialect dialect)
{
    const char *name = ipmsg_value_name(IPMSG_T_DIALECT, dialect);
    return name ? name : "?";
}
