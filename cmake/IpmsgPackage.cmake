# CPack: the Debian package (`cpack -G DEB` in the build dir).
# Included at the end of the top-level CMakeLists.txt, after the plugin
# directory has found Wireshark.
#
# A plugin binary only loads into the Wireshark major.minor it was built
# against, so the package depends on exactly that range of the library that
# provides libwireshark.so.<N> (libwireshark16 on Debian 12), derived from the
# Wireshark found at configure time.
set(CPACK_PACKAGE_NAME "ipmsg-wireshark")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "ipmsg-wireshark project")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(IPMSG_DEB_MAINTAINER "ipmsg-wireshark maintainers <ipmsg-wireshark@localhost>" CACHE STRING
    "Maintainer field of the Debian package (Name <email>)")
set(CPACK_PACKAGE_CONTACT "${IPMSG_DEB_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/\\\\.git/")

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# Extended description: CPack prefixes each line with a space and turns
# empty lines into " ."; the synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "IP Messenger (IPMsg) dissector for Wireshark, and udpcap")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "A Wireshark/tshark plugin that decodes IP Messenger (UDP and TCP port
2425) in its official, FeiQ and iptux dialects: header, commands and
options, messages in the right character set, attachments, host lists,
file transfers (Export Objects) and statistics. Display filter: ipmsg.

udpcap records IPMsg traffic without losses into pcap or pcapng files
and also appears in Wireshark as the extcap interface IPMsg (udpcap).")

set(_ipmsg_deps "libpcap0.8 (>= 1.0), libglib2.0-0 (>= 2.50)")
if(IPMSG_BUILD_PLUGIN AND NOT Wireshark_FOUND)
  # plugin/ found Wireshark in its own directory scope; find it here too.
  find_package(Wireshark 4.0 CONFIG QUIET)
endif()
if(IPMSG_BUILD_PLUGIN AND TARGET epan AND DEFINED Wireshark_MAJOR_VERSION)
  # Debian's runtime package is named after the soname: libwireshark.so.16
  # -> libwireshark16.  Read the soname from the imported target.
  get_target_property(_ws_loc epan IMPORTED_LOCATION_NONE)
  if(NOT _ws_loc)
    get_target_property(_ws_loc epan LOCATION)
  endif()
  get_target_property(_ws_soname epan IMPORTED_SONAME_NONE)
  if(NOT _ws_soname)
    get_filename_component(_ws_soname "${_ws_loc}" NAME)
  endif()
  if(_ws_soname MATCHES "^libwireshark\\.so\\.([0-9]+)")
    set(_ws_pkg "libwireshark${CMAKE_MATCH_1}")
  else()
    set(_ws_pkg "libwireshark16")
    message(WARNING "ipmsg: cannot read libwireshark's soname from '${_ws_loc}'; assuming ${_ws_pkg}")
  endif()
  math(EXPR _ws_next_minor "${Wireshark_MINOR_VERSION} + 1")
  set(_ws_lo "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
  set(_ws_hi "${Wireshark_MAJOR_VERSION}.${_ws_next_minor}")
  string(APPEND _ipmsg_deps ", ${_ws_pkg} (>= ${_ws_lo}), ${_ws_pkg} (<< ${_ws_hi}~)")
  set(CPACK_DEBIAN_PACKAGE_ENHANCES "wireshark, tshark")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_ipmsg_deps}")

set(CPACK_GENERATOR "DEB")
include(CPack)
