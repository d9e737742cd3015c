#!/usr/bin/env python3
"""Writes packaging/hot-functions.order: the functions a typical run executes, most instructions first, for the
release link to place side by side (scripts/build-release.sh passes it to gold's --section-ordering-file). The
kernel maps a program's code in blocks of 64 KiB or more around each page a run touches, so the code a run
executes (about 1 MB for an nginx config), scattered over a static binary's 25 MB of code, was 10.4 MiB of every
run's memory.

Profiles (valgrind's callgrind) `sselint lint` on the benchmark's 1,000-server configs (bench/out, made by
bench/run.py) and on the repository's samples in three formats, with the binary scripts/build-release.sh made:

    python3 scripts/order-functions.py [--bin .build/ordered/release/sselint] [--print]

Then scripts/build-release.sh relinks with it. A function the file does not name (renamed or new since) still
works; it only sits apart from the others and costs a little memory. Regenerate after large changes.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
OUT = os.path.join(ROOT, "packaging", "hot-functions.order")


def runs():
    bench = os.path.join(ROOT, "bench", "out")
    targets = [os.path.join(bench, "servers-1000", layout, "nginx.conf") for layout in ("single", "split")]
    targets = [t for t in targets if os.path.exists(t)]
    if not targets:
        sys.exit("no benchmark configs in bench/out: run python3 bench/run.py once first")
    cmds = [["lint", "--format", "json", t] for t in targets]
    cmds += [["lint", "--format", fmt, os.path.join(ROOT, "samples")] for fmt in ("json", "text", "sarif")]
    return cmds


def profile(binary, args):
    with tempfile.NamedTemporaryFile(suffix=".cg", delete=False) as f:
        out = f.name
    try:
        subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", "--callgrind-out-file=" + out, binary] + args,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return parse(out)
    finally:
        os.unlink(out)


def parse(path):
    """Self instructions per function name (mangled, as the symbol table has it)."""
    names, cost, current, skip = {}, collections.Counter(), None, False
    for line in open(path, errors="replace"):
        m = re.match(r"^c?fn=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(2):
                names[m.group(1)] = re.sub(r"'\d+$", "", m.group(2).strip())
            if line.startswith("fn="):
                current = names.get(m.group(1))
            continue
        if line.startswith("calls="):
            skip = True  # the next cost line is the call's inclusive cost, not this function's own
            continue
        if current and line[:1] in "0123456789+-*":
            if skip:
                skip = False
                continue
            parts = line.split()
            if len(parts) >= 2:
                cost[current] += int(parts[1])
    return cost


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "ordered", "release", "sselint"))
    ap.add_argument("--print", action="store_true", help="print the order instead of writing it")
    a = ap.parse_args()
    # valgrind cannot read the debug info of a build with function sections; the symbol table is all it needs.
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "sselint")
        subprocess.run(["strip", "--strip-debug", "-o", binary, a.bin], check=True)
        total = collections.Counter()
        for args in runs():
            total.update(profile(binary, args))
    lines = [".text." + name for name, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
             if not name.startswith(("0x", "(below main)"))]
    text = "\n".join(lines) + "\n"
    if a.print:
        sys.stdout.write(text)
    else:
        with open(OUT, "w") as f:
            f.write(text)
        print("wrote %d functions to %s" % (len(lines), os.path.relpath(OUT, ROOT)))


if __name__ == "__main__":
    main()
