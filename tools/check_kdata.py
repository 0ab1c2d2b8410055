#!/usr/bin/env python3
"""Fail on a writable static of the simulated kernel outside __kdata.

sim_kern_boot() makes executions independent by copying the kernel's
__kdata section (set_tunsim_kdata) back from a pristine image, and the
snapshot of the prefix copies the same section: a mutable static
kept anywhere else survives from one execution into the next.  This
lists the data objects of the given object files (`objdump -t`) in
.data/.bss sections other than the tunsim sets and fails on any that is
not known to be written only at build time or to be host bookkeeping.

    python3 tools/check_kdata.py OBJ...
"""
import re
import subprocess
import sys

# name pattern -> why it may live outside __kdata
ALLOWED = [
    (r".*_sys_(un)?init$", "SYSINIT/SYSUNINIT descriptor, read only"),
    (r".*_args$", "lock initialisation arguments of a SYSINIT, read only"),
    (r"^M_[A-Z0-9_]+$", "malloc type: holds only its name"),
    (r"^sysctl__", "sysctl node: kern_sysctl.c writes *oid_arg1, not it"),
    (r"^lock_class_", "lock class table, read only"),
    (r"^file_filtops$", "filter ops table, read only"),
    (r"^bpf_standin$", "only its address is used"),
    (r"^(kdata_image|kdata_saved|sysinit_sorted|sysinit_count)$",
     "init_main.c: the pristine image and boot order (host bookkeeping)"),
    (r"^(moddata_image|moddata_saved)$",
     "kern_linker.c: the module's pristine image (host bookkeeping)"),
    (r"^__gcov", "gcov's counters in the coverage build: the tool's, "
     "not the kernel's (they must accumulate across executions)"),
]

SYM = re.compile(r"^[0-9a-f]+\s(.{7})\s(\S+)\s+[0-9a-f]+\s+(\S+)$")


def writable(section):
    """A section the kernel could write at run time, not a tunsim set."""
    if "set_tunsim" in section or section.startswith(".data.rel.ro"):
        return False
    return section.startswith((".data", ".bss"))


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: check_kdata.py OBJ...\n")
        return 2
    bad = []
    seen = 0
    for obj in argv[1:]:
        r = subprocess.run(["objdump", "-t", obj], capture_output=True,
                           text=True)
        if r.returncode != 0:
            sys.stderr.write("%s: objdump failed: %s" % (obj, r.stderr))
            return 2
        for line in r.stdout.splitlines():
            m = SYM.match(line)
            if m is None or "O" not in m.group(1):
                continue
            section, name = m.group(2), m.group(3)
            if not writable(section):
                continue
            seen += 1
            if not any(re.match(p, name) for p, _why in ALLOWED):
                bad.append("%s: %s in %s" % (obj, name, section))
    if seen == 0:
        print("check_kdata: no data object parsed: objdump's format "
              "changed?")
        return 2
    for b in bad:
        print("check_kdata: writable kernel static outside __kdata: " + b)
    if bad:
        print("check_kdata: mark it __kdata (sim/sys/param.h) so every "
              "boot restores it, or add it to ALLOWED with the reason")
        return 1
    print("check_kdata: %d object files, %d writable statics outside "
          "__kdata, all known" % (len(argv) - 1, seen))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
