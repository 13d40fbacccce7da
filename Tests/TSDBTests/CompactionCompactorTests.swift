import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// Two hours in milliseconds, the smallest block range.
let twoHours: Int64 = 7_200_000

/// A block boundary near September 2020.
let compactionEpoch: Int64 = twoHours * 222_222

/// Random series spread over `windows` consecutive two-hour windows from
/// ``compactionEpoch``: some series live in every window, some in a few,
/// with irregular scrape intervals and special values.
func compactionData(seed: UInt64, series: Int, windows: Int) -> [Labels: [Sample]] {
    var generator = SeededGenerator(seed: seed)
    var result: [Labels: [Sample]] = [:]
    let end = compactionEpoch + Int64(windows) * twoHours
    for i in 0..<series {
        let labels = Labels([
            ("__name__", ["up", "node_cpu_seconds_total", "temp"][i % 3]), ("id", String(i)),
            ("job", ["node", "日本語", "api"][Int.random(in: 0..<3, using: &generator)]),
        ])
        // Start anywhere, stop anywhere after.
        var t = compactionEpoch + Int64.random(in: 0..<(end - compactionEpoch), using: &generator)
        let stop = Int64.random(in: t...end, using: &generator)
        let step = [15_000, 30_000, 60_000, 5000][Int.random(in: 0..<4, using: &generator)] as Int64
        var v = Double(Int.random(in: 0...1000, using: &generator))
        var samples: [Sample] = []
        while t < stop {
            switch Int.random(in: 0..<40, using: &generator) {
            case 0: samples.append(Sample(timestamp: t, value: StaleMarker.value))
            case 1: samples.append(Sample(timestamp: t, value: -0.0))
            case 2: samples.append(Sample(timestamp: t, value: .infinity))
            default:
                v += Double(Int.random(in: 0...100, using: &generator)) / 8
                samples.append(Sample(timestamp: t, value: v))
            }
            t += step + Int64.random(in: -500...500, using: &generator)
        }
        if !samples.isEmpty { result[labels] = samples }
    }
    return result
}

/// The samples of `data` in `mint..<maxt`, series without any left out.
func slice(_ data: [Labels: [Sample]], mint: Int64, maxt: Int64) -> [Labels: [Sample]] {
    data.compactMapValues { samples in
        let kept = samples.filter { $0.timestamp >= mint && $0.timestamp < maxt }
        return kept.isEmpty ? nil : kept
    }
}

/// Writes `data` as consecutive two-hour blocks from ``compactionEpoch`` into
/// `dir` and opens them.
func writeWindows(_ data: [Labels: [Sample]], windows: Int, into dir: String) throws -> [Block] {
    try (0..<windows).map { w in
        let mint = compactionEpoch + Int64(w) * twoHours
        let meta = try writeBlock(
            slice(data, mint: mint, maxt: mint + twoHours), into: dir, mint: mint, maxt: mint + twoHours)
        return try Block(directory: dir + "/" + meta.ulid.description)
    }
}

/// The names of the entries of `dir`, sorted.
func entries(_ dir: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
}

/// Every file below `dir` with its bytes.
func snapshot(_ dir: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: dir)!
    while let path = enumerator.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            result[path] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path))
        }
    }
    return result
}

@Suite struct CompactionCompactorTests {
    /// Three consecutive 2h blocks become one 6h block of level 2 that holds
    /// exactly the union of their samples in full chunks.
    @Test(arguments: [1, 2] as [UInt64])
    func threeBlocksBecomeOne(seed: UInt64) throws {
        let data = compactionData(seed: seed, series: 120, windows: 3)
        try withTemporaryDirectory { dir in
            let parents = try writeWindows(data, windows: 3, into: dir)
            let planned = CompactionPlanner(ranges: BlockRanges.exponential(steps: 3)).plan(
                parents.map(\.meta) + [
                    BlockMeta(
                        ulid: ULID(), minTime: compactionEpoch + 3 * twoHours, maxTime: compactionEpoch + 4 * twoHours)
                ])
            #expect(planned == parents.map(\.meta))

            let meta = try #require(try Compactor().compact(parents.shuffled(), into: dir))
            let block = try Block(directory: dir + "/" + meta.ulid.description)
            #expect(block.meta == meta)
            #expect(meta.minTime == compactionEpoch)
            #expect(meta.maxTime == compactionEpoch + 3 * twoHours)
            #expect(meta.compaction.level == 2)
            #expect(meta.compaction.sources == parents.map(\.ulid).sorted())
            #expect(meta.compaction.parents.map(\.ulid) == parents.map(\.ulid))
            #expect(meta.compaction.parents.map(\.minTime) == parents.map(\.meta.minTime))
            #expect(meta.compaction.parents.map(\.maxTime) == parents.map(\.meta.maxTime))

            let all = try block.series(matching: [], mint: .min, maxt: .max)
            #expect(all == storedSeries(data))
            // The union of what the parents return.
            var union: [Labels: [Sample]] = [:]
            for parent in parents {
                for series in try parent.series(matching: [], mint: .min, maxt: .max) {
                    union[series.labels, default: []].append(contentsOf: series.samples)
                }
            }
            #expect(all == storedSeries(union))

            let sampleCount = data.values.reduce(0) { $0 + $1.count }
            #expect(meta.stats.numSeries == UInt64(data.count))
            #expect(meta.stats.numSamples == UInt64(sampleCount))
            #expect(meta.stats.numChunks == UInt64(data.values.reduce(0) { $0 + ($1.count + 479) / 480 }))
            #expect(meta.stats.numTombstones == 0)
            #expect(parents.reduce(0) { $0 + $1.meta.stats.numSamples } == meta.stats.numSamples)
            // Chunks are cut every 480 samples: all full but each series' last.
            for id in try block.postings(for: []) {
                let chunks = try block.series(id).chunks
                for (position, chunk) in chunks.enumerated() {
                    let count = try block.chunk(chunk.ref).numSamples
                    #expect(position == chunks.count - 1 ? (1...480).contains(count) : count == 480)
                }
            }
            // Matchers still work on the merged index.
            let up = try block.series(matching: [.equal("__name__", "up")], mint: .min, maxt: .max)
            #expect(up == storedSeries(data.filter { $0.key.name == "up" }))

            // The parents are untouched; deleting them leaves just the new block.
            #expect(try entries(dir).count == 4)
            try Compactor.deleteBlocks(parents.map(\.ulid), in: dir)
            #expect(try entries(dir) == [meta.ulid.description])
            #expect(try CompactionPlanner.blockMetas(in: dir) == [meta])
        }
    }

    /// Overlapping blocks are merged sample by sample; identical samples at
    /// one timestamp become one, and on conflicting values the block first
    /// by (minTime, ULID) wins, whatever order the blocks are passed in.
    @Test func overlappingBlocksAreMerged() throws {
        let a: Labels = ["__name__": "a", "job": "x"]
        let b: Labels = ["__name__": "b", "job": "x"]
        let onlySecond: Labels = ["__name__": "c", "job": "y"]
        let t0 = compactionEpoch
        func samples(_ range: StrideTo<Int64>, _ value: (Int64) -> Double) -> [Sample] {
            range.map { Sample(timestamp: t0 + $0 * 1000, value: value($0)) }
        }
        // First block: [t0, t0+400s), second: [t0+200s, t0+600s).
        let first: [Labels: [Sample]] = [
            a: samples(stride(from: 0, to: 300, by: 1)) { Double($0) },
            b: samples(stride(from: 0, to: 400, by: 2)) { Double($0) },
        ]
        let second: [Labels: [Sample]] = [
            // Identical where they overlap.
            a: samples(stride(from: 200, to: 600, by: 1)) { Double($0) },
            // Conflicting values, and timestamps in between.
            b: samples(stride(from: 200, to: 600, by: 3)) { -Double($0) },
            onlySecond: samples(stride(from: 250, to: 260, by: 1)) { _ in 7 },
        ]
        try withTemporaryDirectory { dir in
            let m1 = try writeBlock(first, into: dir, mint: t0, maxt: t0 + 400_000, ulid: namedULID("z-first"))
            let m2 = try writeBlock(second, into: dir, mint: t0 + 200_000, maxt: t0 + 600_000, ulid: namedULID("a"))
            let blocks = try [m1, m2].map { try Block(directory: dir + "/" + $0.ulid.description) }
            #expect(CompactionPlanner(ranges: BlockRanges.exponential()).plan([m2, m1]) == [m1, m2])

            var expectedB: [Int64: Double] = [:]
            for s in second[b]! { expectedB[s.timestamp] = s.value }
            for s in first[b]! { expectedB[s.timestamp] = s.value }  // the first block wins
            let expected: [Labels: [Sample]] = [
                a: samples(stride(from: 0, to: 600, by: 1)) { Double($0) },
                b: expectedB.sorted { $0.key < $1.key }.map { Sample(timestamp: $0.key, value: $0.value) },
                onlySecond: second[onlySecond]!,
            ]
            var results: [[StoredSeries]] = []
            for order in [blocks, blocks.reversed()] {
                let meta = try #require(try Compactor().compact(order, into: dir))
                #expect(meta.minTime == t0)
                #expect(meta.maxTime == t0 + 600_000)
                #expect(meta.compaction.parents.map(\.ulid) == [m1.ulid, m2.ulid])
                #expect(meta.stats.numSamples == UInt64(expected.values.reduce(0) { $0 + $1.count }))
                let block = try Block(directory: dir + "/" + meta.ulid.description)
                results.append(try block.series(matching: [], mint: .min, maxt: .max))
            }
            #expect(results[0] == storedSeries(expected))
            #expect(results[1] == results[0])
        }
    }

    /// Deleted intervals are gone from the compacted block, which has no
    /// tombstones and counts only what is left; an entirely deleted series
    /// disappears.
    @Test func tombstonesAreApplied() throws {
        let data = compactionData(seed: 5, series: 40, windows: 1)
        let labels = data.keys.sorted()
        let t0 = compactionEpoch
        let whole = TombstoneInterval(mint: .min, maxt: .max)
        var tombstones: [Labels: [TombstoneInterval]] = [
            labels[0]: [whole],
            labels[1]: [TombstoneInterval(mint: t0, maxt: t0 + 1_800_000)],
            labels[2]: [
                TombstoneInterval(mint: t0 + 600_000, maxt: t0 + 1_200_000),
                TombstoneInterval(mint: t0 + 3_600_000, maxt: t0 + 3_700_000),
            ],
        ]
        // One interval that removes exactly one sample.
        let single = data[labels[3]]![data[labels[3]]!.count / 2].timestamp
        tombstones[labels[3]] = [TombstoneInterval(mint: single, maxt: single)]
        try withTemporaryDirectory { dir in
            let parentMeta = try writeBlock(data, into: dir, mint: t0, maxt: t0 + twoHours, tombstones: tombstones)
            #expect(parentMeta.stats.numTombstones == 5)
            let parent = try Block(directory: dir + "/" + parentMeta.ulid.description)
            // Upstream plans a long-enough block with > 5% tombstones on its own.
            let next = BlockMeta(ulid: ULID(), minTime: t0 + twoHours, maxTime: t0 + 2 * twoHours)
            #expect(
                CompactionPlanner(ranges: [twoHours / 4, twoHours / 2, twoHours]).plan([parentMeta, next]) == [
                    parentMeta
                ])

            let meta = try #require(try Compactor().compact([parent], into: dir))
            var expected = data
            for (series, intervals) in tombstones {
                expected[series] = expected[series]!.filter { s in !intervals.contains { $0.contains(s.timestamp) } }
            }
            expected = expected.filter { !$0.value.isEmpty }
            let block = try Block(directory: dir + "/" + meta.ulid.description)
            #expect(block.tombstones.isEmpty)
            #expect(try block.series(matching: [], mint: .min, maxt: .max) == storedSeries(expected))
            #expect(
                try block.series(matching: [], mint: .min, maxt: .max)
                    == parent.series(matching: [], mint: .min, maxt: .max))
            #expect(meta.stats.numTombstones == 0)
            #expect(meta.stats.numSeries == UInt64(data.count - 1))
            #expect(meta.stats.numSamples == UInt64(expected.values.reduce(0) { $0 + $1.count }))
            #expect(meta.stats.numSamples < parentMeta.stats.numSamples)
            #expect(!block.labelValues("id").contains(labels[0]["id"]!))
            #expect(meta.minTime == parentMeta.minTime && meta.maxTime == parentMeta.maxTime)
        }
    }

    /// When tombstones delete everything, no block is written (upstream
    /// writes none and marks the parents deletable).
    @Test func everythingDeletedWritesNoBlock() throws {
        let labels: Labels = ["__name__": "gone"]
        let samples = (0..<10).map { Sample(timestamp: compactionEpoch + Int64($0), value: 1) }
        try withTemporaryDirectory { dir in
            let meta = try writeBlock(
                [labels: samples], into: dir, tombstones: [labels: [TombstoneInterval(mint: .min, maxt: .max)]])
            let block = try Block(directory: dir + "/" + meta.ulid.description)
            #expect(try Compactor().compact([block], into: dir) == nil)
            #expect(try entries(dir) == [meta.ulid.description])
        }
    }

    /// Compacting a compacted block again changes nothing but its identity
    /// and level.
    @Test func compactionIsIdempotent() throws {
        let data = compactionData(seed: 9, series: 60, windows: 3)
        try withTemporaryDirectory { dir in
            let parents = try writeWindows(data, windows: 3, into: dir)
            let once = try #require(try Compactor().compact(parents, into: dir))
            let onceBlock = try Block(directory: dir + "/" + once.ulid.description)
            let twice = try #require(try Compactor().compact([onceBlock], into: dir))
            let twiceBlock = try Block(directory: dir + "/" + twice.ulid.description)
            #expect(try twiceBlock.series(matching: [], mint: .min, maxt: .max) == storedSeries(data))
            #expect(twice.stats == once.stats)
            #expect(twice.minTime == once.minTime && twice.maxTime == once.maxTime)
            #expect(twice.compaction.level == 3)
            #expect(twice.compaction.sources == once.compaction.sources)
            #expect(twice.compaction.parents.map(\.ulid) == [once.ulid])
            // Same chunks, byte for byte: re-encoding full chunks is stable.
            let a = try Data(contentsOf: URL(fileURLWithPath: onceBlock.directory + "/chunks/000001"))
            let b = try Data(contentsOf: URL(fileURLWithPath: twiceBlock.directory + "/chunks/000001"))
            #expect(a == b)
        }
    }

    /// A compaction that fails while reading leaves the parents byte for
    /// byte as they were and no new or temporary directory behind.
    @Test func failedCompactionLeavesParentsIntact() throws {
        let data = compactionData(seed: 11, series: 30, windows: 3)
        try withTemporaryDirectory { dir in
            let parents = try writeWindows(data, windows: 3, into: dir)
            // Damage a chunk of the last parent (after the 8-byte segment header).
            let segment = parents[2].directory + "/chunks/000001"
            var bytes = try Data(contentsOf: URL(fileURLWithPath: segment))
            bytes[bytes.count - 3] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: segment))
            let damaged = try Block(directory: parents[2].directory)
            let before = try snapshot(dir)
            let names = try entries(dir)

            #expect(throws: BlockError.self) { try Compactor().compact([parents[0], parents[1], damaged], into: dir) }
            #expect(try entries(dir) == names)
            #expect(try snapshot(dir) == before)

            // The new block's directory exists already: nothing is touched either.
            let taken = parents[0].ulid
            let error = #expect(throws: BlockError.self) {
                try Compactor().compact([parents[0], parents[1]], into: dir, ulid: taken)
            }
            #expect(error?.code == .alreadyExists)
            #expect(try entries(dir) == names)
            #expect(try snapshot(dir) == before)

            // The data directory vanishes: the write fails, the blocks stay readable.
            #expect(throws: BlockError.self) {
                try Compactor().compact([parents[0], parents[1]], into: dir + "/missing")
            }
            #expect(
                try parents[0].series(matching: [], mint: .min, maxt: .max)
                    == storedSeries(
                        slice(data, mint: compactionEpoch, maxt: compactionEpoch + twoHours)))
        }
    }

    @Test func invalidInputIsRejected() throws {
        let data = compactionData(seed: 12, series: 5, windows: 1)
        try withTemporaryDirectory { dir in
            let block = try writeWindows(data, windows: 1, into: dir)[0]
            #expect(throws: BlockError.self) { try Compactor().compact([], into: dir) }
            #expect(throws: BlockError.self) { try Compactor().compact([block, block], into: dir) }
        }
    }

    /// Blocks are renamed to `.tmp-for-deletion` and removed; missing ones
    /// and leftovers of an interrupted deletion are handled.
    @Test func deleteBlocksRemovesDirectories() throws {
        let data = compactionData(seed: 13, series: 10, windows: 3)
        try withTemporaryDirectory { dir in
            let blocks = try writeWindows(data, windows: 3, into: dir)
            // A leftover of an earlier deletion of the first block, with content.
            let leftover = blocks[0].directory + Compactor.deletionSuffix
            try FileManager.default.createDirectory(atPath: leftover + "/chunks", withIntermediateDirectories: true)
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: leftover + "/chunks/000001"))

            try Compactor.deleteBlocks([blocks[0].ulid, blocks[1].ulid, namedULID("absent")], in: dir)
            #expect(try entries(dir) == [blocks[2].ulid.description])
            // The open block still reads from its mappings.
            #expect(try !blocks[0].series(matching: [], mint: .min, maxt: .max).isEmpty)
            try Compactor.deleteBlocks([blocks[2].ulid], in: dir)
            #expect(try entries(dir).isEmpty)
        }
    }

    /// A full cycle: four 2h blocks, plan, compact, delete, plan again.
    @Test func planCompactDeleteCycle() throws {
        let data = compactionData(seed: 14, series: 50, windows: 4)
        try withTemporaryDirectory { dir in
            _ = try writeWindows(data, windows: 4, into: dir)
            let planner = CompactionPlanner(ranges: BlockRanges.forRetention(15 * 24 * 3_600_000))
            var compactions = 0
            while true {
                let metas = try CompactionPlanner.blockMetas(in: dir)
                let plan = planner.plan(metas)
                if plan.isEmpty { break }
                let blocks = try plan.map { try Block(directory: dir + "/" + $0.ulid.description) }
                try Compactor().compact(blocks, into: dir)
                try Compactor.deleteBlocks(plan.map(\.ulid), in: dir)
                compactions += 1
                try #require(compactions < 10)
            }
            #expect(compactions == 1)
            let metas = try CompactionPlanner.blockMetas(in: dir).sorted { $0.minTime < $1.minTime }
            #expect(metas.map { $0.maxTime - $0.minTime } == [3 * twoHours, twoHours])
            var read: [Labels: [Sample]] = [:]
            for meta in metas {
                for s in try Block(directory: dir + "/" + meta.ulid.description).series(
                    matching: [], mint: .min, maxt: .max)
                {
                    read[s.labels, default: []].append(contentsOf: s.samples)
                }
            }
            #expect(storedSeries(read) == storedSeries(data))
        }
    }

    /// The sample merge keeps the earliest list's sample at a shared timestamp.
    @Test func mergeKeepsTheFirstListsSample() {
        func s(_ t: Int64, _ v: Double) -> Sample { Sample(timestamp: t, value: v) }
        #expect(Compactor.merge([]) == [])
        #expect(
            Compactor.merge([[s(1, 1), s(3, 1)], [s(1, 2), s(2, 2), s(3, 2), s(4, 2)]]) == [
                s(1, 1), s(2, 2), s(3, 1), s(4, 2),
            ])
        // The many-lists path agrees with the few-lists path.
        var generator = SeededGenerator(seed: 3)
        let lists = (0..<40).map { i in
            (0..<50).map { _ in Int64.random(in: 0..<400, using: &generator) }.sorted().reduce(into: [Sample]()) {
                if $0.last?.timestamp != $1 { $0.append(s($1, Double(i))) }
            }
        }
        let merged = Compactor.merge(lists)
        var expected: [Int64: Double] = [:]
        for list in lists.reversed() { for sample in list { expected[sample.timestamp] = sample.value } }
        #expect(merged == expected.sorted { $0.key < $1.key }.map { s($0.key, $0.value) })
        let few = lists.prefix(16).map { $0 }
        var fewExpected: [Int64: Double] = [:]
        for list in few.reversed() { for sample in list { fewExpected[sample.timestamp] = sample.value } }
        #expect(Compactor.merge(few) == fewExpected.sorted { $0.key < $1.key }.map { s($0.key, $0.value) })
    }
}
