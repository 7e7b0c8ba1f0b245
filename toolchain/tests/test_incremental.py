"""What `make` would rebuild after a change, read from its dry run on the
built tree (`make -n -W FILE`: as if FILE had just changed). Each case is a
dependency that was once missing; the build must already be complete."""

import re
import subprocess

import pytest
from conftest import ROOT, clean_env

# The Makefile names its targets by absolute path.
CODEC = str(ROOT / "build/components/codec.wasm")
SCHEDULER = str(ROOT / "build/components/scheduler.wasm")
PIPELINE = str(ROOT / "build/image-pipeline.wasm")
TRAP_CODEC = str(ROOT / "build/trap/codec.wasm")
GEN_HEADER = str(ROOT / "build/cpp-codec/gen/codec_component_cpp.h")


def dry_run(make, *args: str) -> str:
    run = make("-n", *args)
    assert run.returncode == 0, run.stderr
    return run.stdout


def compiled(output: str) -> set[str]:
    """The sources a dry run compiles (`-c SOURCE`)."""
    return {m.split("/")[-1] for m in re.findall(r" -c (\S+)", output)}


def test_the_built_tree_is_up_to_date(make):
    # Cargo outputs that cargo found current are touched: no cargo re-run.
    assert "cargo" not in dry_run(make, "all", "service")


def test_a_wit_edit_regenerates_the_bindings(make):
    out = dry_run(make, "-W", str(ROOT / "wit/types.wit"), CODEC, SCHEDULER, "image-ops")
    assert "wit-bindgen cpp" in out and "wit-bindgen go" in out and "cargo build" in out


def test_a_generated_header_rebuilds_every_object_that_includes_it(make):
    including = {p.name for p in (ROOT / "cpp-codec/src").glob("*.cpp")
                 if "codec_component_cpp.h" in p.read_text()}
    assert including, "no codec source includes the generated header any more: update this test"
    assert including <= compiled(dry_run(make, "-W", GEN_HEADER, CODEC))
    # The trapping build's own object too.
    assert "component_exports.cpp" in compiled(dry_run(make, "-W", GEN_HEADER, TRAP_CODEC))


def test_the_trap_build_tracks_its_headers(make):
    out = dry_run(make, "-W", str(ROOT / "cpp-codec/src/trap_injection.h"), TRAP_CODEC)
    assert "component_exports.cpp" in compiled(out)


def test_a_tool_version_bump_rebuilds_what_the_tool_made(make):
    out = dry_run(make, "WASM_TOOLS_VERSION=0.0.0-bump", PIPELINE)
    assert "install.sh wasm-tools" in out
    assert out.count("component new") >= 3 and "wac compose" in out
    out = dry_run(make, "WIT_BINDGEN_VERSION=0.0.0-bump", CODEC)
    assert "install.sh wit-bindgen" in out and "wit-bindgen cpp" in out


def test_a_go_version_bump_rebuilds_the_scheduler(make):
    out = dry_run(make, "GO_VERSION=0.0.0-bump", SCHEDULER)
    assert "install.sh go" in out and "go build" in out


def test_a_library_source_bump_rebuilds_the_library(make):
    out = dry_run(make, "ZLIB_DSC_SHA256=0000-bump", CODEC)
    assert "install.sh sources" in out and "inflate.c" in out


NATIVE = ["image-pipeline-host", "wasmtime-serve", "conformance-runner", "bench-runner", "guide-examples",
          "codec-wasmtime-tests"]


def resolved(*args: str) -> dict[str, set[str]]:
    """For each dependency of a build of ARGS, the feature sets cargo builds
    it with (two when build scripts and the crates themselves differ)."""
    run = subprocess.run(["cargo", "tree", "--locked", *args, "--prefix", "none", "-f", "{p}|{f}",
                          "--target", "x86_64-unknown-linux-gnu"],
                         cwd=ROOT, env=clean_env(), capture_output=True, text=True, check=True)
    out: dict[str, set[str]] = {}
    for line in run.stdout.splitlines():
        if "|" in line:
            package, features = line.removesuffix(" (*)").split("|", 1)
            out.setdefault(package, set()).add(features)
    return out


@pytest.mark.parametrize("package", NATIVE + ["image-ops"])
def test_each_native_crate_alone_resolves_the_features_of_all(package):
    union = resolved("-e", "normal,build", *(a for p in NATIVE for a in ("-p", p)))
    alone = resolved("-e", "normal,build,dev" if package == "image-ops" else "normal,build", "-p", package)
    # A dependency built with other features alone than with all: a second
    # build of it, and of all that depends on it. Add them to
    # toolchain/workspace-hack.
    differ = {p: (f, union.get(p)) for p, f in alone.items() if f != union.get(p)}
    assert not differ, differ


# Every native crate, and the test builds `make test` runs: built one at a
# time after all of them, none may compile wasmtime again (workspace-hack).
NATIVE_BUILDS = [["build", "-p", p] for p in NATIVE]
NATIVE_BUILDS += [["test", "--no-run", "-p", p] for p in ("image-pipeline-host", "image-ops")]
HEAVY = re.compile(r"^\s*Compiling (wasmtime|wasmtime-wasi|cranelift-codegen|tokio) v", re.M)


@pytest.mark.parametrize("args", NATIVE_BUILDS, ids=lambda a: " ".join(a))
def test_one_native_crate_alone_reuses_the_shared_wasmtime_build(args):
    run = subprocess.run(["cargo", *args, "--release", "--locked"], cwd=ROOT, env=clean_env(),
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert not HEAVY.search(run.stderr), HEAVY.findall(run.stderr)
