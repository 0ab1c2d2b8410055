#!/usr/bin/env python3
"""Upstream coverage: which lines of FreeBSD's if_tuntap.c the model ran.

Reads the lcov tracefile of a coverage run (its record for
model/if_tuntap.c), the model's citations of upstream lines, and the
upstream file; writes OUT (a list of the upstream executable lines no
executed model line ports, "if_tuntap.c:1234: <source>", to read against
the upstream file) and prints the percentage of upstream executable lines
covered, alone on the last line of stdout.

usage: upstream_coverage.py --info MODEL.info --model model/if_tuntap.c
                            --upstream ../shared/upstream/if_tuntap.c
                            --out OUTDIR/upstream.txt

From model lines to upstream lines.  tools/upstream_map.py maps each line
of a model function to an upstream line from the nearest citation above it
("/* if_tuntap.c:A-B */": the k-th line after it ports A+k-1).  That drifts
wherever the model adds a line (a SIM_READ) or drops one, so here, inside
each citation's block, model and upstream lines are first aligned by their
text (whitespace and comments ignored, difflib's longest matching runs);
a model line aligned that way ports exactly its upstream twin.  A model
line left unaligned keeps upstream_map.py's line, but only when no aligned
model line already stands for that upstream line.

When a model line counts as executed.  Its lcov DA count is > 0; a code
line gcov did not instrument (a macro that expands to nothing here, such
as CURVNET_SET) takes the count of the nearest instrumented line above it
in the same function, since straight-line code runs together.  Comment and
blank model lines never count.

Which upstream lines are executable (the denominator), a plain heuristic
rather than a C parser; a line is executable when it is inside a function
body (KNF: the name starts a line, the body's "{" starts a line) and it is
not:
  - blank, or only a comment (or inside a /* */ comment);
  - a preprocessor line, or inside an #if block this build compiles out
    (the model's configuration: INET and INET6 on, MAC and the
    COMPAT_FREEBSD* options off);
  - only braces, "else", "do" or a mix of them ("} else {");
  - a label ("out:"), a "case X:" or "default:" line;
  - a declaration without initializer ("struct ifnet *ifp;");
  - the continuation of a statement begun on an earlier line (inside its
    parentheses, or after a line ending in an operator or a comma): a
    statement counts once, on its first line.
"""
import argparse
import difflib
import importlib.util
import os
import re
import sys

CITE = re.compile(r"if_tuntap\.c:(\d+)(?:-(\d+))?")
FUNC = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\(")
DEFINED = {"INET", "INET6", "_KERNEL", "INVARIANTS", "WITNESS"}
KEYWORDS = {"return", "goto", "break", "continue", "case", "default",
            "else", "do", "if", "while", "for", "switch", "sizeof"}
DECL = re.compile(
    r"^(?:(?:static|const|volatile|register|unsigned|signed|struct|union|"
    r"enum)\s+)*[A-Za-z_]\w*[\s*]+[A-Za-z_]\w*(?:\[[^\]]*\])?"
    r"(?:\s*,\s*\**\s*[A-Za-z_]\w*(?:\[[^\]]*\])?)*\s*;$")
CONT_END = ("&&", "||", ",", "=", "+", "-", "|", "&", "?", "(", "<<", ">>")


def load_map_module(root):
    """tools/upstream_map.py, imported from beside this script."""
    path = os.path.join(root, "tools", "upstream_map.py")
    spec = importlib.util.spec_from_file_location("upstream_map", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def strip_code(lines):
    """Each line with comments, string and char literals removed."""
    out = []
    in_comment = False
    for text in lines:
        res = []
        i = 0
        while i < len(text):
            if in_comment:
                j = text.find("*/", i)
                if j < 0:
                    i = len(text)
                else:
                    in_comment = False
                    i = j + 2
                continue
            c = text[i]
            if text.startswith("/*", i):
                in_comment = True
                i += 2
            elif text.startswith("//", i):
                break
            elif c in "\"'":
                j = i + 1
                while j < len(text) and text[j] != c:
                    j += 2 if text[j] == "\\" else 1
                res.append(c + c)
                i = j + 1
            else:
                res.append(c)
                i += 1
        out.append("".join(res).strip())
    return out


def compiled_out(lines):
    """Set of line numbers (1-based) the build compiles out, directives
    included."""
    out = set()
    stack = []          # (this branch active, any branch taken)
    n = 0
    while n < len(lines):
        text = lines[n].strip()
        start = n
        while text.endswith("\\") and n + 1 < len(lines):
            n += 1
            text = text[:-1] + " " + lines[n].strip()
        active = all(a for a, _ in stack)
        if text.startswith("#"):
            out.update(range(start + 1, n + 2))
            d = text[1:].strip()
            word = d.split(None, 1)[0] if d else ""
            if word in ("ifdef", "ifndef"):
                name = d.split()[1] if len(d.split()) > 1 else ""
                val = (name in DEFINED) == (word == "ifdef")
                stack.append((val, val))
            elif word == "if":
                names = re.findall(r"defined\s*\(?\s*(\w+)", d)
                val = any(x in DEFINED for x in names)
                if "&&" in d:
                    val = all(x in DEFINED for x in names)
                stack.append((val, val))
            elif word == "elif" and stack:
                names = re.findall(r"defined\s*\(?\s*(\w+)", d)
                taken = stack[-1][1]
                val = not taken and any(x in DEFINED for x in names)
                stack[-1] = (val, taken or val)
            elif word == "else" and stack:
                stack[-1] = (not stack[-1][1], True)
            elif word == "endif" and stack:
                stack.pop()
        elif not active:
            for k in range(start, n + 1):
                out.add(k + 1)
        n += 1
    return out


def function_lines(lines):
    """Line numbers inside function bodies, and the function of each."""
    inside = {}
    func = None
    pending = None
    depth = 0
    for n, text in enumerate(lines, 1):
        code = text
        if depth == 0:
            m = FUNC.match(code)
            if m:
                pending = m.group(1)
            if code.startswith("{") and pending:
                func = pending
                pending = None
            elif code.strip().endswith(";"):
                pending = None
        if func is not None:
            inside[n] = func
        depth += code.count("{") - code.count("}")
        if depth == 0 and func is not None and code.startswith("}"):
            func = None
    return inside


def executable_lines(lines):
    """The upstream lines the heuristic of the docstring calls
    executable."""
    code = strip_code(lines)
    inside = function_lines(code)
    dead = compiled_out(lines)
    result = set()
    paren = 0
    prev = ""
    for n in sorted(inside):
        c = code[n - 1]
        if not c or n in dead:
            continue
        if c.startswith("#"):
            prev = ""
            continue
        cont = paren > 0 or prev.endswith(CONT_END)
        paren += c.count("(") - c.count(")")
        paren = max(paren, 0)
        prev = c
        bare = re.sub(r"\b(else|do)\b", "", c).replace("{", "")
        bare = bare.replace("}", "").replace(";", "").strip()
        if cont or not bare:
            continue
        if re.match(r"^[A-Za-z_]\w*\s*:$", c):
            continue
        if re.match(r"^(case\b.*|default\s*):$", c):
            continue
        first = re.match(r"[A-Za-z_]\w*", c)
        if (DECL.match(c) and "=" not in c and
                not (first and first.group(0) in KEYWORDS)):
            continue
        result.add(n)
    return result


def read_info(path, suffix="model/if_tuntap.c"):
    """{line: count} over the tracefile records of the model."""
    counts = {}
    take = False
    with open(path, encoding="utf-8") as f:
        for text in f:
            text = text.strip()
            if text.startswith("SF:"):
                name = text[3:]
                take = name == suffix or name.endswith("/" + suffix)
            elif take and text.startswith("DA:"):
                parts = text[3:].split(",")
                line, cnt = int(parts[0]), int(parts[1])
                counts[line] = counts.get(line, 0) + cnt
            elif text == "end_of_record":
                take = False
    return counts


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


def header_block(model, first):
    """The citation in the comment above the function whose body starts
    at model line `first` ("(if_tuntap.c:355-364)"), as an empty block; or
    None."""
    for i in range(first - 1, max(first - 30, 0), -1):
        text = model[i - 1]
        if text.startswith("}"):
            break
        m = CITE.search(text)
        if m:
            start = int(m.group(1))
            return (start, int(m.group(2) or start), [])
    return None


def model_to_upstream(model, table, up_code):
    """{model_line: upstream_line}: text alignment inside each citation
    block, upstream_map.py's line where that finds nothing."""
    mcode = strip_code(model)
    blocks = []         # [(start, end, [model lines])], in order
    whole = cur = None  # the function's header citation; the inner one
    prev_func = None
    for n, up, func in table:
        m = CITE.search(model[n - 1])
        if func != prev_func:
            whole = header_block(model, n)
            cur = None
            if whole is not None:
                blocks.append(whole)
            prev_func = func
        if m:
            start = int(m.group(1))
            cur = (start, int(m.group(2) or start), [])
            blocks.append(cur)
            continue
        for b in (whole, cur):
            if b is not None:
                b[2].append(n)
    # Inner blocks come after their function's: their alignment wins.
    aligned = {}
    for start, end, mlines in blocks:
        mtext = [norm(mcode[n - 1]) for n in mlines]
        ulines = list(range(start, min(end, len(up_code)) + 1))
        utext = [norm(up_code[u - 1]) for u in ulines]
        # Blank and brace-only lines would align anywhere: never match.
        mtext = [t if t.strip("{}; ") else "\0m%d" % i
                 for i, t in enumerate(mtext)]
        utext = [t if t.strip("{}; ") else "\0u%d" % i
                 for i, t in enumerate(utext)]
        sm = difflib.SequenceMatcher(None, mtext, utext, autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            for k in range(size):
                aligned[mlines[a + k]] = ulines[b + k]
    result = dict(aligned)
    taken = set(aligned.values())
    for n, up, func in table:
        if n not in result and up and up not in taken and mcode[n - 1]:
            result[n] = up
    return result


def executed_model_lines(model, table, counts):
    """Model lines that ran: DA > 0, or uninstrumented code lines below an
    instrumented line that ran (same function)."""
    mcode = strip_code(model)
    ran = set()
    last = None
    prev_func = None
    for n, up, func in table:
        if func != prev_func:
            last = None
            prev_func = func
        if n in counts:
            last = counts[n]
            if last > 0:
                ran.add(n)
        elif mcode[n - 1] and mcode[n - 1].strip("{}; ") and last:
            ran.add(n)
    return ran


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--info", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    mapmod = load_map_module(root)

    with open(args.model, encoding="utf-8") as f:
        model = f.read().splitlines()
    with open(args.upstream, encoding="utf-8") as f:
        upstream = f.read().splitlines()
    table = mapmod.build(model)
    counts = read_info(args.info)
    up_code = strip_code(upstream)
    m2u = model_to_upstream(model, table, up_code)
    ran = executed_model_lines(model, table, counts)
    executable = executable_lines(upstream)
    covered = {m2u[n] for n in ran if n in m2u} & executable
    ported = set(m2u.values()) & executable
    missing = sorted(executable - covered)
    pct = 100.0 * len(covered) / len(executable) if executable else 0.0

    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Upstream coverage: if_tuntap.c lines no executed model "
                "line ports.\n")
        f.write("# %d of %d executable upstream lines covered (%.1f%%); "
                "see docs/coverage.md.\n"
                % (len(covered), len(executable), pct))
        f.write("# Lines under \"not reached\" are ported but never ran; "
                "lines under \"not ported\" have no model line.\n")
        for title, keep in (("not reached", True), ("not ported", False)):
            sel = [u for u in missing if (u in ported) == keep]
            f.write("\n# %s: %d\n" % (title, len(sel)))
            for u in sel:
                f.write("if_tuntap.c:%d: %s\n" % (u, upstream[u - 1].strip()))
    print("upstream if_tuntap.c: %d of %d executable lines (%.1f%%), "
          "%d not reached, %d not ported"
          % (len(covered), len(executable), pct,
             len([u for u in missing if u in ported]),
             len([u for u in missing if u not in ported])), file=sys.stderr)
    print("%.1f" % pct)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
