#!/usr/bin/env python3
"""Serves real apps on loopback and runs `sselint probe` / `sselint logs` against them; prints one JSON object per
scenario: the rules sselint reported and its text output. Used by LiveTests; run by hand with
`python3 samples/live/live.py --sselint .build/debug/sselint`.

Scenarios: a correct app; an app nginx buffers; an agent that ignores cancellation (probe --disconnect-after with
--log); a server without a stream registry (two streams of one session, then `sselint logs`); the bundled demo
deployments served for real (their app under uvicorn, their nginx config rendered for loopback); an EventSource
endpoint using CRLF, multi-line data and retry (spec); a POST-only route probed with GET (405) and a missing path (404).
Needs nginx, python3 with uvicorn, starlette and fastapi. Every process is killed in `finally`; every wait is bounded.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LONG = {"prompt": " ".join("word%d" % i for i in range(30)), "stream": True}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Procs:
    """Processes started in their own group and always killed."""

    def __init__(self):
        self.procs = []

    def start(self, argv, cwd, env=None, log=None):
        p = subprocess.Popen(argv, cwd=cwd, env={**os.environ, **(env or {})}, start_new_session=True,
                             stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self.procs.append(p)
        return p

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(timeout=5)


def uvicorn(procs, app, cwd, port, log_file=None, http="h11"):
    env = {"LOG_FILE": log_file} if log_file else {}
    procs.start([sys.executable, "-m", "uvicorn", app, "--port", str(port), "--host", "127.0.0.1", "--http", http,
                 "--log-level", "warning"], cwd, env)
    if not wait_port(port):
        raise RuntimeError("uvicorn %s did not start" % app)


def nginx(procs, conf_text, upstream_port):
    """nginx with a location / proxying to the upstream; conf_text None = defaults (buffering on, HTTP/1.0)."""
    d = tempfile.mkdtemp(prefix="sselint-live-")
    os.chmod(d, 0o755)
    for sub in ("tmp", "logs"):
        os.makedirs(os.path.join(d, sub))
    port = free_port()
    text = conf_text.replace("UPSTREAM", "127.0.0.1:%d" % upstream_port).replace("LISTEN", "127.0.0.1:%d" % port)
    head = ("pid nginx.pid;\nerror_log error.log warn;\nevents { worker_connections 64; }\n")
    temps = ("client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fcgi; "
             "uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi; access_log off;\n")
    open(os.path.join(d, "nginx.conf"), "w").write(head + "http {\n" + temps + text + "\n}\n")
    procs.start([NGINX, "-p", d, "-c", os.path.join(d, "nginx.conf"), "-g", "daemon off;"], d)
    if not wait_port(port):
        raise RuntimeError("nginx did not start: " + open(os.path.join(d, "error.log")).read()[-300:])
    return port


def demo_conf(name):
    """The demo's own location /api/chat, rendered for loopback: its upstream and its directives, minus TLS."""
    text = open(os.path.join(REPO, "samples", "deployments", name, "nginx", "conf.d", "chat.conf")).read()
    loc = re.search(r"location /api/chat \{.*?\n    \}", text, re.S).group(0)
    loc = loc.replace("include snippets/proxy.conf;", "proxy_pass http://agent;\n        proxy_set_header Host $host;")
    loc = "\n".join(l for l in loc.split("\n") if "add_header Connection" not in l)  # h2-only header; plain HTTP here
    nginx_conf = open(os.path.join(REPO, "samples", "deployments", name, "nginx", "nginx.conf")).read()
    gzip = "\n".join(l for l in nginx_conf.split("\n") if l.strip().startswith("gzip"))
    return "upstream agent { server UPSTREAM; }\n%s\nserver {\n    listen LISTEN;\n    %s\n}" % (gzip, loc)


def run(sselint, args, timeout=60):
    r = subprocess.run([sselint] + args, capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def rules_of(sselint, args):
    code, out, err = run(sselint, args + ["--format", "json"])
    try:
        findings = json.loads(out)["findings"]
    except Exception:
        return code, [], out + err
    return code, sorted({f["rule"] for f in findings}), run(sselint, args)[1]


def scenario(name, sselint):
    procs = Procs()
    d = tempfile.mkdtemp(prefix="sselint-live-")
    log_file = os.path.join(d, "server.log")
    try:
        if name == "good":
            port = free_port()
            uvicorn(procs, "good:app", HERE, port, log_file)
            code, rules, text = rules_of(sselint, ["probe", "http://127.0.0.1:%d/api/chat" % port, "--data", json.dumps(LONG)])
            time.sleep(0.3)
            lcode, lrules, ltext = rules_of(sselint, ["logs", log_file])
            return {"probe": rules, "logs": lrules, "exit": code, "text": text + ltext}
        if name == "buffered":
            port = free_port()
            uvicorn(procs, "plain:app", HERE, port)
            nport = nginx(procs, "server {\n listen LISTEN;\n location / { proxy_pass http://UPSTREAM; }\n}", port)
            code, rules, text = rules_of(sselint, ["probe", "http://127.0.0.1:%d/api/chat" % nport, "--data", json.dumps(LONG)])
            return {"probe": rules, "exit": code, "text": text}
        if name == "stubborn":
            port = free_port()
            uvicorn(procs, "stubborn:app", HERE, port, log_file)
            code, rules, text = rules_of(sselint, ["probe", "http://127.0.0.1:%d/api/chat" % port, "--data", json.dumps(LONG),
                                                   "--disconnect-after", "2", "--log", log_file])
            return {"probe": rules, "exit": code, "text": text}
        if name == "no-registry":
            port = free_port()
            uvicorn(procs, "noregistry:app", HERE, port, log_file)
            url = "http://127.0.0.1:%d/api/chat" % port
            body = json.dumps({"prompt": "a b", "session": "s1"})
            first = threading.Thread(target=run, args=(sselint, ["probe", url, "--data", body]))
            first.start()
            time.sleep(0.5)
            run(sselint, ["probe", url, "--data", body])
            first.join(timeout=30)
            time.sleep(0.3)
            code, rules, text = rules_of(sselint, ["logs", log_file])
            return {"logs": rules, "exit": code, "text": text}
        if name in ("demo-broken", "demo-fixed"):
            deployment = "chat-buffered" if name == "demo-broken" else "chat-streaming"
            port = free_port()
            uvicorn(procs, "app.main:app", os.path.join(REPO, "samples", "deployments", deployment), port)
            nport = nginx(procs, demo_conf(deployment), port)
            code, rules, text = rules_of(sselint, ["probe", "http://127.0.0.1:%d/api/chat" % nport, "--data", json.dumps(LONG)])
            return {"probe": rules, "exit": code, "text": text}
        if name == "spec":
            port = free_port()
            uvicorn(procs, "spec:app", HERE, port)
            code, rules, text = rules_of(sselint, ["probe", "http://127.0.0.1:%d/events" % port])
            return {"probe": rules, "exit": code, "text": text}
        if name in ("wrong-method", "missing"):
            # A chat API probed as an EventSource would (GET), and a path that does not exist: input errors, no findings.
            port = free_port()
            uvicorn(procs, "good:app", HERE, port)
            path = "/api/chat" if name == "wrong-method" else "/api/nope"
            code, out, err = run(sselint, ["probe", "http://127.0.0.1:%d%s" % (port, path)])
            return {"probe": [], "exit": code, "text": out + err}
        raise ValueError(name)
    except Exception as e:
        return {"error": repr(e)}
    finally:
        procs.stop()
        shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sselint", required=True)
    ap.add_argument("names", nargs="*", default=["good", "buffered", "stubborn", "no-registry", "demo-broken", "demo-fixed",
                                                  "spec", "wrong-method", "missing"])
    a = ap.parse_args()
    # A test runner may start us with signals blocked; children inherit the mask.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    for n in a.names:
        r = scenario(n, os.path.abspath(a.sselint))
        r["name"] = n
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
