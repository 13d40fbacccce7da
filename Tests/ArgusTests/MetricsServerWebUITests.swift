import ArgusTesting
import Foundation
import Testing

/// The web UI as a user sees it: pages drawn by a real headless Chromium
/// against a running `argus metrics`, read back from the rendered DOM.
@Suite struct MetricsServerWebUITests {
    @Test(.enabled(if: Peer.available("chromium"), "chromium is not installed"))
    func pagesShowQueriesTargetsAndAlerts() async throws {
        let argus = try await ArgusServer(
            config: { port in
                """
                global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
                rule_files: [rules.yml]
                scrape_configs:
                  - job_name: self
                    static_configs: [{targets: ["127.0.0.1:\(port)"]}]
                  - job_name: dead
                    static_configs: [{targets: ["127.0.0.1:1"]}]
                """
            },
            before: { directory in
                try """
                groups:
                  - name: availability
                    rules:
                      - alert: TargetDown
                        expr: up == 0
                        annotations: {summary: "{{ $labels.instance }} is down"}
                """.write(to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
            })
        try await argus.waitFor("/api/v1/alerts") { $0.contains(#""state":"firing""#) }
        try await argus.waitFor("/api/v1/query?query=count(up)") { $0.contains(#","2"]"#) }

        let table = try await Self.render(argus, "/graph?g0.expr=up&g0.tab=1")
        #expect(table.contains(#"<td class="mono">up{instance="127.0.0.1:1", job="dead"}</td><td class="num">0</td>"#))
        #expect(table.contains(#"job="self"}</td><td class="num">1</td>"#), "\(table)")
        #expect(table.contains(#"<input type="text" id="expr""#))

        let graph = try await Self.render(argus, "/graph?g0.expr=up&g0.tab=0&g0.range_input=1m")
        #expect(graph.contains(#"<svg class="graph" id="graph""#), "\(graph)")
        #expect(graph.contains(#"<title>up{instance="127.0.0.1:1", job="dead"}</title>"#))
        #expect(graph.contains(#"<path d="M"#))

        let error = try await Self.render(argus, "/graph?g0.expr=up%7B&g0.tab=1")
        #expect(error.contains(#"<div class="error">bad_data: "#), "\(error)")

        let targets = try await Self.render(argus, "/targets")
        #expect(targets.contains("<h2>dead (0/1 up)</h2>"), "\(targets)")
        #expect(targets.contains("<h2>self (1/1 up)</h2>"))
        #expect(targets.contains("connection refused"))

        let alerts = try await Self.render(argus, "/alerts")
        #expect(alerts.contains(#"<span class="badge firing">firing</span> TargetDown (1 active)"#), "\(alerts)")
        #expect(alerts.contains("summary: {{ $labels.instance }} is down"))

        let status = try await Self.render(argus, "/tsdb-status")
        #expect(status.contains("<h2>Head Stats</h2>"))
        #expect(status.contains(#"<td class="mono">job=self</td>"#), "\(status)")
    }

    /// The page's DOM after its script finished (`data-loaded` on `<body>`).
    static func render(_ argus: ArgusServer, _ path: String) async throws -> String {
        let profile = try Fixtures.temporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        var dom = ""
        for budget in [5_000, 20_000] {
            let result = try await Peer.run(
                Peer.locate("chromium")!,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--user-data-dir=\(profile.path)", "--virtual-time-budget=\(budget)", "--dump-dom",
                    argus.url + path,
                ])
            dom = result.stdoutString
            if dom.contains(#"<body data-loaded="true">"#) { return dom }
        }
        throw PeerError(message: "\(path) did not finish drawing: \(dom)")
    }
}
