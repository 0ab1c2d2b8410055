#!/usr/bin/env python3
"""The model and the real driver file agree, by test (DESIGN section 9).

Explores the same scenarios at the same budget with the model binary
(tunsim) and a real-driver binary (tunsim-upstream), and compares the
distinct root-cause signatures the whole suite finds ("use-after-free:
tun_destroy destroy_dev on cdev freed by tun_destroy (teardown)": both
binaries name driver functions, the model from its own functions, the
real file from its instrumentation, so the titles compare as they are).  Per scenario the sets
differ by sampling alone (the two binaries have different scheduling
points, so a seed is a different schedule); over the suite they must be
the same bugs.  Every difference must be listed in the EXPLAINED file
(its reasons are in docs/fidelity.md): a line "SIDE SIGNATURE", SIDE
being the one that finds it (model | driver).  A listed difference that no longer occurs
fails too, so the list stays true.  The real-driver exploration also runs with --jobs 1 and --jobs 2,
which must agree exactly.

usage: check_differential.py MODEL DRIVER MODEL_MAP.c EXPLAINED
       SCENARIO|DIR... [-- explore options]
"""
import re
import sys

from explore_json import explore, split_opts

ROW = re.compile(r'\{ (\d+), (\d+), "([^"]*)" \},')
SIG = re.compile(r"^(?P<kind>[^@]+)@(?P<file>[^:]+):(?P<line>\d+)$")


def load_map(path):
    m = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = ROW.search(line)
            if r and int(r.group(2)) != 0:
                m[int(r.group(1))] = int(r.group(2))
    return m


def normalise(sig, model_map):
    r = SIG.match(sig)
    if not r:
        return sig
    f, n = r.group("file"), int(r.group("line"))
    if f == "model/if_tuntap.c":
        return "%s@if_tuntap.c:%s" % (r.group("kind"),
                                      model_map.get(n, "model:%d" % n))
    if f.endswith("/if_tuntap.c"):
        return "%s@if_tuntap.c:%d" % (r.group("kind"), n)
    return sig




def signatures(summary, model_map):
    return {normalise(v["signature"], model_map)
            for v in summary["root_causes"]}


def main(argv):
    argv, opts = split_opts(argv)
    if len(argv) < 5:
        sys.exit(__doc__)
    model, driver, map_c, explained_path = argv[:4]
    targets = argv[4:]
    model_map = load_map(map_c)
    explained = set()
    with open(explained_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                side, sig = line.split(None, 1)
                explained.add((sig, side))

    m = signatures(explore(model, targets, opts, 2), model_map)
    d1 = explore(driver, targets, opts, 1)
    d2 = explore(driver, targets, opts, 2)
    strip = lambda s: ([(v["scenario"], v["signature"], v["seed"],
                         v["message"]) for v in s["violations"]],
                       [(v["signature"], v["count"], v["first_seed"])
                        for v in s["root_causes"]])
    ok = True
    if strip(d1) != strip(d2):
        print("FAIL: the real driver's exploration differs between "
              "--jobs 1 and --jobs 2")
        ok = False
    d = signatures(d1, model_map)
    seen = set()
    for sig in sorted(m - d):
        seen.add((sig, "model"))
        if (sig, "model") not in explained:
            print("only in the model:  %s" % sig)
            ok = False
    for sig in sorted(d - m):
        seen.add((sig, "driver"))
        if (sig, "driver") not in explained:
            print("only in the driver: %s" % sig)
            ok = False
    for e in sorted(explained - seen):
        print("listed as a difference but not one now: %s (%s)" % e)
        ok = False
    print("%s: model %d, driver %d distinct signatures, %d in common, "
          "%d explained differences" % ("ok" if ok else "FAIL", len(m),
                                        len(d), len(m & d), len(seen)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
