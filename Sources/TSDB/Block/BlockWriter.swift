import ArgusCore
import Storage

/// Writes persistent blocks in Prometheus' on-disk format, which Prometheus
/// and promtool read as their own.
///
/// A block is a directory named by its ``ULID`` that holds:
///
/// ```
/// <ulid>/
/// ├── meta.json     identity, time range [minTime, maxTime), counts (BlockMeta)
/// ├── index         symbols, series, postings (IndexWriter)
/// ├── chunks/
/// │   ├── 000001    XOR chunks, at most 512 MiB a segment (ChunkSegmentWriter)
/// │   └── …
/// └── tombstones    deleted intervals (Tombstones)
/// ```
///
/// Like upstream, the block is written into `<ulid>.tmp-for-creation`, every
/// file and directory is fsynced, and the directory is renamed into place
/// last: a crash leaves either the whole block or a temporary directory
/// that the next write (or Prometheus at start-up) removes.
public struct BlockWriter: Sendable {
    /// The suffix of the directory a block is assembled in.
    public static let temporarySuffix = ".tmp-for-creation"

    /// The largest chunk segment file, 512 MiB by default.
    public var segmentSize: Int

    public init(segmentSize: Int = 512 << 20) {
        self.segmentSize = segmentSize
    }

    /// Writes a block of `series` covering `mint..<maxt` into the data
    /// directory `directory` and returns its meta.
    ///
    /// Series may come in any order but must have distinct, non-empty label
    /// sets; series without samples are left out. Every sample must lie in
    /// `mint..<maxt`, and a series' chunks must not overlap in time.
    /// `tombstones` deletes intervals of series, by labels.
    @discardableResult
    public func write(
        _ series: [BlockSeries], mint: Int64, maxt: Int64, into directory: String, ulid: ULID = ULID(),
        tombstones: [Labels: [TombstoneInterval]] = [:], compaction: BlockMeta.Compaction? = nil
    ) throws(BlockError) -> BlockMeta {
        try write(
            sorted: series.sorted { $0.labels < $1.labels }, mint: mint, maxt: maxt, into: directory, ulid: ulid,
            tombstones: tombstones, compaction: compaction)
    }

    /// Writes a block from `series` already sorted by labels, taking one
    /// series at a time: its chunks are written out before the next is
    /// asked for, so a lazy sequence (such as the head's) never holds the
    /// whole block in memory.
    @discardableResult
    public func write<Series: Sequence<BlockSeries>>(
        sorted series: Series, mint: Int64, maxt: Int64, into directory: String, ulid: ULID = ULID(),
        tombstones: [Labels: [TombstoneInterval]] = [:], compaction: BlockMeta.Compaction? = nil
    ) throws(BlockError) -> BlockMeta {
        var iterator = series.makeIterator()
        return try write(
            mint: mint, maxt: maxt, into: directory, ulid: ulid, tombstones: tombstones, compaction: compaction
        ) { iterator.next() }
    }

    /// Writes a block from the series `next` gives, sorted by labels, until
    /// it gives nil, one at a time as ``write(sorted:mint:maxt:into:ulid:tombstones:compaction:)``
    /// does. An error thrown by `next` abandons the block: nothing is left
    /// behind.
    @discardableResult
    public func write(
        mint: Int64, maxt: Int64, into directory: String, ulid: ULID = ULID(),
        tombstones: [Labels: [TombstoneInterval]] = [:], compaction: BlockMeta.Compaction? = nil,
        next: () throws(BlockError) -> BlockSeries?
    ) throws(BlockError) -> BlockMeta {
        guard mint < maxt else {
            throw BlockError(.invalidArgument, "block time range [\(mint), \(maxt)) is empty")
        }
        let finalPath = directory + "/" + ulid.description
        let temporary = finalPath + Self.temporarySuffix
        guard !BlockIO.exists(finalPath) else {
            throw BlockError(.alreadyExists, "block \(finalPath) exists already", path: finalPath)
        }
        BlockIO.removeTree(temporary)
        try BlockIO.makeDirectory(temporary)
        do throws(BlockError) {
            let meta = try writeContents(
                next, mint: mint, maxt: maxt, into: temporary, ulid: ulid, tombstones: tombstones,
                compaction: compaction)
            try BlockIO.syncDirectory(temporary)
            try BlockIO.rename(temporary, finalPath)
            try BlockIO.syncDirectory(directory)
            return meta
        } catch {
            BlockIO.removeTree(temporary)
            throw error
        }
    }

    private func writeContents(
        _ next: () throws(BlockError) -> BlockSeries?, mint: Int64, maxt: Int64, into path: String, ulid: ULID,
        tombstones: [Labels: [TombstoneInterval]], compaction: BlockMeta.Compaction?
    ) throws(BlockError) -> BlockMeta {
        // Chunks.
        let chunksPath = path + "/chunks"
        try BlockIO.makeDirectory(chunksPath)
        var chunkWriter = ChunkSegmentWriter(directory: chunksPath, segmentSize: segmentSize)
        var entries: [IndexWriter.Entry] = []
        var stats = BlockMeta.Stats()
        do throws(BlockError) {
            while let s = try next() {
                let chunks = s.chunks.filter { $0.numSamples > 0 }
                guard !chunks.isEmpty else { continue }
                guard !s.labels.isEmpty else { throw BlockError(.invalidArgument, "a series has no labels") }
                if let previous = entries.last?.labels, !(previous < s.labels) {
                    throw BlockError(
                        .invalidArgument,
                        previous == s.labels
                            ? "series \(s.labels) is given more than once"
                            : "series are not sorted by labels: \(s.labels) after \(previous)")
                }
                var metas: [ChunkMeta] = []
                metas.reserveCapacity(chunks.count)
                for chunk in chunks {
                    let (first, last) = try Self.timeRange(chunk, labels: s.labels)
                    guard first >= mint, last < maxt else {
                        throw BlockError(
                            .invalidArgument,
                            "series \(s.labels) has samples in [\(first), \(last)], outside the block's range "
                                + "[\(mint), \(maxt))")
                    }
                    if let previous = metas.last, first <= previous.maxTime {
                        throw BlockError(
                            .invalidArgument,
                            "chunks of series \(s.labels) overlap: one starts at \(first), the previous ends at "
                                + "\(previous.maxTime)")
                    }
                    metas.append(ChunkMeta(ref: 0, minTime: first, maxTime: last))
                    stats.numSamples += UInt64(chunk.numSamples)
                }
                let refs = try chunkWriter.write(chunks)
                for i in metas.indices { metas[i].ref = refs[i] }
                stats.numChunks += UInt64(chunks.count)
                entries.append(IndexWriter.Entry(labels: s.labels, chunks: metas))
            }
            try chunkWriter.finish()
        } catch {
            chunkWriter.abandon()
            throw error
        }
        try BlockIO.syncDirectory(chunksPath)
        stats.numSeries = UInt64(entries.count)

        // Index.
        let indexPath = path + "/index"
        let (index, ids) = try IndexWriter.build(entries, path: indexPath)
        try BlockIO.writeFile(indexPath, index)

        // Tombstones, by series id.
        var stones = Tombstones()
        if !tombstones.isEmpty {
            for (i, entry) in entries.enumerated() {
                for interval in tombstones[entry.labels] ?? [] { stones.add(ids[i], interval) }
            }
        }
        stats.numTombstones = UInt64(stones.total)

        let meta = BlockMeta(ulid: ulid, minTime: mint, maxTime: maxt, stats: stats, compaction: compaction)
        try BlockIO.writeFile(path + "/meta.json", Array(meta.json.utf8))
        try BlockIO.writeFile(path + "/" + Tombstones.fileName, stones.encoded())
        return meta
    }

    /// The timestamps of the first and last sample of `chunk`.
    private static func timeRange(_ chunk: XORChunk, labels: Labels) throws(BlockError) -> (Int64, Int64) {
        let samples: [Sample]
        do {
            samples = try chunk.samples()
        } catch {
            throw BlockError(.invalidArgument, "a chunk of series \(labels) cannot be decoded: \(error.message)")
        }
        for (previous, next) in zip(samples, samples.dropFirst()) where next.timestamp <= previous.timestamp {
            throw BlockError(
                .invalidArgument,
                "a chunk of series \(labels) has samples out of timestamp order: \(next.timestamp) after "
                    + "\(previous.timestamp)")
        }
        return (samples.first?.timestamp ?? 0, samples.last?.timestamp ?? 0)
    }
}
