#!/usr/bin/env python3
"""Every execution of a real driver starts from a pristine driver.

Runs seeds A..B of a scenario twice with a real-driver binary: once in one
process (each execution after the first runs on the statics the previous
one left, unless the linker restores them at kldload), and once with every
seed in a process of its own (a fresh driver each time).  The violations
found (kind, signature, first seed, message) must be identical.  Points
are `sync` so the one-process run has no calibration executions and the
per-seed runs execute exactly one execution each.

usage: check_driver_reset.py BINARY SCENARIO A B
"""
import sys

from explore_json import explore as explore_summary


def explore(binary, scenario, a, b):
    out = explore_summary(binary, [scenario], ["--seeds", "%d..%d" % (a, b),
                                               "--points", "sync"], jobs=1)
    return {(v["kind"], v["signature"]): (v["seed"], v["message"])
            for v in out["violations"]}


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    binary, scenario, a, b = argv[0], argv[1], int(argv[2]), int(argv[3])
    together = explore(binary, scenario, a, b)
    alone = {}
    for seed in range(a, b + 1):
        for key, val in explore(binary, scenario, seed, seed).items():
            if key not in alone or val[0] < alone[key][0]:
                alone[key] = val
    if together != alone:
        print("one process, seeds %d..%d:" % (a, b))
        for k in sorted(together):
            print("  %s %s seed %d: %s" % (k + together[k]))
        print("a process per seed:")
        for k in sorted(alone):
            print("  %s %s seed %d: %s" % (k + alone[k]))
        print("FAIL: executions depend on the ones before them in the "
              "process (driver statics not reset)")
        return 1
    print("ok: seeds %d..%d give the same %d violation(s) in one process "
          "and one process per seed" % (a, b, len(together)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
