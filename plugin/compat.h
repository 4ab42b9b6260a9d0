/* Every Wireshark version difference the plugin has to bridge, in one place.
 *
 * The code is written against the 4.0 API (Debian 12).  What changed in 4.2
 * and 4.4 is shimmed here so the other files carry no version #ifs.  Where the
 * exact release of a change is not known, the shim detects the installed API
 * itself instead of trusting a version number.
 */
#ifndef IPMSG_COMPAT_H
#define IPMSG_COMPAT_H

#include <wireshark.h>      /* ws_version.h, glib, wmem, stdbool */
#include <epan/packet.h>
#include <epan/prefs.h>

/* wsutil/plugins.h (plugin_describe, WS_PLUGIN_DESC_*) is missing from the
 * 4.0 development package. */
#if defined(__has_include)
#  if __has_include(<wsutil/plugins.h>)
#    include <wsutil/plugins.h>
#  endif
#endif

#define IPMSG_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if IPMSG_WS_AT_LEAST(4, 4)
#  include <wsutil/array.h>   /* array_length moved here in 4.4 */
#else
/* 4.4 renamed the GLib-typed tvb getters to C99 names; use the new ones. */
#  define tvb_get_uint8  tvb_get_guint8
#  define tvb_find_uint8 tvb_find_guint8
#endif

/* Statistics menu paths: newer releases split a stats tree's name into menu
 * levels at STATS_TREE_MENU_SEPARATOR ("//"); 4.0 has no such macro and
 * splits at "/". */
#include <epan/stats_tree.h>
#ifdef STATS_TREE_MENU_SEPARATOR
#  define IPMSG_STATS_MENU_SEP STATS_TREE_MENU_SEPARATOR
#else
#  define IPMSG_STATS_MENU_SEP "/"
#endif

/* Heuristic dissectors return gboolean on 4.0 and bool later: take the type
 * from the installed heur_dissector_t itself (typeof does not evaluate). */
typedef __typeof__(((heur_dissector_t)0)(NULL, NULL, NULL, NULL)) ipmsg_heur_result;

/* Boolean preferences are stored as gboolean on 4.0 and as bool later.  The
 * union holds either; _Generic picks the member whose pointer type the
 * installed prefs_register_bool_preference() takes. */
typedef union {
    bool c99;
    gboolean glib;
} ipmsg_pref_bool;

#define IPMSG_PREF_BOOL_PTR(u) \
    _Generic(&prefs_register_bool_preference, \
        void (*)(module_t *, const char *, const char *, const char *, bool *): &(u)->c99, \
        default: &(u)->glib)

#define IPMSG_PREF_BOOL_GET(u) (*IPMSG_PREF_BOOL_PTR(u) != 0)

#endif
