import ArgusCore
import ArgusTesting
import Exposition
import Foundation
import Testing

@Suite struct ExpositionEncoderTests {
    static let families: [MetricFamily] = [
        MetricFamily(
            name: "http_requests_total",
            type: .counter,
            help: "Requests served.\nSecond line with a back\\slash.",
            samples: [
                ExposedSample(name: "http_requests_total", labels: ["code": "200", "path": "/a\"b"], value: 1027),
                ExposedSample(
                    name: "http_requests_total", labels: ["code": "500"], value: 3, timestamp: 1_700_000_000_123),
            ]
        ),
        MetricFamily(
            name: "request_duration_seconds",
            type: .histogram,
            help: "Request latency.",
            samples: [
                ExposedSample(name: "request_duration_seconds_bucket", labels: ["le": "0.1"], value: 8),
                ExposedSample(name: "request_duration_seconds_bucket", labels: ["le": "+Inf"], value: 11),
                ExposedSample(name: "request_duration_seconds_sum", value: 4.5),
                ExposedSample(name: "request_duration_seconds_count", value: 11),
            ]
        ),
        MetricFamily(
            name: "queue_length",
            type: .gauge,
            help: "Items waiting.",
            samples: [
                ExposedSample(name: "queue_length", value: 1.5e6),
                ExposedSample(name: "queue_length", labels: ["q": "b"], value: GoFloat.parsedNaN),
            ]
        ),
    ]

    @Test func writesTextFormat() {
        let text = ExpositionEncoder(format: .text).encodeString(Self.families)
        #expect(
            text == """
                # HELP http_requests_total Requests served.\\nSecond line with a back\\\\slash.
                # TYPE http_requests_total counter
                http_requests_total{code="200",path="/a\\"b"} 1027
                http_requests_total{code="500"} 3 1700000000123
                # HELP request_duration_seconds Request latency.
                # TYPE request_duration_seconds histogram
                request_duration_seconds_bucket{le="0.1"} 8
                request_duration_seconds_bucket{le="+Inf"} 11
                request_duration_seconds_sum 4.5
                request_duration_seconds_count 11
                # HELP queue_length Items waiting.
                # TYPE queue_length gauge
                queue_length 1.5e+06
                queue_length{q="b"} NaN

                """
        )
    }

    @Test func writesOpenMetrics() {
        var families = Self.families
        families[0].name = "http_requests"
        families[0].samples[0].exemplar = Exemplar(labels: ["trace_id": "x"], value: 1, timestamp: 1_700_000_000_500)
        families[1].unit = "seconds"
        let text = ExpositionEncoder(format: .openMetrics).encodeString(families)
        #expect(
            text == """
                # HELP http_requests Requests served.\\nSecond line with a back\\\\slash.
                # TYPE http_requests counter
                http_requests_total{code="200",path="/a\\"b"} 1027.0 # {trace_id="x"} 1.0 1700000000.5
                http_requests_total{code="500"} 3.0 1700000000.123
                # HELP request_duration_seconds Request latency.
                # TYPE request_duration_seconds histogram
                # UNIT request_duration_seconds seconds
                request_duration_seconds_bucket{le="0.1"} 8.0
                request_duration_seconds_bucket{le="+Inf"} 11.0
                request_duration_seconds_sum 4.5
                request_duration_seconds_count 11.0
                # HELP queue_length Items waiting.
                # TYPE queue_length gauge
                queue_length 1.5e+06
                queue_length{q="b"} NaN
                # EOF

                """
        )
        // And it parses back to the same families.
        let decoded = try? ExpositionDecoder.decode(Array(text.utf8), format: .openMetrics)
        #expect(decoded == families)
    }

    @Test func quotesUTF8Names() async throws {
        let family = MetricFamily(
            name: "my.metric",
            type: .gauge,
            samples: [ExposedSample(name: "my.metric", labels: ["service.name": "api", "ok": "1"], value: 1)]
        )
        let text = ExpositionEncoder(format: .text).encodeString([family])
        #expect(text == "# TYPE \"my.metric\" gauge\n{\"my.metric\",ok=\"1\",\"service.name\"=\"api\"} 1\n")
        #expect(try ExpositionDecoder.decode(Array(text.utf8), format: .text) == [family])
    }

    @Test(arguments: [
        ("text/plain; version=0.0.4", ExpositionFormat.text),
        ("application/openmetrics-text; version=1.0.0; charset=utf-8", .openMetrics),
        ("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", .openMetrics),
        ("text/plain;q=0.9,application/openmetrics-text;q=0.5", .text),
        ("application/openmetrics-text;q=0", .text),
        ("application/json", .text),
        ("", .text),
        (ExpositionFormat.scrapeAcceptHeader, .openMetrics),
    ])
    func negotiatesFromAccept(accept: String, expected: ExpositionFormat) {
        #expect(ExpositionFormat.negotiate(accept: accept) == expected)
    }

    @Test func readsContentType() {
        #expect(ExpositionFormat(contentType: "application/openmetrics-text; version=1.0.0") == .openMetrics)
        #expect(ExpositionFormat(contentType: "text/plain; version=0.0.4") == .text)
        #expect(ExpositionFormat(contentType: nil) == .text)
    }
}

@Suite struct ExpositionRoundTripTests {
    /// A real node-exporter 1.5 scrape re-encodes byte for byte: our text
    /// encoder writes exactly what Go's expfmt writes.
    @Test func nodeExporterScrapeRoundTripsByteForByte() async throws {
        let original = try Fixtures.sharedBytes("reference/node-exporter-1.5-metrics.txt")
        let families = try ExpositionDecoder.decode(original, format: .text)
        #expect(families.count > 200)
        #expect(families.first { $0.name == "node_cpu_seconds_total" }?.type == .counter)
        let encoded = ExpositionEncoder(format: .text).encode(families)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: original, as: UTF8.self))
        let viaOpenMetrics = ExpositionEncoder(format: .openMetrics).encode(families)
        let reparsed = try ExpositionDecoder.decode(viaOpenMetrics, format: .openMetrics)
        #expect(reparsed.flatMap(\.samples) == families.flatMap(\.samples))
    }

    @Test(.enabled(if: Peer.available("promtool"), "promtool not installed (Debian package prometheus)"))
    func promtoolAcceptsOurOutput() async throws {
        let promtool = try #require(Peer.locate("promtool"))
        let clean = ExpositionEncoder(format: .text).encode(ExpositionEncoderTests.families)
        let result = try await Peer.run(promtool, ["check", "metrics"], stdin: Data(clean))
        #expect(result.status == 0, "promtool said: \(result.stderrString)")

        // On the node-exporter scrape, promtool finds the same lint problems in
        // our re-encoding as in the original, and no parse error.
        let original = try Fixtures.sharedBytes("reference/node-exporter-1.5-metrics.txt")
        let reencoded = ExpositionEncoder(format: .text).encode(try ExpositionDecoder.decode(original, format: .text))
        let onOriginal = try await Peer.run(promtool, ["check", "metrics"], stdin: Data(original))
        let onOurs = try await Peer.run(promtool, ["check", "metrics"], stdin: Data(reencoded))
        #expect(onOurs.status == 3)
        #expect(onOurs.stderrString == onOriginal.stderrString)
    }

    /// Starts the real node-exporter on loopback, scrapes it, and checks that
    /// the parser reads every line and the encoder reproduces it exactly.
    @Test(.enabled(if: Peer.available("prometheus-node-exporter"), "prometheus-node-exporter not installed"))
    func liveNodeExporterRoundTrips() async throws {
        let binary = try #require(Peer.locate("prometheus-node-exporter"))
        let port = BackgroundProcess.freePort()
        let directory = try Fixtures.temporaryDirectory("node-exporter")
        defer { try? FileManager.default.removeItem(at: directory) }
        let exporter = try BackgroundProcess.start(
            binary, ["--web.listen-address=127.0.0.1:\(port)"], in: directory)
        defer { exporter.stop() }
        try await exporter.waitForLog("Listening on")
        let scraped = try await Peer.httpGet("http://127.0.0.1:\(port)/metrics")
        let families = try ExpositionDecoder.decode(scraped, format: .text)
        #expect(families.contains { $0.name == "node_cpu_seconds_total" })
        let samples = families.reduce(0) { $0 + $1.samples.count }
        let sampleLines = scraped.split(separator: 0x0A).filter { $0.first != UInt8(ascii: "#") }.count
        #expect(samples == sampleLines)
        let encoded = ExpositionEncoder(format: .text).encode(families)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: scraped, as: UTF8.self))
    }
}

@Suite struct ExpositionDecoderStrictnessTests {
    @Test(arguments: [
        ("# HELP m a\n# HELP m b\nm 1\n", 2, 8, "second HELP line for metric name \"m\""),
        (
            "# TYPE m gauge\n# TYPE m gauge\nm 1\n", 2, 8,
            "second TYPE line for metric name \"m\", or TYPE reported after samples"
        ),
        ("m 1\n# TYPE m gauge\n", 2, 8, "second TYPE line for metric name \"m\", or TYPE reported after samples"),
        ("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", 2, 14, "expected float as value for 'le' label, got \"x\""),
        (
            "# TYPE s summary\ns{quantile=\"0x1p-1\"} 1\n", 2, 13,
            "expected float as value for 'quantile' label, got \"0x1p-1\""
        ),
    ])
    func expfmtRejectsInconsistentMetadata(body: String, line: Int, column: Int, reason: String) throws {
        // The scrape parser accepts all of these...
        _ = try ExpositionDecoder.decode(Array(body.utf8), format: .text)
        // ...Go's expfmt, and so promtool and the push gateway, does not.
        do {
            _ = try ExpositionDecoder.decode(Array(body.utf8), format: .text, strictness: .expfmt)
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == reason)
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func typeKeywordsAreCaseInsensitiveInText() async throws {
        let families = try ExpositionDecoder.decode(Array("# TYPE m COUNTER\nm 1\n".utf8), format: .text)
        #expect(families.first?.type == .counter)
        #expect(throws: ExpositionError.self) {
            try ExpositionDecoder.decode(Array("# TYPE m COUNTER\nm 1\n# EOF\n".utf8), format: .openMetrics)
        }
    }
}
