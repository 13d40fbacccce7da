import ArgusCore
import Synchronization

/// A storage engine that keeps every sample in memory, for tests, rule unit
/// tests and the PromQL test runner. It follows the TSDB's append rules:
/// samples must arrive in time order per series (out-of-order window 0), and
/// re-appending the newest timestamp is accepted only with the same value.
public final class MemoryStorage: Queryable, Appendable {
    /// One series' samples and, once any sample of it had one, the start
    /// timestamps aligned with them (0 for the samples without).
    fileprivate struct SeriesData: Sendable {
        var samples: [Sample] = []
        var startTimestamps: [Int64]?

        mutating func append(_ sample: Sample, startTimestamp: Int64?) {
            if let startTimestamp, startTimestamps == nil {
                startTimestamps = [Int64](repeating: 0, count: samples.count)
            }
            samples.append(sample)
            startTimestamps?.append(startTimestamp ?? 0)
        }
    }

    private struct State {
        var series: [Labels: SeriesData] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func querier() -> any Querier {
        // Copy-on-write: the snapshot is the dictionary as committed now.
        Snapshot(series: state.withLock { $0.series })
    }

    public func appender() -> any Appender {
        Batch(storage: self)
    }

    /// The number of series stored.
    public var seriesCount: Int { state.withLock { $0.series.count } }

    fileprivate func apply(_ pending: [Labels: SeriesData]) throws(StorageError) {
        try state.withLock { (state: inout State) throws(StorageError) in
            // Validate everything first so a failing batch changes nothing.
            for (labels, data) in pending {
                var newest = state.series[labels]?.samples.last
                for sample in data.samples {
                    try MemoryStorage.check(sample, after: newest, labels: labels)
                    newest = sample
                }
            }
            for (labels, data) in pending {
                var existing = state.series[labels] ?? SeriesData()
                for (i, sample) in data.samples.enumerated() where existing.samples.last != sample {
                    existing.append(sample, startTimestamp: data.startTimestamps?[i])
                }
                state.series[labels] = existing
            }
        }
    }

    static func check(_ sample: Sample, after newest: Sample?, labels: Labels) throws(StorageError) {
        guard let newest else { return }
        if sample.timestamp < newest.timestamp {
            throw StorageError(.outOfOrderSample, "out of order sample for series \(labels)")
        }
        if sample.timestamp == newest.timestamp, sample.value.bitPattern != newest.value.bitPattern {
            throw StorageError(
                .duplicateSampleForTimestamp,
                "duplicate sample for timestamp \(sample.timestamp) for series \(labels)"
            )
        }
    }

    private final class Batch: StartTimestampAppender {
        let storage: MemoryStorage
        var pending: [Labels: SeriesData] = [:]

        init(storage: MemoryStorage) { self.storage = storage }

        func append(_ labels: Labels, timestamp: Int64, value: Double) throws(StorageError) {
            guard !labels.isEmpty else { throw StorageError(.invalidLabels, "empty label set") }
            pending[labels, default: SeriesData()].append(
                Sample(timestamp: timestamp, value: value), startTimestamp: nil)
        }

        func append(_ labels: Labels, startTimestamp: Int64, timestamp: Int64, value: Double) throws(StorageError) {
            guard !labels.isEmpty else { throw StorageError(.invalidLabels, "empty label set") }
            pending[labels, default: SeriesData()].append(
                Sample(timestamp: timestamp, value: value), startTimestamp: startTimestamp)
        }

        func commit() throws(StorageError) {
            defer { pending = [:] }
            try storage.apply(pending)
        }

        func rollback() { pending = [:] }
    }

    private struct Snapshot: Querier {
        let series: [Labels: SeriesData]

        func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [StoredSeries] {
            var result: [StoredSeries] = []
            for (labels, data) in series where labels.matches(matchers) {
                let range = Snapshot.window(data.samples, mint: mint, maxt: maxt)
                guard !range.isEmpty else { continue }
                result.append(
                    StoredSeries(
                        labels: labels, samples: Array(data.samples[range]),
                        startTimestamps: data.startTimestamps.map { Array($0[range]) }))
            }
            result.sort { $0.labels < $1.labels }
            return result
        }

        func labelNames(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [String] {
            var names: Set<String> = []
            for stored in select(matchers, mint: mint, maxt: maxt) {
                for label in stored.labels { names.insert(label.name) }
            }
            return names.sorted { $0.utf8Less($1) }
        }

        func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [String] {
            var values: Set<String> = []
            for stored in select(matchers, mint: mint, maxt: maxt) {
                if let value = stored.labels[name] { values.insert(value) }
            }
            return values.sorted { $0.utf8Less($1) }
        }

        /// The indices of the samples with timestamps in `mint...maxt`, found by binary search.
        static func window(_ samples: [Sample], mint: Int64, maxt: Int64) -> Range<Int> {
            var low = 0
            var high = samples.count
            while low < high {
                let mid = (low + high) / 2
                if samples[mid].timestamp < mint { low = mid + 1 } else { high = mid }
            }
            var end = low
            while end < samples.count, samples[end].timestamp <= maxt { end += 1 }
            return low..<end
        }
    }
}
