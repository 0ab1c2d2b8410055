#!/usr/bin/env python3
"""The data races a real-driver binary reports are exactly the triaged ones.

Explores the scenarios with --check races and the suppression list of the
races that are so by design, and compares the set of data-race root-cause
signatures over the whole suite ("data-race: tuncreate writes
cdev.si_drv1 ∥ tunopen reads cdev.si_drv1 (create ∥ open)") with the
EXPECTED file: one signature a line, each a finding of docs/findings.md;
"? SIGNATURE" is allowed but not required (a rare one).  A new race, or a
required one no longer found, fails.  The set is taken
over the suite, not per scenario: which scenario shows a race first
depends on the schedule a seed gives, and that depends on the compiler
(docs/real-driver.md).

usage: check_driver_races.py BINARY SUPPRESSIONS EXPECTED SCENARIO|DIR...
       [-- explore options]
"""
import sys

from explore_json import explore, split_opts


def main(argv):
    argv, opts = split_opts(argv)
    if len(argv) < 4:
        sys.exit(__doc__)
    binary, supp, expected_path, targets = argv[0], argv[1], argv[2], argv[3:]
    expected, optional = set(), set()
    with open(expected_path, encoding="utf-8") as f:
        for l in f:
            l = l.strip()
            if not l or l.startswith("#"):
                continue
            if l.startswith("? "):
                optional.add(l[2:].strip())
            else:
                expected.add(l)
    summary = explore(binary, targets, opts + ["--check", "races",
                                               "--suppress-races", supp])
    found = {}
    for v in summary["root_causes"]:
        if v["kind"] == "data-race":
            found.setdefault(v["signature"], v)
    ok = True
    for sig in sorted(set(found) - expected - optional):
        v = found[sig]
        print("NEW data race: %s (first: %s seed %d)" % (
            sig, v["first_scenario"], v["first_seed"]))
        ok = False
    for sig in sorted(expected - set(found)):
        print("NO LONGER FOUND: %s" % sig)
        ok = False
    print("%s: %d data-race signatures, %d expected" %
          ("ok" if ok else "FAIL", len(found), len(expected)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
