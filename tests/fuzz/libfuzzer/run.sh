#!/bin/bash
# Runs the core's libFuzzer target for a bounded time over the committed
# corpus (tests/fuzz/corpus, read only) plus earlier crash inputs.  A crash
# fails the test and leaves the input in tests/fuzz/crashes/ with the
# command that reproduces it.
#   run.sh FUZZER   (IPMSG_LIBFUZZER_SECONDS, default 60)
set -euo pipefail
fuzzer=$1
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${IPMSG_LIBFUZZER_SECONDS:-60}
crashes=$here/crashes
mkdir -p "$crashes"
work=$(mktemp -d)
trap 'rm -rf "$work" "$work.log"' EXIT

# Earlier crash inputs first: each must now pass.
shopt -s nullglob
old=("$crashes"/core-*)
if [ ${#old[@]} -gt 0 ]; then
    "$fuzzer" "${old[@]}"
fi

# New inputs go to the scratch dir; the committed corpus is only read.
status=0
"$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/core-" -print_final_stats=1 "$work" "$here/corpus" >"$work.log" 2>&1 ||
    status=$?
grep -E '^(Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' "$work.log" || true
if [ "$status" != 0 ]; then
    tail -40 "$work.log" >&2
    rm -f "$work.log"
    echo "libfuzzer: crash (exit $status); input kept in $crashes (reproduce: $fuzzer $crashes/core-...)" >&2
    exit 1
fi
rm -f "$work.log"
echo "libfuzzer: no crash in ${seconds}s"
