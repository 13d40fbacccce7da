import ArgusCore
import ArgusTesting
import Storage
import Synchronization
import Testing

@testable import TSDB

@Suite struct HeadTests {
    let up: Labels = ["__name__": "up", "job": "node", "instance": "a"]
    let upB: Labels = ["__name__": "up", "job": "node", "instance": "b"]

    @Test func commitPublishesAndQueriesSelectByMatchersAndTime() throws {
        let head = Head(options: Head.Options(samplesPerChunk: 4))
        let app = head.appender()
        for t in stride(from: Int64(0), through: 9000, by: 1000) {
            try app.append(up, timestamp: t, value: Double(t) / 1000)
            try app.append(upB, timestamp: t, value: 1)
        }
        #expect(try head.querier().select([.equal("__name__", "up")], mint: 0, maxt: 10_000).isEmpty)
        try app.commit()
        let all = try head.querier().select([.equal("__name__", "up")], mint: 0, maxt: 10_000)
        #expect(all.map(\.labels) == [up, upB])
        #expect(all[0].samples.map(\.value) == (0...9).map(Double.init))
        // Spans several chunks (4 samples each) and cuts by time.
        let window = try head.querier().select([.equal("instance", "a")], mint: 2500, maxt: 6000)
        #expect(window[0].samples.map(\.timestamp) == [3000, 4000, 5000, 6000])
        #expect(try head.querier().labelValues("instance", [], mint: 0, maxt: 10_000) == ["a", "b"])
        #expect(
            try head.querier().labelNames([.equal("instance", "b")], mint: 0, maxt: 10_000) == [
                "__name__", "instance", "job",
            ])
        #expect(head.seriesCount == 2)
    }

    /// The per-series state is the largest fixed cost of a head series (the
    /// memory target is 1 KiB per series): with the lock and the object's
    /// header, ref and labels, a series is one 168-byte allocation.
    @Test func seriesStateStaysWithinItsBudget() {
        #expect(MemoryLayout<SeriesState>.size <= 128)
        #expect(MemoryLayout<Mutex<SeriesState>>.size <= 136)
    }

    @Test func appendsByReference() throws {
        let head = Head(options: Head.Options(samplesPerChunk: 4))
        let app = head.appender()
        let ref = try #require(try app.append(nil, up, timestamp: 0, value: 1))
        let refB = try app.append(nil, upB, timestamp: 0, value: 2)
        #expect(ref != refB)
        // The reference finds the series without its labels being looked up;
        // it stays valid across batches.
        #expect(try app.append(ref, up, timestamp: 1000, value: 3) == ref)
        try app.commit()
        let next = head.appender()
        #expect(try next.append(ref, up, timestamp: 2000, value: 4) == ref)
        #expect(throws: StorageError.self) { try next.append(ref, up, timestamp: 1500, value: 9) }
        // The bare number finds the series too, and the answer carries the series again.
        let bare = try next.append(SeriesRef(ref.rawValue), up, timestamp: 2500, value: 6)
        #expect(bare == ref && bare?.handle != nil && ref.handle != nil)
        try next.commit()
        let samples = try head.querier().select([.equal("instance", "a")], mint: 0, maxt: 10_000)[0].samples
        #expect(samples.map(\.value) == [1, 3, 4, 6])
        #expect(head.seriesCount == 2)

        // Once truncation removed the series, the reference no longer names
        // anything and the labels are used again, under a new reference.
        head.truncate(before: 100_000)
        #expect(head.seriesCount == 0)
        let again = head.appender()
        let newRef = try again.append(ref, up, timestamp: 200_000, value: 5)
        #expect(newRef != nil && newRef != ref)
        try again.commit()
        #expect(
            try head.querier().select([.equal("instance", "a")], mint: 0, maxt: .max)[0].samples.map(\.value) == [5])
    }

    @Test func rejectsOutOfOrderAndConflictingDuplicatesAtAppendTime() throws {
        let head = Head()
        var app = head.appender()
        try app.append(up, timestamp: 2000, value: 1)
        try app.commit()
        app = head.appender()
        #expect(throws: StorageError.self) { try app.append(up, timestamp: 1000, value: 1) }
        do {
            try app.append(up, timestamp: 2000, value: 5)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .duplicateSampleForTimestamp)
        }
        // The identical newest sample is accepted and not stored twice.
        try app.append(up, timestamp: 2000, value: 1)
        try app.append(up, timestamp: 3000, value: 2)
        #expect(throws: StorageError.self) { try app.append(up, timestamp: 2500, value: 2) }
        try app.commit()
        let samples = try head.querier().select([], mint: 0, maxt: 5000)[0].samples
        #expect(samples == [Sample(timestamp: 2000, value: 1), Sample(timestamp: 3000, value: 2)])
    }

    @Test func batchOrderIsCheckedPerBatch() throws {
        let head = Head()
        // A batch that is rolled back leaves nothing that later batches are checked against.
        let abandoned = head.appender()
        try abandoned.append(up, timestamp: 5000, value: 1)
        abandoned.rollback()
        let app = head.appender()
        try app.append(up, timestamp: 1000, value: 1)
        try app.append(up, timestamp: 1000, value: 1)
        #expect(throws: StorageError.self) { try app.append(up, timestamp: 1000, value: 2) }
        // Another open batch's samples do not constrain this one until they are committed.
        let other = head.appender()
        try other.append(up, timestamp: 4000, value: 4)
        try app.append(up, timestamp: 2000, value: 2)
        try app.commit()
        try other.commit()
        let samples = try head.querier().select([], mint: 0, maxt: 5000)[0].samples
        #expect(samples.map(\.timestamp) == [1000, 2000, 4000])
    }

    @Test func rollbackDiscardsSamples() throws {
        let head = Head()
        let app = head.appender()
        try app.append(up, timestamp: 1000, value: 1)
        app.rollback()
        try app.commit()
        #expect(try head.querier().select([], mint: 0, maxt: 5000).isEmpty)
    }

    @Test func keepsValueBits() throws {
        let head = Head()
        let app = head.appender()
        try app.append(up, timestamp: 1, value: StaleMarker.value)
        try app.append(up, timestamp: 2, value: -0.0)
        try app.append(up, timestamp: 3, value: .nan)
        try app.commit()
        let samples = try head.querier().select([], mint: 0, maxt: 5)[0].samples
        #expect(StaleMarker.isStale(samples[0].value))
        #expect(samples[1].value.sign == .minus)
        #expect(samples[2].value.bitPattern == Double.nan.bitPattern)
    }

    /// Batches are visible whole: a querier racing many committing appenders
    /// always sees, for every series, the same number of samples.
    @Test func concurrentBatchesAreVisibleWholeOrNotAtAll() async throws {
        let head = Head(options: Head.Options(samplesPerChunk: 8, stripeCount: 4))
        let labels = (0..<20).map { Labels(["__name__": "m", "i": String($0)]) }
        let torn = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for t in 0..<200 {
                    let app = head.appender()
                    for set in labels { try app.append(set, timestamp: Int64(t), value: Double(t)) }
                    try app.commit()
                }
                return 0
            }
            group.addTask {
                var torn = 0
                for _ in 0..<300 {
                    let counts = Set(try head.querier().select([], mint: 0, maxt: 1000).map(\.samples.count))
                    if counts.count > 1 { torn += 1 }
                    await Task.yield()
                }
                return torn
            }
            return try await group.reduce(0, +)
        }
        #expect(torn == 0)
        let final = try head.querier().select([], mint: 0, maxt: 1000)
        #expect(final.count == 20)
        #expect(final.allSatisfy { $0.samples.count == 200 })
    }
}
