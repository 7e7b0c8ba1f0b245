"""`make bench-http`: a bounded wrk load on loopback against stock
`wasmtime serve` and `image-pipeline serve`, each with the pooling and the
on-demand allocator, running build/image-service-fs.wasm (state in a data
directory); then `image-pipeline serve --store` running
build/image-service.wasm on one Redis, with one server and with two (one
wrk per server, half the connections each: requests/s added up, the worse
p99 of the two). Prints a markdown table; asserts nothing (a figure, not a
test).

Scenarios, each with a 256×256 RGB PNG (gradients and noise, 142 KB, the
tests' sample) and the operation grayscale:
- compute: POST /process with `cache-control: no-cache`: every request
  stores its input, answers 202, then decodes, runs a scheduler task,
  encodes and stores the result in the same instance;
- cache hit: POST /process that the result cache answers (no image work);
- result: GET /status/{id} of a completed task (reads the stored PNG).

BENCH_SECONDS (default 5) per run, BENCH_CONNECTIONS (default 8) over 2
wrk threads."""

import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from stores import Redis  # noqa: E402
from support import Server, png, sample_rgb, submit, wait_done  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
# (server, kind, allocator, arguments, servers)
CONFIGS = [
    ("wasmtime serve", "wasmtime", "pooling", ["-O", "pooling-allocator=y"], 1),
    ("wasmtime serve", "wasmtime", "on-demand", ["-O", "pooling-allocator=n"], 1),
    ("image-pipeline serve", "host", "pooling", ["--allocator", "pooling"], 1),
    ("image-pipeline serve", "host", "on-demand", ["--allocator", "on-demand"], 1),
    ("image-pipeline serve --store, 1 on Redis", "redis", "pooling", ["--allocator", "pooling"], 1),
    ("image-pipeline serve --store, 2 on one Redis", "redis", "pooling", ["--allocator", "pooling"], 2),
]
# Logging off and room for every task of a run: the figure is the request
# path, not the log or the sweep of a full store.
ENV = {"LOG_LEVEL": "warn", "MAX_TASKS": "100000"}

LUA_POST = """
local f = assert(io.open("{body}", "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Content-Type"] = "image/png"
{extra}
"""


def sample_png() -> bytes:
    return png(sample_rgb())


def wrk(url: str, script: Path | None, share: int = 1) -> dict:
    """One wrk run; with `share` servers, this one gets 1/share of the
    threads and connections."""
    cmd = ["wrk", f"-t{max(2 // share, 1)}", f"-c{CONNECTIONS // share}", f"-d{SECONDS}s", "--latency",
           "--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout

    def latency(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[m.group(2)]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "requests": int(total.group(1)) if total else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def wrk_all(servers: list[Server], path: str, script: Path | None) -> dict:
    """wrk against every server at once; requests/s and counts added up,
    the worst p50 and p99."""
    with ThreadPoolExecutor(len(servers)) as pool:
        runs = list(pool.map(lambda s: wrk(f"http://127.0.0.1:{s.port}{path}", script, len(servers)), servers))
    return {
        "rps": sum(r["rps"] for r in runs),
        "p50": max(r["p50"] for r in runs),
        "p99": max(r["p99"] for r in runs),
        "requests": sum(r["requests"] for r in runs),
        "non2xx": sum(r["non2xx"] for r in runs),
    }


def results(server: Server) -> int:
    return sum(1 for k in server.blobs.keys("tasks") if k.endswith(".png"))


def drain(server: Server, started: float) -> float:
    """Waits for every pending task to finish (read from the store);
    returns the seconds from `started`."""
    while any(k.endswith(".in") for k in server.blobs.keys("tasks")):
        time.sleep(0.05)
    return time.monotonic() - started


def start_servers(kind, allocator, args, count: int, work: Path) -> tuple[list[Server], Redis | None]:
    name = f"{kind}-{allocator}-{count}"
    redis = Redis(work / f"{name}-redis").start() if kind == "redis" else None
    servers = [Server(kind=kind, data=work / f"{name}-{i}", log=work / f"{name}-{i}.log", env=ENV,
                      host_args=args, redis=redis).start() for i in range(count)]
    return servers, redis


def run_config(label, kind, allocator, args, count: int, work: Path) -> list[dict]:
    image = work / "sample.png"
    rows = []
    servers, redis = start_servers(kind, allocator, args, count, work)
    first = servers[0]
    try:
        # Warm up: the first requests fault in the code and fill the pool.
        for server in servers:
            for _ in range(10):
                wait_done(server, submit(server, image.read_bytes(), "grayscale",
                                         headers={"cache-control": "no-cache"}).json()["task_id"])
        done_before = results(first)
        compute = work / "compute.lua"
        compute.write_text(LUA_POST.format(body=image, extra='wrk.headers["Cache-Control"] = "no-cache"'))
        started = time.monotonic()
        r = wrk_all(servers, "/process?operation=grayscale", compute)
        elapsed = drain(first, started)
        rows.append({**r, "scenario": "compute", "tasks_per_s": (results(first) - done_before) / elapsed})

        hit = work / "hit.lua"
        hit.write_text(LUA_POST.format(body=image, extra=""))
        assert submit(first, image.read_bytes(), "grayscale").headers["x-cache"] == "hit"
        rows.append({**wrk_all(servers, "/process?operation=grayscale", hit),
                     "scenario": "cache hit", "tasks_per_s": None})

        task = submit(first, image.read_bytes(), "grayscale").json()["task_id"]
        rows.append({**wrk_all(servers, f"/status/{task}", None), "scenario": "result", "tasks_per_s": None})
    finally:
        for server in servers:
            server.stop()
        if redis is not None:
            redis.kill()
    for row in rows:
        row.update(server=label, allocator=allocator)
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        work = Path(tmp)
        (work / "sample.png").write_bytes(sample_png())
        rows = []
        for config in CONFIGS:
            print(f"bench-http: {config[0]}, {config[2]} allocator, {config[4]} server(s) …", file=sys.stderr)
            rows += run_config(*config, work)
    print(f"\n256×256 RGB PNG (142 KB), operation grayscale; wrk -t2 -c{CONNECTIONS} -d{SECONDS}s on 127.0.0.1, "
          f"{os.cpu_count()} cores shared by server and wrk.\n")
    print("| server | allocator | scenario | requests/s | p50 ms | p99 ms | non-2xx | tasks completed/s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        done = f"{r['tasks_per_s']:.0f}" if r["tasks_per_s"] is not None else "—"
        print(f"| {r['server']} | {r['allocator']} | {r['scenario']} | {r['rps']:.0f} | {r['p50']:.1f} | "
              f"{r['p99']:.1f} | {r['non2xx']} | {done} |")
    print("\ncompute: `tasks completed/s` counts results stored from wrk's start until no task is pending; "
          "non-2xx are 503s from MAX_PENDING (64) when the server accepts faster than it computes.")


if __name__ == "__main__":
    main()
