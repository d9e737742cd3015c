#!/usr/bin/env python3
"""Runs the ground-truth scenarios for real: the scenario's upstream (the stdlib server, or its app under uvicorn
exactly as its Procfile says) and its nginx.conf (nginx -p RUNDIR), on free loopback ports; streams the response
with curl, timestamps each event, and classifies what the client saw. Prints one JSON object per scenario.

Usage: harness.py [--jobs N] [--record] [SCENARIO_DIR ...]   (default: every scenario beside this file)
--record writes each result that matches the scenario's `expect` into its scenario.json (`recorded`) and the
software versions into recorded-with.json; `sselint-dev generate` turns them into docs/evidence.md.
Needs nginx, haproxy, caddy, apache2, curl and python3 with uvicorn, httptools, h11, starlette and sse-starlette. A
scenario with `"proxy": "haproxy"` runs its haproxy.cfg (`haproxy -f FILE -db`), one with `"proxy": "caddy"` its
Caddyfile (`caddy run`), one with `"proxy": "apache"` its apache.conf (`apache2 -DFOREGROUND -f FILE`, started in the
run directory, which its `ServerRoot "."` names), instead of an nginx.conf; `"body"` makes the request a POST with
that body. Every process is started in its own process group and killed in `finally`, and every wait is bounded, so a
failing scenario cannot hang.
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


def start(argv, cwd, log):
    return subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


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


def uvicorn_argv(run, port):
    """The Procfile's uvicorn command, with the port replaced (what sselint lints is what runs)."""
    line = open(os.path.join(run, "Procfile")).read().split(":", 1)[1]
    words = shlex.split(line)
    assert words[0] == "uvicorn", words
    if "--port" in words:
        words[words.index("--port") + 1] = str(port)
    return [sys.executable, "-m"] + words + ["--host", "127.0.0.1", "--log-level", "warning"]


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


def held(dispatched):
    """Whether every event was dispatched (its closing blank line arrived, which is when EventSource fires it) at
    least most of an interval after the app sent it: a compressor that keeps an event's last bytes until more data
    comes (HAProxy 2.6's slz) delays each dispatch until the next write, while the `data:` lines look on time.
    The apps send event k at k * INTERVAL (some pause before event N // 2: only the events before it count)."""
    early = dispatched[: N // 2]
    return len(early) >= 3 and min(d - k * INTERVAL for k, d in enumerate(early)) >= 0.8 * INTERVAL


def classify(times, rc):
    if rc == 92:
        return "rejected"
    if len(times) < N:
        return "cut" if rc != 0 else "short"
    gaps = sorted(b - a for a, b in zip(times, times[1:]))
    if times[0] >= (N - 1) * INTERVAL * 0.6 and times[-1] - times[0] < 0.3:
        return "buffered"
    if times[0] < 1.0 and gaps[len(gaps) // 2] >= INTERVAL / 2:
        return "streams"
    return "unclear"


def shutdown(run, meta):
    """SIGTERM uvicorn while one stream is open; 'hangs' when it is still running 5 s later."""
    port = free_port()
    with open(os.path.join(run, "upstream.log"), "wb") as log:
        up = start(uvicorn_argv(run, port), run, log)
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
            elif meta["upstream"] == "uvicorn":
                procs.append(start(uvicorn_argv(run, up_port), run, log))
            if meta["upstream"] != "none" and not wait_port(up_port):
                return {"measured": "no-start", "detail": "upstream did not start"}
            if proxy == "haproxy":
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
            if meta["h2"]:
                r = subprocess.run(["curl", "-s", "--max-time", "5", "--http2-prior-knowledge", f"http://127.0.0.1:{ngx_port}{meta['path']}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
                return {"measured": "rejected" if r.returncode == 92 else "accepted", "detail": f"curl --http2-prior-knowledge exit {r.returncode}"}
            query = "&".join(q for q in [meta.get("query", ""), f"n={N}&interval={INTERVAL}"] if q)
            url = f"http://127.0.0.1:{ngx_port}{meta['path']}?{query}"
            times, rc, dispatched = stream(url, meta["compressed"], body=meta.get("body"))
            measured = classify(times, rc)
            if measured == "streams" and held(dispatched):
                measured = "held"
            detail = f"{len(times)} events, first {times[0]:.2f} s, last {times[-1]:.2f} s, curl exit {rc}" if times else f"no events, curl exit {rc}"
            if measured == "held":
                lag = min(d - k * INTERVAL for k, d in enumerate(dispatched[: N // 2]))
                detail += f"; every event dispatched at least {lag:.2f} s after it was sent (its closing blank line waited for the next write)"
            if meta["replay"]:
                again, rc2, _ = stream(url, meta["compressed"])
                if len(again) == N and again[-1] - again[0] < 0.3 and again[-1] < 0.5:
                    measured = "replayed"
                detail += f"; second request: {len(again)} events in {again[-1]:.2f} s" if again else "; second request: no events"
            return {"measured": measured, "detail": detail}
        finally:
            for p in reversed(procs):
                stop(p, signal.SIGTERM if p.args[0] in (NGINX, HAPROXY, CADDY, APACHE) else signal.SIGKILL)


def run_one(src):
    meta = json.load(open(os.path.join(src, "scenario.json")))
    run = tempfile.mkdtemp(prefix="sselint-gt-")
    # nginx workers run as nobody when started by root: they must reach the cache and temp directories.
    os.chmod(run, 0o755)
    try:
        for f in os.listdir(src):
            shutil.copy(os.path.join(src, f), run)
        result = shutdown(run, meta) if meta["shutdown"] else proxied(run, meta)
    except Exception as e:  # a broken scenario is a result, never a hang
        result = {"measured": "harness-error", "detail": repr(e)}
    finally:
        shutil.rmtree(run, ignore_errors=True)
    result["name"] = os.path.basename(src)
    return result


def versions():
    """What the recorded results were measured with, as docs/evidence.md states it."""
    out = {"nginx": subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip().split("/")[-1],
           "haproxy": subprocess.run([HAPROXY, "-v"], capture_output=True, text=True).stdout.split()[2],
           "caddy": subprocess.run([CADDY, "version"], capture_output=True, text=True).stdout.split()[0],
           "apache": subprocess.run([APACHE, "-v"], capture_output=True, text=True).stdout.split()[2].split("/")[-1],
           "curl": subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split()[1],
           "python": sys.version.split()[0]}
    from importlib.metadata import version
    for pkg in ("uvicorn", "httptools", "h11", "starlette", "sse-starlette"):
        out[pkg] = version(pkg)
    return out


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
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for src, r in zip(dirs, pool.map(run_one, dirs)):
            print(json.dumps(r), flush=True)
            if recording:
                record(r, src)
    if recording:
        with open(os.path.join(HERE, "recorded-with.json"), "w") as f:
            f.write(json.dumps(versions(), indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
