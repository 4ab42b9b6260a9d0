#!/bin/bash
# The one test command: installs what is missing, builds with -Werror and runs
# every test but capture, replay and fuzz (unit, samples, rerecord, docs,
# compat, static, gui, package), then builds everything with
# AddressSanitizer/UBSan and runs the unit, samples and capture tests there and,
# with the sanitizer runtime preloaded into tshark, the plugin's replay and
# fuzz tests (60 s), then builds with clang and runs the core's libFuzzer
# target for a bounded time.  Idempotent; works as root or
# as a user who may sudo.  Ends with "N passed, N failed" (tests, plus any
# failed install/configure/build step).
#
# Environment: IPMSG_FUZZ_SECONDS etc. (tests/fuzz/fuzz-samples.sh),
# IPMSG_LIBFUZZER_SECONDS (tests/fuzz/libfuzzer/run.sh),
# JOBS (parallel build jobs, default: nproc).
set -uo pipefail
cd "$(dirname "$0")" || exit 2
# shellcheck source=tests/lib/deps.sh
. tests/lib/deps.sh

jobs=${JOBS:-$(nproc)}
passed=0
failed=0

step_failed() {
    echo "run-tests: FAILED: $*" >&2
    failed=$((failed + 1))
}

# run_ctest BUILD_DIR [ctest args]: adds the tests' results to the counts
run_ctest() {
    local dir=$1 log counts
    shift
    log=$(mktemp)
    ctest --test-dir "$dir" --output-on-failure "$@" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    counts=$(sed -n 's/.*tests passed, \([0-9][0-9]*\) tests* failed out of \([0-9][0-9]*\).*/\1 \2/p' "$log" | tail -n 1)
    if [ -n "$counts" ]; then
        local nfail=${counts% *} ntotal=${counts#* }
        failed=$((failed + nfail))
        passed=$((passed + ntotal - nfail))
        [ "$rc" = 0 ] || [ "$nfail" != 0 ] || step_failed "ctest in $dir exited $rc"
    elif grep -q "No tests were found" "$log"; then
        echo "run-tests: note: no tests found in $dir for: $*"
    else
        step_failed "ctest in $dir (exit $rc, no summary)"
    fi
    rm -f "$log"
}

# build DIR [cmake -D options]: configure and build; returns non-zero on failure
build() {
    local dir=$1
    shift
    echo "== configure $dir: $*"
    cmake -S . -B "$dir" "$@" || { step_failed "configure $dir"; return 1; }
    echo "== build $dir"
    cmake --build "$dir" -j "$jobs" || { step_failed "build $dir"; return 1; }
}

if ipmsg_install_deps; then
    if build build -DIPMSG_WERROR=ON; then
        echo "== test build (every test but capture, replay and fuzz, which run under ASan below)"
        run_ctest build -LE '^(capture|replay|fuzz)$'
    fi
    if build build-asan -DIPMSG_SANITIZE=ON; then
        echo "== test build-asan (unit, samples, capture, and the plugin in tshark: replay, fuzz)"
        IPMSG_FUZZ_SECONDS=${IPMSG_FUZZ_SECONDS:-60} run_ctest build-asan -L '^(unit|samples|capture|plugin|replay|fuzz)$'
    fi
    # clang: the core under libFuzzer, and every C file through a second compiler.
    if build build-fuzz -DCMAKE_C_COMPILER=clang -DIPMSG_WERROR=ON -DIPMSG_LIBFUZZER=ON \
        -DIPMSG_BUILD_PLUGIN=OFF; then
        echo "== test build-fuzz (libFuzzer on the core)"
        run_ctest build-fuzz -L libfuzzer
    fi
else
    step_failed "installing dependencies"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
