#!/bin/bash
# The one setup command: install the build dependencies, build, install the
# Wireshark plugin, check that tshark loads it, then show IPMsg traffic
# decoded: a 5-second live capture on port 2425 if this user may capture,
# else (or when nothing arrives) a bundled sample capture.
#
# As root the plugin goes into Wireshark's system plugin folder (cmake
# --install); as a normal user into ~/.local/lib/wireshark/plugins/<X.Y>/epan,
# which Wireshark only reads when it does not run as root.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=tests/lib/deps.sh
. tests/lib/deps.sh

echo "== 1. dependencies"
ipmsg_install_deps

echo "== 2. build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)"

echo "== 3. install the plugin"
built=(build/plugins/*/epan/ipmsg.so)
so=${built[0]}
[ -e "$so" ] || { echo "setup: build/plugins/<X.Y>/epan/ipmsg.so was not built" >&2; exit 1; }
version_dir=$(basename "$(dirname "$(dirname "$so")")")   # e.g. 4.0
if [ "$(id -u)" = 0 ]; then
    # The install rule uses Wireshark's relative plugin path (lib/<triplet>/...).
    cmake --install build --prefix /usr
    where="$(pkg-config --variable=plugindir wireshark 2>/dev/null || echo "the system plugin folder")/epan"
else
    where=$HOME/.local/lib/wireshark/plugins/$version_dir/epan
    mkdir -p "$where"
    install -m 0644 "$so" "$where/ipmsg.so"
fi
echo "installed ipmsg.so in $where"

echo "== 4. check that tshark loads it"
if tshark -G protocols 2>/dev/null | awk -F'\t' '$3 == "ipmsg" {found=1; print "tshark knows: " $1 " (" $2 ", filter ipmsg)"} END {exit !found}'; then
    :
else
    echo "setup: tshark does not list the ipmsg protocol; tshark -G plugins says:" >&2
    tshark -G plugins >&2 || true
    exit 1
fi

echo "== 5. IPMsg traffic"
live=$(mktemp -d)
trap 'rm -rf "$live"' EXIT
got=0
echo "capturing UDP/TCP port 2425 for 5 seconds (start an IP Messenger client to see it) ..."
if timeout 15 tshark -q -i any -a duration:5 -f "udp port 2425 or tcp port 2425" \
        -w "$live/live.pcapng" >"$live/capture.log" 2>&1; then
    got=$(tshark -r "$live/live.pcapng" -Y ipmsg 2>/dev/null | wc -l)
else
    echo "(no live capture: $(grep -m1 -iE 'permission|denied|not permitted|error' "$live/capture.log" || echo "tshark could not capture"))"
fi
if [ "$got" -gt 0 ]; then
    echo "$got IPMsg packets captured:"
    tshark -r "$live/live.pcapng" -Y ipmsg 2>/dev/null
    echo
    first=$(tshark -r "$live/live.pcapng" -Y ipmsg -T fields -e frame.number 2>/dev/null | head -n 1)
    echo "full tree of the first one (frame $first):"
    tshark -r "$live/live.pcapng" -Y "frame.number == $first" -V -O ipmsg 2>/dev/null
else
    echo "no IPMsg traffic on this network just now; decoding the bundled samples instead."
    echo
    echo "-- samples/official-message.pcap (alice and bob on official IP Messenger):"
    tshark -r samples/official-message.pcap 2>/dev/null
    echo
    echo "-- samples/official-attach.pcap, frame 1 (a message with two attachments), IPMsg tree:"
    tshark -r samples/official-attach.pcap -Y "frame.number == 1" -V -O ipmsg 2>/dev/null
fi
echo
echo "setup done.  Open any capture with port 2425 traffic in Wireshark or tshark;"
echo "display filter: ipmsg.  Tests: ./run-tests.sh"
