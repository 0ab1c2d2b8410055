"""What the real-driver checks share: running `tunsim explore --json`.

split_opts(argv) splits "ARGS... -- explore options"; explore() runs one
exploration and returns its summary, exiting with the binary's stderr when
it fails (exit status other than 0, no violation, and 1, violations).
"""
import json
import subprocess
import sys


def split_opts(argv):
    """(arguments, explore options) of "ARGS... [-- OPTIONS...]"."""
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


def explore(binary, targets, opts, jobs=2):
    """The --json summary of `binary explore targets opts --jobs jobs`."""
    argv = [binary, "explore"] + targets + opts + ["--json", "--jobs",
                                                   str(jobs)]
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if r.returncode not in (0, 1):
        sys.exit("%s exited %d:\n%s" % (" ".join(argv), r.returncode,
                                        r.stderr[-2000:]))
    return json.loads(r.stdout)
