#!/usr/bin/env python3
"""Restoring the prefix from a snapshot changes nothing a user sees.

  check_snapshot_same.py TUNSIM -- EXPLORE-ARGS...

Runs `tunsim explore EXPLORE-ARGS --report-dir reports -q` as it is (each
(scenario, configuration) boots once, then restores) and with
--no-snapshot (every execution boots, loads and sets up), each in a
directory of its own, and compares byte for byte: standard output (less
its timing), the exit status and the reports directory.  Also fails if no
report was written (the comparison would be empty).
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_jobs_same  # noqa: E402  (same comparison, other switch)


def fail(msg):
    print("check_snapshot_same: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") != 1:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    tunsim, args = os.path.abspath(argv[0]), argv[2:]
    root = tempfile.mkdtemp(prefix="tunsim-snap-")
    try:
        os.mkdir(os.path.join(root, "snap"))
        os.mkdir(os.path.join(root, "fresh"))
        # check_jobs_same.run adds --jobs N; 1 both times, the switch in args
        o1, s1, r1 = check_jobs_same.run(tunsim, args, 1,
                                         os.path.join(root, "snap"))
        o2, s2, r2 = check_jobs_same.run(tunsim, args + ["--no-snapshot"], 1,
                                         os.path.join(root, "fresh"))
        if o1 != o2:
            for i, (x, y) in enumerate(zip(o1.split("\n"), o2.split("\n"))):
                if x != y:
                    fail("output differs at line %d:\n  snapshot: %s\n  "
                         "fresh:    %s" % (i + 1, x, y))
            fail("output differs in length")
        if s1 != s2:
            fail("exit status %d with the snapshot, %d without" % (s1, s2))
        if sorted(r1) != sorted(r2):
            fail("reports differ: only with the snapshot: %s; only "
                 "without: %s" % (sorted(set(r1) - set(r2))[:5],
                                  sorted(set(r2) - set(r1))[:5]))
        for name in r1:
            if r1[name] != r2[name]:
                fail("report %s differs" % name)
        if not r1:
            fail("no report written: the comparison would be empty")
        print("check_snapshot_same: with and without --no-snapshot: same "
              "output (%d lines), exit status %d, %d reports" %
              (o1.count("\n") + 1, s1, len(r1)))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
