#!/usr/bin/env python3
"""What a user sees does not depend on --jobs.

  check_jobs_same.py TUNSIM JOBS -- EXPLORE-ARGS...

Runs `tunsim explore EXPLORE-ARGS --report-dir reports -q` with --jobs 1
and with --jobs JOBS, each in a directory of its own (the scenario
arguments reached through a symlink, so paths in the output are the
same), and compares byte for byte: standard output (text or --json; only
the first line's timing and elapsed_s / executions_per_s left out), the
exit status, and the reports directory (names and contents).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def fail(msg):
    print("check_jobs_same: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def untimed(text):
    """Output less what depends on timing (docs/scaling.md)."""
    text = re.sub(r"^(explored .*?) in [0-9.]+ s \([0-9]+/s\)", r"\1", text,
                  count=1)
    return "\n".join(l for l in text.split("\n")
                     if '"elapsed_s"' not in l and
                     '"executions_per_s"' not in l)


def run(tunsim, args, jobs, root):
    d = os.path.join(root, "jobs%s" % jobs)
    os.mkdir(d)
    for a in args:
        top = a.split("/")[0]
        if not a.startswith("-") and os.path.exists(top) and \
                not os.path.exists(os.path.join(d, top)):
            os.symlink(os.path.abspath(top), os.path.join(d, top))
    r = subprocess.run([tunsim, "explore"] + args + ["--jobs", str(jobs),
                        "--report-dir", "reports", "-q"], cwd=d,
                       capture_output=True, text=True)
    if r.returncode > 1:
        fail("--jobs %s exited %d: %s" % (jobs, r.returncode, r.stderr))
    reps = {}
    rd = os.path.join(d, "reports")
    for name in sorted(os.listdir(rd)) if os.path.isdir(rd) else []:
        with open(os.path.join(rd, name), "rb") as f:
            reps[name] = f.read()
    return untimed(r.stdout), r.returncode, reps


def main():
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    tunsim, jobs, args = os.path.abspath(argv[0]), int(argv[1]), argv[3:]
    root = tempfile.mkdtemp(prefix="tunsim-jobs-")
    try:
        o1, s1, r1 = run(tunsim, args, 1, root)
        on, sn, rn = run(tunsim, args, jobs, root)
        if o1 != on:
            for i, (x, y) in enumerate(zip(o1.split("\n"), on.split("\n"))):
                if x != y:
                    fail("output differs at line %d:\n  --jobs 1: %s\n  "
                         "--jobs %d: %s" % (i + 1, x, jobs, y))
            fail("output differs in length")
        if s1 != sn:
            fail("exit status %d with --jobs 1, %d with --jobs %d" %
                 (s1, sn, jobs))
        if sorted(r1) != sorted(rn):
            fail("reports differ: only with --jobs 1: %s; only with --jobs "
                 "%d: %s" % (sorted(set(r1) - set(rn))[:5], jobs,
                             sorted(set(rn) - set(r1))[:5]))
        for name in r1:
            if r1[name] != rn[name]:
                fail("report %s differs" % name)
        if not r1:
            fail("no report written: the comparison would be empty")
        print("check_jobs_same: --jobs 1 and --jobs %d: same output (%d "
              "lines), exit status %d, %d reports" % (jobs,
              o1.count("\n") + 1, s1, len(r1)))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
