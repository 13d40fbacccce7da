#!/usr/bin/env bash
# promql-vs-prometheus.sh: PromQL range-query speed of Argus side by side
# with the real Prometheus (Debian's `prometheus` 2.42) on identical data.
#
# Usage (from anywhere; builds only inside this Benchmarks package):
#
#     Benchmarks/promql-vs-prometheus.sh
#     ITERATIONS=20 WARMUP=3 BENCH_RESULTS_DIR=/tmp/promql-bench Benchmarks/promql-vs-prometheus.sh
#
# ITERATIONS (default 10) timed runs per query and engine after WARMUP
# (default 2) untimed ones; SKIP_BUILD=1 reuses the last release build of
# PromQLBench; PROMETHEUS and PROMTOOL override the binaries.
#
# What it does:
#   1. `swift build -c release --product PromQLBench` in this package (its
#      own .build; the Argus package is compiled from the working tree).
#   2. `PromQLBench openmetrics` writes the dataset of
#      Sources/PromQLWorkload/PromQLWorkload.swift as OpenMetrics text: the
#      same generator, seed and values the Argus side and the PromQLBenchmarks
#      target use (11,200 series × 261 samples at 15 s, 2024-01-01T00:00Z
#      to 01:05Z). `promtool tsdb create-blocks-from openmetrics` turns it
#      into a TSDB block.
#   3. Starts `prometheus` on that block on 127.0.0.1 (a free port, a config
#      with no scrape jobs, retention 100y so the fixed 2024 block is kept),
#      waits for /-/ready, and runs each query of PromQLWorkload.queries as
#      a range query over 1 h at a 15 s step through /api/v1/query_range
#      with curl: WARMUP untimed runs, then ITERATIONS timed ones. Prometheus
#      is stopped by the PID this script started.
#   4. Runs `PromQLBench run` (the same queries in-process on
#      Storage.MemoryStorage) and prints the side-by-side table.
#
# The columns are not the same kind of time:
#   - "Prom HTTP" is curl's total wall time: HTTP, query parsing, TSDB block
#     reads (page cache warm), evaluation and JSON encoding of the result.
#   - "Prom engine" is Prometheus' own execTotalTime from `stats=all` of the
#     same requests: queueing, preparation (series selection) and evaluation,
#     without HTTP or JSON.
#   - "Argus" is measured in-process, to compare engines rather than HTTP
#     stacks: Engine.rangeQuery on an in-memory storage, including series
#     selection and the sorted result, without any encoding.
# "Argus/Prom engine" is the closest like-for-like ratio. The last column
# checks that both engines returned the same answer (series, points, sum of
# values to 1e-9 relative), so the timings compare the same work.
#
# Results (table.txt, results.tsv, argus.tsv, Prometheus' log and last
# responses) go to $BENCH_RESULTS_DIR if set, else to a new temporary
# directory; nothing is written into the repository. Needs: swift, prometheus,
# promtool, curl, python3. Only loopback networking is used.
set -euo pipefail

ITERATIONS=${ITERATIONS:-10}
WARMUP=${WARMUP:-2}
PROMETHEUS=${PROMETHEUS:-prometheus}
PROMTOOL=${PROMTOOL:-promtool}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ -n "${BENCH_RESULTS_DIR:-}" ]]; then
    out=$BENCH_RESULTS_DIR
    mkdir -p "$out"
else
    out=$(mktemp -d "${TMPDIR:-/tmp}/promql-vs-prometheus.XXXXXX")
fi
out=$(cd "$out" && pwd)
echo "results: $out"

for tool in "$PROMETHEUS" "$PROMTOOL" curl python3 swift; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

# ---- Build the Argus side and the dataset -------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "building PromQLBench (release)..."
    (cd "$here" && swift build -c release --product PromQLBench >"$out/build.log" 2>&1) || {
        tail -40 "$out/build.log" >&2
        exit 1
    }
fi
bench="$(cd "$here" && swift build -c release --show-bin-path)/PromQLBench"

"$bench" queries >"$out/queries.tsv"
read -r query_start query_end query_step < <("$bench" range)  # seconds

echo "generating OpenMetrics dataset and building the Prometheus block..."
rm -rf "$out/prometheus-data"
mkdir -p "$out/prometheus-data"
"$bench" openmetrics "$out/dataset.om"
"$PROMTOOL" tsdb create-blocks-from openmetrics "$out/dataset.om" "$out/prometheus-data" >"$out/promtool.log" 2>&1 || {
    cat "$out/promtool.log" >&2
    exit 1
}
rm -f "$out/dataset.om"  # ~260 MB; the block holds the same data

# ---- Prometheus ----------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$out/prometheus.yml" <<'EOF'
global:
  scrape_interval: 15s
scrape_configs: []
EOF

prom_pid=
stop_prometheus() {
    if [[ -n "$prom_pid" ]]; then
        kill "$prom_pid" 2>/dev/null || true
        wait "$prom_pid" 2>/dev/null || true
        prom_pid=
    fi
}
trap stop_prometheus EXIT

"$PROMETHEUS" \
    --config.file="$out/prometheus.yml" \
    --storage.tsdb.path="$out/prometheus-data" \
    --storage.tsdb.retention.time=100y \
    --web.listen-address="127.0.0.1:$port" \
    >"$out/prometheus.log" 2>&1 &
prom_pid=$!
base="http://127.0.0.1:$port"

for _ in $(seq 1 120); do
    kill -0 "$prom_pid" 2>/dev/null || { cat "$out/prometheus.log" >&2; echo "prometheus exited" >&2; exit 1; }
    curl -sf "$base/-/ready" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -sf "$base/-/ready" >/dev/null || { echo "prometheus not ready" >&2; exit 1; }
echo "prometheus (pid $prom_pid) ready on $base"

prom_query() {  # query, response file; prints curl's total seconds
    curl -sS -G "$base/api/v1/query_range" \
        --data-urlencode "query=$1" \
        --data-urlencode "start=$query_start" \
        --data-urlencode "end=$query_end" \
        --data-urlencode "step=$query_step" \
        --data-urlencode "stats=all" \
        -o "$2" -w '%{time_total}\n'
}

: >"$out/prometheus-times.tsv"
mkdir -p "$out/responses"
while IFS=$'\t' read -r name query; do
    echo "prometheus: $name"
    for _ in $(seq 1 "$WARMUP"); do prom_query "$query" "$out/responses/$name.json" >/dev/null; done
    for _ in $(seq 1 "$ITERATIONS"); do
        wall=$(prom_query "$query" "$out/responses/$name.json")
        engine=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["data"]["stats"]["timings"]["execTotalTime"])' \
            "$out/responses/$name.json")
        printf '%s\t%s\t%s\n' "$name" "$wall" "$engine" >>"$out/prometheus-times.tsv"
    done
done <"$out/queries.tsv"
stop_prometheus

# ---- Argus ---------------------------------------------------------------
echo "argus: $ITERATIONS iterations per query, in-process"
"$bench" run --iterations "$ITERATIONS" --warmup "$WARMUP" >"$out/argus.tsv"

# ---- Table -----------------------------------------------------------------
python3 - "$out" "$ITERATIONS" <<'EOF' | tee "$out/table.txt"
import json, math, os, statistics, sys

out, iterations = sys.argv[1], sys.argv[2]
queries = [line.rstrip("\n").split("\t", 1) for line in open(os.path.join(out, "queries.tsv"))]
wall, engine = {}, {}
for line in open(os.path.join(out, "prometheus-times.tsv")):
    name, w, e = line.split("\t")
    wall.setdefault(name, []).append(float(w) * 1000)
    engine.setdefault(name, []).append(float(e) * 1000)
argus = {}
for line in open(os.path.join(out, "argus.tsv")):
    f = line.rstrip("\n").split("\t")
    argus[f[0]] = dict(median=float(f[1]), series=int(f[4]), points=int(f[5]), sum=float(f[6]), nans=int(f[7]))

def summary(path):
    series = points = nans = 0
    total = 0.0
    for row in json.load(open(path))["data"]["result"]:
        series += 1
        for _, v in row["values"]:
            points += 1
            v = float(v)
            if math.isnan(v):
                nans += 1
            else:
                total += v
    return series, points, total, nans

rows = []
for name, query in queries:
    a = argus[name]
    s, p, t, n = summary(os.path.join(out, "responses", name + ".json"))
    same = (s, p, n) == (a["series"], a["points"], a["nans"]) and math.isclose(t, a["sum"], rel_tol=1e-9, abs_tol=1e-9)
    pw, pe = statistics.median(wall[name]), statistics.median(engine[name])
    rows.append((name, f"{pw:.1f}", f"{pe:.1f}", f"{a['median']:.1f}", f"{a['median'] / pe:.2f}x",
                 f"yes ({s} series)" if same else f"NO: prom {s}/{p}/{t}/{n} argus {a['series']}/{a['points']}/{a['sum']}/{a['nans']}"))
    with open(os.path.join(out, "results.tsv"), "a" if len(rows) > 1 else "w") as f:
        f.write("\t".join([name, f"{pw:.3f}", f"{pe:.3f}", f"{a['median']:.3f}", "same" if same else "different", query]) + "\n")

header = ("query", "Prom HTTP ms", "Prom engine ms", "Argus ms", "Argus/Prom engine", "same result")
widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
line = lambda r: "  ".join(str(c).ljust(w) if i in (0, 5) else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
print(f"Range queries over 1h at 15s step (241 steps), 11,200 series; median of {iterations} runs.")
print(line(header))
print(line(tuple("-" * w for w in widths)))
for r in rows:
    print(line(r))
print()
for name, query in queries:
    print(f"  {name}: {query}")
print()
print("Prom HTTP: curl wall time incl. HTTP and JSON encoding. Prom engine: Prometheus' execTotalTime (stats=all),")
print("no HTTP/JSON. Argus: in-process Engine.rangeQuery on MemoryStorage (engine only).")
EOF
