import ArgusCore
import ArgusTesting
import AsyncHTTPClient
import Foundation
import GoTemplate
import NIOCore
import NIOHTTP1
import Testing

@testable import Alertmanager

@Suite struct NotificationPipelineTests {
    static let now = GoTime(seconds: 1_700_000_000)

    static func entry(firing: Set<UInt64>, resolved: Set<UInt64> = [], secondsAgo: Int64 = 10) -> NotificationEntry {
        NotificationEntry(
            firingAlerts: firing, resolvedAlerts: resolved,
            timestamp: now.adding(GoDuration(nanoseconds: -secondsAgo * 1_000_000_000)), expiresAt: now)
    }

    static func needsUpdate(
        _ entry: NotificationEntry?, firing: Set<UInt64>, resolved: Set<UInt64> = [], sendResolved: Bool = true,
        repeatSeconds: Int64 = 3600
    ) -> Bool {
        NotificationPipeline.needsUpdate(
            entry, firing: firing, resolved: resolved, sendResolved: sendResolved,
            repeatInterval: GoDuration(nanoseconds: repeatSeconds * 1_000_000_000), now: now)
    }

    @Test func deduplicatesAgainstTheNotificationLog() {
        // First notification: only when something fires.
        #expect(Self.needsUpdate(nil, firing: [1]))
        #expect(!Self.needsUpdate(nil, firing: [], resolved: [1]))
        // A new firing alert always notifies; the same set does not, until repeat_interval.
        #expect(Self.needsUpdate(Self.entry(firing: [1]), firing: [1, 2]))
        #expect(!Self.needsUpdate(Self.entry(firing: [1, 2]), firing: [1]))
        #expect(!Self.needsUpdate(Self.entry(firing: [1]), firing: [1]))
        #expect(Self.needsUpdate(Self.entry(firing: [1], secondsAgo: 4000), firing: [1]))
        // Newly resolved alerts notify only with send_resolved.
        #expect(Self.needsUpdate(Self.entry(firing: [1, 2]), firing: [1], resolved: [2]))
        #expect(!Self.needsUpdate(Self.entry(firing: [1, 2]), firing: [1], resolved: [2], sendResolved: false))
        // Everything resolved: notify once if the receiver saw alerts fire, whatever send_resolved says.
        #expect(Self.needsUpdate(Self.entry(firing: [1]), firing: [], resolved: [1], sendResolved: false))
        #expect(!Self.needsUpdate(Self.entry(firing: [], resolved: [1]), firing: [], resolved: [1]))
    }
}

/// The whole path: API → dispatcher → pipeline → webhook, in one process.
@Suite(.serialized) struct AlertmanagerDeliveryTests {
    static func config(webhookPort: Int, extra: String = "") -> String {
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 200ms
          group_interval: 500ms
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:\(webhookPort)/hook
        \(extra)
        """
    }

    static func post(_ url: String, _ json: String) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    static func payloads(_ server: NotifyTestServer) throws -> [[String: Any]] {
        try server.requests.map { request in
            try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any] ?? [:]
        }
    }

    @Test func groupsFiringAlertsThenSendsTheResolution() async throws {
        try await NotifyTestServer.run { port, hook in
            try await withAlertmanager(config: Self.config(webhookPort: port)) { am in
                let (status, body) = try await Self.post(
                    am.url + "/api/v2/alerts",
                    #"[{"labels":{"alertname":"Down","instance":"a"}},{"labels":{"alertname":"Down","instance":"b"}}]"#)
                #expect(status == 200, "\(body)")
                #expect(await eventually(timeout: .seconds(30)) { hook.requests.count >= 1 })
                var payloads = try Self.payloads(hook)
                #expect(payloads[0]["status"] as? String == "firing")
                #expect((payloads[0]["alerts"] as? [Any])?.count == 2)
                #expect(payloads[0]["groupKey"] as? String == #"{}:{alertname="Down"}"#)
                #expect(payloads[0]["externalURL"] as? String == "http://am.example:9093")

                // Resolve one: the next flush reports it, the other still firing.
                _ = try await Self.post(
                    am.url + "/api/v2/alerts",
                    #"[{"labels":{"alertname":"Down","instance":"a"},"endsAt":"2001-01-01T00:00:00Z","startsAt":"2000-01-01T00:00:00Z"}]"#
                )
                #expect(await eventually(timeout: .seconds(30)) { hook.requests.count >= 2 })
                payloads = try Self.payloads(hook)
                let alerts = payloads[1]["alerts"] as? [[String: Any]] ?? []
                #expect(alerts.map { $0["status"] as? String } == ["resolved", "firing"])
                #expect(payloads[1]["status"] as? String == "firing")
                // Nothing changes afterwards: no repeat within repeat_interval.
                try await Task.sleep(for: .seconds(1.5))
                #expect(hook.requests.count == 2)
            }
        }
    }

    @Test func silencedAndInhibitedAlertsAreNotSent() async throws {
        let inhibit = """
            inhibit_rules:
              - source_matchers: [severity="critical"]
                target_matchers: [severity="warning"]
                equal: [cluster]
            """
        try await NotifyTestServer.run { port, hook in
            try await withAlertmanager(config: Self.config(webhookPort: port, extra: inhibit)) { am in
                let silence = """
                    {"matchers":[{"name":"alertname","value":"Quiet","isRegex":false}],"startsAt":"2000-01-01T00:00:00Z",
                     "endsAt":"2100-01-01T00:00:00Z","createdBy":"test","comment":"maintenance"}
                    """
                let (status, body) = try await Self.post(am.url + "/api/v2/silences", silence)
                #expect(status == 200, "\(body)")
                _ = try await Self.post(
                    am.url + "/api/v2/alerts",
                    """
                    [{"labels":{"alertname":"Quiet"}},
                     {"labels":{"alertname":"Big","severity":"critical","cluster":"eu"}},
                     {"labels":{"alertname":"Small","severity":"warning","cluster":"eu"}},
                     {"labels":{"alertname":"Other","severity":"warning","cluster":"us"}}]
                    """)
                #expect(await eventually(timeout: .seconds(30)) { hook.requests.count >= 2 })
                try await Task.sleep(for: .seconds(1))
                let names = try Self.payloads(hook).compactMap {
                    ($0["groupLabels"] as? [String: String])?["alertname"]
                }
                #expect(Set(names) == ["Big", "Other"])
                // The API reports why the others are suppressed.
                let alerts = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: am.url + "/api/v2/alerts?active=false"), timeout: .seconds(30))
                let text = String(buffer: try await alerts.body.collect(upTo: 1 << 20))
                let listed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
                var statuses: [String: [String: Any]] = [:]
                for alert in listed {
                    let name = (alert["labels"] as? [String: String])?["alertname"] ?? ""
                    statuses[name] = alert["status"] as? [String: Any]
                }
                #expect(Set(statuses.keys) == ["Quiet", "Small"], "\(text)")
                #expect((statuses["Quiet"]?["silencedBy"] as? [String])?.count == 1)
                #expect((statuses["Small"]?["inhibitedBy"] as? [String])?.count == 1)
                #expect(statuses["Small"]?["state"] as? String == "suppressed")
            }
        }
    }

    @Test func muteAndActiveTimeIntervalsHoldNotificationsBack() async throws {
        let config: @Sendable (Int) -> String = { port in
            """
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 200ms
              group_interval: 500ms
              routes:
                - matchers: [alertname="Muted"]
                  receiver: hook
                  mute_time_intervals: [always]
                - matchers: [alertname="Inactive"]
                  receiver: hook
                  active_time_intervals: [never]
            time_intervals:
              - name: always
                time_intervals:
                  - times: [{start_time: "00:00", end_time: "24:00"}]
              - name: never
                time_intervals:
                  - years: ["1999"]
            receivers:
              - name: hook
                webhook_configs:
                  - url: http://127.0.0.1:\(port)/hook
            """
        }
        try await NotifyTestServer.run { port, hook in
            try await withAlertmanager(config: config(port)) { am in
                _ = try await Self.post(
                    am.url + "/api/v2/alerts",
                    #"[{"labels":{"alertname":"Muted"}},{"labels":{"alertname":"Inactive"}},{"labels":{"alertname":"Sent"}}]"#
                )
                #expect(await eventually(timeout: .seconds(30)) { hook.requests.count >= 1 })
                try await Task.sleep(for: .seconds(1.5))
                let names = try Self.payloads(hook).compactMap {
                    ($0["groupLabels"] as? [String: String])?["alertname"]
                }
                #expect(names == ["Sent"])
            }
        }
    }
}
