import ArgusCore
import Storage

/// Merges blocks into one, as Prometheus' `LeveledCompactor.Compact` does
/// (`tsdb/compact.go`), and removes the blocks it replaced.
///
/// The new block holds the union of the parents' series, merged by labels,
/// minus every interval their tombstones delete, with:
///
/// - `minTime`/`maxTime` the smallest start and largest end of the parents;
/// - `compaction.level` one more than the highest parent level,
///   `sources` the union of the parents' sources (sorted), `parents` the
///   parents themselves (by `minTime`);
/// - no tombstones, and counts of what is actually written.
///
/// Samples are re-encoded into chunks of ``samplesPerChunk`` (480 by
/// default, four head chunks): upstream keeps the head's 120-sample chunks,
/// but every chunk costs about 30 bytes of headers, first sample, checksum
/// and index entry, so larger chunks make compacted blocks ~8 % smaller on
/// node-exporter-like data. The chunk format allows 65535 samples, and
/// Prometheus and promtool read such chunks unchanged. Where blocks overlap (vertical
/// compaction), a series' samples are merged by timestamp; several samples
/// at one timestamp become one. Upstream keeps "one of them at random" on
/// conflicting values; here the sample of the block that comes first by
/// (`minTime`, ULID) wins, so the result does not depend on the order the
/// blocks are passed in.
///
/// The block is written through ``BlockWriter`` one series at a time, as
/// the merge produces them (only the series being merged is decoded, and
/// the new block's index entries are kept until its index is written): it
/// appears whole or not at all, and the parents are never modified. The caller removes the
/// parents afterwards with ``deleteBlocks(_:in:)``.
public struct Compactor: Sendable {
    /// The suffix a block directory is renamed to before it is removed.
    public static let deletionSuffix = ".tmp-for-deletion"

    /// The largest chunk segment file of the new block.
    public var segmentSize: Int

    /// The most samples in a chunk of the new block (1 to 65535).
    public var samplesPerChunk: Int

    public init(segmentSize: Int = 512 << 20, samplesPerChunk: Int = 480) {
        self.segmentSize = segmentSize
        self.samplesPerChunk = samplesPerChunk
    }

    /// Merges `blocks` into one new block in data directory
    /// `dataDirectory` and returns its meta.
    ///
    /// Returns nil and writes nothing when no sample is left (everything
    /// deleted by tombstones); the parents can then simply be deleted, as
    /// upstream marks them deletable.
    @discardableResult
    public func compact(
        _ blocks: [Block], into dataDirectory: String, ulid: ULID = ULID()
    ) throws(BlockError) -> BlockMeta? {
        guard !blocks.isEmpty else { throw BlockError(.invalidArgument, "no blocks to compact") }
        let ordered = blocks.sorted { ($0.meta.minTime, $0.meta.ulid) < ($1.meta.minTime, $1.meta.ulid) }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where previous.ulid == next.ulid {
            throw BlockError(.invalidArgument, "block \(next.ulid) is given more than once")
        }
        let meta = Self.compactedMeta(ulid: ulid, from: ordered.map(\.meta))
        var merger = try SeriesMerger(
            ordered, mint: meta.minTime, maxt: meta.maxTime, samplesPerChunk: samplesPerChunk)
        guard let first = try merger.next() else { return nil }
        var pending: BlockSeries? = first
        return try BlockWriter(segmentSize: segmentSize).write(
            mint: meta.minTime, maxt: meta.maxTime, into: dataDirectory, ulid: ulid, compaction: meta.compaction
        ) { () throws(BlockError) -> BlockSeries? in
            guard let series = pending else { return nil }
            pending = try merger.next()
            return series
        }
    }

    /// The meta of a block compacted from blocks with `metas`, without
    /// counts (`CompactBlockMetas`): the union of their time ranges, the
    /// highest level plus one, their sources (sorted) and themselves as
    /// parents (in the given order). The `from-stale-series` and
    /// `from-selected-series` hints are kept if any parent has them,
    /// `from-out-of-order` only if every parent has it.
    public static func compactedMeta(ulid: ULID, from metas: [BlockMeta]) -> BlockMeta {
        precondition(!metas.isEmpty, "a compacted block needs parents")
        var compaction = BlockMeta.Compaction(level: 0, sources: [])
        var sources: Set<ULID> = []
        var hints: Set<String> = []
        var allOutOfOrder = true
        for meta in metas {
            compaction.level = max(compaction.level, meta.compaction.level)
            sources.formUnion(meta.compaction.sources)
            for hint in [CompactionPlanner.fromStaleSeriesHint, CompactionPlanner.fromSelectedSeriesHint]
            where meta.compaction.hints.contains(hint) {
                hints.insert(hint)
            }
            if !meta.compaction.hints.contains(CompactionPlanner.fromOutOfOrderHint) { allOutOfOrder = false }
            compaction.parents.append(.init(ulid: meta.ulid, minTime: meta.minTime, maxTime: meta.maxTime))
        }
        if allOutOfOrder { hints.insert(CompactionPlanner.fromOutOfOrderHint) }
        compaction.level += 1
        compaction.sources = sources.sorted()
        compaction.hints = hints.sorted()
        return BlockMeta(
            ulid: ulid, minTime: metas.map(\.minTime).min()!, maxTime: metas.map(\.maxTime).max()!,
            compaction: compaction)
    }

    /// Removes the blocks `ulids` from data directory `dataDirectory`. Each
    /// is first renamed to `<ulid>.tmp-for-deletion` (and the directory
    /// synced), so a crash midway never leaves a partial block that looks
    /// whole; the renamed directory is then removed. Blocks that do not
    /// exist are skipped.
    public static func deleteBlocks(_ ulids: [ULID], in dataDirectory: String) throws(BlockError) {
        for ulid in ulids {
            let path = dataDirectory + "/" + ulid.description
            guard BlockIO.exists(path) else { continue }
            let doomed = path + deletionSuffix
            // Left over from an earlier, interrupted deletion.
            BlockIO.removeTree(doomed)
            try BlockIO.rename(path, doomed)
            try BlockIO.syncDirectory(dataDirectory)
            BlockIO.removeTree(doomed)
            if BlockIO.exists(doomed) {
                throw BlockError(.io, "cannot remove \(doomed) completely", path: doomed)
            }
        }
    }

    // MARK: - Merging

    /// One block's series, read in id order, which is label order.
    private struct Cursor {
        let block: Block
        let ids: [UInt64]
        var position = 0
        /// The series at `position`, if any.
        var current: (id: UInt64, labels: Labels, chunks: [ChunkMeta])?

        init(_ block: Block) throws(BlockError) {
            self.block = block
            ids = try block.postings(for: [])
            try load()
        }

        mutating func advance() throws(BlockError) {
            position += 1
            let previous = current?.labels
            try load()
            if let previous, let next = current?.labels, !(previous < next) {
                throw BlockError(
                    .invalidData,
                    "\(block.directory)/index: series \(next) comes after \(previous), not in label order",
                    path: block.directory + "/index", section: "series")
            }
        }

        private mutating func load() throws(BlockError) {
            guard position < ids.count else {
                current = nil
                return
            }
            let (labels, chunks) = try block.series(ids[position])
            current = (ids[position], labels, chunks)
        }
    }

    /// Every series of blocks (ordered by precedence) with its merged
    /// samples in `mint..<maxt`, in label order, one at a time: a k-way
    /// merge by labels, so only the series being merged is decoded in
    /// memory. Series left without samples are skipped.
    private struct SeriesMerger {
        var cursors: [Cursor] = []
        let mint: Int64
        let maxt: Int64
        let samplesPerChunk: Int

        init(_ blocks: [Block], mint: Int64, maxt: Int64, samplesPerChunk: Int) throws(BlockError) {
            for block in blocks { cursors.append(try Cursor(block)) }
            self.mint = mint
            self.maxt = maxt
            self.samplesPerChunk = samplesPerChunk
        }

        mutating func next() throws(BlockError) -> BlockSeries? {
            while true {
                var smallest: Labels?
                for cursor in cursors {
                    guard let labels = cursor.current?.labels else { continue }
                    if smallest == nil || labels < smallest! { smallest = labels }
                }
                guard let labels = smallest else { return nil }
                var lists: [[Sample]] = []
                for i in cursors.indices {
                    guard let current = cursors[i].current, current.labels == labels else { continue }
                    let samples = try Compactor.samples(of: current, in: cursors[i].block, mint: mint, maxt: maxt)
                    if !samples.isEmpty { lists.append(samples) }
                    try cursors[i].advance()
                }
                let merged = Compactor.merge(lists)
                if !merged.isEmpty {
                    return try BlockSeries(labels: labels, samples: merged, samplesPerChunk: samplesPerChunk)
                }
            }
        }
    }

    /// The samples of one series of `block` in `mint..<maxt` minus its
    /// tombstones, in increasing timestamp order without repeated timestamps.
    private static func samples(
        of series: (id: UInt64, labels: Labels, chunks: [ChunkMeta]), in block: Block, mint: Int64, maxt: Int64
    ) throws(BlockError) -> [Sample] {
        let deleted = block.tombstones[series.id]
        var samples: [Sample] = []
        for meta in series.chunks where meta.overlaps(mint: mint, maxt: maxt - 1) {
            if deleted.contains(where: { $0.mint <= meta.minTime && meta.maxTime <= $0.maxt }) { continue }
            let chunk = try block.chunk(meta.ref)
            var iterator = chunk.makeIterator()
            do {
                while let sample = try iterator.nextSample() {
                    guard sample.timestamp >= mint, sample.timestamp < maxt else { continue }
                    if !deleted.isEmpty, deleted.contains(where: { $0.contains(sample.timestamp) }) { continue }
                    samples.append(sample)
                }
            } catch {
                throw BlockError(
                    .invalidData,
                    "\(block.directory)/chunks: chunk \(meta.ref) of series \(series.labels): \(error.message)",
                    path: block.directory + "/chunks", section: "chunk")
            }
        }
        // Chunks of one series may overlap in blocks other writers made.
        if zip(samples, samples.dropFirst()).contains(where: { $0.timestamp >= $1.timestamp }) {
            samples = merge(samples.map { [$0] })
        }
        return samples
    }

    /// Merges lists of samples, each in increasing timestamp order, into
    /// one; at a timestamp present in several lists the sample of the
    /// earliest list is kept (`chainSampleIterator`, made deterministic).
    static func merge(_ lists: [[Sample]]) -> [Sample] {
        switch lists.count {
        case 0: return []
        case 1: return lists[0]
        case 2...16:
            var positions = [Int](repeating: 0, count: lists.count)
            var result: [Sample] = []
            result.reserveCapacity(lists.reduce(0) { $0 + $1.count })
            while true {
                var best = -1
                for i in lists.indices where positions[i] < lists[i].count {
                    if best < 0 || lists[i][positions[i]].timestamp < lists[best][positions[best]].timestamp {
                        best = i
                    }
                }
                guard best >= 0 else { break }
                let sample = lists[best][positions[best]]
                positions[best] += 1
                if let last = result.last, last.timestamp >= sample.timestamp { continue }
                result.append(sample)
            }
            return result
        default:
            // Many lists: a stable sort by timestamp, then the first of each timestamp.
            var all: [(sample: Sample, list: Int, index: Int)] = []
            for (i, list) in lists.enumerated() {
                for (j, sample) in list.enumerated() { all.append((sample, i, j)) }
            }
            all.sort { ($0.sample.timestamp, $0.list, $0.index) < ($1.sample.timestamp, $1.list, $1.index) }
            var result: [Sample] = []
            result.reserveCapacity(all.count)
            for entry in all where result.last.map({ $0.timestamp < entry.sample.timestamp }) ?? true {
                result.append(entry.sample)
            }
            return result
        }
    }
}
