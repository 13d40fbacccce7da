import ArgusCore
import ArgusTesting
import AsyncHTTPClient
import Logging
import MetricsTestKit
import NIOHTTP1
import OutboundHTTP
import Testing

@testable import Discovery

/// Ports the cases of Prometheus' `discovery/http/http_test.go` against a
/// loopback server.
@Suite struct HTTPDiscovererTests {
    func discoverer(
        _ server: LoopbackHTTPServer, interval: Duration = .seconds(60), metrics: TestMetrics = TestMetrics()
    ) throws -> HTTPDiscoverer {
        try HTTPDiscoverer(
            url: server.url, refreshInterval: interval, headers: [(name: "X-Custom", value: "yes")],
            userAgent: "Argus/test", client: .shared, logger: .quiet, metricsFactory: metrics)
    }

    /// The failure count, or -1 when the counter does not exist.
    func failures(_ metrics: TestMetrics) -> Int64 {
        (try? metrics.expectCounter("prometheus_sd_http_failures_total").totalValue) ?? -1
    }

    @Test func validRefresh() async throws {
        let body = #"[{"labels": {"__meta_datacenter": "bru1"}, "targets": ["127.0.0.1:9090"]}]"#
        try await LoopbackHTTPServer.with(.init(body: body)) { server in
            let metrics = TestMetrics()
            let groups = try await discoverer(server, metrics: metrics).refresh()
            #expect(
                groups == [
                    TargetGroup(
                        source: server.url + ":0", targets: TargetGroup.targets(addresses: ["127.0.0.1:9090"]),
                        labels: ["__meta_datacenter": "bru1", "__meta_url": server.url])
                ])
            #expect(failures(metrics) == 0)
            let headers = try #require(server.requests.last)
            #expect(headers["User-Agent"] == ["Argus/test"])
            #expect(headers["Accept"] == ["application/json"])
            #expect(headers["X-Prometheus-Refresh-Interval-Seconds"] == ["60"])
            #expect(headers["X-Custom"] == ["yes"])
        }
    }

    @Test func invalidCode() async throws {
        try await LoopbackHTTPServer.with(.init(status: .badRequest, body: "")) { server in
            let metrics = TestMetrics()
            await #expect(throws: DiscoveryError("server returned HTTP status 400 Bad Request")) {
                try await discoverer(server, metrics: metrics).refresh()
            }
            #expect(failures(metrics) == 1)
        }
    }

    @Test func serverError() async throws {
        try await LoopbackHTTPServer.with(.init(status: .internalServerError, body: "oops")) { server in
            let metrics = TestMetrics()
            await #expect(throws: DiscoveryError("server returned HTTP status 500 Internal Server Error")) {
                try await discoverer(server, metrics: metrics).refresh()
            }
            #expect(failures(metrics) == 1)
        }
    }

    @Test func invalidContentType() async throws {
        try await LoopbackHTTPServer.with(.init(contentType: "text/plain; charset=utf-8", body: "[]")) { server in
            let metrics = TestMetrics()
            await #expect(throws: DiscoveryError(#"unsupported content type "text/plain; charset=utf-8""#)) {
                try await discoverer(server, metrics: metrics).refresh()
            }
            #expect(failures(metrics) == 1)
        }
    }

    @Test func invalidJSON() async throws {
        try await LoopbackHTTPServer.with(.init(body: #"[{"targets": ["a"]}, null]"#)) { server in
            let metrics = TestMetrics()
            await #expect(throws: DiscoveryError("nil target group item found")) {
                try await discoverer(server, metrics: metrics).refresh()
            }
            #expect(failures(metrics) == 1)
        }
    }

    @Test(arguments: [
        ("application/json;charset=utf-8", true),
        ("application/json;charset=UTF-8", true),
        ("Application/JSON;Charset=\"utf-8\"", true),
        ("application/json; charset=\"utf-8\"", true),
        ("application/json", true),
        (" application/json ", true),
        ("application/jsonl; charset=\"utf-8\"", false),
        ("application/json;charset=UTF-9", false),
        ("application /json;charset=UTF-8", false),
        ("application/ json;charset=UTF-8", false),
        ("application/json;", false),
        ("charset=UTF-8", false),
    ])
    func contentTypeCheck(header: String, expected: Bool) {
        #expect(HTTPDiscoverer.isJSONContentType(header) == expected)
    }

    @Test func vanishedGroupsAreSentEmpty() async throws {
        let one = #"[{"labels": {"k": "1"}, "targets": ["127.0.0.1"]}]"#
        let two =
            #"[{"labels": {"k": "1"}, "targets": ["127.0.0.1"]}, {"labels": {"k": "2"}, "targets": ["127.0.0.1"]}]"#
        try await LoopbackHTTPServer.with(.init(body: two)) { server in
            let url = server.url
            func group(_ index: Int, _ k: String) -> TargetGroup {
                TargetGroup(
                    source: "\(url):\(index)", targets: TargetGroup.targets(addresses: ["127.0.0.1"]),
                    labels: ["k": k, "__meta_url": url])
            }
            let metrics = TestMetrics()
            try await withDiscoverer(try discoverer(server, interval: .milliseconds(20), metrics: metrics)) {
                recorder in
                #expect(await eventually { await recorder.sorted() == [group(0, "1"), group(1, "2")] })
                // A failing refresh keeps the groups.
                server.respond(.init(status: .internalServerError, body: ""))
                #expect(await eventually { failures(metrics) >= 1 })
                #expect(await recorder.sorted() == [group(0, "1"), group(1, "2")])
                server.respond(.init(body: one))
                #expect(
                    await eventually {
                        await recorder.sorted() == [group(0, "1"), TargetGroup(source: "\(url):1", targets: [])]
                    })
                server.respond(.init(body: "[]"))
                #expect(
                    await eventually {
                        await recorder.sorted() == [
                            TargetGroup(source: "\(url):0", targets: []), TargetGroup(source: "\(url):1", targets: []),
                        ]
                    })
            }
        }
    }

    @Test func rejectsInvalidURLs() {
        #expect(throws: DiscoveryError("URL is missing")) {
            try HTTPDiscoverer(url: "", userAgent: "a", client: .shared)
        }
        #expect(throws: DiscoveryError("URL scheme must be 'http' or 'https'")) {
            try HTTPDiscoverer(url: "ftp://x/", userAgent: "a", client: .shared)
        }
        #expect(throws: DiscoveryError("host is missing in URL")) {
            try HTTPDiscoverer(url: "http:///sd", userAgent: "a", client: .shared)
        }
    }
}
