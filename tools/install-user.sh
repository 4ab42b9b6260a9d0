#!/bin/bash
# Install the IPMsg plugin and udpcap for the current user only (no root):
#
#   tools/install-user.sh [BUILD_DIR]          (default: build)
#   tools/install-user.sh --uninstall [BUILD_DIR]
#
# Puts
#   ipmsg.so  in ~/.local/lib/wireshark/plugins/<X.Y>/epan/
#   udpcap    in ~/.local/bin/udpcap (and its man page in ~/.local/share/man/man1/)
#   a symlink to it in Wireshark's personal extcap folder, which depends on
#   the Wireshark version: ~/.config/wireshark/extcap (4.0, 4.1) or
#   ~/.local/lib/wireshark/extcap (4.2 and later).  <X.Y> is the Wireshark
#   the plugin was built against (build/plugins/<X.Y>/epan/ipmsg.so).
# Wireshark ignores these personal folders when it runs as root.
# Builds BUILD_DIR first when it has no plugin yet.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
uninstall=0
if [ "${1:-}" = --uninstall ]; then uninstall=1; shift; fi
build=${1:-$src/build}
: "${HOME:?HOME is not set}"

if [ "$uninstall" = 0 ] && ! ls "$build"/plugins/*/epan/ipmsg.so >/dev/null 2>&1; then
    cmake -S "$src" -B "$build"
    cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"
fi
sos=("$build"/plugins/*/epan/ipmsg.so)
so=${sos[0]}
[ -e "$so" ] || { echo "install-user: no $build/plugins/<X.Y>/epan/ipmsg.so" >&2; exit 1; }
ver=$(basename "$(dirname "$(dirname "$so")")")      # e.g. 4.0
major=${ver%%.*} minor=${ver#*.}
case "$major.$minor" in *[!0-9.]*) echo "install-user: odd version '$ver'" >&2; exit 1;; esac

plugdir=$HOME/.local/lib/wireshark/plugins/$ver/epan
bindir=$HOME/.local/bin
mandir=$HOME/.local/share/man/man1
# Wireshark 4.0 and 4.1 read personal extcaps from <config dir>/extcap;
# 4.2 moved them to ~/.local/lib/wireshark/extcap.
if [ "$major" -lt 4 ] || { [ "$major" = 4 ] && [ "$minor" -lt 2 ]; }; then
    extdir=${WIRESHARK_CONFIG_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/wireshark}/extcap
else
    extdir=$HOME/.local/lib/wireshark/extcap
fi

if [ "$uninstall" = 1 ]; then
    rm -fv "$plugdir/ipmsg.so" "$bindir/udpcap" "$mandir/udpcap.1" "$extdir/udpcap"
    exit 0
fi

[ -x "$build/capture/udpcap" ] || { echo "install-user: no $build/capture/udpcap" >&2; exit 1; }
mkdir -p "$plugdir" "$bindir" "$mandir" "$extdir"
install -m 0644 "$so" "$plugdir/ipmsg.so"
install -m 0755 "$build/capture/udpcap" "$bindir/udpcap"
install -m 0644 "$src/docs/udpcap.1" "$mandir/udpcap.1"
ln -sfn "$bindir/udpcap" "$extdir/udpcap"
echo "installed: $plugdir/ipmsg.so"
echo "installed: $bindir/udpcap ($mandir/udpcap.1)"
echo "installed: $extdir/udpcap -> $bindir/udpcap"
echo "check: tshark -G plugins | grep ipmsg; tshark -D | grep udpcap"
