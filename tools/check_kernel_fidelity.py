#!/usr/bin/env python3
"""Check docs/kernel-fidelity.md against the simulated kernel and the facts
index (tools/data/kernel_fidelity.tsv), and optionally against a reference
checkout of FreeBSD's sources.

  check_kernel_fidelity.py [--root DIR]            offline checks (a)-(d)
  check_kernel_fidelity.py --ref REFDIR            also verify line+fingerprint
  check_kernel_fidelity.py --ref REFDIR --record REPO@COMMIT [--only PATH]
        fill in line and fingerprint of unverified rows whose upstream file
        is in REFDIR (rewrites the doc table and the facts index)

Offline checks:
  (a) every row names a function defined in the named sim file;
  (b) every function defined in sim/kern, sim/net, sim/fs, sim/libkern is
      either a row or listed as sim-only;
  (c) every file under the simulated kernel directories says in its first
      comment block which upstream file it stands for and at which revision
      (or that it has none), and the rows of that file use that upstream
      file;
  (d) the rows agree with the facts index.
With --ref: every verified fact's line in REFDIR/<upstream path> starts with
the upstream function name and hashes to the recorded fingerprint (the first
12 hex digits of the SHA-256 of the line's text, newline excluded).

Errors are printed as file:line:col: message; the exit status is 1 if any.
"""
import argparse
import hashlib
import os
import re
import sys

DOC = "docs/kernel-fidelity.md"
FACTS = "tools/data/kernel_fidelity.tsv"
HEADER_DIRS = ["sim/kern", "sim/net", "sim/fs", "sim/libkern", "sim/sys",
               "sim/netinet", "sim/netinet6", "sim/dev", "sim/security"]
CODE_DIRS = ["sim/kern", "sim/net", "sim/fs", "sim/libkern"]
REVISION = "edca4938"
STANDS_RE = re.compile(
    r"Stands for (sys/\S+?)(?: \(also ([^)]*)\))? at FreeBSD "
    + REVISION + r" \(2019\)\.")
NONE_RE = re.compile(r"Stands for no upstream file\b")
FACT_COLS = ["sim_file", "sim_function", "upstream_path", "upstream_function",
             "reference", "line", "fingerprint"]
UNVERIFIED = "unverified"

errors = []


def err(path, line, col, msg):
    errors.append("%s:%d:%d: %s" % (path, line, col, msg))


def fingerprint(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def c_definitions(text):
    """Names of functions defined in C text: a line starting with NAME(
    whose declarator reaches '{' before ';'."""
    defs = {}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\(", line)
        if not m or m.group(1) in ("if", "while", "for", "switch", "return",
                                   "__attribute__"):
            continue
        rest = "\n".join(lines[i:i + 12])
        body = rest.find("{")
        semi = rest.find(";")
        if body >= 0 and (semi < 0 or body < semi):
            defs.setdefault(m.group(1), i + 1)
    return defs


def first_comment(text):
    m = re.match(r"\s*/\*(.*?)\*/", text, re.S)
    if not m:
        return None
    return re.sub(r"\s*\n\s*\*?\s*", " ", m.group(1))


def cells(line):
    parts = line.strip().strip("|").split("|")
    return [p.strip() for p in parts]


def unquote(cell):
    return cell.strip().strip("`")


def parse_doc(path):
    """Return (rows, simonly): rows are dicts keyed like FACT_COLS plus
    'lineno'; simonly maps (sim_file, fn) -> lineno."""
    rows, simonly = [], {}
    section = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("## "):
                section = line[3:].strip().lower()
                continue
            if not line.startswith("|") or re.match(r"\|\s*-", line):
                continue
            c = cells(line)
            if c[0] in ("sim function",):
                continue
            if section == "functions":
                if len(c) != 5:
                    err(path, n, 1, "a function row has 5 cells, not %d" % len(c))
                    continue
                m = re.fullmatch(r"`?(sim/\S+):(\w+)`?", c[0])
                u = re.fullmatch(r"`?(sys/\S+):(\d+|\?)`?", c[2])
                if not m or not u:
                    err(path, n, 1, "malformed row (sim/FILE:function | "
                        "upstream function | sys/FILE:LINE | reference | ...)")
                    continue
                rows.append({"sim_file": m.group(1), "sim_function": m.group(2),
                             "upstream_function": unquote(c[1]),
                             "upstream_path": u.group(1),
                             "line": u.group(2) if u.group(2) != "?" else "-",
                             "reference": unquote(c[3]),
                             "leaves_out": c[4], "lineno": n})
            elif section == "sim-only functions":
                m = re.fullmatch(r"`?(sim/\S+):(\w+)`?", c[0])
                if not m or len(c) != 2 or not c[1]:
                    err(path, n, 1, "malformed sim-only row (sim/FILE:function | reason)")
                    continue
                key = (m.group(1), m.group(2))
                if key in simonly:
                    err(path, n, 1, "%s:%s listed twice as sim-only" % key)
                simonly[key] = n
    return rows, simonly


def parse_facts(path):
    facts = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) != len(FACT_COLS):
                err(path, n, 1, "%d columns, want %d" % (len(c), len(FACT_COLS)))
                continue
            d = dict(zip(FACT_COLS, c))
            d["lineno"] = n
            key = (d["sim_file"], d["sim_function"])
            if key in facts:
                err(path, n, 1, "%s:%s twice" % key)
            verified = d["reference"] != UNVERIFIED
            if verified and (not d["line"].isdigit()
                             or not re.fullmatch(r"[0-9a-f]{12}", d["fingerprint"])):
                err(path, n, 1, "a verified fact needs a line and a 12-hex fingerprint")
            if not verified and (d["line"], d["fingerprint"]) != ("-", "-"):
                err(path, n, 1, "an unverified fact has line and fingerprint '-'")
            facts[key] = d
    return facts


def sim_files(root, dirs):
    out = []
    for d in dirs:
        for dp, _, fs in os.walk(os.path.join(root, d)):
            for fn in fs:
                if fn.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(dp, fn), root))
    return sorted(out)


def check(root, rows, simonly, facts):
    defs_cache = {}

    def defs_of(sf):
        if sf not in defs_cache:
            p = os.path.join(root, sf)
            defs_cache[sf] = (c_definitions(open(p, encoding="utf-8").read())
                              if os.path.isfile(p) else None)
        return defs_cache[sf]

    # (a) rows and sim-only entries name functions the sim defines.
    seen = {}
    for r in rows:
        key = (r["sim_file"], r["sim_function"])
        d = defs_of(r["sim_file"])
        if d is None:
            err(DOC, r["lineno"], 3, "no sim file %s" % r["sim_file"])
        elif r["sim_function"] not in d:
            err(DOC, r["lineno"], 3, "%s defines no function %s"
                % (r["sim_file"], r["sim_function"]))
        if key in seen or key in simonly:
            err(DOC, r["lineno"], 3, "%s:%s listed twice" % key)
        seen[key] = r
    for key, n in simonly.items():
        d = defs_of(key[0])
        if d is None or key[1] not in d:
            err(DOC, n, 3, "%s defines no function %s" % key)

    # (b) every function the simulated kernel defines is accounted for.
    for sf in sim_files(root, CODE_DIRS):
        if not sf.endswith(".c"):
            continue
        for fn, ln in sorted(defs_of(sf).items(), key=lambda x: x[1]):
            if (sf, fn) not in seen and (sf, fn) not in simonly:
                err(sf, ln, 1, "%s is in neither table of %s (a row, or "
                    "sim-only with a reason)" % (fn, DOC))

    # (c) file headers name their upstream file and the revision.
    ups_of = {}
    for sf in sim_files(root, HEADER_DIRS):
        text = open(os.path.join(root, sf), encoding="utf-8").read()
        head = first_comment(text)
        if head is None:
            err(sf, 1, 1, "no header comment")
            continue
        m = STANDS_RE.search(head)
        if m:
            ups = [m.group(1)] + [p.strip() for p in (m.group(2) or "").split(",")
                                  if p.strip()]
            if os.path.basename(ups[0]) != os.path.basename(sf):
                err(sf, 1, 1, "stands for %s, not a file of its own name"
                    % ups[0])
            ups_of[sf] = set(ups)
        elif NONE_RE.search(head):
            ups_of[sf] = set()
        else:
            err(sf, 1, 1, "header does not say 'Stands for sys/... at FreeBSD "
                + REVISION + " (2019).' or 'Stands for no upstream file'")
    for r in rows:
        ups = ups_of.get(r["sim_file"])
        if ups is not None and r["upstream_path"] not in ups:
            err(DOC, r["lineno"], 3, "%s stands for %s, the row uses %s"
                % (r["sim_file"], ", ".join(sorted(ups)) or "no upstream file",
                   r["upstream_path"]))

    # (d) rows agree with the facts index.
    for key, r in seen.items():
        f = facts.get(key)
        if f is None:
            err(DOC, r["lineno"], 3, "%s:%s has no fact in %s" % (key + (FACTS,)))
            continue
        for col in ("upstream_path", "upstream_function", "reference", "line"):
            if f[col] != r[col]:
                err(DOC, r["lineno"], 3, "%s:%s %s is %r here, %r in %s"
                    % (key + (col, r[col], f[col], FACTS)))
    for key, f in facts.items():
        if key not in seen:
            err(FACTS, f["lineno"], 1, "%s:%s is not a row of %s" % (key + (DOC,)))


def read_ref(refdir, path, cache={}):
    if path not in cache:
        p = os.path.join(refdir, path)
        cache[path] = (open(p, encoding="utf-8", errors="replace").read()
                       .split("\n") if os.path.isfile(p) else None)
    return cache[path]


def verify_ref(refdir, facts):
    checked = missing = 0
    for key, f in sorted(facts.items()):
        if f["reference"] == UNVERIFIED:
            continue
        lines = read_ref(refdir, f["upstream_path"])
        if lines is None:
            missing += 1
            continue
        ln = int(f["line"])
        text = lines[ln - 1] if 0 < ln <= len(lines) else ""
        if not text.startswith(f["upstream_function"] + "("):
            err(FACTS, f["lineno"], 1, "%s:%d of the reference does not start "
                "with %s(" % (f["upstream_path"], ln, f["upstream_function"]))
        elif fingerprint(text) != f["fingerprint"]:
            err(FACTS, f["lineno"], 1, "%s:%d fingerprint %s, recorded %s"
                % (f["upstream_path"], ln, fingerprint(text), f["fingerprint"]))
        checked += 1
    return checked, missing


def record(root, refdir, refname, only, rows, facts):
    """Fill line and fingerprint of rows found in the reference."""
    filled = 0
    for r in rows:
        if only and r["upstream_path"] not in only:
            continue
        lines = read_ref(refdir, r["upstream_path"])
        if lines is None:
            continue
        hits = [i + 1 for i, t in enumerate(lines)
                if t.startswith(r["upstream_function"] + "(")
                and c_definitions("\n".join(lines[i:i + 12])).get(
                    r["upstream_function"]) == 1]
        f = facts[(r["sim_file"], r["sim_function"])]
        if len(hits) == 1:
            f.update(reference=refname, line=str(hits[0]),
                     fingerprint=fingerprint(lines[hits[0] - 1]))
            filled += 1
        else:
            print("record: %s: %s defined %d times in the reference; left "
                  "unverified" % (r["upstream_path"], r["upstream_function"],
                                  len(hits)))
            f.update(reference=UNVERIFIED, line="-", fingerprint="-")
    # Rewrite the facts index and the doc rows from the facts.
    with open(os.path.join(root, FACTS), "w", encoding="utf-8") as out:
        out.write("# " + "\t".join(FACT_COLS) + "\n")
        for key in sorted(facts):
            out.write("\t".join(facts[key][c] for c in FACT_COLS) + "\n")
    doc = open(os.path.join(root, DOC), encoding="utf-8").read().split("\n")
    for r in rows:
        f = facts[(r["sim_file"], r["sim_function"])]
        ln = f["line"] if f["line"] != "-" else "?"
        doc[r["lineno"] - 1] = "| `%s:%s` | `%s` | `%s:%s` | %s | %s |" % (
            r["sim_file"], r["sim_function"], r["upstream_function"],
            r["upstream_path"], ln, f["reference"], r["leaves_out"])
    open(os.path.join(root, DOC), "w", encoding="utf-8").write("\n".join(doc))
    print("record: %d rows filled from %s" % (filled, refdir))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=".")
    ap.add_argument("--ref", help="directory holding FreeBSD sources (sys/...)")
    ap.add_argument("--record", metavar="REPO@COMMIT")
    ap.add_argument("--only", action="append", default=[],
                    help="with --record: only this upstream path")
    a = ap.parse_args()
    os.chdir(a.root)
    for p in (DOC, FACTS):
        if not os.path.isfile(p):
            print("%s:1:1: missing" % p)
            return 1
    rows, simonly = parse_doc(DOC)
    facts = parse_facts(FACTS)
    if a.record:
        if not a.ref or errors:
            print("\n".join(errors) or "--record needs --ref")
            return 1
        record(".", a.ref, a.record, set(a.only), rows, facts)
        return 0
    check(".", rows, simonly, facts)
    unverified = sum(1 for f in facts.values() if f["reference"] == UNVERIFIED)
    summary = "%d rows, %d sim-only, %d verified, %d unverified" % (
        len(rows), len(simonly), len(facts) - unverified, unverified)
    if a.ref:
        checked, missing = verify_ref(a.ref, facts)
        summary += "; reference: %d checked, %d not in %s" % (
            checked, missing, a.ref)
    for e in errors:
        print(e)
    print(("FAIL: %d errors; " % len(errors) if errors else "ok: ") + summary)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
