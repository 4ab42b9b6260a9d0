#!/bin/bash
# Benchmark: udpcap against tcpdump on the same load, in the same run.
#
#   bench/capture.sh [--udpcap PATH] [--runs N] [--count-64 N] [--count-1400 N]
#                    [--batch N] [--tail-runs N] [--keep]
#
# Defaults: build/capture/udpcap, 3 runs, 2000000 x 64 B, 1000000 x 1400 B,
# batch 1 (one sendto() per datagram, as in capture-notes §3; --batch 64
# uses sendmmsg() for a faster sender), 3 tail-loss runs.
#
# Topology (capture-notes §3): two network namespaces made for this run,
# ucbench<PID>a (sender, vethA 10.99.0.1) and ucbench<PID>b (capture, vethB
# 10.99.0.2), joined by a veth pair.  Traffic only goes to 10.99.0.2 (the
# sender refuses anything outside 127/8, ::1, 10.99.0.0/24, fd99::/64).
#
# Per run: start the capture in namespace B pinned to CPU 1, wait 1.5 s,
# send COUNT datagrams of 64 or 1400 bytes to port 2425 at full rate
# (udpsend pinned to CPU 0), wait 2 s, SIGINT the capture, wait for it.
#   sent       what udpsend reports as sent (sendto() succeeded)
#   captured   records in the file (capinfos), not the tool's own claim
#   kernel drops  the tool's own exit statistics (pcap_stats ps_drop)
#   CPU        user+sys of the capture process from wait4() (whole life),
#              per captured packet
# Tools, each with its defaults:
#   tcpdump -Z root -i vethB -w FILE udp port 2425    (2 MiB ring, 1000 ms)
#   udpcap -i vethB -w FILE.pcapng                     (its defaults)
# (-Z root: Debian's tcpdump otherwise drops to user tcpdump, who may not
# write the output folder.)  Output on /dev/shm (tmpfs), deleted after each
# run.  The order of the two tools alternates from run to run.
#
# CPU is also read from /proc/PID/schedstat (nanoseconds on a CPU) when the
# sender starts and just before SIGINT: "startup" is the CPU used before
# any traffic (opening the capture, allocating the ring), "traffic" the CPU
# from the first datagram until the stop (the load plus 2 s idle).
#
# Tail-loss test: start, wait 1.5 s, send 5 datagrams, SIGINT 200 ms later;
# count what reached the file.
#
# Needs root; installs tcpdump (Debian) when it is missing.  Bounded: every
# load is COUNT datagrams and at most 60 s; every process is ended by PID.
# This is not a test: it prints numbers and ratios and always exits 0 unless
# it could not run.
# shellcheck source-path=SCRIPTDIR
set -uo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=../tests/capture/lib.sh
. "$repo/tests/capture/lib.sh"

udpcap=$repo/build/capture/udpcap
runs=3
tail_runs=3
count64=2000000
count1400=1000000
batch=1
while [ $# -gt 0 ]; do
    case $1 in
        --udpcap) udpcap=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --tail-runs) tail_runs=$2; shift 2 ;;
        --count-64) count64=$2; shift 2 ;;
        --count-1400) count1400=$2; shift 2 ;;
        --batch) batch=$2; shift 2 ;;
        --keep) export UC_KEEP=1; shift ;;
        -h|--help) sed -n '2,46p' "$0"; exit 0 ;;
        *) echo "capture.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

[ "$(id -u)" = 0 ] || { echo "capture.sh: needs root (namespaces, capture)" >&2; exit 2; }
[ -x "$udpcap" ] || { echo "capture.sh: no udpcap at $udpcap (build first, or --udpcap PATH)" >&2; exit 2; }
udpcap=$(readlink -f "$udpcap")
[ "$(nproc)" -ge 2 ] || echo "capture.sh: warning: fewer than 2 CPUs; sender and capture share one" >&2

need=()
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v capinfos >/dev/null || need+=(tshark)
command -v gcc >/dev/null || need+=(gcc)
dpkg-query -W -f='${db:Status-Status}' libpcap-dev 2>/dev/null | grep -qx installed || need+=(libpcap-dev)
if [ ${#need[@]} -gt 0 ]; then
    echo "capture.sh: installing ${need[*]}"
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null ||
        { echo "capture.sh: could not install ${need[*]}" >&2; exit 2; }
fi

uc_sweep ucbench
uc_init "ucbench$$"
uc_netns_up
T=$UC_TMP
SHM=$(mktemp -d /dev/shm/ucbench$$.XXXXXX)
trap 'rm -rf "$SHM"; uc_cleanup' EXIT
gcc -O2 -o "$T/udpsend" "$repo/tests/capture/udpsend.c" || exit 2
gcc -O2 -o "$T/cputime" "$here/cputime.c" || exit 2
UC_UDPSEND=$T/udpsend
cpus_capture=1
cpus_sender=0

# capture TOOL FILE REPORT: start TOOL in namespace B on CPU 1; PID in CAP_PID
capture() {
    local tool=$1 file=$2 rep=$3 cmd
    case $tool in
        tcpdump) cmd=(tcpdump -Z root -i vethB -w "$file" udp port 2425) ;;
        udpcap) cmd=("$udpcap" -i vethB -w "$file") ;;
    esac
    rm -f "$rep" "$rep.pid"
    uc_bg "$rep.out" "$rep.err" ip netns exec "$UC_NSB" taskset -c "$cpus_capture" "$T/cputime" "$rep" "${cmd[@]}"
    CAP_WRAPPER=$UC_PID
    for _ in $(seq 100); do [ -s "$rep.pid" ] && break; sleep 0.02; done
    CAP_PID=$(awk '{print $2}' "$rep.pid" 2>/dev/null)
    [ -n "$CAP_PID" ] || { echo "capture.sh: $tool did not start" >&2; cat "$rep.err" >&2; exit 2; }
    UC_PIDS+=("$CAP_PID")
}

# finish: SIGINT the capture (CAP_PID), wait for it (30 s at most)
finish() {
    kill -INT "$CAP_PID" 2>/dev/null
    uc_wait "$CAP_WRAPPER" 30 || echo "capture.sh: the capture did not stop within 30 s; killed" >&2
}

# drops TOOL ERRFILE: the kernel drop count the tool printed
drops() {
    case $1 in
        tcpdump) sed -n 's/^\([0-9][0-9]*\) packets* dropped by kernel.*/\1/p' "$2" | tail -n 1 ;;
        udpcap) sed -n 's/.*kernel dropped \([0-9][0-9]*\).*/\1/p' "$2" | tail -n 1 ;;
    esac
}

count_file() {
    capinfos -M -c "$1" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}'
}

results=$T/results.txt   # tool payload run sent captured drops cpu_us kpps status load startup_us traffic_us sys_us
: >"$results"

one_run() {
    local tool=$1 payload=$2 run=$3 count=$4 ext file rep sent kpps got dr cpu st u s load s0 s1
    [ "$tool" = tcpdump ] && ext=pcap || ext=pcapng
    file=$SHM/$tool-$payload-$run.$ext
    rep=$T/$tool-$payload-$run
    sync
    load=$(cut -d' ' -f1 /proc/loadavg)
    capture "$tool" "$file" "$rep"
    sleep 1.5
    uc_alive "$CAP_PID" || { echo "capture.sh: $tool ended early:" >&2; cat "$rep.err" >&2; exit 2; }
    s0=$(awk '{print $1}' "/proc/$CAP_PID/schedstat")
    ip netns exec "$UC_NSA" taskset -c "$cpus_sender" "$UC_UDPSEND" -T 60 -S 40000 -m "$batch" -n "$count" -s "$payload" \
        10.99.0.2 2425 >"$rep.send" 2>"$rep.send.err"
    sent=$(awk '/^sent/ {print $2}' "$rep.send")
    kpps=$(sed -n 's/.*(\([0-9]*\) pps).*/\1/p' "$rep.send.err" | awk '{printf "%.0f", $1 / 1000}')
    sleep 2
    s1=$(awk '{print $1}' "/proc/$CAP_PID/schedstat")
    finish
    got=$(count_file "$file")
    dr=$(drops "$tool" "$rep.err")
    read -r _ st _ u _ s _ <"$rep" 2>/dev/null || { st='?'; u=0; s=0; }
    cpu=$((u + s))
    echo "$tool $payload $run ${sent:-0} ${got:-0} ${dr:-?} $cpu ${kpps:-?} $st $load $((s0 / 1000)) $(((s1 - s0) / 1000)) $s" >>"$results"
    printf '  %-8s %5s B  run %d: sent %s, captured %s, kernel drops %s, CPU %.3f s, exit %s\n' \
        "$tool" "$payload" "$run" "${sent:-0}" "${got:-0}" "${dr:-?}" "$(awk -v c="$cpu" 'BEGIN {print c / 1e6}')" "$st"
    rm -f "$file"
}

echo "== udpcap vs tcpdump: $(uname -r), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1))"
echo "   $(tcpdump --version 2>&1 | head -n 2 | tr '\n' ' ')"
echo "   $("$udpcap" --version 2>&1 | tr '\n' ' ')"
echo "   load: $count64 x 64 B and $count1400 x 1400 B to 10.99.0.2:2425 at full rate (batch $batch); $runs runs each; output on /dev/shm"
echo "   capture on CPU $cpus_capture, sender on CPU $cpus_sender"
for payload in 64 1400; do
    count=$count64
    [ "$payload" = 1400 ] && count=$count1400
    for run in $(seq "$runs"); do
        if [ $((run % 2)) = 1 ]; then order="udpcap tcpdump"; else order="tcpdump udpcap"; fi
        for tool in $order; do
            one_run "$tool" "$payload" "$run" "$count"
        done
    done
done

# Tail loss: 5 datagrams, SIGINT 200 ms later.
tail_results=$T/tail.txt
: >"$tail_results"
for run in $(seq "$tail_runs"); do
    for tool in udpcap tcpdump; do
        [ "$tool" = tcpdump ] && ext=pcap || ext=pcapng
        file=$SHM/tail-$tool-$run.$ext
        rep=$T/tail-$tool-$run
        capture "$tool" "$file" "$rep"
        sleep 1.5
        ip netns exec "$UC_NSA" "$UC_UDPSEND" -T 10 -S 40001 -n 5 -s 64 10.99.0.2 2425 >"$rep.send" 2>/dev/null
        sleep 0.2
        finish
        got=$(count_file "$file")
        echo "$tool $run $(awk '/^sent/ {print $2}' "$rep.send") ${got:-0}" >>"$tail_results"
        rm -f "$file"
    done
done

echo
echo "== Results (every run)"
printf '%-8s %7s %4s %9s %9s %13s %8s %11s %5s %10s %8s %9s %5s\n' tool payload run sent captured captured/sent "kernel" "CPU us/pkt" "sys" "traffic" "startup" "send" load
printf '%-8s %7s %4s %9s %9s %13s %8s %11s %5s %10s %8s %9s %5s\n' "" "" "" "" "" "" drops "(whole)" "" "us/pkt" ms kpps ""
awk '{ printf "%-8s %5s B %4s %9s %9s %12.2f%% %8s %11.3f %4.0f%% %10.3f %8.0f %9s %5s\n", $1, $2, $3, $4, $5,
       ($4 > 0 ? 100 * $5 / $4 : 0), $6, ($5 > 0 ? $7 / $5 : 0), ($7 > 0 ? 100 * $13 / $7 : 0),
       ($5 > 0 ? $12 / $5 : 0), $11 / 1000, $8, $10 }' "$results"
echo "(CPU us/pkt (whole): user+sys of the whole life / captured, sys: its kernel share; traffic: CPU from"
echo " the first datagram to the stop / captured; startup: CPU before the first datagram; load: 1-minute"
echo " load average at the start: other work on the machine makes the CPU figures vary)"

echo
echo "== Summary: mean over the runs (min-max); ratio = udpcap / tcpdump"
for payload in 64 1400; do
    awk -v p="$payload" '
        function add(k, t, v) { sum[k, t] += v; if (!((k, t) in lo) || v < lo[k, t]) lo[k, t] = v; if (!((k, t) in hi) || v > hi[k, t]) hi[k, t] = v }
        function m(k, t) { return sum[k, t] / n[t] }
        $2 == p {
            t = $1; n[t]++
            add("cs", t, $4 > 0 ? 100 * $5 / $4 : 0); add("dr", t, $6 == "?" ? 0 : $6)
            add("cw", t, $5 > 0 ? $7 / $5 : 0); add("ct", t, $5 > 0 ? $12 / $5 : 0); add("su", t, $11 / 1000)
        }
        END {
            for (i = 1; i <= 2; i++) {
                t = (i == 1 ? "udpcap" : "tcpdump")
                if (!n[t]) continue
                printf "%5s B  %-8s captured/sent %.3f%% (%.3f-%.3f)  kernel drops %.0f (%d-%d)\n", p, t,
                    m("cs", t), lo["cs", t], hi["cs", t], m("dr", t), lo["dr", t], hi["dr", t]
                printf "%5s B  %-8s CPU us/packet: whole %.3f (%.3f-%.3f), traffic %.3f (%.3f-%.3f); startup %.0f ms\n", p, t,
                    m("cw", t), lo["cw", t], hi["cw", t], m("ct", t), lo["ct", t], hi["ct", t], m("su", t)
            }
            if (n["udpcap"] && n["tcpdump"] && m("cw", "tcpdump") > 0 && m("ct", "tcpdump") > 0)
                printf "%5s B  ratio    captured/sent %.4f; CPU per packet: whole %.2f, traffic %.2f\n", p,
                    m("cs", "udpcap") / m("cs", "tcpdump"), m("cw", "udpcap") / m("cw", "tcpdump"),
                    m("ct", "udpcap") / m("ct", "tcpdump")
        }' "$results"
done

echo
echo "== Tail loss: 5 datagrams sent, SIGINT 200 ms later (captured/sent per run)"
for tool in udpcap tcpdump; do
    printf '%-8s %s\n' "$tool" "$(awk -v t="$tool" '$1 == t {printf "%s/%s  ", $4, $3}' "$tail_results")"
done
