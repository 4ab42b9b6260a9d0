# shellcheck shell=bash
# Helpers for the udpcap integration tests (tests/capture/run.sh) and the
# benchmark (bench/capture.sh).  Source this file.
#
# Network safety: traffic only goes to addresses inside the two network
# namespaces made here (10.99.0.0/24, fd99::/64 on a veth pair) or to
# loopback; udpsend refuses anything else.  Every process started here is
# recorded and ended by its PID on exit; the namespaces are deleted.
#
#   uc_init PREFIX          scratch dir, cleanup trap; PREFIX names the
#                           namespaces (e.g. uctest<PID>)
#   uc_sweep BASE           remove namespaces and scratch dirs of earlier
#                           runs (BASE<PID>...) whose PID is gone
#   uc_netns_up             namespaces $UC_NSA (sender, vethA 10.99.0.1,
#                           fd99::1) and $UC_NSB (capture, vethB 10.99.0.2,
#                           fd99::2), static neighbours, both links up
#   uc_in_a CMD... / uc_in_b CMD...   run CMD in that namespace
#   uc_bg OUT ERR CMD...    start CMD in the background (stdout to OUT,
#                           stderr to ERR), record its PID in UC_PID/UC_PIDS;
#                           SIGINT/TERM/HUP are set back to their defaults
#                           (a background job of a script ignores SIGINT)
#   uc_ready PID            wait until PID has a packet socket, then settle
#   uc_alive PID            true while PID runs (not a zombie)
#   uc_wait PID SECS        wait for PID to end; UC_RC = its exit status, or
#                           "timeout" (PID killed) after SECS
#   uc_stop PID SIG [SECS]  send SIG, then uc_wait
#   uc_tshark ARG...        the system tshark with a private, empty
#                           configuration (no user preferences)
#   uc_datagrams FILE...    "SRC DST SPORT DPORT PAYLOAD-HEX" of every UDP
#                           datagram (fragments reassembled), sorted; also
#                           ICMP errors quoting one (their two addresses
#                           show as "A,B"), unless UC_DFILTER (a display
#                           filter, default "udp") says otherwise
#   uc_npackets FILE        number of records in FILE (capinfos)
#   uc_summary ERRFILE      the numbers of udpcap's summary line:
#                           "PACKETS FILE KERNEL IFACE" (empty if absent)
#   uc_send EXPECT SRC DST DPORT SPORT [udpsend options]
#                           send from namespace A; append what was sent, in
#                           uc_datagrams' format, to EXPECT ("-": not kept)
#   uc_compare WHAT EXPECTED ACTUAL   sorted datagram lists must be equal;
#                           a FAIL lists what is missing and what is extra
#
# Results: uc_fail records a failure and goes on; uc_finish prints PASS or
# FAIL and exits 0 or 1.  uc_skip exits 77 (ctest SKIP_RETURN_CODE).

# The UC_* variables are read by the scripts that source this file.
# shellcheck disable=SC2034
UC_TMP=
UC_NSA=
UC_NSB=
UC_PID=
UC_PIDS=()
UC_RC=
UC_FAILS=0
UC_NETNS=()

uc_skip() {
    echo "SKIP: $*"
    exit 77
}

uc_die() {
    echo "ERROR: $*" >&2
    exit 2
}

uc_fail() {
    echo "FAIL: $*"
    UC_FAILS=$((UC_FAILS + 1))
}

uc_note() {
    echo "  $*"
}

uc_finish() {
    if [ "$UC_FAILS" -eq 0 ]; then
        echo "PASS"
        exit 0
    fi
    echo "FAILED: $UC_FAILS check(s)"
    exit 1
}

# uc_show FILE [N]: print up to N (default 20) lines of FILE, indented
uc_show() {
    [ -s "$1" ] || { echo "    (empty)"; return; }
    head -n "${2:-20}" "$1" | cut -c1-200 | sed 's/^/    | /'
    local n
    n=$(wc -l <"$1")
    [ "$n" -le "${2:-20}" ] || echo "    | ... ($n lines)"
}

uc_cleanup() {
    local pid ns i
    for pid in "${UC_PIDS[@]}"; do
        if uc_alive "$pid"; then
            kill -TERM "$pid" 2>/dev/null
        fi
    done
    for pid in "${UC_PIDS[@]}"; do
        for i in 1 2 3 4 5 6 7 8 9 10; do
            uc_alive "$pid" || break
            sleep 0.1
        done
        uc_alive "$pid" && kill -KILL "$pid" 2>/dev/null
    done
    # Anything still inside our own namespaces (started by a process of ours).
    for ns in "${UC_NETNS[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill -KILL "$pid" 2>/dev/null
        done
    done
    for ns in "${UC_NETNS[@]}"; do
        ip netns del "$ns" 2>/dev/null
    done
    UC_NETNS=()
    if [ -n "$UC_TMP" ] && [ -d "$UC_TMP" ]; then
        if [ -n "${UC_KEEP:-}" ]; then
            echo "kept $UC_TMP"
        else
            rm -rf "$UC_TMP"
        fi
    fi
}

# uc_need_root_netns: skip (exit 77) unless we may create namespaces.
uc_need_root_netns() {
    [ "$(id -u)" = 0 ] || uc_skip "needs root (network namespaces, packet capture)"
    command -v ip >/dev/null || uc_skip "needs ip (iproute2)"
    local probe=uc_probe$$_$RANDOM
    ip netns add "$probe" 2>/dev/null || uc_skip "cannot create a network namespace (ip netns add)"
    ip netns del "$probe"
}

# uc_sweep BASE: remove what an earlier run that was killed (e.g. by a ctest
# timeout, SIGKILL: no trap ran) left behind: namespaces BASE<PID>a/b and
# scratch dirs /tmp/BASE<PID>.* of a PID that no longer runs.
uc_sweep() {
    local base=$1 ns pid x d
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
        [[ $ns =~ ^${base}([0-9]+)[ab]$ ]] || continue
        pid=${BASH_REMATCH[1]}
        uc_alive "$pid" && continue
        for x in $(ip netns pids "$ns" 2>/dev/null); do
            kill -KILL "$x" 2>/dev/null
        done
        ip netns del "$ns" 2>/dev/null && echo "removed namespace $ns left by an earlier run"
    done
    for d in /tmp/"$base"[0-9]*.*; do
        [ -d "$d" ] || continue
        pid=${d#/tmp/"$base"}
        pid=${pid%%.*}
        [[ $pid =~ ^[0-9]+$ ]] || continue
        uc_alive "$pid" || rm -rf "$d"
    done
}

uc_init() {
    local prefix=$1
    UC_NSA=${prefix}a
    UC_NSB=${prefix}b
    # /tmp, not $TMPDIR: user nobody must reach some files (permission and
    # extcap cases).
    UC_TMP=$(mktemp -d "/tmp/$prefix.XXXXXX") || uc_die "mktemp failed"
    chmod 755 "$UC_TMP"
    mkdir -p "$UC_TMP/ws/config" "$UC_TMP/ws/home"
    trap uc_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
}

uc_netns_up() {
    local a=$UC_NSA b=$UC_NSB mac_a mac_b
    ip netns add "$a" || uc_die "ip netns add $a"
    UC_NETNS+=("$a")
    ip netns add "$b" || uc_die "ip netns add $b"
    UC_NETNS+=("$b")
    ip link add vethA netns "$a" type veth peer name vethB netns "$b" || uc_die "ip link add veth"
    ip -n "$a" addr add 10.99.0.1/24 brd + dev vethA
    ip -n "$b" addr add 10.99.0.2/24 brd + dev vethB
    ip -n "$a" addr add fd99::1/64 dev vethA nodad
    ip -n "$b" addr add fd99::2/64 dev vethB nodad
    ip -n "$a" link set lo up
    ip -n "$b" link set lo up
    ip -n "$a" link set vethA up
    ip -n "$b" link set vethB up
    # No ARP/ND on the wire during a test: a burst sent before the neighbour
    # is resolved would be dropped in the sender's queue.
    mac_a=$(ip -n "$a" -br link show vethA | awk '{print $3}')
    mac_b=$(ip -n "$b" -br link show vethB | awk '{print $3}')
    ip -n "$a" neigh replace 10.99.0.2 lladdr "$mac_b" dev vethA nud permanent
    ip -n "$a" neigh replace fd99::2 lladdr "$mac_b" dev vethA nud permanent
    ip -n "$b" neigh replace 10.99.0.1 lladdr "$mac_a" dev vethB nud permanent
    ip -n "$b" neigh replace fd99::1 lladdr "$mac_a" dev vethB nud permanent
    for _ in $(seq 50); do
        ip -n "$b" -br link show vethB | grep -q ' UP ' && ip -n "$a" -br link show vethA | grep -q ' UP ' && return 0
        sleep 0.05
    done
    uc_die "veth pair did not come up"
}

uc_in_a() { ip netns exec "$UC_NSA" "$@"; }
uc_in_b() { ip netns exec "$UC_NSB" "$@"; }

uc_bg() {
    local out=$1 err=$2
    shift 2
    env --default-signal=INT,TERM,HUP,PIPE "$@" >"$out" 2>"$err" </dev/null &
    UC_PID=$!
    UC_PIDS+=("$UC_PID")
}

uc_alive() {
    local st
    [ -r "/proc/$1/stat" ] || return 1
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
    [ -n "$st" ] && [ "$st" != Z ]
}

# uc_has_packet_socket PID: PID holds an AF_PACKET socket
uc_has_packet_socket() {
    local pid=$1 inodes fd
    inodes=$(awk 'NR > 1 {print $9}' "/proc/$pid/net/packet" 2>/dev/null) || return 1
    [ -n "$inodes" ] || return 1
    for fd in $(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n'); do
        grep -qx "$fd" <<<"$inodes" && return 0
    done
    return 1
}

# uc_ready PID [SETTLE]: wait (at most 10 s) until PID captures, then SETTLE
# seconds more (default 0.5) for the filter and the output file.  Returns 1
# (after a FAIL line) when PID died or never opened a packet socket.
uc_ready() {
    local pid=$1 settle=${2:-0.5}
    for _ in $(seq 200); do
        if ! uc_alive "$pid"; then
            uc_fail "process $pid ended before it started capturing"
            return 1
        fi
        if uc_has_packet_socket "$pid"; then
            sleep "$settle"
            uc_alive "$pid" && return 0
            uc_fail "process $pid ended right after it started capturing"
            return 1
        fi
        sleep 0.05
    done
    uc_fail "process $pid opened no packet socket within 10 s"
    return 1
}

uc_wait() {
    local pid=$1 secs=${2:-10} n
    n=$(awk -v s="$secs" 'BEGIN {print int(s * 20)}')
    while [ "$n" -gt 0 ] && uc_alive "$pid"; do
        sleep 0.05
        n=$((n - 1))
    done
    if uc_alive "$pid"; then
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        UC_RC=timeout
        return 1
    fi
    wait "$pid" 2>/dev/null
    # shellcheck disable=SC2034  # read by the callers
    UC_RC=$?
    return 0
}

uc_stop() {
    local pid=$1 sig=$2 secs=${3:-10}
    kill -s "$sig" "$pid" 2>/dev/null
    uc_wait "$pid" "$secs"
}

uc_tshark() {
    env HOME="$UC_TMP/ws/home" XDG_CONFIG_HOME="$UC_TMP/ws/home/.config" \
        WIRESHARK_CONFIG_DIR="$UC_TMP/ws/config" LC_ALL=C.UTF-8 TZ=UTC tshark "$@"
}

uc_datagrams() {
    local f
    for f in "$@"; do
        uc_tshark -n -r "$f" -o ip.defragment:TRUE -o ipv6.defragment:TRUE -Y "${UC_DFILTER:-udp}" \
            -T fields -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e udp.srcport -e udp.dstport \
            -e udp.payload 2>/dev/null |
            awk -F'\t' '{print $1 $2, $3 $4, $5, $6, $7}'
    done | sort
}

uc_npackets() {
    capinfos -M -c "$1" 2>/dev/null | awk -F': *' '/Number of packets/ {print $2}'
}

uc_summary() {
    sed -n 's/^udpcap: \([0-9][0-9]*\) packets written to \(.*\); kernel dropped \([0-9][0-9]*\), interface dropped \([0-9][0-9]*\)$/\1 \2 \3 \4/p' "$1" | tail -n 1
}

# uc_send EXPECT SRC DST DPORT SPORT [udpsend options]: send from namespace A
# and append the datagrams' "SRC DST SPORT DPORT HEX" lines to EXPECT
# (a file; "-" = do not record).  A sender failure is a FAIL.
uc_send() {
    local expect=$1 src=$2 dst=$3 dport=$4 sport=$5 log
    shift 5
    log=$UC_TMP/send.$$.$RANDOM.hex
    if ! uc_in_a "$UC_UDPSEND" -T 30 -S "$sport" -x "$log" "$@" "$dst" "$dport" >/dev/null 2>"$log.err"; then
        uc_fail "udpsend $* $dst $dport failed: $(tr '\n' ' ' <"$log.err")"
    fi
    if [ "$expect" != - ]; then
        [ -f "$log" ] && sed "s/^/$src $dst $sport $dport /" "$log" >>"$expect"
    fi
    rm -f "$log" "$log.err"
}

# uc_compare WHAT EXPECTED ACTUAL: both sorted; FAIL with the differences
uc_compare() {
    local what=$1 exp=$2 act=$3 missing extra
    if cmp -s "$exp" "$act"; then
        uc_note "$what: $(wc -l <"$exp") datagram(s), exactly as sent"
        return 0
    fi
    missing=$(comm -23 "$exp" "$act" | wc -l)
    extra=$(comm -13 "$exp" "$act" | wc -l)
    uc_fail "$what: expected $(wc -l <"$exp") datagram(s), file has $(wc -l <"$act"); $missing missing, $extra unexpected (incl. duplicates)"
    comm -23 "$exp" "$act" >"$act.missing"
    comm -13 "$exp" "$act" >"$act.extra"
    [ "$missing" -eq 0 ] || { echo "  missing (SRC DST SPORT DPORT PAYLOAD):"; uc_show "$act.missing" 10; }
    [ "$extra" -eq 0 ] || { echo "  unexpected:"; uc_show "$act.extra" 10; }
    return 1
}
