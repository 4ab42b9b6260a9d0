#!/bin/bash
# Install the IPMsg configuration profile (profile/IPMsg: columns User,
# Nickname, Command and Message and their widths; colouring rules for IPMsg
# errors, warnings, file transfers, messages, entries and exits) for the
# current user (no root):
#
#   tools/install-profile.sh               install or update it
#   tools/install-profile.sh --uninstall   remove it
#
# It goes where Wireshark looks for the user's profiles:
# $WIRESHARK_CONFIG_DIR/profiles/IPMsg when that variable is set, else
# ~/.config/wireshark/profiles/IPMsg ($XDG_CONFIG_HOME when set; ~/.wireshark
# when only that old folder exists).  Running it again updates preferences
# and colorfilters, keeping one changed since (Wireshark rewrites them when
# you save preferences or colouring rules in this profile) as FILE.bak;
# recent (column widths; Wireshark rewrites it on every exit) is installed
# only where there is none.  Use it with `wireshark -C IPMsg`,
# `tshark -C IPMsg`, or Edit → Configuration Profiles.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)/profile/IPMsg
: "${HOME:?HOME is not set}"
uninstall=0
case "${1:-}" in
    "") ;;
    --uninstall) uninstall=1 ;;
    *) echo "usage: $0 [--uninstall]" >&2; exit 1 ;;
esac

if [ -n "${WIRESHARK_CONFIG_DIR:-}" ]; then
    conf=$WIRESHARK_CONFIG_DIR
else
    conf=${XDG_CONFIG_HOME:-$HOME/.config}/wireshark
    # Wireshark keeps using ~/.wireshark when it exists and the XDG folder does not.
    if [ ! -d "$conf" ] && [ -d "$HOME/.wireshark" ]; then conf=$HOME/.wireshark; fi
fi
dest=$conf/profiles/IPMsg

if [ "$uninstall" = 1 ]; then
    if [ -d "$dest" ]; then
        rm -rf "$dest"
        echo "install-profile: removed $dest"
    else
        echo "install-profile: nothing to remove ($dest does not exist)"
    fi
    exit 0
fi

[ -f "$src/preferences" ] || { echo "install-profile: $src/preferences is missing" >&2; exit 1; }
mkdir -p "$dest"
for f in "$src"/*; do
    name=$(basename "$f")
    if [ "$name" = recent ] && [ -f "$dest/recent" ]; then continue; fi
    if [ -f "$dest/$name" ] && ! cmp -s "$f" "$dest/$name"; then
        cp -p "$dest/$name" "$dest/$name.bak"
        echo "install-profile: kept your changed $name as $dest/$name.bak"
    fi
    cp "$f" "$dest/$name"
done
echo "install-profile: installed the IPMsg profile in $dest"
echo "install-profile: use it with 'wireshark -C IPMsg' or Edit > Configuration Profiles"
