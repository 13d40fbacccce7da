import ArgusConfig
import ArgusCore
import ArgusTesting
import AsyncHTTPClient
import Foundation
import GoTemplate
import Logging
import Testing

@testable import Alertmanager

/// Runs the real Alertmanager 0.25 with webhook, Slack and PagerDuty
/// receivers pointing at a local server, and checks that Argus builds the
/// same request bodies, byte for byte, for the same alerts.
@Suite struct AlertmanagerPayloadInteropTests {
    /// A firing and a resolved alert, both started within `group_wait`
    /// before `base` (Unix seconds): alerts that started earlier make
    /// Alertmanager flush at once, racing the insertion of the second one.
    static func alertsJSON(base: Int64) -> String {
        let firingStart = Timestamp.formatRFC3339((base - 1) * 1000).dropLast() + ".123456789Z"
        return #"""
            [{"labels":{"alertname":"HighLatency","instance":"a:9090","job":"api","severity":"page"},
              "annotations":{"summary":"p99 above 1s","runbook":"http://wiki/x?a=1&b=2 <x> é"},
              "startsAt":"\#(firingStart)","generatorURL":"http://prom:9090/graph?g0.expr=up"},
             {"labels":{"alertname":"HighLatency","instance":"b:9090","job":"api","severity":"page"},
              "annotations":{"summary":"p99 above 1s"},
              "startsAt":"\#(Timestamp.formatRFC3339((base - 2) * 1000))",
              "endsAt":"\#(Timestamp.formatRFC3339((base - 1) * 1000))"}]
            """#
    }

    static func config(port: Int) -> String {
        """
        route:
          receiver: team-x.pager
          group_by: [alertname]
          group_wait: 10s
          group_interval: 1m
        receivers:
        - name: team-x.pager
          webhook_configs:
          - url: http://127.0.0.1:\(port)/hook
          slack_configs:
          - api_url: http://127.0.0.1:\(port)/slack
            channel: '#alerts'
          pagerduty_configs:
          - routing_key: rk
            url: http://127.0.0.1:\(port)/pd
        """
    }

    @Test func requestBodiesMatchAlertmanager() async throws {
        guard let binary = Peer.locate("prometheus-alertmanager") else {
            #expect(!Peer.isCI, "prometheus-alertmanager is not installed")
            print("skipping: prometheus-alertmanager is not installed")
            return
        }
        try await NotifyTestServer.run { port, server in
            let directory = try Fixtures.temporaryDirectory("am-interop")
            defer { try? FileManager.default.removeItem(at: directory) }
            try Self.config(port: port).write(
                to: directory.appendingPathComponent("am.yml"), atomically: true, encoding: .utf8)
            let apiPort = BackgroundProcess.freePort()
            let alertmanager = try BackgroundProcess.start(
                binary,
                [
                    "--config.file=am.yml", "--web.listen-address=127.0.0.1:\(apiPort)", "--cluster.listen-address=",
                    "--storage.path=\(directory.path)/data", "--web.external-url=http://am.example:9093",
                ], in: directory)
            defer { alertmanager.stop() }
            try await alertmanager.waitForLog("Listening on", timeout: .seconds(60))
            let base = Int64(Date().timeIntervalSince1970)
            let posted = try await Peer.http(
                "POST", "http://127.0.0.1:\(apiPort)/api/v2/alerts", body: Array(Self.alertsJSON(base: base).utf8),
                contentType: "application/json")
            #expect(posted.status == 200, "\(posted.body)")
            let arrived = await eventually(timeout: .seconds(60)) { server.requests.count >= 3 }
            #expect(arrived, "Alertmanager sent \(server.requests.count) of 3 notifications:\n\(alertmanager.log)")
            let received = Dictionary(server.requests.map { ($0.path, $0.body) }) { first, _ in first }

            let now = GoTime.now()
            let firing = Alert(
                labels: ["alertname": "HighLatency", "instance": "a:9090", "job": "api", "severity": "page"],
                annotations: ["summary": "p99 above 1s", "runbook": "http://wiki/x?a=1&b=2 <x> é"],
                startsAt: GoTime(seconds: base - 1, nanoseconds: 123_456_789),
                endsAt: now.adding(GoDuration(nanoseconds: 300_000_000_000)),
                generatorURL: "http://prom:9090/graph?g0.expr=up", updatedAt: now, timeout: true)
            let resolved = Alert(
                labels: ["alertname": "HighLatency", "instance": "b:9090", "job": "api", "severity": "page"],
                annotations: ["summary": "p99 above 1s"], startsAt: GoTime(seconds: base - 2),
                endsAt: GoTime(seconds: base - 1), updatedAt: now)
            let context = NotificationContext(
                groupKey: #"{}:{alertname="HighLatency"}"#, groupLabels: ["alertname": "HighLatency"],
                receiverName: "team-x.pager", externalURL: "http://am.example:9093", now: now,
                repeatInterval: GoDuration(nanoseconds: 4 * 3_600_000_000_000))
            let template = try NotificationTemplate()
            let logger = Logger(label: "test")

            let webhook = WebhookMessage(
                data: context.templateData([firing, resolved]), groupKey: context.groupKey, truncatedAlerts: 0)
            #expect(received["/hook"] == String(decoding: webhook.json, as: UTF8.self))

            var slackConfig = SlackConfig()
            slackConfig.channel = "#alerts"
            let slack = try SlackNotifier(config: slackConfig, template: template, httpClient: .shared, logger: logger)
            // Slack's send_resolved is false: the pipeline passes the firing alert only.
            let slackMessage = try slack.message([firing], context: context)
            #expect(received["/slack"] == String(decoding: slackMessage.json, as: UTF8.self))

            var pagerDutyConfig = PagerDutyConfig()
            pagerDutyConfig.routingKey = Secret("rk")
            pagerDutyConfig.source = pagerDutyConfig.client
            let pagerDuty = try PagerDutyNotifier(
                config: pagerDutyConfig, template: template, httpClient: .shared, logger: logger)
            let event = pagerDuty.encode(try pagerDuty.message([firing, resolved], context: context))
            #expect(received["/pd"] == String(decoding: event, as: UTF8.self))
        }
    }
}
