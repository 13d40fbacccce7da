import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Synchronization
import Testing

@testable import TSDB

/// Cutting a block from the head: one series at a time, full chunks passed on unchanged.
@Suite struct HeadBlockTests {
    /// A head with samples at 0 s, 1 s … 99 s in chunks of ten.
    static func head(series: [Labels] = [["__name__": "m"]]) throws -> Head {
        let head = Head(options: Head.Options(samplesPerChunk: 10))
        for t in 0..<100 {
            let app = head.appender()
            for (i, labels) in series.enumerated() {
                try app.append(labels, timestamp: Int64(t) * 1000, value: Double(t * t + i) / 7)
            }
            try app.commit()
        }
        return head
    }

    static func samples(_ chunks: [XORChunk]) throws -> [Sample] { try chunks.flatMap { try $0.samples() } }

    @Test func fullChunksInsideTheRangeAreKeptAndTheEdgesReEncoded() throws {
        let head = try Self.head()
        let series = try #require(head.series(1))
        let snapshot = series.state.withLock { $0.snapshot() }
        let chunks = snapshot.blockChunks(mint: 25_000, maxt: 75_000, deleted: [], labels: series.labels)

        let expected = try head.querier().select([], mint: 25_000, maxt: 74_999)[0].samples
        #expect(try Self.samples(chunks) == expected)
        #expect(expected.count == 50)
        // 25–29 re-encoded, 30–39 … 60–69 as the head holds them, 70–74 re-encoded.
        #expect(chunks.map(\.numSamples) == [5, 10, 10, 10, 10, 5])
        let held = snapshot.sealed.compactMap(\.chunk)
        #expect(Array(chunks[1...4]) == Array(held[3...6]))
    }

    @Test func chunksWithDeletedSamplesAreReEncodedWithoutThem() throws {
        let head = try Self.head()
        let series = try #require(head.series(1))
        let snapshot = series.state.withLock { $0.snapshot() }
        let deleted = [TombstoneInterval(mint: 42_000, maxt: 44_000)]
        let chunks = snapshot.blockChunks(mint: 30_000, maxt: 60_000, deleted: deleted, labels: series.labels)
        let timestamps = try Self.samples(chunks).map(\.timestamp)
        #expect(timestamps == (30..<60).filter { !(42...44).contains($0) }.map { Int64($0) * 1000 })
        #expect(chunks.map(\.numSamples) == [10, 7, 10])
    }

    @Test func theOpenChunkAndUnpublishedSamplesAreHandled() throws {
        let head = try Self.head()
        // An appended but uncommitted sample is not visible, so not in the block.
        let pending = head.appender()
        try pending.append(["__name__": "m"], timestamp: 100_000, value: 1)
        let series = try #require(head.series(1))
        let snapshot = series.state.withLock { $0.snapshot() }
        let chunks = snapshot.blockChunks(mint: 0, maxt: .max, deleted: [], labels: series.labels)
        #expect(try Self.samples(chunks).map(\.timestamp) == (0..<100).map { Int64($0) * 1000 })
        pending.rollback()
    }

    @Test func seriesComeSortedByLabelsAndEmptyOnesAreLeftOut() throws {
        let head = try Self.head(series: [
            ["__name__": "b"], ["__name__": "a", "x": "2"], ["__name__": "a", "x": "1"],
        ])
        try head.appender().append(["__name__": "late"], timestamp: 500_000, value: 1)
        let block = Array(head.blockSeries(mint: 0, maxt: 50_000))
        #expect(block.map(\.labels) == [["__name__": "a", "x": "1"], ["__name__": "a", "x": "2"], ["__name__": "b"]])
        #expect(block.allSatisfy { $0.chunks.reduce(0) { $0 + $1.numSamples } == 50 })
        #expect(head.timeRange! == (0, 99_000))
    }

    /// A chunk that straddles the truncation time stays in the head, but its
    /// older samples are in a block: the head's range starts at the
    /// truncation, so the next block is the next range, not this one again.
    @Test func truncationRaisesTheHeadsRangeAboveStraddlingChunks() throws {
        let head = try Self.head()
        head.truncate(before: 25_000)
        let series = try #require(head.series(1))
        #expect(series.state.withLock { $0.sealed.first?.minTime } == 20_000)
        #expect(head.timeRange! == (25_000, 99_000))
        // A later batch widens it upwards.
        let app = head.appender()
        try app.append(["__name__": "m"], timestamp: 100_000, value: 1)
        try app.commit()
        #expect(head.timeRange! == (25_000, 100_000))
    }

    @Test func unsortedSeriesAreRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = try BlockSeries(labels: ["__name__": "a"], samples: [Sample(timestamp: 1, value: 1)])
        let b = try BlockSeries(labels: ["__name__": "b"], samples: [Sample(timestamp: 1, value: 1)])
        #expect {
            try BlockWriter().write(sorted: [b, a], mint: 0, maxt: 10, into: directory.path)
        } throws: { error in
            (error as? BlockError)?.message.contains("not sorted by labels") == true
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
