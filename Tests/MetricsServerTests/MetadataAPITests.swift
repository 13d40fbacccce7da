import ArgusCore
import Exposition
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Storage
import TSDB
import Testing

@testable import MetricsServer
@testable import Scrape

@Suite struct MetadataAPITests {
    @Test func seriesListsMatchingLabelSets() async throws {
        let harness = try await APITestHarness.seeded()
        let (status, body) = try await harness.get(
            "/api/v1/series?match%5B%5D=up&match%5B%5D=up%7Binstance%3D%22a%22%7D")
        #expect(status == .ok)
        #expect(
            body
                == #"{"status":"success","data":[{"__name__":"up","instance":"a","job":"api"},{"__name__":"up","instance":"b","job":"api"}]}"#
        )
    }

    @Test func seriesNeedsAMatcher() async throws {
        let harness = try await APITestHarness.seeded()
        let (status, body) = try await harness.get("/api/v1/series")
        #expect(status == .badRequest)
        #expect(body == #"{"status":"error","errorType":"bad_data","error":"no match[] parameter provided"}"#)
        let (status2, body2) = try await harness.get("/api/v1/series?match%5B%5D=%7Bjob%3D~%22.*%22%7D")
        #expect(status2 == .badRequest)
        #expect(body2.contains("match[] must contain at least one non-empty matcher"))
    }

    @Test func labelNamesAndValues() async throws {
        let harness = try await APITestHarness.seeded()
        let (_, names) = try await harness.get("/api/v1/labels")
        #expect(names == #"{"status":"success","data":["__name__","code","instance","job"]}"#)
        let (_, filtered) = try await harness.get("/api/v1/labels?match%5B%5D=up")
        #expect(filtered == #"{"status":"success","data":["__name__","instance","job"]}"#)
        let (_, values) = try await harness.get("/api/v1/label/__name__/values")
        #expect(values == #"{"status":"success","data":["http_requests_total","up"]}"#)
        let (_, limited) = try await harness.get("/api/v1/label/instance/values?limit=1")
        #expect(limited == #"{"status":"success","data":["a"],"warnings":["results truncated due to limit"]}"#)
    }

    @Test func statusEndpoints() async throws {
        let harness = try await APITestHarness.seeded()
        let (_, buildinfo) = try await harness.get("/api/v1/status/buildinfo")
        #expect(buildinfo.hasPrefix(#"{"status":"success","data":{"version":"test","#))
        let (_, flags) = try await harness.get("/api/v1/status/flags")
        #expect(flags == #"{"status":"success","data":{"query.timeout":"2m"}}"#)
        let (_, config) = try await harness.get("/api/v1/status/config")
        #expect(config.contains("job_name: argus"))
        let (_, tsdb) = try await harness.get("/api/v1/status/tsdb")
        #expect(
            tsdb.contains(#""headStats":{"numSeries":4,"numLabelPairs":6,"chunkCount":4,"minTime":0,"maxTime":300000}"#)
        )
        #expect(
            tsdb.contains(
                #""seriesCountByMetricName":[{"name":"http_requests_total","value":2},{"name":"up","value":2}]"#))
        let (_, runtime) = try await harness.get("/api/v1/status/runtimeinfo")
        #expect(runtime.contains(#""reloadConfigSuccess":true"#))
        #expect(runtime.contains(#""storageRetention":"15d""#))
    }

    @Test func healthReadinessAndSelfMetrics() async throws {
        let harness = try await APITestHarness.seeded()
        let (healthy, text) = try await harness.get("/-/healthy")
        #expect(healthy == .ok)
        #expect(text == "Prometheus Server is Healthy.\n")
        harness.server.status.isReady = false
        let (notReady, _) = try await harness.get("/-/ready")
        #expect(notReady == .serviceUnavailable)
        harness.server.status.isReady = true
        _ = try await harness.get("/api/v1/query?query=up&time=1")
        let (_, metrics) = try await harness.get("/metrics")
        #expect(metrics.contains("prometheus_tsdb_head_series 4"))
        #expect(metrics.contains(#"prometheus_config_last_reload_successful 1"#))
    }

    @Test func federationExposesLatestSamples() async throws {
        let harness = try await APITestHarness.seeded()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let appender = harness.db.appender()
        try appender.append(["__name__": "fresh", "job": "x"], timestamp: now, value: 42)
        try appender.commit()
        let (status, body) = try await harness.get("/federate?match%5B%5D=fresh")
        #expect(status == .ok)
        #expect(body == "# TYPE fresh untyped\nfresh{job=\"x\"} 42 \(now)\n")
    }

    @Test func tsdbStatsLimitIsValidated() async throws {
        let harness = try await APITestHarness.seeded()
        let (status, body) = try await harness.get("/api/v1/status/tsdb?limit=0")
        #expect(status == .badRequest)
        #expect(body.contains("limit must be a positive number"))
    }
}

/// A scrape manager's answer, fixed.
struct FixedTargets: TargetsProvider {
    func targets() async -> TargetsSnapshot {
        TargetsSnapshot(
            activeTargets: [
                ActiveTarget(
                    discoveredLabels: ["__address__": "a:9100", "__scheme__": "http", "job": "node"],
                    labels: ["instance": "a:9100", "job": "node"], scrapePool: "node",
                    scrapeURL: "http://a:9100/metrics", globalURL: "http://a:9100/metrics", lastError: "",
                    lastScrape: 1_700_000_000_123, lastScrapeDuration: 0.0125, health: .up, scrapeInterval: "15s",
                    scrapeTimeout: "10s")
            ],
            droppedTargets: [
                DroppedTarget(discoveredLabels: ["__address__": "b:1", "job": "node"], scrapePool: "node")
            ],
            droppedTargetCounts: ["node": 1])
    }

    func targetMetadata() async -> [TargetMetadata] {
        [
            TargetMetadata(
                scrapePool: "node", targetLabels: ["instance": "a:9100", "job": "node"],
                metadata: [
                    MetricMetadata(metricFamily: "node_load1", type: .gauge, help: "1m load average."),
                    MetricMetadata(metricFamily: "up_total", type: .counter, help: "Ups.", unit: ""),
                ])
        ]
    }
}

@Suite struct TargetsAPITests {
    private func harness() async throws -> APITestHarness {
        var harness = try await APITestHarness.make()
        harness.targets = FixedTargets()
        return harness
    }

    @Test func targetsInPrometheusShape() async throws {
        let (status, body) = try await harness().get("/api/v1/targets")
        #expect(status == .ok)
        #expect(
            body
                == #"{"status":"success","data":{"activeTargets":[{"discoveredLabels":{"__address__":"a:9100","__scheme__":"http","job":"node"},"labels":{"instance":"a:9100","job":"node"},"scrapePool":"node","scrapeUrl":"http://a:9100/metrics","globalUrl":"http://a:9100/metrics","lastError":"","lastScrape":"2023-11-14T22:13:20.123Z","lastScrapeDuration":0.0125,"health":"up","scrapeInterval":"15s","scrapeTimeout":"10s"}],"droppedTargets":[{"discoveredLabels":{"__address__":"b:1","job":"node"},"scrapePool":"node"}],"droppedTargetCounts":{"node":1}}}"#
        )
        let (_, dropped) = try await harness().get("/api/v1/targets?state=dropped")
        #expect(dropped.contains(#""activeTargets":[]"#))
    }

    @Test func metadataEndpoints() async throws {
        let (_, byTarget) = try await harness().get("/api/v1/targets/metadata?metric=node_load1")
        #expect(
            byTarget
                == #"{"status":"success","data":[{"target":{"instance":"a:9100","job":"node"},"type":"gauge","help":"1m load average.","unit":""}]}"#
        )
        let (_, all) = try await harness().get("/api/v1/metadata")
        #expect(
            all
                == #"{"status":"success","data":{"node_load1":[{"type":"gauge","help":"1m load average.","unit":""}],"up_total":[{"type":"counter","help":"Ups.","unit":""}]}}"#
        )
        let (_, limited) = try await harness().get("/api/v1/metadata?limit=1")
        #expect(!limited.contains("up_total"))
    }
}
