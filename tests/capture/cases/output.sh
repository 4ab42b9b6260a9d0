# shellcheck shell=bash
# udpcap cases: the output: mode, default name, stdout, -r, formats, and
# the command line itself (--version, --help, -D).
# Sourced by run.sh, which defines the helpers and the variables used here
# (T, UDPCAP, UC_NSA/UC_NSB, ...).
# Variables and functions come from run.sh and lib.sh:
# shellcheck disable=SC2317,SC2016,SC2034,SC2153,SC2154

# Created 0600 whatever the umask; an existing file (mode 0644, other
# content) is overwritten and made 0600 (udpcap(1)).
case_mode() {
    local pid p2 E=$T/mode.exp
    : >"$E"
    printf 'old content\n' >"$T/old.pcapng"
    chmod 644 "$T/old.pcapng"
    SB_UMASK=000 start_b mode -i vethB -w "$T/mode.pcapng"
    pid=$UC_PID
    SB_UMASK=000 start_b mode2 -i vethB -w "$T/old.pcapng"
    p2=$UC_PID
    ready "$pid" "$p2" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40110 -n 3 -t mode
    sleep 0.2
    stop_ok mode "$pid" INT
    stop_ok mode2 "$p2" INT
    check_mode "umask 000" "$T/mode.pcapng"
    check_mode "umask 000, existing 0644 file" "$T/old.pcapng"
    check_datagrams "existing file overwritten" "$E" "$T/old.pcapng"
}

# No -w: udpcap-<first port>-YYYYmmdd-HHMMSS.pcapng in the current folder.
case_default-name() {
    local E1=$T/d1.exp E2=$T/d2.exp d=$T/dflt p1 p2 before after f1 f2
    : >"$E1"; : >"$E2"
    mkdir -p "$d"
    before=$(date -u +%Y%m%d-%H%M%S)
    SB_CWD=$d start_b d1
    p1=$UC_PID
    SB_CWD=$d start_b d2 -p 2426-2428 -p 2425
    p2=$UC_PID
    ready "$p1" "$p2" || return
    uc_send "$E1" 10.99.0.1 10.99.0.2 2425 40120 -n 3 -t dflt
    uc_send "$E2" 10.99.0.1 10.99.0.2 2427 40121 -n 2 -t dflt2427
    cat "$E1" >>"$E2"
    sleep 0.3
    kill -INT "$p1" "$p2"
    uc_wait "$p1" 10; [ "$UC_RC" = 0 ] || uc_fail "default-name: udpcap exited $UC_RC"
    uc_wait "$p2" 10; [ "$UC_RC" = 0 ] || uc_fail "default-name: udpcap -p 2426-2428 -p 2425 exited $UC_RC"
    after=$(date -u +%Y%m%d-%H%M%S)
    ls "$d" >"$T/dflt.ls"
    f1=$(grep -E '^udpcap-2425-[0-9]{8}-[0-9]{6}\.pcapng$' "$T/dflt.ls")
    f2=$(grep -E '^udpcap-2426-[0-9]{8}-[0-9]{6}\.pcapng$' "$T/dflt.ls")
    [ "$(wc -l <"$T/dflt.ls")" = 2 ] || { uc_fail "default-name: expected 2 files in the current folder, found:"; uc_show "$T/dflt.ls"; }
    if [ -z "$f1" ]; then
        uc_fail "default-name: no udpcap-2425-YYYYmmdd-HHMMSS.pcapng (TZ=UTC) in the current folder"
    else
        local ts=${f1#udpcap-2425-}
        ts=${ts%.pcapng}
        [[ ! "$ts" < "$before" && ! "$ts" > "$after" ]] || uc_fail "default-name: $f1: time not between $before and $after (UTC)"
        uc_note "default-name: $f1"
        check_mode default-name "$d/$f1"
        check_datagrams "default-name (interface any)" "$E1" "$d/$f1"
    fi
    if [ -z "$f2" ]; then
        uc_fail "default-name: -p 2426-2428 -p 2425 gave no udpcap-2426-YYYYmmdd-HHMMSS.pcapng"
    else
        uc_note "default-name: $f2"
        check_datagrams "default-name -p 2426-2428 -p 2425" "$E2" "$d/$f2"
    fi
}

# -w -: a pcap stream, flushed per packet; piped into tshark.
case_stdout() {
    local E=$T/so.exp E2=$T/pipe.exp pid tp i n
    : >"$E"; : >"$E2"
    start_b so -i vethB -w -
    pid=$UC_PID
    mkfifo "$T/fifo"
    uc_bg "$T/pipe.tshark.out" "$T/pipe.tshark.err" env HOME="$T/ws/home" WIRESHARK_CONFIG_DIR="$T/ws/config" \
        bash -c 'exec tshark -r - -w "$1" <"$2"' _ "$T/piped.pcapng" "$T/fifo"
    tp=$UC_PID
    uc_bg "$T/pipe.out" "$T/pipe.err" bash -c 'exec ip netns exec "$1" "$2" -i vethB -w - >"$3"' _ "$UC_NSB" "$UDPCAP" "$T/fifo"
    local pp=$UC_PID
    ready "$pid" "$pp" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40130 -n 5 -s 64 -t stdout
    cp "$E" "$E2"
    # flushed per packet: the 5 records are in the stream while udpcap runs
    for _ in $(seq 60); do
        n=$("$PCAPHEX" "$T/so.out" 2>/dev/null | wc -l)
        [ "$n" = 5 ] && break
        sleep 0.05
    done
    if [ "$n" = 5 ] && uc_alive "$pid"; then
        uc_note "stdout: all 5 records written while udpcap still runs"
    else
        uc_fail "stdout: 3 s after sending, the stream holds $n of 5 records (not flushed per packet)"
    fi
    stop_ok so "$pid" INT
    stop_ok pipe "$pp" INT
    uc_wait "$tp" 10
    [ "$UC_RC" = 0 ] || uc_fail "stdout: tshark reading the pipe exited $UC_RC: $(cat "$T/pipe.tshark.err")"
    local magic
    magic=$(od -An -tx1 -N4 "$T/so.out" | tr -d ' \n')
    case $magic in
        d4c3b2a1|a1b2c3d4|4d3cb2a1|a1b23c4d) uc_note "stdout: pcap stream (magic $magic)" ;;
        *) uc_fail "stdout: the stream does not start with a pcap magic number (got '$magic'; pcapng is 0a0d0d0a)" ;;
    esac
    check_datagrams "stdout to a file" "$E" "$T/so.out"
    check_datagrams "stdout piped into tshark" "$E2" "$T/piped.pcapng"
}

# -r: re-filter a capture made by dumpcap (pcapng) and its pcap copy.
case_read() {
    local A=$T/r2425.exp B=$T/r2426.exp C=$T/r6.exp pid
    : >"$A"; : >"$B"; : >"$C"
    uc_bg "$T/dumpcap.out" "$T/dumpcap.err" ip netns exec "$UC_NSB" dumpcap -q -i vethB -w "$T/in.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uc_send "$A" 10.99.0.1 10.99.0.2 2425 40140 -n 5 -t r4
    uc_send "$B" 10.99.0.1 10.99.0.2 2426 40141 -n 5 -t r4other
    uc_send "$A" fd99::1 fd99::2 2425 40142 -n 3 -t r6
    uc_send "$A" 10.99.0.1 10.99.0.2 2425 40143 -n 1 -s 5000 -t r4frag
    uc_send "$B" 10.99.0.1 10.99.0.2 2426 40144 -n 1 -s 5000 -t r4fragother
    uc_send "$A" fd99::1 fd99::2 2425 40145 -n 1 -s 5000 -t r6frag
    grep ' fd99::' "$A" >"$C"
    sleep 1.5
    uc_stop "$pid" INT 10
    cat "$A" "$B" >"$T/rall.exp"
    UC_DFILTER='udp && !icmp && !icmpv6' check_datagrams "read: harness: dumpcap's input capture" "$T/rall.exp" "$T/in.pcapng" || return
    editcap -F pcap "$T/in.pcapng" "$T/in.pcap" || { uc_fail "read: editcap failed"; return; }
    "$PCAPHEX" "$T/in.pcapng" | awk '{split($2, t, "."); print t[1] "." substr(t[2], 1, 6), $4, $5}' | sort >"$T/in.frames"
    local name args exp nframes
    while read -r name nframes exp args; do
        # shellcheck disable=SC2086
        run_fg "$name" 20 ip netns exec "$UC_NSB" "$UDPCAP" $args -w "$T/$name.out"
        if [ "$UC_RC" != 0 ]; then
            uc_fail "read: udpcap $args exited $UC_RC: $(cat "$T/$name.err")"
            continue
        fi
        check_datagrams "read: udpcap $args" "$exp" "$T/$name.out"
        check_count "read: udpcap $args" "$T/$name.out" "$nframes"
        # every record is an input record: bytes, length and time
        "$PCAPHEX" "$T/$name.out" | awk '{split($2, t, "."); print t[1] "." substr(t[2], 1, 6), $4, $5}' | sort >"$T/$name.frames"
        if [ -n "$(comm -13 "$T/in.frames" "$T/$name.frames")" ]; then
            uc_fail "read: udpcap $args wrote records that differ from the input (bytes, length or timestamp)"
        else
            uc_note "read: udpcap $args: every record equals an input record (time, length, bytes)"
        fi
    done <<EOF
rd1 16 $A -r $T/in.pcapng
rd2 9 $B -r $T/in.pcap -p 2426
rd3 7 $C -r $T/in.pcapng -f ip6
EOF
}

# pcap and pcapng, chosen by -F or by the extension; -F wins.
case_formats() {
    local E=$T/fmt.exp pids=() p name fmt want
    : >"$E"
    while read -r name fmt; do
        # shellcheck disable=SC2086
        start_b "fmt-$name" -i vethB $fmt -w "$T/$name"
        pids+=("$UC_PID")
    done <<EOF
a.out -F pcap
b.out -F pcapng
c.pcap
d.pcapng
e.pcap -F pcapng
f.pcapng --format pcap
EOF
    ready "${pids[@]}" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40150 -n 10 -t fmt
    uc_send "$E" fd99::1 fd99::2 2425 40151 -n 2 -t fmt6
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40152 -n 1 -s 5000 -t fmtfrag
    sleep 0.3
    for p in "${pids[@]}"; do
        uc_stop "$p" INT 10
        [ "$UC_RC" = 0 ] || uc_fail "formats: a capture exited $UC_RC"
    done
    while read -r name want; do
        local magic type
        magic=$(od -An -tx1 -N4 "$T/$name" | tr -d ' \n')
        type=$(capinfos -t "$T/$name" 2>&1 | awk -F': *' '/File type/ {print $2}')
        case $want:$magic in
            pcap:d4c3b2a1|pcap:a1b2c3d4|pcap:4d3cb2a1|pcap:a1b23c4d|pcapng:0a0d0d0a) ;;
            *) uc_fail "formats: $name: magic '$magic', expected $want" ;;
        esac
        [[ $type == *" - $want" || ($want == pcap && $type == *" - nanosecond pcap") ]] ||
            uc_fail "formats: $name: capinfos says '$type', expected '... - $want'"
        if [ "$want" = pcapng ]; then
            # udpcap(1): pcapng files name the application and the interface
            capinfos "$T/$name" >"$T/$name.info" 2>&1
            grep -Eq '^Capture application: +udpcap [0-9]' "$T/$name.info" ||
                uc_fail "formats: $name: capinfos shows no 'Capture application: udpcap <version>'"
            grep -Eq '^ +Name = vethB$' "$T/$name.info" ||
                uc_fail "formats: $name: capinfos shows no interface name vethB"
        fi
        check_count "formats: $name" "$T/$name" 16
        check_readable "formats: $name" "$T/$name"
        check_datagrams "formats: $name ($want)" "$E" "$T/$name"
    done <<EOF
a.out pcap
b.out pcapng
c.pcap pcap
d.pcapng pcapng
e.pcap pcapng
f.pcapng pcap
EOF
}

# --version, --help (exit codes documented), -D.
case_cli() {
    run_fg version 5 "$UDPCAP" --version
    [ "$UC_RC" = 0 ] || uc_fail "cli: --version exited $UC_RC"
    grep -Eq '^udpcap [0-9]' "$T/version.out" || uc_fail "cli: --version does not print 'udpcap <version>': $(head -c 200 "$T/version.out")"
    grep -qi 'libpcap' "$T/version.out" || uc_fail "cli: --version does not name the libpcap version"
    run_fg help 5 "$UDPCAP" --help
    [ "$UC_RC" = 0 ] || uc_fail "cli: --help exited $UC_RC"
    local code
    for code in 0 1 2 3 4 5 6 7 8; do
        grep -Eq "(^|[^0-9])$code([^0-9]|$).*[a-z]" "$T/help.out" || uc_fail "cli: --help does not document exit code $code"
    done
    for opt in --port --interface --list-interfaces --write --format --count --autostop --file-size \
        --rotate-seconds --files --read --filter --snaplen --buffer-size --no-promisc --tcp --user \
        --quiet --verbose --version --help; do
        grep -q -- "$opt" "$T/help.out" || uc_fail "cli: --help does not mention $opt"
    done
    run_fg list 5 ip netns exec "$UC_NSB" "$UDPCAP" -D
    [ "$UC_RC" = 0 ] || uc_fail "cli: -D exited $UC_RC: $(cat "$T/list.err")"
    if ! grep -qw vethB "$T/list.out" || ! grep -qw lo "$T/list.out" || ! grep -qw any "$T/list.out"; then
        uc_fail "cli: -D in a namespace with lo and vethB does not list lo, vethB and any:"
        uc_show "$T/list.out"
    fi
    uc_note "cli: --version, --help, -D"
}
