import ArgusConfig
import ArgusTesting
import Foundation
import Testing

@Suite("rendering")
struct ConfigRenderingTests {
    @Test(arguments: ConfigFixture.all(suffix: ".good.yml"))
    func renderingIsStable(_ fixture: ConfigFixture) async throws {
        let rendered = try PrometheusConfig.load(contentsOf: fixture.path).yaml
        let again = try PrometheusConfig.parse(rendered, file: "rendered.yml").yaml
        #expect(again == rendered)
    }

    @Test func defaultsAndSecretsAreShown() async throws {
        let config = try PrometheusConfig.parse(
            """
            scrape_configs:
              - job_name: a
                basic_auth: {username: u, password: hunter2}
                static_configs: [{targets: ["x:1"]}]
            """)
        let yaml = config.yaml
        #expect(!yaml.contains("hunter2"))
        #expect(yaml.contains("    password: <secret>\n"))
        #expect(
            yaml.hasPrefix(
                """
                global:
                  scrape_interval: 1m
                  scrape_timeout: 10s
                  evaluation_interval: 1m
                """))
        #expect(
            yaml.contains(
                """
                - job_name: a
                  honor_timestamps: true
                  track_timestamps_staleness: false
                  scrape_interval: 1m
                  scrape_timeout: 10s
                """))
        #expect(yaml.contains("  static_configs:\n  - targets:\n    - x:1\n"))
    }

    @Test(
        .enabled(if: Peer.available("promtool"), "promtool is not installed"),
        arguments: ConfigFixture.all(suffix: ".good.yml").filter { !$0.skipPromtool })
    func promtoolAcceptsRenderedConfig(_ fixture: ConfigFixture) async throws {
        let promtool = try #require(Peer.locate("promtool"))
        var yaml = try PrometheusConfig.load(contentsOf: fixture.path).yaml
        // Fields Prometheus 2.42 does not know yet.
        for field in [
            "track_timestamps_staleness", "scrape_protocols", "enable_compression", "metric_name_validation_scheme",
            "metric_name_escaping_scheme", "sample_age_limit",
        ] {
            yaml = yaml.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
                !line.trimmingCharacters(in: .whitespaces).hasPrefix(field + ":")
                    && !line.contains("Text0.0") && !line.contains("Text1.0") && !line.contains("PrometheusProto")
            }.joined(separator: "\n")
        }
        let directory = try Fixtures.temporaryDirectory("argus-render")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("prometheus.yml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let result = try await Peer.run(promtool, ["check", "config", "--syntax-only", file.path])
        #expect(result.status == 0, "\(result.stdoutString)\(result.stderrString)\n\(yaml)")
    }
}
