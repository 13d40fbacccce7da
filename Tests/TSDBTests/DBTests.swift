import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

@Suite struct DBTests {
    static let labels = (0..<20).map { Labels(["__name__": "node_load1", "instance": "host-\($0)"]) }

    /// 5 hours of 15 s samples for 20 series.
    static func fill(_ db: DB, from: Int64 = 0, hours: Int64 = 5) throws {
        var t = from
        while t < from + hours * 3_600_000 {
            let app = db.appender()
            for (i, set) in labels.enumerated() {
                try app.append(set, timestamp: t, value: Double(t / 15_000 + Int64(i)))
            }
            try app.commit()
            t += 15_000
        }
    }

    @Test func persistingTheHeadKeepsEveryAnswerAndSurvivesReopening() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        try Self.fill(db)
        let before = try db.querier().select([], mint: .min, maxt: .max)
        #expect(before.count == 20 && before[0].samples.count == 1200)

        let meta = try #require(try db.persistHead())
        #expect(meta.minTime == 0 && meta.maxTime == 7_200_000)
        #expect(meta.stats.numSeries == 20 && meta.stats.numSamples == 20 * 480)
        // The head now spans 2h–5h: not more than 1.5 ranges, so it stays.
        #expect(try db.persistHead() == nil)
        #expect(db.blockMetas.count == 1)
        #expect(try db.querier().select([], mint: .min, maxt: .max) == before)
        // A sample for time already in blocks is out of bounds.
        do {
            try db.appender().append(Self.labels[0], timestamp: 1000, value: 1)
            Issue.record("expected out of bounds")
        } catch {
            #expect(error.code == .outOfBounds)
        }

        let (reopened, replay) = try DB.open(directory: directory.path)
        #expect(replay.corruption == nil)
        #expect(reopened.blockMetas.map(\.ulid) == db.blockMetas.map(\.ulid))
        #expect(try reopened.querier().select([], mint: .min, maxt: .max) == before)
        // The checkpoint dropped what is now in blocks: replay restores only the head's part (plus chunk overlap).
        #expect(replay.samples < 20 * 1200)
    }

    @Test func retentionDeletesWholeOldBlocks() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = DB.Options()
        options.retention = 3 * 3_600_000
        let (db, _) = try DB.open(directory: directory.path, options: options)
        try Self.fill(db, hours: 11)
        while try db.persistHead() != nil {}
        #expect(db.blockMetas.map(\.minTime) == [0, 7_200_000, 14_400_000, 21_600_000])
        let deleted = try db.applyRetention()
        #expect(deleted.map(\.minTime) == [0, 7_200_000])
        #expect(db.blockMetas.map(\.minTime) == [14_400_000, 21_600_000])
        let remaining = try db.querier().select([.equal("instance", "host-1")], mint: .min, maxt: .max)[0].samples
        #expect(remaining.first?.timestamp == 14_400_000)
        #expect(
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent(deleted[0].ulid.description).path))
    }

    @Test func sizeRetentionDeletesOldestBlocksFirst() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = DB.Options()
        options.retention = nil
        let (db, _) = try DB.open(directory: directory.path, options: options)
        try Self.fill(db, hours: 11)
        while try db.persistHead() != nil {}
        let metas = db.blockMetas
        #expect(metas.count == 4)
        try db.close()

        // A limit that holds the WAL, the head chunk files and the two newest blocks, not three.
        let sizes = try metas.map { meta in
            try Block(directory: directory.appendingPathComponent(meta.ulid.description).path)
        }.map(Retention.size(of:))
        let wal =
            DB.directorySize(directory.appendingPathComponent("wal").path)
            + DB.directorySize(directory.appendingPathComponent("chunks_head").path)
        options.retentionSize = wal + sizes[3] + sizes[2] + sizes[1] / 2
        let (limited, _) = try DB.open(directory: directory.path, options: options)
        let deleted = try limited.applyRetention()
        #expect(deleted.map(\.minTime) == [0, 7_200_000])
        #expect(limited.blockMetas.map(\.minTime) == [14_400_000, 21_600_000])
    }

    @Test func leftoverTemporaryBlocksAreRemovedOnOpen() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let leftover = directory.appendingPathComponent("01HXXXXXXXXXXXXXXXXXXXXXXX.tmp-for-creation")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        let (db, _) = try DB.open(directory: directory.path)
        #expect(db.blockMetas.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }
}

@Suite struct DBCompactionTests {
    @Test func compactsPersistedBlocksIntoLargerRangesWithoutChangingAnswers() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        try DBTests.fill(db, hours: 11)
        while try db.persistHead() != nil {}
        #expect(db.blockMetas.map(\.minTime) == [0, 7_200_000, 14_400_000, 21_600_000])
        let before = try db.querier().select([], mint: .min, maxt: .max)
        let merged = try #require(try db.compact())
        // 2h blocks 0–6h become one 6h block; the newest block is left alone.
        #expect(merged.minTime == 0 && merged.maxTime == 21_600_000 && merged.compaction.level == 2)
        #expect(db.blockMetas.map(\.minTime) == [0, 21_600_000])
        #expect(try db.querier().select([], mint: .min, maxt: .max) == before)
        let (reopened, _) = try DB.open(directory: directory.path)
        #expect(reopened.blockMetas.map(\.ulid) == db.blockMetas.map(\.ulid))
        #expect(try reopened.querier().select([], mint: .min, maxt: .max) == before)
    }

    /// Samples at the ends of Int64 are stored and cut into blocks without trapping.
    @Test func extremeTimestampsAreCutWithoutOverflow() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        let app = db.appender()
        try app.append(DBTests.labels[0], timestamp: .min + 1, value: 1)
        try app.append(DBTests.labels[0], timestamp: .max - 1, value: 2)
        try app.commit()
        let before = try db.querier().select([], mint: .min, maxt: .max)
        #expect(before.first?.samples.count == 2)
        while try db.persistHead() != nil {}
        #expect(try db.querier().select([], mint: .min, maxt: .max) == before)
    }

    /// `--storage.tsdb.min-block-duration` sets the range cut from the head,
    /// `--storage.tsdb.max-block-duration` caps what compaction builds.
    @Test func blockRangeOptionsSetCutAndCompactionRanges() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = DB.Options()
        options.blockRange = 1_800_000
        options.maxBlockRange = 1_800_000
        let (db, _) = try DB.open(directory: directory.path, options: options)
        try DBTests.fill(db, from: 450_000, hours: 3)
        while try db.persistHead() != nil {}
        // 3h of samples from 7.5 min: 30 min blocks are cut while the head spans more than 45 min.
        #expect(db.blockMetas.map(\.minTime) == [0, 1_800_000, 3_600_000, 5_400_000, 7_200_000])
        #expect(db.blockMetas.allSatisfy { $0.maxTime - $0.minTime == 1_800_000 })
        // The head cut its chunks at the 30 min range too: one whole chunk per series and block.
        let samples: [UInt64] = [1800, 2400, 2400, 2400, 2400]
        #expect(db.blockMetas.map(\.stats.numSamples) == samples)
        #expect(db.blockMetas.allSatisfy { $0.stats.numChunks == 20 })
        #expect(db.head.timeRange?.mint == 9_000_000, "the head starts where the blocks end")
        #expect(try db.compact() == nil, "a 30 min maximum leaves 30 min blocks alone")

        try db.close()
        options.maxBlockRange = nil
        let (uncapped, _) = try DB.open(directory: directory.path, options: options)
        let merged = try #require(try uncapped.compact())
        #expect(merged.minTime == 0 && merged.maxTime == 5_400_000)
    }
}
