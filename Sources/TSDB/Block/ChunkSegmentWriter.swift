/// Writes the `chunks/` directory of a block: numbered segment files
/// (`000001`, `000002` …) of at most ``defaultSegmentSize`` bytes, as
/// `tsdb/chunks.Writer` does.
///
/// ```
/// ┌──────────────────────────────┐
/// │  magic(0x85BD40DD) <4 byte>  │
/// ├──────────────────────────────┤
/// │    version(1) <1 byte>       │
/// ├──────────────────────────────┤
/// │    padding(0) <3 byte>       │
/// ├──────────────────────────────┤
/// │ ┌───────────────┬───────────────────┬─────────────┬────────────────┐
/// │ │ len <uvarint> │ encoding <1 byte> │ data <data> │ CRC32C <4 byte>│ … chunks
/// │ └───────────────┴───────────────────┴─────────────┴────────────────┘
/// └──────────────────────────────┘
/// ```
///
/// The checksum covers the encoding byte and the data. A chunk's reference
/// is the segment's position in the directory (0 for `000001`) shifted left
/// by 32 bits, or-ed with the chunk's byte offset in the segment.
struct ChunkSegmentWriter {
    static let magic: UInt32 = 0x85BD_40DD
    static let version: UInt8 = 1
    static let headerSize = 8
    /// 512 MiB, upstream's `DefaultChunkSegmentSize`.
    static let defaultSegmentSize = 512 << 20
    /// The most bytes a chunk's length field can take (`MaxChunkLengthFieldSize`).
    static let maxLengthFieldSize = 5

    let directory: String
    let segmentSize: Int
    private var file: BlockFileWriter?
    /// The number of segment files created so far.
    private(set) var segmentCount = 0
    /// The total size of the finished and current segments.
    private(set) var totalBytes = 0
    private var scratch = Encbuf()

    init(directory: String, segmentSize: Int = defaultSegmentSize) {
        self.directory = directory
        self.segmentSize = segmentSize
    }

    /// The path of segment `index` (0-based) in `directory`.
    static func segmentPath(_ directory: String, index: Int) -> String {
        let number = String(index + 1)
        return directory + "/" + String(repeating: "0", count: max(0, 6 - number.count)) + number
    }

    /// Writes the chunks of one series, keeping them in one segment when they
    /// fit (`WriteChunks`), and returns their references.
    mutating func write(_ chunks: [XORChunk]) throws(BlockError) -> [UInt64] {
        guard !chunks.isEmpty else { return [] }
        // Split into batches exactly as upstream: a new batch (and segment)
        // starts when the estimated size would overflow the segment.
        var batches: [Range<Int>] = []
        var batchStart = 0
        var batchSize = 0
        var firstBatch = true
        let current = file?.position ?? 0
        for (i, chunk) in chunks.enumerated() {
            let size = Self.maxLengthFieldSize + 1 + chunk.bytes.count + 4
            batchSize += size
            var cut = i != 0 && batchSize + Self.headerSize > segmentSize
            if firstBatch && current > Self.headerSize {
                cut = batchSize + current > segmentSize
                if cut { firstBatch = false }
            }
            if cut {
                batches.append(batchStart..<i)
                batchStart = i
                batchSize = size
            }
        }
        batches.append(batchStart..<chunks.count)

        if file == nil { try cut() }
        var refs: [UInt64] = []
        refs.reserveCapacity(chunks.count)
        for (b, batch) in batches.enumerated() {
            for chunk in chunks[batch] {
                refs.append(try write(chunk))
            }
            if b < batches.count - 1 { try cut() }
        }
        return refs
    }

    private mutating func write(_ chunk: XORChunk) throws(BlockError) -> UInt64 {
        let offset = file!.position
        let ref = UInt64(segmentCount - 1) << 32 | UInt64(offset)
        scratch.bytes.removeAll(keepingCapacity: true)
        scratch.putUvarint(UInt64(chunk.bytes.count))
        let checked = scratch.count
        scratch.putByte(XORChunk.encoding.rawValue)
        scratch.bytes.append(contentsOf: chunk.bytes)
        scratch.putChecksum(from: checked)
        try file!.write(scratch.bytes)
        totalBytes += scratch.count
        return ref
    }

    /// Finishes the current segment (if any) and starts the next one.
    private mutating func cut() throws(BlockError) {
        try finishSegment()
        let path = Self.segmentPath(directory, index: segmentCount)
        var next = try BlockFileWriter(creating: path, bufferSize: 8 << 20)
        var header = Encbuf()
        header.putBE32(Self.magic)
        header.putByte(Self.version)
        header.bytes.append(contentsOf: [0, 0, 0])
        do {
            try next.write(header.bytes)
        } catch {
            next.abandon()
            throw error
        }
        totalBytes += header.count
        file = next
        segmentCount += 1
    }

    private mutating func finishSegment() throws(BlockError) {
        guard var current = file else { return }
        file = nil
        try current.finish()
    }

    /// Flushes, fsyncs and closes the last segment.
    mutating func finish() throws(BlockError) {
        try finishSegment()
    }

    /// Closes the open segment after an error.
    func abandon() {
        file?.abandon()
    }
}
