#!/usr/bin/env bash
# Checks that every Cargo.toml pins the wasmtime crates, the preview1 adapter
# crate and wit-bindgen at the versions in versions.env, so that one file
# stays the truth. Run by `make lint`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=versions.env
. "$here/versions.env"

bad=0
while IFS= read -r manifest; do
  while IFS= read -r line; do
    crate=${line%%=*}; crate=${crate// /}
    # `workspace = true`: the pin is the root Cargo.toml's, checked there.
    [[ $line =~ workspace\ *=\ *true ]] && continue
    version=$(sed -nE 's/.*"=([0-9][^"]*)".*/\1/p' <<<"$line")
    case $crate in
      wasmtime|wasmtime-wasi|wasmtime-wasi-http|wasi-preview1-component-adapter-provider) want=$WASMTIME_VERSION ;;
      wit-bindgen) want=$WIT_BINDGEN_VERSION ;;
      *) continue ;;
    esac
    if [ "$version" != "$want" ]; then
      echo "error: ${manifest#"$repo"/}: $crate is pinned to '${version:-no exact version}', versions.env says $want" >&2
      bad=1
    fi
  done < <(grep -E '^(wasmtime|wasmtime-wasi|wasmtime-wasi-http|wasi-preview1-component-adapter-provider|wit-bindgen) *=' "$manifest")
done < <(git -C "$repo" ls-files --cached --others --exclude-standard -- '*Cargo.toml' | sed "s|^|$repo/|")
exit $bad
