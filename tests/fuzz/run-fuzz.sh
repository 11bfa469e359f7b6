#!/bin/sh
# Runs one libFuzzer target for a bounded time over the committed seeds.
# usage: run-fuzz.sh BINARY SEED_DIR WORK_DIR SECONDS
set -eu
bin=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "$work" "$work/artifacts"
# libFuzzer reports a finding with exit code 77 by default, which meson reads as
# "skipped": make every finding a failure. Full stacks, so a leak can be traced.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
exec "$bin" -max_total_time="$seconds" -max_len=140000 -rss_limit_mb=2048 -timeout=10 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work" "$seeds"
