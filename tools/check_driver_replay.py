#!/usr/bin/env python3
"""Every report a real-driver binary writes replays, byte for byte.

Explores the given scenarios with BINARY (--jobs 2, --report-dir in a
temporary directory), then replays every report twice with its full
trace: each replay must reproduce the violation (exit 1: replay itself
exits 2 when the signature differs) and the two traces must be identical
bytes.  With --other BINARY2 (built from another driver file), every
report must be refused by BINARY2 (exit 2, naming the report's driver).

usage: check_driver_replay.py [--other BINARY2] BINARY SCENARIO|DIR...
       [-- explore options]
"""
import os
import subprocess
import sys
import tempfile


def main(argv):
    opts, other = [], None
    if len(argv) >= 2 and argv[0] == "--other":
        other, argv = argv[1], argv[2:]
    if "--" in argv:
        i = argv.index("--")
        argv, opts = argv[:i], argv[i + 1:]
    if len(argv) < 2:
        sys.exit(__doc__)
    binary, targets = argv[0], argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        rdir = os.path.join(tmp, "reports")
        r = subprocess.run([binary, "explore"] + targets + opts +
                           ["--jobs", "2", "--report-dir", rdir],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if r.returncode not in (0, 1):
            sys.exit("explore exited %d:\n%s" % (r.returncode, r.stderr))
        reports = sorted(f for f in os.listdir(rdir)
                         if f.endswith(".report")) if os.path.isdir(rdir) \
            else []
        if not reports:
            sys.exit("FAIL: no report written (nothing to replay)")
        bad = 0
        for rep in reports:
            traces = []
            for n in (1, 2):
                t = os.path.join(tmp, "t%d" % n)
                q = subprocess.run([binary, "replay", os.path.join(rdir, rep),
                                    "--trace", t], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE,
                                   universal_newlines=True)
                if q.returncode != 1:
                    print("FAIL: %s: replay exited %d: %s" %
                          (rep, q.returncode, q.stderr.strip()[-300:]))
                    bad += 1
                    break
                with open(t, "rb") as f:
                    traces.append(f.read())
            if len(traces) == 2 and traces[0] != traces[1]:
                print("FAIL: %s: two replays, two different traces" % rep)
                bad += 1
            if other is not None:
                q = subprocess.run([other, "replay", os.path.join(rdir, rep)],
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE,
                                   universal_newlines=True)
                if q.returncode != 2 or "the report comes from driver" \
                        not in q.stderr:
                    print("FAIL: %s: %s did not refuse it (exit %d: %s)" %
                          (rep, other, q.returncode, q.stderr.strip()[-200:]))
                    bad += 1
        print("%s: %d reports, %d replayed byte for byte" %
              ("ok" if bad == 0 else "FAIL", len(reports),
               len(reports) - bad))
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
