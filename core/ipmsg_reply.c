/* Which packet answers which, as data (docs/ipmsg-protocol.md §8; official
 * mainwinmsg.cpp and recvdlg.cpp, iptux UdpData.cpp).  The plugin links
 * requests and replies with these rows; nothing here knows about addresses
 * or frames. */
#include "ipmsg.h"

#define SENDCHECKOPT    0x00000100u
#define BROADCASTOPT    0x00000400u
#define AUTORETOPT      0x00002000u
#define READCHECKOPT    0x00100000u
#define IPTUX_SHAREDOPT 0x80000000u

#define REF     IPMSG_REPLY_BY_REF_NO
#define FILEREQ IPMSG_REPLY_BY_FILE_REQ
#define ADDR    IPMSG_REPLY_BY_ADDRESS

/* A packet may be the reply of several rows (SENDMSG answers ASKSHARED and
 * is itself a request); the first row that finds a request wins. */
const struct ipmsg_reply_rule ipmsg_reply_rules[] = {
    /* request reply  reply needs       key      expected when  unless                     what the reply is */
    {0x20,     0x21,  0,                REF,     SENDCHECKOPT,  BROADCASTOPT | AUTORETOPT, "receipt"},
    {0x20,     0x30,  0,                REF,     0,             0,                         "sealed message opened"},
    {0x20,     0x31,  0,                REF,     0,             0,                         "sealed message discarded"},
    {0x30,     0x32,  0,                REF,     READCHECKOPT,  0,                         "read acknowledgement"},
    {0x20,     0x60,  0,                FILEREQ, 0,             0,                         "file download"},
    {0x20,     0x62,  0,                FILEREQ, 0,             0,                         "directory download"},
    {0x20,     0x61,  0,                REF,     0,             0,                         "attachments released"},
    {0x01,     0x03,  0,                ADDR,    0,             0,                         "entry answer"},
    {0x10,     0x11,  0,                ADDR,    0,             0,                         "host list offer"},
    {0x18,     0x11,  0,                ADDR,    0,             0,                         "host list offer"},
    {0x11,     0x12,  0,                ADDR,    0,             0,                         "host list request"},
    {0x12,     0x13,  0,                ADDR,    0,             0,                         "host list"},
    {0x12,     0x14,  0,                ADDR,    0,             0,                         "host list"},
    {0x40,     0x41,  0,                ADDR,    0,             0,                         "version information"},
    {0x50,     0x51,  0,                ADDR,    0,             0,                         "absence text"},
    {0x72,     0x73,  0,                ADDR,    0,             0,                         "public key"},
    {0xA0,     0xA1,  0,                ADDR,    0,             0,                         "agent answer"},
    {0xC0,     0xC1,  0,                ADDR,    0,             0,                         "image chunk acknowledgement"},
    {0xD1,     0xD2,  0,                ADDR,    0,             0,                         "shake acknowledgement"},
    {0xFF,     0x20,  IPTUX_SHAREDOPT,  ADDR,    0,             0,                         "shared-files list"},
};
const size_t ipmsg_n_reply_rules = sizeof ipmsg_reply_rules / sizeof ipmsg_reply_rules[0];

bool ipmsg_reply_fits(const struct ipmsg_reply_rule *rule, uint8_t mode, uint32_t options)
{
    return rule->reply_mode == mode && (options & rule->reply_options) == rule->reply_options;
}

bool ipmsg_reply_expected(const struct ipmsg_reply_rule *rule, uint32_t request_options)
{
    return rule->expect_options != 0 && (request_options & rule->expect_options) == rule->expect_options &&
           (request_options & rule->expect_unless) == 0;
}
