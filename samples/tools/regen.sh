#!/bin/sh
# Regenerate the sample captures from their scenarios.
#
#   regen.sh MKPCAP OUTDIR      write OUTDIR/<name>.pcap for every
#                               samples/src/<name>.txt
#   regen.sh --check MKPCAP     regenerate into a temporary directory and
#                               compare byte for byte with samples/*.pcap
#
# The build's `samples` target runs the first form on the source tree; the
# `samples.regenerate` test runs the second.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
samples=$(dirname "$here")
check=0
if [ "${1:-}" = "--check" ]; then
    check=1
    shift
fi
if [ $# -ne $((2 - check)) ]; then
    echo "usage: regen.sh MKPCAP OUTDIR | regen.sh --check MKPCAP" >&2
    exit 2
fi
mkpcap=$1
if [ "$check" = 1 ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
else
    out=$2
    mkdir -p "$out"
fi

status=0
count=0
for src in "$samples"/src/*.txt; do
    [ -e "$src" ] || { echo "regen.sh: no scenarios in $samples/src" >&2; exit 1; }
    name=$(basename "$src" .txt)
    if ! "$mkpcap" "$src" "$out/$name.pcap"; then
        status=1
        continue
    fi
    count=$((count + 1))
    if [ "$check" = 1 ]; then
        if [ ! -e "$samples/$name.pcap" ]; then
            echo "FAIL $name: samples/$name.pcap is missing (run: cmake --build <build> --target samples)"
            status=1
        elif cmp -s "$out/$name.pcap" "$samples/$name.pcap"; then
            echo "ok   $name"
        else
            echo "FAIL $name: samples/$name.pcap differs from what samples/src/$name.txt gives" \
                 "(run: cmake --build <build> --target samples)"
            status=1
        fi
    else
        echo "wrote $out/$name.pcap"
    fi
done
if [ "$check" = 1 ]; then
    for pcap in "$samples"/*.pcap; do
        [ -e "$pcap" ] || continue
        name=$(basename "$pcap" .pcap)
        [ -e "$samples/src/$name.txt" ] ||
            echo "note $name: samples/$name.pcap has no scenario (a recorded capture?), not checked"
    done
    echo "$count scenarios checked"
fi
exit "$status"
