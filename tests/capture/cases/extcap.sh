# shellcheck shell=bash
# udpcap cases: the Wireshark extcap interface, called directly and by
# tshark.
# Sourced by run.sh, which defines the helpers and the variables used here
# (T, UDPCAP, UC_NSA/UC_NSB, ...).
# Variables and functions come from run.sh and lib.sh:
# shellcheck disable=SC2317,SC2016,SC2034,SC2153,SC2154

case_extcap-cli() {
    T=$UC_TMP
    run_fg ifs 5 "$UDPCAP" --extcap-interfaces
    [ "$UC_RC" = 0 ] || uc_fail "extcap: --extcap-interfaces exited $UC_RC"
    grep -Eq '^extcap \{version=[^}]+\}' "$T/ifs.out" || uc_fail "extcap: no 'extcap {version=...}' line"
    grep -Fxq 'interface {value=udpcap}{display=IPMsg (udpcap)}' "$T/ifs.out" ||
        { uc_fail "extcap: no line 'interface {value=udpcap}{display=IPMsg (udpcap)}':"; uc_show "$T/ifs.out"; }
    run_fg dlts 5 "$UDPCAP" --extcap-dlts --extcap-interface udpcap
    [ "$UC_RC" = 0 ] || uc_fail "extcap: --extcap-dlts exited $UC_RC"
    grep -Eq '^dlt \{number=[0-9]+\}\{name=[^}]+\}\{display=[^}]*\}$' "$T/dlts.out" ||
        { uc_fail "extcap: no 'dlt {number=N}{name=..}{display=..}' line:"; uc_show "$T/dlts.out"; }
    run_fg config 5 "$UDPCAP" --extcap-config --extcap-interface udpcap
    [ "$UC_RC" = 0 ] || uc_fail "extcap: --extcap-config exited $UC_RC"
    local c=$T/config.out
    grep -E '^arg \{' "$c" | grep -F '{call=--port}' | grep -Fq '{default=2425}' ||
        { uc_fail "extcap: no arg {call=--port} with {default=2425}:"; uc_show "$c"; }
    grep -E '^arg \{' "$c" | grep -F '{call=--iface}' | grep -Fq '{type=selector}' ||
        uc_fail "extcap: no arg {call=--iface} of {type=selector}"
    grep -E '^arg \{' "$c" | grep -F '{call=--tcp}' | grep -Fq '{type=boolflag}' ||
        uc_fail "extcap: no arg {call=--tcp} of {type=boolflag}"
    local n
    n=$(grep -E '^arg \{' "$c" | grep -F '{call=--iface}' | sed 's/.*{number=\([0-9]*\)}.*/\1/')
    grep -E "^value \{arg=$n\}" "$c" | grep -F '{value=any}' | grep -Fq '{default=true}' ||
        uc_fail "extcap: the --iface selector has no value 'any' marked default"
    uc_note "extcap: interfaces, dlts and config as specified"
}

# --capture --fifo, as Wireshark calls it, with the config arguments.
case_extcap-capture() {
    local E=$T/xc.exp E6=$T/xc6.exp p1 p2 t1 t2
    : >"$E"; : >"$E6"
    mkfifo "$T/x1.fifo" "$T/x2.fifo"
    uc_bg "$T/x1.tshark.out" "$T/x1.tshark.err" env HOME="$T/ws/home" WIRESHARK_CONFIG_DIR="$T/ws/config" \
        bash -c 'exec tshark -r - -w "$1" <"$2"' _ "$T/x1.pcapng" "$T/x1.fifo"
    t1=$UC_PID
    uc_bg "$T/x2.tshark.out" "$T/x2.tshark.err" env HOME="$T/ws/home" WIRESHARK_CONFIG_DIR="$T/ws/config" \
        bash -c 'exec tshark -r - -w "$1" <"$2"' _ "$T/x2.pcapng" "$T/x2.fifo"
    t2=$UC_PID
    start_b x1 --capture --extcap-interface udpcap --fifo "$T/x1.fifo" --port 2425 --iface vethB
    p1=$UC_PID
    start_b x2 --capture --extcap-interface udpcap --fifo "$T/x2.fifo" --port 2425 --iface any --tcp \
        --extcap-capture-filter ip6
    p2=$UC_PID
    ready "$p1" "$p2" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40160 -n 5 -t xc4
    uc_send "$E6" fd99::1 fd99::2 2425 40161 -n 3 -t xc6
    uc_send - 10.99.0.1 10.99.0.2 2426 40162 -n 3 -t xcother
    cat "$E6" >>"$E"
    sleep 0.3
    # Wireshark stops an extcap with SIGTERM
    stop_ok x1 "$p1" TERM
    stop_ok x2 "$p2" TERM
    uc_wait "$t1" 10; [ "$UC_RC" = 0 ] || uc_fail "extcap-capture: tshark on the FIFO exited $UC_RC: $(cat "$T/x1.tshark.err")"
    uc_wait "$t2" 10; [ "$UC_RC" = 0 ] || uc_fail "extcap-capture: tshark on the FIFO exited $UC_RC: $(cat "$T/x2.tshark.err")"
    check_datagrams "extcap --capture --iface vethB" "$E" "$T/x1.pcapng"
    check_datagrams "extcap --capture --iface any --extcap-capture-filter ip6" "$E6" "$T/x2.pcapng"

    # The reader closes the FIFO (Wireshark quit): udpcap ends by itself at
    # the next packet, exit 0.
    local rp p3
    mkfifo "$T/x3.fifo"
    uc_bg "$T/x3.cat.out" "$T/x3.cat.err" bash -c 'exec cat <"$1" >/dev/null' _ "$T/x3.fifo"
    rp=$UC_PID
    start_b x3 --capture --extcap-interface udpcap --fifo "$T/x3.fifo" --iface vethB
    p3=$UC_PID
    ready "$p3" || return
    uc_send - 10.99.0.1 10.99.0.2 2425 40163 -n 2 -t xcbefore
    sleep 0.3
    kill -TERM "$rp"
    uc_wait "$rp" 5
    uc_send - 10.99.0.1 10.99.0.2 2425 40164 -n 2 -r 10 -t xcafter
    uc_wait "$p3" 5
    if [ "$UC_RC" = 0 ]; then
        uc_note "extcap-capture: the reader closed the FIFO: udpcap ended, exit 0"
    else
        uc_fail "extcap-capture: after the reader closed the FIFO and 2 more packets, udpcap: exit $UC_RC (expected 0; 'timeout' = still running 5 s later): $(cat "$T/x3.err")"
    fi
}

# tshark -D lists the extcap; tshark -i udpcap captures through it.  tshark
# ignores personal extcap folders when privileged, so it runs as uid 65534
# with HOME in the scratch dir; the extcap there is a copy of udpcap with
# cap_net_raw,cap_net_admin (nothing outside the scratch dir is changed).
case_extcap-tshark() {
    command -v setcap >/dev/null || uc_skip "extcap-tshark needs setcap (libcap2-bin)"
    local home=$T/xhome dir ver E=$T/xt.exp pid
    : >"$E"
    ver=$(tshark -v 2>/dev/null | sed -n '1s/.* \([0-9]*\)\.\([0-9]*\)\..*/\1 \2/p')
    read -r maj min <<<"$ver"
    if [ "${maj:-4}" -gt 4 ] || { [ "${maj:-4}" = 4 ] && [ "${min:-0}" -ge 1 ]; }; then
        dir=$home/.local/lib/wireshark/extcap     # Wireshark 4.1 and later
    else
        dir=$home/.config/wireshark/extcap        # Wireshark 4.0 and earlier
    fi
    mkdir -p "$dir" "$T/xout"
    cp "$UDPCAP" "$dir/udpcap"
    chown -R 65534:65534 "$home" "$T/xout"
    chmod -R a+rX "$home"
    # after chown: a change of owner clears file capabilities
    if ! setcap cap_net_raw,cap_net_admin+eip "$dir/udpcap" 2>"$T/setcap.err"; then
        uc_skip "extcap-tshark: setcap failed on the scratch dir: $(cat "$T/setcap.err")"
    fi
    local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$home"
        XDG_CONFIG_HOME="$home/.config" LC_ALL=C.UTF-8)
    run_fg xD 20 ip netns exec "$UC_NSB" "${nobody[@]}" tshark -D
    if grep -Eq '^[0-9]+\. udpcap \(IPMsg \(udpcap\)\)$' "$T/xD.out"; then
        uc_note "extcap-tshark: tshark -D lists '$(grep 'udpcap' "$T/xD.out")'"
    else
        uc_fail "extcap-tshark: tshark -D (exit $UC_RC) does not list 'udpcap (IPMsg (udpcap))':"
        uc_show "$T/xD.out" 30
        uc_show "$T/xD.err"
    fi
    uc_bg "$T/xt.out" "$T/xt.err" ip netns exec "$UC_NSB" "${nobody[@]}" \
        tshark -i udpcap -a duration:6 -w "$T/xout/xt.pcapng"
    pid=$UC_PID
    # wait for the extcap (a child of dumpcap) to capture
    local i x=
    for _ in $(seq 200); do
        for x in $(ip netns pids "$UC_NSB"); do
            [ "$(readlink -f "/proc/$x/exe" 2>/dev/null)" = "$dir/udpcap" ] && uc_has_packet_socket "$x" && break 2
        done
        x=
        sleep 0.05
    done
    if [ -z "$x" ]; then
        uc_fail "extcap-tshark: no udpcap extcap process captured within 10 s; tshark said:"
        uc_show "$T/xt.err"
        return
    fi
    sleep 0.5
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40170 -n 5 -t xt4
    uc_send "$E" fd99::1 fd99::2 2425 40171 -n 2 -t xt6
    uc_send - 10.99.0.1 10.99.0.2 2426 40172 -n 2 -t xtother
    uc_wait "$pid" 20
    [ "$UC_RC" = 0 ] || { uc_fail "extcap-tshark: tshark -i udpcap -a duration:6 exited $UC_RC:"; uc_show "$T/xt.err"; }
    check_datagrams "tshark -i udpcap" "$E" "$T/xout/xt.pcapng"
}
