import Synchronization

/// Running counts of what the head did, kept with relaxed atomics so the
/// append path takes no extra lock; ``Head/metrics`` reads them.
final class HeadCounters: Sendable {
    let seriesCreated = Atomic<Int>(0)
    let seriesRemoved = Atomic<Int>(0)
    let samplesAppended = Atomic<Int>(0)
    let outOfOrderSamples = Atomic<Int>(0)
    let chunksCreated = Atomic<Int>(0)
    let chunksRemoved = Atomic<Int>(0)
    let truncations = Atomic<Int>(0)
    /// The head's time bounds as Prometheus keeps them: the oldest and
    /// newest committed sample, the oldest raised to the truncation time
    /// when the head is truncated; `.max`/`.min` while nothing was appended.
    let minTime = Atomic<Int64>(.max)
    let maxTime = Atomic<Int64>(.min)

    /// Widens the time bounds to take in `mint...maxt`.
    func noteSamples(mint: Int64, maxt: Int64) {
        Self.update(minTime, to: mint, if: <)
        Self.update(maxTime, to: maxt, if: >)
    }

    /// Raises the lower bound to `time` after a truncation.
    func noteTruncation(before time: Int64) {
        Self.update(minTime, to: time, if: >)
    }

    /// Stores `value` in `atomic` if it is `better` than the value held, retrying when another thread changed it.
    private static func update(
        _ atomic: borrowing Atomic<Int64>, to value: Int64, if better: (Int64, Int64) -> Bool
    ) {
        var current = atomic.load(ordering: .relaxed)
        while better(value, current) {
            let (exchanged, original) = atomic.compareExchange(expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}

extension Head {
    /// What the head reports about itself (`prometheus_tsdb_head_*`).
    public struct Metrics: Hashable, Sendable {
        public var series: Int
        /// Chunks held now: full ones and the open one of each series.
        public var chunks: Int
        public var seriesCreated: Int
        public var seriesRemoved: Int
        public var chunksCreated: Int
        public var chunksRemoved: Int
        /// Samples committed.
        public var samplesAppended: Int
        /// Samples rejected for being older than their series' newest.
        public var outOfOrderSamples: Int
        /// Truncations after a block was cut from the head.
        public var truncations: Int
        /// Deleted intervals the head hides.
        public var tombstones: Int
        /// Bytes of the head chunk files (`chunks_head/`).
        public var chunkFileBytes: Int = 0
        /// Full chunks kept in memory because writing them to a file failed.
        public var chunkWriteFailures: Int = 0
        /// The oldest time the head covers (raised by truncation) and its
        /// newest sample, in milliseconds: Prometheus' `Head.MinTime()` and
        /// `MaxTime()`, `Int64.max` and `Int64.min` while the head never
        /// held a sample.
        public var minTime: Int64 = .max
        public var maxTime: Int64 = .min
    }

    /// The head's counters now; cheap enough to read on every scrape.
    public var metrics: Metrics {
        let created = counters.chunksCreated.load(ordering: .relaxed)
        let removed = counters.chunksRemoved.load(ordering: .relaxed)
        return Metrics(
            series: seriesCount, chunks: created - removed,
            seriesCreated: counters.seriesCreated.load(ordering: .relaxed),
            seriesRemoved: counters.seriesRemoved.load(ordering: .relaxed), chunksCreated: created,
            chunksRemoved: removed,
            samplesAppended: counters.samplesAppended.load(ordering: .relaxed),
            outOfOrderSamples: counters.outOfOrderSamples.load(ordering: .relaxed),
            truncations: counters.truncations.load(ordering: .relaxed), tombstones: tombstoneCount,
            chunkFileBytes: chunkStore?.diskSize ?? 0,
            chunkWriteFailures: chunkStore?.writeFailures.load(ordering: .relaxed) ?? 0,
            minTime: counters.minTime.load(ordering: .relaxed), maxTime: counters.maxTime.load(ordering: .relaxed))
    }
}
