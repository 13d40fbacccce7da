import ArgusConfig
import ArgusCore
import ArgusTesting
import MetricsTestKit
import NIOHTTP1
import Testing

@testable import Notifier

@Suite struct AlertNotifierTests {
    @Test func sendsEveryBatchToEveryAlertmanager() async throws {
        let a = try await AlertmanagerStub.start()
        let b = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        defer { Task { await b.close() } }
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(NotifierOptions(userAgent: "Argus/test"), metrics: metrics)
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[a.address, b.address]]))

        try await NotifierFixture.running(notifier) {
            #expect(await eventually { notifier.activeAlertmanagers.count == 2 })
            notifier.send(NotifierFixture.alerts("n", 3))
            #expect(await eventually { a.alertNames.count == 3 && b.alertNames.count == 3 })
        }

        #expect(notifier.activeAlertmanagers == [NotifierFixture.url(a), NotifierFixture.url(b)])
        #expect(notifier.droppedAlertmanagers.isEmpty)
        for stub in [a, b] {
            let request = try #require(stub.requests.first)
            #expect(request.method == .POST)
            #expect(request.path == "/api/v2/alerts")
            #expect(request.headers["Content-Type"] == ["application/json"])
            #expect(request.headers["User-Agent"] == ["Argus/test"])
            #expect(request.alertNames == ["n0", "n1", "n2"])
            let url = NotifierFixture.url(stub)
            #expect(metrics.total("prometheus_notifications_sent_total", [("alertmanager", url)]) == 3)
            #expect(metrics.total("prometheus_notifications_errors_total", [("alertmanager", url)]) == 0)
            #expect(
                try metrics.expectTimer("prometheus_notifications_latency_seconds", [("alertmanager", url)])
                    .values.count == 1)
        }
        #expect(metrics.gauge("prometheus_notifications_alertmanagers_discovered") == 2)
        #expect(metrics.gauge("prometheus_notifications_queue_capacity") == 10_000)
        #expect(metrics.gauge("prometheus_notifications_queue_length") == 0)
        #expect(metrics.total("prometheus_notifications_dropped_total") == 0)
    }

    @Test func sendsBatchesOfAtMostTheMaximumInOrder() async throws {
        let a = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        let notifier = NotifierFixture.notifier()
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[a.address]]))

        try await NotifierFixture.running(notifier) {
            #expect(await eventually { notifier.activeAlertmanagers.count == 1 })
            notifier.send(NotifierFixture.alerts("b", 150))
            #expect(await eventually { a.alertNames.count == 150 })
        }

        #expect(a.requests.map(\.alerts.count) == [64, 64, 22])
        #expect(a.alertNames == (0..<150).map { "b\($0)" })
    }

    @Test func dropsTheOldestAlertsWhenTheQueueIsFull() async throws {
        let a = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(NotifierOptions(queueCapacity: 10), metrics: metrics)
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[a.address]]))
        notifier.sync(["config-0": [NotifierFixture.group(a)]])

        notifier.send(NotifierFixture.alerts("x", 8))
        notifier.send(NotifierFixture.alerts("y", 7))
        #expect(metrics.total("prometheus_notifications_dropped_total") == 5)
        notifier.send(NotifierFixture.alerts("z", 12))
        #expect(metrics.total("prometheus_notifications_dropped_total") == 17)
        #expect(notifier.queueLength == 10)
        #expect(metrics.gauge("prometheus_notifications_queue_length") == 10)
        #expect(metrics.gauge("prometheus_notifications_queue_capacity") == 10)

        // The dispatcher's step, without discovery racing the manual sync.
        await notifier.sendOneBatch()
        #expect(a.alertNames == (2..<12).map { "z\($0)" })
        #expect(metrics.total("prometheus_notifications_dropped_total") == 17)
    }

    @Test func aFailingAlertmanagerDoesNotHoldUpTheOthers() async throws {
        let good = try await AlertmanagerStub.start()
        let bad = try await AlertmanagerStub.start()
        defer { Task { await good.close() } }
        defer { Task { await bad.close() } }
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(metrics: metrics)
        let badURL = NotifierFixture.url(bad)
        let goodURL = NotifierFixture.url(good)
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[bad.address, good.address]]))
        bad.respond(.internalServerError)
        bad.hold()

        try await NotifierFixture.running(notifier) {
            #expect(await eventually { notifier.activeAlertmanagers.count == 2 })
            notifier.send(NotifierFixture.alerts("h", 2))
            // The good one gets the batch while the bad one has not answered.
            #expect(await eventually { good.alertNames.count == 2 && bad.heldCount == 1 })
            #expect(metrics.total("prometheus_notifications_sent_total", [("alertmanager", badURL)]) == 0)
            bad.release()
            #expect(
                await eventually {
                    metrics.total("prometheus_notifications_errors_total", [("alertmanager", badURL)]) == 2
                })
        }
        // Another Alertmanager of the set took the batch: nothing dropped.
        #expect(metrics.total("prometheus_notifications_dropped_total") == 0)
        #expect(metrics.total("prometheus_notifications_sent_total", [("alertmanager", badURL)]) == 2)
        #expect(metrics.total("prometheus_notifications_sent_total", [("alertmanager", goodURL)]) == 2)
        #expect(metrics.total("prometheus_notifications_errors_total", [("alertmanager", goodURL)]) == 0)
    }

    @Test func givesUpOnAnAlertmanagerAfterTheTimeout() async throws {
        let silent = try await AlertmanagerStub.start()
        defer { Task { await silent.close() } }
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(metrics: metrics)
        let url = NotifierFixture.url(silent)
        try await notifier.applyConfig(
            NotifierFixture.config(
                """
                alerting:
                  alertmanagers:
                  - timeout: 200ms
                    static_configs: [{targets: ['\(silent.address)']}]
                """))
        silent.hold()

        try await NotifierFixture.running(notifier) {
            #expect(await eventually { notifier.activeAlertmanagers.count == 1 })
            notifier.send(NotifierFixture.alerts("t", 2))
            #expect(
                await eventually {
                    metrics.total("prometheus_notifications_errors_total", [("alertmanager", url)]) == 2
                })
        }
        #expect(silent.heldCount == 1)
        #expect(metrics.total("prometheus_notifications_dropped_total") == 2)
    }

    @Test func countsABatchAsDroppedWhenASetTookItNowhere() async throws {
        let good = try await AlertmanagerStub.start()
        let bad = try await AlertmanagerStub.start()
        defer { Task { await good.close() } }
        defer { Task { await bad.close() } }
        bad.respond(.internalServerError)
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(metrics: metrics)
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[bad.address], [good.address]]))

        try await NotifierFixture.running(notifier) {
            #expect(await eventually { notifier.activeAlertmanagers.count == 2 })
            notifier.send(NotifierFixture.alerts("d", 3))
            #expect(await eventually { metrics.total("prometheus_notifications_dropped_total") == 3 })
        }
        #expect(good.alertNames == ["d0", "d1", "d2"])
        #expect(bad.alertNames == ["d0", "d1", "d2"])
        #expect(
            metrics.total("prometheus_notifications_errors_total", [("alertmanager", NotifierFixture.url(bad))]) == 3)
    }

    @Test func addsExternalLabelsAndRelabelsGloballyThenPerSet() async throws {
        let a = try await AlertmanagerStub.start()
        let b = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        defer { Task { await b.close() } }
        let notifier = NotifierFixture.notifier()
        try await notifier.applyConfig(
            NotifierFixture.config(
                """
                global:
                  external_labels: {cluster: eu, replica: r1}
                alerting:
                  alert_relabel_configs:
                  - {regex: replica, action: labeldrop}
                  alertmanagers:
                  - static_configs: [{targets: ['\(a.address)']}]
                  - static_configs: [{targets: ['\(b.address)']}]
                    alert_relabel_configs:
                    - {source_labels: [severity], regex: info, action: drop}
                """))

        try await NotifierFixture.running(notifier) {
            #expect(await eventually { notifier.activeAlertmanagers.count == 2 })
            notifier.send([
                Alert(labels: ["alertname": "A", "severity": "info"], startsAt: 0),
                Alert(labels: ["alertname": "B", "severity": "page", "cluster": "own"], startsAt: 0),
            ])
            #expect(await eventually { a.alertNames.count == 2 && b.alertNames.count == 1 })
        }
        #expect(
            a.requests.flatMap(\.labels) == [
                ["alertname": "A", "cluster": "eu", "severity": "info"],
                ["alertname": "B", "cluster": "own", "severity": "page"],
            ])
        #expect(b.requests.flatMap(\.labels) == [["alertname": "B", "cluster": "own", "severity": "page"]])
    }
}
