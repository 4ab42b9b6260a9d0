#!/bin/bash
# bench/dissector.sh - cost of the ipmsg dissector in tshark against a baseline.
#
# Writes a realistic capture of N IPMsg packets (bench/gen-ipmsg-pcap.c), then,
# alternating in one invocation, runs tshark with the plugin and the baseline
# (same capture, `-d udp.port==2425,data --disable-protocol ipmsg`) in three modes:
#   plain   -n -r F                          (output to /dev/null)
#   fields  -T fields -e ipmsg.message -e ipmsg.user   vs   -e data.data
#   2pass   -n -2 -r F
# and prints per mode the median wall time, CPU time (user+sys) and peak RSS of
# each side and their ratios (plugin / baseline), and the median of the
# per-run CPU ratios (each run's plugin and baseline ran back to back, so
# this one is the least disturbed by a machine whose speed drifts).  Then
# callgrind on a 10,000-packet capture counts, per mode, the instructions per
# packet of the whole tshark run on both sides (a 1-packet run subtracts
# start-up) and their ratio, which unlike times does not depend on the
# machine's load, and the instructions per packet inside the dissector
# (--toggle-collect=dissect_ipmsg_udp, inclusive).
#
# Usage: bench/dissector.sh [--build DIR] [--packets N] [--runs R]
#                           [--callgrind-packets M] [--no-callgrind]
# Defaults: build/ next to this script's parent, N=1000000, R=3, M=10000.
# Targets (issue #7): plain <= 1.10x, fields <= 1.25x CPU; 2pass peak RSS <= 1.5x.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$root/build
packets=1000000
runs=3
cg_packets=10000
callgrind=1
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --packets) packets=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --callgrind-packets) cg_packets=$2; shift 2 ;;
        --no-callgrind) callgrind=0; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "dissector.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

# shellcheck source=../tests/lib/tshark.sh
source "$root/tests/lib/tshark.sh"
ws_setup "$build/plugins"
ws_check_plugin >/dev/null

tools=$WS_DIR/bin
mkdir -p "$tools"
cc -O2 -Wall -Wextra -o "$tools/gen" "$here/gen-ipmsg-pcap.c"
cc -O2 -Wall -Wextra -o "$tools/cputime" "$here/cputime.c"

cap=$WS_DATA/bench.pcap
"$tools/gen" "$cap" "$packets"
chmod a+r "$cap"
echo "capture: $packets packets, $(stat -c %s "$cap") bytes"

base_args=(-d udp.port==2425,data --disable-protocol ipmsg)
mode_args() {  # mode side
    case $1/$2 in
        plain/plugin)  echo "-n -r $cap" ;;
        plain/base)    echo "-n -r $cap ${base_args[*]}" ;;
        fields/plugin) echo "-n -r $cap -T fields -e ipmsg.message -e ipmsg.user" ;;
        fields/base)   echo "-n -r $cap ${base_args[*]} -T fields -e data.data" ;;
        2pass/plugin)  echo "-n -2 -r $cap" ;;
        2pass/base)    echo "-n -2 -r $cap ${base_args[*]}" ;;
    esac
}

results=$WS_DIR/results
: >"$results"
run_one() {  # mode side run
    local mode=$1 side=$2 rep=$WS_DIR/rep t0 t1 args
    read -r -a args <<<"$(mode_args "$mode" "$side")"
    t0=$(date +%s%N)
    "$tools/cputime" "$rep" "${WS_TSHARK[@]}" "${args[@]}" >/dev/null 2>"$WS_DIR/err"
    t1=$(date +%s%N)
    # status S user_us U sys_us Y maxrss_kib M
    local st us sy rss
    read -r _ st _ us _ sy _ rss <"$rep"
    if [ "$st" != 0 ]; then
        echo "dissector.sh: $mode/$side exited $st:" >&2
        cat "$WS_DIR/err" >&2
        exit 1
    fi
    if grep -q . "$WS_DIR/err"; then
        echo "dissector.sh: $mode/$side stderr:" >&2
        head -5 "$WS_DIR/err" >&2
    fi
    printf '%s %s %s %d %d %d\n' "$mode" "$side" "$3" $(( (t1 - t0) / 1000 )) $(( us + sy )) "$rss" >>"$results"
    printf '  %-6s %-6s run %d: wall %7.3f s  cpu %7.3f s  maxrss %7d KiB\n' "$mode" "$side" "$3" \
        "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "($us + $sy) / 1000000" | bc -l)" "$rss"
}

for mode in plain fields 2pass; do
    for ((r = 1; r <= runs; r++)); do
        # alternate which side goes first, so drift hurts both alike
        if (( r % 2 )); then run_one "$mode" plugin "$r"; run_one "$mode" base "$r"
        else run_one "$mode" base "$r"; run_one "$mode" plugin "$r"; fi
    done
done

echo
echo "medians over $runs runs, $packets packets (ratio = plugin / baseline):"
printf '%-7s %10s %10s %7s   %10s %10s %7s %7s   %10s %10s %7s   %s\n' mode \
    wall-plug wall-base ratio cpu-plug cpu-base ratio paired rss-plug rss-base ratio target
awk -v target_plain=1.10 -v target_fields=1.25 -v target_rss=1.5 '
function median(arr, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = arr[i]; for (j = i - 1; j >= 1 && arr[j] > t; j--) arr[j+1] = arr[j]; arr[j+1] = t }
    return (n % 2) ? arr[(n+1)/2] : (arr[n/2] + arr[n/2+1]) / 2
}
{ k = $1 SUBSEP $2; n[k]++; w[k, n[k]] = $4; c[k, n[k]] = $5; m[k, n[k]] = $6; run_cpu[$1, $2, $3] = $5 }
END {
    split("plain fields 2pass", modes, " ")
    for (i = 1; i <= 3; i++) {
        mo = modes[i]
        for (s = 1; s <= 2; s++) {
            side = s == 1 ? "plugin" : "base"; k = mo SUBSEP side
            delete a; for (j = 1; j <= n[k]; j++) a[j] = w[k, j]; W[side] = median(a, n[k])
            delete a; for (j = 1; j <= n[k]; j++) a[j] = c[k, j]; C[side] = median(a, n[k])
            delete a; for (j = 1; j <= n[k]; j++) a[j] = m[k, j]; M[side] = median(a, n[k])
        }
        cr = C["plugin"] / C["base"]; mr = M["plugin"] / M["base"]
        delete a; np = 0
        for (j = 1; j <= n[mo SUBSEP "plugin"]; j++)
            if ((mo, "base", j) in run_cpu && run_cpu[mo, "base", j] > 0)
                a[++np] = run_cpu[mo, "plugin", j] / run_cpu[mo, "base", j]
        pr = np ? median(a, np) : 0
        if (mo == "plain") tgt = sprintf("cpu <= %.2f: %s", target_plain, cr <= target_plain ? "met" : "MISSED")
        else if (mo == "fields") tgt = sprintf("cpu <= %.2f: %s", target_fields, cr <= target_fields ? "met" : "MISSED")
        else tgt = sprintf("rss <= %.2f: %s", target_rss, mr <= target_rss ? "met" : "MISSED")
        printf "%-7s %9.3fs %9.3fs %6.2fx   %9.3fs %9.3fs %6.2fx %6.2fx   %8dK %8dK %6.2fx   %s\n", mo,
            W["plugin"] / 1e6, W["base"] / 1e6, W["plugin"] / W["base"],
            C["plugin"] / 1e6, C["base"] / 1e6, cr, pr, M["plugin"], M["base"], mr, tgt
    }
}' "$results"

if [ "$callgrind" = 1 ]; then
    command -v valgrind >/dev/null || { echo "valgrind not installed: skipping callgrind"; exit 0; }
    small=$WS_DATA/bench-small.pcap
    one=$WS_DATA/bench-one.pcap
    "$tools/gen" "$small" "$cg_packets" >/dev/null
    "$tools/gen" "$one" 1 >/dev/null
    chmod a+r "$small" "$one"
    cgdir=$WS_DIR/cg
    mkdir -p "$cgdir"
    chmod a+rwx "$cgdir"
    # cg_ir OUT FILE [valgrind option] -- ARGS...: instructions of one tshark run
    cg_ir() {
        local out=$cgdir/$1 file=$2 opt=$3
        shift 4
        "${WS_TSHARK[@]:0:${#WS_TSHARK[@]}-1}" valgrind --tool=callgrind $opt --callgrind-out-file="$out" \
            tshark -n -r "$file" "$@" >/dev/null 2>"$out.err" || {
            echo "callgrind failed: tshark -r $file $*" >&2; tail -5 "$out.err" >&2; return 1; }
        awk '/^summary:/ {print $2}' "$out"
        if [ -n "${BENCH_KEEP_CALLGRIND:-}" ]; then
            mkdir -p "$BENCH_KEEP_CALLGRIND"; cp "$out" "$BENCH_KEEP_CALLGRIND/"
        fi
    }
    echo
    echo "callgrind, $cg_packets packets: instructions per packet of the whole tshark run (start-up"
    echo "subtracted), plugin and baseline, and inside dissect_ipmsg_udp (inclusive):"
    printf '  %-7s %12s %12s %7s   %12s\n' mode plugin base ratio dissector
    for mode in plain fields 2pass; do
        case $mode in
            plain)  plug=(); base=("${base_args[@]}") ;;
            fields) plug=(-T fields -e ipmsg.message -e ipmsg.user); base=("${base_args[@]}" -T fields -e data.data) ;;
            2pass)  plug=(-2); base=("${base_args[@]}" -2) ;;
        esac
        p_n=$(cg_ir "$mode-plugin.out" "$small" "" -- "${plug[@]}") || continue
        p_1=$(cg_ir "$mode-plugin-1.out" "$one" "" -- "${plug[@]}") || continue
        b_n=$(cg_ir "$mode-base.out" "$small" "" -- "${base[@]}") || continue
        b_1=$(cg_ir "$mode-base-1.out" "$one" "" -- "${base[@]}") || continue
        d_n=$(cg_ir "$mode-dissector.out" "$small" --toggle-collect=dissect_ipmsg_udp -- "${plug[@]}") || continue
        awk -v m="$mode" -v n="$cg_packets" -v pn="$p_n" -v p1="$p_1" -v bn="$b_n" -v b1="$b_1" -v dn="$d_n" 'BEGIN {
            p = (pn - p1) / (n - 1); b = (bn - b1) / (n - 1)
            printf "  %-7s %12.0f %12.0f %6.2fx   %12.0f%s\n", m, p, b, p / b, dn / n,
                   m == "2pass" ? "  (both passes)" : "" }'
    done
fi
