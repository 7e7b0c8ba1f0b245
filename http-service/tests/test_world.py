"""The composed service's world: it exports the proxy world's handler and
imports only what stock `wasmtime serve -S cli` provides (world
`image-service` in wit/service.wit): no wasi:logging, nothing of this
project's package."""

import re
import subprocess

from support import env_path


def world_of(component) -> tuple[set[str], set[str]]:
    text = subprocess.run([str(env_path("WASM_TOOLS")), "component", "wit", str(component)],
                          capture_output=True, text=True, check=True).stdout
    body = re.search(r"^world root \{\n(.*?)^\}", text, re.S | re.M).group(1)
    items = re.findall(r"^\s*(import|export) ([^;]+);", body, re.M)
    return {n for k, n in items if k == "import"}, {n for k, n in items if k == "export"}


def test_exports_only_the_incoming_handler():
    _, exports = world_of(env_path("IMAGE_SERVICE"))
    assert exports == {"wasi:http/incoming-handler@0.2.12"}


def test_imports_nothing_beyond_the_image_service_world(tmp_path):
    imports, _ = world_of(env_path("IMAGE_SERVICE"))
    assert not [i for i in imports if not i.startswith("wasi:")], imports
    assert not [i for i in imports if i.startswith("wasi:logging/")], "logging is composed in"
    dummy = tmp_path / "dummy.wasm"
    tools = str(env_path("WASM_TOOLS"))
    subprocess.run([tools, "component", "embed", "--dummy", str(env_path("WIT_DIR")), "--world", "image-service",
                    "-o", str(tmp_path / "core.wasm")], check=True)
    subprocess.run([tools, "component", "new", str(tmp_path / "core.wasm"), "-o", str(dummy)], check=True)
    allowed, _ = world_of(dummy)
    assert imports <= allowed, sorted(imports - allowed)
    assert "wasi:http/outgoing-handler@0.2.12" in imports
    assert "wasi:filesystem/preopens@0.2.12" in imports
