#!/bin/bash
# Replay test: decode every samples/*.pcap with the plugin from the build tree
# and compare with tests/replay/expected/<name>.txt.
#
#   run.sh [--plugin-dir DIR] [--update] [NAME...]
#
#   --plugin-dir DIR  the build's plugins/ folder (default: $IPMSG_PLUGIN_DIR,
#                     else build/plugins)
#   --update          write the expected files instead of comparing
#   --samples DIR     decode DIR/<name>.pcap instead of samples/<name>.pcap
#                     (a re-recording of scripted samples by
#                     samples/record-scripted.sh): the expected files are
#                     those of the committed captures, with the values of
#                     ipmsg.response_time left out on both sides, since a
#                     re-recording differs in its timestamps only
#   NAME...           only these samples (default: all)
#
# A new capture in samples/ is a new test case: run with --update, read the
# new expected file critically, commit both.  Preferences are the defaults;
# a sample that needs others (say, a character set, or the key table) lists
# extra tshark arguments in tests/replay/options/<name>.opts, one per line;
# @KEYS@ there stands for the folder of the test keys (samples/src/keys).
#
# What the expected file holds, and why:
#   - one line per frame: number, Protocol and Info columns.  Every frame is
#     listed so that a packet that stops (or starts) being IPMsg shows up; the
#     Info column only where IPMsg wrote it (TCP's and IP's Info texts are
#     Wireshark's business and change between minor versions).
#   - under it, the FIELDS of the plugin's layers (every protocol whose filter
#     name starts with "ipmsg", from `tshark -T json -J`), flattened by
#     flatten.py: the layer name, then one "abbrev: value" line per field in
#     tshark's order, indented two spaces per level of the protocol tree, with
#     the value as a display filter sees it ("show"), e.g.
#         frame 1 | IPMsg | SENDMSG [SENDCHECK] #1700000010 alice@PC01: "Hello…"
#         ipmsg
#           ipmsg.version: 1
#             ipmsg.format_version: 1
#           ipmsg.packet_no: 1700000010
#           ipmsg.command: 288
#             ipmsg.command.mode: 0x00000020
#           ...
#           expert: ipmsg.match.unanswered Note Sequence: No RECVMSG (receipt) ...
#     Expert infos are one line each (filter name, severity, group, message),
#     so regressions in malformed-packet handling show in review; values over
#     160 characters are cut to 120 plus their length (file data, keys).
#     Fields, not `tshark -V` text: labels, bitmask renderings, value-string
#     names and text appended to items are presentation that Wireshark minor
#     updates change, while filter names and values are the plugin's API.
#     flatten.py also writes times, byte strings and booleans one way
#     whatever the version prints (4.2 switched JSON times to ISO 8601).
#     A "[Malformed Packet]" from an exception shows as a _ws.malformed layer.
#     Other protocols' fields (Frame/Ethernet/IP/UDP/TCP) are never shown.
#   - decoded with -2 (two passes), as the GUI does, so request/response links
#     that point forward (ipmsg.response_in) are present.
# In addition the ipmsg fields of a one-pass decode (-T fields, every ipmsg*
# field except frame references, which may point forward) must equal those of
# the two-pass decode: state built on the first pass must not change what a
# later pass shows.  The exceptions are the expert infos that need the whole
# capture (LATE_FIELDS below: a message nobody acknowledged, a transfer or
# directory stream that stopped short); a one-pass decode shows them only
# where the end was already known (the server's FIN in a data segment), so
# there they must be a subset of the two-pass ones.
#
# Export objects: when tests/replay/objects/<name>.txt exists, or the sample
# exports anything, the files that `tshark --export-objects ipmsg,DIR` writes
# (one pass and -2) must be those listed there (name as written, size,
# SHA-256, passes), and every file under tests/replay/objects/<name>/ (the
# bytes the scenario sends, written independently of the dissector) must be
# exported byte for byte, under its path ('/' and ':' percent-encoded as
# tshark writes them).
#
# Statistics: when tests/replay/stats/<name>.txt exists, `tshark -q -z
# ipmsg,tree -z ipmsg_hosts,tree` must print it, in one pass and with -2.
# To add a sample, create the file empty and run with --update.
# shellcheck source-path=SCRIPTDIR
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=../lib/tshark.sh
. "$repo/tests/lib/tshark.sh"

plugin_dir=${IPMSG_PLUGIN_DIR:-$repo/build/plugins}
update=0
samples_dir=
names=()
while [ $# -gt 0 ]; do
    case $1 in
        --plugin-dir) plugin_dir=$2; shift 2 ;;
        --plugin-dir=*) plugin_dir=${1#*=}; shift ;;
        --update) update=1; shift ;;
        --samples) samples_dir=$2; shift 2 ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) names+=("$1"); shift ;;
    esac
done

samples=${samples_dir:-$repo/samples}
if [ -n "${samples_dir:-}" ] && [ "$update" = 1 ]; then
    echo "run.sh: --update writes expectations from samples/ only" >&2
    exit 2
fi
expected=$here/expected
all=0
if [ ${#names[@]} -eq 0 ]; then
    all=1
    for f in "$samples"/*.pcap; do
        [ -e "$f" ] && names+=("$(basename "$f" .pcap)")
    done
fi
[ ${#names[@]} -gt 0 ] || { echo "run.sh: no captures in $samples" >&2; exit 2; }

[ -x /usr/bin/python3 ] || { echo "run.sh: /usr/bin/python3 is needed (tests/replay/flatten.py)" >&2; exit 2; }
ws_setup "$plugin_dir"
ws_check_plugin
# The plugin's protocols: "full name<TAB>short name" (short names: the
# Protocol column values whose Info the expected file shows) and filter names
# (the layers whose fields it shows).
mapfile -t protos < <(ws_proto_names)
mapfile -t proto_filters < <(ws_tshark -G protocols 2>/dev/null | awk -F'\t' '$3 ~ /^ipmsg/ {print $3}')
short_names=$(printf '%s\n' "${protos[@]}" | cut -f2 | paste -sd,)
# -J: the plugin's layers, and Wireshark's "[Malformed Packet]" marker that an
# exception in a dissector leaves
json_layers="${proto_filters[*]} _ws.malformed"
ws_tshark -G fields 2>/dev/null >"$WS_DIR/fields" || { echo "run.sh: tshark -G fields failed" >&2; exit 2; }
# abbrev<TAB>type of every field, for flatten.py's version-independent values
awk -F'\t' '$1 == "F" {print $3 "\t" $4}' "$WS_DIR/fields" >"$WS_DIR/field-types"
# ipmsg* fields for the one-pass/two-pass comparison; FT_FRAMENUM fields may
# point forward and are only complete after two passes.
mapfile -t cmp_fields < <(awk -F'\t' '$1 == "F" && $5 ~ /^ipmsg/ && $4 != "FT_FRAMENUM" {print $3}' "$WS_DIR/fields" | sort -u)
cmp_args=(-e frame.number)
for f in "${cmp_fields[@]}"; do
    cmp_args+=(-e "$f")
done

# Expert infos that need the whole capture: see the comment at the top.
LATE_FIELDS='^(ipmsg\.match\.unanswered|ipmsg\.transfer\.size_mismatch|ipmsg\.dir\.truncated)$'

# decode PCAP NAME: the expected-file text on stdout (uses $opts)
decode() {
    local pcap=$1 name=$2 cols=$WS_DIR/cols.txt json=$WS_DIR/decode.json
    ws_tshark -n -2 "${opts[@]}" -r "$pcap" -T fields -E header=n -E separator=/t \
        -e frame.number -e _ws.col.Protocol -e _ws.col.Info >"$cols" || return 1
    ws_tshark -n -2 "${opts[@]}" -r "$pcap" -T json -J "$json_layers" >"$json" || return 1
    printf '# samples/%s.pcap decoded with tshark -2%s -T json -J "%s" (tests/replay/run.sh; update with --update)\n' \
        "$name" "$(shown_opts)" "$json_layers"
    # (key file names in expert texts as in the .opts file)
    /usr/bin/python3 "$here/flatten.py" --columns "$cols" --info-protocols "$short_names" \
        --protocols "${json_layers// /,}" --field-types "$WS_DIR/field-types" "$json" | sed "s|$keys|@KEYS@|g"
}

# ipmsg fields as "frame<TAB>field<TAB>value" lines, one pass or two
fields_of() {
    ws_tshark -n "${opts[@]}" "$@" -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, \
        "${cmp_args[@]}" |
        awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
                    { for (i = 2; i <= NF; i++) if ($i != "") print $1 "\t" h[i] "\t" $i }'
}

# compare_fields ONE TWO: one-pass and two-pass field lines agree (see top)
compare_fields() {
    local one=$1 two=$2
    awk -F'\t' -v late="$LATE_FIELDS" '$2 !~ late' "$one" >"$one.early"
    awk -F'\t' -v late="$LATE_FIELDS" '$2 !~ late' "$two" >"$two.early"
    awk -F'\t' -v late="$LATE_FIELDS" '$2 ~ late' "$one" | sort >"$one.late"
    awk -F'\t' -v late="$LATE_FIELDS" '$2 ~ late' "$two" | sort >"$two.late"
    diff -u --label "one pass" --label "two passes" "$one.early" "$two.early" || return 1
    if [ -n "$(comm -23 "$one.late" "$two.late")" ]; then
        echo "shown in one pass but not in two:"
        comm -23 "$one.late" "$two.late"
        return 1
    fi
}

# exports DIR: "name<TAB>size<TAB>sha256" of the files in DIR, sorted
exports() {
    local f
    (cd "$1" && for f in *; do
        [ -f "$f" ] || continue
        printf '%s\t%s\t%s\n' "$f" "$(stat -c %s -- "$f")" "$(sha256sum -- "$f" | cut -d' ' -f1)"
    done) | LC_ALL=C sort
}

# objects_of PCAP NAME: the objects listing on stdout
objects_of() {
    local pcap=$1 name=$2 one=$WS_DIR/eo1 two=$WS_DIR/eo2
    rm -rf "$one" "$two"
    mkdir -p "$one" "$two"
    chmod 777 "$one" "$two"
    ws_tshark -n "${opts[@]}" -r "$pcap" -q --export-objects "ipmsg,$one" >/dev/null || return 1
    ws_tshark -n -2 "${opts[@]}" -r "$pcap" -q --export-objects "ipmsg,$two" >/dev/null || return 1
    printf '# Files that tshark --export-objects ipmsg,DIR writes for samples/%s.pcap\n' "$name"
    printf '# (tests/replay/run.sh; update with --update): name as written (tshark\n'
    printf '# percent-encodes / and :), bytes, SHA-256, passes (1: one pass, 2: tshark -2).\n'
    LC_ALL=C join -t "$(printf '\t')" -a 1 -a 2 -e - -o 0,1.2,1.3,2.2,2.3 \
        <(exports "$one" | awk -F'\t' '{print $1 "|" $2 "|" $3 "\t" $2 "\t" $3}' | LC_ALL=C sort) \
        <(exports "$two" | awk -F'\t' '{print $1 "|" $2 "|" $3 "\t" $2 "\t" $3}' | LC_ALL=C sort) |
        awk -F'\t' '{ split($1, k, "|"); p = ($2 != "-" ? "1" : "") ($2 != "-" && $4 != "-" ? "," : "") ($4 != "-" ? "2" : "")
                      print k[1] "\t" k[2] "\t" k[3] "\t" p }'
}

# check_originals NAME: every file under objects/NAME/ (symbolic links
# followed: the scripted samples point at what ipmsg-peer served) was exported (two
# passes) with exactly its bytes
check_originals() {
    local name=$1 dir=$here/objects/$1 f rel enc status=0
    [ -d "$dir" ] || return 0
    while IFS= read -r -d '' f; do
        rel=${f#"$dir"/}
        enc=$(printf '%s' "$rel" | sed -e 's/%/%25/g' -e 's|/|%2f|g' -e 's/:/%3a/g')
        if [ ! -e "$WS_DIR/eo2/$enc" ]; then
            echo "objects/$name/$rel was not exported (expected $enc)"
            status=1
        elif ! cmp -- "$f" "$WS_DIR/eo2/$enc"; then
            echo "objects/$name/$rel differs from the exported $enc"
            status=1
        fi
    done < <(find -L "$dir" -type f -print0)
    return "$status"
}

# stats_of PCAP [-2]: the IPMsg statistics trees
stats_of() {
    local pcap=$1
    shift
    ws_tshark -n "$@" "${opts[@]}" -r "$pcap" -q -z ipmsg,tree -z ipmsg_hosts,tree
}

# untimed: the decode without what depends on the capture's timestamps,
# when comparing a re-recording (--samples)
untimed() {
    if [ -n "$samples_dir" ]; then
        sed 's/^\( *ipmsg\.response_time: \).*/\1(time)/'
    else
        cat
    fi
}

# shown_opts: " " + the sample's extra options as in its .opts file (@KEYS@
# as written), for the expected file's first line
shown_opts() {
    [ ${#opts[@]} -gt 0 ] || return 0
    printf ' %s' "${opts[*]//"$keys"/@KEYS@}"
}

keys=$WS_DATA/keys
mkdir -p "$keys"
cp "$repo"/samples/src/keys/*.pem "$keys/"
chmod -R a+rX "$keys"

pass=0
fail=0
mkdir -p "$expected"
for name in "${names[@]}"; do
    src=$samples/$name.pcap
    if [ ! -e "$src" ]; then
        echo "FAIL $name: $src does not exist"
        fail=$((fail + 1))
        continue
    fi
    pcap=$(ws_stage "$src")
    opts=()
    if [ -e "$here/options/$name.opts" ]; then
        # @KEYS@: the test keys of samples/src/keys, copied where tshark's
        # unprivileged user can read them
        mapfile -t opts < <(grep -v -e '^#' -e '^[[:space:]]*$' "$here/options/$name.opts" |
                            sed "s|@KEYS@|$keys|g")
    fi
    actual=$WS_DIR/$name.actual
    if ! decode "$pcap" "$name" >"$actual"; then
        echo "FAIL $name: decode failed (tshark or tests/replay/flatten.py; see above)"
        fail=$((fail + 1))
        continue
    fi
    if [ "$update" = 1 ]; then
        if cmp -s "$actual" "$expected/$name.txt"; then
            echo "same $name"
        else
            cp "$actual" "$expected/$name.txt"
            echo "WROTE $expected/$name.txt"
        fi
    elif [ ! -e "$expected/$name.txt" ]; then
        echo "FAIL $name: no expected output; create it with: tests/replay/run.sh --update $name"
        fail=$((fail + 1))
        continue
    elif ! diff -u --label "expected/$name.txt" --label "actual" <(untimed <"$expected/$name.txt") \
            <(untimed <"$actual"); then
        echo "FAIL $name: decode differs from tests/replay/expected/$name.txt (diff above)"
        fail=$((fail + 1))
        continue
    fi
    if ! fields_of -r "$pcap" >"$WS_DIR/one" || ! fields_of -2 -r "$pcap" >"$WS_DIR/two"; then
        echo "FAIL $name: tshark -T fields failed"
        fail=$((fail + 1))
        continue
    fi
    if ! compare_fields "$WS_DIR/one" "$WS_DIR/two"; then
        echo "FAIL $name: one-pass and two-pass ipmsg fields differ (frame, field, value; diff above)"
        fail=$((fail + 1))
        continue
    fi

    objects=$here/objects/$name.txt
    if ! objects_of "$pcap" "$name" >"$WS_DIR/objects"; then
        echo "FAIL $name: tshark --export-objects failed"
        fail=$((fail + 1))
        continue
    fi
    if [ -e "$objects" ] || grep -q -v '^#' "$WS_DIR/objects"; then
        if [ "$update" = 1 ]; then
            cmp -s "$WS_DIR/objects" "$objects" || { cp "$WS_DIR/objects" "$objects"; echo "WROTE $objects"; }
        elif [ ! -e "$objects" ]; then
            echo "FAIL $name: it exports objects but tests/replay/objects/$name.txt does not exist (run with --update)"
            fail=$((fail + 1))
            continue
        elif ! diff -u --label "objects/$name.txt" --label "actual" "$objects" "$WS_DIR/objects"; then
            echo "FAIL $name: exported objects differ from tests/replay/objects/$name.txt (diff above)"
            fail=$((fail + 1))
            continue
        fi
        if ! check_originals "$name"; then
            echo "FAIL $name: exported objects differ from the originals in tests/replay/objects/$name/"
            fail=$((fail + 1))
            continue
        fi
    fi

    stats=$here/stats/$name.txt
    if [ -e "$stats" ]; then
        if ! stats_of "$pcap" >"$WS_DIR/stats1" || ! stats_of "$pcap" -2 >"$WS_DIR/stats2"; then
            echo "FAIL $name: tshark -z failed"
            fail=$((fail + 1))
            continue
        fi
        if ! diff -u --label "one pass" --label "two passes" "$WS_DIR/stats1" "$WS_DIR/stats2"; then
            echo "FAIL $name: statistics differ between one and two passes (diff above)"
            fail=$((fail + 1))
            continue
        fi
        if [ "$update" = 1 ]; then
            cmp -s "$WS_DIR/stats1" "$stats" || { cp "$WS_DIR/stats1" "$stats"; echo "WROTE $stats"; }
        elif ! diff -u --label "stats/$name.txt" --label "actual" "$stats" "$WS_DIR/stats1"; then
            echo "FAIL $name: statistics differ from tests/replay/stats/$name.txt (diff above)"
            fail=$((fail + 1))
            continue
        fi
    fi
    echo "ok   $name"
    pass=$((pass + 1))
done

if [ "$all" = 1 ] && [ -z "$samples_dir" ]; then
    for f in "$expected"/*.txt "$here"/objects/*.txt "$here"/stats/*.txt; do
        [ -e "$f" ] || continue
        name=$(basename "$f" .txt)
        if [ ! -e "$samples/$name.pcap" ]; then
            echo "FAIL $name: tests/replay/${f#"$here"/} has no samples/$name.pcap (remove it)"
            fail=$((fail + 1))
        fi
    done
fi

echo "replay: $pass passed, $fail failed"
[ "$fail" = 0 ]
