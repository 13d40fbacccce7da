import ArgusCore
import Foundation
import Storage
import Synchronization

/// A TSDB data directory in Prometheus' layout: immutable blocks (`<ulid>/`)
/// and the head with its write-ahead log (`wal/`).
///
/// Appends go to the head; queries merge the blocks and the head. When the
/// head spans more than one and a half block ranges, ``persistHead()`` writes
/// its oldest range as a block and truncates the head and its log.
public final class DB: Appendable, Queryable, Sendable {
    /// Settings of the database, with Prometheus' defaults.
    public struct Options: Sendable {
        /// The range of blocks cut from the head (`--storage.tsdb.min-block-duration`, 2h).
        public var blockRange: Int64 = 2 * 3_600_000
        /// The largest range compaction builds (`--storage.tsdb.max-block-duration`);
        /// nil for a tenth of the retention, at most 31 days.
        public var maxBlockRange: Int64? = nil
        /// Blocks entirely older than this before the newest sample are deleted
        /// (`--storage.tsdb.retention.time`, 15d); nil keeps everything.
        public var retention: Int64? = 15 * 24 * 3_600_000
        /// The most bytes the blocks and the WAL may take together
        /// (`--storage.tsdb.retention.size`); the oldest blocks go first.
        /// nil keeps everything.
        public var retentionSize: Int64? = nil
        public var head = Head.Options()
        public var wal = WAL.Options()

        public init() {}
    }

    public let directory: String
    public let options: Options
    public let head: Head
    let wal: WAL
    /// The open blocks, oldest first.
    let blocks: Mutex<[Block]>
    /// Serialises the operations that replace blocks (head persistence,
    /// compaction, retention, deletion, tombstone cleaning, snapshots), as
    /// upstream's compaction mutex does, so none of them works on a block
    /// another is replacing.
    let maintenance = Mutex(())
    let counters = DBCounters()

    private init(directory: String, options: Options, head: Head, wal: WAL, blocks: [Block]) {
        self.directory = directory
        self.options = options
        self.head = head
        self.wal = wal
        self.blocks = Mutex(blocks)
    }

    /// Opens (or creates) the data directory: loads its blocks and replays
    /// the head's log. Unfinished block writes left by a crash are removed.
    public static func open(
        directory: String,
        options: Options = Options(),
        progress: (_ segment: Int, _ of: Int) -> Void = { _, _ in }
    ) throws(StorageError) -> (db: DB, replay: HeadReplay) {
        let blocks = try loadBlocks(directory)
        var headOptions = options.head
        headOptions.chunkRange = options.blockRange
        let (head, replay) = try Head.open(
            directory: directory + "/wal", chunksDirectory: directory + "/chunks_head",
            minValidTime: blocks.map(\.meta.maxTime).max() ?? .min, options: headOptions, walOptions: options.wal,
            progress: progress)
        guard let wal = head.log as? WAL else { throw StorageError(.io, "the head of \(directory) has no WAL") }
        return (DB(directory: directory, options: options, head: head, wal: wal, blocks: blocks), replay)
    }

    /// The bytes of the regular files directly in `path`.
    static func directorySize(_ path: String) -> Int64 {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return 0 }
        var total: Int64 = 0
        for name in names {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return total
    }

    /// Syncs and closes the write-ahead log. Appends fail afterwards;
    /// queries still work. Closing twice is harmless.
    public func close() throws(StorageError) {
        do {
            try wal.close()
        } catch {
            throw StorageError(.io, "closing the WAL of \(directory): \(error)")
        }
    }

    /// The blocks, oldest first.
    public var blockMetas: [BlockMeta] { blocks.withLock { $0.map(\.meta) } }

    public func appender() -> any Appender {
        BoundedAppender(head: head.appender(), minValidTime: minValidTime, counters: counters)
    }

    /// Samples older than this belong to time already written to blocks and
    /// are rejected (`out of bounds`), so blocks never overlap the head.
    public var minValidTime: Int64 { blocks.withLock { $0.map(\.meta.maxTime).max() } ?? .min }

    public func querier() -> any Querier {
        MergedQuerier(queriers: blocks.withLock { $0 } + [head.querier()])
    }

    /// Writes the head's oldest complete block range as a block when the
    /// head spans more than 1.5 ranges (as Prometheus compacts the head),
    /// then drops those samples from the head and checkpoints the log.
    /// Returns the new block's metadata, or nil when there was nothing to cut.
    @discardableResult
    public func persistHead() throws(StorageError) -> BlockMeta? {
        try maintenance.withLock { _ throws(StorageError) in try persistHeadLocked() }
    }

    private func persistHeadLocked() throws(StorageError) -> BlockMeta? {
        guard let (mint, maxt) = head.timeRange else { return nil }
        let (span, overflow) = maxt.subtractingReportingOverflow(mint)
        guard overflow || span > options.blockRange * 3 / 2 else { return nil }
        let range = options.blockRange
        let start = BlockRanges.alignedStart(mint, range: range)
        let end = BlockRanges.alignedEnd(mint, range: range)
        let meta: BlockMeta
        do {
            meta = try counters.timing(counters.compactionDuration) { () throws(BlockError) in
                try BlockWriter().write(
                    sorted: head.blockSeries(mint: start, maxt: end), mint: start, maxt: end, into: directory)
            }
            counters.compactions.add(1, ordering: .relaxed)
            let block = try Block(directory: directory + "/" + meta.ulid.description)
            blocks.withLock {
                $0.append(block)
                $0.sort { $0.meta.minTime < $1.meta.minTime }
            }
        } catch {
            throw StorageError(.io, error.message)
        }
        try truncateHead(before: end)
        return meta
    }

    /// Drops head data before `time` (now in blocks) and checkpoints the log
    /// so that replay no longer reads it.
    private func truncateHead(before time: Int64) throws(StorageError) {
        counters.timing(counters.headGCDuration) { head.truncate(before: time) }
        do {
            let last = try wal.nextSegment() - 1
            guard last >= 0 else { return }
            try counters.timing(counters.walTruncateDuration) { () throws(WALError) in
                _ = try Checkpoint.create(wal: wal, upTo: last, keepSeries: { self.head.contains($0) }, mint: time)
            }
            counters.checkpoints.add(1, ordering: .relaxed)
        } catch {
            throw StorageError(.io, "checkpointing the WAL: \(error.message)")
        }
    }

    /// Deletes blocks that lie entirely before the newest block's end minus
    /// the retention (never the newest block). Returns the deleted blocks.
    @discardableResult
    public func applyRetention() throws(StorageError) -> [BlockMeta] {
        try maintenance.withLock { _ throws(StorageError) in try applyRetentionLocked() }
    }

    private func applyRetentionLocked() throws(StorageError) -> [BlockMeta] {
        guard options.retention != nil || options.retentionSize != nil else { return [] }
        // As upstream, the size limit counts the WAL and the head chunk files too.
        let walSize =
            options.retentionSize == nil
            ? 0 : Self.directorySize(wal.directory) + Int64(head.chunkStore?.diskSize ?? 0)
        let doomed = blocks.withLock { list -> [Block] in
            let sized = list.map { Retention.SizedBlock(meta: $0.meta, size: Retention.size(of: $0)) }
            let expired = Retention.deletableBlocks(
                sized, retention: options.retention ?? 0, sizeLimit: options.retentionSize ?? 0, walSize: walSize)
            let byTime = Retention.blocksBeyondTime(list.map(\.meta), retention: options.retention ?? 0)
            if !byTime.isEmpty { counters.timeRetentions.add(1, ordering: .relaxed) }
            if !expired.subtracting(byTime).isEmpty { counters.sizeRetentions.add(1, ordering: .relaxed) }
            let removed = list.filter { expired.contains($0.ulid) }
            list.removeAll { expired.contains($0.ulid) }
            return removed
        }
        try removeBlocks(doomed)
        return doomed.map(\.meta)
    }

    /// Runs one step of leveled compaction: merges the blocks the planner
    /// picks (overlapping ones first, then 2h → 6h → 18h …, up to a tenth of
    /// the retention) into one block and deletes them. Returns the new
    /// block's metadata, or nil when there was nothing to compact.
    @discardableResult
    public func compact() throws(StorageError) -> BlockMeta? {
        try maintenance.withLock { _ throws(StorageError) in
            do throws(StorageError) {
                let meta = try compactLocked()
                if meta != nil { counters.compactions.add(1, ordering: .relaxed) }
                return meta
            } catch {
                counters.compactionsFailed.add(1, ordering: .relaxed)
                throw error
            }
        }
    }

    private func compactLocked() throws(StorageError) -> BlockMeta? {
        let ranges = BlockRanges.forRetention(
            options.retention ?? 0, minSize: options.blockRange, maxSize: options.maxBlockRange)
        let current = blocks.withLock { $0 }
        let planned = Set(CompactionPlanner(ranges: ranges).plan(current.map(\.meta)).map(\.ulid))
        let parents = current.filter { planned.contains($0.ulid) }
        guard !parents.isEmpty else { return nil }
        let meta: BlockMeta?
        do {
            meta = try counters.timing(counters.compactionDuration) { () throws(BlockError) in
                try Compactor().compact(parents, into: directory)
            }
            let block = try meta.map { m throws(BlockError) in
                try Block(directory: directory + "/" + m.ulid.description)
            }
            blocks.withLock { list in
                list.removeAll { planned.contains($0.ulid) }
                if let block { list.append(block) }
                list.sort { $0.meta.minTime < $1.meta.minTime }
            }
        } catch {
            throw StorageError(.io, "compacting blocks: \(error.message)")
        }
        try removeBlocks(parents)
        return meta
    }

    /// Deletes the directories of blocks already taken out of ``blocks``.
    func removeBlocks(_ doomed: [Block]) throws(StorageError) {
        guard !doomed.isEmpty else { return }
        do {
            try Compactor.deleteBlocks(doomed.map(\.ulid), in: directory)
        } catch {
            throw StorageError(.io, "deleting blocks: \(error.message)")
        }
    }

    private static func loadBlocks(_ directory: String) throws(StorageError) -> [Block] {
        let names: [String]
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw StorageError(.io, "reading \(directory): \(error.localizedDescription)")
        }
        var blocks: [Block] = []
        for name in names.sorted() {
            let path = directory + "/" + name
            if name.hasSuffix(BlockWriter.temporarySuffix) || name.hasSuffix(".tmp-for-deletion") {
                try? FileManager.default.removeItem(atPath: path)
                continue
            }
            guard FileManager.default.fileExists(atPath: path + "/meta.json") else { continue }
            do {
                blocks.append(try Block(directory: path))
            } catch {
                throw StorageError(.io, "opening block \(path): \(error.message)")
            }
        }
        return blocks.sorted { $0.meta.minTime < $1.meta.minTime }
    }
}

/// The head's appender behind the database's lower time bound.
final class BoundedAppender: Appender {
    let head: any Appender
    let minValidTime: Int64
    let counters: DBCounters

    init(head: any Appender, minValidTime: Int64, counters: DBCounters) {
        self.head = head
        self.minValidTime = minValidTime
        self.counters = counters
    }

    func append(_ labels: Labels, timestamp: Int64, value: Double) throws(StorageError) {
        try append(nil, labels, timestamp: timestamp, value: value)
    }

    @discardableResult
    func append(_ ref: SeriesRef?, _ labels: Labels, timestamp: Int64, value: Double) throws(StorageError)
        -> SeriesRef?
    {
        guard timestamp >= minValidTime else {
            counters.outOfBoundSamples.add(1, ordering: .relaxed)
            throw StorageError(
                .outOfBounds,
                "out of bounds: sample at \(timestamp) for series \(labels) is older than \(minValidTime), which is already in blocks"
            )
        }
        return try head.append(ref, labels, timestamp: timestamp, value: value)
    }

    func commit() throws(StorageError) { try head.commit() }

    func rollback() { head.rollback() }
}
