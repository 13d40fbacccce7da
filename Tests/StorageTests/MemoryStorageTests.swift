import ArgusCore
import Storage
import Testing

@Suite struct MemoryStorageTests {
    let up: Labels = ["__name__": "up", "job": "node", "instance": "a"]
    let upB: Labels = ["__name__": "up", "job": "node", "instance": "b"]
    let other: Labels = ["__name__": "requests_total", "job": "api"]

    @Test func commitMakesTheBatchVisibleWhole() throws {
        let storage = MemoryStorage()
        let app = storage.appender()
        try app.append(up, timestamp: 1000, value: 1)
        try app.append(upB, timestamp: 1000, value: 0)
        #expect(try storage.querier().select([.equal("__name__", "up")], mint: 0, maxt: 10_000).isEmpty)
        try app.commit()
        let selected = try storage.querier().select([.equal("__name__", "up")], mint: 0, maxt: 10_000)
        #expect(selected.map(\.labels) == [up, upB])
        #expect(selected[0].samples == [Sample(timestamp: 1000, value: 1)])
    }

    @Test func rollbackDiscards() throws {
        let storage = MemoryStorage()
        let app = storage.appender()
        try app.append(up, timestamp: 1000, value: 1)
        app.rollback()
        try app.commit()
        #expect(storage.seriesCount == 0)
    }

    @Test func rejectsOutOfOrderAndConflictingDuplicates() throws {
        let storage = MemoryStorage()
        var app = storage.appender()
        try app.append(up, timestamp: 2000, value: 1)
        try app.commit()

        app = storage.appender()
        try app.append(up, timestamp: 1000, value: 1)
        #expect(throws: StorageError.self) { try app.commit() }
        do {
            try app.commit()
        } catch {
            Issue.record("a failed commit must leave an empty batch, got \(error)")
        }

        app = storage.appender()
        try app.append(up, timestamp: 2000, value: 5)
        do {
            try app.commit()
            Issue.record("expected a duplicate-timestamp error")
        } catch {
            #expect(error.code == .duplicateSampleForTimestamp)
        }

        // The identical newest sample is accepted silently.
        app = storage.appender()
        try app.append(up, timestamp: 2000, value: 1)
        try app.commit()
        #expect(try storage.querier().select([.equal("instance", "a")], mint: 0, maxt: 5000)[0].samples.count == 1)
    }

    @Test func failedBatchChangesNothing() throws {
        let storage = MemoryStorage()
        var app = storage.appender()
        try app.append(up, timestamp: 2000, value: 1)
        try app.commit()
        app = storage.appender()
        try app.append(other, timestamp: 1000, value: 1)
        try app.append(up, timestamp: 1000, value: 1)
        #expect(throws: StorageError.self) { try app.commit() }
        #expect(storage.seriesCount == 1)
    }

    @Test func selectsByMatchersAndInclusiveTimeRange() throws {
        let storage = MemoryStorage()
        let app = storage.appender()
        for t in stride(from: Int64(0), through: 10_000, by: 1000) {
            try app.append(up, timestamp: t, value: Double(t))
            try app.append(other, timestamp: t, value: 1)
        }
        try app.append(upB, timestamp: 20_000, value: 1)
        try app.commit()
        let querier = try storage.querier()
        let window = try querier.select([.equal("__name__", "up")], mint: 3000, maxt: 5000)
        #expect(window.count == 1)
        #expect(window[0].samples.map(\.timestamp) == [3000, 4000, 5000])
        let regex = try querier.select(
            [try LabelMatcher(.regexMatch, "__name__", "up|requests_total")], mint: 0, maxt: 30_000)
        #expect(regex.map(\.labels) == [other, up, upB])
        #expect(try querier.labelNames([], mint: 0, maxt: 30_000) == ["__name__", "instance", "job"])
        #expect(try querier.labelValues("job", [], mint: 0, maxt: 30_000) == ["api", "node"])
        #expect(try querier.labelValues("instance", [.equal("__name__", "up")], mint: 15_000, maxt: 30_000) == ["b"])
    }

    @Test func keepsStaleMarkerBits() throws {
        let storage = MemoryStorage()
        let app = storage.appender()
        try app.append(up, timestamp: 1000, value: StaleMarker.value)
        try app.commit()
        let sample = try storage.querier().select([], mint: 0, maxt: 2000)[0].samples[0]
        #expect(StaleMarker.isStale(sample.value))
    }

    @Test func rejectsEmptyLabels() {
        let app = MemoryStorage().appender()
        #expect(throws: StorageError.self) { try app.append(Labels(), timestamp: 0, value: 1) }
    }
}
