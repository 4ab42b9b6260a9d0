#!/bin/bash
# Compiles every plugin source against the Wireshark development headers of
# another Debian release (default: Debian 13 "trixie", Wireshark 4.4), so API
# drift is caught before a user hits it.  Nothing is installed system-wide:
# the packages are fetched with `apt-get download` through a private apt
# configuration into a temporary folder and unpacked with dpkg-deb -x.
#
#   tests/compat/check-headers.sh [SUITE]      (default trixie)
#
# Exit 0: every file compiles with -Werror; 1: a file does not; 77: the
# archive could not be reached (reported as a skip, not as a pass).
set -euo pipefail
cd "$(dirname "$0")/../.."
suite=${1:-trixie}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/root"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main" \
    >"$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root
          -o Debug::NoLocking=1)
if ! apt-get "${apt_opts[@]}" -qq update >"$work/apt.log" 2>&1; then
    cat "$work/apt.log" >&2
    echo "compat: cannot reach the Debian archive for $suite: skipped" >&2
    exit 77
fi
(cd "$work" && apt-get "${apt_opts[@]}" -qq download libwireshark-dev libwsutil-dev libwiretap-dev) \
    >>"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; echo "compat: download failed" >&2; exit 1; }
for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$work/root"
done
version=$(sed -n 's/^#define WIRESHARK_VERSION_\(MAJOR\|MINOR\|MICRO\) \([0-9]*\)/\2/p' \
    "$work/root/usr/include/wireshark/ws_version.h" | paste -sd.)
echo "compat: Wireshark $version headers from $suite"

# The same warnings as the real build, plus -Werror: a deprecation is drift too.
flags=(-std=gnu11 -fsyntax-only -Werror -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat-security -Wvla
       -DPLUGIN_VERSION='"compat"' -I"$work/root/usr/include/wireshark" -Icore)
read -r -a glib <<<"$(pkg-config --cflags glib-2.0)"
failed=0
for src in plugin/*.c; do
    if gcc "${flags[@]}" "${glib[@]}" "$src"; then
        echo "ok   $src"
    else
        echo "FAIL $src"
        failed=$((failed + 1))
    fi
done
echo "compat: $failed of $(ls plugin/*.c | wc -l) plugin files fail against Wireshark $version"
[ "$failed" = 0 ]
