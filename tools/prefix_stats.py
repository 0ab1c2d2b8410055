#!/usr/bin/env python3
"""How much of an execution is the common prefix (boot, kldload, setup).

For each scenario, run `tunsim run --trace` at a few (strategy, seed)
pairs, cut each trace where the first scenario thread starts, and report:
the prefix's steps against the execution's, whether the prefix trace is
the same text at every pair (if not, a snapshot of it would be wrong for
some seeds), and which threads besides main run in it (a daemon thread
there means scheduling decisions, hence PRNG draws, in the prefix).

    python3 tools/prefix_stats.py [--tunsim build/tunsim] [SCENARIO|DIR...]

Measurement only: it changes nothing and exits 0 unless tunsim cannot run.
"""
import argparse
import os
import subprocess
import sys
import tempfile

PAIRS = [("random", 0), ("random", 1), ("random", 7), ("pct", 3)]


def scenario_files(args):
    """Every .tsn named or under a named directory, sorted."""
    out = []
    for a in args:
        if os.path.isdir(a):
            for root, _dirs, files in os.walk(a):
                out += [os.path.join(root, f) for f in files
                        if f.endswith(".tsn")]
        else:
            out.append(a)
    return sorted(out)


def thread_names(path):
    """Names of the scenario's `thread NAME:` blocks."""
    names = set()
    with open(path) as f:
        for line in f:
            if line.startswith("thread "):
                names.add(line.split()[1].rstrip(":"))
    return names


def prefix_of(lines, names):
    """The trace lines before the first scenario thread's start event."""
    for i, line in enumerate(lines):
        p = line.split()
        if len(p) >= 4 and p[3] == "start" and p[2] in names:
            return lines[:i]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tunsim", default="build/tunsim")
    ap.add_argument("paths", nargs="*", default=["scenarios"])
    a = ap.parse_args()
    tot_pre = tot_all = runs = 0
    varying, daemons = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "t.trace")
        for path in scenario_files(a.paths):
            names = thread_names(path)
            texts = set()
            others = set()
            for strat, seed in PAIRS:
                if os.path.exists(out):
                    os.unlink(out)
                r = subprocess.run([a.tunsim, "run", path, "--seed",
                                    str(seed), "--strategy", strat,
                                    "--trace", out], capture_output=True)
                if r.returncode not in (0, 1) or not os.path.exists(out):
                    sys.stderr.write("%s: tunsim run failed: %s" %
                                     (path, r.stderr.decode()))
                    return 2
                with open(out) as f:
                    lines = f.read().splitlines()
                if not lines:
                    continue
                pre = prefix_of(lines, names)
                psteps = int(pre[-1].split()[0]) if pre else 0
                steps = int(lines[-1].split()[0])
                tot_pre += psteps
                tot_all += steps
                runs += 1
                texts.add("\n".join(pre))
                others |= {l.split()[2] for l in pre
                           if len(l.split()) > 2} - {"main"}
                print("%s %s seed=%d prefix=%d steps=%d" %
                      (path, strat, seed, psteps, steps))
            if len(texts) > 1:
                varying.append(path)
            if others:
                daemons.append("%s (%s)" % (path, ",".join(sorted(others))))
    print("runs %d: prefix %d of %d steps (%.1f%%)" %
          (runs, tot_pre, tot_all, 100.0 * tot_pre / max(tot_all, 1)))
    print("prefix differs by seed/strategy: %d" % len(varying))
    for p in varying:
        print("  " + p)
    print("threads besides main in the prefix: %d" % len(daemons))
    for p in daemons:
        print("  " + p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
