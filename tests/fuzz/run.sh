#!/usr/bin/env bash
# Build the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined)
# in build-fuzz/ and run each for SECONDS (default 20) on a seed corpus
# made from the tree: scenarios/, tests/cli/, tests/scenarios_bad/ for the
# scenario parser; traces/reports/ and their schedule lines for the report
# parser.  New inputs go to build-fuzz/corpus/<target>/ (kept between runs,
# so a long run goes on where the last one stopped); a crash is written to
# build-fuzz/artifacts/ and makes this script fail.  docs/limits.md.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]   TARGET: scenario, report
set -euo pipefail
cd "$(dirname "$0")/../.."

secs=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario report)

# Is clang's libFuzzer there (libclang-rt-*-dev)?
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)
{ (void)d; (void)n; return 0; }' > "$probe/p.c"
if ! command -v clang >/dev/null ||
    ! clang -fsanitize=fuzzer,address,undefined "$probe/p.c" \
    -o "$probe/p" 2>/dev/null; then
	echo "fuzz: skipped: clang -fsanitize=fuzzer does not link here"
	exit 0
fi

B=build-fuzz
cmake -S . -B "$B" -G Ninja -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTUNSIM_SANITIZE=ON -DTUNSIM_FUZZ=ON \
    -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
cmake --build "$B" --target $(printf 'fuzz_%s ' "${targets[@]}")

mkdir -p "$B/artifacts"
for t in "${targets[@]}"; do
	seeds="$probe/seeds-$t"
	mkdir -p "$seeds" "$B/corpus/$t"
	case $t in
	scenario)
		find scenarios tests/cli tests/scenarios_bad -name '*.tsn' |
		    while read -r f; do
			cp "$f" "$seeds/$(echo "$f" | tr / _)"
		    done ;;
	report)
		for f in traces/reports/*.report; do
			cp "$f" "$seeds/$(basename "$f")"
			sed -n 's/^schedule: //p' "$f" > \
			    "$seeds/$(basename "$f").schedule"
		done ;;
	*)
		echo "fuzz: unknown target $t (scenario or report)" >&2
		exit 2 ;;
	esac
	echo "=== fuzz_$t for ${secs}s"
	log="$B/fuzz_$t.log"
	if ! UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    "$B/tests/fuzz_$t" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -dict="tests/fuzz/$t.dict" -artifact_prefix="$B/artifacts/$t-" \
	    "$B/corpus/$t" "$seeds" >"$log" 2>&1; then
		tail -40 "$log" >&2
		echo "fuzz_$t FAILED: the input is in $B/artifacts/" >&2
		exit 1
	fi
	grep -E '^#[0-9]+ +DONE|^stat::(number_of_executed_units|peak_rss_mb)' \
	    "$log" || true
done
