import ArgusCore
import Storage
import Synchronization
import Testing

@testable import TSDB

@Suite struct ChunkCutPolicyTests {
    static let twoHours: Int64 = 7_200_000
    let policy = ChunkCutPolicy(samplesPerChunk: 120, chunkRange: twoHours)

    /// The sizes of the chunks `policy` cuts from samples at `timestamps`.
    static func chunkSizes(_ timestamps: [Int64], _ policy: ChunkCutPolicy) -> [Int] {
        var sizes: [Int] = []
        var first: Int64 = 0
        var last: Int64 = 0
        for t in timestamps {
            if sizes.isEmpty || policy.cuts(count: sizes[sizes.count - 1], first: first, last: last, next: t) {
                sizes.append(0)
                first = t
            }
            sizes[sizes.count - 1] += 1
            last = t
        }
        return sizes
    }

    @Test func rangeEndsAreMultiplesOfTheRange() {
        #expect(policy.rangeEnd(0) == Self.twoHours)
        #expect(policy.rangeEnd(Self.twoHours - 1) == Self.twoHours)
        #expect(policy.rangeEnd(Self.twoHours) == 2 * Self.twoHours)
        #expect(policy.rangeEnd(-1) == 0)
        #expect(policy.rangeEnd(-Self.twoHours) == 0)
    }

    @Test func chunksStopAtRangeBoundariesAndHoldAQuarterOfTwoHoursAt15s() {
        // From 37 minutes into a range, for 5 hours.
        let start: Int64 = 37 * 60_000
        let timestamps = (0..<1200).map { start + Int64($0) * 15_000 }
        let sizes = Self.chunkSizes(timestamps, policy)
        // 83 minutes are left in the first range: 332 samples.
        #expect(Array(sizes.prefix(3)) == [120, 120, 92])
        #expect(Array(sizes.dropFirst(3).prefix(4)) == [120, 120, 120, 120])
        #expect(sizes.reduce(0, +) == 1200)
        var offset = 0
        for size in sizes {
            let first = timestamps[offset]
            let last = timestamps[offset + size - 1]
            #expect(policy.rangeEnd(first) == policy.rangeEnd(last), "chunk \(first)…\(last) crosses a range end")
            offset += size
        }
    }

    @Test func oneSampleMoreInARangeJoinsTheLastChunk() {
        // 481 samples in one range (one late scrape's neighbour moved across).
        var timestamps = (0..<480).map { Int64($0) * 15_000 }
        timestamps.insert(7_000, at: 1)
        #expect(Self.chunkSizes(timestamps, policy) == [120, 120, 120, 121])
    }

    @Test func aFullChunkIsCutWhenAQuarterChunkOrMoreIsLeft() {
        // 150 samples at 1 min: 120 fit, the 30 left before the range end make a chunk.
        let everyMinute = ChunkCutPolicy(samplesPerChunk: 120, chunkRange: 150 * 60_000)
        #expect(Self.chunkSizes((0..<150).map { Int64($0) * 60_000 }, everyMinute) == [120, 30])
        let shorter = ChunkCutPolicy(samplesPerChunk: 120, chunkRange: 149 * 60_000)
        #expect(Self.chunkSizes((0..<149).map { Int64($0) * 60_000 }, shorter) == [149])
    }

    @Test func chunksHoldAtMostTwiceTheTarget() {
        // All at the same rate but too dense to split before the range end: bounded all the same.
        let dense = (0..<1000).map { Int64($0) }
        let sizes = Self.chunkSizes(dense, ChunkCutPolicy(samplesPerChunk: 120, chunkRange: 1_000_000))
        #expect(sizes.allSatisfy { $0 <= 240 })
        #expect(sizes.reduce(0, +) == 1000)
        // Samples that share a timestamp give no rate: the chunk is cut at the target.
        #expect(!policy.cuts(count: 119, first: 5, last: 5, next: 6))
        #expect(policy.cuts(count: 120, first: 5, last: 5, next: 6))
    }

    /// A head cuts by the policy, so a block takes its chunks whole.
    @Test func headChunksFitTheBlocksCutFromThem() throws {
        var options = Head.Options()
        options.chunkRange = Self.twoHours
        let head = Head(options: options)
        let labels: Labels = ["__name__": "node_load1"]
        let start: Int64 = 37 * 60_000
        for i in 0..<1200 {
            let app = head.appender()
            try app.append(labels, timestamp: start + Int64(i) * 15_000, value: Double(i % 7))
            try app.commit()
        }
        let series = try #require(head.series(1))
        let snapshot = series.state.withLock { $0.snapshot() }
        #expect(snapshot.sealed.map(\.numSamples).prefix(7) == [120, 120, 92, 120, 120, 120, 120])
        let block = snapshot.blockChunks(
            mint: Self.twoHours, maxt: 2 * Self.twoHours, deleted: [], labels: series.labels)
        #expect(block == snapshot.sealed[3...6].compactMap(\.chunk))
    }
}
