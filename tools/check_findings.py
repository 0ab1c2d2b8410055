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
       check_findings.py --audit FINDINGS.md [--triage-json FILE] EXPECTED...
(--skip: explore SUITE_DIR's subdirectories but these.)

--audit: docs/findings.md and the expected lists agree: every signature of
every list is listed under exactly one finding (a bug, or a known benign or
accepted one), and every signature listed there is found by some list, so
neither a new bug nor a fix is ever silent.  In docs/findings.md a
signature is a list item that is only the signature in backquotes:
    - `hang: tun_destroy (teardown)`
under the "### N. title" of its finding; a family of consequences not
triaged one by one may be listed as an fnmatch pattern (`... freed by *
(*)`), which must match at least one signature found.  An entry followed
by "(long run)" is seen only by the long run below and is checked only
with --triage-json.  --triage-json: also
every root cause of `tunsim triage DIR --json` (e.g. over the reports of
`explore scenarios --budget 2000`) must be listed.
"""
import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile

KINDS = ("panic", "use-after-free", "double-free", "lock", "sleep-with-mutex",
         "lock-order", "deadlock", "hang", "leak", "unexpected")
SIG_LINE = re.compile(r"^\s*[-*]\s+`((%s): .*)`(\s+\(long run\))?\s*$" %
                      "|".join(re.escape(k) for k in KINDS))
LONG_RUN = set()    # listed signatures seen only by the long run


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
            if m.group(3):
                LONG_RUN.add(sig)
            if sig in listed:
                dups.append((sig, listed[sig], heading))
            else:
                listed[sig] = heading
    return listed, dups


def findings_of(listed, sig):
    """The findings (headings) whose listed signature or family pattern
    (fnmatch: `use-after-free: kern_conf.c:155 dev_refthread on cdev freed
    by * (*)`) matches sig."""
    return sorted(set(h for pat, h in listed.items()
                      if pat == sig or fnmatch.fnmatchcase(sig, pat)))


def audit(findings, expected_paths, triage_json=None):
    listed, dups = read_findings(findings)
    found = {}
    for p in expected_paths:
        for sc, sig in read_expected(p):
            found.setdefault(sig, []).append((os.path.basename(p), sc))
    bad = 0
    for sig, a, b in dups:
        print("LISTED TWICE: %s (under \"%s\" and \"%s\")" % (sig, a, b))
        bad += 1
    extra = []
    if triage_json:
        with open(triage_json, encoding="utf-8") as f:
            for rc in json.load(f)["root_causes"]:
                extra.append((rc["signature"], rc["first"]["report"]))
    for sig, where in sorted([(s, "%s %s" % found[s][0]) for s in found] +
                             extra):
        hs = findings_of(listed, sig)
        if not hs:
            print("NOT IN %s: %s (%s)" % (findings, sig, where))
            bad += 1
        elif len(hs) > 1:
            print("IN TWO FINDINGS: %s (%s)" % (sig, "; ".join(hs)))
            bad += 1
    seen = set(found) | set(sig for sig, _ in extra)
    for pat in sorted(listed):
        if pat in LONG_RUN and not triage_json:
            continue
        if not any(pat == s or fnmatch.fnmatchcase(s, pat) for s in seen):
            print("NO LONGER FOUND by any list: %s (%s)" % (pat, listed[pat]))
            bad += 1
    print("%d signatures and families in %d findings, %d lists%s: %d failed"
          % (len(listed), len(set(listed.values())), len(expected_paths),
             ", %d root causes of %s" % (len(extra), triage_json)
             if triage_json else "", bad))
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
        rest, tj = sys.argv[3:], None
        if len(rest) >= 2 and rest[0] == "--triage-json":
            tj, rest = rest[1], rest[2:]
        if len(sys.argv) < 3 or not rest:
            sys.exit("usage: check_findings.py --audit FINDINGS.md "
                     "[--triage-json FILE] EXPECTED...")
        return audit(sys.argv[2], rest, tj)
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
        unlisted = sorted(set(sig for _, sig in found
                              if not findings_of(listed, sig)))
        for sig in unlisted:
            print("NOT IN %s: %s" % (args.findings, sig))
    print("%d passed, %d failed" % (len(found & exp),
                                    len(new) + len(gone) + len(unlisted)))
    return 1 if new or gone or unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
