#!/usr/bin/env bash
# tools/check_revisions.sh DIR - a race found in one revision of
# if_tuntap.c is gone in the revision that fixed it (docs/revisions.md).
#
# DIR holds later revisions of sys/net/if_tuntap.c, each DIR/NAME.c (the
# files are FreeBSD's, not the project's: fetch them as docs/revisions.md
# says; fbsd12.c and fbsd13.c are the documented ones).  The "before" is
# the edca4938 file of ../shared/upstream/if_tuntap.c (BEFORE=PATH to use
# another).  Every file is built unmodified as tunsim-NAME in BUILD_DIR
# (default build-revisions, a build of its own so the default build's
# TUNSIM_DRIVERS is left alone), then:
#
#  1. each later revision runs the whole suite at --budget 200 --jobs 2
#     without a scenario or engine error (exit status 0 or 1, never 2);
#  2. for each finding fixed by those revisions, the "before" file shows
#     it and no later revision does:
#       xxxrw   finding #1, the tunopen si_drv1 test-and-set (r353785):
#               the data race on si_drv1 (cdev+0x70) and its symptoms,
#               exhaustive dfs, 2 preemptions, --check races;
#       lastclose finding #3, last close skipped, destroy hangs on
#               tun_condvar (tundtor as a cdevpriv destructor);
#       unitfree finding #6, a unit freed twice by destroy vs a cloning
#               open (no softc made in tunopen any more);
#  3. findings still present, or new, in the later revisions are listed
#     (information only: they do not change the exit status).
#
# Exit status: 0 every expected disappearance happened; 1 one did not (or
# the "before" file does not show the bug, so the comparison says
# nothing); 2 bad usage, a build failure or a scenario/engine error.
set -euo pipefail

usage() {
	echo "usage: $0 DIR   (DIR/NAME.c: later revisions of if_tuntap.c)" >&2
	exit 2
}
[ $# -eq 1 ] || usage
dir=$(cd "$1" 2>/dev/null && pwd) || usage
root=$(cd "$(dirname "$0")/.." && pwd)
before=${BEFORE:-$root/../shared/upstream/if_tuntap.c}
bdir=${BUILD_DIR:-$root/build-revisions}
[ -f "$before" ] || { echo "$0: no before file $before" >&2; exit 2; }

names=()
drivers="before=$before"
for f in "$dir"/*.c; do
	[ -f "$f" ] || continue
	n=$(basename "$f" .c)
	case "$n" in
	*[!a-z0-9_-]*|before|upstream|test-*)
		echo "$0: $f: name must be [a-z0-9_-], not before/upstream/test-*" >&2
		exit 2;;
	esac
	names+=("$n")
	drivers="$drivers;$n=$f"
done
[ ${#names[@]} -gt 0 ] || { echo "$0: no DIR/NAME.c in $dir" >&2; exit 2; }

# The documented files (docs/revisions.md): a different file still runs,
# but its figures are not the documented ones.
declare -A known=(
	[fbsd12]=790f1d53c49594ca8ade7581d8ba7d4478ec940ffffced7f9cc818cf3bb58993
	[fbsd13]=718290a7c4db6a80a3806b9ae4048cd46313e2d529ac261684a9fe97a28297c4
)
for n in "${names[@]}"; do
	h=$(sha256sum "$dir/$n.c" | cut -d' ' -f1)
	if [ -n "${known[$n]:-}" ] && [ "${known[$n]}" != "$h" ]; then
		echo "warning: $n.c is not the documented file (sha256 $h)" >&2
	fi
done

echo "=== build (${names[*]} and the before file) in $bdir"
nice cmake -S "$root" -B "$bdir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DTUNSIM_DRIVERS=$drivers" >/dev/null || exit 2
targets=(tunsim-before)
for n in "${names[@]}"; do targets+=("tunsim-$n"); done
nice cmake --build "$bdir" --target "${targets[@]}" >/dev/null || {
	echo "$0: build failed (a KPI the simulated kernel lacks?)" >&2
	nice cmake --build "$bdir" --target "${targets[@]}" 2>&1 |
	    grep -E 'error|undefined reference' | head -20 >&2
	exit 2
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root"

echo "=== 1. the suite runs on every later revision"
for n in "${names[@]}"; do
	set +e
	nice "$bdir/tunsim-$n" explore scenarios --budget 200 --jobs 2 \
	    --report-dir "$out/reports-$n" --json > "$out/suite-$n.json" \
	    2> "$out/suite-$n.err"
	rc=$?
	set -e
	if [ $rc -ge 2 ]; then
		echo "$n: explore exit $rc (scenario or engine error):" >&2
		tail -5 "$out/suite-$n.err" >&2
		exit 2
	fi
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%s: %d scenarios, %d executions, %d distinct violations, no engine error" % (sys.argv[2], len(d["scenarios"]), d["executions"], len(d["violations"])))' \
	    "$out/suite-$n.json" "$n"
done

# explore BINARY-NAME TAG ARGS...: one JSON summary per binary and check.
explore() {
	local n=$1 tag=$2
	shift 2
	set +e
	nice "$bdir/tunsim-$n" explore "$@" --report-dir "$out/r-$n-$tag" \
	    --json > "$out/$tag-$n.json" 2> "$out/$tag-$n.err"
	local rc=$?
	set -e
	if [ $rc -ge 2 ]; then
		echo "tunsim-$n explore $*: exit $rc" >&2
		tail -5 "$out/$tag-$n.err" >&2
		exit 2
	fi
}

echo "=== 2. fixed findings: present before, gone after"
for n in before "${names[@]}"; do
	explore "$n" xxxrw scenarios/create/create-vs-open.tsn \
	    scenarios/create/clone-open-vs-create.tsn \
	    scenarios/revisions/create-open-use-destroy.tsn \
	    --strategy dfs --preemptions 2 --check races
	explore "$n" lastclose scenarios/open/open-vs-close.tsn \
	    scenarios/open/open-vs-open.tsn \
	    scenarios/revisions/create-open-use-destroy.tsn --budget 2000
	explore "$n" unitfree scenarios/destroy/destroy-vs-open.tsn \
	    scenarios/destroy/destroy-vs-close.tsn --budget 2000
	explore "$n" other scenarios/create scenarios/destroy scenarios/open \
	    scenarios/ioctl scenarios/poll scenarios/revisions --budget 2000
done

python3 - "$out" before "${names[@]}" <<'EOF'
import json, re, sys

out, before, after = sys.argv[1], sys.argv[2], sys.argv[3:]

def load(tag, n):
    with open("%s/%s-%s.json" % (out, tag, n)) as f:
        return json.load(f)["violations"]

# Each fixed finding: the check's runs and what its symptoms look like in
# a report (kind and message, never a line of the driver file, so one
# predicate fits every revision).  cdev+0x70 is si_drv1 in the simulated
# struct cdev.
fixed = [
    ("xxxrw", "#1 si_drv1 test-and-set in tunopen (XXXRW)",
     lambda v: (v["kind"] == "data-race" and
                re.search(r"@cdev#\d+\+0x70:", v["message"])) or
               (v["kind"] == "use-after-free" and
                v["message"].startswith("destroy_dev of cdev")) or
               "tun_unbusy: called for non-busy tunnel" in v["message"]),
    ("lastclose", "#3 last close skipped, destroy hangs on tun_condvar",
     lambda v: v["kind"] == "hang" and '"tun_condvar"' in v["message"]),
    ("unitfree", "#6 unit freed twice (destroy vs cloning open)",
     lambda v: "UNR: Freeing free item" in v["message"]),
]
# Findings the later revisions of docs/revisions.md still have, or have
# new: reported, not judged.
info = [
    ("#2 tunclone hands back an unreferenced cdev",
     lambda v: re.search(r"dev_rel\(.*\) gave negative count",
                         v["message"]) or
               v["message"].startswith("devfs_populate of cdev")),
    ("#4 TUNSIFINFO: ifhwioctl under tun_mtx",
     lambda v: v["kind"] == "sleep-with-mutex"),
    ("new: clone_create hands tun_clone_create a cdev whose si_drv1 is "
     "not set yet",
     lambda v: "si_drv1 should have been initialized" in v["message"] or
               (v["kind"] == "data-race" and
                "(tun_create_device)" in v["message"])),
    ("new: a softc with no ifnet left by a failed cloning open, "
     "page fault at unload",
     lambda v: "Fatal trap: page fault" in v["message"] and
               "after mtx_unlock" in v["message"]),
]

def hits(tag, n, pred):
    return [v for v in load(tag, n) if pred(v)]

status = 0
for tag, what, pred in fixed:
    b = hits(tag, before, pred)
    line = "%-52s before: %s" % (what, "found (%s, seed/execution %d)" %
                                 (b[0]["signature"], b[0]["seed"])
                                 if b else "NOT FOUND")
    print(line)
    if not b:
        print("  FAIL: the before file does not show it; the comparison "
              "says nothing")
        status = 1
    for n in after:
        a = hits(tag, n, pred)
        if a:
            print("  FAIL %s: still found: %s" % (n, a[0]["message"]))
            status = 1
        else:
            print("  ok   %s: gone" % n)

print("=== 3. still present or new (information)")
for what, pred in info:
    row = []
    for n in [before] + after:
        row.append("%s %s" % (n, "yes" if hits("other", n, pred) else "no"))
    print("%-60s %s" % (what, ", ".join(row)))
sys.exit(status)
EOF
