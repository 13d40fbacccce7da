import Testing

@testable import TSDB

/// A ULID that spells `name` (at most 16 ASCII characters) in its last bytes,
/// so tables can name blocks as upstream's tests do.
func namedULID(_ name: String) -> ULID {
    let bytes = Array(name.utf8)
    precondition(bytes.count <= 16)
    return ULID(bytes: [UInt8](repeating: 0, count: 16 - bytes.count) + bytes)!
}

/// The name ``namedULID(_:)`` was made from.
func ulidName(_ ulid: ULID) -> String {
    String(decoding: ulid.bytes.drop(while: { $0 == 0 }), as: UTF8.self)
}

/// `metaRange` of upstream's `compact_test.go`.
func metaRange(
    _ name: String, _ mint: Int64, _ maxt: Int64, series: UInt64 = 0, tombstones: UInt64 = 0,
    hints: [String] = [], failed: Bool = false
) -> BlockMeta {
    let ulid = namedULID(name)
    return BlockMeta(
        ulid: ulid, minTime: mint, maxTime: maxt, stats: .init(numSeries: series, numTombstones: tombstones),
        compaction: .init(level: 1, sources: [ulid], failed: failed, hints: hints))
}

@Suite struct CompactionPlannerTests {
    // MARK: Block ranges

    @Test func exponentialRangesAreUpstreams() {
        let hour: Int64 = 3_600_000
        let ranges = BlockRanges.exponential(minSize: 2 * hour, steps: 10, stepSize: 3)
        #expect(ranges.count == 10)
        #expect(Array(ranges.prefix(4)) == [2 * hour, 6 * hour, 18 * hour, 54 * hour])
        #expect(ranges.last == 2 * hour * 19_683)
        #expect(BlockRanges.exponential(minSize: 20, steps: 5, stepSize: 3) == [20, 60, 180, 540, 1620])
        #expect(BlockRanges.exponential(minSize: 20, steps: 0, stepSize: 3) == [])
    }

    @Test func rangesAreCappedByRetention() {
        let hour: Int64 = 3_600_000
        let day = 24 * hour
        // The default 15d retention: at most 1.5d, so 2h, 6h, 18h.
        #expect(BlockRanges.maxBlockDuration(retention: 15 * day) == 36 * hour)
        #expect(BlockRanges.forRetention(15 * day) == [2 * hour, 6 * hour, 18 * hour])
        // No retention, or a long one: at most 31 days (744h).
        let capped = [2, 6, 18, 54, 162, 486].map { Int64($0) * hour }
        #expect(BlockRanges.maxBlockDuration(retention: 0) == 31 * day)
        #expect(BlockRanges.forRetention(0) == capped)
        #expect(BlockRanges.forRetention(400 * day) == capped)
        // A tenth of 60 days is 6 days: 2h … 54h.
        #expect(BlockRanges.forRetention(60 * day) == [2, 6, 18, 54].map { Int64($0) * hour })
        // The smallest range stays however short the retention is.
        #expect(BlockRanges.forRetention(hour) == [2 * hour])
        // An explicit maximum.
        #expect(BlockRanges.forRetention(0, maxSize: 6 * hour) == [2 * hour, 6 * hour])
    }

    @Test func alignedWindowsFloorNegativeTimesAndSaturate() {
        #expect(BlockRanges.alignedStart(25, range: 10) == 20 && BlockRanges.alignedEnd(25, range: 10) == 30)
        #expect(BlockRanges.alignedStart(20, range: 10) == 20 && BlockRanges.alignedEnd(19, range: 10) == 20)
        #expect(BlockRanges.alignedStart(-1, range: 10) == -10 && BlockRanges.alignedEnd(-1, range: 10) == 0)
        #expect(BlockRanges.alignedStart(-10, range: 10) == -10)
        // Timestamps at the ends of Int64 (remote write accepts any) do not trap.
        #expect(BlockRanges.alignedStart(.min, range: 7_200_000) == .min)
        #expect(BlockRanges.alignedEnd(.max, range: 7_200_000) == .max)
    }

    // MARK: splitByRange (TestSplitByRange)

    @Test(
        arguments: [
            (60, [(0, 10)], [[(0, 10)]]),
            (60, [(0, 60)], [[(0, 60)]]),
            (60, [(0, 10), (9, 15), (30, 60)], [[(0, 10), (9, 15), (30, 60)]]),
            (
                60, [(70, 90), (125, 130), (130, 180), (1000, 1001)],
                [[(70, 90)], [(125, 130), (130, 180)], [(1000, 1001)]]
            ),
            // Misaligned or too large blocks are left out.
            (60, [(50, 70), (70, 80)], [[(70, 80)]]),
            (72, [(0, 144), (144, 216), (216, 288)], [[(144, 216)], [(216, 288)]]),
            // Negative times.
            (60, [(-10, -5)], [[(-10, -5)]]),
            (60, [(-60, -50), (-10, -5)], [[(-60, -50), (-10, -5)]]),
            (60, [(-60, -50), (-10, -5), (0, 15)], [[(-60, -50), (-10, -5)], [(0, 15)]]),
        ] as [(Int64, [(Int64, Int64)], [[(Int64, Int64)]])])
    func splitByRange(range: Int64, blocks: [(Int64, Int64)], expected: [[(Int64, Int64)]]) {
        let metas = blocks.enumerated().map { metaRange(String($0.offset), $0.element.0, $0.element.1) }
        let groups = CompactionPlanner.splitByRange(metas, range: range)
        let ranges = groups.map { $0.map { [$0.minTime, $0.maxTime] } }
        #expect(ranges == expected.map { $0.map { [$0.0, $0.1] } })
    }

    // MARK: plan (TestLeveledCompactor/plan)

    static let upstreamRanges: [Int64] = [20, 60, 180, 540, 1620]

    /// A row of the table: a title, the blocks, and the names of the planned ones.
    struct PlanCase: CustomTestStringConvertible, Sendable {
        var title: String
        var metas: [BlockMeta]
        var expected: [String]
        var testDescription: String { title }
    }

    static let planCases: [PlanCase] = [
        ("outside range", [metaRange("1", 0, 20)], []),
        ("wait for four blocks of size 20", [metaRange("1", 0, 20), metaRange("2", 20, 40)], []),
        (
            "three blocks, but the fresh one is ignored",
            [metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 40, 60)], []
        ),
        (
            "block to fill the parent range appeared",
            [metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 40, 60), metaRange("4", 60, 80)],
            ["1", "2", "3"]
        ),
        (
            "next parent range appeared with a gap; the fresh one is still ignored",
            [metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 60, 80)], []
        ),
        (
            "the gap will not be filled any more: compact the two",
            [metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 60, 80), metaRange("4", 80, 100)],
            ["1", "2"]
        ),
        (
            "20, 20, 20, 60, 60 with 5 fresh",
            [
                metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 40, 60), metaRange("4", 60, 120),
                metaRange("5", 120, 180),
            ],
            ["1", "2", "3"]
        ),
        (
            "20, 60, 20, 60, 240: compact 20 + 60 + 60",
            [
                metaRange("2", 20, 40), metaRange("4", 60, 120), metaRange("5", 960, 980), metaRange("6", 120, 180),
                metaRange("7", 720, 960),
            ],
            ["2", "4", "6"]
        ),
        (
            "large block with many tombstones but no fresh block",
            [metaRange("1", 0, 540, series: 10, tombstones: 3)], []
        ),
        (
            "large block with many tombstones when a fresh one appears",
            [metaRange("1", 0, 540, series: 10, tombstones: 3), metaRange("2", 540, 560)], ["1"]
        ),
        (
            "small blocks with tombstones are not compacted",
            [metaRange("1", 0, 60, series: 10, tombstones: 3), metaRange("2", 60, 80)], []
        ),
        (
            "no loop on a block with zero series and tombstones",
            [metaRange("1", 0, 540, series: 0, tombstones: 0), metaRange("2", 540, 560)], []
        ),
        (
            "the fresh block is the one with the latest start, not the newest ULID",
            [metaRange("5", 0, 360), metaRange("6", 540, 560), metaRange("7", 360, 420), metaRange("8", 420, 540)],
            ["7", "8"]
        ),
        (
            "overlapping blocks 1",
            [metaRange("1", 0, 20), metaRange("2", 19, 40), metaRange("3", 40, 60)], ["1", "2"]
        ),
        (
            "overlapping blocks 2",
            [metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 30, 50)], ["2", "3"]
        ),
        (
            "overlapping blocks 3",
            [metaRange("1", 0, 20), metaRange("2", 10, 40), metaRange("3", 30, 50)], ["1", "2", "3"]
        ),
        (
            "overlapping blocks 4",
            [metaRange("5", 0, 360), metaRange("6", 340, 560), metaRange("7", 360, 420), metaRange("8", 420, 540)],
            ["5", "6", "7", "8"]
        ),
        (
            "overlapping blocks 5",
            [metaRange("1", 0, 10), metaRange("2", 9, 20), metaRange("3", 30, 40), metaRange("4", 39, 50)],
            ["1", "2"]
        ),
        // Not in upstream's table: a short block that is entirely deleted is compacted.
        (
            "short block with everything deleted",
            [metaRange("1", 0, 60, series: 4, tombstones: 4), metaRange("2", 60, 80)], ["1"]
        ),
    ].map { PlanCase(title: $0.0, metas: $0.1, expected: $0.2) }

    @Test(arguments: planCases)
    func plan(_ row: PlanCase) {
        let planner = CompactionPlanner(ranges: Self.upstreamRanges)
        #expect(planner.plan(row.metas).map { ulidName($0.ulid) } == row.expected)
        // The input order does not matter.
        #expect(planner.plan(row.metas.reversed()).map { ulidName($0.ulid) } == row.expected, "reversed")
    }

    /// TestNoPanicFor0Tombstones: a single range and blocks without stats.
    @Test func singleRangeWithoutTombstones() {
        let planner = CompactionPlanner(ranges: [50])
        #expect(planner.plan([metaRange("1", 0, 100), metaRange("2", 101, 200)]).isEmpty)
        #expect(planner.plan([]).isEmpty)
    }

    /// TestRangeWithFailedCompactionWontGetSelected.
    @Test(arguments: [
        PlanCase(
            title: "full range",
            metas: [
                metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 40, 60), metaRange("4", 60, 80),
            ], expected: []),
        PlanCase(
            title: "gap",
            metas: [
                metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 60, 80), metaRange("4", 80, 100),
            ], expected: []),
        PlanCase(
            title: "mixed sizes",
            metas: [
                metaRange("1", 0, 20), metaRange("2", 20, 40), metaRange("3", 40, 60), metaRange("4", 60, 120),
                metaRange("5", 120, 180), metaRange("6", 180, 200),
            ], expected: []),
    ])
    func rangeWithFailedCompactionIsNotSelected(_ row: PlanCase) {
        var metas = row.metas
        let planner = CompactionPlanner(ranges: [20, 60, 240, 720, 2160])
        #expect(!planner.plan(metas).isEmpty)
        metas[1].compaction.failed = true
        #expect(planner.plan(metas).map { ulidName($0.ulid) } == row.expected)
    }

    /// Overlapping blocks are merged whatever their failure flags; disabled, they are not.
    @Test func overlappingCompactionCanBeDisabled() {
        let metas = [metaRange("1", 0, 20), metaRange("2", 10, 30)]
        #expect(CompactionPlanner(ranges: Self.upstreamRanges).plan(metas).count == 2)
        #expect(CompactionPlanner(ranges: Self.upstreamRanges, mergesOverlapping: false).plan(metas).isEmpty)
    }

    /// TestPlanDoesNotMergeStaleAndNonStaleBlocks.
    @Test func staleSeriesBlocksAreNotMixedWithOthers() {
        let planner = CompactionPlanner(ranges: [20, 60, 180])
        func stale(_ name: String, _ mint: Int64, _ maxt: Int64) -> BlockMeta {
            metaRange(name, mint, maxt, hints: [CompactionPlanner.fromStaleSeriesHint])
        }
        let mixed = [
            metaRange("1", 0, 20), stale("stale", 0, 20), metaRange("2", 20, 40), metaRange("3", 40, 60),
            metaRange("fresh", 60, 80),
        ]
        #expect(planner.plan(mixed).map { ulidName($0.ulid) } == ["1", "2", "3"])
        let allStale = [stale("s1", 0, 20), stale("s2", 20, 40), stale("s3", 40, 60), stale("s4", 60, 80)]
        #expect(planner.plan(allStale).map { ulidName($0.ulid) } == ["s1", "s2", "s3"])
        #expect(planner.plan([metaRange("1", 0, 20)] + allStale).map { ulidName($0.ulid) } == ["s1", "s2", "s3"])
    }

    // MARK: compacted meta (TestCompactBlockMetas)

    @Test func compactedMetaCombinesParents() {
        func ulid(_ ms: UInt64) -> ULID {
            var bytes = [UInt8](repeating: 0, count: 16)
            for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: ms >> UInt64(8 * (5 - i))) }
            return ULID(bytes: bytes)!
        }
        let inputs = [
            BlockMeta(
                ulid: ulid(100), minTime: 1000, maxTime: 2000,
                compaction: .init(level: 2, sources: [ulid(1), ulid(10)])),
            BlockMeta(ulid: ulid(200), minTime: 200, maxTime: 500, compaction: .init(level: 1, sources: [])),
            BlockMeta(
                ulid: ulid(300), minTime: 500, maxTime: 2500,
                compaction: .init(level: 3, sources: [ulid(5), ulid(6)])),
            BlockMeta(ulid: ulid(400), minTime: 100, maxTime: 900, compaction: .init(level: 1, sources: [])),
        ]
        let output = Compactor.compactedMeta(ulid: ulid(1000), from: inputs)
        let expected = BlockMeta(
            ulid: ulid(1000), minTime: 100, maxTime: 2500,
            compaction: .init(
                level: 4, sources: [ulid(1), ulid(5), ulid(6), ulid(10)],
                parents: inputs.map { .init(ulid: $0.ulid, minTime: $0.minTime, maxTime: $0.maxTime) }))
        #expect(output == expected)
    }

    /// TestCompactBlockMetasHints: partial-view hints survive if any parent
    /// has them, the out-of-order hint only if all do.
    @Test func compactedMetaHints() {
        let stale = CompactionPlanner.fromStaleSeriesHint
        let ooo = CompactionPlanner.fromOutOfOrderHint
        func hints(_ parents: [[String]]) -> [String] {
            let metas = parents.enumerated().map { metaRange("p\($0.offset)", 0, 1000, hints: $0.element) }
            return Compactor.compactedMeta(ulid: namedULID("out"), from: metas).compaction.hints
        }
        #expect(hints([[ooo, stale].sorted()]) == [ooo, stale].sorted())
        #expect(hints([[ooo, stale].sorted(), [ooo]]) == [ooo, stale].sorted())
        #expect(hints([[ooo, stale].sorted(), []]) == [stale])
        #expect(hints([[stale], [stale]]) == [stale])
        #expect(hints([[ooo], [ooo]]) == [ooo])
        #expect(hints([[ooo], []]) == [])
        #expect(hints([[stale], [ooo]]) == [stale])
        #expect(hints([[], []]) == [])
    }
}
