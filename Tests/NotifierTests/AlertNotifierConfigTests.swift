import ArgusConfig
import ArgusCore
import ArgusTesting
import AsyncHTTPClient
import Foundation
import MetricsTestKit
import NIOHTTP1
import OutboundHTTP
import Testing

@testable import Notifier

@Suite struct AlertNotifierConfigTests {
    @Test func postsUnderThePathPrefixWithCredentials() async throws {
        let a = try await AlertmanagerStub.start()
        let b = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        defer { Task { await b.close() } }
        let directory = try NotifierFixture.temporaryDirectory()
        try "s3cret\n".write(to: directory.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let notifier = NotifierFixture.notifier()
        try await notifier.applyConfig(
            NotifierFixture.config(
                """
                alerting:
                  alertmanagers:
                  - path_prefix: /alertmanager/
                    basic_auth: {username: user, password: pass}
                    static_configs: [{targets: ['\(a.address)']}]
                  - authorization: {credentials_file: token}
                    static_configs: [{targets: ['\(b.address)']}]
                """), directory: directory.path)

        try await NotifierFixture.running(notifier) {
            #expect(await eventually { notifier.activeAlertmanagers.count == 2 })
            notifier.send(NotifierFixture.alerts("p", 1))
            #expect(await eventually { a.requests.count == 1 && b.requests.count == 1 })
        }
        #expect(
            notifier.activeAlertmanagers == [NotifierFixture.url(a, prefix: "/alertmanager"), NotifierFixture.url(b)])
        #expect(a.requests[0].path == "/alertmanager/api/v2/alerts")
        #expect(a.requests[0].headers["Authorization"] == ["Basic dXNlcjpwYXNz"])
        #expect(b.requests[0].path == "/api/v2/alerts")
        #expect(b.requests[0].headers["Authorization"] == ["Bearer s3cret"])
    }

    @Test func discoversAlertmanagersFromFiles() async throws {
        let a = try await AlertmanagerStub.start()
        let b = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        defer { Task { await b.close() } }
        let directory = try NotifierFixture.temporaryDirectory()
        let file = directory.appendingPathComponent("alertmanagers.json")
        func write(_ addresses: [String]) throws {
            let targets = addresses.map { "\"\($0)\"" }.joined(separator: ",")
            let json = #"[{"targets": [\#(targets)], "labels": {"team": "ops"}}]"#
            try json.write(to: file, atomically: true, encoding: .utf8)
        }
        try write([a.address, "drop.me:9093"])
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(metrics: metrics)
        try await notifier.applyConfig(
            NotifierFixture.config(
                """
                alerting:
                  alertmanagers:
                  - file_sd_configs: [{files: ['alertmanagers.json']}]
                    relabel_configs:
                    - {source_labels: [__address__], regex: 'drop\\..*', action: drop}
                    - {source_labels: [team], regex: ops, action: keep}
                """), directory: directory.path)

        try await NotifierFixture.running(notifier) {
            #expect(await eventually { notifier.activeAlertmanagers == [NotifierFixture.url(a)] })
            #expect(notifier.droppedAlertmanagers == ["http://drop.me:9093/api/v2/alerts"])
            notifier.send(NotifierFixture.alerts("f", 1))
            #expect(await eventually { a.alertNames == ["f0"] })

            try write([b.address])
            #expect(await eventually { notifier.activeAlertmanagers == [NotifierFixture.url(b)] })
            #expect(notifier.droppedAlertmanagers.isEmpty)
            notifier.send(NotifierFixture.alerts("g", 1))
            #expect(await eventually { b.alertNames == ["g0"] })
        }
        #expect(a.alertNames == ["f0"])
        // The series of an Alertmanager that is gone are removed.
        let series = metrics.counters(label: "prometheus_notifications_sent_total").map { $0.dimensions.map(\.1) }
        #expect(series == [[NotifierFixture.url(b)]])
    }

    @Test func replacesSetsAndKeepsTheQueue() async throws {
        let a = try await AlertmanagerStub.start()
        let b = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        defer { Task { await b.close() } }
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(metrics: metrics)
        let first = try NotifierFixture.config(alertmanagers: [[a.address]])
        try await notifier.applyConfig(first)
        notifier.sync(["config-0": [NotifierFixture.group(a)]])
        #expect(notifier.activeAlertmanagers == [NotifierFixture.url(a)])
        notifier.send(NotifierFixture.alerts("q", 5))

        // The same entry again keeps what was discovered.
        try await notifier.applyConfig(first)
        #expect(notifier.activeAlertmanagers == [NotifierFixture.url(a)])

        // An unsupported setting changes nothing.
        let proxied = try NotifierFixture.config(
            """
            alerting:
              alertmanagers:
              - proxy_url: http://proxy:3128
                static_configs: [{targets: ['\(b.address)']}]
            """)
        await #expect(throws: NotifierError.self) { try await notifier.applyConfig(proxied) }
        #expect(notifier.activeAlertmanagers == [NotifierFixture.url(a)])

        // A different entry starts empty until discovery reports.
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[b.address]]))
        #expect(notifier.activeAlertmanagers.isEmpty)
        #expect(metrics.counters(label: "prometheus_notifications_sent_total").isEmpty)
        notifier.sync(["config-0": [NotifierFixture.group(b)]])
        #expect(notifier.queueLength == 5)

        // The dispatcher's step, without discovery racing the manual sync.
        await notifier.sendOneBatch()
        #expect(b.alertNames == (0..<5).map { "q\($0)" })
        #expect(a.requests.isEmpty)
        #expect(notifier.queueLength == 0)
    }

    @Test func refusesTLSWithoutAClientProvider() async throws {
        let notifier = NotifierFixture.notifier()
        let config = try NotifierFixture.config(
            """
            alerting:
              alertmanagers:
              - tls_config: {insecure_skip_verify: true}
                static_configs: [{targets: ['am:9093']}]
            """)
        await #expect(throws: NotifierError.self) { try await notifier.applyConfig(config) }

        let provided = AlertNotifier(
            clientProvider: { _ in .shared }, logger: NotifierFixture.logger, metricsFactory: TestMetrics())
        try await provided.applyConfig(config)
    }
}
