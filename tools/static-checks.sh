#!/bin/bash
# tools/static-checks.sh - static checks of the project's C code, one command.
#
#   1. cppcheck (Debian) on core/, plugin/, capture/ (and bench/), through a
#      compile_commands.json made in a temporary build directory;
#   2. clang-tidy (Debian) on the same files, check set below;
#   3. Wireshark's own dissector checkers, taken from the Debian source package
#      of the installed Wireshark (apt-get source with a private apt config in a
#      temporary folder: nothing is installed and nothing is left behind):
#        tools/checkAPIs.pl --group dissectors-prohibited --group dissectors-restricted
#        tools/checkhf.pl, tools/checkfiltername.pl, tools/check_typed_item_calls.py
#      on plugin/*.c;
#   4. the registered display-filter names of the built plugin (tshark -G fields):
#      the fields the plugin registers at run time from the core tables, which
#      checkhf.pl / checkfiltername.pl cannot see in the source.
#
# Usage: tools/static-checks.sh [--ws-tools DIR] [--plugin-dir BUILD/plugins] [--keep]
#   --ws-tools DIR   use Wireshark's tools/ from DIR instead of fetching them
#   --plugin-dir D   built plugins for step 4 (default build/plugins; skipped if absent)
#   --keep           keep the temporary folder (printed)
# Exit status: 0 when every check passes, 1 when any finds something, 2 on a
# usage or setup error, 77 when Wireshark's source cannot be fetched (the test
# static.checks is then skipped).  Needs cppcheck, clang-tidy, clang, cmake, perl, python3.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ws_tools=
plugin_dir=$root/build/plugins
keep=0
while [ $# -gt 0 ]; do
    case $1 in
        --ws-tools) ws_tools=$2; shift 2 ;;
        --plugin-dir) plugin_dir=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "static-checks.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
for t in cppcheck clang-tidy clang cmake perl python3; do
    command -v "$t" >/dev/null || { echo "static-checks.sh: $t not installed (apt-get install $t)" >&2; exit 2; }
done

tmp=$(mktemp -d /tmp/ipmsg-static.XXXXXX)
if [ "$keep" = 1 ]; then echo "temporary folder: $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi

failed=()
step() { printf '\n== %s\n' "$1"; }
result() {  # name rc
    if [ "$2" = 0 ]; then echo "-- $1: ok"; else echo "-- $1: FAILED"; failed+=("$1"); fi
}

# ---- compile_commands.json --------------------------------------------------
step "configure (compile_commands.json, clang)"
if ! cmake -S "$root" -B "$tmp/build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
        -DCMAKE_C_COMPILER=clang >"$tmp/cmake.log" 2>&1; then
    cat "$tmp/cmake.log" >&2
    exit 2
fi
db=$tmp/build/compile_commands.json
mapfile -t sources < <(cd "$root" && ls core/*.c plugin/*.c capture/*.c bench/*.c samples/peer/*.c samples/tools/*.c 2>/dev/null)
# Files in the compile database (bench/ is only there once bench/ is added
# to the top-level CMakeLists.txt).
mapfile -t db_sources < <(python3 - "$db" "$root" <<'PY'
import json, sys, os
db, root = sys.argv[1], sys.argv[2]
seen = set()
for e in json.load(open(db)):
    f = os.path.relpath(os.path.join(e["directory"], e["file"]), root)
    if f.split("/")[0] in ("core", "plugin", "capture", "bench", "samples") and f not in seen:
        seen.add(f); print(f)
PY
)
echo "${#db_sources[@]} of ${#sources[@]} files in the compile database"

# ---- cppcheck ---------------------------------------------------------------
step "cppcheck $(cppcheck --version | awk '{print $2}')"
filters=()
for f in "${db_sources[@]}"; do filters+=("--file-filter=$root/$f"); done
# Suppressions, each a false positive of cppcheck 2.10:
#  missingIncludeSystem  the system/GLib/Wireshark headers are not analysed (by design).
#  uninitvar:core/ipmsg_parse.c  ipmsg_looks_like(): colons[0] is read only after
#                        "n < HEADER_FIELDS ||" proved n >= 1, i.e. colons[0] was written.
#  internalAstError:plugin/packet-ipmsg-tcp.c  cppcheck cannot parse the
#                        IPMSG_PREF_BOOL_GET() compatibility macro (plugin/compat.h);
#                        its own parser bug, not a finding.
(cd "$root" && cppcheck --project="$db" "${filters[@]}" -q -j2 --std=c11 \
    --enable=warning,performance,portability --inline-suppr --error-exitcode=1 \
    --suppress=missingIncludeSystem \
    --suppress="uninitvar:$root/core/ipmsg_parse.c" \
    --suppress="internalAstError:$root/plugin/packet-ipmsg-tcp.c" \
    --cppcheck-build-dir="$(mkdir -p "$tmp/cppcheck" && echo "$tmp/cppcheck")")
result cppcheck $?

# ---- clang-tidy -------------------------------------------------------------
step "clang-tidy $(clang-tidy --version | awk '/version/ {print $NF; exit}')"
# The check set: the static analyzer, bugprone and cert's C rules, and a few
# portability/performance checks.  Left out, with the reason:
#  bugprone-easily-swappable-parameters  style opinion; fires on every (buf, len, off) API.
#  bugprone-reserved-identifier / cert-dcl37-c,cert-dcl51-cpp  Wireshark's own
#      macros and _U_ expand to reserved names.
#  clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling  wants
#      memcpy_s/snprintf_s (C11 Annex K), which glibc does not have.
#  cert-err33-c  demands every fprintf/snprintf result be used.
#  bugprone-narrowing-conversions  size_t -> int for Wireshark's gint lengths are
#      checked where they matter; the check does not see the bounds.
#  performance-no-int-to-ptr  fires on (iconv_t)-1 / (GIConv)-1, the error value
#      iconv_open() is documented to return: the comparison is required.
#  clang-analyzer-optin.performance.Padding  struct layout advice for small
#      constant tables (core/ipmsg_tables.c), not a defect.
#  bugprone-implicit-widening-of-multiplication-result, bugprone-misplaced-widening-cast
#      reviewed: every hit multiplies/adds constants or 16-bit values that fit in
#      32 bits (366u*24*3600, 256u*1024*1024, 40 + a 16-bit IPv6 payload length).
# Inline NOLINTs (with their reason next to them): plugin/ipmsg-files.c (an
# array of pointers, sizeof of a pointer on purpose), core/ipmsg_summary.c
# (analyzer false positive on a va_list started on the line before),
# bench/core.c (offsets the loader wrote).  clang-analyzer-valist.Uninitialized
# is off: clang-tidy 14 reports every vfprintf/vsnprintf of a va_list that was
# va_start()ed just before (samples/tools/lex.c, capture/report.c).
checks='-*,clang-analyzer-*,bugprone-*,cert-*,portability-*,performance-*'
checks+=',-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier'
checks+=',-cert-dcl37-c,-cert-dcl51-cpp,-cert-err33-c,-bugprone-narrowing-conversions'
checks+=',-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling'
checks+=',-performance-no-int-to-ptr,-clang-analyzer-optin.performance.Padding'
checks+=',-bugprone-implicit-widening-of-multiplication-result,-bugprone-misplaced-widening-cast'
checks+=',-clang-analyzer-valist.Uninitialized'
rc=0
(cd "$root" && printf '%s\n' "${db_sources[@]}" |
    xargs -P2 -n4 clang-tidy -p "$tmp/build" --quiet --checks="$checks" \
        --warnings-as-errors='*' 2>/dev/null) >"$tmp/tidy.log" || rc=1
grep -E 'warning:|error:' "$tmp/tidy.log" | sort -u
[ "$rc" = 0 ] || tail -n 40 "$tmp/tidy.log"
result clang-tidy $rc

# ---- Wireshark's checkers ---------------------------------------------------
step "Wireshark's dissector checkers"
if [ -z "$ws_tools" ]; then
    ver=$(dpkg-query -W -f='${Version}' libwireshark-dev 2>/dev/null || dpkg-query -W -f='${Version}' tshark)
    src=$tmp/wssrc
    mkdir -p "$src/lists/partial" "$src/cache/archives/partial"
    echo 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main' \
        >"$src/sources.list"
    # bookworm-security and -updates carry the newer 4.0.x point releases.
    echo 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main' \
        >>"$src/sources.list"
    echo 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main' \
        >>"$src/sources.list"
    apt_opts=(-o "Dir::Etc::SourceList=$src/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$src/lists" -o "Dir::Cache=$src/cache"
              -o APT::Sandbox::User=root -o Debug::NoLocking=1)
    if ! apt-get "${apt_opts[@]}" update >"$src/apt.log" 2>&1 ||
       ! (cd "$src" && { apt-get "${apt_opts[@]}" source --download-only "wireshark=$ver" ||
                         apt-get "${apt_opts[@]}" source --download-only wireshark; } >>"$src/apt.log" 2>&1); then
        tail -5 "$src/apt.log" >&2
        echo "static-checks.sh: SKIP: could not fetch Wireshark's source (no archive?); use --ws-tools DIR" >&2
        exit 77
    fi
    orig=$(ls "$src"/wireshark_*.orig.tar.* | head -1)
    top=$(tar tf "$orig" | head -1 | cut -d/ -f1)
    tar xf "$orig" -C "$src" "$top/tools/checkAPIs.pl" "$top/tools/checkhf.pl" \
        "$top/tools/checkfiltername.pl" "$top/tools/check_typed_item_calls.py" || exit 2
    ws_tools=$src/$top/tools
    echo "checkers from $(basename "$orig")"
fi
cd "$root" || exit 2
plugin_c=(plugin/*.c)

out=$(for f in "${plugin_c[@]}"; do
          perl "$ws_tools/checkAPIs.pl" --group dissectors-prohibited --group dissectors-restricted "$f" || echo "exit status $? for $f"
      done 2>&1)
[ -n "$out" ] && echo "$out"
result "checkAPIs.pl" "$([ -z "$out" ] && echo 0 || echo 1)"

out=$(perl "$ws_tools/checkhf.pl" "${plugin_c[@]}" 2>&1); rc=$?
[ -n "$out" ] && echo "$out"
result "checkhf.pl" "$([ $rc = 0 ] && [ -z "$out" ] && echo 0 || echo 1)"

out=$(perl "$ws_tools/checkfiltername.pl" "${plugin_c[@]}" 2>&1); rc=$?
[ -n "$out" ] && echo "$out"
result "checkfiltername.pl" "$([ $rc = 0 ] && [ -z "$out" ] && echo 0 || echo 1)"

rc=0
for f in "${plugin_c[@]}"; do
    # --file is joined to epan/dissectors/ by the script: pass an absolute path.
    o=$(python3 "$ws_tools/check_typed_item_calls.py" --file "$root/$f" --mask --label --missing-items 2>&1)
    n=$(awk '/^[0-9]+ warnings$/ {print $1}' <<<"$o")
    if [ "${n:-x}" != 0 ] || grep -q '^[0-9]* errors$' <<<"$o"; then
        echo "$o"; rc=1
    fi
done
result "check_typed_item_calls.py" $rc

# ---- run-time field names -----------------------------------------------------
step "registered field names (tshark -G fields, the built plugin)"
if ls "$plugin_dir"/*/epan/ipmsg.so >/dev/null 2>&1 && command -v tshark >/dev/null; then
    # shellcheck source=../tests/lib/tshark.sh
    source "$root/tests/lib/tshark.sh"
    ws_setup "$plugin_dir"
    ws_tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" && $3 ~ /^ipmsg/' >"$tmp/fields"
    # Wireshark's rules for a filter name (as checkfiltername.pl and
    # proto_check_field_name apply them): lower case, digits, '_', '.' and '-';
    # under the protocol's own prefix; no duplicates.
    python3 - "$tmp/fields" <<'PY'
import re, sys
bad = 0
seen = {}
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
for r in rows:
    name, proto = r[2], r[4] if len(r) > 4 else ""
    if not re.fullmatch(r"[a-z0-9_.-]+", name):
        print("bad characters:", name); bad += 1
    if not (name == proto or name.startswith(proto + ".")):
        print("not under its protocol %s: %s" % (proto, name)); bad += 1
    if name.endswith(".") or ".." in name:
        print("empty component:", name); bad += 1
    if name in seen and seen[name] != r[3]:
        print("same name, different types:", name, seen[name], r[3]); bad += 1
    seen.setdefault(name, r[3])
print("%d fields checked" % len(rows))
sys.exit(1 if bad or not rows else 0)
PY
    result "field names" $?
else
    echo "no built plugin under $plugin_dir (or no tshark): skipped"
fi

echo
if [ ${#failed[@]} -eq 0 ]; then
    echo "static checks: all passed"
    exit 0
fi
echo "static checks: FAILED: ${failed[*]}"
exit 1
