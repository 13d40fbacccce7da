import ArgusTesting
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import Exporters
@testable import HostCollectors

@Suite struct NodeExporterServerTests {
    static func server(maxRequests: Int = 40, exporterMetrics: Bool = true) throws -> NodeExporterServer {
        var options = NodeExporterOptions()
        options.collectors = ["loadavg"]
        options.environment = NodeCollectorGoldenTests.environment
        options.maxRequests = maxRequests
        options.includeExporterMetrics = exporterMetrics
        return try NodeExporterServer(options: options, logger: Logger(label: "test"))
    }

    static func get(_ server: NodeExporterServer, _ uri: String) async throws -> (Int, String) {
        let app = Application(router: server.makeRouter())
        return try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                (response.status.code, String(buffer: response.body))
            }
        }
    }

    @Test func metricsHaveCollectorOutputAndScrapeResults() async throws {
        let (status, body) = try await Self.get(Self.server(), "/metrics")
        #expect(status == 200)
        #expect(body.contains("node_load1 0.21\n"))
        #expect(body.contains("node_scrape_collector_success{collector=\"loadavg\"} 1\n"))
        #expect(body.contains("node_scrape_collector_duration_seconds{collector=\"loadavg\"} "))
        #expect(body.contains("promhttp_metric_handler_requests_total{code=\"200\"} "))
    }

    @Test func exporterMetricsCanBeDisabled() async throws {
        let (_, body) = try await Self.get(Self.server(exporterMetrics: false), "/metrics")
        #expect(!body.contains("promhttp_"))
        #expect(body.contains("node_load1 "))
    }

    @Test func collectFilterNarrowsAndRejectsUnknownCollectors() async throws {
        let server = try Self.server()
        let (status, body) = try await Self.get(server, "/metrics?collect[]=loadavg")
        #expect(status == 200)
        #expect(body.contains("node_load5 0.34\n"))
        let (missing, message) = try await Self.get(server, "/metrics?collect[]=nosuch")
        #expect(missing == 400)
        #expect(
            message == "Couldn't create filtered metrics handler: couldn't create collector: missing collector: nosuch")
    }

    @Test func failingCollectorReportsFailureWithoutFailingTheScrape() async throws {
        var options = NodeExporterOptions()
        options.collectors = ["loadavg"]
        options.environment = NodeEnvironment(paths: NodePaths(procfs: "/nonexistent-argus-proc"))
        let server = try NodeExporterServer(options: options, logger: Logger(label: "test"))
        let (status, body) = try await Self.get(server, "/metrics")
        #expect(status == 200)
        #expect(body.contains("node_scrape_collector_success{collector=\"loadavg\"} 0\n"))
        #expect(!body.contains("node_load1"))
    }

    @Test func landingPageLinksTheTelemetryPath() async throws {
        let (status, body) = try await Self.get(Self.server(), "/")
        #expect(status == 200)
        #expect(body.contains("<a href=\"/metrics\">Metrics</a>"))
    }
}

extension NodeExporterServerTests {
    @Test func exporterMetricsIncludeTheProcessMetrics() async throws {
        let (_, body) = try await Self.get(Self.server(), "/metrics")
        #expect(body.contains("# TYPE process_cpu_seconds_total counter\n"))
        #expect(body.contains("# TYPE process_resident_memory_bytes gauge\n"))
        #expect(body.contains("process_start_time_seconds "))
    }
}
