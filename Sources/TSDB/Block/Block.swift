import ArgusCore
import Storage

/// A persistent block opened for reading: `meta.json`, the memory-mapped
/// `index` and chunk segments, and the tombstones (see ``BlockWriter`` for
/// the layout).
///
/// Opening checks every file's magic number and version and the checksums
/// of the index's table of contents, symbol table and postings offset
/// table; series entries, postings lists and chunks are checked as they are
/// read. Damage anywhere is reported as a ``BlockError``, never a trap.
///
/// A block is immutable and can be shared between tasks. The mappings stay
/// until the last reference to the block goes away; everything it returns
/// is copied out of them.
public final class Block: Sendable {
    /// The block's directory.
    public let directory: String
    public let meta: BlockMeta
    /// The deleted intervals, by series id.
    public let tombstones: Tombstones
    let index: IndexReader
    let chunks: ChunkSegments

    /// Opens the block in `directory`.
    public init(directory: String) throws(BlockError) {
        self.directory = directory
        let metaPath = directory + "/meta.json"
        let metaFile = try MappedFile(path: metaPath)
        meta = try BlockMeta.decode(Array(metaFile.bytes), path: metaPath)
        index = try IndexReader(path: directory + "/index")
        chunks = try ChunkSegments(directory: directory + "/chunks")
        let tombstonesPath = directory + "/" + Tombstones.fileName
        if BlockIO.exists(tombstonesPath) {
            let file = try MappedFile(path: tombstonesPath)
            tombstones = try Tombstones.decode(file.bytes, path: tombstonesPath)
        } else {
            tombstones = Tombstones()
        }
    }

    /// The block's ULID.
    public var ulid: ULID { meta.ulid }

    /// The size of the index and chunk segment files in bytes.
    public var size: (index: Int, chunks: Int) { (index.file.count, chunks.size) }

    /// Every label name, sorted.
    public func labelNames() -> [String] {
        index.labelNames.filter { !$0.isEmpty }
    }

    /// The values of label `name`, sorted.
    public func labelValues(_ name: String) -> [String] {
        name.isEmpty ? [] : index.values(of: name)
    }

    /// The sorted ids of the series that satisfy every matcher, with the
    /// head's semantics (``PostingsIndex/select(_:)``).
    public func postings(for matchers: [LabelMatcher]) throws(BlockError) -> [UInt64] {
        try index.selectPostings(matchers)
    }

    /// The labels and chunk metas of series `id`.
    public func series(_ id: UInt64) throws(BlockError) -> (labels: Labels, chunks: [ChunkMeta]) {
        try index.series(id)
    }

    /// The chunk at `ref`.
    public func chunk(_ ref: UInt64) throws(BlockError) -> XORChunk {
        try chunks.chunk(ref)
    }

    /// The series matching `matchers` with their samples in `mint...maxt`,
    /// minus deleted intervals, sorted by labels. Only chunks overlapping
    /// the range are decoded.
    public func series(
        matching matchers: [LabelMatcher], mint: Int64, maxt: Int64
    ) throws(BlockError) -> [StoredSeries] {
        guard overlaps(mint: mint, maxt: maxt) else { return [] }
        var result: [StoredSeries] = []
        var scratch = SampleScratch()
        defer { scratch.deallocate() }
        for id in try postings(for: matchers) {
            let (labels, metas) = try index.series(id)
            let deleted = tombstones[id]
            var samples: [Sample] = []
            for meta in metas where meta.overlaps(mint: mint, maxt: maxt) {
                if deleted.contains(where: { $0.mint <= meta.minTime && meta.maxTime <= $0.maxt }) { continue }
                try chunks.withChunkBytes(meta.ref) { bytes throws(BlockError) in
                    let output = scratch.room(for: XORChunk.declaredSamples(bytes))
                    if let written = XORDecoder.decode(bytes, limit: .max, mint: mint, maxt: maxt, into: output) {
                        samples.append(contentsOf: UnsafeBufferPointer(start: output, count: written))
                    } else {
                        throw damage(in: bytes, ref: meta.ref, labels: labels)
                    }
                }
            }
            if !deleted.isEmpty {
                samples.removeAll { sample in deleted.contains { $0.contains(sample.timestamp) } }
            }
            if !samples.isEmpty { result.append(StoredSeries(labels: labels, samples: samples)) }
        }
        // Series ids follow label order in a well-formed index; sort only if this one is not.
        if zip(result, result.dropFirst()).contains(where: { !($0.labels < $1.labels) }) {
            result.sort { $0.labels < $1.labels }
        }
        return result
    }

    /// The error ``XORIterator`` explains the damage of the chunk in `bytes` with.
    private func damage(in bytes: UnsafeRawBufferPointer, ref: UInt64, labels: Labels) -> BlockError {
        var message = "damaged XOR chunk"
        if let chunk = try? XORChunk(copying: bytes) {
            var iterator = chunk.makeIterator()
            do {
                while try iterator.nextSample() != nil {}
            } catch {
                message = error.message
            }
        }
        return BlockError(
            .invalidData, "\(chunks.directory): chunk \(ref) of series \(labels): \(message)",
            path: chunks.directory, section: "chunk")
    }

    /// Whether the block's range `[minTime, maxTime)` meets `mint...maxt`.
    func overlaps(mint: Int64, maxt: Int64) -> Bool {
        meta.minTime <= maxt && mint < meta.maxTime
    }
}

extension IndexReader: PostingsSource {
    typealias Failure = BlockError
}
