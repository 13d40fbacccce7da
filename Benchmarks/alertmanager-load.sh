#!/usr/bin/env bash
# Load benchmark: `argus alertmanager` against the real Alertmanager 0.25
# (Debian's prometheus-alertmanager), one after the other, same config.
#
#   Benchmarks/alertmanager-load.sh
#
# Builds argus in release mode (into .build-release), then for each server:
# starts it on 127.0.0.1 with a fresh --storage.path, posts ALERTS active
# alerts in ALERT_GROUPS aggregation groups, BATCH alerts per POST on one
# keep-alive connection, and records each POST's latency; reads VmRSS from
# /proc/<pid>/status after ingest, then re-posts the same alerts every
# REPOST_SECONDS for STEADY_MINUTES and reads VmRSS (and VmHWM) again.
# Prints a side-by-side table. Knobs (environment):
#   ALERTS=10000 ALERT_GROUPS=1000 BATCH=100 STEADY_MINUTES=3 REPOST_SECONDS=30
#   AM_BIN=/usr/bin/prometheus-alertmanager WORK=/var/tmp/argus-am-load
#   ARGUS_BIN=<path> uses that argus binary instead of building one
#   ONLY_ARGUS=1 skips Alertmanager 0.25 (for long soaks of argus alone)
# Needs python3. Only the PIDs this script starts are signalled.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/var/tmp/argus-am-load}
AM_BIN=${AM_BIN:-/usr/bin/prometheus-alertmanager}
export ALERTS=${ALERTS:-10000} ALERT_GROUPS=${ALERT_GROUPS:-1000} BATCH=${BATCH:-100}
export STEADY_MINUTES=${STEADY_MINUTES:-3} REPOST_SECONDS=${REPOST_SECONDS:-30}

if [ -z "${ARGUS_BIN:-}" ]; then
  swift build -c release --product argus --scratch-path "$ROOT/.build-release"
  ARGUS_BIN="$ROOT/.build-release/release/argus"
fi

rm -rf "$WORK"
mkdir -p "$WORK"
cat > "$WORK/alertmanager.yml" <<'YAML'
route:
  receiver: blackhole
  group_by: [alertname, group]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
receivers:
  - name: blackhole
YAML

python3 - "$WORK" "$ARGUS_BIN" "$AM_BIN" <<'PY'
import http.client, json, os, socket, subprocess, sys, time

work, argus_bin, am_bin = sys.argv[1:4]
alerts_n, groups_n, batch = (int(os.environ[k]) for k in ("ALERTS", "ALERT_GROUPS", "BATCH"))
steady_minutes, repost_seconds = float(os.environ["STEADY_MINUTES"]), float(os.environ["REPOST_SECONDS"])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB -> MiB
    return float("nan")


def batches():
    start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    alerts = [
        {
            "labels": {"alertname": "LoadTest", "group": f"g{i % groups_n:04d}", "instance": f"host-{i:05d}",
                       "severity": "warning"},
            "annotations": {"summary": f"load test alert {i}"},
            "startsAt": start,
        }
        for i in range(alerts_n)
    ]
    return [json.dumps(alerts[i:i + batch]).encode() for i in range(0, alerts_n, batch)]


def post_all(conn, bodies):
    latencies = []
    for body in bodies:
        t = time.perf_counter()
        conn.request("POST", "/api/v2/alerts", body, {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        latencies.append((time.perf_counter() - t) * 1000)
        if r.status != 200:
            raise SystemExit(f"POST failed: {r.status}")
    return latencies


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def run(name, argv):
    port = free_port()
    data = os.path.join(work, name.split()[0] + "-data")
    log = open(os.path.join(work, name.split()[0] + ".log"), "w")
    proc = subprocess.Popen(argv + [f"--config.file={work}/alertmanager.yml", f"--storage.path={data}",
                                    f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
                                    "--log.level=warn"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/-/ready")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"{name} did not start")
        rss_idle = proc_status(proc.pid, "VmRSS")
        bodies = batches()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        t = time.perf_counter()
        ingest = post_all(conn, bodies)
        ingest_total = time.perf_counter() - t
        time.sleep(5)
        rss_ingest = proc_status(proc.pid, "VmRSS")
        conn.request("GET", "/api/v2/alerts")
        r = conn.getresponse()
        listed = len(json.loads(r.read()))
        conn.request("GET", "/api/v2/alerts/groups")
        r = conn.getresponse()
        groups = len(json.loads(r.read()))
        repost = []
        deadline = time.monotonic() + steady_minutes * 60
        while time.monotonic() < deadline:
            t = time.monotonic()
            repost += post_all(conn, bodies)
            time.sleep(max(0.0, repost_seconds - (time.monotonic() - t)))
        rss_steady = proc_status(proc.pid, "VmRSS")
        hwm = proc_status(proc.pid, "VmHWM")
        cpu = sum(int(x) for x in open(f"/proc/{proc.pid}/stat").read().rsplit(")", 1)[1].split()[11:13])
        cpu /= os.sysconf("SC_CLK_TCK")
        return {
            "alerts listed by /api/v2/alerts": f"{listed}",
            "groups listed by /api/v2/alerts/groups": f"{groups}",
            f"ingest: {len(bodies)} POSTs of {batch}, total (s)": f"{ingest_total:.2f}",
            "ingest POST p50 (ms)": f"{pct(ingest, 50):.2f}",
            "ingest POST p99 (ms)": f"{pct(ingest, 99):.2f}",
            f"re-post every {repost_seconds:g}s, POST p50 (ms)": f"{pct(repost, 50):.2f}",
            f"re-post every {repost_seconds:g}s, POST p99 (ms)": f"{pct(repost, 99):.2f}",
            "RSS idle (MiB)": f"{rss_idle:.1f}",
            "RSS after ingest (MiB)": f"{rss_ingest:.1f}",
            f"RSS after {steady_minutes:g} min of re-posts (MiB)": f"{rss_steady:.1f}",
            "peak RSS, VmHWM (MiB)": f"{hwm:.1f}",
            "CPU time, user+system (s)": f"{cpu:.1f}",
        }
    finally:
        proc.terminate()  # only the PID started above
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


results = {}
servers = [("argus alertmanager", [argus_bin, "alertmanager"]), ("alertmanager 0.25", [am_bin])]
if os.environ.get("ONLY_ARGUS"):
    servers = servers[:1]
for name, argv in servers:
    print(f"running {name} ...", file=sys.stderr, flush=True)
    results[name] = run(name, argv)

names = list(results)
rows = list(results[names[0]])
width = max(len(r) for r in rows)
print(f"\n{alerts_n} alerts in {groups_n} groups\n")
print(f"| {'':{width}} | " + " | ".join(f"{n:>18}" for n in names) + " |")
print(f"|{'-' * (width + 2)}|" + "|".join("-" * 20 for _ in names) + "|")
for row in rows:
    print(f"| {row:{width}} | " + " | ".join(f"{results[n][row]:>18}" for n in names) + " |")
PY
