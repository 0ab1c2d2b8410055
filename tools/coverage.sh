#!/usr/bin/env bash
# tools/coverage.sh OUTDIR - the coverage run (DESIGN section 7, issue 5).
#
# Builds the `coverage` preset (gcc -O0 --coverage, into build-coverage),
# zeroes the counters, runs every Check suite (ctest) and explores the
# scenario suite with interleaving coverage on, then writes to OUTDIR:
#   index.html ...      lcov/genhtml report, line and branch, model/ + sim/
#   summary.json        {"model": {"lines": %, "branches": %},
#                        "sim": {"lines": %, "branches": %},
#                        "upstream_lines": %}
#   upstream.txt        upstream if_tuntap.c lines no executed model line
#                       ports (tools/upstream_coverage.py)
#   interleavings.txt   tunsim explore --coverage: conflicting pairs of
#                       scheduling points and the orders seen, per scenario
#   explore.out         explore's summary (violations found, per scenario)
#   explore.log         what explore printed on stderr
#   *.info              the lcov tracefiles (total, model, sim)
# prints a summary, and exits 1 when model line or branch coverage is below
# the thresholds here (or a test failed), naming what failed.
# docs/coverage.md explains how to read all of it.
#
# lcov 1.16 quirk: every lcov and genhtml step takes
# --rc lcov_branch_coverage=1, or branch data is silently dropped.
set -euo pipefail

MODEL_LINES_MIN=95		# % of model/ lines, or fail
MODEL_BRANCHES_MIN=85		# % of model/ branches, or fail
# Executions per scenario for the explore step (the hand-written suite;
# the generated one is explored by ctest's generated_suite, which runs here
# too); the whole script should stay within about 4 minutes on 2 cores.
BUDGET=${TUNSIM_COVERAGE_BUDGET:-1000}

cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=build-coverage
UPSTREAM=$ROOT/../shared/upstream/if_tuntap.c
RC=(--rc lcov_branch_coverage=1)

if [ $# -ne 1 ]; then
	echo "usage: tools/coverage.sh OUTDIR" >&2
	exit 2
fi
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
# Nothing from an earlier run may pass for this one's.
rm -f "$OUT/summary.json" "$OUT/upstream.txt" "$OUT/interleavings.txt" \
	"$OUT/explore.log" "$OUT/explore.out"
failed=()

# lcov/genhtml with the branch option, their known lcov-1.16-on-gcc-12
# noise ("Subroutine ... redefined", "exclusion markers") filtered out.
quiet() {
	local err rc=0
	err=$(mktemp)
	"$@" 2>"$err" || rc=$?
	grep -v -e 'redefined at /usr/bin/geninfo' \
		-e 'some exclusion markers may be ignored' "$err" >&2 || true
	rm -f "$err"
	return "$rc"
}
lcov_q() { quiet lcov "${RC[@]}" --quiet "$@"; }

echo "coverage: building the coverage preset into $BUILD"
cmake --preset coverage >/dev/null
cmake --build --preset coverage

echo "coverage: zeroing counters"
lcov_q --zerocounters --directory "$BUILD"
# A baseline of every instrumented file, so a file no test reaches still
# counts, at 0%.
lcov_q --capture --initial --directory "$BUILD" \
	--output-file "$OUT/base.info"

echo "coverage: running the Check suites"
if ! ctest --preset coverage; then
	failed+=("a Check suite failed under the coverage build")
fi

# The scenario suite.  Exit status 1 only means explore found a violation
# (the model keeps the driver's bugs); 2 is bad usage or a bad scenario.
if [ -n "$(find scenarios -name '*.tsn' 2>/dev/null | head -1)" ]; then
	mapfile -t SUITE < <(find scenarios -mindepth 1 -maxdepth 1 -type d \
		! -name generated | sort)
	echo "coverage: exploring the hand-written scenarios" \
		"(--budget $BUDGET --coverage)"
	rc=0
	"$BUILD/tunsim" explore "${SUITE[@]}" --budget "$BUDGET" --coverage \
		>"$OUT/explore.out" 2>"$OUT/explore.log" || rc=$?
	# explore's own summary first, then the interleaving report.
	awk '/^interleaving coverage:/ { p = 1 } p' "$OUT/explore.out" \
		>"$OUT/interleavings.txt"
	if [ "$rc" -ge 2 ]; then
		echo "coverage: explore exited $rc (see $OUT/explore.log);" \
			"retrying without --coverage" >&2
		rc=0
		"$BUILD/tunsim" explore "${SUITE[@]}" --budget "$BUDGET" \
			>"$OUT/explore.out" 2>>"$OUT/explore.log" || rc=$?
		if [ "$rc" -ge 2 ]; then
			failed+=("tunsim explore scenarios exited $rc")
		fi
	fi
else
	echo "coverage: no scenarios/**/*.tsn yet; line coverage is the" \
		"Check suites' alone"
fi

echo "coverage: capturing"
lcov_q --capture --directory "$BUILD" \
	--output-file "$OUT/run.info"
lcov_q --add-tracefile "$OUT/base.info" \
	--add-tracefile "$OUT/run.info" --output-file "$OUT/total.info"
# model/ and sim/ apart; tests/, generated files and /usr are left out.
lcov_q --extract "$OUT/total.info" "$ROOT/model/*" \
	--output-file "$OUT/model.info"
lcov_q --extract "$OUT/total.info" "$ROOT/sim/*" \
	--output-file "$OUT/sim.info"
lcov_q --add-tracefile "$OUT/model.info" \
	--add-tracefile "$OUT/sim.info" --output-file "$OUT/report.info"
rm -f "$OUT/base.info" "$OUT/run.info"

quiet genhtml "${RC[@]}" --quiet --branch-coverage --legend \
	--title "tunsim: model/ and sim/" --prefix "$ROOT" \
	--output-directory "$OUT" "$OUT/report.info"

# pct FILE lines|branches: the percentage over every record of FILE.
pct() {
	awk -F: -v what="$2" '
		what == "lines" && $1 == "LF" { t += $2 }
		what == "lines" && $1 == "LH" { h += $2 }
		what == "branches" && $1 == "BRF" { t += $2 }
		what == "branches" && $1 == "BRH" { h += $2 }
		END { printf "%.1f\n", t ? 100 * h / t : 0 }' "$1"
}
model_lines=$(pct "$OUT/model.info" lines)
model_branches=$(pct "$OUT/model.info" branches)
sim_lines=$(pct "$OUT/sim.info" lines)
sim_branches=$(pct "$OUT/sim.info" branches)

upstream=0.0
if [ -f "$UPSTREAM" ]; then
	upstream=$(python3 tools/upstream_coverage.py --info "$OUT/model.info" \
		--model model/if_tuntap.c --upstream "$UPSTREAM" \
		--out "$OUT/upstream.txt" | tail -1)
else
	echo "coverage: $UPSTREAM not found; upstream coverage is 0" >&2
fi

cat >"$OUT/summary.json" <<EOF
{"model": {"lines": $model_lines, "branches": $model_branches}, "sim": {"lines": $sim_lines, "branches": $sim_branches}, "upstream_lines": $upstream}
EOF

echo
echo "coverage summary ($OUT/index.html)"
printf '  model/  lines %5s%%  branches %5s%%   (min %s%% / %s%%)\n' \
	"$model_lines" "$model_branches" "$MODEL_LINES_MIN" "$MODEL_BRANCHES_MIN"
printf '  sim/    lines %5s%%  branches %5s%%\n' "$sim_lines" "$sim_branches"
printf '  upstream if_tuntap.c executable lines %s%%   (%s)\n' "$upstream" \
	"$OUT/upstream.txt"
if [ -s "$OUT/interleavings.txt" ] &&
    grep -q '^interleaving coverage:' "$OUT/interleavings.txt"; then
	echo "  $(grep -m1 '^interleaving coverage:' "$OUT/interleavings.txt")"
	echo "    per scenario: $OUT/interleavings.txt"
else
	echo "  interleaving coverage: not reported"
fi

# below A B: is A < B (decimals)?
below() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'
}
if below "$model_lines" "$MODEL_LINES_MIN"; then
	failed+=("model line coverage $model_lines% is below $MODEL_LINES_MIN%")
fi
if below "$model_branches" "$MODEL_BRANCHES_MIN"; then
	failed+=("model branch coverage $model_branches% is below $MODEL_BRANCHES_MIN%")
fi
if [ ${#failed[@]} -gt 0 ]; then
	for f in "${failed[@]}"; do
		echo "coverage: FAIL: $f" >&2
	done
	exit 1
fi
echo "coverage: OK"
