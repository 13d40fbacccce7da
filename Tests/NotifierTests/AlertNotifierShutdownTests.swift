import ArgusTesting
import MetricsTestKit
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

@testable import Notifier

@Suite struct AlertNotifierShutdownTests {
    /// 130 alerts are queued while the first batch of 64 waits for its
    /// answer; then a graceful shutdown begins.
    @Test(arguments: [true, false])
    func gracefulShutdownDrainsOrDropsTheQueue(drain: Bool) async throws {
        let a = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(NotifierOptions(drainOnShutdown: drain), metrics: metrics)
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[a.address]]))

        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await notifier.run() }
                #expect(await eventually { notifier.activeAlertmanagers.count == 1 })
                a.hold()
                notifier.send(NotifierFixture.alerts("s", 130))
                #expect(await eventually { a.heldCount == 1 })
                trigger.triggerGracefulShutdown()
                #expect(await eventually { notifier.state.withLock { $0.stopping } })
                a.release()
                try await group.waitForAll()
            }
        }

        if drain {
            #expect(a.alertNames == (0..<130).map { "s\($0)" })
            #expect(metrics.total("prometheus_notifications_dropped_total") == 0)
        } else {
            #expect(a.alertNames == (0..<64).map { "s\($0)" })
            #expect(metrics.total("prometheus_notifications_dropped_total") == 66)
        }
        #expect(notifier.queueLength == 0)
        #expect(metrics.gauge("prometheus_notifications_queue_length") == 0)
        // Alerts after shutdown are ignored.
        notifier.send(NotifierFixture.alerts("late", 1))
        #expect(notifier.queueLength == 0)
    }

    @Test func cancellationStopsAtOnce() async throws {
        let a = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        let metrics = TestMetrics()
        let notifier = NotifierFixture.notifier(metrics: metrics)
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[a.address]]))
        a.hold()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await notifier.run() }
            #expect(await eventually { notifier.activeAlertmanagers.count == 1 })
            notifier.send(NotifierFixture.alerts("c", 70))
            #expect(await eventually { a.heldCount == 1 })
            group.cancelAll()
            try await group.waitForAll()
        }
        // The batch in flight was cancelled; it and the rest count as dropped.
        #expect(metrics.total("prometheus_notifications_dropped_total") == 70)
        #expect(notifier.queueLength == 0)
    }

    /// With `stopsOnGracefulShutdown` off, a graceful shutdown leaves the notifier sending
    /// (the rule engine's last alerts still arrive) until `stop()`, which drains the queue.
    @Test func stopAfterTheRulesDrainsWhatTheyQueued() async throws {
        let a = try await AlertmanagerStub.start()
        defer { Task { await a.close() } }
        let notifier = NotifierFixture.notifier(NotifierOptions(stopsOnGracefulShutdown: false))
        try await notifier.applyConfig(NotifierFixture.config(alertmanagers: [[a.address]]))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await notifier.run() }
                #expect(await eventually { notifier.activeAlertmanagers.count == 1 })
                trigger.triggerGracefulShutdown()
                notifier.send(NotifierFixture.alerts("last", 3))
                #expect(notifier.state.withLock { !$0.stopping })
                notifier.stop()
                try await group.waitForAll()
            }
        }
        #expect(a.alertNames == ["last0", "last1", "last2"])
    }
}
