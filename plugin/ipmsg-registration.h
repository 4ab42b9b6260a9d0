/* Header fields, subtrees and expert infos, generated from the core tables.
 *
 * Every row of ipmsg_field_infos[] becomes one header field "ipmsg.<abbrev>"
 * with its own subtree index; every bit of the option, crypto and
 * file-attribute bit sets becomes an FT_BOOLEAN "ipmsg.<prefix>.<bit>"; every
 * row of ipmsg_problem_infos[] becomes an expert info "ipmsg.<abbrev>".
 */
#ifndef IPMSG_REGISTRATION_H
#define IPMSG_REGISTRATION_H

#include "compat.h"
#include <epan/expert.h>
#include "ipmsg.h"

extern int hf_ipmsg_field[IPMSG_F_COUNT];
extern gint ett_ipmsg_field[IPMSG_F_COUNT];
extern gint ett_ipmsg;          /* the protocol item */
extern gint ett_ipmsg_problem;  /* a problem that has items below it */
extern expert_field ei_ipmsg_problem[IPMSG_P_COUNT];

/* A bit set and the header field of each of its bits (hf[i] for bits[i]). */
struct ipmsg_bit_fields {
    const struct ipmsg_bit_set *set;
    const int *hf;
};

/* The bit fields that render a value of the given table; NULL when the
 * table is not a bit set.  aux is the item's aux (the option family). */
const struct ipmsg_bit_fields *ipmsg_bit_fields_for(enum ipmsg_table table, uint32_t aux);

void ipmsg_register_fields(int proto);

#endif
