#!/bin/bash
# shellcheck disable=SC2015,SC2317  # ok/bad always succeed, so "A && ok || bad" is safe; cleanup runs from trap
# Build the Debian package with CPack, install it with apt-get, check that
# Wireshark and the shell see everything, remove it and check nothing is left.
#
#   tests/package/check-deb.sh [BUILD_DIR]      (default: build)
#
# Needs root (exit 77 = skipped otherwise).  Leaves the system as found as
# far as our files go: if ipmsg-wireshark was installed before, it is removed
# at the end too (nothing is reinstated), and none of our files remain.
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
build=$(cd "$build" 2>/dev/null && pwd) || { echo "check-deb: no build directory ${1:-$src/build}" >&2; exit 2; }
pkg=ipmsg-wireshark

if [ "$(id -u)" != 0 ]; then
    echo "check-deb: skipped, needs root (apt-get install)"
    exit 77
fi
for t in cmake cpack apt-get dpkg tshark man; do
    command -v "$t" >/dev/null || { echo "check-deb: skipped, $t missing"; exit 77; }
done

fail=0
ok()  { echo "ok   - $*"; }
bad() { echo "FAIL - $*"; fail=1; }

plugdir=$(pkg-config --variable=plugindir wireshark 2>/dev/null || true)
[ -n "$plugdir" ] || plugdir=/usr/lib/x86_64-linux-gnu/wireshark/plugins/4.0
extdir=$(dirname "$(dirname "$plugdir")")/extcap   # .../wireshark/plugins/X.Y -> .../wireshark/extcap
files=(/usr/bin/udpcap "$plugdir/epan/ipmsg.so" "$extdir/udpcap" /usr/share/man/man1/udpcap.1)

cleanup() {
    dpkg -s "$pkg" >/dev/null 2>&1 && apt-get remove -y "$pkg" >/dev/null 2>&1
    [ -n "${work:-}" ] && rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if dpkg -s "$pkg" >/dev/null 2>&1; then
    echo "note: $pkg was installed before; it will be replaced and removed at the end"
fi

echo "== build the package"
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null || { echo "check-deb: build failed"; exit 1; }
work=$(mktemp -d /tmp/ipmsg-deb.XXXXXX)
chmod 755 "$work"     # apt's _apt sandbox user must read the .deb
(cd "$work" && cpack -G DEB -B "$work" --config "$build/CPackConfig.cmake") >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; echo "check-deb: cpack failed"; exit 1; }
debs=("$work/$pkg"_*.deb)
deb=${debs[0]}
[ -f "$deb" ] || { echo "check-deb: no .deb made"; exit 1; }
chmod 644 "$deb"
ok "cpack made $(basename "$deb")"

echo "== control fields"
ctl=$(dpkg-deb -f "$deb" Package Section Maintainer Depends)
echo "$ctl"
grep -q '^Section: net$' <<<"$ctl" && ok "section net" || bad "section is not net"
dep=$(dpkg-deb -f "$deb" Depends)
for d in libpcap0.8 libglib2.0-0; do
    grep -q "$d" <<<"$dep" && ok "depends on $d" || bad "no dependency on $d"
done
grep -Eq 'libwireshark[0-9]+ \(>= [0-9]+\.[0-9]+\), libwireshark[0-9]+ \(<< [0-9]+\.[0-9]+~\)' <<<"$dep" &&
    ok "depends on one Wireshark major.minor" || bad "no major.minor range on libwireshark"

echo "== apt-get install"
if apt-get install -y --no-install-recommends "$deb" >"$work/install.log" 2>&1; then
    ok "apt-get install ./$(basename "$deb")"
else
    cat "$work/install.log"; bad "apt-get install failed"
fi
for f in "${files[@]}"; do
    [ -e "$f" ] && ok "installed $f" || bad "missing $f"
done
[ -L "$extdir/udpcap" ] && [ -x "$extdir/udpcap" ] && ok "extcap entry is an executable symlink" ||
    bad "extcap entry is not an executable symlink"
tshark -G protocols 2>/dev/null | awk -F'\t' '$3 == "ipmsg" {f=1} END {exit !f}' &&
    ok "tshark -G protocols lists ipmsg" || bad "tshark -G protocols does not list ipmsg"
tshark -G plugins 2>/dev/null | grep -q "$plugdir/epan/ipmsg.so" &&
    ok "tshark -G plugins: ipmsg.so from the system folder" || bad "tshark -G plugins lacks the system ipmsg.so"
v=$(udpcap --version 2>&1) && grep -q '[0-9]' <<<"$v" && ok "udpcap --version: $v" || bad "udpcap --version failed: $v"
"$extdir/udpcap" --extcap-interfaces 2>/dev/null | grep -q 'IPMsg (udpcap)' &&
    ok "extcap entry answers --extcap-interfaces" || bad "extcap entry does not list IPMsg (udpcap)"
tshark -D 2>/dev/null | grep -q 'udpcap (IPMsg (udpcap))' &&
    ok "tshark -D lists udpcap (IPMsg (udpcap))" || bad "tshark -D does not list udpcap"
m=$(man -w udpcap 2>/dev/null) && ok "man -w udpcap: $m" || bad "man -w udpcap finds nothing"

echo "== apt-get remove"
if apt-get remove -y "$pkg" >"$work/remove.log" 2>&1; then
    ok "apt-get remove $pkg"
else
    cat "$work/remove.log"; bad "apt-get remove failed"
fi
dpkg -s "$pkg" >/dev/null 2>&1 && bad "$pkg still installed" || ok "$pkg not installed"
for f in "${files[@]}"; do
    [ -e "$f" ] || [ -L "$f" ] && bad "left behind: $f" || ok "removed $f"
done
tshark -G protocols 2>/dev/null | awk -F'\t' '$3 == "ipmsg" {f=1} END {exit !f}' &&
    bad "tshark still lists ipmsg" || ok "tshark no longer lists ipmsg"

[ "$fail" = 0 ] && echo "check-deb: all passed" || echo "check-deb: FAILED"
exit "$fail"
