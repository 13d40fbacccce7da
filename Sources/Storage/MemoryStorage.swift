import ArgusCore
import Synchronization

/// A storage engine that keeps every sample in memory, for tests, rule unit
/// tests and the PromQL test runner. It follows the TSDB's append rules:
/// samples must arrive in time order per series (out-of-order window 0), and
/// re-appending the newest timestamp is accepted only with the same value.
public final class MemoryStorage: Queryable, Appendable {
    private struct State {
        var series: [Labels: [Sample]] = [:]
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

    fileprivate func apply(_ pending: [Labels: [Sample]]) throws(StorageError) {
        try state.withLock { (state: inout State) throws(StorageError) in
            // Validate everything first so a failing batch changes nothing.
            for (labels, samples) in pending {
                var newest = state.series[labels]?.last
                for sample in samples {
                    try MemoryStorage.check(sample, after: newest, labels: labels)
                    newest = sample
                }
            }
            for (labels, samples) in pending {
                var existing = state.series[labels] ?? []
                for sample in samples where existing.last != sample {
                    existing.append(sample)
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

    private final class Batch: Appender {
        let storage: MemoryStorage
        var pending: [Labels: [Sample]] = [:]

        init(storage: MemoryStorage) { self.storage = storage }

        func append(_ labels: Labels, timestamp: Int64, value: Double) throws(StorageError) {
            guard !labels.isEmpty else { throw StorageError(.invalidLabels, "empty label set") }
            pending[labels, default: []].append(Sample(timestamp: timestamp, value: value))
        }

        func commit() throws(StorageError) {
            defer { pending = [:] }
            try storage.apply(pending)
        }

        func rollback() { pending = [:] }
    }

    private struct Snapshot: Querier {
        let series: [Labels: [Sample]]

        func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [StoredSeries] {
            var result: [StoredSeries] = []
            for (labels, samples) in series where labels.matches(matchers) {
                let selected = Snapshot.window(samples, mint: mint, maxt: maxt)
                if !selected.isEmpty { result.append(StoredSeries(labels: labels, samples: selected)) }
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

        /// The samples with timestamps in `mint...maxt`, found by binary search.
        static func window(_ samples: [Sample], mint: Int64, maxt: Int64) -> [Sample] {
            var low = 0
            var high = samples.count
            while low < high {
                let mid = (low + high) / 2
                if samples[mid].timestamp < mint { low = mid + 1 } else { high = mid }
            }
            var end = low
            while end < samples.count, samples[end].timestamp <= maxt { end += 1 }
            return Array(samples[low..<end])
        }
    }
}
