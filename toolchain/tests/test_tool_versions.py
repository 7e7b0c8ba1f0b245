"""wasm-tools and wit-bindgen-cli share one build of the wasm crates
(install.sh, cargo_install): that holds only while versions.env pins a
wasm-tools whose crates are the ones wit-bindgen-cli is built on. A bump of
one without the other fails here instead of silently building them twice."""

import os
import re
import tomllib
from pathlib import Path

from conftest import ROOT


def pins() -> dict[str, str]:
    lines = (ROOT / "toolchain/versions.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z0-9_]+=", line))


def registry_crate(name: str, version: str) -> Path:
    """A crate's manifest as cargo unpacked it when it installed the tools."""
    home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    found = sorted(home.glob(f"registry/src/*/{name}-{version}/Cargo.toml"))
    assert found, f"{name} {version} is not in cargo's registry: run `toolchain/install.sh wit-bindgen`"
    return found[0]


def test_wasm_tools_is_the_release_of_wit_bindgens_wasm_crates():
    v = pins()
    core = tomllib.loads(registry_crate("wit-bindgen-core", v["WIT_BINDGEN_VERSION"]).read_text())
    wit_parser = core["dependencies"]["wit-parser"]["version"]
    # wasm-tools 1.N.x releases wasmparser, wit-parser, wit-component 0.N.x.
    minor = v["WASM_TOOLS_VERSION"].split(".")[1]
    assert wit_parser.split(".")[:2] == ["0", minor], (
        f"wit-bindgen-cli {v['WIT_BINDGEN_VERSION']} is built on wit-parser {wit_parser}, "
        f"wasm-tools {v['WASM_TOOLS_VERSION']} on 0.{minor}: pin the matching wasm-tools "
        "(toolchain/versions.env) so that the two share one build")
