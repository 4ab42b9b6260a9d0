# Included by the top-level CMakeLists.txt right after project().
#
# The plugin's install rule uses Wireshark's *relative* plugin path
# (Wireshark_PLUGIN_LIBDIR, e.g. lib/x86_64-linux-gnu/wireshark/plugins/4.0),
# so it only lands where Wireshark looks when the prefix is Wireshark's own
# prefix.  Debian's Wireshark lives in /usr; CMake's default /usr/local would
# put ipmsg.so in /usr/local/lib/.../plugins/4.0/epan, which no Wireshark
# reads.  So when no prefix was given, default to /usr.  Relative destinations
# are kept (rather than absolute Wireshark_PLUGIN_INSTALL_DIR) so that
# --prefix, DESTDIR and CPack staging keep working.
#
# An explicit -DCMAKE_INSTALL_PREFIX=... (other than /usr/local on the very
# first configure) and `cmake --install build --prefix DIR` always win.
# Build trees configured before this file existed cached /usr/local as the
# default; they are moved to /usr once (marker IPMSG_INSTALL_PREFIX_DEFAULTED).
if(NOT DEFINED CACHE{IPMSG_INSTALL_PREFIX_DEFAULTED})
  if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT OR CMAKE_INSTALL_PREFIX STREQUAL "/usr/local")
    set(CMAKE_INSTALL_PREFIX "/usr" CACHE PATH "Install path prefix (defaults to /usr, Wireshark's prefix)" FORCE)
  endif()
  set(IPMSG_INSTALL_PREFIX_DEFAULTED ON CACHE INTERNAL "CMAKE_INSTALL_PREFIX default already applied")
endif()
