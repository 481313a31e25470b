#!/bin/sh
# tests/fuzz/run.sh [SECONDS] - fuzz decode + parse + extract with libFuzzer
# for SECONDS (default 60), in build-fuzz/ (clang, ASan + UBSan), starting
# from the golden fixtures and tests/fuzz/regressions/.  Each input that
# crashes, leaks, times out or runs out of memory is saved as
# tests/fuzz/regressions/KIND-HASH.md, to be committed: the 'fuzz-replay'
# test runs them all from then on.  Ends with a line
# "fuzz: N executions in S s, K new findings"; exits 1 when there are
# findings, 77 when clang's libFuzzer is not installed.
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=build-fuzz

if ! command -v clang >/dev/null 2>&1 ||
    [ -z "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a | grep /)" ] ||
    [ ! -e "$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a)" ]; then
	echo "fuzz: clang with libFuzzer is not installed (apt-get install" \
	    "clang libclang-rt-14-dev); skipped"
	exit 77
fi
if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" -Dbuildtype=debugoptimized \
	    -Dfuzzing_engine=libfuzzer -Db_sanitize=address,undefined \
	    -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
ninja -C "$build" tests/fuzz/fuzz_parse >/dev/null

corpus=$build/fuzz-corpus
found=$build/fuzz-found
mkdir -p "$corpus" "$found"
find tests/golden tests/fuzz/regressions -name '*.md' -type f \
    -exec cp {} "$corpus"/ \;
rm -f "$found"/*
log=$build/fuzz.log
status=0
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/tests/fuzz/fuzz_parse" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$found/" "$corpus" >"$log" 2>&1 || status=$?

n=0
for f in "$found"/*; do
	[ -f "$f" ] || continue
	base=$(basename "$f")
	cp "$f" "tests/fuzz/regressions/$base.md"
	echo "fuzz: finding saved as tests/fuzz/regressions/$base.md"
	n=$((n + 1))
done
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
echo "fuzz: ${execs:-0} executions in $seconds s, $n new findings (log: $log)"
if [ "$n" -gt 0 ] || [ "$status" -ne 0 ]; then
	tail -40 "$log"
	exit 1
fi
