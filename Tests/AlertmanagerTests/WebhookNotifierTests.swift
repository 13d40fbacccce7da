import ArgusConfig
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Testing

@testable import Alertmanager

@Suite struct WebhookNotifierTests {
    static let firingJSON = #"""
        {"status":"firing","labels":{"alertname":"HighLatency","instance":"a:9090","job":"api","severity":"page"},\#
        "annotations":{"runbook":"http://wiki/x?a=1\u0026b=2","summary":"p99 above 1s"},\#
        "startsAt":"2023-11-14T21:56:40.123456789Z","endsAt":"0001-01-01T00:00:00Z",\#
        "generatorURL":"http://prom:9090/graph?g0.expr=up","fingerprint":"\#(NotificationFixtures.firing.fingerprint)"}
        """#

    static let resolvedJSON = #"""
        {"status":"resolved","labels":{"alertname":"HighLatency","instance":"b:9090","job":"api","severity":"page"},\#
        "annotations":{"summary":"p99 above 1s"},\#
        "startsAt":"2023-11-14T21:40:00Z","endsAt":"2023-11-14T22:11:40Z",\#
        "generatorURL":"","fingerprint":"\#(NotificationFixtures.resolved.fingerprint)"}
        """#

    static func notifier(port: Int, configure: (inout WebhookConfig) -> Void = { _ in }) throws -> WebhookNotifier {
        var config = WebhookConfig(url: try AlertmanagerURL(parsing: "http://127.0.0.1:\(port)/hook"))
        configure(&config)
        return try WebhookNotifier(config: config, httpClient: .shared, logger: Logger(label: "test"))
    }

    @Test func postsVersionFourMessage() async throws {
        try await NotifyTestServer.run { port, server in
            try await Self.notifier(port: port).notify(
                [NotificationFixtures.firing, NotificationFixtures.resolved], context: NotificationFixtures.context())
            let request = try #require(server.requests.first)
            #expect(request.path == "/hook")
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["user-agent"] == "Alertmanager/0.25.0")
            #expect(request.headers["authorization"] == nil)
            let expected =
                #"{"receiver":"team-x\\.pager","status":"firing","alerts":["# + Self.firingJSON + ","
                + Self.resolvedJSON
                + #"],"groupLabels":{"alertname":"HighLatency"},"#
                + #""commonLabels":{"alertname":"HighLatency","job":"api","severity":"page"},"#
                + #""commonAnnotations":{"summary":"p99 above 1s"},"externalURL":"http://am.example:9093","#
                + #""version":"4","groupKey":"{}:{alertname=\"HighLatency\"}","truncatedAlerts":0}"# + "\n"
            #expect(request.body == expected)
        }
    }

    @Test func maxAlertsTruncatesAndCounts() async throws {
        try await NotifyTestServer.run { port, server in
            let notifier = try Self.notifier(port: port) { $0.maxAlerts = 1 }
            try await notifier.notify(
                [NotificationFixtures.resolved, NotificationFixtures.firing], context: NotificationFixtures.context())
            let body = try #require(server.requests.first?.body)
            #expect(body.contains(#""status":"resolved","alerts":["# + Self.resolvedJSON + "]"))
            #expect(body.hasSuffix(#""truncatedAlerts":1}"# + "\n"))
        }
    }

    @Test func sendsHTTPConfigCredentials() async throws {
        try await NotifyTestServer.run { port, server in
            let basic = try Self.notifier(port: port) {
                $0.httpConfig.basicAuth = BasicAuth(username: "user", password: Secret("pass"))
            }
            try await basic.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
            let bearer = try Self.notifier(port: port) {
                $0.httpConfig.authorization = Authorization(credentials: Secret("token"))
            }
            try await bearer.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
            #expect(server.requests.map { $0.headers["authorization"] } == ["Basic dXNlcjpwYXNz", "Bearer token"])
        }
    }

    @Test func classifiesFailuresForRetry() async throws {
        try await NotifyTestServer.run(script: [(500, "boom"), (404, "nope"), (429, "")]) { port, _ in
            let notifier = try Self.notifier(port: port)
            let context = NotificationFixtures.context()
            let url = "http://127.0.0.1:\(port)/hook"
            await #expect(
                throws: NotifyError(
                    retryable: true, message: "unexpected status code 500: \(url): boom", statusCode: 500)
            ) {
                try await notifier.notify([NotificationFixtures.firing], context: context)
            }
            await #expect(
                throws: NotifyError(
                    retryable: false, message: "unexpected status code 404: \(url): nope", statusCode: 404)
            ) {
                try await notifier.notify([NotificationFixtures.firing], context: context)
            }
            await #expect(
                throws: NotifyError(retryable: false, message: "unexpected status code 429: \(url): ", statusCode: 429)
            ) {
                try await notifier.notify([NotificationFixtures.firing], context: context)
            }
        }
        // Nothing listens on the port any more: a network error, retried.
        var closed = try Self.notifier(port: 1)
        closed.requestTimeout = .milliseconds(500)
        do {
            try await closed.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
            Issue.record("notify to a closed port succeeded")
        } catch {
            #expect(error.retryable && error.statusCode == nil)
            #expect(error.message.hasPrefix(#"Post "http://127.0.0.1:1/hook": "#))
        }
    }

    @Test func integrationsFollowAlertmanagerOrder() throws {
        var receiver = ReceiverConfig(name: "team")
        receiver.slackConfigs = [SlackConfig()]
        receiver.webhookConfigs = [
            WebhookConfig(url: try AlertmanagerURL(parsing: "http://127.0.0.1:1/a")),
            WebhookConfig(url: try AlertmanagerURL(parsing: "http://127.0.0.1:1/b")),
        ]
        var pagerDuty = PagerDutyConfig()
        pagerDuty.sendResolved = false
        receiver.pagerdutyConfigs = [pagerDuty]
        receiver.emailConfigs = [EmailConfig(to: "ops@example.com")]
        let integrations = try Integration.integrations(
            for: receiver, template: try NotificationTemplate(), httpClient: .shared, logger: Logger(label: "test"))
        #expect(
            integrations.map(\.description) == ["webhook[0]", "webhook[1]", "email[0]", "pagerduty[0]", "slack[0]"])
        #expect(integrations.map(\.sendResolved) == [true, true, false, false, false])
        #expect(integrations[0].notifier is WebhookNotifier)

        var proxied = ReceiverConfig(name: "p")
        var webhook = WebhookConfig(url: try AlertmanagerURL(parsing: "http://127.0.0.1:1/a"))
        webhook.httpConfig.proxyFromEnvironment = true
        proxied.webhookConfigs = [webhook]
        #expect(throws: NotifyConfigError.self) {
            try Integration.integrations(
                for: proxied, template: try NotificationTemplate(), httpClient: .shared, logger: Logger(label: "test"))
        }
    }
}
