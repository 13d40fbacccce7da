#!/usr/bin/env bash
# The TSDB's memory and start-up targets at full scale, in a release build:
# appends SERIES series (default 1,000,000) × SAMPLES samples (default 480,
# 2 h at 15 s) of node-exporter-like values into a head with a write-ahead
# log, reports append throughput and resident bytes per series, then replays
# the log into a fresh process and reports the replay time, selects whole
# metrics from the head and reports the samples decoded per second, then
# cuts the oldest hour into a block, reports the memory it took and its
# size, and selects from the block.
#
#   Benchmarks/tsdb-scale.sh [DIR]     (DIR defaults to a temporary folder)
#
# At 1M series the log takes ~5 GB of disk and the run ~10 minutes.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product TSDBScale
dir=${1:-$(mktemp -d)}
rm -rf "$dir/wal" "$dir/chunks_head"
.build/release/TSDBScale write "$dir"
.build/release/TSDBScale replay "$dir"
.build/release/TSDBScale select "$dir"
.build/release/TSDBScale block "$dir"
[ -z "${1:-}" ] && rm -rf "$dir"
exit 0
