#!/usr/bin/env python3
"""Generate random tunsim scenarios (.tsn), deterministically from a seed.

    tools/gen_scenarios.py --seed S --count N --out DIR

writes DIR/gen-sS-0000.tsn ... DIR/gen-sS-<N-1>.tsn.  The same seed gives
byte-identical files on every host (random.Random(S) is the only source of
choice; nothing reads the clock or the environment).

Each scenario mixes 2 to 4 concurrent threads of operations on one or two
interfaces of each chosen kind (tun, tap, vmnet), with an optional setup
block, boot-time sysctls, sometimes fault injection, sometimes unprivileged
threads, and every operation kind of the language
(docs/scenario-language.md).

No generated line carries an outcome list (`->`): any outcome is allowed,
because which errno a correct driver returns depends on the interleaving
(an interface renamed or destroyed under an open, the module unloaded under
a create...).  What generated scenarios test are the kernel checks: panics,
use-after-free, double free, lock misuse, sleeping with a mutex, lock-order
reversals, deadlocks, hangs and leaks.

Python 3 standard library only.
"""

import argparse
import os
import random
import sys

KINDS = ("tun", "tap", "vmnet")

# Boot-time knobs of the driver (upstream if_tuntap.c lines 151-174).
BOOT_SYSCTLS = (
    ("net.link.tap.user_open", (0, 1)),
    ("net.link.tap.up_on_open", (0, 1)),
    ("net.link.tun.devfs_cloning", (0, 1)),
    ("net.link.tap.devfs_cloning", (0, 1)),
    ("debug.if_tun_debug", (0, 1)),
    ("net.link.tap.debug", (0, 1)),
)

IFF_FLAGS = ("IFF_UP", "IFF_BROADCAST", "IFF_POINTOPOINT", "IFF_MULTICAST",
             "IFF_PROMISC", "IFF_LINK0", "IFF_DEBUG")

MTUS = (0, 68, 576, 1280, 1500, 9000, 65535, -1)
LENS = (0, 1, 14, 20, 40, 64, 100, 1500, 1501, 9000)


class Gen:
    """One scenario under construction."""

    def __init__(self, rng, gen_seed, index):
        self.r = rng
        self.gen_seed = gen_seed
        self.index = index
        kinds = self.r.sample(KINDS, self.r.choice((1, 1, 2, 3)))
        self.ifs = []
        for k in sorted(kinds, key=KINDS.index):
            n = self.r.choice((1, 1, 2))
            units = sorted(self.r.sample(range(0, 4), n))
            self.ifs += ["%s%d" % (k, u) for u in units]
        # Names an interface may be renamed to (and then used under).
        self.renames = ["vpn%d" % i for i in range(2)]

    # -- small pickers -------------------------------------------------

    def iface(self):
        """An interface name: usually a driver's, sometimes a renamed one."""
        if self.r.random() < 0.08:
            return self.r.choice(self.renames)
        return self.r.choice(self.ifs)

    def kind_of(self, name):
        for k in ("vmnet", "tun", "tap"):
            if name.startswith(k):
                return k
        return "tun"

    def path(self):
        """A /dev path: a unit's node, or a bare cloning device."""
        if self.r.random() < 0.15:
            return "/dev/" + self.kind_of(self.r.choice(self.ifs))
        return "/dev/" + self.r.choice(self.ifs)

    def flags(self):
        n = self.r.choice((1, 1, 2))
        return "|".join(self.r.sample(IFF_FLAGS, n))

    def mac(self):
        return "02:%02x:%02x:%02x:%02x:%02x" % tuple(
            self.r.randrange(256) for _ in range(5))

    def inet(self):
        a = self.r.randrange(1, 250)
        return "10.%d.0.1 10.%d.0.2" % (a, a)

    # -- operations ----------------------------------------------------

    def ifconfig_op(self, in_setup=False):
        name = self.iface()
        choices = ["create", "create", "destroy", "name", "up", "down",
                   "mtu", "inet", "ether", "link0", "-link0"]
        if in_setup:
            choices = ["create", "create", "create", "up", "inet", "mtu",
                       "link0"]
        what = self.r.choice(choices)
        if what == "create":
            if self.r.random() < 0.2 and not in_setup:
                return "ifconfig %s create" % self.kind_of(name)
            return "ifconfig %s create" % name
        if what == "name":
            return "ifconfig %s name %s" % (name, self.r.choice(
                self.renames + self.ifs))
        if what == "mtu":
            return "ifconfig %s mtu %d" % (name, self.r.choice(MTUS))
        if what == "inet":
            return "ifconfig %s inet %s" % (name, self.inet())
        if what == "ether":
            return "ifconfig %s ether %s" % (name, self.mac())
        return "ifconfig %s %s" % (name, what)

    def ioctl_op(self, fd):
        r = self.r
        choice = r.choice((
            "TUNSIFINFO", "TAPSIFINFO", "TUNGIFINFO", "TAPGIFINFO",
            "TUNGIFNAME", "TAPGIFNAME", "TUNSDEBUG", "TUNGDEBUG",
            "TAPSDEBUG", "TAPGDEBUG", "TUNSLMODE", "TUNSIFHEAD",
            "TUNGIFHEAD", "TUNSIFMODE", "TUNSIFPID", "SIOCGIFADDR",
            "SIOCSIFADDR", "VMIO_SIOCSIFFLAGS", "FIONBIO", "FIOASYNC",
            "FIONREAD", "FIOSETOWN", "FIOGETOWN", "TIOCSPGRP", "TIOCGPGRP"))
        if choice in ("TUNSIFINFO", "TAPSIFINFO"):
            fields = []
            if r.random() < 0.8:
                fields.append("mtu=%d" % r.choice(MTUS))
            if r.random() < 0.3:
                fields.append("type=%s" % r.choice(
                    ("IFT_PPP", "IFT_ETHER", "IFT_OTHER", "IFT_TUNNEL")))
            if r.random() < 0.3:
                fields.append("baudrate=%d" % r.choice((0, 9600, 10000000)))
            return " ".join(["ioctl", fd, choice] + fields)
        if choice in ("TUNSDEBUG", "TAPSDEBUG"):
            return "ioctl %s %s %d" % (fd, choice, r.choice((0, 1, 2)))
        if choice in ("TUNSLMODE", "TUNSIFHEAD", "FIONBIO", "FIOASYNC"):
            return "ioctl %s %s %d" % (fd, choice, r.choice((0, 1)))
        if choice == "TUNSIFMODE":
            mode = r.choice(("IFF_POINTOPOINT", "IFF_BROADCAST",
                             "IFF_POINTOPOINT|IFF_MULTICAST",
                             "IFF_BROADCAST|IFF_MULTICAST", "IFF_UP"))
            return "ioctl %s TUNSIFMODE %s" % (fd, mode)
        if choice == "SIOCSIFADDR":
            return "ioctl %s SIOCSIFADDR mac=%s" % (fd, self.mac())
        if choice == "VMIO_SIOCSIFFLAGS":
            return "ioctl %s VMIO_SIOCSIFFLAGS %s" % (fd, self.flags())
        if choice in ("FIOSETOWN", "TIOCSPGRP"):
            return "ioctl %s %s %d" % (fd, choice, r.choice((0, 1, -1)))
        return "ioctl %s %s" % (fd, choice)

    def fd_op(self, fd):
        r = self.r
        what = r.choice(("read", "read", "write", "write", "ioctl", "ioctl",
                         "ioctl", "poll", "kevent", "close"))
        if what == "read":
            words = ["read", fd]
            if r.random() < 0.3:
                words.append(str(r.choice(LENS)))
            # A blocking read sleeps until data or teardown's signal.
            if r.random() < 0.75:
                words.append("nonblock")
            return " ".join(words)
        if what == "write":
            words = ["write", fd, str(r.choice(LENS))]
            if r.random() < 0.4:
                words.append("af=" + r.choice(("inet", "inet6")))
            return " ".join(words)
        if what == "ioctl":
            return self.ioctl_op(fd)
        if what == "poll":
            words = ["poll", fd, r.choice(("in", "out"))]
            if r.random() < 0.25:
                words.append("wait")
            return " ".join(words)
        if what == "kevent":
            return "kevent %s %s" % (fd, r.choice(("read", "write")))
        return "close %s" % fd

    def global_op(self, privileged):
        r = self.r
        what = r.choice(("ifconfig", "ifconfig", "ifconfig", "send", "send",
                         "sysctl", "kld"))
        if what == "ifconfig":
            return self.ifconfig_op()
        if what == "send":
            words = ["send", self.iface()]
            if r.random() < 0.7:
                words.append(str(r.choice(LENS)))
            if r.random() < 0.4:
                words.append("af=" + r.choice(("inet", "inet6")))
            return " ".join(words)
        if what == "sysctl":
            name, vals = r.choice(BOOT_SYSCTLS)
            return "sysctl %s=%d" % (name, r.choice(vals))
        # Unloading is rare: it ends most other work.
        if r.random() < 0.5:
            return "kldunload"
        return "kldload"

    def thread_ops(self, privileged):
        ops = []
        open_fds = []
        fd_names = ("f", "g")
        nops = self.r.randint(2, 6)
        while len(ops) < nops:
            x = self.r.random()
            if not open_fds or (x < 0.2 and len(open_fds) < 2):
                name = fd_names[len(open_fds)]
                nb = " nonblock" if self.r.random() < 0.3 else ""
                ops.append("open %s%s as %s" % (self.path(), nb, name))
                open_fds.append(name)
            elif x < 0.65:
                ops.append(self.fd_op(self.r.choice(open_fds)))
            else:
                ops.append(self.global_op(privileged))
        # Most programs close what they opened; some leave it to exit.
        for fd in open_fds:
            if self.r.random() < 0.6:
                ops.append("close %s" % fd)
        return ops

    def render(self):
        r = self.r
        out = []
        out.append("# Generated by tools/gen_scenarios.py --seed %d "
                   "(scenario %d); do not edit." % (self.gen_seed, self.index))
        out.append("# Random mix of operations on %s.  No outcome lists: a "
                   "correct driver may" % ", ".join(self.ifs))
        out.append("# answer any errno here; only the kernel checks (panic, "
                   "use-after-free,")
        out.append("# lock misuse, deadlock, hang, leak) can fail it.")
        out.append('scenario "generated s%d #%d"' % (self.gen_seed, self.index))
        for name, vals in BOOT_SYSCTLS:
            if r.random() < 0.25:
                out.append("sysctl %s=%d" % (name, r.choice(vals)))
        if r.random() < 0.2:
            parts = []
            if r.random() < 0.7:
                parts.append("malloc_nowait=%s" % r.choice(
                    ("0.05", "0.1", "0.25", "0.5")))
            if not parts or r.random() < 0.6:
                parts.append("signals=on")
            out.append("faults " + " ".join(parts))
        out.append("")
        if r.random() < 0.8:
            out.append("setup:")
            created = [n for n in self.ifs if r.random() < 0.7]
            for n in created:
                out.append("    ifconfig %s create" % n)
            for _ in range(r.randint(0, 2)):
                if not created:
                    break
                n = r.choice(created)
                out.append("    " + r.choice((
                    "ifconfig %s up" % n,
                    "ifconfig %s inet %s" % (n, self.inet()),
                    "ifconfig %s mtu %d" % (n, r.choice((1280, 1500, 9000))),
                    "ifconfig %s link0" % n)))
            if len(out) and out[-1] == "setup:":
                out.append("    ifconfig %s create" % self.ifs[0])
            out.append("")
        nthreads = r.randint(2, 4)
        for t in range(nthreads):
            uid = ""
            privileged = True
            if r.random() < 0.2:
                uid = " uid=%d" % r.choice((1001, 65534))
                privileged = False
            out.append("thread t%d%s:" % (t, uid))
            for op in self.thread_ops(privileged):
                out.append("    " + op)
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.count < 0:
        ap.error("--count must be >= 0")
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    for i in range(a.count):
        text = Gen(rng, a.seed, i).render()
        path = os.path.join(a.out, "gen-s%d-%04d.tsn" % (a.seed, i))
        with open(path, "w", encoding="ascii", newline="\n") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
