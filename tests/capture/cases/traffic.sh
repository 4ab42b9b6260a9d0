# shellcheck shell=bash
# udpcap cases: which packets are kept (ports, IPv6, broadcast, fragments,
# TCP), stopping by signal, -c/-a/-s, promiscuous mode, live count, -v.
# Sourced by run.sh, which defines the helpers and the variables used here
# (T, UDPCAP, UC_NSA/UC_NSB, ...).
# Variables and functions come from run.sh and lib.sh:
# shellcheck disable=SC2317,SC2016,SC2034,SC2153,SC2154

# Port 2425 (as destination or source), IPv4 and IPv6, broadcast: kept;
# other ports (also 24250 and 2424/2426 next to it): not.
case_set() {
    local E=$T/set.exp pid
    : >"$E"
    start_b set -i vethB -w "$T/set.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40001 -n 20 -s 64 -t v4
    uc_send "$E" 10.99.0.1 10.99.0.2 40002 2425 -n 3 -s 100 -t from2425
    uc_send "$E" fd99::1 fd99::2 2425 40003 -n 10 -s 200 -t v6
    uc_send "$E" 10.99.0.1 10.99.0.255 2425 40004 -n 5 -s 64 -b -t bcast
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40005 -n 3 -s 1400 -t big
    uc_send - 10.99.0.1 10.99.0.2 2424 40010 -n 5 -t p2424
    uc_send - 10.99.0.1 10.99.0.2 2426 40011 -n 5 -t p2426
    uc_send - 10.99.0.1 10.99.0.2 24250 40012 -n 5 -t p24250
    uc_send - fd99::1 fd99::2 2426 40013 -n 5 -t v6p2426
    uc_send - 10.99.0.1 10.99.0.255 2426 40014 -n 5 -b -t bcast2426
    uc_send - 10.99.0.1 10.99.0.2 53 40015 -n 5 -t p53
    sleep 0.3
    stop_ok set "$pid" INT || return
    check_datagrams set "$E" "$T/set.pcapng"
    check_count set "$T/set.pcapng" "$(wc -l <"$E")"
    check_readable set "$T/set.pcapng"
    check_mode set "$T/set.pcapng"
    check_summary set "$T/set.err" "$(wc -l <"$E")" "$T/set.pcapng"
}

# -p with a range and a second port; a second capture with one port.
case_ports() {
    local E1=$T/p1.exp E2=$T/p2.exp p1 p2 port
    : >"$E1"; : >"$E2"
    start_b p1 -i vethB -p 2425-2427 -p 2500 -w "$T/p1.pcapng"
    p1=$UC_PID
    start_b p2 -i vethB --port 2426 -w "$T/p2.pcapng"
    p2=$UC_PID
    ready "$p1" "$p2" || return
    for port in 2424 2425 2426 2427 2428 2499 2500 2501; do
        case $port in
            2425|2427|2500) uc_send "$E1" 10.99.0.1 10.99.0.2 "$port" 40020 -n 3 -t "p$port" ;;
            2426) uc_send "$E1" 10.99.0.1 10.99.0.2 "$port" 40020 -n 3 -t "p$port"
                  grep " 2426 " "$E1" >"$E2" ;;
            *) uc_send - 10.99.0.1 10.99.0.2 "$port" 40020 -n 3 -t "p$port" ;;
        esac
    done
    sleep 0.3
    stop_ok p1 "$p1" INT
    stop_ok p2 "$p2" INT
    check_datagrams "-p 2425-2427 -p 2500" "$E1" "$T/p1.pcapng"
    check_datagrams "--port 2426" "$E2" "$T/p2.pcapng"
}

# 5000-byte datagrams over a 1500-byte MTU: 4 fragments each, IPv4 and IPv6.
# Those to 2425 are kept whole; one to 2426 leaves no fragment in the file.
case_fragments() {
    local E=$T/frag.exp pid
    : >"$E"
    start_b frag -i vethB -w "$T/frag.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40030 -n 2 -s 5000 -t frag4
    uc_send - 10.99.0.1 10.99.0.2 2426 40031 -n 1 -s 5000 -t frag4other
    uc_send "$E" fd99::1 fd99::2 2425 40032 -n 2 -s 5000 -t frag6
    uc_send - fd99::1 fd99::2 2426 40033 -n 1 -s 5000 -t frag6other
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40034 -n 1 -s 64 -t small
    uc_send - 10.99.0.1 10.99.0.2 2426 40035 -n 1 -s 3000 -t frag4other2
    sleep 0.3
    stop_ok frag "$pid" INT || return
    check_datagrams fragments "$E" "$T/frag.pcapng"
    # 2 x 4 (IPv4) + 2 x 4 (IPv6) + 1
    check_count fragments "$T/frag.pcapng" 17
    frag_list "$T/frag.pcapng" >"$T/frag.frames"
    if awk -F'\t' '$10 != "" && $10 != 2425' "$T/frag.frames" | grep -q .; then
        uc_fail "fragments: frames of datagrams to another port are in the file:"
        awk -F'\t' '$10 != "" && $10 != 2425' "$T/frag.frames" >"$T/frag.other"
        uc_show "$T/frag.other"
    fi
    check_readable fragments "$T/frag.pcapng"
}

# --tcp keeps a whole TCP exchange on the port (every segment sent by either
# side, counted by the namespaces' own TCP counters); without it, no TCP.
tcp_segments() {
    ip netns exec "$1" cat /proc/net/snmp | awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) n[$i] = i; h = 1 } else print $n["OutSegs"] + $n["RetransSegs"] }'
}
case_tcp() {
    local E=$T/tcp.exp lp t1 t2 i a0 b0 a1 b1 nseg
    : >"$E"
    uc_bg "$T/listen.out" "$T/listen.err" ip netns exec "$UC_NSB" "$UC_UDPSEND" --tcp-listen -T 20 10.99.0.2 2425
    lp=$UC_PID
    for i in $(seq 100); do grep -q listening "$T/listen.out" && break; sleep 0.05; done
    start_b tcp --tcp -i vethB -w "$T/tcp.pcapng"
    t1=$UC_PID
    start_b notcp -i vethB -w "$T/notcp.pcapng"
    t2=$UC_PID
    ready "$t1" "$t2" || return
    a0=$(tcp_segments "$UC_NSA"); b0=$(tcp_segments "$UC_NSB")
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40040 -n 2 -t udp
    if ! uc_in_a "$UC_UDPSEND" --tcp -T 20 -S 40041 -n 3 -s 300 -t tcp -x "$T/tcp.hex" 10.99.0.2 2425 >/dev/null 2>"$T/client.err"; then
        uc_fail "tcp: the TCP client failed: $(cat "$T/client.err")"
    fi
    uc_wait "$lp" 5
    sleep 0.3
    a1=$(tcp_segments "$UC_NSA"); b1=$(tcp_segments "$UC_NSB")
    nseg=$((a1 - a0 + b1 - b0))
    stop_ok tcp "$t1" INT
    stop_ok notcp "$t2" INT
    check_datagrams "tcp: UDP with --tcp" "$E" "$T/tcp.pcapng"
    check_datagrams "tcp: UDP without --tcp" "$E" "$T/notcp.pcapng"
    local ntcp
    ntcp=$(uc_tshark -n -r "$T/notcp.pcapng" -Y tcp 2>/dev/null | wc -l)
    [ "$ntcp" = 0 ] || uc_fail "tcp: without --tcp the file holds $ntcp TCP frames"
    ntcp=$(uc_tshark -n -r "$T/tcp.pcapng" -Y tcp 2>/dev/null | wc -l)
    if [ "$ntcp" = "$nseg" ]; then
        uc_note "tcp: all $nseg TCP segments of the exchange are in the file"
    else
        uc_fail "tcp: the file holds $ntcp TCP frames; the two sides sent $nseg segments"
    fi
    local flags
    flags=$(uc_tshark -n -r "$T/tcp.pcapng" -Y tcp -T fields -e tcp.flags.syn -e tcp.flags.fin 2>/dev/null |
        awk '{s += $1; f += $2} END {print s + 0, f + 0}')
    [ "$flags" = "2 2" ] || uc_fail "tcp: expected 2 SYN and 2 FIN segments, found (SYN FIN) $flags"
    # payload per direction, in order, byte for byte
    local c2s s2c want
    c2s=$(uc_tshark -n -r "$T/tcp.pcapng" -Y 'tcp.len > 0 && tcp.srcport == 40041' -T fields -e tcp.payload 2>/dev/null | tr -d '\n:')
    s2c=$(uc_tshark -n -r "$T/tcp.pcapng" -Y 'tcp.len > 0 && tcp.srcport == 2425' -T fields -e tcp.payload 2>/dev/null | tr -d '\n:')
    want=$(tr -d '\n' <"$T/tcp.hex")
    [ ${#want} = 1800 ] || uc_fail "tcp: harness: the client logged ${#want} hex digits, expected 1800"
    [ "$c2s" = "$want" ] || uc_fail "tcp: client-to-server bytes in the file differ from what was sent (${#c2s} vs ${#want} hex digits)"
    [ "$s2c" = "$want" ] || uc_fail "tcp: server-to-client bytes in the file differ from what was echoed (${#s2c} vs ${#want} hex digits)"
    [ "$c2s" = "$want" ] && [ "$s2c" = "$want" ] && uc_note "tcp: both directions' payload exactly as sent (900 bytes each)"
}

# A burst, 5 late datagrams, the signal DELAY seconds later: nothing lost.
tail_case() {
    local sig=$1 delay=$2 E=$T/tail.exp pid n
    : >"$E"
    start_b tail -i vethB -w "$T/tail.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40050 -n 1000 -s 64 -t burst
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40051 -n 5 -s 64 -q 1000 -t late
    sleep "$delay"
    stop_ok tail "$pid" "$sig" || return
    n=$(wc -l <"$E")
    check_datagrams "SIG$sig ${delay}s after the last datagram" "$E" "$T/tail.pcapng"
    check_count "SIG$sig" "$T/tail.pcapng" "$n"
    check_readable "SIG$sig" "$T/tail.pcapng"
    check_summary "SIG$sig" "$T/tail.err" "$n" "$T/tail.pcapng"
}
case_tail-sigint() { tail_case INT 0.2; }
case_tail-sigterm() { tail_case TERM 0.1; }
case_tail-sighup() { tail_case HUP 0.05; }

# -c N stops after N packets; -a duration:SEC stops after SEC seconds;
# -s N keeps the first N bytes of each packet (and its original length).
case_limits() {
    local E=$T/lim.exp pc pa ps
    : >"$E"
    start_b count -i vethB -c 10 -w "$T/count.pcapng"
    pc=$UC_PID
    start_b dur -i vethB -a duration:2 -w "$T/dur.pcapng"
    pa=$UC_PID
    start_b snap -i vethB -s 120 -w "$T/snap.pcapng"
    ps=$UC_PID
    ready "$pc" "$pa" "$ps" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40080 -n 20 -s 64 -r 1000 -t lim
    cp "$E" "$E.all"
    uc_send "$E.all" 10.99.0.1 10.99.0.2 2425 40081 -n 3 -s 1000 -t limbig
    stop_ok snap "$ps" INT
    # 20 frames of 14+20+8+64 = 106 bytes, whole; 3 of 1042 bytes, cut to 120
    "$PCAPHEX" "$T/snap.pcapng" | awk '{print $3, $4}' | sort | uniq -c | awk '{print $1, $2, $3}' >"$T/snap.lens"
    if [ "$(tr '\n' ';' <"$T/snap.lens")" = "20 106 106;3 120 1042;" ]; then
        uc_note "-s 120: 20 whole 106-byte frames, 3 frames of 1042 bytes cut to 120"
    else
        uc_fail "-s 120: (count caplen len) are $(tr '\n' ';' <"$T/snap.lens"), expected 20 106 106;3 120 1042;"
    fi
    uc_wait "$pc" 5
    [ "$UC_RC" = 0 ] || uc_fail "limits: -c 10 exited $UC_RC (expected 0 by itself after 10 packets): $(cat "$T/count.err")"
    head -n 10 "$E" >"$E.10"
    check_datagrams "-c 10" "$E.10" "$T/count.pcapng"
    uc_wait "$pa" 5
    [ "$UC_RC" = 0 ] || uc_fail "limits: -a duration:2 exited $UC_RC (expected 0 by itself within 5 s): $(cat "$T/dur.err")"
    check_datagrams "-a duration:2" "$E.all" "$T/dur.pcapng"
}

# Promiscuous mode by default (the interface's promiscuity count goes up
# while udpcap runs); --no-promisc leaves it alone.
promiscuity() {
    ip -n "$UC_NSB" -d link show vethB | sed -n 's/.* promiscuity \([0-9]*\) .*/\1/p'
}
case_promisc() {
    local pid n
    n=$(promiscuity)
    [ "$n" = 0 ] || { uc_fail "promisc: harness: vethB starts with promiscuity '$n'"; return; }
    start_b pr1 -i vethB -w "$T/pr1.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    n=$(promiscuity)
    [ "$n" = 1 ] || uc_fail "promisc: while udpcap -i vethB runs, promiscuity is $n, expected 1"
    stop_ok pr1 "$pid" INT
    start_b pr2 -i vethB --no-promisc -w "$T/pr2.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    n=$(promiscuity)
    [ "$n" = 0 ] || uc_fail "promisc: while udpcap --no-promisc runs, promiscuity is $n, expected 0"
    stop_ok pr2 "$pid" INT
    [ "$(promiscuity)" = 0 ] || uc_fail "promisc: promiscuity not back to 0 after udpcap ended"
    uc_note "promisc: on by default, off with --no-promisc"
}

# The live count on a terminal (not with -q, not without a terminal).
case_live-count() {
    local E=$T/lc.exp p1 p2 i
    : >"$E"
    for i in 1 2; do
        local q=
        [ "$i" = 2 ] && q=-q
        uc_bg "$T/lc$i.script.out" "$T/lc$i.script.err" script -q -e -c \
            "ip netns exec $UC_NSB $UDPCAP $q -i vethB -w $T/lc$i.pcapng" "$T/lc$i.tty"
    done
    for i in $(seq 100); do
        p1=$(ns_pid "lc1.pcapng"); p2=$(ns_pid "lc2.pcapng")
        [ -n "$p1" ] && [ -n "$p2" ] && break
        sleep 0.05
    done
    if [ -z "$p1" ] || [ -z "$p2" ]; then
        uc_fail "live-count: udpcap did not start under script(1)"
        return
    fi
    UC_PIDS+=("$p1" "$p2")
    ready "$p1" "$p2" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40085 -n 5 -t live
    sleep 1.5
    kill -INT "$p1" "$p2"
    for i in $(seq 100); do uc_alive "$p1" || uc_alive "$p2" || break; sleep 0.05; done
    sleep 0.3
    tr '\r' '\n' <"$T/lc1.tty" >"$T/lc1.txt"
    tr '\r' '\n' <"$T/lc2.tty" >"$T/lc2.txt"
    if grep -Eq 'packets 5  bytes [0-9]+  drops 0' "$T/lc1.txt"; then
        uc_note "live-count: on a terminal: '$(grep -Eo 'packets 5  bytes [0-9]+  drops 0' "$T/lc1.txt" | tail -n 1)'"
    else
        uc_fail "live-count: no 'packets 5  bytes N  drops 0' on the terminal:"
        uc_show "$T/lc1.txt"
    fi
    if grep -Eq 'packets [0-9]+  bytes' "$T/lc2.txt" || grep -q 'packets written' "$T/lc2.txt"; then
        uc_fail "live-count: -q still shows the live count or the summary:"
        uc_show "$T/lc2.txt"
    fi
    check_datagrams "live-count: the file" "$E" "$T/lc1.pcapng"
}

# -v: one decoded line per IPMsg packet on stderr.
case_verbose() {
    local E=$T/v.exp pid n
    : >"$E"
    start_b verbose -v -i vethB -w "$T/v.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40086 -n 4 -s 80 -t vvvv
    uc_send "$E" fd99::1 fd99::2 2425 40087 -n 2 -s 80 -t vvv6
    sleep 0.3
    stop_ok verbose "$pid" INT || return
    n=$(grep -c 'vvvv' "$T/verbose.err")
    [ "$n" = 4 ] || { uc_fail "verbose: $n lines name user vvvv, expected 4 (one per packet):"; uc_show "$T/verbose.err"; }
    n=$(grep -c 'vvv6' "$T/verbose.err")
    [ "$n" = 2 ] || { uc_fail "verbose: $n lines name user vvv6, expected 2:"; uc_show "$T/verbose.err"; }
    uc_note "verbose: e.g. '$(grep -m1 vvvv "$T/verbose.err")'"
    check_datagrams verbose "$E" "$T/v.pcapng"
}
