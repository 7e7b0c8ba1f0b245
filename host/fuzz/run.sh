#!/usr/bin/env bash
# Runs fuzz targets for a while each: host/fuzz/run.sh SECONDS TARGET...
# (host/fuzz/fuzz.mk calls it; the environment says where things are:
# CARGO_FUZZ, FUZZ_BUILD_FLAGS, FUZZ_OUT, IMAGE_PIPELINE_COMPONENT,
# FUZZ_SEEDS_<target>). Each target keeps its corpus in
# $FUZZ_OUT/corpus/TARGET between runs and reads its regression fixtures and
# seeds; a crash stops the run, its input in $FUZZ_OUT/artifacts/TARGET/.
set -euo pipefail
seconds=$1
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
for target in "$@"; do
  mkdir -p "$FUZZ_OUT/corpus/$target" "$FUZZ_OUT/artifacts/$target" "regressions/$target"
  seeds_var="FUZZ_SEEDS_$target"
  read -r -a seeds <<<"${!seeds_var:-}"
  echo "fuzz: $target for $seconds s" >&2
  started=$(date +%s)
  # shellcheck disable=SC2086 # the build flags are words
  "$CARGO_FUZZ" fuzz run $FUZZ_BUILD_FLAGS "$target" \
    "$FUZZ_OUT/corpus/$target" "regressions/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -artifact_prefix="$FUZZ_OUT/artifacts/$target/" \
    -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 2>&1 \
    | { grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|.*(panicked|Fault|deadline|trapped))' || true; }
  echo "fuzz: $target done in $(($(date +%s) - started)) s, corpus $(find "$FUZZ_OUT/corpus/$target" -type f | wc -l) inputs" >&2
done
