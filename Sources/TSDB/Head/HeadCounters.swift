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
        var current = minTime.load(ordering: .relaxed)
        while mint < current {
            let (exchanged, original) = minTime.compareExchange(
                expected: current, desired: mint, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
        current = maxTime.load(ordering: .relaxed)
        while maxt > current {
            let (exchanged, original) = maxTime.compareExchange(
                expected: current, desired: maxt, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
    }

    /// Raises the lower bound to `time` after a truncation.
    func noteTruncation(before time: Int64) {
        var current = minTime.load(ordering: .relaxed)
        while time > current {
            let (exchanged, original) = minTime.compareExchange(
                expected: current, desired: time, ordering: .relaxed)
            if exchanged { break }
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
