import ArgusTesting
import Foundation
import Testing

/// The PyPI `prometheus-api-client`, unchanged, against `argus metrics`.
@Suite struct MetricsServerPythonClientTests {
    static let script = """
        import sys, datetime
        from prometheus_api_client import PrometheusConnect
        prom = PrometheusConnect(url=sys.argv[1], disable_ssl=True)
        assert prom.check_prometheus_connection(), "not connected"
        names = prom.all_metrics()
        assert "up" in names, names
        up = prom.get_current_metric_value(metric_name="up", label_config={"job": "argus"})
        assert len(up) == 1 and up[0]["value"][1] == "1", up
        end = datetime.datetime.now()
        data = prom.get_metric_range_data("up", start_time=end - datetime.timedelta(minutes=5), end_time=end)
        assert len(data) == 1 and len(data[0]["values"]) >= 2, data
        custom = prom.custom_query(query="sum(up)")
        assert custom[0]["value"][1] == "1", custom
        ranged = prom.custom_query_range("up * 2", start_time=end - datetime.timedelta(minutes=1), end_time=end, step="1")
        assert all(v[1] == "2" for v in ranged[0]["values"]), ranged
        labels = prom.get_label_values("job")
        assert labels == ["argus"], labels
        print("ok", len(names))
        """

    @Test(
        .enabled(
            if: Peer.pythonModuleAvailable("prometheus_api_client"), "python prometheus-api-client is not installed"))
    func prometheusAPIClientWorksUnchanged() async throws {
        let server = try await ArgusServer(config: MetricsServerEndToEndTests.selfScrapeConfig)
        // At least two scrapes, so that the one-minute range query has points.
        try await server.waitFor("/api/v1/query?query=count_over_time(up%5B1m%5D)%20%3E%3D%202") {
            $0.contains(#""job":"argus""#)
        }
        let result = try await Peer.run(Peer.locate("python3")!, ["-c", Self.script, server.url])
        #expect(result.status == 0, "\(result.stdoutString)\(result.stderrString)")
        #expect(result.stdoutString.hasPrefix("ok "))
    }
}
