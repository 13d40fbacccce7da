import ArgusTesting
import Foundation
import GoTemplate
import Logging
import Testing

@testable import Alertmanager

@Suite struct SilenceSnapshotTests {
    let clock = SilenceTestClock()

    func populatedSilences() throws -> Silences {
        let store = Silences(retention: hours(120), now: clock.function)
        for (index, matchers) in [#"{alertname="A"}"#, #"{job=~"api|web", env!="dev"}"#, #"{x!~"y.*", z="é\n"}"#]
            .enumerated()
        {
            try store.set(
                Silence(
                    matchers: try Matcher.parseList(matchers), startsAt: clock.now.adding(hours(Int64(index))),
                    endsAt: clock.now.adding(hours(Int64(index) + 1)), createdBy: "user \(index)",
                    comment: "comment \(index)"))
        }
        return store
    }

    func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = try Fixtures.temporaryDirectory("silence-snapshot")
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test func silencesRoundTripThroughASnapshot() throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("silences").path
            let store = try populatedSilences()
            let size = try store.snapshot(to: path)
            #expect(size == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["silences"])
            let restored = Silences(retention: hours(120), now: clock.function)
            #expect(try restored.restore(from: path) == 3)
            #expect(restored.query() == store.query())
            var text = ""
            store.appendMetrics(to: &text)
            #expect(text.contains("alertmanager_silences_snapshot_size_bytes \(size)\n"))
        }
    }

    @Test func missingFileIsEmpty() throws {
        let store = Silences(retention: hours(1))
        #expect(try store.restore(from: "/nonexistent/silences") == 0)
        let log = NotificationLog(retention: hours(1))
        #expect(try log.restore(from: "/nonexistent/nflog") == 0)
    }

    @Test func damagedFileKeepsTheValidPrefixAndNamesTheOffset() throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("silences").path
            try populatedSilences().snapshot(to: path)
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let firstLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            let second = 8 + 8 + firstLength
            bytes[second + 8 + 5] ^= 0xFF
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let store = Silences(retention: hours(120), now: clock.function)
            #expect(throws: SnapshotError(path: path, offset: second, reason: "bad checksum in silence record 2")) {
                try store.restore(from: path)
            }
            #expect(store.count == 1)

            try Data(bytes.prefix(second + 3)).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: SnapshotError.self) { try store.restore(from: path) }
            #expect(
                error?.description
                    == "snapshot file \(path): silence record 2 has a truncated header at byte offset \(second)")
            #expect(store.count == 1)

            try Data("ARGUSNL\u{1}".utf8).write(to: URL(fileURLWithPath: path))
            let wrongKind = #expect(throws: SnapshotError.self) { try store.restore(from: path) }
            #expect(wrongKind?.offset == 0)
            #expect(store.count == 0)
        }
    }

    @Test func notificationLogRoundTripsThroughASnapshot() throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("nflog").path
            let log = NotificationLog(retention: hours(120), now: clock.function)
            let receivers = (0..<3).map {
                NotificationReceiver(groupName: "r\($0)", integration: "webhook", index: UInt32($0))
            }
            for (index, receiver) in receivers.enumerated() {
                log.log(
                    receiver: receiver, groupKey: "{}:{g=\"\(index)\"}", firing: [UInt64(index), .max], resolved: [7])
            }
            try log.snapshot(to: path)
            let restored = NotificationLog(retention: hours(120), now: clock.function)
            #expect(try restored.restore(from: path) == 3)
            for (index, receiver) in receivers.enumerated() {
                let key = "{}:{g=\"\(index)\"}"
                #expect(
                    restored.query(receiver: receiver, groupKey: key) == log.query(receiver: receiver, groupKey: key))
            }
        }
    }

    @Test func maintenanceCollectsAndSnapshotsEveryTarget() throws {
        try withDirectory { directory in
            let silences = try populatedSilences()
            let log = NotificationLog(retention: hours(1), now: clock.function)
            log.log(
                receiver: NotificationReceiver(groupName: "r", integration: "email", index: 0), groupKey: "g",
                firing: [1], resolved: [])
            clock.advance(seconds: 3600)
            let maintenance = SilenceMaintenance(
                targets: [
                    MaintenanceTarget(
                        name: "silences", store: silences,
                        snapshotPath: directory.appendingPathComponent("silences").path),
                    MaintenanceTarget(name: "nflog", store: log, snapshotPath: nil),
                    MaintenanceTarget(
                        name: "broken", store: log, snapshotPath: directory.appendingPathComponent("no/such/dir").path),
                ],
                logger: Logger(label: "test"))
            let outcomes = maintenance.maintain()
            #expect(outcomes.map(\.removed) == [0, 1, 0])
            #expect(outcomes[0].snapshotBytes ?? 0 > 8)
            #expect(outcomes[1].snapshotBytes == nil)
            #expect(outcomes[2].error?.reason.hasPrefix("cannot create") == true)
        }
    }

    @Test func maintenanceSnapshotsOnceMoreWhenStopped() async throws {
        let directory = try Fixtures.temporaryDirectory("silence-maintenance")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("silences").path
        let maintenance = SilenceMaintenance(
            targets: [MaintenanceTarget(name: "silences", store: try populatedSilences(), snapshotPath: path)],
            interval: .seconds(3600), logger: Logger(label: "test"))
        let task = Task { try await maintenance.run() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(!FileManager.default.fileExists(atPath: path))
        task.cancel()
        try await task.value
        let restored = Silences(retention: hours(120), now: clock.function)
        #expect(try restored.restore(from: path) == 3)
    }
}
