#!/usr/bin/env bash
# Disk bytes per sample on real node-exporter data, Argus beside Prometheus:
# both scrape the same prometheus-node-exporter every 15 s into their own
# data directory, with 30-minute blocks so that blocks appear within the
# hour, for MINUTES minutes (default 150: four full blocks each). Then both
# are stopped and every block of each is reported (series, samples, chunks,
# index and chunk bytes per sample), and each side's full blocks are merged
# by Argus' compactor into one block of 480-sample chunks, as compaction
# would, and reported the same way.
#
#   Benchmarks/disk-vs-prometheus.sh [DIR]     (DIR defaults to a temporary folder)
#   MINUTES=60 Benchmarks/disk-vs-prometheus.sh
#   Benchmarks/disk-vs-prometheus.sh report DIR    (only the report, of an earlier run)
#
# Needs the Debian packages prometheus and prometheus-node-exporter.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
minutes=${MINUTES:-150}

report() {
    local dir=$1
    (cd "$root" && swift build -c release --product argus >/dev/null)
    (swift build -c release --product TSDBScale >/dev/null)
    for side in prometheus argus; do
        echo "== $side"
        .build/release/TSDBScale sizes "$dir/$side-data"
        rm -rf "$dir/$side-compacted"
        mkdir -p "$dir/$side-compacted"
        .build/release/TSDBScale compact "$dir/$side-data" "$dir/$side-compacted"
    done
}

if [ "${1:-}" = report ]; then
    report "$2"
    exit 0
fi

dir=${1:-$(mktemp -d)}
mkdir -p "$dir"
(cd "$root" && swift build -c release --product argus)
cp "$root/.build/release/argus" "$dir/argus"
node_port=19100 prom_port=19190 argus_port=19191
cat >"$dir/scrape.yml" <<EOF
global:
  scrape_interval: 15s
  scrape_timeout: 10s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["127.0.0.1:$node_port"]
EOF
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
prometheus-node-exporter --web.listen-address=127.0.0.1:$node_port >"$dir/node.log" 2>&1 &
pids+=($!)
blocks=(--storage.tsdb.min-block-duration=30m --storage.tsdb.max-block-duration=30m)
prometheus --config.file="$dir/scrape.yml" --storage.tsdb.path="$dir/prometheus-data" \
    --web.listen-address=127.0.0.1:$prom_port "${blocks[@]}" >"$dir/prometheus.log" 2>&1 &
pids+=($!)
"$dir/argus" metrics --config.file="$dir/scrape.yml" --storage.tsdb.path="$dir/argus-data" \
    --web.listen-address=127.0.0.1:$argus_port "${blocks[@]}" >"$dir/argus.log" 2>&1 &
pids+=($!)
for ((m = 0; m < minutes; m += 5)); do
    sleep 300
    echo "$((m + 5))/$minutes min: prometheus $(ls -d "$dir"/prometheus-data/01* 2>/dev/null | wc -l) blocks," \
        "argus $(ls -d "$dir"/argus-data/01* 2>/dev/null | wc -l) blocks"
done
cleanup
pids=()
report "$dir"
