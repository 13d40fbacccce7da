import ArgusTesting
import Foundation
import Testing

/// An alert rule fires in `argus metrics`, reaches a real Alertmanager 0.25, whose webhook
/// receiver (a small Python server) gets it; it resolves when the condition clears.
@Suite(.serialized) struct AlertingEndToEndTests {
    /// Records every POST body it receives as one line of `bodies.jsonl`.
    static let webhookReceiver = """
        import http.server, sys
        out = sys.argv[2]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with open(out, "ab") as f:
                    f.write(body.replace(b"\\n", b" ") + b"\\n")
                self.send_response(200)
                self.end_headers()
            def log_message(self, *args):
                pass
        print("listening", flush=True)
        http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
        """

    static func rules(firing: Bool) -> String {
        """
        groups:
          - name: e2e
            interval: 1s
            rules:
              - alert: ArgusE2E
                expr: vector(\(firing ? 1 : 0)) > 0
                labels:
                  severity: page
                annotations:
                  summary: "value is {{ $value }}"
        """
    }

    @Test(.enabled(if: Peer.available("prometheus-alertmanager"), "prometheus-alertmanager is not installed"))
    func alertFiresAndResolvesThroughARealAlertmanager() async throws {
        let directory = try Fixtures.temporaryDirectory("alerting-e2e")
        let bodies = directory.appendingPathComponent("bodies.jsonl")
        let receiverScript = directory.appendingPathComponent("receiver.py")
        try Self.webhookReceiver.write(to: receiverScript, atomically: true, encoding: .utf8)
        let receiverPort = BackgroundProcess.freePort()
        let receiver = try BackgroundProcess.start(
            "/usr/bin/env", ["python3", receiverScript.path, "\(receiverPort)", bodies.path], in: directory)
        defer { receiver.stop() }
        try await receiver.waitForLog("listening")

        let alertmanagerPort = BackgroundProcess.freePort()
        let amConfig = directory.appendingPathComponent("alertmanager.yml")
        try """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:\(receiverPort)/hook
                send_resolved: true
        """.write(to: amConfig, atomically: true, encoding: .utf8)
        let alertmanager = try BackgroundProcess.start(
            try #require(Peer.locate("prometheus-alertmanager")),
            [
                "--config.file=\(amConfig.path)", "--storage.path=\(directory.appendingPathComponent("am").path)",
                "--web.listen-address=127.0.0.1:\(alertmanagerPort)", "--cluster.listen-address=",
            ], in: directory)
        defer { alertmanager.stop() }
        try await alertmanager.waitForLog("Listening on")

        let server = try await ArgusServer(
            config: { _ in
                """
                global:
                  evaluation_interval: 1s
                  external_labels:
                    cluster: e2e
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["127.0.0.1:\(alertmanagerPort)"]
                """
            },
            before: { directory in
                try Self.rules(firing: true).write(
                    to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
            })
        try await server.waitFor("/api/v1/alertmanagers") { $0.contains("127.0.0.1:\(alertmanagerPort)/api/v2/alerts") }

        let fired = try await waitForWebhook(bodies, server: server) { $0.contains(#""status":"firing""#) }
        #expect(fired.contains(#""alertname":"ArgusE2E""#))
        #expect(fired.contains(#""cluster":"e2e""#))
        #expect(fired.contains(#""severity":"page""#))
        #expect(fired.contains(#""summary":"value is 1""#))
        #expect(fired.contains("/graph?g0.expr="))
        let alerts = try await server.get("/api/v1/alerts").body
        #expect(alerts.contains(#""state":"firing""#))
        let metrics = try await server.get("/metrics").body
        #expect(metrics.contains("prometheus_rule_evaluations_total{rule_group="))
        #expect(metrics.contains("prometheus_notifications_sent_total{alertmanager="))

        try Self.rules(firing: false).write(
            to: server.directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        let (status, _) = try await Peer.http("POST", server.url + "/-/reload")
        #expect(status == 200)
        let resolved = try await waitForWebhook(bodies, server: server) { $0.contains(#""status":"resolved""#) }
        #expect(resolved.contains(#""alertname":"ArgusE2E""#))
        #expect(!resolved.contains(#""endsAt":"0001-01-01T00:00:00Z""#))
    }

    /// Polls the receiver's log for a webhook body satisfying `condition`.
    func waitForWebhook(_ file: URL, server: ArgusServer, _ condition: (String) -> Bool) async throws
        -> String
    {
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            let lines = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n")
            if let match = lines.first(where: { condition(String($0)) }) { return String(match) }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw PeerError(message: "no matching webhook in \(file.path)\nargus log:\n\(server.process.log)")
    }
}

/// `for` state survives a restart of `argus metrics`, restored from `ALERTS_FOR_STATE`.
@Suite(.serialized) struct AlertRestoreEndToEndTests {
    static func config(port: Int) -> String { "global:\n  evaluation_interval: 1s\nrule_files: [rules.yml]\n" }

    /// `activeAt` of the only alert on `/api/v1/alerts`, in milliseconds.
    static func activeAt(_ server: ArgusServer) async throws -> Int64? {
        let body = try await server.get("/api/v1/alerts").body
        guard let range = body.range(of: #""activeAt":""#) else { return nil }
        let text = body[range.upperBound...].prefix { $0 != "\"" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = formatter.date(from: String(text)) ?? ISO8601DateFormatter().date(from: String(text))
        return date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    @Test func pendingAlertKeepsItsProgressAcrossARestart() async throws {
        let rules = """
            groups:
              - name: slow
                interval: 1s
                rules:
                  - alert: Slow
                    expr: vector(1)
                    for: 1h
            """
        let first = try await ArgusServer(config: Self.config) { directory in
            try rules.write(to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        }
        let directory = first.directory
        // Pending for a while, with ALERTS_FOR_STATE written (from the third evaluation on).
        try await first.waitFor("/api/v1/query?query=count_over_time(ALERTS_FOR_STATE%5B1m%5D)") {
            $0.contains(#""value":["#) && !$0.contains(#""1"]"#) && !$0.contains(#""2"]"#)
        }
        let originalActiveAt = try await #require(try Self.activeAt(first))
        #expect(first.process.stop() == 0)

        let restartedAt = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let second = try await ArgusServer(config: Self.config, directory: directory)
        // A fresh alert would be active from an evaluation after the restart; the restored one
        // keeps its progress: its activeAt is the original one shifted by the downtime, which
        // is before the restart.
        let deadline = ContinuousClock.now + .seconds(300)
        var restored: Int64?
        while ContinuousClock.now < deadline {
            if let activeAt = try await Self.activeAt(second), activeAt < restartedAt {
                restored = activeAt
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let restoredActiveAt = try #require(restored, "activeAt was never restored; log:\n\(second.process.log)")
        #expect(restoredActiveAt > originalActiveAt)
        let body = try await second.get("/api/v1/alerts").body
        #expect(body.contains(#""state":"pending""#))
    }
}
