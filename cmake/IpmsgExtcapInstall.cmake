# Included by capture/CMakeLists.txt: install udpcap's extcap entry.
#
# The entry is a relative symlink <extcap dir>/udpcap -> <prefix>/bin/udpcap,
# so Wireshark and `udpcap` on PATH run the same binary.  The extcap folder
# is Wireshark's own (Wireshark_EXTCAP_INSTALL_DIR, e.g.
# /usr/lib/x86_64-linux-gnu/wireshark/extcap), taken relative to Wireshark's
# prefix so that --prefix, DESTDIR and CPack staging work like for the plugin.
set(_ipmsg_extcap_rel "")
find_package(Wireshark 4.0 CONFIG QUIET)
if(Wireshark_FOUND AND DEFINED Wireshark_PLUGIN_LIBDIR)
  # lib/<triplet>/wireshark/plugins/X.Y -> lib/<triplet>/wireshark/extcap
  get_filename_component(_ws_libdir "${Wireshark_PLUGIN_LIBDIR}" DIRECTORY)
  get_filename_component(_ws_libdir "${_ws_libdir}" DIRECTORY)
  set(_ipmsg_extcap_rel "${_ws_libdir}/extcap")
elseif(CMAKE_LIBRARY_ARCHITECTURE)
  set(_ipmsg_extcap_rel "lib/${CMAKE_LIBRARY_ARCHITECTURE}/wireshark/extcap")
else()
  set(_ipmsg_extcap_rel "lib/wireshark/extcap")
endif()
set(IPMSG_EXTCAP_INSTALL_DIR "${_ipmsg_extcap_rel}" CACHE STRING
    "Where udpcap's extcap entry is installed (relative to the prefix, or absolute)")

if(IS_ABSOLUTE "${IPMSG_EXTCAP_INSTALL_DIR}")
  set(_ipmsg_link_target "${CMAKE_INSTALL_PREFIX}/bin/udpcap")
else()
  file(RELATIVE_PATH _ipmsg_link_target "/${IPMSG_EXTCAP_INSTALL_DIR}" "/bin/udpcap")
endif()
set(_ipmsg_link "${CMAKE_CURRENT_BINARY_DIR}/extcap/udpcap")
file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/extcap")
file(CREATE_LINK "${_ipmsg_link_target}" "${_ipmsg_link}" SYMBOLIC)
# file(INSTALL) copies a symlink as a symlink.
install(FILES "${_ipmsg_link}" DESTINATION "${IPMSG_EXTCAP_INSTALL_DIR}")
