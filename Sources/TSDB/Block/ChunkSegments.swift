/// The memory-mapped chunk segment files of a block (`chunks/000001` …),
/// handing out chunks by reference. See ``ChunkSegmentWriter`` for the layout.
final class ChunkSegments: Sendable {
    let directory: String
    private let segments: [MappedFile]

    /// Maps every segment in `directory` and checks its header.
    init(directory: String) throws(BlockError) {
        self.directory = directory
        let names = try BlockIO.listDirectory(directory).filter { name in
            !name.isEmpty && name.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        let sorted = names.sorted { (UInt64($0) ?? .max, $0) < (UInt64($1) ?? .max, $1) }
        var segments: [MappedFile] = []
        for name in sorted {
            let file = try MappedFile(path: directory + "/" + name)
            try Self.checkHeader(file)
            segments.append(file)
        }
        self.segments = segments
    }

    /// The number of segment files.
    var count: Int { segments.count }

    /// The total size of the segment files in bytes.
    var size: Int { segments.reduce(0) { $0 + $1.count } }

    private static func checkHeader(_ file: MappedFile) throws(BlockError) {
        let section = "chunk segment header"
        guard file.count >= ChunkSegmentWriter.headerSize else {
            throw BlockError.at(
                .truncated, file.path, section: section, offset: 0,
                "segment is \(file.count) bytes, shorter than its 8-byte header")
        }
        let magic = BlockDecoder.be32(file.bytes, at: 0)
        guard magic == ChunkSegmentWriter.magic else {
            throw BlockError.at(
                .invalidMagic, file.path, section: section, offset: 0,
                "invalid magic number \(String(magic, radix: 16)), expected 85bd40dd")
        }
        guard file.bytes[4] == ChunkSegmentWriter.version else {
            throw BlockError.at(
                .unsupportedVersion, file.path, section: section, offset: 4,
                "unsupported chunks format version \(file.bytes[4]), expected 1")
        }
    }

    /// The chunk at `ref`, its checksum verified, its bytes copied out of the mapping.
    func chunk(_ ref: UInt64) throws(BlockError) -> XORChunk {
        try withChunkBytes(ref) { bytes in XORChunk(trustedBytes: Array(bytes)) }
    }

    /// Calls `body` with the bytes of the chunk at `ref` in place in the
    /// mapping, after checking its checksum, encoding and sample-count header.
    func withChunkBytes<Result>(
        _ ref: UInt64, _ body: (UnsafeRawBufferPointer) throws(BlockError) -> Result
    ) throws(BlockError) -> Result {
        let index = Int(ref >> 32)
        let offset = Int(ref & 0xFFFF_FFFF)
        let section = "chunk"
        guard index < segments.count else {
            throw BlockError(
                .outOfRange,
                "\(directory): chunk reference \(ref) names segment \(index + 1), but the block has \(segments.count)",
                path: directory, section: section, offset: offset)
        }
        let file = segments[index]
        guard offset >= ChunkSegmentWriter.headerSize, offset < file.count else {
            throw BlockError.at(
                .outOfRange, file.path, section: section, offset: offset,
                "chunk reference \(ref) points outside the \(file.count)-byte segment's chunks")
        }
        var decoder = BlockDecoder(file.bytes, start: offset, end: file.count)
        let length = decoder.uvarint()
        guard !decoder.failed, length <= UInt64(file.count) else {
            throw BlockError.at(.truncated, file.path, section: section, offset: offset, "cannot read the chunk length")
        }
        let encodingAt = decoder.position
        guard file.count - encodingAt >= 1 + Int(length) + 4 else {
            throw BlockError.at(
                .truncated, file.path, section: section, offset: offset,
                "chunk of \(length) bytes runs past the end of the \(file.count)-byte segment")
        }
        let dataEnd = encodingAt + 1 + Int(length)
        let stored = BlockDecoder.be32(file.bytes, at: dataEnd)
        let actual = BlockChecksum.crc32c(UnsafeRawBufferPointer(rebasing: file.bytes[encodingAt..<dataEnd]))
        guard stored == actual else {
            throw BlockError.at(
                .checksumMismatch, file.path, section: section, offset: offset,
                "checksum \(String(actual, radix: 16)) does not match the stored \(String(stored, radix: 16))")
        }
        let encoding = ChunkEncoding(rawValue: file.bytes[encodingAt])
        guard encoding == .xor else {
            throw BlockError.at(
                .invalidData, file.path, section: section, offset: encodingAt,
                "chunk encoding \(encoding) (\(encoding.rawValue)) is not supported; only XOR float chunks are")
        }
        let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[encodingAt + 1..<dataEnd])
        do {
            try XORChunk.validateHeader(bytes)
        } catch {
            throw BlockError.at(.invalidData, file.path, section: section, offset: offset, error.message)
        }
        return try body(bytes)
    }
}
