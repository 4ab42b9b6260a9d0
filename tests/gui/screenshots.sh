#!/bin/bash
# Start the real Wireshark (Qt) with the plugin and the IPMsg profile on a
# virtual X display, drive it with xdotool and take the README's screenshots:
#
#   tests/gui/screenshots.sh [--plugin-dir DIR] [OUTDIR]
#
# DIR is the build's plugins/ folder (default build/plugins).  OUTDIR
# (default docs/screenshots) gets, once every check has passed:
#   wireshark-ipmsg.png    samples/conversation-official.pcap filtered on
#                          ipmsg, the SENDMSG with two attachments (frame 33)
#                          selected, its message and first attachment expanded
#   wireshark-stats.png    Statistics → IPMsg → Commands and dialects
#   wireshark-profile.png  the profile's columns and colours, with View →
#                          Coloring Rules open on its rules
#
# Runs as root or not.  Wireshark ignores personal plugins when privileged, so
# as root it runs as uid/gid 65534 through setpriv (as tests/lib/tshark.sh
# does for tshark), in both cases with a scratch HOME that gets the plugin in
# its personal plugin folder and the profile from tools/install-profile.sh.
# Xvfb runs on display :$IPMSG_GUI_DISPLAY (default 47) at 1400x900; the
# script stops when that display is in use.  Checks: the main window appears
# with the capture's name as its title; the packet list shows the profile's
# IPMsg colours for messages and file transfers (so the plugin decoded the
# packets and the profile is active); Find selected the attachment's name in
# the packet details; the statistics and colouring-rules
# dialogs appear with their titles; every PNG is 1400x900 with more than
# 1000 colours.  On failure the screen is kept as OUTDIR/failed-screen.png.
# Every wait is bounded.  Exit 0 when all pass, 77 when Xvfb
# or wireshark is not installed, 1 when a check fails, 2 on a setup error.
# Everything it started is killed on exit, by PID (Wireshark: its process
# group).  Needs xvfb, wireshark-qt, xdotool, imagemagick and tshark.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
plugin_dir=$src/build/plugins
if [ "${1:-}" = --plugin-dir ]; then plugin_dir=${2:?--plugin-dir needs a folder}; shift 2; fi
out=${1:-$src/docs/screenshots}
sample=$src/samples/conversation-official.pcap
disp=${IPMSG_GUI_DISPLAY:-47}
W=1400 H=900
# The profile's background colours (profile/IPMsg/colorfilters) as Qt draws them.
COLOUR_MESSAGE='#D0F8C4' COLOUR_FILE='#C4E6FF'
COLOUR_SELECTED='#308CC6'    # Qt's selected row

say() { echo "gui: $*"; }
# fail: say why, list the windows, keep the screen as OUTDIR/failed-screen.png.
fail() {
    local w
    echo "gui: FAIL: $*" >&2
    if [ -n "${xvfb_pid:-}" ]; then
        for w in $(xdotool search --onlyvisible --name . 2>/dev/null); do
            echo "gui: window $w: '$(xdotool getwindowname "$w" 2>/dev/null)'" >&2
        done
        import -window root "$out/failed-screen.png" 2>/dev/null &&
            echo "gui: the screen at that moment: $out/failed-screen.png" >&2
    fi
    [ ! -s "${WS_DIR:-/nonexistent}/wireshark.log" ] || sed 's/^/gui: wireshark: /' "$WS_DIR/wireshark.log" >&2
    exit 1
}
die() { echo "gui: $*" >&2; exit 2; }

for c in Xvfb wireshark; do
    command -v "$c" >/dev/null || { say "SKIP: $c is not installed (Debian: xvfb, wireshark-qt)"; exit 77; }
done
for c in xdotool import identify convert tshark setsid; do
    command -v "$c" >/dev/null || die "$c is not installed (Debian: xdotool, imagemagick, tshark, util-linux)"
done
if [ -e "/tmp/.X$disp-lock" ] || [ -e "/tmp/.X11-unix/X$disp" ]; then
    die "display :$disp is in use (/tmp/.X$disp-lock or /tmp/.X11-unix/X$disp exists); set IPMSG_GUI_DISPLAY to a free number"
fi
[ -f "$sample" ] || die "$sample is missing"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# Scratch dir (and its removal on exit) and the plugin check with tshark.
# shellcheck source=../lib/tshark.sh
. "$src/tests/lib/tshark.sh"
ws_setup "$plugin_dir"
ws_check_plugin
xvfb_pid='' ws_pid=''
gui_cleanup() {
    local p
    if [ -n "$ws_pid" ]; then kill -TERM -- "-$ws_pid" 2>/dev/null || true; fi
    if [ -n "$xvfb_pid" ]; then kill -TERM "$xvfb_pid" 2>/dev/null || true; fi
    for p in $ws_pid $xvfb_pid; do
        for _ in $(seq 25); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    done
    if [ -n "$ws_pid" ]; then kill -KILL -- "-$ws_pid" 2>/dev/null || true; fi
    if [ -n "$xvfb_pid" ]; then kill -KILL "$xvfb_pid" 2>/dev/null || true; fi
    ws_cleanup
}
trap gui_cleanup EXIT

# The user's scratch HOME: plugin, profile, window geometry.
home=$WS_DIR/home
data=$(ws_stage "$sample")
shots=$WS_DIR/shots
mkdir -p "$WS_DIR/src/tools" "$WS_DIR/src/profile" "$WS_DIR/run" "$shots" "$home/.local/lib/wireshark"
cp "$src/tools/install-profile.sh" "$WS_DIR/src/tools/"
cp -R "$src/profile/IPMsg" "$WS_DIR/src/profile/"
chmod -R a+rX "$WS_DIR/src"
cp -R "$WS_DIR/plugins" "$home/.local/lib/wireshark/plugins"    # as tools/install-user.sh
as_user=(env -i PATH=/usr/bin:/bin HOME="$home" XDG_RUNTIME_DIR="$WS_DIR/run"
         DISPLAY=":$disp" LANG=C.UTF-8 TZ=UTC)
if [ "$(id -u)" = 0 ]; then
    chown -R "$WS_UNPRIV_UID:$WS_UNPRIV_GID" "$home" "$WS_DIR/run"
    as_user=(setpriv --reuid="$WS_UNPRIV_UID" --regid="$WS_UNPRIV_GID" --clear-groups "${as_user[@]}")
fi
chmod 700 "$WS_DIR/run"
"${as_user[@]}" bash "$WS_DIR/src/tools/install-profile.sh" | sed 's/^/gui: /'
conf=$home/.config/wireshark
[ -f "$conf/profiles/IPMsg/preferences" ] || fail "tools/install-profile.sh did not install $conf/profiles/IPMsg"
# Window and pane sizes for the screenshots (not part of the profile).
printf '%s\n' "gui.geometry_main_x: 0" "gui.geometry_main_y: 0" \
    "gui.geometry_main_width: $W" "gui.geometry_main_height: $H" \
    "gui.geometry_main_maximized: FALSE" "gui.last_used_profile: IPMsg" \
    "privs.warn_if_elevated: FALSE" "sys.warn_if_no_capture: FALSE" \
    "gui.search_in: PACKET_DETAILS" "gui.search_type: STRING" |
    "${as_user[@]}" sh -c "cat >'$conf/recent_common'"
printf '%s\n' "gui.geometry_main_upper_pane: 420" "gui.geometry_main_lower_pane: 700" |
    "${as_user[@]}" sh -c "cat >>'$conf/profiles/IPMsg/recent'"

# wait_until SECONDS WHAT COMMAND...: run COMMAND every 0.25 s until it succeeds.
wait_until() {
    local secs=$1 what=$2 end
    shift 2
    end=$((SECONDS + secs))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$end" ] || fail "$what: not within $secs s"
        if [ -n "$ws_pid" ] && ! kill -0 "$ws_pid" 2>/dev/null; then fail "$what: wireshark exited"; fi
        sleep 0.25
    done
}
window() { xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1; }
has_window() { [ -n "$(window "$1")" ]; }
no_window() { [ -z "$(window "$1")" ]; }
shot() { import -window root -define png:exclude-chunks=date,time "$1"; }
# pixels FILE COLOUR: how many pixels have exactly that colour.
pixels() { convert "$1" +transparent "$2" -alpha extract -format '%[fx:int(mean*w*h+0.5)]' info:; }
coloured() {    # FILE: the packet list shows IPMsg messages and file transfers
    shot "$1" && [ "$(pixels "$1" "$COLOUR_MESSAGE")" -gt 3000 ] && [ "$(pixels "$1" "$COLOUR_FILE")" -gt 1000 ]
}
keys() { xdotool key --delay 150 "$@"; sleep 0.5; }
focus() { xdotool windowfocus --sync "$1"; sleep 0.2; }
# place WINDOW X Y WIDTH HEIGHT (there is no window manager to do it).
place() { xdotool windowsize --sync "$1" "$4" "$5"; xdotool windowmove --sync "$1" "$2" "$3"; sleep 0.7; }

export DISPLAY=:$disp
Xvfb ":$disp" -screen 0 "${W}x${H}x24" -nolisten tcp >"$WS_DIR/xvfb.log" 2>&1 &
xvfb_pid=$!
wait_until 10 "Xvfb on :$disp" xdotool getdisplaygeometry
kill -0 "$xvfb_pid" 2>/dev/null || die "Xvfb :$disp exited: $(cat "$WS_DIR/xvfb.log")"

start=$SECONDS
# Own process group, so that the cleanup also ends what Wireshark starts.
setsid "${as_user[@]}" wireshark -C IPMsg -r "$data" -Y ipmsg -g 54 >"$WS_DIR/wireshark.log" 2>&1 &
ws_pid=$!
title='^conversation-official\.pcap'
wait_until 60 "Wireshark window titled conversation-official.pcap" has_window "$title"
main=$(window "$title")
say "window '$(xdotool getwindowname "$main")' after $((SECONDS - start)) s"
geom=$(xdotool getwindowgeometry "$main" | sed -n 's/.*Geometry: //p')
[ "$geom" = "${W}x$H" ] || fail "main window is $geom, not ${W}x$H"
# The pointer out of the way, over the toolbar (no hover highlight in the list).
xdotool mousemove --window "$main" "$((W - 10))" 45
wait_until 30 "packet list in the profile's IPMsg colours" coloured "$shots/probe.png"

# 1. Frame 33 mid-list (Go to packet 32, as 54 is selected), then Edit →
# Find Packet for the text "File name: report.txt" in the packet details
# (recent_common above sets the search to String in Packet details): it
# selects the next packet with that text, 33, and the item, expanding IP
# Messenger, Attachments and "Attachment: report.txt" above it.
focus "$main"
keys ctrl+g
xdotool type --delay 60 32
keys Return
keys ctrl+f
xdotool type --delay 30 'File name: report.txt'
keys Return
sleep 1
keys Escape
sleep 0.5
coloured "$shots/wireshark-ipmsg.png" || fail "wireshark-ipmsg.png lacks the IPMsg colours"
# Find selected an item in the details pane (left half below the list, which
# the pane sizes above put at y 510): a row of selection blue there.
n=$(pixels "$shots/wireshark-ipmsg.png[$((W / 2 - 10))x$((H - 550))+0+510]" "$COLOUR_SELECTED")
[ "$n" -gt 5000 ] || fail "no item selected in the packet details: Find did not find 'File name: report.txt'"

# 2. Statistics → IPMsg → Commands and dialects (IPMsg is the third entry
# from the bottom of the Statistics menu).
focus "$main"
keys alt+s
keys Up Up Up Right Return
stats_title='Commands and dialects · conversation-official'
wait_until 20 "statistics dialog titled '$stats_title'" has_window "$stats_title"
stats=$(window "$stats_title")
say "statistics dialog '$(xdotool getwindowname "$stats")'"
place "$stats" 250 60 900 800
# Sort by Count, most frequent first: two clicks (ascending, descending) on
# its header, at a position relative to the dialog.
xdotool mousemove --window "$stats" 245 22 click 1
sleep 0.8
xdotool click 1
sleep 0.5
xdotool mousemove --window "$main" "$((W - 10))" 45    # out of the way again
sleep 1
shot "$shots/wireshark-stats.png"
focus "$stats"
keys Escape
wait_until 10 "statistics dialog closed" no_window "$stats_title"

# 3. The start of the capture (Go → First Packet: entries, messages), then
# View → Coloring Rules (eighth entry from the bottom) over the details.
focus "$main"
keys ctrl+Home
keys alt+v
keys Up Up Up Up Up Up Up Up Return
rules_title='Coloring Rules IPMsg'
wait_until 20 "dialog titled '$rules_title'" has_window "$rules_title"
rules=$(window "$rules_title")
say "colouring rules dialog '$(xdotool getwindowname "$rules")'"
place "$rules" 100 500 1200 380
sleep 1
shot "$shots/wireshark-profile.png"
focus "$rules"
keys Escape

# Every picture: the screen's size, and a real picture (not one colour).
for f in wireshark-ipmsg wireshark-stats wireshark-profile; do
    read -r w h k < <(identify -format '%w %h %k\n' "$shots/$f.png")
    if [ "$w" != "$W" ] || [ "$h" != "$H" ]; then fail "$f.png is ${w}x$h, not ${W}x$H"; fi
    [ "$k" -gt 1000 ] || fail "$f.png has only $k colours"
    say "$f.png: ${w}x$h, $k colours"
done
cp "$shots"/wireshark-ipmsg.png "$shots"/wireshark-stats.png "$shots"/wireshark-profile.png "$out/"
say "PASS: screenshots in $out ($((SECONDS - start)) s with Wireshark)"
