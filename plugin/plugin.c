/* The entry points Wireshark's plugin loader looks up (wsutil/plugins.c):
 * plugin_version, plugin_want_major/minor (must equal the running
 * Wireshark's major.minor), plugin_register, and on 4.2+ plugin_describe.
 * The plugin registers a dissector and, for Statistics > IPMsg, a tap
 * listener. */
#define WS_BUILD_DLL   /* before any Wireshark header: makes WS_DLL_PUBLIC export */
#include "compat.h"
#include <epan/tap.h>

#include "packet-ipmsg.h"
#include "ipmsg-stats.h"

WS_DLL_PUBLIC_DEF const char plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void)
{
    static const proto_plugin ipmsg_plugin = {
        .register_protoinfo = proto_register_ipmsg,
        .register_handoff = proto_reg_handoff_ipmsg,
    };

    static const tap_plugin ipmsg_tap_plugin = {
        .register_tap_listener = ipmsg_stats_register_trees,
    };

    proto_register_plugin(&ipmsg_plugin);
    tap_register_plugin(&ipmsg_tap_plugin);
}

#ifdef WS_PLUGIN_DESC_DISSECTOR
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif
