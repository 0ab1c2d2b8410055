#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run) and as the README's second
# command runs it: every Check suite and the scenario regression under the
# default (gcc, optimised), sanitize (ASan + UBSan) and clang builds; then
# the coverage build with its thresholds (tools/coverage.sh); then each
# libFuzzer target for 20 s when clang's libFuzzer links (tests/fuzz/run.sh,
# docs/limits.md).
set -euo pipefail
cd "$(dirname "$0")/.."

for preset in default sanitize clang; do
	echo "=== $preset build"
	cmake --preset "$preset" >/dev/null
	cmake --build --preset "$preset"
	echo "=== $preset tests"
	ctest --preset "$preset"
done

if [ -x tools/coverage.sh ]; then
	echo "=== coverage"
	tools/coverage.sh build-coverage/report
fi

echo "=== fuzz"
tests/fuzz/run.sh "${TUNSIM_FUZZ_SECONDS:-20}"
