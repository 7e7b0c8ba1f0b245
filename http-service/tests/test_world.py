"""The composed services' worlds: each exports the proxy world's handler
and imports only WASI within world `image-service` (wit/service.wit): no
wasi:logging, nothing of this project's package. build/image-service.wasm
keeps its state through wasi:keyvalue and imports no wasi:filesystem;
build/image-service-fs.wasm has kv-fs composed in, so it imports no
wasi:keyvalue and the host's filesystem instead."""

import re
import subprocess

import pytest
from support import env_path


def world_of(component) -> tuple[set[str], set[str]]:
    text = subprocess.run([str(env_path("WASM_TOOLS")), "component", "wit", str(component)],
                          capture_output=True, text=True, check=True).stdout
    body = re.search(r"^world root \{\n(.*?)^\}", text, re.S | re.M).group(1)
    items = re.findall(r"^\s*(import|export) ([^;]+);", body, re.M)
    return {n for k, n in items if k == "import"}, {n for k, n in items if k == "export"}


KEYVALUE = {f"wasi:keyvalue/{i}@0.2.0-draft" for i in ("store", "atomics", "batch")}


@pytest.mark.parametrize("service", ["IMAGE_SERVICE", "IMAGE_SERVICE_FS"])
def test_exports_only_the_incoming_handler(service):
    _, exports = world_of(env_path(service))
    assert exports == {"wasi:http/incoming-handler@0.2.12"}


def test_state_goes_through_keyvalue_or_is_composed_in():
    imports, _ = world_of(env_path("IMAGE_SERVICE"))
    assert KEYVALUE <= imports
    fs_imports, _ = world_of(env_path("IMAGE_SERVICE_FS"))
    assert not [i for i in fs_imports if i.startswith("wasi:keyvalue/")], fs_imports


def filesystem(imports: set[str]) -> list[str]:
    return sorted(i for i in imports if i.startswith("wasi:filesystem/"))


def test_storage_reaches_no_filesystem():
    """The storage component imports wasi:keyvalue and no filesystem."""
    storage = env_path("IMAGE_SERVICE").parent / "components" / "service-storage.wasm"
    imports, _ = world_of(storage)
    assert KEYVALUE <= imports
    assert not filesystem(imports), imports


def test_service_imports_keyvalue_and_no_filesystem():
    """build/image-service.wasm needs no directory from its host: the Go
    scheduler's preview1 adapter imports wasi:filesystem, and service.wac
    gives it the no-filesystem component's (no preopens) instead of the
    host's. Fails if the composition stops wiring it."""
    imports, _ = world_of(env_path("IMAGE_SERVICE"))
    assert KEYVALUE <= imports
    assert not filesystem(imports), filesystem(imports)


def test_filesystem_service_imports_the_hosts_filesystem():
    """build/image-service-fs.wasm keeps its store on files: kv-fs, and kv-fs
    alone, imports the host's filesystem (the scheduler's stays composed in)."""
    imports, _ = world_of(env_path("IMAGE_SERVICE_FS"))
    assert "wasi:filesystem/preopens@0.2.12" in imports


@pytest.mark.parametrize("service", ["IMAGE_SERVICE", "IMAGE_SERVICE_FS"])
def test_imports_nothing_beyond_the_image_service_world(tmp_path, service):
    imports, _ = world_of(env_path(service))
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
