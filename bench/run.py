#!/usr/bin/env python3
"""Benchmark sselint against nginx -t, crossplane and (optionally) gixy.

Generates large synthetic nginx configs with ../shared/bench/gen_big_nginx.py
(one inline file and one include-per-server layout), runs every tool several
times on each, and prints a Markdown table of median wall time and peak RSS.
The table also goes to bench/out/results.md. Progress goes to stderr, so
stdout is the report only.

Python 3 standard library only. Linux (ru_maxrss is read as KiB).
"""
import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(REPO, "bench", "out")
LAYOUTS = ("single", "split")
DEFAULT_SIZES = "100,1000,5000,20000"
QUICK_SIZES = "100,1000,5000"
QUICK_RUNS = 3
SLOW_RUNS = 3
# A timed run shorter than this (seconds) follows an untimed run of the same tool (see measure).
WARM_BELOW = 1.0
CROSSPLANE_VERSION = "0.5.8"
VENVS = {"gixy-ng": ("venv-gixy", "gixy", "gixy-ng"),
         "crossplane": ("venv-crossplane", "crossplane", "crossplane==" + CROSSPLANE_VERSION)}


class Tool:
    """One benchmarked command: `argv(conf_dir)` builds its command line."""

    def __init__(self, name, exe, argv, ok_codes=None, version_cmd=None):
        self.name = name
        self.exe = exe
        self.argv = argv
        self.ok_codes = ok_codes  # None: any exit code that is not a signal
        self.version_cmd = version_cmd

    def accepts(self, code):
        if code < 0:
            return False
        return self.ok_codes is None or code in self.ok_codes


class Result:
    """Outcome of the runs of one tool on one config."""

    def __init__(self, times=(), rss_kib=0, error=None):
        self.times = list(times)
        self.rss_kib = rss_kib
        self.error = error  # None, or a short reason ("timeout", "exit 2", ...)

    @property
    def median(self):
        return statistics.median(self.times) if self.times else None


# ---------------------------------------------------------------- arguments


def default_sselint():
    """The shipped build (scripts/build-release.sh) when there is one, else a plain release build."""
    ordered = os.path.join(REPO, ".build", "ordered", "release", "sselint")
    return ordered if os.path.exists(ordered) else os.path.join(REPO, ".build", "release", "sselint")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        description="Time sselint against nginx -t, crossplane and gixy on "
        "generated nginx configs of growing size; print a Markdown table "
        "(also written to bench/out/results.md).",
        epilog="Typical use: scripts/build-release.sh && python3 bench/run.py",
    )
    ap.add_argument("--sizes", default=None,
                    help="comma-separated server counts (default: %s)" % DEFAULT_SIZES)
    ap.add_argument("--runs", type=int, default=None,
                    help="timed runs per tool and config; the median is reported (default: 5)")
    ap.add_argument("--quick", action="store_true",
                    help="shortcut for --sizes %s --runs %d" % (QUICK_SIZES, QUICK_RUNS))
    ap.add_argument("--timeout", type=float, default=900.0,
                    help="seconds before one run is killed and reported as a timeout (default: 900; gixy-ng needs up to 5 minutes at 5,000 servers)")
    ap.add_argument("--sselint", default=default_sselint(),
                    help="sselint binary (default: <repo>/.build/ordered/release/sselint, made by "
                    "scripts/build-release.sh, else <repo>/.build/release/sselint)")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"),
                    help="shared folder holding bench/gen_big_nginx.py (default: <repo>/../shared)")
    ap.add_argument("--gixy", default=None,
                    help="gixy-ng executable (default: bench/out/venv-gixy, then gixy on PATH). gixy-ng's ngxparse "
                    "overwrites crossplane's module, so it lives in a venv of its own (see --install-tools)")
    ap.add_argument("--crossplane", default=None,
                    help="crossplane executable (default: bench/out/venv-crossplane, then crossplane on PATH)")
    ap.add_argument("--install-tools", action="store_true",
                    help="first create bench/out/venv-gixy (gixy-ng) and bench/out/venv-crossplane (crossplane "
                    "%s) with pip where missing; needs PyPI" % CROSSPLANE_VERSION)
    ap.add_argument("--slow", type=float, default=60.0,
                    help="a tool whose first run on a config takes longer than this many seconds is run at most "
                    "%d times there (gixy-ng takes minutes at 5,000 servers; default: 60)" % SLOW_RUNS)
    ap.add_argument("--mixed", type=int, default=1430,
                    help="services in the repository-sized mixed tree (nginx + Dockerfile + compose + Kubernetes + "
                    "Python/TS/Go app code each, 7 files; 0 skips it; default 1430, about 10,000 files)")
    ap.add_argument("--gixy-max", type=int, default=5000,
                    help="largest size gixy-ng runs at (it grows super-linearly: minutes at 5,000 servers; default 5000)")
    args = ap.parse_args(argv)
    apply_defaults(ap, args)
    return args


def apply_defaults(ap, args):
    if args.sizes is None:
        args.sizes = QUICK_SIZES if args.quick else DEFAULT_SIZES
    if args.runs is None:
        args.runs = QUICK_RUNS if args.quick else 5
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        ap.error("--sizes must be comma-separated integers")
    if not args.sizes or min(args.sizes) < 1:
        ap.error("--sizes needs at least one positive integer")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.timeout <= 0:
        ap.error("--timeout must be positive")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# -------------------------------------------------------------------- tools


def find_nginx():
    found = shutil.which("nginx")
    if found:
        return found
    for cand in ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"):
        if os.access(cand, os.X_OK):
            return cand
    return None


def reread_from_disk(exe):
    """Drops the sselint binary's pages from the page cache, so that its runs read it back as an installed copy is
    read on its first run, and returns a note saying so. A binary read through from start to end (cp, strip,
    valgrind, a checksum) sits in the page cache in large pieces, and a page fault in its code then maps a whole
    piece: 23.7 MiB peak at 100 servers right after `cat sselint > /dev/null`, 16.3 MiB read back by a run (the same
    file, the same code run)."""
    try:
        fd = os.open(exe, os.O_RDONLY)
        try:
            os.fsync(fd)  # written pages are dropped only once on disk
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    except (OSError, AttributeError) as e:
        return ["sselint binary not dropped from the page cache (%s): if it was read through (cp, a checksum), "
                "its peak memory may read several MiB high" % e]
    return ["the sselint binary was dropped from the page cache first and read back by its first run, as an "
            "installed copy is (read through by cp or a checksum, its peak memory read 7-12 MiB higher)"]


def build_tools(args):
    """Return (tools, notes): the available tools in column order, and
    a note for each tool that was skipped."""
    exe = os.path.abspath(args.sselint)
    tools = [Tool("sselint", exe,
                  lambda d: [exe, "lint", "--format", "json", os.path.join(d, "nginx.conf")],
                  ok_codes=(0, 1), version_cmd=[exe, "--version"])]
    notes = []
    nginx = find_nginx()
    if nginx:
        tools.append(Tool("nginx -t", nginx,
                          lambda d: [nginx, "-t", "-q", "-p", d, "-c",
                                     os.path.join(d, "nginx.conf"), "-e", "/dev/null"],
                          ok_codes=(0,), version_cmd=[nginx, "-v"]))
    else:
        notes.append("nginx not found (PATH, /usr/sbin): nginx -t column skipped")
    cp = find_tool("crossplane", args.crossplane)
    if cp:
        tools.append(Tool("crossplane", cp, lambda d: [cp, "parse", os.path.join(d, "nginx.conf")],
                          ok_codes=(0,), version_cmd=[cp, "--version"]))
    else:
        notes.append("crossplane not found (--crossplane PATH or --install-tools): column skipped")
    gx = find_tool("gixy-ng", args.gixy)
    if gx:
        # gixy exits 1 when it reports issues (one per server here), so any exit code that is not a signal counts.
        tools.append(Tool("gixy-ng", gx, lambda d: [gx, os.path.join(d, "nginx.conf")], ok_codes=None,
                          version_cmd=[gx, "--version"]))
    else:
        notes.append("gixy-ng not found (--gixy PATH or --install-tools): column skipped")
    return tools, notes


def venv_exe(name):
    folder, exe, _ = VENVS[name]
    return os.path.join(OUT_DIR, folder, "bin", exe)


def find_tool(name, given):
    """The executable given on the command line, else the one in our venv, else the one on PATH."""
    for cand in (given, venv_exe(name), shutil.which(VENVS[name][1])):
        if cand and os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    return None


def install_tools():
    """Create the venvs that are missing. Each tool gets its own: gixy-ng's dependency replaces crossplane's
    module, and a system crossplane is not touched."""
    for name, (folder, _, requirement) in VENVS.items():
        if os.access(venv_exe(name), os.X_OK):
            continue
        where = os.path.join(OUT_DIR, folder)
        log("installing %s into %s" % (requirement, where))
        subprocess.run([sys.executable, "-m", "venv", where], check=True)
        subprocess.run([os.path.join(where, "bin", "pip"), "install", "-q", requirement], check=True)


def tool_version(tool):
    try:
        cp = subprocess.run(tool.version_cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, timeout=30, text=True)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return "unknown (%s)" % exc
    lines = [ln.strip() for ln in cp.stdout.splitlines() if ln.strip()]
    return lines[0] if lines else "unknown (exit %d)" % cp.returncode


# --------------------------------------------------------------- configs


def generate(gen_script, size):
    """Generate (or reuse) the configs for `size` servers; return their root."""
    root = os.path.join(OUT_DIR, "servers-%d" % size)
    stamp = os.path.join(root, ".complete")
    if os.path.exists(stamp):
        log("reusing configs for %d servers in %s" % (size, root))
        return root
    log("generating configs for %d servers in %s" % (size, root))
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run([sys.executable, gen_script, root, "--servers", str(size)],
                   check=True, stdout=subprocess.DEVNULL)
    with open(stamp, "w") as f:
        f.write("%d\n" % size)
    return root


def config_bytes(conf_dir):
    """Bytes of nginx.conf plus any servers/*.conf (not pid or temp files)."""
    total = os.path.getsize(os.path.join(conf_dir, "nginx.conf"))
    servers = os.path.join(conf_dir, "servers")
    if os.path.isdir(servers):
        for name in os.listdir(servers):
            if name.endswith(".conf"):
                total += os.path.getsize(os.path.join(servers, name))
    return total


# ---------------------------------------------------------------- timing


def spawn(argv, stderr_fd):
    """Start argv in its own session, stdout to /dev/null, stdin from /dev/null."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
                   (os.POSIX_SPAWN_DUP2, stderr_fd, 2)]
        return os.posix_spawn(argv[0], argv, os.environ, file_actions=actions, setsid=True)
    finally:
        os.close(devnull)


def run_once(argv, timeout):
    """Run argv once. Return (seconds, exit code or -signal, peak RSS KiB,
    timed_out, first stderr line)."""
    timed_out = threading.Event()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        pid = spawn(argv, err.fileno())
        timer = threading.Timer(timeout, kill_group, (pid, timed_out))
        timer.start()
        try:
            _, status, usage = os.wait4(pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        err.seek(0)
        first = err.read(400).decode("utf-8", "replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    return elapsed, code, usage.ru_maxrss, timed_out.is_set(), (first[0] if first else "")


def kill_group(pid, flag):
    flag.set()
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def measure(tools, conf_dir, runs, timeout, slow, long_before=()):
    """Run each of `tools` on conf_dir `runs` times (a tool whose first run takes over `slow` seconds at most
    SLOW_RUNS times), side by side: round after round, each tool once a round, the first of a round taking turns.
    This machine's speed swings by half between minutes (the same run takes 0.15 s, then 0.25 s), so tools timed
    one after another could each meet a different speed; interleaved, every tool's runs span the same minutes and
    their ratios compare like with like. A timed run under WARM_BELOW seconds follows an untimed run of the same
    tool, as when each tool's runs came back to back: another tool's run in between leaves the caches cold, which
    costs a short run a tenth of its time and a long one nothing (`long_before`: tools whose runs on a smaller
    config already took longer, which need none). A tool stops at its first failure. Returns {tool name: Result}."""
    state = {t.name: {"times": [], "peak": 0, "error": None, "runs": runs} for t in tools}
    for r in range(runs):
        order = tools[r % len(tools):] + tools[:r % len(tools)] if tools else []
        for tool in order:
            st = state[tool.name]
            if st["error"] or len(st["times"]) >= st["runs"]:
                continue
            timed_out = False
            if (st["times"][-1] < WARM_BELOW) if st["times"] else tool.name not in long_before:
                timed_out = run_once(tool.argv(conf_dir), timeout)[3]
            # A warm-up that timed out is the tool's timeout (the timed run would wait as long again).
            if not timed_out:
                elapsed, code, rss, timed_out, err = run_once(tool.argv(conf_dir), timeout)
            if timed_out:
                st["error"] = "timeout >%gs" % timeout
                continue
            if not tool.accepts(code) or err.startswith("Traceback"):
                why = "signal %d" % -code if code < 0 else "exit %d" % code
                why = "crash" if err.startswith("Traceback") else why
                log("  %s failed (%s): %s" % (tool.name, why, err))
                st["error"] = why
                continue
            st["times"].append(elapsed)
            st["peak"] = max(st["peak"], rss)
            if len(st["times"]) == 1 and elapsed > slow:
                st["runs"] = min(runs, SLOW_RUNS)
    return {name: Result(st["times"], st["peak"], st["error"]) for name, st in state.items()}


def bench_all(args, tools, roots):
    """Return {(size, layout, tool name): Result}, in a fixed order. A tool
    that timed out on a layout is not run again on larger sizes of it."""
    results, gave_up = {}, set()
    for size in args.sizes:
        for layout in LAYOUTS:
            conf_dir = os.path.join(roots[size], layout)
            running = []
            for tool in tools:
                if (layout, tool.name) in gave_up or (tool.name == "gixy-ng" and size > args.gixy_max):
                    results[(size, layout, tool.name)] = Result(error="skipped")
                else:
                    running.append(tool)
            log("%d servers, %s: %s side by side (%d runs each)" % (size, layout, ", ".join(t.name for t in running), args.runs))
            long_before = {k[2] for k, v in results.items() if not v.error and v.times and v.median >= WARM_BELOW}
            for name, res in measure(running, conf_dir, args.runs, args.timeout, args.slow, long_before).items():
                if res.error and res.error.startswith("timeout"):
                    gave_up.add((layout, name))
                results[(size, layout, name)] = res
    return results


def interleaved(args, tool, roots):
    """sselint's runs again, for its growth: every size in each round (the first taking turns), each timed run under
    WARM_BELOW seconds after an untimed one of the same config. The side-by-side runs give each size's runs a few
    minutes of their own, and this machine's speed changes between minutes by up to half (a first slope, 100 to
    1,000 servers, is the difference of two times of tens of ms: one size timed in a slow minute and the next in a
    fast one made it half the next slopes); here every size meets the same minutes. Returns {(size, layout,
    tool name): Result}, as bench_all does."""
    results = {}
    for layout in LAYOUTS:
        log("sselint growth, %s: sizes %s interleaved (%d runs each)" % (
            layout, ", ".join(str(x) for x in args.sizes), args.runs))
        state = {size: {"times": [], "peak": 0, "error": None} for size in args.sizes}
        for r in range(args.runs):
            k = r % len(args.sizes)
            for size in args.sizes[k:] + args.sizes[:k]:
                st = state[size]
                if st["error"]:
                    continue
                argv = tool.argv(os.path.join(roots[size], layout))
                if not st["times"] or st["times"][-1] < WARM_BELOW:
                    run_once(argv, args.timeout)
                elapsed, code, rss, timed_out, err = run_once(argv, args.timeout)
                if timed_out or not tool.accepts(code):
                    st["error"] = ("timeout >%gs" % args.timeout if timed_out
                                   else "signal %d" % -code if code < 0 else "exit %d" % code)
                    continue
                st["times"].append(elapsed)
                st["peak"] = max(st["peak"], rss)
        for size, st in state.items():
            results[(size, layout, tool.name)] = Result(st["times"], st["peak"], st["error"])
    return results


# ---------------------------------------------------------------- report


def fmt_time(res, runs):
    if res.error:
        return res.error
    # A cell with fewer runs than asked (a slow tool) says how many its median is of.
    return "%.3f" % res.median if len(res.times) >= runs else "%.3f (%d)" % (res.median, len(res.times))


def fmt_mib(res):
    return "%.1f" % (res.rss_kib / 1024.0) if res.rss_kib else "-"


def fmt_ratio(other, base):
    if other is None or other.error or base.error or not base.median:
        return "-"
    return "%.2fx" % (other.median / base.median)


def table(args, tools, roots, results):
    head = ["size", "layout", "config bytes"]
    for tool in tools:
        head += ["%s s" % tool.name, "%s MiB" % tool.name]
    ratio_tools = [t.name for t in tools if t.name in ("nginx -t", "crossplane", "gixy-ng")]
    head += ["%s / sselint" % name for name in ratio_tools]
    rows = [head, ["---:", ":---", "---:"] + ["---:"] * (len(head) - 3)]
    for size in args.sizes:
        for layout in LAYOUTS:
            row = [str(size), layout, "{:,}".format(config_bytes(os.path.join(roots[size], layout)))]
            for tool in tools:
                res = results[(size, layout, tool.name)]
                row += [fmt_time(res, args.runs), fmt_mib(res)]
            base = results[(size, layout, "sselint")]
            row += [fmt_ratio(results[(size, layout, n)], base) for n in ratio_tools]
            rows.append(row)
    return ["| " + " | ".join(r) + " |" for r in rows]


def slopes(args, results, name, layout, value):
    """What each step between consecutive sizes adds per 1,000 servers. A fixed start-up cost (process launch,
    an interpreter's imports) drops out, so equal slopes mean linear growth and rising slopes super-linear."""
    out, prev = [], None
    for size in args.sizes:
        res = results[(size, layout, name)]
        cur = None if res.error else (size, value(res))
        if prev and cur:
            out.append((prev[0], size, (cur[1] - prev[1]) * 1000.0 / (size - prev[0])))
        prev = cur
    return out


def growth(args, tools, results, lin):
    """Time per 1,000 servers at each size, and the time and memory slopes between sizes, for every tool; for
    sselint also from the runs with the sizes interleaved (`lin`, from interleaved())."""
    lines = ["How each tool grows. `per 1,000` is time / servers; the slopes are what each step between sizes adds "
             "per 1,000 servers (start-up cost drops out): equal slopes = linear, rising slopes = super-linear. "
             "`sizes interleaved`: sselint run again at every size in each round, so that all sizes meet the same "
             "minutes of this machine (the targets' linearity is judged on these).", ""]

    def line(label, name, layout, res):
        cells = []
        for size in args.sizes:
            r = res[(size, layout, name)]
            cells.append("%d: %s" % (size, r.error or "%.3f s" % (r.median * 1000.0 / size)))
        t = slopes(args, res, name, layout, lambda r: r.median)
        m = slopes(args, res, name, layout, lambda r: r.rss_kib / 1024.0)
        return "- %s, %s: per 1,000: %s; time slope: %s; memory slope: %s" % (
            label, layout, ", ".join(cells),
            ", ".join("%d→%d %.3f s" % x for x in t) or "-",
            ", ".join("%d→%d %.1f MiB" % x for x in m) or "-")

    for tool in tools:
        for layout in LAYOUTS:
            lines.append(line(tool.name, tool.name, layout, results))
            if tool.name == "sselint" and lin:
                lines.append(line("sselint (sizes interleaved)", tool.name, layout, lin))
    return lines


# Issue #19's targets.
NGINX_T_RATIO = 10.0      # at 5,000 servers: at most a tenth of nginx -t's time
GIXY_RATIO = 100.0        # at 1,000 servers: at least 100x faster than gixy-ng
SMALL_MS = 20.0           # at 100 servers: total process time
MEMORY_FACTOR, MEMORY_EXTRA_MIB = 4.0, 30.0   # at 5,000 servers: peak RSS <= 4x config bytes + 30 MiB
MIXED_SECONDS = 2.0       # the ~10,000-file mixed tree


def goals(args, tools, results, roots, lin):
    """Issue #19's targets, each at the size it names (a size that was not run is said to be not run), plus linear
    growth (no time or memory slope more than twice the first), judged on the runs with the sizes interleaved."""
    names = {t.name for t in tools}
    lines = ["Targets (issue #19):", ""]

    def verdict(ok):
        return "met" if ok else "MISSED"

    def at(size, layout, name):
        return results.get((size, layout, name)) if size in args.sizes else None

    for layout in LAYOUTS:
        checks = []
        base = at(5000, layout, "sselint")
        if base is None:
            checks.append("5,000 servers: not run")
        elif base.error:
            checks.append("5,000 servers: sselint failed (%s)" % base.error)
        else:
            other = at(5000, layout, "nginx -t") if "nginx -t" in names else None
            if other is None or other.error:
                checks.append("nginx -t at 5,000: %s" % (other.error if other else "not run"))
            else:
                r = other.median / base.median
                checks.append("nginx -t / sselint at 5,000 %.1fx (goal >=%gx: %s)" % (r, NGINX_T_RATIO, verdict(r >= NGINX_T_RATIO)))
            mib = base.rss_kib / 1024.0
            limit = MEMORY_FACTOR * config_bytes(os.path.join(roots[5000], layout)) / 1048576.0 + MEMORY_EXTRA_MIB
            checks.append("peak memory at 5,000 %.1f MiB (goal <=%.1f MiB: %s)" % (mib, limit, verdict(mib <= limit)))
        gx, sl = at(1000, layout, "gixy-ng"), at(1000, layout, "sselint")
        if "gixy-ng" not in names or gx is None or sl is None:
            checks.append("gixy-ng at 1,000: not run")
        elif gx.error or sl.error:
            checks.append("gixy-ng at 1,000: %s" % (gx.error or sl.error))
        else:
            r = gx.median / sl.median
            checks.append("gixy-ng / sselint at 1,000 %.1fx (goal >=%gx: %s)" % (r, GIXY_RATIO, verdict(r >= GIXY_RATIO)))
        small = at(100, layout, "sselint")
        if small is None or small.error:
            checks.append("100 servers: %s" % (small.error if small else "not run"))
        else:
            ms = small.median * 1000.0
            checks.append("100 servers %.1f ms (goal <%g ms: %s)" % (ms, SMALL_MS, verdict(ms < SMALL_MS)))
        for what, value in (("time", lambda r: r.median), ("memory", lambda r: r.rss_kib / 1024.0)):
            sl = slopes(args, lin or results, "sselint", layout, value)
            if len(sl) >= 2 and sl[0][2] > 0:
                worst = max(x[2] for x in sl) / sl[0][2]
                checks.append("%s slope %d→%d max/first %.2f%s (linear: %s)" % (
                    what, args.sizes[0], args.sizes[-1], worst, ", sizes interleaved" if lin else "",
                    "yes" if worst <= 2 else "NO"))
        lines.append("- %s: %s" % (layout, "; ".join(checks)))
    return lines


def parse_throughput(args, roots):
    """`sselint parse` (crossplane-compatible JSON of the whole tree) on the largest single-file config: MB/s."""
    size = args.sizes[-1]
    conf = os.path.join(roots[size], "single", "nginx.conf")
    exe = os.path.abspath(args.sselint)
    times = []
    for _ in range(args.runs):
        elapsed, code, _, timed_out, err = run_once([exe, "parse", conf], args.timeout)
        if timed_out or code != 0:
            return ["sselint parse: failed (%s)" % (err or "exit %d" % code)]
        times.append(elapsed)
    med = statistics.median(times)
    mb = os.path.getsize(conf) / 1e6
    return ["`sselint parse` of the %d-server single file (%.1f MB): %.3f s median of %d, %.1f MB/s." % (
        size, mb, med, args.runs, mb / med)]


def preamble(args, tools, notes):
    lines = ["# sselint benchmark", "",
             "- machine: %s %s, %d CPUs (nproc)" % (platform.system(), platform.release(),
                                                    len(os.sched_getaffinity(0))),
             "- python: %s" % platform.python_version()]
    for tool in tools:
        lines.append("- %s: %s (%s)" % (tool.name, tool_version(tool), tool.exe))
    lines += ["- note: %s" % n for n in notes]
    lines += ["- runs: %d per cell (at most %d where a first run takes over %gs; the cell then says how many), "
              "median wall time in seconds; peak RSS is the max over runs; timeout %gs" % (
                  args.runs, SLOW_RUNS, args.slow, args.timeout), ""]
    return lines


# ------------------------------------------------------------ mixed tree


MIXED_NGINX = """server {{
    listen 80;
    server_name svc{i}.example.com;
    location / {{ root /srv/www; }}
    location /api/chat {{
        proxy_pass http://app{i}:8000;
        proxy_read_timeout 300s;
    }}
    location /v1/chat/completions {{
        proxy_pass http://app{i}:8000;
        proxy_buffering off;
    }}
}}
"""
MIXED_PY = """import asyncio
from fastapi import APIRouter, FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()
router = APIRouter(prefix="/api")


async def events(n: int):
    task = asyncio.create_task(asyncio.sleep(n))
    try:
        for i in range(n):
            yield f"data: {{i}}\\n\\n"
            await asyncio.sleep(0.05)
    finally:
        task.cancel()
        await task


@router.post("/chat")
async def chat():
    return StreamingResponse(events({i}), media_type="text/event-stream")

app.include_router(router)
"""
MIXED_TS = """export async function POST(req: Request): Promise<Response> {{
  const stream = new ReadableStream({{ start(c) {{ c.enqueue(new TextEncoder().encode("data: {i}\\n\\n")); c.close(); }} }});
  return new Response(stream, {{ headers: {{ "Content-Type": "text/event-stream" }} }});
}}
"""
MIXED_GO = """package main

import "net/http"

func events{i}(w http.ResponseWriter, r *http.Request) {{
\tw.Header().Set("Content-Type", "text/event-stream")
\tw.(http.Flusher).Flush()
}}

func main() {{ http.HandleFunc("/events", events{i}) }}
"""


def mixed(args):
    """sselint on a repository-sized tree: per service an nginx config, a Dockerfile, a compose file, a Kubernetes
    manifest, and Python, TypeScript and Go app code. No other tool reads all of these, so sselint runs alone."""
    root = os.path.join(OUT_DIR, "mixed-%d" % args.mixed)
    if not os.path.exists(os.path.join(root, ".complete")):
        shutil.rmtree(root, ignore_errors=True)
        for i in range(args.mixed):
            d = os.path.join(root, "services", "svc%d" % i)
            for sub in ("nginx/conf.d", "app", "web/app/api/chat", "k8s", "cmd"):
                os.makedirs(os.path.join(d, sub), exist_ok=True)
            files = {
                "nginx/conf.d/site.conf": MIXED_NGINX.format(i=i),
                "Dockerfile": "FROM python:3.12-slim\nCOPY app/ app/\nCMD [\"uvicorn\", \"app.main:app\", \"--port\", \"8000\", \"--reload\"]\n",
                "compose.yaml": "services:\n  app%d:\n    build: .\n    command: uvicorn app.main:app --port 8000 --workers 2\n    environment:\n      AGENT_CANCEL_TIMEOUT: \"%d\"\n" % (i, i % 3),
                "k8s/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc%d\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: svc\n          args: [\"uvicorn\", \"app.main:app\", \"--limit-concurrency\", \"10\"]\n" % i,
                "app/main.py": MIXED_PY.format(i=i),
                "web/app/api/chat/route.ts": MIXED_TS.format(i=i),
                "cmd/main.go": MIXED_GO.format(i=i),
            }
            for name, text in files.items():
                with open(os.path.join(d, name), "w") as f:
                    f.write(text)
        open(os.path.join(root, ".complete"), "w").close()
    nfiles = sum(len(fs) for _, _, fs in os.walk(root)) - 1
    exe = os.path.abspath(args.sselint)
    times, peak = [], 0
    for _ in range(args.runs):
        elapsed, code, rss, timed_out, err = run_once([exe, "lint", "--format", "json", root], args.timeout)
        if timed_out or code not in (0, 1):
            return ["Mixed tree: sselint failed (%s)" % (err or "exit %d" % code)]
        times.append(elapsed)
        peak = max(peak, rss)
    med = statistics.median(times)
    return ["Repository-sized mixed tree (%d services, %d files: nginx, Dockerfile, compose, Kubernetes, Python, "
            "TypeScript, Go): sselint %.3f s median of %d, %.1f MiB peak, %.2f ms per file (goal <%g s for about "
            "10,000 files: %s)." % (args.mixed, nfiles, med, args.runs, peak / 1024.0, med * 1000.0 / nfiles,
                                    MIXED_SECONDS, ("met" if med < MIXED_SECONDS else "MISSED") if nfiles >= 9000 else "not judged, fewer files")]


# ------------------------------------------------------------------ main


def main(argv=None):
    args = parse_args(argv)
    if not os.access(args.sselint, os.X_OK):
        log("sselint binary not found at %s\nbuild it first:  scripts/build-release.sh\n"
            "(or pass --sselint PATH)" % args.sselint)
        return 2
    gen_script = os.path.join(args.shared, "bench", "gen_big_nginx.py")
    if not os.path.isfile(gen_script):
        log("generator not found: %s (pass --shared DIR)" % gen_script)
        return 2
    os.makedirs(OUT_DIR, exist_ok=True)
    if args.install_tools:
        install_tools()
    tools, notes = build_tools(args)
    notes += reread_from_disk(tools[0].exe)
    roots = {size: generate(gen_script, size) for size in args.sizes}
    results = bench_all(args, tools, roots)
    lin = interleaved(args, tools[0], roots) if len(args.sizes) > 1 else {}
    report = preamble(args, tools, notes) + table(args, tools, roots, results) + [""] \
        + growth(args, tools, results, lin) + [""] + parse_throughput(args, roots)
    if args.mixed:
        report += [""] + mixed(args)
    report += [""] + goals(args, tools, results, roots, lin)
    text = "\n".join(report) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(OUT_DIR, "results.md"), "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
