#!/usr/bin/env python3
"""The GNU parallel recipe of docs/scaling.md, run for real.

  check_parallel_shards.py TUNSIM N [--drop K] -- EXPLORE-ARGS...

Runs `tunsim explore EXPLORE-ARGS --shard K/N --json --report-dir reports`
for K = 1..N through GNU parallel, merges the shard summaries with
`tunsim merge` (JSON and --text), runs one `tunsim explore EXPLORE-ARGS`
of the same seeds elsewhere, and compares what a user sees, byte for byte:
the JSON summary, the text summary (less the first line's timing), the
exit status, and every report the summary names.  Only elapsed_s and
executions_per_s are left out (docs/scaling.md: they depend on timing).

`parallel` missing is a failure, not a skip: the README's set-up line
installs it.  --drop K leaves shard K out of the merge, to see the check
fail.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

TIMED = ("elapsed_s", "executions_per_s")


def fail(msg):
    print("check_parallel_shards: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def untimed_json(text, what):
    """The summary without its timing fields (parsed, so key order stays)."""
    try:
        obj = json.loads(text)
    except ValueError as e:
        fail("%s is not JSON: %s" % (what, e))
    for k in TIMED:
        obj.pop(k, None)
    return json.dumps(obj, indent=1, ensure_ascii=False)


def untimed_text(text):
    """The text summary less the first line's timing (" in T s (R/s)")."""
    lines = text.split("\n")
    if lines:
        lines[0] = re.sub(r" in [0-9.]+ s \([0-9]+/s\)", "", lines[0])
    return "\n".join(lines)


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a.split("\n"), b.split("\n"))):
        if x != y:
            return "line %d:\n  - %s\n  + %s" % (i + 1, x, y)
    return "one is a prefix of the other (%d vs %d lines)" % (
        a.count("\n"), b.count("\n"))


def main():
    argv = sys.argv[1:]
    if "--" not in argv or len(argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sep = argv.index("--")
    head, args = argv[:sep], argv[sep + 1:]
    tunsim, n = os.path.abspath(head[0]), int(head[1])
    drop = int(head[3]) if len(head) >= 4 and head[2] == "--drop" else 0
    par = shutil.which("parallel")
    if par is None:
        fail("GNU parallel is not installed (Debian package `parallel`; "
             "the README's set-up line installs it): this test runs the "
             "docs/scaling.md recipe through it and cannot run without it")
    ver = subprocess.run([par, "--version"], capture_output=True, text=True)
    if "GNU parallel" not in ver.stdout:
        fail("%s is not GNU parallel (moreutils' parallel?): install "
             "Debian's `parallel`" % par)
    cwd = os.getcwd()
    # Scenario paths as given, relative to the working directory: they
    # are in the summaries and must be the same in both runs.
    tmp = tempfile.mkdtemp(prefix="tunsim-shards-")
    try:
        sh = os.path.join(tmp, "shards")
        wh = os.path.join(tmp, "whole")
        os.mkdir(sh)
        os.mkdir(wh)
        for d in (sh, wh):
            for a in args:
                top = a.split("/")[0]
                if not a.startswith("-") and os.path.exists(top) and \
                        not os.path.exists(os.path.join(d, top)):
                    os.symlink(os.path.join(cwd, top), os.path.join(d, top))
        # The recipe: explore exits 1 when it finds violations, which is
        # not a failed job; 2 or more is.
        cmd = ("%s explore %s --shard {}/%d --json --report-dir reports "
               "> %s/shard{}.json; test $? -le 1") % (
            shlex.quote(tunsim), " ".join(shlex.quote(a) for a in args), n,
            shlex.quote(sh))
        r = subprocess.run([par, "--will-cite", "--halt", "now,fail=1",
                            "--jobs", "2", cmd, ":::"] +
                           [str(k) for k in range(1, n + 1)], cwd=sh,
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail("parallel exited %d: %s" % (r.returncode, r.stderr))
        files = ["shard%d.json" % k for k in range(1, n + 1) if k != drop]
        m = subprocess.run([tunsim, "merge"] + files, cwd=sh,
                           capture_output=True, text=True)
        mt = subprocess.run([tunsim, "merge", "--text"] + files[::-1],
                            cwd=sh, capture_output=True, text=True)
        if m.returncode > 1 or mt.returncode > 1:
            fail("tunsim merge exited %d: %s" % (m.returncode, m.stderr))
        w = subprocess.run([tunsim, "explore"] + args +
                           ["--json", "--report-dir", "reports", "-q"],
                           cwd=wh, capture_output=True, text=True)
        if w.returncode > 1:
            fail("whole explore exited %d: %s" % (w.returncode, w.stderr))
        wt = subprocess.run([tunsim, "explore"] + args +
                            ["--report-dir", "reports", "-q"],
                            cwd=wh, capture_output=True, text=True)
        a, b = untimed_json(m.stdout, "merged"), untimed_json(w.stdout,
                                                             "whole")
        if a != b:
            fail("merged JSON differs from one explore: " + first_diff(a, b))
        a, b = untimed_text(mt.stdout), untimed_text(wt.stdout)
        if a != b:
            fail("merged text differs from one explore: " + first_diff(a, b))
        if m.returncode != w.returncode:
            fail("merge exited %d, one explore %d" % (m.returncode,
                                                     w.returncode))
        named = [v["report"] for v in json.loads(w.stdout)["violations"]]
        if sorted(os.listdir(os.path.join(wh, "reports"))) != sorted(
                os.path.basename(p) for p in named):
            fail("the whole run's reports/ is not the set its summary names")
        for p in named:
            x, y = os.path.join(sh, p), os.path.join(wh, p)
            if not os.path.exists(x):
                fail("no shard wrote %s" % p)
            with open(x, "rb") as f1, open(y, "rb") as f2:
                if f1.read() != f2.read():
                    fail("%s differs between the shards and one explore" % p)
        print("check_parallel_shards: %d shards through GNU parallel merge "
              "into one explore's summary: %d violations, %d reports, "
              "identical" % (n, len(named), len(named)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
