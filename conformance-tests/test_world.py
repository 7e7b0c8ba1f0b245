"""Contract checks: the world each built component really has (as
`wasm-tools component wit` prints it) against its world in wit/.

The expected side is a dummy component made from wit/ by the same tools, so
both sides are printed alike. Exports and non-WASI imports must be equal; an
exported interface must be defined exactly as in wit/, an imported one may
lack functions the component never calls (`wasm-tools component new` keeps
only the imports the code uses: a `use` of fewer names, a resource with
fewer members) but every item it has must be in wit/. The
only other imports allowed are the WASI interfaces the preview1 adapter uses."""

import difflib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# WASI packages a component may import beyond its world: what the preview1
# reactor adapter (C++ and Go components) asks for.
ALLOWED_WASI = ("wasi:cli/", "wasi:io/", "wasi:clocks/", "wasi:filesystem/", "wasi:random/")

CASES = [
    ("image-pipeline", "image-pipeline.wasm"),
    ("image-ops-component", "components/image-ops.wasm"),
    ("codec-component", "components/codec.wasm"),
    ("scheduler-component", "components/scheduler.wasm"),
]


@dataclass
class World:
    imports: set[str] = field(default_factory=set)
    exports: set[str] = field(default_factory=set)
    # "package/interface" → the interface's items (type definitions, `use`
    # lines, functions), as printed.
    interfaces: dict[str, list[str]] = field(default_factory=dict)


def parse(text: str) -> World:
    world = World()
    body = re.search(r"^world root \{\n(.*?)^\}", text, re.S | re.M)
    assert body, text
    for kind, name in re.findall(r"^\s*(import|export) ([^;]+);", body.group(1), re.M):
        (world.imports if kind == "import" else world.exports).add(name.strip())
    for package, content in re.findall(r"^package (\S+) \{\n(.*?)^\}", text, re.S | re.M):
        for name, items in re.findall(r"^  interface (\S+) \{\n(.*?)^  \}", content, re.S | re.M):
            package_name, _, version = package.partition("@")
            key = f"{package_name}/{name}@{version}" if version else f"{package_name}/{name}"
            world.interfaces[key] = [normalise(i) for i in items.split("\n\n") if i.strip()]
    return world


def normalise(item: str) -> str:
    """One interface item, with the names a `use` brings in sorted: their order
    depends on which functions a component happens to use first."""
    item = item.strip()
    used = re.fullmatch(r"use (\S+)\.\{(.*)\};", item)
    if used:
        names = sorted(n.strip() for n in used.group(2).split(","))
        item = f"use {used.group(1)}.{{{', '.join(names)}}};"
    return item


def wit_of(wasm_tools: Path, component: Path) -> str:
    return subprocess.run(
        [str(wasm_tools), "component", "wit", str(component)], capture_output=True, text=True, check=True
    ).stdout


def expected_wit(wasm_tools: Path, wit_dir: Path, world: str, tmp: Path) -> str:
    core, dummy = tmp / "dummy.core.wasm", tmp / "dummy.wasm"
    run = lambda *a: subprocess.run([str(wasm_tools), *a], check=True, capture_output=True)  # noqa: E731
    run("component", "embed", "--dummy", str(wit_dir), "--world", world, "-o", str(core))
    run("component", "new", str(core), "-o", str(dummy))
    return wit_of(wasm_tools, dummy)


def parts(item: str) -> tuple[str, set[str]]:
    """An item's head and its members: a `use`'s names, a resource's
    functions (one line each), nothing for anything else."""
    used = re.fullmatch(r"(use \S+)\.\{(.*)\};", item)
    if used:
        return used.group(1), {n.strip() for n in used.group(2).split(",")}
    resource = re.fullmatch(r"(resource \S+?)(?:;| \{\n(.*)\n\s*\})", item, re.S)
    if resource:
        return resource.group(1), {m.strip() for m in (resource.group(2) or "").splitlines() if m.strip()}
    return item, set()


def in_wit(item: str, expected: list[str]) -> bool:
    """Whether an imported interface's item is one of wit/'s, or keeps only
    part of one (the names of a `use`, the members of a resource)."""
    head, members = parts(item)
    return any(head == h and members <= m for h, m in map(parts, expected))


def contract_imports(imports: set[str]) -> set[str]:
    return {i for i in imports if not i.startswith(ALLOWED_WASI)}


def diff(want: str, got: str, what: str) -> str:
    lines = difflib.unified_diff(
        want.splitlines(), got.splitlines(), f"wit/ ({what})", f"built ({what})", lineterm=""
    )
    return "\n".join(lines)


@pytest.mark.parametrize("world_name, artefact", CASES, ids=[c[0] for c in CASES])
def test_built_world_matches_wit(tmp_path, wasm_tools, wit_dir, pipeline, world_name, artefact):
    built = pipeline.parent / artefact
    want_text = expected_wit(wasm_tools, wit_dir, world_name, tmp_path)
    got_text = wit_of(wasm_tools, built)
    want, got = parse(want_text), parse(got_text)

    assert got.exports == want.exports, diff(want_text, got_text, "exports")
    assert contract_imports(got.imports) == contract_imports(want.imports), diff(want_text, got_text, "imports")
    for name in want.exports:
        expected, built = want.interfaces[name], got.interfaces.get(name, [])
        assert built == expected, diff("\n".join(expected), "\n".join(built), name)
    for name in contract_imports(want.imports):
        expected, built = want.interfaces[name], got.interfaces.get(name, [])
        extra = [item for item in built if not in_wit(item, expected)]
        assert not extra, diff("\n".join(expected), "\n".join(built), f"{name}: items not in wit/")


def test_pipeline_imports_only_wasi_and_logging(wasm_tools, pipeline):
    imports = parse(wit_of(wasm_tools, pipeline)).imports
    others = {i for i in imports if not i.startswith((*ALLOWED_WASI, "wasi:logging/"))}
    assert not others, f"the composition imports more than WASI and wasi:logging: {sorted(others)}"
