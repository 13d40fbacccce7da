#!/usr/bin/env bash
# Scrape cost of `argus node-exporter` beside the real node-exporter 1.5
# (Debian's prometheus-node-exporter) on this machine: both run the same
# collectors (Argus' default set), get SCRAPES sequential scrapes, and we
# report the CPU time each process spent (utime+stime from /proc/PID/stat),
# per scrape, and its resident memory at the end: VmRSS and peak VmHWM, and
# RssAnon, the part that is the process' own heap and stacks rather than
# pages of its executable and shared libraries.
#
#   Benchmarks/node-exporter-vs-upstream.sh            # SCRAPES=500 by default
#
# Only the two processes this script starts are signalled, by PID.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRAPES=${SCRAPES:-500}

swift build -c release --product argus --scratch-path "$ROOT/.build-release"
BIN="$ROOT/.build-release/release/argus"
UPSTREAM=$(command -v prometheus-node-exporter || echo /usr/bin/prometheus-node-exporter)

# Every collector Argus has (node-exporter enables all of them by default).
collectors=$(cat "$ROOT/Tests/ExportersTests/Fixtures/node/collectors.txt")
argus_port=19310
upstream_port=19311
flags=()
for c in $collectors; do flags+=("--collector.$c"); done

"$BIN" node-exporter --web.listen-address=127.0.0.1:$argus_port --web.disable-exporter-metrics \
  --collector.disable-defaults "${flags[@]}" --log.level=warn &
argus_pid=$!
# Debian patches two defaults (netdev skips lo, filesystem skips more mount
# points); give it upstream's, which Argus has, so both report the same series.
"$UPSTREAM" --web.listen-address=127.0.0.1:$upstream_port --web.disable-exporter-metrics \
  --collector.disable-defaults "${flags[@]}" --log.level=warn --collector.netdev.device-exclude= \
  --collector.filesystem.mount-points-exclude='^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)' \
  2>/dev/null &
upstream_pid=$!
trap 'kill $argus_pid $upstream_pid 2>/dev/null || true' EXIT

wait_ready() { for _ in $(seq 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
wait_ready http://127.0.0.1:$argus_port/metrics
wait_ready http://127.0.0.1:$upstream_port/metrics

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
status_kb() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

measure() { # name pid port
  local before after start end series
  series=$(curl -sf "http://127.0.0.1:$3/metrics" | grep -vc '^#')
  before=$(cpu_ticks "$2")
  start=$(date +%s.%N)
  for _ in $(seq "$SCRAPES"); do curl -sf -o /dev/null "http://127.0.0.1:$3/metrics"; done
  end=$(date +%s.%N)
  after=$(cpu_ticks "$2")
  awk -v n="$1" -v t=$((after - before)) -v hz="$hz" -v s="$SCRAPES" -v w="$(echo "$end - $start" | bc)" \
    -v rss="$(status_kb "$2" VmRSS)" -v hwm="$(status_kb "$2" VmHWM)" -v anon="$(status_kb "$2" RssAnon)" \
    -v series="$series" \
    'BEGIN { printf "| %s | %d | %.2f | %.2f | %.1f | %.1f | %.1f | %d |\n", n, s, t / hz * 1000 / s, w * 1000 / s, rss / 1024, hwm / 1024, anon / 1024, series }'
}

echo "| exporter | scrapes | CPU ms/scrape | wall ms/scrape | RSS MiB | peak RSS MiB | anon RSS MiB | series |"
echo "|---|---|---|---|---|---|---|---|"
measure "argus node-exporter" $argus_pid $argus_port
measure "node-exporter 1.5" $upstream_pid $upstream_port
