"""`make soak`: image-pipeline serve on 127.0.0.1 under wrk for a bounded
time, with a mix of valid and hostile requests (soak.lua); the server's RSS
sampled every 2 s. Reports warm RSS, max RSS and their ratio, valid
requests total and failed, hostile responses by status; exits 1 if any valid
request failed or the RSS went over 1.5x its warm value.

    python soak.py --seconds 600 --out build/soak
"""

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support import Server, png, sample_rgb  # noqa: E402

HERE = Path(__file__).resolve().parent
MAX_RSS_RATIO = 1.5
SAMPLE_EVERY = 2.0


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=600, help="how long wrk runs (default 600)")
    parser.add_argument("--warmup", type=int, default=0,
                        help="seconds after which RSS counts as warm (default: 10%% of the run, 10..60)")
    parser.add_argument("--connections", type=int, default=2,
                        help="connections of each wrk, the valid and the hostile one (default 2)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the inputs, data, log and report")
    args = parser.parse_args()
    warmup = args.warmup or min(60, max(10, args.seconds // 10))

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    valid, truncated = out / "valid.png", out / "truncated.png"
    valid.write_bytes(png(sample_rgb(64, 64)))
    truncated.write_bytes(valid.read_bytes()[:200])
    data = out / "data"
    subprocess.run(["rm", "-rf", str(data)], check=True)
    # The log level keeps the log small; the task store's bounds keep the
    # data directory small (its sweep runs on every task creation).
    server = Server(kind="host", data=data, log=out / "server.log",
                    env={"LOG_LEVEL": "error", "MAX_BODY_BYTES": str(1 << 20), "MAX_TASKS": "500",
                         "TASK_TTL_SECS": "120"},
                    host_args=["--log-level", "error"]).start()
    pid = server.proc.pid
    samples: list[tuple[float, int]] = []
    stop = threading.Event()

    def sample():
        started = time.monotonic()
        while not stop.is_set():
            samples.append((time.monotonic() - started, rss_kib(pid)))
            stop.wait(SAMPLE_EVERY)

    n = args.connections
    print(f"soak: {args.seconds} s of two wrk -t{n} -c{n} (valid, hostile) on 127.0.0.1:{server.port} "
          f"(server pid {pid}); RSS warm at {warmup} s", file=sys.stderr, flush=True)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        wrks = {mode: subprocess.Popen(
            ["wrk", f"-t{n}", f"-c{n}", f"-d{args.seconds}s", "--timeout", "30s", "--latency",
             "-s", str(HERE / "soak.lua"), f"http://127.0.0.1:{server.port}", "--", str(valid), str(truncated), mode],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for mode in ("valid", "hostile")}
        outputs = {mode: w.communicate(timeout=args.seconds + 120) for mode, w in wrks.items()}
    finally:
        stop.set()
        sampler.join()
        alive = server.proc.poll() is None
        server.stop()
    runs = {}
    for mode, (stdout, stderr) in outputs.items():
        line = next((text for text in stdout.splitlines() if text.startswith("SOAK ")), None)
        if wrks[mode].returncode != 0 or line is None:
            print(stdout, stderr, file=sys.stderr)
            print(f"soak: wrk ({mode}) failed", file=sys.stderr)
            return 1
        runs[mode] = json.loads(line[5:])
    valid_run, hostile_run = runs["valid"], runs["hostile"]
    result = {
        "seconds": valid_run["seconds"],
        "requests": valid_run["requests"] + hostile_run["requests"],
        "valid_ok": valid_run["valid_ok"],
        "valid_failed": valid_run["valid_failed"],
        "failures": valid_run["failures"],
        "hostile": hostile_run["hostile"],
        "socket_errors": {k: valid_run["socket_errors"][k] + hostile_run["socket_errors"][k]
                          for k in valid_run["socket_errors"]},
        "valid_p50_ms": valid_run["p50_ms"],
        "valid_p99_ms": valid_run["p99_ms"],
    }
    # Every valid request must be answered: the valid run's socket errors
    # (connect, read, write, timeout) count as failures.
    result["valid_failed"] += sum(valid_run["socket_errors"].values())
    # Warm: the median of the samples in the second half of the warm-up
    # (one sample swings by 10-20 % as instances come and go); max: after it.
    warming = sorted(kib for t, kib in samples if warmup / 2 <= t <= warmup) or [samples[-1][1]]
    warm = warming[len(warming) // 2]
    after = [kib for t, kib in samples if t > warmup] or [warm]
    peak = max(after)
    third = max(1, len(after) // 3)
    result.update({
        "server_alive_at_end": alive,
        "rss_warm_mib": round(warm / 1024, 1),
        "rss_max_mib": round(peak / 1024, 1),
        "rss_ratio": round(peak / warm, 3),
        # A leak shows as a rising trend: the mean of the last third of the
        # samples against the first third's.
        "rss_first_third_mean_mib": round(sum(after[:third]) / third / 1024, 1),
        "rss_last_third_mean_mib": round(sum(after[-third:]) / third / 1024, 1),
        "rss_samples_mib": [round(kib / 1024, 1) for _, kib in samples],
    })
    (out / "report.json").write_text(json.dumps(result, indent=2) + "\n")
    ok = result["valid_failed"] == 0 and alive and result["rss_ratio"] <= MAX_RSS_RATIO
    hostile = ", ".join(f"{k}: {v}" for k, v in sorted(result["hostile"].items()))
    r = result
    valid_total = r["valid_ok"] + r["valid_failed"]
    print("\n".join([
        f"soak: {r['requests']} requests in {r['seconds']:.0f} s ({r['requests'] / r['seconds']:.0f}/s;"
        f" valid p50 {r['valid_p50_ms']} ms, p99 {r['valid_p99_ms']} ms)",
        f"  valid requests: {valid_total} total, {r['valid_failed']} failed {r['failures'] or ''}",
        f"  hostile responses by status: {hostile}",
        f"  socket errors: {r['socket_errors']}",
        f"  RSS: warm {r['rss_warm_mib']} MiB (median, {warmup // 2}-{warmup} s), max {r['rss_max_mib']} MiB after,"
        f" ratio {r['rss_ratio']} (limit {MAX_RSS_RATIO}); mean of the first third"
        f" {r['rss_first_third_mean_mib']} MiB, of the last {r['rss_last_third_mean_mib']} MiB",
        f"  report: {out / 'report.json'}",
        "PASS" if ok else "FAIL",
    ]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
