"""The markdown tables and the chart of `make bench`, from the results that
run.py collects (one dict per result: group, row, column, ms[])."""

import statistics
from pathlib import Path

OPS_COLUMNS = ["js", "core wasm", "component", "jco", "frames", "pipeline", "jco-pipeline", "native", "OpenCV",
               "djpeg/cjpeg"]
HEADINGS = {
    "js": "JS (Node)",
    "core wasm": "core wasm",
    "component": "component (wasmtime)",
    "jco": "component (jco, Node)",
    "frames": "frames (wasmtime)",
    "pipeline": "pipeline (wasmtime)",
    "jco-pipeline": "pipeline (jco, Node)",
    "native": "native Rust",
    "OpenCV": "OpenCV",
    "djpeg/cjpeg": "djpeg/cjpeg",
}


def median(ms: list[float]) -> float:
    return statistics.median(ms)


def mad(ms: list[float]) -> float:
    """Median absolute deviation: the spread shown as ±."""
    m = median(ms)
    return statistics.median(abs(v - m) for v in ms)


def fmt_ms(ms: list[float]) -> str:
    m, d = median(ms), mad(ms)
    if m >= 1000:
        return f"{m / 1000:.2f} s ±{d / 1000:.2f}"
    if m >= 10:
        return f"{m:.1f} ±{d:.1f}"
    return f"{m:.2f} ±{d:.2f}"


def fmt_us(ms: list[float]) -> str:
    m, d = median(ms) * 1e3, mad(ms) * 1e3
    if m >= 1000:
        return f"{m / 1000:.2f} ms ±{d / 1000:.2f}"
    if m < 1:
        return f"{m:.2f} µs ±{d:.2f}"
    return f"{m:.1f} µs ±{d:.1f}"


def ratio(a, b) -> str:
    return f"{median(a) / median(b):.2f}×" if a and b and median(b) > 0 else "—"


def index(results: list[dict]) -> dict:
    return {(r["group"], r["row"], r["column"]): r for r in results}


def rows_of(results: list[dict], group: str) -> list[str]:
    seen = []
    for r in results:
        if r["group"] == group and r["row"] not in seen:
            seen.append(r["row"])
    return seen


def table(header: list[str], body: list[list[str]]) -> str:
    align = ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def markdown(meta: dict, results: list[dict], sizes: dict) -> str:
    ix = index(results)
    ms = lambda g, row, col: ix[(g, row, col)]["ms"] if (g, row, col) in ix else None  # noqa: E731
    m = meta["machine"]
    out = [
        "## Results",
        "",
        f"Measured {meta['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB, Linux {m['kernel']}); "
        f"load average {meta['load_before'][0]:.2f} before the run, {meta['load_after'][0]:.2f} after; "
        f"{meta['seconds']} s in all{' (BENCH_QUICK=1 smoke run)' if meta['quick'] else ''}.",
        "",
        "Versions: "
        + "; ".join(f"{k} {v}" for k, v in m.items() if k not in ("cpu", "cores", "memory_gib", "kernel"))
        + ".",
        "",
        f"Each figure is the median of {meta['reps']} timed runs after {meta['warmup']} warm-up runs "
        f"(batches: {meta['batch_reps']} after 1), ± the median absolute deviation, in milliseconds "
        "unless marked. One thread per column except the batch rows with several workers.",
        "",
        "### Side by side",
        "",
    ]
    groups = [("ops", r) for r in rows_of(results, "ops")] + [("batch", r) for r in rows_of(results, "batch")] + [
        ("codec", r) for r in rows_of(results, "codec")]
    body = []
    for g, row in groups:
        body.append([row] + [fmt_ms(v) if (v := ms(g, row, c)) else "—" for c in OPS_COLUMNS])
    body.append(["peak RSS, MiB (ops rows' process)"] + [
        f"{meta['rss_mib'][c]:.0f}" if c in meta["rss_mib"] else "—" for c in OPS_COLUMNS])
    out += [table(["row"] + [HEADINGS[c] for c in OPS_COLUMNS], body), ""]

    out += ["### Ratios", "",
            "component (direct) = the composition's by-value image-ops function (or codec) called directly from "
            "the host: the image copied in, computed, copied out. frames = the same through image-ops' frames, "
            "no scheduler: `frame.from-image`, `apply`, `frame.into-image`. pipeline = the host's path: "
            "from-image, a Go scheduler task that owns the frame (typed steps), submit, run-pending (Go lends "
            "the frame to `apply`), get-result, into-image. Every path copies the pixels in once and out once; "
            "the rest moves handles. jco columns: the same calls in Node.", ""]
    body = []
    for g, row in groups:
        comp = ms(g, row, "component")
        ref = ms(g, row, "OpenCV") if g == "ops" else ms(g, row, "djpeg/cjpeg") if g == "codec" else None
        body.append([
            row,
            ratio(comp, ms(g, row, "native")),
            ratio(ms(g, row, "core wasm"), ms(g, row, "native")),
            ratio(ms(g, row, "js"), comp),
            ratio(ms(g, row, "jco"), comp),
            ratio(ms(g, row, "frames"), comp),
            ratio(ms(g, row, "pipeline"), comp),
            ratio(ms(g, row, "jco-pipeline"), ms(g, row, "jco")),
            ratio(comp, ref),
        ])
    out += [table(["row", "component ÷ native", "core wasm ÷ native", "JS ÷ component", "jco ÷ component",
                   "frames ÷ direct", "pipeline ÷ direct", "jco pipeline ÷ jco direct",
                   "component ÷ native ref. (OpenCV; djpeg/cjpeg)"], body), ""]
    out += targets(results, ms)

    out += codec_tables(results, ms)

    batch_rows = rows_of(results, "batch")
    if len(batch_rows) == 2:
        one, many = batch_rows
        out += [f"Batch speed-up, {many.split('(')[1].rstrip(')')} vs 1: " + ", ".join(
            f"{c} {median(ms('batch', one, c)) / median(ms('batch', many, c)):.2f}×"
            for c in OPS_COLUMNS if ms("batch", one, c) and ms("batch", many, c)) + ".", ""]

    out += ["### Component boundary", "",
            "Per call. host→guest: the host passes the list to the Rust callee (`take`); guest→host: the callee "
            "returns it (`give`); guest→guest: the same calls made by a Rust component on another Rust component "
            "in one composition (bench/boundary/), as arguments or as the result. GB/s = bytes ÷ time. "
            "handle rows: calls on a resource the callee keeps (`cell`, as image-ops keeps frames): its "
            "constructor (an owned handle out), `derive` (a borrowed handle in, an owned one out: the shape of "
            "`apply`) and dropping a handle, made by the host (host→guest) or by the caller component "
            "(guest→guest). They cost the same whatever the resource holds.", ""]
    cols = ["host→guest", "guest→host", "guest→guest args", "guest→guest result"]
    body = []
    for row in rows_of(results, "boundary"):
        cells = [row]
        for c in cols:
            r = ix.get(("boundary", row, c))
            if not r:
                cells.append("—")
                continue
            cell = fmt_us(r["ms"])
            if r.get("bytes", 0) >= 1 << 20:
                cell += f" ({r['bytes'] / (median(r['ms']) * 1e-3) / 1e9:.1f} GB/s)"
            cells.append(cell)
        body.append(cells)
    out += [table(["call"] + cols, body), ""]

    out += ["### The composition's own crossings", "",
            "Per call, in wasmtime. from-image + drop: an image made into a frame (one copy into image-ops) "
            "and dropped; from-image + into-image: in and back out; task(frame) + drop: a frame (made untimed) "
            "moved into a scheduler task, which is then dropped unsubmitted, so Go's destructor drops the "
            "frame in image-ops: handles only, whatever the size.", ""]
    cols = ["from-image + drop", "from-image + into-image", "task(frame) + drop"]
    body = []
    for row in rows_of(results, "composition"):
        if row.startswith("frame"):
            body.append([row] + [fmt_us(r["ms"]) if (r := ix.get(("composition", row, c))) else "—" for c in cols])
    out += [table(["case"] + cols, body), ""]

    out += ["### The identity task", "",
            "A task with no steps, as the host runs it (from-image, task, submit, run-pending, get-result, "
            "into-image), against the direct by-value call that returns its image unchanged (`blur` radius 0). "
            "Both copy the image in and out once: the difference is what the scheduler and the handles cost. "
            "1 KiB and 1 MiB: one-channel images; jco: the 1080p row only.", ""]
    body = []
    # By size: jco's 1080p row comes first in the results (its column runs first).
    size = {r["row"]: r.get("bytes", 0) for r in results if r["group"] == "composition"}
    for row in sorted((r for r in rows_of(results, "composition") if r.startswith("identity")), key=size.get):
        cells = [row]
        for direct, pipe in [("direct", "pipeline"), ("direct (jco)", "pipeline (jco)")]:
            d, p = ix.get(("composition", row, direct)), ix.get(("composition", row, pipe))
            cells += [fmt_us(d["ms"]), fmt_us(p["ms"]), difference(p["ms"], d["ms"])] if d and p else ["—"] * 3
        body.append(cells)
    out += [table(["case", "direct", "pipeline", "pipeline − direct", "direct (jco)", "pipeline (jco)",
                   "pipeline − direct (jco)"], body), ""]

    out += ["### Size", "", "Bytes, before and after the release size steps (wasm-opt, stripped custom sections).", ""]
    body = []
    for name, s in sizes["components"].items():
        b, a = s["before"], s["after"]
        body.append([name, f"{b:,}", f"{a:,}", f"{(a - b) / b * 100:+.1f}%"])
    out += [table(["component", "before", "after", "change"], body), ""]
    go = sizes["go_core"]
    top = list(go["code_by_package"].items())[:8]
    out += ["Go scheduler core module (before wasm-opt): "
            f"{go['bytes']:,} bytes = code {go['sections'].get('code', 0):,} + data {go['sections'].get('data', 0):,} "
            f"+ names {go['sections'].get('custom:name', 0):,} + the rest. Code by package: "
            + ", ".join(f"{k} {v:,}" for k, v in top) + ".", ""]
    return "\n".join(out)


def difference(a: list[float], b: list[float]) -> str:
    """median(a) − median(b), in ms or µs like fmt_us."""
    d = median(a) - median(b)
    return f"{d:+.3f} ms" if abs(d) >= 0.1 else f"{d * 1e3:+.1f} µs"


# What contract 2.0 (issue 16) promises, and the rows that measure it.
RATIO_TARGET = 1.10
IDENTITY_TARGET_MS = 0.3
IDENTITY_ROW = "identity 6.2 MB (1080p RGB)"


def targets(results: list[dict], ms) -> list[str]:
    """The contract's targets beside what this run measured: pipeline ÷
    direct for the three operation rows, the identity task over a direct
    call, on wasmtime and on jco."""
    out = ["### Contract 2.0's targets", "",
           f"pipeline ÷ direct ≤ {RATIO_TARGET:.2f}× for the operation rows; the identity task (1080p RGB, no "
           f"steps) at most {IDENTITY_TARGET_MS} ms over the direct call. Medians of this run.", ""]
    body = []

    def verdict(ok: bool | None) -> str:
        return "—" if ok is None else "yes" if ok else "**no**"

    for row in rows_of(results, "ops"):
        cells = [row]
        for pipe, direct in [("pipeline", "component"), ("jco-pipeline", "jco")]:
            p, d = ms("ops", row, pipe), ms("ops", row, direct)
            cells += [ratio(p, d), verdict(median(p) / median(d) <= RATIO_TARGET if p and d else None)]
        body.append(cells)
    cells = [f"{IDENTITY_ROW}, pipeline − direct"]
    for pipe, direct in [("pipeline", "direct"), ("pipeline (jco)", "direct (jco)")]:
        p, d = ms("composition", IDENTITY_ROW, pipe), ms("composition", IDENTITY_ROW, direct)
        cells += [difference(p, d) if p and d else "—",
                  verdict(median(p) - median(d) <= IDENTITY_TARGET_MS if p and d else None)]
    body.append(cells)
    out += [table(["row", "wasmtime", "met", "jco", "met"], body), ""]
    return out


def codec_tables(results: list[dict], ms) -> list[str]:
    """The JPEG rows beside djpeg/cjpeg, for both builds of the codec, and
    the codec's JPEG functions one by one in both builds."""
    cell = lambda v: fmt_ms(v) if v else "—"  # noqa: E731
    out = ["### The codec: SIMD and plain-C builds beside libjpeg-turbo's own tools", "",
           "The codec's SIMD build (the default) and its plain-C build (`make codec CODEC_SIMD=0`), each "
           "as the composition's codec export in wasmtime; the SIMD build in Node through jco; djpeg/cjpeg, "
           "the same libjpeg-turbo with its native SIMD. JPEG decode: the 1080p image as cjpeg writes it at "
           "quality 90, 4:2:0; JPEG encode: the same image, quality 90, 4:2:0. PNG: the same image as the "
           "codec writes it, and decoded again (no native reference).", ""]
    body = []
    for row in rows_of(results, "codec"):
        columns = ("component", "component (plain C)", "jco", "djpeg/cjpeg")
        simd, plain, jco, ref = (ms("codec", row, c) for c in columns)
        body.append([row, cell(simd), cell(plain), cell(jco), cell(ref), ratio(simd, ref), ratio(jco, ref),
                     ratio(plain, ref), ratio(plain, simd)])
    out += [table(["row", "SIMD (wasmtime)", "plain C (wasmtime)", "SIMD (jco, Node)", "djpeg/cjpeg",
                   "SIMD ÷ djpeg/cjpeg", "jco ÷ djpeg/cjpeg", "plain C ÷ djpeg/cjpeg", "speed-up of SIMD"], body), ""]

    stages = rows_of(results, "codec-stages")
    if not stages:
        return out
    out += ["### The codec's JPEG functions, SIMD build vs plain C", "",
            "cpp-codec/bench/stages.c, linked against each build's libraries (core modules in wasmtime): each "
            "row runs one libjpeg function, the one that build selects for the codec's settings, over the "
            "whole 1080p image; the whole rows are a full decode or encode through libjpeg's API. Shares are "
            "of the plain-C build's whole decode or encode.", ""]
    body = []
    for row in stages:
        plain, simd = ms("codec-stages", row, "plain C"), ms("codec-stages", row, "SIMD")
        whole = ms("codec-stages", next(r for r in stages if r.startswith(row.split(":")[0]) and "whole" in r),
                   "plain C")
        share = f"{median(plain) / median(whole) * 100:.0f} %" if plain and whole and "whole" not in row else "—"
        body.append([row, cell(plain), cell(simd), ratio(plain, simd), share])
    out += [table(["function", "plain C", "SIMD", "speed-up", "share (plain C)"], body), ""]
    return out


def chart(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ix = index(results)
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 7), gridspec_kw={"width_ratios": [3, 2]})
    rows = rows_of(results, "ops") + rows_of(results, "batch") + rows_of(results, "codec")
    group_of = {r["row"]: r["group"] for r in results}
    width = 0.8 / len(OPS_COLUMNS)
    for k, col in enumerate(OPS_COLUMNS):
        xs, ys = [], []
        for i, row in enumerate(rows):
            r = ix.get((group_of[row], row, col))
            if r:
                xs.append(i + (k - len(OPS_COLUMNS) / 2 + 0.5) * width)
                ys.append(median(r["ms"]))
        if xs:
            left.bar(xs, ys, width, label=HEADINGS[col])
    left.set_yscale("log")
    left.set_xticks(range(len(rows)))
    left.set_xticklabels(rows, rotation=25, ha="right", fontsize=8)
    left.set_ylabel("ms (median, log scale)")
    left.set_title("Same inputs, every column (lower is better)")
    left.legend(fontsize=8, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    left.grid(axis="y", which="both", alpha=0.3)

    bars = []
    for row in rows_of(results, "boundary"):
        if row.startswith("handle: derive"):
            for col in ["host→guest", "guest→guest args"]:
                if r := ix.get(("boundary", row, col)):
                    bars.append((f"handle derive {col.removesuffix(' args')}", median(r["ms"])))
        if "1080p" not in row:
            continue
        for col in ["host→guest", "guest→host", "guest→guest args", "guest→guest result"]:
            r = ix.get(("boundary", row, col))
            if r:
                bars.append((f"{row.split()[0]} {col}", median(r["ms"])))
    for row in rows_of(results, "composition"):
        if "1080p" in row:
            for col in ["from-image + into-image", "task(frame) + drop", "direct", "pipeline"]:
                r = ix.get(("composition", row, col))
                if r:
                    bars.append((f"{row.split()[0]} {col}", median(r["ms"])))
    right.barh([b[0] for b in bars], [b[1] for b in bars], color="tab:orange")
    right.invert_yaxis()
    right.set_xlabel("ms per call")
    right.set_title("One 1080p RGB frame (6.2 MB): its bytes, or its handle, across a boundary")
    right.tick_params(axis="y", labelsize=8)
    right.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
