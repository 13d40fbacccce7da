import ArgusCore
import Storage
import Synchronization

/// What the head writes ahead of applying a batch, so that acknowledged
/// samples survive a crash: the write-ahead log implements it.
public protocol HeadLog: Sendable {
    /// Durably records new series (before any of their samples) and a batch
    /// of samples; returns only when the records are written per the log's
    /// sync policy.
    func log(series: [(ref: UInt64, labels: Labels)], samples: [(ref: UInt64, timestamp: Int64, value: Double)])
        throws(StorageError)

    /// Durably records deleted intervals of series, before the head applies them.
    func log(tombstones: [RefTombstone]) throws(StorageError)
}

/// The in-memory part of the TSDB: the most recent samples of every active
/// series, in XOR chunks, with an inverted index for selection.
///
/// Appends take only the lock of the stripe that holds a series and the lock
/// of the series itself; a batch becomes visible to queriers whole, when it
/// is published, or not at all.
public final class Head: Appendable, Queryable, Sendable {
    /// Settings of the head.
    public struct Options: Sendable {
        /// Samples per chunk before a new chunk is cut (Prometheus: 120).
        public var samplesPerChunk = 120
        /// Lock stripes for the series maps (a power of two).
        public var stripeCount = 256
        /// The largest head chunk file before the next is started (Prometheus: 128 MiB).
        public var chunkFileSize = 128 << 20
        /// Milliseconds; no chunk crosses a multiple of it. A database sets
        /// it to the range of the blocks it cuts from the head (2h).
        public var chunkRange: Int64 = 2 * 3_600_000

        public init(samplesPerChunk: Int = 120, stripeCount: Int = 256, chunkFileSize: Int = 128 << 20) {
            self.samplesPerChunk = samplesPerChunk
            self.stripeCount = stripeCount
            self.chunkFileSize = Swift.min(Swift.max(chunkFileSize, 1 << 10), Int(UInt32.max))
        }

        var cutPolicy: ChunkCutPolicy {
            ChunkCutPolicy(
                samplesPerChunk: Swift.min(Swift.max(samplesPerChunk, 1), XORChunk.maxSamples / 2),
                chunkRange: Swift.max(chunkRange, 1))
        }
    }

    let options: Options
    let cutPolicy: ChunkCutPolicy
    let log: (any HeadLog)?
    /// Where full chunks go; nil keeps them in memory.
    let chunkStore: HeadChunkStore?
    /// Series by fingerprint (collisions share a bucket), striped by fingerprint.
    private let byHash: [Stripe<SeriesHashMap>]
    /// Series by reference, striped by reference: stripe `ref & mask`, key `ref >> stripeBits`.
    private let byRef: [Stripe<SeriesTable>]
    private let mask: UInt64
    private let stripeBits: UInt64
    /// Guards the index and reference allocation; taken only when a series is created.
    let index = Mutex((index: PostingsIndex(), nextRef: UInt64(1)))
    /// Serialises publishing batches against queriers taking snapshots.
    let publication = Mutex(())
    /// Numbers batches for publication.
    let batchNumbers = Atomic<UInt64>(0)
    /// Numbers appenders, so a series can tell which batch its pending sample belongs to.
    let appenderNumbers = Atomic<UInt64>(0)
    /// Deleted intervals by series reference, hidden from queriers and
    /// left out of blocks cut from the head.
    let tombstones = Mutex(Tombstones())
    let counters = HeadCounters()

    /// A head that logs through `log` (nil keeps everything in memory only).
    public convenience init(options: Options = Options(), log: (any HeadLog)? = nil) {
        self.init(options: options, log: log, chunkStore: nil)
    }

    init(options: Options, log: (any HeadLog)?, chunkStore: HeadChunkStore?) {
        var stripes = 1
        while stripes < Swift.max(1, options.stripeCount) { stripes <<= 1 }
        self.options = options
        self.cutPolicy = options.cutPolicy
        self.log = log
        self.chunkStore = chunkStore
        self.byHash = (0..<stripes).map { _ in Stripe(SeriesHashMap()) }
        self.byRef = (0..<stripes).map { _ in Stripe(SeriesTable()) }
        self.mask = UInt64(stripes - 1)
        self.stripeBits = UInt64(stripes.trailingZeroBitCount)
    }

    /// The number of series in the head.
    public var seriesCount: Int { index.withLock { $0.index.seriesCount } }

    public func appender() -> any Appender { HeadAppender(head: self) }

    public func querier() -> any Querier { HeadQuerier(head: self) }

    // MARK: Series

    /// The series with `labels`, created (and indexed) if new. The flag says
    /// whether it was created by this call.
    func getOrCreate(_ labels: Labels) -> (MemSeries, created: Bool) {
        let hash = labels.fingerprint
        let stripe = byHash[Int(hash & mask)]
        if let existing = stripe.lock.withLock({ $0.get(hash, labels) }) {
            return (existing, false)
        }
        return stripe.lock.withLock { buckets -> (MemSeries, Bool) in
            // Re-check under the lock: another appender may have created it meanwhile.
            if let existing = buckets.get(hash, labels) { return (existing, false) }
            let series = index.withLock { state -> MemSeries in
                let series = MemSeries(ref: state.nextRef, labels: labels)
                state.nextRef += 1
                state.index.add(series.ref, labels)
                return series
            }
            byRef[Int(series.ref & mask)].lock.withLock { $0[series.ref >> stripeBits] = series }
            buckets.add(hash, series)
            counters.seriesCreated.add(1, ordering: .relaxed)
            return (series, true)
        }
    }

    /// Re-creates a series from the log under its logged reference; a label
    /// set logged twice (under two references) maps to one series.
    func createReplayed(ref: UInt64, labels: Labels) -> MemSeries {
        let hash = labels.fingerprint
        return byHash[Int(hash & mask)].lock.withLock { buckets -> MemSeries in
            if let existing = buckets.get(hash, labels) { return existing }
            let series = MemSeries(ref: ref, labels: labels)
            index.withLock { state in
                state.index.add(ref, labels)
                state.nextRef = Swift.max(state.nextRef, ref + 1)
            }
            byRef[Int(ref & mask)].lock.withLock { $0[ref >> stripeBits] = series }
            buckets.add(hash, series)
            counters.seriesCreated.add(1, ordering: .relaxed)
            return series
        }
    }

    /// Forgets the series in `refs` (sorted) entirely.
    func remove(_ refs: [UInt64]) {
        var labelsByRef: [UInt64: Labels] = [:]
        for ref in refs {
            guard let series = byRef[Int(ref & mask)].lock.withLock({ $0.removeValue(forKey: ref >> stripeBits) })
            else { continue }
            series.state.withLock { $0.removed = true }
            labelsByRef[ref] = series.labels
            let hash = series.labels.fingerprint
            byHash[Int(hash & mask)].lock.withLock { $0.remove(hash, series) }
        }
        index.withLock { $0.index.remove(refs) { labelsByRef[$0] } }
        counters.seriesRemoved.add(labelsByRef.count, ordering: .relaxed)
    }

    /// Whether the head still holds series `ref`.
    func contains(_ ref: UInt64) -> Bool { series(ref) != nil }

    /// The series with reference `ref`, if any.
    func series(_ ref: UInt64) -> MemSeries? {
        byRef[Int(ref & mask)].lock.withLock { $0[ref >> stripeBits] }
    }

    /// The references of the series matching `matchers`, sorted.
    func select(_ matchers: [LabelMatcher]) -> [UInt64] {
        index.withLock { $0.index.select(matchers) }
    }

    /// Label names and values straight from the index.
    func labelNames() -> [String] { index.withLock { $0.index.labelNames } }
    func labelValues(_ name: String) -> [String] { index.withLock { $0.index.values(of: name) } }
}

/// One lock stripe: a mutex in a class, so stripes can live in an array
/// (`Mutex` itself cannot be copied).
final class Stripe<Value: Sendable>: Sendable {
    let lock: Mutex<Value>

    init(_ value: Value) { lock = Mutex(value) }
}
