import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// The counters behind the metrics server's `prometheus_tsdb_*` series.
@Suite struct DBMetricsTests {
    /// The head's chunk count, by walking every series.
    static func scannedChunks(_ db: DB) -> Int { db.head.stats(limit: 0).chunkCount }

    @Test func headCountsSeriesSamplesChunksAndRejections() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        var m = db.metrics
        // Prometheus' bounds of a head that never held a sample.
        #expect(m.head.minTime == .max && m.head.maxTime == .min && m.lowestTimestamp == .max)
        try DBTests.fill(db, hours: 1)
        m = db.metrics
        #expect(m.head.minTime == 0 && m.head.maxTime == 3_585_000 && m.lowestTimestamp == 0)
        #expect(m.head.series == 20 && m.head.seriesCreated == 20 && m.head.seriesRemoved == 0)
        #expect(m.head.samplesAppended == 20 * 240)
        // 240 samples per series in chunks of 120.
        #expect(m.head.chunks == 40 && m.head.chunksCreated == 40)
        #expect(m.head.chunks == Self.scannedChunks(db))

        // Out of order: at append, and when another batch got there first.
        let early = db.appender()
        try early.append(DBTests.labels[0], timestamp: 3_600_000, value: 1)
        try DBTests.appendOne(db, at: 3_700_000)
        #expect(throws: StorageError.self) { try db.appender().append(DBTests.labels[1], timestamp: 0, value: 1) }
        let late = db.appender()
        try late.append(DBTests.labels[0], timestamp: 3_650_000, value: 1)
        try late.commit()
        try early.commit()
        m = db.metrics
        #expect(m.head.outOfOrderSamples == 2)
        #expect(m.head.samplesAppended == 20 * 240 + 2)
        #expect(m.head.maxTime == 3_700_000)
        #expect(m.compactionDuration.count == 0 && m.headGCDuration.count == 0)

        // Persisting the head truncates it: chunks and series go, and the counts follow.
        try DBTests.fill(db, from: 3_715_000, hours: 4)
        try #require(try db.persistHead() != nil)
        m = db.metrics
        #expect(m.head.truncations == 1)
        #expect(m.head.chunksRemoved > 0)
        #expect(m.head.chunks == Self.scannedChunks(db))
        #expect(m.checkpoints == 1)
        #expect(m.blocks == 1 && m.blockBytes > 0)
        // The head now starts at its oldest sample after the block's end (upstream's actual
        // minimum, 7_210_000 on this grid); the database still at the block's start.
        #expect(m.head.minTime == 7_210_000 && m.head.maxTime == 3_715_000 + 4 * 3_600_000 - 15_000)
        #expect(m.lowestTimestamp == 0)
        #expect(m.compactions == 1)
        for observed in [m.compactionDuration, m.headGCDuration, m.walTruncateDuration] {
            #expect(observed.count == 1 && observed.sum > 0)
        }
        #expect(m.compactionDuration.bounds.first == 1 && m.compactionDuration.bounds.last == 8192)
        #expect(m.compactionDuration.cumulativeCounts.last == 1)
        #expect(throws: StorageError.self) { try db.appender().append(DBTests.labels[2], timestamp: 1000, value: 1) }
        #expect(db.metrics.outOfBoundSamples == 1)

        // Replay counts what it re-creates.
        let (reopened, _) = try DB.open(directory: directory.path)
        #expect(reopened.metrics.head.chunks == Self.scannedChunks(reopened))
        // After replay the bounds are those of the samples found.
        let scanned = reopened.head.stats(limit: 0)
        #expect(reopened.metrics.head.minTime == scanned.minTime && reopened.metrics.head.maxTime == scanned.maxTime)
        #expect(scanned.maxTime == m.head.maxTime)
        #expect(reopened.metrics.head.seriesCreated == 20)
    }

    @Test func walCountsFsyncsSegmentsAndCorruptions() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = DB.Options()
        options.wal.syncPolicy = .always
        let (db, _) = try DB.open(directory: directory.path, options: options)
        try DBTests.fill(db, hours: 1)
        var m = db.metrics
        #expect(m.wal.fsyncs >= 240)
        #expect(m.wal.fsyncSeconds > 0)
        #expect(m.wal.corruptions == 0)
        #expect(m.walBytes > 0)
        try db.close()

        // A damaged last record (a full record whose checksum is wrong) is cut
        // off on the next open, and counted.
        let segment = try #require(
            try FileManager.default.contentsOfDirectory(atPath: directory.path + "/wal").filter { Int($0) != nil }
                .sorted().last)
        let handle = try #require(FileHandle(forUpdatingAtPath: directory.path + "/wal/" + segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([1, 0, 16, 0xDE, 0xAD, 0xBE, 0xEF] + [UInt8](repeating: 7, count: 16)))
        try handle.close()
        let (reopened, replay) = try DB.open(directory: directory.path)
        #expect(replay.corruption != nil)
        m = reopened.metrics
        #expect(m.wal.corruptions == 1)
        #expect(m.wal.segment > 0)
    }

    @Test func compactionAndRetentionAreCounted() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = DB.Options()
        options.retention = 3 * 3_600_000
        let (db, _) = try DB.open(directory: directory.path, options: options)
        try DBTests.fill(db, hours: 11)
        while try db.persistHead() != nil {}
        try db.applyRetention()
        #expect(db.metrics.timeRetentions == 1)
        #expect(db.metrics.sizeRetentions == 0)

        let other = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        let (compacting, _) = try DB.open(directory: other.path)
        try DBTests.fill(compacting, hours: 11)
        while try compacting.persistHead() != nil {}
        while try compacting.compact() != nil {}
        #expect(compacting.metrics.compactions >= 1)
        #expect(compacting.metrics.compactionsFailed == 0)
    }
}
