import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// promtool 2.42 (Debian) reads the blocks compaction makes: `tsdb list`
/// shows the merged block with its range and counts, and `tsdb dump`
/// prints the same samples as it did for the parents.
@Suite(.enabled(if: Peer.available("promtool"), "promtool (Debian 2.42) is not installed"))
struct CompactionPromtoolInteropTests {
    /// `promtool tsdb dump` of data directory `dir` (which gets the empty
    /// `wal/` Prometheus expects), line by line.
    static func dump(_ dir: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir + "/wal", withIntermediateDirectories: true)
        let result = try BlockPromtoolInteropTests.promtool(["tsdb", "dump", dir])
        try #require(result.status == 0, "promtool tsdb dump failed: \(result.stderrString)")
        return result.stdoutString.split(separator: "\n").map(String.init)
    }

    /// The rows of `promtool tsdb list` after the header, split into columns.
    static func list(_ dir: String) throws -> [[String]] {
        let result = try BlockPromtoolInteropTests.promtool(["tsdb", "list", dir])
        try #require(result.status == 0, "promtool tsdb list failed: \(result.stderrString)")
        return result.stdoutString.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
    }

    /// The lines `tsdb dump` prints for `data`.
    static func expectedDump(_ data: [Labels: [Sample]]) -> [String] {
        storedSeries(data).flatMap { series in
            series.samples.map {
                "\(BlockPromtoolInteropTests.promString(series.labels)) \(GoFloat.formatG($0.value)) \($0.timestamp)"
            }
        }
    }

    @Test func promtoolReadsCompactedBlocks() throws {
        let data = compactionData(seed: 31, series: 60, windows: 3)
        try withTemporaryDirectory { dir in
            let parents = try writeWindows(data, windows: 3, into: dir)
            let before = try Self.dump(dir)
            #expect(before == Self.expectedDump(data))

            let meta = try #require(try Compactor().compact(parents, into: dir))
            try Compactor.deleteBlocks(parents.map(\.ulid), in: dir)
            // Compaction writes chunks of up to 480 samples; promtool must read those too.
            let block = try Block(directory: dir + "/" + meta.ulid.description)
            let counts = try block.postings(for: []).flatMap { id in
                try block.series(id).chunks.map { try block.chunk($0.ref).numSamples }
            }
            #expect(counts.contains { $0 > 120 })

            let rows = try Self.list(dir)
            try #require(rows.count == 1, "unexpected listing: \(rows)")
            let row = rows[0]
            #expect(row[0] == meta.ulid.description)
            #expect(row[1] == String(compactionEpoch))
            #expect(row[2] == String(compactionEpoch + 3 * twoHours))
            #expect(row[3] == "6h0m0s")
            #expect(row[4] == String(meta.stats.numSamples))
            #expect(row[5] == String(meta.stats.numChunks))
            #expect(row[6] == String(data.count))

            let analyze = try BlockPromtoolInteropTests.promtool(["tsdb", "analyze", dir, meta.ulid.description])
            #expect(analyze.status == 0, "promtool tsdb analyze failed: \(analyze.stderrString)")
            #expect(analyze.stdoutString.contains("Series: \(data.count)"))

            #expect(try Self.dump(dir) == before)
        }
    }

    /// Overlapping blocks and tombstones: promtool's own merge of the
    /// parents and its reading of our merged block print the same samples.
    @Test func promtoolAgreesOnMergedOverlapsAndTombstones() throws {
        let first = compactionData(seed: 32, series: 30, windows: 2)
        // The second block repeats some of the first's samples (same values)
        // and adds later ones, overlapping the first in time.
        var second: [Labels: [Sample]] = [:]
        for (labels, samples) in first where labels["id"].map({ Int($0)! % 2 == 0 }) ?? false {
            second[labels] = samples.filter { $0.timestamp >= compactionEpoch + twoHours }
        }
        second[["__name__": "late", "job": "x"]] = (0..<200).map {
            Sample(timestamp: compactionEpoch + twoHours + Int64($0) * 15_000, value: Double($0))
        }
        second = second.filter { !$0.value.isEmpty }
        let deleted = first.keys.sorted()[1]
        let interval = TombstoneInterval(mint: compactionEpoch + 1_000_000, maxt: compactionEpoch + 5_000_000)
        try withTemporaryDirectory { dir in
            let m1 = try writeBlock(
                first, into: dir, mint: compactionEpoch, maxt: compactionEpoch + 2 * twoHours,
                tombstones: [deleted: [interval]])
            let m2 = try writeBlock(
                second, into: dir, mint: compactionEpoch + twoHours, maxt: compactionEpoch + 3 * twoHours)
            let before = try Self.dump(dir)

            var expected = first
            expected[deleted] = expected[deleted]!.filter { !interval.contains($0.timestamp) }
            for (labels, samples) in second where first[labels] == nil { expected[labels] = samples }
            expected = expected.filter { !$0.value.isEmpty }
            #expect(before == Self.expectedDump(expected))

            let blocks = try [m1, m2].map { try Block(directory: dir + "/" + $0.ulid.description) }
            #expect(CompactionPlanner(ranges: BlockRanges.exponential()).plan([m1, m2]) == [m1, m2])
            let meta = try #require(try Compactor().compact(blocks, into: dir))
            try Compactor.deleteBlocks([m1.ulid, m2.ulid], in: dir)
            let rows = try Self.list(dir)
            try #require(rows.count == 1, "unexpected listing: \(rows)")
            #expect(rows[0][0] == meta.ulid.description)
            #expect(rows[0][4] == String(expected.values.reduce(0) { $0 + $1.count }))
            #expect(try Self.dump(dir) == before)
        }
    }
}
