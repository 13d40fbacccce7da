import ArgusCore
import ArgusTesting
import Foundation
import NIOHTTP1
import Testing

@testable import Notifier

/// Checks the payload encoding against the real Prometheus (Debian's
/// `prometheus` package): alerts it posts, decoded and encoded again by
/// Argus, must give the same bytes.
@Suite struct PrometheusInteropTests {
    @Test(.enabled(if: Peer.available("prometheus"))) func encodesAlertsByteForByteAsPrometheus() async throws {
        let stub = try await AlertmanagerStub.start()
        defer { Task { await stub.close() } }
        let directory = try NotifierFixture.temporaryDirectory()
        let rules = #"""
            groups:
            - name: interop
              interval: 1s
              rules:
              - alert: Tricky
                expr: vector(1)
                labels: {severity: "page & <x>", quote: "say \"hi\" \\ now", unicode: "ünï\u2028code"}
                annotations: {summary: "it is on", description: "tab\there"}
              - alert: Plain
                expr: vector(2)
            """#
        let config = """
            global: {evaluation_interval: 1s, external_labels: {replica: a}}
            rule_files: [rules.yml]
            alerting:
              alertmanagers:
              - static_configs: [{targets: ['\(stub.address)']}]
                path_prefix: /prefix/
            """
        try rules.write(to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let executable = try #require(Peer.locate("prometheus"))
        let port = BackgroundProcess.freePort()
        let prometheus = try BackgroundProcess.start(
            executable,
            [
                "--config.file=prometheus.yml", "--storage.tsdb.path=data",
                "--web.listen-address=127.0.0.1:\(port)", "--rules.alert.resend-delay=1s",
            ], in: directory)
        defer { prometheus.stop() }

        let arrived = await eventually { stub.requests.contains { $0.alerts.count == 2 } }
        #expect(arrived, "no alerts from Prometheus:\n\(prometheus.log)")
        prometheus.stop()
        let request = try #require(stub.requests.first { $0.alerts.count == 2 })
        #expect(request.path == "/prefix/api/v2/alerts")
        #expect(request.headers["Content-Type"] == ["application/json"])

        let alerts = try request.alerts.map { object in
            func time(_ key: String) throws -> Int64 {
                try #require(Timestamp.parseRFC3339(Array(((object[key] as? String) ?? "").utf8)))
            }
            return Alert(
                labels: Labels((object["labels"] as? [String: String]) ?? [:]),
                annotations: Labels((object["annotations"] as? [String: String]) ?? [:]),
                startsAt: try time("startsAt"), endsAt: try time("endsAt"),
                generatorURL: (object["generatorURL"] as? String) ?? "")
        }
        #expect(
            String(decoding: Alert.apiV2Payload(alerts), as: UTF8.self) == String(decoding: request.body, as: UTF8.self)
        )
    }
}
