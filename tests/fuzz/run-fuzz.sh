#!/bin/sh
# Runs one libFuzzer target for a bounded time over the committed seeds.
# usage: run-fuzz.sh BINARY SEED_DIR WORK_DIR SECONDS
set -eu
bin=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "$work" "$work/artifacts"
exec "$bin" -max_total_time="$seconds" -max_len=140000 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work" "$seeds"
