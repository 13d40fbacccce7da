import ArgusCore
import Foundation
import Storage
import Testing

@testable import TSDB

@Suite struct CompactionRetentionTests {
    /// TestTimeRetention: blocks whose maxTime is at least the retention
    /// before the newest block's go; the newest block always stays.
    @Test(
        arguments: [
            // Delta greater than the retention.
            ([(500, 900), (1000, 1500), (1500, 2000)], 1000, ["0"]),
            // Delta equal to the retention: that block goes too.
            ([(500, 900), (1000, 1500), (1500, 2000)], 500, ["0", "1"]),
            // Nothing old enough.
            ([(500, 900), (1000, 1500), (1500, 2000)], 1101, []),
            // However short the retention, the newest block stays.
            ([(500, 900), (1000, 1500), (1500, 2000)], 1, ["0", "1"]),
            ([(0, 100)], 1, []),
            // Disabled.
            ([(500, 900), (1500, 2000)], 0, []),
            ([], 1000, []),
            // Input order does not matter; newest by maxTime, not minTime.
            ([(1500, 2000), (0, 2100), (500, 900)], 1200, ["2"]),
        ] as [([(Int64, Int64)], Int64, [String])])
    func timeRetention(blocks: [(Int64, Int64)], retention: Int64, expected: [String]) {
        let metas = blocks.enumerated().map { metaRange(String($0.offset), $0.element.0, $0.element.1) }
        let deleted = Retention.blocksBeyondTime(metas, retention: retention)
        #expect(deleted == Set(expected.map(namedULID)))
    }

    /// TestSizeRetention's rule: sizes add up from the newest block, WAL
    /// first; the block that goes over the limit and all older ones go.
    @Test(
        arguments: [
            (250, 0, ["0"]),
            (300, 0, []),
            (299, 0, ["0"]),
            (250, 60, ["0", "1"]),
            (100, 0, ["0", "1"]),
            // The newest block goes too if it alone is over the limit.
            (99, 0, ["0", "1", "2"]),
            (150, 200, ["0", "1", "2"]),
            // Disabled.
            (0, 1000, []),
        ] as [(Int64, Int64, [String])])
    func sizeRetention(limit: Int64, walSize: Int64, expected: [String]) {
        let blocks = [(0, 100), (100, 200), (200, 300)].enumerated().map {
            Retention.SizedBlock(meta: metaRange(String($0.offset), $0.element.0, $0.element.1), size: 100)
        }
        #expect(
            Retention.blocksBeyondSize(blocks.shuffled(), limit: limit, walSize: walSize)
                == Set(expected.map(namedULID)))
    }

    @Test func deletableCombinesAllReasons() {
        var blocks = (0..<5).map {
            Retention.SizedBlock(meta: metaRange(String($0), Int64($0) * 100, Int64($0 + 1) * 100), size: 10)
        }
        // Compacted into an empty block: deletable whatever its age.
        blocks[3].meta.compaction.deletable = true
        #expect(Retention.deletableBlocks(blocks, retention: 0, sizeLimit: 0) == [namedULID("3")])
        #expect(Retention.deletableBlocks(blocks, retention: 400, sizeLimit: 0) == Set(["0", "3"].map(namedULID)))
        #expect(
            Retention.deletableBlocks(blocks, retention: 400, sizeLimit: 25, walSize: 0)
                == Set(["0", "1", "2", "3"].map(namedULID)))
    }

    /// A block's size is what upstream's `Block.Size()` counts: every file in it.
    @Test func blockSizeCountsItsFiles() throws {
        let data = compactionData(seed: 21, series: 20, windows: 1)
        try withTemporaryDirectory { dir in
            let labels = data.keys.sorted()[0]
            let meta = try writeBlock(
                data, into: dir, tombstones: [labels: [TombstoneInterval(mint: 0, maxt: compactionEpoch + 1)]])
            let block = try Block(directory: dir + "/" + meta.ulid.description)
            var total: Int64 = 0
            for (path, bytes) in try snapshot(block.directory) where !path.isEmpty { total += Int64(bytes.count) }
            #expect(Retention.size(of: block) == total)
            #expect(total > Int64(block.size.index + block.size.chunks))
        }
    }

    /// Retention on real blocks, then deletion.
    @Test func retentionDeletesOldBlocks() throws {
        let data = compactionData(seed: 22, series: 30, windows: 4)
        try withTemporaryDirectory { dir in
            let blocks = try writeWindows(data, windows: 4, into: dir)
            let sized = blocks.map { Retention.SizedBlock(meta: $0.meta, size: Retention.size(of: $0)) }
            // Three block lengths of retention keep the newest three.
            let byTime = Retention.blocksBeyondTime(blocks.map(\.meta), retention: 3 * twoHours)
            #expect(byTime == [blocks[0].ulid])
            // Room for the two newest blocks.
            let limit = sized[2].size + sized[3].size
            let bySize = Retention.blocksBeyondSize(sized, limit: limit)
            #expect(bySize == [blocks[0].ulid, blocks[1].ulid])
            try Compactor.deleteBlocks(Array(bySize), in: dir)
            #expect(try entries(dir) == [blocks[2].ulid, blocks[3].ulid].map(\.description).sorted())
        }
    }
}
