import ArgusCore
import Storage
import Testing

@Suite struct FanoutQuerierTests {
    /// A secondary source with fixed series, or failing with `failure`.
    struct Fixed: Querier {
        var series: [StoredSeries] = []
        var names: [String] = []
        var failure: String?

        func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [StoredSeries] {
            if let failure { throw StorageError(.io, failure) }
            return series
        }

        func labelNames(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [String] {
            if let failure { throw StorageError(.io, failure) }
            return names
        }

        func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError)
            -> [String]
        {
            if let failure { throw StorageError(.io, failure) }
            return []
        }
    }

    static func local() throws -> MemoryStorage {
        let storage = MemoryStorage()
        let app = storage.appender()
        for t in [1000, 2000, 3000] as [Int64] {
            try app.append(["__name__": "up", "job": "b"], timestamp: t, value: 1)
        }
        try app.commit()
        return storage
    }

    static func samples(_ pairs: [(Int64, Double)]) -> [Sample] { pairs.map { Sample(timestamp: $0.0, value: $0.1) } }

    @Test func mergesSeriesByLabelsAndLocalSamplesWinAtEqualTimestamps() throws {
        let remote = Fixed(series: [
            StoredSeries(labels: ["__name__": "up", "job": "a"], samples: Self.samples([(500, 7)])),
            StoredSeries(labels: ["__name__": "up", "job": "b"], samples: Self.samples([(500, 9), (2000, 9)])),
        ])
        let warnings = StorageWarnings()
        let fanout = FanoutQueryable(primary: try Self.local(), secondaries: [remote], warnings: warnings)
        let series = try fanout.querier().select([.equal("__name__", "up")], mint: 0, maxt: 10_000)
        #expect(series.map(\.labels) == [["__name__": "up", "job": "a"], ["__name__": "up", "job": "b"]])
        #expect(series[1].samples == Self.samples([(500, 9), (1000, 1), (2000, 1), (3000, 1)]))
        #expect(warnings.all.isEmpty)
    }

    @Test func aFailingSecondaryBecomesAWarningOnce() throws {
        let warnings = StorageWarnings()
        let fanout = FanoutQueryable(
            primary: try Self.local(), secondaries: [Fixed(failure: "remote_read: boom"), Fixed(names: ["zone"])],
            warnings: warnings)
        let querier = try fanout.querier()
        let series = try querier.select([.equal("__name__", "up")], mint: 0, maxt: 10_000)
        #expect(series.map(\.samples.count) == [3])
        #expect(try querier.labelNames([], mint: 0, maxt: 10_000) == ["__name__", "job", "zone"])
        #expect(warnings.all == ["remote_read: boom"])
    }

    @Test func withoutSecondariesTheLocalQuerierIsUsedAsIs() throws {
        let fanout = FanoutQueryable(primary: try Self.local(), secondaries: [], warnings: StorageWarnings())
        #expect(try fanout.querier().select([.equal("job", "b")], mint: 0, maxt: 10_000).count == 1)
    }

    @Test func mergingSampleListsKeepsTimeOrder() {
        let a = Self.samples([(1, 1), (3, 3), (5, 5)])
        let b = Self.samples([(0, 0), (3, 30), (4, 4), (6, 6)])
        #expect(Sample.merging(a, b) == Self.samples([(0, 0), (1, 1), (3, 3), (4, 4), (5, 5), (6, 6)]))
        #expect(Sample.merging([], b) == b)
        #expect(Sample.merging(a, []) == a)
    }
}
