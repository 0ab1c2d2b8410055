#!/usr/bin/env python3
"""Prepare a compiled, instrumented driver object for linking into tunsim.

The real-driver build (DESIGN section 9) compiles an unmodified driver
file with -fsanitize=thread.  This tool takes that object and

  1. moves its writable static data into the module's data sections, so
     the simulated linker restores them at every kldload (a pristine
     driver for every execution): .data, .data.rel, .data.rel.local (and
     .data.* other than the read-only-after-relocation .data.rel.ro*) into
     set_tunsim_moddata; .bss and .bss.* into set_tunsim_modbss, which the
     linker zeroes;
  2. adds a global symbol at the start of its .text, tunsim_driver_text,
     so the engine can turn a return address inside the driver into an
     offset of this object;
  3. writes a C table (OUT_lines.c) from the object's line table and
     symbols: text offset -> (file, line) and -> function, the driver's
     file label and the size of its text; and the driver's upstream map
     (OUT_map.c: line -> the function it is in), which the traces use to
     print "[if_tuntap.c:923 tuncreate]" as they do for the model.

Nothing is copied from the driver's source text; only the compiler's
line and symbol tables are read.

usage: driver_prep.py --label LABEL --objcopy PATH --objdump PATH
       --nm PATH IN.o OUT.o OUT_lines.c OUT_map.c

Errors (thread-local data, code outside .text) stop the build with the
reason: a driver the simulator cannot reset or locate is not silently
accepted.
"""
import os
import re
import subprocess
import sys

HEX = re.compile(r"^(0x)?[0-9a-fA-F]+$")


def run(argv):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if r.returncode != 0:
        sys.exit("driver_prep: %s failed:\n%s" % (" ".join(argv), r.stderr))
    return r.stdout


def sections(objdump, obj):
    """[(name, size, flags-line)] from objdump -h."""
    out = run([objdump, "-h", "-w", obj])
    res = []
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 7 and f[0].isdigit():
            res.append((f[1], int(f[2], 16), " ".join(f[6:])))
    return res


def plan_renames(secs):
    """objcopy arguments moving writable statics into the module sets."""
    args = []
    for name, size, flags in secs:
        if name.startswith((".tdata", ".tbss")):
            sys.exit("driver_prep: thread-local section %s: the simulated "
                     "kernel has no per-CPU/TLS data" % name)
        if name == ".data" or (name.startswith(".data.") and
                               not name.startswith(".data.rel.ro")):
            args += ["--rename-section",
                     "%s=set_tunsim_moddata,alloc,load,data,contents" % name]
        elif name == ".bss" or name.startswith(".bss."):
            args += ["--rename-section", "%s=set_tunsim_modbss,alloc" % name]
    return args


def check_text(secs):
    """The driver's code must be in one .text (return addresses map there)."""
    size = None
    for name, sz, flags in secs:
        if "CODE" not in flags:
            continue
        if name == ".text":
            size = sz
        elif name.startswith((".text.startup", ".text.exit",
                              ".text.tsan.module_ctor")):
            continue        # constructors: __tsan_init only
        elif sz > 0:
            sys.exit("driver_prep: code in section %s; build the driver "
                     "with -fno-reorder-blocks-and-partition and without "
                     "-ffunction-sections" % name)
    if size is None:
        sys.exit("driver_prep: no .text section")
    return size


def line_rows(objdump, obj):
    """[(offset, file, line)] from the decoded DWARF line table."""
    out = run([objdump, "--dwarf=decodedline", obj])
    # Rows name their file by base name; the "path:" headers between
    # blocks give the full paths.
    rows = []
    full = {}
    for raw in out.splitlines():
        line = raw.rstrip()
        if not line:
            continue
        f = line.split()
        if line.endswith(":") and len(f) == 1:
            path = f[0][:-1]
            b = os.path.basename(path)
            if len(path) > len(full.get(b, "")):
                full[b] = path
            continue
        if len(f) >= 3 and f[1].isdigit() and HEX.match(f[2]):
            rows.append((int(f[2], 16), f[0], int(f[1])))
    rows = [(off, full.get(b, b), ln) for off, b, ln in rows]
    rows.sort(key=lambda r: r[0])
    return rows


def functions(nm, obj):
    """[(offset, size, name)] of the functions in .text."""
    out = run([nm, "-S", "--defined-only", obj])
    res = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in ("t", "T"):
            res.append((int(f[0], 16), int(f[1], 16), f[3]))
    res.sort()
    return res


def label_file(path, label, driver_base):
    """Paths in the line table as traces print them."""
    if os.path.basename(path) == driver_base:
        return label
    # A header of the simulated kernel: keep the tree-relative name.
    for anchor in ("sim/", "model/"):
        i = path.rfind("/" + anchor)
        if i >= 0:
            return path[i + 1:]
        if path.startswith(anchor):
            return path
    return os.path.basename(path)


def data_symbols(objdump, obj, secs):
    """[(section, offset, size, name)] of the writable statics."""
    wanted = {name for name, size, flags in secs
              if name in (".data", ".bss") or
              (name.startswith((".data.", ".bss.")) and
               not name.startswith(".data.rel.ro"))}
    out = run([objdump, "-t", "-w", obj])
    res = []
    for line in out.splitlines():
        f = line.split()
        # value flags... section size name
        if len(f) < 5 or not HEX.match(f[0]):
            continue
        name, size, sec = f[-1], f[-2], f[-3]
        if sec in wanted and "O" in f[1:-3] and HEX.match(size):
            res.append((sec, int(f[0], 16), int(size, 16), name))
    res.sort()
    return res, sorted(wanted)


def structs(objdump, obj):
    """{name: (byte_size, [(offset, member)])} of the named structs in the
    object's debug info, top-level members only."""
    out = run([objdump, "--dwarf=info", obj])
    res = {}
    cur = None          # (name, size, members) being read
    depth_re = re.compile(r"^\s*<(\d+)><[0-9a-f]+>: Abbrev Number: \d+ \((\w+)\)")
    attr_re = re.compile(r"^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$")
    tag = depth = None
    pending = {}

    def close():
        nonlocal cur
        if tag == "DW_TAG_member" and cur is not None and depth == cur[3] + 1:
            if "DW_AT_name" in pending and \
                    "DW_AT_data_member_location" in pending:
                try:
                    cur[2].append((int(pending["DW_AT_data_member_location"]),
                                   pending["DW_AT_name"]))
                except ValueError:
                    pass
        elif tag == "DW_TAG_structure_type":
            if cur is not None and depth > cur[3]:
                return      # a type defined inside the struct (clang)
            if "DW_AT_name" in pending and "DW_AT_byte_size" in pending:
                cur = [pending["DW_AT_name"],
                       int(pending["DW_AT_byte_size"]), [], depth]
                res.setdefault(cur[0], cur)
            else:
                cur = None

    for line in out.splitlines():
        m = depth_re.match(line)
        if m:
            close()
            depth, tag, pending = int(m.group(1)), m.group(2), {}
            if cur is not None and depth <= cur[3] and \
                    tag != "DW_TAG_structure_type":
                cur = None
            continue
        m = attr_re.match(line)
        if m and tag in ("DW_TAG_member", "DW_TAG_structure_type"):
            val = m.group(2).strip()
            if ": " in val and val.startswith("("):
                val = val.rsplit(": ", 1)[1]
            pending[m.group(1)] = val
    close()
    return {n: (v[1], sorted(set(v[2]))) for n, v in res.items() if v[2]}


def marker(sec):
    return "tunsim_drvsec_" + re.sub(r"[^A-Za-z0-9_]", "_", sec)


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv):
    opts = {}
    while argv and argv[0].startswith("--"):
        opts[argv[0][2:]] = argv[1]
        argv = argv[2:]
    if len(argv) != 4 or set(opts) != {"label", "objcopy", "objdump", "nm"}:
        sys.exit(__doc__)
    src, dst, lines_c, map_c = argv
    label = opts["label"]
    base = os.path.basename(label)
    secs = sections(opts["objdump"], src)
    text_size = check_text(secs)
    statics, datasecs = data_symbols(opts["objdump"], src, secs)
    # Two passes: markers are added while the sections still have their
    # own names, then the sections are moved (symbols move with them).
    tmp = dst + ".marked"
    adds = ["--add-symbol", "tunsim_driver_text=.text:0,global"]
    for sec in datasecs:
        adds += ["--add-symbol", "%s=%s:0,global" % (marker(sec), sec)]
    run([opts["objcopy"]] + adds + [src, tmp])
    run([opts["objcopy"]] + plan_renames(secs) + [tmp, dst])
    os.unlink(tmp)
    layouts = structs(opts["objdump"], src)
    rows = line_rows(opts["objdump"], src)
    funcs = functions(opts["nm"], src)

    # Compress: one row per change of (file, line).
    table = []
    for off, path, ln in rows:
        f = label_file(path, label, base)
        if table and table[-1][0] == off:
            table[-1] = (off, f, ln)
        elif not table or table[-1][1:] != (f, ln):
            table.append((off, f, ln))

    with open(lines_c, "w", encoding="utf-8") as out:
        out.write("/* Generated by tools/driver_prep.py: do not edit. */\n")
        out.write('#include "driver_info.h"\n')
        out.write("const char tunsim_driver_label[] = %s;\n" % cstr(label))
        out.write("const unsigned long tunsim_driver_text_size = %d;\n"
                  % text_size)
        out.write("const struct driver_line tunsim_driver_lines[] = {\n")
        for off, f, ln in table:
            out.write("\t{ %d, %d, %s },\n" % (off, ln, cstr(f)))
        out.write("};\n")
        out.write("const int tunsim_driver_nlines = %d;\n" % len(table))
        out.write("const struct driver_func tunsim_driver_funcs[] = {\n")
        for off, size, name in funcs:
            out.write("\t{ %d, %d, %s },\n" % (off, size, cstr(name)))
        out.write("};\n")
        out.write("const int tunsim_driver_nfuncs = %d;\n" % len(funcs))
        for sec in datasecs:
            out.write("extern char %s[];\n" % marker(sec))
        out.write("const struct driver_static tunsim_driver_statics[] = {\n")
        for sec, off, size, name in statics:
            out.write("\t{ %s + %d, %d, %s },\n"
                      % (marker(sec), off, size, cstr(name)))
        out.write("\t{ 0, 0, 0 }\n};\n")
        out.write("const int tunsim_driver_nstatics = %d;\n" % len(statics))
        # Struct layouts, for naming the field an access touches.
        names = sorted(layouts)
        for i, name in enumerate(names):
            out.write("static const struct driver_member m%d[] = {\n" % i)
            for off, mem in layouts[name][1]:
                out.write("\t{ %d, %s },\n" % (off, cstr(mem)))
            out.write("};\n")
        out.write("const struct driver_struct tunsim_driver_structs[] = {\n")
        for i, name in enumerate(names):
            out.write("\t{ %s, %d, %d, m%d },\n" % (
                cstr(name), layouts[name][0], len(layouts[name][1]), i))
        out.write("\t{ 0, 0, 0, 0 }\n};\n")
        out.write("const int tunsim_driver_nstructs = %d;\n" % len(names))

    # The driver's own lines -> enclosing function (first to last line of
    # each function's rows), for trace_where().
    byline = {}
    for fo, fs, name in funcs:
        lns = [ln for off, f, ln in table
               if f == label and fo <= off < fo + fs]
        if not lns:
            continue
        for ln in range(min(lns), max(lns) + 1):
            byline.setdefault(ln, name)
    with open(map_c, "w", encoding="utf-8") as out:
        out.write("/* Generated by tools/driver_prep.py: do not edit. */\n")
        out.write("#include <string.h>\n#include \"upstream_map.h\"\n")
        out.write("const struct upstream_ref upstream_map[] = {\n")
        for ln in sorted(byline):
            out.write("\t{ %d, %d, %s },\n" % (ln, ln, cstr(byline[ln])))
        out.write("\t{ 0, 0, NULL }\n};\n")
        out.write("const int upstream_map_len = %d;\n\n" % len(byline))
        out.write("""const struct upstream_ref *
upstream_lookup(const char *file, int line)
{
	int lo = 0, hi = upstream_map_len - 1, mid;

	if (file == NULL || strcmp(file, %s) != 0)
		return (NULL);
	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (upstream_map[mid].model_line == line)
			return (&upstream_map[mid]);
		if (upstream_map[mid].model_line < line)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return (NULL);
}
""" % cstr(label))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
