import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// Deletion by matchers (tombstones), tombstone cleaning and snapshots:
/// what the admin API's `delete_series`, `clean_tombstones` and `snapshot`
/// run.
@Suite struct DBDeleteTests {
    static let host1 = [LabelMatcher.equal("instance", "host-1")]

    /// The timestamps of `instance="host-1"` in `db`.
    static func host1Times(_ db: DB) throws -> [Int64] {
        try db.querier().select(host1, mint: .min, maxt: .max).first?.samples.map(\.timestamp) ?? []
    }

    @Test func headDeletionHidesSamplesAndSurvivesReplay() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        try DBTests.fill(db, hours: 1)
        let others = try db.querier().select([.notEqual("instance", "host-1")], mint: .min, maxt: .max)

        try db.delete(Self.host1, mint: 600_000, maxt: 1_200_000)
        let expected = stride(from: Int64(0), to: 3_600_000, by: 15_000).filter { $0 < 600_000 || $0 > 1_200_000 }
        #expect(try Self.host1Times(db) == expected)
        #expect(try db.querier().select([.notEqual("instance", "host-1")], mint: .min, maxt: .max) == others)
        #expect(db.head.tombstoneCount == 1)
        // Deleting up to the end of time only reaches the samples there now: later ones stay.
        try db.delete(Self.host1, mint: 3_000_000, maxt: .max)
        try DBTests.appendOne(db, at: 3_600_000)
        try DBTests.appendOne(db, at: 3_615_000)
        #expect(try Self.host1Times(db).suffix(2) == [3_600_000, 3_615_000])

        let (reopened, replay) = try DB.open(directory: directory.path)
        #expect(replay.corruption == nil)
        #expect(try Self.host1Times(reopened) == Self.host1Times(db))
        #expect(reopened.head.tombstoneCount == 2)
    }

    @Test func blockDeletionWritesTombstonesThatPromtoolsFormatKeeps() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        try DBTests.fill(db)
        let block = try #require(try db.persistHead())

        // One interval inside the block, one across the block and the head.
        try db.delete(Self.host1, mint: 1_000_000, maxt: 1_500_000)
        try db.delete(Self.host1, mint: 7_000_000, maxt: 8_000_000)
        let deleted: (Int64) -> Bool = { (1_000_000...1_500_000).contains($0) || (7_000_000...8_000_000).contains($0) }
        let expected = stride(from: Int64(0), to: 18_000_000, by: 15_000).filter { !deleted($0) }
        #expect(try Self.host1Times(db) == expected)

        let meta = try #require(db.blockMetas.first)
        #expect(meta.ulid == block.ulid)
        #expect(meta.stats.numTombstones == 2)
        let path = directory.path + "/" + block.ulid.description
        let onDisk = try Block(directory: path)
        #expect(onDisk.meta.stats.numTombstones == 2)
        #expect(onDisk.tombstones.total == 2)
        // Deleting what is already deleted changes nothing.
        try db.delete(Self.host1, mint: 1_100_000, maxt: 1_200_000)
        #expect(try Block(directory: path).tombstones == onDisk.tombstones)

        let (reopened, _) = try DB.open(directory: directory.path)
        #expect(try Self.host1Times(reopened) == expected)
    }

    @Test func cleaningTombstonesRewritesBlocksWithoutTheDeletedSamples() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        try DBTests.fill(db)
        let old = try #require(try db.persistHead())
        try db.delete(Self.host1, mint: 0, maxt: 3_600_000)
        let before = try db.querier().select([], mint: .min, maxt: .max)

        let written = try db.cleanTombstones()
        #expect(written.count == 1)
        let fresh = try #require(written.first)
        #expect(fresh.ulid != old.ulid)
        #expect(fresh.minTime == old.minTime && fresh.maxTime == old.maxTime)
        #expect(fresh.stats.numTombstones == 0)
        #expect(fresh.stats.numSamples == old.stats.numSamples - 241)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/" + old.ulid.description))
        #expect(db.blockMetas.map(\.ulid) == [fresh.ulid])
        #expect(try db.querier().select([], mint: .min, maxt: .max) == before)
        // Nothing left to clean.
        #expect(try db.cleanTombstones().isEmpty)

        // A block whose every sample is deleted goes entirely.
        try db.delete([.equal("__name__", "node_load1")], mint: .min, maxt: 7_199_999)
        #expect(try db.cleanTombstones().isEmpty)
        #expect(db.blockMetas.isEmpty)
        #expect(try db.querier().select([], mint: 0, maxt: 7_199_999).isEmpty)
    }

    @Test func snapshotLinksBlocksAndWritesTheHeadAsABlock() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        try DBTests.fill(db)
        let block = try #require(try db.persistHead())
        let all = try db.querier().select([], mint: .min, maxt: .max)

        let target = directory.path + "/snapshots/full"
        try FileManager.default.createDirectory(
            atPath: directory.path + "/snapshots", withIntermediateDirectories: true)
        try db.snapshot(into: target, withHead: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: target).sorted()
        #expect(names.count == 2)
        #expect(names.contains(block.ulid.description))
        // The block's files are the same inodes, not copies.
        let original = try FileManager.default.attributesOfItem(atPath: directory.path + "/\(block.ulid)/index")
        let linked = try FileManager.default.attributesOfItem(atPath: target + "/\(block.ulid)/index")
        #expect(original[.systemFileNumber] as? Int == linked[.systemFileNumber] as? Int)

        let (copy, _) = try DB.open(directory: target)
        #expect(try copy.querier().select([], mint: .min, maxt: .max) == all)

        let blocksOnly = directory.path + "/snapshots/blocks"
        try db.snapshot(into: blocksOnly, withHead: false)
        let (partial, _) = try DB.open(directory: blocksOnly)
        #expect(partial.blockMetas.map(\.ulid) == [block.ulid])
        #expect(throws: StorageError.self) { try db.snapshot(into: directory.path, withHead: true) }
    }
}

extension DBDeleteTests {
    /// Prometheus reads what deletion wrote: the block's tombstones and
    /// `meta.json`, and the tombstone record in the WAL it replays.
    @Test(.enabled(if: Peer.available("promtool"), "promtool (Debian 2.42) is not installed"))
    func promtoolDumpsWithoutTheDeletedSamples() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        try DBTests.fill(db)
        try #require(try db.persistHead() != nil)
        // 1,005,000…1,500,000 in the block (34 samples); 7,500,000…7,800,000 in the head (21).
        try db.delete(Self.host1, mint: 1_000_000, maxt: 1_500_000)
        try db.delete(Self.host1, mint: 7_500_000, maxt: 7_800_000)
        try db.close()

        let promtool = try #require(Peer.locate("promtool"))
        let list = try await Peer.run(promtool, ["tsdb", "list", directory.path])
        #expect(list.status == 0, "\(list.stderrString)")
        let dump = try await Peer.run(promtool, ["tsdb", "dump", directory.path])
        #expect(dump.status == 0, "\(dump.stderrString)")
        let times = dump.stdoutString.split(separator: "\n")
            .filter { $0.contains(#"instance="host-1"}"#) }
            .compactMap { $0.split(separator: " ").last.flatMap { Int64($0) } }
        #expect(Set(times) == Set(try Self.host1Times(db)))
        #expect(Set(times).count == 1200 - 34 - 21)
    }
}

extension DBTests {
    /// Appends one sample of `instance="host-1"` at `t`.
    static func appendOne(_ db: DB, at t: Int64) throws {
        let app = db.appender()
        try app.append(labels[1], timestamp: t, value: 1)
        try app.commit()
    }
}
