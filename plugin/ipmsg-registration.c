/* Header fields, subtrees and expert infos generated from the core tables
 * (see ipmsg-registration.h).  The arrays handed to Wireshark must live as
 * long as the process, so they are allocated once and never freed. */
#include "ipmsg-registration.h"

int hf_ipmsg_field[IPMSG_F_COUNT];
gint ett_ipmsg_field[IPMSG_F_COUNT];
gint ett_ipmsg = -1;
gint ett_ipmsg_problem = -1;
expert_field ei_ipmsg_problem[IPMSG_P_COUNT];

/* The bit sets: one per option family, then crypto and file attributes. */
enum { BITSET_CRYPTO = IPMSG_FAM_COUNT, BITSET_FILE_ATTR, BITSET_COUNT };
static struct ipmsg_bit_fields bit_fields[BITSET_COUNT];

static const struct ipmsg_bit_set *bit_set(size_t i)
{
    if (i < IPMSG_FAM_COUNT)
        return &ipmsg_option_families[i];
    return i == BITSET_CRYPTO ? &ipmsg_crypto_bits : &ipmsg_file_attr_flags;
}

const struct ipmsg_bit_fields *ipmsg_bit_fields_for(enum ipmsg_table table, uint32_t aux)
{
    const struct ipmsg_bit_fields *bits;

    switch (table) {
    case IPMSG_T_OPTIONS:   bits = aux < IPMSG_FAM_COUNT ? &bit_fields[aux] : NULL; break;
    case IPMSG_T_CRYPTO:    bits = &bit_fields[BITSET_CRYPTO]; break;
    case IPMSG_T_FILE_ATTR: bits = &bit_fields[BITSET_FILE_ATTR]; break;
    default:                bits = NULL; break;
    }
    return bits != NULL && bits->set->n > 0 ? bits : NULL;
}

/* ---- core kinds and bases -> Wireshark types ----------------------------- */

static const enum ftenum kind_ftype[] = {
    [IPMSG_K_NONE]  = FT_NONE,
    [IPMSG_K_TEXT]  = FT_STRING,
    [IPMSG_K_UTF8]  = FT_STRING,
    [IPMSG_K_ASCII] = FT_STRING,
    [IPMSG_K_U8]    = FT_UINT8,
    [IPMSG_K_U32]   = FT_UINT32,
    [IPMSG_K_U64]   = FT_UINT64,
    [IPMSG_K_I32]   = FT_INT32,
    [IPMSG_K_TIME]  = FT_ABSOLUTE_TIME,
    [IPMSG_K_BOOL]  = FT_BOOLEAN,
    [IPMSG_K_BYTES] = FT_BYTES,
};

static const int base_display[] = {
    [IPMSG_B_NONE]    = BASE_DEC,
    [IPMSG_B_DEC]     = BASE_DEC,
    [IPMSG_B_HEX]     = BASE_HEX,
    [IPMSG_B_DEC_HEX] = BASE_DEC_HEX,
};

static int field_display(const struct ipmsg_field_info *info)
{
    switch (info->kind) {
    case IPMSG_K_U8: case IPMSG_K_U32: case IPMSG_K_U64:
        return base_display[info->base];
    case IPMSG_K_I32:
        return BASE_DEC;              /* Wireshark shows signed fields in decimal only */
    case IPMSG_K_TIME:
        return ABSOLUTE_TIME_UTC;     /* stable output whatever the local time zone */
    default:
        return BASE_NONE;
    }
}

/* The core's value table as a value_string array, built once per table. */
static const value_string *value_names(enum ipmsg_table table)
{
    static const value_string *built[IPMSG_T_FILE_ATTR + 1];
    struct ipmsg_value_table names;
    value_string *vs;

    if ((size_t)table >= G_N_ELEMENTS(built))
        return NULL;
    if (built[table] != NULL)
        return built[table];
    names = ipmsg_value_table_get(table);
    if (names.n == 0 || names.rows == NULL)
        return NULL;
    vs = g_new0(value_string, names.n + 1);   /* zeroed last row ends the array */
    for (size_t i = 0; i < names.n; i++) {
        vs[i].value = names.rows[i].value;
        vs[i].strptr = names.rows[i].name;
    }
    built[table] = vs;
    return vs;
}

static const value_string *field_strings(const struct ipmsg_field_info *info)
{
    /* Only 32-bit integers take a value_string; 64-bit ones would need a
     * val64_string and no table names 64-bit values. */
    switch (info->kind) {
    case IPMSG_K_U8: case IPMSG_K_U32: case IPMSG_K_I32:
        return value_names(info->table);
    default:
        return NULL;
    }
}

/* ---- registration --------------------------------------------------------- */

static hf_register_info hf_row(int *id, const char *abbrev, const char *name, enum ftenum type,
                               int display, const void *strings, guint64 mask, const char *blurb)
{
    hf_register_info hf = { id, { name, abbrev, type, display, strings, mask, blurb, HFILL } };
    *id = -1;
    return hf;
}

static void register_header_fields(int proto)
{
    size_t n = IPMSG_F_COUNT, i = 0;

    for (size_t s = 0; s < BITSET_COUNT; s++)
        n += bit_set(s)->n;

    hf_register_info *hf = g_new(hf_register_info, n);

    for (size_t f = 0; f < IPMSG_F_COUNT; f++) {
        const struct ipmsg_field_info *info = &ipmsg_field_infos[f];
        hf[i++] = hf_row(&hf_ipmsg_field[f], g_strconcat("ipmsg.", info->abbrev, NULL), info->name,
                         kind_ftype[info->kind], field_display(info), field_strings(info), 0, info->description);
    }
    for (size_t s = 0; s < BITSET_COUNT; s++) {
        const struct ipmsg_bit_set *set = bit_set(s);
        int *ids = g_new(int, set->n ? set->n : 1);

        for (size_t b = 0; b < set->n; b++) {
            const struct ipmsg_bit_info *bit = &set->bits[b];
            hf[i++] = hf_row(&ids[b], g_strconcat("ipmsg.", set->prefix, ".", bit->abbrev, NULL),
                             bit->name, FT_BOOLEAN, 32, TFS(&tfs_set_notset), bit->mask,
                             bit->description);
        }
        bit_fields[s].set = set;
        bit_fields[s].hf = ids;
    }
    proto_register_field_array(proto, hf, (int)i);
}

static void register_subtrees(void)
{
    static gint *ett[IPMSG_F_COUNT + 2];
    size_t n = 0;

    ett[n++] = &ett_ipmsg;
    ett[n++] = &ett_ipmsg_problem;
    for (size_t f = 0; f < IPMSG_F_COUNT; f++) {
        ett_ipmsg_field[f] = -1;
        ett[n++] = &ett_ipmsg_field[f];
    }
    proto_register_subtree_array(ett, (int)n);
}

static const int severity_level[] = {
    [IPMSG_SEV_CHAT]  = PI_CHAT,
    [IPMSG_SEV_NOTE]  = PI_NOTE,
    [IPMSG_SEV_WARN]  = PI_WARN,
    [IPMSG_SEV_ERROR] = PI_ERROR,
};

static const int problem_group[] = {
    [IPMSG_GRP_MALFORMED] = PI_MALFORMED,
    [IPMSG_GRP_PROTOCOL]  = PI_PROTOCOL,
    [IPMSG_GRP_UNDECODED] = PI_UNDECODED,
};

static void register_expert_infos(int proto)
{
    static const ei_register_info blank = { NULL, { NULL, 0, 0, NULL, EXPFILL } };
    ei_register_info *ei = g_new(ei_register_info, IPMSG_P_COUNT);

    for (size_t p = 0; p < IPMSG_P_COUNT; p++) {
        const struct ipmsg_problem_info *info = &ipmsg_problem_infos[p];

        ei_ipmsg_problem[p] = (expert_field)EI_INIT;
        ei[p] = blank;
        ei[p].ids = &ei_ipmsg_problem[p];
        ei[p].eiinfo.name = g_strconcat("ipmsg.", info->abbrev, NULL);
        ei[p].eiinfo.group = problem_group[info->group];
        ei[p].eiinfo.severity = severity_level[info->severity];
        ei[p].eiinfo.summary = info->summary;
    }
    expert_register_field_array(expert_register_protocol(proto), ei, IPMSG_P_COUNT);
}

void ipmsg_register_fields(int proto)
{
    register_header_fields(proto);
    register_subtrees();
    register_expert_infos(proto);
}
