# shellcheck shell=bash
# udpcap cases: rotation by size (-C) and time (-G), with and without the
# ring (-W), and after dropping privileges (-Z).
# Sourced by run.sh, which defines the helpers and the variables used here
# (T, UDPCAP, UC_NSA/UC_NSB, ...).
# Variables and functions come from run.sh and lib.sh:
# shellcheck disable=SC2317,SC2016,SC2034,SC2153,SC2154

# check_names NAME DIR STEM EXT: every file in DIR is named
# STEM_NNNNN_YYYYmmddHHMMSS.EXT
check_names() {
    local name=$1 dir=$2 stem=$3 ext=$4 f b
    for f in "$dir"/*; do
        b=$(basename "$f")
        if ! [[ $b =~ ^${stem}_[0-9]{5}_[0-9]{14}\.${ext}$ ]]; then
            uc_fail "$name: file '$b' is not named ${stem}_NNNNN_YYYYmmddHHMMSS.${ext}"
        fi
    done
}

# seqs FILE...: the sequence numbers of the udpsend datagrams, file order
# (read from the hex payload: "seq=" is 7365713d, then 10 ASCII digits)
seqs() {
    local f
    for f in "$@"; do
        uc_tshark -n -r "$f" -Y udp -T fields -e udp.payload 2>/dev/null |
            awk '{ i = index($0, "7365713d"); if (!i) next; d = substr($0, i + 8, 20); s = "";
                   for (j = 2; j <= 20; j += 2) s = s substr(d, j, 1); print s + 0 }'
    done
}

# check_rotation NAME DIR STEM EXPECTED TOTAL RING: the files of DIR hold
# exactly the datagrams of EXPECTED (all TOTAL sent; with RING > 0 the
# newest RING files, which must then hold a contiguous newest part), each
# once, in file-number order, every file mode 0600
check_rotation() {
    local name=$1 dir=$2 stem=$3 exp=$4 total=$5 ring=$6 files=() f nums prev=-1 n
    check_names "$name" "$dir" "$stem" pcapng
    mapfile -t files < <(find "$dir" -maxdepth 1 -type f -name "${stem}_*" | sort)
    uc_note "$name: ${#files[@]} file(s): $(for f in "${files[@]}"; do printf '%s(%s) ' "$(basename "$f")" "$(uc_npackets "$f")"; done)"
    [ ${#files[@]} -gt 0 ] || { uc_fail "$name: no rotated files in $dir"; return 1; }
    for f in "${files[@]}"; do
        [ "$(stat -c %a "$f")" = 600 ] || uc_fail "$name: $(basename "$f") has mode $(stat -c %a "$f"), expected 600"
        "$PCAPHEX" "$f" >/dev/null 2>"$T/ph.err" || uc_fail "$name: $(basename "$f") unreadable: $(cat "$T/ph.err")"
    done
    # file numbers consecutive
    nums=$(for f in "${files[@]}"; do basename "$f" | sed "s/^${stem}_0*\([0-9][0-9]*\)_.*/\1/"; done)
    for n in $nums; do
        if [ "$prev" != -1 ] && [ "$n" != $((prev + 1)) ]; then
            uc_fail "$name: file numbers not consecutive: $(tr '\n' ' ' <<<"$nums")"
            break
        fi
        prev=$n
    done
    if [ "$ring" -gt 0 ] && [ ${#files[@]} != "$ring" ]; then
        uc_fail "$name: -W $ring left ${#files[@]} files, expected $ring"
    fi
    # order: sequence numbers increase across the files, no repeats
    seqs "${files[@]}" >"$T/$name.seqs"
    if ! sort -n -c "$T/$name.seqs" 2>/dev/null || [ "$(sort -u "$T/$name.seqs" | wc -l)" != "$(wc -l <"$T/$name.seqs")" ]; then
        uc_fail "$name: the packets are not in sending order across the files, or repeat"
    fi
    if [ "$ring" -gt 0 ]; then
        # the kept files hold the newest datagrams: seq first..TOTAL-1, no gap
        # (EXPECTED lists seq 0, 1, ... one per line)
        local first last
        first=$(head -n 1 "$T/$name.seqs")
        last=$(tail -n 1 "$T/$name.seqs")
        [ -n "$first" ] || { uc_fail "$name: the kept files hold no datagrams"; return 1; }
        [ "$last" = $((total - 1)) ] || uc_fail "$name: the newest datagram (seq $((total - 1))) is not in the kept files (last: $last)"
        tail -n +$((first + 1)) "$exp" >"$exp.tail"
        check_datagrams "$name (kept files: seq $first..$((total - 1)))" "$exp.tail" "${files[@]}"
    else
        check_datagrams "$name" "$exp" "${files[@]}"
    fi
}

# -C 1: files of 10^6 bytes; 3000 x 1400-byte datagrams make about 4.4 MB.
rotate_size() {
    local name=$1 ring=$2 E=$T/$1.exp dir=$T/$1 pid args=() f sz
    : >"$E"
    mkdir -p "$dir"
    [ "$ring" -gt 0 ] && args=(-W "$ring")
    start_b "$name" -i vethB -C 1 "${args[@]}" -w "$dir/rot.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40060 -n 3000 -s 1400 -r 20000 -t rot
    sleep 0.3
    stop_ok "$name" "$pid" INT || return
    check_rotation "$name" "$dir" rot "$E" 3000 "$ring"
    # every file but the newest is 10^6 bytes, give or take one record
    local files=()
    mapfile -t files < <(find "$dir" -maxdepth 1 -type f -name 'rot_*' | sort)
    for f in "${files[@]:0:${#files[@]}-1}"; do
        sz=$(stat -c %s "$f")
        if [ "$sz" -lt 998000 ] || [ "$sz" -gt 1002000 ]; then
            uc_fail "$name: $(basename "$f") is $sz bytes; -C 1 means rotation at 1000000"
        fi
    done
    [ "$ring" -gt 0 ] || [ ${#files[@]} -ge 4 ] || uc_fail "$name: 4.4 MB with -C 1 gave only ${#files[@]} files"
}
case_rotate-size() { rotate_size rotsize 0; }
case_rotate-size-ring() { rotate_size rotring 2; }

# -G 1: 100 datagrams per second for 2.5 (3.5 with -W 2) seconds.
rotate_time() {
    local name=$1 ring=$2 n=$3 E=$T/$1.exp dir=$T/$1 pid args=() f
    : >"$E"
    mkdir -p "$dir"
    [ "$ring" -gt 0 ] && args=(-W "$ring")
    start_b "$name" -i vethB -G 1 "${args[@]}" -w "$dir/rot.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40070 -n "$n" -s 100 -r 100 -t rotg
    sleep 0.3
    stop_ok "$name" "$pid" INT || return
    check_rotation "$name" "$dir" rot "$E" "$n" "$ring"
    local files=()
    mapfile -t files < <(find "$dir" -maxdepth 1 -type f -name 'rot_*' | sort)
    [ "$ring" -gt 0 ] || [ ${#files[@]} -ge 3 ] || uc_fail "$name: 2.5 s of traffic with -G 1 gave only ${#files[@]} files"
    # aligned to the wall clock: the packets of one file lie in one second
    for f in "${files[@]}"; do
        local spans
        spans=$("$PCAPHEX" "$f" 2>/dev/null | awk '{split($2, t, "."); print t[1]}' | sort -u | wc -l)
        [ "$spans" -le 1 ] || uc_fail "$name: $(basename "$f") holds packets of $spans different wall-clock seconds (-G 1)"
    done
}
case_rotate-time() { rotate_time rottime 0 250; }
case_rotate-time-ring() { rotate_time rottring 2 350; }

# -Z: runs as the user after opening the capture and the first file; later
# files (rotation) are created as that user, in a folder it owns.
case_user() {
    local E=$T/user.exp dir=$T/zdir pid uids
    : >"$E"
    mkdir -p "$dir"
    chown 65534:65534 "$dir"
    start_b user -i vethB -Z nobody -C 1 -w "$dir/rot.pcapng"
    pid=$UC_PID
    ready "$pid" || return
    uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")
    [ "$uids" = "65534 65534 65534 65534" ] || uc_fail "user: -Z nobody: udpcap runs with uids '$uids' (real, effective, saved, fs), expected 65534"
    uc_send "$E" 10.99.0.1 10.99.0.2 2425 40075 -n 3000 -s 1400 -r 20000 -t zuser
    sleep 0.3
    stop_ok user "$pid" INT || return
    check_rotation user "$dir" rot "$E" 3000 0
}
