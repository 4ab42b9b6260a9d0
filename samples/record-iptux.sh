#!/usr/bin/env bash
# record-iptux.sh - record a real IP Messenger session between two iptux 0.8.3
# clients (Debian 12 package `iptux`) with udpcap.
#
# Usage (as root, from anywhere):
#   samples/record-iptux.sh [OUT.pcap]
#
#   OUT.pcap   where the capture goes (default: samples/iptux-session.pcap)
#
# Environment:
#   UDPCAP=PATH   udpcap binary (default: build/capture/udpcap of this tree)
#   KEEP=1        keep the scratch directory (logs, screenshots) after success
#
# Needs: iptux xvfb xdotool dbus x11-utils imagemagick (apt-get install -y ...),
# and iproute2/util-linux (ip, unshare).  Installs nothing itself.
#
# What it does, unattended, in about 40 s:
#   * two network namespaces ipxa (10.99.7.1/24, "alice", host-a, utf-8) and
#     ipxb (10.99.7.2/24, "bob", host-b, preference_encode gb18030, group and
#     signature in Chinese) joined by the veth pair veth-ipxa/veth-ipxb, with
#     no default route; iptux broadcasts, so it never runs in the host's
#     namespace;
#   * udpcap on veth-ipxa (UDP and TCP port 2425);
#   * one Xvfb per instance; iptux driven with xdotool (keyboard shortcuts, and
#     window-relative clicks only where iptux has no shortcut):
#       alice starts (BR_ENTRY), then bob (BR_ENTRY, alice answers ANSENTRY);
#       alice -> bob: ASCII text, Chinese UTF-8 text (both with receipts);
#       alice announces the files (text), offers note.txt; bob accepts ->
#       TCP GETFILEDATA;
#       alice offers the folder "docs" (2 files + subfolder with 1 file);
#       bob accepts -> TCP GETDIRFILES;
#       bob replies (ASCII and Chinese; bob's preference is gb18030);
#       bob quits (Ctrl+Q -> BR_EXIT), then alice quits.
#   * udpcap is stopped with SIGINT; everything started is killed by PID and
#     the namespaces are deleted, also on failure (trap).
#
# Contents of the transferred files are fixed text written below, so tests can
# compare exported objects.  iptux 0.8.3 crashes (stack overflow in
# AnalogFS::mkdir, iptux issue #472, fixed upstream in 2025 by PR #656) when it
# must create a directory while receiving a folder; the receiver's target
# folders are therefore created in advance.  This changes nothing on the wire.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(dirname "$here")
out=${1:-$here/iptux-session.pcap}
udpcap=${UDPCAP:-$top/build/capture/udpcap}

NS_A=ipxa NS_B=ipxb
VETH_A=veth-ipxa VETH_B=veth-ipxb
IP_A=10.99.7.1 IP_B=10.99.7.2

log() { printf '%s [record-iptux] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- checks
[ "$(id -u)" = 0 ] || die "must run as root (network namespaces, capture)"
missing=()
for spec in iptux:iptux Xvfb:xvfb xdotool:xdotool dbus-run-session:dbus \
            xwininfo:x11-utils import:imagemagick; do
    command -v "${spec%%:*}" >/dev/null 2>&1 || missing+=("${spec#*:}")
done
for c in ip unshare ps; do
    command -v "$c" >/dev/null 2>&1 || die "command '$c' not found (iproute2/util-linux)"
done
if [ ${#missing[@]} -gt 0 ]; then
    die "missing packages; run: apt-get install -y ${missing[*]}"
fi
[ -x "$udpcap" ] || die "udpcap not found at $udpcap (build it: cmake --build build, or set UDPCAP)"
iptux_ver=$(dpkg-query -W -f '${Version}' iptux 2>/dev/null || echo '?')
case $iptux_ver in 0.8.3*) ;; *) log "warning: iptux $iptux_ver, this script was written for 0.8.3" ;; esac
for ns in "$NS_A" "$NS_B"; do
    if ip netns list | awk '{print $1}' | grep -qx "$ns"; then
        die "network namespace $ns exists already (a previous run?); check it and remove it: ip netns del $ns"
    fi
done
for l in "$VETH_A" "$VETH_B"; do
    ! ip link show "$l" >/dev/null 2>&1 || die "link $l exists already; remove it: ip link del $l"
done

# ---------------------------------------------------------------- state, cleanup
work=$(mktemp -d /tmp/ipx-rec.XXXXXX)
chmod 755 "$work"
declare -A PID=()          # role -> pid of what we started
declare -A DISP=()         # A|B -> X display
ns_made=0
ok=0
t_start=$(date +%s)

# gone PID: the process has exited (absent or a zombie not yet reaped)
gone() {
    local s
    s=$(ps -o stat= -p "$1" 2>/dev/null || true)
    [ -z "$s" ] || [[ $s == Z* ]]
}

# all descendants of a pid (depth first), by parent pid, then the pid itself
tree_pids() {
    local p=$1 c
    for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do tree_pids "$c"; done
    echo "$p"
}

kill_role() {   # kill_role ROLE [SIGNAL]: the process and its descendants, by pid
    local role=$1 sig=${2:-TERM} p pids
    p=${PID[$role]:-}
    [ -n "$p" ] || return 0
    pids=$(tree_pids "$p")
    # shellcheck disable=SC2086
    kill -s "$sig" $pids 2>/dev/null || true
    for _ in $(seq 30); do
        gone "$p" && break
        sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -s KILL $pids 2>/dev/null || true
    wait "$p" 2>/dev/null || true
    unset "PID[$role]"
}

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    if [ "$ok" != 1 ]; then
        log "failed (rc=$rc); logs and screenshots kept in $work"
        for d in A B; do
            [ -n "${DISP[$d]:-}" ] && DISPLAY=${DISP[$d]} import -window root "$work/fail-$d.png" 2>/dev/null
        done
    fi
    if [ -n "${PID[udpcap]:-}" ]; then kill_role udpcap INT; fi
    for r in iptuxB iptuxA xB xA; do kill_role "$r"; done
    if [ "$ns_made" = 1 ]; then
        ip netns del "$NS_A" 2>/dev/null
        ip netns del "$NS_B" 2>/dev/null
        ip link del "$VETH_A" 2>/dev/null   # normally gone with the namespace
    fi
    if [ "$ok" = 1 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$work"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for TIMEOUT_S DESCRIPTION COMMAND...: poll COMMAND every 0.2 s
wait_for() {
    local t=$1 what=$2 n
    shift 2
    n=$((t * 5))
    while ! "$@" >/dev/null 2>&1; do
        n=$((n - 1))
        [ "$n" -gt 0 ] || die "timed out after ${t}s waiting for $what"
        sleep 0.2
    done
}

# ---------------------------------------------------------------- topology
log "creating namespaces $NS_A/$NS_B"
ns_made=1
ip netns add "$NS_A"
ip netns add "$NS_B"
ip link add "$VETH_A" type veth peer name "$VETH_B"
ip link set "$VETH_A" netns "$NS_A"
ip link set "$VETH_B" netns "$NS_B"
ip -n "$NS_A" addr add "$IP_A/24" brd + dev "$VETH_A"
ip -n "$NS_B" addr add "$IP_B/24" brd + dev "$VETH_B"
for ns in "$NS_A:$VETH_A" "$NS_B:$VETH_B"; do
    ip -n "${ns%%:*}" link set lo up
    ip -n "${ns%%:*}" link set "${ns#*:}" up
    # iptux's send to 255.255.255.255 fails (ENETUNREACH) without a route for it
    ip -n "${ns%%:*}" route add broadcast 255.255.255.255 dev "${ns#*:}" scope link table local
done
# safety: only the /24 link route, no default route, in each namespace
for ns in "$NS_A" "$NS_B"; do
    routes=$(ip -n "$ns" route show)
    if grep -q default <<<"$routes" || [ "$(grep -c . <<<"$routes")" != 1 ] ||
       ! grep -q '^10\.99\.7\.0/24 dev veth-ipx' <<<"$routes"; then
        die "unexpected routes in $ns: $routes"
    fi
done
wait_for 10 "veth link up" sh -c "ip -n $NS_A link show $VETH_A | grep -q LOWER_UP"

# ---------------------------------------------------------------- homes, files
declare -A HOMEDIR=([A]="$work/alice" [B]="$work/bob")
mkdir -p "${HOMEDIR[A]}/.iptux" "${HOMEDIR[B]}/.iptux" "${HOMEDIR[A]}/recv" "${HOMEDIR[B]}/recv"
write_config() {   # write_config DIR NICK GROUP ENCODING SIGNATURE
    cat >"$1/.iptux/config.json" <<EOF
{
  "nick_name": "$2",
  "belong_group": "$3",
  "my_icon": "icon-tux.png",
  "personal_sign": "$5",
  "archive_path": "$1/recv",
  "preference_encode": "$4",
  "candidacy_encode": "gb18030,utf-16",
  "open_chat": false,
  "hide_startup": false,
  "record_log": false
}
EOF
}
write_config "${HOMEDIR[A]}" alice dev utf-8 'Alice at host-a'
write_config "${HOMEDIR[B]}" bob 测试 gb18030 '鲍勃的签名'

share=${HOMEDIR[A]}/share
mkdir -p "$share/docs/sub"
# The same bytes are in tests/replay/objects/iptux-session/ (the export check).
printf 'Hello Bob,\nthis is note.txt, sent by alice with iptux 0.8.3.\n' >"$share/note.txt"
printf 'first file in docs\n' >"$share/docs/a.txt"
printf 'second file in docs, a little longer\n' >"$share/docs/b.txt"
printf 'nested file in docs/sub\n' >"$share/docs/sub/c.txt"
touch -d '2023-11-14 22:13:20 UTC' "$share/note.txt" "$share/docs/a.txt" \
    "$share/docs/b.txt" "$share/docs/sub/c.txt" "$share/docs/sub" "$share/docs"
# workaround for iptux issue #472 (receiver crashes creating directories)
mkdir -p "${HOMEDIR[B]}/recv/docs/sub"

# ---------------------------------------------------------------- displays
free_display() {
    local n
    for n in $(seq 71 99); do
        [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { echo ":$n"; return; }
    done
    return 1
}
start_x() {   # start_x A|B NS
    local d
    d=$(free_display) || die "no free X display number"
    ip netns exec "$2" Xvfb "$d" -screen 0 1280x900x24 -nolisten tcp \
        >"$work/xvfb-$1.log" 2>&1 &
    PID[x$1]=$!
    DISP[$1]=$d
    wait_for 10 "Xvfb $d" env DISPLAY="$d" xdpyinfo
}
start_x A "$NS_A"
start_x B "$NS_B"
log "displays: alice ${DISP[A]}, bob ${DISP[B]}"

# ---------------------------------------------------------------- capture
tmp_out=$work/capture.pcap
ip netns exec "$NS_A" "$udpcap" -p 2425 --tcp -i "$VETH_A" -F pcap -w "$tmp_out" \
    >"$work/udpcap.log" 2>&1 &
PID[udpcap]=$!
wait_for 10 "udpcap to start" grep -q capturing "$work/udpcap.log"
sleep 0.5

# ---------------------------------------------------------------- iptux
start_iptux() {   # start_iptux A|B NS HOSTNAME
    local r=$1 h=${HOMEDIR[$1]}
    ip netns exec "$2" unshare --uts sh -c \
        "hostname $3 && exec env -u SESSION_MANAGER HOME='$h' DISPLAY='${DISP[$r]}' \
         LANG=C.UTF-8 NO_AT_BRIDGE=1 dbus-run-session -- iptux -l DEBUG" \
        >"$work/iptux-$r.log" 2>&1 &
    PID[iptux$r]=$!
}
x() { local r=$1; shift; DISPLAY=${DISP[$r]} xdotool "$@"; }
win() {   # win A|B REGEX: id of the first window whose name matches
    DISPLAY=${DISP[$1]} xdotool search --name "$2" 2>/dev/null | head -n 1
}
has_win() { [ -n "$(win "$1" "$2")" ]; }
shot() { DISPLAY=${DISP[$1]} import -window root "$work/$2.png" 2>/dev/null || true; }
# count of received packets (iptux -l DEBUG logs each as a quoted line) matching
count() { grep -a -c -e "$2" "$work/iptux-$1.log" 2>/dev/null || true; }
more_than() { [ "$(count "$1" "$2")" -gt "$3" ]; }

start_iptux A "$NS_A" host-a
wait_for 30 "alice's main window" has_win A '^Iptux$'
sleep 2
start_iptux B "$NS_B" host-b
wait_for 30 "bob's main window" has_win B '^Iptux$'
# entries answered both ways
wait_for 20 "bob's entry at alice" more_than A ':host-b:257:' 0
wait_for 20 "alice's answer at bob" more_than B ':host-a:259:' 0
sleep 2

# open_chat ME PEERNICK: double-click the peer in the main window's list
open_chat() {
    local me=$1 peer=$2 main y w='' other
    main=$(win "$me" '^Iptux$')
    # the list holds both pals (each instance hears its own entry), in either
    # order; a chat opened with oneself is closed again (its Close button)
    for y in 117 157 197; do
        x "$me" mousemove --window "$main" 60 "$y" click --repeat 2 --delay 80 1
        for _ in $(seq 15); do
            w=$(win "$me" "^Talk with $peer\\(")
            [ -n "$w" ] && break 2
            other=$(win "$me" '^Talk with ')
            if [ -n "$other" ]; then
                sleep 0.5
                x "$me" mousemove --window "$other" 245 401 click 1
                wait_for 5 "the chat with oneself to close" sh -c \
                    "! DISPLAY=${DISP[$me]} xdotool search --name '^Talk with ' >/dev/null 2>&1"
                break
            fi
            sleep 0.2
        done
    done
    [ -n "$w" ] || die "could not open a chat with $peer"
    x "$me" windowmove "$w" 300 0
    sleep 0.5
    echo "$w"
}
# say ME WIN TEXT: type into the chat input box and send with Ctrl+Return
say() {
    x "$1" mousemove --window "$2" 188 320 click 1
    sleep 0.3
    x "$1" type --delay 40 "$3"
    sleep 0.3
    x "$1" key ctrl+Return
}
# say_acked ME WIN TEXT PEERHOST WHAT: say TEXT, then wait for the peer's
# receipt (RECVMSG, command 289) in ME's log
say_acked() {
    local n
    n=$(count "$1" ":$4:289:")
    say "$1" "$2" "$3"
    wait_for 10 "$5" more_than "$1" ":$4:289:" "$n"
    sleep 1
}
# pick ME DIALOGTITLE [PATH]: fill a GTK file chooser by typing PATH (Ctrl+L)
# relative to the folder it shows (an absolute path under /tmp is completed
# inline by GTK while being typed and comes out garbled); without PATH the
# folder shown is chosen
pick() {
    local d
    wait_for 10 "dialog '$2'" has_win "$1" "^$2"
    d=$(win "$1" "^$2")
    sleep 0.5
    x "$1" mousemove --window "$d" 400 300
    if [ -n "$3" ]; then
        x "$1" key ctrl+l
        sleep 1
        x "$1" key ctrl+a BackSpace
        sleep 0.3
        x "$1" type --delay 40 "$3"
        sleep 0.8
        x "$1" key Delete      # drop an inline completion ("docs" -> "docs/")
        sleep 0.3
    fi
    x "$1" key Return
    wait_for 10 "dialog '$2' to close" sh -c "! DISPLAY=${DISP[$1]} xdotool search --name '^$2' >/dev/null 2>&1"
    sleep 0.3
}
# accept_files: bob presses "Accept" in the chat window's "Files to be received"
accept_files() {
    x B mousemove --window "$1" 555 77 click 1
    pick B 'Please select a folder to save files' ''   # opens in archive_path
}

log "alice opens a chat with bob"
wa=$(open_chat A bob)
say_acked A "$wa" 'Hello bob, this is alice.' host-b "receipt for the ASCII message"
say_acked A "$wa" '你好，世界' host-b "receipt for the Chinese message"

# The text goes first, on its own: typed together with an attachment, iptux
# sends the text 3 ms after the offer, and bob's iptux then sometimes parses
# the text instead of the offer ("decodeFileInfos: decode failed: txt is
# attached", a race in iptux) and loses the offer.
say_acked A "$wa" 'A file and a folder follow.' host-b "receipt for the announcement"

log "alice offers note.txt"
x A mousemove --window "$wa" 188 320 click 1
x A key ctrl+s
pick A 'Choose enclosure files' share/note.txt        # opens in alice's HOME
n=$(count B ':host-a:2097184:')
x A mousemove --window "$wa" 188 320 click 1
x A key ctrl+Return
wait_for 10 "the file offer at bob" more_than B ':host-a:2097184:' "$n"
grep -a -q ':host-a:2097184:.*:note\.txt:' "$work/iptux-B.log" || die "the offer does not name note.txt"
sleep 1

log "bob accepts note.txt"
wb=$(open_chat B alice)
accept_files "$wb"
wait_for 15 "note.txt at bob" cmp -s "$share/note.txt" "${HOMEDIR[B]}/recv/note.txt"
sleep 1

log "alice offers the folder docs"
x A mousemove --window "$wa" 188 320 click 1
x A key ctrl+d
pick A 'Choose enclosure folders' share/docs
n=$(count B ':host-a:2097184:')
x A mousemove --window "$wa" 188 320 click 1
x A key ctrl+Return
wait_for 10 "the folder offer at bob" more_than B ':host-a:2097184:' "$n"
grep -a -q ':host-a:2097184:.*:docs:' "$work/iptux-B.log" || die "the offer does not name docs"
sleep 1

log "bob accepts docs"
accept_files "$wb"
wait_for 15 "docs at bob" diff -r "$share/docs" "${HOMEDIR[B]}/recv/docs"
sleep 1

log "bob replies"
say_acked B "$wb" 'Thanks alice, got note.txt and docs.' host-a "receipt for bob's reply"
say_acked B "$wb" '收到，谢谢！' host-a "receipt for bob's Chinese reply"
shot A alice-end
shot B bob-end

log "bob quits, then alice"
for r in B A; do
    x "$r" mousemove --window "$(win "$r" '^Iptux$')" 130 300
    x "$r" key ctrl+q
    wait_for 15 "iptux $r to exit" gone "${PID[iptux$r]}"
    wait "${PID[iptux$r]}" 2>/dev/null || true
    unset "PID[iptux$r]"
    sleep 1
done
sleep 1

kill -INT "${PID[udpcap]}"
wait_for 10 "udpcap to stop" gone "${PID[udpcap]}"
rc=0
wait "${PID[udpcap]}" || rc=$?
unset "PID[udpcap]"
[ "$rc" = 0 ] || die "udpcap exited with status $rc: $(cat "$work/udpcap.log")"
log "$(tail -n 1 "$work/udpcap.log")"

cp "$tmp_out" "$out.tmp"
mv "$out.tmp" "$out"
chmod 644 "$out"
ok=1
log "wrote $out ($(stat -c %s "$out") bytes) in $(( $(date +%s) - t_start )) s"
