import ArgusCore
import ArgusTesting
import Foundation
import Testing

@testable import TSDB

@Suite struct WALCheckpointTests {
    typealias Support = WALTestSupport

    /// What a head would rebuild from replayed records.
    struct HeadModel: Equatable {
        var series: [UInt64: Labels] = [:]
        var samples: [UInt64: [RefSample]] = [:]
        var tombstones: [UInt64: [RefTombstone.Interval]] = [:]

        mutating func apply(_ record: WALRecord) {
            switch record {
            case .series(let series): for entry in series { self.series[entry.ref] = entry.labels }
            case .samples(let samples): for sample in samples { self.samples[sample.ref, default: []].append(sample) }
            case .tombstones(let stones):
                for stone in stones { tombstones[stone.ref, default: []] += stone.intervals }
            }
        }
    }

    /// Writes `segments` segments, each with a series record for new refs,
    /// samples of every ref so far and a tombstone, and returns the records
    /// per segment.
    private func populate(_ wal: WAL, segments: Int) throws -> [[WALRecord]] {
        var written: [[WALRecord]] = []
        for segment in 0..<segments {
            let refs = UInt64(segment * 4 + 1)...UInt64(segment * 4 + 4)
            let series = WALRecord.series(
                refs.map { RefSeries(ref: $0, labels: ["__name__": "m", "ref": String($0), "seg": String(segment)]) })
            let samples = WALRecord.samples(
                (1...UInt64(segment * 4 + 4)).map { RefSample(ref: $0, t: Int64(segment * 1000) + Int64($0), v: 1) })
            let tombstones = WALRecord.tombstones([
                RefTombstone(ref: UInt64(segment + 1), intervals: [.init(mint: 0, maxt: Int64(segment * 1000 + 500))])
            ])
            let records = [series, samples, tombstones]
            try wal.log(records)
            // An unknown record type, as a newer writer might leave.
            try wal.log([[0x06, 1, 2, 3]])
            written.append(records)
            try wal.nextSegment()
        }
        return written
    }

    private func replay(_ dir: String) throws -> HeadModel {
        let reader = try WALReader.replaying(directory: dir)
        var model = HeadModel()
        while let record = try reader.nextRecord() { model.apply(record) }
        return model
    }

    @Test func checkpointThenReplayEqualsFilteredFullReplay() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            let written = try populate(wal, segments: 6)
            let keep: (UInt64) -> Bool = { $0 % 2 == 1 }
            let mint: Int64 = 2000

            // Expected: records of segments 0...3 filtered, segments 4... as written.
            var expected = HeadModel()
            for (segment, records) in written.enumerated() {
                for record in records {
                    guard segment <= 3 else {
                        expected.apply(record)
                        continue
                    }
                    switch record {
                    case .series(let series): expected.apply(.series(series.filter { keep($0.ref) }))
                    case .samples(let samples): expected.apply(.samples(samples.filter { $0.t >= mint }))
                    case .tombstones(let stones):
                        expected.apply(
                            .tombstones(
                                stones.filter { keep($0.ref) && $0.intervals.contains { $0.maxt >= mint } }))
                    }
                }
            }

            let stats = try Checkpoint.create(wal: wal, upTo: 3, keepSeries: keep, mint: mint)
            #expect(stats.totalSeries == 16)
            #expect(stats.droppedSeries == 8)
            #expect(stats.totalSamples == 4 + 8 + 12 + 16)
            #expect(stats.droppedSamples == 4 + 8)
            #expect(stats.totalTombstones == 4)
            #expect(stats.droppedTombstones == 3)  // refs 2 and 4 are not kept, ref 1 ends before mint
            #expect(stats.droppedOtherRecords == 4)

            let names = try Support.segmentNames(dir)
            #expect(names == ["00000004", "00000005", "00000006", "checkpoint.00000003"])
            #expect(try replay(dir) == expected)
            #expect(try Checkpoint.last(in: dir)?.index == 3)

            // A second checkpoint folds the first and deletes it.
            try Checkpoint.create(wal: wal, upTo: 5, keepSeries: keep, mint: mint)
            var expectedAfterSecond = HeadModel()
            expectedAfterSecond.series = expected.series.filter { keep($0.key) }
            expectedAfterSecond.samples = expected.samples
            expectedAfterSecond.tombstones = expected.tombstones.filter { keep($0.key) }
            #expect(try Support.segmentNames(dir) == ["00000006", "checkpoint.00000005"])
            #expect(try replay(dir) == expectedAfterSecond)
            try wal.close()
        }
    }

    @Test func replayWithoutCheckpointReadsEverySegment() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            let written = try populate(wal, segments: 3)
            try wal.close()
            var expected = HeadModel()
            for record in written.joined() { expected.apply(record) }
            #expect(try replay(dir) == expected)
        }
    }

    @Test func refusesTheSegmentBeingWrittenAndCoveredSegments() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            _ = try populate(wal, segments: 2)
            #expect(throws: WALError.self) {
                try Checkpoint.create(wal: wal, upTo: wal.currentSegment, keepSeries: { _ in true }, mint: 0)
            }
            try Checkpoint.create(wal: wal, upTo: 1, keepSeries: { _ in true }, mint: 0)
            #expect(throws: WALError.self) {
                try Checkpoint.create(wal: wal, upTo: 1, keepSeries: { _ in true }, mint: 0)
            }
            // A leftover temporary checkpoint is removed by the next checkpoint.
            try FileManager.default.createDirectory(
                atPath: dir + "/checkpoint.00000009.tmp", withIntermediateDirectories: true)
            try wal.log([[1]])
            try wal.nextSegment()
            try Checkpoint.create(wal: wal, upTo: 2, keepSeries: { _ in true }, mint: 0)
            #expect(try Support.segmentNames(dir) == ["00000003", "checkpoint.00000002"])
            try wal.close()
        }
    }

    @Test func checkpointNaming() {
        #expect(Checkpoint.directoryName(12) == "checkpoint.00000012")
        #expect(WALSegmentRef.name(0) == "00000000")
        #expect(WALSegmentRef.name(123_456_789) == "123456789")
    }
}
