#!/bin/bash
# Fuzz test: mutate every samples/*.pcap with `editcap -E` and decode the
# result with the plugin (tshark -nVx -r, one pass and two passes) under
# Wireshark's debug settings.  Fails on a crash (signal), a hang (timeout), a
# non-zero exit or "Dissector bug" in the output.  Malformed-packet reports
# are expected for mutated input and are not failures.
#
#   fuzz-samples.sh [--plugin-dir DIR]
#
# Environment (all optional):
#   IPMSG_FUZZ_SECONDS   wall-time budget (default 150); checked between files
#   IPMSG_FUZZ_ROUNDS    maximum rounds over all samples and rates (default 500)
#   IPMSG_FUZZ_RATES     error probabilities (default "0.01 0.05 0.2")
#   IPMSG_FUZZ_SEED      base seed (default 20231114): the same seed mutates the
#                        same way, so a failure reproduces; change it to explore
#   IPMSG_FUZZ_TIMEOUT   seconds allowed per tshark run (default 60)
#   IPMSG_PLUGIN_DIR     default for --plugin-dir (else build/plugins)
#
# Every failing input is kept in tests/fuzz/crashes/<name>.pcap with
# <name>.txt saying what happened and how to reproduce it.  Inputs already in
# tests/fuzz/crashes/ are decoded first as regression cases.
# shellcheck source-path=SCRIPTDIR
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/tshark.sh
. "$repo/tests/lib/tshark.sh"

plugin_dir=${IPMSG_PLUGIN_DIR:-$repo/build/plugins}
while [ $# -gt 0 ]; do
    case $1 in
        --plugin-dir) plugin_dir=$2; shift 2 ;;
        --plugin-dir=*) plugin_dir=${1#*=}; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "fuzz-samples.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

seconds=${IPMSG_FUZZ_SECONDS:-150}
rounds=${IPMSG_FUZZ_ROUNDS:-500}
read -r -a rates <<<"${IPMSG_FUZZ_RATES:-0.01 0.05 0.2}"
seed=${IPMSG_FUZZ_SEED:-20231114}
per_run=${IPMSG_FUZZ_TIMEOUT:-60}
crashes=$here/crashes
max_failures=5

# What Wireshark's own fuzz-test.sh sets (tools/test-common.sh).
export WIRESHARK_ABORT_ON_DISSECTOR_BUG=1
export WIRESHARK_DEBUG_WMEM_OVERRIDE=strict
export G_SLICE=debug-blocks
export MALLOC_CHECK_=3

ws_setup "$plugin_dir"
ws_check_plugin

samples=()
for f in "$repo"/samples/*.pcap; do
    [ -e "$f" ] && samples+=("$(ws_stage "$f")")
done
[ ${#samples[@]} -gt 0 ] || { echo "fuzz: no captures in $repo/samples" >&2; exit 2; }

runs=0
files=0
failures=0
start=$SECONDS

# decode FILE LABEL ORIGIN: run both passes; on failure keep FILE
decode() {
    local file=$1 label=$2 origin=$3 mode rc out
    for mode in "" "-2"; do
        out=$WS_DIR/out.txt
        # shellcheck disable=SC2086  # $mode is empty or one word
        timeout -k 5 "$per_run" "${WS_TSHARK[@]}" $mode -nVx -r "$file" >"$out" 2>&1
        rc=$?
        runs=$((runs + 1))
        local why=
        if [ $rc = 124 ] || [ $rc = 137 ]; then
            why="hang: no result within ${per_run}s"
        elif [ $rc -gt 128 ]; then
            why="killed by signal $((rc - 128))"
        elif [ $rc != 0 ]; then
            why="exit status $rc"
        elif grep -q "Dissector bug" "$out"; then
            why="Dissector bug reported"
        fi
        if [ -n "$why" ]; then
            keep_failure "$file" "$label" "$origin" "$mode" "$why" "$out"
            return 1
        fi
    done
    return 0
}

# keep_failure FILE LABEL ORIGIN MODE WHY OUTPUT
keep_failure() {
    local file=$1 label=$2 origin=$3 mode=$4 out=$6
    local what="tshark ${mode:+$mode }-nVx -r: $5"
    failures=$((failures + 1))
    mkdir -p "$crashes"
    if [ "$origin" != regression ]; then
        cp "$file" "$crashes/$label.pcap"
        {
            echo "$what"
            echo "input: $origin"
            echo "reproduce (as a normal user; root ignores WIRESHARK_PLUGIN_DIR):"
            echo "  WIRESHARK_PLUGIN_DIR=<build>/plugins WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 \\"
            echo "  tshark ${mode:+$mode }-nVx -r tests/fuzz/crashes/$label.pcap"
            echo "last lines of output:"
            tail -n 30 "$out"
        } >"$crashes/$label.txt"
        echo "FAIL $label: $what (kept as tests/fuzz/crashes/$label.pcap, see .txt)"
    else
        echo "FAIL regression $label: $what"
    fi
    tail -n 15 "$out" | sed 's/^/    /'
}

# 1. earlier failures, unmutated
for f in "$crashes"/*.pcap; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pcap)
    staged=$(ws_stage "$f")
    if decode "$staged" "$name" regression; then
        echo "ok   regression $name"
    fi
done

# 2. mutations: round r, sample s, rate k -> seed; even rounds skip the first
#    42 bytes (Ethernet+IPv4+UDP headers) so the errors land in the payload.
round=0
done_all=0
while [ $round -lt "$rounds" ] && [ $done_all = 0 ]; do
    round=$((round + 1))
    echo "fuzz: round $round, ${files} files so far, $((SECONDS - start))s"
    for s in "${!samples[@]}"; do
        if [ $((SECONDS - start)) -ge "$seconds" ]; then
            done_all=1
            break
        fi
        src=${samples[$s]}
        name=$(basename "$src" .pcap)
        for k in "${!rates[@]}"; do
            rate=${rates[$k]}
            this_seed=$((seed + round * 10007 + s * 101 + k))
            offset=0
            [ $((round % 2)) = 1 ] || offset=42
            mutated=$WS_DATA/fuzz.pcap
            if ! ws_editcap -E "$rate" -o "$offset" --seed "$this_seed" "$src" "$mutated" >/dev/null 2>&1; then
                echo "fuzz: editcap failed on $src" >&2
                exit 2
            fi
            files=$((files + 1))
            decode "$mutated" "$name-E$rate-o$offset-s$this_seed" \
                "samples/$name.pcap mutated by: editcap -E $rate -o $offset --seed $this_seed" || true
            if [ $failures -ge $max_failures ]; then
                done_all=1
                break 2
            fi
        done
    done
done

elapsed=$((SECONDS - start))
echo "fuzz: $files mutated files, $runs tshark runs, $round rounds, ${elapsed}s, seed $seed, rates ${rates[*]}"
echo "fuzz: $((runs - failures)) passed, $failures failed"
[ $failures = 0 ]
