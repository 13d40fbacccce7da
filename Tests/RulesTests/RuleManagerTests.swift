import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import Rules

@Suite struct RuleManagerTests {
    let world = RuleWorld()

    func write(_ yaml: String, to file: URL) throws {
        try yaml.write(to: file, atomically: true, encoding: .utf8)
    }

    @Test func reloadKeepsUnchangedGroupsAndRejectsBadFilesWhole() throws {
        let directory = try Fixtures.temporaryDirectory("rule-manager")
        let first = directory.appendingPathComponent("a.yml")
        let second = directory.appendingPathComponent("b.yml")
        try write("groups: [{name: a, rules: [{record: a, expr: vector(1)}]}]", to: first)
        try write("groups: [{name: b, rules: [{alert: B, expr: vector(1), for: 5m}]}]", to: second)
        let manager = RuleManager(options: world.options)
        try manager.update(
            files: [first.path, second.path], interval: minute, externalLabels: Labels(), externalURL: "")
        let before = manager.groups
        #expect(before.map(\.name) == ["a", "b"])
        #expect(before[1].alertingRules[0].isRestored == false)

        try write("groups: [{name: a, rules: [{record: a, expr: vector(2)}]}]", to: first)
        try manager.update(
            files: [first.path, second.path], interval: minute, externalLabels: Labels(), externalURL: "")
        let after = manager.groups
        #expect(after[0] !== before[0])
        #expect(after[1] === before[1])
        // Only the groups of the first configuration restore `for` state.
        #expect(after[0].rules.count == 1)

        try write("groups: [{name: a, rules: [{record: a, expr: 'sum('}]}]", to: first)
        #expect(throws: RuleFileErrors.self) {
            try manager.update(
                files: [first.path, second.path], interval: minute, externalLabels: Labels(), externalURL: "")
        }
        #expect(manager.groups.map { ObjectIdentifier($0) } == after.map { ObjectIdentifier($0) })
    }

    @Test func runsGroupsAndMarksSeriesOfRemovedGroupsStale() async throws {
        let directory = try Fixtures.temporaryDirectory("rule-manager")
        let file = directory.appendingPathComponent("rules.yml")
        try write("groups: [{name: fast, interval: 100ms, rules: [{record: 'one', expr: vector(1)}]}]", to: file)
        let manager = RuleManager(options: world.options)
        try manager.update(files: [file.path], interval: minute, externalLabels: Labels(), externalURL: "")
        let running = Task { try await manager.run() }
        defer {
            manager.shutdown()
            running.cancel()
        }
        // The recording rule writes its series.
        #expect(await eventually { ((try? world.series("one"))?.values.first?.count ?? 0) >= 2 })
        #expect(manager.groups.first?.lastEvaluation != nil)
        #expect(manager.groups.first?.rules.first?.status.health == .good)

        try write("groups: []", to: file)
        let before = Timestamp.now()
        try manager.update(files: [file.path], interval: minute, externalLabels: Labels(), externalURL: "")
        let after = Timestamp.now()
        #expect(manager.groups.isEmpty)
        // The removed group's series gets a stale marker, stamped with the time of removal.
        #expect(
            await eventually {
                guard let last = (try? world.series("one"))?.values.first?.last else { return false }
                return StaleMarker.isStale(last.value)
            })
        let marker = try #require(try world.series("one").values.first?.last)
        #expect(marker.timestamp >= before && marker.timestamp <= after)
    }

    @Test func groupsWithoutTheirOwnQueryOffsetFollowTheGlobalOne() throws {
        let directory = try Fixtures.temporaryDirectory("rule-manager")
        let file = directory.appendingPathComponent("rules.yml")
        try write(
            "groups: [{name: a, rules: [{record: a, expr: vector(1)}]}, {name: b, query_offset: 2m, rules: []}]",
            to: file)
        let manager = RuleManager(options: world.options)
        try manager.update(files: [file.path], interval: minute, externalLabels: Labels(), externalURL: "")
        #expect(manager.groups.map(\.effectiveQueryOffset) == [0, 2 * minute])
        manager.defaultQueryOffset = minute
        #expect(manager.groups.map(\.effectiveQueryOffset) == [minute, 2 * minute])
    }
}
