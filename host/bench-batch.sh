#!/usr/bin/env bash
# The batch command's parallel speed-up: the same folder of 640×480 PNGs
# processed with --workers 1 and with --workers N, best of a few runs each.
# A benchmark, not a test: it prints figures and asserts nothing.
#
#   host/bench-batch.sh HOST COMPONENT PYTHON WORKDIR   (make bench-batch)
#
# Environment: BENCH_IMAGES (100), BENCH_WORKERS (2), BENCH_RUNS (3),
# BENCH_OP (grayscale), BENCH_ARGS (more batch options, e.g. "--blur-radius 3").
set -euo pipefail

host=$1 component=$2 python=$3 work=$4
images=${BENCH_IMAGES:-100}
workers=${BENCH_WORKERS:-2}
runs=${BENCH_RUNS:-3}
op=${BENCH_OP:-grayscale}
read -r -a extra <<<"${BENCH_ARGS:-}"
here=$(cd "$(dirname "$0")" && pwd)

# The inputs: one sample drawn by the project's own script, copied; every
# file is decoded, processed and encoded in full, so copies cost the same.
mkdir -p "$work/in"
if [ "$(find "$work/in" -name '*.png' | wc -l)" -ne "$images" ]; then
  rm -f "$work"/in/*.png
  "$python" "$here/../conformance-tests/make_sample.py" "$work/in/img0000.png" 640 480
  for i in $(seq 1 $((images - 1))); do cp "$work/in/img0000.png" "$(printf '%s/in/img%04d.png' "$work" "$i")"; done
fi

# One batch; prints the wall time from its summary line ("… in 1.23 s: …"),
# which starts at the first instantiation: compiling or loading the
# component from wasmtime's cache is not counted.
batch_seconds() {
  local summary
  if ! summary=$("$host" batch "$work/in" -o "$work/out-$1" --op "$op" "${extra[@]}" --workers "$1" \
    --component "$component" 2>/dev/null); then
    echo "bench-batch: the batch failed:" >&2
    echo "$summary" >&2
    exit 1
  fi
  sed -n '1s/.* in \([0-9.]*\) s: .*/\1/p' <<<"$summary"
}

best_of() {
  local best= t
  for _ in $(seq "$runs"); do
    t=$(batch_seconds "$1")
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')
  done
  echo "$best"
}

batch_seconds 1 >/dev/null # warms the compilation cache
one=$(best_of 1)
many=$(best_of "$workers")
awk -v n="$images" -v w="$workers" -v one="$one" -v many="$many" -v op="$op" -v args="${BENCH_ARGS:-}" 'BEGIN {
  printf "batch of %d 640x480 PNGs, --op %s %s, best of runs:\n", n, op, args
  printf "  --workers 1: %.2f s (%.1f images/s)\n", one, n / one
  printf "  --workers %d: %.2f s (%.1f images/s)\n", w, many, n / many
  printf "  speed-up: %.2fx\n", one / many
}'
