/* ipmsg_tables.c: commands, option bits per family, crypto bits, file
 * attributes, value names, and the field/problem registries.
 * Expectations: docs/ipmsg-protocol.md §2.2, §2.4, §3, §4, §6.2, §6.3. */
#include "item_assert.h"

#include <string.h>

#define ANY IPMSG_DIALECT_ANY

/* §3.1-§3.3: every command the document lists, as its dialect sees it. */
static void test_command_lookup(void **state)
{
    (void)state;
    static const struct {
        uint8_t mode;
        enum ipmsg_dialect seen_by;
        const char *name;
        enum ipmsg_dialect row_dialect;
        enum ipmsg_transport transport;
        int reply;
    } rows[] = {
        {0x00, IPMSG_DIALECT_OFFICIAL, "NOOPERATION", ANY, IPMSG_UDP, -1},
        {0x01, IPMSG_DIALECT_OFFICIAL, "BR_ENTRY", ANY, IPMSG_UDP, 0x03},
        {0x02, IPMSG_DIALECT_OFFICIAL, "BR_EXIT", ANY, IPMSG_UDP, -1},
        {0x03, IPMSG_DIALECT_OFFICIAL, "ANSENTRY", ANY, IPMSG_UDP, -1},
        {0x04, IPMSG_DIALECT_OFFICIAL, "BR_ABSENCE", ANY, IPMSG_UDP, -1},
        {0x10, IPMSG_DIALECT_OFFICIAL, "BR_ISGETLIST", ANY, IPMSG_UDP, 0x11},
        {0x11, IPMSG_DIALECT_OFFICIAL, "OKGETLIST", ANY, IPMSG_UDP, 0x12},
        {0x12, IPMSG_DIALECT_OFFICIAL, "GETLIST", ANY, IPMSG_UDP, 0x13},
        {0x13, IPMSG_DIALECT_OFFICIAL, "ANSLIST", ANY, IPMSG_UDP, -1},
        {0x14, IPMSG_DIALECT_OFFICIAL, "ANSLIST_DICT", ANY, IPMSG_UDP, -1},
        {0x18, IPMSG_DIALECT_OFFICIAL, "BR_ISGETLIST2", ANY, IPMSG_UDP, 0x11},
        {0x20, IPMSG_DIALECT_OFFICIAL, "SENDMSG", ANY, IPMSG_UDP, 0x21},
        {0x21, IPMSG_DIALECT_OFFICIAL, "RECVMSG", ANY, IPMSG_UDP, -1},
        {0x30, IPMSG_DIALECT_OFFICIAL, "READMSG", ANY, IPMSG_UDP, 0x32},
        {0x31, IPMSG_DIALECT_OFFICIAL, "DELMSG", ANY, IPMSG_UDP, -1},
        {0x32, IPMSG_DIALECT_OFFICIAL, "ANSREADMSG", ANY, IPMSG_UDP, -1},
        {0x40, IPMSG_DIALECT_OFFICIAL, "GETINFO", ANY, IPMSG_UDP, 0x41},
        {0x41, IPMSG_DIALECT_OFFICIAL, "SENDINFO", ANY, IPMSG_UDP, -1},
        {0x50, IPMSG_DIALECT_OFFICIAL, "GETABSENCEINFO", ANY, IPMSG_UDP, 0x51},
        {0x51, IPMSG_DIALECT_OFFICIAL, "SENDABSENCEINFO", ANY, IPMSG_UDP, -1},
        {0x60, IPMSG_DIALECT_OFFICIAL, "GETFILEDATA", ANY, IPMSG_TCP, -1},
        {0x61, IPMSG_DIALECT_OFFICIAL, "RELEASEFILES", ANY, IPMSG_UDP, -1},
        {0x62, IPMSG_DIALECT_OFFICIAL, "GETDIRFILES", ANY, IPMSG_TCP, -1},
        {0x63, IPMSG_DIALECT_OFFICIAL, "DIRFILES_AUTH", ANY, IPMSG_TCP, -1},
        {0x64, IPMSG_DIALECT_OFFICIAL, "DIRFILES_AUTHRET", ANY, IPMSG_TCP, -1},
        {0x72, IPMSG_DIALECT_OFFICIAL, "GETPUBKEY", ANY, IPMSG_UDP, 0x73},
        {0x73, IPMSG_DIALECT_OFFICIAL, "ANSPUBKEY", ANY, IPMSG_UDP, -1},
        {0xA0, IPMSG_DIALECT_OFFICIAL, "AGENT_REQ", ANY, IPMSG_UDP, 0xA1},
        {0xA1, IPMSG_DIALECT_OFFICIAL, "AGENT_ANSREQ", ANY, IPMSG_UDP, -1},
        {0xA2, IPMSG_DIALECT_OFFICIAL, "AGENT_PACKET", ANY, IPMSG_UDP, -1},
        {0xA3, IPMSG_DIALECT_OFFICIAL, "AGENT_PROXYREQ", ANY, IPMSG_UDP, -1},
        {0xB0, IPMSG_DIALECT_OFFICIAL, "DIR_POLL", ANY, IPMSG_UDP, -1},
        {0xB1, IPMSG_DIALECT_OFFICIAL, "DIR_POLLAGENT", ANY, IPMSG_UDP, -1},
        {0xB2, IPMSG_DIALECT_OFFICIAL, "DIR_BROADCAST", ANY, IPMSG_UDP, -1},
        {0xB3, IPMSG_DIALECT_OFFICIAL, "DIR_ANSBROAD", ANY, IPMSG_UDP, -1},
        {0xB4, IPMSG_DIALECT_OFFICIAL, "DIR_PACKET", ANY, IPMSG_UDP, -1},
        {0xB5, IPMSG_DIALECT_OFFICIAL, "DIR_REQUEST", ANY, IPMSG_UDP, -1},
        {0xB6, IPMSG_DIALECT_OFFICIAL, "DIR_AGENTPACKET", ANY, IPMSG_UDP, -1},
        {0xB7, IPMSG_DIALECT_OFFICIAL, "DIR_EVBROAD", ANY, IPMSG_UDP, -1},
        {0xB8, IPMSG_DIALECT_OFFICIAL, "DIR_AGENTREJECT", ANY, IPMSG_UDP, -1},
        /* §3.2 FeiQ */
        {0x23, IPMSG_DIALECT_FEIQ, "FEIQ_GROUPMSG", IPMSG_DIALECT_FEIQ, IPMSG_UDP, -1},
        {0x77, IPMSG_DIALECT_FEIQ, "FEIQ_OPEN_YOU", IPMSG_DIALECT_FEIQ, IPMSG_UDP, -1},
        {0x79, IPMSG_DIALECT_FEIQ, "FEIQ_INPUTING", IPMSG_DIALECT_FEIQ, IPMSG_UDP, -1},
        {0x7A, IPMSG_DIALECT_FEIQ, "FEIQ_INPUT_END", IPMSG_DIALECT_FEIQ, IPMSG_UDP, -1},
        {0xB0, IPMSG_DIALECT_FEIQ, "FEIQ_REMOTE_ASSIST", IPMSG_DIALECT_FEIQ, IPMSG_UDP, -1},
        {0xC0, IPMSG_DIALECT_FEIQ, "FEIQ_SENDIMAGE", IPMSG_DIALECT_FEIQ, IPMSG_UDP, 0xC1},
        {0xC1, IPMSG_DIALECT_FEIQ, "FEIQ_IMAGE_ACK", IPMSG_DIALECT_FEIQ, IPMSG_UDP, -1},
        {0xC9, IPMSG_DIALECT_FEIQ, "FEIQ_GROUPINFO", IPMSG_DIALECT_FEIQ, IPMSG_UDP, -1},
        {0xD1, IPMSG_DIALECT_FEIQ, "FEIQ_KNOCK", IPMSG_DIALECT_FEIQ, IPMSG_UDP, 0xD2},
        {0xD2, IPMSG_DIALECT_FEIQ, "FEIQ_KNOCK_ACK", IPMSG_DIALECT_FEIQ, IPMSG_UDP, -1},
        /* §3.3 iptux */
        {0xFB, IPMSG_DIALECT_IPTUX, "IPTUX_SENDMSG", IPMSG_DIALECT_IPTUX, IPMSG_UDP, -1},
        {0xFC, IPMSG_DIALECT_IPTUX, "IPTUX_SEND_SIGN", IPMSG_DIALECT_IPTUX, IPMSG_UDP, -1},
        {0xFD, IPMSG_DIALECT_IPTUX, "IPTUX_SENDSUBLAYER", IPMSG_DIALECT_IPTUX, IPMSG_TCP, -1},
        {0xFE, IPMSG_DIALECT_IPTUX, "IPTUX_SENDICON", IPMSG_DIALECT_IPTUX, IPMSG_UDP, -1},
        {0xFF, IPMSG_DIALECT_IPTUX, "IPTUX_ASKSHARED", IPMSG_DIALECT_IPTUX, IPMSG_UDP, 0x20},
    };
    assert_int_equal(sizeof rows / sizeof rows[0], 55);
    assert_int_equal(ipmsg_n_commands, 55);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct ipmsg_command_info *c = ipmsg_command_lookup(rows[i].mode, rows[i].seen_by);
        if (!c || strcmp(c->name, rows[i].name) != 0)
            fail_msg("mode 0x%02x: %s, expected %s", rows[i].mode, c ? c->name : "(none)", rows[i].name);
        assert_int_equal(c->mode, rows[i].mode);
        assert_int_equal(c->dialect, rows[i].row_dialect);
        assert_int_equal(c->transport, rows[i].transport);
        assert_int_equal(c->reply_mode, rows[i].reply);
        assert_non_null(c->description);
        assert_true(strlen(c->description) > 0);
    }
}

/* §3.2: 0xB0 is FeiQ's only to FeiQ; client-specific modes seen from other
 * dialects keep their only meaning; unknown modes are unknown. */
static void test_command_dialects(void **state)
{
    (void)state;
    static const enum ipmsg_dialect others[] = {IPMSG_DIALECT_UNKNOWN, IPMSG_DIALECT_OFFICIAL, IPMSG_DIALECT_IPTUX,
                                                IPMSG_DIALECT_OTHER, IPMSG_DIALECT_IPDICT};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        assert_string_equal(ipmsg_command_lookup(0xB0, others[i])->name, "DIR_POLL");
        assert_string_equal(ipmsg_command_lookup(0xD1, others[i])->name, "FEIQ_KNOCK");
        assert_string_equal(ipmsg_command_lookup(0x23, others[i])->name, "FEIQ_GROUPMSG");
    }
    assert_string_equal(ipmsg_command_lookup(0xFB, IPMSG_DIALECT_FEIQ)->name, "IPTUX_SENDMSG");
    assert_string_equal(ipmsg_command_lookup(0xFF, IPMSG_DIALECT_OFFICIAL)->name, "IPTUX_ASKSHARED");
    assert_string_equal(ipmsg_command_lookup(0x20, IPMSG_DIALECT_FEIQ)->name, "SENDMSG");
    assert_string_equal(ipmsg_command_lookup(0x01, IPMSG_DIALECT_IPTUX)->name, "BR_ENTRY");
    /* a dialect value outside the enum still gets an answer */
    assert_string_equal(ipmsg_command_lookup(0xB0, (enum ipmsg_dialect)99)->name, "DIR_POLL");
    assert_string_equal(ipmsg_command_lookup(0x20, (enum ipmsg_dialect)99)->name, "SENDMSG");
    static const uint8_t unknown[] = {0x05, 0x0F, 0x15, 0x19, 0x22, 0x24, 0x33, 0x42, 0x52, 0x65,
                                      0x70, 0x71, 0x74, 0x78, 0x7B, 0xA4, 0xB9, 0xC2, 0xC8, 0xD0, 0xD3, 0xFA};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        for (int d = 0; d <= IPMSG_DIALECT_ANY; d++)
            assert_null(ipmsg_command_lookup(unknown[i], (enum ipmsg_dialect)d));

    /* the mode field's value names: the generic meaning of each mode */
    struct ipmsg_value_table t = ipmsg_value_table_get(IPMSG_T_COMMAND);
    assert_int_equal(t.n, 54);   /* 55 rows, 0xB0 twice */
    for (size_t i = 0; i < t.n; i++)
        for (size_t k = i + 1; k < t.n; k++)
            assert_int_not_equal(t.rows[i].value, t.rows[k].value);
    assert_string_equal(ipmsg_value_name(IPMSG_T_COMMAND, 0xB0), "DIR_POLL");
    assert_string_equal(ipmsg_value_name(IPMSG_T_COMMAND, 0x20), "SENDMSG");
    assert_string_equal(ipmsg_value_name(IPMSG_T_COMMAND, 0xD1), "FEIQ_KNOCK");
    assert_string_equal(ipmsg_value_name(IPMSG_T_COMMAND, 0xFD), "IPTUX_SENDSUBLAYER");
    assert_null(ipmsg_value_name(IPMSG_T_COMMAND, 0x05));
}

struct bit {
    uint32_t mask;
    const char *name;
};

static const struct ipmsg_bit_info *find_bit(const struct ipmsg_bit_set *set, uint32_t mask)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->bits[i].mask == mask)
            return &set->bits[i];
    return NULL;
}

/* The set has exactly these bits, each a single bit, in bit order. */
static void check_set(const struct ipmsg_bit_set *set, const struct bit *bits, size_t n, const char *prefix)
{
    assert_string_equal(set->prefix, prefix);
    assert_int_equal(set->n, n);
    for (size_t i = 0; i < n; i++) {
        const struct ipmsg_bit_info *b = find_bit(set, bits[i].mask);
        if (!b)
            fail_msg("%s: no row for 0x%08x (%s)", prefix, bits[i].mask, bits[i].name);
        assert_string_equal(b->name, bits[i].name);
        assert_true(strlen(b->abbrev) > 0 && strlen(b->short_name) > 0 && strlen(b->description) > 0);
    }
    for (size_t i = 0; i < set->n; i++) {
        uint32_t m = set->bits[i].mask;
        assert_true(m != 0 && (m & (m - 1)) == 0);
        if (i > 0)
            assert_true(set->bits[i - 1].mask < m);
        for (size_t k = i + 1; k < set->n; k++)
            assert_string_not_equal(set->bits[i].abbrev, set->bits[k].abbrev);
    }
}
#define CHECK_SET(set, prefix, ...)                                            \
    do {                                                                       \
        static const struct bit bits_[] = {__VA_ARGS__};                       \
        check_set((set), bits_, sizeof bits_ / sizeof bits_[0], (prefix));     \
    } while (0)

/* §4.1-§4.4: the option bits of every family. */
static void test_option_families(void **state)
{
    (void)state;
    CHECK_SET(&ipmsg_option_families[IPMSG_FAM_ENTRY], "opt",
              {0x00000100, "ABSENCEOPT"}, {0x00000200, "SERVEROPT"}, {0x00001000, "CAPFILEENC_OBSLT"},
              {0x00004000, "RETRYOPT"}, {0x00010000, "DIALUPOPT"}, {0x00040000, "CAPFILEENCOPT"},
              {0x00200000, "FILEATTACHOPT"}, {0x00400000, "ENCRYPTOPT"}, {0x00800000, "UTF8OPT"},
              {0x01000000, "CAPUTF8OPT"}, {0x02000000, "CAPIPDICTOPT"}, {0x04000000, "ENCEXTMSGOPT"},
              {0x08000000, "CLIPBOARDOPT"}, {0x10000000, "DIR_MASTER"}, {0x20000000, "FLAG_RESV1"},
              {0x40000000, "FLAG_RESV2"}, {0x80000000, "FLAG_RESV3"});
    CHECK_SET(&ipmsg_option_families[IPMSG_FAM_MESSAGE], "opt",
              {0x00000100, "SENDCHECKOPT"}, {0x00000200, "SECRETOPT"}, {0x00000400, "BROADCASTOPT"},
              {0x00000800, "MULTICASTOPT"}, {0x00001000, "NOPOPUPOPT"}, {0x00002000, "AUTORETOPT"},
              {0x00004000, "RETRYOPT"}, {0x00008000, "PASSWORDOPT"}, {0x00010000, "DIALUPOPT"},
              {0x00020000, "NOLOGOPT"}, {0x00040000, "NEWMULTI_OBSLT"}, {0x00080000, "NOADDLISTOPT"},
              {0x00100000, "READCHECKOPT"}, {0x00200000, "FILEATTACHOPT"}, {0x00400000, "ENCRYPTOPT"},
              {0x00800000, "UTF8OPT"}, {0x01000000, "CAPUTF8OPT"}, {0x04000000, "ENCEXTMSGOPT"},
              {0x40000000, "IPTUX_PASSWDOPT"}, {0x80000000, "IPTUX_SHAREDOPT"});
    CHECK_SET(&ipmsg_option_families[IPMSG_FAM_FILEREQ], "opt",
              {0x00000400, "ENCFILE_OBSLT"}, {0x00000800, "ENCFILEOPT"}, {0x00010000, "DIALUPOPT"},
              {0x00200000, "FILEATTACHOPT"}, {0x00400000, "ENCRYPTOPT"}, {0x00800000, "UTF8OPT"},
              {0x01000000, "CAPUTF8OPT"});
    CHECK_SET(&ipmsg_option_families[IPMSG_FAM_IPTUX_SUBLAYER], "opt",
              {0x00000100, "IPTUX_PHOTOPICOPT"}, {0x00000200, "IPTUX_MSGPICOPT"}, {0x00010000, "DIALUPOPT"},
              {0x00800000, "UTF8OPT"}, {0x01000000, "CAPUTF8OPT"});
    CHECK_SET(&ipmsg_option_families[IPMSG_FAM_IPTUX_MSG], "opt",
              {0x00010000, "DIALUPOPT"}, {0x00800000, "UTF8OPT"}, {0x01000000, "CAPUTF8OPT"});
    CHECK_SET(&ipmsg_option_families[IPMSG_FAM_IPTUX_SHARED], "opt",
              {0x00010000, "DIALUPOPT"}, {0x00800000, "UTF8OPT"}, {0x01000000, "CAPUTF8OPT"},
              {0x40000000, "IPTUX_PASSWDOPT"});

    /* the known masks: named bits, plus the IPTUX_SENDMSG kind value */
    assert_int_equal(ipmsg_family_known_mask(IPMSG_FAM_FILEREQ), 0x01E10C00u);
    assert_int_equal(ipmsg_family_known_mask(IPMSG_FAM_IPTUX_MSG), 0x01810700u);
    assert_int_equal(ipmsg_family_known_mask(IPMSG_FAM_IPTUX_SHARED), 0x41810000u);
    assert_int_equal(ipmsg_family_known_mask(IPMSG_FAM_ENTRY), 0xFFE55300u);
    assert_int_equal(ipmsg_family_known_mask(IPMSG_FAM_COUNT), 0);

    /* ipmsg_format_options visits the set bits from the lowest: that lists
     * the names in row order only if each row is one bit, in bit order. */
    for (unsigned f = 0; f < IPMSG_FAM_COUNT; f++) {
        const struct ipmsg_bit_set *set = &ipmsg_option_families[f];
        for (size_t i = 0; i < set->n; i++) {
            uint32_t mask = set->bits[i].mask;
            assert_true(mask != 0 && (mask & (mask - 1)) == 0);
            if (i > 0)
                assert_true(mask > set->bits[i - 1].mask);
        }
    }
}

/* §4.5: the same bit names different things per family. */
static void test_format_options(void **state)
{
    (void)state;
    static const struct {
        enum ipmsg_family family;
        uint32_t options;
        const char *text;
    } rows[] = {
        {IPMSG_FAM_ENTRY, 0x100, "ABSENCE"},
        {IPMSG_FAM_MESSAGE, 0x100, "SENDCHECK"},
        {IPMSG_FAM_IPTUX_SUBLAYER, 0x100, "PHOTOPIC"},
        {IPMSG_FAM_ENTRY, 0x200, "SERVER"},
        {IPMSG_FAM_MESSAGE, 0x200, "SECRET"},
        {IPMSG_FAM_IPTUX_SUBLAYER, 0x200, "MSGPIC"},
        {IPMSG_FAM_MESSAGE, 0x400, "BROADCAST"},
        {IPMSG_FAM_FILEREQ, 0x400, "ENCFILE_OBSLT"},
        {IPMSG_FAM_ENTRY, 0x400, "0x400"},
        {IPMSG_FAM_MESSAGE, 0x800, "MULTICAST"},
        {IPMSG_FAM_FILEREQ, 0x800, "ENCFILE"},
        {IPMSG_FAM_ENTRY, 0x1000, "CAPFILEENC_OBSLT"},
        {IPMSG_FAM_MESSAGE, 0x1000, "NOPOPUP"},
        {IPMSG_FAM_ENTRY, 0x40000, "CAPFILEENC"},
        {IPMSG_FAM_MESSAGE, 0x40000, "NEWMULTI"},
        {IPMSG_FAM_ENTRY, 0x2000000, "CAPIPDICT"},
        {IPMSG_FAM_MESSAGE, 0x2000000, "0x2000000"},
        {IPMSG_FAM_ENTRY, 0x40000000, "RESV2"},
        {IPMSG_FAM_MESSAGE, 0x40000000, "IPTUX_PASSWD"},
        {IPMSG_FAM_IPTUX_SHARED, 0x40000000, "IPTUX_PASSWD"},
        {IPMSG_FAM_ENTRY, 0x80000000, "RESV3"},
        {IPMSG_FAM_MESSAGE, 0x80000000, "IPTUX_SHARED"},
        {IPMSG_FAM_IPTUX_MSG, 0x100, "Regular"},
        {IPMSG_FAM_IPTUX_MSG, 0x200, "Segment"},
        {IPMSG_FAM_IPTUX_MSG, 0x300, "Group"},
        {IPMSG_FAM_IPTUX_MSG, 0x400, "Broadcast"},
        {IPMSG_FAM_IPTUX_MSG, 0x500, "0x500"},
        {IPMSG_FAM_IPTUX_MSG, 0x10300, "Group,DIALUP"},
        {IPMSG_FAM_MESSAGE, 0x100 | 0x200000 | 0x800000, "SENDCHECK,FILEATTACH,UTF8"},
        {IPMSG_FAM_MESSAGE, 0x100 | 0x3000000, "SENDCHECK,CAPUTF8,0x2000000"},
        {IPMSG_FAM_ENTRY, 0, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[128];
        size_t n = ipmsg_format_options(rows[i].family, rows[i].options, out, sizeof out);
        assert_string_equal(out, rows[i].text);
        assert_int_equal(n, strlen(rows[i].text));
    }
    char out[32] = "junk";
    assert_int_equal(ipmsg_format_options(IPMSG_FAM_COUNT, 0x100, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(ipmsg_format_options(IPMSG_FAM_MESSAGE, 0x100, out, 0), 0);
}

/* Too small a buffer: whole words only, and the length returned is the
 * length of the string left in the buffer. */
static void test_format_options_small_buffer(void **state)
{
    (void)state;
    char out[12];
    memset(out, 'Z', sizeof out);
    size_t n = ipmsg_format_options(IPMSG_FAM_MESSAGE, 0x300, out, sizeof out);
    assert_int_equal(n, strlen(out));
    assert_string_equal(out, "SENDCHECK");
    char tiny[4];
    n = ipmsg_format_options(IPMSG_FAM_MESSAGE, 0x100, tiny, sizeof tiny);
    assert_int_equal(n, strlen(tiny));
    assert_string_equal(tiny, "");
}

/* §4.6: crypto method / capability bits. */
static void test_crypto_bits(void **state)
{
    (void)state;
    CHECK_SET(&ipmsg_crypto_bits, "crypto",
              {0x00000001, "RSA_512OBSOLETE"}, {0x00000002, "RSA_1024"}, {0x00000004, "RSA_2048"},
              {0x00000008, "RSA_4096"}, {0x00000010, "RC2_40OLD"}, {0x00000040, "RC2_128OLD"},
              {0x00000400, "BLOWFISH_128OLD"}, {0x00001000, "RC2_40OBSOLETE"}, {0x00004000, "RC2_128OBSOLETE"},
              {0x00008000, "RC2_256OBSOLETE"}, {0x00020000, "BLOWFISH_128"}, {0x00040000, "BLOWFISH_256OBSOL"},
              {0x00080000, "AES_128OBSOLETE"}, {0x00100000, "AES_256"}, {0x00200000, "AES_192 (legacy)"},
              {0x00400000, "IPDICT_CTR"}, {0x00800000, "PACKETNO_IV"}, {0x01000000, "ENCODE_BASE64"},
              {0x04000000, "NOENC_FILEBODY"}, {0x10000000, "SIGN_MD5OBSOLETE"}, {0x20000000, "SIGN_SHA1"},
              {0x40000000, "SIGN_SHA256"});
}

/* §6.2 file attribute flags and types, §6.3 extended keys. */
static void test_file_tables(void **state)
{
    (void)state;
    CHECK_SET(&ipmsg_file_attr_flags, "file.attr",
              {0x00000100, "FILE_RONLYOPT"}, {0x00001000, "FILE_HIDDENOPT"}, {0x00002000, "FILE_EXHIDDENOPT"},
              {0x00004000, "FILE_ARCHIVEOPT"}, {0x00008000, "FILE_SYSTEMOPT"});
    static const uint32_t types[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x10, 0x20};
    assert_int_equal(ipmsg_value_table_get(IPMSG_T_FILE_TYPE).n, 9);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        assert_non_null(ipmsg_value_name(IPMSG_T_FILE_TYPE, types[i]));
    assert_string_equal(ipmsg_value_name(IPMSG_T_FILE_TYPE, 0x01), "Regular file");
    assert_string_equal(ipmsg_value_name(IPMSG_T_FILE_TYPE, 0x02), "Directory");
    assert_string_equal(ipmsg_value_name(IPMSG_T_FILE_TYPE, 0x03), "Return to parent directory");
    assert_null(ipmsg_value_name(IPMSG_T_FILE_TYPE, 0x00));
    assert_null(ipmsg_value_name(IPMSG_T_FILE_TYPE, 0x08));

    static const uint32_t keys[] = {0x01, 0x02, 0x03, 0x04, 0x08, 0x10, 0x11, 0x12, 0x13,
                                    0x14, 0x15, 0x16, 0x20, 0x21, 0x22, 0x30, 0x40, 0x41};
    assert_int_equal(ipmsg_value_table_get(IPMSG_T_EXT_KEY).n, 18);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_non_null(ipmsg_value_name(IPMSG_T_EXT_KEY, keys[i]));
    assert_string_equal(ipmsg_value_name(IPMSG_T_EXT_KEY, 0x08), "Clipboard position");
    assert_string_equal(ipmsg_value_name(IPMSG_T_EXT_KEY, 0x16), "Creation time");
    assert_null(ipmsg_value_name(IPMSG_T_EXT_KEY, 0x05));
}

/* §2.4 platforms and stages, §4.4 iptux kinds, dialect and family names. */
static void test_value_names(void **state)
{
    (void)state;
    assert_string_equal(ipmsg_value_name(IPMSG_T_PLATFORM, 0x00010001), "Windows (32-bit)");
    assert_string_equal(ipmsg_value_name(IPMSG_T_PLATFORM, 0x00010002), "Windows (64-bit)");
    assert_string_equal(ipmsg_value_name(IPMSG_T_PLATFORM, 0x00020000), "Mac");
    assert_string_equal(ipmsg_value_name(IPMSG_T_PLATFORM, 0x00030000), "iOS");
    assert_string_equal(ipmsg_value_name(IPMSG_T_PLATFORM, 0x00040000), "Android");
    assert_null(ipmsg_value_name(IPMSG_T_PLATFORM, 0x00010000));
    assert_int_equal(ipmsg_value_table_get(IPMSG_T_PLATFORM).n, 5);

    assert_string_equal(ipmsg_value_name(IPMSG_T_VS_STAGE, 0), "alpha");
    assert_string_equal(ipmsg_value_name(IPMSG_T_VS_STAGE, 1), "beta");
    assert_string_equal(ipmsg_value_name(IPMSG_T_VS_STAGE, 2), "release");
    assert_null(ipmsg_value_name(IPMSG_T_VS_STAGE, 3));

    assert_string_equal(ipmsg_value_name(IPMSG_T_IPTUX_MSGKIND, 0x100), "Regular");
    assert_string_equal(ipmsg_value_name(IPMSG_T_IPTUX_MSGKIND, 0x200), "Segment");
    assert_string_equal(ipmsg_value_name(IPMSG_T_IPTUX_MSGKIND, 0x300), "Group");
    assert_string_equal(ipmsg_value_name(IPMSG_T_IPTUX_MSGKIND, 0x400), "Broadcast");
    assert_null(ipmsg_value_name(IPMSG_T_IPTUX_MSGKIND, 0x500));

    assert_string_equal(ipmsg_dialect_name(IPMSG_DIALECT_OFFICIAL), "IP Messenger");
    assert_string_equal(ipmsg_dialect_name(IPMSG_DIALECT_FEIQ), "FeiQ");
    assert_string_equal(ipmsg_dialect_name(IPMSG_DIALECT_IPTUX), "iptux");
    assert_string_equal(ipmsg_dialect_name(IPMSG_DIALECT_IPDICT), "IPDict");
    for (int d = 0; d < IPMSG_DIALECT_COUNT; d++)
        assert_string_not_equal(ipmsg_dialect_name((enum ipmsg_dialect)d), "?");
    assert_string_equal(ipmsg_dialect_name(IPMSG_DIALECT_COUNT), "?");
    for (int f = 0; f < IPMSG_FAM_COUNT; f++)
        assert_string_not_equal(ipmsg_family_name((enum ipmsg_family)f), "?");
    assert_string_equal(ipmsg_family_name(IPMSG_FAM_COUNT), "?");

    /* bit sets are not value tables */
    assert_null(ipmsg_value_table_get(IPMSG_T_OPTIONS).rows);
    assert_int_equal(ipmsg_value_table_get(IPMSG_T_CRYPTO).n, 0);
    assert_int_equal(ipmsg_value_table_get(IPMSG_T_FILE_ATTR).n, 0);
    assert_int_equal(ipmsg_value_table_get(IPMSG_T_NONE).n, 0);
}

/* The field registry: every row complete; a filter name is shared only by a
 * field and its UTF-8 block twin, which are both strings. */
static void test_field_registry(void **state)
{
    (void)state;
    for (int f = 0; f < IPMSG_F_COUNT; f++) {
        const struct ipmsg_field_info *a = &ipmsg_field_infos[f];
        assert_non_null(a->abbrev);
        assert_non_null(a->name);
        assert_true(strlen(a->abbrev) > 0 && strlen(a->name) > 0);
        for (int g = f + 1; g < IPMSG_F_COUNT; g++) {
            const struct ipmsg_field_info *b = &ipmsg_field_infos[g];
            if (strcmp(a->abbrev, b->abbrev) != 0)
                continue;
            bool twin = (f == IPMSG_F_USER && g == IPMSG_F_UTF8_USER) || (f == IPMSG_F_HOST && g == IPMSG_F_UTF8_HOST) ||
                        (f == IPMSG_F_NICKNAME && g == IPMSG_F_UTF8_NICKNAME) ||
                        (f == IPMSG_F_GROUP && g == IPMSG_F_UTF8_GROUP);
            if (!twin)
                fail_msg("fields %d and %d share the filter name %s", f, g, a->abbrev);
            assert_true(a->kind == IPMSG_K_TEXT && b->kind == IPMSG_K_UTF8);
        }
    }
    assert_string_equal(ipmsg_field_infos[IPMSG_F_PACKET_NO].abbrev, "packet_no");
    assert_int_equal(ipmsg_field_infos[IPMSG_F_PACKET_NO].kind, IPMSG_K_U64);
    assert_int_equal(ipmsg_field_infos[IPMSG_F_OPTIONS].table, IPMSG_T_OPTIONS);
    assert_int_equal(ipmsg_field_infos[IPMSG_F_ENC_METHOD].table, IPMSG_T_CRYPTO);
    assert_int_equal(ipmsg_field_infos[IPMSG_F_FILE_ATTR].table, IPMSG_T_FILE_ATTR);
    assert_int_equal(ipmsg_field_infos[IPMSG_F_FILE_MTIME].kind, IPMSG_K_TIME);
}

/* The problem registry: the expert names are a public interface. */
static void test_problem_registry(void **state)
{
    (void)state;
    static const char *const names[] = {
        "header.missing_fields", "version.unknown", "feiq.bad_version", "packet_no.not_numeric",
        "packet_no.over_32bit", "number.overflow", "command.not_numeric", "command.overflow",
        "command.unknown", "command.unknown_options", "section.truncated", "section.unexpected",
        "number.not_decimal", "number.not_hex", "file.missing_fields", "file.unterminated",
        "file.bad_ext", "file.unknown_type", "enc.missing_fields", "enc.bad_method",
        "enc.bad_encoding", "enc.key_length", "enc.body_length", "enc.signature_length",
        "enc.signature_missing", "enc.signature_unexpected", "enc.no_key", "enc.key_failed",
        "enc.common_key_size", "enc.bad_padding", "enc.decrypt_failed", "enc.signature_invalid",
        "enc.signature_unchecked", "feiq.decrypt_failed", "feiq.group.malformed", "pubkey.malformed", "pubkey.size",
        "list.malformed", "list.count_mismatch", "ipdict.malformed", "utf8.unknown_key",
        "vs.malformed", "feiq.body_length", "feiq.bad_font", "req.missing_fields",
        "dir.bad_header_size", "dir.malformed", "dir.unbalanced", "dir.extra", "dir.truncated",
        "too_many_items", "tcp.incomplete", "charset.fallback", "charset.invalid",
    };
    /* a new problem needs a test in the file of the code that raises it */
    assert_int_equal(IPMSG_P_COUNT, sizeof names / sizeof names[0]);
    for (int p = 0; p < IPMSG_P_COUNT; p++) {
        const struct ipmsg_problem_info *i = &ipmsg_problem_infos[p];
        assert_string_equal(i->abbrev, names[p]);
        assert_non_null(i->summary);
        assert_true(strlen(i->summary) > 0);
        assert_true(i->severity <= IPMSG_SEV_ERROR);
        assert_true(i->group <= IPMSG_GRP_UNDECODED);
    }
    assert_int_equal(ipmsg_problem_infos[IPMSG_P_HEADER_MISSING].severity, IPMSG_SEV_ERROR);
    assert_int_equal(ipmsg_problem_infos[IPMSG_P_TOO_MANY_ITEMS].group, IPMSG_GRP_UNDECODED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_command_lookup),
        TEST(test_command_dialects),
        TEST(test_option_families),
        TEST(test_format_options),
        TEST(test_format_options_small_buffer),
        TEST(test_crypto_bits),
        TEST(test_file_tables),
        TEST(test_value_names),
        TEST(test_field_registry),
        TEST(test_problem_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
