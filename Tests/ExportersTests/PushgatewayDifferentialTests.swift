import ArgusTesting
import Exposition
import Foundation
import Testing

@testable import Exporters

/// The same pushes, by curl and by the Python `prometheus_client`, sent to
/// Argus and to the real Pushgateway 1.5 (Debian's `prometheus-pushgateway`):
/// the status codes, the error texts (where Go's answer is deterministic),
/// the exposition of the pushed groups and the `/api/v1/metrics` data must
/// be the same.
@Suite(.serialized) struct PushgatewayDifferentialTests {
    /// One curl request: method, path, body (nil: none), content type, and
    /// whether the answer's body must match too (not when Go's text depends
    /// on map order).
    struct CurlStep {
        var method: String
        var path: String
        var body: String?
        var contentType: String? = nil
        var compareBody = true
        /// A binary body instead of `body`.
        var bytes: [UInt8]? = nil
        /// Sent gzip-compressed with `Content-Encoding: gzip`.
        var gzip = false
    }

    static let protobufType =
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"

    /// Length-delimited `MetricFamily` messages, as Go clients push them.
    static var protobufBody: [UInt8] {
        let families = [
            PushedMetricFamily(
                name: "pb_gauge", help: "From protobuf.", type: .gauge,
                metrics: [
                    PushedMetric(labels: [PushedLabel("k", "v")], gauge: 2.5),
                    PushedMetric(labels: [PushedLabel("k", "a")], gauge: -1),
                ]),
            PushedMetricFamily(
                name: "pb_summary", type: .summary,
                metrics: [
                    PushedMetric(
                        summary: PushedSummary(
                            sampleCount: 3, sampleSum: 1.5, quantiles: [PushedQuantile(quantile: 0.99, value: 0.7)]))
                ]),
            PushedMetricFamily(
                name: "pb_histogram", help: "", type: .histogram,
                metrics: [
                    PushedMetric(
                        labels: [PushedLabel("job", "overwritten")],
                        histogram: PushedHistogram(
                            sampleCount: 4, sampleSum: 9,
                            buckets: [
                                PushedBucket(upperBound: 1, cumulativeCount: 1),
                                PushedBucket(upperBound: 5, cumulativeCount: 3),
                            ]))
                ]),
        ]
        var out: [UInt8] = []
        for family in families {
            var writer = ProtobufWriter()
            writer.writeMessage(1) { family.encode(to: &$0) }
            out += writer.bytes.dropFirst()
        }
        return out
    }

    static let curlSteps: [CurlStep] = [
        CurlStep(method: "PUT", path: "/metrics/job/j1", body: "a 1\n"),
        CurlStep(
            method: "PUT", path: "/metrics/job/j1/instance/i",
            body: """
                # HELP c A counter.
                # TYPE c counter
                c{x="2"} 4
                c{x="1"} 3
                # HELP h hist
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_bucket{le="+Inf"} 2
                h_sum 3
                h_count 2
                # TYPE s summary
                s{quantile="0.5"} 1.5
                s_sum 3
                s_count 1000000
                # TYPE c2 counter
                c2_total 1

                """),
        CurlStep(method: "POST", path: "/metrics/job/j1/instance/i", body: "d{path=\"/tmp\"} 5\nc{x=\"1\"} 9\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j1", body: "a 1 123\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j1", body: "a 1"),
        CurlStep(method: "PUT", path: "/metrics/job/j6", body: "b 1\nb 2\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j6", body: "b{__x=\"1\"} 1\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j6", body: "x{y=\"1\",y=\"2\"} 1\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j6", body: "# TYPE t gauge\nt 1\n# TYPE t gauge\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j6", body: "v x\n"),
        CurlStep(method: "PUT", path: "/metrics/job@base64/L3Zhci90bXA/path@base64/=", body: "e 1\n"),
        CurlStep(method: "PUT", path: "/metrics/job/titan/name/%CE%A0%CF%81%CE%BF", body: "e 2\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j2/__x/y", body: ""),
        CurlStep(method: "PUT", path: "/metrics/job/j2/odd", body: ""),
        CurlStep(method: "PUT", path: "/metrics/job/j2/x@base64/!!", body: ""),
        CurlStep(method: "PUT", path: "/metrics/job@base64/=", body: ""),
        CurlStep(method: "GET", path: "/metrics/job/j1", body: nil),
        CurlStep(method: "PUT", path: "/metrics/job/j3", body: ""),
        CurlStep(method: "PUT", path: "/metrics/job/j7", body: "keep 1\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j7", body: ""),
        CurlStep(method: "POST", path: "/metrics/job/j8", body: "keep2 1\n"),
        CurlStep(method: "POST", path: "/metrics/job/j8", body: ""),
        CurlStep(method: "DELETE", path: "/metrics/job/j3", body: nil),
        CurlStep(method: "DELETE", path: "/metrics/job/never", body: nil),
        // "a" is untyped in group j1: a gauge "a" elsewhere is inconsistent (Go's text depends on map order).
        CurlStep(method: "PUT", path: "/metrics/job/j4", body: "# TYPE a gauge\na 1\n", compareBody: false),
        CurlStep(method: "PUT", path: "/metrics/job/j5", body: "f{job=\"zzz\",instance=\"q\"} 1\n"),
        CurlStep(method: "PUT", path: "/metrics/job/j9", body: "push_time_seconds 5\n"),
        CurlStep(method: "PUT", path: "/metrics/job/pb", body: nil, contentType: protobufType, bytes: protobufBody),
        CurlStep(method: "PUT", path: "/metrics/job/pb2", body: nil, contentType: protobufType, bytes: [0x78, 1, 2]),
        CurlStep(method: "PUT", path: "/metrics/job/gz", body: "# HELP gz Gzipped.\ngz{a=\"b\"} 1\n", gzip: true),
        CurlStep(method: "PUT", path: "/nope", body: ""),
        CurlStep(method: "PUT", path: "/api/v1/admin/wipe", body: nil),
        CurlStep(method: "POST", path: "/-/quit", body: nil),
        CurlStep(method: "GET", path: "/-/healthy", body: nil),
    ]

    /// Pushes with the Python client: every family type, a grouping key that
    /// needs base64 (a `/` and an empty value), POST over PUT, and a delete.
    static let pythonScenario = #"""
        import sys, urllib.error
        from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, Summary, Info,
                                       push_to_gateway, pushadd_to_gateway, delete_from_gateway)
        try:
            from prometheus_client import disable_created_metrics
            disable_created_metrics()
        except ImportError:
            pass
        gateway = sys.argv[1]

        def step(name, action):
            try:
                action()
                print(name, "ok")
            except urllib.error.HTTPError as e:
                print(name, e.code, e.read().decode())

        r = CollectorRegistry()
        g = Gauge("py_gauge", "A gauge.", ["l"], registry=r)
        g.labels("a").set(1.5)
        g.labels("b").set(-2)
        Counter("py_counter", "A counter.", registry=r).inc(3)
        s = Summary("py_summary", "A summary.", registry=r)
        s.observe(0.25)
        s.observe(4)
        h = Histogram("py_hist", "A histogram.", buckets=[0.1, 1, 10], registry=r)
        h.observe(0.5)
        h.observe(20)
        Info("py_info", "Some info.", registry=r).info({"version": "1.2"})
        key = {"instance": "host:1", "path": "/var/tmp"}
        step("push", lambda: push_to_gateway(gateway, job="pyjob", registry=r, grouping_key=key))

        r2 = CollectorRegistry()
        Gauge("py_extra", "Added by POST.", registry=r2).set(7)
        Gauge("py_gauge", "A gauge.", ["l"], registry=r2).labels("c").set(3)
        step("pushadd", lambda: pushadd_to_gateway(gateway, job="pyjob", registry=r2, grouping_key=key))

        r3 = CollectorRegistry()
        Gauge("py_slash", "Job with a slash.", registry=r3).set(1)
        step("slash", lambda: push_to_gateway(gateway, job="py/slash", registry=r3, grouping_key={"empty": ""}))
        step("gone", lambda: push_to_gateway(gateway, job="pygone", registry=r3))
        step("delete", lambda: delete_from_gateway(gateway, job="pygone"))

        r4 = CollectorRegistry()
        Gauge("py_counter_total", "Wrong type.", registry=r4).set(1)
        step("conflict", lambda: push_to_gateway(gateway, job="pyconflict", registry=r4))
        """#

    /// Runs every step against the gateway at `url`; returns one line per step.
    static func run(against url: String, directory: URL) async throws -> [String] {
        let curl = try #require(Peer.locate("curl"))
        var lines: [String] = []
        for (index, step) in curlSteps.enumerated() {
            let output = directory.appendingPathComponent("curl-\(index).out").path
            var arguments = ["-s", "-o", output, "-w", "%{http_code}", "-X", step.method, "--path-as-is"]
            if var bytes = step.bytes ?? step.body.map({ Array($0.utf8) }) {
                if step.gzip {
                    let python = try #require(Peer.locate("python3"))
                    let script = "import gzip,sys;sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read()))"
                    bytes = Array(try await runOffPool(python, ["-c", script], stdin: Data(bytes)).stdout)
                    arguments += ["-H", "Content-Encoding: gzip"]
                }
                let bodyFile = directory.appendingPathComponent("curl-\(index).body")
                try Data(bytes).write(to: bodyFile)
                arguments += ["--data-binary", "@" + bodyFile.path]
            }
            if let contentType = step.contentType { arguments += ["-H", "Content-Type: \(contentType)"] }
            arguments.append(url + step.path)
            let result = try await runOffPool(curl, arguments)
            let body = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            lines.append(
                "\(step.method) \(step.path) -> \(result.stdoutString)" + (step.compareBody ? " \(body)" : ""))
        }
        let script = directory.appendingPathComponent("scenario.py")
        try pythonScenario.write(to: script, atomically: true, encoding: .utf8)
        let python = try #require(Peer.locate("python3"))
        let result = try await runOffPool(python, [script.path, url])
        #expect(result.status == 0, "python scenario failed: \(result.stderrString)")
        for line in result.stdoutString.split(separator: "\n") {
            // The type conflict's text depends on Go's map order: keep its status only.
            lines.append(line.hasPrefix("conflict ") ? String(line.prefix(12)) : String(line))
        }
        return lines
    }

    /// `/api/v1/metrics` data with timestamps blanked, as a set of groups.
    static func apiShape(_ json: String) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        guard let top = object as? [String: Any], let data = top["data"] as? [[String: Any]] else {
            throw PeerError(message: "unexpected /api/v1/metrics answer: \(json)")
        }
        var groups: Set<String> = []
        for group in data {
            var normalized = group
            for (name, value) in group where name != "labels" {
                guard var family = value as? [String: Any] else { continue }
                family["time_stamp"] = "<time>"
                if name == "push_time_seconds" || name == "push_failure_time_seconds",
                    var metrics = family["metrics"] as? [[String: Any]]
                {
                    for i in metrics.indices where metrics[i]["value"] as? String != "0" {
                        metrics[i]["value"] = "<time>"
                    }
                    family["metrics"] = metrics
                }
                normalized[name] = family
            }
            let bytes = try JSONSerialization.data(withJSONObject: normalized, options: [.sortedKeys])
            groups.insert(String(decoding: bytes, as: UTF8.self))
        }
        return groups
    }

    @Test(
        .enabled(
            if: Peer.available("prometheus-pushgateway") && Peer.available("curl")
                && Peer.pythonModuleAvailable("prometheus_client"),
            "needs prometheus-pushgateway, curl and the prometheus_client Python package"))
    func argusAnswersLikePushgateway15() async throws {
        let directory = try Fixtures.temporaryDirectory("pushgateway-differential")
        defer { try? FileManager.default.removeItem(at: directory) }
        let upstreamDirectory = directory.appendingPathComponent("upstream")
        let argusDirectory = directory.appendingPathComponent("argus")
        try FileManager.default.createDirectory(at: upstreamDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: argusDirectory, withIntermediateDirectories: true)

        let port = BackgroundProcess.freePort()
        let upstream = try BackgroundProcess.start(
            try #require(Peer.locate("prometheus-pushgateway")),
            [
                "--web.listen-address=127.0.0.1:\(port)",
                "--persistence.file=\(upstreamDirectory.appendingPathComponent("pg.data").path)",
            ], in: upstreamDirectory)
        defer { upstream.stop() }
        try await upstream.waitForLog("Listening on")
        let upstreamURL = "http://127.0.0.1:\(port)"
        let expected = try await Self.run(against: upstreamURL, directory: upstreamDirectory)
        let expectedMetrics = pushedExposition(try await http("GET", upstreamURL + "/metrics").body)
        let expectedAPI = try Self.apiShape(try await http("GET", upstreamURL + "/api/v1/metrics").body)
        // The scenario itself: the pushes meant to succeed did, upstream.
        for step in [
            "PUT /metrics/job/pb -> 200", "PUT /metrics/job/gz -> 200", "push ok", "pushadd ok", "conflict 400",
        ] {
            #expect(expected.contains { $0.hasPrefix(step) }, "upstream answered otherwise: \(expected)")
        }
        for series in ["pb_gauge{", "pb_histogram_bucket{", "gz{", "py_hist_bucket{", "py_slash{"] {
            #expect(expectedMetrics.contains(series))
        }

        try await withPushgateway { gateway in
            let actual = try await Self.run(against: gateway.url, directory: argusDirectory)
            #expect(actual.count == expected.count)
            for (mine, theirs) in zip(actual, expected) {
                #expect(mine == theirs)
            }
            let actualMetrics = pushedExposition(try await http("GET", gateway.url + "/metrics").body)
            #expect(actualMetrics == expectedMetrics)
            let actualAPI = try Self.apiShape(try await http("GET", gateway.url + "/api/v1/metrics").body)
            #expect(actualAPI == expectedAPI)
        }
    }
}
