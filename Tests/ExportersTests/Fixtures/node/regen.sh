#!/usr/bin/env bash
# Regenerates expected/<collector>.prom: what node-exporter 1.5 (Debian's
# prometheus-node-exporter) reports for this fixture tree, one collector at a
# time, without its own go_/process_/promhttp_/scrape metrics. The fixture
# tree's own path is written as @ROOT@ (text files are named by their path).
#   usage: regen.sh [collector...]    (default: every collector in collectors.txt)
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
collectors=("$@")
if [ ${#collectors[@]} -eq 0 ]; then mapfile -t collectors < collectors.txt; fi
port=19191
for collector in "${collectors[@]}"; do
  extra=()
  case "$collector" in
    filesystem) extra+=(--collector.filesystem.mount-points-exclude="^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)") ;;
    netdev) extra+=(--no-collector.netdev.netlink --collector.netdev.device-exclude=) ;;
    # Fixed mtimes: node_textfile_mtime_seconds reports them (the test sets the same).
    textfile) touch -d @1700000000 "$root"/textfile/*.prom
              extra+=(--collector.textfile.directory="$root/textfile") ;;
  esac
  prometheus-node-exporter --web.listen-address=127.0.0.1:$port --collector.disable-defaults \
    --collector."$collector" --path.procfs="$root/proc" --path.sysfs="$root/sys" \
    --path.rootfs="$root/rootfs" --path.udev.data="$root/udev" "${extra[@]}" 2>/tmp/regen-node-exporter.log &
  pid=$!
  for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:$port/metrics && break; sleep 0.1; done
  curl -sf http://127.0.0.1:$port/metrics \
    | awk '{ name = ($1 == "#") ? $3 : $1; sub(/\{.*/, "", name) }
           name !~ /^(go_|process_|promhttp_|node_scrape_collector_|node_exporter_build_info)/' \
    | sed "s|$root|@ROOT@|g" > "expected/$collector.prom"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$collector: $(grep -c '^# TYPE' "expected/$collector.prom") families"
done
