"""`make bench`: every column of the benchmark, each in its own process (so
that each has its own peak RSS), on the same inputs; then the markdown
table, the chart and the raw results in build/bench/.

    python bench/py/run.py --config build/bench/config.json   (bench/bench.mk writes it)

BENCH_QUICK=1 makes a smoke run: fewer repetitions, a batch of 10, the
same rows and columns."""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import inputs
import report
import wasm_size


def say(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


PEAK_RSS = Path(__file__).with_name("peak_rss.py")


def peak_rss_mib(cmd: list[str], env=None, stdout=subprocess.DEVNULL) -> tuple[float, str]:
    """Runs `cmd` through peak_rss.py; returns its peak RSS (MiB) and stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        proc = subprocess.run([sys.executable, str(PEAK_RSS), rss_file.name, "--", *cmd],
                              stdout=stdout, env=env, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"bench: failed (exit {proc.returncode}): {' '.join(cmd)}")
        return int(rss_file.read()) / 1024, proc.stdout or ""  # Linux: KiB


def run_column(cmd: list[str], label: str, env=None) -> tuple[list[dict], float]:
    """Runs one column process; returns its JSON results and peak RSS (MiB)."""
    say(f"{label}")
    rss, out = peak_rss_mib(cmd, env=env, stdout=subprocess.PIPE)
    results = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    for r in results:
        r["rss_mib"] = rss
    return results, rss


def exec_ms(cmd: list[str], reps: int, warmup: int) -> tuple[list[float], float]:
    """Wall time of a whole process (ms), and its peak RSS (MiB, from one
    more run through peak_rss.py: timed runs start it directly)."""
    times = []
    for i in range(warmup + reps):
        start = time.perf_counter()
        if subprocess.run(cmd, stdout=subprocess.DEVNULL, check=False).returncode != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} failed")
        elapsed = (time.perf_counter() - start) * 1e3
        if i >= warmup:
            times.append(elapsed)
    rss, _ = peak_rss_mib(cmd)
    return times, rss


def native_jpeg(paths: dict, folder: Path, reps: int, warmup: int) -> list[dict]:
    """djpeg and cjpeg (libjpeg-turbo, Debian) on the 1080p image, minus the
    same command on an 8×8 image: the process start is not the codec."""
    tiny_ppm = folder / "tiny.ppm"
    inputs.write_ppm(tiny_ppm, inputs.synthetic(8, 8, 9))
    tiny_jpg = folder / "tiny.jpg"
    subprocess.run(["cjpeg", "-quality", "90", "-outfile", str(tiny_jpg), str(tiny_ppm)], check=True)
    out = []
    for row, make in [
        ("JPEG decode 1080p", lambda f: ["djpeg", "-outfile", "/dev/null", str(f)]),
        ("JPEG encode 1080p", lambda f: ["cjpeg", "-quality", "90", "-sample", "2x2", "-outfile", "/dev/null", str(f)]),
    ]:
        big, small = (paths["jpeg"], tiny_jpg) if "decode" in row else (paths["hd"], tiny_ppm)
        say(f"djpeg/cjpeg: {row}")
        full, rss = exec_ms(make(big), reps, warmup)
        base, _ = exec_ms(make(small), reps, warmup)
        start = statistics.median(base)
        out.append({"group": "codec", "row": row, "column": "djpeg/cjpeg",
                    "ms": [max(t - start, 0.0) for t in full], "rss_mib": rss, "process_start_ms": start})
    return out


def versions(cfg: dict) -> dict:
    def cmd(*c: str) -> str:
        try:
            return subprocess.run(c, capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
        except (OSError, subprocess.CalledProcessError, IndexError):
            return "?"

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "kernel": platform.release(),
        "rustc": cmd("rustc", "--version").removeprefix("rustc "),
        "wasmtime": cfg["wasmtime_version"],
        "node": cmd(cfg["node"], "--version"),
        "jco": cfg["jco_version"],
        "go": cmd("go", "env", "GOVERSION").removeprefix("go"),
        "opencv": __import__("cv2").__version__,
        "libjpeg-turbo (djpeg/cjpeg)": cmd("dpkg-query", "-W", "-f=${Version}", "libjpeg-turbo-progs"),
        "binaryen (wasm-opt)": cmd(cfg["wasm_opt"], "--version").removeprefix("wasm-opt version "),
    }


def sizes(cfg: dict) -> dict:
    """Each component and the composition before and after the release
    size steps, and where the Go scheduler's bytes go."""
    out = {"components": {}}
    for name, (before, after) in cfg["sizes"].items():
        out["components"][name] = {"before": Path(before).stat().st_size, "after": Path(after).stat().st_size}
    out["go_core"] = wasm_size.breakdown(Path(cfg["go_core"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True, help="build/bench/config.json (bench/bench.mk)")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: rewrite the table and chart from build/bench/results.json")
    args = parser.parse_args()
    cfg = json.loads(args.config.read_text())
    if args.report_only:
        saved = json.loads((Path(cfg["out"]) / "results.json").read_text())
        write_report(Path(cfg["out"]), saved["meta"], saved["results"], saved["sizes"])
        return
    quick = os.environ.get("BENCH_QUICK") == "1"
    out_dir = Path(cfg["out"])
    out_dir.mkdir(parents=True, exist_ok=True)
    warmup, reps = (1, 3) if quick else (2, 9)
    batch_reps, images = (2, 10) if quick else (5, 100)
    workers = int(os.environ.get("BENCH_WORKERS", os.cpu_count() or 2))
    started = time.time()
    load_before = os.getloadavg()
    say(f"{'quick smoke run' if quick else 'full run'}: {reps} timed runs after {warmup} warm-up; "
        f"batch of {images} on 1 and {workers} workers; load average {load_before[0]:.2f}")

    paths = inputs.make_inputs(out_dir / "inputs")
    runner, node, column_js = cfg["runner"], cfg["node"], cfg["column_js"]
    wasm_core, pipeline = cfg["core_module"], cfg["pipeline"]
    jco = ["--jco", cfg["jco_dir"], "--shim", cfg["shim"]]
    common = ["--warmup", str(warmup), "--reps", str(reps)]
    py = sys.executable

    results = []
    rss = {}
    ops_args = ["--hd", str(paths["hd"]), "--uhd", str(paths["uhd"])]
    columns = [
        ("js", [node, column_js, "--column", "js", "--group", "ops", *ops_args, *common]),
        ("core wasm", [runner, "ops", "--column", "core", "--wasm", wasm_core, *ops_args, *common]),
        ("component", [runner, "ops", "--column", "component", "--wasm", pipeline, *ops_args, *common]),
        ("jco", [node, column_js, "--column", "jco", "--group", "ops", *ops_args, *jco, *common]),
        ("frames", [runner, "ops", "--column", "frames", "--wasm", pipeline, *ops_args, *common]),
        ("pipeline", [runner, "ops", "--column", "pipeline", "--wasm", pipeline, *ops_args, *common]),
        ("jco-pipeline", [node, column_js, "--column", "jco-pipeline", "--group", "ops", *ops_args, *jco, *common]),
        ("native", [runner, "ops", "--column", "native", *ops_args, *common]),
        ("OpenCV", [py, cfg["opencv_column"], *ops_args, "--jpeg", str(paths["jpeg"]), *common]),
    ]
    for name, cmd in columns:
        res, peak = run_column(cmd, f"ops, column {name}")
        results += res
        rss[name] = peak

    batch_common = ["--input", str(paths["small"]), "--images", str(images), "--warmup", "1", "--reps", str(batch_reps)]
    for n in sorted({1, workers}):
        w = ["--workers", str(n)]
        for name, cmd in [
            ("js", [node, column_js, "--column", "js", "--group", "batch", *batch_common, *w]),
            ("core wasm", [runner, "batch", "--column", "core", "--wasm", wasm_core, *batch_common, *w]),
            ("component", [runner, "batch", "--column", "component", "--wasm", pipeline, *batch_common, *w]),
            ("jco", [node, column_js, "--column", "jco", "--group", "batch", *batch_common, *jco, *w]),
            ("pipeline", [runner, "batch", "--column", "pipeline", "--wasm", pipeline, *batch_common, *w]),
            ("native", [runner, "batch", "--column", "native", *batch_common, *w]),
        ]:
            results += run_column(cmd, f"batch of {images}, {n} worker(s), column {name}")[0]

    codec_args = ["--jpeg", str(paths["jpeg"]), "--hd", str(paths["hd"])]
    results += run_column([runner, "codec", "--wasm", pipeline, *codec_args, *common], "JPEG, column component")[0]
    results += run_column([runner, "codec", "--wasm", cfg["plain_codec_pipeline"], "--column", "component (plain C)",
                           *codec_args, *common], "JPEG, column component with the plain-C codec")[0]
    results += run_column([node, column_js, "--column", "jco", "--group", "codec", *codec_args, *jco, *common],
                          "JPEG, column jco")[0]
    results += native_jpeg(paths, out_dir / "inputs", reps, warmup)
    results += run_column([runner, "codec-stages", "--simd", cfg["stages_simd"], "--plain", cfg["stages_plain"],
                           *codec_args, *common], "the codec's JPEG functions, SIMD and plain-C builds")[0]

    boundary_reps = ["--warmup", "1", "--reps", "3" if quick else "7"]
    results += run_column([runner, "boundary", "--pair", cfg["pair"], "--wasm", pipeline, *boundary_reps],
                          "component boundary")[0]

    meta = {
        "quick": quick,
        "warmup": warmup,
        "reps": reps,
        "batch_reps": batch_reps,
        "images": images,
        "workers": workers,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "seconds": round(time.time() - started),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": versions(cfg),
        "rss_mib": rss,
    }
    size = sizes(cfg)
    (out_dir / "results.json").write_text(json.dumps({"meta": meta, "results": results, "sizes": size}, indent=1))
    say(f"done in {meta['seconds']} s (load average {meta['load_after'][0]:.2f})")
    write_report(out_dir, meta, results, size)


def write_report(out_dir: Path, meta: dict, results: list[dict], size: dict) -> None:
    md = report.markdown(meta, results, size)
    (out_dir / "benchmarks.md").write_text(md)
    report.chart(results, out_dir / "benchmarks.png")
    say(f"wrote {out_dir / 'benchmarks.md'}, {out_dir / 'benchmarks.png'}, {out_dir / 'results.json'}")
    print(md)


if __name__ == "__main__":
    main()
