# shellcheck shell=bash
# Run the system tshark with the plugin from a build tree.  Source this file.
#
# tshark ignores WIRESHARK_PLUGIN_DIR (and the personal plugin folder) when it
# runs with privileges, and root always counts as privileged, so as root every
# run goes through setpriv to uid/gid 65534 (nobody).  That user cannot read a
# build tree under /root, so the plugin and the capture files are copied into
# a private scratch directory that it can read.  HOME and WIRESHARK_CONFIG_DIR
# point into the scratch directory too, so neither the user's preferences nor
# a personally installed ipmsg.so leaks into the output.
#
#   ws_setup PLUGIN_DIR     create the scratch dir; PLUGIN_DIR is the build's
#                           plugins/ folder (holding <X.Y>/epan/ipmsg.so)
#   ws_stage FILE...        copy files into it; prints their staged paths
#   ws_tshark ARG...        run tshark as described (environment passes through)
#   "${WS_TSHARK[@]}" ARG...  the same as a plain command, e.g. for `timeout`
#   ws_editcap ARG...       run editcap (as the caller; output is made readable)
#   ws_check_plugin         fail with a message unless the plugin loads
#   ws_proto_names          "full name<TAB>short name" of the protocols whose
#                           filter name starts with "ipmsg", one per line
#   ws_cleanup              remove the scratch dir (ws_setup makes it run on exit,
#                           also after SIGINT/SIGTERM)
#
# Variables: WS_DIR (scratch dir), WS_DATA (where ws_stage copies to).

WS_DIR=
WS_DATA=
WS_TSHARK=()
WS_UNPRIV_UID=65534
WS_UNPRIV_GID=65534

ws_die() {
    echo "tests/lib/tshark.sh: $*" >&2
    exit 2
}

ws_cleanup() {
    if [ -n "$WS_DIR" ] && [ -d "$WS_DIR" ]; then
        rm -rf "$WS_DIR"
    fi
    WS_DIR=
}

ws_setup() {
    local plugin_dir=$1
    [ -d "$plugin_dir" ] || ws_die "plugin directory '$plugin_dir' does not exist (build the plugin first)"
    ls "$plugin_dir"/*/epan/*.so >/dev/null 2>&1 ||
        ws_die "no <X.Y>/epan/*.so under '$plugin_dir' (build the plugin first)"
    command -v tshark >/dev/null || ws_die "tshark is not installed"
    # As root the scratch dir must be reachable by nobody: /tmp, not $TMPDIR.
    local base=${TMPDIR:-/tmp}
    [ "$(id -u)" != 0 ] || base=/tmp
    WS_DIR=$(mktemp -d "$base/ipmsg-ws.XXXXXX")
    trap ws_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    mkdir -p "$WS_DIR/plugins" "$WS_DIR/home" "$WS_DIR/config" "$WS_DIR/data" "$WS_DIR/extcap"
    cp -R "$plugin_dir"/. "$WS_DIR/plugins/"
    WS_DATA=$WS_DIR/data
    chmod -R a+rX "$WS_DIR"
    WS_TSHARK=(env HOME="$WS_DIR/home" XDG_CONFIG_HOME="$WS_DIR/home/.config"
               WIRESHARK_CONFIG_DIR="$WS_DIR/config" WIRESHARK_PLUGIN_DIR="$WS_DIR/plugins"
               WIRESHARK_EXTCAP_DIR="$WS_DIR/extcap" LC_ALL=C.UTF-8 TZ=UTC)
    # No extcap programs (an empty folder): decoding files needs none, and
    # tshark would start every one at start-up.  A plugin built with ASan/UBSan
    # (build-asan): its runtime must be loaded first; leaks are tshark's own
    # business, any other report stops tshark.
    if [ -n "${IPMSG_SANITIZER_PRELOAD:-}" ]; then
        WS_TSHARK+=(LD_PRELOAD="$IPMSG_SANITIZER_PRELOAD"
                    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:allocator_may_return_null=1
                    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)
    fi
    WS_TSHARK+=(tshark)
    if [ "$(id -u)" = 0 ]; then
        command -v setpriv >/dev/null || ws_die "running as root needs setpriv (util-linux)"
        # tshark may write below HOME and the config dir: let nobody own them.
        chown -R "$WS_UNPRIV_UID:$WS_UNPRIV_GID" "$WS_DIR/home" "$WS_DIR/config"
        WS_TSHARK=(setpriv --reuid="$WS_UNPRIV_UID" --regid="$WS_UNPRIV_GID" --clear-groups
                   "${WS_TSHARK[@]}")
    fi
}

ws_stage() {
    local f dest
    for f in "$@"; do
        dest=$WS_DATA/$(basename "$f")
        cp "$f" "$dest"
        chmod a+r "$dest"
        printf '%s\n' "$dest"
    done
}

ws_tshark() {
    [ ${#WS_TSHARK[@]} -gt 0 ] || ws_die "ws_tshark called before ws_setup"
    "${WS_TSHARK[@]}" "$@"
}

ws_editcap() {
    editcap "$@" || return
    local last=${*: -1}
    chmod a+r "$last"
}

ws_check_plugin() {
    local plugins
    plugins=$(ws_tshark -G plugins 2>&1) || ws_die "tshark -G plugins failed: $plugins"
    if ! grep -q 'ipmsg\.so' <<<"$plugins"; then
        echo "tshark did not load ipmsg.so from $WS_DIR/plugins; it said:" >&2
        echo "$plugins" >&2
        exit 2
    fi
    ws_tshark -G protocols 2>/dev/null | awk -F'\t' '$3 == "ipmsg" {found=1} END {exit !found}' ||
        ws_die "ipmsg.so loaded but registers no protocol 'ipmsg'"
}

ws_proto_names() {
    ws_tshark -G protocols 2>/dev/null | awk -F'\t' '$3 ~ /^ipmsg/ {print $1 "\t" $2}'
}
