#!/bin/bash
# Integration tests of udpcap, as root, inside network namespaces made for
# each run (see lib.sh for the topology and the safety rules).
#
#   run.sh --udpcap PATH --udpsend PATH --pcaphex PATH CASE
#   run.sh --list
#
# One CASE per ctest test (tests/capture/CMakeLists.txt registers them as
# capture.<case>).  A case prints what it checked and ends with PASS, or
# FAIL lines and "FAILED: N check(s)" (exit 1); exit 77 = skipped (not root,
# or no network namespaces).  UC_KEEP=1 keeps the scratch directory.
#
# Expectations are exact: the datagrams in a file (addresses, ports and the
# payload, byte for byte; IP fragments reassembled by tshark) must be the
# multiset that was sent on the captured ports: nothing missing, nothing
# extra, nothing twice.  The sender (udpsend.c) logs every payload it sent.
# No check measures speed; bench/capture.sh does that.
#
# Cases (the traffic comes from namespace A, udpcap runs in namespace B),
# defined in cases/*.sh:
#   traffic.sh   set, ports: which datagrams are kept (port 2425 as
#                destination or source, IPv4, IPv6, broadcast, near-MTU; not
#                other ports; -p ranges); fragments: 5000-byte IPv4/IPv6
#                datagrams, every fragment kept, none of other ports; tcp:
#                --tcp keeps every segment; tail-sig{int,term,hup}: a burst,
#                then the signal 200/100/50 ms later; limits (-c, -a, -s),
#                promisc, live-count, verbose
#   rotation.sh  rotate-size, rotate-time, with -W (-ring), user (-Z): every
#                packet once, in order; names; mode 0600
#   errors.sh    every bad input and failure: exit code and message
#   output.sh    mode, default-name, stdout, read (-r), formats, cli
#   extcap.sh    the extcap protocol, directly and through tshark
# shellcheck source-path=SCRIPTDIR
# Cases are called as "case_$name" and helpers run in bash -c '...' strings:
# shellcheck disable=SC2317,SC2016
set -uo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

UDPCAP=
UC_UDPSEND=
PCAPHEX=

# Cases that need neither root nor namespaces (as root they still get them).
NO_NETNS_CASES="usage-errors read-errors extcap-cli"
ALL_CASES="set ports fragments tcp tail-sigint tail-sigterm tail-sighup
 rotate-size rotate-size-ring rotate-time rotate-time-ring user limits
 promisc live-count verbose
 usage-errors iface-errors filter-errors output-errors permission disk-full
 read-errors runtime-error mode default-name stdout read formats cli
 extcap-cli extcap-capture extcap-tshark"

case_name=
while [ $# -gt 0 ]; do
    case $1 in
        --udpcap) UDPCAP=$2; shift 2 ;;
        --udpsend) UC_UDPSEND=$2; shift 2 ;;
        --pcaphex) PCAPHEX=$2; shift 2 ;;
        --list) echo "$ALL_CASES" | tr ' ' '\n' | sed '/^$/d'; exit 0 ;;
        -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) case_name=$1; shift ;;
    esac
done
[ -n "$case_name" ] || { echo "run.sh: which case? (--list)" >&2; exit 2; }
grep -qw -- "$case_name" <<<"$ALL_CASES" || { echo "run.sh: no case '$case_name'" >&2; exit 2; }
for v in UDPCAP UC_UDPSEND PCAPHEX; do
    [ -x "${!v}" ] || { echo "run.sh: --${v,,} '${!v}' is not an executable (build first)" >&2; exit 2; }
done
UDPCAP=$(readlink -f "$UDPCAP")
UC_UDPSEND=$(readlink -f "$UC_UDPSEND")
PCAPHEX=$(readlink -f "$PCAPHEX")
if ! command -v tshark >/dev/null || ! command -v capinfos >/dev/null; then
    echo "run.sh: needs tshark and capinfos" >&2
    exit 2
fi

# ---------------------------------------------------------------- helpers

T=  # scratch dir of this run (UC_TMP)

# start_b NAME ARG...: udpcap in namespace B in the background (TZ=UTC, in
# the folder $SB_CWD (default: the scratch dir) with umask $SB_UMASK
# (default 022)); stdout/stderr in $T/NAME.out and $T/NAME.err; PID in UC_PID.
start_b() {
    local name=$1
    shift
    uc_bg "$T/$name.out" "$T/$name.err" bash -c 'umask "$1" && cd "$2" && shift 2 && exec "$@"' _ \
        "${SB_UMASK:-022}" "${SB_CWD:-$T}" ip netns exec "$UC_NSB" env TZ=UTC "$UDPCAP" "$@"
}

# stop_ok NAME PID SIG: stop a capture, FAIL unless it exits 0
stop_ok() {
    local name=$1 pid=$2 sig=${3:-INT}
    uc_stop "$pid" "$sig" 10
    if [ "$UC_RC" != 0 ]; then
        uc_fail "$name: udpcap exited $UC_RC after SIG$sig (expected 0); stderr:"
        uc_show "$T/$name.err"
        return 1
    fi
}

# check_datagrams WHAT EXPECTED FILE...: the UDP datagrams in FILE(s) are
# exactly the lines of EXPECTED
check_datagrams() {
    local what=$1 exp=$2 act
    shift 2
    UC_NCMP=$((${UC_NCMP:-0} + 1))
    act=$T/cmp.$UC_NCMP.actual
    sort -o "$exp.sorted" "$exp"
    uc_datagrams "$@" >"$act"
    uc_compare "$what" "$exp.sorted" "$act"
}

# check_count WHAT FILE N: FILE holds exactly N records
check_count() {
    local n
    n=$(uc_npackets "$2")
    if [ "$n" = "$3" ]; then
        uc_note "$1: $n packets in the file"
    else
        uc_fail "$1: $2 holds ${n:-no readable} packets, expected $3"
        uc_tshark -n -r "$2" -o ip.defragment:FALSE -o ipv6.defragment:FALSE >"$T/list.txt" 2>&1
        uc_show "$T/list.txt" 30
    fi
}

# check_readable WHAT FILE: tshark reads FILE to the end without complaint
check_readable() {
    local rc
    uc_tshark -n -r "$2" >/dev/null 2>"$T/tshark.err"
    rc=$?
    grep -v 'Running as user' "$T/tshark.err" >"$T/tshark.err2"
    if [ "$rc" != 0 ] || [ -s "$T/tshark.err2" ]; then
        uc_fail "$1: tshark -r $2 exited $rc; it said:"
        uc_show "$T/tshark.err2"
        return 1
    fi
    if ! "$PCAPHEX" "$2" >/dev/null 2>"$T/pcaphex.err"; then
        uc_fail "$1: libpcap cannot read $2 to its end: $(cat "$T/pcaphex.err")"
        return 1
    fi
    uc_note "$1: tshark and libpcap read the file to its end"
}

# check_mode WHAT FILE: mode 0600
check_mode() {
    local m
    m=$(stat -c %a "$2")
    if [ "$m" = 600 ]; then
        uc_note "$1: mode 0600"
    else
        uc_fail "$1: $2 has mode $m, expected 600"
    fi
}

# check_summary WHAT ERRFILE PACKETS [PATH]: udpcap's summary line on stderr
# says PACKETS written (to PATH) and 0 kernel drops
check_summary() {
    local s
    s=$(uc_summary "$2")
    if [ -z "$s" ]; then
        uc_fail "$1: no summary line 'udpcap: N packets written to FILE; kernel dropped N, interface dropped N' on stderr:"
        uc_show "$2"
        return 1
    fi
    read -r sp sf sk _ <<<"$s"
    [ "$sp" = "$3" ] || uc_fail "$1: summary says $sp packets written, expected $3 ($s)"
    [ -z "${4:-}" ] || [ "$sf" = "$4" ] || uc_fail "$1: summary names file '$sf', expected '$4'"
    [ "$sk" = 0 ] || uc_fail "$1: summary reports $sk kernel drops for a small test load"
    uc_note "$1: summary line: $(grep 'packets written to' "$2" | tail -n 1)"
}

# run_fg NAME SECS CMD...: run CMD in the foreground with a time limit;
# stdout/stderr to $T/NAME.out/.err; UC_RC = exit status (124 = timeout)
run_fg() {
    local name=$1 secs=$2
    shift 2
    timeout -k 2 "$secs" env --default-signal=INT,TERM,HUP "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null
    UC_RC=$?
}

# expect_error NAME RC PATTERN... -- UDPCAP-ARG...: udpcap (in namespace B
# when there is one) exits RC with one line "udpcap: <what>: <detail>" on
# stderr (warnings aside) that matches every extended regex PATTERN
expect_error() {
    local name=$1 want=$2 pats=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        pats+=("$1")
        shift
    done
    shift
    if [ -n "$UC_NSB" ]; then
        run_fg "$name" 8 ip netns exec "$UC_NSB" "$UDPCAP" "$@"
    else
        run_fg "$name" 8 "$UDPCAP" "$@"
    fi
    check_error_output "$name" "$want" "udpcap $*" "${pats[@]}"
}

# check_error_output NAME RC CMDTEXT PATTERN...: judge $T/NAME.err and UC_RC
check_error_output() {
    local name=$1 want=$2 cmd=$3 p ok=1
    shift 3
    grep -v '^udpcap: warning: ' "$T/$name.err" >"$T/$name.msg"
    if [ "$UC_RC" != "$want" ]; then
        uc_fail "$name: '$cmd' exited $UC_RC, expected $want; stderr:"
        uc_show "$T/$name.err" 5
        return 1
    fi
    if [ "$(wc -l <"$T/$name.msg")" != 1 ] || ! grep -Eq '^udpcap: [^:]+: .+' "$T/$name.msg"; then
        uc_fail "$name: '$cmd': stderr is not one line 'udpcap: <what is wrong>: <detail>':"
        uc_show "$T/$name.err" 5
        ok=0
    fi
    for p in "$@"; do
        if ! grep -Eiq -- "$p" "$T/$name.msg"; then
            uc_fail "$name: '$cmd': the message does not match /$p/: $(head -c 300 "$T/$name.msg")"
            ok=0
        fi
    done
    [ "$ok" = 1 ] && uc_note "$name: exit $want, $(head -c 200 "$T/$name.msg")"
}

# ready PID...: uc_ready for each; returns 1 if one failed
ready() {
    local p r=0
    for p in "$@"; do
        uc_ready "$p" 0 || r=1
    done
    sleep 0.5
    return "$r"
}

# frag_list FILE: one line per frame, fragments not reassembled (diagnostics)
frag_list() {
    uc_tshark -n -r "$1" -o ip.defragment:FALSE -o ipv6.defragment:FALSE -T fields -e frame.number \
        -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e ip.id -e ip.frag_offset -e ipv6.fragment.id \
        -e ipv6.fragment.offset -e udp.dstport 2>/dev/null
}

# ns_pid PATTERN: the PID of a udpcap process in namespace B whose command
# line contains PATTERN (empty if none)
ns_pid() {
    local x
    for x in $(ip netns pids "$UC_NSB" 2>/dev/null); do
        if tr '\0' ' ' <"/proc/$x/cmdline" 2>/dev/null | grep -qF -- "$1" &&
            [[ $(readlink "/proc/$x/exe" 2>/dev/null) == */udpcap ]]; then
            echo "$x"
            return
        fi
    done
}

# ---------------------------------------------------------------- cases

for f in "$here"/cases/*.sh; do
    # shellcheck source=/dev/null
    . "$f"
done

# ---------------------------------------------------------------- main

[ "$(id -u)" != 0 ] || uc_sweep uctest
if grep -qw -- "$case_name" <<<"$NO_NETNS_CASES"; then
    # These only check messages; as root they still run in a namespace of
    # their own, so that a wrongly accepted value cannot capture on the host.
    uc_init "uctest$$"
    if (uc_need_root_netns) >/dev/null 2>&1; then
        uc_netns_up
    else
        UC_NSB=
    fi
else
    uc_need_root_netns
    uc_init "uctest$$"
    uc_netns_up
fi
T=$UC_TMP
echo "case $case_name (udpcap: $UDPCAP)"
"case_$case_name"
uc_finish
