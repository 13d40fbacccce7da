import ArgusCore
import ArgusTesting
import Discovery
import Logging
import MetricsTestKit
import Testing

/// Collects the snapshots a manager publishes.
actor SnapshotRecorder {
    private(set) var snapshots: [[String: [TargetGroup]]] = []
    /// When each snapshot arrived.
    private(set) var times: [ContinuousClock.Instant] = []
    private(set) var finished = false

    var latest: [String: [TargetGroup]]? { snapshots.last }

    func record(_ snapshot: [String: [TargetGroup]]) {
        snapshots.append(snapshot)
        times.append(ContinuousClock.now)
    }
    func finish() { finished = true }
}

@Suite struct DiscoveryManagerTests {
    static func group(_ source: String, _ targets: [String]) -> TargetGroup {
        TargetGroup(source: source, targets: TargetGroup.targets(addresses: targets))
    }

    func withManager<R: Sendable>(
        interval: Duration = .seconds(10), metrics: TestMetrics = TestMetrics(),
        _ body: (DiscoveryManager, SnapshotRecorder) async throws -> R
    ) async throws -> R {
        let manager = DiscoveryManager(updateInterval: interval, logger: .quiet, metricsFactory: metrics)
        let recorder = SnapshotRecorder()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            group.addTask {
                for await snapshot in manager.updates { await recorder.record(snapshot) }
                await recorder.finish()
            }
            defer { group.cancelAll() }
            return try await body(manager, recorder)
        }
    }

    @Test func initialSnapshotIsSentPromptly() async throws {
        let a = try StaticDiscoverer(groups: [Self.group("", ["a:1"])])
        let b = try StaticDiscoverer(groups: [Self.group("", ["b:1"]), Self.group("", ["b:2"])])
        try await withManager(interval: .seconds(3600)) { manager, recorder in
            await manager.apply(["job1": [DiscoveryProvider(a)], "job2": [DiscoveryProvider(b)], "idle": []])
            let expected = ["job1": a.groups, "job2": b.groups, "idle": []]
            #expect(await eventually { await recorder.latest == expected })
            #expect(await recorder.snapshots.count == 1)
        }
    }

    @Test func firstSnapshotWaitsForEveryProvider() async throws {
        let one = FakeDiscoverer()
        let two = FakeDiscoverer()
        try await withManager(interval: .seconds(3600)) { manager, recorder in
            await manager.apply([
                "job": [DiscoveryProvider(key: "one", discoverer: one), DiscoveryProvider(key: "two", discoverer: two)]
            ])
            one.send([Self.group("x", ["a:1"])])
            try await Task.sleep(for: .milliseconds(50))
            #expect(await recorder.snapshots.isEmpty)
            two.send([Self.group("y", ["b:1"])])
            #expect(
                await eventually {
                    await recorder.latest == ["job": [Self.group("x", ["a:1"]), Self.group("y", ["b:1"])]]
                })
        }
    }

    @Test func updatesAreCoalescedWithinTheInterval() async throws {
        let fake = FakeDiscoverer()
        let metrics = TestMetrics()
        try await withManager(interval: .milliseconds(300), metrics: metrics) { manager, recorder in
            await manager.apply(["job": [DiscoveryProvider(key: 1, discoverer: fake)]])
            fake.send([Self.group("s", ["a:1"])])
            #expect(await eventually { await recorder.snapshots.count == 1 })
            for port in 2...6 { fake.send([Self.group("s", ["a:\(port)"])]) }
            #expect(await eventually { await recorder.latest == ["job": [Self.group("s", ["a:6"])]] })
            // Six updates, sent at most once per interval: on an idle machine
            // two snapshots; a loaded one may spread the updates over more
            // intervals, but never sends them one by one. (Receive times are
            // not compared: a stalled receiver takes two snapshots back to back.)
            let times = await recorder.times
            #expect(times.count >= 2 && times.count < 6)
            let sent = try metrics.expectCounter("prometheus_sd_updates_total", [("name", "scrape")])
            let received = try metrics.expectCounter("prometheus_sd_received_updates_total", [("name", "scrape")])
            #expect(sent.totalValue == Int64(times.count))
            #expect(received.totalValue == 6)
        }
    }

    @Test func partialUpdatesReplaceBySourceAndEmptyGroupsRemove() async throws {
        let fake = FakeDiscoverer()
        let metrics = TestMetrics()
        try await withManager(interval: .milliseconds(10), metrics: metrics) { manager, recorder in
            await manager.apply(["job": [DiscoveryProvider(key: 1, discoverer: fake)]])
            fake.send([Self.group("a", ["a:1"]), Self.group("b", ["b:1", "b:2"])])
            #expect(
                await eventually {
                    await recorder.latest == ["job": [Self.group("a", ["a:1"]), Self.group("b", ["b:1", "b:2"])]]
                })
            let targets = try metrics.expectGauge(
                "prometheus_sd_discovered_targets", [("name", "scrape"), ("config", "job")])
            #expect(targets.lastValue == 3)
            fake.send([Self.group("a", [])])
            fake.send([Self.group("c", ["c:1"])])
            #expect(
                await eventually {
                    await recorder.latest == ["job": [Self.group("b", ["b:1", "b:2"]), Self.group("c", ["c:1"])]]
                })
        }
    }

    @Test func reloadKeepsProvidersWithUnchangedConfiguration() async throws {
        let original = FakeDiscoverer()
        let replacement = FakeDiscoverer()
        let again = FakeDiscoverer()
        try await withManager(interval: .milliseconds(10)) { manager, recorder in
            await manager.apply(["job": [DiscoveryProvider(key: "cfg", discoverer: original)]])
            original.send([Self.group("s", ["a:1"])])
            #expect(await eventually { await recorder.latest == ["job": [Self.group("s", ["a:1"])]] })
            await manager.apply([
                "job": [DiscoveryProvider(key: "cfg", discoverer: replacement)],
                "job2": [DiscoveryProvider(key: "cfg", discoverer: again)],
            ])
            // The running provider now also serves job2, with the groups it already has.
            #expect(
                await eventually {
                    await recorder.latest == ["job": [Self.group("s", ["a:1"])], "job2": [Self.group("s", ["a:1"])]]
                })
            original.send([Self.group("s", ["a:2"])])
            #expect(
                await eventually {
                    await recorder.latest == ["job": [Self.group("s", ["a:2"])], "job2": [Self.group("s", ["a:2"])]]
                })
            #expect(original.runs == 1)
            #expect(original.stops == 0)
            #expect(replacement.runs == 0)
            #expect(again.runs == 0)
        }
    }

    @Test func reloadStopsRemovedProvidersAndDropsTheirGroups() async throws {
        let kept = FakeDiscoverer()
        let removed = FakeDiscoverer()
        let otherJob = FakeDiscoverer()
        let added = FakeDiscoverer()
        try await withManager(interval: .milliseconds(10)) { manager, recorder in
            await manager.apply([
                "job": [
                    DiscoveryProvider(key: "k", discoverer: kept), DiscoveryProvider(key: "r", discoverer: removed),
                ],
                "other": [DiscoveryProvider(key: "o", discoverer: otherJob)],
            ])
            kept.send([Self.group("k", ["k:1"])])
            removed.send([Self.group("r", ["r:1"])])
            otherJob.send([Self.group("o", ["o:1"])])
            #expect(
                await eventually {
                    await recorder.latest == [
                        "job": [Self.group("k", ["k:1"]), Self.group("r", ["r:1"])],
                        "other": [Self.group("o", ["o:1"])],
                    ]
                })
            await manager.apply([
                "job": [DiscoveryProvider(key: "k", discoverer: FakeDiscoverer())],
                "new": [DiscoveryProvider(key: "n", discoverer: added)],
                "emptied": [],
            ])
            added.send([Self.group("n", ["n:1"])])
            #expect(
                await eventually {
                    await recorder.latest == [
                        "job": [Self.group("k", ["k:1"])], "new": [Self.group("n", ["n:1"])], "emptied": [],
                    ]
                })
            #expect(await eventually { removed.stops == 1 && otherJob.stops == 1 })
            #expect(kept.stops == 0)
            // Updates from a stopped provider are ignored.
            removed.send([Self.group("r", ["r:2"])])
            try await Task.sleep(for: .milliseconds(30))
            #expect(await manager.currentGroups()["job"] == [Self.group("k", ["k:1"])])
        }
    }

    @Test func setWhoseProvidersAreAllRemovedBecomesEmpty() async throws {
        let fake = FakeDiscoverer()
        try await withManager(interval: .milliseconds(10)) { manager, recorder in
            await manager.apply(["job": [DiscoveryProvider(key: 1, discoverer: fake)]])
            fake.send([Self.group("s", ["a:1"])])
            #expect(await eventually { await recorder.latest == ["job": [Self.group("s", ["a:1"])]] })
            await manager.apply(["job": []])
            #expect(await eventually { await recorder.latest == ["job": []] })
            #expect(await eventually { fake.stops == 1 })
        }
    }

    @Test func cancellationStopsDiscoverersAndFinishesUpdates() async throws {
        let fake = FakeDiscoverer()
        let manager = DiscoveryManager(updateInterval: .milliseconds(10), logger: .quiet, metricsFactory: TestMetrics())
        let recorder = SnapshotRecorder()
        let consumer = Task {
            for await snapshot in manager.updates { await recorder.record(snapshot) }
            await recorder.finish()
        }
        let runner = Task { await manager.run() }
        await manager.apply(["job": [DiscoveryProvider(key: 1, discoverer: fake)]])
        fake.send([Self.group("s", ["a:1"])])
        #expect(await eventually { await recorder.latest == ["job": [Self.group("s", ["a:1"])]] })
        runner.cancel()
        await runner.value
        await consumer.value
        #expect(await recorder.finished)
        #expect(fake.runs == 1 && fake.stops == 1)
    }
}
