#!/bin/bash
# Record the scripted samples: for every scenario samples/scripted/NAME.txt,
# ipmsg-peer plays its hosts, each in its own network namespace on one
# bridged link, while udpcap records the link into samples/NAME.pcap.
#
#   record-scripted.sh [--build DIR] [--out DIR | --check] [NAME...]
#       --build DIR  the build tree with ipmsg-peer, udpcap and the plugin
#                    (default build)
#       --out DIR    write the captures there (default: samples/)
#       --check      record into a temporary folder and check that the new
#                    captures decode exactly as the committed ones
#                    (tests/replay/run.sh --samples): the test samples.rerecord
#       NAME...      only these scenarios (default: all)
#
# Needs root (namespaces, capture) and ethtool.  Nothing leaves the
# namespaces made here: hosts have only their link to the bridge, no route
# beyond it; every process started is ended by PID and the namespaces are
# deleted on exit.  Recording again gives the same packets: only the
# timestamps, IP identifications, TCP sequence numbers and checksums,
# which the kernel chooses, differ (the replay test's --samples option
# checks that the decode is the same).
#
# Exit status: 0 recorded, 1 failed, 2 usage, 77 not root / no namespaces.
# shellcheck source-path=SCRIPTDIR
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build=$repo/build
out=$here
check=0
names=()
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --check) check=1; shift ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        -*) echo "record-scripted.sh: unknown option $1" >&2; exit 2 ;;
        *) names+=("$1"); shift ;;
    esac
done
build=$(cd "$build" && pwd) || exit 2
# uc_has_packet_socket: udpcap has its capture open (shared with the capture tests)
# shellcheck source=../tests/capture/lib.sh
. "$repo/tests/capture/lib.sh"
peer=$build/samples/ipmsg-peer
udpcap=$build/capture/udpcap
for f in "$peer" "$udpcap"; do
    [ -x "$f" ] || { echo "record-scripted.sh: $f is missing; build first" >&2; exit 2; }
done
if [ "$(id -u)" != 0 ]; then
    echo "record-scripted.sh: SKIP: needs root (network namespaces, packet capture)"
    exit 77
fi
command -v ethtool >/dev/null || { echo "record-scripted.sh: needs ethtool (apt-get install ethtool)" >&2; exit 1; }
if [ ${#names[@]} -eq 0 ]; then
    for f in "$here"/scripted/*.txt; do
        names+=("$(basename "$f" .txt)")
    done
fi
if [ "$check" = 1 ]; then
    out=$(mktemp -d /tmp/ipmsg-rerecord.XXXXXX) || exit 1
fi
mkdir -p "$out"

prefix=ipmp$$
namespaces=()
pids=()

cleanup() {
    local pid ns
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    for ns in "${namespaces[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do
            kill -KILL "$pid" 2>/dev/null
        done
        ip netns del "$ns" 2>/dev/null
    done
    namespaces=()
    pids=()
}
trap 'cleanup; [ "$check" = 1 ] && rm -rf "$out"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Offloads off, so that the capture holds the frames as they would be on
# a wire: segmented TCP, computed checksums.
no_offload() {
    ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
}

# topology SCENARIO: a switch namespace with bridge br0, one namespace per
# host that is on, MAC 02:00:00:00:00:<index>, static neighbours (no ARP or
# ND on the link, and packets to a host that is off still leave).
topology() {
    local scenario=$1 sw=${prefix}sw i=0 name addr state ns mac
    local -a hn=() ha=() hs=()
    while read -r name addr state; do
        hn+=("$name"); ha+=("$addr"); hs+=("$state")
    done < <("$peer" --hosts "$scenario") || return 1
    [ ${#hn[@]} -gt 0 ] || { echo "record-scripted.sh: $scenario declares no hosts" >&2; return 1; }
    ip netns add "$sw" || return 1
    namespaces+=("$sw")
    # No multicast snooping: the IPv6 group ff15::979 is flooded like a broadcast
    ip -n "$sw" link add br0 type bridge mcast_snooping 0 || return 1
    ip -n "$sw" link set br0 up
    for i in "${!hn[@]}"; do
        [ "${hs[$i]}" = on ] || continue
        ns=$prefix${hn[$i]}
        mac=$(printf '02:00:00:00:00:%02x' $((i + 1)))
        ip netns add "$ns" || return 1
        namespaces+=("$ns")
        ip link add eth0 netns "$ns" address "$mac" type veth peer name "p$i" netns "$sw" || return 1
        ip -n "$ns" link set lo up
        if [[ ${ha[$i]} == *:* ]]; then
            # no link-local address: it would become the source of multicasts
            ip -n "$ns" link set eth0 addrgenmode none
            ip -n "$ns" addr add "${ha[$i]}" dev eth0 nodad
        else
            ip -n "$ns" addr add "${ha[$i]}" brd + dev eth0
        fi
        no_offload "$ns" eth0
        no_offload "$sw" "p$i"
        ip -n "$sw" link set "p$i" master br0 up
        ip -n "$ns" link set eth0 up
        # iptux also sends to 255.255.255.255: without this route, ENETUNREACH
        [[ ${ha[$i]} == *:* ]] ||
            ip -n "$ns" route add broadcast 255.255.255.255 dev eth0 scope link table local
    done
    no_offload "$sw" br0
    for i in "${!hn[@]}"; do
        [ "${hs[$i]}" = on ] || continue
        ns=$prefix${hn[$i]}
        local k
        for k in "${!hn[@]}"; do
            [ "$k" = "$i" ] && continue
            ip -n "$ns" neigh replace "${ha[$k]%/*}" lladdr "$(printf '02:00:00:00:00:%02x' $((k + 1)))" \
                dev eth0 nud permanent 2>/dev/null
        done
    done
    # Every link up and, for IPv6, its address usable (bounded), then a
    # moment for the bridge ports to forward.
    local ready
    for _ in $(seq 100); do
        ready=1
        ip -n "$sw" -br link show | grep -v '^lo ' | grep -q 'DOWN' && ready=0
        for i in "${!hn[@]}"; do
            [ "${hs[$i]}" = on ] || continue
            ns=$prefix${hn[$i]}
            ip -n "$ns" -br link show eth0 | grep -q ' UP ' || ready=0
            if [[ ${ha[$i]} == *:* ]]; then
                ip -n "$ns" -6 addr show dev eth0 | grep -q tentative && ready=0
            fi
        done
        [ "$ready" = 1 ] && break
        sleep 0.05
    done
    [ "$ready" = 1 ] || { echo "record-scripted.sh: the links did not come up" >&2; return 1; }
    sleep 0.2
}

record() {
    local name=$1 scenario=$here/scripted/$1.txt pcap=$out/$1.pcap cap_pid rc
    [ -f "$scenario" ] || { echo "record-scripted.sh: no scenario $scenario" >&2; return 1; }
    if ! topology "$scenario"; then
        echo "record-scripted.sh: $name: cannot build the network" >&2
        cleanup
        return 1
    fi
    rm -f "$pcap"
    ip netns exec "${prefix}sw" env --default-signal=INT "$udpcap" -q -i br0 --tcp -p 2425 -F pcap \
        -w "$pcap" </dev/null &
    cap_pid=$!
    pids+=("$cap_pid")
    for _ in $(seq 200); do
        uc_has_packet_socket "$cap_pid" && break
        kill -0 "$cap_pid" 2>/dev/null || break
        sleep 0.05
    done
    uc_has_packet_socket "$cap_pid" || { echo "record-scripted.sh: udpcap did not start" >&2; return 1; }
    sleep 0.3
    timeout 120 "$peer" -n "$prefix" "$scenario"
    rc=$?
    sleep 0.3
    kill -INT "$cap_pid"
    wait "$cap_pid"
    local cap_rc=$?
    cleanup
    if [ "$rc" != 0 ] || [ "$cap_rc" != 0 ]; then
        echo "record-scripted.sh: $name: ipmsg-peer exit $rc, udpcap exit $cap_rc" >&2
        return 1
    fi
    echo "recorded $pcap"
}

status=0
for name in "${names[@]}"; do
    record "$name" || status=1
done
if [ "$check" = 1 ] && [ "$status" = 0 ]; then
    chmod 755 "$out"
    chmod 644 "$out"/*.pcap
    "$repo/tests/replay/run.sh" --plugin-dir "$build/plugins" --samples "$out" "${names[@]}" || status=1
fi
exit $status
