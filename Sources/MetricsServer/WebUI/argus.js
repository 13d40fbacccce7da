// The Argus metrics server's web UI: plain DOM code over the HTTP API, no
// build step. Every value from the server is inserted as text, never as HTML.
"use strict";

const PREFIX = document.querySelector('meta[name="argus-prefix"]').content;
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
  "#bcbd22", "#17becf"];

// el("td", {class: "num"}, "text", child…) builds an element; strings become text nodes.
function el(tag, attrs, ...children) {
  const node = tag === "svg" || SVG_TAGS.has(tag)
    ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const SVG_TAGS = new Set(["g", "path", "line", "text", "title", "rect"]);

class APIError extends Error {}

async function api(path, params) {
  const query = new URLSearchParams(params || {}).toString();
  let response;
  try {
    response = await fetch(`${PREFIX}/api/v1/${path}${query ? "?" + query : ""}`);
  } catch (error) {
    throw new APIError(`cannot reach the server: ${error.message}`);
  }
  let body;
  try {
    body = await response.json();
  } catch (error) {
    throw new APIError(`HTTP ${response.status}: the answer is not JSON`);
  }
  if (body.status !== "success") throw new APIError(`${body.errorType || "error"}: ${body.error || response.status}`);
  return body;
}

function labelText(metric) {
  const name = metric.__name__ || "";
  const pairs = Object.keys(metric).filter((k) => k !== "__name__").sort()
    .map((k) => `${k}=${JSON.stringify(metric[k])}`);
  return pairs.length ? `${name}{${pairs.join(", ")}}` : name || "{}";
}

function labelBadges(labels) {
  return Object.keys(labels || {}).sort().map((k) => el("span", {class: "label"}, `${k}="${labels[k]}"`));
}

function ago(isoTime) {
  const then = Date.parse(isoTime);
  if (!then || then < 0) return "never";
  const seconds = (Date.now() - then) / 1000;
  return seconds < 1 ? "just now" : `${formatSeconds(seconds)} ago`;
}

function formatSeconds(seconds) {
  if (seconds < 1) return `${(seconds * 1000).toFixed(1)}ms`;
  if (seconds < 60) return `${seconds.toFixed(3)}s`;
  const m = Math.floor(seconds / 60), s = Math.round(seconds % 60);
  return m < 60 ? `${m}m ${s}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

function utc(ms) {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

// Durations as Prometheus writes them: 1h, 30m, 1d12h, 90s, 500ms.
function parseDuration(text) {
  const match = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text.trim());
  if (!match || text.trim() === "") return null;
  const units = [365 * 86400e3, 7 * 86400e3, 86400e3, 3600e3, 60e3, 1e3, 1];
  return units.reduce((sum, unit, i) => sum + (match[i + 1] ? Number(match[i + 1]) * unit : 0), 0);
}

function showError(container, error) {
  container.append(el("div", {class: "error"}, error.message || String(error)));
}

function warnings(body) {
  return (body.warnings || []).map((w) => el("div", {class: "warning"}, `Warning: ${w}`));
}

// MARK: Graph

async function graphPage(main) {
  const params = new URLSearchParams(location.search);
  const state = {
    expr: params.get("g0.expr") || "",
    tab: params.get("g0.tab") === "0" ? "graph" : "table",
    range: params.get("g0.range_input") || "1h",
    end: params.get("g0.end_input") || "",
    step: params.get("g0.step_input") || "",
  };
  const input = el("input", {type: "text", id: "expr", list: "metric-names", value: state.expr,
    placeholder: "Expression (press Enter to execute)", autocomplete: "off", spellcheck: "false"});
  const names = el("datalist", {id: "metric-names"});
  const output = el("div", {id: "result"});
  const tabButtons = {
    table: el("button", {type: "button", onclick: () => select("table")}, "Table"),
    graph: el("button", {type: "button", onclick: () => select("graph")}, "Graph"),
  };
  const range = el("input", {type: "text", value: state.range, title: "Range, e.g. 1h, 30m, 1d"});
  const end = el("input", {type: "text", value: state.end, placeholder: "End time (now)",
    title: "End time: YYYY-MM-DD HH:MM:SS in UTC, or empty for now"});
  const step = el("input", {type: "text", value: state.step, placeholder: "Step (auto)", title: "Step, e.g. 15s"});
  const controls = el("div", {class: "controls"}, "Range", range, "End", end, "Step", step);

  function select(tab) {
    state.tab = tab;
    execute();
  }
  input.addEventListener("keydown", (event) => { if (event.key === "Enter") execute(); });
  for (const field of [range, end, step]) {
    field.addEventListener("keydown", (event) => { if (event.key === "Enter") execute(); });
  }

  main.append(el("div", {class: "panel"},
    el("div", {class: "query"}, input, names, el("button", {type: "button", onclick: execute}, "Execute")),
    el("div", {class: "tabs"}, tabButtons.table, tabButtons.graph),
    controls, output));
  api("label/__name__/values").then((body) => {
    names.replaceChildren(...body.data.map((name) => el("option", {value: name})));
  }).catch(() => {});

  function endTime() {
    if (!end.value.trim()) return Date.now();
    const parsed = Date.parse(end.value.trim().replace(" ", "T") + (/[zZ]|[+-]\d\d:?\d\d$/.test(end.value) ? "" : "Z"));
    if (isNaN(parsed)) throw new APIError(`invalid end time ${JSON.stringify(end.value)}`);
    return parsed;
  }

  async function execute() {
    state.expr = input.value;
    tabButtons.table.classList.toggle("selected", state.tab === "table");
    tabButtons.graph.classList.toggle("selected", state.tab === "graph");
    controls.style.display = state.tab === "graph" ? "" : "none";
    const next = new URLSearchParams({"g0.expr": state.expr, "g0.tab": state.tab === "graph" ? "0" : "1"});
    if (state.tab === "graph") {
      next.set("g0.range_input", range.value);
      if (end.value) next.set("g0.end_input", end.value);
      if (step.value) next.set("g0.step_input", step.value);
    }
    history.replaceState(null, "", `${location.pathname}?${next}`);
    output.replaceChildren();
    if (!state.expr.trim()) {
      output.append(el("p", {class: "muted"}, "No query run yet."));
      return;
    }
    const started = performance.now();
    try {
      if (state.tab === "table") {
        const body = await api("query", {query: state.expr, time: endTime() / 1000});
        output.append(...warnings(body), resultStats(body, started), resultTable(body.data));
      } else {
        const rangeMs = parseDuration(range.value);
        if (!rangeMs) throw new APIError(`invalid range ${JSON.stringify(range.value)}`);
        const stepMs = step.value ? parseDuration(step.value) : Math.max(Math.floor(rangeMs / 250000), 1) * 1000;
        if (!stepMs) throw new APIError(`invalid step ${JSON.stringify(step.value)}`);
        const endMs = endTime();
        const body = await api("query_range", {query: state.expr, start: (endMs - rangeMs) / 1000, end: endMs / 1000,
          step: stepMs / 1000});
        output.append(...warnings(body), resultStats(body, started), graph(body.data, endMs - rangeMs, endMs));
      }
    } catch (error) {
      showError(output, error);
    }
  }
  await execute();
}

function resultStats(body, started) {
  const count = Array.isArray(body.data.result) ? body.data.result.length : 1;
  return el("div", {class: "stats"}, `Load time: ${Math.round(performance.now() - started)}ms · Result series: ${count}`);
}

function resultTable(data) {
  const table = el("table", {id: "result-table"});
  if (data.resultType === "scalar" || data.resultType === "string") {
    table.append(el("tr", {}, el("td", {}, data.resultType), el("td", {class: "num"}, data.result[1])));
  } else if (data.result.length === 0) {
    table.append(el("tr", {}, el("td", {class: "muted"}, "Empty query result")));
  } else if (data.resultType === "vector") {
    for (const sample of data.result) {
      table.append(el("tr", {}, el("td", {class: "mono"}, labelText(sample.metric)),
        el("td", {class: "num"}, sample.value[1])));
    }
  } else {
    for (const series of data.result) {
      const values = (series.values || []).map(([t, v]) => `${v} @${t}`);
      table.append(el("tr", {}, el("td", {class: "mono"}, labelText(series.metric)),
        el("td", {class: "num mono"}, ...values.flatMap((line, i) => (i ? [el("br"), line] : [line])))));
    }
  }
  return table;
}

function niceStep(span, count) {
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

// A tick spacing of whole seconds, minutes, hours or days giving about `count` ticks.
function timeStep(spanMs, count) {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
    .map((s) => s * 1000);
  return steps.find((step) => spanMs / step <= count) || niceStep(spanMs / 86400e3, count) * 86400e3;
}

function formatValue(v) {
  const a = Math.abs(v);
  if (a >= 1e12 || (a > 0 && a < 1e-3)) return v.toExponential(2);
  for (const [size, unit] of [[1e9, "G"], [1e6, "M"], [1e3, "k"]]) {
    if (a >= size) return `${+(v / size).toFixed(2)}${unit}`;
  }
  return String(+v.toFixed(3));
}

function graph(data, startMs, endMs) {
  if (data.resultType !== "matrix") return resultTable(data);
  if (data.result.length === 0) return el("p", {class: "muted"}, "Empty query result");
  const width = 1000, height = 360, left = 60, right = 10, top = 10, bottom = 30;
  let min = Infinity, max = -Infinity;
  for (const series of data.result) {
    for (const [, v] of series.values) {
      const n = Number(v);
      if (isFinite(n)) { min = Math.min(min, n); max = Math.max(max, n); }
    }
  }
  if (!isFinite(min)) { min = 0; max = 1; }
  if (min === max) { min -= 1; max += 1; }
  const yStep = niceStep(max - min, 6);
  min = Math.floor(min / yStep) * yStep;
  max = Math.ceil(max / yStep) * yStep;
  const x = (ms) => left + ((ms - startMs) / (endMs - startMs)) * (width - left - right);
  const y = (v) => top + (1 - (v - min) / (max - min)) * (height - top - bottom);
  const svg = el("svg", {class: "graph", id: "graph", viewBox: `0 0 ${width} ${height}`});
  for (let v = min; v <= max + yStep / 2; v += yStep) {
    svg.append(el("line", {class: "grid", x1: left, x2: width - right, y1: y(v), y2: y(v)}),
      el("text", {x: left - 6, y: y(v) + 4, "text-anchor": "end"}, formatValue(v)));
  }
  const xStep = timeStep(endMs - startMs, 8);
  for (let t = Math.ceil(startMs / xStep) * xStep; t <= endMs; t += xStep) {
    const iso = new Date(t).toISOString();
    const label = xStep >= 86400e3 ? iso.slice(5, 10) : xStep >= 60e3 ? iso.slice(11, 16) : iso.slice(11, 19);
    svg.append(el("line", {class: "grid", x1: x(t), x2: x(t), y1: top, y2: height - bottom}),
      el("text", {x: x(t), y: height - bottom + 16, "text-anchor": "middle"}, label));
  }
  const legend = el("div", {class: "legend"});
  const stepMs = data.result.reduce((gap, series) => {
    for (let i = 1; i < series.values.length; i++) {
      gap = Math.min(gap, (series.values[i][0] - series.values[i - 1][0]) * 1000);
    }
    return gap;
  }, Infinity);
  data.result.forEach((series, index) => {
    const color = COLORS[index % COLORS.length];
    let d = "", previous = null;
    for (const [t, v] of series.values) {
      const n = Number(v);
      if (!isFinite(n)) { previous = null; continue; }
      const ms = t * 1000;
      const joined = previous !== null && ms - previous <= stepMs * 1.5;
      d += `${joined ? "L" : "M"}${x(ms).toFixed(1)},${y(n).toFixed(1)}`;
      previous = ms;
    }
    svg.append(el("path", {d, fill: "none", stroke: color, "stroke-width": 1.5},
      el("title", {}, labelText(series.metric))));
    legend.append(el("div", {class: "mono"}, el("span", {class: "swatch", style: `background:${color}`}),
      labelText(series.metric)));
  });
  return el("div", {}, svg, legend);
}

// MARK: Targets and service discovery

async function targetsPage(main) {
  main.append(el("h1", {}, "Targets"));
  const unhealthyOnly = el("input", {type: "checkbox", id: "unhealthy"});
  main.append(el("label", {class: "filter"}, unhealthyOnly, " Only unhealthy targets"));
  const list = el("div", {id: "targets"});
  main.append(list);
  const body = await api("targets", {state: "active"});
  const pools = groupBy(body.data.activeTargets, (t) => t.scrapePool);
  const render = () => {
    list.replaceChildren();
    for (const [pool, targets] of pools) {
      const up = targets.filter((t) => t.health === "up").length;
      const shown = unhealthyOnly.checked ? targets.filter((t) => t.health !== "up") : targets;
      if (shown.length === 0) continue;
      const table = el("table", {},
        el("tr", {}, ["Endpoint", "State", "Labels", "Last Scrape", "Scrape Duration", "Error"]
          .map((h) => el("th", {}, h))));
      for (const t of shown) {
        table.append(el("tr", {class: "target"},
          el("td", {}, el("a", {href: t.globalUrl || t.scrapeUrl}, t.scrapeUrl)),
          el("td", {}, el("span", {class: `badge ${t.health}`}, t.health.toUpperCase())),
          el("td", {}, labelBadges(t.labels)),
          el("td", {}, ago(t.lastScrape)),
          el("td", {class: "num"}, formatSeconds(t.lastScrapeDuration || 0)),
          el("td", {class: "error-cell"}, t.lastError || "")));
      }
      list.append(el("h2", {}, `${pool} (${up}/${targets.length} up)`), table);
    }
    if (!list.childNodes.length) list.append(el("p", {class: "muted"}, "No targets."));
  };
  unhealthyOnly.addEventListener("change", render);
  render();
}

async function serviceDiscoveryPage(main) {
  main.append(el("h1", {}, "Service Discovery"));
  const body = await api("targets", {state: "any"});
  const active = body.data.activeTargets.map((t) => ({pool: t.scrapePool, discovered: t.discoveredLabels,
    labels: t.labels}));
  const dropped = (body.data.droppedTargets || []).map((t) => ({
    pool: t.scrapePool || (t.discoveredLabels || {}).job || "", discovered: t.discoveredLabels, labels: null}));
  const pools = groupBy(active.concat(dropped), (t) => t.pool);
  main.append(el("ul", {}, [...pools].map(([pool, targets]) => {
    const kept = targets.filter((t) => t.labels).length;
    return el("li", {}, el("a", {href: `#${pool}`}, pool), ` (${kept} / ${targets.length} active targets)`);
  })));
  for (const [pool, targets] of pools) {
    const table = el("table", {}, el("tr", {}, el("th", {}, "Discovered Labels"), el("th", {}, "Target Labels")));
    for (const t of targets) {
      table.append(el("tr", {}, el("td", {}, labelBadges(t.discovered)),
        el("td", {}, t.labels ? labelBadges(t.labels) : el("span", {class: "muted"}, "Dropped"))));
    }
    main.append(el("h2", {id: pool}, pool), table);
  }
}

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

// MARK: Alerts and rules

function ruleText(rule) {
  const lines = [rule.type === "alerting" ? `alert: ${rule.name}` : `record: ${rule.name}`, `expr: ${rule.query}`];
  if (rule.duration) lines.push(`for: ${formatSeconds(rule.duration)}`);
  for (const [title, map] of [["labels", rule.labels], ["annotations", rule.annotations]]) {
    const keys = Object.keys(map || {}).sort();
    if (keys.length) lines.push(`${title}:`, ...keys.map((k) => `  ${k}: ${map[k]}`));
  }
  return lines.join("\n");
}

async function alertsPage(main) {
  main.append(el("h1", {}, "Alerts"));
  const body = await api("rules", {type: "alert"});
  const rules = body.data.groups.flatMap((g) => g.rules.map((r) => ({...r, group: g})));
  const counts = {inactive: 0, pending: 0, firing: 0};
  for (const r of rules) counts[r.state] = (counts[r.state] || 0) + 1;
  main.append(el("p", {id: "alert-counts"}, ["inactive", "pending", "firing"].map((s) =>
    el("span", {}, el("span", {class: `badge ${s}`}, s), ` ${counts[s]}  `))));
  if (rules.length === 0) main.append(el("p", {class: "muted"}, "No alerting rules."));
  for (const group of body.data.groups) {
    if (group.rules.length === 0) continue;
    main.append(el("h2", {}, `${group.file} > ${group.name}`));
    for (const rule of group.rules) {
      const alerts = rule.alerts || [];
      const details = el("details", {class: "alert-rule", open: rule.state !== "inactive"},
        el("summary", {}, el("span", {class: `badge ${rule.state}`}, rule.state), ` ${rule.name} (${alerts.length} active)`),
        el("pre", {}, ruleText(rule)));
      if (alerts.length) {
        const table = el("table", {}, el("tr", {}, ["Labels", "State", "Active Since", "Value"].map((h) => el("th", {}, h))));
        for (const a of alerts) {
          table.append(el("tr", {}, el("td", {}, labelBadges(a.labels)),
            el("td", {}, el("span", {class: `badge ${a.state}`}, a.state)),
            el("td", {}, a.activeAt ? utc(Date.parse(a.activeAt)) : ""), el("td", {class: "num"}, a.value)));
        }
        details.append(table);
      }
      main.append(details);
    }
  }
}

async function rulesPage(main) {
  main.append(el("h1", {}, "Rules"));
  const body = await api("rules");
  if (body.data.groups.length === 0) main.append(el("p", {class: "muted"}, "No rule groups."));
  for (const group of body.data.groups) {
    main.append(el("h2", {}, `${group.name}`, el("span", {class: "muted"},
      `  ${group.file} · every ${formatSeconds(group.interval)} · last evaluation ${ago(group.lastEvaluation)}` +
      ` · took ${formatSeconds(group.evaluationTime || 0)}`)));
    const table = el("table", {}, el("tr", {}, ["Rule", "State", "Error", "Last Evaluation", "Evaluation Time"]
      .map((h) => el("th", {}, h))));
    for (const rule of group.rules) {
      table.append(el("tr", {class: "rule"}, el("td", {}, el("pre", {}, ruleText(rule))),
        el("td", {}, el("span", {class: `badge ${rule.health === "ok" ? "ok" : rule.health === "err" ? "err" : "unknown"}`},
          rule.health)),
        el("td", {}, rule.lastError || ""), el("td", {}, ago(rule.lastEvaluation)),
        el("td", {class: "num"}, formatSeconds(rule.evaluationTime || 0))));
    }
    main.append(table);
  }
}

// MARK: Status pages

function keyValueTable(entries) {
  return el("table", {}, entries.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, String(v)))));
}

async function statusPage(main) {
  main.append(el("h1", {}, "Runtime Information"));
  const [runtime, build, managers] = await Promise.all([api("status/runtimeinfo"), api("status/buildinfo"),
    api("alertmanagers")]);
  main.append(keyValueTable(Object.entries(runtime.data)), el("h2", {}, "Build Information"),
    keyValueTable(Object.entries(build.data)), el("h2", {}, "Alertmanagers"));
  const active = managers.data.activeAlertmanagers || [];
  main.append(active.length
    ? el("table", {}, el("tr", {}, el("th", {}, "Endpoint")), active.map((a) => el("tr", {}, el("td", {}, a.url))))
    : el("p", {class: "muted"}, "No Alertmanagers."));
}

async function flagsPage(main) {
  main.append(el("h1", {}, "Command-Line Flags"));
  const filter = el("input", {type: "text", placeholder: "Filter by flag name or value"});
  const body = await api("status/flags");
  const holder = el("div");
  const render = () => {
    const needle = filter.value.toLowerCase();
    holder.replaceChildren(keyValueTable(Object.entries(body.data).sort(([a], [b]) => a.localeCompare(b))
      .filter(([k, v]) => !needle || k.toLowerCase().includes(needle) || String(v).toLowerCase().includes(needle))));
  };
  filter.addEventListener("input", render);
  main.append(el("div", {class: "filter"}, filter), holder);
  render();
}

async function configPage(main) {
  main.append(el("h1", {}, "Configuration"));
  const body = await api("status/config");
  main.append(el("pre", {id: "config"}, body.data.yaml));
}

async function tsdbStatusPage(main) {
  main.append(el("h1", {}, "TSDB Status"));
  const body = await api("status/tsdb");
  const head = body.data.headStats;
  main.append(el("h2", {}, "Head Stats"), keyValueTable([
    ["Number of Series", head.numSeries], ["Number of Chunks", head.chunkCount],
    ["Number of Label Pairs", head.numLabelPairs],
    ["Current Min Time", head.minTime > 0 ? `${utc(head.minTime)} (${head.minTime})` : head.minTime],
    ["Current Max Time", head.maxTime > 0 ? `${utc(head.maxTime)} (${head.maxTime})` : head.maxTime]]));
  const sections = [["Top 10 label names with value count", "labelValueCountByLabelName", "Count"],
    ["Top 10 series count by metric names", "seriesCountByMetricName", "Count"],
    ["Top 10 label names with high memory usage", "memoryInBytesByLabelName", "Bytes"],
    ["Top 10 series count by label value pairs", "seriesCountByLabelValuePair", "Count"]];
  for (const [title, key, unit] of sections) {
    main.append(el("h2", {}, title), el("table", {}, el("tr", {}, el("th", {}, "Name"), el("th", {}, unit)),
      (body.data[key] || []).map((e) => el("tr", {}, el("td", {class: "mono"}, e.name), el("td", {class: "num"}, e.value)))));
  }
}

// MARK: Routing

const PAGES = {
  "/graph": graphPage, "/targets": targetsPage, "/service-discovery": serviceDiscoveryPage,
  "/alerts": alertsPage, "/rules": rulesPage, "/status": statusPage, "/flags": flagsPage,
  "/config": configPage, "/tsdb-status": tsdbStatusPage,
};

async function start() {
  const path = location.pathname.slice(PREFIX.length) || "/graph";
  const page = PAGES[path] || graphPage;
  for (const link of document.querySelectorAll("#nav a:not(.brand)")) {
    link.classList.toggle("active", link.getAttribute("href") === PREFIX + path);
  }
  const main = document.getElementById("page");
  main.replaceChildren();
  document.title = `Argus · ${path.slice(1).replace("-", " ")}`;
  try {
    await page(main);
  } catch (error) {
    showError(main, error);
  }
  document.body.setAttribute("data-loaded", "true");
}

start();
