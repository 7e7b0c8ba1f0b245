"""Which WIT functions and error cases the vectors exercise. The lists come
from the built composition's own WIT (`wasm-tools component wit`), so they
cannot drift from what the components export."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

PACKAGE = "example:image-processing"


def exported(wasm_tools: Path, component: Path) -> tuple[list[str], list[str]]:
    """("interface.function" for every exported function and constructor,
    the cases of `types.error`)."""
    text = subprocess.run([str(wasm_tools), "component", "wit", str(component)], check=True,
                          capture_output=True, text=True).stdout
    world = re.search(r"^world root \{\n(.*?)^\}", text, re.S | re.M).group(1)
    exports = set(re.findall(rf"^\s*export {PACKAGE}/([a-z-]+)@", world, re.M))
    package = re.search(rf"^package {PACKAGE}@\S+ \{{\n(.*?)^\}}", text, re.S | re.M).group(1)
    functions, errors = [], []
    for name, body in re.findall(r"^  interface ([a-z-]+) \{\n(.*?)^  \}", package, re.S | re.M):
        if name == "types":
            variant = re.search(r"variant error \{\n(.*?)\}", body, re.S).group(1)
            errors = re.findall(r"^\s*([a-z-]+)", variant, re.M)
        if name not in exports:
            continue
        functions += [f"{name}.{f}" for f in re.findall(r"^    ([a-z-]+): func\(", body, re.M)]
        for resource, members in re.findall(r"^    resource ([a-z-]+) \{\n(.*?)^    \}", body, re.S | re.M):
            if "constructor(" in members:
                functions.append(f"{name}.{resource}.constructor")
            functions += [f"{name}.{resource}.{f}"
                          for f in re.findall(r"^      ([a-z-]+): (?:static )?func\(", members, re.M)]
    return functions, errors


# Calls a vector of any interface makes on image-ops' frames (a scheduler
# vector makes its tasks' frames and reads their results with them).
FRAME_CALLS = ("frame.", "apply")


def exercised(vectors: list[dict]) -> tuple[Counter, Counter]:
    """How many vectors call each function, and expect each error case."""
    calls, errors = Counter(), Counter()
    for vector in vectors:
        iface = vector["interface"]
        called = set()
        for step in vector["steps"]:
            call = step["call"]
            if call == "task" or (call == "submit" and isinstance(step["args"]["task"], dict)):
                called.add(f"{iface}.task.constructor")
            if call.startswith(FRAME_CALLS):
                called.add(f"image-ops.{call}")
            elif call not in ("task", "drop"):
                called.add(f"{iface}.{call}")
        calls.update(called)
        errors.update(set(error_cases(vector["steps"])))
    return calls, errors


def error_cases(value):
    if isinstance(value, dict):
        if "err" in value and isinstance(value["err"], dict):
            yield from value["err"]
        for item in value.values():
            yield from error_cases(item)
    elif isinstance(value, list):
        for item in value:
            yield from error_cases(item)


def line(functions: list[str], errors: list[str], calls: Counter, seen: Counter) -> tuple[str, bool]:
    missing = [f for f in functions if not calls[f]] + [e for e in errors if not seen[e]]
    covered_f = sum(1 for f in functions if calls[f])
    covered_e = sum(1 for e in errors if seen[e])
    text = (f"coverage: {covered_f}/{len(functions)} WIT functions ("
            + ", ".join(f"{f} {calls[f]}" for f in functions) + f"), {covered_e}/{len(errors)} error cases ("
            + ", ".join(f"{e} {seen[e]}" for e in errors) + ") exercised, counted in vectors")
    if missing:
        text += "; NOT exercised: " + ", ".join(missing)
    return text, not missing
