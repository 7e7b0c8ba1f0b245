"""The conformance report: every vector on every host (judged against the
oracle, then compared across hosts), the contract checks, whether the
vectors are what the oracle makes now, and the coverage of the WIT.

    python -m judge --results DIR --pipeline build/image-pipeline.wasm --wasm-tools PATH

Run from conformance-tests/ after the runners (`make conformance` does it
all). Ends with `conformance: N passed, N failed` and exits 1 on any failure.
Each vector counts once (it passes when it passes on every host and every
host returned the same), and so does each contract check, the oracle check
and the coverage check."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from oracle.__main__ import build
from oracle.suite import Suite, stale

from . import contract, coverage, match, parity, verdict

HERE = Path(__file__).resolve().parent.parent
# Report columns: (name, results file, or None for "the component alone",
# whose file is named after the vector's interface).
COLUMNS = [("alone", None), ("pipeline", "wasmtime-pipeline"), ("jco", "jco-pipeline")]
# The text form of steps is no component: "alone" is the Rust crate step-text
# (natively, in the Rust runner), "jco" js/src/steps.mjs, and no pipeline.
STEP_TEXT = "step-text"
LEGEND = ("alone = the component alone on wasmtime 48 (the scheduler's image-ops import forwarded to "
          "the Rust component), for step-text the Rust crate; pipeline = build/image-pipeline.wasm on "
          "wasmtime 48; jco = the same, transpiled by jco 1.35, on Node 24, for step-text js/src/steps.mjs; "
          "parity = every host returned the same values")


def results_file(column: str, stem: str | None, interface: str) -> str | None:
    """Which results file holds `interface`'s vectors for `column`; None: not applicable."""
    if interface == STEP_TEXT:
        return {"alone": "rust-step-text", "jco": "jco-pipeline"}.get(column)
    return stem or f"wasmtime-{interface}"


def load_vectors(root: Path) -> list[dict]:
    vectors = [json.loads(p.read_text()) for p in sorted(root.rglob("*.json"))]
    return sorted(vectors, key=lambda v: v["id"])


def load_results(folder: Path) -> dict[str, dict]:
    """results file stem → {vector id → observation}."""
    found = {}
    for path in sorted(folder.glob("*.json")):
        found[path.stem] = json.loads(path.read_text()).get("results", {})
    return found


def oracle_check(suite: Suite) -> tuple[str, list[str]]:
    """Whether regenerating the vectors would change any file."""
    changed = stale(HERE, suite.files)
    if not changed:
        return "oracle/vectors-current", []
    shown = ", ".join(changed[:8]) + (" …" if len(changed) > 8 else "")
    return "oracle/vectors-current", [f"{len(changed)} files differ from what the oracle makes now: {shown}; "
                                      "run `BLESS=1 make conformance` if the change is intended"]


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--results", type=Path, required=True)
    cli.add_argument("--pipeline", type=Path, required=True)
    cli.add_argument("--wasm-tools", type=Path, required=True)
    cli.add_argument("--only", default="", help="judge only the vectors whose id starts with this")
    args = cli.parse_args()

    vectors = [v for v in load_vectors(HERE / "vectors") if v["id"].startswith(args.only)]
    results = load_results(args.results)
    # The oracle, run again: to check the committed vectors are current, and
    # to say where a result differs from an expected digest.
    suite = build()
    ctx = match.Context(HERE / "fixtures", suite.expected)
    checks: list[tuple[str, list[str]]] = []

    print(f"conformance: {len(vectors)} vectors\n  {LEGEND}")
    width = max(len(v["id"]) for v in vectors) + 2
    print("  " + "vector".ljust(width) + "".join(name.ljust(10) for name, _ in COLUMNS) + "parity")
    for vector in vectors:
        observed = {}
        cells, failures = [], []
        for name, stem in COLUMNS:
            source = results_file(name, stem, vector["interface"])
            if source is None:
                cells.append("-")
                continue
            obs = results.get(source, {}).get(vector["id"])
            observed[name] = obs
            found = verdict.judge(vector, obs, ctx)
            cells.append("pass" if not found else "FAIL")
            failures += [f"[{name}] {f}" for f in found]
        different = parity.differences(observed)
        failures += [f"[parity] {d}" for d in different]
        print("  " + vector["id"].ljust(width) + "".join(c.ljust(10) for c in cells)
              + ("same" if not different else "DIFFERS"))
        checks.append((vector["id"], failures))

    checks += contract.run()
    checks.append(oracle_check(suite))
    functions, errors = coverage.exported(args.wasm_tools, args.pipeline)
    everything = load_vectors(HERE / "vectors")
    text, complete = coverage.line(functions, errors, *coverage.exercised(everything))
    checks.append(("coverage", [] if complete else [text]))

    print("\n  other checks:")
    for name, failures in checks[len(vectors):]:
        print(f"  {'pass' if not failures else 'FAIL'}  {name}")
    failed = [(name, f) for name, f in checks if f]
    if failed:
        print("\nfailures:")
        for name, failures in failed:
            for failure in failures:
                print(f"  {name}: {failure}")
    print(f"\n{text}")
    print(f"conformance: {len(checks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
