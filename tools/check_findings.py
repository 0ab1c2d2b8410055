#!/usr/bin/env python3
"""Explore a scenario suite at a fixed budget and compare what it finds with
the triaged list.

Every distinct violation `explore` reports is (scenario, signature), the
signature being the root cause (DESIGN section 10: `use-after-free:
tunoutput mtx_lock on tun freed by tun_destroy (send ∥ destroy)`).  The
expected list (traces/findings/<suite>.expected, one "scenario signature"
per line, lines starting with "#" are comments) pins what the run finds.  The check fails when a
finding appears that is not on the list (a new bug, or a new defect of
tunsim: triage it), when a listed one is no longer found (the driver, the
kernel or the checks changed: find out why), and when a signature found is
not listed under a finding of docs/findings.md (--findings).  The budget is
fixed and the run deterministic, so the same tree gives the same set on
every machine, with any --jobs.

usage: check_findings.py TUNSIM SUITE_DIR EXPECTED --budget N [--jobs J]
                         [--strategy S] [--depth D] [--preemptions K]
                         [--skip SUBDIR]... [--findings FINDINGS.md]
                         [--update]
       check_findings.py --audit FINDINGS.md EXPECTED...
(--skip: explore SUITE_DIR's subdirectories but these.)

--audit: docs/findings.md and the expected lists agree: every signature of
every list is listed under exactly one finding (a bug, or a known benign or
accepted one), and every signature listed there is found by some list, so
neither a new bug nor a fix is ever silent.  In docs/findings.md a
signature is a list item that is only the signature in backquotes:
    - `hang: tun_destroy (teardown)`
under the "### N. title" of its finding.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

KINDS = ("panic", "use-after-free", "double-free", "lock", "sleep-with-mutex",
         "lock-order", "deadlock", "hang", "leak", "unexpected")
SIG_LINE = re.compile(r"^\s*[-*]\s+`((%s): .*)`\s*$" % "|".join(
    re.escape(k) for k in KINDS))


def read_findings(path):
    """{signature: finding heading} of docs/findings.md; duplicates too."""
    listed, dups, heading = {}, [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("### "):
                heading = line[4:].strip()
                continue
            m = SIG_LINE.match(line.rstrip("\n"))
            if m is None:
                continue
            sig = m.group(1)
            if sig in listed:
                dups.append((sig, listed[sig], heading))
            else:
                listed[sig] = heading
    return listed, dups


def audit(findings, expected_paths):
    listed, dups = read_findings(findings)
    found = {}
    for p in expected_paths:
        for sc, sig in read_expected(p):
            found.setdefault(sig, []).append((os.path.basename(p), sc))
    bad = 0
    for sig, a, b in dups:
        print("LISTED TWICE: %s (under \"%s\" and \"%s\")" % (sig, a, b))
        bad += 1
    for sig in sorted(set(found) - set(listed)):
        print("NOT IN %s: %s (%s %s)" % (findings, sig, found[sig][0][0],
                                         found[sig][0][1]))
        bad += 1
    for sig in sorted(set(listed) - set(found)):
        print("NO LONGER FOUND by any list: %s (%s)" % (sig, listed[sig]))
        bad += 1
    print("%d signatures in %d findings, %d lists: %d failed" % (
        len(listed), len(set(listed.values())), len(expected_paths), bad))
    return 1 if bad else 0


def run_explore(args):
    with tempfile.TemporaryDirectory() as rep:
        paths = [args.suite]
        if args.skip:
            paths = sorted(os.path.join(args.suite, e)
                           for e in os.listdir(args.suite)
                           if e not in args.skip and
                           os.path.isdir(os.path.join(args.suite, e)))
        cmd = [args.tunsim, "explore"] + paths + ["--budget",
               str(args.budget), "--jobs", str(args.jobs), "--json",
               "--report-dir", rep, "--strategy", args.strategy]
        if args.depth:
            cmd += ["--depth", str(args.depth)]
        if args.preemptions is not None:
            cmd += ["--preemptions", str(args.preemptions)]
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if p.returncode not in (0, 1):
            sys.stderr.write(p.stderr)
            sys.exit("check_findings: explore exited %d" % p.returncode)
        d = json.loads(p.stdout)
    found = set()
    for v in d["violations"]:
        found.add((v["scenario"], v["signature"]))
    return d, found


def read_expected(path):
    exp = set()
    if not os.path.exists(path):
        return exp
    with open(path, encoding="utf-8") as f:
        for line in f:
            # Comments are whole lines: signatures hold '#' (tun_mtx@tun#N).
            line = line.strip()
            if line and not line.startswith("#"):
                sc, sig = line.split(None, 1)
                exp.add((sc, sig.strip()))
    return exp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tunsim")
    ap.add_argument("suite")
    ap.add_argument("expected")
    ap.add_argument("--budget", type=int, required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--strategy", default="random")
    ap.add_argument("--depth", type=int, default=0)
    ap.add_argument("--preemptions", type=int)
    ap.add_argument("--skip", action="append", default=[])
    ap.add_argument("--findings")
    ap.add_argument("--update", action="store_true")
    if len(sys.argv) > 1 and sys.argv[1] == "--audit":
        if len(sys.argv) < 4:
            sys.exit("usage: check_findings.py --audit FINDINGS.md "
                     "EXPECTED...")
        return audit(sys.argv[2], sys.argv[3:])
    args = ap.parse_args()

    d, found = run_explore(args)
    print("%s explored %s: %d executions in %.1f s (%.0f/s), %d distinct "
          "findings" % (os.path.basename(args.tunsim), args.suite,
                        d["executions"], d["elapsed_s"],
                        d["executions_per_s"], len(found)))
    if args.update:
        os.makedirs(os.path.dirname(args.expected), exist_ok=True)
        with open(args.expected, "w", encoding="utf-8") as f:
            opts = "--strategy %s" % args.strategy
            if args.depth:
                opts += " --depth %d" % args.depth
            if args.preemptions is not None:
                opts += " --preemptions %d" % args.preemptions
            f.write("# Findings of `%s explore %s --budget %d %s`%s,\n"
                    "# triaged in docs/findings.md.  Regenerate: the "
                    "command in tests/CMakeLists.txt plus --update.\n"
                    % (os.path.basename(args.tunsim), args.suite,
                       args.budget, opts,
                       " (without %s)" % ", ".join(args.skip)
                       if args.skip else ""))
            for sc, sig in sorted(found):
                f.write("%s %s\n" % (sc, sig))
        print("wrote %s" % args.expected)
        return 0
    exp = read_expected(args.expected)
    new = sorted(found - exp)
    gone = sorted(exp - found)
    for sc, sig in new:
        print("NEW (not triaged): %s %s" % (sc, sig))
    for sc, sig in gone:
        print("NO LONGER FOUND: %s %s" % (sc, sig))
    unlisted = []
    if args.findings:
        listed, _ = read_findings(args.findings)
        unlisted = sorted(set(sig for _, sig in found) - set(listed))
        for sig in unlisted:
            print("NOT IN %s: %s" % (args.findings, sig))
    print("%d passed, %d failed" % (len(found & exp),
                                    len(new) + len(gone) + len(unlisted)))
    return 1 if new or gone or unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
