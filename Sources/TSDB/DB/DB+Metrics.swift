import ArgusCore
import Synchronization

/// Running counts of the database's maintenance, kept with relaxed atomics.
final class DBCounters: Sendable {
    let compactions = Atomic<Int>(0)
    let compactionsFailed = Atomic<Int>(0)
    let timeRetentions = Atomic<Int>(0)
    let sizeRetentions = Atomic<Int>(0)
    let outOfBoundSamples = Atomic<Int>(0)
    let checkpoints = Atomic<Int>(0)
    /// Writing a block, from the head or by merging blocks (upstream's
    /// compactor buckets: 1 s to 8192 s, doubling).
    let compactionDuration = Mutex(
        DurationObservations(bounds: DurationObservations.exponentialBounds(start: 1, factor: 2, count: 14)))
    /// Dropping head data that is now in a block.
    let headGCDuration = Mutex(DurationObservations())
    /// Checkpointing the log after that.
    let walTruncateDuration = Mutex(DurationObservations())

    /// Runs `body` and records how long it took in `observations`.
    func timing<T, E: Error>(_ observations: borrowing Mutex<DurationObservations>, _ body: () throws(E) -> T)
        throws(E) -> T
    {
        let start = ContinuousClock.now
        defer {
            let seconds = (ContinuousClock.now - start).inSeconds
            observations.withLock { $0.observe(seconds) }
        }
        return try body()
    }
}

extension DB {
    /// What the database reports about itself, the source of the metrics
    /// server's `prometheus_tsdb_*` series.
    public struct Metrics: Hashable, Sendable {
        public var head: Head.Metrics
        public var wal: WAL.Metrics
        public var blocks: Int
        /// Bytes of the blocks' files, as size retention counts them.
        public var blockBytes: Int64
        /// Bytes of the WAL directory's segments.
        public var walBytes: Int64
        /// Compactions that wrote a block, and compactions that failed.
        public var compactions: Int
        public var compactionsFailed: Int
        /// Retention runs that deleted blocks beyond the time or size limit.
        public var timeRetentions: Int
        public var sizeRetentions: Int
        /// Samples rejected for times already written to blocks.
        public var outOfBoundSamples: Int
        /// WAL checkpoints written after head truncations.
        public var checkpoints: Int
        /// The oldest sample time the database holds: the first block's
        /// start, or the head's lower bound without blocks (milliseconds).
        public var lowestTimestamp: Int64
        public var compactionDuration: DurationObservations
        public var headGCDuration: DurationObservations
        public var walTruncateDuration: DurationObservations
    }

    /// The database's counters and sizes now; reads a few directory
    /// entries, no sample data.
    public var metrics: Metrics {
        let blocks = self.blocks.withLock { $0 }
        let headMetrics = head.metrics
        return Metrics(
            head: headMetrics, wal: wal.metrics, blocks: blocks.count,
            blockBytes: blocks.reduce(0) { $0 + Retention.size(of: $1) }, walBytes: Self.directorySize(wal.directory),
            compactions: counters.compactions.load(ordering: .relaxed),
            compactionsFailed: counters.compactionsFailed.load(ordering: .relaxed),
            timeRetentions: counters.timeRetentions.load(ordering: .relaxed),
            sizeRetentions: counters.sizeRetentions.load(ordering: .relaxed),
            outOfBoundSamples: counters.outOfBoundSamples.load(ordering: .relaxed),
            checkpoints: counters.checkpoints.load(ordering: .relaxed),
            lowestTimestamp: blocks.first?.meta.minTime ?? headMetrics.minTime,
            compactionDuration: counters.compactionDuration.withLock { $0 },
            headGCDuration: counters.headGCDuration.withLock { $0 },
            walTruncateDuration: counters.walTruncateDuration.withLock { $0 })
    }
}
