# shellcheck shell=bash
# udpcap cases: every bad input and failure gives its exit code and a
# one-line message naming the problem.
# Sourced by run.sh, which defines the helpers and the variables used here
# (T, UDPCAP, UC_NSA/UC_NSB, ...).
# Variables and functions come from run.sh and lib.sh:
# shellcheck disable=SC2317,SC2016,SC2034,SC2153,SC2154

case_usage-errors() {
    T=$UC_TMP
    expect_error port0 1 'port' -- -p 0 -w "$T/x.pcapng"
    expect_error port70000 1 'port' '70000' -- -p 70000 -w "$T/x.pcapng"
    expect_error portabc 1 'port' 'abc' -- -p abc -w "$T/x.pcapng"
    expect_error portrange 1 'port' '2430-2425' -- -p 2430-2425 -w "$T/x.pcapng"
    expect_error portrange2 1 'port' '2425-' -- --port 2425- -w "$T/x.pcapng"
    expect_error portrange3 1 'port' '70000' -- -p 2425-70000 -w "$T/x.pcapng"
    expect_error filesize 1 'abc' -- -C abc -w "$T/x.pcapng"
    expect_error filesize2 1 '-5' -- -C -5 -w "$T/x.pcapng"
    expect_error rotsecs 1 'x' -- -G 1x -w "$T/x.pcapng"
    expect_error files 1 'abc' -- -W abc -C 1 -w "$T/x.pcapng"
    expect_error count 1 'abc' -- -c abc -w "$T/x.pcapng"
    expect_error autostop 1 'foo' -- -a foo:3 -w "$T/x.pcapng"
    expect_error autostop2 1 'duration' -- -a duration:abc -w "$T/x.pcapng"
    expect_error snaplen 1 'abc' -- -s abc -w "$T/x.pcapng"
    expect_error buffer 1 'abc' -- -B abc -w "$T/x.pcapng"
    expect_error format 1 'pcapx' -- -F pcapx -w "$T/x.pcapng"
    expect_error option 1 'bogus' -- --bogus -w "$T/x.pcapng"
    expect_error user 1 'nosuchuser-uc' -- -Z nosuchuser-uc -w "$T/x.pcapng"
    [ ! -e "$T/x.pcapng" ] || uc_fail "usage errors: an output file was created"
}

case_iface-errors() {
    expect_error unknown 2 'nosuch0' 'vethB' '(^|[^a-z])lo([^a-z]|$)' -- -i nosuch0 -w "$T/x.pcapng"
    ip -n "$UC_NSB" link add vethC type veth peer name vethD
    expect_error down 2 'vethC' -- -i vethC -w "$T/y.pcapng"
}

case_filter-errors() {
    expect_error syntax 3 'syntax error' -- -i vethB -f 'udp prot 2425' -w "$T/x.pcapng"
    expect_error port 3 'illegal port number 70000 > 65535' -- -i vethB -f 'port 70000' -w "$T/x.pcapng"
}

case_output-errors() {
    expect_error nodir 4 '/nonexistent-uctest/x\.pcapng|/nonexistent-uctest' -- -i vethB -w /nonexistent-uctest/x.pcapng
    : >"$T/afile"
    expect_error notdir 4 "$T/afile" -- -i vethB -w "$T/afile/x.pcapng"
    expect_error rotdir 4 '/nonexistent-uctest' -- -i vethB -C 1 -w /nonexistent-uctest/r.pcapng
}

# Not root and no capabilities: exit 5 with the setcap hint.
case_permission() {
    mkdir -p "$T/bin" "$T/nobody"
    cp "$UDPCAP" "$T/bin/udpcap"
    chmod 755 "$T/bin" "$T/bin/udpcap"
    chmod 777 "$T/nobody"
    run_fg perm 8 ip netns exec "$UC_NSB" setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$T/bin/udpcap" -i vethB -w "$T/nobody/x.pcapng"
    check_error_output perm 5 "udpcap -i vethB -w FILE as uid 65534" \
        'setcap cap_net_raw,cap_net_admin\+eip' 'root'
    run_fg perm2 8 ip netns exec "$UC_NSB" setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$T/bin/udpcap" -w "$T/nobody/y.pcapng"
    check_error_output perm2 5 "udpcap -w FILE (interface any) as uid 65534" 'setcap cap_net_raw,cap_net_admin\+eip'
}

# A 1 MiB tmpfs in a private mount namespace: exit 6 when it is full; the
# file (copied out) is valid and holds a byte-exact prefix of what was sent.
case_disk-full() {
    local E=$T/full.exp mnt=$T/mnt out=$T/full.pcapng pid shpid i
    : >"$E"
    mkdir -p "$mnt"
    uc_bg "$T/full.sh.out" "$T/full.sh.err" ip netns exec "$UC_NSB" unshare -m --propagation private bash -c '
        mnt=$1; udpcap=$2; t=$3
        mount -t tmpfs -o size=1m,mode=0755 uctestfull "$mnt" || exit 90
        env --default-signal=INT,TERM,HUP "$udpcap" -q -i vethB -w "$mnt/full.pcapng" 2>"$t/full.err" &
        echo $! >"$t/full.pid"
        wait $!
        echo $? >"$t/full.rc"
        cp -p "$mnt/full.pcapng" "$t/full.pcapng"
        ' _ "$mnt" "$UDPCAP" "$T"
    shpid=$UC_PID
    for _ in $(seq 100); do [ -s "$T/full.pid" ] && break; sleep 0.05; done
    pid=$(cat "$T/full.pid" 2>/dev/null)
    [ -n "$pid" ] || { uc_fail "disk-full: udpcap did not start in the mount namespace: $(cat "$T/full.sh.err")"; return; }
    UC_PIDS+=("$pid")
    ready "$pid" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40090 -n 2000 -s 1400 -r 20000 -t full
    uc_wait "$pid" 10
    uc_wait "$shpid" 5
    local rc
    rc=$(cat "$T/full.rc" 2>/dev/null)
    UC_RC=${rc:-"(killed after 10 s)"}
    check_error_output full 6 "udpcap -w FILE on a full file system" 'full|space'
    [ -f "$out" ] || { uc_fail "disk-full: no file left"; return; }
    check_readable disk-full "$out"
    # the file holds datagrams 0..k-1, byte for byte
    local k
    k=$(uc_npackets "$out")
    head -n "${k:-0}" "$E" >"$E.prefix"
    check_datagrams "disk-full: the first $k datagrams" "$E.prefix" "$out"
    [ "${k:-0}" -gt 300 ] || uc_fail "disk-full: only ${k:-0} packets in a 1 MiB file"
    uc_note "disk-full: file of $(stat -c %s "$out") bytes on a 1048576-byte tmpfs"
}

case_read-errors() {
    T=$UC_TMP
    expect_error missing 7 "$T/missing\.pcap" -- -r "$T/missing.pcap" -w "$T/o.pcapng"
    printf 'this is not a capture file\n' >"$T/garbage.pcap"
    expect_error garbage 7 "$T/garbage\.pcap" -- -r "$T/garbage.pcap" -w "$T/o2.pcapng"
    # a sample cut in the middle of its second record
    local src
    src=$(cd "$here/../../samples" && pwd)/official-message.pcap
    head -c 150 "$src" >"$T/cut.pcap"
    expect_error cut 7 "$T/cut\.pcap" -- -q -r "$T/cut.pcap" -w "$T/o3.pcapng"
}

# The interface disappears while capturing: exit 8.
case_runtime-error() {
    local pid
    start_b rt -q -i vethB -w "$T/rt.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uc_send - 10.99.0.1 10.99.0.2 2425 40100 -n 10 -t rt
    sleep 0.3
    ip -n "$UC_NSB" link del vethB
    uc_wait "$pid" 10
    check_error_output rt 8 "udpcap -i vethB, vethB deleted" 'vethB|interface|disappeared|went down'
}
