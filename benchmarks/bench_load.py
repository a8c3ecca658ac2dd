"""The service under load: gunicorn as the container runs it, on 127.0.0.1, driven by wrk.

1. Start-up: gunicorn is started exactly as the Dockerfile's CMD does (`--preload
   --no-control-socket --workers 2 --access-logfile -`, SLANT_LOG_FORMAT=json, logs to a
   file); the time from starting the process to the first 200 from /readyz is reported.
2. Load: POST /v1/analyze with the default options (spans + placement against the
   default reference model), bodies taken in turn from the five seed articles (JSON,
   2.3–5.5 KB), for --duration seconds at 1, 8 and 32 connections; then the 5.4 KB seed
   alone at 8 connections (the budget's "5 KB article"). wrk (Debian package `wrk`, one
   thread) reports requests/s and the latency distribution; any non-2xx response or
   socket error is reported and makes the script exit 1.
   Without wrk, a bounded Python client (threads, one connection per request, like
   wrk against gunicorn's sync workers, which close each connection) does the same.
3. Memory: RSS and USS of each worker after a warm-up, and again once the workers have
   served at least --requests requests in total (default 10,000); growth above
   --growth-bound MB per worker makes the script exit 1.

Bounded: every wrk run has a fixed duration, the request count has a time limit
(--max-seconds) and the server is stopped (SIGTERM to the gunicorn master this script
started) whatever happens.

    .venv/bin/python benchmarks/bench_load.py [--duration 10] [--requests 10000] [--workers 2]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
BIN = Path(sys.executable).parent

LUA = r"""
local bodies = {}
local i = 0
init = function(args)
  for _, path in ipairs(args) do
    local f = assert(io.open(path, "rb"))
    bodies[#bodies + 1] = f:read("*a")
    f:close()
  end
end
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/analyze", {["Content-Type"] = "application/json"}, bodies[i])
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 2.0) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


def post(port: int, body: bytes) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/v1/analyze", body, {"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        return resp.status, time.perf_counter() - start
    finally:
        conn.close()


def workers(master: psutil.Process) -> list[psutil.Process]:
    return sorted(master.children(), key=lambda p: p.pid)


def memory(master: psutil.Process) -> list[tuple[int, float, float]]:
    """(pid, RSS MB, USS MB) per worker."""
    out = []
    for w in workers(master):
        info = w.memory_full_info()
        out.append((w.pid, info.rss / 2**20, info.uss / 2**20))
    return out


def parse_wrk(text: str) -> dict:
    def ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
        return float(number) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]

    out = {"requests": int(re.search(r"(\d+) requests in", text).group(1)),
           "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
           "non2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0,
           "socket_errors": 0}
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        out["socket_errors"] = sum(int(x) for x in m.groups())
    for q in ("50", "90", "99"):
        out[f"p{q}"] = ms(re.search(rf"\s{q}%\s+([\d.]+\w+)", text).group(1))
    return out


def run_wrk(port: int, connections: int, seconds: float, bodies: list[Path], lua: Path) -> dict:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "10s", "--latency",
           "-s", str(lua), f"http://127.0.0.1:{port}", "--", *map(str, bodies)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed: {out.stderr.strip()}")
    return parse_wrk(out.stdout)


def run_python_client(port: int, connections: int, seconds: float, bodies: list[bytes]) -> dict:
    """Closed-loop client: `connections` threads, each sending one request after another."""
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0, 0]
    lock = threading.Lock()
    counter = iter(range(10**9))

    def loop():
        while time.perf_counter() < deadline:
            body = bodies[next(counter) % len(bodies)]
            try:
                status, took = post(port, body)
            except OSError:
                with lock:
                    errors[1] += 1
                continue
            with lock:
                latencies.append(took)
                errors[0] += status != 200

    started = time.perf_counter()
    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def q(p):
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "non2xx": errors[0],
            "socket_errors": errors[1], "p50": q(0.5), "p90": q(0.9), "p99": q(0.99)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=float, default=10, help="seconds per load level (default 10)")
    ap.add_argument("--connections", default="1,8,32")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--requests", type=int, default=10_000,
                    help="requests served in total before the second memory reading")
    ap.add_argument("--growth-bound", type=float, default=25.0,
                    help="allowed RSS growth per worker between the two readings, MB")
    ap.add_argument("--max-seconds", type=float, default=240,
                    help="time limit for reaching --requests")
    ap.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    args = ap.parse_args(argv)
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        print(f"no seed articles in {SEEDS}", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="slant-load-"))
    body_paths = []
    for p in seeds:
        body_paths.append(tmp / f"{p.stem}.json")
        body_paths[-1].write_text(json.dumps({"text": p.read_text(encoding="utf-8")}), encoding="utf-8")
    big = max(body_paths, key=lambda p: p.stat().st_size)
    lua = tmp / "post.lua"
    lua.write_text(LUA)
    port = free_port()
    env = {**os.environ, "SLANT_LOG_FORMAT": "json", "PYTHONUNBUFFERED": "1"}
    log = open(tmp / "gunicorn.log", "w")
    cmd = [str(BIN / "gunicorn"), "--preload", "--no-control-socket", "--bind", f"127.0.0.1:{port}",
           "--workers", str(args.workers), "--access-logfile", "-", "service:create_app()"]
    print(f"Slant under load: {' '.join(cmd[1:])}")
    print(f"client: {'wrk -t1' if use_wrk else 'Python threads'}; {psutil.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at start; the client shares the cores")
    started = time.perf_counter()
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    failed = False
    try:
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {(tmp / 'gunicorn.log').read_text()[-2000:]}")
            try:
                if get(port, "/readyz") == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() - started > 60:
                raise RuntimeError("/readyz did not answer within 60 s")
            time.sleep(0.01)
        ready = time.perf_counter() - started
        print(f"start-up: process start to /readyz 200 in {ready:.2f} s")
        master = psutil.Process(server.pid)
        bodies = [p.read_bytes() for p in body_paths]
        served = 0
        for i in range(200):  # warm up both workers
            status, _ = post(port, bodies[i % len(bodies)])
            failed |= status != 200
            served += 1
        first = memory(master)
        print("after warm-up (200 requests): " + "; ".join(
            f"worker {pid} RSS {rss:.0f} MB, USS {uss:.0f} MB" for pid, rss, uss in first))

        def load(connections, seconds, paths):
            if use_wrk:
                return run_wrk(port, connections, seconds, paths, lua)
            return run_python_client(port, connections, seconds, [p.read_bytes() for p in paths])

        print(f"\n{'articles':<22}{'conns':>6}{'requests':>10}{'req/s':>9}{'p50 ms':>9}"
              f"{'p90 ms':>9}{'p99 ms':>9}{'errors':>8}{'load':>6}")
        levels = [(c, body_paths, "five seeds, in turn") for c in map(int, args.connections.split(","))]
        levels.append((8, [big], f"{big.stem[:3]} ({len(bodies[body_paths.index(big)]) / 1000:.1f} KB JSON)"))
        for connections, paths, label in levels:
            r = load(connections, args.duration, paths)
            served += r["requests"]
            errors = r["non2xx"] + r["socket_errors"]
            failed |= errors > 0
            print(f"{label:<22}{connections:>6}{r['requests']:>10}{r['rps']:>9.1f}{r['p50']:>9.1f}"
                  f"{r['p90']:>9.1f}{r['p99']:>9.1f}{errors:>8}{os.getloadavg()[0]:>6.1f}")
        deadline = time.perf_counter() + args.max_seconds
        while served < args.requests and time.perf_counter() < deadline:
            r = load(8, min(30.0, max(2.0, (args.requests - served) / 150)), body_paths)
            served += r["requests"]
            failed |= (r["non2xx"] + r["socket_errors"]) > 0
        second = memory(master)
        print(f"\nafter {served:,} requests: " + "; ".join(
            f"worker {pid} RSS {rss:.0f} MB, USS {uss:.0f} MB" for pid, rss, uss in second))
        growth = max((b[1] - a[1] for a, b in zip(first, second)), default=0.0)
        print(f"largest RSS growth per worker: {growth:+.1f} MB (bound {args.growth_bound:.0f} MB); "
              f"master RSS {master.memory_info().rss / 2**20:.0f} MB")
        if served < args.requests:
            print(f"only {served} requests within --max-seconds")
            failed = True
        if growth > args.growth_bound:
            failed = True
        same_workers = [p for p, *_ in first] == [p for p, *_ in second]
        if not same_workers:
            print("a worker was restarted during the run")
            failed = True
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("FAILED" if failed else "OK: zero errors")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
