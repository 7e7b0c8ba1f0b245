#!/usr/bin/env bash
# Checks the built component's shape: valid, exports exactly the codec
# interface, imports only the types interface (no WASI: the codec only
# computes), and its core module imports nothing from WASI preview1.
#
# Usage: check_component.sh WASM_TOOLS CODEC_WASM
set -euo pipefail
wasm_tools=$1 component=$2
passed=0 failed=0
# The package version, from the WIT (the single source of truth).
wit_dir=$(dirname "$0")/../../wit
version=$(sed -n 's/^package example:image-processing@\(.*\);$/\1/p' "$wit_dir/types.wit")

expect() {
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $what"; fi
}

wit=$("$wasm_tools" component wit "$component")
world=$(sed -n '/^world root {/,/^}/p' <<<"$wit")
imports=$(grep -E '^\s*import ' <<<"$world" | sed -E 's/^\s*import ([^;]*);/\1/' | sort)
exports=$(grep -E '^\s*export ' <<<"$world" | sed -E 's/^\s*export ([^;]*);/\1/' | sort)

expect "wasm-tools validate" "$wasm_tools" validate "$component"
expect "exports only codec (got: $exports)" test "$exports" = "example:image-processing/codec@$version"
expect "imports only types (got: $imports)" test "$imports" = "example:image-processing/types@$version"
expect "codec functions" grep -q 'decode: func(data: list<u8>) -> result<image, error>;' <<<"$wit"
expect "no wasi" bash -c '! grep -q wasi: <<<"$1"' _ "$world"

echo "component: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
